"""One-shot ingestion through Dagster: every new landed file → raw → trusted, then the
unpartitioned layers, reporting rows and seconds per step."""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from dagster import AssetKey, AssetSelection, DagsterEventType, DagsterInstance, Definitions, materialize

from movie_lake.lib.landing.discovery import new_landed_files
from movie_lake.lib.landing.rules import LandedFile
from movie_lake.lib.storage.files import LakeStorage


@dataclass
class StepReport:
    asset: str
    partition: str | None
    rows: int | None
    seconds: float


@dataclass
class IngestReport:
    steps: list[StepReport] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    checks_passed: int = 0
    checks_failed: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.failures and not self.checks_failed


@dataclass(frozen=True)
class PartitionRun:
    """Partitions no landed file announces (e.g. TMDB API months): each is materialized with
    the same-partitioned assets downstream of `root`, before the unpartitioned step."""

    root: AssetKey
    partitions: tuple[str, ...]


class Ingestor:
    def __init__(self, defs: Definitions, instance: DagsterInstance, storage: LakeStorage, say: Callable[[str], None] = print):
        self.defs = defs
        self.graph = defs.resolve_asset_graph()
        self.instance = instance
        self.storage = storage
        self.say = say

    def run(self, landed: list[LandedFile] | None = None, extra: Sequence[PartitionRun] = ()) -> IngestReport:
        report = IngestReport()
        landed = new_landed_files(self.storage) if landed is None else landed
        if not landed:
            self.say("nothing new in landing/")
        by_partition = {(f.source.name, f.partition_key): f for f in landed}
        for (source_name, key), f in sorted(by_partition.items()):
            report.files.append(f.file.key)
            self.instance.add_dynamic_partitions(f.source.partitions_def.name, [key])
            self.say(f"{f.file.key} → partition {key}")
            self._materialize(self._partitioned_selection(AssetKey(["raw", source_name])), key, report)
        for run in extra:
            for key in run.partitions:
                self.say(f"{run.root.to_user_string()} → partition {key}")
                self._materialize(self._partitioned_selection(run.root), key, report)
        if landed or any(run.partitions for run in extra):
            self._materialize(self._unpartitioned_selection(), None, report)
        return report

    def _partitioned_selection(self, raw_key: AssetKey) -> AssetSelection:
        partitions = self.graph.get(raw_key).partitions_def
        downstream = AssetSelection.assets(raw_key).downstream().resolve(self.graph)
        keys = [k for k in downstream if self.graph.get(k).partitions_def == partitions]
        return AssetSelection.assets(*keys)

    def _unpartitioned_selection(self) -> AssetSelection:
        keys = [k for k in self.graph.materializable_asset_keys if self.graph.get(k).partitions_def is None]
        return AssetSelection.assets(*keys)

    def _materialize(self, selection: AssetSelection, partition: str | None, report: IngestReport) -> None:
        result = materialize(
            assets=[*self.defs.assets, *self.defs.asset_checks],
            resources=self.defs.resources,
            selection=selection,
            partition_key=partition,
            instance=self.instance,
            raise_on_error=False,
        )
        self._report_events(result.run_id, partition, report)

    def _report_events(self, run_id: str, partition: str | None, report: IngestReport) -> None:
        started: dict[str, float] = {}
        for entry in self.instance.all_logs(run_id):
            event = entry.dagster_event
            if event is None:
                continue
            if event.event_type == DagsterEventType.STEP_START:
                started[event.step_key] = entry.timestamp
            elif event.event_type == DagsterEventType.ASSET_MATERIALIZATION:
                mat = event.step_materialization_data.materialization
                rows = mat.metadata.get("dagster/row_count")
                step = StepReport(mat.asset_key.to_user_string(), partition, rows.value if rows else None,
                                  entry.timestamp - started.get(event.step_key, entry.timestamp))
                report.steps.append(step)
                self.say(f"  {step.asset:<32} {_rows(step.rows):>12} {step.seconds:7.2f} s")
            elif event.event_type == DagsterEventType.ASSET_CHECK_EVALUATION:
                evaluation = event.event_specific_data
                name = f"{evaluation.asset_key.to_user_string()}:{evaluation.check_name}"
                if evaluation.passed:
                    report.checks_passed += 1
                else:
                    report.checks_failed.append(f"{name} [{partition or '-'}]")
                    self.say(f"  CHECK FAILED {name}: {_metadata_text(evaluation.metadata)}")
            elif event.event_type == DagsterEventType.STEP_FAILURE:
                message = _root_message(event.step_failure_data.error)
                report.failures.append(f"{event.step_key} [{partition or '-'}]: {message}")
                self.say(f"  FAILED {event.step_key}: {message}")


def _root_message(error) -> str:
    """The innermost cause: the error our code raised, not Dagster's wrappers around it."""
    while error is not None and error.cause is not None:
        error = error.cause
    return error.message.strip().splitlines()[0] if error else "unknown error"


def _rows(rows: int | None) -> str:
    return "" if rows is None else f"{rows:,} rows"


def _metadata_text(metadata: dict) -> str:
    return ", ".join(f"{k}={v.value}" for k, v in metadata.items())
