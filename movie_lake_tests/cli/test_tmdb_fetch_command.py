"""`movie-lake tmdb fetch`: months and media from the command line, fetched from the bundled
emulator over HTTP and ingested downstream in one command."""
from __future__ import annotations

import pytest
from dagster import AssetKey, DagsterInstance

from movie_lake.cli.main import main
from movie_lake.cli.tmdb import media_list, month_range
from movie_lake.lib.schemas import schema_for
from movie_lake.lib.storage import TableStore
from movie_lake.settings import load_settings

from movie_lake_tests.conftest import storage_for


def test_month_ranges_cross_years_and_bad_input_is_named():
    assert month_range("1999-11", "2000-02") == ["1999-11", "1999-12", "2000-01", "2000-02"]
    assert month_range("2009-04", None) == ["2009-04"]
    with pytest.raises(ValueError, match="before --from"):
        month_range("2009-04", "2009-01")
    with pytest.raises(ValueError, match="'2009-4' is not a month"):
        month_range("2009-4", None)
    assert media_list("tv, movie,tv") == ("tv", "movie")
    with pytest.raises(ValueError, match="--media takes movie, tv"):
        media_list("film")


def test_fetching_a_tv_month_reaches_the_trusted_and_refined_series(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("MOVIE_LAKE_ROOT", str(tmp_path / "lake"))
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("TMDB_API_BASE_URL", raising=False)
    assert main(["tmdb", "fetch", "--from", "2009-03", "--to", "2009-04", "--media", "tv"]) == 0
    assert "fetching 2 month(s) 2009-03..2009-04 (tv) from the bundled emulator" in capsys.readouterr().out
    store = TableStore(storage_for(load_settings()))
    assert sorted(store.partitions(schema_for("trusted/tmdb_tv_series"))) == ["2009-03", "2009-04"]
    assert sorted(store.read(schema_for("refined/dim_series")).column("name").to_pylist()) == [
        "Northern Skies", "Star Wars: The Clone Chronicles"]
    assert store.partitions(schema_for("trusted/tmdb_movies")) == []
    with DagsterInstance.get() as instance:  # the two months went as one run
        fetched = instance.fetch_materializations(AssetKey(["raw", "tmdb_api_tv"]), limit=10).records
        assert sorted(r.partition_key for r in fetched) == ["2009-03", "2009-04"] and len({r.run_id for r in fetched}) == 1
    assert main(["tmdb", "fetch", "--from", "1960-01"]) == 2
