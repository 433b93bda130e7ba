"""Which index serves a store: a store and its search backend, put together.

The store never imports search (it only knows the :class:`TrialIndex` write
hook it is given); here search picks the backend for a store, attaches its
index as the store's write hook and answers queries through it. Every face
opens stores with :func:`open_store` so that trials written through them are
indexed in step (a PostgreSQL store without an index refuses to write trials).
A PostgreSQL store opened with a search directory is searched through the node's
index that follows its change log; whether its writers also fill the database's
own search tables is the database's setting (:func:`set_search_tables`).
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from trialfinder.search.index import (
    SearchDirRequired,
    SearchIndex,
    run_search,
    spelling_corrector,
)
from trialfinder.search.paging import decode_page_token, page_token_key
from trialfinder.search.query import SearchQuery
from trialfinder.search.results import LocationCount, SearchResult
from trialfinder.search.validation import build_query
from trialfinder.store import Store
from trialfinder.store import open_store as open_store_without_index

if TYPE_CHECKING:
    from trialfinder.store.postgres import PostgresStore

__all__ = [
    "check_searchable",
    "index_of",
    "keeps_search_tables",
    "locations",
    "open_store",
    "search",
    "set_search_tables",
    "warm_up",
]

_indexes: weakref.WeakKeyDictionary[Store, SearchIndex] = weakref.WeakKeyDictionary()
_indexes_lock = threading.Lock()


def open_store(
    location: str | Path,
    *,
    read_url: str | None = None,
    search_dir: str | Path | None = None,
) -> Store:
    """Open the store at a path or database URL with its search index attached
    (``read_url``: a PostgreSQL read replica for the reads that serve users;
    ``search_dir``: where this node keeps its own index of a PostgreSQL store,
    :mod:`~trialfinder.search.node_index`, instead of searching the database's)."""
    store = open_store_without_index(location, read_url=read_url)
    with _indexes_lock:
        _indexes[store] = _attach_index(store, search_dir)
    return store


def index_of(store: Store) -> SearchIndex:
    """The store's search index, attached to it on first use."""
    with _indexes_lock:
        index = _indexes.get(store)
        if index is None:
            index = _indexes[store] = _attach_index(store, None)
        return index


def _attach_index(store: Store, search_dir: str | Path | None) -> SearchIndex:
    from trialfinder.store.sqlite import SQLiteStore

    if isinstance(store, SQLiteStore):
        from trialfinder.search.sqlite_index import SQLiteIndex

        sqlite_index = SQLiteIndex.beside(store)
        store.attach_index(sqlite_index)
        return sqlite_index
    from trialfinder.store.postgres import PostgresStore

    if isinstance(store, PostgresStore):
        from trialfinder.search.postgres_index import PostgresIndex

        postgres_index = PostgresIndex(store)
        store.attach_index(postgres_index)
        if search_dir is None:
            return postgres_index
        from trialfinder.search.node_index import NodeIndex

        return NodeIndex(store, Path(search_dir))
    raise TypeError(f"no search backend for a {type(store).__name__}")


def _postgres(store: Store) -> PostgresStore:
    from trialfinder.store.postgres import PostgresStore

    if not isinstance(store, PostgresStore):
        raise ValueError(f"{store.url} is not a PostgreSQL database: it has no search tables")
    return store


def keeps_search_tables(store: Store) -> bool:
    """Whether a PostgreSQL database keeps its own search tables (ValueError for SQLite)."""
    from trialfinder.search.postgres_index import keeps_search_tables as keeps

    return keeps(_postgres(store))


def set_search_tables(
    store: Store, keep: bool, on_progress: Callable[[int], None] | None = None
) -> None:
    """Have a PostgreSQL database's writers keep its search tables or not (see
    :func:`trialfinder.search.postgres_index.set_search_tables`)."""
    from trialfinder.search.postgres_index import set_search_tables as switch

    switch(_postgres(store), keep, on_progress)


def check_searchable(store: Store) -> None:
    """SearchDirRequired if the store, as opened, cannot be searched (a PostgreSQL
    database without search tables, opened without a search directory): a server says
    so before it listens, not on every search."""
    from trialfinder.search.postgres_index import PostgresIndex

    if isinstance(index_of(store), PostgresIndex) and not keeps_search_tables(store):
        raise SearchDirRequired(store.url)


def search(store: Store, query: SearchQuery) -> SearchResult:
    """Run a validated query against a store; QueryError if its page token is not this store's."""
    key = page_token_key(store)
    if query.page_token is not None:
        decode_page_token(query.page_token, query, key)
    return run_search(index_of(store), query, key)


def locations(store: Store, country: str | None = None) -> list[LocationCount]:
    """Countries with trial counts, or with ``country`` the cities in it."""
    return index_of(store).locations(country)


def warm_up(store: Store) -> None:
    """Build what a process otherwise builds during its first searches, while a user waits:
    the medical vocabulary, the spelling corrector, the index's term statistics, the site
    grid and the gazetteer (at 600,000 studies the first condition search took 4.4 s, the
    first near a place 9.8 s and the first with no result 1.4 s; bench/RESULTS.md)."""
    spelling_corrector()
    search(store, build_query(condition="breast cancer", limit=1))
    near = build_query(condition="breast cancer", near="Paris, France", within="50km", limit=1)
    search(store, near)
