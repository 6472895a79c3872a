-- Money per movie: amounts under ${plausible} USD are unknown (typos for millions), flagged.
with reported as (
    select id as movie_id, cast(year(release_date) as integer) as release_year,
           case when budget_known then budget end as reported_budget,
           case when revenue_known then revenue end as reported_revenue
    from refined.conformed_movies
),
money as (
    select *, case when reported_budget >= ${plausible} then reported_budget end as budget,
              case when reported_revenue >= ${plausible} then reported_revenue end as revenue,
              coalesce(reported_budget < ${plausible}, false) or coalesce(reported_revenue < ${plausible}, false) as implausible_amount
    from reported
)
select movie_id, release_year, budget, revenue, revenue - budget as profit,
       cast(revenue - budget as double) / budget as roi, cast(revenue as double) / budget as return_per_dollar,
       reported_budget, reported_revenue, implausible_amount
from money order by movie_id
