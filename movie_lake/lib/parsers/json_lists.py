"""Columns of JSON list-of-object texts → Arrow list<struct> arrays, parsed in C++ by pyarrow.json.

The fast path for a batch of rows: each text is wrapped as `{"v":[TEXT]}` on a line of its
own and read with an explicit schema. It only answers when every text is a clean JSON array
of objects whose keys are all declared (unknown or repeated keys, a type mismatch, a null
list or item, a text that is not one single value all make the read fail or are detected);
otherwise it returns None and the caller parses the batch row by row with `json.loads`,
which names the bad row and field. Both paths give the same values for every text the fast
path accepts."""
from __future__ import annotations

import io

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

MIN_BLOCK = 1 << 22


def json_lists(texts: list[str], item_type: pa.StructType, required: tuple[str, ...] = ()) -> pa.ListArray | None:
    if not texts:
        return pa.array([], pa.list_(item_type))
    if any("\n" in t or "\r" in t for t in texts):
        return None
    body = "".join(['{"v":[' + t + "]}\n" for t in texts]).encode()
    longest = max(map(len, texts)) * 4 + 16
    schema = pa.schema([pa.field("v", pa.list_(pa.list_(item_type)))])
    try:
        table = pj.read_json(
            io.BytesIO(body),
            read_options=pj.ReadOptions(block_size=max(MIN_BLOCK, longest)),
            parse_options=pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error"),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    wrapped = table.column("v").combine_chunks()
    if len(wrapped) != len(texts) or wrapped.null_count or pc.any(pc.not_equal(pc.list_value_length(wrapped), 1)).as_py():
        return None
    lists = wrapped.flatten()
    items = lists.flatten()
    if lists.null_count or items.null_count or any(items.field(k).null_count for k in required):
        return None
    return lists


def empty_to_null(values: pa.Array) -> pa.Array:
    """`""` → null, as `value or None` does row by row."""
    return pc.if_else(pc.equal(values, ""), pa.scalar(None, values.type), values)
