"""Franchises (TMDB collections): money, popularity, people and genres per franchise.

Empty until the TMDB API source fills `collection_id`: every builder then returns a panel.
"""
from __future__ import annotations

import plotly.graph_objects as go

from movie_lake.lib.dashboard.bars import horizontal_bars
from movie_lake.lib.dashboard.frames import TableLike, as_frame, distinct, labels, numbers
from movie_lake.lib.dashboard.panels import Chart, NoData
from movie_lake.lib.dashboard.theme import ACCENT, HEAT_SCALE, NEGATIVE, PALETTE, bar_height, styled

TOP = 15
PIE_SLICES = 9
WAITING = "No franchise data yet: franchises come from the TMDB API source (analytics/{table} is empty)."


def _kpis(data: TableLike, title: str, column: str):
    df = as_frame(data)
    if df.empty:
        return None, NoData(title, WAITING.format(table="franchise_kpis"))
    df = df.dropna(subset=[column]).sort_values([column, "collection_name"], ascending=[False, True])
    if df.empty:
        return None, NoData(title, f"No franchise has a known {column.replace('_', ' ')} yet.")
    return df.head(TOP), None


def _names(df) -> list[str]:
    return distinct(labels(df["collection_name"]), df["collection_id"])


def franchise_profit(data: TableLike) -> Chart:
    title = "Most profitable franchises (revenue − budget)"
    df, empty = _kpis(data, title, "total_profit")
    if empty:
        return empty
    return horizontal_bars(
        _names(df), numbers(df["total_profit"]), title, "Total profit (USD)",
        hover="<b>%{y}</b><br>profit $%{x:,.0f}<br>most profitable film: %{customdata[0]}"
        "<br>%{customdata[1]:,} films<extra></extra>",
        customdata=[list(r) for r in zip(labels(df["most_profitable_title"]), numbers(df["films"]))],
        colours=[ACCENT if (v or 0) >= 0 else NEGATIVE for v in df["total_profit"]],
    )


def franchise_return_per_dollar(data: TableLike) -> Chart:
    title = "Dollars back per dollar invested"
    df, empty = _kpis(data, title, "return_per_dollar")
    if empty:
        return empty
    return horizontal_bars(
        _names(df), numbers(df["return_per_dollar"]), title, "Revenue ÷ budget (USD per USD)",
        hover="<b>%{y}</b><br>$%{x:.2f} back per $1<br>ROI %{customdata[0]:.0%}"
        "<br>best ROI film: %{customdata[1]}<extra></extra>",
        customdata=[list(r) for r in zip(numbers(df["roi"]), labels(df["best_roi_title"]))],
    )


def franchise_losses(data: TableLike) -> Chart:
    title = "Franchise films that lost money"
    df, empty = _kpis(data, title, "films_lost_money")
    if empty:
        return empty
    df = df[df["films_lost_money"] > 0]
    if df.empty:
        return NoData(title, "No franchise film with a known budget and revenue lost money.")
    return horizontal_bars(
        _names(df), numbers(df["films_lost_money"]), title, "Films with revenue below budget",
        hover="<b>%{y}</b><br>%{x:,} of %{customdata:,} films lost money<extra></extra>",
        customdata=numbers(df["films"]), colours=NEGATIVE,
    )


def franchise_popularity(data: TableLike) -> Chart:
    title = "Most popular franchises (average TMDB popularity)"
    df, empty = _kpis(data, title, "avg_popularity")
    if empty:
        return empty
    return horizontal_bars(_names(df), numbers(df["avg_popularity"]), title, "Average popularity",
                           hover="<b>%{y}</b><br>popularity %{x:.1f}<extra></extra>")


def franchise_actors(data: TableLike) -> Chart:
    title = "Actors per franchise"
    df, empty = _kpis(data, title, "distinct_actors")
    if empty:
        return empty
    return horizontal_bars(
        _names(df), numbers(df["distinct_actors"]), title, "Distinct credited actors",
        hover="<b>%{y}</b><br>%{x:,} actors in %{customdata:,} films<extra></extra>",
        customdata=numbers(df["films"]),
    )


def franchise_revenue_share(data: TableLike) -> Chart:
    title = "Share of franchise revenue"
    df, empty = _kpis(data, title, "revenue_share")
    if empty:
        return empty
    top, rest = df.head(PIE_SLICES), df.iloc[PIE_SLICES:]
    names, shares = _names(top), numbers(top["revenue_share"])
    other = 1 - sum(s or 0 for s in shares)
    if len(rest) or other > 0.0005:
        names, shares = names + ["All other franchises"], shares + [max(other, 0)]
    pie = go.Pie(labels=names, values=shares, hole=0.45, sort=False, marker=dict(colors=list(PALETTE)),
                 textinfo="percent", hovertemplate="<b>%{label}</b><br>%{percent} of franchise revenue<extra></extra>")
    return styled(go.Figure(pie), title, height=420)


def franchise_genre_heatmap(data: TableLike) -> Chart:
    title = "Genres per franchise (films)"
    df = as_frame(data)
    if df.empty:
        return NoData(title, WAITING.format(table="franchise_genre_mix"))
    totals = df.groupby("collection_name")["films"].sum().sort_values(ascending=False)
    keep = list(totals.index[:TOP * 2])
    grid = df[df["collection_name"].isin(keep)].pivot_table(
        index="collection_name", columns="genre_name", values="films", aggfunc="sum", fill_value=0
    ).reindex(keep[::-1])
    heat = go.Heatmap(
        z=grid.to_numpy().tolist(), x=labels(grid.columns), y=labels(grid.index), colorscale=HEAT_SCALE,
        hovertemplate="<b>%{y}</b><br>%{x}: %{z} films<extra></extra>", colorbar=dict(title=dict(text="Films")),
    )
    fig = styled(go.Figure(heat), title, "Genre", "", height=bar_height(len(keep), per_row=22))
    fig.update_yaxes(type="category")
    fig.update_xaxes(type="category", tickangle=-40)
    return fig
