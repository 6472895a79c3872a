"""TMDB's daily id export (gzip JSON Lines, one `{"id": N, ...}` per title): the ids to crawl."""
from __future__ import annotations

import gzip
import json
import zlib
from dataclasses import dataclass, field

from movie_lake.lib.parsers.result import BadFileError, Reject


@dataclass
class ExportIds:
    ids: list[int]
    """Ascending, each once; adult titles left out unless asked for."""
    lines: int = 0
    adult_left_out: int = 0
    rejects: list[Reject] = field(default_factory=list)


def read_id_export(data: bytes, file_name: str, include_adult: bool = False) -> ExportIds:
    """Every id of the export; a line that is not a title with a positive int id is set aside
    with its line number (lines = ids + adult left out + rejects + duplicates)."""
    try:
        text = gzip.decompress(data)
    except (OSError, EOFError, zlib.error) as error:
        raise BadFileError(f"{file_name}: not a readable gzip file ({error})") from None
    ids: set[int] = set()
    result = ExportIds(ids=[])
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        result.lines += 1
        try:
            record = json.loads(line)
        except ValueError as error:
            result.rejects.append(Reject(number, f"not valid JSON: {error}", None, line.decode("utf-8", "replace")))
            continue
        title_id = record.get("id") if isinstance(record, dict) else None
        if isinstance(title_id, bool) or not isinstance(title_id, int) or title_id <= 0:
            result.rejects.append(Reject(number, "no positive integer id", "id", line.decode("utf-8", "replace")))
            continue
        if record.get("adult") is True and not include_adult:
            result.adult_left_out += 1
            continue
        ids.add(title_id)
    result.ids = sorted(ids)
    return result
