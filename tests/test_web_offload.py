"""Search pages are rendered off the event loop one at a time in a process, in the order
asked (:mod:`trialfinder.web.offload`): under the GIL, pages rendered side by side only
hand the GIL back and forth between their threads."""

from __future__ import annotations

import asyncio
import threading
from pathlib import Path

from starlette.datastructures import QueryParams
from starlette.responses import Response

from trialfinder.search import open_store
from trialfinder.store import Store
from trialfinder.web.offload import PAGE_THREADS, run_page
from trialfinder.web.pages import _page_parameters_of, _render_search

_QUERIES = [
    "q=asthma",
    "q=breast+cancer&status=RECRUITING",
    "q=cancer&near=Boston&within=500km",
    "cond=melanoma&intr=pembrolizumab",
    "q=diabetes&sex=FEMALE",
    "q=lung+cancer&phase=PHASE2",
]


class _Rendered:
    """The page renderer, noting how many pages are being rendered at once and in which
    order they were."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.lock = threading.Lock()
        self.inside = 0
        self.most_at_once = 0
        self.order: list[str] = []

    def __call__(self, query: str) -> Response:
        with self.lock:
            self.inside += 1
            self.most_at_once = max(self.most_at_once, self.inside)
        try:
            return _render_search(self.store, *_page_parameters_of(QueryParams(query)))
        finally:
            with self.lock:
                self.inside -= 1
                self.order.append(query)


def test_search_pages_asked_together_are_rendered_one_at_a_time_in_order(
    loaded_store_path: Path,
) -> None:
    store = open_store(loaded_store_path)
    try:
        rendered = _Rendered(store)

        async def ask_together() -> list[Response]:
            return await asyncio.gather(*(run_page(rendered, query) for query in _QUERIES))

        pages = asyncio.run(ask_together())
        assert PAGE_THREADS == 1
        assert rendered.most_at_once == 1
        assert rendered.order == _QUERIES
        alone = [_render_search(store, *_page_parameters_of(QueryParams(q))) for q in _QUERIES]
        assert [page.body for page in pages] == [page.body for page in alone]
        assert all(page.status_code == 200 for page in pages)
    finally:
        store.close()
