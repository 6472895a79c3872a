"""People: the busiest actors, the largest casts, directors who keep casting the same actor."""
from __future__ import annotations

from movie_lake.lib.dashboard.bars import horizontal_bars
from movie_lake.lib.dashboard.frames import TableLike, as_frame, distinct, label, labels, numbers
from movie_lake.lib.dashboard.panels import Chart, NoData

TOP_PAIRS = 20


def top_actors(data: TableLike) -> Chart:
    title = "Actors in the most films"
    df = as_frame(data)
    if df.empty:
        return NoData(title, "No cast credits yet: analytics/top_actors is empty.")
    df = df.sort_values(["films", "name"], ascending=[False, True])
    return horizontal_bars(distinct(labels(df["name"]), df["person_id"]), numbers(df["films"]), title, "Films",
                           hover="<b>%{y}</b><br>%{x:,} films<extra></extra>")


def largest_casts(data: TableLike) -> Chart:
    title = "Films with the largest casts"
    df = as_frame(data)
    if df.empty:
        return NoData(title, "No cast credits yet: analytics/largest_casts is empty.")
    df = df.sort_values(["cast_size", "title"], ascending=[False, True])
    return horizontal_bars(distinct(labels(df["title"]), df["movie_id"]), numbers(df["cast_size"]), title, "Credited cast members",
                           hover="<b>%{y}</b><br>%{x:,} cast members<extra></extra>")


def director_actor_pairs(data: TableLike) -> Chart:
    title = "Director–actor pairs with the most films together"
    df = as_frame(data)
    if df.empty:
        return NoData(title, "No director–actor pair shares enough films yet: analytics/director_actor_pairs is empty.")
    df = df.sort_values(["films", "director_name", "actor_name"], ascending=[False, True, True]).head(TOP_PAIRS)
    names = [f"{label(d)} × {label(a)}" for d, a in zip(df["director_name"], df["actor_name"])]
    return horizontal_bars(
        names, numbers(df["films"]), title, "Films together",
        hover="director <b>%{customdata[0]}</b><br>actor <b>%{customdata[1]}</b><br>%{x:,} films<extra></extra>",
        customdata=[list(p) for p in zip(labels(df["director_name"]), labels(df["actor_name"]))],
    )
