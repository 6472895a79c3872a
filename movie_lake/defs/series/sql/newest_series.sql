-- Each series' row from its newest fetch (a first-air month or a catalog id range).
select * from (
    select s.*, row_number() over (partition by s.id order by s.landed_at desc, s.landing desc) as fetch_rank
    from (
        select ${series_columns}, first_air_month as landing from trusted.tmdb_tv_series
        union all select ${series_columns}, id_range as landing from trusted.tmdb_catalog_tv_series
    ) s
) where fetch_rank = 1
