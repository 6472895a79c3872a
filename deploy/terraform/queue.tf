# S3 event notifications for landing/ to SQS: the Lambda trigger of the hand-built lakes, read by
# the lake_reconcile sensor (defs/lake/queue_tick.py).

resource "aws_sqs_queue" "landing_dead_letters" {
  name                      = "${var.landing_queue}-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "landing" {
  name                       = var.landing_queue
  visibility_timeout_seconds = var.queue_visibility_timeout_seconds
  message_retention_seconds  = 345600
  sqs_managed_sse_enabled    = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.landing_dead_letters.arn
    maxReceiveCount     = var.queue_max_receive_count
  })
}

data "aws_iam_policy_document" "s3_may_notify" {
  statement {
    sid       = "LandingBucketNotifies"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.landing.arn]
    principals {
      type        = "Service"
      identifiers = ["s3.amazonaws.com"]
    }
    condition {
      test     = "ArnEquals"
      variable = "aws:SourceArn"
      values   = [aws_s3_bucket.lake[local.landing_bucket].arn]
    }
  }
}

resource "aws_sqs_queue_policy" "landing" {
  queue_url = aws_sqs_queue.landing.id
  policy    = data.aws_iam_policy_document.s3_may_notify.json
}

resource "aws_s3_bucket_notification" "landing" {
  bucket = aws_s3_bucket.lake[local.landing_bucket].id
  queue {
    queue_arn     = aws_sqs_queue.landing.arn
    events        = ["s3:ObjectCreated:*"]
    filter_prefix = trimprefix("${var.lake_prefix}/landing/", "/")
  }
  depends_on = [aws_sqs_queue_policy.landing]
}
