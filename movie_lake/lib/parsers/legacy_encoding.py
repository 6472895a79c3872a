"""Telling which single-byte code page a non-UTF-8 text file was saved in.

Spreadsheets and older tools save CSVs as Western (cp1252, whose printable range is a
superset of Latin-1's) or Cyrillic (cp1251). Both decode almost any byte string, so
validity says little; the letters do. Bytes 0xC0-0xFF are accented Latin letters in
cp1252 and Cyrillic letters in cp1251:

- a Western word mixes ASCII letters with the odd accented one (`café`, `Ærø`);
- a Cyrillic word is made of high bytes only (`привет` is six bytes >= 0xC0).

Each word holding high bytes votes; one code page must win clearly, otherwise the
file is rejected rather than guessed. Files whose high bytes mostly form valid UTF-8
sequences are UTF-8 with damage, not a legacy code page, and are rejected too.

KOI8-R swaps the cases of cp1251 (`Привет` reads `рТЙЧЕФ`), so a cp1251 reading with
many lower-then-upper words is rejected. Other single-byte code pages (cp1250, Mac
Roman) are not told apart from these two.
"""
from __future__ import annotations

import re

WESTERN, CYRILLIC = "cp1252", "cp1251"
WORD = re.compile(rb"[A-Za-z\xa8\xb8\xc0-\xff]+")
HIGH = re.compile(rb"[\x80-\xff]")
ASCII_LETTER = re.compile(rb"[A-Za-z]")
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
INVERTED_CASE = re.compile(rb"[\xe0-\xff][\xc0-\xdf]")
CLEAR_MAJORITY = 0.8
INVERTED_CASE_LIMIT = 0.2


class UnclearEncoding(ValueError):
    """The bytes are not UTF-8 and no single-byte code page fits them clearly."""


def votes(data: bytes) -> tuple[dict[str, int], int]:
    """Words voting for each code page, and how many Cyrillic voters have inverted case."""
    counted = {WESTERN: 0, CYRILLIC: 0}
    inverted = 0
    for word in WORD.finditer(data):
        text = word.group()
        if not HIGH.search(text):
            continue
        if ASCII_LETTER.search(text):
            counted[WESTERN] += 1
        elif len(text) >= 2:
            counted[CYRILLIC] += 1
            inverted += bool(INVERTED_CASE.search(text))
    return counted, inverted


def _decodes(data: bytes, encoding: str) -> str | None:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    return None if CONTROL.search(text) else text


def guess_single_byte(data: bytes) -> tuple[str, str]:
    """`(encoding, text)` for a cp1252 or cp1251 file; `UnclearEncoding` says why not."""
    high_bytes = len(HIGH.findall(data))
    in_utf8 = sum(len(m.group()) for m in UTF8_SEQUENCE.finditer(data))
    if high_bytes and in_utf8 / high_bytes > 0.5:
        raise UnclearEncoding("most non-ASCII bytes are UTF-8 sequences, so this is damaged UTF-8")
    texts = {enc: _decodes(data, enc) for enc in (WESTERN, CYRILLIC)}
    if texts[WESTERN] is not None and texts[WESTERN] == texts[CYRILLIC]:
        return WESTERN, texts[WESTERN]
    counted, inverted = votes(data)
    winner = max(counted, key=counted.get)
    total = sum(counted.values())
    if texts[winner] is None or not total or counted[winner] / total < CLEAR_MAJORITY:
        raise UnclearEncoding(
            f"neither cp1252 nor cp1251 fits clearly (words voting Western {counted[WESTERN]}, Cyrillic {counted[CYRILLIC]})"
        )
    if winner == CYRILLIC and inverted / counted[CYRILLIC] > INVERTED_CASE_LIMIT:
        raise UnclearEncoding(
            f"read as cp1251, {inverted} of {counted[CYRILLIC]} Cyrillic words have inverted case (KOI8-R or another code page?)"
        )
    return winner, texts[winner]
