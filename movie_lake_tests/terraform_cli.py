"""Real Terraform for the deploy tests: the machine's `terraform` binary, the AWS provider from a
local filesystem mirror (no registry is reachable), a copy of deploy/terraform per test, and a
provider override pointing every AWS service at a moto server on 127.0.0.1."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

TERRAFORM_DIR = Path(__file__).resolve().parents[1] / "deploy" / "terraform"
MIRROR_CANDIDATES = ("/opt/tf-plugins", "/usr/share/terraform/plugins", "/tf-plugins")
MOTO_SERVICES = ("s3", "glue", "iam", "sts", "athena", "sqs", "ec2", "ecs", "rds", "logs", "elbv2", "ecr", "secretsmanager")


def provider_mirror() -> Path | None:
    """A folder holding registry.terraform.io/hashicorp/aws/<version>/ (see ../shared/STACK_NOTES.md)."""
    for candidate in (os.environ.get("MOVIE_LAKE_TF_PLUGIN_MIRROR", ""), *MIRROR_CANDIDATES):
        if candidate and (Path(candidate) / "registry.terraform.io" / "hashicorp" / "aws").is_dir():
            return Path(candidate)
    return None


def require_terraform() -> tuple[str, Path]:
    binary = shutil.which("terraform")
    mirror = provider_mirror()
    if binary is None:
        pytest.skip("terraform is not on PATH (install Terraform >= 1.6 to run the deploy tests; see README, Deploy to AWS)")
    if mirror is None:
        pytest.skip("no local mirror of the AWS provider (set MOVIE_LAKE_TF_PLUGIN_MIRROR to a folder holding "
                    "registry.terraform.io/hashicorp/aws/<version>/)")
    return binary, mirror


class Terraform:
    """deploy/terraform copied into `work`, with a moto override and the given variables."""

    def __init__(self, work: Path, endpoint: str, variables: dict):
        self.binary, mirror = require_terraform()
        self.work = work
        shutil.copytree(TERRAFORM_DIR, work, ignore=shutil.ignore_patterns(".terraform", "*.tfstate*", "*.auto.tfvars.json"))
        (work / "moto_override.tf").write_text(_override(endpoint))
        (work / "terraform.tfvars.json").write_text(json.dumps(variables, indent=2))
        config = work / "cli.tfrc"
        config.write_text(f'provider_installation {{\n  filesystem_mirror {{\n    path = "{mirror}"\n  }}\n}}\n')
        self.env = {**os.environ, "TF_CLI_CONFIG_FILE": str(config), "TF_IN_AUTOMATION": "1", "CHECKPOINT_DISABLE": "1",
                    "AWS_ACCESS_KEY_ID": "admin", "AWS_SECRET_ACCESS_KEY": "admin", "TF_DATA_DIR": str(work / ".terraform")}
        self.env.pop("AWS_SESSION_TOKEN", None)

    def run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        started = time.monotonic()
        done = subprocess.run([self.binary, *args, "-no-color"], cwd=self.work, env=self.env, capture_output=True,
                              text=True, timeout=600)
        if check and done.returncode != 0:
            raise AssertionError(f"terraform {' '.join(args)} failed:\n{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
        print(f"terraform {args[0]}: {time.monotonic() - started:.1f} s")
        return done

    def outputs(self) -> dict:
        return {k: v["value"] for k, v in json.loads(self.run("output", "-json").stdout).items()}


def _override(endpoint: str) -> str:
    endpoints = "\n".join(f'    {service} = "{endpoint}"' for service in MOTO_SERVICES)
    return f'''provider "aws" {{
  access_key                  = "admin"
  secret_key                  = "admin"
  skip_credentials_validation = true
  skip_metadata_api_check     = true
  skip_requesting_account_id  = false
  s3_use_path_style           = true
  endpoints {{
{endpoints}
  }}
}}
'''
