"""The converters of `values`, vectorised over a string column with Arrow compute.

Each returns the typed column and a mask of the rows it is sure of: the rows whose text has
the plain form every real file uses (`116`, `116.0`, `7.2`, `2009-12-10`, ""), for which it
gives exactly what the scalar converter gives. Any other text (whitespace around a number,
`+5`, `1_000`, an impossible date, a blank required field) is left to the scalar converter,
which keeps it or rejects the row with the reason, so the two paths never disagree."""
from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

WHOLE = r"^-?[0-9]{1,18}$"
WHOLE_WITH_ZERO_FRACTION = r"^-?[0-9]{1,15}\.0*$"
DECIMAL = r"^-?[0-9]+(\.[0-9]*)?([eE][-+]?[0-9]+)?$"
ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
NOT_BLANK = r"[\p{L}\p{N}\p{P}\p{S}]"
"""A letter, digit, punctuation mark or symbol: never whitespace to Python's `str.strip`."""
ASCII_BLANK = r"^[ \t\n\r\f\v]*$"


def _sure(mask) -> pa.BooleanArray:
    return pc.fill_null(mask, False)


def _null_where(values: pa.Array, mask) -> pa.Array:
    return pc.if_else(mask, pa.scalar(None, values.type), values)


def text_or_none(column: pa.StringArray) -> tuple[pa.Array, pa.BooleanArray]:
    blank = pc.match_substring_regex(column, ASCII_BLANK)
    sure = pc.or_(blank, pc.match_substring_regex(column, NOT_BLANK))
    return _null_where(column, blank), _sure(sure)


def required_text(column: pa.StringArray) -> tuple[pa.Array, pa.BooleanArray]:
    """Text that must not be blank: a blank one is the scalar converter's to reject."""
    return column, _sure(pc.match_substring_regex(column, NOT_BLANK))


def optional_int(column: pa.StringArray) -> tuple[pa.Array, pa.BooleanArray]:
    empty = pc.equal(column, "")
    whole = pc.match_substring_regex(column, WHOLE)
    zero_fraction = pc.match_substring_regex(column, WHOLE_WITH_ZERO_FRACTION)
    digits = pc.if_else(zero_fraction, pc.replace_substring_regex(column, r"\.0*$", ""), column)
    castable = pc.or_(whole, zero_fraction)
    values = pc.cast(pc.if_else(castable, digits, pa.scalar(None, pa.string())), pa.int64())
    return values, _sure(pc.or_(empty, castable))


def required_int(column: pa.StringArray) -> tuple[pa.Array, pa.BooleanArray]:
    values, sure = optional_int(column)
    return values, _sure(pc.and_(sure, pc.is_valid(values)))


def optional_float(column: pa.StringArray) -> tuple[pa.Array, pa.BooleanArray]:
    empty = pc.equal(column, "")
    decimal = pc.match_substring_regex(column, DECIMAL)
    values = pc.cast(pc.if_else(decimal, column, pa.scalar(None, pa.string())), pa.float64())
    finite = pc.fill_null(pc.is_finite(values), False)
    return values, _sure(pc.or_(empty, pc.and_(decimal, finite)))


def optional_date(column: pa.StringArray) -> tuple[pa.Array, pa.BooleanArray]:
    empty = pc.equal(column, "")
    shaped = _sure(pc.match_substring_regex(column, ISO_DATE))
    try:
        values = pc.cast(pc.if_else(shaped, column, pa.scalar(None, pa.string())), pa.date32())
    except pa.ArrowInvalid:
        return _checked_dates(column, empty, shaped)
    good = pc.and_(shaped, pc.fill_null(pc.greater_equal(pc.year(values), 1), False))
    return pc.if_else(good, values, pa.scalar(None, pa.date32())), _sure(pc.or_(empty, good))


def _checked_dates(column: pa.StringArray, empty, shaped) -> tuple[pa.Array, pa.BooleanArray]:
    """Row by row in effect, for a column holding an impossible date (2015-02-30): `strptime`
    rolls such a date over to March, so a date is sure only when it prints back as its own
    text (and its year is one Python's `date` has)."""
    stamps = pc.strptime(pc.if_else(shaped, column, pa.scalar(None, pa.string())), format="%Y-%m-%d", unit="s",
                         error_is_null=True)
    same = pc.equal(pc.strftime(stamps, format="%Y-%m-%d"), column)
    good = pc.and_(same, pc.greater_equal(pc.year(stamps), 1))
    values = pc.cast(pc.if_else(_sure(good), stamps, pa.scalar(None, stamps.type)), pa.date32())
    return values, _sure(pc.or_(empty, good))
