from dagster import Definitions

from movie_lake.defs.tmdb_csv.assets import trusted_credits, trusted_movies
from movie_lake.settings import Settings


def defs(settings: Settings) -> Definitions:
    return Definitions(assets=[trusted_movies, trusted_credits])
