"""Franchises in focus (TMDB collections plus their mapped series): money, popularity, ratings,
people and genres. Unknown is said as unknown: a franchise none of whose titles has credits is
listed under the actors chart as "cast unknown", never drawn as 0.

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
    title = "Franchise films that lost money (revenue − budget)"
    df = as_frame(data)
    if df.empty:
        return NoData(title, WAITING.format(table="franchise_entries"))
    lost = df[df["lost_money"].fillna(False).astype(bool)].sort_values(["profit", "title"])
    if lost.empty:
        known = int(df["profit"].notna().sum())
        return NoData(title, f"None of the {known:,} franchise films with a known budget and revenue lost money.")
    names = distinct([f"{t} ({c})" for t, c in zip(labels(lost["title"]), labels(lost["collection_name"]))], lost["title_id"])
    return horizontal_bars(
        names, numbers(lost["profit"]), title, "Loss (USD)",
        hover="<b>%{y}</b><br>%{x:$,.0f}<br>budget %{customdata[0]:$,.0f}, revenue %{customdata[1]:$,.0f}<extra></extra>",
        customdata=[list(r) for r in zip(numbers(lost["budget"]), numbers(lost["revenue"]))], colours=NEGATIVE,
    )


def franchise_ratings(data: TableLike) -> Chart:
    title = "TMDB rating vs IMDb rating, per film and series"
    df = as_frame(data)
    if df.empty:
        return NoData(title, WAITING.format(table="franchise_entries"))
    both = df.dropna(subset=["tmdb_rating", "imdb_rating"])
    if both.empty:
        return NoData(title, "No franchise title has both ratings yet: land IMDb's title.ratings in landing/imdb_title_ratings/.")
    traces = []
    for n, (media, part) in enumerate(both.groupby("media", sort=True)):
        traces.append(go.Scatter(
            x=numbers(part["imdb_rating"]), y=numbers(part["tmdb_rating"]), mode="markers", name=media,
            marker=dict(size=10, color=PALETTE[n % len(PALETTE)]),
            customdata=[list(r) for r in zip(labels(part["title"]), labels(part["collection_name"]))],
            hovertemplate="<b>%{customdata[0]}</b><br>%{customdata[1]}<br>IMDb %{x:.1f} · TMDB %{y:.1f}<extra></extra>",
        ))
    low = min(min(numbers(both["imdb_rating"])), min(numbers(both["tmdb_rating"]))) - 0.3
    high = max(max(numbers(both["imdb_rating"])), max(numbers(both["tmdb_rating"]))) + 0.3
    traces.append(go.Scatter(x=[low, high], y=[low, high], mode="lines", name="same rating", hoverinfo="skip",
                             line=dict(dash="dot", color="#999")))
    missing = len(df) - len(both)
    fig = styled(go.Figure(traces), title, f"IMDb rating ({missing} titles without both ratings not shown)", "TMDB rating",
                 height=420)
    fig.update_xaxes(range=[low, high])
    fig.update_yaxes(range=[low, high])
    return fig


def franchise_top_cast(data: TableLike) -> Chart:
    title = "Actors in most titles of a franchise"
    df = as_frame(data)
    if df.empty:
        return NoData(title, WAITING.format(table="franchise_cast") + " Credits come with the API's movies and series.")
    people = (df.assign(titles=df["films_in_franchise"] + df["series_in_franchise"])
              .drop_duplicates(["collection_name", "person_id"])
              .sort_values(["titles", "name"], ascending=[False, True]).head(TOP))
    names = distinct([f"{n} ({c})" for n, c in zip(labels(people["name"]), labels(people["collection_name"]))], people["person_id"])
    return horizontal_bars(
        names, numbers(people["titles"]), title, "Titles of the franchise the actor is credited in",
        hover="<b>%{y}</b><br>%{customdata[0]} films, %{customdata[1]} series<extra></extra>",
        customdata=[list(r) for r in zip(numbers(people["films_in_franchise"]), numbers(people["series_in_franchise"]))],
    )


def franchise_popularity(data: TableLike) -> Chart:
    title = "Most popular franchises (average TMDB popularity)"
    df, empty = _kpis(data, title, "avg_popularity")
    if empty:
        return empty
    return horizontal_bars(_names(df), numbers(df["avg_popularity"]), title, "Average popularity",
                           hover="<b>%{y}</b><br>popularity %{x:.1f}<br>most popular: %{customdata}<extra></extra>",
                           customdata=labels(df["most_popular_title"]))


def franchise_actors(data: TableLike) -> Chart:
    title = "Actors per franchise"
    df, empty = _kpis(data, title, "distinct_actors")
    unknown = as_frame(data)
    unknown = unknown[unknown["distinct_actors"].isna()] if not unknown.empty else unknown
    note = f"cast unknown (no credits in the lake): {', '.join(labels(unknown['collection_name']))}" if len(unknown) else ""
    if empty:
        return NoData(title, note) if note else empty
    fig = horizontal_bars(
        _names(df), numbers(df["distinct_actors"]), title, "Distinct credited actors" + (f" — {note}" if note else ""),
        hover="<b>%{y}</b><br>%{x:,} actors in the %{customdata:,} titles with credits<extra></extra>",
        customdata=numbers(df["titles_with_credits"]),
    )
    return fig


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
    title = "Genres per franchise (films and series)"
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
        hovertemplate="<b>%{y}</b><br>%{x}: %{z} titles<extra></extra>", colorbar=dict(title=dict(text="Titles")),
    )
    fig = styled(go.Figure(heat), title, "Genre", "", height=bar_height(len(keep), per_row=22))
    fig.update_yaxes(type="category")
    fig.update_xaxes(type="category", tickangle=-40)
    return fig
