from dagster import Definitions

from movie_lake.defs.movies.conform import conformed_credits, conformed_movies
from movie_lake.defs.movies.credit_model import dim_person, fact_cast, fact_crew
from movie_lake.defs.movies.movie_model import bridge_movie_genre, dim_genre, dim_movie, fact_movie_finance
from movie_lake.settings import Settings


def defs(settings: Settings) -> Definitions:
    return Definitions(assets=[
        conformed_movies, conformed_credits, dim_movie, dim_genre, bridge_movie_genre, fact_movie_finance,
        dim_person, fact_cast, fact_crew,
    ])
