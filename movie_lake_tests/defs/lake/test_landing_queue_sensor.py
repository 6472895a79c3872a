"""The lake_reconcile sensor fed by S3 notifications on an SQS queue (aws mode), on a moto server
over HTTP: the bucket's own notifications land in a real queue, the sensor is evaluated with
`build_sensor_context`, and its run requests are carried out as the daemon would."""
from __future__ import annotations

import json
import time
import uuid

import boto3
import pytest

from movie_lake.definitions import build_definitions
from movie_lake.defs.lake.queue_tick import QueueCursor
from movie_lake.lib.sample_landing import SAMPLE_LANDING
from movie_lake.settings import load_settings

from movie_lake_tests.conftest import EMBEDDED_TABLE_ENGINE, storage_for
from movie_lake_tests.defs.lake.test_reconcile import execute, requested
from movie_lake_tests.sensor_ticks import queue_sensor_tick, raw_runs

MOVIES = (SAMPLE_LANDING / "tmdb_movies" / "tmdb_5000_movies_sample.csv.gz").read_bytes()
CATEGORIES = (SAMPLE_LANDING / "video_categories" / "US_category_id.json").read_bytes()
RAW_MOVIES = "raw/tmdb_movies,trusted/movies"


class Lake:
    """An aws-mode lake whose bucket notifies a queue of every object created under landing/."""

    def __init__(self, endpoint: str, bucket: str, visibility_seconds: int):
        self.sqs = boto3.client("sqs", endpoint_url=endpoint)
        self.queue = f"landing-{uuid.uuid4().hex[:8]}"
        self.dead_letters_url = self.sqs.create_queue(QueueName=f"{self.queue}-dlq")["QueueUrl"]
        self.url = self.sqs.create_queue(QueueName=self.queue, Attributes={"VisibilityTimeout": str(visibility_seconds)})["QueueUrl"]
        arn = self.sqs.get_queue_attributes(QueueUrl=self.url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
        boto3.client("s3", endpoint_url=endpoint).put_bucket_notification_configuration(
            Bucket=bucket, NotificationConfiguration={"QueueConfigurations": [{
                "QueueArn": arn, "Events": ["s3:ObjectCreated:*"],
                "Filter": {"Key": {"FilterRules": [{"Name": "prefix", "Value": "lake/landing/"}]}}}]})
        self.env = {
            "MOVIE_LAKE_ENV": "aws", **EMBEDDED_TABLE_ENGINE, "MOVIE_LAKE_BUCKET": bucket, "MOVIE_LAKE_PREFIX": "lake", "AWS_ENDPOINT_URL": endpoint,
            "AWS_DEFAULT_REGION": "us-east-1", "MOVIE_LAKE_GLUE_DATABASE_PREFIX": bucket.replace("-", "_"),
            "MOVIE_LAKE_LANDING_QUEUE": self.queue}
        self.settings = load_settings(self.env)
        self.storage = storage_for(self.settings)
        self.defs = build_definitions(self.settings)

    def tick(self, instance, cursor: str | None):
        return queue_sensor_tick(self.defs, self.settings, instance, cursor)

    def messages(self, url: str | None = None) -> list[dict]:
        answer = self.sqs.receive_message(QueueUrl=url or self.url, MaxNumberOfMessages=10, MessageAttributeNames=["All"],
                                          VisibilityTimeout=0)
        return answer.get("Messages", [])

    def waiting(self) -> int:
        attributes = self.sqs.get_queue_attributes(QueueUrl=self.url, AttributeNames=["All"])["Attributes"]
        return int(attributes["ApproximateNumberOfMessages"]) + int(attributes["ApproximateNumberOfMessagesNotVisible"])


@pytest.fixture
def lake(moto_endpoint, s3_bucket) -> Lake:
    return Lake(moto_endpoint, s3_bucket, visibility_seconds=60)


def listed_just_now() -> str:
    """A cursor whose full listing is fresh: the tick looks only where the notifications point."""
    return QueueCursor(listed_at=time.time()).dump()


def test_the_first_tick_lists_landing_then_ticks_look_only_where_notifications_point(lake, instance):
    lake.storage.write_bytes("landing/tmdb_movies/a.csv.gz", MOVIES)
    lake.sqs.purge_queue(QueueUrl=lake.url)  # a lost notification: only a listing can find a.csv.gz
    first = lake.tick(instance, None)
    assert raw_runs(first) == [(RAW_MOVIES, "a.csv.gz")]
    assert json.loads(first.cursor)["listed_at"] is not None

    lake.storage.write_bytes("landing/video_categories/US_category_id.json", CATEGORIES)
    lake.storage.write_bytes("landing/tmdb_movies/lost.csv.gz", MOVIES)
    [_, lost] = [m for m in lake.messages() if "Records" in m["Body"]]
    lake.sqs.delete_message(QueueUrl=lake.url, ReceiptHandle=lost["ReceiptHandle"])
    second = lake.tick(instance, listed_just_now())
    assert raw_runs(second) == [("raw/video_categories,trusted/video_categories", "US")], \
        "a tick without a full listing sees only notified folders"
    overdue = QueueCursor(listed_at=time.time() - lake.settings.landing_listing_minutes * 60 - 1).dump()
    assert (RAW_MOVIES, "lost.csv.gz") in requested(lake.tick(instance, overdue)), "the slow listing finds what a lost message hid"


def test_duplicate_and_out_of_order_notifications_give_one_run_of_the_newest_version(lake, instance):
    lake.storage.write_bytes("landing/tmdb_movies/a.csv.gz", MOVIES[:-1] + b"\0")
    lake.storage.write_bytes("landing/tmdb_movies/a.csv.gz", MOVIES)
    current = lake.storage.list_objects("landing/tmdb_movies")[0].version
    older, newer = [m for m in lake.messages() if "Records" in m["Body"]]  # in the order S3 sent them
    for body in (newer["Body"], older["Body"], newer["Body"]):  # redelivered, and the old event last
        lake.sqs.send_message(QueueUrl=lake.url, MessageBody=body)
    first = lake.tick(instance, listed_just_now())
    [run] = first.run_requests
    landed = json.loads(run.tags["movie_lake/landed.tmdb_movies"])
    assert landed["version"].split("@")[0] == current
    assert all(execute(lake.defs, instance, first))

    lake.sqs.send_message(QueueUrl=lake.url, MessageBody=older["Body"])  # once more, after the run
    second = lake.tick(instance, first.cursor)
    assert raw_runs(second) == [], "a version already copied is never copied again"
    lake.tick(instance, second.cursor)
    assert lake.waiting() == 0, "every message is deleted once its tick's cursor is committed"


def test_a_message_for_an_object_already_gone_requests_nothing_and_is_deleted(lake, instance):
    lake.storage.write_bytes("landing/tmdb_movies/gone.csv.gz", MOVIES)
    lake.storage.delete("landing/tmdb_movies/gone.csv.gz")
    first = lake.tick(instance, listed_just_now())
    assert raw_runs(first) == [] and json.loads(first.cursor)["delete"]
    lake.tick(instance, first.cursor)
    assert lake.waiting() == 0


def test_a_poison_message_goes_to_the_dead_letter_queue_with_its_reason_and_the_rest_is_planned(lake, instance):
    lake.sqs.send_message(QueueUrl=lake.url, MessageBody="{not json")
    lake.sqs.send_message(QueueUrl=lake.url, MessageBody=json.dumps({"Records": [{"s3": {}}]}))
    lake.storage.write_bytes("landing/tmdb_movies/a.csv.gz", MOVIES)
    result = lake.tick(instance, listed_just_now())
    assert raw_runs(result) == [(RAW_MOVIES, "a.csv.gz")]
    dead = lake.messages(lake.dead_letters_url)
    reasons = sorted(m["MessageAttributes"]["reason"]["StringValue"] for m in dead)
    assert [m["Body"] for m in sorted(dead, key=lambda m: m["Body"])] == [json.dumps({"Records": [{"s3": {}}]}), "{not json"]
    assert reasons[0].startswith("not JSON") and "record 0 has no s3.bucket.name" in reasons[1]
    lake.tick(instance, result.cursor)
    assert lake.waiting() == 0


def test_s3_test_events_and_objects_outside_landing_request_nothing(lake, instance):
    lake.sqs.send_message(QueueUrl=lake.url, MessageBody=json.dumps({"Service": "Amazon S3", "Event": "s3:TestEvent"}))
    outside = {"Records": [{"s3": {"bucket": {"name": lake.settings.bucket}, "object": {"key": "elsewhere/landing/x.csv"}}}]}
    lake.sqs.send_message(QueueUrl=lake.url, MessageBody=json.dumps(outside))
    result = lake.tick(instance, listed_just_now())
    assert raw_runs(result) == [] and lake.messages(lake.dead_letters_url) == []
    lake.tick(instance, result.cursor)
    assert lake.waiting() == 0


def test_a_tick_that_dies_after_reading_is_planned_again_to_the_same_runs(moto_endpoint, s3_bucket, instance):
    lake = Lake(moto_endpoint, s3_bucket, visibility_seconds=1)
    lake.storage.write_bytes("landing/tmdb_movies/a.csv.gz", MOVIES)
    lake.storage.write_bytes("landing/video_categories/US_category_id.json", CATEGORIES)
    cursor = listed_just_now()
    lost = lake.tick(instance, cursor)  # the daemon dies here: neither its runs nor its cursor are committed
    time.sleep(1.5)  # the visibility timeout: the messages come back
    again = lake.tick(instance, cursor)
    assert raw_runs(again) == raw_runs(lost) == [(RAW_MOVIES, "a.csv.gz"), ("raw/video_categories,trusted/video_categories", "US")]
    assert [r.run_key for r in again.run_requests] == [r.run_key for r in lost.run_requests]
    assert all(execute(lake.defs, instance, again))
    time.sleep(1.5)  # delivered once more before the next tick deleted them: planned, and nothing is owed
    third = lake.tick(instance, again.cursor)
    assert raw_runs(third) == []
