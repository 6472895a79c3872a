"""The generated dashboard in a real headless chromium (DevTools protocol over a websocket):
every chart drawn with data, no console errors, hostile titles shown as text and never run,
and a screenshot kept under test-artifacts/ for people to look at."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from movie_lake.defs.dashboard.freshness import Freshness
from movie_lake.lib.dashboard.kpis import headline_tiles
from movie_lake.lib.dashboard.page import render_page
from movie_lake.lib.dashboard.sections import SECTIONS, build_sections

from movie_lake_tests.cdp import Browser, chromium_path
from movie_lake_tests.dashboard_frames import HOSTILE, RTL, SCRIPT, analysis_frames, refined_frames

ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"
CHART_NAMES = [c.name for s in SECTIONS for c in s.charts]
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)
PLOTS_DRAWN = "document.querySelectorAll('.js-plotly-plot .main-svg').length >= {n}"


@pytest.fixture
def browser():
    executable = chromium_path()
    if executable is None:
        pytest.skip("Debian chromium is not installed (make test installs it: see the Makefile's browser target)")
    opened = Browser(executable)
    yield opened
    opened.close()


def test_dashboard_in_headless_chromium(browser, tmp_path):
    """One page load (5 MB of plotly.js) for every check of the full page."""
    refined, analyses = refined_frames(), analysis_frames()
    tiles = headline_tiles(refined["dim_movie"], refined["fact_movie_finance"], analyses["franchise_kpis"])
    freshness = [Freshness(f"analytics/{HOSTILE}", NOW, SCRIPT, "unpartitioned", 3)]
    page = tmp_path / "dashboard.html"
    page.write_text(render_page(build_sections(analyses), tiles, freshness, NOW, "/lake"), encoding="utf-8")
    browser.open(page.as_uri())
    browser.wait_for(PLOTS_DRAWN.format(n=len(CHART_NAMES)))

    check_every_chart_is_drawn_with_data(browser)
    check_hostile_titles_show_as_text_and_inject_nothing(browser)
    check_filters_switch_what_is_shown(browser)
    assert browser.errors() == []
    assert browser.dialogs() == []
    shot = ARTIFACTS / "dashboard.png"
    browser.screenshot(shot)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000


def check_every_chart_is_drawn_with_data(dashboard: Browser) -> None:
    traces = json.loads(dashboard.evaluate("""JSON.stringify(Object.fromEntries(
        [...document.querySelectorAll('.js-plotly-plot')].map(plot => [plot.id,
            plot.data.map(t => (t.x || t.values || t.z || []).length)])))"""))
    assert sorted(traces) == sorted(f"chart-{name}" for name in CHART_NAMES)
    assert {plot: points for plot, points in traces.items() if not points or sum(points) == 0} == {}
    marks = dashboard.evaluate("""Object.fromEntries([...document.querySelectorAll('.js-plotly-plot')]
        .map(plot => [plot.id, plot.querySelectorAll('.point, .slice, .heatmaplayer image').length]))""")
    assert {plot: n for plot, n in marks.items() if n == 0} == {}


def check_hostile_titles_show_as_text_and_inject_nothing(dashboard: Browser) -> None:
    assert dashboard.evaluate("document.querySelectorAll('img, [onerror]').length") == 0
    assert dashboard.evaluate("document.scripts.length") == len(CHART_NAMES) + 2  # plotly.js, one per chart, resize
    assert HOSTILE in dashboard.evaluate("document.getElementById('kpis').innerText")
    ticks = dashboard.evaluate("[...document.querySelectorAll('#chart-largest_casts .ytick text')].map(t => t.textContent)")
    assert HOSTILE in ticks
    assert SCRIPT in dashboard.evaluate("document.getElementById('freshness').innerText")
    hover = dashboard.evaluate("""(() => { Plotly.Fx.hover(document.getElementById('chart-largest_casts'),
        [{curveNumber: 0, pointNumber: 1}]); return document.querySelector('#chart-largest_casts .hovertext').textContent; })()""")
    assert HOSTILE in hover
    assert RTL in dashboard.evaluate("document.body.innerText")


def check_filters_switch_what_is_shown(dashboard: Browser) -> None:
    visible = dashboard.evaluate("""(async () => {
        const plot = document.getElementById('chart-views_by_category');
        const menu = plot.layout.updatemenus[0].buttons[1];
        await Plotly.restyle(plot, ...menu.args);
        return plot.data.map(t => t.visible); })()""")
    assert visible == [False, False, True, True]


def test_empty_dashboard_shows_a_panel_per_chart(browser, tmp_path):
    page = tmp_path / "empty.html"
    page.write_text(render_page(build_sections({}), headline_tiles(None, None), [], NOW, "/lake"), encoding="utf-8")
    browser.open(page.as_uri())
    panels = browser.evaluate("[...document.querySelectorAll('.no-data')].map(p => p.dataset.chart)")
    assert panels == CHART_NAMES
    assert browser.evaluate("document.querySelectorAll('.js-plotly-plot').length") == 0
    assert browser.errors() == [] and browser.dialogs() == []
    browser.screenshot(ARTIFACTS / "dashboard-empty.png")
