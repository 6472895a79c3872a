"""Names and text spelled into SQL (DuckDB and Athena quote them the same way)."""


def identifier(name: str) -> str:
    """A column, table or view name as a quoted identifier."""
    return '"' + name.replace('"', '""') + '"'


def literal(text: str) -> str:
    """A string as a quoted SQL literal."""
    return "'" + text.replace("'", "''") + "'"
