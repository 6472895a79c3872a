"""Outputs of the SQL analyses (`movie_lake/sql/<name>.sql` → `analytics/<name>`), the columns
the dashboard reads. The IO manager casts each query result to these, so an engine's own
integer or decimal widths never leak into the lake."""
import pyarrow as pa

from movie_lake.lib.schemas.base import Column, DatasetSchema


def _analysis(name: str, *columns: Column, primary_key: tuple[str, ...] = (), description: str = "") -> DatasetSchema:
    return DatasetSchema(name=f"analytics/{name}", columns=columns, primary_key=primary_key, description=description)


def _count(name: str, description: str = "") -> Column:
    return Column(name, pa.int64(), description=description)


GENRE = Column("genre_name", pa.string(), False)
WEIGHTED_RATING = Column("weighted_rating", pa.float64(), description="sum(vote_average * vote_count) / sum(vote_count)")
REGION = Column("region", pa.string(), False)

SCHEMAS = (
    _analysis("highest_rated_genres", GENRE, _count("movies"), _count("total_votes"),
              Column("avg_rating", pa.float64()), WEIGHTED_RATING, primary_key=("genre_name",),
              description="Genres by vote-weighted rating (movies with at least 100 votes)."),
    _analysis("genre_rating_by_year", GENRE, Column("release_year", pa.int32(), False), _count("movies"), WEIGHTED_RATING,
              primary_key=("genre_name", "release_year")),
    _analysis("genre_rating_by_decade", GENRE, Column("decade", pa.int32(), False), _count("movies"), WEIGHTED_RATING,
              primary_key=("genre_name", "decade")),
    _analysis("rating_vs_votes", Column("movie_id", pa.int64(), False), Column("title", pa.string()),
              Column("release_year", pa.int32()), Column("vote_average", pa.float64()), _count("vote_count"),
              Column("popularity", pa.float64()),
              Column("genre_name", pa.string(), description="one row per genre of the movie; null when it has none"),
              description="One row per movie and genre."),
    _analysis("movies_per_genre", GENRE, _count("movies"), primary_key=("genre_name",)),
    _analysis("top_actors", Column("person_id", pa.int64(), False), Column("name", pa.string()), _count("films"),
              primary_key=("person_id",)),
    _analysis("largest_casts", Column("movie_id", pa.int64(), False), Column("title", pa.string()), _count("cast_size"),
              primary_key=("movie_id",)),
    _analysis("director_actor_pairs", Column("director_id", pa.int64(), False), Column("director_name", pa.string()),
              Column("actor_id", pa.int64(), False), Column("actor_name", pa.string()), _count("films"),
              primary_key=("director_id", "actor_id")),
    _analysis("franchise_kpis", Column("collection_id", pa.int64(), False), Column("collection_name", pa.string()),
              _count("films"), _count("series"), _count("total_budget", "USD"), _count("total_revenue", "USD"),
              _count("total_profit", "USD, films with budget and revenue known"),
              Column("roi", pa.float64()), Column("return_per_dollar", pa.float64()), _count("films_lost_money"),
              _count("films_with_money", "films with budget and revenue known"),
              Column("revenue_share", pa.float64(), description="of all focus-franchise revenue"),
              Column("avg_popularity", pa.float64()), Column("avg_tmdb_rating", pa.float64()),
              Column("avg_imdb_rating", pa.float64(), description="null when no title has an IMDb rating"),
              _count("distinct_actors", "null (unknown) when no title has credits"), _count("titles_with_credits"),
              Column("most_profitable_title", pa.string()), Column("best_roi_title", pa.string()),
              Column("most_popular_title", pa.string()),
              primary_key=("collection_id",), description="Per franchise in focus: money, popularity, ratings, people."),
    _analysis("franchise_genre_mix", Column("collection_name", pa.string(), False), GENRE, _count("films", "films and series"),
              primary_key=("collection_name", "genre_name")),
    _analysis("franchise_entries", Column("collection_name", pa.string(), False), Column("media", pa.string(), False),
              Column("title_id", pa.int64(), False), Column("title", pa.string()), Column("year", pa.int32()),
              _count("budget", "USD, null when unknown"), _count("revenue"), _count("profit"),
              Column("roi", pa.float64()), Column("return_per_dollar", pa.float64()),
              Column("lost_money", pa.bool_(), description="null when budget or revenue is unknown"),
              Column("implausible_amount", pa.bool_()), Column("popularity", pa.float64()),
              Column("tmdb_rating", pa.float64()), _count("tmdb_votes"), Column("imdb_rating", pa.float64()),
              _count("imdb_votes"), _count("cast_size", "null when the lake has no credits for the title"),
              primary_key=("collection_name", "media", "title_id")),
    _analysis("franchise_cast", Column("collection_name", pa.string(), False), Column("media", pa.string(), False),
              Column("title_id", pa.int64(), False), Column("title", pa.string()), Column("person_id", pa.int64(), False),
              Column("name", pa.string()), Column("character", pa.string()), Column("cast_order", pa.int32()),
              _count("films_in_franchise"), _count("series_in_franchise")),
    _analysis("video_category_daily", REGION, Column("trending_date", pa.date32(), False),
              Column("category_title", pa.string(), description="null when the region's category file lacks the id"),
              _count("videos"), _count("views"), _count("likes"), _count("dislikes"), _count("comments")),
    _analysis("video_days_to_trend", REGION, _count("videos"), Column("avg_days", pa.float64()),
              Column("median_days", pa.float64()), Column("max_days", pa.int32()), primary_key=("region",)),
    _analysis("video_top_channels", REGION, Column("channel_title", pa.string()), _count("videos"), _count("views")),
    _analysis("video_multi_region", Column("video_id", pa.string(), False), Column("title", pa.string()),
              _count("regions"), Column("region_list", pa.string(), description='e.g. "CA,GB,US"'),
              primary_key=("video_id",)),
)
