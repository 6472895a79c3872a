"""Where benchmark inputs and results live (both under the git-ignored `.bench/`)."""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
BENCH_ROOT = REPO_ROOT / ".bench"
DEFAULT_DATA_ROOT = BENCH_ROOT / "data"
DEFAULT_RESULTS_ROOT = BENCH_ROOT / "results"

MOVIES_FILE = "tmdb_5000_movies.csv"
CREDITS_FILE = "tmdb_5000_credits.csv"
VIDEOS_DIR = "youtube_trending"


def real_data_root() -> Path:
    """The shared folder holding the real files; override with MOVIE_LAKE_REAL_DATA."""
    override = os.environ.get("MOVIE_LAKE_REAL_DATA")
    return Path(override) if override else REPO_ROOT.parent / "shared" / "data"


def size_dir(data_root: Path, scale: int) -> Path:
    return data_root / f"x{scale}"
