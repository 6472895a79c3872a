"""Analysis assets: one per `movie_lake/sql/<name>.sql`, run by the mode's query engine."""
