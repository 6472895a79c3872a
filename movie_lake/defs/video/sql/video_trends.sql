-- Every region's trending stats with the region's category title (null until the region's list lands).
select s.region, s.video_id, s.trending_date, s.title, s.channel_title, s.category_id,
       c.title as category_title, s.publish_time, s.tags, s.views, s.likes, s.dislikes,
       s.comment_count, s.comments_disabled, s.ratings_disabled, s.video_error_or_removed,
       s.description,
       date_diff('day', cast(s.publish_time at time zone 'UTC' as date), s.trending_date) as days_to_trend
from trusted.video_stats s
left join trusted.video_categories c on c.region = s.region and c.category_id = s.category_id
order by s.region, s.trending_date, s.video_id
