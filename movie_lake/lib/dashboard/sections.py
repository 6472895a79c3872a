"""The dashboard's sections: which analysis tables feed which chart builders.

The table names are the analysis contract (`analytics/<name>`); the page shows the
sections in this order.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from movie_lake.lib.dashboard import charts_cost as cost
from movie_lake.lib.dashboard import charts_franchise as franchise
from movie_lake.lib.dashboard import charts_genres as genres
from movie_lake.lib.dashboard import charts_people as people
from movie_lake.lib.dashboard import charts_video as video
from movie_lake.lib.dashboard.frames import TableLike
from movie_lake.lib.dashboard.panels import Chart
from movie_lake.lib.dashboard.theme import use_house_template


@dataclass(frozen=True)
class ChartSpec:
    build: Callable[..., Chart]
    tables: tuple[str, ...]
    wide: bool = False

    @property
    def name(self) -> str:
        return self.build.__name__


@dataclass(frozen=True)
class SectionSpec:
    id: str
    title: str
    intro: str
    charts: tuple[ChartSpec, ...]


def _chart(build: Callable[..., Chart], *tables: str, wide: bool = False) -> ChartSpec:
    return ChartSpec(build, tables, wide)


SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("genres", "Genres", "Which genres rate highest, how their ratings moved, and how many films each has.", (
        _chart(genres.highest_rated_genres, "highest_rated_genres"),
        _chart(genres.movies_per_genre, "movies_per_genre"),
        _chart(genres.genre_rating_over_time, "genre_rating_by_year", "genre_rating_by_decade", wide=True),
    )),
    SectionSpec("ratings", "Ratings and votes", "Is a film rated higher when more people vote? One dot per film.", (
        _chart(genres.rating_vs_votes, "rating_vs_votes", wide=True),
    )),
    SectionSpec("people", "Cast and crew", "The busiest actors, the biggest casts, and directors' favourite actors.", (
        _chart(people.top_actors, "top_actors"),
        _chart(people.largest_casts, "largest_casts"),
        _chart(people.director_actor_pairs, "director_actor_pairs"),
    )),
    SectionSpec("franchises", "Franchises", "The franchises in focus (default: Science Fiction and Fantasy), films and "
                "series: what they earn, what they return per dollar, how they rate on TMDB and IMDb, who is in them.", (
        _chart(franchise.franchise_profit, "franchise_kpis"),
        _chart(franchise.franchise_return_per_dollar, "franchise_kpis"),
        _chart(franchise.franchise_losses, "franchise_entries"),
        _chart(franchise.franchise_popularity, "franchise_kpis"),
        _chart(franchise.franchise_ratings, "franchise_entries"),
        _chart(franchise.franchise_actors, "franchise_kpis"),
        _chart(franchise.franchise_top_cast, "franchise_cast"),
        _chart(franchise.franchise_revenue_share, "franchise_kpis"),
        _chart(franchise.franchise_genre_heatmap, "franchise_genre_mix"),
    )),
    SectionSpec("video", "Online-video trends", "Trending videos per region: categories, time to trend, channels, videos trending in several regions.", (
        _chart(video.views_by_category, "video_category_daily", wide=True),
        _chart(video.days_to_trend, "video_days_to_trend"),
        _chart(video.top_channels, "video_top_channels"),
        _chart(video.multi_region_videos, "video_multi_region"),
    )),
    SectionSpec("cost", "Cost", "What the lake costs: S3 storage per zone, Athena bytes scanned per analysis and day, "
                "requests (prices are settings; local mode shows what the same lake would cost on AWS).", (
        _chart(cost.lake_cost, "lake_cost", wide=True),
    )),
)

ANALYSES: tuple[str, ...] = tuple(dict.fromkeys(t for s in SECTIONS for c in s.charts for t in c.tables))


@dataclass(frozen=True)
class Section:
    spec: SectionSpec
    charts: tuple[tuple[ChartSpec, Chart], ...]


def build_sections(tables: dict[str, TableLike]) -> list[Section]:
    """Every section, with a chart (or a no-data panel) per spec; a missing table counts as empty."""
    use_house_template()
    return [
        Section(spec, tuple((c, c.build(*(tables.get(t) for t in c.tables))) for c in spec.charts))
        for spec in SECTIONS
    ]
