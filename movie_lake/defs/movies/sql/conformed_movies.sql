-- One row per TMDB movie id from its newest landing; imdb id and collection from its newest API row.
with api_all as (
    select ${movie_columns}, ${api_columns}, landed_at, 'tmdb_api' as source, release_month as landing
    from trusted.tmdb_movies
    union all
    select ${movie_columns}, ${api_columns}, landed_at, 'tmdb_catalog' as source, id_range as landing
    from trusted.tmdb_catalog_movies
),
all_movies as (
    select ${movie_columns}, landed_at, 'tmdb_csv' as source, source_file as landing from trusted.movies
    union all
    select ${movie_columns}, landed_at, source, landing from api_all
),
newest as (
    select id, max_by(source, row(landed_at, source <> 'tmdb_csv', landing, source)) as source,
           max_by(landing, row(landed_at, source <> 'tmdb_csv', landing, source)) as landing
    from all_movies group by id
),
api_newest as (
    select id, max_by(landing, row(landed_at, landing)) as landing from api_all group by id
),
api_extras as (
    select a.id, ${api_columns_of_a} from api_all a join api_newest n on n.id = a.id and n.landing = a.landing
)
select ${movie_columns_of_m}, x.imdb_id, x.collection_id, x.collection_name, x.origin_country,
       d.checked_at as deleted_upstream_at, m.source, m.landing, m.landed_at
from all_movies m
join newest n on n.id = m.id and n.source = m.source and n.landing = m.landing
left join api_extras x on x.id = m.id
left join trusted.tmdb_catalog_movie_missing d on d.id = m.id and d.checked_at > m.landed_at
order by m.id
