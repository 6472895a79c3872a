"""pyiceberg's file IO for a local lake whose folder moved since its tables were made (see
`named_root.py`): each location keeps its name (metadata written now names files as the old ones
do), only the path opened is mapped. pyiceberg loads it by name (the catalog's `py-io-impl`)."""
from __future__ import annotations

from pyiceberg.io.pyarrow import PyArrowFileIO
from pyiceberg.typedef import EMPTY_DICT, Properties

from movie_lake.lib.storage.named_root import relocated

NAMED_ROOT_PROPERTY = "movie-lake.named-root"
ROOT_PROPERTY = "movie-lake.root"


class NamedRootFileIO(PyArrowFileIO):
    @staticmethod
    def parse_location(location: str, properties: Properties = EMPTY_DICT) -> tuple[str, str, str]:
        scheme, netloc, path = PyArrowFileIO.parse_location(location, properties)
        if scheme == "file" and NAMED_ROOT_PROPERTY in properties:
            path = relocated(path, properties[NAMED_ROOT_PROPERTY], properties[ROOT_PROPERTY])
        return scheme, netloc, path
