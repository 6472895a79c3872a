-- The credited cast of every film and series of the franchises in focus, with how many titles of
-- the franchise each actor appears in (films and series counted apart).
with titles as (
    select t.franchise_id, f.franchise_name, t.media, t.title_id, t.title
    from refined.franchise_titles t
    join refined.dim_franchise f on f.franchise_id = t.franchise_id
    where f.in_focus
),
credited as (
    select t.franchise_id, t.franchise_name, t.media, t.title_id, t.title, c.person_id, c.character, c.cast_order
    from titles t join refined.fact_cast c on t.media = 'movie' and c.movie_id = t.title_id
    union all
    select t.franchise_id, t.franchise_name, t.media, t.title_id, t.title, c.person_id, c.character, c.cast_order
    from titles t join refined.fact_series_cast c on t.media = 'series' and c.series_id = t.title_id
),
appearances as (
    select franchise_id, person_id,
           count(distinct case when media = 'movie' then title_id end) as films_in_franchise,
           count(distinct case when media = 'series' then title_id end) as series_in_franchise
    from credited group by franchise_id, person_id
)
select c.franchise_name as collection_name, c.media, c.title_id, c.title, c.person_id, p.name, c.character, c.cast_order,
       a.films_in_franchise, a.series_in_franchise
from credited c
join appearances a on a.franchise_id = c.franchise_id and a.person_id = c.person_id
left join refined.dim_person p on p.person_id = c.person_id
order by c.franchise_name, c.media, c.title_id, c.cast_order, c.person_id
