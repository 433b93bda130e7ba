"""Sync against a registry mirror that serves corrupt records and gzip bombs (issue 15),
and the supervised background sync. Runs against the loopback stand-in of
tests/registry_standin.py serving the real records of ../shared.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from registry_standin import DATA_FILE, RegistryStandIn, load_studies, nct_id_of
from trialfinder.ingest.bulk import sync_bulk
from trialfinder.ingest.sync import (
    RetryPolicy,
    SyncError,
    SyncQuery,
    SyncSettings,
    read_checkpoint,
    resume_sync,
    run_periodic_sync,
    sync_studies,
)
from trialfinder.ingest.sync_status import SyncStatus, read_sync_status
from trialfinder.store import Store, open_store

pytestmark = pytest.mark.skipif(not DATA_FILE.exists(), reason="../shared real data absent")

FAST = SyncSettings(
    requests_per_second=0,
    timeout_seconds=5.0,
    retry=RetryPolicy(max_attempts=3, backoff_base_seconds=0.01, backoff_cap_seconds=0.05),
)
PAGE_SIZE = 10
INVALID_UTF8 = b'{"protocolSection": {"identificationModule": {"nctId": "NCT0\xff\xfe"}}}'
DEEP = b'{"protocolSection": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"


@pytest.fixture(scope="module")
def studies() -> list[dict[str, Any]]:
    return load_studies()[:35]


@pytest.fixture
def registry(studies: list[dict[str, Any]]) -> Iterator[RegistryStandIn]:
    with RegistryStandIn(studies) as standin:
        # One corrupt record on page 1 and one on page 3 (of 4).
        standin.corrupt(nct_id_of(studies[3]), INVALID_UTF8)
        standin.corrupt(nct_id_of(studies[25]), DEEP)
        yield standin


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "trials.db")
    yield opened
    opened.close()


def good_ids(studies: list[dict[str, Any]]) -> set[str]:
    return {nct_id_of(study) for index, study in enumerate(studies) if index not in (3, 25)}


def test_sync_all_skips_and_reports_corrupt_records_and_finishes(
    registry: RegistryStandIn, store: Store, studies: list[dict[str, Any]]
) -> None:
    query = SyncQuery(api_url=registry.api_url, page_size=PAGE_SIZE)
    summary = sync_studies(store, query, settings=FAST, derivers=[])
    assert summary.completed and read_checkpoint(store) is None
    assert set(store.iter_nct_ids()) == good_ids(studies)
    wheres = [item.where for item in summary.ingest.skipped]
    assert wheres == [
        "page 1 of the whole registry#studies[3]",
        "page 3 of the whole registry#studies[5]",
    ]
    # A corrupt record is not a flaky registry: its page was fetched once.
    assert len(registry.page_requests()) == 4


def test_resume_past_a_corrupt_record_finishes_and_never_loops(
    registry: RegistryStandIn, store: Store, studies: list[dict[str, Any]]
) -> None:
    query = SyncQuery(api_url=registry.api_url, page_size=PAGE_SIZE)
    registry.inject("500", page=2, times=FAST.retry.max_attempts)
    with pytest.raises(SyncError):
        sync_studies(store, query, settings=FAST, derivers=[])
    checkpoint = read_checkpoint(store)
    assert checkpoint is not None and checkpoint.pages_done == 2
    summary = resume_sync(store, settings=FAST, derivers=[])
    assert summary.completed and read_checkpoint(store) is None
    assert set(store.iter_nct_ids()) == good_ids(studies)
    assert [item.where for item in summary.ingest.skipped] == [
        "page 3 of the whole registry#studies[5]"
    ]


def test_sync_bulk_from_a_mirror_with_corrupt_records_lands_the_rest(
    registry: RegistryStandIn, store: Store, studies: list[dict[str, Any]], tmp_path: Path
) -> None:
    summary = sync_bulk(
        store, api_url=registry.api_url, work_dir=tmp_path, settings=FAST, derivers=[]
    )
    assert set(store.iter_nct_ids()) == good_ids(studies)
    assert sorted(item.where.rpartition("!")[2] for item in summary.ingest.skipped) == sorted(
        f"{nct_id_of(studies[index])}.json" for index in (3, 25)
    )
    assert registry.requests[-1].path.endswith("/download")


def test_gzip_encoded_pages_are_read_and_a_gzip_bomb_page_is_refused_with_a_reason(
    studies: list[dict[str, Any]], store: Store
) -> None:
    with RegistryStandIn(studies, gzip_pages=True) as registry:
        query = SyncQuery(api_url=registry.api_url, page_size=PAGE_SIZE)
        assert sync_studies(store, query, settings=FAST, derivers=[]).completed
        assert set(store.iter_nct_ids()) == {nct_id_of(study) for study in studies}
        registry.inject("bomb", page=1)
        with pytest.raises(SyncError, match="expands"):
            sync_studies(store, query, settings=FAST, derivers=[])
        bombed = [request for request in registry.page_requests() if request.fault == "bomb"]
        assert len(bombed) == 1, "a bomb is refused, not fetched again"


def test_periodic_sync_survives_any_exception_retries_with_backoff_and_reports_status(
    registry: RegistryStandIn,
    tmp_path: Path,
    studies: list[dict[str, Any]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    # The store's directory is missing at first: opening it raises (sqlite3.OperationalError),
    # which is not a SyncError. The thread must log it, count it, wait and try again.
    database = tmp_path / "later" / "served.db"
    stop = threading.Event()
    status = SyncStatus()
    worker = threading.Thread(
        target=run_periodic_sync,
        args=(lambda: open_store(database), 3600, stop),
        kwargs={
            "query": SyncQuery(api_url=registry.api_url, page_size=PAGE_SIZE),
            "settings": FAST,
            "status": status,
            "first_retry_seconds": 0.2,
        },
    )
    with caplog.at_level(logging.ERROR, logger="trialfinder.ingest.sync"):
        worker.start()
        deadline = time.monotonic() + 30
        while status.snapshot().error_count < 2 and time.monotonic() < deadline:
            time.sleep(0.02)
        failing = status.snapshot()
        assert failing.error_count >= 2 and failing.last_success_at is None
        assert failing.last_error is not None and "OperationalError" in failing.last_error
        database.parent.mkdir()
        while status.snapshot().last_success_at is None and time.monotonic() < deadline:
            time.sleep(0.02)
        stop.set()
        worker.join(10)
    assert not worker.is_alive()
    healthy = status.snapshot()
    assert healthy.last_success_at is not None and healthy.error_count >= 2
    assert healthy.last_error is not None  # the last error stays visible after recovery
    assert any("periodic sync failed" in record.getMessage() for record in caplog.records)
    reader = open_store(database)
    try:
        assert set(reader.iter_nct_ids()) == good_ids(studies)
        persisted = read_sync_status(reader)
        assert persisted is not None and persisted.last_success_at == healthy.last_success_at
    finally:
        reader.close()
