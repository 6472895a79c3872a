"""Movie-side dimensions and facts, from refined/conformed_movies: dim_movie, dim_genre,
bridge_movie_genre, fact_movie_finance (`sql/<table>.sql`)."""
from dagster import AssetIn, Output, asset

from movie_lake.defs.lake.table_sql_resource import TableRows, TableSQLResource, lake_inputs
from movie_lake.defs.movies.conform import REFINED
from movie_lake.lib.query.table_sql import TableSQL
from movie_lake.lib.schemas import imdb, refined
from movie_lake.lib.schemas.base import DatasetSchema
from movie_lake.lib.storage.dataset_type import Dataset

PLAUSIBLE = refined.PLAUSIBLE_AMOUNT_MIN_USD
CONFORMED = {"movies": AssetIn(key=refined.CONFORMED_MOVIES.key_path)}
IMDB_IN = {"links": AssetIn(key=imdb.TMDB_IMDB_LINKS.key_path),
           "imdb_titles": AssetIn(key=imdb.IMDB_TITLES.key_path, metadata={"columns": ["imdb_id", "imdb_rating", "imdb_votes"]})}
SQL = {name: TableSQL.beside(__file__, name).render(plausible=PLAUSIBLE)
       for name in ("dim_movie", "dim_genre", "bridge_movie_genre", "fact_movie_finance")}
DIM_MOVIE_AFFECTED = TableSQL.beside(__file__, "dim_movie.affected").render()
PER_MOVIE_AFFECTED = TableSQL.beside(__file__, "per_movie.affected").render()


@asset(key=refined.DIM_MOVIE.key_path, ins={**CONFORMED, **IMDB_IN}, description=refined.DIM_MOVIE.description, **REFINED)
def dim_movie(table_sql: TableSQLResource, movies: Dataset, links: Dataset, imdb_titles: Dataset) -> Output:
    inputs = lake_inputs({**CONFORMED, **IMDB_IN}, movies=movies, links=links, imdb_titles=imdb_titles)
    rows = table_sql.build(refined.DIM_MOVIE, SQL["dim_movie"], inputs, DIM_MOVIE_AFFECTED)
    return Output(rows, metadata=imdb_coverage(table_sql, refined.DIM_MOVIE, rows, inputs))


def imdb_coverage(table_sql: TableSQLResource, schema: DatasetSchema, rows: TableRows, inputs: dict) -> dict:
    """How many titles have an IMDb id, and a rating."""
    counts = table_sql.query(f"""select count(*) as titles, count(imdb_id) as with_imdb_id, count(imdb_rating) as with_imdb_rating
                                 from {schema.name.replace("/", ".")}""", inputs, rows, schema).to_pylist()
    return counts[0] if counts else {}


@asset(key=refined.DIM_GENRE.key_path, ins=CONFORMED, description="Genre ids with their newest name.", **REFINED)
def dim_genre(table_sql: TableSQLResource, movies: Dataset):
    return table_sql.build(refined.DIM_GENRE, SQL["dim_genre"], lake_inputs(CONFORMED, movies=movies))


@asset(key=refined.BRIDGE_MOVIE_GENRE.key_path, ins=CONFORMED, description="Which genres each movie has.", **REFINED)
def bridge_movie_genre(table_sql: TableSQLResource, movies: Dataset):
    return table_sql.build(refined.BRIDGE_MOVIE_GENRE, SQL["bridge_movie_genre"], lake_inputs(CONFORMED, movies=movies),
                           PER_MOVIE_AFFECTED)


@asset(key=refined.FACT_MOVIE_FINANCE.key_path, ins=CONFORMED, description=refined.FACT_MOVIE_FINANCE.description, **REFINED)
def fact_movie_finance(table_sql: TableSQLResource, movies: Dataset) -> Output:
    inputs = lake_inputs(CONFORMED, movies=movies)
    rows = table_sql.build(refined.FACT_MOVIE_FINANCE, SQL["fact_movie_finance"], inputs, PER_MOVIE_AFFECTED)
    flagged = table_sql.query(
        f"""select count(*) filter (where reported_budget < {PLAUSIBLE}) as budgets, count(*) filter (where reported_revenue < {PLAUSIBLE}) as revenues
            from refined.fact_movie_finance""", inputs, rows, refined.FACT_MOVIE_FINANCE,
    ).to_pylist()
    flagged = flagged[0] if flagged else {}
    return Output(rows, metadata={"implausible_budgets": flagged.get("budgets"), "implausible_revenues": flagged.get("revenues"),
                                  "rule": f"amounts under ${PLAUSIBLE:,} count as unknown"})
