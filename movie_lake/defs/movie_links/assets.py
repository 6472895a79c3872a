"""The Movies Dataset's links.csv: trusted per landed file, and `refined/tmdb_imdb_links`
from the newest landed file (the bridge that gives CSV movies their IMDb ids). `sql/tmdb_imdb_links.sql`."""
from dagster import AssetIn, Output, asset

from movie_lake.defs.landing.partitions import landing_partitions
from movie_lake.defs.landing.trusted import newest_raw, trusted_asset
from movie_lake.defs.lake.table_sql_resource import TableSQLResource, lake_inputs
from movie_lake.defs.movies.conform import REFINED
from movie_lake.lib.landing.rules import MOVIE_LINKS
from movie_lake.lib.parsers.imdb import parse_movie_links
from movie_lake.lib.query.dialect import with_final_select
from movie_lake.lib.query.table_sql import TableSQL
from movie_lake.lib.schemas import imdb
from movie_lake.lib.storage.dataset_type import Dataset

trusted_movie_links = trusted_asset(MOVIE_LINKS, parse_movie_links, landing_partitions(MOVIE_LINKS), newest_raw, streamed=True)

LINKS_SQL = TableSQL.beside(__file__, "tmdb_imdb_links").render()
LINK_COUNTS = with_final_select(LINKS_SQL, """select count(*) filter (where imdb_ids = 1) as linked, count(*) filter (where imdb_ids > 1) as ambiguous,
                                                     (select count(*) filter (where tmdb_id is null) from newest) as without_tmdb_id
                                              from per_tmdb_id""")
LINKS_IN = {"links": AssetIn(key=imdb.MOVIE_LINKS.key_path)}


@asset(key=imdb.TMDB_IMDB_LINKS.key_path, description=imdb.TMDB_IMDB_LINKS.description, ins=LINKS_IN, **REFINED)
def tmdb_imdb_links(table_sql: TableSQLResource, links: Dataset) -> Output:
    inputs = lake_inputs(LINKS_IN, links=links)
    rows = table_sql.build(imdb.TMDB_IMDB_LINKS, LINKS_SQL, inputs)
    counts = (table_sql.query(LINK_COUNTS, inputs).to_pylist() or [{}])[0]
    return Output(rows, metadata={"tmdb_ids_linked": counts.get("linked"),
                                  "tmdb_ids_ambiguous": counts.get("ambiguous"), "rows_without_tmdb_id": counts.get("without_tmdb_id")})
