"""The TV side of the star schema, from the TMDB API's TV months: dim_series (one row per
series id from its newest fetch, IMDb rating joined through its external imdb id), its
genres, and cast/crew facts from the same fetch (episode counts kept)."""
import pyarrow.dataset as ds
from dagster import AssetIn, AssetOut, Output, asset, multi_asset

from movie_lake.defs.lake.arrow_sql_resource import ArrowSQLResource
from movie_lake.lib.parsers.spool import SpooledTable
from movie_lake.defs.movies.conform import REFINED
from movie_lake.defs.movies.movie_model import imdb_coverage
from movie_lake.lib.schemas import imdb, refined, tmdb_catalog, tmdb_tv

NEWEST_SERIES = """all_series as (
    select * exclude (first_air_month), first_air_month as landing from series
    union all by name select * exclude (id_range), id_range as landing from catalog_series
),
newest as (
    select * from (select *, row_number() over (partition by id order by landed_at desc, landing desc) as rank
                   from all_series) where rank = 1
)"""
CATALOG_SERIES_IN = {"catalog_series": AssetIn(key=tmdb_catalog.CATALOG_SERIES.key_path)}


@asset(key=refined.DIM_SERIES.key_path, description=refined.DIM_SERIES.description, **REFINED,
       ins={"series": AssetIn(key=tmdb_tv.TMDB_TV_SERIES.key_path), **CATALOG_SERIES_IN,
            "imdb_titles": AssetIn(key=imdb.IMDB_TITLES.key_path, metadata={"columns": ["imdb_id", "imdb_rating", "imdb_votes"]})})
def dim_series(arrow_sql: ArrowSQLResource, series: ds.Dataset, catalog_series: ds.Dataset, imdb_titles: ds.Dataset) -> Output:
    table = arrow_sql.table(
        f"""with {NEWEST_SERIES}
        select s.id as series_id, s.name, s.original_name, s.original_language, s.first_air_date,
               cast(year(s.first_air_date) as integer) as first_air_year, s.last_air_date, s.status,
               s.number_of_seasons, s.number_of_episodes,
               nullif(array_to_string(list_transform(s.networks, lambda n: n.name), ', '), '') as networks,
               s.popularity, s.vote_average, s.vote_count, s.imdb_id, i.imdb_rating, i.imdb_votes, s.overview,
               s.landing, s.landed_at
        from newest s left join imdb_titles i on i.imdb_id = s.imdb_id order by series_id""",
        series=series, catalog_series=catalog_series, imdb_titles=imdb_titles,
    )
    return Output(table, metadata=imdb_coverage(table))


@asset(key=refined.BRIDGE_SERIES_GENRE.key_path, description=refined.BRIDGE_SERIES_GENRE.description, **REFINED,
       ins={"series": AssetIn(key=tmdb_tv.TMDB_TV_SERIES.key_path), **CATALOG_SERIES_IN})
def bridge_series_genre(arrow_sql: ArrowSQLResource, series: ds.Dataset, catalog_series: ds.Dataset) -> SpooledTable:
    return arrow_sql.table(
        f"""with {NEWEST_SERIES}
        select distinct id as series_id, genre.id as genre_id, genre.name as genre_name
        from (select id, unnest(genres) as genre from newest) order by series_id, genre_id""",
        series=series, catalog_series=catalog_series,
    )


SERIES_CREDITS_IN = {
    "series": AssetIn(key=tmdb_tv.TMDB_TV_SERIES.key_path, metadata={"columns": ["id", "landed_at", "first_air_month"]}),
    "cast_credits": AssetIn(key=tmdb_tv.TMDB_TV_CAST.key_path),
    "crew_credits": AssetIn(key=tmdb_tv.TMDB_TV_CREW.key_path),
    "catalog_series": AssetIn(key=tmdb_catalog.CATALOG_SERIES.key_path, metadata={"columns": ["id", "landed_at", "id_range"]}),
    "catalog_cast": AssetIn(key=tmdb_catalog.CATALOG_TV_CAST.key_path),
    "catalog_crew": AssetIn(key=tmdb_catalog.CATALOG_TV_CREW.key_path),
}


@multi_asset(
    outs={
        "fact_series_cast": AssetOut(key=refined.FACT_SERIES_CAST.key_path, description="One row per cast role of a series, from its newest fetch.", **REFINED),
        "fact_series_crew": AssetOut(key=refined.FACT_SERIES_CREW.key_path, description="One row per crew job of a series, from its newest fetch.", **REFINED),
    },
    ins=SERIES_CREDITS_IN,
)
def series_credit_facts(arrow_sql: ArrowSQLResource, series: ds.Dataset, cast_credits: ds.Dataset, crew_credits: ds.Dataset,
                        catalog_series: ds.Dataset, catalog_cast: ds.Dataset, catalog_crew: ds.Dataset):
    """A series fetched in two months (or a month and the catalog) keeps the credits of the newer fetch only."""
    newest = f"with {NEWEST_SERIES} select id as series_id, landing from newest"
    for name, role, catalog_role, columns in (("fact_series_cast", cast_credits, catalog_cast, "character, cast_order"),
                                              ("fact_series_crew", crew_credits, catalog_crew, "department, job")):
        yield Output(arrow_sql.table(
            f"""with all_credits as (
                    select * exclude (first_air_month), first_air_month as landing from credits
                    union all by name select * exclude (id_range), id_range as landing from catalog_credits
                )
                select c.credit_id, c.series_id, c.person_id, {columns}, c.episode_count
                from all_credits c join ({newest}) n on n.series_id = c.series_id and n.landing = c.landing
                order by c.series_id, c.credit_id""",
            series=series, catalog_series=catalog_series, credits=role, catalog_credits=catalog_role,
        ), name)
