"""Every table built from SQL, by lake name: what Athena or DuckDB runs for it (Trino)."""
from __future__ import annotations

from movie_lake.defs.franchises.assets import franchise_queries
from movie_lake.defs.imdb.assets import IMDB_TITLES_SQL
from movie_lake.defs.movie_links.assets import LINKS_SQL
from movie_lake.defs.movies import conform, credit_model, movie_model
from movie_lake.defs.series import series_model
from movie_lake.defs.video.refined_assets import VIDEO_TRENDS_SQL
from movie_lake.lib.schemas import imdb, refined, video
from movie_lake.settings import Settings


def refined_queries(settings: Settings) -> dict[str, str]:
    return {
        refined.CONFORMED_MOVIES.name: conform.CONFORMED_MOVIES_SQL,
        refined.CONFORMED_CAST.name: conform.CONFORMED_CREDITS_SQL["cast"],
        refined.CONFORMED_CREW.name: conform.CONFORMED_CREDITS_SQL["crew"],
        **{f"refined/{name}": sql for name, sql in {**movie_model.SQL, **credit_model.SQL, **series_model.SQL}.items()},
        **{schema.name: sql for (schema, _role), sql in series_model.SERIES_CREDITS.items()},
        imdb.IMDB_TITLES.name: IMDB_TITLES_SQL,
        imdb.TMDB_IMDB_LINKS.name: LINKS_SQL,
        video.VIDEO_TRENDS.name: VIDEO_TRENDS_SQL,
        **franchise_queries(settings),
    }
