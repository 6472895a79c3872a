"""The conform step, computed once: one row per TMDB movie id across the CSV files and the
API months, and that movie's credits, each from its newest landing (`sql/conformed_*.sql`).

A movie id seen in several landings takes its row from the newest (CSV: when the file
landed; API: when the month or the catalog batch was fetched; ties go to the API, then the
later file name, month or id range). A title TMDB answered 404 for after that row keeps the
row, with `deleted_upstream_at` saying when. imdb_id and the collection (franchise) come from the movie's newest API row
whichever source wins, since the CSV files have neither. A movie's credits come from its
newest landing that has credits for it, so an API answer with no credits does not erase
the credits a CSV file had; credits of an id not in conformed_movies cannot be joined and
are counted (`credits_without_movie`), never silently dropped. A CSV credits record with an
empty movie_id (`trusted/unkeyed_credits`) is repaired here when exactly one conformed movie
has its title, and listed as repaired (`credits_repaired`); otherwise listed as not repaired.
"""
from dagster import AssetIn, AssetOut, Output, asset, multi_asset

from movie_lake.defs.lake.table_sql_resource import TableSQLResource, lake_inputs
from movie_lake.lib.query.dialect import with_final_select
from movie_lake.lib.query.table_sql import TableSQL, columns
from movie_lake.lib.schemas import refined, tmdb_api, tmdb_catalog, tmdb_trusted
from movie_lake.lib.storage.dataset_type import Dataset

REFINED = dict(group_name="refined", io_manager_key="lake_io_manager")
API_COLUMNS = [c.name for c in tmdb_api.API_ONLY_MOVIE_COLUMNS]
MOVIES_IN = {"movies": AssetIn(key=tmdb_trusted.MOVIES.key_path), "api_movies": AssetIn(key=tmdb_api.TMDB_MOVIES.key_path),
             "catalog_movies": AssetIn(key=tmdb_catalog.CATALOG_MOVIES.key_path),
             "catalog_missing": AssetIn(key=tmdb_catalog.CATALOG_MOVIE_MISSING.key_path)}
CONFORMED_MOVIES_AFFECTED = TableSQL.beside(__file__, "conformed_movies.affected").render()
CONFORMED_MOVIES_SQL = TableSQL.beside(__file__, "conformed_movies").render(
    movie_columns=columns(tmdb_trusted.MOVIES, without=["landed_at"]), api_columns=", ".join(API_COLUMNS),
    movie_columns_of_m=columns(tmdb_trusted.MOVIES, "m.", without=["landed_at"]), api_columns_of_a=", ".join(f"a.{c}" for c in API_COLUMNS))


@asset(key=refined.CONFORMED_MOVIES.key_path, description=refined.CONFORMED_MOVIES.description, ins=MOVIES_IN, **REFINED)
def conformed_movies(table_sql: TableSQLResource, movies: Dataset, api_movies: Dataset, catalog_movies: Dataset,
                     catalog_missing: Dataset):
    return table_sql.build(refined.CONFORMED_MOVIES, CONFORMED_MOVIES_SQL, lake_inputs(
        MOVIES_IN, movies=movies, api_movies=api_movies, catalog_movies=catalog_movies, catalog_missing=catalog_missing),
        CONFORMED_MOVIES_AFFECTED)


CREDITS_IN = {
    "cast_credits": AssetIn(key=tmdb_trusted.MOVIE_CAST.key_path),
    "crew_credits": AssetIn(key=tmdb_trusted.MOVIE_CREW.key_path),
    "api_cast": AssetIn(key=tmdb_api.TMDB_CAST.key_path),
    "api_crew": AssetIn(key=tmdb_api.TMDB_CREW.key_path),
    "catalog_cast": AssetIn(key=tmdb_catalog.CATALOG_CAST.key_path),
    "catalog_crew": AssetIn(key=tmdb_catalog.CATALOG_CREW.key_path),
    "movie_ids": AssetIn(key=refined.CONFORMED_MOVIES.key_path, metadata={"columns": ["id", "title"]}),
    "unkeyed": AssetIn(key=tmdb_trusted.UNKEYED_CREDITS.key_path),
}
CONFORMED_CREDITS_SQL = {
    role: TableSQL.beside(__file__, "conformed_credits").render(
        role=role, cast_columns=columns(tmdb_trusted.MOVIE_CAST), crew_columns=columns(tmdb_trusted.MOVIE_CREW))
    for role in ("cast", "crew")
}
CONFORMED_CREDITS_AFFECTED = TableSQL.beside(__file__, "conformed_credits.affected").render()
TITLE_MATCHES = with_final_select(CONFORMED_CREDITS_SQL["cast"], "select * from title_matches order by source_file, line")
UNJOINABLE = {role: with_final_select(sql, f"select count(*) as n from all_{role} where movie_id not in (select id from refined.conformed_movies)")
              for role, sql in CONFORMED_CREDITS_SQL.items()}


@multi_asset(
    outs={
        "conformed_cast": AssetOut(key=refined.CONFORMED_CAST.key_path, description=refined.CONFORMED_CAST.description, **REFINED),
        "conformed_crew": AssetOut(key=refined.CONFORMED_CREW.key_path, description=refined.CONFORMED_CREW.description, **REFINED),
    },
    ins=CREDITS_IN,
)
def conformed_credits(table_sql: TableSQLResource, cast_credits: Dataset, crew_credits: Dataset,
                      api_cast: Dataset, api_crew: Dataset, catalog_cast: Dataset, catalog_crew: Dataset,
                      movie_ids: Dataset, unkeyed: Dataset):
    inputs = lake_inputs(CREDITS_IN, cast_credits=cast_credits, crew_credits=crew_credits, api_cast=api_cast, api_crew=api_crew,
                         catalog_cast=catalog_cast, catalog_crew=catalog_crew, movie_ids=movie_ids, unkeyed=unkeyed)
    repairs = _repair_notes(table_sql.query(TITLE_MATCHES, inputs).to_pylist())
    for role, schema in (("cast", refined.CONFORMED_CAST), ("crew", refined.CONFORMED_CREW)):
        rows = table_sql.build(schema, CONFORMED_CREDITS_SQL[role], inputs, CONFORMED_CREDITS_AFFECTED)
        unjoinable = table_sql.query(UNJOINABLE[role], inputs).to_pylist()
        yield Output(rows, f"conformed_{role}", metadata={"credits_without_movie": unjoinable[0]["n"] if unjoinable else None, **repairs})


def _repair_notes(repairs: list[dict]) -> dict:
    where = lambda r: f"{r['source_file']} line {r['line']} ({r['movie_title']!r})"  # noqa: E731
    done = [f"{where(r)} → movie {r['movie_id']}" for r in repairs if r["movies"] == 1]
    left = [f"{where(r)}: {'no movie' if r['movies'] == 0 else str(r['movies']) + ' movies'} with that title"
            for r in repairs if r["movies"] != 1]
    return {"credits_repaired": len(done), "credits_repaired_from": done, "credits_not_repaired": left}
