"""The one place the Definitions are assembled: each concept's own `defs(settings)`, the
checks derived from the declared schemas, and the catalog metadata every asset carries."""
from __future__ import annotations

from movie_lake.lib.collector import collector_paused

with collector_paused(freeze=True):  # see movie_lake/lib/collector.py: 0.3 s of the import
    from dagster import Definitions, with_source_code_references

    from movie_lake.defs.analytics import definitions as analytics
    from movie_lake.defs.dashboard import definitions as dashboard
    from movie_lake.defs.franchises import definitions as franchises
    from movie_lake.defs.imdb import definitions as imdb
    from movie_lake.defs.lake import definitions as lake
    from movie_lake.defs.lake.catalog_specs import describe
    from movie_lake.defs.lake.checks import checks_for
    from movie_lake.defs.landing import definitions as landing
    from movie_lake.defs.movie_links import definitions as movie_links
    from movie_lake.defs.movies import definitions as movies
    from movie_lake.defs.series import definitions as series
    from movie_lake.defs.tmdb_api import definitions as tmdb_api
    from movie_lake.defs.tmdb_catalog import definitions as tmdb_catalog
    from movie_lake.defs.tmdb_csv import definitions as tmdb_csv
    from movie_lake.defs.video import definitions as video
    from movie_lake.settings import Settings, load_settings

CONCEPTS = {
    "landing": landing, "tmdb_csv": tmdb_csv, "tmdb_api": tmdb_api, "tmdb_catalog": tmdb_catalog, "video": video,
    "imdb": imdb, "movie_links": movie_links, "movies": movies, "series": series,
    "franchises": franchises, "analytics": analytics, "dashboard": dashboard,
}


def build_definitions(settings: Settings | None = None) -> Definitions:
    settings = settings or load_settings()
    parts = []
    for name, concept in CONCEPTS.items():
        part = concept.defs(settings)
        part = Definitions(assets=with_source_code_references(list(part.assets or [])), jobs=part.jobs,
                           schedules=part.schedules, sensors=part.sensors, resources=part.resources)
        parts.append(part.map_asset_specs(func=lambda spec, name=name: describe(spec, settings, name)))
    merged = Definitions.merge(*parts, lake.defs(settings))
    return Definitions.merge(merged, Definitions(asset_checks=checks_for(merged.assets)))


with collector_paused(freeze=True):
    defs = build_definitions()
