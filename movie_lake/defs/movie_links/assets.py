"""The Movies Dataset's links.csv: trusted per landed file, and `refined/tmdb_imdb_links`
from the newest landed file (the bridge that gives CSV movies their IMDb ids)."""
import pyarrow.dataset as ds
from dagster import AssetIn, Output, asset

from movie_lake.defs.imdb.assets import NEWEST_FILE
from movie_lake.defs.landing.partitions import landing_partitions
from movie_lake.defs.landing.trusted import newest_raw, trusted_asset
from movie_lake.defs.lake.arrow_sql_resource import ArrowSQLResource
from movie_lake.defs.movies.conform import REFINED
from movie_lake.lib.landing.rules import MOVIE_LINKS
from movie_lake.lib.parsers.imdb import parse_movie_links
from movie_lake.lib.schemas import imdb

trusted_movie_links = trusted_asset(MOVIE_LINKS, parse_movie_links, landing_partitions(MOVIE_LINKS), newest_raw, streamed=True)


@asset(key=imdb.TMDB_IMDB_LINKS.key_path, description=imdb.TMDB_IMDB_LINKS.description,
       ins={"links": AssetIn(key=imdb.MOVIE_LINKS.key_path)}, **REFINED)
def tmdb_imdb_links(arrow_sql: ArrowSQLResource, links: ds.Dataset) -> Output:
    per_tmdb_id = f"""with newest as (select * from links {NEWEST_FILE.format(table="links")} and tmdb_id is not null)
        select tmdb_id, min(imdb_id) as imdb_id, count(distinct imdb_id) as imdb_ids from newest group by tmdb_id"""
    table = arrow_sql.table(f"select tmdb_id, imdb_id from ({per_tmdb_id}) where imdb_ids = 1 order by tmdb_id", links=links)
    counts = arrow_sql.query(
        f"""select (select count(*) from ({per_tmdb_id}) where imdb_ids > 1) as ambiguous,
                   (select count(*) from links {NEWEST_FILE.format(table="links")} and tmdb_id is null) as without_tmdb_id""",
        links=links,
    ).to_pylist()[0]
    return Output(table, metadata={"tmdb_ids_linked": table.num_rows, "tmdb_ids_ambiguous": counts["ambiguous"],
                                   "rows_without_tmdb_id": counts["without_tmdb_id"]})
