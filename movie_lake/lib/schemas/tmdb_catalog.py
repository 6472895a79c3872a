"""Trusted tables of the whole-catalog crawl, one partition per id range: the same columns as
the monthly API tables (one declaration), so the conform step treats both sources alike, plus
the ids TMDB answered 404 for."""
import dataclasses

import pyarrow as pa

from movie_lake.lib.schemas import tmdb_api, tmdb_tv
from movie_lake.lib.schemas.base import Column, DatasetSchema

ID_RANGE = "id_range"


def _by_id_range(schema: DatasetSchema, name: str) -> DatasetSchema:
    return dataclasses.replace(schema, name=f"trusted/{name}", partition_column=ID_RANGE,
                               description=schema.description.replace("per release month", "per id range")
                               .replace("per first-air month", "per id range")
                               + " From the whole-catalog crawl: each id's newest answer with details.")


def _missing(media: str) -> DatasetSchema:
    return DatasetSchema(
        name=f"trusted/tmdb_catalog_{media}_missing",
        description=f"TMDB {media} ids whose newest answer was 404 (deleted upstream, or listed in an export "
                    "but never served), with the last time TMDB did have them.",
        primary_key=("id",),
        partition_column=ID_RANGE,
        columns=(
            Column("id", pa.int64(), False),
            Column("checked_at", pa.timestamp("us", tz="UTC"), False, "when TMDB answered 404"),
            Column("last_fetched_at", pa.timestamp("us", tz="UTC"),
                   description="the newest answer with details before that, if any: a title deleted upstream"),
            Column("reason", pa.string(), False, "why the id was asked: the export, or a changes window"),
        ),
    )


CATALOG_MOVIES = _by_id_range(tmdb_api.TMDB_MOVIES, "tmdb_catalog_movies")
CATALOG_CAST = _by_id_range(tmdb_api.TMDB_CAST, "tmdb_catalog_cast")
CATALOG_CREW = _by_id_range(tmdb_api.TMDB_CREW, "tmdb_catalog_crew")
CATALOG_MOVIE_MISSING = _missing("movie")
CATALOG_SERIES = _by_id_range(tmdb_tv.TMDB_TV_SERIES, "tmdb_catalog_tv_series")
CATALOG_TV_CAST = _by_id_range(tmdb_tv.TMDB_TV_CAST, "tmdb_catalog_tv_cast")
CATALOG_TV_CREW = _by_id_range(tmdb_tv.TMDB_TV_CREW, "tmdb_catalog_tv_crew")
CATALOG_TV_MISSING = _missing("tv")
MOVIE_SCHEMAS = (CATALOG_MOVIES, CATALOG_CAST, CATALOG_CREW, CATALOG_MOVIE_MISSING)
TV_SCHEMAS = (CATALOG_SERIES, CATALOG_TV_CAST, CATALOG_TV_CREW, CATALOG_TV_MISSING)
SCHEMAS = MOVIE_SCHEMAS + TV_SCHEMAS
