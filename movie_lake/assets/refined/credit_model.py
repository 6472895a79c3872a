"""Person dimension and cast/crew facts.

A movie's credits come from the newest credits file that has the movie. Credits of a
movie id missing from dim_movie cannot be joined; they are left out of the facts and
counted in the metadata (`credits_without_movie`), so facts always reference a movie.
"""

import pyarrow as pa
from dagster import AssetExecutionContext, AssetIn, Output, asset

from ...transform import query_arrow
from .movie_model import REFINED

CREDITS_IN = {
    "cast_credits": AssetIn(key=["trusted", "movie_cast"]),
    "crew_credits": AssetIn(key=["trusted", "movie_crew"]),
    "movie_ids": AssetIn(key=["refined", "dim_movie"], metadata={"columns": ["movie_id"]}),
}

LATEST_CREDITS = """
newest_file as (
    select movie_id, arg_max(source_file, (landed_at, source_file)) as source_file
    from (select movie_id, source_file, landed_at from cast_credits union all select movie_id, source_file, landed_at from crew_credits)
    group by movie_id
),
known as (select n.* from newest_file n semi join movie_ids m on n.movie_id = m.movie_id),
latest_cast as (select c.* from cast_credits c join known k using (movie_id, source_file)),
latest_crew as (select c.* from crew_credits c join known k using (movie_id, source_file))"""


def _unjoinable(cast_credits: pa.Table, crew_credits: pa.Table, movie_ids: pa.Table) -> int:
    return query_arrow(
        """select count(*) as n from (select movie_id from cast_credits union all select movie_id from crew_credits)
           where movie_id not in (select movie_id from movie_ids)""",
        cast_credits=cast_credits, crew_credits=crew_credits, movie_ids=movie_ids,
    ).column("n")[0].as_py()


@asset(key=["refined", "dim_person"], ins=CREDITS_IN, **REFINED)
def dim_person(cast_credits: pa.Table, crew_credits: pa.Table, movie_ids: pa.Table) -> pa.Table:
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
        cast_credits=cast_credits, crew_credits=crew_credits, movie_ids=movie_ids,
    )


@asset(key=["refined", "fact_cast"], ins=CREDITS_IN, **REFINED)
def fact_cast(context: AssetExecutionContext, cast_credits: pa.Table, crew_credits: pa.Table, movie_ids: pa.Table):
    table = query_arrow(
        f"""with {LATEST_CREDITS}
        select credit_id, movie_id, person_id, character, cast_order from latest_cast order by movie_id, cast_order, credit_id""",
        cast_credits=cast_credits, crew_credits=crew_credits, movie_ids=movie_ids,
    )
    return Output(table, metadata={"credits_without_movie": _unjoinable(cast_credits, crew_credits, movie_ids)})


@asset(key=["refined", "fact_crew"], ins=CREDITS_IN, **REFINED)
def fact_crew(context: AssetExecutionContext, cast_credits: pa.Table, crew_credits: pa.Table, movie_ids: pa.Table):
    table = query_arrow(
        f"""with {LATEST_CREDITS}
        select credit_id, movie_id, person_id, department, job from latest_crew order by movie_id, credit_id""",
        cast_credits=cast_credits, crew_credits=crew_credits, movie_ids=movie_ids,
    )
    return Output(table, metadata={"credits_without_movie": _unjoinable(cast_credits, crew_credits, movie_ids)})
