"""Where the dashboard lands: a key in the lake, and a local file people can open."""
from __future__ import annotations

from pathlib import Path

REPORT_KEY = "reports/dashboard.html"


def local_dashboard_path(local_root: str | Path) -> Path:
    """In local mode this is the lake's own file; in aws mode, the copy kept beside the run history."""
    return Path(local_root) / REPORT_KEY
