"""One block of whole CSV records split into string columns by Arrow's C++ reader.

Each record is handed to Arrow behind its physical line number (`12,<record>`), so every
row Arrow returns — and every row its invalid-row handler sees — says which record it is.
The split is trusted only when the rows and the set-aside rows name exactly the records
the block holds, in order; otherwise (a bare CR ending a record early, a quote left open
at the end of the file, bytes that are not UTF-8) the caller reads the block row by row."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from movie_lake.lib.parsers.record_blocks import RecordBlock

LINE_COLUMN = "__line"
MIN_READ_BLOCK = 1 << 20


@dataclass(frozen=True)
class SplitRecords:
    strings: pa.Table
    """One string column per header position (`c0`, `c1`, …), one row per record Arrow split."""
    lines: np.ndarray
    """The physical line each of those rows starts on."""
    set_aside: np.ndarray
    """Indices into the block of the records Arrow could not split into the header's width."""


def column_name(position: int) -> str:
    return f"c{position}"


def split_records(block: RecordBlock, width: int, first: int) -> SplitRecords | None:
    """Records `first`… of `block` (blank ones skipped, as the csv module skips them)."""
    sizes = np.diff(np.append(block.starts, len(block.data)))[first:]
    starts = block.starts[first:]
    data = block.data
    blank = (sizes == 1) | ((sizes == 2) & (np.frombuffer(data, np.uint8)[np.minimum(starts, len(data) - 1)] == 13))
    wanted = np.flatnonzero(~blank) + first
    if not len(wanted):
        return SplitRecords(_empty(width), np.empty(0, np.int64), np.empty(0, np.int64))
    if not is_utf8(data):
        return None
    body = _numbered(block, wanted)
    refused: list[int] = []

    def set_aside(row) -> str:
        number = row.text.split(",", 1)[0]
        refused.append(int(number) if number.isdigit() else -1)
        return "skip"

    names = [LINE_COLUMN] + [column_name(i) for i in range(width)]
    try:
        table = pcsv.read_csv(
            pa.py_buffer(body),
            read_options=pcsv.ReadOptions(column_names=names, use_threads=False,
                                         block_size=max(MIN_READ_BLOCK, 2 * int(sizes.max()) + 64)),
            parse_options=pcsv.ParseOptions(newlines_in_values=True, invalid_row_handler=set_aside),
            convert_options=pcsv.ConvertOptions(
                column_types={n: pa.string() for n in names}, strings_can_be_null=False, quoted_strings_can_be_null=False),
        )
        lines = pc.cast(table.column(LINE_COLUMN), pa.int64()).to_numpy()
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
        return None
    expected = block.lines[wanted]
    refused_lines = np.array(sorted(refused), np.int64)
    if len(lines) + len(refused_lines) != len(expected) or np.any(np.diff(lines) <= 0):
        return None
    if not np.array_equal(np.sort(np.concatenate((lines, refused_lines))), expected):
        return None
    return SplitRecords(table.drop_columns([LINE_COLUMN]), lines, wanted[np.isin(expected, refused_lines)])


def is_utf8(data: bytes) -> bool:
    """Checked here, in C++, because Arrow's invalid-row handler cannot even be called with
    a row that is not UTF-8."""
    try:
        pa.StringArray.from_buffers(1, pa.py_buffer(np.array([0, len(data)], np.int32)), pa.py_buffer(data)).validate(full=True)
    except pa.ArrowInvalid:
        return False
    return True


def _numbered(block: RecordBlock, wanted: np.ndarray) -> bytes:
    data, starts, lines = block.data, block.starts, block.lines
    ends = np.append(starts[1:], len(data))
    pieces = [b"%d,%s" % (line, data[start:end])
              for line, start, end in zip(lines[wanted].tolist(), starts[wanted].tolist(), ends[wanted].tolist())]
    if not pieces[-1].endswith(b"\n"):
        pieces[-1] += b"\n"
    return b"".join(pieces)


def _empty(width: int) -> pa.Table:
    return pa.table({column_name(i): pa.array([], pa.string()) for i in range(width)})
