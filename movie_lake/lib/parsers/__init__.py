"""Parsers per source format: bytes in, typed Arrow table + rejected records out.

Pure functions with no Dagster and no paths, so the benchmark and a Dagster Pipes
job (Glue, ECS) can run them too.
"""
