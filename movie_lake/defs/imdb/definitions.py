from dagster import Definitions

from movie_lake.defs.imdb.assets import imdb_titles, trusted_imdb_title_basics, trusted_imdb_title_ratings
from movie_lake.settings import Settings


def defs(settings: Settings) -> Definitions:
    return Definitions(assets=[trusted_imdb_title_ratings, trusted_imdb_title_basics, imdb_titles])
