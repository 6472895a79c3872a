# Dagster's run, event and schedule storage. RDS keeps the master password in Secrets Manager
# (manage_master_user_password), so it is never in a variable, the state or an output.

resource "aws_db_subnet_group" "dagster" {
  count      = var.deploy_dagster ? 1 : 0
  name       = "${var.name}-dagster"
  subnet_ids = local.subnet_ids
}

resource "aws_db_instance" "dagster" {
  count                       = var.deploy_dagster ? 1 : 0
  identifier                  = "${var.name}-dagster"
  engine                      = "postgres"
  engine_version              = "16"
  instance_class              = var.db_instance_class
  allocated_storage           = var.db_allocated_storage_gb
  storage_type                = "gp3"
  storage_encrypted           = true
  db_name                     = "dagster"
  username                    = "dagster"
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.dagster[0].name
  vpc_security_group_ids      = [aws_security_group.dagster["database"].id]
  publicly_accessible         = false
  backup_retention_period     = 7
  deletion_protection         = var.db_deletion_protection
  skip_final_snapshot         = false
  final_snapshot_identifier   = "${var.name}-dagster-final"
  apply_immediately           = true
}
