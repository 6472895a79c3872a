-- Days from publishing to first trending, per region: one value per video (its first trending
-- day), then mean, exact median (middle value, or the mean of the two middle ones) and maximum.
with first_trend as (
    select region, video_id, min(days_to_trend) as days
    from refined.video_trends
    where days_to_trend is not null
    group by region, video_id
),
ordered as (
    select region, days,
           row_number() over (partition by region order by days) as position,
           count(*) over (partition by region) as videos
    from first_trend
)
select
    region,
    max(videos) as videos,
    avg(cast(days as double)) as avg_days,
    avg(case when 2 * position in (videos, videos + 1, videos + 2) then cast(days as double) end) as median_days,
    max(days) as max_days
from ordered
group by region
order by region
