-- TMDB id → IMDb id from the newest landed links file; a TMDB id with two IMDb ids is left out (counted).
with newest_file as (
    select max_by(source_file, row(landed_at, source_file)) as source_file from trusted.movie_links
),
newest as (
    select * from trusted.movie_links where source_file = (select source_file from newest_file)
),
per_tmdb_id as (
    select tmdb_id, min(imdb_id) as imdb_id, count(distinct imdb_id) as imdb_ids
    from newest where tmdb_id is not null group by tmdb_id
)
select tmdb_id, imdb_id from per_tmdb_id where imdb_ids = 1 order by tmdb_id
