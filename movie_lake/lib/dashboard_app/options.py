"""What the filter controls offer, read from the lake when a page is opened."""
from __future__ import annotations

from datetime import date

from movie_lake.lib.dashboard_app.filters import TITLES, Sql
from movie_lake.lib.dashboard_app.reader import LakeReader, NoDataYet


def _rows(reader: LakeReader, text: str) -> list[dict]:
    try:
        return reader.query(Sql(text)).to_pylist()
    except NoDataYet:
        return []


def year_bounds(reader: LakeReader) -> tuple[int, int]:
    found = _rows(reader, f"with {TITLES} select min(year) as first, max(year) as last from titles where year is not null")
    if not found or found[0]["first"] is None:
        return 1900, date.today().year
    return int(found[0]["first"]), int(found[0]["last"])


def genre_options(reader: LakeReader) -> list[dict]:
    names = _rows(reader, "select genre_name from refined.dim_genre union select genre_name from refined.bridge_series_genre "
                          "where genre_name is not null order by genre_name")
    return [{"label": r["genre_name"], "value": r["genre_name"]} for r in names]


def franchise_options(reader: LakeReader) -> list[dict]:
    found = _rows(reader, "select franchise_id, franchise_name, in_focus, films, series from refined.dim_franchise "
                          "order by in_focus desc, franchise_name, franchise_id")
    return [{"label": f"{r['franchise_name']}{' ★' if r['in_focus'] else ''} ({r['films']} films, {r['series']} series)",
             "value": r["franchise_id"]} for r in found]


def region_options(reader: LakeReader) -> list[dict]:
    return [{"label": r["region"], "value": r["region"]}
            for r in _rows(reader, "select distinct region from refined.video_trends order by region")]
