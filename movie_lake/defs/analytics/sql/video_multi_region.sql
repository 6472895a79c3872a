-- Videos that trended in more than one region, with the regions (e.g. "CA,GB,US").
select
    video_id,
    max(title) as title,
    count(distinct region) as regions,
    array_join(array_sort(array_distinct(array_agg(region))), ',') as region_list
from refined.video_trends
group by video_id
having count(distinct region) > 1
order by regions desc, video_id
