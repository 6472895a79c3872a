"""boto3 clients for the lake's AWS services, with retries sized for throttling."""
import boto3
from botocore.config import Config

MAX_ATTEMPTS = 10
"""Per call, first try included. With the adaptive mode the client also slows itself down
(client-side rate limiting) after 503 SlowDown / throttling answers."""
RETRY_CONFIG = Config(retries={"max_attempts": MAX_ATTEMPTS, "mode": "adaptive"}, connect_timeout=10, read_timeout=60)


def aws_client(service: str, region: str, endpoint_url: str | None = None):
    """A client from a fresh session, so credentials are read when the client is made.

    boto3's module-level default session resolves credentials once per process and
    keeps them, which would ignore a change of environment (another role, a test's
    scoped user) for every later client."""
    return boto3.session.Session().client(
        service, region_name=region, endpoint_url=endpoint_url or None, config=RETRY_CONFIG
    )
