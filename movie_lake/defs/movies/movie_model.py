"""Movie-side dimensions and facts: dim_movie, dim_genre, bridge_movie_genre, fact_movie_finance.

Two sources: every landed CSV file is a partition of trusted/movies, every fetched API
month a partition of trusted/tmdb_movies. A movie id seen in several takes its row from
the newest landing (CSV: when the file landed; API: when the month was fetched; ties go
to the API, then the later file name or month), and `source` says which one. imdb_id and
the collection (franchise) come from the movie's newest API row whichever source wins,
since the CSV files have neither.
"""

import pyarrow as pa
from dagster import AssetIn, asset

from movie_lake.lib.query.arrow_sql import query_arrow

REFINED = dict(group_name="refined", io_manager_key="lake_io_manager")
MOVIES_IN = {"movies": AssetIn(key=["trusted", "movies"]), "api_movies": AssetIn(key=["trusted", "tmdb_movies"])}

LATEST_MOVIES = """
all_movies as (
    select * exclude (source_file), 'tmdb_csv' as source, source_file as landing from movies
    union all by name
    select * exclude (release_month, imdb_id, collection_id, collection_name, origin_country),
           'tmdb_api' as source, release_month as landing
    from api_movies
),
api_extras as (
    select id, imdb_id, collection_id, collection_name from (
        select *, row_number() over (partition by id order by landed_at desc, release_month desc) as rank from api_movies
    ) where rank = 1
),
latest_movies as (
    select m.* exclude (rank), x.imdb_id, x.collection_id, x.collection_name from (
        select *, row_number() over (partition by id order by landed_at desc, source = 'tmdb_api' desc, landing desc) as rank
        from all_movies
    ) m left join api_extras x using (id) where rank = 1
)"""


@asset(key=["refined", "dim_movie"], ins=MOVIES_IN, **REFINED)
def dim_movie(movies: pa.Table, api_movies: pa.Table) -> pa.Table:
    return query_arrow(
        f"""with {LATEST_MOVIES}
        select id as movie_id, title, original_title, original_language, release_date,
               cast(year(release_date) as integer) as release_year, runtime, status, popularity,
               vote_average, vote_count, imdb_id, collection_id, collection_name,
               overview, source, landed_at
        from latest_movies order by movie_id""",
        movies=movies, api_movies=api_movies,
    )


@asset(key=["refined", "dim_genre"], ins=MOVIES_IN, **REFINED)
def dim_genre(movies: pa.Table, api_movies: pa.Table) -> pa.Table:
    """Genre ids with their newest name."""
    return query_arrow(
        f"""with {LATEST_MOVIES},
        genres as (select unnest(genres) as genre, landed_at from latest_movies)
        select genre.id as genre_id, arg_max(genre.name, landed_at) as genre_name
        from genres group by genre.id order by genre_id""",
        movies=movies, api_movies=api_movies,
    )


@asset(key=["refined", "bridge_movie_genre"], ins=MOVIES_IN, **REFINED)
def bridge_movie_genre(movies: pa.Table, api_movies: pa.Table) -> pa.Table:
    return query_arrow(
        f"""with {LATEST_MOVIES}
        select distinct id as movie_id, genre.id as genre_id
        from (select id, unnest(genres) as genre from latest_movies) order by movie_id, genre_id""",
        movies=movies, api_movies=api_movies,
    )


@asset(key=["refined", "fact_movie_finance"], ins=MOVIES_IN, **REFINED)
def fact_movie_finance(movies: pa.Table, api_movies: pa.Table) -> pa.Table:
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
        movies=movies, api_movies=api_movies,
    )
