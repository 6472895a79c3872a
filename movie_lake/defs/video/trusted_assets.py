"""Trusted video tables, one partition per region: category lists and trending stats.

The stats parser reads whole files: telling cp1252 from cp1251 needs the whole text."""
from movie_lake.defs.landing.partitions import landing_partitions
from movie_lake.defs.landing.trusted import newest_raw, trusted_asset
from movie_lake.lib.landing.rules import VIDEO_CATEGORIES, VIDEO_STATS
from movie_lake.lib.parsers.video_categories import parse_video_categories
from movie_lake.lib.parsers.video_csv import parse_video_stats

trusted_video_categories = trusted_asset(VIDEO_CATEGORIES, parse_video_categories, landing_partitions(VIDEO_CATEGORIES), newest_raw)
trusted_video_stats = trusted_asset(VIDEO_STATS, parse_video_stats, landing_partitions(VIDEO_STATS), newest_raw)
