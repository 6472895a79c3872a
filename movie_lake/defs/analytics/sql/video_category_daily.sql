-- Trending videos per region, day and category, with that day's view/like/dislike/comment counts.
select
    region,
    trending_date,
    category_title,
    count(distinct video_id) as videos,
    sum(views) as views,
    sum(likes) as likes,
    sum(dislikes) as dislikes,
    sum(comment_count) as comments
from refined.video_trends
group by region, trending_date, category_title
order by region, trending_date, category_title
