"""Movie-side dimensions and facts, from refined/conformed_movies: dim_movie, dim_genre,
bridge_movie_genre, fact_movie_finance."""
import pyarrow as pa
from dagster import AssetIn, asset

from movie_lake.defs.lake.arrow_sql_resource import ArrowSQLResource
from movie_lake.defs.movies.conform import REFINED
from movie_lake.lib.schemas import refined

CONFORMED = {"movies": AssetIn(key=refined.CONFORMED_MOVIES.key_path)}


@asset(key=refined.DIM_MOVIE.key_path, ins=CONFORMED, description=refined.DIM_MOVIE.description, **REFINED)
def dim_movie(arrow_sql: ArrowSQLResource, movies: pa.Table) -> pa.Table:
    return arrow_sql.query(
        """select id as movie_id, title, original_title, original_language, release_date,
                  cast(year(release_date) as integer) as release_year, runtime, status, popularity,
                  vote_average, vote_count, imdb_id, collection_id, collection_name,
                  overview, source, landed_at
           from movies order by movie_id""",
        movies=movies,
    )


@asset(key=refined.DIM_GENRE.key_path, ins=CONFORMED, description="Genre ids with their newest name.", **REFINED)
def dim_genre(arrow_sql: ArrowSQLResource, movies: pa.Table) -> pa.Table:
    return arrow_sql.query(
        """with genres as (select unnest(genres) as genre, landed_at from movies)
           select genre.id as genre_id, arg_max(genre.name, landed_at) as genre_name
           from genres group by genre.id order by genre_id""",
        movies=movies,
    )


@asset(key=refined.BRIDGE_MOVIE_GENRE.key_path, ins=CONFORMED, description="Which genres each movie has.", **REFINED)
def bridge_movie_genre(arrow_sql: ArrowSQLResource, movies: pa.Table) -> pa.Table:
    return arrow_sql.query(
        """select distinct id as movie_id, genre.id as genre_id
           from (select id, unnest(genres) as genre from movies) order by movie_id, genre_id""",
        movies=movies,
    )


@asset(key=refined.FACT_MOVIE_FINANCE.key_path, ins=CONFORMED, **REFINED,
       description="Budget/revenue are null when the source said 0 (unknown); profit and ratios need both.")
def fact_movie_finance(arrow_sql: ArrowSQLResource, movies: pa.Table) -> pa.Table:
    return arrow_sql.query(
        """with money as (
            select id as movie_id, cast(year(release_date) as integer) as release_year,
                   case when budget_known then budget end as budget,
                   case when revenue_known then revenue end as revenue
            from movies
        )
        select movie_id, release_year, budget, revenue, revenue - budget as profit,
               (revenue - budget) / budget as roi, revenue / budget as return_per_dollar
        from money order by movie_id""",
        movies=movies,
    )
