"""A refined step reads its inputs where they are stored: the trusted layer is scanned by DuckDB
file by file, never loaded whole into the run's Arrow memory (issue 13)."""
import json
import subprocess
import sys

import pyarrow as pa
import pyarrow.compute as pc

from movie_lake.lib.schemas import refined, schema_for
from movie_lake.lib.storage import TableStore

from movie_lake_tests.conftest import storage_for
from movie_lake_tests.defs.lake.test_io_manager import LANDED

MOVIES = schema_for("trusted/movies")
ROWS_PER_FILE = 100_000
OVERVIEW_BYTES = 1_000

MATERIALIZE_ALONE = """
import json, sys
import pyarrow as pa
from dagster import AssetKey, DagsterInstance
from movie_lake.definitions import build_definitions
from movie_lake.settings import load_settings
defs = build_definitions(load_settings({"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": sys.argv[1]}))
job = defs.resolve_implicit_global_asset_job_def().get_subset(asset_selection={AssetKey(sys.argv[2].split("/"))})
with DagsterInstance.ephemeral() as instance:
    result = job.execute_in_process(instance=instance)
rows = [e.materialization.metadata["dagster/row_count"].value for e in result.get_asset_materialization_events()]
print(json.dumps({"rows": rows, "arrow_peak_bytes": pa.default_memory_pool().max_memory()}))
"""


def test_the_conform_step_scans_the_trusted_layer_without_loading_it_into_arrow(local_settings):
    store = TableStore(storage_for(local_settings))
    layer_bytes = 0
    for n, name in enumerate(["a.csv", "b.csv", "c.csv", "d.csv"]):
        ids = pa.array(range(n * ROWS_PER_FILE, (n + 1) * ROWS_PER_FILE), pa.int64())
        text = pc.binary_join_element_wise(pc.cast(ids, pa.string()), pa.scalar("x" * OVERVIEW_BYTES), "")
        table = pa.table({"id": ids, "title": pc.cast(ids, pa.string()), "overview": text,
                          "budget_known": pa.array([False] * ROWS_PER_FILE), "revenue_known": pa.array([False] * ROWS_PER_FILE),
                          "landed_at": pa.array([LANDED] * ROWS_PER_FILE, MOVIES.arrow_schema.field("landed_at").type)})
        full = pa.table({f.name: table.column(f.name) if f.name in table.column_names else pa.nulls(ROWS_PER_FILE, f.type)
                         for f in MOVIES.arrow_schema}, schema=MOVIES.arrow_schema)
        layer_bytes += full.nbytes
        store.write(MOVIES, full, name)

    out = subprocess.run([sys.executable, "-c", MATERIALIZE_ALONE, str(local_settings.local_root), refined.CONFORMED_MOVIES.name],
                         check=True, capture_output=True, text=True).stdout
    measured = json.loads(out.strip().splitlines()[-1])

    assert measured["rows"] == [4 * ROWS_PER_FILE]
    assert store.read(refined.CONFORMED_MOVIES, columns=["id"]).num_rows == 4 * ROWS_PER_FILE
    assert layer_bytes > 400_000_000
    assert measured["arrow_peak_bytes"] < layer_bytes / 3, (measured, layer_bytes)
