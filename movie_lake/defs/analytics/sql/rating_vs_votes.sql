-- Every movie's rating beside its vote count and popularity, with one genre for colouring:
-- the alphabetically first of its genres (the refined bridge keeps no genre order), null if none.
with first_genre as (
    select b.movie_id, min(g.genre_name) as genre_name
    from refined.bridge_movie_genre b
    join refined.dim_genre g on g.genre_id = b.genre_id
    group by b.movie_id
)
select m.movie_id, m.title, m.release_year, m.vote_average, m.vote_count, m.popularity, f.genre_name
from refined.dim_movie m
left join first_genre f on f.movie_id = m.movie_id
order by m.movie_id
