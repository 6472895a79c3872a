"""Genres: which rate highest, how ratings moved over time, how many films each has."""
from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from movie_lake.lib.dashboard.bars import horizontal_bars
from movie_lake.lib.dashboard.frames import TableLike, as_frame, labels, numbers
from movie_lake.lib.dashboard.panels import Chart, NoData
from movie_lake.lib.dashboard.theme import PALETTE, styled, with_menu

DEFAULT_VISIBLE_GENRES = 6


def highest_rated_genres(data: TableLike) -> Chart:
    title = "Highest-rated genres (vote-weighted rating)"
    df = as_frame(data)
    if df.empty:
        return NoData(title, "No genre ratings yet: analytics/highest_rated_genres is empty.")
    df = df.sort_values("weighted_rating", ascending=False)
    return horizontal_bars(
        labels(df["genre_name"]),
        numbers(df["weighted_rating"]),
        title,
        "Weighted rating (0–10)",
        hover="<b>%{y}</b><br>weighted rating %{x:.2f}<br>average rating %{customdata[0]:.2f}"
        "<br>%{customdata[1]:,} films, %{customdata[2]:,} votes<extra></extra>",
        customdata=df[["avg_rating", "movies", "total_votes"]].to_numpy().tolist(),
    )


def movies_per_genre(data: TableLike) -> Chart:
    title = "Films per genre"
    df = as_frame(data)
    if df.empty:
        return NoData(title, "No films yet: analytics/movies_per_genre is empty.")
    df = df.sort_values(["movies", "genre_name"], ascending=[False, True])
    return horizontal_bars(labels(df["genre_name"]), numbers(df["movies"]), title, "Films",
                           hover="<b>%{y}</b><br>%{x:,} films<extra></extra>")


def genre_rating_over_time(by_year: TableLike, by_decade: TableLike) -> Chart:
    """One line per genre; buttons switch between years and decades, a range slider
    narrows the period, and only the biggest genres start visible (click the legend for more)."""
    title = "Genre ratings over time"
    years, decades = as_frame(by_year), as_frame(by_decade)
    if years.empty and decades.empty:
        return NoData(title, "No ratings by year yet: analytics/genre_rating_by_year and _by_decade are empty.")
    sizes = pd.concat([years, decades]).groupby("genre_name")["movies"].sum().sort_values(ascending=False)
    shown = set(sizes.index[:DEFAULT_VISIBLE_GENRES])
    colour = {g: PALETTE[i % len(PALETTE)] for i, g in enumerate(sizes.index)}
    fig, starts = go.Figure(), []
    for period, frame, column in (("year", years, "release_year"), ("decade", decades, "decade")):
        for genre, rows in frame.sort_values(column).groupby("genre_name", sort=False):
            starts.append((period, True if genre in shown else "legendonly"))
            fig.add_trace(go.Scatter(
                x=numbers(rows[column]), y=numbers(rows["weighted_rating"]), mode="lines+markers",
                name=labels([genre])[0], line=dict(color=colour[genre], width=2),
                marker=dict(size=4), customdata=numbers(rows["movies"]),
                visible=starts[-1][1] if period == "year" else False,
                hovertemplate=f"<b>%{{fullData.name}}</b><br>{period} %{{x}}<br>weighted rating %{{y:.2f}}"
                "<br>%{customdata:,} films<extra></extra>",
            ))
    fig = styled(fig, title, "Release year", "Weighted rating (0–10)", height=500)
    with_menu(fig, type="buttons", direction="right", buttons=[
        _period_button("By year", "year", "Release year", starts),
        _period_button("By decade", "decade", "Decade", starts),
    ])
    fig.update_xaxes(rangeslider=dict(visible=True, thickness=0.07), tickformat="d")
    return fig


def _period_button(text: str, period: str, axis: str, starts: list[tuple[str, object]]) -> dict:
    """Show one period's lines (big genres on, the rest one legend click away), hide the other's."""
    visible = [start if meta == period else False for meta, start in starts]
    return dict(label=text, method="update", args=[{"visible": visible}, {"xaxis.title.text": axis}])


def rating_vs_votes(data: TableLike) -> Chart:
    """One trace of every film, and one per genre (a film is in each of its genres); the dropdown
    shows one at a time. Films with no votes cannot sit on a log axis: the axis title counts them."""
    title = "Rating vs number of votes"
    df = as_frame(data)
    if df.empty:
        return NoData(title, "No rated films yet: analytics/rating_vs_votes is empty.")
    films = df.drop_duplicates("movie_id")
    fig = go.Figure()
    groups = [("All genres", films)] + [(genre, rows) for genre, rows in df.dropna(subset=["genre_name"]).groupby("genre_name", sort=True)]
    for i, (name, rows) in enumerate(groups):
        voted = rows[rows["vote_count"].fillna(0) > 0]
        fig.add_trace(go.Scatter(
            x=numbers(voted["vote_count"]), y=numbers(voted["vote_average"]), mode="markers", name=f"{name} ({len(rows):,})",
            visible=i == 0, marker=dict(color=PALETTE[i % len(PALETTE)], size=7, opacity=0.7, line=dict(width=0)),
            customdata=list(zip(labels(voted["title"]), _years(voted["release_year"]), numbers(voted["popularity"]))),
            hovertemplate="<b>%{customdata[0]}</b> (%{customdata[1]})<br>rating %{y:.1f} from %{x:,} votes"
            "<br>popularity %{customdata[2]:.1f}<extra></extra>",
        ))
    unvoted = [int((rows["vote_count"].fillna(0) <= 0).sum()) for _, rows in groups]
    buttons = [dict(label=name, method="update",
                    args=[{"visible": [j == i for j in range(len(groups))]},
                          {"xaxis.title.text": _votes_axis(unvoted[i])}]) for i, (name, _) in enumerate(groups)]
    fig = styled(fig, title, _votes_axis(unvoted[0]), "Average rating (0–10)", height=520)
    with_menu(fig, buttons=buttons)
    fig.update_xaxes(type="log")
    return fig


def _votes_axis(unvoted: int) -> str:
    return f"Votes (log scale; {unvoted:,} films with no votes not drawn)" if unvoted else "Votes (log scale)"


def _years(values: pd.Series) -> list[str]:
    return ["?" if pd.isna(v) else str(int(v)) for v in values]

