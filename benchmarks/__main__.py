"""`python -m benchmarks [run|generate] ...`: generate the scaled inputs and run the benchmark.

    python -m benchmarks --sizes 1,10           # generate what is missing, run every stage
    python -m benchmarks --quick                # x1 only, no PySpark
    python -m benchmarks --engines duckdb,pyspark --sizes 100
    python -m benchmarks generate --sizes 1,10,100
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from benchmarks.generate import DEFAULT_SEED, ensure_scale
from benchmarks.paths import BENCH_ROOT, DEFAULT_DATA_ROOT, DEFAULT_RESULTS_ROOT
from benchmarks.real_sources import VIDEO_REGIONS, load_real_tmdb
from benchmarks.report import format_console, machine_info, write_results
from benchmarks.runner import measure_stage
from benchmarks.stages import STAGES


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] not in ("run", "generate"):
        argv.insert(0, "run")
    args = _parser().parse_args(argv)
    sizes = [1] if args.quick and not args.sizes_given else args.sizes
    if args.command == "generate":
        _generate(sizes, args)
        return 0
    return _run(sizes, args)


def _generate(sizes: list[int], args) -> dict:
    real = load_real_tmdb()
    generated = {}
    for scale in sizes:
        started = time.perf_counter()
        generated[scale] = ensure_scale(args.data_dir, scale, args.seed, args.gzip, tuple(args.regions), real)
        print(f"data x{scale}: {generated[scale].folder} ({time.perf_counter() - started:.1f} s)", flush=True)
    return generated


def _run(sizes: list[int], args) -> int:
    stages = [
        s for s in STAGES
        if (not args.engines or s.engine in args.engines)
        and (not args.work or s.work in args.work)
        and not (args.quick and s.heavy)
    ]
    if not stages:
        print("no stage matches the filters", file=sys.stderr)
        return 2
    files_by_size = _generate(sizes, args)
    info = machine_info()
    measurements = []
    for scale in sizes:
        for stage in stages:
            if stage.only_scale is not None and scale != (stage.only_scale if stage.only_scale in sizes else sizes[0]):
                continue
            m = measure_stage(stage, files_by_size[scale], BENCH_ROOT / "work", args.results_dir / "logs",
                              args.timeout, args.max_rss_mb)
            measurements.append(m)
            timing = f"{m.seconds:.2f} s" if m.seconds is not None else m.status
            print(f"  {stage.key} x{scale}: {timing}, peak RSS {m.peak_tree_rss_mb:.0f} MB"
                  + (f" ({m.error})" if m.error else ""), flush=True)
    print()
    print(format_console(measurements))
    info["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    settings = {"sizes": sizes, "seed": args.seed, "gzip": args.gzip, "stages": [s.key for s in stages]}
    written = write_results(measurements, args.results_dir, info, settings)
    print(f"\nresults: {written} (and .json; latest.md / latest.json)")
    return 0 if all(m.status in ("ok", "unavailable") for m in measurements) else 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    for name, help_text in (("run", "generate missing inputs, then run the stages (default)"),
                            ("generate", "only generate the scaled inputs")):
        sub = commands.add_parser(name, help=help_text)
        sub.add_argument("--sizes", type=_sizes, default=[1, 10, 100],
                         help="comma-separated scale factors (default 1,10,100)")
        sub.add_argument("--quick", action="store_true",
                         help="x1 only (unless --sizes is given) and no heavy stages (PySpark)")
        sub.add_argument("--seed", type=int, default=DEFAULT_SEED)
        sub.add_argument("--gzip", action="store_true", help="write the generated inputs gzip-compressed")
        sub.add_argument("--regions", type=_names, default=list(VIDEO_REGIONS),
                         help="YouTube regions to scale (default US,GB,CA,FR)")
        sub.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_ROOT)
        sub.add_argument("--results-dir", type=Path, default=DEFAULT_RESULTS_ROOT)
        sub.add_argument("--engines", type=_names, default=None, help="e.g. movie_lake,duckdb,pyspark")
        sub.add_argument("--work", type=_names, default=None, help="e.g. csv_to_parquet")
        sub.add_argument("--timeout", type=float, default=1800.0, help="seconds per stage run")
        sub.add_argument("--max-rss-mb", type=float, default=12000.0,
                         help="stop a stage run whose process tree goes above this RSS (shared machines)")
    original = parser.parse_args

    def parse_args(argv):
        args = original(argv)
        args.sizes_given = any(a == "--sizes" or a.startswith("--sizes=") for a in argv)
        return args

    parser.parse_args = parse_args
    return parser


def _sizes(text: str) -> list[int]:
    sizes = [int(part) for part in text.split(",") if part.strip()]
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes are positive integers, e.g. 1,10,100")
    return sizes


def _names(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


if __name__ == "__main__":
    raise SystemExit(main())
