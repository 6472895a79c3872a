"""The landing queue as a Dagster resource (aws mode with `MOVIE_LAKE_LANDING_QUEUE`)."""
from __future__ import annotations

from dagster import ConfigurableResource

from movie_lake.lib.aws import aws_client
from movie_lake.lib.landing.landing_queue import LandingQueue
from movie_lake.settings import Settings


class LandingQueueResource(ConfigurableResource):
    name: str
    dead_letter_name: str
    region: str = "us-east-1"
    endpoint_url: str | None = None
    wait_seconds: int = 1

    @classmethod
    def from_settings(cls, settings: Settings) -> "LandingQueueResource":
        return cls(name=settings.landing_queue, dead_letter_name=settings.landing_dead_letter_queue,
                   region=settings.aws_region, endpoint_url=settings.aws_endpoint_url)

    def queue(self) -> LandingQueue:
        return LandingQueue(aws_client("sqs", self.region, self.endpoint_url), self.name, self.dead_letter_name,
                            self.wait_seconds)
