"""deploy/terraform with the real Terraform binary: fmt and validate clean; applied against a moto
server that enforces IAM, the lake then runs in aws mode on exactly what Terraform created (the
zone buckets, the Glue databases, the landing queue fed by the bucket's notifications) with the
run role's credentials alone; then destroyed.

Covered by `validate`/`plan` only, because moto lacks what Terraform needs to create them: the
Athena workgroup (moto answers its ListTagsForResource with "does not exist"; the test creates
the workgroup with boto3 instead) and the Dagster side (ECS services, RDS, the load balancer),
which is planned in full against moto's default VPC."""
from __future__ import annotations

import json

import boto3
import pytest
import requests
from dagster import DagsterInstance

from movie_lake.cli.deploy import deploy_settings, terraform_vars
from movie_lake.definitions import build_definitions
from movie_lake.lib.aws import aws_client
from movie_lake.lib.iam import dashboard_role_policy, run_role_policy
from movie_lake.lib.sample_landing import SAMPLE_LANDING

from movie_lake_tests.conftest import EMBEDDED_TABLE_ENGINE, storage_for
from movie_lake_tests.defs.lake.test_reconcile import execute
from movie_lake_tests.sensor_ticks import queue_sensor_tick, raw_runs
from movie_lake_tests.terraform_cli import TERRAFORM_DIR, Terraform, require_terraform

pytestmark = pytest.mark.slow
ACCOUNT = "123456789012"  # moto's default account
WORKGROUP_IS_MOTO_GAP = 'resource "aws_athena_workgroup" "lake" {\n  count = 0\n}\n'
ZONES = {"MOVIE_LAKE_LANDING_BUCKET": "tf-landing", "MOVIE_LAKE_PROCESSED_BUCKET": "tf-processed",
         "MOVIE_LAKE_REPORTING_BUCKET": "tf-reporting"}


def settings_env(endpoint: str, **extra: str) -> dict[str, str]:
    return {"MOVIE_LAKE_BUCKET": "tf-lake", "MOVIE_LAKE_PREFIX": "lake", "AWS_ENDPOINT_URL": endpoint,
            "AWS_DEFAULT_REGION": "us-east-1", "MOVIE_LAKE_GLUE_DATABASE_PREFIX": "tf_lake",
            "MOVIE_LAKE_LANDING_QUEUE": "tf-landing-queue", **extra}


def test_the_configuration_is_formatted_and_valid(tmp_path, moto_endpoint):
    settings = deploy_settings(settings_env(moto_endpoint))
    terraform = Terraform(tmp_path / "tf", moto_endpoint, terraform_vars(settings, ACCOUNT))
    fmt = terraform.run("fmt", "-check", "-recursive", str(TERRAFORM_DIR), check=False)
    assert fmt.returncode == 0, f"terraform fmt would change: {fmt.stdout}"
    terraform.run("init", "-input=false", "-backend=false")
    terraform.run("validate")


def test_the_whole_stack_plans_against_moto_with_one_bucket(tmp_path, moto_endpoint):
    """Dagster's side (ECS cluster, task definitions, services, RDS, load balancer, roles) is
    planned, not applied: moto cannot stand in for Fargate or RDS."""
    settings = deploy_settings(settings_env(moto_endpoint))
    variables = {**terraform_vars(settings, ACCOUNT), "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/movie-lake:test",
                 "ui_allowed_cidrs": ["203.0.113.0/24"],
                 "tmdb_token_secret_arn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:movie-lake/tmdb-AbCdEf"}
    terraform = Terraform(tmp_path / "tf", moto_endpoint, variables)
    terraform.run("init", "-input=false")
    plan = terraform.run("plan", "-input=false", "-out=plan.bin")
    assert "Error" not in plan.stderr
    shown = json.loads(terraform.run("show", "-json", "plan.bin").stdout)
    planned = {c["address"] for c in shown["resource_changes"] if "create" in c["change"]["actions"]}
    for address in ('aws_ecs_service.dagster["daemon"]', 'aws_ecs_service.dagster["webserver"]', "aws_db_instance.dagster[0]",
                    'aws_ecs_task_definition.dagster["run"]', "aws_lb_listener.ui[0]", 'aws_s3_bucket.lake["tf-lake"]',
                    "aws_athena_workgroup.lake", "aws_iam_role.run", "aws_s3_bucket_notification.landing"):
        assert address in planned
    run_task = next(c for c in shown["resource_changes"] if c["address"] == 'aws_ecs_task_definition.dagster["run"]')
    assert (run_task["change"]["after"]["cpu"], run_task["change"]["after"]["memory"]) == ("1024", "4096")
    _check_the_dashboard_service(shown, settings)


def _check_the_dashboard_service(shown: dict, settings) -> None:
    """The dashboard app: its own service behind the load balancer under /dashboard/, on the read-only role."""
    after = {c["address"]: c["change"]["after"] for c in shown["resource_changes"]}
    assert 'aws_ecs_service.dagster["dashboard"]' in after and 'aws_ecs_task_definition.dagster["dashboard"]' in after
    assert after["aws_lb_listener_rule.dashboard[0]"]["condition"][0]["path_pattern"][0]["values"] == ["/dashboard", "/dashboard/*"]
    assert after['aws_lb_target_group.served["dashboard"]']["health_check"][0]["path"] == "/dashboard/_dash-layout"
    assert json.loads(after["aws_iam_role_policy.dashboard[0]"]["policy"]) == dashboard_role_policy(settings, ACCOUNT)


