"""The dot-files a local write goes through before it is renamed over its target.

A writer killed mid-write (kill -9, the OOM killer, a broken run pool) leaves its dot-file behind.
Readers skip dot-files, so the lake stays correct, but nothing else would ever remove it: each
temporary therefore names its writer's pid, and the next write into the same folder removes the
ones whose process is gone."""
from __future__ import annotations

import os
import re
import uuid

TEMPORARY = re.compile(r"^\.(?:write|copy)-(\d+)-[0-9a-f]+\.tmp$")


def temporary_path(folder: str, kind: str) -> str:
    """A new dot-file name in `folder` for a `kind` ("write", "copy") of this process, after
    removing those left by writers that are gone."""
    remove_abandoned(folder)
    return f"{folder}/.{kind}-{os.getpid()}-{uuid.uuid4().hex}.tmp"  # short: the target's name may be near the 255-byte limit


def remove_abandoned(folder: str) -> list[str]:
    """Remove the temporaries in `folder` whose writing process no longer exists; returns their names."""
    try:
        names = os.listdir(folder)
    except FileNotFoundError:
        return []
    removed = []
    for name in names:
        match = TEMPORARY.match(name)
        if match and not _alive(int(match.group(1))):
            try:
                os.remove(os.path.join(folder, name))
                removed.append(name)
            except FileNotFoundError:  # another writer removed it first
                pass
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True
