"""Field converters for text sources. Each raises `RowRejected` naming the field."""
from __future__ import annotations

import json
import re
from datetime import date

from movie_lake.lib.parsers.result import RowRejected


def text_or_none(value: str) -> str | None:
    return value if value.strip() else None


def required_int(value: str, field: str) -> int:
    result = optional_int(value, field)
    if result is None:
        raise RowRejected(field, f"{field} is missing")
    return result


def optional_int(value: str, field: str) -> int | None:
    """Integers, also when written as `116.0`; a fractional or non-numeric value is rejected."""
    value = value.strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        pass
    try:
        number = float(value)
    except ValueError:
        raise RowRejected(field, f"{field} is not a number: {value[:40]!r}") from None
    if not number.is_integer():
        raise RowRejected(field, f"{field} is not a whole number: {value[:40]!r}")
    return int(number)


def optional_float(value: str, field: str) -> float | None:
    value = value.strip()
    if not value:
        return None
    try:
        number = float(value)
    except ValueError:
        raise RowRejected(field, f"{field} is not a number: {value[:40]!r}") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise RowRejected(field, f"{field} is not a finite number: {value[:40]!r}")
    return number


def optional_date(value: str, field: str) -> date | None:
    value = value.strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise RowRejected(field, f"{field} is not a YYYY-MM-DD date: {value[:40]!r}") from None


def json_records(value: str, field: str, required_keys: tuple[str, ...] = ()) -> list[dict]:
    """A JSON array of objects; each object must carry `required_keys` with non-null values."""
    if not value.strip():
        raise RowRejected(field, f"{field} is empty, expected a JSON list")
    try:
        items = json.loads(value)
    except ValueError as error:
        raise RowRejected(field, f"{field} is not valid JSON: {error}") from None
    if not isinstance(items, list) or not all(isinstance(item, dict) for item in items):
        raise RowRejected(field, f"{field} is not a JSON list of objects")
    for position, item in enumerate(items):
        absent = [k for k in required_keys if item.get(k) is None]
        if absent:
            raise RowRejected(field, f"{field} item {position} has no {', '.join(absent)}")
    return items


SPREADSHEET_ERROR = re.compile(r"#(NAME\?|VALUE!|REF!|N/A|DIV/0!|NUM!|NULL!|SPILL!|CALC!)", re.IGNORECASE)
BOOLEANS = {"true": True, "false": False}


def reject_spreadsheet_error(value: str, field: str) -> None:
    """Spreadsheets turn ids like `-abc` into formulas and save the error value instead."""
    if SPREADSHEET_ERROR.fullmatch(value.strip()):
        raise RowRejected(field, f"{field} is a spreadsheet error value {value.strip()!r}, not data")


def required_bool(value: str, field: str) -> bool:
    try:
        return BOOLEANS[value.strip().lower()]
    except KeyError:
        raise RowRejected(field, f"{field} is not True/False: {value[:40]!r}") from None


def required_text(value: str, field: str) -> str:
    if not value.strip():
        raise RowRejected(field, f"{field} is missing")
    return value
