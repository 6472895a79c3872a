"""Incremental refined builds through real ingests on the bundled CSV sample: a second landing
(new movies, movies re-landed with changes, credits of new movies) refreshes only the rows of the
movies it touches, and every refined table ends equal to a full rebuild of the same lake."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pyarrow as pa

from dagster import AssetKey, materialize

from movie_lake.definitions import build_definitions
from movie_lake.defs.lake.table_sql_resource import EmbeddedTableSQL, lake_inputs
from movie_lake.defs.movies.conform import CONFORMED_MOVIES_AFFECTED, CONFORMED_MOVIES_SQL, MOVIES_IN
from movie_lake.lib.schemas.refined import CONFORMED_MOVIES
from movie_lake.lib.schemas import schema_for

from movie_lake_tests.conftest import ingest, storage_for, tables_for
from movie_lake_tests.second_landing import MOVIE_CHAIN, NEW_ID, SAMPLE, chain_rows, rebuild_chain_whole, second_landing


def _refresh(instance) -> dict[str, str]:
    return {name: instance.get_latest_materialization_event(AssetKey(["refined", name])).asset_materialization.metadata["refresh"].value
            for name in MOVIE_CHAIN}


def test_landings_refresh_only_their_movies_and_equal_a_full_rebuild(local_settings, instance):
    """The second landing adds 10 movies and changes 4; the same file re-landed without 2 of the
    new movies and without the changes removes those 2 and gives the 4 their sample rows back; a
    build whose last read snapshot was expired is whole. A full rebuild then gives the same rows."""
    storage = storage_for(local_settings)
    for source in ("tmdb_movies", "tmdb_credits"):
        storage.write_bytes(f"landing/{source}/{SAMPLE[source].name}", SAMPLE[source].read_bytes())
    assert ingest(local_settings, instance).ok
    first = {name: chain_rows(local_settings, name) for name in MOVIE_CHAIN}

    for key, data in second_landing().items():
        storage.write_bytes(key, data)
    assert ingest(local_settings, instance).ok
    # the 14 movies landed; credits changed for the 3 new movies with credits only (rows a rewrite kept cancel out)
    assert _refresh(instance) == {"conformed_movies": "incremental: the rows of 14 id value(s)",
                         **{name: "incremental: the rows of 14 movie_id value(s)" for name in MOVIE_CHAIN[1:6]},
                         "fact_cast": "incremental: the rows of 3 movie_id value(s)", "fact_crew": "incremental: the rows of 3 movie_id value(s)"}
    incremental = {name: chain_rows(local_settings, name) for name in MOVIE_CHAIN}
    titles = {r["movie_id"]: r["title"] for r in incremental["dim_movie"]}
    assert len(titles) == len({r["movie_id"] for r in first["dim_movie"]}) + 10
    assert titles[NEW_ID] .startswith("New ") and sum(t.endswith(" (restored)") for t in titles.values()) == 4
    assert {r["movie_id"] for r in incremental["fact_cast"]} - {r["movie_id"] for r in first["fact_cast"]} == {NEW_ID, NEW_ID + 1, NEW_ID + 2}

    storage.write_bytes("landing/tmdb_movies/tmdb_more_movies.csv.gz",
                        second_landing(new_movies=8, changed_movies=0)["landing/tmdb_movies/tmdb_more_movies.csv.gz"])
    assert ingest(local_settings, instance).ok
    # every id of the old and the new file: 2 gone, 4 back to their sample row, 8 landed again (a new landed_at)
    assert _refresh(instance)["conformed_movies"] == "incremental: the rows of 14 id value(s)"
    incremental = {name: chain_rows(local_settings, name) for name in MOVIE_CHAIN}
    titles = {r["movie_id"]: r["title"] for r in incremental["dim_movie"]}
    assert len(titles) == len({r["movie_id"] for r in first["dim_movie"]}) + 8 and NEW_ID + 9 not in titles
    assert not any(t.endswith(" (restored)") for t in titles.values())

    result = rebuild_chain_whole(local_settings, instance)
    defs = build_definitions(local_settings)
    assert {e.asset_key.path[-1]: e.materialization.metadata["refresh"].value
            for e in result.get_asset_materialization_events()} == {name: "full" for name in MOVIE_CHAIN}
    for name in MOVIE_CHAIN:
        assert chain_rows(local_settings, name) == incremental[name], name

    # built again with nothing landed: no row changes, no commit
    snapshot = tables_for(local_settings).snapshot_id(schema_for("refined/conformed_movies"))
    assert materialize([*defs.assets], resources=defs.resources, instance=instance, selection="refined/conformed_movies").success
    assert _refresh(instance)["conformed_movies"] == "incremental: no row changed"
    assert tables_for(local_settings).snapshot_id(schema_for("refined/conformed_movies")) == snapshot
    # other SQL than the one that built the table: whole, whatever changed
    engine, lake = EmbeddedTableSQL(lake=defs.resources["lake"]), defs.resources["lake"]
    inputs = {name: lake.tables.dataset(schema_for(name)) for name in lake_inputs(MOVIES_IN, **{n: None for n in MOVIES_IN})}
    assert engine.build(CONFORMED_MOVIES, CONFORMED_MOVIES_SQL, inputs, CONFORMED_MOVIES_AFFECTED).refreshed_key == "id"
    assert engine.build(CONFORMED_MOVIES, CONFORMED_MOVIES_SQL + "\n-- edited", inputs, CONFORMED_MOVIES_AFFECTED).refreshed_key is None

    # the trusted snapshot the last build read is expired before the next: what changed cannot be told, so whole
    tables, movies = tables_for(local_settings), schema_for("trusted/movies")
    late = tables.read(movies, columns=movies.arrow_schema.names).slice(0, 1)
    tables.write(movies, late.set_column(0, "id", pa.array([NEW_ID + 100], pa.int64())), "tmdb_late_movies.csv")
    assert tables.expire(movies, datetime.now(timezone.utc), keep_last=1, unreferenced_grace=timedelta(hours=1))["snapshots_expired"]
    assert materialize([*defs.assets], resources=defs.resources, instance=instance, selection="refined/conformed_movies").success
    assert _refresh(instance)["conformed_movies"] == "full"
