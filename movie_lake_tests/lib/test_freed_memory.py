import json
import platform
import subprocess
import sys

import pytest

FRAGMENTED_HEAP = """
import ctypes, json
from movie_lake.lib.freed_memory import release_freed_memory

def resident():
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * 4096

freed = ctypes.create_string_buffer(16 << 20)  # freeing it raises malloc's mmap threshold to 16 MB
del freed
buffers, survivors = [], []
for _ in range(150):
    buffers.append(ctypes.create_string_buffer(1 << 20))  # from the heap now, zero-filled: resident
    survivors.append(ctypes.create_string_buffer(4096))  # past Python's small-object allocator: pins its hole
buffers.clear()
held = resident()
release_freed_memory()
print(json.dumps({"held": held, "after": resident()}))
"""


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_freed_heap_holes_go_back_to_the_system():
    """As the block parser leaves them: MB buffers freed between small survivors. Run in a
    fresh process, whose heap is the script's alone."""
    out = subprocess.run([sys.executable, "-c", FRAGMENTED_HEAP], capture_output=True, text=True, check=True)
    resident = json.loads(out.stdout)
    assert resident["held"] - resident["after"] > 100 << 20
