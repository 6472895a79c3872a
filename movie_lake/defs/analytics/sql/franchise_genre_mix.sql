-- Films and series per franchise in focus and genre, for a heatmap (TMDB's movie genres and its
-- TV genres side by side: a series is "Sci-Fi & Fantasy" where a film is "Science Fiction").
select f.franchise_name as collection_name, g.genre_name, count(distinct t.media || ':' || cast(t.title_id as varchar)) as films
from refined.franchise_titles t
join refined.dim_franchise f on f.franchise_id = t.franchise_id
cross join unnest(t.genres) as g (genre_name)
where f.in_focus
group by f.franchise_name, g.genre_name
order by f.franchise_name, films desc, g.genre_name
