"""The trending-video CSVs to Parquet: movie_lake's column-wise reader (`parse_video_stats`)
beside its record-by-record reference (`parse_video_stats_by_rows`). No library reads the
scraper's segmented quoting right, so the peers here are the two readers, with equal row counts."""

from __future__ import annotations

from pathlib import Path

VIDEO_TABLES = ("video_stats", "video_rejected")


def video_inputs(files, out_dir: Path) -> dict:
    return {"videos_csv": [str(p) for p in files.videos.values()], "out_dir": str(out_dir)}


def run_columns(videos_csv: list[str], out_dir: str) -> dict:
    from movie_lake.lib.parsers.video_csv import parse_video_stats

    return _run(parse_video_stats, videos_csv, Path(out_dir))


def run_rows(videos_csv: list[str], out_dir: str) -> dict:
    from movie_lake.lib.parsers.video_csv import parse_video_stats_by_rows

    return _run(parse_video_stats_by_rows, videos_csv, Path(out_dir))


def _run(parse, videos_csv: list[str], out: Path) -> dict:
    import pyarrow.parquet as pq

    out.mkdir(parents=True, exist_ok=True)
    rows = rejected = 0
    for path in videos_csv:
        with open(path, "rb") as source:
            parsed = parse(source.read(), Path(path).name)
        pq.write_table(parsed.table, out / f"{Path(path).stem}.parquet", compression="zstd")
        rows, rejected = rows + parsed.table.num_rows, rejected + len(parsed.rejects)
        del parsed
    return {"video_stats": rows, "video_rejected": rejected}
