"""What the lake still owes: the one plan both `movie-lake ingest` and the daemon's
`lake_reconcile` sensor carry out.

"Done" is read from the Dagster instance, never from files:
- a landed file version is done when the latest materialization (or, for the same bytes
  re-landed, observation) of its raw partition names that version (`landed_version`);
- any other asset partition is done when it has a materialization newer (by event
  storage id) than the latest materialization of every parent it reads.
Everything else is outdated and planned, parents before children. After any crash,
failed step or fault the next plan holds exactly what is missing.

Runs: one per partition (its raw copy and trusted tables together), then one for every
outdated unpartitioned table (refined, analytics, dashboard) once no partition they read
is still to run. A run's `movie_lake/plan` tag names the state it answers, so the
sensor never repeats a run that already answered that state (a deterministic failure
waits for new input or a person), while `movie-lake ingest` retries failures.
"""
from __future__ import annotations

import hashlib
import json
import os
import socket
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from dagster import (
    AssetKey, AssetRecordsFilter, DagsterEventType, DagsterInstance, DagsterRunStatus, DefaultRunLauncher, PartitionKeyRange, RunsFilter,
)
from dagster._core.definitions.partitions.context import partition_loading_context
from dagster._core.storage.tags import ASSET_PARTITION_RANGE_END_TAG, ASSET_PARTITION_RANGE_START_TAG, PARTITION_NAME_TAG

from movie_lake.lib.landing.discovery import LandedFile, LandingScan, scan_landing
from movie_lake.lib.landing.rules import LANDING_SOURCES
from movie_lake.lib.storage.files import LakeFile, LakeStorage

if TYPE_CHECKING:
    from dagster._core.definitions.assets.graph.asset_graph import AssetGraph

IN_PROGRESS = [DagsterRunStatus.QUEUED, DagsterRunStatus.NOT_STARTED, DagsterRunStatus.STARTING,
               DagsterRunStatus.STARTED, DagsterRunStatus.CANCELING]
PLAN_TAG = "movie_lake/plan"
LAUNCHER_TAG = "movie_lake/launcher"
ASSETS_TAG = "movie_lake/assets"
"""The asset keys a planned run materializes (in-process runs carry no asset selection)."""
LANDED_FILE_TAG = "movie_lake/landed."
"""+ the source name: the landed file version a run copies into that raw asset."""
PID_TAG = "movie_lake/pid"
HOST_TAG = "movie_lake/host"
LANDED_VERSION = "landed_version"
"""Metadata key on raw materializations and observations: the landed version they hold."""


@dataclass(frozen=True)
class PlannedRun:
    asset_keys: tuple[AssetKey, ...]
    partition: str | None
    identity: str
    tags: dict[str, str]
    run_config: dict = field(default_factory=dict, hash=False, compare=False)
    """Config of runs asked for on purpose (the plan's own runs need none)."""

    @property
    def label(self) -> str:
        keys = ", ".join(k.to_user_string() for k in self.asset_keys)
        if ASSET_PARTITION_RANGE_START_TAG in self.tags:
            return f"{keys} [{self.tags[ASSET_PARTITION_RANGE_START_TAG]}...{self.tags[ASSET_PARTITION_RANGE_END_TAG]}]"
        return f"{keys} [{self.partition}]" if self.partition else keys


@dataclass
class Plan:
    runs: list[PlannedRun] = field(default_factory=list)
    new_partitions: dict[str, set[str]] = field(default_factory=dict)
    waiting: list[str] = field(default_factory=list)
    """Outdated work not planned yet because its inputs are still to run or running."""
    answered: list[str] = field(default_factory=list)
    """Outdated work whose current state a finished run already answered (and failed)."""
    scan: LandingScan = field(default_factory=LandingScan)


def landed_file_tag(f: LakeFile) -> str:
    return json.dumps({"key": f.key, "size": f.size, "modified": f.modified.isoformat(), "version": f.version})


def landed_file_from_tag(text: str) -> LakeFile:
    data = json.loads(text)
    return LakeFile(data["key"], data["size"], datetime.fromisoformat(data["modified"]), data["version"])


