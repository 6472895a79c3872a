"""Benchmark tooling: synthetic scale-ups of the real inputs, comparison baselines, and the harness.

Nothing here is imported by the pipeline itself; heavy engines (pyspark, duckdb) are imported lazily
inside the functions that need them.
"""
