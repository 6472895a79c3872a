"""Filters become bound parameters (a value a person picked never becomes SQL text), and the
reader answers a repeated query from memory until a table it reads is rewritten."""
from __future__ import annotations

import duckdb
import pyarrow as pa
import pytest

from movie_lake.lib.catalog import DuckDBCatalog
from movie_lake.lib.dashboard_app.filters import Filters, Sql, selected_titles
from movie_lake.lib.dashboard_app.reader import LakeReader, NoDataYet
from movie_lake.lib.query import DuckDBQueryEngine
from movie_lake.lib.query.dialect import to_duckdb
from movie_lake.lib.schemas import schema_for
from movie_lake.lib.storage import LakeStorage, TableStore

HOSTILE_GENRE = "Drama'); drop table refined.dim_movie; --"


def _refined_tables(connection) -> None:
    connection.execute("create schema refined")
    connection.execute("create table refined.dim_movie as select 1::bigint movie_id, 'A' title, 2001 release_year, "
                       "7.0 vote_average, 10::bigint vote_count, 1.0 popularity, null::double imdb_rating, null::bigint imdb_votes")
    connection.execute("create table refined.dim_series as select * from (select 2::bigint series_id, 'B' name, 2001 first_air_year, "
                       "7.0 vote_average, 10::bigint vote_count, 1.0 popularity, 6.0 imdb_rating, 5::bigint imdb_votes) where false")
    connection.execute("create table refined.dim_genre as select 18::bigint genre_id, 'Drama' genre_name")
    connection.execute("create table refined.bridge_movie_genre as select 1::bigint movie_id, 18::bigint genre_id")
    connection.execute("create table refined.bridge_series_genre as select 2::bigint series_id, 18::bigint genre_id, 'Drama' genre_name where false")
    connection.execute("create table refined.franchise_titles as select 10::bigint franchise_id, 'movie' media, 1::bigint title_id")


def test_picked_values_are_bound_parameters_and_hostile_text_matches_nothing():
    filters = Filters.from_controls([1990, 2005], (1900, 2020), [HOSTILE_GENRE, "Drama"], [10], [], ["movie"])
    sql = selected_titles(filters) + "select title from selected t"
    assert HOSTILE_GENRE not in sql.text and "Drama" not in sql.text
    assert sql.params == ["movie", 1990, 2005, "Drama", HOSTILE_GENRE, 10]
    with duckdb.connect() as connection:
        _refined_tables(connection)
        assert connection.sql(to_duckdb(sql.text), params=sql.params).fetchall() == [("A",)]
        only_hostile = Filters.from_controls(None, None, [HOSTILE_GENRE], [], [], ["movie", "series"])
        hostile = selected_titles(only_hostile) + "select title from selected t"
        assert connection.sql(to_duckdb(hostile.text), params=hostile.params).fetchall() == []
        assert connection.sql("select count(*) from refined.dim_movie").fetchall() == [(1,)]


def test_the_whole_year_range_means_no_year_filter_and_unknown_years_stay():
    assert Filters.from_controls([1900, 2020], (1900, 2020), [], [], [], ["movie", "series"]) == Filters()
    assert Filters.from_controls([1901, 2020], (1900, 2020), [], [], [], ["series"]).years == (1901, 2020)


def test_a_repeated_query_costs_nothing_until_the_table_is_rewritten(tmp_path):
    storage = LakeStorage.local(tmp_path)
    schema = schema_for("refined/dim_genre")
    tables, catalog = TableStore(storage), DuckDBCatalog(str(tmp_path))
    now = [0.0]
    reader = LakeReader(DuckDBQueryEngine(str(tmp_path)), storage, version_seconds=30, clock=lambda: now[0])
    query = Sql("select count(*) as n from refined.dim_genre")
    with pytest.raises(NoDataYet, match="no local catalog"):
        reader.query(query)
    tables.write(schema, pa.table({"genre_id": [1], "genre_name": ["Drama"]}))
    catalog.register(schema)
    assert reader.query(query).to_pylist() == [{"n": 1}]
    tables.write(schema, pa.table({"genre_id": [1, 2], "genre_name": ["Drama", "Comedy"]}))
    catalog.register(schema)
    assert reader.query(query).to_pylist() == [{"n": 1}] and reader.stats.queries == 1 and reader.stats.cache_hits == 1
    now[0] = 31.0
    assert reader.query(query).to_pylist() == [{"n": 2}] and reader.stats.queries == 2
