-- One row per TMDB series id from its newest fetch, with its IMDb rating when known.
with newest as (${newest_series})
select s.id as series_id, s.name, s.original_name, s.original_language, s.first_air_date,
       cast(year(s.first_air_date) as integer) as first_air_year, s.last_air_date, s.status,
       s.number_of_seasons, s.number_of_episodes,
       nullif(array_join(transform(s.networks, n -> n.name), ', '), '') as networks,
       s.popularity, s.vote_average, s.vote_count, s.imdb_id, i.imdb_rating, i.imdb_votes, s.overview,
       s.landing, s.landed_at
from newest s left join refined.imdb_titles i on i.imdb_id = s.imdb_id
order by series_id
