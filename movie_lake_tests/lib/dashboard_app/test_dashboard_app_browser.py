"""The served dashboard app in a real headless chromium, on a lake ingested from the bundled sample
plus a landed file of hostile titles: every page draws, the global filters change every panel,
a click on a bar filters the others and lists exactly the titles an independent pandas computation
finds, hostile titles stay text, and the app never writes to the lake. Screenshots go to
test-artifacts/dashboard_app/."""
from __future__ import annotations

import gzip
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from movie_lake.lib.dashboard_app.reader import LakeReader
from movie_lake.lib.query import DuckDBQueryEngine
from movie_lake.lib.schemas import schema_for
from movie_lake.lib.storage import TableStore
from movie_lake.settings import load_settings

from movie_lake_tests.cdp import Browser, chromium_path
from movie_lake_tests.conftest import storage_for
from movie_lake_tests.lib.dashboard_app.app_server import (
    bars, click_bar, drill_rows, open_page, panel_data, pick_genre, served, set_years, visit_every_panel,
    wait_for_change, wait_until_settled,
)

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "dashboard_app"
SAMPLE_MOVIES = Path(__file__).resolve().parents[3] / "movie_lake/sample/landing/tmdb_movies/tmdb_5000_movies_sample.csv.gz"
HOSTILE_TITLES = ["<script>alert('x')</script>", "<img src=x onerror=alert(1)>", "千と千尋の神隠し", "فيلم «السلام» 🐈 \"quoted\""]
HOSTILE_YEAR = 1901
TITLE_PAGES = {"Genres": "genre_titles", "Ratings and votes": "titles_per_year", "Cast and crew": "top_actors",
               "Franchises": "franchise_share"}
PAGE_PANELS = {
    "Genres": ["genre_titles", "genre_rating", "genre_over_time"],
    "Ratings and votes": ["titles_per_year", "rating_vs_votes", "tmdb_vs_imdb"],
    "Cast and crew": ["top_actors", "largest_casts", "director_actor_pairs"],
    "Franchises": ["franchise_share", "franchise_return", "franchise_profit", "franchise_actors"],
    "Online video": ["video_regions", "video_channels", "video_daily"],
    "Freshness and cost": ["lake_cost"],
}

pytestmark = [pytest.mark.slow, pytest.mark.skipif(chromium_path() is None, reason="Debian chromium is not installed (make browser)")]


def hostile_movies_csv() -> bytes:
    """Four sample movies re-keyed, titled with markup, CJK, RTL and emoji, all released in 1901."""
    sample = pd.read_csv(SAMPLE_MOVIES, dtype=str, keep_default_na=False).head(len(HOSTILE_TITLES))
    sample["id"] = [str(990001 + i) for i in range(len(HOSTILE_TITLES))]
    sample["title"] = sample["original_title"] = HOSTILE_TITLES
    sample["release_date"] = f"{HOSTILE_YEAR}-05-01"
    out = io.StringIO()
    sample.to_csv(out, index=False)
    return gzip.compress(out.getvalue().encode("utf-8"))


