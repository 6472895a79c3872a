"""Write the benchmark inputs for one scale: movies, credits and video stats, seeded and streamed.

Layout under the data root (default `.bench/data/`, git-ignored):

    x{scale}/tmdb_5000_movies.csv      real file, then scale-1 synthetic copies (see synth_movies)
    x{scale}/tmdb_5000_credits.csv     real partial file, then one copy per synthetic movie with credits
    x{scale}/youtube_trending/{R}videos.csv and {R}_category_id.json
    x{scale}/manifest.json             seed, generator version, per-file bytes and records

Scale 1 rewrites the real files byte for byte. The same seed always gives the same bytes; a scale whose
manifest matches the request is not generated again.
"""

from __future__ import annotations

import json
import random
import shutil
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks.csv_sink import CsvSink
from benchmarks.paths import CREDITS_FILE, MOVIES_FILE, VIDEOS_DIR, real_data_root, size_dir
from benchmarks.real_sources import (
    VIDEO_REGIONS,
    RealTmdb,
    load_real_tmdb,
    load_real_videos,
)
from benchmarks.synth_credits import CreditsSynthesizer
from benchmarks.synth_movies import MovieSynthesizer
from benchmarks.synth_videos import VideoSynthesizer

GENERATOR_VERSION = 1
DEFAULT_SEED = 8


@dataclass(frozen=True)
class ScaleFiles:
    """Paths of one generated scale, as the benchmark stages receive them."""

    scale: int
    folder: Path
    movies_csv: Path
    credits_csv: Path
    videos: dict[str, Path]


def scale_files(data_root: Path, scale: int, compress: bool = False, regions=VIDEO_REGIONS) -> ScaleFiles:
    folder = size_dir(data_root, scale)
    ext = ".gz" if compress else ""
    return ScaleFiles(
        scale=scale,
        folder=folder,
        movies_csv=folder / (MOVIES_FILE + ext),
        credits_csv=folder / (CREDITS_FILE + ext),
        videos={r: folder / VIDEOS_DIR / f"{r}videos.csv{ext}" for r in regions},
    )


def ensure_scale(
    data_root: Path,
    scale: int,
    seed: int = DEFAULT_SEED,
    compress: bool = False,
    regions: tuple[str, ...] = VIDEO_REGIONS,
    real_tmdb: RealTmdb | None = None,
) -> ScaleFiles:
    """Generate one scale unless a matching generation is already on disk."""
    files = scale_files(data_root, scale, compress, regions)
    request = {"generator_version": GENERATOR_VERSION, "seed": seed, "scale": scale, "compress": compress}
    manifest_path = files.folder / "manifest.json"
    if manifest_path.exists():
        manifest = json.loads(manifest_path.read_text())
        wanted = {files.movies_csv, files.credits_csv, *files.videos.values()}
        if all(manifest.get(k) == v for k, v in request.items()) and all(p.exists() for p in wanted):
            return files
    manifest = request | generate_scale(files, seed, compress, real_tmdb)
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    return files


def generate_scale(
    files: ScaleFiles, seed: int, compress: bool, real_tmdb: RealTmdb | None = None
) -> dict:
    """Write every file of `files`; returns per-file bytes, records and seconds."""
    real_tmdb = real_tmdb or load_real_tmdb()
    started = time.perf_counter()
    report: dict[str, dict] = {}

    title_suffixes: dict[int, dict[int, str]] = {}
    movies = real_tmdb.movies
    with CsvSink(files.movies_csv, movies.eol, movies.final_eol, compress) as sink:
        sink.write_row(movies.header)
        for row in movies.rows:
            sink.write_row(row)
        synth = MovieSynthesizer(movies, random.Random(f"{seed}:movies"))
        for copy in range(1, files.scale):
            suffixes = title_suffixes.setdefault(copy, {})
            for row in synth.copy_rows(copy, suffixes):
                sink.write_row(row)
    report[files.movies_csv.name] = _file_report(sink, started)

    step = time.perf_counter()
    credits = real_tmdb.credits
    title_col = movies.header.index("title")
    id_col = movies.header.index("id")
    ids_by_title = {row[title_col]: int(row[id_col]) for row in movies.rows}
    with CsvSink(files.credits_csv, credits.eol, credits.final_eol, compress) as sink:
        sink.write_row(credits.header)
        for row in credits.rows:
            sink.write_row(row)
        synth_credits = CreditsSynthesizer(credits, ids_by_title, random.Random(f"{seed}:credits"))
        for copy in range(1, files.scale):
            for row in synth_credits.copy_rows(copy, title_suffixes[copy]):
                sink.write_row(row)
    report[files.credits_csv.name] = _file_report(sink, step)

    for region, path in files.videos.items():
        step = time.perf_counter()
        real = load_real_videos(region)
        with CsvSink(path, real.eol, real.final_eol, compress) as sink:
            sink.write_record(real.header)
            for record in VideoSynthesizer(real, random.Random(f"{seed}:videos:{region}")).scaled_records(
                files.scale
            ):
                sink.write_record(record)
        report[f"{VIDEOS_DIR}/{path.name}"] = _file_report(sink, step)
        category = real_data_root() / VIDEOS_DIR / f"{region}_category_id.json"
        if category.exists():
            shutil.copyfile(category, path.parent / category.name)

    return {"seconds": round(time.perf_counter() - started, 2), "files": report}


def _file_report(sink: CsvSink, started: float) -> dict:
    return {
        "records": sink.records - 1,
        "bytes": sink.path.stat().st_size,
        "seconds": round(time.perf_counter() - started, 2),
    }
