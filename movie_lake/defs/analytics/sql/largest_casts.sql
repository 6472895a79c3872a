-- The 20 movies with the most people in their cast.
select m.movie_id, m.title, count(distinct c.person_id) as cast_size
from refined.fact_cast c
join refined.dim_movie m on m.movie_id = c.movie_id
group by m.movie_id, m.title
order by cast_size desc, m.title, m.movie_id
limit 20
