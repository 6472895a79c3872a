"""The trending-video converters of `video_csv`, vectorised over the raw fields of many records.

Each converter gives a typed column and a mask of the records it is sure of;
`video_csv._typed_columns` puts them together. A record is sure when every field has the plain
form the scraper writes (a fully quoted or unquoted value, tags as a `"a"|"b"` list, `17.14.11`,
`2017-11-13T17:13:01.000Z`, `748374`, `False`). For those the result is exactly what
`video_csv._row` gives; every other record goes through `_row`, which keeps it or rejects it with
the reason, so the two paths never disagree (`test_video_readers_agree`)."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

from movie_lake.lib.parsers import vector_values as vv

QUOTED = r'^"(?:[^"]|"")*"$'
UNQUOTED = r'^[^"]*$'
VIDEO_ID = r"^[A-Za-z0-9_-]{11}$"
TRENDING_DATE = r"^([0-9]{2})\.([0-9]{2})\.([0-9]{2})$"
PUBLISH_TIME = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](\.[0-9]{1,6})?(Z|[-+]([01][0-9]|2[0-3]):[0-5][0-9])$"
QUOTED_TAGS = r'^"[^"]*"(?:\|"[^"]*")*$'
"""Every tag quoted, none holding a quote: then `"|"` is only ever between two tags."""
BOOLEANS = {"True": True, "False": False, "true": True, "false": False}


def _sure(mask) -> pa.BooleanArray:
    return pc.fill_null(mask, False)


def unquoted(raw: pa.StringArray) -> tuple[pa.Array, pa.BooleanArray]:
    """`segmented_csv.unquote` for a fully quoted or an unquoted field."""
    quoted = _sure(pc.match_substring_regex(raw, QUOTED))
    inner = pc.replace_substring(pc.utf8_slice_codeunits(raw, 1, -1), '""', '"')
    return pc.if_else(quoted, inner, raw), pc.or_(quoted, _sure(pc.match_substring_regex(raw, UNQUOTED)))


def trending_dates(text: pa.StringArray) -> tuple[pa.Array, pa.BooleanArray]:
    """YY.DD.MM, 2000 + YY."""
    shaped = _sure(pc.match_substring_regex(text, TRENDING_DATE))
    iso = pc.replace_substring_regex(pc.if_else(shaped, text, pa.scalar("", pa.string())), TRENDING_DATE, r"20\1-\3-\2")
    values, sure = vv.optional_date(iso)
    return values, pc.and_(shaped, sure)


def publish_times(text: pa.StringArray) -> tuple[pa.Array, pa.BooleanArray]:
    """ISO-8601 with an offset (or Z), in UTC; a date that does not exist is the scalar path's."""
    shaped = _sure(pc.match_substring_regex(text, PUBLISH_TIME))
    _, real_day = vv.optional_date(pc.if_else(shaped, pc.utf8_slice_codeunits(text, 0, 10), pa.scalar("", pa.string())))
    year_known = _sure(pc.greater_equal(pc.utf8_slice_codeunits(text, 0, 4), "1000"))
    sure = pc.and_(pc.and_(shaped, real_day), year_known)
    values = pc.cast(pc.if_else(sure, text, pa.scalar(None, pa.string())), pa.timestamp("us", tz="UTC"))
    return values, sure


def tag_lists(raw: pa.StringArray) -> tuple[pa.Array, pa.BooleanArray]:
    """`"a"|"b"` or a plain `a|b` as a list, empty tags left out; `[none]` and "" are no tags."""
    none = pc.or_(pc.equal(raw, ""), pc.equal(raw, "[none]"))
    quoted = _sure(pc.match_substring_regex(raw, QUOTED_TAGS))
    # a plain list that could strip to "" or "[none]" (Python's whitespace is wider than RE2's) is the scalar path's
    plain = pc.and_(_sure(pc.match_substring_regex(raw, UNQUOTED)),
                    pc.and_(_sure(pc.match_substring_regex(raw, vv.NOT_BLANK)), pc.invert(pc.match_substring(raw, "[none]"))))
    inner = pc.if_else(quoted, pc.utf8_slice_codeunits(raw, 1, -1), raw)
    split = pc.if_else(quoted, pc.split_pattern(inner, '"|"'), pc.split_pattern(inner, "|"))
    split = pc.if_else(none, pa.scalar([], pa.list_(pa.string())), split)
    return _without_empty_items(split), pc.or_(none, pc.or_(quoted, plain))


def _without_empty_items(lists: pa.ListArray) -> pa.ListArray:
    offsets = pc.subtract(lists.offsets, lists.offsets[0])
    items = lists.values.slice(lists.offsets[0].as_py(), offsets[-1].as_py())
    kept = pc.not_equal(items, "")
    kept_before = pa.concat_arrays([pa.array([0], pa.int64()), pc.cumulative_sum(pc.cast(kept, pa.int64()))])
    return pa.ListArray.from_arrays(pc.cast(pc.take(kept_before, offsets), pa.int32()), pc.filter(items, kept))


def descriptions(raw: pa.StringArray) -> tuple[pa.Array, pa.BooleanArray]:
    """`\\n` pairs and CR/CRLF breaks become LF; a blank description is null."""
    text, sure = unquoted(raw)
    text = pc.replace_substring_regex(pc.replace_substring(text, "\\n", "\n"), r"\r*\n|\r", "\n")
    values, known = vv.text_or_none(text)
    return values, pc.and_(sure, known)


def flags(text: pa.StringArray) -> tuple[pa.Array, pa.BooleanArray]:
    sure = pc.is_in(text, pa.array(list(BOOLEANS)))
    return pc.is_in(text, pa.array([k for k, v in BOOLEANS.items() if v])), _sure(sure)
