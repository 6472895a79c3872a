"""kill -9 in the middle of a raw copy of a large file: nothing half-copied is ever seen as a
version, and the next copy completes, verifies and removes what the killed one left."""
import os
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from movie_lake.lib.landing.rules import TMDB_MOVIES
from movie_lake.lib.storage.files import LakeStorage
from movie_lake.lib.storage.raw import RawZone

SIZE = 400 * 1024 * 1024


@pytest.mark.slow
def test_a_raw_copy_killed_half_way_leaves_no_version_and_is_redone(tmp_path):
    storage = LakeStorage.local(tmp_path / "lake")
    big = tmp_path / "lake" / "landing" / "tmdb_movies" / "big.csv"
    big.parent.mkdir(parents=True)
    with open(big, "wb") as f:
        f.write(os.urandom(1024 * 1024) * (SIZE // (1024 * 1024)))
    script = textwrap.dedent(f"""
        from movie_lake.lib.landing.discovery import scan_landing
        from movie_lake.lib.landing.rules import TMDB_MOVIES
        from movie_lake.lib.storage.files import LakeStorage
        from movie_lake.lib.storage.raw import RawZone
        storage = LakeStorage.local({str(tmp_path / "lake")!r})
        [landed] = scan_landing(storage).landed
        RawZone(storage).keep(TMDB_MOVIES, "big.csv", landed.file)
    """)
    child = subprocess.Popen([sys.executable, "-c", script])
    folder = tmp_path / "lake" / "raw" / "tmdb_movies" / "source_file=big.csv"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        staged = list(folder.glob(".copy-*.tmp")) if folder.exists() else []
        if staged and staged[0].stat().st_size > 16 * 1024 * 1024:
            break
        time.sleep(0.005)
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    assert staged and 0 < staged[0].stat().st_size < SIZE, "the kill must land during the copy"
    raw = RawZone(storage)
    assert raw.versions(TMDB_MOVIES, "big.csv") == []

    from movie_lake.lib.landing.discovery import scan_landing

    [landed] = scan_landing(storage).landed
    kept = raw.keep(TMDB_MOVIES, "big.csv", landed.file)
    [version] = raw.versions(TMDB_MOVIES, "big.csv")
    assert version.size == SIZE and version.key == kept.version.key and kept.sha256.startswith(version.sha256)
    assert list(folder.glob(".copy-*.tmp")) == []
