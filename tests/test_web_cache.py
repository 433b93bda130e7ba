"""Search page caching over real HTTP: ETags, 304s, invalidation after an ingest.

Pages come from real uvicorn servers on loopback over real SQLite stores; the
ingest that must invalidate them is the real ``trialfinder ingest`` command in
another process.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from live_server import LiveServer, hostile_trial, ingest_renamed_study
from trialfinder.search import open_store
from trialfinder.settings import Settings
from trialfinder.web.page_cache import (
    PageCache,
    if_none_match,
    page_key,
)

NEW_TRIAL_ID = "NCT09999902"
NEW_TRIAL_WORD = "zebrafishology"


@pytest.fixture(scope="module")
def client(live_server_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=live_server_url, timeout=30) as client:
        yield client


def test_search_page_carries_an_etag_and_revalidates_with_304(client: httpx.Client) -> None:
    first = client.get("/search", params={"q": "asthma"})
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('W/"')
    assert first.headers["cache-control"] == "private, no-cache"

    again = client.get("/search", params={"q": "asthma"}, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    assert "content-security-policy" in again.headers

    other = client.get("/search", params={"q": "diabetes"}, headers={"If-None-Match": etag})
    assert other.status_code == 200
    assert other.headers["etag"] != etag


def test_etag_ignores_the_order_of_parameters(client: httpx.Client) -> None:
    one = client.get("/search?q=cancer&status=RECRUITING&phase=PHASE2")
    other = client.get("/search?phase=PHASE2&status=RECRUITING&q=cancer")
    assert one.headers["etag"] == other.headers["etag"]
    assert one.content == other.content


def test_bad_search_parameters_are_answered_uncached(client: httpx.Client) -> None:
    response = client.get("/search", params={"q": "asthma", "phase": "PHASE9"})
    assert response.status_code == 400
    assert "etag" not in response.headers


def test_patient_answers_are_never_cached(client: httpx.Client) -> None:
    response = client.post(
        "/trials/NCT05018637/qualify", data={"age": "54", "sex": "FEMALE", "note": "asthma"}
    )
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert "etag" not in response.headers


def test_repeated_search_is_served_from_the_page_cache(
    own_server: tuple[LiveServer, str, Path],
) -> None:
    server, url, _ = own_server
    pages: PageCache = server.server.config.app.state.page_cache
    with httpx.Client(base_url=url, timeout=30) as client:
        first = client.get("/search", params={"q": "breast cancer", "status": "RECRUITING"})
        hits_before = pages.hits
        second = client.get("/search", params={"status": "RECRUITING", "q": "breast cancer"})
    assert pages.hits == hits_before + 1
    assert second.content == first.content
    assert second.headers["etag"] == first.headers["etag"]


def test_ingest_invalidates_cached_pages_and_etags(
    own_server: tuple[LiveServer, str, Path], real_data_paths: list[Path]
) -> None:
    server, url, store_path = own_server
    pages: PageCache = server.server.config.app.state.page_cache
    with httpx.Client(base_url=url, timeout=30) as client:
        before = client.get("/search", params={"q": NEW_TRIAL_WORD})
        assert NEW_TRIAL_ID not in before.text
        assert client.get("/search", params={"q": NEW_TRIAL_WORD}).content == before.content
        assert len(pages) >= 1

        ingest_renamed_study(
            real_data_paths, store_path, NEW_TRIAL_ID, f"{NEW_TRIAL_WORD.title()} of the knee"
        )

        after = client.get("/search", params={"q": NEW_TRIAL_WORD})
        assert NEW_TRIAL_ID in after.text
        assert after.headers["etag"] != before.headers["etag"]
        revalidated = client.get(
            "/search",
            params={"q": NEW_TRIAL_WORD},
            headers={"If-None-Match": before.headers["etag"]},
        )
        assert revalidated.status_code == 200
        assert NEW_TRIAL_ID in revalidated.text


def test_data_generation_moves_with_trials_and_state(store_url: str) -> None:
    store = open_store(store_url)
    try:
        empty = store.data_generation()
        assert empty is not None
        assert store.data_generation() == empty
        store.set_state("sync.last_synced_at", "2026-01-02T03:04:05+00:00")
        synced = store.data_generation()
        assert synced != empty
        store.upsert_trials([hostile_trial()])
        loaded = store.data_generation()
        assert loaded not in {empty, synced}
        store.upsert_trials([hostile_trial()])
        assert store.data_generation() == loaded, "an unchanged trial is no new data"
    finally:
        store.close()


def test_page_cache_drops_the_least_recent_page_and_older_generations() -> None:
    pages = PageCache(2)
    first, second, third = (page_key({"q": word}, {}) for word in ("a", "b", "c"))
    pages.put(first, "g1", b"first")
    pages.put(second, "g1", b"second")
    assert pages.get(first, "g1") == b"first"
    pages.put(third, "g1", b"third")
    assert pages.get(second, "g1") is None
    assert pages.get(first, "g1") == b"first"
    assert pages.get(first, "g2") is None
    assert len(pages) == 0


def test_page_cache_of_size_zero_keeps_nothing() -> None:
    pages = PageCache(0)
    pages.put(page_key({"q": "a"}, {}), "g1", b"page")
    assert len(pages) == 0


def test_page_key_keeps_list_order_and_drops_empty_lists() -> None:
    key = page_key({"q": "cancer"}, {"status": ["RECRUITING", "COMPLETED"], "phase": []})
    assert key == (("q", ("cancer",)), ("status", ("RECRUITING", "COMPLETED")))


def test_if_none_match_compares_weakly_and_reads_lists() -> None:
    assert if_none_match('"abc"', 'W/"abc"')
    assert if_none_match('W/"x", W/"abc"', 'W/"abc"')
    assert not if_none_match('W/"x"', 'W/"abc"')
    assert not if_none_match(None, 'W/"abc"')


def test_page_cache_size_comes_from_the_environment() -> None:
    assert Settings.read({}).page_cache_entries == 512
    assert Settings.read({"TRIALFINDER_PAGE_CACHE": "0"}).page_cache_entries == 0
    with pytest.raises(ValueError, match="TRIALFINDER_PAGE_CACHE"):
        Settings.read({"TRIALFINDER_PAGE_CACHE": "lots"})
