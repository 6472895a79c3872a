"""The lake's running cost estimate (`analytics/lake_cost`): one row per priced quantity."""
import pyarrow as pa

from movie_lake.lib.schemas.base import Column, DatasetSchema

LAKE_COST = DatasetSchema(
    name="analytics/lake_cost",
    description="Running cost estimate: S3 storage per zone (monthly), Athena bytes scanned per analysis and per day, "
                "S3 requests per day (one PUT per object a materialization wrote), TMDB API requests (free, shown for scale). "
                "Prices are settings (MOVIE_LAKE_PRICE_*), today's AWS list prices by default.",
    columns=(
        Column("category", pa.string(), False, "storage, athena, s3_requests or tmdb_api"),
        Column("item", pa.string(), False, "a zone, an analysis, or 'all'"),
        Column("day", pa.date32(), description="UTC day of the work; null for the storage snapshot"),
        Column("quantity", pa.float64(), False),
        Column("unit", pa.string(), False, "GB-month, TB scanned, requests"),
        Column("usd", pa.float64(), False, "estimated cost at the configured prices"),
    ),
)

SCHEMAS = (LAKE_COST,)