class LakeState:
    """The instance's record of the lake, read once per plan."""

    def __init__(self, graph: AssetGraph, instance: DagsterInstance):
        """The runs in progress are read before what is materialized: a run that ends between the
        two reads is then still busy (its assets wait a tick), where the other order saw an upstream
        written by it, its own table not yet written, and no run in progress, and asked again."""
        self.graph = graph
        self.instance = instance
        self.busy = self._in_progress()
        self.ids: dict[AssetKey, dict[str | None, int]] = {k: self._latest_ids(k) for k in graph.materializable_asset_keys}

    def _latest_ids(self, key: AssetKey) -> dict[str | None, int]:
        if self.graph.get(key).partitions_def is not None:
            return dict(self.instance.get_latest_storage_id_by_partition(key, DagsterEventType.ASSET_MATERIALIZATION))
        records = self.instance.fetch_materializations(key, limit=1).records
        return {None: records[0].storage_id} if records else {}

    def _in_progress(self) -> set[tuple[AssetKey, str | None]]:
        busy = set()
        for run in self.instance.get_runs(RunsFilter(statuses=IN_PROGRESS)):
            if _abandoned(self.instance, run):
                self.instance.report_run_failed(run, "its process is gone (killed or crashed); its work is planned again")
                continue
            for key in run_assets(run):
                busy.update((key, partition) for partition in self._run_partitions(key, run.tags))
        return busy

    def _run_partitions(self, key: AssetKey, tags) -> list[str | None]:
        """The partitions of `key` a run covers: its one partition, each of its range (a run
        over a range of months), or None."""
        start, end = tags.get(ASSET_PARTITION_RANGE_START_TAG), tags.get(ASSET_PARTITION_RANGE_END_TAG)
        partitions_def = self.graph.get(key).partitions_def if self.graph.has(key) else None
        if start is None or end is None or partitions_def is None:
            return [tags.get(PARTITION_NAME_TAG)]
        with partition_loading_context(dynamic_partitions_store=self.instance):
            return list(partitions_def.get_partition_keys_in_range(PartitionKeyRange(start, end)))

    def landed_versions(self, key: AssetKey, partition: str) -> set[str]:
        """Landed versions the raw partition's latest materialization and observation hold."""
        found = set()
        records_filter = AssetRecordsFilter(asset_key=key, asset_partitions=[partition])
        for fetch in (self.instance.fetch_materializations, self.instance.fetch_observations):
            for record in fetch(records_filter, limit=1).records:
                entry = record.event_log_entry
                event = entry.asset_materialization or entry.asset_observation
                value = event.metadata.get(LANDED_VERSION) if event else None
                if value is not None:
                    found.add(str(value.value).split("@", 1)[0])
        return found

    def answered(self, run: PlannedRun) -> bool:
        """A finished run already answered this state: one with the same plan identity that
        succeeded or failed in a step, or such a failed run of these asset partitions that ended
        after their inputs last changed
        (a raw copy of a new landed version has no such inputs: only its identity counts)."""
        same = self.instance.get_runs(RunsFilter(tags={PLAN_TAG: run.identity}), limit=1)
        if same and (same[0].status == DagsterRunStatus.SUCCESS or self._failed_in_a_step(same[0].run_id)):
            return True
        if LANDED_FILE_TAG in "".join(run.tags):
            return False
        keys = set(run.asset_keys)
        inputs = [p for k in keys for p in self.graph.get(k).parent_keys if p not in keys and p in self.ids]
        newest_input = max((self._input_id(p, run.partition) for p in inputs), default=0)
        filters = RunsFilter(statuses=[DagsterRunStatus.FAILURE], tags={"dagster/partition": run.partition} if run.partition else {})
        for failed in self.instance.get_runs(filters, limit=20):
            if keys & run_assets(failed) and (run.partition or "dagster/partition" not in failed.tags):
                if not self._failed_in_a_step(failed.run_id):
                    return False
                ends = self.instance.get_records_for_run(failed.run_id, of_type=DagsterEventType.RUN_FAILURE).records
                return bool(ends) and ends[-1].storage_id > newest_input
        return False

    def _failed_in_a_step(self, run_id: str) -> bool:
        """A step raised: the input itself failed. A run that died instead (killed, its
        worker or daemon gone) answered nothing and is planned again."""
        return bool(self.instance.get_records_for_run(run_id, of_type=DagsterEventType.STEP_FAILURE, limit=1).records)

    def _input_id(self, key: AssetKey, partition: str | None) -> int:
        ids = self.ids.get(key, {})
        if self.graph.get(key).partitions_def is None or partition is None:
            return max(ids.values(), default=0)
        return ids.get(partition, 0)


