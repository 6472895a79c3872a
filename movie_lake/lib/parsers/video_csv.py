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
from collections.abc import Iterator
from datetime import date, datetime, timezone

import pyarrow as pa
import pyarrow.compute as pc

from movie_lake.lib.parsers import vector_values as vv
from movie_lake.lib.parsers import video_columns as vc
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
    """Records split by the segmented reader, typed column by column (`video_columns`) a batch
    at a time; a record not in the plain form the scraper writes is typed by `_row`, which
    keeps it or says why not. Besides the text, memory holds the typed rows and one batch."""
    decoded = decode_landed(data, source_file, single_byte_fallback=True)
    header, records = segmented_records(decoded.text, source_file, COLUMNS)
    batches, rejects = [], []
    for batch in _batched(records, BATCH_RECORDS):
        typed, batch_rejects = _typed_batch(batch, header)
        batches.append(typed)
        rejects += batch_rejects
    table = pa.concat_tables(batches) if batches else _with_origin(_table([]), [], [])
    table = table.take(pc.sort_indices(table, [(LINE, "ascending")]))
    table, duplicates = _later_of_each_day(table)
    rejects += duplicates
    return ParseResult(
        {"video_stats": table.drop_columns([LINE, RECORD])}, sorted(rejects, key=lambda r: r.line),
        rows_in=table.num_rows + len(rejects), notes={"encoding": decoded.encoding, "duplicates_resolved": len(duplicates)},
    )


BATCH_RECORDS = 4096
LINE, RECORD = "__line", "__record"
"""Columns the typed batches carry until the end: each row's line and its record as landed."""


def _batched(records: Iterator[RawRecord], size: int) -> Iterator[list[RawRecord]]:
    batch = []
    for record in records:
        batch.append(record)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _typed_batch(records: list[RawRecord], header: dict[str, int]) -> tuple[pa.Table, list[Reject]]:
    whole = [r for r in records if not r.error and len(r.fields) == len(header)]
    values, sure = _typed_columns({name: pa.array([r.fields[header[name]] for r in whole], pa.string()) for name in COLUMNS})
    sure_rows = sure.to_pylist()
    kept = [r for r, ok in zip(whole, sure_rows) if ok]
    typed = _with_origin(pa.table(values).filter(sure).cast(_schema()), [r.line for r in kept], [r.text for r in kept])
    rows, scalar, rejects = [], [], []
    for record in [r for r, ok in zip(whole, sure_rows) if not ok] + [r for r in records if r.error or len(r.fields) != len(header)]:
        try:
            rows.append(_checked_row(record, header))
            scalar.append(record)
        except RowRejected as bad:
            rejects.append(Reject(record.line, bad.reason, bad.field, record.text))
    by_row = _with_origin(_table(rows), [r.line for r in scalar], [r.text for r in scalar])
    return pa.concat_tables([typed, by_row]), rejects


def _with_origin(table: pa.Table, lines: list[int], texts: list[str]) -> pa.Table:
    return table.append_column(LINE, pa.array(lines, pa.int64())).append_column(RECORD, pa.array(texts, pa.string()))


def parse_video_stats_by_rows(data: bytes, source_file: str) -> ParseResult:
    """The reference: every record typed by `_row` (the differential test's other side)."""
    decoded = decode_landed(data, source_file, single_byte_fallback=True)
    header, records = segmented_records(decoded.text, source_file, COLUMNS)
    kept: dict[tuple[str, date], tuple[RawRecord, dict]] = {}
    rejects: list[Reject] = []
    for record in records:
        try:
            row = _checked_row(record, header)
        except RowRejected as bad:
            rejects.append(Reject(record.line, bad.reason, bad.field, record.text))
            continue
        key = (row["video_id"], row["trending_date"])
        if key in kept:
            earlier = kept.pop(key)[0]
            rejects.append(_superseded(earlier.line, earlier.text, key, record.line))
        kept[key] = (record, row)
    rows = [row for _, row in sorted(kept.values(), key=lambda pair: pair[0].line)]
    duplicates = sum(r.reason.startswith("duplicate") for r in rejects)
    return ParseResult(
        {"video_stats": _table(rows)}, sorted(rejects, key=lambda r: r.line), rows_in=len(rows) + len(rejects),
        notes={"encoding": decoded.encoding, "duplicates_resolved": duplicates},
    )


