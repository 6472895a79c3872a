"""Genres, ratings and votes: panels over the selected titles (movies and series)."""
from __future__ import annotations

from movie_lake.lib.dashboard.bars import horizontal_bars
from movie_lake.lib.dashboard.frames import labels
from movie_lake.lib.dashboard_app.figures import count_bars, lines_by, rating_range, scatter, vertical_counts
from movie_lake.lib.dashboard_app.filters import Filters, Sql, selected_titles
from movie_lake.lib.dashboard_app.panel import Panel, rows, titles_behind

LAND_TITLES = "No titles yet: land TMDB CSV files in landing/tmdb_movies/ or run movie-lake tmdb fetch."
GENRE_OF_TITLE = "join title_genres g on g.media = t.media and g.title_id = t.title_id"
TOP_GENRES_OVER_TIME = 6


def _per_genre(filters: Filters) -> dict[str, Sql]:
    return {"rows": selected_titles(filters) + f"""
        select g.genre_name, count(*) as titles, cast(sum(t.vote_count) as bigint) as votes,
               sum(t.vote_average * t.vote_count) / nullif(sum(t.vote_count), 0) as weighted_rating
        from selected t {GENRE_OF_TITLE} group by g.genre_name order by titles desc, g.genre_name"""}


def _titles_per_genre(tables, filters):
    data = rows(tables["rows"])
    if not data:
        return None
    return count_bars(labels(r["genre_name"] for r in data), [r["titles"] for r in data],
                      "Titles per genre (a title counts once in each of its genres)", "titles", [[r["genre_name"]] for r in data])


def _rating_by_genre(tables, filters):
    data = sorted((r for r in rows(tables["rows"]) if r["weighted_rating"] is not None),
                  key=lambda r: -r["weighted_rating"])
    if not data:
        return None
    values = [r["weighted_rating"] for r in data]
    return horizontal_bars(labels(r["genre_name"] for r in data), values,
                           "TMDB rating per genre, weighted by votes", "rating (0–10)",
                           hover="%{y}: %{x:.2f}<extra></extra>", customdata=[[r["genre_name"]] for r in data],
                           texts=[f"{v:.2f}" for v in values], x_range=rating_range(values))


def _genre_click(point: list) -> dict:
    return {"genres": [point[0]]}


def _genre_drill(point: list, filters: Filters):
    return titles_behind(filters, Sql("exists (select 1 from title_genres g where g.media = t.media "
                                      "and g.title_id = t.title_id and g.genre_name = ?)", [point[0]]),
                         f"Titles of genre {point[0]}")


def _over_time(filters: Filters) -> dict[str, Sql]:
    return {"rows": selected_titles(filters) + f""",
        top_genres as (
            select g.genre_name from selected t {GENRE_OF_TITLE}
            group by g.genre_name order by count(*) desc, g.genre_name limit {TOP_GENRES_OVER_TIME}
        )
        select t.year, g.genre_name, count(*) as titles,
               sum(t.vote_average * t.vote_count) / nullif(sum(t.vote_count), 0) as weighted_rating
        from selected t {GENRE_OF_TITLE}
        where g.genre_name in (select genre_name from top_genres) and t.year is not null and t.vote_count > 0
        group by t.year, g.genre_name order by g.genre_name, t.year"""}


def _rating_over_time(tables, filters):
    data = rows(tables["rows"])
    if not data:
        return None
    fig = lines_by(data, "genre_name", "year", "weighted_rating", lambda r: [r["genre_name"], r["year"], r["titles"]],
                   "%{x}: %{y:.2f} (%{customdata[2]} titles)",
                   f"Rating over the years, the {TOP_GENRES_OVER_TIME} genres with most titles", "year", "rating (0–10)",
                   markers=True)
    fig.update_xaxes(tickformat="d")
    fig.update_yaxes(range=list(rating_range([r["weighted_rating"] for r in data])))
    return fig


def _genre_year_click(point: list) -> dict:
    return {"genres": [point[0]], "years": [point[1], point[1]]}


def _genre_year_drill(point: list, filters: Filters):
    return titles_behind(filters, Sql("t.year = ? and exists (select 1 from title_genres g where g.media = t.media "
                                      "and g.title_id = t.title_id and g.genre_name = ?)", [point[1], point[0]]),
                         f"Titles of genre {point[0]} in {point[1]}")


