"""Movie-side dimensions and facts, from refined/conformed_movies: dim_movie, dim_genre,
bridge_movie_genre, fact_movie_finance."""
import pyarrow.dataset as ds
from dagster import AssetIn, Output, asset

from movie_lake.defs.lake.arrow_sql_resource import ArrowSQLResource
from movie_lake.lib.parsers.spool import SpooledTable
from movie_lake.defs.movies.conform import REFINED
from movie_lake.lib.schemas import imdb, refined

PLAUSIBLE = refined.PLAUSIBLE_AMOUNT_MIN_USD
CONFORMED = {"movies": AssetIn(key=refined.CONFORMED_MOVIES.key_path)}


IMDB_IN = {"links": AssetIn(key=imdb.TMDB_IMDB_LINKS.key_path),
           "imdb_titles": AssetIn(key=imdb.IMDB_TITLES.key_path, metadata={"columns": ["imdb_id", "imdb_rating", "imdb_votes"]})}


@asset(key=refined.DIM_MOVIE.key_path, ins={**CONFORMED, **IMDB_IN}, description=refined.DIM_MOVIE.description, **REFINED)
def dim_movie(arrow_sql: ArrowSQLResource, movies: ds.Dataset, links: ds.Dataset, imdb_titles: ds.Dataset) -> Output:
    table = arrow_sql.table(
        """select m.id as movie_id, m.title, m.original_title, m.original_language, m.release_date,
                  cast(year(m.release_date) as integer) as release_year, m.runtime, m.status, m.popularity,
                  m.vote_average, m.vote_count, coalesce(m.imdb_id, l.imdb_id) as imdb_id,
                  case when m.imdb_id is not null then 'tmdb_api' when l.imdb_id is not null then 'movie_links' end
                      as imdb_id_source,
                  i.imdb_rating, i.imdb_votes, m.collection_id, m.collection_name,
                  m.overview, m.deleted_upstream_at, m.source, m.landed_at
           from movies m
           left join links l on l.tmdb_id = m.id
           left join imdb_titles i on i.imdb_id = coalesce(m.imdb_id, l.imdb_id)
           order by movie_id""",
        movies=movies, links=links, imdb_titles=imdb_titles,
    )
    return Output(table, metadata=imdb_coverage(table))


def imdb_coverage(table: SpooledTable) -> dict:
    """How many titles have an IMDb id, and a rating."""
    return {"with_imdb_id": table.num_rows - table.column("imdb_id").null_count,
            "with_imdb_rating": table.num_rows - table.column("imdb_rating").null_count, "titles": table.num_rows}


@asset(key=refined.DIM_GENRE.key_path, ins=CONFORMED, description="Genre ids with their newest name.", **REFINED)
def dim_genre(arrow_sql: ArrowSQLResource, movies: ds.Dataset) -> SpooledTable:
    return arrow_sql.table(
        """with genres as (select unnest(genres) as genre, landed_at from movies)
           select genre.id as genre_id, arg_max(genre.name, landed_at) as genre_name
           from genres group by genre.id order by genre_id""",
        movies=movies,
    )


@asset(key=refined.BRIDGE_MOVIE_GENRE.key_path, ins=CONFORMED, description="Which genres each movie has.", **REFINED)
def bridge_movie_genre(arrow_sql: ArrowSQLResource, movies: ds.Dataset) -> SpooledTable:
    return arrow_sql.table(
        """select distinct id as movie_id, genre.id as genre_id
           from (select id, unnest(genres) as genre from movies) order by movie_id, genre_id""",
        movies=movies,
    )


@asset(key=refined.FACT_MOVIE_FINANCE.key_path, ins=CONFORMED, description=refined.FACT_MOVIE_FINANCE.description, **REFINED)
def fact_movie_finance(arrow_sql: ArrowSQLResource, movies: ds.Dataset) -> Output:
    table = arrow_sql.table(
        f"""with reported as (
            select id as movie_id, cast(year(release_date) as integer) as release_year,
                   case when budget_known then budget end as reported_budget,
                   case when revenue_known then revenue end as reported_revenue
            from movies
        ),
        money as (
            select *, case when reported_budget >= {PLAUSIBLE} then reported_budget end as budget,
                      case when reported_revenue >= {PLAUSIBLE} then reported_revenue end as revenue,
                      coalesce(reported_budget < {PLAUSIBLE}, false) or coalesce(reported_revenue < {PLAUSIBLE}, false)
                          as implausible_amount
            from reported
        )
        select movie_id, release_year, budget, revenue, revenue - budget as profit,
               (revenue - budget) / budget as roi, revenue / budget as return_per_dollar,
               reported_budget, reported_revenue, implausible_amount
        from money order by movie_id""",
        movies=movies,
    )
    flagged = arrow_sql.query(
        f"""select count(*) filter (where reported_budget < {PLAUSIBLE}) as budgets,
                   count(*) filter (where reported_revenue < {PLAUSIBLE}) as revenues from t""", t=table,
    ).to_pylist()[0]
    return Output(table, metadata={"implausible_budgets": flagged["budgets"], "implausible_revenues": flagged["revenues"],
                                   "rule": f"amounts under ${PLAUSIBLE:,} count as unknown"})
