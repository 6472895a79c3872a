"""`movie-lake` as a newcomer runs it: the demo materializes every asset of the project,
re-running is safe, and a failed step makes `ingest` exit non-zero."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from movie_lake.definitions import build_definitions
from movie_lake.settings import load_settings

from movie_lake_tests.conftest import once_for_all_workers

CLI = [sys.executable, "-m", "movie_lake.cli.main"]


def run_cli(args, root: Path, **extra_env: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(root), "PYTHONWARNINGS": "ignore", **extra_env}
    env.pop("DAGSTER_HOME", None)
    return subprocess.run(CLI + args, env=env, capture_output=True, text=True, timeout=600, stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def demo_lake(tmp_path_factory, worker_id):
    """One demo per run, whichever worker asks first (the tests only read its lake and output)."""
    def make() -> dict:
        root = tmp_path_factory.mktemp("demo") / "lake"
        (root.parent / "tmp").mkdir()
        done = run_cli(["demo"], root, TMPDIR=str(root.parent / "tmp"))  # its own temporary folder, to be looked at
        return {"root": str(root), "returncode": done.returncode, "stdout": done.stdout, "stderr": done.stderr}

    made = once_for_all_workers(tmp_path_factory, worker_id, "demo_lake", make)
    return Path(made["root"]), subprocess.CompletedProcess(CLI + ["demo"], made["returncode"], made["stdout"], made["stderr"])


def test_help_explains_every_subcommand_and_the_version_is_shown():
    out = subprocess.run(CLI + ["--help"], capture_output=True, text=True, check=True).stdout
    for command in ("demo", "ingest", "land", "query", "iam-policy", "terraform-vars"):
        assert command in out
        text = subprocess.run(CLI + [command, "--help"], capture_output=True, text=True, check=True).stdout
        assert len(text.split("\n\n", 2)[1]) > 40, f"{command} --help explains nothing"
    version = subprocess.run(CLI + ["--version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("movie-lake ") and version.strip() != "movie-lake unknown"


def test_demo_materializes_every_asset_and_passes_every_check(demo_lake):
    root, result = demo_lake
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    graph = build_definitions(load_settings({"MOVIE_LAKE_ROOT": str(root)})).resolve_asset_graph()
    summary = result.stdout.split("\ningested ", 1)[1]
    listed = {line.split()[0] for line in summary.splitlines() if line.startswith("  ")}
    assert {key.to_user_string() for key in graph.materializable_asset_keys} <= listed
    assert " 0 failed steps" in summary.splitlines()[0] and " 0 checks failed" in summary.splitlines()[0]
    assert f"catalog: {root / 'catalog.duckdb'}" in summary
    assert (root / "dagster_home" / "dagster.yaml").read_text().startswith("telemetry:")


def test_demo_leaves_no_spooled_file_in_the_temporary_folder(demo_lake):
    """Every refined step spools its result before the lake takes it; the run workers are forked
    and exit without running finalizers, so the IO manager removes each spool once written."""
    root, result = demo_lake
    assert result.returncode == 0
    assert sorted(p.name for p in (root.parent / "tmp").iterdir() if p.name.startswith("movie_lake_spool_")) == []


def test_demo_fetches_its_api_months_in_one_run_and_crawls_after_them_beside_the_landed_files(demo_lake, monkeypatch):
    """The twelve API months go as one run. With two run workers no slot waits for the stages'
    last runs: the landed files' runs go beside them, at the latest when the changes' sync stage has
    one run for two slots. The catalog crawl starts once the months and the exports are in, so a
    title fetched both ways is newer from the catalog (which wins) in every demo, killed or not."""
    from dagster import DagsterInstance

    from movie_lake.defs.lake.reconcile import ASSETS_TAG, LANDED_FILE_TAG

    root, result = demo_lake
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    if load_settings({"MOVIE_LAKE_ROOT": str(root)}).ingest_workers < 2:
        pytest.skip("one run worker on this machine: runs go one after the other")
    monkeypatch.setenv("DAGSTER_HOME", str(root / "dagster_home"))
    with DagsterInstance.get() as instance:
        records = sorted(instance.get_run_records(), key=lambda r: r.create_timestamp)
    partition = lambda record: record.dagster_run.tags.get("dagster/partition", "")  # noqa: E731
    months = [r for r in records if r.dagster_run.tags.get("dagster/asset_partition_range_start") == "1995-01"]
    crawl = [r for r in records if re.fullmatch(r"\d{7}-\d{7}", partition(r))]
    landed = [r for r in records if any(tag.startswith(LANDED_FILE_TAG) for tag in r.dagster_run.tags)]
    asked = [r for r in records if partition(r) == "" and ASSETS_TAG not in r.dagster_run.tags and r not in months]  # not the plan's
    exports = [r for r in asked if r.create_timestamp < crawl[0].create_timestamp]
    sync = [r for r in asked if r.create_timestamp > crawl[0].create_timestamp]
    [run] = months  # the twelve months as one run
    assert run.dagster_run.tags["dagster/asset_partition_range_end"] == "1995-12" and len(crawl) >= 2 and len(landed) == 9 and len(exports) == 2 and len(sync) == 1
    assert max(r.end_time for r in months + exports) <= min(r.start_time for r in crawl)
    assert min(r.start_time for r in landed) < max(r.end_time for r in crawl + sync)


def test_demo_again_is_safe_and_finds_nothing_new(demo_lake):
    root, _ = demo_lake
    again = run_cli(["demo"], root)
    assert again.returncode == 0, again.stderr[-3000:]
    assert "landed 0 sample file(s)" in again.stdout and "nothing owed" in again.stdout


def test_ingest_exits_non_zero_when_a_file_fails(tmp_path):
    root = tmp_path / "lake"
    (root / "landing" / "tmdb_movies").mkdir(parents=True)
    (root / "landing" / "tmdb_movies" / "broken.csv").write_text("movie,name\n1,x\n")
    result = run_cli(["ingest"], root)
    assert result.returncode == 1
    assert "FAILED trusted_tmdb_movies [broken.csv]" in result.stdout
    assert "DEBUG" not in result.stdout + result.stderr and "Warning" not in result.stderr
    assert "header is missing columns: id, title" in result.stdout


def test_a_long_step_shows_it_is_still_running_every_ten_seconds(local_settings, instance):
    import time as clock

    from movie_lake.cli.ingest import Ingestor
    from movie_lake_tests.conftest import storage_for

    lines: list[str] = []
    ingestor = Ingestor(build_definitions(local_settings), instance, storage_for(local_settings), say=lines.append)
    ingestor._started = {"trusted_tmdb_movies": clock.time() - 12, "refined__dim_movie": clock.time() - 3}
    ingestor._still_running()
    ingestor._still_running()
    assert lines == ["  … trusted_tmdb_movies still running, 12 s"]
    ingestor._noticed["trusted_tmdb_movies"] = 0
    ingestor._finished.add("trusted_tmdb_movies")
    ingestor._still_running()
    assert len(lines) == 1, "a finished step says nothing more"


def test_terraform_vars_carry_exactly_the_policy_iam_policy_prints(tmp_path):
    """Both commands read the same aws-mode settings; Terraform gets the policy verbatim."""
    import json

    env = {**os.environ, "MOVIE_LAKE_ENV": "aws", "MOVIE_LAKE_BUCKET": "lake", "MOVIE_LAKE_REPORTING_BUCKET": "reports",
           "MOVIE_LAKE_ATHENA_WORKGROUP": "movie_lake", "MOVIE_LAKE_LANDING_QUEUE": "movie-lake-landing",
           "PYTHONWARNINGS": "ignore"}
    printed = [subprocess.run(CLI + [command, "--account-id", "123456789012"], env=env, capture_output=True, text=True,
                              check=True).stdout for command in ("iam-policy", "terraform-vars")]
    variables = json.loads(printed[1])
    assert variables["run_role_policy_json"] == printed[0].rstrip("\n")
    assert variables["zone_buckets"] == {"reporting": "reports"} and variables["landing_queue"] == "movie-lake-landing"
    assert variables["lake_environment"]["MOVIE_LAKE_REPORTING_BUCKET"] == "reports"


def test_dashboard_serves_the_app_and_exports_the_offline_snapshot(demo_lake, tmp_path):
    import requests

    from movie_lake_tests.postgres_server import free_port

    root, _ = demo_lake
    exported = run_cli(["dashboard", "--export", str(tmp_path / "snapshot.html")], root)
    assert exported.returncode == 0, exported.stderr[-2000:]
    assert (tmp_path / "snapshot.html").read_bytes() == (root / "reports" / "dashboard.html").read_bytes()
    port = free_port()
    env = {**os.environ, "MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(root)}
    server = subprocess.Popen(CLI + ["dashboard", "--port", str(port)], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, stdin=subprocess.DEVNULL)
    try:
        assert server.stdout.readline().startswith(f"dashboard: http://127.0.0.1:{port}/  (duckdb over {root}")
        layout = _answer(f"http://127.0.0.1:{port}/_dash-layout")
        assert layout.status_code == 200 and "Franchises" in layout.text and "Science Fiction" in layout.text
        snapshot = requests.get(f"http://127.0.0.1:{port}/export/dashboard.html", timeout=60)
        assert snapshot.content == (root / "reports" / "dashboard.html").read_bytes()
    finally:
        server.terminate()
        server.wait(timeout=30)


def _answer(url: str, seconds: float = 60):
    """The first answer of a server that is still starting."""
    import time

    import requests

    deadline = time.monotonic() + seconds
    while True:
        try:
            return requests.get(url, timeout=60)
        except requests.ConnectionError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)
