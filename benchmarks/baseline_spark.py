"""The comparison work as a PySpark job in local mode: the engine AWS Glue runs.

Written the way a careful Glue job would be, at Spark's best for one machine: an explicit all-string
read schema (no inference pass), files read splittable so both cores parse, `lineSep="\\n"` for the
movies file because three overviews hold a bare CR that Spark's default line splitting would treat as a
row end, and the parsed credits persisted once for the two flattened outputs. Session start-up is part
of the measured time; `phase_seconds` shows it separately.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from benchmarks.stage_errors import StageUnavailable
from benchmarks.work_spec import (
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


def run_spark(movies_csv: str, credits_csv: str, out_dir: str, master: str = "local[2]",
              driver_memory: str = "2g") -> dict:
    try:
        from pyspark import SparkContext
        from pyspark.sql import SparkSession
    except ImportError as missing:
        raise StageUnavailable(f"pyspark is not installed ({missing})") from None
    out = Path(out_dir)
    phases: dict[str, float] = {}
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    started = time.perf_counter()
    spark = (
        SparkSession.builder.master(master)
        .appName("movie_lake_bench")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .config("spark.driver.memory", driver_memory)
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.ui.showConsoleProgress", "false")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("ERROR")
    jvm = spark.sparkContext._gateway.proc
    phases["startup"] = time.perf_counter() - started
    try:
        started = time.perf_counter()
        movies = _write_movies(spark, movies_csv, str(out / "movies"))
        phases["movies"] = time.perf_counter() - started
        started = time.perf_counter()
        cast, crew = _write_credits(spark, credits_csv, str(out / "cast"), str(out / "crew"))
        phases["credits"] = time.perf_counter() - started
    finally:
        spark.stop()
        _reap_jvm(SparkContext._gateway, jvm)
        SparkContext._gateway = None  # the next session in this process must launch a new JVM
        SparkContext._jvm = None
    return {"movies": movies, "cast": cast, "crew": crew, "phase_seconds": phases}


def _write_movies(spark, path: str, target: str) -> int:
    from pyspark.sql import functions as F

    raw = _read_csv(spark, path, MOVIE_CSV_HEADER, lineSep="\n")
    parsed = raw.select(
        *[_parse_movie_column(F.col(name), name, kind).alias(name) for name, kind in MOVIE_COLUMNS.items()],
        *[F.col(name).alias(f"raw_{name}") for name, kind in MOVIE_COLUMNS.items() if kind != "text"],
    )
    valid = F.lit(True)
    for name in MOVIE_REQUIRED:
        valid = valid & F.col(name).isNotNull()
    for name, kind in MOVIE_COLUMNS.items():
        if kind != "text":
            valid = valid & (F.col(f"raw_{name}").isNull() | F.col(name).isNotNull())
    parsed.where(valid).select(*MOVIE_COLUMNS).write.mode("overwrite").parquet(target)
    return spark.read.parquet(target).count()


def _write_credits(spark, path: str, cast_target: str, crew_target: str) -> tuple[int, int]:
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    raw = _read_csv(spark, path, CREDITS_CSV_HEADER)
    parsed = raw.select(
        _try_cast(F.col("movie_id"), "BIGINT").alias("movie_id"),
        F.from_json("cast", _array_schema([(k, t) for k, t, _ in CAST_FIELDS])).alias("cast_items"),
        F.from_json("crew", _array_schema([(k, t) for k, t, _ in CREW_FIELDS])).alias("crew_items"),
    ).where(F.col("movie_id").isNotNull())  # a column that is not a JSON array is null: its items are left out
    parsed = parsed.persist(StorageLevel.MEMORY_AND_DISK)
    counts = []
    for items, fields, target in (("cast_items", CAST_FIELDS, cast_target), ("crew_items", CREW_FIELDS, crew_target)):
        flat = parsed.select("movie_id", F.explode(items).alias("item")).select(
            "movie_id", *[F.col("item")[key].alias(column) for key, _, column in fields]
        )
        flat.write.mode("overwrite").parquet(target)
        counts.append(spark.read.parquet(target).count())
    parsed.unpersist()
    return counts[0], counts[1]


def _read_csv(spark, path: str, header: tuple[str, ...], **options):
    from pyspark.sql.types import StringType, StructField, StructType

    schema = StructType([StructField(name, StringType()) for name in header])
    return spark.read.csv(path, schema=schema, header=True, quote='"', escape='"', **options)


def _parse_movie_column(column, name: str, kind: str):
    from pyspark.sql import functions as F

    if kind == JSON_LIST:
        return F.from_json(column, _array_schema(LIST_ITEM_FIELDS[name]))
    if kind == INT:  # integers may be written as 116.0
        as_double = _try_cast(column, "DOUBLE")
        return F.when(as_double == F.floor(as_double), as_double.cast("bigint"))
    if kind == FLOAT:
        return _try_cast(column, "DOUBLE")
    if kind == DATE:
        return _try_cast(column, "DATE")
    return F.when(F.trim(column) != "", column)


def _try_cast(column, sql_type: str):
    return column.try_cast(sql_type)


def _array_schema(fields):
    from pyspark.sql.types import ArrayType, LongType, StringType, StructField, StructType

    types = {INT: LongType(), "text": StringType()}
    return ArrayType(StructType([StructField(key, types[kind]) for key, kind in fields]))


def _reap_jvm(gateway, jvm) -> None:
    """End and wait for the JVM so its peak RSS is folded into this process's child usage."""
    if gateway is not None:
        gateway.shutdown()
    if jvm is None:
        return
    try:
        jvm.stdin.close()  # the gateway JVM exits when its stdin closes
        jvm.wait(timeout=30)
    except Exception:  # noqa: BLE001 - best effort; fall back to killing it
        jvm.kill()
        jvm.wait()
