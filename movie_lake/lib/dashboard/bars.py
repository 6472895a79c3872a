"""The horizontal bar chart most sections use: biggest on top, hover with details."""
from __future__ import annotations

import plotly.graph_objects as go

from movie_lake.lib.dashboard.theme import ACCENT, bar_height, styled


def horizontal_bars(
    names: list[str],
    values: list[float | None],
    title: str,
    x_title: str,
    hover: str = "%{y}: %{x:,}<extra></extra>",
    customdata: list | None = None,
    colours: list[str] | str = ACCENT,
    texts: list[str] | None = None,
    x_range: tuple[float, float] | None = None,
) -> go.Figure:
    """`names`/`values` arrive largest first; plotly draws the first row at the bottom, so flip.
    `texts` label each bar with its value; `x_range` keeps an axis from starting at 0 where that hides the spread."""
    bar = go.Bar(
        y=names[::-1],
        x=values[::-1],
        orientation="h",
        marker_color=colours[::-1] if isinstance(colours, list) else colours,
        customdata=customdata[::-1] if customdata is not None else None,
        hovertemplate=hover,
        text=texts[::-1] if texts is not None else None,
        textposition="outside" if texts is not None else None,
        cliponaxis=False,
    )
    fig = styled(go.Figure(bar), title, x_title, "", height=bar_height(len(names)))
    fig.update_yaxes(type="category")
    if x_range is not None:
        fig.update_xaxes(range=list(x_range))
    return fig
