"""Region category lists (`US_category_id.json`): a YouTube API `videoCategoryListResponse`
whose `items[]` become rows (category_id from the string `id`, `snippet.title`,
`snippet.assignable`). Items that don't fit go to quarantine with the line they start on;
a category id listed twice keeps the later item."""
from __future__ import annotations

import json
import re

import pyarrow as pa

from movie_lake.lib.schemas import video
from movie_lake.lib.parsers.result import BadFileError, ParseResult, Reject, RowRejected
from movie_lake.lib.parsers.text import decode_landed
from movie_lake.lib.parsers.values import required_int

WHITESPACE = re.compile(r"\s*")


def _located_items(text: str) -> list[tuple[int, object]]:
    """`(line, item)` for each element of the top-level `items` array. Only called on
    text that `json.loads` accepted, so the walk can trust the structure."""
    decoder = json.JSONDecoder()

    def skip(position: int) -> int:
        return WHITESPACE.match(text, position).end()

    position = skip(skip(0) + 1)
    while text[position] != "}":
        key, position = decoder.raw_decode(text, position)
        position = skip(skip(position) + 1)
        if key == "items":
            located, position = [], skip(position + 1)
            while text[position] != "]":
                item, end = decoder.raw_decode(text, position)
                located.append((text.count("\n", 0, position) + 1, item))
                position = skip(end)
                position = skip(position + 1) if text[position] == "," else position
            return located
        _, position = decoder.raw_decode(text, position)
        position = skip(position)
        position = skip(position + 1) if text[position] == "," else position
    return []


def _row(item: object) -> dict:
    if not isinstance(item, dict):
        raise RowRejected(None, "item is not an object")
    snippet = item.get("snippet")
    if not isinstance(snippet, dict):
        raise RowRejected("snippet", "item has no snippet object")
    title = snippet.get("title")
    if not isinstance(title, str) or not title.strip():
        raise RowRejected("title", "snippet.title is missing")
    assignable = snippet.get("assignable")
    if assignable is not None and not isinstance(assignable, bool):
        raise RowRejected("assignable", f"snippet.assignable is not true/false: {assignable!r}")
    return {"category_id": required_int(str(item.get("id") or ""), "category_id"), "title": title, "assignable": assignable}


def parse_video_categories(data: bytes, source_file: str) -> ParseResult:
    text = decode_landed(data, source_file).text
    try:
        document = json.loads(text)
    except ValueError as error:
        raise BadFileError(f"{source_file}: not valid JSON ({error})") from None
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        raise BadFileError(f"{source_file}: no items[] list (expected a videoCategoryListResponse)")
    kept: dict[int, tuple[int, dict, str]] = {}
    rejects: list[Reject] = []
    for line, item in _located_items(text):
        record = json.dumps(item, ensure_ascii=False)
        try:
            row = _row(item)
        except RowRejected as bad:
            rejects.append(Reject(line, bad.reason, bad.field, record))
            continue
        if row["category_id"] in kept:
            earlier, _, earlier_record = kept.pop(row["category_id"])
            reason = f"category id {row['category_id']} listed again at line {line}, which is kept"
            rejects.append(Reject(earlier, reason, "category_id", earlier_record))
        kept[row["category_id"]] = (line, row, record)
    rows = [row for _, row, _ in sorted(kept.values(), key=lambda kept_item: kept_item[0])]
    fields = [f for f in video.VIDEO_CATEGORIES.arrow_schema if f.name != "landed_at"]
    return ParseResult({"video_categories": pa.Table.from_pylist(rows, schema=pa.schema(fields))}, sorted(rejects, key=lambda r: r.line), len(rows) + len(rejects))