def plan_lake(graph: AssetGraph, instance: DagsterInstance, storage: LakeStorage, retry_failed: bool,
              skip: frozenset[tuple[AssetKey, str | None]] = frozenset(), scan: LandingScan | None = None) -> Plan:
    """`retry_failed`: plan work even when a finished run already answered its state (an
    explicit ingest does; the sensor does not). `skip`: asset partitions this caller
    already tried (an ingest does not retry within itself), treated like answered ones.
    `scan`: the part of `landing/` to consider (default: all of it, listed now); what is
    downstream of raw is planned from the instance either way."""
    state = LakeState(graph, instance)
    plan = Plan(scan=scan if scan is not None else scan_landing(storage))
    outdated: dict[AssetKey, set[str | None]] = defaultdict(set)
    landed_by_partition: dict[tuple[AssetKey, str], LandedFile] = {}
    known_partitions: dict[str, set[str]] = {}
    for landed in plan.scan.landed:
        key = AssetKey(landed.source.raw_key_path)
        if key not in state.ids:
            continue
        if landed.file.version.split("@", 1)[0] in state.landed_versions(key, landed.partition_key):
            continue
        outdated[key].add(landed.partition_key)
        landed_by_partition[(key, landed.partition_key)] = landed
        name = landed.source.partitions_name
        if name not in known_partitions:
            known_partitions[name] = set(instance.get_dynamic_partitions(name))
        if landed.partition_key not in known_partitions[name]:
            plan.new_partitions.setdefault(landed.source.partitions_name, set()).add(landed.partition_key)
    raw_landing_keys = {AssetKey(s.raw_key_path) for s in LANDING_SOURCES.values()}
    for key in graph.toposorted_asset_keys:
        if key in raw_landing_keys or key not in state.ids:
            continue
        outdated[key] |= _outdated_partitions(graph, state, outdated, key)

    tried = skip
    partitioned: dict[tuple[str, str], set[AssetKey]] = defaultdict(set)
    unpartitioned: set[AssetKey] = set()
    for key, partitions in outdated.items():
        for partition in partitions:
            if partition is None:
                unpartitioned.add(key)
            else:
                partitioned[(_partitions_name(graph, key), partition)].add(key)

    settled: set[tuple[AssetKey, str | None]] = set()
    """Outdated but not going to run now: answered by a finished run, or tried already."""
    for (_, partition), keys in sorted(partitioned.items(), key=lambda item: item[0]):
        keys = _with_siblings(graph, keys)
        run = _planned(graph, state, keys, partition, landed_by_partition, storage)
        if any((k, partition) in state.busy for k in keys):
            plan.waiting.append(run.label)
        elif any((k, partition) in tried for k in keys) or (not retry_failed and state.answered(run)):
            plan.answered.append(run.label)
            settled.update((k, partition) for k in keys)
        else:
            plan.runs.append(run)
    if unpartitioned:
        keys = _with_siblings(graph, unpartitioned)
        run = _planned(graph, state, keys, None, landed_by_partition, storage)
        upstream_pending = any(
            partition is not None and (parent, partition) not in settled
            for key in keys for parent in graph.get(key).parent_keys for partition in outdated.get(parent, ())
        )
        involved = keys | _ancestors(graph, keys)
        upstream_busy = any(k in involved for k, _ in state.busy)
        if upstream_pending or upstream_busy:
            plan.waiting.append(run.label)
        elif any((k, None) in tried for k in keys) or (not retry_failed and state.answered(run)):
            plan.answered.append(run.label)
        else:
            plan.runs.append(run)
    return plan


