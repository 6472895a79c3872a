"""The app's global filters and the SQL they become: conditions with `?` placeholders and the
values bound to them, never text a person typed spliced into a query."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

MEDIA = ("movie", "series")


@dataclass(frozen=True)
class Filters:
    years: tuple[int, int] | None = None
    """Release (or first air) years, both ends included; None: every title, unknown years too."""
    genres: tuple[str, ...] = ()
    franchises: tuple[int, ...] = ()
    """Franchise ids; empty: every title (the franchise page then shows the focus setting's franchises)."""
    regions: tuple[str, ...] = ()
    media: tuple[str, ...] = MEDIA

    @classmethod
    def from_controls(cls, years: Sequence[int] | None, bounds: tuple[int, int] | None, genres, franchises,
                      regions, media) -> "Filters":
        """The controls' values; a year range spanning the whole data (`bounds`) means no year filter."""
        chosen = (int(years[0]), int(years[1])) if years else None
        return cls(
            years=None if chosen is None or (bounds is not None and chosen == tuple(bounds)) else chosen,
            genres=tuple(sorted(str(g) for g in genres or ())),
            franchises=tuple(sorted(int(f) for f in franchises or ())),
            regions=tuple(sorted(str(r) for r in regions or ())),
            media=tuple(m for m in MEDIA if m in (media or ())),
        )


@dataclass
class Sql:
    """Query text with `?` placeholders and the values they take, in order."""

    text: str
    params: list = field(default_factory=list)

    def __add__(self, other: "Sql | str") -> "Sql":
        if isinstance(other, str):
            return Sql(self.text + other, list(self.params))
        return Sql(self.text + other.text, self.params + other.params)


def placeholders(values: Sequence[object]) -> str:
    return ", ".join("?" for _ in values)


def condition_in(column: str, values: Sequence[object]) -> Sql:
    return Sql(f"{column} in ({placeholders(values)})", list(values))


def both(conditions: list[Sql]) -> Sql:
    """`and` of the conditions, `true` when there are none."""
    if not conditions:
        return Sql("true")
    return Sql(" and ".join(f"({c.text})" for c in conditions), [p for c in conditions for p in c.params])


TITLES = """titles as (
    select 'movie' as media, movie_id as title_id, title, release_year as year, vote_average, vote_count, popularity,
           imdb_rating, imdb_votes
    from refined.dim_movie
    union all
    select 'series' as media, series_id as title_id, name as title, first_air_year as year, vote_average, vote_count,
           popularity, imdb_rating, imdb_votes
    from refined.dim_series
),
title_genres as (
    select 'movie' as media, b.movie_id as title_id, g.genre_name
    from refined.bridge_movie_genre b join refined.dim_genre g on g.genre_id = b.genre_id
    union all
    select 'series' as media, series_id as title_id, genre_name from refined.bridge_series_genre
),
title_franchises as (
    select distinct media, title_id, franchise_id from refined.franchise_titles
)"""


def selected_titles(filters: Filters) -> Sql:
    """`with titles, title_genres, title_franchises, selected as (…)`: the titles the filters keep.
    A query goes on with `, more as (…) select …` or directly with `select …`."""
    conditions = [condition_in("t.media", filters.media or ("none",))]
    if filters.years:
        conditions.append(Sql("t.year between ? and ?", list(filters.years)))
    if filters.genres:
        inner = condition_in("g.genre_name", filters.genres)
        conditions.append(Sql("exists (select 1 from title_genres g where g.media = t.media and g.title_id = t.title_id"
                              f" and {inner.text})", inner.params))
    if filters.franchises:
        inner = condition_in("f.franchise_id", filters.franchises)
        conditions.append(Sql("exists (select 1 from title_franchises f where f.media = t.media"
                              f" and f.title_id = t.title_id and {inner.text})", inner.params))
    where = both(conditions)
    return Sql(f"with {TITLES},\nselected as (select t.* from titles t where {where.text})\n", where.params)


def franchise_focus(filters: Filters) -> Sql:
    """`focus as (…)`: the chosen franchises, or those the focus settings chose."""
    if filters.franchises:
        chosen = condition_in("franchise_id", filters.franchises)
        return Sql(f"focus as (select franchise_id, franchise_name from refined.dim_franchise where {chosen.text})",
                   chosen.params)
    return Sql("focus as (select franchise_id, franchise_name from refined.dim_franchise where in_focus)")


def region_condition(filters: Filters, column: str = "region") -> Sql:
    return condition_in(column, filters.regions) if filters.regions else Sql("true")
