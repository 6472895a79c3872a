"""movie_lake's side of the comparison work, using the pipeline's own parsers and pyarrow's Parquet writer."""

from __future__ import annotations

import gzip
from pathlib import Path

from movie_lake.bench.stage_errors import StageUnavailable


def run_movie_lake(movies_csv: str, credits_csv: str, out_dir: str) -> dict:
    try:
        import pyarrow.parquet as pq

        from movie_lake.sources.tmdb_csv import parse_credits, parse_movies
    except ImportError as missing:
        raise StageUnavailable(f"movie_lake.sources.tmdb_csv is not available yet ({missing})") from None
    out = Path(out_dir)
    for table in ("movies", "cast", "crew"):
        (out / table).mkdir(parents=True, exist_ok=True)

    movies = parse_movies(_read_bytes(movies_csv), source_file=Path(movies_csv).name)
    pq.write_table(movies.table, out / "movies" / "part-0.parquet")
    movie_rows, movie_rejects = movies.table.num_rows, len(movies.rejects)
    del movies

    credits = parse_credits(_read_bytes(credits_csv), source_file=Path(credits_csv).name)
    pq.write_table(credits.cast, out / "cast" / "part-0.parquet")
    pq.write_table(credits.crew, out / "crew" / "part-0.parquet")
    return {
        "movies": movie_rows,
        "cast": credits.cast.num_rows,
        "crew": credits.crew.num_rows,
        "movies_rejected": movie_rejects,
        "credits_rejected": len(credits.rejects),
    }


def _read_bytes(path: str) -> bytes:
    data = Path(path).read_bytes()
    return gzip.decompress(data) if path.endswith(".gz") else data
