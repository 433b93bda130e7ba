"""Several web nodes over one PostgreSQL database: the same answers, one data generation.

Each node is a real ``trialfinder serve`` process on its own loopback port (and
one in-process server whose page cache the test can look into), searching the
database's index or its own (``--search-dir``, following the change log). Pages
are cached per node and keyed by the database's data generation, so a write
anywhere — a background sync in one node, ``trialfinder ingest`` on the writer
machine — retires the cached pages of every node at their next request.
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import msgspec
import pytest

from conftest import run_trialfinder
from live_server import LiveServer, ServeProcess
from pg_server import REAL_STUDIES
from registry_standin import RegistryStandIn, load_studies, nct_id_of, renamed_study
from trialfinder.web.page_cache import PageCache

pytestmark = pytest.mark.postgres

SYNCED_ID = "NCT09999905"
SYNCED_WORD = "pangolinopathy"
INGESTED_ID = "NCT09999906"
INGESTED_WORD = "tardigradosis"
LOADED_STUDIES = REAL_STUDIES


@pytest.fixture
def database(real_studies_database: str) -> str:
    """A database holding sixty real studies."""
    return real_studies_database


@pytest.mark.parametrize("own_index", [False, True], ids=["database index", "node index"])
def test_two_serve_processes_over_one_database_give_the_same_answers(
    database: str, own_index: bool, tmp_path: Path
) -> None:
    nodes = [
        ServeProcess(
            ["--db", database, *(["--search-dir", str(tmp_path / name)] if own_index else [])]
        )
        for name in ("a", "b")
    ]
    nct_id = nct_id_of(load_studies()[3])
    paths = [
        "/search?q=cancer",
        "/search?q=asthma&status=RECRUITING",
        "/search?cond=diabetes&phase=PHASE2&phase=PHASE3",
        "/search.json?q=heart%20failure",
        f"/trials/{nct_id}",
        "/locations",
        "/api/v2/studies?query.cond=cancer&countTotal=true&pageSize=5",
        f"/api/v2/studies/{nct_id}",
        "/api/status",
    ]
    try:
        urls = [node.wait_until_serving() for node in nodes]
        for path in paths:
            answers = [httpx.get(f"{url}{path}", timeout=30) for url in urls]
            assert {answer.status_code for answer in answers} == {200}, path
            assert answers[0].content == answers[1].content, path
            assert answers[0].headers.get("etag") == answers[1].headers.get("etag"), path
        total = httpx.get(f"{urls[0]}/api/v2/studies", params={"countTotal": "true"}).json()
        assert total["totalCount"] == LOADED_STUDIES
    finally:
        logs = [node.stop() for node in nodes]
    assert all(b"Traceback" not in log for log in logs)


def _search(url: str, word: str, etag: str | None = None) -> httpx.Response:
    headers = {"If-None-Match": etag} if etag else {}
    return httpx.get(f"{url}/search", params={"q": word}, headers=headers, timeout=30)


def test_a_write_anywhere_retires_cached_pages_on_every_node(database: str, tmp_path: Path) -> None:
    synced = renamed_study(load_studies()[LOADED_STUDIES], SYNCED_ID, SYNCED_WORD)
    in_process = LiveServer(database)
    pages: PageCache = in_process.server.config.app.state.page_cache
    # This node keeps its own index, following the change log.
    plain = ServeProcess(["--db", database, "--search-dir", str(tmp_path / "node")])
    with RegistryStandIn([synced], hold_page=0, hold_seconds=600) as registry:
        syncing: ServeProcess | None = None
        try:
            urls = [in_process.start(), plain.wait_until_serving()]
            for url in urls:  # a node's first search loads its vocabulary: not timed here
                _search(url, "asthma")
            # This node's background sync starts with it and waits on the registry
            # (page 0 is held) until every node has cached its page.
            syncing = ServeProcess(
                ["--db", database, "--sync-every", "24h", "--api-url", registry.api_url]
            )
            urls.append(syncing.wait_until_serving())
            assert registry.held.wait(60), "the syncing node never asked the registry"
            before = [_search(url, SYNCED_WORD) for url in urls]
            hits = pages.hits
            again = [_search(url, SYNCED_WORD) for url in urls]
            assert pages.hits == hits + 1, "the repeat came from the page cache"
            assert [page.content for page in again] == [page.content for page in before]
            assert all(SYNCED_ID not in page.text for page in before)
            assert len({page.headers["etag"] for page in before}) == 1

            registry.release.set()
            after = [_poll_until_shown(url, SYNCED_WORD, SYNCED_ID) for url in urls]
            assert before[0].headers["etag"] not in {page.headers["etag"] for page in after}
            for url in urls:
                revalidated = _search(url, SYNCED_WORD, before[0].headers["etag"])
                assert revalidated.status_code == 200 and SYNCED_ID in revalidated.text

            cached = [_search(url, INGESTED_WORD) for url in urls]
            assert all(INGESTED_ID not in page.text for page in cached)
            source = tmp_path / "one.jsonl"
            ingested = renamed_study(load_studies()[LOADED_STUDIES + 1], INGESTED_ID, INGESTED_WORD)
            source.write_bytes(msgspec.json.encode(ingested) + b"\n")
            run_trialfinder("ingest", "--quiet", "--db", database, str(source), check=True)
            misses = pages.misses
            fresh = [_search(url, INGESTED_WORD) for url in urls]
            assert all(INGESTED_ID in page.text for page in fresh), "retired at once, no waiting"
            assert pages.misses == misses + 1
            assert len({page.headers["etag"] for page in fresh}) == 1
        finally:
            registry.release.set()
            in_process.stop()
            logs = [node.stop() for node in (plain, syncing) if node is not None]
    assert all(b"Traceback" not in log for log in logs)


def _poll_until_shown(url: str, word: str, nct_id: str) -> httpx.Response:
    """The search page for ``word`` once it lists ``nct_id`` and is tagged (the sync commits soon).

    A page rendered while the data generation moved is sent untagged by design
    (neither kept nor tagged), so the first page showing the study may lack an
    ETag while the sync is still committing: wait for a settled one.
    """
    deadline = time.monotonic() + 60
    while True:
        page = _search(url, word)
        settled = nct_id in page.text and "etag" in page.headers
        if settled or time.monotonic() > deadline:
            assert nct_id in page.text, f"{nct_id} never appeared on {url}"
            assert "etag" in page.headers, f"{url} never sent a tagged page listing {nct_id}"
            return page
        time.sleep(0.1)


def test_checked_filters_without_matches_keep_the_order_they_were_asked_in() -> None:
    """Not a set's order, which differs between processes: nodes must render one page."""
    from trialfinder.search import Facets
    from trialfinder.web.pages import _facet_groups

    for asked in (["PHASE2", "PHASE3"], ["PHASE3", "PHASE2"]):
        groups = _facet_groups(Facets(phase={"PHASE1": 4}), {"phase": asked})
        assert [option["value"] for option in groups[0]["options"]] == ["PHASE1", *asked]
