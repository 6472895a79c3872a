import os
import threading

from movie_lake.lib.storage.files import LakeStorage


def test_a_folder_another_process_is_making_is_listed_not_reported_missing(tmp_path):
    """Two ingests started together: one lists a raw folder while the other makes it (found in CI:
    pyarrow said 'Cannot list directory' and the raw copy failed). Here the folder is made and
    removed without pause while it is listed 20,000 times: each listing is empty or the folder's
    files, never an error (before the fix ~2 % of them raised FileNotFoundError)."""
    storage = LakeStorage.local(str(tmp_path))
    folder = tmp_path / "raw" / "tmdb_movies" / "source_file=a.csv"
    stop = threading.Event()

    def make_and_remove() -> None:
        while not stop.is_set():
            os.makedirs(folder, exist_ok=True)
            os.rmdir(folder)

    churn = threading.Thread(target=make_and_remove)
    churn.start()
    try:
        listings = [storage.list_files("raw/tmdb_movies/source_file=a.csv") for _ in range(20_000)]
    finally:
        stop.set()
        churn.join()
    assert listings == [[]] * 20_000
