"""Embedded SQL (movie_lake/lib/query/arrow_sql.py) reuses this process's DuckDB databases
between queries: what one query defined is gone for the next, a failed query's database is
not reused, and a forked child opens its own."""
from __future__ import annotations

import multiprocessing

import duckdb
import pyarrow as pa
import pytest

from movie_lake.lib.query import arrow_sql
from movie_lake.lib.query.arrow_sql import query_arrow

MOVIES = pa.table({"id": [1, 2, 3], "title": ["A", "B", "C"]})


def test_what_a_query_defined_is_gone_for_the_next_on_the_same_database():
    assert query_arrow("select count(*) as n from trusted.movies", views={"refined/two": "select * from trusted.movies where id < 3"},
                       **{"trusted/movies": MOVIES}).to_pylist() == [{"n": 3}]
    assert arrow_sql._idle(arrow_sql.DEFAULT_MEMORY_LIMIT), "the emptied database was kept for the next query"
    for name in ("trusted.movies", "refined.two", "input_trusted_movies"):
        with pytest.raises(duckdb.CatalogException):
            query_arrow(f"select * from {name}")
    assert query_arrow("select sum(id) as s from movies", movies=MOVIES.slice(1)).to_pylist() == [{"s": 5}]


def test_a_failed_query_closes_its_database():
    query_arrow("select 1")
    before = len(arrow_sql._idle(arrow_sql.DEFAULT_MEMORY_LIMIT))
    with pytest.raises(duckdb.BinderException):
        query_arrow("select missing_column from movies", movies=MOVIES)
    after = len(arrow_sql._idle(arrow_sql.DEFAULT_MEMORY_LIMIT))
    assert after == before - 1, "the failed query's database went, the others stay"


def _count_in_child(queue) -> None:
    queue.put(query_arrow("select count(*) as n from movies", movies=MOVIES).to_pylist())


def test_a_forked_child_queries_on_a_database_of_its_own():
    query_arrow("select 1")  # the parent has an idle database
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_count_in_child, args=(queue,))
    child.start()
    assert queue.get(timeout=60) == [{"n": 3}]
    child.join(60)
    assert child.exitcode == 0
