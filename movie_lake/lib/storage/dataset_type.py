"""`Dataset`, standing for `pyarrow.dataset.Dataset` in the annotations Dagster resolves when the
definitions load. Importing `pyarrow.dataset` imports pandas (0.17 s of a ~1 s definitions
import); the lake's code imports it where it reads or writes, and the definitions never need it."""
from __future__ import annotations


class _ArrowDatasetCheck(type):
    def __instancecheck__(cls, value: object) -> bool:
        import pyarrow.dataset as ds

        return isinstance(value, ds.Dataset)


class Dataset(metaclass=_ArrowDatasetCheck):
    """What the lake IO manager loads an input as (Dagster's type check of an input asks
    `isinstance(value, Dataset)`, answered by pyarrow's class). Never instantiated."""

    def __new__(cls, *args, **kwargs):
        raise TypeError("Dataset only stands for pyarrow.dataset.Dataset in annotations")
