-- Which genres each movie has.
select distinct m.id as movie_id, g.id as genre_id
from refined.conformed_movies m cross join unnest(m.genres) as g(id, name)
order by movie_id, genre_id
