"""`movie-lake ingest`: carry out the lake's plan (`defs/lake/reconcile.py`) in this
process until nothing is owed, reporting each landed file's outcome and each step's rows
and seconds. The same plan the daemon's sensor follows: what runs is decided in one place."""
from __future__ import annotations

import ctypes
import functools
import gc
import importlib
import multiprocessing
import os
import signal
import socket
import sys
import time
import uuid
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, BrokenExecutor, Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from contextlib import contextmanager
from dataclasses import dataclass, field

from dagster import AssetKey, DagsterEventType, DagsterInstance, Definitions, JobDefinition, RunsFilter, define_asset_job

from movie_lake.defs.lake.reconcile import (
    HOST_TAG, LANDED_FILE_TAG, LAUNCHER_TAG, PID_TAG, PlannedRun, landed_file_from_tag, plan_lake,
)
from movie_lake.lib.landing.discovery import NotIngested
from movie_lake.lib.process_local import process_local
from movie_lake.lib.tmdb_catalog.crawl import PROGRESS
from movie_lake.lib.storage.files import LakeStorage

WAIT_FOR_OTHERS_SECONDS = 1.0
PROGRESS_POLL_SECONDS = 0.25
LONG_STEP_SECONDS = 10.0
CALL_TAG = "movie_lake/ingest_call"
EVENTS_PER_READ = 1000
"""Events read per query while following a run (only the new ones: rereading a whole run's
log four times a second held the GIL the run needs)."""
REPORTED_EVENTS = {DagsterEventType.STEP_START, DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_SKIPPED,
                   DagsterEventType.STEP_FAILURE, DagsterEventType.ASSET_MATERIALIZATION, DagsterEventType.ASSET_OBSERVATION,
                   DagsterEventType.ASSET_CHECK_EVALUATION}
"""The events `_report_events` reads: the database leaves the others (half of a run's) unread."""
PR_SET_PDEATHSIG = 1
SHARED_BY_RUN_WORKERS = ("pyarrow.dataset", "pandas", "pyiceberg.catalog.sql", "pyiceberg.io.pyarrow", "pyiceberg.table",
                         "movie_lake.lib.storage.named_root_io")
QUIET_LOGGERS = {"loggers": {"console": {"config": {"log_level": "CRITICAL"}}}}


@dataclass
class StepReport:
    asset: str
    partition: str | None
    rows: int | None
    seconds: float
    quarantined: int | None = None
    step_key: str = ""
    fields_quarantined: int | None = None


@dataclass
class IngestReport:
    steps: list[StepReport] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    checks_passed: int = 0
    checks_failed: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    """Landed files whose raw run this ingest carried out."""
    not_ingested: list[NotIngested] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.checks_failed and not any(n.failed for n in self.not_ingested)


@dataclass
class _Tracked:
    run: PlannedRun
    call: str
    future: Future
    staged: bool = True
    """One of a stage's runs (the next stage waits for it), not a run alongside."""
    run_id: str | None = None
    cursor: str | None = None


_CHILD: dict = {}
"""What a forked run process inherits: the loaded definitions and the instance to open."""


def _die_with_parent() -> None:
    """A run process ends with the ingest that forked it (kill -9 included), so a killed
    ingest leaves abandoned runs the next plan redoes, never a run still going on."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != _CHILD["parent"]:
        os._exit(1)
    _terminate_by_default()
    sys.unraisablehook = _quiet_when_interrupted


def _prepare_to_fork() -> None:
    """Import what every run imports (pyarrow.dataset brings pandas), then freeze the objects
    alive (`gc.freeze`): forked run workers share those pages instead of each importing the
    modules again, and their collections never touch (and so copy) them."""
    for module in SHARED_BY_RUN_WORKERS:
        importlib.import_module(module)
    gc.freeze()


def _kill_run_processes() -> None:
    """A broken pool ends its other workers with SIGTERM and waits for them. A worker that was
    running a step then has the signal swallowed by Dagster's interrupt capture (which forgets it
    when the run ends) and waits on the pool's queue for ever, and the ingest with it."""
    for child in multiprocessing.active_children():
        child.kill()


def _terminate_by_default() -> None:
    """An idle worker ends quietly on the pool's SIGTERM. After each run Dagster gives SIGTERM the
    SIGINT handler it found; Python's own would print a KeyboardInterrupt traceback."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _quiet_when_interrupted(unraisable) -> None:
    """When a broken pool terminates this process, Dagster turns the SIGTERM into an interrupt that
    may land inside a garbage-collection callback; Python would print that as a traceback under the
    ingest's own output. An interrupt there is the termination itself, not an error."""
    from dagster._core.errors import DagsterExecutionInterruptedError

    if isinstance(unraisable.exc_value, (KeyboardInterrupt, DagsterExecutionInterruptedError)):
        return
    sys.__unraisablehook__(unraisable)


