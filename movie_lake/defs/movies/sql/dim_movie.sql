-- One row per TMDB movie id; the imdb id from the API, else the newest links file; its IMDb rating.
select m.id as movie_id, m.title, m.original_title, m.original_language, m.release_date,
       cast(year(m.release_date) as integer) as release_year, m.runtime, m.status, m.popularity,
       m.vote_average, m.vote_count, coalesce(m.imdb_id, l.imdb_id) as imdb_id,
       case when m.imdb_id is not null then 'tmdb_api' when l.imdb_id is not null then 'movie_links' end as imdb_id_source,
       i.imdb_rating, i.imdb_votes, m.collection_id, m.collection_name,
       m.overview, m.deleted_upstream_at, m.source, m.landed_at
from refined.conformed_movies m
left join refined.tmdb_imdb_links l on l.tmdb_id = m.id
left join refined.imdb_titles i on i.imdb_id = coalesce(m.imdb_id, l.imdb_id)
order by movie_id
