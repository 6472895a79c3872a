"""The dashboard app served on 127.0.0.1 for a test (a real werkzeug server in a thread), and the
browser moves a person makes on it: open a page, pick a genre, type a year range, click a bar."""
from __future__ import annotations

import json
import logging
import threading
import time
from contextlib import contextmanager

from werkzeug.serving import make_server

from movie_lake.lib.dashboard_app.app import create_app
from movie_lake.lib.dashboard_app.reader import LakeReader

from movie_lake_tests.cdp import Browser, chromium_path

SETTLE_SECONDS = 20


@contextmanager
def served(reader: LakeReader, lake_uri: str):
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    server = make_server("127.0.0.1", 0, create_app(reader, lake_uri).server, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()
        thread.join(timeout=10)


def panel_data(browser: Browser, panel: str) -> str | None:
    """The panel's plotted data (each trace's x and y) as JSON; None until it has drawn."""
    return browser.evaluate(
        f"(() => {{ const g = document.querySelector('#graph-{panel} .js-plotly-plot'); "
        "return g && g.data ? JSON.stringify(g.data.map(t => [t.x, t.y])) : null; })()")


def bars(browser: Browser, panel: str) -> dict[str, float]:
    """A horizontal bar panel as {label: value}."""
    traces = json.loads(panel_data(browser, panel) or "[]")
    return {y: x for xs, ys in traces for x, y in zip(xs or [], ys or [])}


def wait_for_change(browser: Browser, panel: str, before: str | None, seconds: float = SETTLE_SECONDS) -> str:
    deadline = time.monotonic() + seconds
    while True:
        now = panel_data(browser, panel)
        if now is not None and now != before:
            return now
        if time.monotonic() > deadline:
            raise AssertionError(f"panel {panel} did not change from {before!r:.200}")
        time.sleep(0.2)


def wait_until_settled(browser: Browser, panel: str, seconds: float = SETTLE_SECONDS) -> str:
    """The panel's data once it has stopped changing for a moment."""
    deadline, last, since = time.monotonic() + seconds, None, time.monotonic()
    while time.monotonic() < deadline:
        now = panel_data(browser, panel)
        if now != last:
            last, since = now, time.monotonic()
        elif now is not None and time.monotonic() - since > 0.8 and not _loading(browser):
            return now
        time.sleep(0.1)
    raise AssertionError(f"panel {panel} never settled")


def _loading(browser: Browser) -> bool:
    return bool(browser.evaluate("document.querySelector('[data-dash-is-loading=\"true\"]') !== null"))


def open_page(browser: Browser, title: str, first_panel: str) -> str:
    tab = f"Array.from(document.querySelectorAll('#page .tab')).find(t => t.textContent === {json.dumps(title)})"
    browser.wait_for(f"{tab} !== undefined", SETTLE_SECONDS)
    browser.click(tab)
    return wait_until_settled(browser, first_panel)


def visit_every_panel(url: str, pages: dict[str, list[str]], look=None) -> list[str]:
    """Open the app in a new browser, go through every page and wait for each panel to draw;
    `look(browser, panel)` checks each one. Returns the browser's errors."""
    browser = Browser(chromium_path())
    try:
        browser.open(url, 1400, 1000)
        for page, panels in pages.items():
            open_page(browser, page, panels[0])
            for panel in panels:
                wait_until_settled(browser, panel)
                if look is not None:
                    look(browser, panel)
        return browser.errors()
    finally:
        browser.close()


def pick_genre(browser: Browser, genre: str) -> None:
    browser.click("document.getElementById('genres')")
    browser.type_text(genre, enter=False)
    browser.wait_for(f"document.querySelector('.dash-dropdown-option input[value={json.dumps(genre)}]') !== null")
    browser.click(f"document.querySelector('.dash-dropdown-option input[value={json.dumps(genre)}]').closest('label')")
    browser.send("Input.dispatchKeyEvent", type="keyDown", key="Escape", code="Escape", windowsVirtualKeyCode=27)


def set_years(browser: Browser, first: int, last: int) -> None:
    for which, year in (("min", first), ("max", last)):
        field = f"document.querySelector('#years .dash-range-slider-{which}-input')"
        browser.click(field)
        browser.evaluate(f"{field}.select()")
        browser.type_text(str(year))
        browser.evaluate(f"{field}.blur()")


def click_bar(browser: Browser, panel: str, label: str) -> None:
    """A real click on the bar whose category is `label`."""
    browser.click(f"(() => {{ const g = document.querySelector('#graph-{panel} .js-plotly-plot'); "
                  f"const i = g.data[0].y.indexOf({json.dumps(label)}); "
                  "return g.querySelectorAll('.trace.bars .point')[i]; })()")


def drill_rows(browser: Browser) -> list[dict]:
    """The drill-down table as rows of cell text (what a person reads), once it has drawn."""
    browser.wait_for("document.querySelector('#drill-table tbody td') !== null", SETTLE_SECONDS)
    return browser.evaluate(
        "(() => { const t = document.querySelector('#drill-table'); if (!t) return null; "
        "const head = Array.from(t.querySelectorAll('th .column-header-name')).map(h => h.textContent); "
        "return Array.from(t.querySelectorAll('tbody tr')).filter(r => r.querySelector('td')).map(r => "
        "Object.fromEntries(Array.from(r.querySelectorAll('td')).map((c, i) => [head[i], c.textContent]))); })()")
