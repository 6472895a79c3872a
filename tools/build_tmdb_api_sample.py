"""Build the TMDB API emulator's sample (``movie_lake/sample/tmdb_api/``) from the shared Kaggle files.

Run: ``python -m tools.build_tmdb_api_sample [--data-dir ../shared/data]``.

The sample holds every movie (TMDB 5000 plus The Movies Dataset head, joined on
TMDB id) released in ``FULL_MONTHS``, plus every other film of the collections
those movies belong to, so franchises have several films, plus every film of
the well-known ``FRANCHISE_COLLECTION_IDS`` (all have budget and revenue). Collections and
``imdb_id`` exist only in The Movies Dataset head (mostly up to 1999) and credits
only for the 198-row credits head (mostly 2000 and later), hence the two blocks
of months. The output is deterministic: rows sorted by id, gzip mtime 0.
"""

from __future__ import annotations

import argparse
import gzip
import json
from collections import Counter
from pathlib import Path
from typing import Any

from tools import tmdb_shapes, tmdb_sources

FULL_MONTHS = ("1995-07", "1995-08", "1995-09", "2009-03", "2009-04", "2009-05", "2009-06", "2009-07", "2009-08", "2009-09")
FRANCHISE_COLLECTION_IDS = (
    645,  # James Bond Collection
    10,  # Star Wars Collection
    84,  # Indiana Jones Collection
    264,  # Back to the Future Collection
    1570,  # Die Hard Collection
    1575,  # Rocky Collection
    8091,  # Alien Collection
    120794,  # Batman Collection
)
SAMPLE_DIR = Path(__file__).resolve().parents[1] / "movie_lake" / "sample" / "tmdb_api"
MOVIES_FILE = "movies.jsonl.gz"
GENRES_FILE = "genres.json"
DEFAULT_DATA_DIR = Path(__file__).resolve().parents[2] / "shared" / "data"


def select_ids(rows: dict[int, dict[str, Any]], collections: dict[int, dict[str, Any]]) -> set[int]:
    """Ids released in ``FULL_MONTHS``, plus the films of their collections and of ``FRANCHISE_COLLECTION_IDS``."""
    in_months = {movie_id for movie_id, row in rows.items() if row["release_date"][:7] in FULL_MONTHS}
    wanted = {collections[movie_id]["id"] for movie_id in in_months if movie_id in collections}
    wanted.update(FRANCHISE_COLLECTION_IDS)
    franchise = {
        movie_id
        for movie_id, collection in collections.items()
        if collection["id"] in wanted and rows[movie_id]["release_date"]
    }
    return in_months | franchise


def build(data_dir: Path) -> list[dict[str, Any]]:
    tmdb_5000 = tmdb_sources.read_tmdb_5000_movies(data_dir)
    head = tmdb_sources.read_movies_metadata_head(data_dir)
    credits = tmdb_sources.read_tmdb_5000_credits(data_dir, tmdb_5000)
    dataset_keywords = tmdb_sources.read_movies_dataset_keywords(data_dir)
    links_imdb_ids = tmdb_sources.read_imdb_ids_from_links(data_dir)
    departments = tmdb_shapes.known_for_departments(credits.values())

    rows = {**head, **tmdb_5000}
    collections = {i: r["belongs_to_collection"] for i, r in head.items() if r["belongs_to_collection"]}
    movies = []
    for movie_id in sorted(select_ids(rows, collections)):
        head_row = head.get(movie_id, {})
        in_tmdb_5000 = movie_id in tmdb_5000
        movies.append(
            tmdb_shapes.movie_details(
                rows[movie_id],
                collection=collections.get(movie_id),
                imdb_id=head_row.get("imdb_id") or links_imdb_ids.get(movie_id),
                poster_path=head_row.get("poster_path"),
                keywords=tmdb_5000[movie_id]["keywords"] if in_tmdb_5000 else dataset_keywords.get(movie_id, []),
                credits=tmdb_shapes.api_credits(credits.get(movie_id, {"cast": [], "crew": []}), departments),
            )
        )
    return movies


def genre_list(movies: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    genres = {genre["id"]: genre["name"] for movie in movies for genre in movie["genres"]}
    return {"genres": [{"id": i, "name": n} for i, n in sorted(genres.items(), key=lambda item: item[1])]}


def write(movies: list[dict[str, Any]], out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    with open(out_dir / MOVIES_FILE, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        for movie in movies:
            gz.write(json.dumps(movie, ensure_ascii=False).encode("utf-8") + b"\n")
    (out_dir / GENRES_FILE).write_text(json.dumps(genre_list(movies), indent=1) + "\n", encoding="utf-8")


def summary(movies: list[dict[str, Any]]) -> str:
    months = Counter(movie["release_date"][:7] for movie in movies)
    collections = Counter(m["belongs_to_collection"]["name"] for m in movies if m["belongs_to_collection"])
    lines = [
        f"movies: {len(movies)} in {len(months)} release months",
        f"with credits: {sum(1 for m in movies if m['credits']['cast'])}",
        f"with a collection: {sum(collections.values())} ({len(collections)} collections, "
        f"{sum(1 for n in collections.values() if n >= 2)} with 2+ films)",
        "months with more than 20 movies: "
        + ", ".join(f"{m} ({n})" for m, n in sorted(months.items()) if n > 20),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, default=DEFAULT_DATA_DIR, help="the shared data folder")
    parser.add_argument("--out-dir", type=Path, default=SAMPLE_DIR)
    args = parser.parse_args(argv)
    movies = build(args.data_dir)
    write(movies, args.out_dir)
    print(summary(movies))


if __name__ == "__main__":
    main()
