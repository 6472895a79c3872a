-- The movie ids whose newest landing may have changed: every id of a landing added, replaced or removed, and of a 404 seen.
select id from changed.trusted_movies
union select id from changed.trusted_tmdb_movies
union select id from changed.trusted_tmdb_catalog_movies
union select id from changed.trusted_tmdb_catalog_movie_missing
