"""Cast and crew: the people behind the selected titles (movie and series credits)."""
from __future__ import annotations

from movie_lake.lib.dashboard.frames import distinct, labels
from movie_lake.lib.dashboard_app.figures import count_bars
from movie_lake.lib.dashboard_app.filters import Filters, Sql, selected_titles
from movie_lake.lib.dashboard_app.panel import DRILL_ROWS, Drill, Panel, rows, titles_behind

LAND_CREDITS = "No credits yet: land tmdb_5000_credits.csv in landing/tmdb_credits/ or fetch TMDB API months."
TOP = 15
CREDITS = """, cast_credits as (
    select 'movie' as media, movie_id as title_id, person_id from refined.fact_cast
    union all
    select 'series' as media, series_id as title_id, person_id from refined.fact_series_cast
),
selected_cast as (
    select distinct c.media, c.title_id, c.person_id from cast_credits c
    join selected t on t.media = c.media and t.title_id = c.title_id
)
"""


def _actors(filters: Filters) -> dict[str, Sql]:
    return {"rows": selected_titles(filters) + CREDITS + f"""
        select p.person_id, p.name, count(*) as titles from selected_cast c
        join refined.dim_person p on p.person_id = c.person_id
        group by p.person_id, p.name order by titles desc, p.name, p.person_id limit {TOP}"""}


def _top_actors(tables, filters):
    data = rows(tables["rows"])
    if not data:
        return None
    names = distinct(labels(r["name"] for r in data), [r["person_id"] for r in data])
    return count_bars(names, [r["titles"] for r in data], f"Top {TOP} actors by titles in the selection", "titles",
                      [[r["person_id"], r["name"]] for r in data])


def _actor_drill(point: list, filters: Filters) -> Drill:
    condition = Sql("exists (select 1 from refined.fact_cast c where t.media = 'movie' and c.movie_id = t.title_id "
                    "and c.person_id = ?) or exists (select 1 from refined.fact_series_cast c where t.media = 'series' "
                    "and c.series_id = t.title_id and c.person_id = ?)", [point[0], point[0]])
    return titles_behind(filters, condition, f"Titles with {point[1]}")


def _casts(filters: Filters) -> dict[str, Sql]:
    return {"rows": selected_titles(filters) + CREDITS + f"""
        select c.media, c.title_id, t.title, count(*) as cast_size from selected_cast c
        join selected t on t.media = c.media and t.title_id = c.title_id
        group by c.media, c.title_id, t.title order by cast_size desc, t.title limit {TOP}"""}


def _largest_casts(tables, filters):
    data = rows(tables["rows"])
    if not data:
        return None
    names = distinct(labels(r["title"] for r in data), [r["title_id"] for r in data])
    return count_bars(names, [r["cast_size"] for r in data], f"The {TOP} largest casts", "credited actors",
                      [[r["media"], r["title_id"], r["title"]] for r in data])


def _cast_drill(point: list, filters: Filters) -> Drill:
    media, title_id, title = point
    fact, key = ("refined.fact_cast", "movie_id") if media == "movie" else ("refined.fact_series_cast", "series_id")
    return Drill(f"The cast of {title}", Sql(
        f"select p.name, c.character, c.cast_order from {fact} c join refined.dim_person p on p.person_id = c.person_id "
        f"where c.{key} = ? order by c.cast_order nulls last, p.name limit {DRILL_ROWS}", [title_id]))


def _pairs(filters: Filters) -> dict[str, Sql]:
    return {"rows": selected_titles(filters) + CREDITS + f""",
        directed as (
            select distinct c.movie_id as title_id, c.person_id from refined.fact_crew c
            join selected t on t.media = 'movie' and t.title_id = c.movie_id where c.job = 'Director'
        )
        select d.person_id as director_id, pd.name as director, a.person_id as actor_id, pa.name as actor,
               count(*) as films
        from directed d join selected_cast a on a.media = 'movie' and a.title_id = d.title_id
        join refined.dim_person pd on pd.person_id = d.person_id
        join refined.dim_person pa on pa.person_id = a.person_id
        where d.person_id <> a.person_id
        group by d.person_id, pd.name, a.person_id, pa.name having count(*) >= 2
        order by films desc, director, actor limit {TOP}"""}


def _director_actor_pairs(tables, filters):
    data = rows(tables["rows"])
    if not data:
        return None
    names = labels(f"{r['director']} + {r['actor']}" for r in data)
    return count_bars(names, [r["films"] for r in data], "Director and actor pairs with two films or more",
                      "films together", [[r["director_id"], r["actor_id"], r["director"], r["actor"]] for r in data])


def _pair_drill(point: list, filters: Filters) -> Drill:
    condition = Sql("t.media = 'movie' and exists (select 1 from refined.fact_crew d where d.movie_id = t.title_id "
                    "and d.job = 'Director' and d.person_id = ?) and exists (select 1 from refined.fact_cast a "
                    "where a.movie_id = t.title_id and a.person_id = ?)", [point[0], point[1]])
    return titles_behind(filters, condition, f"Films of {point[2]} with {point[3]}")


PANELS = (
    Panel("top_actors", "people", "Top actors", LAND_CREDITS, _actors, _top_actors, None, _actor_drill),
    Panel("largest_casts", "people", "Largest casts", LAND_CREDITS, _casts, _largest_casts, None, _cast_drill),
    Panel("director_actor_pairs", "people", "Director–actor pairs", LAND_CREDITS, _pairs, _director_actor_pairs,
          None, _pair_drill, wide=True),
)
