-- One row per franchise: its films and series in the lake, and whether the focus (names or genres) covers it.
with series_map as (${series_map}),
names as (
    select franchise_id, max(franchise_name) as franchise_name from (
        select collection_id as franchise_id, collection_name as franchise_name from refined.dim_movie where collection_id is not null
        union all select collection_id, nullif(franchise, '') from series_map
    ) group by franchise_id
),
counts as (
    select franchise_id, count(*) filter (where media = 'movie') as films, count(*) filter (where media = 'series') as series,
           array_distinct(flatten(array_agg(coalesce(genres, cast(array[] as array(varchar)))))) as genres
    from refined.franchise_titles group by franchise_id
),
chosen as (
    select n.franchise_id, n.franchise_name, coalesce(c.films, 0) as films, coalesce(c.series, 0) as series,
           case when cardinality(${focus_names}) > 0
                then (case when contains(${focus_names}, lower(n.franchise_name)) then 'named' end)
                else 'genre ' || array_min(filter(c.genres, g -> contains(${focus_genres}, g))) end as focus_reason
    from names n left join counts c on c.franchise_id = n.franchise_id
)
select franchise_id, coalesce(franchise_name, 'collection ' || cast(franchise_id as varchar)) as franchise_name, films, series,
       focus_reason is not null as in_focus, focus_reason
from chosen order by franchise_id