def _outdated_partitions(graph: AssetGraph, state: LakeState, outdated, key: AssetKey) -> set[str | None]:
    node = graph.get(key)
    parents = [p for p in node.parent_keys if p in state.ids]
    mine = state.ids[key]
    if not node.parent_keys:
        return set()  # a source of its own (TMDB's id exports): run on purpose, not by the plan
    if node.partitions_def is None:
        newest_parent = max((i for p in parents for i in state.ids[p].values()), default=0)
        missing_or_older = not mine or mine[None] < newest_parent
        # An outdated partition of a partitioned parent is not enough: once it runs, its newer
        # materialization makes this table older than it; until then (or if it fails) the
        # table stands on the partitions that exist.
        unpartitioned_parent_outdated = any(outdated.get(p) for p in parents if graph.get(p).partitions_def is None)
        return {None} if missing_or_older or unpartitioned_parent_outdated else set()
    same = [p for p in parents if graph.get(p).partitions_def == node.partitions_def]
    if not same:
        return set()  # a source of its own (the TMDB API months): run on purpose, not by the plan
    candidates = {q for p in same for q in (*state.ids[p], *outdated.get(p, ()))}
    return {
        q for q in candidates
        if q not in mine or any(mine[q] < state.ids[p].get(q, 0) or q in outdated.get(p, ()) for p in same)
    }


def _planned(graph, state: LakeState, keys: set[AssetKey], partition, landed_by_partition, storage) -> PlannedRun:
    ordered = tuple(sorted(keys, key=lambda k: k.to_user_string()))
    tags: dict[str, str] = {}
    inputs = []
    for key in ordered:
        landed = landed_by_partition.get((key, partition)) if partition is not None else None
        if landed is not None:
            pinned = storage.pinned(landed.file)
            tags[LANDED_FILE_TAG + landed.source.name] = landed_file_tag(pinned)
            inputs.append(f"{pinned.key}@{pinned.version}")
        for parent in graph.get(key).parent_keys:
            ids = state.ids.get(parent, {})
            inputs.append(f"{parent.to_user_string()}={ids.get(partition, 0) if partition is not None else max(ids.values(), default=0)}")
    state_text = f"{','.join(k.to_user_string() for k in ordered)}|{partition or ''}|{';'.join(sorted(inputs))}"
    tags[PLAN_TAG] = hashlib.sha256(state_text.encode()).hexdigest()[:24]
    tags[ASSETS_TAG] = ",".join(k.to_user_string() for k in ordered)
    return PlannedRun(ordered, partition, tags[PLAN_TAG], tags)


def run_assets(run) -> set[AssetKey]:
    named = run.tags.get(ASSETS_TAG, "")
    return set(run.asset_selection or ()) | {AssetKey.from_user_string(k) for k in named.split(",") if k}


def _with_siblings(graph: AssetGraph, keys: set[AssetKey]) -> set[AssetKey]:
    """Keys of a multi-asset that cannot run a subset of its outputs come together."""
    out = set(keys)
    for key in keys:
        assets_def = graph.assets_def_for_key(key)
        if not assets_def.can_subset:
            out |= set(assets_def.keys)
    return out


def _ancestors(graph: AssetGraph, keys: set[AssetKey]) -> set[AssetKey]:
    seen: set[AssetKey] = set()
    stack = [p for k in keys for p in graph.get(k).parent_keys]
    while stack:
        key = stack.pop()
        if key not in seen:
            seen.add(key)
            stack.extend(graph.get(key).parent_keys)
    return seen


def _partitions_name(graph: AssetGraph, key: AssetKey) -> str:
    partitions_def = graph.get(key).partitions_def
    return getattr(partitions_def, "name", None) or type(partitions_def).__name__


def _abandoned(instance: DagsterInstance, run) -> bool:
    """An unfinished run on this machine whose process no longer exists: an in-process ingest run
    (its pid is tagged), or a run worker the default run launcher started (its pid is in the
    run's "Started process" event) that died with a killed daemon. Runs launched elsewhere
    (ECS) are left to Dagster's own run monitoring. An ingest run counts whatever its status:
    one killed between being created and its first event stays NOT_STARTED for ever."""
    if run.tags.get(LAUNCHER_TAG) == "ingest":
        pid = run.tags.get(PID_TAG) if run.tags.get(HOST_TAG) == socket.gethostname() else None
    elif run.status != DagsterRunStatus.STARTED:
        return False
    elif isinstance(instance.run_launcher, DefaultRunLauncher):
        pid = _run_worker_pid(instance, run.run_id)
    else:
        pid = None
    if not pid:
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def _run_worker_pid(instance: DagsterInstance, run_id: str) -> str | None:
    for record in instance.get_records_for_run(run_id, of_type=DagsterEventType.ENGINE_EVENT, limit=10).records:
        data = record.event_log_entry.dagster_event.engine_event_data
        pid = data.metadata.get("pid") if data else None
        if pid is not None:
            return str(pid.value)
    return None
