"""Every panel of the app, in page order, and the pages."""
from __future__ import annotations

from movie_lake.lib.dashboard_app import panels_franchises, panels_people, panels_titles, panels_video

PAGES = (
    ("genres", "Genres"), ("ratings", "Ratings and votes"), ("people", "Cast and crew"),
    ("franchises", "Franchises"), ("video", "Online video"), ("lake", "Freshness and cost"),
)
PANELS = (*panels_titles.PANELS, *panels_people.PANELS, *panels_franchises.PANELS, *panels_video.PANELS)
BY_ID = {panel.id: panel for panel in PANELS}
