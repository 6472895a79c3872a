"""`movie-lake query` and `movie-lake iam-policy` (registered by `cli.build_parser`)."""
from __future__ import annotations

import sys

from movie_lake.lib.aws import aws_client
from movie_lake.settings import Settings, load_settings


def cmd_query(args) -> int:
    from movie_lake.lib.query.preview import markdown_preview
    from movie_lake.defs.lake.by_mode import resources_for

    result = resources_for(load_settings())["query_engine"].query(args.sql)
    print(markdown_preview(result.table, rows=args.rows))
    stats = result.stats()
    print("\n" + ", ".join(f"{k}={v}" for k, v in stats.items()), file=sys.stderr)
    return 0


def account_id(settings: Settings, given: str | None) -> str:
    if given or settings.aws_account_id:
        return given or settings.aws_account_id

    sts = aws_client("sts", settings.aws_region, settings.aws_endpoint_url)
    return sts.get_caller_identity()["Account"]


def cmd_iam_policy(args) -> int:
    from movie_lake.lib.iam import run_role_policy_json

    settings = load_settings()
    if not settings.bucket:
        print("iam-policy needs MOVIE_LAKE_BUCKET (and the other aws-mode settings) to scope the policy", file=sys.stderr)
        return 2
    print(run_role_policy_json(settings, account_id(settings, args.account_id)))
    return 0


def add_commands(commands) -> None:
    query = commands.add_parser("query", help="run SQL (Trino dialect) on the mode's engine: DuckDB locally, Athena on aws", description="run SQL (Trino dialect) on the mode's engine: DuckDB locally, Athena on aws")
    query.add_argument("sql", help='e.g. "select * from refined.fact_movie_finance limit 5"')
    query.add_argument("--rows", type=int, default=20, help="rows to print (default 20)")
    query.set_defaults(run=cmd_query)
    policy = commands.add_parser("iam-policy", help="print the least-privilege IAM policy for the run role (JSON)", description="print the least-privilege IAM policy for the run role (JSON)")
    policy.add_argument("--account-id", help="AWS account id (default: MOVIE_LAKE_AWS_ACCOUNT_ID, else STS)")
    policy.set_defaults(run=cmd_iam_policy)
