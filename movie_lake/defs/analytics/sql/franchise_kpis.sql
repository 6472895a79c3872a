-- Money, popularity, ratings and people per franchise in focus (refined.dim_franchise: a TMDB
-- collection plus its mapped series, chosen by the focus settings). Budget and revenue totals add
-- the known values (implausible amounts are unknown); profit, ROI and return per dollar use only
-- films with both known; revenue_share is the part of all focus-franchise revenue. distinct_actors
-- is null (unknown) when no title of the franchise has credits in the lake, never 0.
with titles as (
    select t.*, f.franchise_name
    from refined.franchise_titles t
    join refined.dim_franchise f on f.franchise_id = t.franchise_id
    where f.in_focus
),
ranked as (
    select titles.*,
           row_number() over (partition by franchise_id order by profit desc nulls last, title, title_id) as profit_rank,
           row_number() over (partition by franchise_id order by roi desc nulls last, title, title_id) as roi_rank,
           row_number() over (partition by franchise_id order by popularity desc nulls last, title, title_id) as popular_rank
    from titles
),
kpis as (
    select
        franchise_id,
        max(franchise_name) as franchise_name,
        sum(case when media = 'movie' then 1 else 0 end) as films,
        sum(case when media = 'series' then 1 else 0 end) as series,
        sum(budget) as total_budget,
        sum(revenue) as total_revenue,
        sum(profit) as total_profit,
        sum(case when profit is not null then budget end) as profit_budget,
        sum(case when profit is not null then revenue end) as profit_revenue,
        sum(case when profit < 0 then 1 else 0 end) as films_lost_money,
        sum(case when profit is not null then 1 else 0 end) as films_with_money,
        avg(popularity) as avg_popularity,
        avg(vote_average) as avg_tmdb_rating,
        avg(imdb_rating) as avg_imdb_rating,
        sum(case when cast_size is not null then 1 else 0 end) as titles_with_credits,
        max(case when profit_rank = 1 and profit is not null then title end) as most_profitable_title,
        max(case when roi_rank = 1 and roi is not null then title end) as best_roi_title,
        max(case when popular_rank = 1 then title end) as most_popular_title
    from ranked
    group by franchise_id
),
actors as (
    select franchise_id, count(distinct person_id) as distinct_actors
    from (
        select t.franchise_id, c.person_id from titles t join refined.fact_cast c on t.media = 'movie' and c.movie_id = t.title_id
        union all
        select t.franchise_id, c.person_id from titles t join refined.fact_series_cast c on t.media = 'series' and c.series_id = t.title_id
    ) credited
    group by franchise_id
)
select
    k.franchise_id as collection_id,
    k.franchise_name as collection_name,
    k.films,
    k.series,
    k.total_budget,
    k.total_revenue,
    k.total_profit,
    cast(k.total_profit as double) / nullif(k.profit_budget, 0) as roi,
    cast(k.profit_revenue as double) / nullif(k.profit_budget, 0) as return_per_dollar,
    k.films_lost_money,
    k.films_with_money,
    cast(k.total_revenue as double) / nullif(sum(k.total_revenue) over (), 0) as revenue_share,
    k.avg_popularity,
    k.avg_tmdb_rating,
    k.avg_imdb_rating,
    case when k.titles_with_credits > 0 then coalesce(a.distinct_actors, 0) end as distinct_actors,
    k.titles_with_credits,
    k.most_profitable_title,
    k.best_roi_title,
    k.most_popular_title
from kpis k
left join actors a on a.franchise_id = k.franchise_id
order by k.total_revenue desc nulls last, k.franchise_name
