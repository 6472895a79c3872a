"""Hand-written DuckDB SQL doing the comparison work: the near-limit single-node baseline."""

from __future__ import annotations

import time
from pathlib import Path

from benchmarks.stage_errors import StageUnavailable
from benchmarks.work_spec import (
    output_folders,
    CAST_FIELDS,
    CREW_FIELDS,
    DATE,
    FLOAT,
    INT,
    JSON_LIST,
    LIST_ITEM_FIELDS,
    MOVIE_COLUMNS,
    MOVIE_CSV_HEADER,
    MOVIE_REQUIRED,
    CREDITS_CSV_HEADER,
)

QUOTED_CAST = '"cast"'  # CAST is an SQL keyword
SQL_TYPES = {INT: "BIGINT", FLOAT: "DOUBLE", DATE: "DATE", "text": "VARCHAR"}


def run_duckdb(movies_csv: str, credits_csv: str, out_dir: str, threads: int = 2) -> dict:
    try:
        import duckdb
    except ImportError as missing:
        raise StageUnavailable(f"duckdb is not installed ({missing})") from None
    out = output_folders(out_dir)
    phases: dict[str, float] = {}
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    con.execute("SET preserve_insertion_order = false")

    started = time.perf_counter()
    movies = con.execute(
        f"COPY ({movies_sql(movies_csv)}) TO '{out / 'movies' / 'part-0.parquet'}' (FORMAT parquet)"
    ).fetchone()[0]
    phases["movies"] = time.perf_counter() - started

    started = time.perf_counter()
    con.execute(f"CREATE TEMP TABLE credits_ok AS {credits_ok_sql(credits_csv)}")
    cast = _copy_flattened(con, "cast", CAST_FIELDS, out / "cast" / "part-0.parquet")
    crew = _copy_flattened(con, "crew", CREW_FIELDS, out / "crew" / "part-0.parquet")
    phases["credits"] = time.perf_counter() - started
    con.close()
    return {"movies": movies, "cast": cast, "crew": crew, "phase_seconds": phases}


def movies_sql(path: str) -> str:
    parsed = ",\n".join(f"{_parse_movie_column(name, kind)} AS {name}" for name, kind in MOVIE_COLUMNS.items())
    valid = " AND ".join(
        [f"{name} IS NOT NULL" for name in MOVIE_REQUIRED]
        + [f"(raw_{name} IS NULL OR {name} IS NOT NULL)" for name, kind in MOVIE_COLUMNS.items() if kind != "text"]
    )
    raw = ", ".join(f'"{name}" AS raw_{name}' for name in MOVIE_COLUMNS)
    return (
        f"SELECT {', '.join(MOVIE_COLUMNS)} FROM ("
        f"SELECT {parsed}, {raw} FROM {_read_csv(path, MOVIE_CSV_HEADER)}"
        f") WHERE {valid}"
    )


def credits_ok_sql(path: str) -> str:
    """Credits rows with a movie id, their JSON still as text: a column that is not a JSON array
    is null, so its items are left out and the other column's kept (movie_lake quarantines that
    field, not the record)."""
    return (
        f'SELECT TRY_CAST(movie_id AS BIGINT) AS movie_id, CASE WHEN {_is_json_array(QUOTED_CAST)} THEN "cast" END AS cast_json, '
        f"CASE WHEN {_is_json_array('crew')} THEN crew END AS crew_json "
        f"FROM {_read_csv(path, CREDITS_CSV_HEADER)} "
        "WHERE TRY_CAST(movie_id AS BIGINT) IS NOT NULL"
    )


def _copy_flattened(con, kind: str, fields, target: Path) -> int:
    struct = "{" + ", ".join(f'"{key}": "{SQL_TYPES[t]}"' for key, t, _ in fields) + "}"
    columns = ", ".join(f'item."{key}" AS {column}' for key, _, column in fields)
    sql = (
        f"SELECT movie_id, {columns} FROM ("
        f"SELECT movie_id, UNNEST(from_json({kind}_json, '[{struct}]')) AS item FROM credits_ok)"
    )
    return con.execute(f"COPY ({sql}) TO '{target}' (FORMAT parquet)").fetchone()[0]


