-- Franchise films (by TMDB collection) and series (by the franchise map), with money, genres and cast size.
with series_map as (${series_map}),
movie_genres as (
    select b.movie_id, array_agg(g.genre_name order by g.genre_name) as genres
    from refined.bridge_movie_genre b join refined.dim_genre g on g.genre_id = b.genre_id group by b.movie_id
),
movie_cast_size as (select movie_id, count(*) as cast_size from refined.fact_cast group by movie_id),
series_genres as (
    select series_id, array_agg(genre_name order by genre_name) as genres from refined.bridge_series_genre group by series_id
),
series_cast_size as (select series_id, count(*) as cast_size from refined.fact_series_cast group by series_id),
movie_titles as (
    select m.collection_id as franchise_id, 'movie' as media, m.movie_id as title_id, m.title, m.release_year as year,
           m.popularity, m.vote_average, m.vote_count, m.imdb_rating, m.imdb_votes,
           f.budget, f.revenue, f.profit, f.roi, f.return_per_dollar, f.implausible_amount, g.genres, c.cast_size
    from refined.dim_movie m
    left join refined.fact_movie_finance f on f.movie_id = m.movie_id
    left join movie_genres g on g.movie_id = m.movie_id
    left join movie_cast_size c on c.movie_id = m.movie_id
    where m.collection_id is not null
),
series_titles as (
    select sm.collection_id as franchise_id, 'series' as media, s.series_id as title_id, s.name as title,
           s.first_air_year as year, s.popularity, s.vote_average, s.vote_count, s.imdb_rating, s.imdb_votes,
           cast(null as bigint) as budget, cast(null as bigint) as revenue, cast(null as bigint) as profit,
           cast(null as double) as roi, cast(null as double) as return_per_dollar, cast(null as boolean) as implausible_amount,
           g.genres, c.cast_size
    from series_map sm
    join refined.dim_series s on s.series_id = sm.series_id
    left join series_genres g on g.series_id = s.series_id
    left join series_cast_size c on c.series_id = s.series_id
)
select * from movie_titles union all select * from series_titles
order by franchise_id, media, year, title_id
