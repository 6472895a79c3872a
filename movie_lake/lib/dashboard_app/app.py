"""The served dashboard (Dash): the layout, and the callbacks that turn filters and clicks into
queries through the `LakeReader`. It only reads: the lake through the mode's engine, the
offline snapshot the `analytics/dashboard` asset wrote."""
from __future__ import annotations

import logging

import plotly.graph_objects as go
from dash import Dash, Input, Output, State, ctx, dash_table, html, no_update
from dash.exceptions import PreventUpdate
from flask import Response

from movie_lake.lib.dashboard.report_paths import REPORT_KEY
from movie_lake.lib.dashboard.theme import use_house_template
from movie_lake.lib.dashboard_app.figures import empty_figure
from movie_lake.lib.dashboard_app.filters import Filters
from movie_lake.lib.dashboard_app.freshness import table_freshness
from movie_lake.lib.dashboard_app.layout import page_layout
from movie_lake.lib.dashboard_app.panels import BY_ID, PANELS
from movie_lake.lib.dashboard_app.reader import LakeReader, NoDataYet
from movie_lake.lib.dashboard_app.style import CSS

log = logging.getLogger(__name__)
FILTER_INPUTS = [Input("years", "value"), Input("genres", "value"), Input("franchises", "value"),
                 Input("regions", "value"), Input("media", "value")]
CLICKABLE = [p for p in PANELS if p.cross_filter or p.drill]
EXPORT_PATH = "export/dashboard.html"
TABLE_STYLE = dict(style_table={"overflowX": "auto"}, style_cell={"fontFamily": "inherit", "fontSize": 13, "textAlign": "left"},
                   style_header={"fontWeight": 600, "backgroundColor": "#f0f4f8"}, page_size=50, sort_action="native")


def create_app(reader: LakeReader, lake_uri: str, url_prefix: str = "/") -> Dash:
    use_house_template()
    app = Dash(__name__, title="movie_lake dashboard", url_base_pathname=url_prefix, update_title=None,
               serve_locally=True, assets_folder="_no_assets")
    app.index_string = app.index_string.replace("{%css%}", "{%css%}<style>" + CSS + "</style>")
    app.layout = lambda: page_layout(reader, lake_uri, f"{url_prefix}{EXPORT_PATH}")
    _export_route(app, reader, url_prefix)
    for panel in PANELS:
        _panel_callback(app, reader, panel)
    _click_callback(app)
    _drill_callback(app, reader)
    _freshness_callback(app, reader)
    return app


def _filters(years, genres, franchises, regions, media, bounds) -> Filters:
    return Filters.from_controls(years, tuple(bounds) if bounds else None, genres, franchises, regions, media)


def _export_route(app: Dash, reader: LakeReader, url_prefix: str) -> None:
    def offline_snapshot() -> Response:
        try:
            page = reader.storage.read_bytes(REPORT_KEY)
        except (FileNotFoundError, OSError):
            return Response("No offline snapshot yet: run movie-lake ingest (it writes analytics/dashboard).",
                            status=404, mimetype="text/plain")
        return Response(page, mimetype="text/html",
                        headers={"Content-Disposition": 'attachment; filename="movie_lake_dashboard.html"'})

    app.server.add_url_rule(f"{url_prefix}{EXPORT_PATH}", "offline_snapshot", offline_snapshot)


