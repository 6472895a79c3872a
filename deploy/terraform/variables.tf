# The lake's names come from `movie-lake deploy terraform-vars` (lake.auto.tfvars.json), so the
# code, the IAM policy and these resources name the same buckets, databases and queue.

variable "name" {
  description = "Prefix of every resource name (cluster, roles, database, log groups)."
  type        = string
  default     = "movie-lake"
}

variable "region" {
  type    = string
  default = "us-east-1"
}

variable "lake_bucket" {
  description = "MOVIE_LAKE_BUCKET: the lake's bucket (every zone without a bucket of its own, and Athena results)."
  type        = string
}

variable "zone_buckets" {
  description = "Optional bucket per zone group: keys landing (landing, raw), processed (trusted, quarantine, refined), reporting (analytics, reports)."
  type        = map(string)
  default     = {}
  validation {
    condition     = length(setsubtract(keys(var.zone_buckets), ["landing", "processed", "reporting"])) == 0
    error_message = "zone_buckets keys are landing, processed and reporting."
  }
}

variable "force_destroy_buckets" {
  description = "true: `terraform destroy` deletes the buckets with everything in them (every version). Keep false for a lake you care about."
  type        = bool
  default     = false
}

variable "lake_prefix" {
  description = "MOVIE_LAKE_PREFIX: the folder of the lake inside each bucket."
  type        = string
  default     = "movie_lake"
}

variable "glue_database_prefix" {
  description = "MOVIE_LAKE_GLUE_DATABASE_PREFIX: Glue databases are <prefix>_trusted, _refined, _analytics."
  type        = string
  default     = "movie_lake"
}

variable "athena_workgroup" {
  type    = string
  default = "movie_lake"
}

variable "athena_results_uri" {
  description = "Where Athena writes results (MOVIE_LAKE_ATHENA_OUTPUT); the settings' default when generated."
  type        = string
}

variable "athena_bytes_scanned_cutoff" {
  description = "Athena cancels any query of the workgroup scanning more than this (bytes; 10 GiB ≈ $0.05)."
  type        = number
  default     = 10737418240
}

variable "athena_results_expire_days" {
  type    = number
  default = 7
}

variable "noncurrent_versions_expire_days" {
  description = "Overwritten or deleted versions of landing/ and raw/ objects are kept this long."
  type        = number
  default     = 30
}

variable "landing_queue" {
  description = "MOVIE_LAKE_LANDING_QUEUE: the SQS queue S3 notifies of new landing/ objects; its dead-letter queue is <name>-dlq."
  type        = string
  default     = "movie-lake-landing"
}

variable "queue_visibility_timeout_seconds" {
  description = "How long a message read by the sensor stays hidden; longer than two sensor intervals."
  type        = number
  default     = 300
}

variable "queue_max_receive_count" {
  description = "Deliveries of one message before SQS moves it to the dead-letter queue."
  type        = number
  default     = 5
}

variable "run_role_policy_json" {
  description = "The run role's policy: exactly what `movie-lake iam-policy` prints for these settings."
  type        = string
}

variable "dashboard_role_policy_json" {
  description = "The dashboard app's read-only policy (`movie-lake terraform-vars` writes it); needed with deploy_dagster."
  type        = string
  default     = ""
}

variable "lake_environment" {
  description = "The lake's MOVIE_LAKE_* settings, given to every Dagster container."
  type        = map(string)
  default     = {}
}

# --- Dagster on ECS ---------------------------------------------------------------------------

variable "deploy_dagster" {
  description = "false: only the lake (buckets, catalog, workgroup, queue, run role), e.g. for a lake run from elsewhere."
  type        = bool
  default     = true
}

variable "image" {
  description = "The code location image (deploy/Dockerfile), e.g. <account>.dkr.ecr.<region>.amazonaws.com/movie-lake:0.1.0."
  type        = string
  default     = ""
}

variable "vpc_id" {
  description = "VPC for the tasks and the database; null: the region's default VPC."
  type        = string
  default     = null
}

variable "subnet_ids" {
  description = "Subnets (two or more zones) for the tasks, the load balancer and the database; null: the VPC's subnets."
  type        = list(string)
  default     = null
}

variable "ui_allowed_cidrs" {
  description = "Who may reach the Dagster UI (the load balancer). Empty: nobody until you add your address."
  type        = list(string)
  default     = []
}

variable "certificate_arn" {
  description = "ACM certificate for HTTPS on the load balancer; empty: HTTP only (keep ui_allowed_cidrs tight)."
  type        = string
  default     = ""
}

variable "tmdb_token_secret_arn" {
  description = "Secrets Manager secret holding the TMDB read access token (created outside Terraform, so the token is never in state)."
  type        = string
  default     = ""
}

variable "webserver_cpu" {
  type    = number
  default = 512
}

variable "webserver_memory" {
  type    = number
  default = 1024
}

variable "daemon_cpu" {
  type    = number
  default = 512
}

variable "daemon_memory" {
  type    = number
  default = 1024
}

variable "dashboard_cpu" {
  type    = number
  default = 512
}

variable "dashboard_memory" {
  type    = number
  default = 1024
}

variable "run_cpu" {
  description = "CPU units of each run's task (1024 = 1 vCPU); a run tagged ecs/cpu overrides it."
  type        = number
  default     = 1024
}

variable "run_memory" {
  description = "Memory (MiB) of each run's task; a run tagged ecs/memory overrides it."
  type        = number
  default     = 4096
}

variable "db_instance_class" {
  type    = string
  default = "db.t4g.micro"
}

variable "db_allocated_storage_gb" {
  type    = number
  default = 20
}

variable "db_deletion_protection" {
  type    = bool
  default = false
}

variable "log_retention_days" {
  type    = number
  default = 30
}
