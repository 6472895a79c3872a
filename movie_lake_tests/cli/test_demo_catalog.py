"""The demo's crawl of the emulator's catalog, stopped after its first id range (a killed demo),
is finished by the next demo: the exports are not landed again, and only the ranges with ids no
finished batch has answered are crawled."""
from __future__ import annotations

import dataclasses

from movie_lake.cli.demo import catalog_runs
from movie_lake.cli.ingest import Ingestor
from movie_lake.definitions import build_definitions
from movie_lake.lib.tmdb.emulator.catalog import Catalog
from movie_lake.settings import load_settings

from movie_lake_tests.conftest import lake_table, storage_for


def test_a_demo_stopped_during_the_catalog_crawl_crawls_what_is_missing_next_time(tmp_path, instance):
    settings = dataclasses.replace(load_settings({"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(tmp_path / "lake")}),
                                   tmdb_offline=True)
    storage, defs = storage_for(settings), build_definitions(settings)
    carried_out = lambda runs: Ingestor(defs, instance, storage, say=lambda _line: None).run(runs).ok  # noqa: E731
    exports, (crawl, _sync) = catalog_runs(storage, settings)
    assert [r.label for r in exports] == ["raw/tmdb_movie_ids", "raw/tmdb_tv_ids"]
    assert carried_out(exports)
    every_range = crawl()
    assert len(every_range) >= 2
    assert carried_out(every_range[:1])

    exports, (crawl, _sync) = catalog_runs(storage, settings)
    assert exports == []
    assert [r.partition for r in crawl()] == [r.partition for r in every_range[1:]]
    assert carried_out(crawl())
    assert crawl() == []
    emulated = Catalog.load()
    assert lake_table(settings, "trusted/tmdb_catalog_movies").num_rows == len(emulated.movies)
    assert lake_table(settings, "trusted/tmdb_catalog_tv_series").num_rows == len(emulated.series)
