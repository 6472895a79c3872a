"""Person dimension and cast/crew facts.

Two sources: landed credits CSV files (trusted/movie_cast, movie_crew) and the credits in
fetched API months (trusted/tmdb_cast, tmdb_crew). A movie's credits come from its newest
landing that has credits for it (ties go to the API), so an API answer with no credits
does not erase the credits a CSV file had. Credits of a movie id missing from dim_movie
cannot be joined; they are left out of the facts and counted in the metadata
(`credits_without_movie`), so facts always reference a movie.
"""

import pyarrow as pa
from dagster import AssetIn, Output, asset

from movie_lake.lib.query.arrow_sql import query_arrow
from movie_lake.defs.movies.movie_model import REFINED

CREDITS_IN = {
    "cast_credits": AssetIn(key=["trusted", "movie_cast"]),
    "crew_credits": AssetIn(key=["trusted", "movie_crew"]),
    "api_cast": AssetIn(key=["trusted", "tmdb_cast"]),
    "api_crew": AssetIn(key=["trusted", "tmdb_crew"]),
    "movie_ids": AssetIn(key=["refined", "dim_movie"], metadata={"columns": ["movie_id"]}),
}

LATEST_CREDITS = """
all_cast as (
    select * exclude (source_file), 'tmdb_csv' as source, source_file as landing from cast_credits
    union all by name select * exclude (release_month), 'tmdb_api' as source, release_month as landing from api_cast
),
all_crew as (
    select * exclude (source_file), 'tmdb_csv' as source, source_file as landing from crew_credits
    union all by name select * exclude (release_month), 'tmdb_api' as source, release_month as landing from api_crew
),
newest_landing as (
    select movie_id, arg_max(struct_pack(source, landing), (landed_at, source = 'tmdb_api', landing)) as newest
    from (select movie_id, source, landing, landed_at from all_cast union all select movie_id, source, landing, landed_at from all_crew)
    group by movie_id
),
known as (
    select n.movie_id, n.newest.source as source, n.newest.landing as landing
    from newest_landing n semi join movie_ids m on n.movie_id = m.movie_id
),
latest_cast as (select c.* from all_cast c join known k using (movie_id, source, landing)),
latest_crew as (select c.* from all_crew c join known k using (movie_id, source, landing))"""


def _unjoinable(credits: dict[str, pa.Table], *role_tables: str) -> int:
    """Credit rows of these tables (CSV and API) whose movie id is not in dim_movie."""
    union = " union all ".join(f"select movie_id from {name}" for name in role_tables)
    return query_arrow(
        f"select count(*) as n from ({union}) where movie_id not in (select movie_id from movie_ids)",
        **credits,
    ).column("n")[0].as_py()


def _inputs(cast_credits, crew_credits, api_cast, api_crew, movie_ids) -> dict[str, pa.Table]:
    return dict(cast_credits=cast_credits, crew_credits=crew_credits, api_cast=api_cast, api_crew=api_crew, movie_ids=movie_ids)


@asset(key=["refined", "dim_person"], ins=CREDITS_IN, **REFINED)
def dim_person(cast_credits: pa.Table, crew_credits: pa.Table, api_cast: pa.Table, api_crew: pa.Table, movie_ids: pa.Table) -> pa.Table:
    """Name and gender from the person's newest credit."""
    return query_arrow(
        f"""with {LATEST_CREDITS},
        people as (
            select person_id, name, gender, landed_at, credit_id from latest_cast
            union all select person_id, name, gender, landed_at, credit_id from latest_crew
        )
        select person_id, arg_max(name, (landed_at, credit_id)) as name,
               arg_max(gender, (landed_at, credit_id)) as gender
        from people group by person_id order by person_id""",
        **_inputs(cast_credits, crew_credits, api_cast, api_crew, movie_ids),
    )


@asset(key=["refined", "fact_cast"], ins=CREDITS_IN, **REFINED)
def fact_cast(cast_credits: pa.Table, crew_credits: pa.Table, api_cast: pa.Table, api_crew: pa.Table, movie_ids: pa.Table):
    inputs = _inputs(cast_credits, crew_credits, api_cast, api_crew, movie_ids)
    table = query_arrow(
        f"""with {LATEST_CREDITS}
        select credit_id, movie_id, person_id, character, cast_order from latest_cast order by movie_id, cast_order, credit_id""",
        **inputs,
    )
    return Output(table, metadata={"credits_without_movie": _unjoinable(inputs, "cast_credits", "api_cast")})


@asset(key=["refined", "fact_crew"], ins=CREDITS_IN, **REFINED)
def fact_crew(cast_credits: pa.Table, crew_credits: pa.Table, api_cast: pa.Table, api_crew: pa.Table, movie_ids: pa.Table):
    inputs = _inputs(cast_credits, crew_credits, api_cast, api_crew, movie_ids)
    table = query_arrow(
        f"""with {LATEST_CREDITS}
        select credit_id, movie_id, person_id, department, job from latest_crew order by movie_id, credit_id""",
        **inputs,
    )
    return Output(table, metadata={"credits_without_movie": _unjoinable(inputs, "crew_credits", "api_crew")})
