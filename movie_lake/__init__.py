"""movie_lake: a Dagster data lake for movie and online-video data."""
