"""boto3 clients for the lake's AWS services."""
import boto3


def aws_client(service: str, region: str, endpoint_url: str | None = None):
    """A client from a fresh session, so credentials are read when the client is made.

    boto3's module-level default session resolves credentials once per process and
    keeps them, which would ignore a change of environment (another role, a test's
    scoped user) for every later client."""
    return boto3.session.Session().client(service, region_name=region, endpoint_url=endpoint_url or None)
