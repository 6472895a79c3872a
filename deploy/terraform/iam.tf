# Four roles, each with only what its tasks do:
# - run: every Dagster run's task; exactly the policy `movie-lake iam-policy` prints.
# - dashboard: the dashboard app's task; the same places read-only, plus Athena queries.
# - orchestrator: the webserver and daemon tasks; the run policy (the sensor reads landing/ and
#   the queue) plus launching, watching and stopping run tasks.
# - execution: ECS itself; pulls the image, writes logs, reads the two secrets into the tasks.

data "aws_caller_identity" "current" {}

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "run" {
  name               = "${var.name}-run"
  description        = "movie_lake runs: the lake's buckets, Glue databases, Athena workgroup and landing queue, nothing else"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy" "run" {
  name   = "movie-lake-run"
  role   = aws_iam_role.run.id
  policy = var.run_role_policy_json
}

resource "aws_iam_role" "dashboard" {
  count              = var.deploy_dagster ? 1 : 0
  name               = "${var.name}-dashboard"
  description        = "movie_lake dashboard app: reads the lake, the Glue tables and queries Athena; writes no table"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  lifecycle {
    precondition {
      condition     = var.dashboard_role_policy_json != ""
      error_message = "Set var.dashboard_role_policy_json (movie-lake terraform-vars writes it)."
    }
  }
}

resource "aws_iam_role_policy" "dashboard" {
  count  = var.deploy_dagster ? 1 : 0
  name   = "movie-lake-dashboard"
  role   = aws_iam_role.dashboard[0].id
  policy = var.dashboard_role_policy_json
}

resource "aws_iam_role" "orchestrator" {
  count              = var.deploy_dagster ? 1 : 0
  name               = "${var.name}-orchestrator"
  description        = "Dagster webserver and daemon: the lake (sensor) and launching run tasks"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy" "orchestrator_lake" {
  count  = var.deploy_dagster ? 1 : 0
  name   = "movie-lake-run"
  role   = aws_iam_role.orchestrator[0].id
  policy = var.run_role_policy_json
}

data "aws_iam_policy_document" "launch_runs" {
  count = var.deploy_dagster ? 1 : 0
  statement {
    sid       = "RunTasks"
    actions   = ["ecs:RunTask"]
    resources = ["${local.run_task_family_arn}:*"]
    condition {
      test     = "ArnEquals"
      variable = "ecs:cluster"
      values   = [aws_ecs_cluster.dagster[0].arn]
    }
  }
  statement {
    sid       = "WatchRunTasks"
    actions   = ["ecs:DescribeTasks", "ecs:StopTask", "ecs:TagResource"]
    resources = ["arn:aws:ecs:${var.region}:${data.aws_caller_identity.current.account_id}:task/${aws_ecs_cluster.dagster[0].name}/*"]
  }
  statement {
    sid       = "ReadTaskDefinitions"
    actions   = ["ecs:DescribeTaskDefinition", "ec2:DescribeNetworkInterfaces"]
    resources = ["*"] # neither action supports resource-level permissions
  }
  statement {
    sid       = "PassRunRoles"
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.run.arn, aws_iam_role.execution[0].arn]
  }
  statement {
    sid       = "ComputeLogs"
    actions   = ["s3:PutObject", "s3:GetObject"]
    resources = ["${aws_s3_bucket.lake[var.lake_bucket].arn}/dagster-compute-logs/*"]
  }
  statement {
    sid       = "ComputeLogsList"
    actions   = ["s3:ListBucket"]
    resources = [aws_s3_bucket.lake[var.lake_bucket].arn]
    condition {
      test     = "StringLike"
      variable = "s3:prefix"
      values   = ["dagster-compute-logs/*"]
    }
  }
}

resource "aws_iam_role_policy" "launch_runs" {
  count  = var.deploy_dagster ? 1 : 0
  name   = "launch-runs"
  role   = aws_iam_role.orchestrator[0].id
  policy = data.aws_iam_policy_document.launch_runs[0].json
}

resource "aws_iam_role" "execution" {
  count              = var.deploy_dagster ? 1 : 0
  name               = "${var.name}-ecs-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
}

resource "aws_iam_role_policy_attachment" "execution" {
  count      = var.deploy_dagster ? 1 : 0
  role       = aws_iam_role.execution[0].name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "read_secrets" {
  count = var.deploy_dagster ? 1 : 0
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = compact([aws_db_instance.dagster[0].master_user_secret[0].secret_arn, var.tmdb_token_secret_arn])
  }
}

resource "aws_iam_role_policy" "read_secrets" {
  count  = var.deploy_dagster ? 1 : 0
  name   = "read-secrets"
  role   = aws_iam_role.execution[0].id
  policy = data.aws_iam_policy_document.read_secrets[0].json
}
