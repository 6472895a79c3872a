"""The Sci-Fi/Fantasy franchise lake from the bundled sample through real materializations:
CSV files, IMDb ratings and links landed, movie and TV months fetched from the emulator over
HTTP, then the franchise model and analyses. Expected figures come from the sample files."""
from __future__ import annotations

import dataclasses
import gzip
import json

import pytest
from dagster import DagsterInstance

from movie_lake.cli.demo import fetch_runs
from movie_lake.cli.ingest import Ingestor
from movie_lake.definitions import build_definitions
from movie_lake.lib.franchise_map import FranchiseMapError, load_franchise_series
from movie_lake.lib.sample_landing import SAMPLE_LANDING, land_sample
from movie_lake.defs.refined_queries import refined_queries
from movie_lake.lib.schemas import ALL_SCHEMAS, schema_for
from movie_lake.lib.storage import TableStore
from movie_lake.settings import load_settings

from movie_lake_tests.conftest import storage_for
from movie_lake_tests.refined_merges import merged_and_built

MONTHS = ("1977-05", "1980-05", "1995-09", "2009-04")
STAR_WARS = 10
SAMPLE_API = SAMPLE_LANDING.parent / "tmdb_api"


def _sample(name: str) -> list[dict]:
    with gzip.open(SAMPLE_API / name, "rt", encoding="utf-8") as handle:
        return [json.loads(line) for line in handle]


@pytest.fixture(scope="module")
def lake(tmp_path_factory):
    settings = load_settings({"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(tmp_path_factory.mktemp("franchises") / "lake")})
    settings = dataclasses.replace(settings, tmdb_offline=True)
    storage = storage_for(settings)
    land_sample(storage)
    with DagsterInstance.ephemeral() as instance:
        report = Ingestor(build_definitions(settings), instance, storage, lambda _line: None).run(fetch_runs(MONTHS))
        assert report.ok
        store = TableStore(storage)
        yield {**{name: store.read(schema_for(name)).to_pandas() for name in (
            "refined/dim_franchise", "refined/franchise_titles", "refined/dim_movie", "refined/dim_series",
            "analytics/franchise_kpis", "analytics/franchise_cast", "analytics/franchise_entries", "analytics/lake_cost")},
            "merges": merged_and_built(str(settings.local_root), refined_queries(settings))}


def test_athenas_merge_of_every_refined_table_gives_the_rows_the_local_path_built(lake):
    """The statement aws mode sends (Trino, parsed), run by DuckDB through sqlglot over this lake's
    tables, turns an older state of each refined table (a third of its rows missing, a third
    changed, stale extra rows) into exactly what the local path materialized."""
    assert set(lake["merges"]) == {name for name in ALL_SCHEMAS if name.startswith("refined/")}
    for name, (merged, built) in lake["merges"].items():
        assert built, f"{name} has no rows on the sample"
        assert merged == built, name


def test_star_wars_is_in_focus_with_its_films_and_its_mapped_series(lake):
    franchise = lake["refined/dim_franchise"].set_index("franchise_id").loc[STAR_WARS]
    expected_films = [m for m in _sample("movies.jsonl.gz") if (m.get("belongs_to_collection") or {}).get("id") == STAR_WARS
                      and m["release_date"][:7] in MONTHS]
    assert (franchise.films, franchise.series, franchise.in_focus) == (len(expected_films), 2, True) and len(expected_films) == 2
    assert franchise.focus_reason.startswith("genre ")
    titles = lake["refined/franchise_titles"]
    assert set(titles[titles.franchise_id == STAR_WARS].title) == {m["title"] for m in expected_films} | {
        "Star Wars: Outer Rim Patrol", "Star Wars: The Clone Chronicles"}


def test_franchise_kpis_count_series_and_take_actors_from_series_casts(lake):
    kpis = lake["analytics/franchise_kpis"].set_index("collection_id").loc[STAR_WARS]
    series_cast = {c["id"] for s in _sample("tv.jsonl.gz") if s["name"].startswith("Star Wars")
                   for c in s["aggregate_credits"]["cast"]}
    assert (kpis.films, kpis.series) == (2, 2)
    assert kpis.distinct_actors == len(series_cast) and kpis.titles_with_credits == 2
    assert kpis.most_popular_title and kpis.avg_imdb_rating > 0
    assert set(lake["analytics/franchise_kpis"].collection_name) == set(
        lake["refined/dim_franchise"].query("in_focus").franchise_name)


def test_imdb_ratings_reach_movies_through_the_api_or_the_links_file(lake):
    movies = lake["refined/dim_movie"]
    assert set(movies.imdb_id_source.dropna()) == {"tmdb_api", "movie_links"}
    linked = movies[movies.imdb_id_source == "movie_links"]
    assert len(linked) > 100 and linked.imdb_rating.notna().all()
    series = lake["refined/dim_series"]
    assert series.imdb_id.notna().all() and series.imdb_rating.notna().sum() == len(series)


def test_entries_show_tmdb_and_imdb_ratings_side_by_side(lake):
    entries = lake["analytics/franchise_entries"]
    star_wars = entries[entries.title == "Star Wars"].iloc[0]
    assert star_wars.imdb_rating == 8.7 and star_wars.tmdb_rating > 0  # tt0076759 in the 2017 ratings file


def test_a_broken_franchise_map_is_refused_naming_the_file_and_entry(tmp_path):
    path = tmp_path / "franchises.json"
    path.write_text(json.dumps({"franchises": [{"collection_id": 10, "series": [{"series_id": "nine"}]}]}))
    with pytest.raises(FranchiseMapError, match=r"franchises\.json: franchises\[0\]\.series\[0\] needs a positive integer series_id"):
        load_franchise_series(path)
    path.write_text(json.dumps({"franchises": [{"collection_id": 1, "series": [{"series_id": 5}]},
                                               {"collection_id": 2, "series": [{"series_id": 5}]}]}))
    with pytest.raises(FranchiseMapError, match="series 5 is already in collection 1"):
        load_franchise_series(path)


def test_the_cost_estimate_prices_every_zone_and_the_api_requests(lake):
    cost = lake["analytics/lake_cost"]
    storage = cost[cost.category == "storage"].set_index("item")
    assert {"landing", "raw", "trusted", "refined", "analytics", "quarantine"} <= set(storage.index)
    assert (storage.loc[["landing", "raw", "trusted", "refined", "analytics", "quarantine"], "usd"] > 0).all()
    assert storage.loc["trusted", "usd"] == pytest.approx(storage.loc["trusted", "quantity"] * 0.023)
    assert cost[cost.category == "tmdb_api"].quantity.sum() > 0 and set(cost.category) >= {"storage", "s3_requests", "tmdb_api"}
