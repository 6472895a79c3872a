"""Every kind of landed name gets an outcome a person can read, and a bad one fails only itself:
the files beside it are ingested, and every later ingest still works."""
from __future__ import annotations

import os


from movie_lake.lib.landing.discovery import scan_landing
from movie_lake.lib.landing.rules import TMDB_MOVIES, file_partition_key
from movie_lake.lib.sample_landing import SAMPLE_LANDING

from movie_lake.lib.schemas import schema_for

from movie_lake_tests.conftest import lake_table, tables_for, ingest, storage_for

MOVIES = (SAMPLE_LANDING / "tmdb_movies" / "tmdb_5000_movies_sample.csv.gz").read_bytes()
US_STATS = (SAMPLE_LANDING / "video_stats" / "USvideos.csv.gz").read_bytes()


def outcomes(storage) -> dict[str, tuple[bool, str]]:
    scan = scan_landing(storage)
    found = {n.key: (n.failed, n.reason) for n in scan.not_ingested}
    found.update({f.file.key: (False, f"partition {f.partition_key}") for f in scan.landed})
    return found


def test_names_that_differ_only_in_unsafe_characters_are_different_partitions():
    keys = {file_partition_key(name) for name in ("my movies.csv", "my_movies.csv", "my-movies.csv", "my%movies.csv")}
    assert len(keys) == 4 and "my_movies.csv" in keys
    long_name = "m" * 246 + ".csv"
    assert len(file_partition_key(long_name)) < 80 and file_partition_key(long_name) != file_partition_key("m" * 245 + ".csv")


def test_two_files_for_one_region_are_refused_as_ambiguous_and_the_others_go_through(local_settings, instance):
    storage = storage_for(local_settings)
    storage.write_bytes("landing/video_stats/USvideos.csv.gz", US_STATS)
    storage.write_bytes("landing/video_stats/usvideos.csv", b"video_id\n")
    storage.write_bytes("landing/tmdb_movies/m.csv.gz", MOVIES)
    found = outcomes(storage)
    for key in ("landing/video_stats/USvideos.csv.gz", "landing/video_stats/usvideos.csv"):
        failed, reason = found[key]
        assert failed and "ambiguous" in reason and "USvideos.csv.gz" in reason and "usvideos.csv" in reason
    report = ingest(local_settings, instance)
    assert report.files == ["landing/tmdb_movies/m.csv.gz"] and not report.ok
    assert lake_table(local_settings, "refined/dim_movie").num_rows == 303


def test_every_odd_name_fails_or_is_skipped_alone(local_settings, instance, tmp_path):
    storage = storage_for(local_settings)
    landing = local_settings.local_root / "landing"
    storage.write_bytes("landing/tmdb_movies/my movies.csv.gz", MOVIES)
    storage.write_bytes("landing/tmdb_movies/my_movies.csv.gz", MOVIES)
    storage.write_bytes("landing/tmdb_movies/" + "m" * 246 + ".csv", b"x")
    storage.write_bytes("landing/tmdb_movies/empty.csv", b"")
    storage.write_bytes("landing/tmdb_movies/_hidden.csv", b"x")
    storage.write_bytes("landing/tmdb_movies/notes.txt", b"x")
    storage.write_bytes("landing/tmdb_movies/sub/inner.csv", b"x")
    storage.write_bytes("landing/elsewhere/a.csv", b"x")
    (landing / "tmdb_movies" / os.fsdecode(b"caf\xe9.csv")).write_bytes(MOVIES)
    outside = tmp_path / "outside.csv"
    outside.write_bytes(MOVIES)
    (landing / "tmdb_movies" / "linked.csv").symlink_to(outside)
    os.mkfifo(landing / "tmdb_movies" / "pipe.csv")

    found = outcomes(storage)
    failed = {k.rsplit("/", 1)[-1]: r for k, (f, r) in found.items() if f}
    assert failed["empty.csv"] == "empty file (0 bytes)"
    assert "symbolic link" in failed["linked.csv"] and "not a regular file" in failed["pipe.csv"]
    assert "not valid UTF-8" in failed["caf\ufffd.csv"]
    assert set(failed) == {"empty.csv", "linked.csv", "pipe.csv", "caf\ufffd.csv"}
    skipped = {k: r for k, (f, r) in found.items() if not f and not r.startswith("partition")}
    assert "temporary or hidden" in skipped["landing/tmdb_movies/_hidden.csv"]
    assert "does not match" in skipped["landing/tmdb_movies/notes.txt"]
    assert "sub-folder" in skipped["landing/tmdb_movies/sub/inner.csv"]
    assert "unknown landing folder" in skipped["landing/elsewhere/a.csv"]

    report = ingest(local_settings, instance)
    assert sorted(report.files) == sorted(["landing/tmdb_movies/my movies.csv.gz", "landing/tmdb_movies/my_movies.csv.gz",
                                           "landing/tmdb_movies/" + "m" * 246 + ".csv"])
    assert tables_for(local_settings).partitions(schema_for("trusted/movies")) == sorted(
        file_partition_key(n) for n in ("my movies.csv.gz", "my_movies.csv.gz"))
    assert not report.ok  # the long name's one-byte file fails its own partition, loudly
    assert any(f.startswith("trusted_tmdb_movies [" + file_partition_key("m" * 246 + ".csv")) for f in report.failures)
    again = ingest(local_settings, instance)
    assert {n.key.rsplit("/", 1)[-1] for n in again.not_ingested if n.failed} == set(failed), "still reported, every time"
    assert again.files == [] and again.steps == []
    assert not any("linked" in f or "outside" in f for f in again.files)
    assert lake_table(local_settings, "refined/dim_movie").num_rows == 303


def test_an_s3_key_with_dot_dot_fails_alone(aws_settings, instance):
    storage = storage_for(aws_settings)
    storage.s3_client.put_object(Bucket=aws_settings.bucket, Key="lake/landing/tmdb_movies/../escape.csv", Body=b"x")
    storage.write_bytes("landing/tmdb_movies/m.csv.gz", MOVIES)
    found = outcomes(storage)
    assert found["landing/tmdb_movies/../escape.csv"][0] and "unsafe key" in found["landing/tmdb_movies/../escape.csv"][1]
    assert found["landing/tmdb_movies/m.csv.gz"] == (False, "partition m.csv.gz")
    assert TMDB_MOVIES.partition_key("m.csv.gz") == "m.csv.gz"
