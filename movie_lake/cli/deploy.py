"""`movie-lake terraform-vars`: the Terraform inputs of deploy/terraform from the settings, so
Terraform creates exactly the buckets, databases, workgroup and queue the code will use, and
the run role holds exactly the policy `movie-lake iam-policy` prints."""
from __future__ import annotations

import dataclasses
import json
import os
import sys

from movie_lake.settings import Settings, load_settings

DEFAULT_LANDING_QUEUE = "movie-lake-landing"
DEFAULT_WORKGROUP = "movie_lake"
"""Terraform creates the workgroup, so it cannot be the account's own `primary`."""


def deploy_settings(environ: dict[str, str] | None = None) -> Settings:
    """The aws-mode settings of the deployed lake: the environment's, with a landing queue."""
    env = dict(os.environ if environ is None else environ)
    settings = load_settings({**env, "MOVIE_LAKE_ENV": "aws"})
    workgroup = env.get("MOVIE_LAKE_ATHENA_WORKGROUP", "").strip() or DEFAULT_WORKGROUP
    return dataclasses.replace(settings, landing_queue=settings.landing_queue or DEFAULT_LANDING_QUEUE,
                               athena_workgroup=workgroup)


def lake_environment(settings: Settings) -> dict[str, str]:
    """The MOVIE_LAKE_* settings every deployed container gets."""
    env = {
        "MOVIE_LAKE_ENV": "aws", "MOVIE_LAKE_BUCKET": settings.bucket, "MOVIE_LAKE_PREFIX": settings.prefix,
        "MOVIE_LAKE_GLUE_DATABASE_PREFIX": settings.glue_database_prefix,
        "MOVIE_LAKE_ATHENA_WORKGROUP": settings.athena_workgroup, "MOVIE_LAKE_ATHENA_OUTPUT": settings.athena_output_uri,
        "MOVIE_LAKE_LANDING_QUEUE": settings.landing_queue, "AWS_REGION": settings.aws_region,
        "AWS_DEFAULT_REGION": settings.aws_region,
    }
    return {**env, **settings.own_zone_buckets}


def terraform_vars(settings: Settings, account_id: str) -> dict:
    from movie_lake.lib.iam import dashboard_role_policy_json, run_role_policy_json

    zone_buckets = {name.split("_")[2].lower(): bucket for name, bucket in settings.own_zone_buckets.items()}  # ..._LANDING_BUCKET → landing
    return {
        "region": settings.aws_region,
        "lake_bucket": settings.bucket,
        "zone_buckets": zone_buckets,
        "lake_prefix": settings.prefix,
        "glue_database_prefix": settings.glue_database_prefix,
        "athena_workgroup": settings.athena_workgroup,
        "athena_results_uri": settings.athena_output_uri,
        "landing_queue": settings.landing_queue,
        "run_role_policy_json": run_role_policy_json(settings, account_id),
        "dashboard_role_policy_json": dashboard_role_policy_json(settings, account_id),
        "lake_environment": lake_environment(settings),
    }


def cmd_terraform_vars(args) -> int:
    from movie_lake.cli.query import account_id

    settings = deploy_settings()
    if not settings.bucket:
        print("terraform-vars needs MOVIE_LAKE_BUCKET (and any other aws-mode settings)", file=sys.stderr)
        return 2
    print(json.dumps(terraform_vars(settings, account_id(settings, args.account_id)), indent=2))
    return 0


def add_commands(commands) -> None:
    text = ("print deploy/terraform's inputs for the aws-mode settings in the environment (JSON: save it as "
            "deploy/terraform/lake.auto.tfvars.json); the run role's policy is the one iam-policy prints")
    tfvars = commands.add_parser("terraform-vars", help=text, description=text)
    tfvars.add_argument("--account-id", help="AWS account id (default: MOVIE_LAKE_AWS_ACCOUNT_ID, else STS)")
    tfvars.set_defaults(run=cmd_terraform_vars)