def _checked_row(record: RawRecord, header: dict[str, int]) -> dict:
    if record.error:
        raise RowRejected(None, record.error)
    if len(record.fields) != len(header):
        raise RowRejected(None, f"expected {len(header)} fields, found {len(record.fields)}")
    return _row(record, header)


def _superseded(earlier_line: int, earlier_text: str, key: tuple[str, date], line: int) -> Reject:
    return Reject(earlier_line, f"duplicate (video_id, trending_date) {key[0]} {key[1]}: line {line} is kept", "video_id", earlier_text)


def _later_of_each_day(table: pa.Table) -> tuple[pa.Table, list[Reject]]:
    """A (video_id, trending_date) seen again keeps the later line; the earlier one is rejected
    (`table` in line order)."""
    days = table.group_by(["video_id", "trending_date"], use_threads=False).aggregate([(LINE, "count")])
    if pc.max(days[f"{LINE}_count"]).as_py() in (None, 1):
        return table, []
    latest: dict[tuple[str, date], int] = {}
    rejects = []
    lines = table[LINE].to_pylist()
    for position, key in enumerate(zip(table["video_id"].to_pylist(), table["trending_date"].to_pylist())):
        if key in latest:
            earlier = latest[key]
            rejects.append(_superseded(lines[earlier], table[RECORD][earlier].as_py(), key, lines[position]))
        latest[key] = position
    return table.take(pa.array(sorted(latest.values()), pa.int64())), rejects


def _typed_columns(raw: dict[str, pa.StringArray]) -> tuple[dict[str, pa.Array], pa.BooleanArray]:
    """The columns `_row` gives, and the records whose every field had a form `video_columns` is sure of."""
    values, sure = {}, []
    text = {}
    for name in COLUMNS:
        if name not in ("tags", "description"):
            text[name], known = vc.unquoted(raw[name])
            sure.append(known)

    def typed(name: str, pair) -> None:
        values[name] = pair[0]
        sure.append(pair[1])

    typed("video_id", (text["video_id"], pc.fill_null(pc.match_substring_regex(text["video_id"], vc.VIDEO_ID), False)))
    typed("trending_date", vc.trending_dates(text["trending_date"]))
    typed("title", vv.required_text(text["title"]))
    typed("channel_title", vv.required_text(text["channel_title"]))
    typed("category_id", vv.required_int(text["category_id"]))
    typed("publish_time", vc.publish_times(text["publish_time"]))
    typed("tags", vc.tag_lists(raw["tags"]))
    for name in COUNTS:
        counts, known = vv.required_int(text[name])
        typed(name, (counts, pc.and_(known, pc.fill_null(pc.greater_equal(counts, 0), False))))
    empty = pc.equal(text["thumbnail_link"], "")
    typed("thumbnail_link", (pc.if_else(empty, pa.scalar(None, pa.string()), text["thumbnail_link"]), pc.is_valid(empty)))
    for name in FLAGS:
        typed(name, vc.flags(text[name]))
    typed("description", vc.descriptions(raw["description"]))
    every = sure[0]
    for known in sure[1:]:
        every = pc.and_(every, known)
    return {f.name: values[f.name] for f in _schema()}, every


def _schema() -> pa.Schema:
    return pa.schema([f for f in video.VIDEO_STATS.arrow_schema if f.name != "landed_at"])


def _table(rows: list[dict]) -> pa.Table:
    return pa.Table.from_pylist(rows, schema=_schema())
