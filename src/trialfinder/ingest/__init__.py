"""Reading registry records: API v2 JSON, legacy XML, archives, and loading them into a store."""

from __future__ import annotations

from trialfinder.ingest.errors import MalformedRecord, UnreadableInput
from trialfinder.ingest.loader import IngestSummary, SkippedRecord, ingest_paths, sample_paths
from trialfinder.ingest.reader import RecordResult, iter_records

__all__ = [
    "IngestSummary",
    "MalformedRecord",
    "RecordResult",
    "SkippedRecord",
    "UnreadableInput",
    "ingest_paths",
    "iter_records",
    "sample_paths",
]