def _read_csv(path: str, header: tuple[str, ...]) -> str:
    columns = ", ".join(f"'{name}': 'VARCHAR'" for name in header)
    return (
        f"read_csv('{path}', header = true, delim = ',', quote = '\"', escape = '\"', "
        f"columns = {{{columns}}}, max_line_size = 16777216)"
    )


def _parse_movie_column(name: str, kind: str) -> str:
    column = f'"{name}"'
    if kind == JSON_LIST:
        struct = "{" + ", ".join(f'"{k}": "{SQL_TYPES[t]}"' for k, t in LIST_ITEM_FIELDS[name]) + "}"
        return f"CASE WHEN {_is_json_array(column)} THEN from_json({column}, '[{struct}]') END"
    if kind == INT:  # integers may be written as 116.0
        as_double = f"TRY_CAST({column} AS DOUBLE)"
        return f"CASE WHEN {as_double} = floor({as_double}) THEN CAST({as_double} AS BIGINT) END"
    if kind in (FLOAT, DATE):
        return f"TRY_CAST({column} AS {SQL_TYPES[kind]})"
    return f"CASE WHEN trim({column}) <> '' THEN {column} END"


def _is_json_array(column: str) -> str:
    return f"(json_valid({column}) AND json_type({column}) = 'ARRAY')"


def run_duckdb_lean(movies_csv: str, credits_csv: str, out_dir: str, threads: int = 2) -> dict:
    """The shortest DuckDB script doing the work: TRY_CAST and one `from_json` per JSON column,
    no `json_valid` pre-validation (a JSON column must only look like an array)."""
    import duckdb

    out = output_folders(out_dir)
    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    con.execute("SET preserve_insertion_order = false")
    phases: dict[str, float] = {}
    started = time.perf_counter()
    parsed = []
    for name, kind in MOVIE_COLUMNS.items():
        column = f'"{name}"'
        if kind == JSON_LIST:
            struct = "{" + ", ".join(f'"{k}": "{SQL_TYPES[t]}"' for k, t in LIST_ITEM_FIELDS[name]) + "}"
            parsed.append(f"from_json({column}, '[{struct}]') AS {name}")
        elif kind == INT:
            parsed.append(f"CASE WHEN TRY_CAST({column} AS DOUBLE) = floor(TRY_CAST({column} AS DOUBLE)) "
                          f"THEN CAST(TRY_CAST({column} AS DOUBLE) AS BIGINT) END AS {name}")
        elif kind in (FLOAT, DATE):
            parsed.append(f"TRY_CAST({column} AS {SQL_TYPES[kind]}) AS {name}")
        else:
            parsed.append(f"CASE WHEN trim({column}) <> '' THEN {column} END AS {name}")
    looks_like_arrays = " AND ".join(f"ltrim(\"{n}\") LIKE '[%'" for n, k in MOVIE_COLUMNS.items() if k == JSON_LIST)
    movies = con.execute(
        f"COPY (SELECT * FROM (SELECT {', '.join(parsed)} FROM {_read_csv(movies_csv, MOVIE_CSV_HEADER)} "
        f"WHERE {looks_like_arrays}) WHERE id IS NOT NULL AND title IS NOT NULL) "
        f"TO '{out / 'movies' / 'part-0.parquet'}' (FORMAT parquet)").fetchone()[0]
    phases["movies"] = time.perf_counter() - started
    started = time.perf_counter()
    con.execute(
        'CREATE TEMP TABLE credits_ok AS SELECT TRY_CAST(movie_id AS BIGINT) AS movie_id, '
        "CASE WHEN ltrim(\"cast\") LIKE '[%' THEN \"cast\" END AS cast_json, CASE WHEN ltrim(crew) LIKE '[%' THEN crew END AS crew_json "
        f"FROM {_read_csv(credits_csv, CREDITS_CSV_HEADER)} WHERE TRY_CAST(movie_id AS BIGINT) IS NOT NULL")
    cast = _copy_flattened(con, "cast", CAST_FIELDS, out / "cast" / "part-0.parquet")
    crew = _copy_flattened(con, "crew", CREW_FIELDS, out / "crew" / "part-0.parquet")
    phases["credits"] = time.perf_counter() - started
    con.close()
    return {"movies": movies, "cast": cast, "crew": crew, "phase_seconds": phases}
