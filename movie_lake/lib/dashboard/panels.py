"""What a chart builder returns: a plotly figure, or an explicit "no data yet" panel."""
from __future__ import annotations

from dataclasses import dataclass

import plotly.graph_objects as go


@dataclass(frozen=True)
class NoData:
    """Shown instead of a chart when its table is empty or was never materialized."""

    title: str
    reason: str


Chart = go.Figure | NoData
