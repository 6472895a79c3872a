"""Which TV series belong to which franchise: a franchise is a TMDB collection (its films come
with the collection id) plus the series a JSON file names for it, since TMDB links no series
to a collection. The package ships the demo's map; MOVIE_LAKE_FRANCHISE_SERIES_FILE replaces it.

    {"franchises": [{"collection_id": 10, "franchise": "Star Wars Collection",
                     "series": [{"series_id": 900001, "name": "..."}]}]}
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAP = Path(__file__).resolve().parents[1] / "sample" / "franchise_series.json"


@dataclass(frozen=True)
class FranchiseSeries:
    collection_id: int
    franchise: str
    series_id: int


class FranchiseMapError(ValueError):
    """The map file cannot be used; names the file and the entry at fault."""


def load_franchise_series(path: Path | None = None) -> list[FranchiseSeries]:
    path = path or DEFAULT_MAP
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise FranchiseMapError(f"{path}: not a readable JSON file ({error})") from None
    entries = document.get("franchises") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise FranchiseMapError(f'{path}: expected {{"franchises": [...]}}')
    links, owner = [], {}
    for n, entry in enumerate(entries):
        where = f"{path}: franchises[{n}]"
        if not isinstance(entry, dict) or not _is_id(entry.get("collection_id")) or not isinstance(entry.get("series"), list):
            raise FranchiseMapError(f"{where} needs a positive integer collection_id and a series list")
        for m, series in enumerate(entry["series"]):
            series_id = series.get("series_id") if isinstance(series, dict) else None
            if not _is_id(series_id):
                raise FranchiseMapError(f"{where}.series[{m}] needs a positive integer series_id")
            if owner.setdefault(series_id, entry["collection_id"]) != entry["collection_id"]:
                raise FranchiseMapError(f"{where}.series[{m}]: series {series_id} is already in collection {owner[series_id]}")
            links.append(FranchiseSeries(entry["collection_id"], str(entry.get("franchise") or ""), series_id))
    return links


def map_version(path: Path | None = None) -> str:
    """A short hash of the map file, shown as the franchise assets' code version."""
    return hashlib.sha256((path or DEFAULT_MAP).read_bytes()).hexdigest()[:12]


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0
