# Lake storage, catalog and query engine: what the lake needs whether or not Dagster runs here.

locals {
  landing_bucket   = lookup(var.zone_buckets, "landing", var.lake_bucket)
  buckets          = toset(concat([var.lake_bucket], values(var.zone_buckets)))
  results_location = regex("^s3://([^/]+)/?(.*)$", var.athena_results_uri)
  results_bucket   = local.results_location[0]
  results_prefix   = trimsuffix(local.results_location[1], "/")
  # Versioned zones whose old versions age out: landed files and their raw copies.
  versioned_zones = [for zone in ["landing", "raw"] : trimprefix("${var.lake_prefix}/${zone}/", "/")]
  databases       = { for layer in ["trusted", "refined", "analytics"] : layer => "${var.glue_database_prefix}_${layer}" }
}

resource "aws_s3_bucket" "lake" {
  for_each      = local.buckets
  bucket        = each.value
  force_destroy = var.force_destroy_buckets
}

resource "aws_s3_bucket_versioning" "lake" {
  for_each = aws_s3_bucket.lake
  bucket   = each.value.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "lake" {
  for_each = aws_s3_bucket.lake
  bucket   = each.value.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
    bucket_key_enabled = true
  }
}

resource "aws_s3_bucket_public_access_block" "lake" {
  for_each                = aws_s3_bucket.lake
  bucket                  = each.value.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

data "aws_iam_policy_document" "tls_only" {
  for_each = aws_s3_bucket.lake
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    resources = [each.value.arn, "${each.value.arn}/*"]
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "tls_only" {
  for_each   = aws_s3_bucket.lake
  bucket     = each.value.id
  policy     = data.aws_iam_policy_document.tls_only[each.key].json
  depends_on = [aws_s3_bucket_public_access_block.lake]
}

resource "aws_s3_bucket_lifecycle_configuration" "lake" {
  for_each   = aws_s3_bucket.lake
  bucket     = each.value.id
  depends_on = [aws_s3_bucket_versioning.lake]

  rule {
    id     = "abort-incomplete-uploads"
    status = "Enabled"
    filter {}
    abort_incomplete_multipart_upload {
      days_after_initiation = 2
    }
  }

  dynamic "rule" {
    for_each = each.value.id == local.landing_bucket ? local.versioned_zones : []
    content {
      id     = "noncurrent-${replace(trimsuffix(rule.value, "/"), "/", "-")}"
      status = "Enabled"
      filter {
        prefix = rule.value
      }
      noncurrent_version_expiration {
        noncurrent_days = var.noncurrent_versions_expire_days
      }
    }
  }

  dynamic "rule" {
    for_each = each.value.id == local.results_bucket ? [local.results_prefix] : []
    content {
      id     = "athena-results-expire"
      status = "Enabled"
      filter {
        prefix = rule.value == "" ? "" : "${rule.value}/"
      }
      expiration {
        days = var.athena_results_expire_days
      }
      noncurrent_version_expiration {
        noncurrent_days = 1
      }
    }
  }
}

resource "aws_glue_catalog_database" "layer" {
  for_each    = local.databases
  name        = each.value
  description = "movie_lake ${each.key} tables (written by the lake's IO manager from the declared schemas)"
}

resource "aws_athena_workgroup" "lake" {
  name          = var.athena_workgroup
  force_destroy = true
  configuration {
    enforce_workgroup_configuration    = true
    publish_cloudwatch_metrics_enabled = true
    bytes_scanned_cutoff_per_query     = var.athena_bytes_scanned_cutoff
    result_configuration {
      output_location = var.athena_results_uri
      encryption_configuration {
        encryption_option = "SSE_S3"
      }
    }
  }
}
