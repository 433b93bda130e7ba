"""A web node's own search index over a PostgreSQL store, following its change log.

PostgreSQL stays the store of record. Every trial write numbers the trial in the
store's change log (``trial_change``, in the upsert's transaction: see
:func:`trialfinder.store.postgres._bump_generation`), as SQLite numbers
``trials.change_seq``. A node (a ``serve`` process, or any process opened with a
search directory) keeps the same Tantivy index SQLite uses,
:class:`~trialfinder.search.sqlite_index.SQLiteIndex`, in a directory of its own:
before a search it reads the log's highest number (one index lookup, on the read
replica when there is one) and, when that is above its watermark, indexes the
trials changed since, exactly as an index beside a SQLite file catches up. So a
search costs what it costs on SQLite, whatever the number of nodes, and a sync on
the primary shows on every node at its next search (on a node reading a standby,
once the standby has replayed it).

The directory is ``<search_dir>/<database epoch>/``: the Tantivy index, a SQLite
file with the index's own tables (sites, place counts, watermark) and a lock file.
A rebuilt database has a new epoch, so a node never mixes two databases; processes
of one node may share the directory (one of them writes, the others reload).
Whether the database's own search tables are also written with every upsert
(:mod:`trialfinder.search.postgres_index`) is the database's setting
(``trialfinder search-tables``): when every node keeps its own index they need not
be, and writers skip them.
"""

from __future__ import annotations

import sqlite3
import threading
import weakref
from collections.abc import Mapping, Sequence, Set
from pathlib import Path

from trialfinder.search.index import IndexPage
from trialfinder.search.query import SearchQuery
from trialfinder.search.results import Facets, LocationCount
from trialfinder.search.sqlite_index import SQLiteIndex
from trialfinder.search.text import TextQuery
from trialfinder.store.postgres import PostgresStore
from trialfinder.store.sqlite import connect

__all__ = ["NodeIndex"]

# The index's own tables, as a SQLite store has them (store/sqlite_migrations.py).
_TABLES = (
    "CREATE TABLE IF NOT EXISTS state (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID",
    """CREATE TABLE IF NOT EXISTS search_site (
        trial_rowid INTEGER PRIMARY KEY,
        change_seq INTEGER NOT NULL,
        places BLOB NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS search_site_change_seq ON search_site (change_seq)",
    """CREATE TABLE IF NOT EXISTS search_place_name (
        id INTEGER PRIMARY KEY,
        country TEXT NOT NULL,
        city TEXT NOT NULL,
        UNIQUE (country, city)
    )""",
    """CREATE TABLE IF NOT EXISTS search_location (
        country TEXT NOT NULL,
        city TEXT NOT NULL,
        trials INTEGER NOT NULL,
        PRIMARY KEY (country, city)
    ) WITHOUT ROWID""",
)


class _ChangeLog:
    """A PostgreSQL store as a :class:`~trialfinder.search.sqlite_index.TrialSource`.

    Reads go where the store's user reads go (the replica while it answers). It
    holds the store weakly: the index is kept per store, and must not keep it alive.
    """

    def __init__(self, store: PostgresStore) -> None:
        self._store = weakref.ref(store)

    def _owner(self) -> PostgresStore:
        store = self._store()
        if store is None:
            raise RuntimeError("the store of this search index is gone")
        return store

    def index_id(self) -> str:
        return self._owner().database_id()

    def last_change_seq(self) -> int:
        return self._owner().last_change_seq()

    def changes_after(self, change_seq: int, limit: int) -> list[tuple[int, int]]:
        return self._owner().changes_after(change_seq, limit)

    def records(self, rowids: Sequence[int]) -> list[tuple[int, bytes]]:
        return self._owner().records_by_id(rowids) if rowids else []

    def rowids(self, nct_ids: Sequence[str]) -> list[int]:
        return self._owner().ids_of(nct_ids)


class NodeIndex:
    """The node-local index of one PostgreSQL store, in ``search_dir``
    (see :class:`~trialfinder.search.index.SearchIndex`)."""

    def __init__(self, store: PostgresStore, search_dir: Path) -> None:
        self.directory = Path(search_dir) / store.database_id()
        self.directory.mkdir(parents=True, exist_ok=True)
        self._tables_path = self.directory / "tables.sqlite"
        self._local = threading.local()
        self._index = SQLiteIndex(
            _ChangeLog(store),
            self._tables,
            self.directory / "tantivy",
            self.directory / "index.lock",
        )

    def _tables(self) -> sqlite3.Connection:
        """This thread's connection to the index's tables, made on first use."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = connect(self._tables_path)
            for statement in _TABLES:
                connection.execute(statement)
            _drop_site_points(connection)
            self._local.connection = connection
        return connection

    def run(self, query: SearchQuery, text: TextQuery, shown: Set[str] = frozenset()) -> IndexPage:
        return self._index.run(query, text, shown)

    def count(self, query: SearchQuery, text: TextQuery) -> tuple[int, Facets]:
        return self._index.count(query, text)

    def locations(self, country: str | None) -> list[LocationCount]:
        return self._index.locations(country)

    def word_frequencies(self, words: Sequence[str]) -> Mapping[str, int]:
        return self._index.word_frequencies(words)

    def co_occurrences(self, words: Sequence[str], others: Sequence[str]) -> Mapping[str, int]:
        return self._index.co_occurrences(words, others)

    def name_words(self, prefix: str) -> Mapping[str, int]:
        return self._index.name_words(prefix)


def _drop_site_points(connection: sqlite3.Connection) -> None:
    """Tables an older trialfinder made kept each trial's site coordinates: the site grid
    reads them from the records now (store/sqlite_migrations.py, 5). Checked again and
    dropped in one write transaction, as another process of the node may be doing the same."""
    if not _has_site_points(connection):
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        if _has_site_points(connection):
            connection.execute("ALTER TABLE search_site DROP COLUMN points")
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _has_site_points(connection: sqlite3.Connection) -> bool:
    return any(row[1] == "points" for row in connection.execute("PRAGMA table_info(search_site)"))
