"""API v2 answers kept per process: the same bytes as made afresh, ETags and 304s, retired by
an ingest.

Over real HTTP against a real uvicorn server on loopback over a copy of the loaded SQLite
store; the ingest that must retire the answers is the real ``trialfinder ingest`` command
in another process.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from live_server import LiveServer, ingest_renamed_study
from trialfinder.settings import Settings
from trialfinder.web.api.answer_cache import answer_cache
from trialfinder.web.page_cache import PageCache, page_key

NEW_TRIAL_ID = "NCT09999903"
NEW_TRIAL_WORD = "quokkatherapy"

_QUESTIONS: list[tuple[str, dict[str, str | int]]] = [
    ("/api/v2/studies", {"query.cond": "breast cancer", "pageSize": 10}),
    ("/api/v2/studies", {"query.term": "pembrolizumab", "countTotal": "true", "pageSize": 3}),
    (
        "/api/v2/studies",
        {"query.cond": "diabetes", "fields": "NCTId,BriefTitle,OverallStatus", "pageSize": 5},
    ),
    ("/api/v2/studies", {"query.cond": "asthma", "format": "csv"}),
]


def _answers(server: LiveServer) -> PageCache:
    answers: PageCache = server.server.config.app.state.api_cache
    return answers


def test_a_repeated_question_is_answered_from_the_cache_with_the_same_bytes(
    own_server: tuple[LiveServer, str, Path],
) -> None:
    server, url, _ = own_server
    answers = _answers(server)
    with httpx.Client(base_url=url, timeout=60) as client:
        first_study = client.get("/api/v2/studies", params={"pageSize": 1}).json()["studies"][0]
        nct_id = first_study["protocolSection"]["identificationModule"]["nctId"]
        questions = [*_QUESTIONS, (f"/api/v2/studies/{nct_id}", {})]
        made = [client.get(path, params=params) for path, params in questions]
        assert all(response.status_code == 200 for response in made)
        hits_before = answers.hits
        again = [client.get(path, params=params) for path, params in questions]
    # Every JSON answer came from memory, byte for byte; CSV is made again, the same.
    assert answers.hits == hits_before + len(questions) - 1
    for before, after in zip(made, again, strict=True):
        assert after.content == before.content
        assert after.headers["etag"] == before.headers["etag"]
        assert after.headers["content-type"] == before.headers["content-type"]
        assert after.headers["cache-control"] == "private, no-cache"
        assert "content-security-policy" in after.headers
    assert made[1].json()["totalCount"] >= 1
    assert made[3].headers["content-type"].startswith("text/csv")


def test_the_order_of_parameters_does_not_make_another_answer(
    own_server: tuple[LiveServer, str, Path],
) -> None:
    server, url, _ = own_server
    answers = _answers(server)
    with httpx.Client(base_url=url, timeout=60) as client:
        first = client.get("/api/v2/studies?query.cond=asthma&pageSize=4&fields=NCTId,BriefTitle")
        hits_before = answers.hits
        second = client.get("/api/v2/studies?fields=NCTId,BriefTitle&pageSize=4&query.cond=asthma")
        other_fields = client.get(
            "/api/v2/studies?query.cond=asthma&pageSize=4&fields=BriefTitle,NCTId"
        )
    assert answers.hits == hits_before + 1
    assert second.content == first.content
    assert second.headers["etag"] == first.headers["etag"]
    # The fields' order is part of the question.
    assert other_fields.headers["etag"] != first.headers["etag"]


def test_an_answer_is_revalidated_with_304(own_server: tuple[LiveServer, str, Path]) -> None:
    _, url, _ = own_server
    params = {"query.cond": "breast cancer", "pageSize": 5}
    with httpx.Client(base_url=url, timeout=60) as client:
        first = client.get("/api/v2/studies", params=params)
        etag = first.headers["etag"]
        assert etag.startswith('W/"')
        revalidated = client.get("/api/v2/studies", params=params, headers={"If-None-Match": etag})
        assert revalidated.status_code == 304
        assert revalidated.content == b""
        assert revalidated.headers["etag"] == etag
        assert "content-security-policy" in revalidated.headers
        next_page = client.get(
            "/api/v2/studies",
            params={**params, "pageToken": first.json()["nextPageToken"]},
            headers={"If-None-Match": etag},
        )
    assert next_page.status_code == 200
    assert next_page.headers["etag"] != etag


def test_head_of_a_kept_answer_sends_its_headers_only(
    own_server: tuple[LiveServer, str, Path],
) -> None:
    _, url, _ = own_server
    params = {"query.cond": "asthma", "pageSize": 2}
    with httpx.Client(base_url=url, timeout=60) as client:
        made = client.get("/api/v2/studies", params=params)
        kept = client.head("/api/v2/studies", params=params)
    assert kept.status_code == 200
    assert kept.content == b""
    assert kept.headers["etag"] == made.headers["etag"]
    assert kept.headers["content-length"] == str(len(made.content))
    assert "content-security-policy" in kept.headers


def test_bad_questions_are_neither_kept_nor_tagged(
    own_server: tuple[LiveServer, str, Path],
) -> None:
    server, url, _ = own_server
    answers = _answers(server)
    with httpx.Client(base_url=url, timeout=60) as client:
        for _ in range(2):
            refused = client.get("/api/v2/studies", params={"filter.phase": "PHASE3"})
            assert refused.status_code == 400
            assert refused.json()["parameter"] == "filter.phase"
            assert "etag" not in refused.headers
            missing = client.get("/api/v2/studies/NCT00000000")
            assert missing.status_code == 404
            assert "etag" not in missing.headers
    assert len(answers) == 0


def test_a_streamed_page_is_tagged_but_not_kept(own_server: tuple[LiveServer, str, Path]) -> None:
    server, url, _ = own_server
    answers = _answers(server)
    with httpx.Client(base_url=url, timeout=120) as client:
        first = client.get("/api/v2/studies", params={"pageSize": 150})
        second = client.get("/api/v2/studies", params={"pageSize": 150})
    assert len(first.json()["studies"]) == 150
    assert second.content == first.content
    assert second.headers["etag"] == first.headers["etag"]
    assert len(answers) == 0


def test_an_ingest_retires_kept_answers_and_their_etags(
    own_server: tuple[LiveServer, str, Path], real_data_paths: list[Path]
) -> None:
    server, url, store_path = own_server
    answers = _answers(server)
    params = {"query.term": NEW_TRIAL_WORD, "countTotal": "true"}
    with httpx.Client(base_url=url, timeout=60) as client:
        before = client.get("/api/v2/studies", params=params)
        assert before.json()["totalCount"] == 0
        assert client.get("/api/v2/studies", params=params).content == before.content
        assert len(answers) == 1

        ingest_renamed_study(
            real_data_paths, store_path, NEW_TRIAL_ID, f"{NEW_TRIAL_WORD.title()} for knee pain"
        )

        after = client.get("/api/v2/studies", params=params)
        assert after.json()["totalCount"] == 1
        assert NEW_TRIAL_ID.encode() in after.content
        assert after.headers["etag"] != before.headers["etag"]
        revalidated = client.get(
            "/api/v2/studies", params=params, headers={"If-None-Match": before.headers["etag"]}
        )
        assert revalidated.status_code == 200
        assert NEW_TRIAL_ID.encode() in revalidated.content


def test_the_answer_cache_is_bounded_by_bytes() -> None:
    answers = answer_cache(1)  # one megabyte: an answer over 128 kB is not kept
    keys = [page_key({"q": str(number)}, {}) for number in range(12)]
    for key in keys:
        answers.put(key, "g1", b"x" * 100_000)
    assert answers.size_bytes <= 2**20
    assert len(answers) == 10
    assert answers.get(keys[0], "g1") is None
    assert answers.get(keys[-1], "g1") == b"x" * 100_000
    answers.put(keys[0], "g1", b"x" * 200_000)
    assert answers.get(keys[0], "g1") is None
    answers.put(keys[-1], "g1", b"short")
    assert answers.size_bytes == 9 * 100_000 + 5
    assert answers.get(keys[0], "g2") is None
    assert (len(answers), answers.size_bytes) == (0, 0)


def test_an_answer_cache_of_zero_megabytes_keeps_nothing() -> None:
    answers = answer_cache(0)
    answers.put(page_key({"q": "a"}, {}), "g1", b"answer")
    assert len(answers) == 0


def test_the_answer_cache_size_comes_from_the_environment() -> None:
    assert Settings.read({}).api_cache_megabytes == 64
    assert Settings.read({"TRIALFINDER_API_CACHE_MB": "0"}).api_cache_megabytes == 0
    assert Settings.read({"TRIALFINDER_API_CACHE_MB": "8"}, api_cache_megabytes=2) == Settings(
        api_cache_megabytes=2
    )
    with pytest.raises(ValueError, match="TRIALFINDER_API_CACHE_MB"):
        Settings.read({"TRIALFINDER_API_CACHE_MB": "lots"})
