# Where the tasks and the database sit: a VPC you name, or the region's default one. Tasks get
# public addresses (no NAT gateway to pay for) and accept traffic only from the load balancer;
# the database accepts only the tasks.

data "aws_vpc" "selected" {
  count   = var.deploy_dagster ? 1 : 0
  id      = var.vpc_id
  default = var.vpc_id == null ? true : null
}

data "aws_subnets" "selected" {
  count = var.deploy_dagster && var.subnet_ids == null ? 1 : 0
  filter {
    name   = "vpc-id"
    values = [data.aws_vpc.selected[0].id]
  }
}

locals {
  # (The dashboard app sits behind the same load balancer and in the tasks group; the descriptions
  # predate it and stay, since changing one replaces the group.)
  subnet_ids = var.deploy_dagster ? coalesce(var.subnet_ids, try(data.aws_subnets.selected[0].ids, [])) : []
  groups = {
    ui       = "Dagster UI load balancer: only ui_allowed_cidrs"
    tasks    = "Dagster webserver, daemon and runs"
    database = "Dagster's PostgreSQL: only the tasks"
  }
  # Traffic between the groups, each rule as an egress on one side and an ingress on the other.
  paths = {
    ui_to_webserver   = { from = "ui", to = "tasks", port = 3000 }
    ui_to_dashboard   = { from = "ui", to = "tasks", port = 8050 }
    tasks_to_database = { from = "tasks", to = "database", port = 5432 }
  }
}

resource "aws_security_group" "dagster" {
  for_each    = var.deploy_dagster ? local.groups : {}
  name        = "${var.name}-${each.key}"
  description = each.value
  vpc_id      = data.aws_vpc.selected[0].id
}

resource "aws_vpc_security_group_egress_rule" "path" {
  for_each                     = var.deploy_dagster ? local.paths : {}
  security_group_id            = aws_security_group.dagster[each.value.from].id
  referenced_security_group_id = aws_security_group.dagster[each.value.to].id
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
}

resource "aws_vpc_security_group_ingress_rule" "path" {
  for_each                     = var.deploy_dagster ? local.paths : {}
  security_group_id            = aws_security_group.dagster[each.value.to].id
  referenced_security_group_id = aws_security_group.dagster[each.value.from].id
  ip_protocol                  = "tcp"
  from_port                    = each.value.port
  to_port                      = each.value.port
}

resource "aws_vpc_security_group_ingress_rule" "ui" {
  for_each          = var.deploy_dagster ? toset(var.ui_allowed_cidrs) : toset([])
  security_group_id = aws_security_group.dagster["ui"].id
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = var.certificate_arn == "" ? 80 : 443
  to_port           = var.certificate_arn == "" ? 80 : 443
}

resource "aws_vpc_security_group_egress_rule" "tasks_https" {
  count             = var.deploy_dagster ? 1 : 0
  security_group_id = aws_security_group.dagster["tasks"].id
  description       = "AWS APIs, ECR and the TMDB API"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}
