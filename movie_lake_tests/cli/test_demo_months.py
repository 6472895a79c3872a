"""The demo's TMDB API months: consecutive months go as one run, and a month counts as
fetched only once the instance has its raw partitions of every media materialized."""
from dagster import AssetKey, AssetMaterialization, DagsterInstance

from movie_lake.cli.demo import DEMO_MONTHS, fetch_runs, months_to_fetch

RANGE_START, RANGE_END = "dagster/asset_partition_range_start", "dagster/asset_partition_range_end"


def test_consecutive_months_are_one_run_across_a_year_and_a_lone_month_its_own():
    runs = fetch_runs(["1997-03", "1995-12", "1996-01", "1995-11", "1995-12"])
    assert [(r.partition, r.tags.get(RANGE_START), r.tags.get(RANGE_END)) for r in runs] == [
        (None, "1995-11", "1996-01"), ("1997-03", None, None)]
    assert runs[0].label.endswith("[1995-11...1996-01]") and runs[1].label.endswith("[1997-03]")
    assert [len(fetch_runs(DEMO_MONTHS)), len(DEMO_MONTHS)] == [1, 12]


def test_a_month_counts_as_fetched_once_the_instance_has_it_materialized_for_both_media():
    movies, series = AssetKey(["raw", "tmdb_api_movies"]), AssetKey(["raw", "tmdb_api_tv"])
    with DagsterInstance.ephemeral() as instance:
        assert months_to_fetch(instance) == list(DEMO_MONTHS)
        for key, month in ((movies, "1995-01"), (series, "1995-01"), (movies, "1995-02")):
            instance.report_runless_asset_event(AssetMaterialization(key, partition=month))
        assert months_to_fetch(instance) == list(DEMO_MONTHS[1:])
        assert months_to_fetch(instance, media=("movie",)) == list(DEMO_MONTHS[2:])
