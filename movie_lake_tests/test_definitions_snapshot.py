"""Every asset spec of the project (key, group, kinds, owners, tags, partitions, deps, checks),
compared with the committed snapshot so that an accidental change shows in review.

After an intended change: `MOVIE_LAKE_UPDATE_SNAPSHOT=1 make test` (or run this file) rewrites
`definitions_snapshot.json`; commit it with the change."""
import json
import os
from pathlib import Path

from movie_lake.definitions import build_definitions
from movie_lake.settings import load_settings

SNAPSHOT = Path(__file__).with_name("definitions_snapshot.json")


def _partitions(partitions_def) -> str | None:
    if partitions_def is None:
        return None
    name = getattr(partitions_def, "name", None)
    start = getattr(partitions_def, "start", None)
    return f"{type(partitions_def).__name__}({name or start.strftime('%Y-%m')})"


def specs(mode: str) -> dict:
    env = {"MOVIE_LAKE_ENV": mode, "MOVIE_LAKE_ROOT": "/lake", "MOVIE_LAKE_BUCKET": "lake-bucket"}
    defs = build_definitions(load_settings(env))
    graph = defs.resolve_asset_graph()
    checks: dict[str, list[str]] = {}
    for check_key in graph.asset_check_keys:
        checks.setdefault(check_key.asset_key.to_user_string(), []).append(check_key.name)
    out = {}
    for spec in defs.resolve_all_asset_specs():
        key = spec.key.to_user_string()
        out[key] = {
            "group": spec.group_name,
            "kinds": sorted(spec.kinds),
            "owners": list(spec.owners),
            "tags": {k: v for k, v in sorted(spec.tags.items()) if not k.startswith("dagster/kind/")},
            "partitions": _partitions(spec.partitions_def),
            "deps": sorted(d.asset_key.to_user_string() for d in spec.deps),
            "checks": sorted(checks.get(key, [])),
            "table_name": str(spec.metadata.get("dagster/table_name", "")) or None,
            "freshness": spec.freshness_policy is not None,
        }
    return dict(sorted(out.items()))


def test_every_asset_spec_matches_the_committed_snapshot():
    current = {mode: specs(mode) for mode in ("local", "aws")}
    if os.environ.get("MOVIE_LAKE_UPDATE_SNAPSHOT"):
        SNAPSHOT.write_text(json.dumps(current, indent=1, sort_keys=True) + "\n")
    committed = json.loads(SNAPSHOT.read_text())
    for mode in current:
        assert set(current[mode]) == set(committed[mode]), f"{mode}: assets added/removed"
        for key, spec in current[mode].items():
            assert spec == committed[mode][key], f"{mode} {key} changed"


def test_every_asset_has_a_description_owner_and_catalog_metadata():
    defs = build_definitions(load_settings({"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": "/lake"}))
    for spec in defs.resolve_all_asset_specs():
        assert spec.description, spec.key
        assert spec.owners and spec.kinds and spec.tags.get("layer"), spec.key
        assert "dagster/code_references" in spec.metadata, spec.key
        if spec.key.path[0] in ("trusted", "refined", "analytics") and spec.key.path[-1] != "dashboard":
            assert str(spec.metadata["dagster/uri"]).startswith("/lake/"), spec.key


def test_dagster_finds_the_definitions_by_package_and_by_module(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    dagster = str(Path(sys.executable).with_name("dagster"))
    (tmp_path / "dagster.yaml").write_text("telemetry:\n  enabled: false\n")
    env = {**os.environ, "DAGSTER_HOME": str(tmp_path), "MOVIE_LAKE_ROOT": str(tmp_path / "lake")}
    for module in ("movie_lake", "movie_lake.definitions"):
        done = subprocess.run([dagster, "definitions", "validate", "-m", module], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=180)
        assert done.returncode == 0 and "Validation successful" in done.stdout + done.stderr, done.stderr[-2000:]
