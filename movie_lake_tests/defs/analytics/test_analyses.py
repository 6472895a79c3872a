"""Every SQL analysis, run by DuckDB through real Dagster materializations on the bundled sample,
against an independent pandas computation from the refined tables.

The sample's CSV movies have no franchise, so a few movies get one (written into
refined/dim_movie) before the franchise model and the analyses run; the focus names four of the
five made-up franchises, so the fifth must stay out of every franchise analysis.
"""
from __future__ import annotations

import math

import pandas as pd
import pyarrow as pa
import pytest
from dagster import AssetSelection, DagsterInstance, materialize

from movie_lake.lib.catalog import DuckDBCatalog
from movie_lake.definitions import build_definitions
from movie_lake.lib.query import DuckDBQueryEngine
from movie_lake.defs.analytics.analyses import ANALYSES, run_analysis
from movie_lake.lib.query.dialect import parse, to_athena
from movie_lake.lib.sample_landing import land_sample
from movie_lake.lib.schemas import schema_for
from movie_lake.settings import load_settings
from movie_lake.lib.storage import TableStore

from movie_lake_tests.conftest import ingest, storage_for

MIN_VOTES = 100
FOCUS = ("Saga 1", "Saga 2", "Saga 3", "Saga 4")
PAIR_MIN_FILMS = 2


