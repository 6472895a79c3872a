"""What a panel of the app is: its queries under the global filters, its figure, and what a
click on one of its points does (filters the other panels, opens the titles behind it)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import plotly.graph_objects as go
import pyarrow as pa

from movie_lake.lib.dashboard_app.filters import Filters, Sql, selected_titles

DRILL_ROWS = 500


@dataclass(frozen=True)
class Drill:
    """The rows behind a clicked point, with a heading that says what they are."""

    heading: str
    query: Sql


@dataclass(frozen=True)
class Panel:
    id: str
    page: str
    title: str
    empty: str
    """Shown when the panel has no rows: what to land or run to fill it."""
    queries: Callable[[Filters], dict[str, Sql]]
    figure: Callable[[dict[str, pa.Table], Filters], go.Figure | None]
    """None when the rows are empty."""
    cross_filter: Callable[[list], dict] | None = None
    """A clicked point's customdata → control values to set (`genres`, `years`, `franchises`, `regions`)."""
    drill: Callable[[list, Filters], Drill] | None = None
    wide: bool = False


def titles_behind(filters: Filters, condition: Sql, heading: str) -> Drill:
    """The selected titles meeting `condition`, with their ratings and votes."""
    query = selected_titles(filters) + Sql(
        "select t.media, t.title, t.year, t.vote_average as tmdb_rating, t.vote_count as tmdb_votes, "
        "t.imdb_rating, t.imdb_votes from selected t where ") + condition + (
        f" order by t.vote_count desc nulls last, t.title limit {DRILL_ROWS}")
    return Drill(heading, query)


def rows(table: pa.Table) -> list[dict]:
    return table.to_pylist()
