-- Money per franchise (TMDB collection). Budget and revenue totals add the known values;
-- profit, ROI and return per dollar use only films with both known; revenue_share is the
-- franchise's part of all franchise revenue. Empty until a source fills collection ids.
with films as (
    select m.collection_id, m.collection_name, m.movie_id, m.title, m.popularity,
           f.budget, f.revenue, f.profit, f.roi
    from refined.dim_movie m
    left join refined.fact_movie_finance f on f.movie_id = m.movie_id
    where m.collection_id is not null
),
ranked as (
    select films.*,
           row_number() over (partition by collection_id order by profit desc nulls last, title, movie_id) as profit_rank,
           row_number() over (partition by collection_id order by roi desc nulls last, title, movie_id) as roi_rank
    from films
),
kpis as (
    select
        collection_id,
        max(collection_name) as collection_name,
        count(*) as films,
        sum(budget) as total_budget,
        sum(revenue) as total_revenue,
        sum(profit) as total_profit,
        sum(case when profit is not null then budget end) as profit_budget,
        sum(case when profit is not null then revenue end) as profit_revenue,
        sum(case when profit < 0 then 1 else 0 end) as films_lost_money,
        avg(popularity) as avg_popularity,
        max(case when profit_rank = 1 and profit is not null then title end) as most_profitable_title,
        max(case when roi_rank = 1 and roi is not null then title end) as best_roi_title
    from ranked
    group by collection_id
),
actors as (
    select f.collection_id, count(distinct c.person_id) as distinct_actors
    from films f
    join refined.fact_cast c on c.movie_id = f.movie_id
    group by f.collection_id
)
select
    k.collection_id,
    k.collection_name,
    k.films,
    k.total_budget,
    k.total_revenue,
    k.total_profit,
    cast(k.total_profit as double) / nullif(k.profit_budget, 0) as roi,
    cast(k.profit_revenue as double) / nullif(k.profit_budget, 0) as return_per_dollar,
    k.films_lost_money,
    cast(k.total_revenue as double) / nullif(sum(k.total_revenue) over (), 0) as revenue_share,
    k.avg_popularity,
    coalesce(a.distinct_actors, 0) as distinct_actors,
    k.most_profitable_title,
    k.best_roi_title
from kpis k
left join actors a on a.collection_id = k.collection_id
order by k.total_revenue desc nulls last, k.collection_name
