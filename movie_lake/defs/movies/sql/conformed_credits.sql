-- The ${role} of each conformed movie, from the newest landing that has credits for it (cast or crew).
with title_matches as (
    select u.source_file, u.line, max(u.movie_title) as movie_title, min(m.id) as movie_id, count(distinct m.id) as movies
    from trusted.unkeyed_credits u left join refined.conformed_movies m on m.title = u.movie_title
    group by u.source_file, u.line
),
repaired as (
    select t.movie_id, u.* from trusted.unkeyed_credits u
    join title_matches t on t.source_file = u.source_file and t.line = u.line
    where t.movies = 1
),
all_cast as (
    select ${cast_columns}, 'tmdb_csv' as source, source_file as landing from trusted.movie_cast
    union all select ${cast_columns}, 'tmdb_csv', source_file from repaired where role = 'cast'
    union all select ${cast_columns}, 'tmdb_api', release_month from trusted.tmdb_cast
    union all select ${cast_columns}, 'tmdb_catalog', id_range from trusted.tmdb_catalog_cast
),
all_crew as (
    select ${crew_columns}, 'tmdb_csv' as source, source_file as landing from trusted.movie_crew
    union all select ${crew_columns}, 'tmdb_csv', source_file from repaired where role = 'crew'
    union all select ${crew_columns}, 'tmdb_api', release_month from trusted.tmdb_crew
    union all select ${crew_columns}, 'tmdb_catalog', id_range from trusted.tmdb_catalog_crew
),
landings as (
    select movie_id, source, landing, landed_at from all_cast
    union all select movie_id, source, landing, landed_at from all_crew
),
newest as (
    select movie_id, max_by(source, row(landed_at, source <> 'tmdb_csv', landing, source)) as source,
           max_by(landing, row(landed_at, source <> 'tmdb_csv', landing, source)) as landing
    from landings where movie_id in (select id from refined.conformed_movies) group by movie_id
)
select c.* from all_${role} c join newest n on n.movie_id = c.movie_id and n.source = c.source and n.landing = c.landing
order by c.movie_id, c.credit_id
