-- Vote-weighted rating per genre and release year (movies with at least 100 votes).
with rated as (
    select g.genre_name, m.release_year, m.movie_id, m.vote_average, m.vote_count
    from refined.dim_movie m
    join refined.bridge_movie_genre b on b.movie_id = m.movie_id
    join refined.dim_genre g on g.genre_id = b.genre_id
    where m.vote_count >= 100 and m.vote_average is not null and m.release_year is not null
)
select
    genre_name,
    release_year,
    count(distinct movie_id) as movies,
    sum(vote_average * vote_count) / sum(vote_count) as weighted_rating
from rated
group by genre_name, release_year
order by genre_name, release_year
