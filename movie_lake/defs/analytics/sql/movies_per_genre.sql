-- How many movies carry each genre (a movie with three genres counts once in each).
select g.genre_name, count(distinct b.movie_id) as movies
from refined.dim_genre g
left join refined.bridge_movie_genre b on b.genre_id = g.genre_id
group by g.genre_name
order by movies desc, g.genre_name
