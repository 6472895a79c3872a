"""A headless Debian chromium driven over the DevTools protocol (a websocket on 127.0.0.1).

Small on purpose: launch, open a page, evaluate JavaScript, collect console errors and
JavaScript dialogs, take a screenshot. No browser download, no driver binary.
"""
from __future__ import annotations

import base64
import contextlib
import itertools
import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

from websockets.sync.client import connect

CHROMIUM_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--remote-debugging-port=0",
)
STARTUP_SECONDS = 30


def chromium_path() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


class Browser:
    def __init__(self, executable: str):
        self.profile = tempfile.TemporaryDirectory(prefix="movie-lake-chromium-", ignore_cleanup_errors=True)
        self.closing = contextlib.ExitStack()
        self.process = subprocess.Popen(
            [executable, *CHROMIUM_FLAGS, f"--user-data-dir={self.profile.name}", "about:blank"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        self.ids = itertools.count(1)
        self.events: list[dict] = []
        try:
            port = self._devtools_port()
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list") as answer:
                page = next(t for t in json.load(answer) if t["type"] == "page")
            self.socket = self.closing.enter_context(
                connect(page["webSocketDebuggerUrl"], max_size=None, open_timeout=STARTUP_SECONDS)
            )
            for domain in ("Page", "Runtime", "Log"):
                self.send(f"{domain}.enable")
        except BaseException:
            self.close()
            raise

    def _devtools_port(self) -> int:
        marker = Path(self.profile.name) / "DevToolsActivePort"
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            if marker.exists() and marker.read_text().strip():
                return int(marker.read_text().split()[0])
            if self.process.poll() is not None:
                raise RuntimeError(f"chromium exited with {self.process.returncode} before opening DevTools")
            time.sleep(0.05)
        raise RuntimeError("chromium did not open its DevTools port")

    def send(self, method: str, **params) -> dict:
        """Call a DevTools method; events that arrive meanwhile are kept in `self.events`."""
        call_id = next(self.ids)
        self.socket.send(json.dumps({"id": call_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.socket.recv(timeout=STARTUP_SECONDS))
            if message.get("id") == call_id:
                if "error" in message:
                    raise RuntimeError(f"{method}: {message['error']}")
                return message["result"]
            self._keep(message)

    def _keep(self, event: dict) -> None:
        self.events.append(event)
        if event.get("method") == "Page.javascriptDialogOpening":
            self.socket.send(json.dumps({"id": next(self.ids), "method": "Page.handleJavaScriptDialog",
                                         "params": {"accept": False}}))

    def open(self, url: str, width: int = 1400, height: int = 900) -> None:
        self.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=1, mobile=False)
        self.send("Page.navigate", url=url)
        self.wait_for("document.readyState === 'complete'")

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression!r} threw: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, condition: str, seconds: float = STARTUP_SECONDS) -> None:
        deadline = time.monotonic() + seconds
        while not self.evaluate(f"Boolean({condition})"):
            if time.monotonic() > deadline:
                raise TimeoutError(f"page never satisfied {condition!r}")
            time.sleep(0.1)

    def click_at(self, x: float, y: float) -> None:
        """A real mouse click at page coordinates (moved there first, as a hand would: plotly
        finds the point under the pointer on the move)."""
        for kind, extra in (("mouseMoved", {}), ("mousePressed", {"button": "left", "clickCount": 1}),
                            ("mouseReleased", {"button": "left", "clickCount": 1})):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, **extra)

    def click(self, element: str) -> None:
        """Click the middle of the element a JavaScript expression gives, scrolled into view."""
        box = self.evaluate(f"(() => {{ const e = {element}; e.scrollIntoView({{block: 'center'}}); "
                            "const r = e.getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2]; })()")
        self.click_at(*box)

    def type_text(self, text: str, enter: bool = True) -> None:
        """Type into the focused element, then press Enter."""
        self.send("Input.insertText", text=text)
        if enter:
            for kind in ("keyDown", "keyUp"):
                self.send("Input.dispatchKeyEvent", type=kind, key="Enter", code="Enter", windowsVirtualKeyCode=13)

    def errors(self) -> list[str]:
        """Console errors, uncaught exceptions and browser log errors seen so far."""
        found = []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
                found.append(" ".join(str(a.get("value", a.get("description"))) for a in params.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                found.append(params["exceptionDetails"].get("exception", {}).get("description", "exception"))
            elif method == "Log.entryAdded" and params["entry"]["level"] == "error":
                found.append(params["entry"]["text"])
        return found

    def dialogs(self) -> list[str]:
        return [e["params"]["message"] for e in self.events if e.get("method") == "Page.javascriptDialogOpening"]

    def screenshot(self, path: Path) -> None:
        size = self.send("Page.getLayoutMetrics")["cssContentSize"]
        shot = self.send("Page.captureScreenshot", format="png", captureBeyondViewport=True,
                         clip={"x": 0, "y": 0, "width": size["width"], "height": size["height"], "scale": 1})
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(base64.b64decode(shot["data"]))

    def close(self) -> None:
        """Stop chromium's own process group (its renderers write into the profile until they exit)."""
        try:
            self.closing.close()
        finally:
            self._signal_group(signal.SIGTERM)
            deadline = time.monotonic() + 10
            while self._signal_group(0) and time.monotonic() < deadline:
                self.process.poll()
                time.sleep(0.05)
            self._signal_group(signal.SIGKILL)
            self.process.wait()
            self.profile.cleanup()

    def _signal_group(self, signum: int) -> bool:
        """Signal the group this browser leads; False once none of its processes is left."""
        try:
            os.killpg(self.process.pid, signum)
            return True
        except ProcessLookupError:
            return False
