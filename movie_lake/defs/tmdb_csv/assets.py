"""Trusted tables from the Kaggle TMDB CSVs: movies, and cast/crew flattened from credits."""
from movie_lake.defs.landing.partitions import landing_partitions
from movie_lake.defs.landing.trusted import newest_raw, trusted_asset
from movie_lake.lib.landing.rules import TMDB_CREDITS, TMDB_MOVIES
from movie_lake.lib.parsers.tmdb_csv import parse_credits, parse_movies

trusted_movies = trusted_asset(TMDB_MOVIES, parse_movies, landing_partitions(TMDB_MOVIES), newest_raw, streamed=True)
trusted_credits = trusted_asset(TMDB_CREDITS, parse_credits, landing_partitions(TMDB_CREDITS), newest_raw, streamed=True)
