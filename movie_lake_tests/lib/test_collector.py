import gc

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
