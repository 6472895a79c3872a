"""Render measurements as a console table, markdown and JSON, with cross-engine ratios and count checks."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import time
from pathlib import Path

from benchmarks.paths import REPO_ROOT
from benchmarks.runner import Measurement
from benchmarks.stages import DUCKDB, DUCKDB_CAPPED, DUCKDB_LEAN, MOVIE_LAKE, MOVIE_LAKE_ROWS, POLARS, PYSPARK

COLUMNS = ("work", "engine", "size", "status", "seconds", "CPU s", "rows", "rows/s", "input MB",
           "peak RSS MB (tree)", "peak RSS MB (max process)", "load 1m")


def machine_info() -> dict:
    memory_gb = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 1024**3
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT,
                                capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        commit = "unknown"
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "commit": commit,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "memory_gb": round(memory_gb, 1),
        "python": platform.python_version(),
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
    }


def table_rows(measurements: list[Measurement]) -> list[tuple[str, ...]]:
    return [
        (m.work, m.engine, f"x{m.scale}", m.status if m.status == "ok" else _short_status(m),
         _num(m.seconds, 2), _num(m.cpu_seconds, 1), _num(m.rows), _num(m.rows_per_s), _num(m.input_mb, 1),
         _num(m.peak_tree_rss_mb, 0), _num(m.peak_rss_mb, 0), _num(m.load_1m, 1))
        for m in measurements
    ]


def ratio_rows(measurements: list[Measurement]) -> list[tuple[str, ...]]:
    """movie_lake / other-engine time ratios and row-count agreement, per work and size."""
    groups: dict[tuple[str, int], dict[str, Measurement]] = {}
    for m in measurements:
        groups.setdefault((m.work, m.scale), {})[m.engine] = m
    rows = []
    for (work, scale), by_engine in groups.items():
        if len(by_engine) < 2:
            continue
        ours = by_engine.get(MOVIE_LAKE)
        ratios = [_ratio(ours, by_engine.get(engine)) for engine in COMPARED]
        rows.append((work, f"x{scale}", *ratios, _counts_agree(by_engine)))
    return rows


def format_console(measurements: list[Measurement]) -> str:
    lines = [_fixed_table(COLUMNS, table_rows(measurements))]
    ratios = ratio_rows(measurements)
    if ratios:
        lines += ["", _fixed_table(RATIO_COLUMNS, ratios)]
    for m in measurements:
        if m.status == "unavailable":
            lines.append(f"{m.work}/{m.engine} x{m.scale}: not available yet: {m.error}")
        elif m.status != "ok":
            lines.append(f"{m.work}/{m.engine} x{m.scale}: {m.status}: {m.error} (log: {m.log})")
    return "\n".join(lines)


COMPARED = (PYSPARK, DUCKDB, DUCKDB_LEAN, POLARS, DUCKDB_CAPPED, MOVIE_LAKE_ROWS)
RATIO_COLUMNS = ("work", "size", *(f"movie_lake / {engine}" for engine in COMPARED), "row counts")


def format_markdown(measurements: list[Measurement], info: dict) -> str:
    lines = [
        f"# movie_lake benchmark, {info['date']}",
        "",
        f"Commit `{info['commit']}`, {info['platform']}, {info['cpus']} CPUs, {info['memory_gb']} GB RAM, "
        f"Python {info['python']}, load average at start {info['load_average_1_5_15']} "
        f"(other work on the machine slows every engine). Each run is a fresh child process; seconds are the stage callable's "
        "wall time (engine start-up included); peak RSS is the summed RSS of the child's process tree "
        "(sampled every 0.1 s) and the largest single process (wait4).",
        "",
        _markdown_table(COLUMNS, table_rows(measurements)),
    ]
    ratios = ratio_rows(measurements)
    if ratios:
        lines += ["", "Time ratios (below 1 means movie_lake is faster):", "", _markdown_table(RATIO_COLUMNS, ratios)]
    details = [m for m in measurements if m.detail or m.error]
    if details:
        lines += ["", "Details:", ""]
        for m in details:
            lines.append(f"- {m.work}/{m.engine} x{m.scale}: "
                         + (m.error or json.dumps(_rounded(m.detail))) + f"; counts {json.dumps(m.counts)}")
    return "\n".join(lines) + "\n"


def write_results(measurements: list[Measurement], results_dir: Path, info: dict, settings: dict) -> Path:
    results_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    payload = {"machine": info, "settings": settings, "measurements": [m.as_dict() for m in measurements]}
    for name in (f"bench-{stamp}", "latest"):
        (results_dir / f"{name}.json").write_text(json.dumps(payload, indent=2) + "\n")
        (results_dir / f"{name}.md").write_text(format_markdown(measurements, info))
    return results_dir / f"bench-{stamp}.md"


def _ratio(ours: Measurement | None, other: Measurement | None) -> str:
    if not ours or not other or ours.status != "ok" or other.status != "ok" or not other.seconds:
        return "-"
    return f"{ours.seconds / other.seconds:.2f}"


def _counts_agree(by_engine: dict[str, Measurement]) -> str:
    finished = {e: m for e, m in by_engine.items() if m.status == "ok"}
    if len(finished) < 2:
        return "-"
    keys = set.intersection(*(set(m.counts) for m in finished.values())) & {"movies", "cast", "crew"}
    if not keys:
        keys = set.intersection(*(set(m.counts) for m in finished.values()))
    differing = [k for k in sorted(keys) if len({m.counts[k] for m in finished.values()}) > 1]
    if not differing:
        return "agree"
    return "DIFFER: " + "; ".join(
        f"{k} " + ", ".join(f"{e}={m.counts[k]}" for e, m in finished.items()) for k in differing
    )


def _short_status(m: Measurement) -> str:
    return "n/a yet" if m.status == "unavailable" else m.status


def _num(value, digits: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}"


def _rounded(detail: dict) -> dict:
    return {k: ({kk: round(vv, 2) for kk, vv in v.items()} if isinstance(v, dict) else v) for k, v in detail.items()}


def _fixed_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(str(x)) for x in column) for column in zip(header, *rows)]

    def render(row) -> str:
        return "  ".join(x.rjust(w) if _numeric(x) else x.ljust(w) for x, w in zip(map(str, row), widths))

    return "\n".join([render(header), "  ".join("-" * w for w in widths), *map(render, rows)])


def _numeric(text: str) -> bool:
    return text.replace(",", "").replace(".", "", 1).isdigit()


def _markdown_table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(x) for x in row) + " |" for row in rows]
    return "\n".join(lines)
