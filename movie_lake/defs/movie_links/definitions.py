from dagster import Definitions

from movie_lake.defs.movie_links.assets import tmdb_imdb_links, trusted_movie_links
from movie_lake.settings import Settings


def defs(settings: Settings) -> Definitions:
    return Definitions(assets=[trusted_movie_links, tmdb_imdb_links])
