"""Inputs of the chart builders: Arrow tables or DataFrames, and data text made safe for plotly."""
from __future__ import annotations

import html
from collections.abc import Iterable

import pandas as pd
import pyarrow as pa

TableLike = pa.Table | pd.DataFrame | None


def as_frame(data: TableLike) -> pd.DataFrame:
    if data is None:
        return pd.DataFrame()
    if isinstance(data, pa.Table):
        return data.to_pandas()
    return data


def label(value: object, missing: str = "Unknown") -> str:
    """Data text for plotly, which reads a subset of HTML in labels: escape it so a
    title like `<b>x</b>` or `<img …>` shows as typed."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return missing
    return html.escape(str(value), quote=False)


def labels(values: Iterable[object], missing: str = "Unknown") -> list[str]:
    return [label(v, missing) for v in values]


def numbers(values: pd.Series) -> list[float | None]:
    """Plain floats with None for missing, so nulls never become NaN strings in JSON."""
    return [None if pd.isna(v) else float(v) for v in values]


def distinct(names: list[str], keys: Iterable[object]) -> list[str]:
    """Category labels must be unique (a bar per label): suffix the id where names repeat."""
    counts = pd.Series(names).value_counts()
    return [f"{n} · #{k}" if counts[n] > 1 else n for n, k in zip(names, keys)]
