"""The app's page: header, the global filter bar, one tab per page of panels, the drill-down."""
from __future__ import annotations

from dash import dcc, html

from movie_lake.lib.dashboard.page import PLOT_CONFIG
from movie_lake.lib.dashboard_app import options
from movie_lake.lib.dashboard_app.filters import MEDIA
from movie_lake.lib.dashboard_app.panels import PAGES, PANELS
from movie_lake.lib.dashboard_app.reader import LakeReader

FIRST_PAGE = PAGES[0][0]
GRAPH_CONFIG = {k: v for k, v in PLOT_CONFIG.items() if k != "responsive"}
"""The figures carry their height; plotly's responsive mode would take the (empty) container's instead."""


def _control(text: str, control) -> html.Div:
    return html.Div([html.Label(text, htmlFor=control.id), control])


def _filters(reader: LakeReader) -> html.Div:
    first, last = options.year_bounds(reader)
    return html.Div(className="filters", children=[
        _control("Release years", dcc.RangeSlider(id="years", min=first, max=last, step=1, value=[first, last],
                                                  marks=None, allow_direct_input=True,
                                                  tooltip={"placement": "bottom", "always_visible": False})),
        _control("Genres", dcc.Dropdown(id="genres", options=options.genre_options(reader), multi=True,
                                        placeholder="every genre")),
        _control("Franchises", dcc.Dropdown(id="franchises", options=options.franchise_options(reader), multi=True,
                                            placeholder="every title (franchise page: the focus ★)")),
        _control("Regions (video)", dcc.Dropdown(id="regions", options=options.region_options(reader), multi=True,
                                                 placeholder="every region")),
        _control("Media", dcc.Checklist(id="media", options=[{"label": m, "value": m} for m in MEDIA],
                                        value=list(MEDIA), inline=True)),
        dcc.Store(id="year-bounds", data=[first, last]),
    ])


def _panel(panel) -> html.Div:
    return html.Div(className="panel wide" if panel.wide else "panel", id=f"panel-{panel.id}", children=[
        dcc.Graph(id=f"graph-{panel.id}", config=GRAPH_CONFIG),
        html.P(id=f"note-{panel.id}", className="note"),
    ])


def _page(page_id: str) -> html.Div:
    panels = [_panel(p) for p in PANELS if p.page == page_id]
    extra = [html.H2("Data freshness"), html.Div(id="freshness")] if page_id == "lake" else []
    return html.Div(id=f"page-{page_id}", className="page", children=[html.Div(className="panels", children=panels), *extra])


def page_layout(reader: LakeReader, lake_uri: str, export_href: str) -> html.Div:
    return html.Div([
        html.Header([
            html.H1("movie_lake dashboard"),
            html.P(className="meta", children=[f"{reader.engine_name} over ", html.Code(lake_uri),
                                               ". Filters apply to every panel; click a bar or point to filter the others "
                                               "by it and list the titles behind it."]),
            html.Div(className="actions", children=[
                html.Button("Clear filters", id="clear", n_clicks=0),
                html.A("Offline snapshot", href=export_href, id="export"),
            ]),
        ]),
        _filters(reader),
        dcc.Tabs(id="page", value=FIRST_PAGE, children=[dcc.Tab(_page(page), label=text, value=page) for page, text in PAGES]),
        dcc.Store(id="drill-point"),
        html.Div(id="drill", className="drill",
                 children=html.P("Click a bar or point to list the titles behind it.", className="hint")),
    ])
