"""Where a local lake's Iceberg metadata says its files are, and where they are now.

Iceberg names every file by an absolute URI (in the catalog, each metadata file, manifest list
and manifest), so a lake folder that was moved still names the folder it was created in.
Rather than rewrite that metadata at each move, the lake keeps naming its files under the root
it was created at (recorded in `iceberg.root`), and every read and write maps that root to the
lake's folder now: `LakeStorage.fs_path` for the lake's own reads, `NamedRootFileIO` for
pyiceberg's. A copy of a lake is a lake of its own, mapped to its own folder the same way.
"""
from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from functools import lru_cache

from movie_lake.lib.storage.iceberg import CATALOG_DB

NAMED_ROOT_FILE = "iceberg.root"


def named_root(root: str) -> str:
    """The folder the lake at `root` names its files under: as recorded in the lake; for a lake
    made before that was recorded, read off a table's metadata location in its catalog; for a
    new lake, `root` itself. Recorded when it was not (where the folder can be written)."""
    path = os.path.join(root, NAMED_ROOT_FILE)
    try:
        status = os.stat(path)
    except FileNotFoundError:
        named = _named_by_catalog(root) or root
        tmp = f"{path}.{os.getpid()}.tmp"
        try:
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(named + "\n")
            os.replace(tmp, path)
        except OSError:  # a lake only read here (a read-only mount): the catalog says it each time
            pass
        return named
    return _recorded(path, status.st_ino, status.st_mtime_ns)


@lru_cache(maxsize=64)
def _recorded(path: str, inode: int, mtime_ns: int) -> str:
    with open(path, encoding="utf-8") as f:
        return f.read().strip()


def _named_by_catalog(root: str) -> str | None:
    database = os.path.join(root, CATALOG_DB)
    if not os.path.exists(database):
        return None
    with closing(sqlite3.connect(f"file:{database}?mode=ro", uri=True)) as connection:
        try:
            row = connection.execute("select table_namespace, table_name, metadata_location from iceberg_tables "
                                     "where metadata_location like 'file://%' limit 1").fetchone()
        except sqlite3.OperationalError:  # no table yet
            return None
    if row is None:
        return None
    namespace, table, location = row
    cut = location.rfind(f"/{namespace}/{table}/metadata/")
    return location[len("file://"):cut] if cut > 0 else None


def relocated(path: str, named: str, root: str) -> str:
    """`path` (under the lake's named root) where it is now, under `root`."""
    if named != root and (path == named or path.startswith(named + "/")):
        return root + path[len(named):]
    return path
