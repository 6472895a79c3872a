"""Online-video trends per region: views by category, days to trend, top channels, videos
trending in several regions. A region dropdown picks the region where a chart has one."""
from __future__ import annotations

import plotly.graph_objects as go

from movie_lake.lib.dashboard.bars import horizontal_bars
from movie_lake.lib.dashboard.frames import TableLike, as_frame, distinct, label, labels, numbers
from movie_lake.lib.dashboard.panels import Chart, NoData
from movie_lake.lib.dashboard.theme import PALETTE, bar_height, styled, with_menu

WAITING = "No online-video data yet: land trending-video files (analytics/{table} is empty)."
TOP_MULTI_REGION = 20


def _region_menu(fig: go.Figure, regions: list[str], trace_regions: list[str]) -> go.Figure:
    buttons = [
        dict(label=f"Region: {label(r)}", method="restyle", args=[{"visible": [t == r for t in trace_regions]}])
        for r in regions
    ]
    return with_menu(fig, buttons=buttons)


def views_by_category(data: TableLike) -> Chart:
    """Daily views of trending videos, stacked by category, one region at a time."""
    title = "Daily views of trending videos by category (each day sums the videos' running view totals)"
    df = as_frame(data)
    if df.empty:
        return NoData(title, WAITING.format(table="video_category_daily"))
    df = df.assign(category=labels(df["category_title"], missing="Unknown category"), region=df["region"].astype(str))
    order = df.groupby("category")["views"].sum().sort_values(ascending=False).index
    colour = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(order)}
    regions = sorted(df["region"].unique())
    fig, trace_regions = go.Figure(), []
    for region in regions:
        for category in order:
            rows = df[(df["region"] == region) & (df["category"] == category)].sort_values("trending_date")
            if rows.empty:
                continue
            trace_regions.append(region)
            fig.add_trace(go.Bar(
                x=[str(d)[:10] for d in rows["trending_date"]], y=numbers(rows["views"]), name=category,
                marker_color=colour[category], visible=region == regions[0],
                customdata=numbers(rows["videos"]),
                hovertemplate=f"<b>%{{fullData.name}}</b> ({labels([region])[0]})<br>%{{x}}"
                "<br>%{y:,.0f} views across %{customdata:,} videos<extra></extra>",
            ))
    fig.update_layout(barmode="stack")
    fig = _region_menu(styled(fig, title, "Trending date", "Views", height=520), regions, trace_regions)
    fig.update_xaxes(type="date", rangeslider=dict(visible=True, thickness=0.07))
    return fig


def days_to_trend(data: TableLike) -> Chart:
    title = "Days from publishing to trending, per region (left-censored: only videos that trended while the data was collected)"
    df = as_frame(data)
    if df.empty:
        return NoData(title, WAITING.format(table="video_days_to_trend"))
    df = df.sort_values("region")
    regions = labels(df["region"])
    fig = go.Figure([
        go.Bar(x=regions, y=numbers(df["avg_days"]), name="Average", marker_color=PALETTE[0],
               customdata=list(zip(numbers(df["videos"]), numbers(df["max_days"]))),
               hovertemplate="<b>%{x}</b><br>average %{y:.1f} days<br>%{customdata[0]:,} videos,"
               " longest %{customdata[1]:,} days<extra></extra>"),
        go.Bar(x=regions, y=numbers(df["median_days"]), name="Median", marker_color=PALETTE[2],
               hovertemplate="<b>%{x}</b><br>median %{y:.1f} days<extra></extra>"),
    ])
    fig.update_layout(barmode="group")
    return styled(fig, title, "Region", "Days")


def top_channels(data: TableLike) -> Chart:
    title = "Top 10 channels per region by trending videos (ties: more views)"
    df = as_frame(data)
    if df.empty:
        return NoData(title, WAITING.format(table="video_top_channels"))
    df = df.assign(region=df["region"].astype(str))
    regions = sorted(df["region"].unique())
    fig, trace_regions, longest = go.Figure(), [], 0
    for region in regions:
        rows = df[df["region"] == region].sort_values(["videos", "views"], ascending=[True, True])
        longest = max(longest, len(rows))
        trace_regions.append(region)
        fig.add_trace(go.Bar(
            y=labels(rows["channel_title"]), x=numbers(rows["videos"]), orientation="h", name=labels([region])[0],
            marker_color=PALETTE[0], visible=region == regions[0], customdata=numbers(rows["views"]),
            hovertemplate="<b>%{y}</b><br>%{x:,} trending videos<br>%{customdata:,.0f} views<extra></extra>",
        ))
    fig.update_layout(showlegend=False)
    fig = _region_menu(styled(fig, title, "Trending videos", "", height=bar_height(longest) + 40), regions, trace_regions)
    fig.update_yaxes(type="category")
    return fig


def multi_region_videos(data: TableLike) -> Chart:
    title = "Videos trending in the most regions"
    df = as_frame(data)
    if df.empty:
        return NoData(title, WAITING.format(table="video_multi_region"))
    df = df.sort_values(["regions", "title"], ascending=[False, True]).head(TOP_MULTI_REGION)
    return horizontal_bars(
        distinct(labels(df["title"]), df["video_id"]), numbers(df["regions"]), title, "Regions",
        hover="<b>%{y}</b><br>trending in %{x} regions: %{customdata}<extra></extra>",
        customdata=labels(df["region_list"]),
    )
