"""Page assembly: plotly inlined once, every chart or panel present, our own HTML escaped."""
from __future__ import annotations

import re
from datetime import datetime, timezone

import pytest

from movie_lake.defs.dashboard.freshness import Freshness
from movie_lake.lib.dashboard.kpis import Tile, headline_tiles
from movie_lake.lib.dashboard.page import render_page
from movie_lake.lib.dashboard.sections import SECTIONS, build_sections

from movie_lake_tests.dashboard_frames import HOSTILE, SCRIPT, analysis_frames, refined_frames

CHART_NAMES = [c.name for s in SECTIONS for c in s.charts]
NOW = datetime(2026, 11, 21, 12, 0, tzinfo=timezone.utc)
HOSTILE_FRESHNESS = Freshness(f"analytics/{HOSTILE}", NOW, SCRIPT, "1 partitions", 3)


@pytest.fixture(scope="module")
def full_page() -> str:
    refined = refined_frames()
    tiles = headline_tiles(refined["dim_movie"], refined["fact_movie_finance"])
    return render_page(build_sections(analysis_frames()), tiles, [HOSTILE_FRESHNESS], NOW, f"/lake/{HOSTILE}")


def test_plotly_js_is_inlined_exactly_once(full_page):
    assert full_page.count("plotly.js v") == 1
    assert "<script src" not in full_page and "<link " not in full_page
    assert len(full_page) > 3_000_000


def test_every_chart_present_in_section_order(full_page):
    assert re.findall(r'data-chart="([a-z_]+)"', full_page) == CHART_NAMES
    assert all(f'id="chart-{name}"' in full_page for name in CHART_NAMES)
    assert [f'<section id="{s.id}">' in full_page for s in SECTIONS] == [True] * len(SECTIONS)


def test_hostile_text_in_tiles_freshness_and_header_is_escaped(full_page):
    assert "<img" not in full_page
    assert SCRIPT not in full_page
    assert full_page.count("&lt;img src=x onerror=alert(1)&gt;") >= 3  # tiles, freshness row, lake uri
    assert "&lt;/script&gt;&lt;script&gt;" in full_page


def test_empty_analyses_render_no_data_panels():
    page = render_page(build_sections({}), headline_tiles(None, None), [], NOW, "/lake")
    assert len(re.findall(r'class="chart (?:wide )?no-data"', page)) == len(CHART_NAMES)
    assert page.count(">No data yet<") == len(CHART_NAMES)
    assert "Plotly.newPlot" not in page.split("</script>", 1)[1]
    assert "No materializations recorded" in page


def test_tile_text_is_escaped():
    page = render_page([], [Tile('A "quoted" <b>label</b>', "<script>x</script>", "&")], [], NOW, "/lake")
    assert "&lt;b&gt;label&lt;/b&gt;" in page and "&lt;script&gt;x&lt;/script&gt;" in page and "&amp;" in page
