"""The cost estimate: storage priced per zone and month, Athena scans billed as Athena bills
(rounded up to the MB, 10 MB minimum per query), one PUT per object written, prices from settings."""
from __future__ import annotations

from datetime import date

import pytest

from movie_lake.lib.cost import Materialized, cost_rows
from movie_lake.settings import Prices, load_settings

GB, MB, TB = 1024 ** 3, 1024 ** 2, 1024 ** 4
DAY = date(2026, 12, 3)


def test_storage_scans_and_requests_are_priced_the_way_aws_bills_them():
    objects = [("trusted/a/part-0.parquet", 2 * GB), ("trusted/b/part-0.parquet", GB), ("raw/x/f.csv", GB // 2),
               ("catalog.duckdb", MB), ("dagster_home/history/runs.db", GB)]
    facts = [Materialized("analytics/top_actors", DAY, bytes_scanned=5 * MB),
             Materialized("analytics/top_actors", DAY, bytes_scanned=30 * MB + 1),
             Materialized("raw/tmdb_api_movies", DAY, tmdb_requests=47), Materialized("trusted/movies", DAY)]
    rows = {(r["category"], r["item"]): r for r in cost_rows(objects, facts, Prices()).to_pylist()}
    assert rows[("storage", "trusted")]["quantity"] == 3 and rows[("storage", "trusted")]["usd"] == pytest.approx(3 * 0.023)
    assert rows[("storage", "raw")]["usd"] == pytest.approx(0.5 * 0.023) and ("storage", "catalog files") in rows
    assert ("storage", "dagster_home") not in rows  # a local Dagster home under the lake root is not the lake
    athena = rows[("athena", "analytics/top_actors")]
    assert athena["day"] == DAY and athena["quantity"] == pytest.approx((10 + 31) * MB / TB)
    assert athena["usd"] == pytest.approx((10 + 31) * MB / TB * 5.0)
    assert rows[("s3_requests", "all")]["quantity"] == 4 and rows[("s3_requests", "all")]["usd"] == pytest.approx(4 * 0.005 / 1000)
    assert rows[("tmdb_api", "all")]["quantity"] == 47 and rows[("tmdb_api", "all")]["usd"] == 0


def test_prices_are_settings_and_bad_prices_are_named():
    prices = load_settings({"MOVIE_LAKE_PRICE_S3_GB_MONTH": "0.0125", "MOVIE_LAKE_PRICE_ATHENA_TB": "6"}).prices
    assert (prices.s3_gb_month_usd, prices.athena_tb_scanned_usd, prices.s3_put_per_1000_usd) == (0.0125, 6.0, 0.005)
    rows = {r["item"]: r for r in cost_rows([("trusted/a", GB)], [], prices).to_pylist()}
    assert rows["trusted"]["usd"] == pytest.approx(0.0125) and rows["raw"]["usd"] == 0
    with pytest.raises(ValueError, match="MOVIE_LAKE_PRICE_ATHENA_TB='five' must be a price"):
        load_settings({"MOVIE_LAKE_PRICE_ATHENA_TB": "five"})
    empty = cost_rows([], [], prices).to_pylist()
    assert [r["item"] for r in empty] == ["landing", "raw", "trusted", "quarantine", "refined", "analytics", "reports",
                                          "catalog files"] and {r["usd"] for r in empty} == {0}
