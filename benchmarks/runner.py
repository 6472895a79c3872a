"""Run each stage at each size in a fresh child process and measure it.

Per run: the callable's wall seconds (measured in the child), the child's whole wall seconds, rows and
rows/s (sum of the stage's row-count keys), the peak RSS of the largest single process of the child's
tree (`wait4`, what `/usr/bin/time -v` reports) and the peak summed RSS of the tree (sampled).
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks.generate import ScaleFiles
from benchmarks.paths import REPO_ROOT
from benchmarks.proc_rss import TreeRssSampler
from benchmarks.stages import Stage

MB = 1024 * 1024


@dataclass
class Measurement:
    work: str
    engine: str
    scale: int
    status: str
    seconds: float | None = None
    process_seconds: float | None = None
    rows: int | None = None
    rows_per_s: float | None = None
    input_mb: float | None = None
    peak_rss_mb: float | None = None
    peak_tree_rss_mb: float | None = None
    peak_tree: list[str] = field(default_factory=list)
    load_1m: float | None = None  # the machine's 1-minute load average when the run started
    cpu_seconds: float | None = None  # user + system CPU of the child (and the children it waited for)
    counts: dict = field(default_factory=dict)
    detail: dict = field(default_factory=dict)
    error: str | None = None
    log: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def measure_stage(stage: Stage, files: ScaleFiles, work_root: Path, logs_dir: Path,
                  timeout_s: float, max_rss_mb: float | None = None) -> Measurement:
    out_dir = work_root / f"x{files.scale}" / stage.engine / stage.work
    shutil.rmtree(out_dir, ignore_errors=True)
    out_dir.mkdir(parents=True)
    kwargs = stage.inputs(files, out_dir)
    inputs = [p for k, v in kwargs.items() if k.endswith("_csv") for p in ([v] if isinstance(v, str) else v)]
    input_bytes = sum(Path(p).stat().st_size for p in inputs)
    log_path = logs_dir / f"{stage.work}-{stage.engine}-x{files.scale}.log"
    load_1m = round(os.getloadavg()[0], 2)
    outcome, process_seconds, usage, sampler = _run_child(stage.target, kwargs, log_path, timeout_s, max_rss_mb)
    shutil.rmtree(out_dir, ignore_errors=True)

    m = Measurement(stage.work, stage.engine, files.scale, outcome.get("status", "error"),
                    input_mb=round(input_bytes / MB, 1), log=str(log_path), load_1m=load_1m)
    m.process_seconds = round(process_seconds, 2)
    m.peak_rss_mb = round(usage.ru_maxrss * 1024 / MB, 1)  # ru_maxrss is in KiB on Linux
    m.cpu_seconds = round(usage.ru_utime + usage.ru_stime, 2)
    m.peak_tree_rss_mb = round(sampler.peak_bytes / MB, 1)
    m.peak_tree = [f"{name} {size / MB:.0f} MB" for name, size in sampler.peak_parts]
    m.error = outcome.get("error")
    if m.status != "ok":
        return m
    result = outcome.get("result") or {}
    m.seconds = round(outcome["seconds"], 3)
    m.counts = {k: v for k, v in result.items() if isinstance(v, int)}
    m.detail = {k: v for k, v in result.items() if not isinstance(v, int)}
    m.rows = sum(result.get(k, 0) for k in stage.row_keys)
    m.rows_per_s = round(m.rows / m.seconds) if m.seconds else None
    return m


def _run_child(target: str, kwargs: dict, log_path: Path, timeout_s: float,
               max_rss_mb: float | None) -> tuple[dict, float, resource.struct_rusage, TreeRssSampler]:
    """Returns (outcome, child wall seconds, the child's wait4 resource usage, the tree RSS sampler)."""
    log_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="movie_lake_bench_") as tmp:
        spec_path = Path(tmp) / "spec.json"
        result_path = Path(tmp) / "result.json"
        spec_path.write_text(json.dumps({"target": target, "kwargs": kwargs, "result_path": str(result_path)}))
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO_ROOT), env.get("PYTHONPATH")]))
        started = time.perf_counter()
        with open(log_path, "w") as log:
            child = subprocess.Popen(
                [sys.executable, "-m", "benchmarks.child", str(spec_path)],
                stdout=log, stderr=subprocess.STDOUT, env=env, cwd=REPO_ROOT, start_new_session=True,
            )
        limit = int(max_rss_mb * MB) if max_rss_mb else None
        sampler = TreeRssSampler(child.pid, limit_bytes=limit, on_limit=lambda: _kill_group(child.pid))
        sampler.start()
        timer = threading.Timer(timeout_s, _kill_group, args=(child.pid,))
        timer.start()
        _, status, usage = os.wait4(child.pid, 0)
        elapsed = time.perf_counter() - started
        timer.cancel()
        child.returncode = os.waitstatus_to_exitcode(status)
        sampler.stop()
        _kill_group(child.pid)  # anything the child left behind (e.g. a JVM that outlived it)
        if result_path.exists():
            outcome = json.loads(result_path.read_text())
        else:
            outcome = {"status": "error", "error": f"child exited with {child.returncode} and no result"}
            if elapsed >= timeout_s:
                outcome["error"] = f"timed out after {timeout_s:.0f} s"
            if sampler.hit_limit:
                outcome["error"] = f"stopped: process tree RSS went above --max-rss-mb {max_rss_mb:.0f}"
    return outcome, elapsed, usage, sampler


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
