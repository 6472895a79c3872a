"""One self-contained HTML page: plotly.js inlined once, KPI tiles, sections, data freshness.

Everything written into the HTML here goes through `html.escape`; the figures carry
their data as JSON that plotly escapes and renders as text.
"""
from __future__ import annotations

from datetime import datetime
from html import escape

import plotly.io as pio
from plotly.offline import get_plotlyjs

from movie_lake.lib.dashboard.freshness import Freshness
from movie_lake.lib.dashboard.kpis import Tile
from movie_lake.lib.dashboard.panels import Chart, NoData
from movie_lake.lib.dashboard.sections import ChartSpec, Section
from movie_lake.lib.dashboard.style import CSS

RESIZE_AFTER_LOAD = (
    "window.addEventListener('load', () => document.querySelectorAll('.js-plotly-plot')"
    ".forEach(plot => Plotly.Plots.resize(plot)));"
)
PLOT_CONFIG = {"displaylogo": False, "responsive": True, "modeBarButtonsToRemove": ["select2d", "lasso2d"]}


def render_page(sections: list[Section], tiles: list[Tile], freshness: list[Freshness],
                generated_at: datetime, lake_uri: str) -> str:
    nav = "".join(f'<a href="#{escape(s.spec.id)}">{escape(s.spec.title)}</a>' for s in sections)
    body = "\n".join(_section(s) for s in sections)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>movie_lake dashboard</title>
<style>{CSS}</style>
<script type="text/javascript">{get_plotlyjs()}</script>
</head><body>
<header><h1>movie_lake dashboard</h1>
<p class="meta">Generated {escape(_when(generated_at))} from <code>{escape(lake_uri)}</code>. Works offline: hover a chart for details, click legend entries to show or hide series.</p>
<nav>{nav}<a href="#freshness">Data freshness</a></nav></header>
<main>
<section id="kpis" class="tiles">{''.join(_tile(t) for t in tiles)}</section>
{body}
{_freshness(freshness)}
</main>
<script>{RESIZE_AFTER_LOAD}</script>
</body></html>
"""


def _tile(tile: Tile) -> str:
    detail = f'<div class="detail">{escape(tile.detail)}</div>' if tile.detail else ""
    return f'<div class="tile"><div class="label">{escape(tile.label)}</div><div class="value">{escape(tile.value)}</div>{detail}</div>'


def _section(section: Section) -> str:
    charts = "\n".join(_chart(spec, chart) for spec, chart in section.charts)
    return (f'<section id="{escape(section.spec.id)}"><h2>{escape(section.spec.title)}</h2>'
            f'<p class="intro">{escape(section.spec.intro)}</p><div class="charts">{charts}</div></section>')


def _chart(spec: ChartSpec, chart: Chart) -> str:
    classes = "chart wide" if spec.wide else "chart"
    name = escape(spec.name)
    if isinstance(chart, NoData):
        return (f'<div class="{classes} no-data" data-chart="{name}"><span class="badge">No data yet</span>'
                f'<h3>{escape(chart.title)}</h3><p>{escape(chart.reason)}</p></div>')
    figure = pio.to_html(chart, full_html=False, include_plotlyjs=False, div_id=f"chart-{name}", config=PLOT_CONFIG)
    return f'<div class="{classes}" data-chart="{name}">{figure}</div>'


def _freshness(rows: list[Freshness]) -> str:
    if not rows:
        table = '<p class="intro">No materializations recorded for the source tables.</p>'
    else:
        lines = "".join(
            f"<tr><td><code>{escape(r.table)}</code></td><td>{escape(_when(r.materialized_at))}</td>"
            f"<td>{escape(r.latest_partition or '—')}</td><td>{escape(r.partitions)}</td>"
            f"<td class=\"num\">{'' if r.rows is None else f'{r.rows:,}'}</td></tr>"
            for r in rows
        )
        table = ("<table><thead><tr><th>table</th><th>last materialized (UTC)</th><th>latest partition</th>"
                 f"<th>partitions</th><th>rows written (latest)</th></tr></thead><tbody>{lines}</tbody></table>")
    return f'<section id="freshness"><h2>Data freshness</h2>{table}</section>'


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")
