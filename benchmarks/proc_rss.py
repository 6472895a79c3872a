"""Peak resident memory of a process tree, sampled from /proc (Linux).

`wait4` only reports the largest single process of a tree; a PySpark run is a Python driver plus a JVM
alive at the same time, so the harness also samples the summed RSS of the whole tree.
"""

from __future__ import annotations

import os
import threading

PAGE_BYTES = os.sysconf("SC_PAGE_SIZE")


def tree_rss_bytes(root_pid: int) -> tuple[int, list[tuple[str, int]]]:
    """Summed RSS of `root_pid` and its descendants, and (command name, RSS) of each of them."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    names: dict[int, str] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        # Fields after the parenthesised command name: state ppid ... rss is the 24th field overall.
        fields = stat[stat.rindex(b")") + 2 :].split()
        pid = int(entry.name)
        children.setdefault(int(fields[1]), []).append(pid)
        rss[pid] = int(fields[21]) * PAGE_BYTES
        names[pid] = stat[stat.index(b"(") + 1 : stat.rindex(b")")].decode(errors="replace")
    parts, pending = [], [(root_pid, None)]
    while pending:
        pid, parent = pending.pop()
        # A vfork()ed child (how the JVM spawns helper commands) shares its parent's address space and
        # reports the very same RSS; counting it would double the JVM.
        if pid in rss and (parent is None or rss[pid] != rss.get(parent)):
            parts.append((names[pid], rss[pid]))
        pending.extend((child, pid) for child in children.get(pid, ()))
    return sum(size for _, size in parts), parts


class TreeRssSampler(threading.Thread):
    """Samples a tree's summed RSS; calls `on_limit` once if it goes above `limit_bytes` (a safety stop)."""

    def __init__(self, root_pid: int, interval: float = 0.1, limit_bytes: int | None = None, on_limit=None):
        super().__init__(daemon=True)
        self._root_pid = root_pid
        self._interval = interval
        self._limit_bytes = limit_bytes
        self._on_limit = on_limit
        self._stop_event = threading.Event()
        self.peak_bytes = 0
        self.peak_parts: list[tuple[str, int]] = []
        self.hit_limit = False

    def run(self) -> None:
        while not self._stop_event.is_set():
            total, parts = tree_rss_bytes(self._root_pid)
            if total > self.peak_bytes:
                self.peak_bytes, self.peak_parts = total, parts
            if self._limit_bytes and total > self._limit_bytes and not self.hit_limit:
                self.hit_limit = True
                self._on_limit()
            self._stop_event.wait(self._interval)

    def stop(self) -> None:
        self._stop_event.set()
        self.join()
