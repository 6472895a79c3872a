output "lake_environment" {
  description = "The settings a movie_lake process in aws mode needs for this lake (no secrets)."
  value = merge(var.lake_environment, {
    MOVIE_LAKE_ENV           = "aws"
    MOVIE_LAKE_BUCKET        = var.lake_bucket
    MOVIE_LAKE_PREFIX        = var.lake_prefix
    MOVIE_LAKE_LANDING_QUEUE = aws_sqs_queue.landing.name
    AWS_REGION               = var.region
  })
}

output "buckets" {
  value = sort([for bucket in aws_s3_bucket.lake : bucket.id])
}

output "glue_databases" {
  value = { for layer, database in aws_glue_catalog_database.layer : layer => database.name }
}

output "athena_workgroup" {
  value = var.athena_workgroup
}

output "landing_queue_url" {
  value = aws_sqs_queue.landing.id
}

output "landing_dead_letter_queue_url" {
  value = aws_sqs_queue.landing_dead_letters.id
}

output "run_role_arn" {
  value = aws_iam_role.run.arn
}

output "image_repository_url" {
  description = "Push the image here (README: Deploy to AWS)."
  value       = try(aws_ecr_repository.code[0].repository_url, null)
}

output "dagster_ui_url" {
  value = try("${var.certificate_arn == "" ? "http" : "https"}://${aws_lb.ui[0].dns_name}", null)
}

output "dashboard_url" {
  value = try("${var.certificate_arn == "" ? "http" : "https"}://${aws_lb.ui[0].dns_name}${local.dashboard_prefix}", null)
}

output "ecs_cluster" {
  value = try(aws_ecs_cluster.dagster[0].name, null)
}

output "dagster_database_secret_arn" {
  description = "The RDS-managed secret holding Dagster's database password (the ARN, not the password)."
  value       = try(aws_db_instance.dagster[0].master_user_secret[0].secret_arn, null)
}
