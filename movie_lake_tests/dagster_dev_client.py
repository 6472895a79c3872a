"""A small GraphQL client for a running dagster-webserver, and bounded waiting."""
from __future__ import annotations

import time
from collections.abc import Callable

import requests


class GraphQL:
    def __init__(self, base_url: str):
        self.url = f"{base_url}/graphql"
        self.base_url = base_url

    def __call__(self, query: str, **variables) -> dict:
        response = requests.post(self.url, json={"query": query, "variables": variables}, timeout=30)
        response.raise_for_status()
        body = response.json()
        assert not body.get("errors"), body["errors"]
        return body["data"]

    def is_up(self) -> bool:
        try:
            return requests.get(f"{self.base_url}/server_info", timeout=2).ok
        except requests.RequestException:
            return False


RUNS = """{ runsOrError(limit: 40) { ... on Runs { results { runId status assetSelection { path }
  tags { key value } } } } }"""


def runs_summary(client: GraphQL) -> str:
    """One line per recent run: status, assets, partition; for failure messages."""
    lines = []
    for run in client(RUNS)["runsOrError"]["results"]:
        tags = {t["key"]: t["value"] for t in run["tags"]}
        assets = ",".join("/".join(a["path"]) for a in run["assetSelection"] or [])
        lines.append(f"{run['runId'][:8]} {run['status']:<8} {tags.get('dagster/partition', '-'):<14} {assets}")
    return "\n".join(lines)


def wait_for(what: str, probe: Callable[[], object], timeout: float, every: float = 1.0,
             alive: Callable[[], bool] = lambda: True, explain: Callable[[], str] = lambda: ""):
    """Call `probe` until it returns something truthy; fail naming `what` (and `explain()`)
    after `timeout` s."""
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline:
        assert alive(), f"dagster dev exited while waiting for {what}"
        last = probe()
        if last:
            return last
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what} (last: {last!r})\n{explain()}")
