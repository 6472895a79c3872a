"""The deployment-facing settings: buckets per zone and the landing queue, read from the
environment by `load_settings` alone, and the definitions each combination builds."""
import pytest

from movie_lake.definitions import build_definitions
from movie_lake.settings import load_settings

AWS = {"MOVIE_LAKE_ENV": "aws", "MOVIE_LAKE_BUCKET": "lake", "MOVIE_LAKE_PREFIX": "p"}


def test_zone_buckets_route_their_zones_and_the_rest_stays_in_the_lake_bucket():
    settings = load_settings({**AWS, "MOVIE_LAKE_LANDING_BUCKET": "landing-b", "MOVIE_LAKE_REPORTING_BUCKET": "lake"})
    assert settings.buckets == ["lake", "landing-b"], "a zone bucket equal to the lake bucket is no bucket of its own"
    assert [settings.zone_uri(k) for k in ("landing/x", "raw/x", "trusted/x", "analytics/x")] == [
        "s3://landing-b/p/landing/x", "s3://landing-b/p/raw/x", "s3://lake/p/trusted/x", "s3://lake/p/analytics/x"]


def test_local_mode_ignores_the_aws_only_settings(tmp_path):
    settings = load_settings({"MOVIE_LAKE_ROOT": str(tmp_path), "MOVIE_LAKE_LANDING_BUCKET": "b", "MOVIE_LAKE_LANDING_QUEUE": "q"})
    assert settings.zone_buckets == () and settings.landing_queue == ""
    assert settings.zone_uri("raw/x") == f"{tmp_path}/raw/x"


def test_the_sensor_reads_the_queue_only_when_one_is_named():
    def sensor_resources(env):
        return build_definitions(load_settings(env)).get_repository_def().get_sensor_def("lake_reconcile").required_resource_keys

    assert sensor_resources({**AWS, "MOVIE_LAKE_LANDING_QUEUE": "landing-q"}) == {"lake", "landing_queue"}
    assert sensor_resources(AWS) == {"lake"}
    assert load_settings({**AWS, "MOVIE_LAKE_LANDING_QUEUE": "landing-q"}).landing_dead_letter_queue == "landing-q-dlq"


def test_a_bad_listing_interval_is_refused_by_name():
    with pytest.raises(ValueError, match="MOVIE_LAKE_LANDING_LISTING_MINUTES"):
        load_settings({**AWS, "MOVIE_LAKE_LANDING_LISTING_MINUTES": "0"})


def test_the_dashboard_prefix_gets_its_slashes_and_a_bad_cache_window_is_refused():
    assert load_settings({}).dashboard_url_prefix == "/"
    assert load_settings({"MOVIE_LAKE_DASHBOARD_URL_PREFIX": "dashboard"}).dashboard_url_prefix == "/dashboard/"
    assert load_settings({"MOVIE_LAKE_DASHBOARD_URL_PREFIX": "/team/dash/"}).dashboard_url_prefix == "/team/dash/"
    with pytest.raises(ValueError, match="MOVIE_LAKE_DASHBOARD_VERSION_SECONDS"):
        load_settings({"MOVIE_LAKE_DASHBOARD_VERSION_SECONDS": "-1"})
