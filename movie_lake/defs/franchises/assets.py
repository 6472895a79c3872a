"""`refined/franchise_titles` and `refined/dim_franchise`: films by their collection id, series
by the franchise map (a setting), and the focus (by genre, or by name) the analyses cover.

The map and the focus are settings, not data Dagster sees change: the assets' code version is
their hash, so the UI marks the tables stale after a change; re-materialize them then."""
from __future__ import annotations

import hashlib

import pyarrow as pa
import pyarrow.dataset as ds
from dagster import AssetIn, AssetOut, AssetsDefinition, Output, multi_asset

from movie_lake.defs.lake.arrow_sql_resource import ArrowSQLResource
from movie_lake.lib.sql_text import literal
from movie_lake.defs.movies.conform import REFINED
from movie_lake.lib.franchise_map import load_franchise_series, map_version
from movie_lake.lib.schemas import franchise, refined
from movie_lake.settings import Settings

TITLES_IN = {
    "movies": AssetIn(key=refined.DIM_MOVIE.key_path),
    "finance": AssetIn(key=refined.FACT_MOVIE_FINANCE.key_path),
    "movie_genres": AssetIn(key=refined.BRIDGE_MOVIE_GENRE.key_path),
    "genre_names": AssetIn(key=refined.DIM_GENRE.key_path),
    "series": AssetIn(key=refined.DIM_SERIES.key_path),
    "series_genres": AssetIn(key=refined.BRIDGE_SERIES_GENRE.key_path),
    "movie_cast": AssetIn(key=refined.FACT_CAST.key_path, metadata={"columns": ["movie_id"]}),
    "series_cast": AssetIn(key=refined.FACT_SERIES_CAST.key_path, metadata={"columns": ["series_id"]}),
}

TITLES_SQL = """
with movie_titles as (
    select m.collection_id as franchise_id, 'movie' as media, m.movie_id as title_id, m.title, m.release_year as year,
           m.popularity, m.vote_average, m.vote_count, m.imdb_rating, m.imdb_votes,
           f.budget, f.revenue, f.profit, f.roi, f.return_per_dollar, f.implausible_amount,
           (select list(g.genre_name order by g.genre_name) from movie_genres b join genre_names g using (genre_id)
            where b.movie_id = m.movie_id) as genres,
           (select nullif(count(*), 0) from movie_cast c where c.movie_id = m.movie_id) as cast_size
    from movies m left join finance f using (movie_id) where m.collection_id is not null
),
series_titles as (
    select sm.collection_id as franchise_id, 'series' as media, s.series_id as title_id, s.name as title,
           s.first_air_year as year, s.popularity, s.vote_average, s.vote_count, s.imdb_rating, s.imdb_votes,
           null::bigint as budget, null::bigint as revenue, null::bigint as profit, null::double as roi,
           null::double as return_per_dollar, null::boolean as implausible_amount,
           (select list(b.genre_name order by b.genre_name) from series_genres b where b.series_id = s.series_id) as genres,
           (select nullif(count(*), 0) from series_cast c where c.series_id = s.series_id) as cast_size
    from series_map sm join series s using (series_id)
)
select * from movie_titles union all select * from series_titles order by franchise_id, media, year, title_id
"""

FRANCHISES_SQL = """
with names as (
    select franchise_id, max(franchise_name) as franchise_name from (
        select collection_id as franchise_id, collection_name as franchise_name from movies where collection_id is not null
        union all select collection_id, nullif(franchise, '') from series_map
    ) group by franchise_id
),
counts as (
    select franchise_id, count(*) filter (where media = 'movie') as films, count(*) filter (where media = 'series') as series,
           list_distinct(flatten(list(coalesce(genres, [])))) as genres
    from titles group by franchise_id
),
chosen as (
    select n.franchise_id, n.franchise_name, coalesce(c.films, 0) as films, coalesce(c.series, 0) as series,
           case when len($names) > 0 then (case when list_contains($names, lower(n.franchise_name)) then 'named' end)
                else (select 'genre ' || min(g) from unnest(c.genres) as t(g) where list_contains($genres, g)) end as focus_reason
    from names n left join counts c using (franchise_id)
)
select franchise_id, coalesce(franchise_name, 'collection ' || franchise_id) as franchise_name, films, series,
       focus_reason is not null as in_focus, focus_reason
from chosen order by franchise_id
"""


def franchise_assets(settings: Settings) -> AssetsDefinition:
    focus = (settings.franchise_focus_names, settings.franchise_focus_genres)
    version = hashlib.sha256(f"{map_version(settings.franchise_series_file)}{focus}".encode()).hexdigest()[:12]

    @multi_asset(
        name="franchise_model",
        outs={
            "franchise_titles": AssetOut(key=franchise.FRANCHISE_TITLES.key_path, description=franchise.FRANCHISE_TITLES.description,
                                         code_version=version, **REFINED),
            "dim_franchise": AssetOut(key=franchise.DIM_FRANCHISE.key_path, description=franchise.DIM_FRANCHISE.description,
                                      code_version=version, **REFINED),
        },
        ins=TITLES_IN,
    )
    def _franchises(arrow_sql: ArrowSQLResource, movies: ds.Dataset, finance: ds.Dataset, movie_genres: ds.Dataset,
                    genre_names: ds.Dataset, series: ds.Dataset, series_genres: ds.Dataset, movie_cast: ds.Dataset,
                    series_cast: ds.Dataset):
        links = load_franchise_series(settings.franchise_series_file)
        series_map = pa.table({"collection_id": pa.array([s.collection_id for s in links], pa.int64()),
                               "franchise": pa.array([s.franchise for s in links], pa.string()),
                               "series_id": pa.array([s.series_id for s in links], pa.int64())})
        titles = arrow_sql.table(TITLES_SQL, series_map=series_map, movies=movies, finance=finance, movie_genres=movie_genres,
                                 genre_names=genre_names, series=series, series_genres=series_genres,
                                 movie_cast=movie_cast, series_cast=series_cast)
        names = "[" + ", ".join(literal(n.lower()) for n in settings.franchise_focus_names) + "]::varchar[]"
        genres = "[" + ", ".join(literal(g) for g in settings.franchise_focus_genres) + "]::varchar[]"
        franchises = arrow_sql.table(FRANCHISES_SQL.replace("$names", names).replace("$genres", genres),
                                     movies=movies, series_map=series_map, titles=titles)
        unmatched = sorted({s.series_id for s in links} - set(series.to_table(columns=["series_id"]).column("series_id").to_pylist()))
        in_focus = sum(franchises.column("in_focus").to_pylist())
        yield Output(titles, "franchise_titles", metadata={"titles": titles.num_rows, "mapped_series_not_in_lake": unmatched})
        yield Output(franchises, "dim_franchise", metadata={
            "franchises": franchises.num_rows, "in_focus": in_focus,
            "focus": f"named: {', '.join(settings.franchise_focus_names)}" if settings.franchise_focus_names
            else f"genres: {', '.join(settings.franchise_focus_genres)}",
        })

    return _franchises
