"""The TV side of the star schema, from the TMDB API's TV months and the catalog: dim_series (one
row per series id from its newest fetch, IMDb rating joined through its external imdb id), its
genres, and cast/crew facts from the same fetch (episode counts kept). `sql/<table>.sql`."""
from dagster import AssetIn, AssetOut, Output, asset, multi_asset

from movie_lake.defs.lake.table_sql_resource import TableSQLResource, lake_inputs
from movie_lake.defs.movies.conform import REFINED
from movie_lake.defs.movies.movie_model import imdb_coverage
from movie_lake.lib.query.table_sql import TableSQL, columns
from movie_lake.lib.schemas import imdb, refined, tmdb_catalog, tmdb_tv
from movie_lake.lib.storage.dataset_type import Dataset

NEWEST_SERIES = TableSQL.beside(__file__, "newest_series").render(series_columns=columns(tmdb_tv.TMDB_TV_SERIES))
SQL = {name: TableSQL.beside(__file__, name).render(newest_series=NEWEST_SERIES) for name in ("dim_series", "bridge_series_genre")}
SERIES_IN = {"series": AssetIn(key=tmdb_tv.TMDB_TV_SERIES.key_path), "catalog_series": AssetIn(key=tmdb_catalog.CATALOG_SERIES.key_path)}
IMDB_IN = {"imdb_titles": AssetIn(key=imdb.IMDB_TITLES.key_path, metadata={"columns": ["imdb_id", "imdb_rating", "imdb_votes"]})}


@asset(key=refined.DIM_SERIES.key_path, description=refined.DIM_SERIES.description, ins={**SERIES_IN, **IMDB_IN}, **REFINED)
def dim_series(table_sql: TableSQLResource, series: Dataset, catalog_series: Dataset, imdb_titles: Dataset) -> Output:
    inputs = lake_inputs({**SERIES_IN, **IMDB_IN}, series=series, catalog_series=catalog_series, imdb_titles=imdb_titles)
    rows = table_sql.build(refined.DIM_SERIES, SQL["dim_series"], inputs)
    return Output(rows, metadata=imdb_coverage(table_sql, refined.DIM_SERIES, rows, inputs))


@asset(key=refined.BRIDGE_SERIES_GENRE.key_path, description=refined.BRIDGE_SERIES_GENRE.description, ins=SERIES_IN, **REFINED)
def bridge_series_genre(table_sql: TableSQLResource, series: Dataset, catalog_series: Dataset):
    return table_sql.build(refined.BRIDGE_SERIES_GENRE, SQL["bridge_series_genre"],
                           lake_inputs(SERIES_IN, series=series, catalog_series=catalog_series))


SERIES_CREDITS_IN = {
    **SERIES_IN,
    "cast_credits": AssetIn(key=tmdb_tv.TMDB_TV_CAST.key_path),
    "crew_credits": AssetIn(key=tmdb_tv.TMDB_TV_CREW.key_path),
    "catalog_cast": AssetIn(key=tmdb_catalog.CATALOG_TV_CAST.key_path),
    "catalog_crew": AssetIn(key=tmdb_catalog.CATALOG_TV_CREW.key_path),
}
SERIES_CREDITS = {
    (schema, role): TableSQL.beside(__file__, "fact_series_credits").render(
        newest_series=NEWEST_SERIES, role=role, role_columns=role_columns,
        role_columns_of_c=", ".join(f"c.{c}" for c in role_columns.split(", ")))
    for schema, role, role_columns in ((refined.FACT_SERIES_CAST, "cast", "character, cast_order"),
                                       (refined.FACT_SERIES_CREW, "crew", "department, job"))
}


@multi_asset(
    outs={
        "fact_series_cast": AssetOut(key=refined.FACT_SERIES_CAST.key_path, description="One row per cast role of a series, from its newest fetch.", **REFINED),
        "fact_series_crew": AssetOut(key=refined.FACT_SERIES_CREW.key_path, description="One row per crew job of a series, from its newest fetch.", **REFINED),
    },
    ins=SERIES_CREDITS_IN,
)
def series_credit_facts(table_sql: TableSQLResource, series: Dataset, cast_credits: Dataset, crew_credits: Dataset,
                        catalog_series: Dataset, catalog_cast: Dataset, catalog_crew: Dataset):
    """A series fetched in two months (or a month and the catalog) keeps the credits of the newer fetch only."""
    inputs = lake_inputs(SERIES_CREDITS_IN, series=series, catalog_series=catalog_series, cast_credits=cast_credits,
                         crew_credits=crew_credits, catalog_cast=catalog_cast, catalog_crew=catalog_crew)
    for (schema, _role), sql in SERIES_CREDITS.items():
        yield Output(table_sql.build(schema, sql, inputs), schema.table_name)
