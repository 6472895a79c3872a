"""Shape rows of the Kaggle files like TMDB API ``/movie/{id}?append_to_response=credits,keywords`` responses.

Fields the Kaggle files do not hold are null (``backdrop_path``, ``logo_path``,
``poster_path`` for TMDB 5000-only movies). Two fields are derived, not copied:
``origin_country`` is the ISO codes of ``production_countries``, and a person's
``known_for_department`` is the department they are credited in most often across
the credits file ("Acting" for a cast credit).
"""

from __future__ import annotations

from collections import Counter
from typing import Any, Iterable, Optional


def _int_or_none(text: str) -> Optional[int]:
    return int(float(text)) if text else None


def _float(text: str) -> float:
    return float(text) if text else 0.0


def _companies(companies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{"id": c["id"], "logo_path": None, "name": c["name"], "origin_country": ""} for c in companies]


def _collection(collection: Optional[dict[str, Any]]) -> Optional[dict[str, Any]]:
    if collection is None:
        return None
    keys = ("id", "name", "poster_path", "backdrop_path")
    return {key: collection.get(key) for key in keys}


def movie_details(
    row: dict[str, Any],
    *,
    collection: Optional[dict[str, Any]],
    imdb_id: Optional[str],
    poster_path: Optional[str],
    keywords: list[dict[str, Any]],
    credits: dict[str, list[dict[str, Any]]],
) -> dict[str, Any]:
    """A details payload from a TMDB 5000 or metadata-head row (both use the same column names)."""
    countries = row["production_countries"]
    return {
        "adult": False,
        "backdrop_path": None,
        "belongs_to_collection": _collection(collection),
        "budget": int(row["budget"] or 0),
        "genres": [{"id": g["id"], "name": g["name"]} for g in row["genres"]],
        "homepage": row["homepage"],
        "id": int(row["id"]),
        "imdb_id": imdb_id,
        "origin_country": [c["iso_3166_1"] for c in countries],
        "original_language": row["original_language"],
        "original_title": row["original_title"],
        "overview": row["overview"],
        "popularity": _float(row["popularity"]),
        "poster_path": poster_path or None,
        "production_companies": _companies(row["production_companies"]),
        "production_countries": [{"iso_3166_1": c["iso_3166_1"], "name": c["name"]} for c in countries],
        "release_date": row["release_date"],
        "revenue": int(row["revenue"] or 0),
        "runtime": _int_or_none(row["runtime"]),
        "spoken_languages": [{"iso_639_1": s["iso_639_1"], "name": s["name"]} for s in row["spoken_languages"]],
        "status": row["status"] or None,
        "tagline": row["tagline"],
        "title": row["title"],
        "video": False,
        "vote_average": _float(row["vote_average"]),
        "vote_count": int(row["vote_count"] or 0),
        "credits": credits,
        "keywords": {"keywords": [{"id": k["id"], "name": k["name"]} for k in keywords]},
    }


def known_for_departments(all_credits: Iterable[dict[str, list[dict[str, Any]]]]) -> dict[int, str]:
    """Each person's most frequent department over all credits; ties go to the alphabetically first."""
    votes: dict[int, Counter] = {}
    for credits in all_credits:
        for member in credits["cast"]:
            votes.setdefault(member["id"], Counter())["Acting"] += 1
        for member in credits["crew"]:
            votes.setdefault(member["id"], Counter())[member["department"]] += 1
    return {
        person_id: min(counter.items(), key=lambda item: (-item[1], item[0]))[0]
        for person_id, counter in votes.items()
    }


def api_credits(credits: dict[str, list[dict[str, Any]]], departments: dict[int, str]) -> dict[str, list]:
    """Cast and crew items shaped like the API's, ``known_for_department`` added."""
    cast = [
        {
            "adult": False,
            "gender": c["gender"],
            "id": c["id"],
            "known_for_department": departments.get(c["id"], "Acting"),
            "name": c["name"],
            "original_name": c["name"],
            "cast_id": c["cast_id"],
            "character": c["character"],
            "credit_id": c["credit_id"],
            "order": c["order"],
        }
        for c in credits["cast"]
    ]
    crew = [
        {
            "adult": False,
            "gender": c["gender"],
            "id": c["id"],
            "known_for_department": departments.get(c["id"], c["department"]),
            "name": c["name"],
            "original_name": c["name"],
            "credit_id": c["credit_id"],
            "department": c["department"],
            "job": c["job"],
        }
        for c in credits["crew"]
    ]
    return {"cast": cast, "crew": crew}
