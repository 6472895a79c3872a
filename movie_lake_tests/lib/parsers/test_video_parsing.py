"""The video parsers on crafted files: the scraper's quoting, encodings, and every kind of damage."""
import gzip
import json
from datetime import date, datetime, timezone

import pytest

from movie_lake.lib.parsers.result import BadFileError
from movie_lake.lib.parsers.video_categories import parse_video_categories
from movie_lake.lib.parsers.video_csv import COLUMNS, parse_video_stats

HEADER = ",".join(COLUMNS)


def record(video_id="2kyS6SvSYSE", trending="17.14.11", title="A title", tags='"one"|"two"', description="first\\nsecond", **over) -> str:
    values = {
        "video_id": video_id, "trending_date": trending, "title": f'"{title}"', "channel_title": '"Chan"',
        "category_id": "22", "publish_time": "2017-11-13T17:13:01.000Z", "tags": tags, "views": "748374",
        "likes": "57527", "dislikes": "2966", "comment_count": "15954",
        "thumbnail_link": f"https://i.ytimg.com/vi/{video_id}/default.jpg", "comments_disabled": "False",
        "ratings_disabled": "False", "video_error_or_removed": "False", "description": f'"{description}"',
    }
    values.update(over)
    return ",".join(values[c] for c in COLUMNS)


def csv_bytes(*records: str, newline="\r\n", encoding="utf-8", final_newline=True) -> bytes:
    text = newline.join([HEADER, *records]) + (newline if final_newline else "")
    return text.encode(encoding)


def rows(data: bytes, name="USvideos.csv"):
    parsed = parse_video_stats(data, name)
    assert parsed.rows_in == parsed.rows_out + len(parsed.rejects)
    return parsed


def test_a_clean_row_is_typed():
    parsed = rows(csv_bytes(record()))
    [row] = parsed.table.to_pylist()
    assert row["trending_date"] == date(2017, 11, 14)
    assert row["publish_time"] == datetime(2017, 11, 13, 17, 13, 1, tzinfo=timezone.utc)
    assert (row["views"], row["likes"], row["dislikes"], row["comment_count"]) == (748374, 57527, 2966, 15954)
    assert row["comments_disabled"] is False and row["tags"] == ["one", "two"]
    assert row["description"] == "first\nsecond"
    assert parsed.notes == {"encoding": "utf-8", "duplicates_resolved": 0}


def test_publish_time_with_an_offset_is_stored_in_utc():
    [row] = rows(csv_bytes(record(publish_time="2017-11-13T19:13:01+02:00"))).table.to_pylist()
    assert row["publish_time"] == datetime(2017, 11, 13, 17, 13, 1, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("[none]", []),
        ("", []),
        ('"solo tag"', ["solo tag"]),
        ('"a"|"b, with comma"|"c"', ["a", "b, with comma", "c"]),
        ('"Getting My Driver\'s License | Lele Pons"|"x"', ["Getting My Driver's License | Lele Pons", "x"]),
    ],
)
def test_tags_split_into_the_right_list(raw, expected):
    [row] = rows(csv_bytes(record(tags=raw))).table.to_pylist()
    assert row["tags"] == expected


def test_bare_crs_do_not_split_records_and_line_breaks_become_lf():
    description = "site.com\r\\nSubscribe\r\r\\nbye\\\\nend"
    parsed = rows(csv_bytes(record(description=description), record(video_id="-abcdefghij")))
    assert parsed.rows_out == 2
    assert parsed.table.column("description")[0].as_py() == "site.com\nSubscribe\nbye\\\nend"


def test_real_newlines_inside_quotes_with_lf_endings_and_no_final_newline():
    data = csv_bytes(record(description="line one\nline two"), record(video_id="xxxxxxxxxxx"), newline="\n", final_newline=False)
    parsed = rows(data)
    assert parsed.rows_out == 2 and parsed.table.column("description")[0].as_py() == "line one\nline two"


def test_gzip_and_a_utf8_bom():
    data = gzip.compress(b"\xef\xbb\xbf" + csv_bytes(record(title="Caf\u00e9 \U0001F600")))
    parsed = rows(data, "GBvideos.csv.gz")
    assert parsed.table.column("title")[0].as_py() == "Caf\u00e9 \U0001F600"
    assert parsed.notes["encoding"] == "utf-8-sig"


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_western_single_byte_files_decode_correctly(encoding):
    titles = ["Café crème à Noël", "Ærø Größe Ñandú", "L’été « très » cher" if encoding == "cp1252" else "Çà et là, déjà"]
    data = csv_bytes(*(record(video_id=f"abcdefghij{i}", title=t) for i, t in enumerate(titles)), encoding=encoding)
    parsed = rows(data, "FRvideos.csv")
    assert parsed.table.column("title").to_pylist() == titles
    assert parsed.notes["encoding"] == "cp1252"


def test_cyrillic_cp1251_file_decodes_correctly():
    titles = ["Привет, мир! Новости дня", "Ёлка и ёж — «СРОЧНО»", "Київ і Львів: iPhone 8"]
    data = csv_bytes(*(record(video_id=f"abcdefghij{i}", title=t) for i, t in enumerate(titles)), encoding="cp1251")
    parsed = rows(data, "RUvideos.csv")
    assert parsed.table.column("title").to_pylist() == titles
    assert parsed.notes["encoding"] == "cp1251"


