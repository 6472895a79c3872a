"""Figure rules of the app: values written on the bars, rating axes fitted to their spread,
counts on whole-number ticks, "unknown" written out where a value is missing."""
from __future__ import annotations

import math

import plotly.graph_objects as go

from movie_lake.lib.dashboard.bars import horizontal_bars
from movie_lake.lib.dashboard.frames import label
from movie_lake.lib.dashboard.theme import ACCENT, PALETTE, styled

UNKNOWN = "unknown"


def rating_range(values: list[float | None], pad: float = 0.3, top: float = 10.0) -> tuple[float, float] | None:
    """An axis around the ratings' spread (6.3–7.3 → 6.0–7.6), never past 0 or `top`."""
    known = [v for v in values if v is not None and not math.isnan(v)]
    if not known:
        return None
    return max(0.0, min(known) - pad), min(top, max(known) + pad)


def whole_number_ticks(fig: go.Figure, axis: str = "x", largest: float | None = None) -> go.Figure:
    """Counts never show 2.5 titles: integer tick labels, one tick per unit while the range is small."""
    extra = {"dtick": 1} if largest is not None and largest <= 10 else {}
    getattr(fig, f"update_{axis}axes")(tickformat=",d", rangemode="tozero", **extra)
    return fig


def count_text(value: float | None) -> str:
    return UNKNOWN if value is None else f"{int(value):,}"


def money_text(value: float | None) -> str:
    if value is None:
        return UNKNOWN
    sign, amount = ("-" if value < 0 else ""), abs(value)
    for limit, unit in ((1e9, "B"), (1e6, "M"), (1e3, "k")):
        if amount >= limit:
            return f"{sign}${amount / limit:,.1f} {unit}"
    return f"{sign}${amount:,.0f}"


def count_bars(names: list[str], counts: list[int | None], title: str, x_title: str, customdata: list,
               extra_texts: list[str] | None = None) -> go.Figure:
    """Horizontal bars of counts, each labelled with its count (or "unknown"), on whole-number ticks."""
    texts = [count_text(c) + (extra or "") for c, extra in zip(counts, extra_texts or [""] * len(counts))]
    fig = horizontal_bars(names, [c or 0 for c in counts], title, x_title, customdata=customdata, texts=texts)
    return whole_number_ticks(fig, "x", max((c or 0 for c in counts), default=0))


def empty_figure(title: str, message: str) -> go.Figure:
    """A panel with no data: the reason in its middle, no axes."""
    fig = styled(go.Figure(), title, height=260)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    fig.add_annotation(text=label(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper",
                       font=dict(size=14, color="#52606d"))
    return fig


def vertical_counts(xs: list[int], counts: list[int], title: str, x_title: str, y_title: str,
                    customdata: list | None = None) -> go.Figure:
    fig = go.Figure(go.Bar(x=xs, y=counts, marker_color=ACCENT, text=[count_text(c) for c in counts],
                           textposition="outside", cliponaxis=False, customdata=customdata,
                           hovertemplate="%{x}: %{y:,}<extra></extra>"))
    styled(fig, title, x_title, y_title)
    fig.update_xaxes(tickformat="d", **({"dtick": 1} if xs and max(xs) - min(xs) <= 15 else {}))
    return whole_number_ticks(fig, "y", max(counts, default=0))


def scatter(xs: list, ys: list, names: list[str], title: str, x_title: str, y_title: str, customdata: list,
            hover: str, log_x: bool = False, y_range: tuple[float, float] | None = None,
            x_range: tuple[float, float] | None = None, colours: list[str] | None = None) -> go.Figure:
    fig = go.Figure(go.Scatter(x=xs, y=ys, mode="markers", text=names, customdata=customdata,
                                 marker=dict(color=colours or ACCENT, size=8, opacity=0.75), hovertemplate=hover))
    styled(fig, title, x_title, y_title, height=460)
    if log_x:
        fig.update_xaxes(type="log")
    if y_range:
        fig.update_yaxes(range=list(y_range))
    if x_range:
        fig.update_xaxes(range=list(x_range))
    return fig


def lines_by(data: list[dict], group: str, x: str, y: str, customdata, hover: str, title: str, x_title: str,
             y_title: str, markers: bool = False) -> go.Figure:
    """One coloured line per value of `group` (rows arrive sorted by group, then x); `customdata(row)`
    is what a click on a point carries; `hover` is the point's text before the group's name."""
    fig = go.Figure()
    for colour, name in zip(PALETTE, dict.fromkeys(r[group] for r in data)):
        points = [r for r in data if r[group] == name]
        fig.add_trace(go.Scatter(x=[r[x] for r in points], y=[r[y] for r in points], name=label(name),
                                 mode="lines+markers" if markers else "lines", line=dict(color=colour),
                                 customdata=[customdata(r) for r in points],
                                 hovertemplate=f"{hover}<extra>{label(name)}</extra>"))
    return styled(fig, title, x_title, y_title)