def _materialize_in_child(asset_keys, partition, tags, run_config) -> str | None:
    """One run in a forked process; its events reach the parent through the instance, which
    the process opens once for all its runs (the worker ends with the pool)."""
    instance = process_local("run worker instance", lambda: DagsterInstance.from_ref(_CHILD["instance_ref"]))
    return _materialize(_CHILD["defs"], instance, asset_keys, partition, {**tags, PID_TAG: str(os.getpid())}, run_config)


def _materialize(defs: Definitions, instance: DagsterInstance, asset_keys, partition, tags, run_config) -> str | None:
    """None, or the error that kept the run from being carried out at all (step failures
    are events of the run)."""
    try:
        _job_for(defs, frozenset(asset_keys)).execute_in_process(
            partition_key=partition, instance=instance, tags=tags, run_config=run_config, raise_on_error=False)
    except Exception as error:  # reported by the parent, never lost with the worker
        return f"{type(error).__name__}: {error}"
    return None


RUN_JOB_NAME = "__ephemeral_asset_job__"
"""What `dagster.materialize` names the job of the assets it is given (the UI shows it so)."""


@dataclass
class _JobsOf:
    defs: Definitions | None = None
    jobs: dict[frozenset, JobDefinition] = field(default_factory=dict)


_JOBS = _JobsOf()


def _job_for(defs: Definitions, asset_keys: frozenset) -> JobDefinition:
    """`dagster.materialize`'s job for these assets and their checks, built once per selection
    of the process's definitions: building it resolves the whole asset graph (the demo runs the
    same selection for each of its 23 API months). Other definitions start afresh."""
    if _JOBS.defs is not defs:
        _JOBS.defs, _JOBS.jobs = defs, {}
    if asset_keys not in _JOBS.jobs:
        selected = Definitions(jobs=[define_asset_job(RUN_JOB_NAME, selection=list(asset_keys))],
                               assets=[*defs.assets, *defs.asset_checks], resources=defs.resources)
        _JOBS.jobs[asset_keys] = selected.resolve_job_def(RUN_JOB_NAME)
    return _JOBS.jobs[asset_keys]


class _InlineExecutor(Executor):
    """Carries out each submitted call at once, in the submitting thread."""

    def submit(self, fn, /, *args, **kwargs) -> Future:
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except Exception as error:  # noqa: BLE001 - handed to the caller, as a pool would
            future.set_exception(error)
        return future


