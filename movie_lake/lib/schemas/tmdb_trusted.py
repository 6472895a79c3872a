"""Trusted tables parsed from the Kaggle TMDB 5000 CSV files."""
import pyarrow as pa

from movie_lake.lib.schemas.base import Column, DatasetSchema, struct_list

NAMED_IDS = struct_list(id=pa.int64(), name=pa.string())
LANDED_AT = Column("landed_at", pa.timestamp("us", tz="UTC"), False, "when the source file landed")
SOURCE_FILE = "source_file"

MOVIES = DatasetSchema(
    name="trusted/movies",
    description="One row per movie per landed movies file, typed.",
    primary_key=("id",),
    partition_column=SOURCE_FILE,
    columns=(
        Column("id", pa.int64(), False, "TMDB movie id"),
        Column("title", pa.string(), False),
        Column("original_title", pa.string()),
        Column("original_language", pa.string()),
        Column("overview", pa.string()),
        Column("tagline", pa.string()),
        Column("homepage", pa.string()),
        Column("status", pa.string()),
        Column("release_date", pa.date32()),
        Column("budget", pa.int64(), description="USD; 0 in the source means unknown"),
        Column("revenue", pa.int64(), description="USD; 0 in the source means unknown"),
        Column("budget_known", pa.bool_(), False),
        Column("revenue_known", pa.bool_(), False),
        Column("runtime", pa.int32(), description="minutes"),
        Column("popularity", pa.float64()),
        Column("vote_average", pa.float64()),
        Column("vote_count", pa.int64()),
        Column("genres", NAMED_IDS),
        Column("keywords", NAMED_IDS),
        Column("production_companies", NAMED_IDS),
        Column("production_countries", struct_list(iso_3166_1=pa.string(), name=pa.string())),
        Column("spoken_languages", struct_list(iso_639_1=pa.string(), name=pa.string())),
        LANDED_AT,
    ),
)

def _credit_columns(*role_columns: Column) -> tuple[Column, ...]:
    """Who is credited on which movie, then the role, as in both credits JSON arrays."""
    return (
        Column("movie_id", pa.int64(), False),
        Column("credit_id", pa.string(), False),
        Column("person_id", pa.int64(), False),
        Column("name", pa.string(), False),
        *role_columns,
        Column("gender", pa.int8(), description="0 unknown, 1 female, 2 male, 3 non-binary"),
        LANDED_AT,
    )


MOVIE_CAST = DatasetSchema(
    name="trusted/movie_cast",
    description="One row per cast credit, flattened from the credits file's cast JSON.",
    primary_key=("credit_id",),
    partition_column=SOURCE_FILE,
    columns=_credit_columns(
        Column("character", pa.string()),
        Column("cast_id", pa.int64()),
        Column("cast_order", pa.int32(), description="billing order, 0 = top"),
    ),
)

MOVIE_CREW = DatasetSchema(
    name="trusted/movie_crew",
    description="One row per crew credit, flattened from the credits file's crew JSON.",
    primary_key=("credit_id",),
    partition_column=SOURCE_FILE,
    columns=_credit_columns(Column("department", pa.string()), Column("job", pa.string())),
)

UNKEYED_CREDITS = DatasetSchema(
    name="trusted/unkeyed_credits",
    description="The credits of a credits record whose movie_id is empty (Batman v Superman in the shared file), "
                "kept with the record's title so the conform step can repair the id when exactly one movie has it.",
    primary_key=("credit_id",),
    partition_column=SOURCE_FILE,
    columns=(
        Column("line", pa.int64(), False, "where the record starts in the landed file"),
        Column("movie_title", pa.string(), description="the credits file's title"),
        Column("role", pa.string(), False, "cast or crew"),
        Column("credit_id", pa.string(), False),
        Column("person_id", pa.int64(), False),
        Column("name", pa.string(), False),
        Column("character", pa.string()),
        Column("cast_id", pa.int64()),
        Column("cast_order", pa.int32()),
        Column("department", pa.string()),
        Column("job", pa.string()),
        Column("gender", pa.int8()),
        LANDED_AT,
    ),
)

SCHEMAS = (MOVIES, MOVIE_CAST, MOVIE_CREW, UNKEYED_CREDITS)
