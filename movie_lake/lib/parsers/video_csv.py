"""Trending-video statistics CSVs (`USvideos.csv`, …), one row per video per trending day.

- Quoting follows the scraper, not RFC 4180 (see `segmented_csv`); tags are a `|`-list
  of quoted tags, and `[none]` means no tags.
- `trending_date` is YY.DD.MM (`17.14.11` is 2017-11-14); `publish_time` is ISO-8601
  with an offset, stored in UTC.
- Descriptions store line breaks as the two characters `\\` `n`; they become real LFs,
  and so do CR/CRLF breaks, so every description uses LF only. A literal backslash
  before an `n` cannot be told from a break; the scraper wrote none on purpose.
- A (video_id, trending_date) seen twice keeps the later line (a later scrape of the
  same day); the earlier one goes to quarantine naming the line that superseded it.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pyarrow as pa

from movie_lake.lib.schemas import video
from movie_lake.lib.parsers.result import ParseResult, Reject, RowRejected
from movie_lake.lib.parsers.segmented_csv import RawRecord, segmented_records, unquote
from movie_lake.lib.parsers.text import decode_landed
from movie_lake.lib.parsers.values import reject_spreadsheet_error, required_bool, required_int, required_text

COLUMNS = (
    "video_id", "trending_date", "title", "channel_title", "category_id", "publish_time", "tags", "views",
    "likes", "dislikes", "comment_count", "thumbnail_link", "comments_disabled", "ratings_disabled",
    "video_error_or_removed", "description",
)
COUNTS = ("views", "likes", "dislikes", "comment_count")
FLAGS = ("comments_disabled", "ratings_disabled", "video_error_or_removed")
VIDEO_ID = re.compile(r"[A-Za-z0-9_-]{11}")
TRENDING_DATE = re.compile(r"(\d{2})\.(\d{2})\.(\d{2})")
TAG = re.compile(r'"((?:[^"]|"")*)"|([^"|]*)')
NO_TAGS = ("", "[none]")
LINE_BREAK = re.compile(r"\r*\n|\r")


def video_id(value: str) -> str:
    reject_spreadsheet_error(value, "video_id")
    if not VIDEO_ID.fullmatch(value):
        raise RowRejected("video_id", f"video_id is not an 11-character video id: {value[:40]!r}")
    return value


def trending_date(value: str) -> date:
    match = TRENDING_DATE.fullmatch(value.strip())
    try:
        if match:
            year, day, month = (int(g) for g in match.groups())
            return date(2000 + year, month, day)
    except ValueError:
        pass
    raise RowRejected("trending_date", f"trending_date is not a valid YY.DD.MM date: {value[:40]!r}")


def publish_time(value: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        parsed = None
    if parsed is None or parsed.tzinfo is None:
        raise RowRejected("publish_time", f"publish_time is not an ISO-8601 time with offset: {value[:40]!r}")
    return parsed.astimezone(timezone.utc)


def tags(raw: str) -> list[str]:
    """`"a"|"b c"` → ["a", "b c"]; a `|` inside quotes belongs to the tag."""
    if raw.strip() in NO_TAGS:
        return []
    found, position = [], 0
    while True:
        match = TAG.match(raw, position)
        quoted, plain = match.groups()
        tag = quoted.replace('""', '"') if quoted is not None else plain
        if tag:
            found.append(tag)
        position = match.end()
        if position == len(raw):
            return found
        if raw[position] != "|":
            raise RowRejected("tags", f"tags are not a |-separated list of quoted tags near {raw[position:position + 30]!r}")
        position += 1


def description(raw: str) -> str | None:
    text = LINE_BREAK.sub("\n", unquote(raw).replace("\\n", "\n"))
    return text if text.strip() else None


def _row(record: RawRecord, header: dict[str, int]) -> dict:
    def get(name: str) -> str:
        return record.fields[header[name]]

    row = {
        "video_id": video_id(unquote(get("video_id"))),
        "trending_date": trending_date(unquote(get("trending_date"))),
        "title": required_text(unquote(get("title")), "title"),
        "channel_title": required_text(unquote(get("channel_title")), "channel_title"),
        "category_id": required_int(unquote(get("category_id")), "category_id"),
        "publish_time": publish_time(unquote(get("publish_time"))),
        "tags": tags(get("tags")),
        "thumbnail_link": unquote(get("thumbnail_link")) or None,
        "description": description(get("description")),
    }
    for name in COUNTS:
        row[name] = required_int(unquote(get(name)), name)
        if row[name] < 0:
            raise RowRejected(name, f"{name} is negative: {row[name]}")
    for name in FLAGS:
        row[name] = required_bool(unquote(get(name)), name)
    return row


def parse_video_stats(data: bytes, source_file: str) -> ParseResult:
    decoded = decode_landed(data, source_file, single_byte_fallback=True)
    header, records = segmented_records(decoded.text, source_file, COLUMNS)
    width = len(header)
    kept: dict[tuple[str, date], tuple[RawRecord, dict]] = {}
    rejects: list[Reject] = []
    for record in records:
        try:
            if record.error:
                raise RowRejected(None, record.error)
            if len(record.fields) != width:
                raise RowRejected(None, f"expected {width} fields, found {len(record.fields)}")
            row = _row(record, header)
        except RowRejected as bad:
            rejects.append(Reject(record.line, bad.reason, bad.field, record.text))
            continue
        key = (row["video_id"], row["trending_date"])
        if key in kept:
            earlier = kept.pop(key)[0]
            rejects.append(Reject(earlier.line, f"duplicate (video_id, trending_date) {key[0]} {key[1]}: line {record.line} is kept", "video_id", earlier.text))
        kept[key] = (record, row)
    rows = [row for _, row in sorted(kept.values(), key=lambda pair: pair[0].line)]
    duplicates = sum(r.reason.startswith("duplicate") for r in rejects)
    return ParseResult(
        {"video_stats": _table(rows)}, sorted(rejects, key=lambda r: r.line), rows_in=len(rows) + len(rejects),
        notes={"encoding": decoded.encoding, "duplicates_resolved": duplicates},
    )


def _table(rows: list[dict]) -> pa.Table:
    fields = [f for f in video.VIDEO_STATS.arrow_schema if f.name != "landed_at"]
    return pa.Table.from_pylist(rows, schema=pa.schema(fields))
