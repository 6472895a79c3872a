"""The whole TMDB catalog in the raw zone: daily id exports, id-range partitions fetched in
resumable batches, and the changes feed that says which fetched titles are stale."""