@pytest.fixture(scope="module")
def lake(tmp_path_factory):
    settings = load_settings({"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(tmp_path_factory.mktemp("analyses") / "lake"),
                              "MOVIE_LAKE_FRANCHISE_FOCUS_NAMES": ",".join(FOCUS)})
    storage = storage_for(settings)
    land_sample(storage)
    with DagsterInstance.ephemeral() as instance:
        assert ingest(settings, instance).ok
        store = TableStore(storage)
        dim_movie = schema_for("refined/dim_movie")
        movies = store.read(dim_movie).to_pandas()
        credited = set(store.read(schema_for("refined/fact_cast")).column("movie_id").to_pylist())
        franchise = pd.Series([(i // 7) % 5 + 1 if i % 7 == 0 else None for i in range(len(movies))], dtype="Int64")
        franchise[franchise == 4] = pd.NA
        uncredited = [i for i, movie_id in enumerate(movies.movie_id) if movie_id not in credited and pd.isna(franchise[i])]
        franchise[uncredited[:3]] = 4  # a franchise none of whose films has credits: its actors are unknown
        movies["collection_id"] = franchise.values
        movies["collection_name"] = ["Saga " + str(c) if not pd.isna(c) else None for c in franchise]
        store.write(dim_movie, pa.Table.from_pandas(movies, schema=dim_movie.arrow_schema, preserve_index=False))
        defs = build_definitions(settings)
        result = materialize(
            assets=[*defs.assets, *defs.asset_checks], resources=defs.resources, instance=instance,
            selection=AssetSelection.assets(*[a.schema.key_path for a in ANALYSES], ["refined", "franchise_titles"],
                                            ["refined", "dim_franchise"]),
        )
        assert result.success
        frames = {name: store.read(schema_for(f"refined/{name}")).to_pandas() for name in
                  ("dim_movie", "dim_genre", "bridge_movie_genre", "dim_person", "fact_movie_finance",
                   "fact_cast", "fact_crew", "video_trends")}
        outputs = {a.name: store.read(a.schema).to_pandas() for a in ANALYSES}
        yield {"settings": settings, "result": result, "refined": frames, "out": outputs}


def _value(v):
    if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)):
        return None
    if isinstance(v, float):
        return round(v, 9)
    if hasattr(v, "item"):
        return _value(v.item())
    return v


def rows(frame: pd.DataFrame, columns: list[str], ordered: bool = False) -> list[tuple]:
    values = [tuple(_value(v) for v in row) for row in frame[columns].astype(object).itertuples(index=False)]
    return values if ordered else sorted(values, key=repr)


def same(out: pd.DataFrame, expected: pd.DataFrame, ordered: bool = False):
    columns = list(out.columns)
    assert rows(out, columns, ordered) == rows(expected.reset_index(), columns, ordered)


def _rated(r, *extra):
    m = r["dim_movie"]
    m = m[(m.vote_count >= MIN_VOTES) & m.vote_average.notna()]
    for column in extra:
        m = m[m[column].notna()]
    return m.merge(r["bridge_movie_genre"], on="movie_id").merge(r["dim_genre"], on="genre_id")


def _weighted(group) -> float:
    return (group.vote_average * group.vote_count).sum() / group.vote_count.sum()


def test_every_analysis_is_trino_sql_and_materialized_with_its_metadata(lake):
    materialized = {e.asset_key.path[-1]: e.materialization.metadata
                    for e in lake["result"].get_asset_materialization_events()}
    for analysis in ANALYSES:
        parse(analysis.sql)
        assert " refined." not in to_athena(analysis.sql, "movie_lake").replace("movie_lake_refined.", "")
        metadata = materialized[analysis.name]
        assert metadata["engine"].value == "duckdb"
        assert analysis.sql in metadata["sql"].value
        assert metadata["duration_seconds"].value >= 0
        assert metadata["rows"].value == metadata["dagster/row_count"].value == len(lake["out"][analysis.name])
        assert metadata["catalog_table"].value == f"analytics.{analysis.name}"
        first_column = analysis.schema.column_names[0]
        assert metadata["preview"].value.startswith(f"| {first_column} |")
    checks = lake["result"].get_asset_check_evaluations()
    assert checks and all(c.passed for c in checks)
    assert {c.asset_key.path[-1] for c in checks if c.asset_key.path[0] == "analytics"} == {a.name for a in ANALYSES}


def test_every_analysis_has_rows_on_the_sample(lake):
    assert {name for name, out in lake["out"].items() if out.empty} == set()


def test_highest_rated_genres(lake):
    g = _rated(lake["refined"]).groupby("genre_name")
    expected = pd.DataFrame({"movies": g.movie_id.nunique(), "total_votes": g.vote_count.sum(),
                             "avg_rating": g.vote_average.mean(), "weighted_rating": g.apply(_weighted)})
    same(lake["out"]["highest_rated_genres"], expected)


def test_genre_rating_by_year_and_decade(lake):
    rated = _rated(lake["refined"], "release_year")
    g = rated.groupby(["genre_name", "release_year"])
    same(lake["out"]["genre_rating_by_year"], pd.DataFrame({"movies": g.movie_id.nunique(), "weighted_rating": g.apply(_weighted)}))
    rated = rated.assign(decade=rated.release_year // 10 * 10)
    g = rated.groupby(["genre_name", "decade"])
    same(lake["out"]["genre_rating_by_decade"], pd.DataFrame({"movies": g.movie_id.nunique(), "weighted_rating": g.apply(_weighted)}))


def test_rating_vs_votes_has_a_row_per_movie_and_genre_and_keeps_films_without_either(lake):
    r = lake["refined"]
    genres = r["bridge_movie_genre"].merge(r["dim_genre"], on="genre_id")[["movie_id", "genre_name"]]
    expected = r["dim_movie"].merge(genres, on="movie_id", how="left")
    out = lake["out"]["rating_vs_votes"]
    same(out, expected)
    science_fiction = set(genres[genres.genre_name == "Science Fiction"].movie_id)
    assert set(out[out.genre_name == "Science Fiction"].movie_id) == science_fiction and len(science_fiction) > 1
    assert set(out.movie_id) == set(r["dim_movie"].movie_id)
    assert (out.drop_duplicates("movie_id").vote_count.fillna(0) == 0).sum() == (r["dim_movie"].vote_count.fillna(0) == 0).sum()


def test_movies_per_genre(lake):
    r = lake["refined"]
    expected = r["dim_genre"].merge(r["bridge_movie_genre"], on="genre_id", how="left").groupby("genre_name").movie_id.nunique()
    same(lake["out"]["movies_per_genre"], expected.rename("movies").to_frame())


def test_top_actors_and_largest_casts(lake):
    r = lake["refined"]
    films = r["fact_cast"].groupby("person_id").movie_id.nunique().rename("films").reset_index().merge(r["dim_person"], on="person_id")
    top = films.sort_values(["films", "name", "person_id"], ascending=[False, True, True]).head(10)
    same(lake["out"]["top_actors"], top, ordered=True)
    sizes = r["fact_cast"].groupby("movie_id").person_id.nunique().rename("cast_size").reset_index().merge(r["dim_movie"], on="movie_id")
    largest = sizes.sort_values(["cast_size", "title", "movie_id"], ascending=[False, True, True]).head(20)
    same(lake["out"]["largest_casts"], largest, ordered=True)


def test_director_actor_pairs(lake):
    r = lake["refined"]
    directors = r["fact_crew"].loc[r["fact_crew"].job == "Director", ["movie_id", "person_id"]].drop_duplicates()
    actors = r["fact_cast"][["movie_id", "person_id"]].drop_duplicates()
    pairs = directors.merge(actors, on="movie_id", suffixes=("_d", "_a"))
    pairs = pairs[pairs.person_id_d != pairs.person_id_a].groupby(["person_id_d", "person_id_a"]).size().rename("films").reset_index()
    pairs = pairs[pairs.films >= PAIR_MIN_FILMS]
    names = r["dim_person"].set_index("person_id").name
    expected = pd.DataFrame({"director_id": pairs.person_id_d, "director_name": pairs.person_id_d.map(names),
                             "actor_id": pairs.person_id_a, "actor_name": pairs.person_id_a.map(names), "films": pairs.films})
    same(lake["out"]["director_actor_pairs"], expected)


def _best_title(films: pd.DataFrame, column: str):
    known = films[films[column].notna()].sort_values([column, "title", "movie_id"], ascending=[False, True, True])
    return known.title.iloc[0] if len(known) else None


def _franchise_films(r):
    films = r["dim_movie"][r["dim_movie"].collection_name.isin(FOCUS)].drop(columns=["release_year"])
    return films.merge(r["fact_movie_finance"], on="movie_id", how="left")


def test_franchise_kpis_cover_the_focus_only_and_say_unknown_for_missing_casts(lake):
    r = lake["refined"]
    films = _franchise_films(r)
    records = []
    for cid, f in films.groupby("collection_id"):
        both = f[f.profit.notna()]
        profit_budget = both.budget.sum(min_count=1)
        cast = r["fact_cast"][r["fact_cast"].movie_id.isin(f.movie_id)]
        records.append({
            "collection_id": cid, "collection_name": f.collection_name.max(), "films": len(f), "series": 0,
            "total_budget": f.budget.sum(min_count=1), "total_revenue": f.revenue.sum(min_count=1),
            "total_profit": f.profit.sum(min_count=1),
            "roi": both.profit.sum() / profit_budget if profit_budget else None,
            "return_per_dollar": both.revenue.sum() / profit_budget if profit_budget else None,
            "films_lost_money": int((f.profit < 0).sum()), "films_with_money": len(both),
            "avg_popularity": f.popularity.mean(), "avg_tmdb_rating": f.vote_average.mean(),
            "avg_imdb_rating": f.imdb_rating.mean(),
            "distinct_actors": cast.person_id.nunique() if len(cast) else None,
            "titles_with_credits": cast.movie_id.nunique(),
            "most_profitable_title": _best_title(f, "profit"), "best_roi_title": _best_title(f, "roi"),
            "most_popular_title": _best_title(f, "popularity"),
        })
    expected = pd.DataFrame(records)
    expected["revenue_share"] = expected.total_revenue / expected.total_revenue.sum()
    assert len(expected) == 4 and expected.distinct_actors.isna().any() and expected.distinct_actors.notna().any()
    same(lake["out"]["franchise_kpis"], expected)


def test_franchise_entries_name_every_film_that_lost_money(lake):
    films = _franchise_films(lake["refined"])
    out = lake["out"]["franchise_entries"]
    assert sorted(out.title_id) == sorted(films.movie_id)
    assert set(out[out.lost_money.fillna(False)].title) == set(films[films.profit < 0].title)
    assert out.imdb_rating.notna().sum() == films.imdb_rating.notna().sum() > 0


def test_franchise_cast_counts_each_actors_films_in_the_franchise(lake):
    r = lake["refined"]
    films = _franchise_films(r)
    cast = r["fact_cast"].merge(films[["movie_id", "collection_name"]], on="movie_id")
    counts = cast.groupby(["collection_name", "person_id"]).movie_id.nunique().rename("films_in_franchise").reset_index()
    out = lake["out"]["franchise_cast"]
    assert len(out) == len(cast)
    got = out.drop_duplicates(["collection_name", "person_id"])[["collection_name", "person_id", "films_in_franchise"]]
    same(got, counts)


def test_franchise_genre_mix(lake):
    r = lake["refined"]
    films = _franchise_films(r).merge(r["bridge_movie_genre"], on="movie_id").merge(r["dim_genre"], on="genre_id")
    same(lake["out"]["franchise_genre_mix"], films.groupby(["collection_name", "genre_name"]).movie_id.nunique().rename("films").to_frame())


def test_video_category_daily(lake):
    v = lake["refined"]["video_trends"]
    g = v.groupby(["region", "trending_date", "category_title"], dropna=False)
    expected = pd.DataFrame({"videos": g.video_id.nunique(), "views": g.views.sum(), "likes": g.likes.sum(),
                             "dislikes": g.dislikes.sum(), "comments": g.comment_count.sum()})
    same(lake["out"]["video_category_daily"], expected)


def test_video_days_to_trend(lake):
    v = lake["refined"]["video_trends"]
    first = v[v.days_to_trend.notna()].groupby(["region", "video_id"]).days_to_trend.min().astype(float)
    g = first.groupby(level="region")
    expected = pd.DataFrame({"videos": g.size(), "avg_days": g.mean(), "median_days": g.median(), "max_days": g.max().astype(int)})
    same(lake["out"]["video_days_to_trend"], expected)


def test_video_top_channels(lake):
    v = lake["refined"]["video_trends"]
    per_video = v.groupby(["region", "channel_title", "video_id"]).views.max().reset_index()
    channels = per_video.groupby(["region", "channel_title"]).agg(videos=("video_id", "size"), views=("views", "sum")).reset_index()
    top = channels.sort_values(["region", "videos", "views", "channel_title"], ascending=[True, False, False, True]).groupby("region").head(10)
    same(lake["out"]["video_top_channels"], top, ordered=True)


def test_video_multi_region(lake):
    v = lake["refined"]["video_trends"]
    g = v.groupby("video_id")
    expected = pd.DataFrame({"title": g.title.max(), "regions": g.region.nunique(),
                             "region_list": g.region.agg(lambda s: ",".join(sorted(set(s))))})
    same(lake["out"]["video_multi_region"], expected[expected.regions > 1])


def test_an_analysis_of_a_table_without_data_yields_zero_typed_rows(tmp_path):
    """A lake with no video data yet: the declared table is catalogued empty, the analysis is 0 rows."""
    catalog, engine = DuckDBCatalog(str(tmp_path)), DuckDBQueryEngine(str(tmp_path))
    analysis = next(a for a in ANALYSES if a.name == "video_days_to_trend")
    run = run_analysis(analysis, engine, catalog)
    assert run.table.num_rows == 0 and not run.missing_inputs
    assert catalog.has_table("refined/video_trends")
    assert engine.query("select * from refined.video_trends").table.schema.field("tags").type == pa.list_(pa.string())
