"""IMDb's title.ratings and title.basics: trusted per landed file, and `refined/imdb_titles`
from the newest landed file of each (IMDb republishes whole files, so a newer landing
replaces the older one rather than adding to it)."""
import pyarrow.dataset as ds
from dagster import AssetIn, Output, asset

from movie_lake.defs.landing.partitions import landing_partitions
from movie_lake.defs.landing.trusted import newest_raw, trusted_asset
from movie_lake.defs.lake.arrow_sql_resource import ArrowSQLResource
from movie_lake.defs.movies.conform import REFINED
from movie_lake.lib.landing.rules import IMDB_TITLE_BASICS, IMDB_TITLE_RATINGS
from movie_lake.lib.parsers.imdb import parse_title_basics, parse_title_ratings
from movie_lake.lib.schemas import imdb

trusted_imdb_title_ratings = trusted_asset(IMDB_TITLE_RATINGS, parse_title_ratings, landing_partitions(IMDB_TITLE_RATINGS),
                                           newest_raw, streamed=True)
trusted_imdb_title_basics = trusted_asset(IMDB_TITLE_BASICS, parse_title_basics, landing_partitions(IMDB_TITLE_BASICS),
                                          newest_raw, streamed=True)

NEWEST_FILE = "where source_file = (select arg_max(source_file, (landed_at, source_file)) from {table})"
"""The rows of a table's newest landed file."""


@asset(key=imdb.IMDB_TITLES.key_path, description=imdb.IMDB_TITLES.description,
       ins={"ratings": AssetIn(key=imdb.IMDB_TITLE_RATINGS.key_path), "basics": AssetIn(key=imdb.IMDB_TITLE_BASICS.key_path)},
       **REFINED)
def imdb_titles(arrow_sql: ArrowSQLResource, ratings: ds.Dataset, basics: ds.Dataset) -> Output:
    table = arrow_sql.table(
        f"""with r as (select * from ratings {NEWEST_FILE.format(table="ratings")}),
                 b as (select * from basics {NEWEST_FILE.format(table="basics")})
            select coalesce(b.imdb_id, r.imdb_id) as imdb_id, b.title_type, b.primary_title, b.start_year, b.genres,
                   r.imdb_rating, r.imdb_votes
            from b full join r on r.imdb_id = b.imdb_id order by imdb_id""",
        ratings=ratings, basics=basics,
    )
    files = arrow_sql.query(
        f"""select (select any_value(source_file) from ratings {NEWEST_FILE.format(table="ratings")}) as ratings_file,
                   (select any_value(source_file) from basics {NEWEST_FILE.format(table="basics")}) as basics_file""",
        ratings=ratings, basics=basics,
    ).to_pylist()[0]
    rated = table.column("imdb_rating").null_count
    return Output(table, metadata={"ratings_file": files["ratings_file"] or "none landed",
                                   "basics_file": files["basics_file"] or "none landed",
                                   "titles_rated": table.num_rows - rated, "titles_without_rating": rated})