@pytest.fixture(scope="module")
def lake(tmp_path_factory):
    """`movie-lake demo` (the sample files and the emulator's API months: collections, series) plus the hostile file."""
    root = tmp_path_factory.mktemp("app") / "lake"
    settings = load_settings({"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(root)})
    storage_for(settings).write_bytes("landing/tmdb_movies/hostile_titles.csv.gz", hostile_movies_csv())
    demo = subprocess.run([sys.executable, "-m", "movie_lake.cli.main", "demo"], capture_output=True, text=True,
                          env={**os.environ, "MOVIE_LAKE_ROOT": str(root), "MOVIE_LAKE_ENV": "local"},
                          timeout=600, stdin=subprocess.DEVNULL)
    assert demo.returncode == 0, demo.stdout[-3000:] + demo.stderr[-2000:]
    return settings


@pytest.fixture(scope="module")
def app(lake):
    """The app's address and its reader (whose counts say how many queries it ran)."""
    reader = LakeReader(DuckDBQueryEngine(str(lake.local_root)), storage_for(lake))
    with served(reader, lake.lake_uri) as url:
        yield url, reader


@pytest.fixture
def browser(app):
    opened = Browser(chromium_path())
    try:
        opened.open(app[0], 1400, 1000)
        wait_until_settled(opened, "genre_titles")
        yield opened
    finally:
        opened.close()


def titles_with_genres(root: Path) -> pd.DataFrame:
    """Independent of the app's SQL: every movie and series with each of its genres, from the Parquet files."""
    store = TableStore(storage_for(load_settings({"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(root)})))
    read = lambda name: store.read(schema_for(name)).to_pandas()  # noqa: E731
    movies = read("refined/dim_movie").merge(read("refined/bridge_movie_genre"), on="movie_id", how="left").merge(
        read("refined/dim_genre"), on="genre_id", how="left")
    movies = movies.rename(columns={"movie_id": "title_id", "release_year": "year"}).assign(media="movie")
    series = read("refined/dim_series").merge(read("refined/bridge_series_genre"), on="series_id", how="left")
    series = series.rename(columns={"series_id": "title_id", "name": "title", "first_air_year": "year"}).assign(media="series")
    columns = ["media", "title_id", "title", "year", "genre_name"]
    return pd.concat([movies[columns], series[columns]], ignore_index=True)


def test_every_page_draws_its_panels_and_a_second_visit_runs_no_query_and_writes_nothing(browser, app, lake):
    storage = storage_for(lake)
    files = [(f.key, f.size, f.modified) for f in storage.list_files("")]
    for page, panels in PAGE_PANELS.items():
        open_page(browser, page, panels[0])
        for panel in panels:
            wait_until_settled(browser, panel)
            assert browser.evaluate(f"document.getElementById('note-{panel}').textContent") == "", panel
            assert panel_data(browser, panel) not in (None, "[]"), panel
        browser.screenshot(ARTIFACTS / f"{page.lower().replace(' ', '_')}.png")
    rows = browser.evaluate("document.querySelectorAll('#freshness-table tbody tr').length")
    assert rows > 1
    assert browser.errors() == [] and browser.dialogs() == []
    url, reader = app
    first_visit = reader.stats.queries
    assert visit_every_panel(url, PAGE_PANELS) == []
    assert first_visit > 0 and reader.stats.queries == first_visit and reader.stats.cache_hits >= first_visit
    assert [(f.key, f.size, f.modified) for f in storage.list_files("")] == files


def test_a_year_range_and_a_genre_change_every_panel_and_match_pandas(browser, lake):
    before = {}
    for page, panel in TITLE_PAGES.items():
        open_page(browser, page, panel)
        before.update({p: wait_until_settled(browser, p) for p in PAGE_PANELS[page]})
    set_years(browser, 1990, 2005)
    pick_genre(browser, "Drama")
    for page, panel in TITLE_PAGES.items():
        open_page(browser, page, panel)
        for p in PAGE_PANELS[page]:
            assert wait_for_change(browser, p, before[p]) != before[p], p
    open_page(browser, "Genres", "genre_titles")
    shown = bars(browser, "genre_titles")
    titles = titles_with_genres(lake.local_root)
    chosen = titles[titles.year.between(1990, 2005)]
    chosen = chosen[chosen.set_index(["media", "title_id"]).index.isin(
        chosen[chosen.genre_name == "Drama"].set_index(["media", "title_id"]).index)]
    expected = chosen.dropna(subset=["genre_name"]).groupby("genre_name").size().to_dict()
    assert shown == expected and expected["Drama"] > 10
    browser.screenshot(ARTIFACTS / "filtered_drama_1990_2005.png")


def test_clicking_a_genre_bar_filters_the_other_panels_and_lists_exactly_its_titles(browser, lake):
    rating_before = wait_until_settled(browser, "genre_rating")
    set_years(browser, 1980, 1999)
    wait_for_change(browser, "genre_rating", rating_before)
    rating_years = wait_until_settled(browser, "genre_rating")
    click_bar(browser, "genre_titles", "Science Fiction")
    wait_for_change(browser, "genre_rating", rating_years)
    assert browser.evaluate("document.getElementById('genres-value').textContent").startswith("Science Fiction")
    browser.wait_for("document.querySelector('#drill-table') !== null")
    heading = browser.evaluate("document.getElementById('drill-heading').textContent")
    titles = titles_with_genres(lake.local_root)
    expected = titles[(titles.genre_name == "Science Fiction") & titles.year.between(1980, 1999)]
    assert heading == f"Titles of genre Science Fiction ({len(expected):,})"
    assert 0 < len(expected) <= 50
    assert sorted(r["title"] for r in drill_rows(browser)) == sorted(expected.title)
    browser.screenshot(ARTIFACTS / "drill_down_science_fiction.png")
    open_page(browser, "Ratings and votes", "titles_per_year")
    per_year = wait_until_settled(browser, "titles_per_year")
    assert sum(sum(trace[1]) for trace in json.loads(per_year)) == len(expected)


def test_hostile_titles_show_as_text_in_charts_and_the_drill_down(browser):
    every_year = open_page(browser, "Ratings and votes", "titles_per_year")
    set_years(browser, HOSTILE_YEAR, HOSTILE_YEAR)
    assert json.loads(wait_for_change(browser, "titles_per_year", every_year)) == [[[HOSTILE_YEAR], [len(HOSTILE_TITLES)]]]
    browser.click("document.querySelector('#graph-titles_per_year .trace.bars .point')")
    browser.wait_for(f"document.getElementById('drill-heading')?.textContent === 'Titles of {HOSTILE_YEAR} ({len(HOSTILE_TITLES)})'")
    assert sorted(r["title"] for r in drill_rows(browser)) == sorted(HOSTILE_TITLES)
    assert browser.evaluate("document.querySelectorAll('img[src=x], #drill script').length") == 0
    hover_texts = browser.evaluate("JSON.stringify(document.querySelector('#graph-rating_vs_votes .js-plotly-plot').data[0].text)")
    assert "&lt;script&gt;" in hover_texts and "<script>" not in hover_texts
    browser.screenshot(ARTIFACTS / "hostile_titles.png")
    assert browser.dialogs() == [] and browser.errors() == []


def test_an_empty_lake_shows_what_to_land_on_every_panel(tmp_path):
    from movie_lake.lib.dashboard_app.panels import BY_ID

    def says_what_to_land(browser, panel):
        assert browser.evaluate(f"document.getElementById('note-{panel}').textContent") == BY_ID[panel].empty

    settings = load_settings({"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(tmp_path / "lake")})
    reader = LakeReader(DuckDBQueryEngine(str(settings.local_root)), storage_for(settings))
    with served(reader, settings.lake_uri) as url:
        assert visit_every_panel(url, PAGE_PANELS, says_what_to_land) == []
