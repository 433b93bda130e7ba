"""Where trials are kept: SQLite by default, PostgreSQL for larger deployments."""

from __future__ import annotations

from pathlib import Path

from trialfinder.store.base import (
    BadStoredRow,
    DerivedRecord,
    Store,
    StoredRow,
    StoreStats,
    UpsertOutcome,
)

__all__ = [
    "BadStoredRow",
    "DerivedRecord",
    "Store",
    "StoreStats",
    "StoredRow",
    "UpsertOutcome",
    "open_store",
]


def open_store(location: str | Path, *, read_url: str | None = None) -> Store:
    """Open (creating and migrating as needed) the store at a path or database URL.

    The store comes without a search index: faces open stores with the search
    package's ``open_store``, which attaches one (a PostgreSQL store refuses to
    write trials without it). ``read_url`` is a PostgreSQL read replica for the
    reads that serve users (``Settings.read_db``); a SQLite store has no replicas
    and ignores it.
    """
    target = str(location)
    if target.startswith(("postgresql://", "postgres://")):
        from trialfinder.store.postgres import PostgresStore

        return PostgresStore(target, read_url=read_url)
    from trialfinder.store.sqlite import SQLiteStore

    return SQLiteStore(target)