@pytest.mark.parametrize(
    "data, message",
    [
        (csv_bytes(record(title="Привет мир как дела. Новости Москвы"), encoding="koi8-r"), "inverted case"),
        (csv_bytes(record(title="東京 Привет café")).replace("東".encode(), b"\xe6\x9d"), "damaged UTF-8"),
        (csv_bytes(record(title="price £5")).replace("£".encode(), b"\xa3"), "neither cp1252 nor cp1251"),
    ],
)
def test_files_in_no_clear_encoding_are_rejected_naming_the_file(data, message):
    with pytest.raises(BadFileError, match=rf"^RUvideos\.csv: not valid UTF-8 at line 2 .*{message}"):
        parse_video_stats(data, "RUvideos.csv")


def test_a_missing_column_fails_the_file_naming_it():
    data = csv_bytes(record()).replace(b"dislikes,", b"", 1)
    with pytest.raises(BadFileError, match="USvideos.csv: header is missing columns: dislikes"):
        parse_video_stats(data, "USvideos.csv")


def test_damaged_rows_go_to_quarantine_with_line_field_and_reason():
    data = csv_bytes(
        record(video_id="aaaaaaaaaaa"),
        record(video_id="#NAME?"),
        record(video_id="bbbbbbbbbbb", trending="17.32.11"),
        record(video_id="ccccccccccc") + ",extra",
        record(video_id="ddddddddddd", views="12k"),
        record(video_id="eeeeeeeeeee", comments_disabled="maybe"),
        record(video_id="fffffffffff", tags='"a"x"b"'),
        record(video_id="ggggggggggg"),
        newline="\n",
    )
    truncated = data + record(video_id="hhhhhhhhhhh", description="cut off he").encode()[:-1]
    parsed = rows(truncated)
    assert parsed.table.column("video_id").to_pylist() == ["aaaaaaaaaaa", "ggggggggggg"]
    got = [(r.line, r.field, r.reason) for r in parsed.rejects]
    assert got == [
        (3, "video_id", "video_id is a spreadsheet error value '#NAME?', not data"),
        (4, "trending_date", "trending_date is not a valid YY.DD.MM date: '17.32.11'"),
        (5, None, "expected 16 fields, found 17"),
        (6, "views", "views is not a number: '12k'"),
        (7, "comments_disabled", "comments_disabled is not True/False: 'maybe'"),
        (8, "tags", "tags are not a |-separated list of quoted tags near 'x\"b\"'"),
        (10, None, "a quoted field is never closed (truncated record?)"),
    ]
    assert parsed.rejects[0].record == record(video_id="#NAME?")
    assert parsed.rows_in == 9


def test_a_truncated_numeric_field_is_a_short_record():
    data = csv_bytes(record(), final_newline=False) + b"\r\nzzzzzzzzzzz,17.14.11,\"t\",\"c\",22,2017-11-13T17:13:01.000Z,\"x\",74"
    parsed = rows(data)
    assert parsed.rows_out == 1 and [(r.line, r.reason) for r in parsed.rejects] == [(3, "expected 16 fields, found 8")]


def test_a_duplicate_video_day_keeps_the_later_line_and_is_counted():
    data = csv_bytes(record(views="10"), record(video_id="xxxxxxxxxxx"), record(views="20"))
    parsed = rows(data)
    assert parsed.table.select(["video_id", "views"]).to_pylist() == [
        {"video_id": "xxxxxxxxxxx", "views": 748374}, {"video_id": "2kyS6SvSYSE", "views": 20}
    ]
    [duplicate] = parsed.rejects
    assert duplicate.line == 2 and "line 4 is kept" in duplicate.reason
    assert parsed.notes["duplicates_resolved"] == 1


def categories_json(*items) -> bytes:
    return json.dumps({"kind": "youtube#videoCategoryListResponse", "etag": '"\\"x\\""', "items": list(items)}, indent=2).encode()


def item(category_id, title, assignable=True):
    return {"kind": "youtube#videoCategory", "id": category_id, "snippet": {"channelId": "UCBR8", "title": title, "assignable": assignable}}


def test_category_items_flatten_and_bad_items_are_quarantined_with_their_line():
    parsed = parse_video_categories(
        categories_json(item("1", "Film & Animation"), item("x", "Bad id"), item("43", "Shows", False), {"id": "44"}),
        "US_category_id.json",
    )
    assert parsed.table.to_pylist() == [
        {"category_id": 1, "title": "Film & Animation", "assignable": True},
        {"category_id": 43, "title": "Shows", "assignable": False},
    ]
    assert [(r.line, r.field) for r in parsed.rejects] == [(14, "category_id"), (32, "snippet")]
    assert parsed.rows_in == 4


@pytest.mark.parametrize("data, message", [(b'{"items": [', "not valid JSON"), (b'{"kind": "x"}', "no items"), (b"", "empty")])
def test_unusable_category_files_fail_naming_the_file(data, message):
    with pytest.raises(BadFileError, match=f"GB_category_id.json: .*{message}"):
        parse_video_categories(data, "GB_category_id.json")
