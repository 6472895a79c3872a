"""The conform step, computed once: one row per TMDB movie id across the CSV files and the
API months, and that movie's credits, each from its newest landing.

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
import pyarrow.dataset as ds
from dagster import AssetIn, AssetOut, Output, asset, multi_asset

from movie_lake.defs.lake.arrow_sql_resource import ArrowSQLResource
from movie_lake.lib.parsers.spool import SpooledTable
from movie_lake.lib.schemas import refined, tmdb_api, tmdb_catalog, tmdb_trusted

REFINED = dict(group_name="refined", io_manager_key="lake_io_manager")


@asset(key=refined.CONFORMED_MOVIES.key_path, description=refined.CONFORMED_MOVIES.description,
       ins={"movies": AssetIn(key=tmdb_trusted.MOVIES.key_path), "api_movies": AssetIn(key=tmdb_api.TMDB_MOVIES.key_path),
            "catalog_movies": AssetIn(key=tmdb_catalog.CATALOG_MOVIES.key_path),
            "catalog_missing": AssetIn(key=tmdb_catalog.CATALOG_MOVIE_MISSING.key_path)},
       **REFINED)
def conformed_movies(arrow_sql: ArrowSQLResource, movies: ds.Dataset, api_movies: ds.Dataset, catalog_movies: ds.Dataset,
                     catalog_missing: ds.Dataset) -> SpooledTable:
    return arrow_sql.table(
        """with api_all as (
            select * exclude (release_month), 'tmdb_api' as source, release_month as landing from api_movies
            union all by name
            select * exclude (id_range), 'tmdb_catalog' as source, id_range as landing from catalog_movies
        ),
        all_movies as (
            select * exclude (source_file), 'tmdb_csv' as source, source_file as landing from movies
            union all by name
            select * exclude (imdb_id, collection_id, collection_name, origin_country) from api_all
        ),
        newest as (
            select id, arg_max(struct_pack(source, landing), (landed_at, source <> 'tmdb_csv', landing)) as row
            from all_movies group by id
        ),
        api_extras as (
            select id, arg_max(struct_pack(imdb_id, collection_id, collection_name, origin_country), (landed_at, landing)) as extra
            from api_all group by id
        )
        select m.*, x.extra.imdb_id as imdb_id, x.extra.collection_id as collection_id,
               x.extra.collection_name as collection_name, x.extra.origin_country as origin_country,
               d.checked_at as deleted_upstream_at
        from all_movies m
        join newest n on n.id = m.id and n.row.source = m.source and n.row.landing = m.landing
        left join api_extras x on x.id = m.id
        left join catalog_missing d on d.id = m.id and d.checked_at > m.landed_at
        order by m.id""",
        movies=movies, api_movies=api_movies, catalog_movies=catalog_movies, catalog_missing=catalog_missing,
    )


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
TITLE_MATCHES = """select u.source_file, u.line, any_value(u.movie_title) as movie_title, min(m.id) as movie_id,
                          count(distinct m.id) as movies
                   from unkeyed u left join movie_ids m on m.title = u.movie_title group by u.source_file, u.line"""
NEWEST_CREDITS = """
all_cast as (
    select * exclude (source_file), 'tmdb_csv' as source, source_file as landing from cast_credits
    union all by name select * exclude (release_month), 'tmdb_api' as source, release_month as landing from api_cast
    union all by name select * exclude (id_range), 'tmdb_catalog' as source, id_range as landing from catalog_cast
),
all_crew as (
    select * exclude (source_file), 'tmdb_csv' as source, source_file as landing from crew_credits
    union all by name select * exclude (release_month), 'tmdb_api' as source, release_month as landing from api_crew
    union all by name select * exclude (id_range), 'tmdb_catalog' as source, id_range as landing from catalog_crew
),
newest_landing as (
    select movie_id, arg_max(struct_pack(source, landing), (landed_at, source <> 'tmdb_csv', landing)) as newest
    from (select movie_id, source, landing, landed_at from all_cast union all select movie_id, source, landing, landed_at from all_crew)
    group by movie_id
),
known as (
    select n.movie_id, n.newest.source as source, n.newest.landing as landing
    from newest_landing n semi join movie_ids m on n.movie_id = m.id
)"""


@multi_asset(
    outs={
        "conformed_cast": AssetOut(key=refined.CONFORMED_CAST.key_path, description=refined.CONFORMED_CAST.description, **REFINED),
        "conformed_crew": AssetOut(key=refined.CONFORMED_CREW.key_path, description=refined.CONFORMED_CREW.description, **REFINED),
    },
    ins=CREDITS_IN,
)
def conformed_credits(arrow_sql: ArrowSQLResource, cast_credits: ds.Dataset, crew_credits: ds.Dataset,
                      api_cast: ds.Dataset, api_crew: ds.Dataset, catalog_cast: ds.Dataset, catalog_crew: ds.Dataset,
                      movie_ids: ds.Dataset, unkeyed: ds.Dataset):
    matches = arrow_sql.query(f"{TITLE_MATCHES} order by source_file, line", unkeyed=unkeyed, movie_ids=movie_ids)
    repaired = {
        role: arrow_sql.table(
            f"""select t.* from {table} t union all by name
                select m.movie_id, u.* exclude (line, movie_title, role, {other}) from unkeyed u
                join matches m using (source_file, line) where m.movies = 1 and u.role = '{role}'""",
            **{table: source}, unkeyed=unkeyed, matches=matches,
        )
        for role, table, source, other in (("cast", "cast_credits", cast_credits, "department, job"),
                                           ("crew", "crew_credits", crew_credits, "character, cast_id, cast_order"))
    }
    repairs = matches.to_pylist()
    inputs = dict(cast_credits=repaired["cast"], crew_credits=repaired["crew"], api_cast=api_cast, api_crew=api_crew,
                  catalog_cast=catalog_cast, catalog_crew=catalog_crew, movie_ids=movie_ids)
    for role, name in (("cast", "conformed_cast"), ("crew", "conformed_crew")):
        table = arrow_sql.table(
            f"with {NEWEST_CREDITS} select c.* from all_{role} c join known k using (movie_id, source, landing) order by movie_id, credit_id",
            **inputs,
        )
        unjoinable = arrow_sql.query(
            f"with {NEWEST_CREDITS} select count(*) as n from all_{role} where movie_id not in (select id from movie_ids)", **inputs
        ).column("n")[0].as_py()
        yield Output(table, name, metadata={"credits_without_movie": unjoinable, **_repair_notes(repairs)})


def _repair_notes(repairs: list[dict]) -> dict:
    where = lambda r: f"{r['source_file']} line {r['line']} ({r['movie_title']!r})"  # noqa: E731
    done = [f"{where(r)} → movie {r['movie_id']}" for r in repairs if r["movies"] == 1]
    left = [f"{where(r)}: {'no movie' if r['movies'] == 0 else str(r['movies']) + ' movies'} with that title"
            for r in repairs if r["movies"] != 1]
    return {"credits_repaired": len(done), "credits_repaired_from": done, "credits_not_repaired": left}
