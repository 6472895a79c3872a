"""Columns of JSON list-of-object texts → Arrow list<struct> arrays, parsed in C++ by pyarrow.json.

The fast path: each text is wrapped as `{"v":[TEXT]}` on a line of its own and read with
an explicit schema. It is sure of a row only when its text is a clean one-line JSON array
of objects whose keys are all declared (unknown or repeated keys, a type mismatch, a null
list or item, a text that is not one single value all make the read fail or are detected);
the caller parses the other rows with `json.loads`, which names the bad row and field. Both
paths give the same values for every text the fast path accepts."""
from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.json as pj

MIN_BLOCK = 1 << 22


def json_lists(texts: list[str], item_type: pa.StructType, required: tuple[str, ...] = ()) -> pa.ListArray | None:
    """The lists of every text, or None unless the fast path is sure of all of them."""
    lists, sure = json_lists_by_row(pa.array(texts, pa.string()), item_type, required)
    return lists if sure.all() else None


def empty_to_null(values: pa.Array) -> pa.Array:
    """`""` → null, as `value or None` does row by row."""
    return pc.if_else(pc.equal(values, ""), pa.scalar(None, values.type), values)


ROW_IN_ERROR = re.compile(r" in row (\d+)$")
SMALLEST_SPLIT = 64
"""A failing read of this many rows or fewer sends them all to `json.loads` instead of halving again."""


def json_lists_by_row(texts: pa.StringArray, item_type: pa.StructType, required: tuple[str, ...] = ()) -> tuple[pa.ListArray, np.ndarray]:
    """Like `json_lists`, but row by row: the lists of the rows the fast path is sure of
    (in order) and the mask of those rows. Texts that cannot be a one-line JSON list are
    left out at once; a read that fails is split around the row Arrow's error names (or
    halved), so one bad text costs a re-read, not its whole batch."""
    line_break = pc.or_(pc.match_substring(texts, "\n"), pc.match_substring(texts, "\r"))
    candidates = pc.and_(pc.and_(pc.starts_with(texts, "["), pc.ends_with(texts, "]")), pc.invert(line_break))
    sure = np.zeros(len(texts), bool)
    pieces: list[tuple[int, pa.ListArray]] = []
    pending = [np.flatnonzero(pc.fill_null(candidates, False).to_numpy(zero_copy_only=False))]
    while pending:
        rows = pending.pop()
        if not len(rows):
            continue
        read = _read_rows(texts if len(rows) == len(texts) else texts.take(pa.array(rows)), item_type, required)
        if isinstance(read, tuple):
            lists, ok = read
            sure[rows[ok]] = True
            pieces.append((rows[0], lists if ok.all() else lists.filter(pa.array(ok))))
        elif read is not None and 0 <= read < len(rows):
            pending += [rows[read + 1:], rows[:read]]
        elif len(rows) > SMALLEST_SPLIT:
            half = len(rows) // 2
            pending += [rows[half:], rows[:half]]
    pieces.sort(key=lambda p: p[0])
    chosen = [p[1] for p in pieces]
    if len(chosen) == 1:
        return chosen[0], sure
    return (pa.concat_arrays(chosen) if chosen else pa.array([], pa.list_(item_type))), sure


def _read_rows(texts: pa.StringArray, item_type: pa.StructType, required: tuple[str, ...]) -> tuple[pa.ListArray, np.ndarray] | int | None:
    """The rows' lists and which of them are clean; when the read fails as a whole, the row
    Arrow's error names (a hint: the caller re-reads the rows around it), or None."""
    wrapped = pc.binary_join_element_wise('{"v":[', texts, ']}\n', "")
    _, offsets, data = wrapped.buffers()
    offsets = np.frombuffer(offsets, np.int32)[wrapped.offset:wrapped.offset + len(wrapped) + 1]
    body = data[int(offsets[0]):int(offsets[-1])]
    longest = int(pc.max(pc.binary_length(wrapped)).as_py())
    schema = pa.schema([pa.field("v", pa.list_(pa.list_(item_type)))])
    try:
        table = pj.read_json(
            pa.BufferReader(body),
            read_options=pj.ReadOptions(block_size=max(MIN_BLOCK, 4 * longest + 16), use_threads=False),
            parse_options=pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior="error"),
        )
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as error:
        named = ROW_IN_ERROR.search(str(error))
        return int(named.group(1)) if named else None
    outer = table.column("v").combine_chunks()
    if len(outer) != len(texts) or outer.null_count or pc.any(pc.not_equal(pc.list_value_length(outer), 1)).as_py():
        return None
    lists = outer.flatten()
    bad_item = pc.is_null(lists.flatten())
    for key in required:
        bad_item = pc.or_(bad_item, pc.is_null(lists.flatten().field(key)))
    ok = lists.is_valid().to_numpy(zero_copy_only=False)
    parents = pc.list_parent_indices(lists).to_numpy()
    ok[parents[bad_item.to_numpy(zero_copy_only=False)]] = False
    return lists, ok
