"""`refined/franchise_titles` and `refined/dim_franchise`: films by their collection id, series
by the franchise map (a setting), and the focus (by genre, or by name) the analyses cover.

The map and the focus are settings, not data Dagster sees change: the assets' code version is
their hash, so the UI marks the tables stale after a change; re-materialize them then."""
from __future__ import annotations

import hashlib

from dagster import AssetIn, AssetOut, AssetsDefinition, Output, multi_asset

from movie_lake.defs.lake.table_sql_resource import TableSQLResource, including, lake_inputs
from movie_lake.lib.query.table_sql import TableSQL, varchar_array
from movie_lake.lib.sql_text import literal
from movie_lake.defs.movies.conform import REFINED
from movie_lake.lib.franchise_map import load_franchise_series, map_version
from movie_lake.lib.schemas import franchise, refined
from movie_lake.settings import Settings
from movie_lake.lib.storage.dataset_type import Dataset

TITLES_IN = {
    "movies": AssetIn(key=refined.DIM_MOVIE.key_path),
    "finance": AssetIn(key=refined.FACT_MOVIE_FINANCE.key_path),
    "movie_genres": AssetIn(key=refined.BRIDGE_MOVIE_GENRE.key_path),
    "genre_names": AssetIn(key=refined.DIM_GENRE.key_path),
    "series": AssetIn(key=refined.DIM_SERIES.key_path),
    "series_genres": AssetIn(key=refined.BRIDGE_SERIES_GENRE.key_path),
    "movie_cast": AssetIn(key=refined.FACT_CAST.key_path, metadata={"columns": ["movie_id"]}),
    "series_cast": AssetIn(key=refined.FACT_SERIES_CAST.key_path, metadata={"columns": ["series_id"]}),
}

TITLES_SQL = TableSQL.beside(__file__, "franchise_titles")
FRANCHISES_SQL = TableSQL.beside(__file__, "dim_franchise")


def franchise_queries(settings: Settings) -> dict[str, str]:
    """franchise_titles' and dim_franchise's SQL with the franchise map and the focus filled in."""
    series_map = series_map_rows(load_franchise_series(settings.franchise_series_file))
    return {
        franchise.FRANCHISE_TITLES.name: TITLES_SQL.render(series_map=series_map),
        franchise.DIM_FRANCHISE.name: FRANCHISES_SQL.render(
            series_map=series_map, focus_names=varchar_array(n.lower() for n in settings.franchise_focus_names),
            focus_genres=varchar_array(settings.franchise_focus_genres)),
    }


def series_map_rows(links) -> str:
    """The franchise map (a setting) as an inline table for the SQL."""
    rows = [f"({int(s.collection_id)}, {literal(s.franchise)}, {int(s.series_id)})" for s in links]
    if not rows:
        return "select cast(null as bigint) as collection_id, cast(null as varchar) as franchise, cast(null as bigint) as series_id where false"
    return f"select * from (values {', '.join(rows)}) as series_map(collection_id, franchise, series_id)"


def franchise_assets(settings: Settings) -> AssetsDefinition:
    focus = (settings.franchise_focus_names, settings.franchise_focus_genres)
    version = hashlib.sha256(f"{map_version(settings.franchise_series_file)}{focus}".encode()).hexdigest()[:12]

    @multi_asset(
        name="franchise_model",
        outs={
            "franchise_titles": AssetOut(key=franchise.FRANCHISE_TITLES.key_path, description=franchise.FRANCHISE_TITLES.description,
                                         code_version=version, **REFINED),
            "dim_franchise": AssetOut(key=franchise.DIM_FRANCHISE.key_path, description=franchise.DIM_FRANCHISE.description,
                                      code_version=version, **REFINED),
        },
        ins=TITLES_IN,
    )
    def _franchises(table_sql: TableSQLResource, movies: Dataset, finance: Dataset, movie_genres: Dataset,
                    genre_names: Dataset, series: Dataset, series_genres: Dataset, movie_cast: Dataset,
                    series_cast: Dataset):
        links = load_franchise_series(settings.franchise_series_file)
        queries = franchise_queries(settings)
        inputs = lake_inputs(TITLES_IN, movies=movies, finance=finance, movie_genres=movie_genres, genre_names=genre_names,
                             series=series, series_genres=series_genres, movie_cast=movie_cast, series_cast=series_cast)
        titles = table_sql.build(franchise.FRANCHISE_TITLES, queries[franchise.FRANCHISE_TITLES.name], inputs)
        inputs = including(inputs, franchise.FRANCHISE_TITLES, titles)
        franchises = table_sql.build(franchise.DIM_FRANCHISE, queries[franchise.DIM_FRANCHISE.name], inputs)
        counts = table_sql.query(
            """select (select count(*) from refined.franchise_titles) as titles,
                      (select count(*) from refined.dim_franchise) as franchises,
                      (select count(*) filter (where in_focus) from refined.dim_franchise) as in_focus""",
            inputs, franchises, franchise.DIM_FRANCHISE).to_pylist()
        counts = counts[0] if counts else {}
        in_lake = {r["series_id"] for r in table_sql.query("select series_id from refined.dim_series", inputs).to_pylist()}
        unmatched = sorted({s.series_id for s in links} - in_lake)
        yield Output(titles, "franchise_titles", metadata={"titles": counts.get("titles"), "mapped_series_not_in_lake": unmatched})
        yield Output(franchises, "dim_franchise", metadata={
            "franchises": counts.get("franchises"), "in_focus": counts.get("in_focus"),
            "focus": f"named: {', '.join(settings.franchise_focus_names)}" if settings.franchise_focus_names
            else f"genres: {', '.join(settings.franchise_focus_genres)}",
        })

    return _franchises
