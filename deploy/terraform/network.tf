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
  subnet_ids = var.deploy_dagster ? coalesce(var.subnet_ids, try(data.aws_subnets.selected[0].ids, [])) : []
}

resource "aws_security_group" "ui" {
  count       = var.deploy_dagster ? 1 : 0
  name        = "${var.name}-ui"
  description = "Dagster UI load balancer: only ui_allowed_cidrs"
  vpc_id      = data.aws_vpc.selected[0].id
}

resource "aws_vpc_security_group_ingress_rule" "ui" {
  for_each          = var.deploy_dagster ? toset(var.ui_allowed_cidrs) : toset([])
  security_group_id = aws_security_group.ui[0].id
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = var.certificate_arn == "" ? 80 : 443
  to_port           = var.certificate_arn == "" ? 80 : 443
}

resource "aws_vpc_security_group_egress_rule" "ui_to_webserver" {
  count                        = var.deploy_dagster ? 1 : 0
  security_group_id            = aws_security_group.ui[0].id
  referenced_security_group_id = aws_security_group.tasks[0].id
  ip_protocol                  = "tcp"
  from_port                    = 3000
  to_port                      = 3000
}

resource "aws_security_group" "tasks" {
  count       = var.deploy_dagster ? 1 : 0
  name        = "${var.name}-tasks"
  description = "Dagster webserver, daemon and runs"
  vpc_id      = data.aws_vpc.selected[0].id
}

resource "aws_vpc_security_group_ingress_rule" "webserver_from_ui" {
  count                        = var.deploy_dagster ? 1 : 0
  security_group_id            = aws_security_group.tasks[0].id
  referenced_security_group_id = aws_security_group.ui[0].id
  ip_protocol                  = "tcp"
  from_port                    = 3000
  to_port                      = 3000
}

resource "aws_vpc_security_group_egress_rule" "tasks_https" {
  count             = var.deploy_dagster ? 1 : 0
  security_group_id = aws_security_group.tasks[0].id
  description       = "AWS APIs, ECR and the TMDB API"
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
}

resource "aws_vpc_security_group_egress_rule" "tasks_to_database" {
  count                        = var.deploy_dagster ? 1 : 0
  security_group_id            = aws_security_group.tasks[0].id
  referenced_security_group_id = aws_security_group.database[0].id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}

resource "aws_security_group" "database" {
  count       = var.deploy_dagster ? 1 : 0
  name        = "${var.name}-database"
  description = "Dagster's PostgreSQL: only the tasks"
  vpc_id      = data.aws_vpc.selected[0].id
}

resource "aws_vpc_security_group_ingress_rule" "database_from_tasks" {
  count                        = var.deploy_dagster ? 1 : 0
  security_group_id            = aws_security_group.database[0].id
  referenced_security_group_id = aws_security_group.tasks[0].id
  ip_protocol                  = "tcp"
  from_port                    = 5432
  to_port                      = 5432
}