def _panel_callback(app: Dash, reader: LakeReader, panel) -> None:
    @app.callback(Output(f"graph-{panel.id}", "figure"), Output(f"note-{panel.id}", "children"),
                  Output(f"note-{panel.id}", "className"), *FILTER_INPUTS, Input("page", "value"),
                  State("year-bounds", "data"))
    def draw(years, genres, franchises, regions, media, page, bounds):
        if page != panel.page:
            raise PreventUpdate
        filters = _filters(years, genres, franchises, regions, media, bounds)
        try:
            figure = panel.figure({name: reader.query(sql) for name, sql in panel.queries(filters).items()}, filters)
        except NoDataYet:
            figure = None
        except Exception as error:  # shown on the panel; the other panels go on
            log.exception("panel %s failed", panel.id)
            message = f"This panel's query failed: {str(error).splitlines()[0]}"
            return empty_figure(panel.title, message), message, "note no-data-yet"
        if figure is None:
            unfiltered = filters == Filters()
            note = panel.empty if unfiltered else "Nothing in the lake matches the filters."
            return empty_figure(panel.title, "no data yet" if unfiltered else "nothing matches"), note, "note no-data-yet"
        return _fixed(figure), "", "note"


def _fixed(figure: go.Figure) -> go.Figure:
    """Clicking selects a point, never zooms the other panels out of sync."""
    figure.update_layout(clickmode="event", dragmode=False)
    return figure


def _click_callback(app: Dash) -> None:
    @app.callback(Output("genres", "value"), Output("years", "value"), Output("franchises", "value"),
                  Output("regions", "value"), Output("media", "value"), Output("drill-point", "data"),
                  Input("clear", "n_clicks"), *[Input(f"graph-{p.id}", "clickData") for p in CLICKABLE],
                  State("genres", "value"), State("years", "value"), State("franchises", "value"),
                  State("regions", "value"), State("year-bounds", "data"), prevent_initial_call=True)
    def clicked(_clear, *state):
        genres, years, franchises, regions, bounds = state[-5:]
        if ctx.triggered_id == "clear":
            return [], list(bounds), [], [], ["movie", "series"], None
        click = ctx.triggered[0]["value"] if ctx.triggered else None
        if not click or not click.get("points"):
            raise PreventUpdate
        panel = BY_ID[ctx.triggered_id.removeprefix("graph-")]
        point = click["points"][0].get("customdata")
        if point is None:
            raise PreventUpdate
        changes = panel.cross_filter(point) if panel.cross_filter else {}
        now = {"genres": genres, "years": years, "franchises": franchises, "regions": regions}
        values = [changes[name] if changes.get(name, now[name]) != now[name] else no_update for name in now]
        return (*values, no_update, {"panel": panel.id, "point": point} if panel.drill else None)


def _drill_callback(app: Dash, reader: LakeReader) -> None:
    @app.callback(Output("drill", "children"), Input("drill-point", "data"), *FILTER_INPUTS, State("year-bounds", "data"),
                  prevent_initial_call=True)
    def drill(point, years, genres, franchises, regions, media, bounds):
        if not point:
            return html.P("Click a bar or point to list the titles behind it.", className="hint")
        filters = _filters(years, genres, franchises, regions, media, bounds)
        behind = BY_ID[point["panel"]].drill(point["point"], filters)
        try:
            table = reader.query(behind.query)
        except NoDataYet as missing:
            return [html.H2(behind.heading), html.P(f"No data yet: {missing}", className="hint")]
        return [html.H2(f"{behind.heading} ({table.num_rows:,})", id="drill-heading"),
                dash_table.DataTable(id="drill-table", data=_json_rows(table),
                                     columns=[{"name": c, "id": c} for c in table.column_names], **TABLE_STYLE)]


def _json_rows(table) -> list[dict]:
    """Cells as JSON values: dates as ISO text, unknown as 'unknown'."""
    return [{k: ("unknown" if v is None else v.isoformat() if hasattr(v, "isoformat") else v) for k, v in row.items()}
            for row in table.to_pylist()]


def _freshness_callback(app: Dash, reader: LakeReader) -> None:
    @app.callback(Output("freshness", "children"), Input("page", "value"))
    def freshness(page):
        if page != "lake":
            raise PreventUpdate
        found = table_freshness(reader.storage)
        return dash_table.DataTable(id="freshness-table", data=found, columns=[{"name": c, "id": c} for c in found[0]],
                                    **TABLE_STYLE)
