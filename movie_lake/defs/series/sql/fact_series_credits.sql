-- One row per ${role} credit of a series, from its newest fetch (a series fetched twice keeps the newer credits).
with newest as (${newest_series}),
all_credits as (
    select credit_id, series_id, person_id, ${role_columns}, episode_count, first_air_month as landing from trusted.tmdb_tv_${role}
    union all
    select credit_id, series_id, person_id, ${role_columns}, episode_count, id_range as landing from trusted.tmdb_catalog_tv_${role}
)
select c.credit_id, c.series_id, c.person_id, ${role_columns_of_c}, c.episode_count
from all_credits c join newest n on n.id = c.series_id and n.landing = c.landing
order by c.series_id, c.credit_id
