"""One settings object, read once where the program starts and passed explicitly.

Every knob a deployment turns — the store, its read replica, the page and API
answer caches, where to listen — is a field of :class:`Settings`. It is read in
one place: the command line's options win, then the environment
(``TRIALFINDER_DB``, ``TRIALFINDER_READ_DB``, ``TRIALFINDER_SEARCH_DIR``,
``TRIALFINDER_PAGE_CACHE``, ``TRIALFINDER_API_CACHE_MB``), then the defaults. No
other module reads the environment, so what a process runs with is what its
``Settings`` say, and a test builds one without touching ``os.environ``.

Worker processes started by ``serve --workers N`` cannot be handed a Python
object; :meth:`Settings.hand_to_workers` and :meth:`Settings.from_handoff` pass
the parent's settings through one environment variable, written and read only
here.
"""

from __future__ import annotations

import os
from collections.abc import Mapping

import msgspec

__all__ = [
    "API_CACHE_ENVIRONMENT",
    "DB_ENVIRONMENT",
    "DEFAULT_API_CACHE_MEGABYTES",
    "DEFAULT_DB",
    "DEFAULT_PAGE_CACHE_ENTRIES",
    "PAGE_CACHE_ENVIRONMENT",
    "READ_DB_ENVIRONMENT",
    "SEARCH_DIR_ENVIRONMENT",
    "Settings",
]

DB_ENVIRONMENT = "TRIALFINDER_DB"
READ_DB_ENVIRONMENT = "TRIALFINDER_READ_DB"
SEARCH_DIR_ENVIRONMENT = "TRIALFINDER_SEARCH_DIR"
PAGE_CACHE_ENVIRONMENT = "TRIALFINDER_PAGE_CACHE"
API_CACHE_ENVIRONMENT = "TRIALFINDER_API_CACHE_MB"
# serve -> its worker processes: the parent's Settings as JSON.
_HANDOFF_ENVIRONMENT = "TRIALFINDER_SETTINGS"

DEFAULT_DB = "trialfinder.db"
# A search page is about 15 kB: 512 pages are under 10 MB per worker process.
DEFAULT_PAGE_CACHE_ENTRIES = 512
# API answers vary from a few kB (fields=) to megabytes (long pages of registry studies),
# so their cache is bounded by size: 64 MB per worker process.
DEFAULT_API_CACHE_MEGABYTES = 64


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """What a trialfinder process runs with.

    ``db`` is a SQLite path or a ``postgresql://`` URL; ``read_db`` a PostgreSQL
    read replica that serves user reads (ignored for SQLite); ``search_dir`` where
    this node keeps its own search index of a PostgreSQL store (None: search the
    database's index; ignored for SQLite, whose index is beside its file);
    ``page_cache_entries`` how many rendered search pages each web process keeps
    (0 turns the cache off); ``api_cache_megabytes`` how many megabytes of API answers
    each web process keeps (0 turns that cache off); ``host``, ``port`` and ``workers``
    are where and how ``serve`` listens; ``warm_up`` whether each web process builds
    its search tables (vocabulary, spelling corrector, site grid) before it answers,
    so that the first users do not wait for them (``serve`` does; an app made
    in-process does not).
    """

    db: str = DEFAULT_DB
    read_db: str | None = None
    search_dir: str | None = None
    page_cache_entries: int = DEFAULT_PAGE_CACHE_ENTRIES
    api_cache_megabytes: int = DEFAULT_API_CACHE_MEGABYTES
    host: str = "127.0.0.1"
    port: int = 8000
    workers: int = 1
    warm_up: bool = False

    @classmethod
    def read(
        cls,
        environment: Mapping[str, str] = os.environ,
        *,
        db: str | None = None,
        read_db: str | None = None,
        search_dir: str | None = None,
        page_cache_entries: int | None = None,
        api_cache_megabytes: int | None = None,
        host: str | None = None,
        port: int | None = None,
        workers: int | None = None,
        warm_up: bool = False,
    ) -> Settings:
        """Options given (not None) win over the environment, which wins over defaults.

        A page-cache or API-cache size that is not a whole number >= 0 is an error at
        start-up.
        """
        defaults = cls()
        return cls(
            db=db or environment.get(DB_ENVIRONMENT) or defaults.db,
            read_db=read_db or environment.get(READ_DB_ENVIRONMENT) or None,
            search_dir=search_dir or environment.get(SEARCH_DIR_ENVIRONMENT) or None,
            page_cache_entries=(
                page_cache_entries
                if page_cache_entries is not None
                else _cache_size(
                    environment, PAGE_CACHE_ENVIRONMENT, "pages", DEFAULT_PAGE_CACHE_ENTRIES
                )
            ),
            api_cache_megabytes=(
                api_cache_megabytes
                if api_cache_megabytes is not None
                else _cache_size(
                    environment, API_CACHE_ENVIRONMENT, "megabytes", DEFAULT_API_CACHE_MEGABYTES
                )
            ),
            host=host if host is not None else defaults.host,
            port=port if port is not None else defaults.port,
            workers=workers if workers is not None else defaults.workers,
            warm_up=warm_up,
        )

    def hand_to_workers(self) -> None:
        """Leave these settings where :meth:`from_handoff` finds them in a worker process."""
        os.environ[_HANDOFF_ENVIRONMENT] = msgspec.json.encode(self).decode()

    @classmethod
    def from_handoff(cls, environment: Mapping[str, str] = os.environ) -> Settings:
        """The settings the parent ``serve`` process handed over (or read afresh if none)."""
        handed = environment.get(_HANDOFF_ENVIRONMENT)
        if not handed:
            return cls.read(environment)
        return msgspec.json.decode(handed, type=cls)


def _cache_size(environment: Mapping[str, str], name: str, unit: str, default: int) -> int:
    """A cache size from the environment variable ``name`` (a whole number of ``unit``)."""
    text = environment.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit():
        raise ValueError(f"{name} must be a number of {unit} (0 = off): {text!r}")
    return int(text)
