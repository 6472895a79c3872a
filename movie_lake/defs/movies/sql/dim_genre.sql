-- Genre ids with their newest name.
select g.id as genre_id, max_by(g.name, m.landed_at) as genre_name
from refined.conformed_movies m cross join unnest(m.genres) as g(id, name)
group by g.id order by genre_id