class Ingestor:
    def __init__(self, defs: Definitions, instance: DagsterInstance, storage: LakeStorage,
                 say: Callable[[str], None] = functools.partial(print, flush=True), verbose: bool = False,
                 patience_seconds: float = 600.0, workers: int = 1):
        """`workers` > 1: that many runs at once, each in a process of its own."""
        self.defs = defs
        self.workers = workers
        self.graph = defs.resolve_asset_graph()
        self.instance = instance
        self.storage = storage
        self.say = say
        self.verbose = verbose
        self.patience_seconds = patience_seconds
        self._started: dict[str, float] = {}
        self._finished: set[str] = set()
        self._noticed: dict[str, float] = {}
        self._pool_broke = False
        """How long to wait for runs of another process (a second ingest, the daemon) to finish."""

    def run(self, requested: Sequence[PlannedRun] = (), then: Sequence[Callable[[], list[PlannedRun]]] = (),
            alongside: Sequence[PlannedRun] = ()) -> IngestReport:
        """`requested`: runs asked for on purpose (e.g. a TMDB export to land), done first;
        `then`: further such stages, each asked for its runs once every run of the stage before
        has finished; `alongside`: runs asked for on purpose that wait for nothing (e.g. TMDB API
        months). The runs of landed files, which need none of these, go alongside too, so no slot
        idles while a stage waits for its last run; every table downstream is planned after."""
        report = IngestReport()
        tried: set[tuple[AssetKey, str | None]] = set()
        with self._runner() as runner:
            plan = self._plan(tried)
            report.not_ingested = plan.scan.not_ingested
            self._report_landing(plan.scan.not_ingested)
            asked = {(key, run.partition) for run in (*requested, *alongside) for key in run.asset_keys}
            landed = [run for run in plan.runs if run.partition is not None and not asked & _asset_partitions(run)]
            if not plan.runs and not plan.waiting and not (requested or alongside):
                self.say("nothing owed: every landed file and every table downstream is up to date")
            for run in landed:
                tried |= _asset_partitions(run)
            self._execute_all(runner, report, [list(requested), *then], [*alongside, *landed])
            waited_since = None
            while True:
                plan = self._plan(tried)
                if plan.runs:
                    waited_since = None
                    for run in plan.runs:
                        tried |= _asset_partitions(run)
                    self._execute_all(runner, report, [plan.runs])
                    continue
                if not plan.waiting:
                    return report
                waited_since = waited_since or time.monotonic()
                if time.monotonic() - waited_since > self.patience_seconds:
                    report.failures.append(f"gave up waiting for runs of another process: {'; '.join(plan.waiting)}")
                    return report
                time.sleep(WAIT_FOR_OTHERS_SECONDS)

    def _plan(self, tried: set[tuple[AssetKey, str | None]]):
        """The lake's plan less what this ingest tried already, its new partitions added to the instance."""
        plan = plan_lake(self.graph, self.instance, self.storage, retry_failed=True, skip=frozenset(tried))
        for name, keys in sorted(plan.new_partitions.items()):
            self.instance.add_dynamic_partitions(name, sorted(keys))
        return plan

    def _report_landing(self, outcomes: list[NotIngested]) -> None:
        for outcome in outcomes:
            self.say(f"{'FAILED ' if outcome.failed else 'skipped'} {outcome.key}: {outcome.reason}")

    @contextmanager
    def _runner(self):
        """Where runs execute: child processes forked from this one (the definitions are
        already loaded there), one worker thread here when there is one worker, or this very
        thread when the instance lives in this process's memory (an in-memory SQLite database
        shares one connection, so reading events while a run writes them can fail either)."""
        if self.instance.is_ephemeral:
            yield _InlineExecutor()
        elif self.workers > 1:
            _prepare_to_fork()
            _CHILD.update(defs=self.defs, instance_ref=self.instance.get_ref(), parent=os.getpid())
            with ProcessPoolExecutor(self.workers, mp_context=multiprocessing.get_context("fork"),
                                     initializer=_die_with_parent) as pool:
                try:
                    yield pool
                finally:
                    if self._pool_broke:
                        _kill_run_processes()
        else:
            with ThreadPoolExecutor(1, thread_name_prefix="run") as pool:
                yield pool

    def _execute_all(self, runner: Executor, report: IngestReport, stages: list, alongside: Sequence[PlannedRun] = ()) -> None:
        """Carry out `stages` in order (each a list of independent runs, or a callable asked for
        them once every run of the stages before has finished) and, in any slot the stages leave
        free, the independent runs `alongside`; as many at once as the runner has workers. This
        thread prints each step's events as the instance records them."""
        stages, staged, free, in_flight = list(stages), [], list(alongside), []
        slots = self.workers if isinstance(runner, ProcessPoolExecutor) else 1
        while stages or staged or free or in_flight:
            if stages and not staged and not any(t.staged for t in in_flight):
                stage = stages.pop(0)
                staged = list(stage() if callable(stage) else stage)
                continue
            while (staged or free) and len(in_flight) < slots:
                in_flight.append(self._start(runner, staged.pop(0)) if staged else self._start(runner, free.pop(0), staged=False))
            finished = False
            for tracked in list(in_flight):
                done = tracked.future.done()
                self._follow(tracked, report)
                if done:
                    self._finish(tracked, report)
                    in_flight.remove(tracked)
                    finished = True
            self._still_running()
            if in_flight and not (finished and (staged or free or stages)):  # a freed slot takes the next run at once
                wait([t.future for t in in_flight], timeout=PROGRESS_POLL_SECONDS, return_when=FIRST_COMPLETED)

    def _start(self, runner: Executor, run: PlannedRun, staged: bool = True) -> _Tracked:
        self.say(f"▶ {run.label}")
        call = uuid.uuid4().hex
        tags = {**run.tags, LAUNCHER_TAG: "ingest", PID_TAG: str(os.getpid()), HOST_TAG: socket.gethostname(), CALL_TAG: call}
        run_config = {**({} if self.verbose else QUIET_LOGGERS), **run.run_config}
        try:
            if isinstance(runner, ProcessPoolExecutor):
                future = runner.submit(_materialize_in_child, run.asset_keys, run.partition, tags, run_config)
            else:
                future = runner.submit(_materialize, self.defs, self.instance, run.asset_keys, run.partition, tags, run_config)
        except BrokenExecutor as broken:  # a run process was killed (out of memory, say): this run is not carried out
            future = Future()
            future.set_exception(broken)
            self._pool_broke = True
        return _Tracked(run, call, future, staged)

    def _follow(self, tracked: _Tracked, report: IngestReport) -> None:
        if tracked.run_id is None:
            runs = self.instance.get_runs(RunsFilter(tags={CALL_TAG: tracked.call}), limit=1)
            tracked.run_id = runs[0].run_id if runs else None
        while tracked.run_id is not None:
            batch = self.instance.get_records_for_run(tracked.run_id, cursor=tracked.cursor, of_type=REPORTED_EVENTS,
                                                      limit=EVENTS_PER_READ)
            self._report_events([r.event_log_entry for r in batch.records], tracked.run.partition, report)
            tracked.cursor = batch.cursor
            if not batch.has_more:
                break

    def _finish(self, tracked: _Tracked, report: IngestReport) -> None:
        error = tracked.future.exception() or tracked.future.result()
        self._pool_broke |= isinstance(error, BrokenExecutor)
        if error:
            text = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
            report.failures.append(f"{tracked.run.label}: {text}")
            self.say(f"  FAILED {tracked.run.label}: {text}")
        report.files += [landed_file_from_tag(v).key for k, v in tracked.run.tags.items() if k.startswith(LANDED_FILE_TAG)]

    def _still_running(self) -> None:
        """A line every LONG_STEP_SECONDS for a step that is taking long, so a person sees it go on."""
        now = time.time()
        for step_key, since in self._started.items():
            if step_key in self._finished:
                continue
            elapsed = now - since
            if elapsed >= self._noticed.get(step_key, LONG_STEP_SECONDS):
                self.say(f"  … {step_key} still running, {elapsed:.0f} s")
                self._noticed[step_key] = elapsed + LONG_STEP_SECONDS

    def _report_events(self, entries, partition: str | None, report: IngestReport) -> None:
        for entry in entries:
            event = entry.dagster_event
            if event is None:
                continue
            step_key = event.step_key if partition is None else f"{event.step_key} [{partition}]"
            if event.event_type == DagsterEventType.STEP_START:
                self._started[step_key] = entry.timestamp
                self._finished.discard(step_key)
                self._noticed.pop(step_key, None)
            elif event.event_type in (DagsterEventType.STEP_SUCCESS, DagsterEventType.STEP_SKIPPED):
                self._finished.add(step_key)
            elif event.event_type == DagsterEventType.ASSET_MATERIALIZATION:
                mat = event.step_materialization_data.materialization
                rows = mat.metadata.get("dagster/row_count")
                quarantined = mat.metadata.get("records_quarantined")
                fields = mat.metadata.get("fields_quarantined")
                step = StepReport(mat.asset_key.to_user_string(), mat.partition or partition, rows.value if rows else None,
                                  entry.timestamp - self._started.get(step_key, entry.timestamp),
                                  quarantined.value if quarantined else None, event.step_key, fields.value if fields else None)
                report.steps.append(step)
                extra = f", {step.quarantined:,} quarantined" if step.quarantined else ""
                extra += f", {step.fields_quarantined:,} fields quarantined" if step.fields_quarantined else ""
                which = f" [{step.partition}]" if step.partition and (self.workers > 1 or partition is None) else ""
                self.say(f"  {step.asset:<32} {_rows(step.rows):>12}{extra} {step.seconds:7.2f} s{which}")
            elif event.event_type == DagsterEventType.ASSET_OBSERVATION:
                observation = event.asset_observation_data.asset_observation
                if observation.metadata.get(PROGRESS):
                    self.say(f"  … {observation.asset_key.to_user_string()} [{partition}]: {observation.metadata[PROGRESS].value}")
                if observation.metadata.get("same_bytes"):
                    self.say(f"  skipped {observation.asset_key.to_user_string()}: the same bytes as its last copy")
            elif event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION:
                evaluation = event.event_specific_data
                name = f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
                if evaluation.passed:
                    report.checks_passed += 1
                else:
                    report.checks_failed.append(f"{name} [{evaluation.partition or partition or '-'}]")
                    self.say(f"  CHECK FAILED {name}: {_metadata_text(evaluation.metadata)}")
            elif event.event_type == DagsterEventType.STEP_FAILURE:
                self._finished.add(step_key)
                message = _root_message(event.step_failure_data.error)
                report.failures.append(f"{event.step_key} [{partition or '-'}]: {message}")
                self.say(f"  FAILED {event.step_key}: {message}")


def _asset_partitions(run: PlannedRun) -> set[tuple[AssetKey, str | None]]:
    return {(key, run.partition) for key in run.asset_keys}


def _root_message(error) -> str:
    """The innermost cause: the error our code raised, not Dagster's wrappers around it."""
    while error is not None and error.cause is not None:
        error = error.cause
    return error.message.strip().splitlines()[0] if error else "unknown error"


def _rows(rows: int | None) -> str:
    return "" if rows is None else f"{rows:,} rows"


def _metadata_text(metadata: dict) -> str:
    return ", ".join(f"{k}={v.value}" for k, v in metadata.items())
