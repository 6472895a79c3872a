"""A local write killed mid-way leaves its dot-file; the next write into that folder removes it,
and never one of a writer still running."""
import os
import signal
import subprocess
import sys

from movie_lake.lib.storage.files import LakeStorage

KILLED_MID_WRITE = """
import os, sys
from movie_lake.lib.storage.files import LakeStorage
storage = LakeStorage.local(sys.argv[1])
with storage.output_stream("raw/movie_links/source_file=a.csv/v1/a.csv") as stream:
    stream.write(b"half a file")
    stream.flush()
    print("writing", flush=True)
    sys.stdin.read()  # killed here
"""


def _killed_mid_write(root) -> list[str]:
    writer = subprocess.Popen([sys.executable, "-c", KILLED_MID_WRITE, str(root)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert writer.stdout.readline().strip() == "writing"
    os.kill(writer.pid, signal.SIGKILL)
    writer.wait()
    return sorted(os.listdir(root / "raw/movie_links/source_file=a.csv/v1"))


def test_the_next_write_into_a_folder_removes_the_dot_file_of_a_killed_writer(tmp_path):
    left = _killed_mid_write(tmp_path)
    assert len(left) == 1 and left[0].startswith(".write-")
    LakeStorage.local(str(tmp_path)).write_bytes("raw/movie_links/source_file=a.csv/v1/a.csv", b"the whole file")
    assert os.listdir(tmp_path / "raw/movie_links/source_file=a.csv/v1") == ["a.csv"]


def test_a_dot_file_of_a_writer_still_running_is_left_alone(tmp_path):
    folder = tmp_path / "raw/movie_links/source_file=a.csv"
    folder.mkdir(parents=True)
    running = folder / f".copy-{os.getpid()}-{'0' * 32}.tmp"
    running.write_bytes(b"being copied")
    LakeStorage.local(str(tmp_path)).write_bytes("raw/movie_links/source_file=a.csv/b.csv", b"another file")
    assert sorted(os.listdir(folder)) == [running.name, "b.csv"]
