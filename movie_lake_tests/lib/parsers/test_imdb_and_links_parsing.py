"""IMDb's TSV files and The Movies Dataset's links.csv: every record typed or quarantined with
its line, field and reason, on crafted damage and on the real shared files."""
from __future__ import annotations

import gzip

import pytest

from movie_lake.lib.parsers.imdb import parse_movie_links, parse_title_basics, parse_title_ratings
from movie_lake.lib.parsers.result import BadFileError

RATINGS_HEADER = b"tconst\taverageRating\tnumVotes\n"
BASICS_HEADER = b"tconst\ttitleType\tprimaryTitle\toriginalTitle\tisAdult\tstartYear\tendYear\truntimeMinutes\tgenres\n"


def _accounted(result) -> None:
    assert result.rows_in == result.rows_out + len(result.rejects)


def test_ratings_rows_are_typed_and_each_bad_row_is_named():
    data = RATINGS_HEADER + (
        b"tt0000001\t5.8\t1296\n"
        b"x123\t6.0\t10\n"           # line 3: not an IMDb id
        b"tt0000003\t11.0\t5\n"      # line 4: rating out of range
        b"tt0000004\t\\N\t5\n"       # line 5: required rating missing
        b"tt0000005\t7.1\n"          # line 6: a field short
        b"\n"                        # line 7: blank, not a record
        b"tt0000006\t7.0\tmany\n"    # line 8: votes not a number
        b"tt0000001\t6.1\t1300\n"    # line 9: repeats line 2's id: the later wins
    )
    result = parse_title_ratings(data, "title.ratings.tsv")
    _accounted(result)
    assert result.table.to_pylist() == [{"imdb_id": "tt0000001", "imdb_rating": 6.1, "imdb_votes": 1300}]
    assert [(r.line, r.field) for r in result.rejects] == [
        (2, "imdb_id"), (3, "tconst"), (4, "averageRating"), (5, "averageRating"), (6, None), (8, "numVotes")]
    reasons = {r.line: r.reason for r in result.rejects}
    assert reasons[4] == "averageRating should be a decimal number from 1 to 10, got '11.0'"
    assert reasons[5] == "averageRating is missing" and reasons[6] == "expected 3 fields, found 2"
    assert "line 9 is kept" in reasons[2]
    assert result.rejects[1].record == "x123\t6.0\t10"


def test_basics_read_quotes_literally_nulls_as_null_and_genres_as_a_list():
    data = BASICS_HEADER + (
        'tt0000009\tmovie\t"Miss Jerry" (the "original")\tMiss Jerry\t0\t1894\t\\N\t45\tRomance\n'
        "tt0000010\ttvSeries\tA Show\tA Show\t1\t1990\t1995\t\\N\tComedy,Drama\n"
        "tt0000011\tshort\tNo Year\t\\N\t0\t\\N\t\\N\t\\N\t\\N\n"
        "tt0000012\tmovie\tBad Year\tBad Year\t0\t19x4\t\\N\t10\tDrama\n"
    ).encode("utf-8")
    result = parse_title_basics(gzip.compress(data), "title.basics.tsv.gz")
    _accounted(result)
    rows = {r["imdb_id"]: r for r in result.table.to_pylist()}
    assert rows["tt0000009"]["primary_title"] == '"Miss Jerry" (the "original")'
    assert rows["tt0000010"]["genres"] == ["Comedy", "Drama"] and rows["tt0000010"]["is_adult"] is True
    assert rows["tt0000011"]["start_year"] is None and rows["tt0000011"]["genres"] is None
    assert [(r.line, r.field, r.reason) for r in result.rejects] == [(5, "startYear", "startYear should be a whole number from 1800 to 2200, got '19x4'")]


def test_links_prefix_imdb_ids_keep_an_empty_tmdb_id_as_null_and_read_crlf():
    data = b"movieId,imdbId,tmdbId\r\n1,0114709,862\r\n142,0094878,\r\n143,tt01,5\r\n"
    result = parse_movie_links(data, "links.csv")
    _accounted(result)
    assert result.table.to_pylist() == [
        {"movielens_id": 1, "imdb_id": "tt0114709", "tmdb_id": 862},
        {"movielens_id": 142, "imdb_id": "tt0094878", "tmdb_id": None},
    ]
    assert [(r.line, r.field) for r in result.rejects] == [(4, "imdbId")]


def test_a_file_with_the_wrong_header_or_no_lines_is_refused_by_name():
    with pytest.raises(BadFileError, match="ratings.tsv: header should be"):
        parse_title_ratings(b"tconst,averageRating,numVotes\ntt1,5,5\n", "ratings.tsv")
    with pytest.raises(BadFileError, match="empty.tsv"):
        parse_title_ratings(b"", "empty.tsv")


@pytest.mark.shared_data
def test_the_real_imdb_and_links_files_go_through_with_exact_accounting(shared_data):
    ratings = parse_title_ratings(open(shared_data / "imdb" / "title.ratings.tsv.gz", "rb"), "title.ratings.tsv.gz")
    assert (ratings.rows_in, ratings.rows_out, len(ratings.rejects)) == (755_460, 755_460, 0)
    table = ratings.table
    assert table.column("imdb_votes").to_pylist()[table.column("imdb_id").index("tt0111161").as_py()] == 1_842_621
    basics = parse_title_basics(open(shared_data / "imdb" / "title.basics_head.tsv.gz", "rb"), "title.basics.tsv.gz")
    assert (basics.rows_in, basics.rows_out, len(basics.rejects)) == (29_885, 29_885, 0)
    assert basics.table.column("start_year").null_count == 1 and basics.table.column("genres").null_count == 2_123
    links = parse_movie_links(open(shared_data / "the_movies_dataset" / "links.csv.gz", "rb"), "links.csv.gz")
    assert (links.rows_in, links.rows_out, len(links.rejects)) == (45_843, 45_843, 0)
    assert links.table.column("tmdb_id").null_count == 219
