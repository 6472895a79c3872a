"""Lake storage: one code path for a local folder and an S3 prefix (through pyarrow.fs)."""
from movie_lake.lib.storage.files import LakeFile, LakeStorage
from movie_lake.lib.storage.tables import TableStore

__all__ = ["LakeFile", "LakeStorage", "TableStore"]
