"""The real shared files through real materializations: TMDB 5000 movies and credits, the whole
2017 IMDb ratings file and The Movies Dataset links. Every record is accounted for, and each
chart-truth fix is checked against a pandas computation from the files themselves."""
from __future__ import annotations

import csv
import gzip
import io

import pandas as pd
import pytest
from dagster import AssetKey, DagsterInstance

from movie_lake.lib.schemas import schema_for
from movie_lake.lib.storage import TableStore
from movie_lake.settings import load_settings

from movie_lake_tests.conftest import ingest, storage_for

pytestmark = [pytest.mark.slow, pytest.mark.shared_data]
FILES = {
    "tmdb_movies": "tmdb_5000/tmdb_5000_movies.csv.gz", "tmdb_credits": "tmdb_5000/tmdb_5000_credits.csv.gz",
    "imdb_title_ratings": "imdb/title.ratings.tsv.gz", "movie_links": "the_movies_dataset/links.csv.gz",
}
TRUSTED = {"tmdb_movies": ("trusted/movies", 4803), "imdb_title_ratings": ("trusted/imdb_title_ratings", 755_460),
           "movie_links": ("trusted/movie_links", 45_843)}


@pytest.fixture(scope="module")
def lake(shared_data, tmp_path_factory):
    settings = load_settings({"MOVIE_LAKE_ENV": "local", "MOVIE_LAKE_ROOT": str(tmp_path_factory.mktemp("shared") / "lake")})
    storage = storage_for(settings)
    for source, path in FILES.items():
        storage.write_bytes(f"landing/{source}/{path.rsplit('/', 1)[1]}", (shared_data / path).read_bytes())
    with DagsterInstance.ephemeral() as instance:
        report = ingest(settings, instance)
        assert report.ok, report.failures
        metadata = {k: instance.fetch_materializations(AssetKey(k.split("/")), limit=1).records[0].asset_materialization.metadata
                    for k in ("trusted/movies", "trusted/movie_cast", "trusted/imdb_title_ratings", "trusted/movie_links",
                              "refined/fact_movie_finance", "refined/conformed_cast", "refined/tmdb_imdb_links")}
        store = TableStore(storage)
        tables = {n: store.read(schema_for(n)).to_pandas() for n in (
            "refined/fact_movie_finance", "refined/dim_movie", "refined/conformed_cast", "refined/tmdb_imdb_links")}
        yield {"metadata": metadata, "tables": tables, "shared": shared_data}


def _csv(path) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(gzip.decompress(path.read_bytes()).decode("utf-8")), dtype=str, keep_default_na=False)


def test_every_record_of_the_real_files_is_accounted_for(lake):
    for source, (table, rows) in TRUSTED.items():
        m = lake["metadata"][table]
        assert (m["records_in"].value, m["records_out"].value, m["records_quarantined"].value) == (rows, rows, 0), source
    credits = lake["metadata"]["trusted/movie_cast"]
    assert (credits["records_in"].value, credits["records_out"].value, credits["records_quarantined"].value,
            credits["fields_quarantined"].value) == (198, 198, 0, 2)


def test_implausible_amounts_are_unknown_by_one_rule(lake):
    movies = _csv(lake["shared"] / FILES["tmdb_movies"]).astype({"id": int, "budget": int, "revenue": int})
    finance = lake["tables"]["refined/fact_movie_finance"].set_index("movie_id")
    typo = movies[((movies.budget > 0) & (movies.budget < 1000)) | ((movies.revenue > 0) & (movies.revenue < 1000))]
    recorded = lake["metadata"]["refined/fact_movie_finance"]
    assert finance.implausible_amount.sum() == len(typo) > 0
    assert recorded["implausible_budgets"].value == movies.budget.between(1, 999).sum()
    assert recorded["implausible_revenues"].value == movies.revenue.between(1, 999).sum()
    chasing = movies[movies.title == "Chasing Liberty"].id.item()
    assert pd.isna(finance.loc[chasing, "revenue"]) and finance.loc[chasing, "reported_revenue"] == 12
    assert pd.isna(finance.loc[chasing, "profit"]) and finance.loc[chasing, "budget"] == 23_000_000
    plausible = movies[(movies.budget >= 1000) & (movies.revenue >= 1000)]
    assert (finance.profit < 0).sum() == (plausible.revenue < plausible.budget).sum()
    assert finance.roi.max() == pytest.approx(((plausible.revenue - plausible.budget) / plausible.budget).max())
    modern_times = movies[movies.title == "Modern Times"].id.item()
    assert finance.loc[modern_times, "implausible_amount"] and pd.isna(finance.loc[modern_times, "roi"])  # was 8.5 million-fold


def test_batman_v_superman_credits_are_repaired_by_title(lake):
    cast = lake["tables"]["refined/conformed_cast"]
    assert (cast.movie_id == 209112).sum() > 100 and (cast.movie_id == 135397).sum() == 28
    assert lake["metadata"]["refined/conformed_cast"]["credits_repaired_from"].value == [
        "tmdb_5000_credits.csv.gz line 11 ('Batman v Superman: Dawn of Justice') → movie 209112"]


def test_csv_movies_get_imdb_ids_and_ratings_through_the_links_file(lake):
    links = _csv(lake["shared"] / FILES["movie_links"])
    links = links[links.tmdbId != ""]
    per_tmdb = links.assign(imdb_id="tt" + links.imdbId).groupby(links.tmdbId.astype(int)).imdb_id.agg(set)
    unambiguous = per_tmdb[per_tmdb.map(len) == 1].map(lambda s: next(iter(s)))
    bridge = lake["tables"]["refined/tmdb_imdb_links"].set_index("tmdb_id").imdb_id
    assert bridge.to_dict() == unambiguous.to_dict()
    assert lake["metadata"]["refined/tmdb_imdb_links"]["tmdb_ids_ambiguous"].value == int((per_tmdb.map(len) > 1).sum())
    movies = lake["tables"]["refined/dim_movie"]
    expected = movies.movie_id.isin(unambiguous.index)
    assert (movies.imdb_id.notna() == expected).all() and set(movies.imdb_id_source.dropna()) == {"movie_links"}
    ratings = pd.read_csv(lake["shared"] / FILES["imdb_title_ratings"], sep="\t", quoting=csv.QUOTE_NONE, dtype={"tconst": str})
    rated = set(ratings.tconst)
    assert movies.imdb_rating.notna().sum() == movies.imdb_id.isin(rated).sum() > 4000
