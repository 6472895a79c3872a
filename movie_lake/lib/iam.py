"""The least-privilege policy for the role that runs movie_lake in aws mode, from the settings.

S3: objects only under the lake prefix and the Athena output prefix, listing only those
prefixes. Glue: only the project's layer databases and their tables. Athena: only the
workgroup. Nothing else (no crawlers, no `*` resources).
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


def _s3_statements(sid: str, bucket: str, prefix: str, object_actions: list[str]) -> list[dict]:
    objects = f"arn:aws:s3:::{bucket}/{prefix}/*" if prefix else f"arn:aws:s3:::{bucket}/*"
    listing = {
        "Sid": f"{sid}List", "Effect": "Allow", "Action": ["s3:ListBucket", "s3:GetBucketLocation"],
        "Resource": f"arn:aws:s3:::{bucket}",
    }
    if prefix:
        listing["Condition"] = {"StringLike": {"s3:prefix": [prefix, f"{prefix}/*"]}}
    return [{"Sid": f"{sid}Objects", "Effect": "Allow", "Action": object_actions, "Resource": objects}, listing]


def run_role_policy(settings: Settings, account_id: str) -> dict:
    """The policy document (a dict; `json.dumps` it for AWS)."""
    region = settings.aws_region
    output_bucket, output_prefix = _bucket_and_prefix(settings.athena_output_uri)
    databases = [settings.glue_database(layer) for layer in CATALOGUED_LAYERS]
    glue_resources = [f"arn:aws:glue:{region}:{account_id}:catalog"]
    for database in databases:
        glue_resources += [f"arn:aws:glue:{region}:{account_id}:database/{database}",
                           f"arn:aws:glue:{region}:{account_id}:table/{database}/*"]
    return {
        "Version": "2012-10-17",
        "Statement": [
            *_s3_statements("Lake", settings.bucket, settings.prefix,
                            ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload"]),
            *_s3_statements("AthenaResults", output_bucket, output_prefix,
                            ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"]),
            {"Sid": "GlueCatalog", "Effect": "Allow", "Action": GLUE_ACTIONS, "Resource": glue_resources},
            {"Sid": "AthenaWorkgroup", "Effect": "Allow", "Action": ATHENA_ACTIONS,
             "Resource": f"arn:aws:athena:{region}:{account_id}:workgroup/{settings.athena_workgroup}"},
        ],
    }


def run_role_policy_json(settings: Settings, account_id: str) -> str:
    return json.dumps(run_role_policy(settings, account_id), indent=2)
