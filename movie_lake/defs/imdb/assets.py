"""IMDb's title.ratings and title.basics: trusted per landed file, and `refined/imdb_titles`
from the newest landed file of each (IMDb republishes whole files, so a newer landing
replaces the older one rather than adding to it). `sql/imdb_titles.sql`."""
from dagster import AssetIn, Output, asset

from movie_lake.defs.landing.partitions import landing_partitions
from movie_lake.defs.landing.trusted import newest_raw, trusted_asset
from movie_lake.defs.lake.table_sql_resource import TableSQLResource, lake_inputs
from movie_lake.defs.movies.conform import REFINED
from movie_lake.lib.landing.rules import IMDB_TITLE_BASICS, IMDB_TITLE_RATINGS
from movie_lake.lib.parsers.imdb import parse_title_basics, parse_title_ratings
from movie_lake.lib.query.dialect import with_final_select
from movie_lake.lib.query.table_sql import TableSQL
from movie_lake.lib.schemas import imdb
from movie_lake.lib.storage.dataset_type import Dataset

trusted_imdb_title_ratings = trusted_asset(IMDB_TITLE_RATINGS, parse_title_ratings, landing_partitions(IMDB_TITLE_RATINGS),
                                           newest_raw, streamed=True)
trusted_imdb_title_basics = trusted_asset(IMDB_TITLE_BASICS, parse_title_basics, landing_partitions(IMDB_TITLE_BASICS),
                                          newest_raw, streamed=True)

IMDB_TITLES_SQL = TableSQL.beside(__file__, "imdb_titles").render()
NEWEST_FILES = with_final_select(IMDB_TITLES_SQL, """select (select source_file from newest_ratings_file) as ratings_file,
                                                            (select source_file from newest_basics_file) as basics_file""")
IMDB_IN = {"ratings": AssetIn(key=imdb.IMDB_TITLE_RATINGS.key_path), "basics": AssetIn(key=imdb.IMDB_TITLE_BASICS.key_path)}


@asset(key=imdb.IMDB_TITLES.key_path, description=imdb.IMDB_TITLES.description, ins=IMDB_IN, **REFINED)
def imdb_titles(table_sql: TableSQLResource, ratings: Dataset, basics: Dataset) -> Output:
    inputs = lake_inputs(IMDB_IN, ratings=ratings, basics=basics)
    rows = table_sql.build(imdb.IMDB_TITLES, IMDB_TITLES_SQL, inputs)
    files = (table_sql.query(NEWEST_FILES, inputs).to_pylist() or [{}])[0]
    counts = (table_sql.query("select count(imdb_rating) as rated, count(*) filter (where imdb_rating is null) as unrated from refined.imdb_titles",
                              inputs, rows, imdb.IMDB_TITLES).to_pylist() or [{}])[0]
    return Output(rows, metadata={"ratings_file": files.get("ratings_file") or "none landed",
                                  "basics_file": files.get("basics_file") or "none landed",
                                  "titles_rated": counts.get("rated"), "titles_without_rating": counts.get("unrated")})
