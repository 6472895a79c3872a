"""Small analysis tables in the shape of the analytics contract, for the dashboard tests.

Text includes a hostile title, quotes, emoji and right-to-left script on purpose.
"""
from __future__ import annotations

from datetime import date

import pandas as pd

HOSTILE = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert('x')</script>"
RTL = "فيلم «السلام»"
EMOJI = "Cats 🐈 & \"Dogs\""


def analysis_frames() -> dict[str, pd.DataFrame]:
    genres = ["Drama", "Comedy", "Action"]
    return {
        "highest_rated_genres": pd.DataFrame({
            "genre_name": genres, "movies": [40, 30, 20], "total_votes": [9000, 7000, 5000],
            "avg_rating": [7.1, 6.4, 6.2], "weighted_rating": [7.0, 6.3, 6.1]}),
        "genre_rating_by_year": pd.DataFrame({
            "genre_name": [g for g in genres for _ in range(3)], "release_year": [2000, 2001, 2002] * 3,
            "movies": [5, 6, 7] * 3, "weighted_rating": [6.5, 6.7, 6.9, 6.0, 6.1, 6.2, 5.9, 6.0, 6.3]}),
        "genre_rating_by_decade": pd.DataFrame({
            "genre_name": genres * 2, "decade": [1990] * 3 + [2000] * 3,
            "movies": [10, 8, 6, 18, 15, 12], "weighted_rating": [6.6, 6.1, 5.8, 6.8, 6.2, 6.0]}),
        "rating_vs_votes": pd.DataFrame({
            "movie_id": [1, 2, 3, 4], "title": [HOSTILE, EMOJI, RTL, SCRIPT], "release_year": [2001, 2002, None, 2004],
            "vote_average": [7.5, 6.0, 8.1, 5.0], "vote_count": [1200, 35, 400, 10],
            "popularity": [20.5, 3.1, 9.0, 0.4], "genre_name": ["Drama", "Comedy", None, "Drama"]}).pipe(
            lambda df: pd.concat([df, df.iloc[[0]].assign(genre_name="Comedy"),
                                  df.iloc[[1]].assign(movie_id=5, title="Unvoted", vote_count=0, vote_average=None)],
                                 ignore_index=True)),
        "movies_per_genre": pd.DataFrame({"genre_name": genres, "movies": [40, 30, 20]}),
        "top_actors": pd.DataFrame({"person_id": [10, 11, 12], "name": ["Ann Lee", RTL, "Ann Lee"], "films": [9, 8, 8]}),
        "largest_casts": pd.DataFrame({"movie_id": [1, 2], "title": [HOSTILE, EMOJI], "cast_size": [120, 95]}),
        "director_actor_pairs": pd.DataFrame({
            "director_id": [100, 101], "director_name": ["Dee Rector", SCRIPT], "actor_id": [10, 11],
            "actor_name": ["Ann Lee", RTL], "films": [4, 3]}),
        "franchise_kpis": pd.DataFrame({
            "collection_id": [7, 8, 9], "collection_name": ["Star Saga", HOSTILE, "Flop Trilogy"], "films": [6, 3, 3],
            "series": [2, 0, 0], "total_budget": [1.2e9, 3e8, 4e8], "total_revenue": [6.0e9, 9e8, 1e8],
            "total_profit": [4.8e9, 6e8, -3e8], "roi": [4.0, 2.0, -0.75], "return_per_dollar": [5.0, 3.0, 0.25],
            "films_lost_money": [0, 1, 3], "films_with_money": [6, 3, 3],
            "revenue_share": [0.857, 0.129, 0.014], "avg_popularity": [80.0, 40.0, 5.0],
            "avg_tmdb_rating": [7.1, 6.0, 4.2], "avg_imdb_rating": [7.4, None, 4.0],
            "distinct_actors": [140, 60, None], "titles_with_credits": [8, 3, 0],
            "most_profitable_title": ["Star Saga IV", EMOJI, "Flop 1"],
            "best_roi_title": ["Star Saga I", HOSTILE, "Flop 2"], "most_popular_title": ["Star Saga V", EMOJI, "Flop 3"]}),
        "franchise_entries": pd.DataFrame({
            "collection_name": ["Star Saga", "Star Saga", HOSTILE, "Flop Trilogy", "Flop Trilogy"],
            "media": ["movie", "series", "movie", "movie", "movie"], "title_id": [1, 900, 2, 3, 4],
            "title": ["Star Saga I", "Star Saga: The Series", EMOJI, "Flop 1", SCRIPT], "year": [1977, 1995, 2001, 2010, 2011],
            "budget": [1e7, None, 3e8, 2e8, None], "revenue": [7.7e8, None, 1e8, 5e7, None],
            "profit": [7.6e8, None, -2e8, -1.5e8, None], "roi": [76.0, None, -0.67, -0.75, None],
            "return_per_dollar": [77.0, None, 0.33, 0.25, None], "lost_money": [False, None, True, True, None],
            "implausible_amount": [False, None, False, False, True], "popularity": [50.0, 30.0, 20.0, 5.0, 1.0],
            "tmdb_rating": [8.2, 7.5, 6.0, 4.1, 5.0], "tmdb_votes": [9000, 300, 800, 50, 3],
            "imdb_rating": [8.6, 7.9, 6.3, 4.4, None], "imdb_votes": [1_200_000, 4000, 9000, 700, None],
            "cast_size": [30, 12, None, 8, None]}),
        "franchise_cast": pd.DataFrame({
            "collection_name": ["Star Saga", "Star Saga", "Star Saga", "Flop Trilogy"],
            "media": ["movie", "series", "movie", "movie"], "title_id": [1, 900, 1, 3],
            "title": ["Star Saga I", "Star Saga: The Series", "Star Saga I", "Flop 1"], "person_id": [10, 10, 11, 12],
            "name": ["Ann Lee", "Ann Lee", RTL, HOSTILE], "character": ["Hero", "Hero", "Droid", "Lead"],
            "cast_order": [0, 0, 1, 0], "films_in_franchise": [1, 1, 1, 1], "series_in_franchise": [1, 1, 0, 0]}),
        "franchise_genre_mix": pd.DataFrame({
            "collection_name": ["Star Saga", "Star Saga", HOSTILE, "Flop Trilogy"],
            "genre_name": ["Action", "Drama", "Comedy", "Drama"], "films": [6, 2, 3, 3]}),
        "video_category_daily": pd.DataFrame({
            "region": ["CA", "CA", "US", "US"], "trending_date": [date(2018, 1, 1), date(2018, 1, 2)] * 2,
            "category_title": ["Music", None, "Music", "Gaming"], "videos": [3, 2, 4, 1],
            "views": [3000, 1500, 5000, 700], "likes": [30, 10, 50, 7], "dislikes": [1, 0, 2, 1], "comments": [5, 1, 9, 2]}),
        "video_days_to_trend": pd.DataFrame({
            "region": ["CA", "US"], "videos": [5, 5], "avg_days": [2.5, 4.0], "median_days": [2.0, 3.0], "max_days": [9, 30]}),
        "video_top_channels": pd.DataFrame({
            "region": ["CA", "CA", "US"], "channel_title": [HOSTILE, "Chan B", "Chan C"], "videos": [3, 2, 4],
            "views": [3000, 1500, 5700]}),
        "lake_cost": pd.DataFrame({
            "category": ["storage", "storage", "athena", "athena", "s3_requests", "tmdb_api"],
            "item": ["trusted", "raw", "analytics/top_actors", "analytics/top_actors", "all", "all"],
            "day": [None, None, date(2026, 12, 2), date(2026, 12, 3), date(2026, 12, 3), date(2026, 12, 3)],
            "quantity": [3.0, 0.5, 1e-5, 2e-5, 400.0, 47.0], "unit": ["GB-month", "GB-month", "TB scanned", "TB scanned", "requests", "requests"],
            "usd": [0.069, 0.0115, 5e-5, 1e-4, 0.002, 0.0]}),
        "video_multi_region": pd.DataFrame({
            "video_id": ["v1", "v2"], "title": [EMOJI, RTL], "regions": [2, 2], "region_list": ["CA,US", "CA,US"]}),
    }


def refined_frames() -> dict[str, pd.DataFrame]:
    return {
        "dim_movie": pd.DataFrame({"movie_id": [1, 2, 3, 4], "title": [HOSTILE, EMOJI, RTL, SCRIPT],
                                   "release_year": [2001, 2002, None, 2004]}),
        "fact_movie_finance": pd.DataFrame({
            "movie_id": [1, 2, 3, 4], "release_year": [2001, 2002, None, 2004],
            "budget": [1e8, 2e6, None, None], "revenue": [5e8, 1e6, 3e7, 5000.0],
            "profit": [4e8, -1e6, None, None], "roi": [4.0, -0.5, None, None], "return_per_dollar": [5.0, 0.5, None, None],
            "implausible_amount": [False, False, False, True]}),
    }
