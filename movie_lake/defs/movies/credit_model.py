"""Person dimension (movie and series credits) and movie cast/crew facts, from
refined/conformed_cast and conformed_crew (and the TV credits for people only in series)."""
from dagster import AssetIn, asset

from movie_lake.defs.lake.table_sql_resource import TableSQLResource, lake_inputs
from movie_lake.defs.movies.conform import REFINED
from movie_lake.lib.query.table_sql import TableSQL
from movie_lake.lib.schemas import refined, tmdb_catalog, tmdb_tv
from movie_lake.lib.storage.dataset_type import Dataset

CAST_IN = {"cast_credits": AssetIn(key=refined.CONFORMED_CAST.key_path)}
CREW_IN = {"crew_credits": AssetIn(key=refined.CONFORMED_CREW.key_path)}
PERSON_COLUMNS = {"columns": ["person_id", "name", "gender", "landed_at", "credit_id"]}
TV_PEOPLE_IN = {"tv_cast": AssetIn(key=tmdb_tv.TMDB_TV_CAST.key_path, metadata=PERSON_COLUMNS),
                "tv_crew": AssetIn(key=tmdb_tv.TMDB_TV_CREW.key_path, metadata=PERSON_COLUMNS),
                "catalog_tv_cast": AssetIn(key=tmdb_catalog.CATALOG_TV_CAST.key_path, metadata=PERSON_COLUMNS),
                "catalog_tv_crew": AssetIn(key=tmdb_catalog.CATALOG_TV_CREW.key_path, metadata=PERSON_COLUMNS)}
SQL = {name: TableSQL.beside(__file__, name).render() for name in ("dim_person", "fact_cast", "fact_crew")}
AFFECTED = {role: TableSQL.beside(__file__, "per_movie_credit.affected").render(role=role) for role in ("cast", "crew")}


@asset(key=refined.DIM_PERSON.key_path, ins={**CAST_IN, **CREW_IN, **TV_PEOPLE_IN}, description=refined.DIM_PERSON.description, **REFINED)
def dim_person(table_sql: TableSQLResource, cast_credits: Dataset, crew_credits: Dataset, tv_cast: Dataset,
               tv_crew: Dataset, catalog_tv_cast: Dataset, catalog_tv_crew: Dataset):
    return table_sql.build(refined.DIM_PERSON, SQL["dim_person"], lake_inputs(
        {**CAST_IN, **CREW_IN, **TV_PEOPLE_IN}, cast_credits=cast_credits, crew_credits=crew_credits, tv_cast=tv_cast,
        tv_crew=tv_crew, catalog_tv_cast=catalog_tv_cast, catalog_tv_crew=catalog_tv_crew))


@asset(key=refined.FACT_CAST.key_path, ins=CAST_IN, description="One row per cast credit of a known movie.", **REFINED)
def fact_cast(table_sql: TableSQLResource, cast_credits: Dataset):
    return table_sql.build(refined.FACT_CAST, SQL["fact_cast"], lake_inputs(CAST_IN, cast_credits=cast_credits), AFFECTED["cast"])


@asset(key=refined.FACT_CREW.key_path, ins=CREW_IN, description="One row per crew credit of a known movie.", **REFINED)
def fact_crew(table_sql: TableSQLResource, crew_credits: Dataset):
    return table_sql.build(refined.FACT_CREW, SQL["fact_crew"], lake_inputs(CREW_IN, crew_credits=crew_credits), AFFECTED["crew"])
