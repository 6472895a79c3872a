-- Which TV genres each series has, from its newest fetch.
with newest as (${newest_series})
select distinct s.id as series_id, g.id as genre_id, g.name as genre_name
from newest s cross join unnest(s.genres) as g(id, name)
order by series_id, genre_id
