-- One row per person credited in a movie's or series' cast or crew; name and gender from the newest credit.
with people as (
    select person_id, name, gender, landed_at, credit_id from refined.conformed_cast
    union all select person_id, name, gender, landed_at, credit_id from refined.conformed_crew
    union all select person_id, name, gender, landed_at, credit_id from trusted.tmdb_tv_cast
    union all select person_id, name, gender, landed_at, credit_id from trusted.tmdb_tv_crew
    union all select person_id, name, gender, landed_at, credit_id from trusted.tmdb_catalog_tv_cast
    union all select person_id, name, gender, landed_at, credit_id from trusted.tmdb_catalog_tv_crew
)
select person_id, max_by(name, row(landed_at, credit_id)) as name, max_by(gender, row(landed_at, credit_id)) as gender
from people group by person_id order by person_id
