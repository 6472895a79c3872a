-- Every film and series of the franchises in focus with its figures: money (films; unknown stays
-- null), whether it lost money, TMDB and IMDb ratings side by side, popularity and cast size
-- (null: the lake has no credits for it).
select f.franchise_name as collection_name, t.media, t.title_id, t.title, t.year,
       t.budget, t.revenue, t.profit, t.roi, t.return_per_dollar,
       t.profit < 0 as lost_money, t.implausible_amount,
       t.popularity, t.vote_average as tmdb_rating, t.vote_count as tmdb_votes, t.imdb_rating, t.imdb_votes,
       t.cast_size
from refined.franchise_titles t
join refined.dim_franchise f on f.franchise_id = t.franchise_id
where f.in_focus
order by f.franchise_name, t.year, t.media, t.title_id
