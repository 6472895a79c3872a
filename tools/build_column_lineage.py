"""Write `movie_lake/defs/analytics/column_lineage.json`: each analysis' column lineage, derived
from its SQL by sqlglot. Kept as a file so loading the definitions does not re-derive it (about
0.8 s); `movie_lake_tests/defs/analytics/test_column_lineage.py` fails when it is stale.

Run: ``python -m tools.build_column_lineage``."""
import json

from movie_lake.defs.analytics.analyses import ANALYSES, LINEAGE_FILE
from movie_lake.lib.query.lineage import column_lineage
from movie_lake.lib.schemas import ALL_SCHEMAS


def derived() -> dict:
    return {a.name: column_lineage(a.sql, a.schema.column_names, ALL_SCHEMAS) for a in ANALYSES}


if __name__ == "__main__":
    LINEAGE_FILE.write_text(json.dumps(derived(), indent=1, sort_keys=True) + "\n")
    print(f"wrote {LINEAGE_FILE}")
