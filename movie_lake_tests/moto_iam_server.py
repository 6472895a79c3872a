"""A moto server in its own process for IAM tests: moto's switch for enforcing IAM
(`INITIAL_NO_AUTH_ACTION_COUNT`, flipped at run time by `POST /moto-api/reset-auth`) is
process-wide, so it must not be flipped inside the suite's shared server.

moto authorizes Glue and Athena calls (and SQS's GetQueueUrl) against the resource `*`, which no scoped policy
matches; here they are authorized against the ARN AWS itself checks (the table, database or
catalog; the workgroup; the queue), so the scoped statements are what decides. SQS batch calls
are authorized by their single action's permission, as AWS does.

Run: `python moto_iam_server.py` → prints `http://127.0.0.1:<port>`, serves until stdin closes.
"""
import json
import sys

from moto.athena.responses import AthenaResponse
from moto.glue.responses import GlueResponse
from moto.iam.access_control import IAMRequestBase
from moto.server import ThreadedMotoServer
from moto.sqs.responses import SQSResponse


def _glue_resource(self) -> str:
    body = json.loads(self.body or "{}")
    prefix = f"arn:aws:glue:{self.region}:{self.current_account}"
    database = body.get("DatabaseName") or body.get("DatabaseInput", {}).get("Name")
    table = body.get("TableName") or body.get("TableInput", {}).get("Name")
    if database is None and "Name" in body:
        database = body["Name"]
    elif database is not None and table is None and "Name" in body:
        table = body["Name"]
    if database and table:
        return f"{prefix}:table/{database}/{table}"
    return f"{prefix}:database/{database}" if database else f"{prefix}:catalog"


def _athena_resource(self) -> str:
    body = json.loads(self.body or "{}")
    workgroup = body.get("WorkGroup")
    if workgroup is None and "QueryExecutionId" in body:
        execution = self.athena_backend.executions.get(body["QueryExecutionId"])
        workgroup = execution.workgroup.name if execution and execution.workgroup else "primary"
    return f"arn:aws:athena:{self.region}:{self.current_account}:workgroup/{workgroup or 'primary'}"


def _sqs_resource(self) -> str:
    """GetQueueUrl names its queue by QueueName, which moto does not read (it then checks `*`)."""
    name = self._get_param("QueueName")
    if name:
        return f"arn:aws:sqs:{self.region}:{self.current_account}:{name}"
    return _moto_sqs_resource(self)


SQS_BATCH_ACTIONS = {"sqs:DeleteMessageBatch": "sqs:DeleteMessage", "sqs:SendMessageBatch": "sqs:SendMessage",
                     "sqs:ChangeMessageVisibilityBatch": "sqs:ChangeMessageVisibility"}
"""AWS authorizes SQS batch calls by the single action's permission; moto asks for the batch name."""


def _iam_request_init(self, *args, **kwargs) -> None:
    _moto_iam_request_init(self, *args, **kwargs)
    self._action = SQS_BATCH_ACTIONS.get(self._action, self._action)


_moto_iam_request_init = IAMRequestBase.__init__
IAMRequestBase.__init__ = _iam_request_init
_moto_sqs_resource = SQSResponse._determine_resource
SQSResponse._determine_resource = _sqs_resource
GlueResponse._determine_resource = _glue_resource
AthenaResponse._determine_resource = _athena_resource

if __name__ == "__main__":
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    print(f"http://{host}:{port}", flush=True)
    sys.stdin.read()
    server.stop()
