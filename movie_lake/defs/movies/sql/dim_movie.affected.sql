-- The movies whose row may have changed: changed in conformed_movies, or whose IMDb link or rating changed.
select id as movie_id from changed.refined_conformed_movies
union select tmdb_id from changed.refined_tmdb_imdb_links
union select m.id from refined.conformed_movies m join changed.refined_imdb_titles i on i.imdb_id = m.imdb_id
union select l.tmdb_id from refined.tmdb_imdb_links l join changed.refined_imdb_titles i on i.imdb_id = l.imdb_id
