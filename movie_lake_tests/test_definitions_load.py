"""What loading the definitions costs every process that does (the CLI, `dagster dev`'s code
server, each run the daemon launches): measured in a fresh interpreter."""
import subprocess
import sys

import pyarrow as pa
import pyarrow.dataset as ds

from movie_lake.lib.dashboard.sections import ANALYSES
from movie_lake.defs.dashboard.assets import ANALYTICS_TABLES
from movie_lake.lib.storage.dataset_type import Dataset


def _after_loading_the_definitions(expression: str) -> str:
    code = f"import gc, sys, movie_lake.definitions as d; print({expression})"
    return subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_loading_the_definitions_leaves_the_collector_on_and_their_objects_frozen():
    """Frozen objects are in no generation a collection scans (`gc.get_objects()` lists those)."""
    shown = _after_loading_the_definitions("gc.isenabled(), gc.get_freeze_count() > 100_000, any(o is d.defs for o in gc.get_objects())")
    assert shown == "True True False"


def test_loading_the_definitions_imports_neither_pandas_nor_plotly():
    """pandas comes with pyarrow.dataset (0.17 s), plotly with the dashboard's template (0.15 s):
    both load where a step needs them."""
    assert _after_loading_the_definitions("sorted({'pandas', 'pyarrow.dataset', 'plotly'} & set(sys.modules))") == "[]"


def test_the_dataset_annotation_accepts_pyarrow_datasets_only():
    table = pa.table({"a": [1, 2]})
    assert isinstance(ds.dataset(table), Dataset)
    assert not isinstance(table, Dataset)


def test_the_dashboard_depends_on_exactly_the_tables_its_sections_chart():
    assert sorted(ANALYTICS_TABLES) == sorted(f"analytics/{name}" for name in ANALYSES)
