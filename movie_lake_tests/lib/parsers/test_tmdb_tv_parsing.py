"""TMDB TV answers: series typed, aggregate credits flattened to one row per person and role,
bad answers quarantined with the field at fault."""
from __future__ import annotations

import gzip
import json

from movie_lake.lib.parsers.tmdb_tv import parse_tv_details


def _answer(**changes) -> dict:
    answer = {
        "id": 1, "name": "Show", "first_air_date": "1995-09-08", "last_air_date": "1997-09-08", "number_of_seasons": 3,
        "number_of_episodes": 66, "in_production": False, "status": "Ended", "popularity": 12.5, "vote_average": 7.2,
        "vote_count": 40, "genres": [{"id": 10765, "name": "Sci-Fi & Fantasy"}], "networks": [{"id": 6, "name": "NBC"}],
        "external_ids": {"imdb_id": "tt9900001"}, "keywords": {"results": [{"id": 9882, "name": "space"}]},
        "aggregate_credits": {
            "cast": [{"id": 10, "name": "Ann Lee", "gender": 1, "order": 0, "roles": [
                {"credit_id": "c1", "character": "Captain", "episode_count": 60},
                {"credit_id": "c2", "character": "Captain (voice)", "episode_count": 2}]}],
            "crew": [{"id": 11, "name": "Dee Rector", "gender": 2, "department": "Directing",
                      "jobs": [{"credit_id": "w1", "job": "Director", "episode_count": 8}]}],
        },
    }
    answer.update(changes)
    return answer


def _lines(*answers) -> bytes:
    return gzip.compress(b"".join(json.dumps(a).encode() + b"\n" for a in answers))


def test_a_series_and_one_row_per_person_and_role():
    result = parse_tv_details(_lines(_answer()), "fetched.jsonl.gz")
    (series,) = result["tmdb_tv_series"].to_pylist()
    assert series["imdb_id"] == "tt9900001" and series["networks"] == [{"id": 6, "name": "NBC"}]
    assert series["keywords"] == [{"id": 9882, "name": "space"}] and series["number_of_episodes"] == 66
    cast = result["tmdb_tv_cast"].to_pylist()
    assert [(c["credit_id"], c["character"], c["episode_count"]) for c in cast] == [("c1", "Captain", 60), ("c2", "Captain (voice)", 2)]
    assert result["tmdb_tv_crew"].to_pylist()[0]["job"] == "Director"


def test_bad_answers_are_quarantined_and_the_counts_add_up():
    result = parse_tv_details(_lines(
        _answer(), _answer(id=None), _answer(id=3, number_of_seasons="three"),
        _answer(id=4, aggregate_credits={"cast": [{"id": 10, "name": "X", "roles": [{"character": "no id"}]}]}),
    ) + gzip.compress(b"not json\n"), "fetched.jsonl.gz")
    assert result.rows_in == 5 and result.rows_out == 1 and result.rows_in == result.rows_out + len(result.rejects)
    assert [(r.line, r.field) for r in result.rejects] == [(2, "id"), (3, "number_of_seasons"), (4, "roles"), (5, None)]
    assert result.rejects[2].reason == "roles item 0 has no credit_id"
