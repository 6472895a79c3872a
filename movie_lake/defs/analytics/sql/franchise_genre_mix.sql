-- Films per franchise and genre, for a heatmap. Empty until a source fills collection ids.
select m.collection_name, g.genre_name, count(distinct m.movie_id) as films
from refined.dim_movie m
join refined.bridge_movie_genre b on b.movie_id = m.movie_id
join refined.dim_genre g on g.genre_id = b.genre_id
where m.collection_id is not null
group by m.collection_name, g.genre_name
order by m.collection_name, films desc, g.genre_name
