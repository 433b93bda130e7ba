"""Rendered search pages and API answers: cached per process, revalidated with ETags.

A search page (or an API answer) depends only on its parameters, the store's data generation
(:meth:`trialfinder.store.Store.data_generation`, which moves with every
ingest, sync or index catch-up) and the code and templates that render it. So:

* :class:`PageCache` keeps the most recently used pages of the current data
  generation; the first lookup under a new generation drops every older page
  at once, so a page from before an ingest is never served after it.
* :func:`page_etag` derives the ETag from the same facts, so every worker
  process gives a page the same ETag, and a browser's ``If-None-Match`` is
  answered 304 before anything is searched or rendered.

Only GET search pages and API answers come here (:mod:`trialfinder.web.api.answer_cache`).
Patient forms are POSTs: never cached here and marked ``no-store`` for browsers
(:mod:`trialfinder.web.security`). Pages live in this process's memory only, never
on disk. ``Settings.page_cache_entries`` (``TRIALFINDER_PAGE_CACHE``) sets how many
pages a process keeps, ``Settings.api_cache_megabytes`` (``TRIALFINDER_API_CACHE_MB``)
how many bytes of API answers (0 turns either cache off; ETags stay).
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Mapping, Sequence

__all__ = [
    "PageCache",
    "PageKey",
    "if_none_match",
    "page_etag",
    "page_key",
]

PageKey = tuple[tuple[str, tuple[str, ...]], ...]


def page_key(single: Mapping[str, str], lists: Mapping[str, Sequence[str]]) -> PageKey:
    """The parameters a page is rendered from, in one order whatever the URL's order.

    Values are kept exactly (the form shows them back as typed); list values keep
    their order; empty lists are left out.
    """
    entries: dict[str, tuple[str, ...]] = {name: (value,) for name, value in single.items()}
    entries.update({name: tuple(values) for name, values in lists.items() if values})
    return tuple(sorted(entries.items()))


def page_etag(build: str, generation: str, key: PageKey) -> str:
    """A weak ETag from the code build, the data generation and the page's parameters."""
    digest = hashlib.blake2b(digest_size=12)
    digest.update(repr((build, generation, key)).encode())
    return f'W/"{digest.hexdigest()}"'


def if_none_match(header: str | None, etag: str) -> bool:
    """Whether a request's ``If-None-Match`` names ``etag`` (weak comparison, RFC 9110)."""
    if not header:
        return False
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in header.split(","))


class PageCache:
    """The last ``max_entries`` pages rendered under one data generation (LRU), at
    most ``max_bytes`` of them together (None: no bound but the count). A page over
    an eighth of ``max_bytes`` is not kept: it would push out many smaller ones.

    Used from the event loop only (lookups and stores happen between awaits), so
    it needs no lock. ``hits`` and ``misses`` count lookups since start.
    """

    def __init__(self, max_entries: int, max_bytes: int | None = None) -> None:
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self.hits = 0
        self.misses = 0
        self.size_bytes = 0
        self._generation: str | None = None
        self._pages: OrderedDict[PageKey, bytes] = OrderedDict()

    def __len__(self) -> int:
        return len(self._pages)

    def _use_generation(self, generation: str) -> None:
        if generation != self._generation:
            self._pages.clear()
            self.size_bytes = 0
            self._generation = generation

    def get(self, key: PageKey, generation: str) -> bytes | None:
        """The page rendered for ``key`` under ``generation``, or None."""
        self._use_generation(generation)
        page = self._pages.get(key)
        if page is None:
            self.misses += 1
            return None
        self._pages.move_to_end(key)
        self.hits += 1
        return page

    def put(self, key: PageKey, generation: str, page: bytes) -> None:
        """Keep ``page``, rendered from data of ``generation``, dropping the least recent."""
        if self.max_entries <= 0 or (self.max_bytes is not None and len(page) * 8 > self.max_bytes):
            return
        self._use_generation(generation)
        replaced = self._pages.pop(key, None)
        if replaced is not None:
            self.size_bytes -= len(replaced)
        self._pages[key] = page
        self.size_bytes += len(page)
        while len(self._pages) > self.max_entries or (
            self.max_bytes is not None and self.size_bytes > self.max_bytes
        ):
            _, dropped = self._pages.popitem(last=False)
            self.size_bytes -= len(dropped)
