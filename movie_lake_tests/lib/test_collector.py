import gc
import subprocess
import sys

import pytest

from movie_lake.lib.collector import collector_paused


def test_a_paused_block_that_raises_gives_the_collector_back():
    assert gc.isenabled()
    with pytest.raises(ValueError), collector_paused():
        assert not gc.isenabled()
        raise ValueError("boom")
    assert gc.isenabled()


def test_a_collector_paused_by_the_caller_stays_paused_after_the_block():
    gc.disable()
    try:
        with collector_paused(freeze=True):
            pass
        assert not gc.isenabled()
    finally:
        gc.unfreeze()
        gc.enable()


def test_importing_the_definitions_leaves_the_collector_on_and_their_objects_frozen():
    """Frozen objects are in no generation a collection scans (`gc.get_objects()` lists those)."""
    code = ("import gc, movie_lake.definitions as d; "
            "print(gc.isenabled(), gc.get_freeze_count() > 100_000, any(o is d.defs for o in gc.get_objects()))")
    out = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["True", "True", "False"]
