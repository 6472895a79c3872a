"""IO managers: typed, hive-partitioned Parquet in the lake."""
from .parquet import LakeParquetIOManager

__all__ = ["LakeParquetIOManager"]
