"""Derive the bundled online-video sample from ../shared/data/youtube_trending (run once;
the output is committed).

Per region: the first records of the file plus a few that carry its quirks (stray CRs in
descriptions, real LFs inside quoted descriptions, category ids 29 and 43, zero-width
characters, Hangul/CJK/Arabic/Tamil titles, a removed video), in file order. Each kept
record's bytes, the file's line ending and whether it ends with a newline are unchanged.
GB is written plain, the others gzipped, so both landing forms are exercised. The four
regions' category JSON files are copied as they are.
"""
from __future__ import annotations

import gzip
import re
import shutil
import sys
from pathlib import Path

from movie_lake.lib.parsers.segmented_csv import raw_records

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "youtube_trending"
OUT = Path(__file__).resolve().parents[1] / "movie_lake" / "sample" / "landing"
REGIONS = {"US": 90, "FR": 90, "CA": 90, "GB": 40}
PLAIN = {"GB"}
QUIRKS = {
    "stray CR": (lambda r: "\r" in r.text, 3),
    "LF in a field": (lambda r: "\n" in r.text, 3),
    "category 29": (lambda r: r.fields[4] == "29", 3),
    "category 43": (lambda r: r.fields[4] == "43", 1),
    "zero-width": (lambda r: re.search("[\u200b-\u200d]", r.fields[2]), 1),
    "Hangul": (lambda r: re.search("[\uac00-\ud7af]", r.fields[2]), 1),
    "CJK": (lambda r: re.search("[\u4e00-\u9fff]", r.fields[2]), 1),
    "Arabic": (lambda r: re.search("[\u0600-\u06ff]", r.fields[2]), 1),
    "Tamil": (lambda r: re.search("[\u0b80-\u0bff]", r.fields[2]), 1),
    "removed": (lambda r: r.fields[14] == "True", 1),
}


def sample_records(text: str, first: int) -> tuple[str, list[str]]:
    records = list(raw_records(text))
    header, rows = records[0], records[1:]
    keep = set(range(min(first, len(rows))))
    for matches, limit in QUIRKS.values():
        keep.update([i for i, r in enumerate(rows) if matches(r)][:limit])
    chosen = [rows[i].text for i in sorted(keep)]
    missing = [t for t in chosen if t not in text]
    if missing:
        raise RuntimeError(f"{len(missing)} records are not verbatim in the source")
    return header.text, chosen


def build() -> None:
    for region, first in REGIONS.items():
        text = gzip.decompress((SHARED / f"{region}videos.csv.gz").read_bytes()).decode("utf-8")
        newline = "\r\n" if text.split("\n", 1)[0].endswith("\r") else "\n"
        header, rows = sample_records(text, first)
        sample = newline.join([header, *rows]) + (newline if text.endswith("\n") else "")
        data = sample.encode("utf-8")
        name = f"{region}videos.csv"
        target = OUT / "video_stats" / (name if region in PLAIN else name + ".gz")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data if region in PLAIN else gzip.compress(data, mtime=0))
        shutil.copyfile(SHARED / f"{region}_category_id.json", _folder("video_categories") / f"{region}_category_id.json")
        print(f"{region}: {len(rows)} records, {target.stat().st_size:,} bytes", file=sys.stderr)


def _folder(name: str) -> Path:
    folder = OUT / name
    folder.mkdir(parents=True, exist_ok=True)
    return folder


if __name__ == "__main__":
    build()
