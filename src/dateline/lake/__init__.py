"""The Parquet lake: Dateline's store as a folder of Parquet files partitioned by publication
date, committed batch by batch through manifests, that DuckDB, Spark or Trino read
(docs/lake.md). ``Lake`` writes and reads it."""

from dateline.lake.layout import LakeError
from dateline.lake.writer import Lake

__all__ = ["Lake", "LakeError"]
