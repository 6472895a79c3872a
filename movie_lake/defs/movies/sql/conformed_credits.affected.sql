-- The movies whose credits may have changed: credits landed, replaced or removed (cast or crew, any source), movies that
-- joined, left or changed in conformed_movies, and every movie sharing a title with those or with a changed unkeyed
-- credit (unkeyed credits are repaired by a title only one movie has).
select movie_id from changed.trusted_movie_cast
union select movie_id from changed.trusted_movie_crew
union select movie_id from changed.trusted_tmdb_cast
union select movie_id from changed.trusted_tmdb_crew
union select movie_id from changed.trusted_tmdb_catalog_cast
union select movie_id from changed.trusted_tmdb_catalog_crew
union select id from changed.refined_conformed_movies
union select m.id from refined.conformed_movies m join changed.refined_conformed_movies c on c.title = m.title
union select m.id from refined.conformed_movies m join changed.trusted_unkeyed_credits u on u.movie_title = m.title
