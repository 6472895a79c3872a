"""The SQS queue S3 notifies of new landing objects, and its dead-letter queue."""
from __future__ import annotations

MAX_BATCH = 10
"""SQS hands out and deletes at most ten messages per call."""


class LandingQueue:
    def __init__(self, client, name: str, dead_letter_name: str, wait_seconds: int = 1):
        """`wait_seconds`: long polling per receive call (0 = short polling, which may answer
        empty while messages wait on other servers)."""
        self.client = client
        self.name = name
        self.dead_letter_name = dead_letter_name
        self.wait_seconds = wait_seconds
        self._urls: dict[str, str] = {}

    def url(self, name: str) -> str:
        if name not in self._urls:
            self._urls[name] = self.client.get_queue_url(QueueName=name)["QueueUrl"]
        return self._urls[name]

    def receive(self, limit: int) -> list[dict]:
        """Up to `limit` messages, fewer when the queue runs dry; each stays invisible to other
        readers for the queue's visibility timeout and comes back unless deleted."""
        messages: list[dict] = []
        while len(messages) < limit:
            answer = self.client.receive_message(
                QueueUrl=self.url(self.name), MaxNumberOfMessages=min(MAX_BATCH, limit - len(messages)),
                WaitTimeSeconds=self.wait_seconds,
            )
            batch = answer.get("Messages", [])
            if not batch:
                break
            messages.extend(batch)
        return messages

    def delete(self, receipt_handles: list[str]) -> int:
        """Deletes what it can; returns how many failed (a handle gone stale after the visibility
        timeout: that message was delivered again, and its new delivery is handled on its own)."""
        failed = 0
        for start in range(0, len(receipt_handles), MAX_BATCH):
            entries = [{"Id": str(n), "ReceiptHandle": h} for n, h in enumerate(receipt_handles[start:start + MAX_BATCH])]
            failed += len(self.client.delete_message_batch(QueueUrl=self.url(self.name), Entries=entries).get("Failed", []))
        return failed

    def dead_letter(self, message: dict, reason: str) -> None:
        """Move a message nobody can read to the dead-letter queue, with the reason beside it."""
        self.client.send_message(
            QueueUrl=self.url(self.dead_letter_name), MessageBody=message["Body"],
            MessageAttributes={"reason": {"DataType": "String", "StringValue": reason[:1000]}},
        )
        self.client.delete_message(QueueUrl=self.url(self.name), ReceiptHandle=message["ReceiptHandle"])
