"""Each chart builder on small frames: the traces it draws, their data, and the panel it
returns instead when its table is empty."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pyarrow as pa
import pytest

from movie_lake.lib.dashboard import charts_franchise as franchise
from movie_lake.lib.dashboard import charts_genres as genres
from movie_lake.lib.dashboard import charts_people as people
from movie_lake.lib.dashboard import charts_video as video
from movie_lake.lib.dashboard.kpis import headline_tiles, money
from movie_lake.lib.dashboard.panels import NoData
from movie_lake.lib.dashboard.sections import ANALYSES, SECTIONS

from movie_lake_tests.dashboard_frames import HOSTILE, RTL, analysis_frames, refined_frames

SINGLE_TABLE_BUILDERS = [
    (c.build, c.tables[0]) for s in SECTIONS for c in s.charts if len(c.tables) == 1
]


@pytest.fixture(scope="module")
def frames() -> dict[str, pd.DataFrame]:
    return analysis_frames()


def test_sections_cover_every_contract_analysis():
    assert set(ANALYSES) == {
        "highest_rated_genres", "genre_rating_by_year", "genre_rating_by_decade", "rating_vs_votes",
        "movies_per_genre", "top_actors", "largest_casts", "director_actor_pairs", "franchise_kpis",
        "franchise_genre_mix", "franchise_entries", "franchise_cast", "video_category_daily", "video_days_to_trend", "video_top_channels",
        "video_multi_region", "lake_cost",
    }


@pytest.mark.parametrize("build, table", SINGLE_TABLE_BUILDERS, ids=[b.__name__ for b, _ in SINGLE_TABLE_BUILDERS])
def test_empty_table_gives_a_no_data_panel(build, table, frames):
    for empty in (frames[table].iloc[0:0], pa.Table.from_pandas(frames[table].iloc[0:0]), None):
        panel = build(empty)
        assert isinstance(panel, NoData)
        assert panel.title and panel.reason.startswith("No ")


def test_highest_rated_genres_sorted_with_hover_details(frames):
    fig = genres.highest_rated_genres(frames["highest_rated_genres"])
    (bar,) = fig.data
    assert bar.type == "bar" and bar.orientation == "h"
    assert list(bar.y) == ["Action", "Comedy", "Drama"]  # best at the top: plotly draws the first row lowest
    assert list(bar.x) == [6.1, 6.3, 7.0]
    assert len(bar.customdata) == 3 and "votes" in bar.hovertemplate


def test_genre_rating_over_time_has_year_and_decade_lines_and_a_range_slider(frames):
    fig = genres.genre_rating_over_time(frames["genre_rating_by_year"], frames["genre_rating_by_decade"])
    assert len(fig.data) == 6 and {t.type for t in fig.data} == {"scatter"}
    by_year, by_decade = fig.data[:3], fig.data[3:]
    assert all(len(t.x) == 3 for t in by_year) and all(len(t.x) == 2 for t in by_decade)
    assert [t.visible for t in by_year] == [True] * 3 and [t.visible for t in by_decade] == [False] * 3
    buttons = fig.layout.updatemenus[0].buttons
    assert [b.label for b in buttons] == ["By year", "By decade"]
    assert buttons[1].args[0]["visible"] == [False] * 3 + [True] * 3
    assert fig.layout.xaxis.rangeslider.visible


def test_genre_rating_over_time_empty_is_a_panel():
    assert isinstance(genres.genre_rating_over_time(pd.DataFrame(), None), NoData)


def test_rating_vs_votes_finds_every_film_of_a_genre_and_counts_films_without_votes(frames):
    fig = genres.rating_vs_votes(frames["rating_vs_votes"])
    assert [t.name for t in fig.data] == ["All genres (5)", "Comedy (3)", "Drama (2)"]
    every, comedy, drama = fig.data
    assert len(every.x) == 4 and every.visible and not comedy.visible and fig.layout.xaxis.type == "log"
    assert len(comedy.x) == 2 and "&lt;img src=x onerror=alert(1)&gt;" in [row[0] for row in comedy.customdata]
    assert "1 films with no votes not drawn" in fig.layout.xaxis.title.text
    titles = [row[0] for t in fig.data for row in t.customdata]
    assert "&lt;img src=x onerror=alert(1)&gt;" in titles and HOSTILE not in titles
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["All genres", "Comedy", "Drama"]


def test_movies_per_genre_bars(frames):
    (bar,) = genres.movies_per_genre(frames["movies_per_genre"]).data
    assert list(bar.x) == [20, 30, 40] and list(bar.y) == ["Action", "Comedy", "Drama"]


def test_top_actors_keeps_namesakes_apart(frames):
    (bar,) = people.top_actors(frames["top_actors"]).data
    assert len(bar.y) == 3 and len(set(bar.y)) == 3
    assert "Ann Lee · #10" in bar.y and RTL in bar.y


def test_largest_casts_and_director_actor_pairs(frames):
    (casts,) = people.largest_casts(frames["largest_casts"]).data
    assert list(casts.x) == [95, 120]
    (pairs,) = people.director_actor_pairs(frames["director_actor_pairs"]).data
    assert list(pairs.x) == [3, 4] and pairs.y[1] == "Dee Rector × Ann Lee"
    assert pairs.y[0].startswith("&lt;/script&gt;")


@pytest.mark.parametrize("build, column", [
    (franchise.franchise_profit, "total_profit"), (franchise.franchise_return_per_dollar, "return_per_dollar"),
    (franchise.franchise_popularity, "avg_popularity"),
])
def test_franchise_bars_one_bar_per_franchise(build, column, frames):
    (bar,) = build(frames["franchise_kpis"]).data
    assert len(bar.x) == 3 and max(bar.x) == frames["franchise_kpis"][column].max()


def test_franchise_actors_says_unknown_instead_of_zero(frames):
    fig = franchise.franchise_actors(frames["franchise_kpis"])
    (bar,) = fig.data
    assert list(bar.x) == [60, 140] and 0 not in list(bar.x)
    assert "cast unknown (no credits in the lake): Flop Trilogy" in fig.layout.xaxis.title.text
    unknown_only = frames["franchise_kpis"].assign(distinct_actors=None)
    panel = franchise.franchise_actors(unknown_only)
    assert isinstance(panel, NoData) and "cast unknown" in panel.reason


def test_franchise_losses_names_the_films_that_lost_money(frames):
    (bar,) = franchise.franchise_losses(frames["franchise_entries"]).data
    assert list(bar.x) == [-1.5e8, -2e8]  # biggest loss on top
    assert bar.y[0].startswith("Flop 1 (Flop Trilogy)")
    no_losses = frames["franchise_entries"].assign(lost_money=False)
    panel = franchise.franchise_losses(no_losses)
    assert isinstance(panel, NoData) and "3 franchise films" in panel.reason


def test_franchise_ratings_plot_tmdb_against_imdb_for_titles_with_both(frames):
    fig = franchise.franchise_ratings(frames["franchise_entries"])
    movies, series, diagonal = fig.data
    assert (movies.name, series.name) == ("movie", "series") and len(movies.x) == 3 and len(series.x) == 1
    assert list(series.x) == [7.9] and list(series.y) == [7.5]
    assert "1 titles without both ratings" in fig.layout.xaxis.title.text


def test_franchise_top_cast_counts_films_and_series(frames):
    (bar,) = franchise.franchise_top_cast(frames["franchise_cast"]).data
    assert bar.y[-1] == "Ann Lee (Star Saga)" and bar.x[-1] == 2 and list(bar.customdata[-1]) == [1, 1]


def test_franchise_revenue_share_pie_and_genre_heatmap(frames):
    (pie,) = franchise.franchise_revenue_share(frames["franchise_kpis"]).data
    assert pie.type == "pie" and len(pie.values) == 3 and pytest.approx(sum(pie.values)) == 1
    (heat,) = franchise.franchise_genre_heatmap(frames["franchise_genre_mix"]).data
    assert heat.type == "heatmap" and len(heat.y) == 3 and len(heat.x) == 3
    assert sum(map(sum, heat.z)) == frames["franchise_genre_mix"]["films"].sum()


def test_views_by_category_one_region_visible_with_a_region_menu(frames):
    fig = video.views_by_category(frames["video_category_daily"])
    assert len(fig.data) == 4 and {t.type for t in fig.data} == {"bar"}
    assert [t.visible for t in fig.data] == [True, True, False, False]  # CA first
    assert "Unknown category" in {t.name for t in fig.data}
    assert [b.label for b in fig.layout.updatemenus[0].buttons] == ["Region: CA", "Region: US"]
    assert fig.layout.barmode == "stack" and "running view totals" in fig.layout.title.text


def test_days_to_trend_average_and_median(frames):
    fig = video.days_to_trend(frames["video_days_to_trend"])
    assert "left-censored" in fig.layout.title.text
    assert [t.name for t in fig.data] == ["Average", "Median"] and all(len(t.x) == 2 for t in fig.data)


def test_top_channels_and_multi_region_videos(frames):
    channels = video.top_channels(frames["video_top_channels"])
    assert "by trending videos" in channels.layout.title.text and channels.layout.xaxis.title.text == "Trending videos"
    assert [len(t.y) for t in channels.data] == [2, 1]
    assert "&lt;img src=x onerror=alert(1)&gt;" in channels.data[0].y
    (bar,) = video.multi_region_videos(frames["video_multi_region"]).data
    assert list(bar.x) == [2, 2] and list(bar.customdata) == ["CA,US", "CA,US"]


def test_cost_adds_each_items_days_and_puts_the_dearest_on_top(frames):
    from movie_lake.lib.dashboard import charts_cost

    (bar,) = charts_cost.lake_cost(frames["lake_cost"]).data
    assert bar.y[-1] == "S3 storage, per month: trusted" and bar.x[-1] == pytest.approx(0.069)
    athena = list(bar.y).index("Athena scans: analytics/top_actors")
    assert bar.x[athena] == pytest.approx(1.5e-4) and bar.customdata[athena] == "3e-05 TB scanned"


def test_every_figure_serializes_for_plotly_js(frames):
    for section in SECTIONS:
        for chart in section.charts:
            fig = chart.build(*(frames[t] for t in chart.tables))
            assert isinstance(fig, go.Figure) and fig.to_json()


def test_headline_tiles():
    refined, franchises = refined_frames(), analysis_frames()["franchise_kpis"]
    tiles = {t.label: t for t in headline_tiles(refined["dim_movie"], refined["fact_movie_finance"], franchises)}
    assert tiles["Films"].value == "4"
    assert tiles["Total revenue"].value == "$501.0 M"
    assert tiles["Films that lost money"].value == "1"
    assert tiles["Most profitable film"].value == HOSTILE  # raw text; the page escapes it
    assert tiles["Best ROI"].value == HOSTILE  # the film whose budget was implausible has no ROI
    assert tiles["Implausible amounts"].value == "1"
    assert tiles["Most popular franchise"].value == "Star Saga"
    assert [t.value for t in headline_tiles(None, None)][:4] == ["0", "—", "—", "—"]


def test_money_format():
    assert [money(v) for v in (1.5e9, -2.5e6, 999, None)] == ["$1.5 B", "−$2.5 M", "$999", "—"]
