"""Lake storage: one code path for a local folder and an S3 prefix (through pyarrow.fs)."""
from .files import LakeFile, LakeStorage
from .tables import TableStore

__all__ = ["LakeFile", "LakeStorage", "TableStore"]
