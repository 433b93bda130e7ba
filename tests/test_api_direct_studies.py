"""``GET /api/v2/studies`` answered in front of the router: the router's answers exactly.

:class:`trialfinder.web.api.direct_studies.DirectStudiesMiddleware` reads the route's
typed parameters itself when they are plain and leaves everything else to FastAPI.
These tests ask the same questions of the app and of the same app without the direct
path, and compare status, headers and bytes: plain questions (which it answers),
typed parameters in other spellings, repeated or out of range (which the router
answers), and bad questions (the router's 400 naming the parameter).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from starlette.datastructures import QueryParams

from trialfinder.settings import Settings
from trialfinder.web.api.direct_studies import DirectStudiesMiddleware, plain_paging
from trialfinder.web.app import create_app

_PLAIN = [
    "",
    "query.cond=asthma",
    "query.cond=breast+cancer&pageSize=3&countTotal=true",
    "query.term=cancer&pageSize=0&countTotal=false",
    "query.cond=diabetes&fields=NCTId,BriefTitle,OverallStatus,Condition",
    "query.cond=diabetes&fields=NCTId&fields=LocationCity&pageSize=5",
    "query.cond=asthma&format=csv&fields=NCTId,Condition&countTotal=1",
    "query.cond=cancer&format=json&pageSize=1000",
    "pageSize=150&fields=NCTId",
    "query.term=AREA[OverallStatus]COMPLETED&sort=LastUpdatePostDate:desc&pageSize=4",
    "filter.overallStatus=RECRUITING,COMPLETED&query.cond=cancer&pageSize=2147483648",
    "query.cond=cancer&pageSize=010&countTotal=0",
    "filter.phase=PHASE2",
    "query.cond=asthma&fields=NoSuchField",
    "pageToken=not-a-token",
    "query.cond=asthma&pageToken=",
]
_FOR_THE_ROUTER = [
    "countTotal=TRUE",
    "countTotal=yes",
    "countTotal=",
    "pageSize=-1",
    "pageSize=ten",
    "pageSize=",
    "pageSize=2147483649",
    "pageSize=１０",
    "format=xml",
    "format=JSON",
    "format=json&format=csv",
    "pageSize=1&pageSize=2",
    "pageToken=" + "x" * 4097,
]


@pytest.fixture(scope="module")
def clients(loaded_store_path: Path) -> Iterator[tuple[TestClient, TestClient]]:
    """The app, and the same app without the direct path (its answer cache off, so
    that each question is answered, not remembered)."""
    settings = Settings(db=str(loaded_store_path), api_cache_megabytes=0)
    routed_only = create_app(settings)
    assert isinstance(routed_only.front, DirectStudiesMiddleware)
    routed_only.front = None
    with TestClient(create_app(settings)) as direct, TestClient(routed_only) as routed:
        yield direct, routed


def test_plain_questions_are_read_here_and_the_others_left_to_the_router() -> None:
    for query in _PLAIN:
        assert plain_paging(QueryParams(query)) is not None, query
    for query in _FOR_THE_ROUTER:
        assert plain_paging(QueryParams(query)) is None, query


@pytest.mark.parametrize("query", [*_PLAIN, *_FOR_THE_ROUTER])
def test_every_answer_is_the_routers(query: str, clients: tuple[TestClient, TestClient]) -> None:
    direct, routed = clients
    answer = direct.get(f"/api/v2/studies?{query}")
    expected = routed.get(f"/api/v2/studies?{query}")
    assert answer.status_code == expected.status_code
    assert answer.headers == expected.headers
    assert answer.content == expected.content


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("query.cond=asthma", 200),
        ("countTotal=TRUE", 200),
        ("pageSize=-1", 400),
        ("format=xml", 400),
        ("filter.phase=PHASE2", 400),
        ("pageToken=not-a-token", 400),
    ],
)
def test_the_questions_hold_answers_and_refusals(
    query: str, status: int, clients: tuple[TestClient, TestClient]
) -> None:
    direct, _ = clients
    assert direct.get(f"/api/v2/studies?{query}").status_code == status


def test_a_next_page_token_from_the_direct_path_pages_on_both(
    clients: tuple[TestClient, TestClient],
) -> None:
    direct, routed = clients
    first = direct.get("/api/v2/studies?query.cond=cancer&pageSize=2").json()
    token = first["nextPageToken"]
    query = f"/api/v2/studies?query.cond=cancer&pageSize=2&pageToken={token}"
    answer, expected = direct.get(query), routed.get(query)
    assert answer.status_code == 200
    assert answer.content == expected.content
    assert answer.json()["studies"] != first["studies"]


@pytest.fixture(scope="module")
def remembering_clients(loaded_store_path: Path) -> Iterator[tuple[TestClient, TestClient]]:
    """The app and the same app without its front, each with its answer cache on."""
    settings = Settings(db=str(loaded_store_path))
    routed_only = create_app(settings)
    routed_only.front = None
    with TestClient(create_app(settings)) as direct, TestClient(routed_only) as routed:
        yield direct, routed


def test_kept_answers_and_revalidations_in_front_are_the_apps(
    remembering_clients: tuple[TestClient, TestClient],
) -> None:
    """Asked again, a plain question is answered from memory in front of the app, and
    with its ETag it gets a 304: the same status, headers (security headers too) and
    bytes as the app's own cache gives."""
    direct, routed = remembering_clients
    path = "/api/v2/studies?query.cond=breast+cancer&pageSize=2&countTotal=true"
    for ask in range(2):
        answer, expected = direct.get(path), routed.get(path)
        assert (answer.status_code, answer.content) == (200, expected.content), ask
        assert answer.headers == expected.headers, ask
        assert answer.headers["x-frame-options"] == "DENY"
    etag = {"if-none-match": answer.headers["etag"]}
    answer, expected = direct.get(path, headers=etag), routed.get(path, headers=etag)
    assert answer.status_code == expected.status_code == 304
    assert answer.headers == expected.headers


@pytest.mark.parametrize(
    ("method", "headers"),
    [
        ("GET", {"content-length": str(2**40)}),
        ("GET", {"content-length": "ten"}),
        ("HEAD", {}),
    ],
)
def test_requests_that_are_not_plain_questions_are_the_apps(
    method: str, headers: dict[str, str], clients: tuple[TestClient, TestClient]
) -> None:
    """A GET with a body (the body cap answers it) and a HEAD are left to the app."""
    direct, routed = clients
    path = "/api/v2/studies?query.cond=asthma"
    answer = direct.request(method, path, headers=headers)
    expected = routed.request(method, path, headers=headers)
    assert answer.status_code == expected.status_code
    assert answer.headers == expected.headers
    assert answer.content == expected.content
