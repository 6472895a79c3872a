"""The comparison work in polars: all-string CSV read, vectorised casts, `json_decode` with the
declared struct types, explode + unnest for the credits. Lazy where polars can stream; the row
policy is the work spec's (a JSON column must at least look like an array before it is decoded)."""

from __future__ import annotations

import time

from benchmarks.stage_errors import StageUnavailable
from benchmarks.work_spec import (
    output_folders,
    CAST_FIELDS,
    CREDITS_CSV_HEADER,
    CREW_FIELDS,
    DATE,
    FLOAT,
    INT,
    JSON_LIST,
    LIST_ITEM_FIELDS,
    MOVIE_COLUMNS,
    MOVIE_CSV_HEADER,
    MOVIE_REQUIRED,
)


def run_polars(movies_csv: str, credits_csv: str, out_dir: str) -> dict:
    try:
        import polars as pl
    except ImportError as missing:
        raise StageUnavailable(f"polars is not installed ({missing})") from None
    out = output_folders(out_dir)
    phases: dict[str, float] = {}
    started = time.perf_counter()
    movies = _movies(pl, movies_csv)
    movies.write_parquet(out / "movies" / "part-0.parquet")
    phases["movies"] = time.perf_counter() - started

    started = time.perf_counter()
    credits = _read(pl, credits_csv, CREDITS_CSV_HEADER).with_columns(
        pl.col("movie_id").cast(pl.Int64, strict=False)
    ).filter(pl.col("movie_id").is_not_null())
    counts = {}
    for kind, fields in (("cast", CAST_FIELDS), ("crew", CREW_FIELDS)):
        item = pl.Struct({key: _dtype(pl, t) for key, t, _ in fields})
        flat = (credits.filter(_looks_like_array(pl, kind))  # a bad column leaves out its items only
                .select("movie_id", pl.col(kind).str.json_decode(pl.List(item)).alias("item"))
                .explode("item").filter(pl.col("item").is_not_null()).unnest("item")
                .rename({key: column for key, _, column in fields if key != column}))
        flat.write_parquet(out / kind / "part-0.parquet")
        counts[kind] = flat.height
    phases["credits"] = time.perf_counter() - started
    return {"movies": movies.height, **counts, "phase_seconds": phases}


def _read(pl, path: str, header: tuple[str, ...]):
    frame = pl.read_csv(path, schema={name: pl.String for name in header}, quote_char='"')
    return frame.with_columns(pl.all().fill_null(""))


def _looks_like_array(pl, column: str):
    return pl.col(column).str.strip_chars().str.starts_with("[")


def _dtype(pl, kind: str):
    return {INT: pl.Int64, FLOAT: pl.Float64, DATE: pl.Date}.get(kind, pl.String)


def _movies(pl, path: str):
    raw = _read(pl, path, MOVIE_CSV_HEADER)
    parsed = []
    for name, kind in MOVIE_COLUMNS.items():
        column = pl.col(name)
        if kind == JSON_LIST:
            item = pl.Struct({k: _dtype(pl, t) for k, t in LIST_ITEM_FIELDS[name]})
            parsed.append(column.str.json_decode(pl.List(item)).alias(name))
        elif kind == INT:  # integers may be written as 116.0
            as_float = column.cast(pl.Float64, strict=False)
            parsed.append(pl.when(as_float == as_float.floor()).then(as_float.cast(pl.Int64)).alias(name))
        elif kind in (FLOAT, DATE):
            parsed.append(column.cast(_dtype(pl, kind), strict=False).alias(name) if kind == FLOAT
                          else column.str.to_date("%Y-%m-%d", strict=False).alias(name))
        else:
            parsed.append(pl.when(column.str.strip_chars() != "").then(column).alias(name))
    valid = [pl.col(n).is_not_null() for n in MOVIE_REQUIRED]
    valid += [_looks_like_array(pl, n) for n, kind in MOVIE_COLUMNS.items() if kind == JSON_LIST]
    return raw.filter(pl.all_horizontal(valid)).select(parsed).filter(pl.all_horizontal(
        [pl.col(n).is_not_null() for n in MOVIE_REQUIRED]))
