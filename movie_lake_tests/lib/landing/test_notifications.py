"""Reading S3 event notifications (pure): which lake keys a message names, or why it is unreadable."""
import json

from movie_lake.lib.landing.notifications import LandingLocation, read_notice

WHERE = LandingLocation(bucket="raw-landing", prefix="lake")


def event(*objects: tuple[str, str]) -> str:
    return json.dumps({"Records": [{"eventName": "ObjectCreated:Put", "s3": {"bucket": {"name": bucket}, "object": {"key": key}}}
                                   for bucket, key in objects]})


def test_keys_are_url_decoded_as_s3_encodes_them():
    notice = read_notice(event(("raw-landing", "lake/landing/tmdb_movies/my+movies%2B%C3%A9t%C3%A9.csv")), WHERE)
    assert notice.keys == ("landing/tmdb_movies/my movies+été.csv",) and notice.unreadable is None


def test_objects_outside_the_lake_landing_zone_are_named_as_ignored():
    notice = read_notice(event(("raw-landing", "lake/raw/x.csv"), ("other", "lake/landing/a/b.csv"),
                               ("raw-landing", "elsewhere/landing/a/b.csv"), ("raw-landing", "lake/landing/video_stats/USvideos.csv")), WHERE)
    assert notice.keys == ("landing/video_stats/USvideos.csv",)
    assert notice.ignored == ("s3://raw-landing/lake/raw/x.csv", "s3://other/lake/landing/a/b.csv",
                              "s3://raw-landing/elsewhere/landing/a/b.csv")


def test_a_lake_at_the_bucket_root_and_sns_wrapped_messages():
    root = LandingLocation(bucket="b", prefix="")
    wrapped = json.dumps({"Type": "Notification", "Message": event(("b", "landing/tmdb_credits/c.csv"))})
    assert read_notice(wrapped, root).keys == ("landing/tmdb_credits/c.csv",)


def test_test_events_and_unreadable_messages():
    assert read_notice(json.dumps({"Service": "Amazon S3", "Event": "s3:TestEvent"}), WHERE).test_event
    assert read_notice("not json", WHERE).unreadable.startswith("not JSON")
    assert read_notice("[1, 2]", WHERE).unreadable == "not a JSON object"
    assert read_notice(json.dumps({"Records": []}), WHERE).unreadable.startswith("no Records list")
    assert read_notice(json.dumps({"Records": [{"s3": {"bucket": {}}}]}), WHERE).unreadable.startswith("record 0 has no")
