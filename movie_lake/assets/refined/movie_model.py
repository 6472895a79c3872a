"""Movie-side dimensions and facts: dim_movie, dim_genre, bridge_movie_genre, fact_movie_finance.

Every landed movies file is a partition of trusted/movies; a movie id that appears in
several files takes its row from the newest landing (ties: the later file name).
"""

import pyarrow as pa
from dagster import AssetIn, asset

from ...transform import query_arrow

REFINED = dict(group_name="refined", io_manager_key="lake_io_manager")
MOVIES_IN = {"movies": AssetIn(key=["trusted", "movies"])}

LATEST_MOVIES = """
latest_movies as (
    select * exclude (rank) from (
        select *, row_number() over (partition by id order by landed_at desc, source_file desc) as rank
        from movies
    ) where rank = 1
)"""


@asset(key=["refined", "dim_movie"], ins=MOVIES_IN, **REFINED)
def dim_movie(movies: pa.Table) -> pa.Table:
    return query_arrow(
        f"""with {LATEST_MOVIES}
        select id as movie_id, title, original_title, original_language, release_date,
               cast(year(release_date) as integer) as release_year, runtime, status, popularity,
               vote_average, vote_count, cast(null as varchar) as imdb_id,
               cast(null as bigint) as collection_id, cast(null as varchar) as collection_name,
               overview, 'tmdb_csv' as source, landed_at
        from latest_movies order by movie_id""",
        movies=movies,
    )


@asset(key=["refined", "dim_genre"], ins=MOVIES_IN, **REFINED)
def dim_genre(movies: pa.Table) -> pa.Table:
    """Genre ids with their newest name."""
    return query_arrow(
        f"""with {LATEST_MOVIES},
        genres as (select unnest(genres) as genre, landed_at from latest_movies)
        select genre.id as genre_id, arg_max(genre.name, landed_at) as genre_name
        from genres group by genre.id order by genre_id""",
        movies=movies,
    )


@asset(key=["refined", "bridge_movie_genre"], ins=MOVIES_IN, **REFINED)
def bridge_movie_genre(movies: pa.Table) -> pa.Table:
    return query_arrow(
        f"""with {LATEST_MOVIES}
        select distinct id as movie_id, genre.id as genre_id
        from (select id, unnest(genres) as genre from latest_movies) order by movie_id, genre_id""",
        movies=movies,
    )


@asset(key=["refined", "fact_movie_finance"], ins=MOVIES_IN, **REFINED)
def fact_movie_finance(movies: pa.Table) -> pa.Table:
    """Budget/revenue are null when the source said 0 (unknown); profit and ratios need both."""
    return query_arrow(
        f"""with {LATEST_MOVIES},
        money as (
            select id as movie_id, cast(year(release_date) as integer) as release_year,
                   case when budget_known then budget end as budget,
                   case when revenue_known then revenue end as revenue
            from latest_movies
        )
        select movie_id, release_year, budget, revenue, revenue - budget as profit,
               (revenue - budget) / budget as roi, revenue / budget as return_per_dollar
        from money order by movie_id""",
        movies=movies,
    )
