"""Online-video trends per region (the sibling pipeline): filtered by the region filter only."""
from __future__ import annotations


from movie_lake.lib.dashboard.bars import horizontal_bars
from movie_lake.lib.dashboard.frames import distinct, labels
from movie_lake.lib.dashboard_app.figures import count_bars, lines_by, whole_number_ticks
from movie_lake.lib.dashboard_app.filters import Filters, Sql, region_condition
from movie_lake.lib.dashboard_app.panel import DRILL_ROWS, Drill, Panel, rows

LAND_VIDEOS = "No trending videos yet: land <REGION>videos.csv and <REGION>_category_id.json in landing/video_stats/ and landing/video_categories/."
TOP = 15
CATEGORIES_SHOWN = 8


def _where(filters: Filters, extra: Sql | None = None) -> Sql:
    where = Sql(" where ") + region_condition(filters)
    return where + Sql(" and (") + extra + ")" if extra is not None else where


def _videos(filters: Filters, extra: Sql, heading: str) -> Drill:
    """The trending videos meeting `extra`: days on the list and peak views."""
    return Drill(heading, Sql("select region, title, channel_title, count(*) as days_trending, max(views) as peak_views "
                              "from refined.video_trends") + _where(filters, extra) + (
        f" group by region, video_id, title, channel_title order by peak_views desc, title limit {DRILL_ROWS}"))


def _regions(filters: Filters) -> dict[str, Sql]:
    return {"rows": Sql("select region, count(distinct video_id) as videos from refined.video_trends")
            + _where(filters) + " group by region order by videos desc, region"}


def _videos_per_region(tables, filters):
    data = rows(tables["rows"])
    if not data:
        return None
    return count_bars(labels(r["region"] for r in data), [r["videos"] for r in data], "Distinct trending videos per region",
                      "videos", [[r["region"]] for r in data])


def _region_click(point: list) -> dict:
    return {"regions": [point[0]]}


def _region_drill(point: list, filters: Filters) -> Drill:
    return _videos(filters, Sql("region = ?", [point[0]]), f"Trending videos in {point[0]}")


def _channels(filters: Filters) -> dict[str, Sql]:
    return {"rows": Sql("select channel_title, count(distinct video_id) as videos from refined.video_trends")
            + _where(filters) + f" group by channel_title order by videos desc, channel_title limit {TOP}"}


def _top_channels(tables, filters):
    data = rows(tables["rows"])
    if not data:
        return None
    return count_bars(distinct(labels(r["channel_title"] for r in data), range(len(data))), [r["videos"] for r in data],
                      f"Top {TOP} channels by distinct trending videos", "trending videos", [[r["channel_title"]] for r in data])


def _channel_drill(point: list, filters: Filters) -> Drill:
    return _videos(filters, Sql("channel_title = ?", [point[0]]), f"Trending videos of {point[0]}")


def _daily(filters: Filters) -> dict[str, Sql]:
    return {"rows": Sql("""with per_day as (
            select trending_date, coalesce(category_title, 'unknown') as category, count(distinct video_id) as videos
            from refined.video_trends""") + _where(filters) + Sql(f""" group by trending_date, coalesce(category_title, 'unknown')
        ),
        shown as (select category from per_day group by category order by sum(videos) desc, category limit {CATEGORIES_SHOWN})
        select trending_date, category, videos from per_day where category in (select category from shown)
        order by category, trending_date""")}


def _category_daily(tables, filters):
    data = rows(tables["rows"])
    if not data:
        return None
    fig = lines_by(data, "category", "trending_date", "videos", lambda r: [r["category"], r["trending_date"].isoformat()],
                   "%{x|%Y-%m-%d}: %{y:,} videos",
                   f"Videos on the trending lists per day, the {CATEGORIES_SHOWN} largest categories", "trending day", "videos")
    return whole_number_ticks(fig, "y")


def _category_day_drill(point: list, filters: Filters) -> Drill:
    category, day = point
    return _videos(filters, Sql("coalesce(category_title, 'unknown') = ? and trending_date = cast(? as date)", [category, day]),
                   f"{category} videos trending on {day}")


def _costs(filters: Filters) -> dict[str, Sql]:
    return {"rows": Sql("select category, item, sum(quantity) as quantity, max(unit) as unit, sum(usd) as usd "
                        "from analytics.lake_cost group by category, item order by usd desc nulls last, category, item")}


def _lake_cost(tables, filters):
    data = rows(tables["rows"])
    if not data:
        return None
    total = sum(r["usd"] or 0 for r in data)
    return horizontal_bars(labels(f"{r['category']}: {r['item']}" for r in data), [r["usd"] or 0 for r in data],
                           f"Running cost estimate: ${total:,.4f} in all (list prices; storage per month)", "USD",
                           hover="%{y}: $%{x:,.6f}<extra></extra>",
                           texts=[f"${r['usd']:,.6f} ({r['quantity']:,.4g} {r['unit']})" if r["usd"] is not None else "unknown"
                                  for r in data])


PANELS = (
    Panel("video_regions", "video", "Videos per region", LAND_VIDEOS, _regions, _videos_per_region, _region_click, _region_drill),
    Panel("video_channels", "video", "Top channels", LAND_VIDEOS, _channels, _top_channels, None, _channel_drill),
    Panel("video_daily", "video", "Trending per day", LAND_VIDEOS, _daily, _category_daily, None, _category_day_drill, wide=True),
    Panel("lake_cost", "lake", "Cost", "No cost estimate yet: run movie-lake ingest (analytics/lake_cost).",
          _costs, _lake_cost, wide=True),
)
