-- The movies changed in conformed_movies: a table with rows per movie rebuilds theirs.
select id as movie_id from changed.refined_conformed_movies
