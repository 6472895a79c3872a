"""The least-privilege policy for the role that runs movie_lake in aws mode, from the settings.

S3: objects only under the lake prefix (in a zone's own bucket, only under that zone's folders)
and the Athena output prefix, listing only those prefixes. The dashboard app's role has the same
places read-only. Glue: only the project's layer
databases and their tables. Athena: only the workgroup. SQS (with a landing queue): receive and
delete on that queue, send to its dead-letter queue. Nothing else (no crawlers, no `*` resources).
"""
from __future__ import annotations

import json
from urllib.parse import urlparse

from movie_lake.lib.catalog import CATALOGUED_LAYERS
from movie_lake.settings import Settings

GLUE_ACTIONS = [
    "glue:GetDatabase", "glue:CreateDatabase", "glue:GetTable", "glue:GetTables", "glue:CreateTable",
    "glue:UpdateTable", "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition",
    "glue:CreatePartition", "glue:BatchCreatePartition",
]
ATHENA_ACTIONS = [
    "athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults",
    "athena:StopQueryExecution", "athena:GetWorkGroup",
]


def _bucket_and_prefix(uri: str) -> tuple[str, str]:
    parsed = urlparse(uri)
    return parsed.netloc, parsed.path.strip("/")


LAKE_OBJECT_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]
LAKE_READ_ACTIONS = ["s3:GetObject", "s3:GetObjectVersion"]
GLUE_READ_ACTIONS = ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions",
                     "glue:BatchGetPartition"]
QUEUE_ACTIONS = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl",
                 "sqs:GetQueueAttributes"]
DEAD_LETTER_ACTIONS = ["sqs:SendMessage", "sqs:GetQueueUrl"]


def _s3_statements(sid: str, bucket: str, prefixes: list[str], object_actions: list[str]) -> list[dict]:
    """Objects below each prefix ("" = the whole bucket), and listing only there."""
    objects = [f"arn:aws:s3:::{bucket}/{prefix}/*" if prefix else f"arn:aws:s3:::{bucket}/*" for prefix in prefixes]
    listing = {
        "Sid": f"{sid}List", "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetBucketLocation"],
        "Resource": f"arn:aws:s3:::{bucket}",
    }
    if all(prefixes):
        listing["Condition"] = {"StringLike": {"s3:prefix": [p for prefix in prefixes for p in (prefix, f"{prefix}/*")]}}
    resource = objects[0] if len(objects) == 1 else objects
    return [{"Sid": f"{sid}Objects", "Effect": "Allow", "Action": object_actions, "Resource": resource}, listing]


def _lake_statements(settings: Settings, object_actions: list[str] = LAKE_OBJECT_ACTIONS) -> list[dict]:
    """The main bucket holds every zone not given a bucket of its own; a zone bucket only its zones."""
    statements = _s3_statements("Lake", settings.bucket, [settings.prefix], object_actions)
    for number, bucket in enumerate(settings.buckets[1:], start=1):
        zones = [zone for zone, zone_bucket in settings.zone_buckets if zone_bucket == bucket]
        prefixes = ["/".join(part for part in (settings.prefix, zone) if part) for zone in zones]
        statements += _s3_statements(f"ZoneBucket{number}", bucket, prefixes, object_actions)
    return statements


def queue_arn(settings: Settings, account_id: str, name: str) -> str:
    return f"arn:aws:sqs:{settings.aws_region}:{account_id}:{name}"


def _queue_statements(settings: Settings, account_id: str) -> list[dict]:
    if not settings.landing_queue:
        return []
    return [
        {"Sid": "LandingQueue", "Effect": "Allow", "Action": QUEUE_ACTIONS,
         "Resource": queue_arn(settings, account_id, settings.landing_queue)},
        {"Sid": "LandingDeadLetters", "Effect": "Allow", "Action": DEAD_LETTER_ACTIONS,
         "Resource": queue_arn(settings, account_id, settings.landing_dead_letter_queue)},
    ]


def run_role_policy(settings: Settings, account_id: str) -> dict:
    """The policy document (a dict; `json.dumps` it for AWS)."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            *_lake_statements(settings),
            *_query_statements(settings, account_id, GLUE_ACTIONS),
            *_queue_statements(settings, account_id),
        ],
    }


def dashboard_role_policy(settings: Settings, account_id: str) -> dict:
    """The dashboard app's: it reads the lake (objects and listings), the Glue tables and runs
    Athena queries (whose results Athena writes under the output prefix); it writes no table."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            *_lake_statements(settings, LAKE_READ_ACTIONS),
            *_query_statements(settings, account_id, GLUE_READ_ACTIONS),
        ],
    }


def _query_statements(settings: Settings, account_id: str, glue_actions: list[str]) -> list[dict]:
    """Athena in the workgroup, its results prefix, and the layer databases' Glue tables."""
    region = settings.aws_region
    output_bucket, output_prefix = _bucket_and_prefix(settings.athena_output_uri)
    glue_resources = [f"arn:aws:glue:{region}:{account_id}:catalog"]
    for database in [settings.glue_database(layer) for layer in CATALOGUED_LAYERS]:
        glue_resources += [f"arn:aws:glue:{region}:{account_id}:database/{database}",
                           f"arn:aws:glue:{region}:{account_id}:table/{database}/*"]
    return [
        *_s3_statements("AthenaResults", output_bucket, [output_prefix],
                        ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"]),
        {"Sid": "GlueCatalog", "Effect": "Allow", "Action": glue_actions, "Resource": glue_resources},
        {"Sid": "AthenaWorkgroup", "Effect": "Allow", "Action": ATHENA_ACTIONS,
         "Resource": f"arn:aws:athena:{region}:{account_id}:workgroup/{settings.athena_workgroup}"},
    ]


def run_role_policy_json(settings: Settings, account_id: str) -> str:
    return json.dumps(run_role_policy(settings, account_id), indent=2)


def dashboard_role_policy_json(settings: Settings, account_id: str) -> str:
    return json.dumps(dashboard_role_policy(settings, account_id), indent=2)
