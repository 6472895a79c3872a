"""What the lake costs to keep and to query, from `analytics/lake_cost`."""
from __future__ import annotations

from movie_lake.lib.dashboard.bars import horizontal_bars
from movie_lake.lib.dashboard.frames import TableLike, as_frame
from movie_lake.lib.dashboard.panels import Chart, NoData

LABELS = {"storage": "S3 storage, per month", "athena": "Athena scans", "s3_requests": "S3 PUT requests",
          "tmdb_api": "TMDB API requests (free)"}


def lake_cost(data: TableLike) -> Chart:
    title = "Running cost estimate (USD, at the configured list prices)"
    df = as_frame(data)
    if df.empty:
        return NoData(title, "No cost estimate yet: analytics/lake_cost is built after the analyses.")
    totals = df.groupby(["category", "item", "unit"], as_index=False).agg(quantity=("quantity", "sum"), usd=("usd", "sum"))
    totals = totals.sort_values(["usd", "quantity"], ascending=False)
    names = [f"{LABELS.get(c, c)}: {i}" for c, i in zip(totals["category"], totals["item"])]
    quantities = [f"{q:,.6g} {u}" for q, u in zip(totals["quantity"], totals["unit"])]
    fig = horizontal_bars(names, [round(u, 6) for u in totals["usd"]], title, "USD (storage per month; scans and requests to date)",
                          hover="<b>%{y}</b><br>$%{x:,.6f}<br>%{customdata}<extra></extra>", customdata=quantities)
    return fig
