"""Child-process entry: run one stage callable and write its outcome as JSON.

Usage: python -m benchmarks.child SPEC.json, where SPEC holds target ("module:function"),
kwargs and result_path. The outcome has status ok / unavailable / error, the callable's wall seconds
(engine imports and start-up included) and its returned dict.
"""

from __future__ import annotations

import importlib
import json
import sys
import time
import traceback

from benchmarks.stage_errors import StageUnavailable


def main(spec_path: str) -> None:
    with open(spec_path) as f:
        spec = json.load(f)
    module_name, function_name = spec["target"].split(":")
    outcome: dict = {"status": "ok"}
    started = time.perf_counter()
    try:
        function = getattr(importlib.import_module(module_name), function_name)
        outcome["result"] = function(**spec["kwargs"])
    except StageUnavailable as unavailable:
        outcome = {"status": "unavailable", "error": str(unavailable)}
    except Exception as failure:  # noqa: BLE001 - reported to the harness, which keeps going
        outcome = {"status": "error", "error": f"{type(failure).__name__}: {failure}"}
        traceback.print_exc()
    outcome["seconds"] = time.perf_counter() - started
    with open(spec["result_path"], "w") as f:
        json.dump(outcome, f, default=str)


if __name__ == "__main__":
    main(sys.argv[1])
