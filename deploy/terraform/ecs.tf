# Dagster on ECS Fargate: the webserver (behind the load balancer) and the daemon as services,
# and every run as a task of its own (EcsRunLauncher, deploy/dagster.yaml) from the run task
# definition. All three run the same image and read the instance from RDS. The dashboard app is a
# fourth service from the same image, behind the same load balancer under /dashboard/.

locals {
  run_task_family     = "${var.name}-run"
  run_task_family_arn = "arn:aws:ecs:${var.region}:${data.aws_caller_identity.current.account_id}:task-definition/${local.run_task_family}"
  containers = var.deploy_dagster ? {
    webserver = { cpu = var.webserver_cpu, memory = var.webserver_memory, role = aws_iam_role.orchestrator[0].arn,
    command = ["dagster-webserver", "-h", "0.0.0.0", "-p", "3000", "-w", "/opt/dagster/app/workspace.yaml"] }
    daemon = { cpu = var.daemon_cpu, memory = var.daemon_memory, role = aws_iam_role.orchestrator[0].arn,
    command = ["dagster-daemon", "run", "-w", "/opt/dagster/app/workspace.yaml"] }
    run = { cpu = var.run_cpu, memory = var.run_memory, role = aws_iam_role.run.arn, command = [] }
    dashboard = { cpu = var.dashboard_cpu, memory = var.dashboard_memory, role = aws_iam_role.dashboard[0].arn,
    command = ["movie-lake", "dashboard", "--host", "0.0.0.0", "--port", tostring(local.served.dashboard.port)] }
  } : {}
  # The services the load balancer reaches: their port, health check and the paths routed to them.
  served = {
    webserver = { port = 3000, health = "/server_info", paths = [] }
    dashboard = { port = 8050, health = "${local.dashboard_prefix}_dash-layout", paths = [trimsuffix(local.dashboard_prefix, "/"), "${local.dashboard_prefix}*"] }
  }
  dashboard_prefix = "/dashboard/"
  environment = merge(var.lake_environment, { MOVIE_LAKE_DASHBOARD_URL_PREFIX = local.dashboard_prefix }, var.deploy_dagster ? {
    DAGSTER_HOME                = "/opt/dagster/home"
    DAGSTER_PG_HOST             = aws_db_instance.dagster[0].address
    DAGSTER_PG_PORT             = tostring(aws_db_instance.dagster[0].port)
    DAGSTER_PG_USERNAME         = aws_db_instance.dagster[0].username
    DAGSTER_PG_DB               = aws_db_instance.dagster[0].db_name
    DAGSTER_RUN_TASK_DEFINITION = local.run_task_family
    DAGSTER_COMPUTE_LOG_BUCKET  = var.lake_bucket
    DAGSTER_COMPUTE_LOG_PREFIX  = "dagster-compute-logs"
  } : {})
  secrets = var.deploy_dagster ? concat(
    [{ name = "DAGSTER_PG_PASSWORD", valueFrom = "${aws_db_instance.dagster[0].master_user_secret[0].secret_arn}:password::" }],
    var.tmdb_token_secret_arn == "" ? [] : [{ name = "TMDB_API_TOKEN", valueFrom = var.tmdb_token_secret_arn }],
  ) : []
}

resource "aws_ecr_repository" "code" {
  count                = var.deploy_dagster ? 1 : 0
  name                 = var.name
  image_tag_mutability = "IMMUTABLE"
  force_delete         = true
  image_scanning_configuration {
    scan_on_push = true
  }
}

resource "aws_ecs_cluster" "dagster" {
  count = var.deploy_dagster ? 1 : 0
  name  = var.name
  setting {
    name  = "containerInsights"
    value = "disabled"
  }
}

resource "aws_cloudwatch_log_group" "dagster" {
  for_each          = local.containers
  name              = "/ecs/${var.name}/${each.key}"
  retention_in_days = var.log_retention_days
}

resource "aws_ecs_task_definition" "dagster" {
  for_each                 = local.containers
  family                   = each.key == "run" ? local.run_task_family : "${var.name}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = each.value.cpu
  memory                   = each.value.memory
  execution_role_arn       = aws_iam_role.execution[0].arn
  task_role_arn            = each.value.role
  lifecycle {
    precondition {
      condition     = var.image != ""
      error_message = "Set var.image to the pushed code location image (README: Deploy to AWS)."
    }
  }
  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }
  container_definitions = jsonencode([{
    name         = each.key
    image        = var.image
    essential    = true
    command      = length(each.value.command) > 0 ? each.value.command : null
    environment  = [for key, value in local.environment : { name = key, value = value }]
    secrets      = local.secrets
    portMappings = contains(keys(local.served), each.key) ? [{ containerPort = local.served[each.key].port, protocol = "tcp" }] : []
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.dagster[each.key].name
        awslogs-region        = var.region
        awslogs-stream-prefix = each.key
      }
    }
  }])
}

resource "aws_ecs_service" "dagster" {
  for_each               = var.deploy_dagster ? toset(["webserver", "daemon", "dashboard"]) : toset([])
  name                   = each.key
  cluster                = aws_ecs_cluster.dagster[0].id
  task_definition        = aws_ecs_task_definition.dagster[each.key].arn
  desired_count          = 1
  launch_type            = "FARGATE"
  enable_execute_command = false
  # One daemon at a time: stop the old task before starting the new one.
  deployment_minimum_healthy_percent = each.key == "daemon" ? 0 : 100
  deployment_maximum_percent         = each.key == "daemon" ? 100 : 200
  network_configuration {
    subnets          = local.subnet_ids
    security_groups  = [aws_security_group.dagster["tasks"].id]
    assign_public_ip = true
  }
  dynamic "load_balancer" {
    for_each = contains(keys(local.served), each.key) ? [local.served[each.key]] : []
    content {
      target_group_arn = aws_lb_target_group.served[each.key].arn
      container_name   = each.key
      container_port   = load_balancer.value.port
    }
  }
}

resource "aws_lb" "ui" {
  count              = var.deploy_dagster ? 1 : 0
  name               = "${var.name}-ui"
  load_balancer_type = "application"
  internal           = false
  security_groups    = [aws_security_group.dagster["ui"].id]
  subnets            = local.subnet_ids
}

resource "aws_lb_target_group" "served" {
  for_each    = var.deploy_dagster ? local.served : {}
  name        = "${var.name}-${each.key}"
  port        = each.value.port
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = data.aws_vpc.selected[0].id
  health_check {
    path    = each.value.health
    matcher = "200"
  }
}

resource "aws_lb_listener" "ui" {
  count             = var.deploy_dagster ? 1 : 0
  load_balancer_arn = aws_lb.ui[0].arn
  port              = var.certificate_arn == "" ? 80 : 443
  protocol          = var.certificate_arn == "" ? "HTTP" : "HTTPS"
  certificate_arn   = var.certificate_arn == "" ? null : var.certificate_arn
  ssl_policy        = var.certificate_arn == "" ? null : "ELBSecurityPolicy-TLS13-1-2-2021-06"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.served["webserver"].arn
  }
}

resource "aws_lb_listener_rule" "dashboard" {
  count        = var.deploy_dagster ? 1 : 0
  listener_arn = aws_lb_listener.ui[0].arn
  priority     = 10
  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.served["dashboard"].arn
  }
  condition {
    path_pattern {
      values = local.served.dashboard.paths
    }
  }
}
