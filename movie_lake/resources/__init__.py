"""Resources: lake storage, the TMDB API, the query engine and the catalog."""