def test_applied_on_moto_the_lake_runs_on_what_terraform_made_with_the_run_role_alone(tmp_path, iam_endpoint):
    settings = deploy_settings(settings_env(iam_endpoint, **ZONES))
    variables = {**terraform_vars(settings, ACCOUNT), "deploy_dagster": False, "force_destroy_buckets": True}
    terraform = Terraform(tmp_path / "tf", iam_endpoint, variables)
    (terraform.work / "moto_gaps_override.tf").write_text(WORKGROUP_IS_MOTO_GAP)
    terraform.run("init", "-input=false")
    terraform.run("apply", "-input=false", "-auto-approve")
    try:
        outputs = terraform.outputs()
        assert outputs["buckets"] == sorted(["tf-lake", *ZONES.values()])
        admin = {"endpoint_url": iam_endpoint, "region_name": "us-east-1", "aws_access_key_id": "admin", "aws_secret_access_key": "admin"}
        iam = boto3.client("iam", **admin)
        attached = iam.get_role_policy(RoleName="movie-lake-run", PolicyName="movie-lake-run")["PolicyDocument"]
        attached = json.loads(attached) if isinstance(attached, str) else attached  # boto3 decodes it; moto may not
        assert attached == run_role_policy(settings, ACCOUNT), "the run role holds exactly what `movie-lake iam-policy` prints"
        boto3.client("athena", **admin).create_work_group(Name=settings.athena_workgroup)  # the moto gap, by hand
        s3 = boto3.client("s3", **admin)
        for bucket in outputs["buckets"]:
            denied = json.loads(s3.get_bucket_policy(Bucket=bucket)["Policy"])["Statement"][0]
            assert denied["Effect"] == "Deny" and denied["Condition"] == {"Bool": {"aws:SecureTransport": "false"}}
            s3.delete_bucket_policy(Bucket=bucket)  # moto serves plain HTTP: lift the TLS-only rule, checked above
            assert s3.get_bucket_versioning(Bucket=bucket)["Status"] == "Enabled"
            assert s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]["RestrictPublicBuckets"]
        rules = {r["ID"] for r in s3.get_bucket_lifecycle_configuration(Bucket="tf-landing")["Rules"]}
        assert rules == {"abort-incomplete-uploads", "noncurrent-lake-landing", "noncurrent-lake-raw"}
        _run_lake_as_the_run_role(outputs, iam_endpoint, admin)
    finally:
        requests.post(f"{iam_endpoint}/moto-api/reset-auth", data=b"inf").raise_for_status()
        terraform.run("destroy", "-input=false", "-auto-approve")
    left = {b["Name"] for b in boto3.client("s3", **admin).list_buckets()["Buckets"]}
    assert left.isdisjoint(["tf-lake", *ZONES.values()])


def _run_lake_as_the_run_role(outputs: dict, endpoint: str, admin: dict) -> None:
    role = boto3.client("sts", **admin).assume_role(RoleArn=outputs["run_role_arn"], RoleSessionName="test")["Credentials"]
    env = {**outputs["lake_environment"], **ZONES, **EMBEDDED_TABLE_ENGINE, "AWS_ENDPOINT_URL": endpoint,
           "AWS_ACCESS_KEY_ID": role["AccessKeyId"], "AWS_SECRET_ACCESS_KEY": role["SecretAccessKey"],
           "AWS_SESSION_TOKEN": role["SessionToken"]}
    with pytest.MonkeyPatch.context() as patch:  # read by fresh sessions only (aws_client), never boto3's cached default
        for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN"):
            patch.setenv(name, env[name])
        requests.post(f"{endpoint}/moto-api/reset-auth", data=b"0").raise_for_status()
        settings = deploy_settings(env)
        storage = storage_for(settings)
        with pytest.raises(Exception, match="(?i)access ?denied|forbidden"):
            aws_client("s3", "us-east-1", endpoint).put_object(Bucket="tf-lake", Key="elsewhere/x", Body=b"")
        for source, name in (("video_categories", "US_category_id.json"), ("video_stats", "GBvideos.csv")):
            storage.write_bytes(f"landing/{source}/{name}", (SAMPLE_LANDING / source / name).read_bytes())
        defs = build_definitions(settings)
        with DagsterInstance.ephemeral() as instance:
            first = queue_sensor_tick(defs, settings, instance, None)
            assert raw_runs(first) == [("raw/video_categories,trusted/video_categories", "US"),
                                       ("raw/video_stats,trusted/video_stats", "GB")]
            assert all(execute(defs, instance, first))
            second = queue_sensor_tick(defs, settings, instance, first.cursor)
            assert raw_runs(second) == [] and second.run_requests, "then the whole tables, from the instance alone"
            assert all(execute(defs, instance, second))
        s3 = aws_client("s3", "us-east-1", endpoint)
        assert s3.list_objects_v2(Bucket="tf-processed", Prefix="lake/refined/video_trends/data/")["KeyCount"] == 1
        assert s3.list_objects_v2(Bucket="tf-landing", Prefix="lake/raw/video_stats/")["KeyCount"] == 1
        glue = aws_client("glue", "us-east-1", endpoint)
        table = glue.get_table(DatabaseName="tf_lake_refined", Name="video_trends")["Table"]
        assert table["StorageDescriptor"]["Location"] == "s3://tf-processed/lake/refined/video_trends"
        assert table["Parameters"]["metadata_location"].startswith("s3://tf-processed/lake/refined/video_trends/metadata/")
        sqs = aws_client("sqs", "us-east-1", endpoint)
        assert sqs.get_queue_url(QueueName="tf-landing-queue")["QueueUrl"] == outputs["landing_queue_url"]


def test_terraform_tests_skip_with_a_message_when_the_tool_is_absent(monkeypatch):
    monkeypatch.setenv("PATH", "/nonexistent")
    with pytest.raises(pytest.skip.Exception, match="terraform is not on PATH"):
        require_terraform()
