"""The offline HTML dashboard: chart builders per section, KPI tiles, freshness, page assembly.

Everything here is pure (tables in, figures or HTML out) except `freshness.py`,
which reads the Dagster instance.
"""
