"""The comparison work every engine does, described once so each baseline builds its code from it.

Work: movies CSV -> typed Parquet (numbers and dates cast, the five JSON list columns parsed), and
credits CSV -> one row per cast entry and one row per crew entry -> Parquet.

Row policy, the same as `movie_lake.lib.parsers.tmdb_csv`, so every engine must produce the same counts:
a row is rejected whole when a required field is missing (movies: id, title; credits: movie_id) or
any field does not parse (a non-integer number, a bad date, a JSON column that is empty or not a JSON
array). Integers written as `116.0` are accepted.
"""

from __future__ import annotations

from pathlib import Path

INT, FLOAT, DATE, TEXT, JSON_LIST = "int", "float", "date", "text", "json_list"

MOVIE_COLUMNS: dict[str, str] = {
    "id": INT,
    "title": TEXT,
    "original_title": TEXT,
    "original_language": TEXT,
    "overview": TEXT,
    "tagline": TEXT,
    "homepage": TEXT,
    "status": TEXT,
    "release_date": DATE,
    "budget": INT,
    "revenue": INT,
    "runtime": INT,
    "popularity": FLOAT,
    "vote_average": FLOAT,
    "vote_count": INT,
    "genres": JSON_LIST,
    "keywords": JSON_LIST,
    "production_companies": JSON_LIST,
    "production_countries": JSON_LIST,
    "spoken_languages": JSON_LIST,
}
MOVIE_REQUIRED = ("id", "title")
MOVIE_CSV_HEADER = (
    "budget", "genres", "homepage", "id", "keywords", "original_language", "original_title",
    "overview", "popularity", "production_companies", "production_countries", "release_date",
    "revenue", "runtime", "spoken_languages", "status", "tagline", "title", "vote_average", "vote_count",
)

# Struct fields of each JSON list column, in the real files' key order.
LIST_ITEM_FIELDS: dict[str, tuple[tuple[str, str], ...]] = {
    "genres": (("id", INT), ("name", TEXT)),
    "keywords": (("id", INT), ("name", TEXT)),
    "production_companies": (("name", TEXT), ("id", INT)),
    "production_countries": (("iso_3166_1", TEXT), ("name", TEXT)),
    "spoken_languages": (("iso_639_1", TEXT), ("name", TEXT)),
}

CREDITS_CSV_HEADER = ("movie_id", "title", "cast", "crew")
# (JSON key, type, output column); `id` and `order` are renamed as the pipeline's tables name them.
CAST_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("cast_id", INT, "cast_id"),
    ("character", TEXT, "character"),
    ("credit_id", TEXT, "credit_id"),
    ("gender", INT, "gender"),
    ("id", INT, "person_id"),
    ("name", TEXT, "name"),
    ("order", INT, "cast_order"),
)
CREW_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("credit_id", TEXT, "credit_id"),
    ("department", TEXT, "department"),
    ("gender", INT, "gender"),
    ("id", INT, "person_id"),
    ("job", TEXT, "job"),
    ("name", TEXT, "name"),
)

# Output tables (a folder each under the run's out_dir) and the row-count keys every engine returns.
OUTPUT_TABLES = ("movies", "cast", "crew")


def output_folders(out_dir: str) -> Path:
    """`out_dir` with a folder per output table, made; every engine writes `<table>/part-0.parquet` there."""
    out = Path(out_dir)
    for table in OUTPUT_TABLES:
        (out / table).mkdir(parents=True, exist_ok=True)
    return out