def _per_year(filters: Filters) -> dict[str, Sql]:
    return {"rows": selected_titles(filters) + "select year, count(*) as titles from selected t "
                                               "where year is not null group by year order by year"}


def _titles_per_year(tables, filters):
    data = rows(tables["rows"])
    if not data:
        return None
    return vertical_counts([r["year"] for r in data], [r["titles"] for r in data], "Titles per year",
                           "release year (series: first air year)", "titles", customdata=[[r["year"]] for r in data])


def _year_click(point: list) -> dict:
    return {"years": [point[0], point[0]]}


def _year_drill(point: list, filters: Filters):
    return titles_behind(filters, Sql("t.year = ?", [point[0]]), f"Titles of {point[0]}")


SCATTER_POINTS = 5000


def _votes(filters: Filters) -> dict[str, Sql]:
    return {
        "rows": selected_titles(filters) + "select media, title_id, title, year, vote_average, vote_count from selected t "
                                           f"where vote_count > 0 order by vote_count desc, title_id limit {SCATTER_POINTS}",
        "unvoted": selected_titles(filters) + "select count(*) as titles from selected t where coalesce(vote_count, 0) = 0",
    }


def _rating_vs_votes(tables, filters):
    data = rows(tables["rows"])
    unvoted = tables["unvoted"].column("titles")[0].as_py()
    if not data and not unvoted:
        return None
    shown = f"{len(data):,} titles" + (f" (the {SCATTER_POINTS:,} most voted)" if len(data) == SCATTER_POINTS else "")
    return scatter([r["vote_count"] for r in data], [r["vote_average"] for r in data], labels(r["title"] for r in data),
                   f"Rating vs votes: {shown}" + (f"; {unvoted:,} titles with no votes (not on a log axis)" if unvoted else ""),
                   "votes (log scale)", "TMDB rating (0–10)", [[r["media"], r["title_id"], r["title"]] for r in data],
                   "%{text}<br>%{x:,} votes, rating %{y:.1f}<extra></extra>", log_x=True,
                   y_range=rating_range([r["vote_average"] for r in data]))


def _both_ratings(filters: Filters) -> dict[str, Sql]:
    return {"rows": selected_titles(filters) + "select media, title_id, title, vote_average, imdb_rating from selected t "
                                               "where imdb_rating is not null and vote_count > 0 "
                                               f"order by vote_count desc, title_id limit {SCATTER_POINTS}"}


def _tmdb_vs_imdb(tables, filters):
    data = rows(tables["rows"])
    if not data:
        return None
    return scatter([r["vote_average"] for r in data], [r["imdb_rating"] for r in data], labels(r["title"] for r in data),
                   f"TMDB rating vs IMDb rating ({len(data):,} titles rated on both)", "TMDB rating", "IMDb rating",
                   [[r["media"], r["title_id"], r["title"]] for r in data],
                   "%{text}<br>TMDB %{x:.1f}, IMDb %{y:.1f}<extra></extra>",
                   x_range=rating_range([r["vote_average"] for r in data]),
                   y_range=rating_range([r["imdb_rating"] for r in data]))


def _title_drill(point: list, filters: Filters):
    return titles_behind(filters, Sql("t.media = ? and t.title_id = ?", [point[0], point[1]]), f"{point[0].title()} {point[2]}")


PANELS = (
    Panel("genre_titles", "genres", "Titles per genre", LAND_TITLES, _per_genre, _titles_per_genre, _genre_click, _genre_drill),
    Panel("genre_rating", "genres", "Rating per genre", LAND_TITLES, _per_genre, _rating_by_genre, _genre_click, _genre_drill),
    Panel("genre_over_time", "genres", "Rating over time", LAND_TITLES, _over_time, _rating_over_time,
          _genre_year_click, _genre_year_drill, wide=True),
    Panel("titles_per_year", "ratings", "Titles per year", LAND_TITLES, _per_year, _titles_per_year, _year_click,
          _year_drill, wide=True),
    Panel("rating_vs_votes", "ratings", "Rating vs votes", LAND_TITLES, _votes, _rating_vs_votes, None, _title_drill),
    Panel("tmdb_vs_imdb", "ratings", "TMDB vs IMDb", "No IMDb ratings yet: land title.ratings.tsv in "
          "landing/imdb_title_ratings/ (and links.csv in landing/movie_links/ for the CSV movies).",
          _both_ratings, _tmdb_vs_imdb, None, _title_drill),
)
