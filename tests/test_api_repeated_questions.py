"""``/api/v2/studies`` asked the same question again: the same answer, new data seen.

The index keeps the Tantivy queries it built (per data generation) and the API keeps
the questions it read (by their parameters, paging aside); a page without facets is
counted and ranked in one pass. These tests hold the pages to what the plain search
answers (two passes, its queries built afresh by another store object), over real
HTTP, before and after the caches are warm, across pages, after new trials arrive,
and with bad parameters still refused by name.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import msgspec
import pytest

from live_server import LiveServer, hostile_trial
from trialfinder.search import build_query, open_store, search

# API v2 questions and the same question as the search takes it.
_QUESTIONS: list[tuple[dict[str, str], dict[str, Any]]] = [
    ({"query.cond": "breast cancer"}, {"text": None, "condition": "breast cancer"}),
    ({"query.term": "pembrolizumab"}, {"text": "pembrolizumab"}),
    (
        {"query.cond": "diabetes", "filter.overallStatus": "COMPLETED"},
        {"text": None, "condition": "diabetes", "statuses": ["COMPLETED"]},
    ),
    (
        {"query.term": "cancer", "sort": "LastUpdatePostDate:desc"},
        {"text": "cancer", "sort": "updated"},
    ),
    ({"query.intr": "placebo"}, {"text": None, "intervention": "placebo"}),
]


@pytest.fixture()
def served(loaded_store_path: Path, tmp_path: Path) -> Iterator[tuple[Path, httpx.Client]]:
    """A writable copy of the loaded store, served over loopback HTTP."""
    path = tmp_path / "trials.db"
    shutil.copyfile(loaded_store_path, path)
    with LiveServer(path) as url, httpx.Client(base_url=f"{url}/api/v2", timeout=120) as client:
        yield path, client


def _ids(page: dict[str, Any]) -> list[str]:
    return [study["protocolSection"]["identificationModule"]["nctId"] for study in page["studies"]]


def _searched(path: Path, asked: dict[str, Any], limit: int) -> tuple[list[str], int]:
    """The ids and total the search gives with facets (its two-pass path)."""
    store = open_store(path)
    try:
        arguments = dict(asked)
        result = search(store, build_query(arguments.pop("text"), limit=str(limit), **arguments))
    finally:
        store.close()
    return [hit.nct_id for hit in result.hits], result.total


def _pages(client: httpx.Client, params: dict[str, Any]) -> list[str]:
    ids: list[str] = []
    token = None
    while True:
        paging = {"pageToken": token} if token else {}
        answer = client.get("/studies", params={**params, **paging})
        assert answer.status_code == 200
        ids.extend(_ids(answer.json()))
        token = answer.json().get("nextPageToken")
        if token is None:
            return ids


@pytest.mark.parametrize(("params", "asked"), _QUESTIONS)
def test_a_question_asked_again_gets_the_same_bytes_as_the_search_finds(
    served: tuple[Path, httpx.Client], params: dict[str, str], asked: dict[str, Any]
) -> None:
    path, client = served
    first = client.get("/studies", params={**params, "pageSize": 7, "countTotal": "true"})
    assert first.status_code == 200
    for _ in range(2):
        again = client.get("/studies", params={**params, "pageSize": 7, "countTotal": "true"})
        assert again.content == first.content
    ids, total = _searched(path, asked, 7)
    assert _ids(first.json()) == ids and first.json()["totalCount"] == total > 0
    # Page after page (offsets into the same built query) as one long page.
    everything = _ids(client.get("/studies", params={**params, "pageSize": 1000}).json())
    assert _pages(client, {**params, "pageSize": 30}) == everything
    assert len(everything) == total and everything[:100] == _searched(path, asked, 100)[0]


def test_trials_written_after_a_question_are_found_when_it_is_asked_again(
    served: tuple[Path, httpx.Client],
) -> None:
    """A new data generation: the kept queries and questions still find the new trial."""
    path, client = served
    params = {"query.cond": "osteoporosis", "countTotal": "true", "pageSize": 100}
    before = client.get("/studies", params=params).json()
    newcomer = msgspec.structs.replace(hostile_trial(), nct_id="NCT09999902")
    store = open_store(path)
    try:
        store.upsert_trials([newcomer])
    finally:
        store.close()
    after = client.get("/studies", params=params).json()
    assert after["totalCount"] == before["totalCount"] + 1
    assert set(_ids(after)) == {*_ids(before), "NCT09999902"}


@pytest.mark.parametrize(
    ("extra", "parameter"),
    [
        ({"filter.overallStatus": "NOT_A_STATUS"}, "filter.overallStatus"),
        ({"filter.phase": "PHASE2"}, "filter.phase"),
        ({"pageSize": "-1"}, "pageSize"),
        ({"query.cond": "breast cancer AND ("}, "query.cond"),
    ],
)
def test_a_bad_parameter_beside_a_known_question_is_refused_by_name_every_time(
    served: tuple[Path, httpx.Client], extra: dict[str, str], parameter: str
) -> None:
    _, client = served
    assert client.get("/studies", params={"query.cond": "breast cancer"}).status_code == 200
    for _ in range(2):
        answer = client.get("/studies", params={"query.cond": "breast cancer", **extra})
        assert answer.status_code == 400
        assert answer.json()["parameter"] == parameter


def test_a_page_token_of_one_question_is_refused_for_another(
    served: tuple[Path, httpx.Client],
) -> None:
    _, client = served
    token = client.get("/studies", params={"query.term": "cancer", "pageSize": 2}).json()[
        "nextPageToken"
    ]
    for _ in range(2):
        answer = client.get("/studies", params={"query.term": "pain", "pageToken": token})
        assert answer.status_code == 400 and answer.json()["parameter"] == "pageToken"


def test_a_long_question_is_answered_and_refused_as_a_short_one(
    served: tuple[Path, httpx.Client],
) -> None:
    """Questions over 2,000 characters are read every time rather than kept."""
    _, client = served
    long_text = " ".join(["cancer"] * 400)
    short = client.get("/studies", params={"query.term": "cancer", "pageSize": 5}).json()
    for _ in range(2):
        answer = client.get("/studies", params={"query.term": long_text, "pageSize": 5})
        assert answer.status_code == 200 and _ids(answer.json()) == _ids(short)
        refused = client.get(
            "/studies", params={"query.term": long_text, "filter.overallStatus": "NOPE"}
        )
        assert refused.status_code == 400
        assert refused.json()["parameter"] == "filter.overallStatus"
