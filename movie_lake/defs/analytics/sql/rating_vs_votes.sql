-- Every movie's rating beside its vote count and popularity, once per genre it has (through the
-- genre bridge, so a genre filter finds every film of the genre), and once with a null genre when
-- it has none. Zero-vote films are kept: the chart counts them.
select m.movie_id, m.title, m.release_year, m.vote_average, m.vote_count, m.popularity, g.genre_name
from refined.dim_movie m
left join refined.bridge_movie_genre b on b.movie_id = m.movie_id
left join refined.dim_genre g on g.genre_id = b.genre_id
order by m.movie_id, g.genre_name
