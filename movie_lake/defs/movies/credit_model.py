"""Person dimension (movie and series credits) and movie cast/crew facts, from
refined/conformed_cast and conformed_crew (and the TV credits for people only in series)."""
import pyarrow.dataset as ds
from dagster import AssetIn, asset

from movie_lake.defs.lake.arrow_sql_resource import ArrowSQLResource
from movie_lake.lib.parsers.spool import SpooledTable
from movie_lake.defs.movies.conform import REFINED
from movie_lake.lib.schemas import refined, tmdb_catalog, tmdb_tv

CAST_IN = {"cast_credits": AssetIn(key=refined.CONFORMED_CAST.key_path)}
CREW_IN = {"crew_credits": AssetIn(key=refined.CONFORMED_CREW.key_path)}
PERSON_COLUMNS = {"columns": ["person_id", "name", "gender", "landed_at", "credit_id"]}
TV_PEOPLE_IN = {"tv_cast": AssetIn(key=tmdb_tv.TMDB_TV_CAST.key_path, metadata=PERSON_COLUMNS),
                "tv_crew": AssetIn(key=tmdb_tv.TMDB_TV_CREW.key_path, metadata=PERSON_COLUMNS),
                "catalog_tv_cast": AssetIn(key=tmdb_catalog.CATALOG_TV_CAST.key_path, metadata=PERSON_COLUMNS),
                "catalog_tv_crew": AssetIn(key=tmdb_catalog.CATALOG_TV_CREW.key_path, metadata=PERSON_COLUMNS)}


@asset(key=refined.DIM_PERSON.key_path, ins={**CAST_IN, **CREW_IN, **TV_PEOPLE_IN}, description=refined.DIM_PERSON.description, **REFINED)
def dim_person(arrow_sql: ArrowSQLResource, cast_credits: ds.Dataset, crew_credits: ds.Dataset, tv_cast: ds.Dataset,
               tv_crew: ds.Dataset, catalog_tv_cast: ds.Dataset, catalog_tv_crew: ds.Dataset) -> SpooledTable:
    return arrow_sql.table(
        """with people as (
            select person_id, name, gender, landed_at, credit_id from cast_credits
            union all select person_id, name, gender, landed_at, credit_id from crew_credits
            union all select person_id, name, gender, landed_at, credit_id from tv_cast
            union all select person_id, name, gender, landed_at, credit_id from tv_crew
            union all select person_id, name, gender, landed_at, credit_id from catalog_tv_cast
            union all select person_id, name, gender, landed_at, credit_id from catalog_tv_crew
        )
        select person_id, arg_max(name, (landed_at, credit_id)) as name,
               arg_max(gender, (landed_at, credit_id)) as gender
        from people group by person_id order by person_id""",
        cast_credits=cast_credits, crew_credits=crew_credits, tv_cast=tv_cast, tv_crew=tv_crew,
        catalog_tv_cast=catalog_tv_cast, catalog_tv_crew=catalog_tv_crew,
    )


@asset(key=refined.FACT_CAST.key_path, ins=CAST_IN, description="One row per cast credit of a known movie.", **REFINED)
def fact_cast(arrow_sql: ArrowSQLResource, cast_credits: ds.Dataset) -> SpooledTable:
    return arrow_sql.table(
        "select credit_id, movie_id, person_id, character, cast_order from cast_credits order by movie_id, cast_order, credit_id",
        cast_credits=cast_credits,
    )


@asset(key=refined.FACT_CREW.key_path, ins=CREW_IN, description="One row per crew credit of a known movie.", **REFINED)
def fact_crew(arrow_sql: ArrowSQLResource, crew_credits: ds.Dataset) -> SpooledTable:
    return arrow_sql.table(
        "select credit_id, movie_id, person_id, department, job from crew_credits order by movie_id, credit_id", crew_credits=crew_credits
    )
