"""movie_lake's side of the comparison work, using the pipeline's own parsers (reading the files as
streams, gzipped or not, as the trusted assets do) and pyarrow's Parquet writer."""

from __future__ import annotations

from pathlib import Path

from benchmarks.stage_errors import StageUnavailable
from benchmarks.work_spec import output_folders


def run_movie_lake(movies_csv: str, credits_csv: str, out_dir: str) -> dict:
    try:
        from movie_lake.lib.parsers.tmdb_csv import parse_credits, parse_movies
    except ImportError as missing:
        raise StageUnavailable(f"movie_lake.lib.parsers.tmdb_csv is not available yet ({missing})") from None
    out = output_folders(out_dir)

    with open(movies_csv, "rb") as stream:
        movies = parse_movies(stream, source_file=Path(movies_csv).name)
    _write(movies.table, out / "movies" / "part-0.parquet")
    movie_rows, movie_rejects = movies.table.num_rows, len(movies.rejects)
    del movies

    with open(credits_csv, "rb") as stream:
        credits = parse_credits(stream, source_file=Path(credits_csv).name)
    _write(credits["movie_cast"], out / "cast" / "part-0.parquet")
    _write(credits["movie_crew"], out / "crew" / "part-0.parquet")
    return {
        "movies": movie_rows,
        "cast": credits["movie_cast"].num_rows,
        "crew": credits["movie_crew"].num_rows,
        "movies_rejected": movie_rejects,
        "credits_rejected": len(credits.rejects),
    }



def _write(table, path: Path) -> None:
    """A parsed table to Parquet as the lake writes it: whole, or batch by batch when spooled."""
    import pyarrow.parquet as pq

    from movie_lake.lib.parsers.spool import SpooledTable

    if not isinstance(table, SpooledTable):
        pq.write_table(table, path, compression="zstd")
        return
    with pq.ParquetWriter(path, table.schema, compression="zstd") as writer:
        for batch in table.batches():
            writer.write_table(batch)
