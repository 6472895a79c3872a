"""Headline numbers for the tiles at the top of the page, from the refined tables (money
from fact_movie_finance, where implausible amounts are already unknown)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from movie_lake.lib.dashboard.frames import TableLike, as_frame
from movie_lake.lib.schemas.refined import PLAUSIBLE_AMOUNT_MIN_USD

@dataclass(frozen=True)
class Tile:
    """Raw text (not HTML): the page escapes it."""

    label: str
    value: str
    detail: str = ""


def money(amount: float | None) -> str:
    if amount is None or pd.isna(amount):
        return "—"
    sign, amount = ("−" if amount < 0 else ""), abs(amount)
    for size, suffix in ((1e12, " T"), (1e9, " B"), (1e6, " M"), (1e3, " k")):
        if amount >= size:
            return f"{sign}${amount / size:,.1f}{suffix}"
    return f"{sign}${amount:,.0f}"


def headline_tiles(movies: TableLike, finance: TableLike, franchises: TableLike = None) -> list[Tile]:
    films, money_rows, series = as_frame(movies), as_frame(finance), as_frame(franchises)
    known = money_rows.dropna(subset=["profit"]) if not money_rows.empty else money_rows
    tiles = [
        Tile("Films", f"{len(films):,}", _years(films)),
        Tile("Total revenue", money(known["revenue"].sum()) if len(known) else "—",
             f"{len(known):,} films with known budget and revenue"),
        Tile("Median ROI", f"{known['roi'].median():+.0%}" if len(known) else "—", "(revenue − budget) ÷ budget"),
        Tile("Films that lost money", f"{int((known['profit'] < 0).sum()):,}" if len(known) else "—",
             "revenue below budget"),
        Tile("Implausible amounts", f"{int(money_rows['implausible_amount'].sum()):,}" if "implausible_amount" in money_rows else "—",
             f"budget or revenue under ${PLAUSIBLE_AMOUNT_MIN_USD:,}: counted as unknown"),
    ]
    tiles += _best_films(films, known)
    if not series.empty:
        top = series.sort_values("avg_popularity", ascending=False).iloc[0]
        tiles.append(Tile("Most popular franchise", str(top["collection_name"]), f"{len(series):,} franchises"))
    return tiles


def _years(films: pd.DataFrame) -> str:
    years = films["release_year"].dropna() if "release_year" in films else pd.Series(dtype=float)
    return f"released {int(years.min())}–{int(years.max())}" if len(years) else ""


def _best_films(films: pd.DataFrame, known: pd.DataFrame) -> list[Tile]:
    if known.empty or films.empty:
        return []
    titled = known.merge(films[["movie_id", "title"]], on="movie_id", how="left")
    best = titled.loc[titled["profit"].idxmax()]
    tiles = [Tile("Most profitable film", str(best["title"]), f"{money(best['profit'])} profit")]
    if len(titled):
        top = titled.loc[titled["roi"].idxmax()]
        tiles.append(Tile("Best ROI", str(top["title"]), f"{top['roi']:+,.0%} on a {money(top['budget'])} budget"))
    return tiles
