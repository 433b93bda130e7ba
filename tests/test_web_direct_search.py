"""``GET /search`` answered in front of the router: the route's pages exactly.

:class:`trialfinder.web.direct_search.DirectSearchMiddleware` answers plain search page
requests before FastAPI's layers and router, and leaves everything else to the app.
These tests ask the same pages of the app and of the same app without its front, over
the reference trials, and compare status, headers (ETag, cache and security headers)
and bytes: searches of every kind, pages followed by their next-page links, odd and
bad parameters (the 400 page naming what cannot be used), revalidations and kept
pages; and they check which requests the front answers itself.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from starlette.types import Receive, Scope, Send

from trialfinder.search import open_store
from trialfinder.settings import Settings
from trialfinder.web.app import create_app
from trialfinder.web.direct_search import DirectSearchMiddleware
from trialfinder.web.page_cache import PageCache

_PAGES = [
    "/",
    "/search",
    "/?q=asthma",
    "/search?q=breast+cancer",
    "/search?q=breast%20cancer&status=RECRUITING&status=NOT_YET_RECRUITING",
    "/search?q=lung+cancer&phase=PHASE2&type=INTERVENTIONAL",
    "/search?q=diabetes&sex=FEMALE&funder=INDUSTRY&intervention_type=DRUG",
    "/search?cond=melanoma&intr=pembrolizumab",
    "/search?q=cancer&near=Boston&within=500km",
    "/search?q=cancer&near=Seoul&within=1000km&sort=distance",
    "/search?q=leukemia&near=Paris",
    "/search?q=cancer&sort=updated",
    "/search?q=cancer&sort=distance",
    "/search?within=50km&q=asthma",
    "/search?q=hepatitis+C+NOT+HIV",
    "/search?q=%22heart+failure%22",
    "/search?q=caner",
    "/search?q=%E8%82%BA%E7%99%8C",
    "/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E",
    "/search?q=asthma&q=diabetes",
    "/search?q=zzzzqqqq",
    "/search?q=cancer&status=recruiting",
    "/search?q=cancer&unknown=1",
    "/search?q=cancer&near=Nowhereville+Xyz&within=50km",
    "/search?q=cancer&within=abc&near=Boston",
    "/search?q=cancer&page=not-a-token",
    "/search?q=cancer&sort=sideways",
    "/search?q=cancer&phase=PHASE9",
]


def _asked(client: TestClient, path: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    answer = client.get(path, headers=headers)
    return answer.status_code, dict(answer.headers), answer.content


def _front_and_routes(store: Path, page_cache_entries: int) -> tuple[TestClient, TestClient]:
    """A client of the app and one of the same app without its front."""
    settings = Settings(db=str(store), page_cache_entries=page_cache_entries)
    without_front = create_app(settings)
    without_front.front = None
    return TestClient(create_app(settings)), TestClient(without_front)


@pytest.fixture(scope="module")
def clients(loaded_store_path: Path) -> Iterator[tuple[TestClient, TestClient]]:
    """Page caches off: every page is made."""
    direct, routed = _front_and_routes(loaded_store_path, 0)
    with direct, routed:
        yield direct, routed


@pytest.mark.parametrize("path", _PAGES)
def test_every_search_page_in_front_is_the_routes(
    path: str, clients: tuple[TestClient, TestClient]
) -> None:
    direct, routed = clients
    assert _asked(direct, path) == _asked(routed, path)


def test_next_pages_and_bad_requests_are_the_routes(
    clients: tuple[TestClient, TestClient],
) -> None:
    """Each page's next-page link followed three times, on both: the same pages; and the
    400 page of a bad parameter names it on both."""
    direct, routed = clients
    path: str | None = "/search?q=cancer"
    followed = 0
    while path is not None and followed < 4:
        status, headers, body = _asked(direct, path)
        assert (status, headers, body) == _asked(routed, path)
        assert status == 200
        found = re.search(rb'href="(/search\?[^"]*page=[^"]*)"[^>]*rel="next"', body)
        path = found.group(1).decode().replace("&amp;", "&") if found else None
        followed += 1
    assert followed == 4
    status, _, body = _asked(direct, "/search?q=cancer&page=not-a-token")
    assert status == 400
    assert b"page" in body


@pytest.fixture(scope="module")
def remembering_clients(loaded_store_path: Path) -> Iterator[tuple[TestClient, TestClient]]:
    """Page caches on: pages are kept and revalidated."""
    direct, routed = _front_and_routes(loaded_store_path, 512)
    with direct, routed:
        yield direct, routed


def test_kept_pages_and_revalidations_in_front_are_the_routes(
    remembering_clients: tuple[TestClient, TestClient],
) -> None:
    """Made, kept and revalidated: each the route's status, headers and bytes."""
    direct, routed = remembering_clients
    path = "/search?q=breast+cancer&near=Boston&within=500km"
    made, kept = _asked(direct, path), _asked(direct, path)
    assert made == _asked(routed, path)
    assert kept == _asked(routed, path)
    assert made[0] == 200 and "etag" in made[1] and "content-security-policy" in made[1]
    etag = made[1]["etag"]
    revalidated = _asked(direct, path, **{"If-None-Match": etag})
    assert revalidated[0] == 304
    assert revalidated == _asked(routed, path, **{"If-None-Match": etag})


class _Behind:
    """The rest of the app as the front sees it: answers 204 and notes each path."""

    def __init__(self) -> None:
        self.asked: list[tuple[str, str]] = []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.asked.append((scope["method"], scope["path"]))
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})


def test_plain_search_pages_are_answered_in_front_and_the_rest_left_to_the_app(
    loaded_store_path: Path,
) -> None:
    store = open_store(loaded_store_path)
    behind = _Behind()
    front = DirectSearchMiddleware(behind, store=store, pages=PageCache(0))

    async def ask() -> None:
        transport = httpx.ASGITransport(app=front)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as client:
            for path in ("/search?q=asthma", "/", "/search?q=cancer&page=not-a-token"):
                answer = await client.get(path)
                assert answer.status_code in (200, 400)
                assert answer.headers["x-frame-options"] == "DENY"
            assert behind.asked == []
            await client.head("/search?q=asthma")
            await client.post("/search", content=b"q=asthma")
            await client.get("/search/")
            await client.get("/trials/NCT00000000")
            await client.get("/search", headers={"Content-Length": "0"})

    try:
        asyncio.run(ask())
    finally:
        store.close()
    assert behind.asked == [
        ("HEAD", "/search"),
        ("POST", "/search"),
        ("GET", "/search/"),
        ("GET", "/trials/NCT00000000"),
        ("GET", "/search"),
    ]
