-- IMDb titles from the newest landed ratings and basics files (IMDb republishes whole files).
with newest_ratings_file as (
    select max_by(source_file, row(landed_at, source_file)) as source_file from trusted.imdb_title_ratings
),
newest_basics_file as (
    select max_by(source_file, row(landed_at, source_file)) as source_file from trusted.imdb_title_basics
),
r as (select * from trusted.imdb_title_ratings where source_file = (select source_file from newest_ratings_file)),
b as (select * from trusted.imdb_title_basics where source_file = (select source_file from newest_basics_file))
select coalesce(b.imdb_id, r.imdb_id) as imdb_id, b.title_type, b.primary_title, b.start_year, b.genres,
       r.imdb_rating, r.imdb_votes
from b full join r on r.imdb_id = b.imdb_id
order by imdb_id
