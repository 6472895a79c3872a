"""A second landing onto the bundled TMDB CSV sample, and the movie chain's rows: what the
incremental-build tests land and compare (with a full rebuild) after an ingest."""
from __future__ import annotations

import csv
import gzip
import io

from dagster import AssetSelection, materialize

from movie_lake.definitions import build_definitions
from movie_lake.defs.lake.table_sql_resource import EmbeddedTableSQL
from movie_lake.lib.sample_landing import sample_files

from movie_lake_tests.conftest import lake_table

SAMPLE = {p.parent.name: p for p in sample_files()}
NEW_ID = 90_000_000
MOVIE_CHAIN = ("conformed_movies", "conformed_cast", "conformed_crew", "dim_movie", "bridge_movie_genre",
               "fact_movie_finance", "fact_cast", "fact_crew")


def _records(source: str) -> tuple[list[str], list[dict]]:
    with gzip.open(SAMPLE[source], "rt", encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        return reader.fieldnames, list(reader)


def _csv_gz(fields: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return gzip.compress(out.getvalue().encode("utf-8"))


def second_landing(new_movies: int = 10, changed_movies: int = 4) -> dict[str, bytes]:
    """New movies (new ids, 3 with credits), known movies re-landed with a new title and vote count."""
    movie_fields, movies = _records("tmdb_movies")
    credit_fields, credits = _records("tmdb_credits")
    new = [{**m, "id": str(NEW_ID + i), "title": f"New {m['title']}"} for i, m in enumerate(movies[:new_movies])]
    changed = [{**m, "title": f"{m['title']} (restored)", "vote_count": "12345"} for m in movies[20:20 + changed_movies]]
    new_credits = [{**c, "movie_id": str(NEW_ID + i), "title": f"New {c['title']}",  # credit ids are unique across movies
                    **{role: c[role].replace('"credit_id": "', '"credit_id": "new') for role in ("cast", "crew")}}
                   for i, c in enumerate(credits[:3])]
    return {"landing/tmdb_movies/tmdb_more_movies.csv.gz": _csv_gz(movie_fields, new + changed),
            "landing/tmdb_credits/tmdb_more_credits.csv.gz": _csv_gz(credit_fields, new_credits)}


def chain_rows(settings, name: str) -> list:
    return sorted(lake_table(settings, f"refined/{name}").to_pylist(), key=repr)


def rebuild_chain_whole(settings, instance):
    """The movie chain rebuilt whole (no incremental build), in a run of its own."""
    defs = build_definitions(settings)
    full = {**defs.resources, "table_sql": EmbeddedTableSQL(lake=defs.resources["lake"], incremental=False)}
    result = materialize([*defs.assets], resources=full, instance=instance,
                         selection=AssetSelection.assets(*[["refined", name] for name in MOVIE_CHAIN]))
    assert result.success
    return result

