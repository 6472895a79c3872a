"""Every dataset of the lake, declared once. Look a schema up by its lake name."""
from movie_lake.lib.schemas import analytics, cost, franchise, imdb, refined, tmdb_api, tmdb_catalog, tmdb_trusted, tmdb_tv, video
from movie_lake.lib.schemas.base import Column, DatasetSchema, ForeignKey

ALL_SCHEMAS: dict[str, DatasetSchema] = {
    s.name: s for module in (tmdb_trusted, tmdb_api, tmdb_tv, tmdb_catalog, imdb, refined, franchise, video, analytics, cost) for s in module.SCHEMAS
}


def schema_for(name: str) -> DatasetSchema:
    try:
        return ALL_SCHEMAS[name]
    except KeyError:
        raise KeyError(f"no dataset schema declared for {name!r}") from None


__all__ = ["ALL_SCHEMAS", "Column", "DatasetSchema", "ForeignKey", "schema_for"]
