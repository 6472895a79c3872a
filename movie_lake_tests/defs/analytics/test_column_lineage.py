"""Each analysis carries column lineage derived from its SQL, and the committed lineage file is
what sqlglot derives from the SQL as it is now."""
import json

from dagster import AssetKey

from movie_lake.definitions import build_definitions
from movie_lake.defs.analytics.analyses import LINEAGE_FILE
from movie_lake.settings import load_settings
from tools.build_column_lineage import derived


def test_the_committed_lineage_is_what_the_sql_gives():
    assert json.loads(LINEAGE_FILE.read_text()) == derived(), "run: python -m tools.build_column_lineage"


def test_analysis_assets_show_which_columns_they_read():
    defs = build_definitions(load_settings({"MOVIE_LAKE_ROOT": "/lake"}))
    specs = {s.key: s for s in defs.resolve_all_asset_specs()}
    lineage = specs[AssetKey(["analytics", "largest_casts"])].metadata["dagster/column_lineage"]
    deps = {c: {(d.asset_key.to_user_string(), d.column_name) for d in ds} for c, ds in lineage.deps_by_column.items()}
    assert deps == {"movie_id": {("refined/dim_movie", "movie_id")}, "title": {("refined/dim_movie", "title")},
                    "cast_size": {("refined/fact_cast", "person_id")}}
