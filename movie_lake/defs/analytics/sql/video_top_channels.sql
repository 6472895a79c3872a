-- The 10 channels per region with the most trending videos (distinct videos; ties go to more
-- views). A video's views are its highest count while trending there (the counts are running
-- totals, so adding days would double count).
with per_video as (
    select region, channel_title, video_id, max(views) as views
    from refined.video_trends
    group by region, channel_title, video_id
),
channels as (
    select region, channel_title, count(*) as videos, sum(views) as views
    from per_video
    group by region, channel_title
),
ranked as (
    select channels.*, row_number() over (partition by region order by videos desc, views desc, channel_title) as place
    from channels
)
select region, channel_title, videos, views
from ranked
where place <= 10
order by region, place
