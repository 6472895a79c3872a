"""Franchises (collections plus their series): the chosen franchises, else the focus setting's."""
from __future__ import annotations

from movie_lake.lib.dashboard.bars import horizontal_bars
from movie_lake.lib.dashboard.frames import distinct, labels
from movie_lake.lib.dashboard.theme import ACCENT, NEGATIVE
from movie_lake.lib.dashboard_app.figures import UNKNOWN, count_bars, money_text
from movie_lake.lib.dashboard_app.filters import Filters, Sql, franchise_focus, selected_titles
from movie_lake.lib.dashboard_app.panel import DRILL_ROWS, Drill, Panel, rows
from movie_lake.lib.dashboard_app.panels_people import CREDITS

LAND_FRANCHISES = ("No franchise titles yet: fetch TMDB API months (movie-lake tmdb fetch) so movies carry "
                   "their collections, or choose franchises in the filter.")
IN_FOCUS = """join focus f on f.franchise_id = ft.franchise_id
        join selected t on t.media = ft.media and t.title_id = ft.title_id"""
TOP_FILMS = 30


def _with_focus(filters: Filters, tail: str) -> Sql:
    return selected_titles(filters) + ", " + franchise_focus(filters) + tail


def _per_franchise(filters: Filters) -> dict[str, Sql]:
    return {"rows": _with_focus(filters, f"""
        select f.franchise_id, f.franchise_name, count(*) as titles, count(ft.revenue) as with_revenue,
               cast(sum(ft.revenue) as double) as revenue,
               cast(sum(case when ft.budget is not null then ft.revenue end) as double) as paired_revenue,
               cast(sum(case when ft.revenue is not null then ft.budget end) as double) as paired_budget
        from refined.franchise_titles ft {IN_FOCUS}
        group by f.franchise_id, f.franchise_name order by revenue desc nulls last, f.franchise_name""")}


def _names(data: list[dict]) -> list[str]:
    return distinct(labels(r["franchise_name"] for r in data), [r["franchise_id"] for r in data])


def _revenue_share(tables, filters):
    data = rows(tables["rows"])
    if not data:
        return None
    total = sum(r["revenue"] or 0 for r in data)
    shares = [None if r["revenue"] is None or not total else 100.0 * r["revenue"] / total for r in data]
    texts = [UNKNOWN if s is None else f"{s:.1f} % ({money_text(r['revenue'])})" for s, r in zip(shares, data)]
    return horizontal_bars(_names(data), [s or 0 for s in shares], "Market share of franchise revenue (known revenue)",
                           "% of the franchises' revenue", hover="%{y}: %{x:.1f} %<extra></extra>",
                           customdata=[[r["franchise_id"], r["franchise_name"]] for r in data], texts=texts)


def _return_per_dollar(tables, filters):
    data = rows(tables["rows"])
    if not data:
        return None
    values = [r["paired_revenue"] / r["paired_budget"] if r["paired_budget"] else None for r in data]
    order = sorted(range(len(data)), key=lambda i: (values[i] is None, -(values[i] or 0)))
    data, values = [data[i] for i in order], [values[i] for i in order]
    return horizontal_bars(_names(data), [v or 0 for v in values], "Dollars back per dollar of budget (films with both known)",
                           "revenue ÷ budget", hover="%{y}: $%{x:.2f} per $1<extra></extra>",
                           customdata=[[r["franchise_id"], r["franchise_name"]] for r in data],
                           texts=[UNKNOWN if v is None else f"${v:,.2f}" for v in values])


def _franchise_click(point: list) -> dict:
    return {"franchises": [point[0]]}


def _franchise_drill(point: list, filters: Filters) -> Drill:
    return Drill(f"Titles of {point[1]}", selected_titles(filters) + Sql(
        "select ft.media, ft.title, ft.year, ft.budget, ft.revenue, ft.profit, ft.roi, ft.return_per_dollar, "
        "ft.vote_average as tmdb_rating, ft.imdb_rating, ft.cast_size from refined.franchise_titles ft "
        "join selected t on t.media = ft.media and t.title_id = ft.title_id where ft.franchise_id = ? "
        f"order by ft.year nulls last, ft.title limit {DRILL_ROWS}", [point[0]]))


def _films(filters: Filters) -> dict[str, Sql]:
    return {"rows": _with_focus(filters, f"""
        select ft.franchise_id, f.franchise_name, ft.title_id, ft.title, ft.profit from refined.franchise_titles ft {IN_FOCUS}
        where ft.media = 'movie' order by ft.profit is null, abs(ft.profit) desc, ft.title limit {TOP_FILMS}""")}


def _profit(tables, filters):
    data = rows(tables["rows"])
    if not data:
        return None
    lost = sum(1 for r in data if r["profit"] is not None and r["profit"] < 0)
    unknown = sum(1 for r in data if r["profit"] is None)
    names = distinct(labels(r["title"] for r in data), [r["title_id"] for r in data])
    return horizontal_bars(names, [r["profit"] or 0 for r in data],
                           f"Profit per film (red: {lost} lost money; {unknown} with unknown money)", "profit (USD)",
                           hover="%{y}: $%{x:,.0f}<extra></extra>",
                           customdata=[[r["franchise_id"], r["franchise_name"]] for r in data],
                           colours=[NEGATIVE if (r["profit"] or 0) < 0 else ACCENT for r in data],
                           texts=[money_text(r["profit"]) for r in data])


def _actors(filters: Filters) -> dict[str, Sql]:
    return {"rows": _with_focus(filters, CREDITS + f"""
        , franchise_cast as (
            select distinct ft.franchise_id, c.person_id from refined.franchise_titles ft {IN_FOCUS}
            join selected_cast c on c.media = ft.media and c.title_id = ft.title_id
        ),
        counted as (select franchise_id, count(*) as actors from franchise_cast group by franchise_id)
        select f.franchise_id, f.franchise_name, count(*) as titles, count(ft.cast_size) as titles_with_cast,
               max(a.actors) as actors
        from refined.franchise_titles ft {IN_FOCUS} left join counted a on a.franchise_id = ft.franchise_id
        group by f.franchise_id, f.franchise_name order by actors desc nulls last, f.franchise_name""")}


def _actors_per_franchise(tables, filters):
    data = rows(tables["rows"])
    if not data:
        return None
    known = [r["actors"] if r["titles_with_cast"] else None for r in data]
    return count_bars(_names(data), known, "Actors per franchise (unknown: no credits in the lake)", "distinct credited actors",
                      [[r["franchise_id"], r["franchise_name"]] for r in data],
                      ["" if k is None else f" ({r['titles_with_cast']} of {r['titles']} titles)" for k, r in zip(known, data)])


PANELS = (
    Panel("franchise_share", "franchises", "Revenue share", LAND_FRANCHISES, _per_franchise, _revenue_share,
          _franchise_click, _franchise_drill),
    Panel("franchise_return", "franchises", "Return per dollar", LAND_FRANCHISES, _per_franchise, _return_per_dollar,
          _franchise_click, _franchise_drill),
    Panel("franchise_profit", "franchises", "Profit per film", LAND_FRANCHISES, _films, _profit,
          _franchise_click, _franchise_drill),
    Panel("franchise_actors", "franchises", "Actors per franchise", LAND_FRANCHISES, _actors, _actors_per_franchise,
          _franchise_click, _franchise_drill),
)
