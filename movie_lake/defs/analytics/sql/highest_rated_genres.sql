-- Genres ranked by vote-weighted rating: sum(rating * votes) / sum(votes) over the genre's
-- movies. Movies with fewer than 100 votes are left out (a handful of votes says little).
with rated as (
    select g.genre_name, m.movie_id, m.vote_average, m.vote_count
    from refined.dim_movie m
    join refined.bridge_movie_genre b on b.movie_id = m.movie_id
    join refined.dim_genre g on g.genre_id = b.genre_id
    where m.vote_count >= 100 and m.vote_average is not null
)
select
    genre_name,
    count(distinct movie_id) as movies,
    sum(vote_count) as total_votes,
    avg(vote_average) as avg_rating,
    sum(vote_average * vote_count) / sum(vote_count) as weighted_rating
from rated
group by genre_name
order by weighted_rating desc, genre_name
