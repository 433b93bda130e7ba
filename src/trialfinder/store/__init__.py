"""Where trials are kept: SQLite by default, PostgreSQL for larger deployments."""

from __future__ import annotations

import os
from pathlib import Path

from trialfinder.store.base import DerivedRecord, Store, StoreStats, UpsertOutcome

__all__ = [
    "DEFAULT_DB",
    "DerivedRecord",
    "Store",
    "StoreStats",
    "UpsertOutcome",
    "default_db",
    "open_store",
]

DEFAULT_DB = "trialfinder.db"


def default_db() -> str:
    """``TRIALFINDER_DB`` if set, else ``./trialfinder.db``."""
    return os.environ.get("TRIALFINDER_DB") or DEFAULT_DB


def open_store(location: str | Path | None = None) -> Store:
    """Open (creating and migrating as needed) the store at a path or database URL.

    The store comes without a search index: faces open stores with the search
    package's ``open_store``, which attaches one (a PostgreSQL store refuses to
    write trials without it).
    """
    target = str(location) if location is not None else default_db()
    if target.startswith(("postgresql://", "postgres://")):
        from trialfinder.store.postgres import PostgresStore

        return PostgresStore(target)
    from trialfinder.store.sqlite import SQLiteStore

    return SQLiteStore(target)
