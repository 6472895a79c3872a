from dagster import Definitions

from movie_lake.defs.video.refined_assets import video_trends
from movie_lake.defs.video.trusted_assets import trusted_video_categories, trusted_video_stats
from movie_lake.settings import Settings


def defs(settings: Settings) -> Definitions:
    return Definitions(assets=[trusted_video_categories, trusted_video_stats, video_trends])
