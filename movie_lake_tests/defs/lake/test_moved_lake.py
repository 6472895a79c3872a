"""A local lake folder moved elsewhere (twice) keeps working: its Iceberg metadata still names
the folder it was made in (`lib/storage/named_root.py`), every read and commit maps that to where
the lake is now, and `catalog.duckdb`'s views follow it, whatever the reader's working directory.
The lake moved first is one made before either root was recorded."""
from __future__ import annotations

import json
import os
import shutil

import duckdb

from movie_lake.lib.catalog.duckdb_catalog import CATALOG_FILE, VIEWS_FILE
from movie_lake.lib.query.duckdb_engine import DuckDBQueryEngine
from movie_lake.lib.schemas import schema_for
from movie_lake.lib.storage.named_root import NAMED_ROOT_FILE
from movie_lake.settings import load_settings

from movie_lake_tests.conftest import ingest, lake_table, storage_for, tables_for
from movie_lake_tests.second_landing import MOVIE_CHAIN, NEW_ID, SAMPLE, chain_rows, second_landing

CHECKED = ("trusted/movies", "refined/dim_movie", "refined/fact_cast", "analytics/top_actors")


def _view_rows(lake_root, names=CHECKED) -> dict[str, list]:
    """Each table as `duckdb <lake>/catalog.duckdb` shows it to a person, from the filesystem root."""
    here = os.getcwd()
    os.chdir("/")
    try:
        with duckdb.connect(os.path.join(lake_root, CATALOG_FILE), read_only=True) as connection:
            return {name: sorted(connection.sql(f"select * from {name.replace('/', '.')}").fetchall(), key=repr) for name in names}
    finally:
        os.chdir(here)


def _as_made_before_roots_were_recorded(lake_root) -> None:
    """No `iceberg.root`, and the views' SQL alone in `catalog_views.json`: the lake's first move
    then has to read both roots off what the lake holds."""
    (lake_root / NAMED_ROOT_FILE).unlink()
    views = lake_root / VIEWS_FILE
    views.write_text(json.dumps(json.loads(views.read_text())["views"]))


def _settings(root):
    return load_settings({"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(root)})


def test_a_moved_lake_reads_commits_and_serves_its_views_from_the_new_folder(tmp_path, instance):
    made_in = tmp_path / "made_in" / "lake"
    settings = _settings(made_in)
    storage = storage_for(settings)
    for source in ("tmdb_movies", "tmdb_credits"):
        storage.write_bytes(f"landing/{source}/{SAMPLE[source].name}", SAMPLE[source].read_bytes())
    assert ingest(settings, instance).ok
    before = _view_rows(made_in)
    history_before = tables_for(settings).history(schema_for("refined/dim_movie"))
    _as_made_before_roots_were_recorded(made_in)

    moved = tmp_path / "moved" / "lake"
    moved.parent.mkdir()
    shutil.move(made_in, moved)
    assert not made_in.exists()
    settings = _settings(moved)
    engine = DuckDBQueryEngine(str(moved))
    assert engine.query("select count(*) as n from refined.dim_movie").table.column("n")[0].as_py() == len(before["refined/dim_movie"])
    assert _view_rows(moved) == before, "a query made the views read under the new folder"
    assert tables_for(settings).history(schema_for("refined/dim_movie")) == history_before
    assert lake_table(settings, "refined/dim_movie").num_rows == len(before["refined/dim_movie"])

    for key, data in second_landing().items():
        storage_for(settings).write_bytes(key, data)
    assert ingest(settings, instance).ok, "a moved lake takes commits"
    titles = {r["movie_id"]: r["title"] for r in chain_rows(settings, "dim_movie")}
    assert len(titles) == len(before["refined/dim_movie"]) + 10 and titles[NEW_ID].startswith("New ")
    after_landing = _view_rows(moved)
    assert after_landing["refined/dim_movie"] != before["refined/dim_movie"]
    assert (moved / NAMED_ROOT_FILE).read_text().strip() == str(made_in), "files keep the names they were made with"
    assert json.loads((moved / VIEWS_FILE).read_text())["lake_root"] == str(moved)

    again = tmp_path / "again"
    shutil.move(moved, again)
    settings = _settings(again)
    for name in MOVIE_CHAIN:
        assert lake_table(settings, f"refined/{name}").num_rows > 0
    DuckDBQueryEngine(str(again)).query("select 1")
    assert _view_rows(again) == after_landing
