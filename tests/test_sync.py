"""Live sync against a ClinicalTrials.gov API v2 stand-in on loopback (no internet).

The stand-in (tests/registry_standin.py) serves the real records of
../shared/data/ctgov_v2 and injects the faults a real registry shows; each test
checks the store ends up holding exactly what the registry served.
"""

from __future__ import annotations

import copy
import json
import logging
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from conftest import run_trialfinder
from registry_standin import (
    BULK,
    Fault,
    RegistryStandIn,
    build_bulk_zip,
    load_studies,
    nct_id_of,
)
from trialfinder.criteria import CRITERIA_KIND, PARSER_VERSION
from trialfinder.ingest.bulk import sync_bulk
from trialfinder.ingest.sync import (
    NothingToResume,
    RetryPolicy,
    SyncError,
    SyncQuery,
    SyncSettings,
    SyncStopped,
    SyncSummary,
    last_synced_at,
    read_checkpoint,
    resume_sync,
    run_periodic_sync,
    sync_studies,
)
from trialfinder.ingest.sync_status import SyncStatus, read_sync_status
from trialfinder.search import open_store
from trialfinder.store import Store

# Short timeouts and backoff keep the fault tests quick; no rate limit unless tested.
FAST = SyncSettings(
    requests_per_second=0,
    timeout_seconds=2.0,
    retry=RetryPolicy(max_attempts=4, backoff_base_seconds=0.01, backoff_cap_seconds=0.05),
)
# The criteria parse (tested elsewhere) is most of a sync's time: only one test keeps it.
QUICK: dict[str, Any] = {"settings": FAST, "derivers": []}
PAGE_SIZE = 50


@pytest.fixture(scope="module")
def studies() -> list[dict[str, Any]]:
    return load_studies()


@pytest.fixture(scope="module")
def all_ids(studies: list[dict[str, Any]]) -> set[str]:
    return {nct_id_of(study) for study in studies}


@pytest.fixture
def registry(studies: list[dict[str, Any]]) -> Iterator[RegistryStandIn]:
    with RegistryStandIn(studies, hang_seconds=4.0) as standin:
        yield standin


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    opened = open_store(tmp_path / "trials.db")
    yield opened
    opened.close()


def whole_registry(registry: RegistryStandIn, **changes: Any) -> SyncQuery:
    return SyncQuery(**{"api_url": registry.api_url, "page_size": PAGE_SIZE, **changes})


def with_status(studies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Studies with a status module (two trimmed test fixtures have none)."""
    return [study for study in studies if "statusModule" in study["protocolSection"]]


def stored_ids(store: Store) -> set[str]:
    return set(store.iter_nct_ids())


def synced_just_now(store: Store) -> bool:
    """The store records a completed sync that started within the last ten minutes."""
    synced = last_synced_at(store)
    return synced is not None and timedelta(0) <= datetime.now(UTC) - synced < timedelta(minutes=10)


def test_sync_all_pages_through_the_registry_and_stores_every_study(
    registry: RegistryStandIn, store: Store, all_ids: set[str]
) -> None:
    progress: list[tuple[int, int | None]] = []
    summary = sync_studies(
        store, whole_registry(registry), settings=FAST, progress=lambda *p: progress.append(p)
    )
    assert not list(store.stale_derived(CRITERIA_KIND, PARSER_VERSION))  # parsed like ingest

    assert stored_ids(store) == all_ids == registry.served_ids()
    assert summary.completed and summary.pages == 5 and summary.retries == 0
    assert (summary.ingest.inserted, summary.estimated_total) == (len(all_ids), len(all_ids))
    assert progress[-1] == (len(all_ids), len(all_ids))
    first, *rest = registry.page_requests()
    assert first.params == {"format": "json", "pageSize": "50", "countTotal": "true"}
    assert all("pageToken" in r.params and "countTotal" not in r.params for r in rest)
    assert read_checkpoint(store) is None
    assert synced_just_now(store)


def test_query_sends_the_documented_parameters_and_stores_only_matches(
    registry: RegistryStandIn, store: Store
) -> None:
    query = whole_registry(
        registry,
        condition="cancer",
        statuses=("RECRUITING", "COMPLETED"),
        updated_since="2025-01-01",
    )
    sync_studies(store, query, **QUICK)

    params = registry.page_requests()[0].params
    assert params["query.cond"] == "cancer"
    assert params["filter.overallStatus"] == "RECRUITING,COMPLETED"
    assert params["filter.advanced"] == "AREA[LastUpdatePostDate]RANGE[2025-01-01,MAX]"
    trials = list(store.iter_trials())
    assert 0 < len(trials) < 228
    assert {trial.nct_id for trial in trials} == registry.served_ids()
    for trial in trials:
        assert trial.overall_status in {"RECRUITING", "COMPLETED"}
        assert (trial.source_last_updated or "") >= "2025-01-01"


def test_term_query_is_sent_as_query_term(registry: RegistryStandIn, store: Store) -> None:
    sync_studies(store, whole_registry(registry, term="NCT01234567"), **QUICK)

    assert registry.page_requests()[0].params["query.term"] == "NCT01234567"
    assert stored_ids(store) == {"NCT01234567"}


@pytest.mark.parametrize(
    ("fault", "times"),
    [
        ("500", 2),
        ("429", 1),
        ("hang", 1),
        ("reset", 1),
        ("truncate", 2),
        ("malformed", 1),
        ("repeat", 1),
        ("expire", 1),
    ],
)
def test_each_fault_ends_with_exactly_the_served_set(
    registry: RegistryStandIn, store: Store, all_ids: set[str], fault: Fault, times: int
) -> None:
    registry.retry_after = "0"
    registry.inject(fault, page=2, times=times)

    summary = sync_studies(store, whole_registry(registry), **QUICK)

    assert summary.completed
    assert stored_ids(store) == all_ids == registry.served_ids()
    faulted = [request for request in registry.page_requests() if request.fault == fault]
    assert len(faulted) == times
    if fault == "repeat":
        assert summary.repeated_pages == 1
    elif fault == "expire":
        assert summary.restarted
    else:
        assert summary.retries == times


def test_429_waits_as_long_as_retry_after_says(registry: RegistryStandIn, store: Store) -> None:
    registry.retry_after = "1"
    registry.inject("429", page=1)

    summary = sync_studies(store, whole_registry(registry), **QUICK)

    requests = registry.page_requests()
    refused = next(index for index, request in enumerate(requests) if request.fault == "429")
    assert requests[refused + 1].at - requests[refused].at >= 0.95
    assert summary.completed and summary.retries == 1


def test_a_fault_that_persists_is_reported_and_resume_finishes_the_sync(
    registry: RegistryStandIn, store: Store, all_ids: set[str]
) -> None:
    registry.inject("truncate", page=2, times=FAST.retry.max_attempts)

    with pytest.raises(SyncError, match=r"page 3 .*giving up after 4 attempts: truncated"):
        sync_studies(store, whole_registry(registry), **QUICK)

    assert store.count_trials() == 2 * PAGE_SIZE
    checkpoint = read_checkpoint(store)
    assert checkpoint is not None and checkpoint.pages_done == 2
    summary = resume_sync(store, **QUICK)
    assert summary.completed and summary.resumed
    assert stored_ids(store) == all_ids
    resumed_first = registry.page_requests()[2 + FAST.retry.max_attempts]
    assert resumed_first.page == 2  # carried on at the failed page, not from the start


def test_a_registry_that_keeps_repeating_a_page_stops_the_sync(
    registry: RegistryStandIn, store: Store
) -> None:
    registry.inject("repeat", page=1, times=10)

    with pytest.raises(SyncError, match="keeps sending page 2"):
        sync_studies(store, whole_registry(registry), **QUICK)


def test_an_error_answer_is_reported_without_retrying(
    registry: RegistryStandIn, store: Store
) -> None:
    wrong_base = SyncQuery(api_url=f"{registry.api_url}/v9")

    with pytest.raises(SyncError, match="HTTP 404"):
        sync_studies(store, wrong_base, **QUICK)

    assert len(registry.requests) == 1


def test_library_callers_can_pass_their_own_client(
    registry: RegistryStandIn, store: Store, all_ids: set[str]
) -> None:
    with httpx.Client(headers={"User-Agent": "mirror-bot/1"}, timeout=5) as client:
        sync_studies(store, whole_registry(registry), client=client, **QUICK)

    assert stored_ids(store) == all_ids
    assert {r.headers["User-Agent"] for r in registry.page_requests()} == {"mirror-bot/1"}


def test_requests_are_rate_limited(registry: RegistryStandIn, store: Store) -> None:
    settings = SyncSettings(requests_per_second=20, timeout_seconds=5)

    sync_studies(store, whole_registry(registry, page_size=23), settings=settings, derivers=[])

    requests = registry.page_requests()
    assert len(requests) == 10
    assert requests[-1].at - requests[0].at >= 9 / 20 * 0.9


def test_incremental_sync_asks_only_for_studies_updated_since_the_last_sync(
    registry: RegistryStandIn, store: Store, studies: list[dict[str, Any]]
) -> None:
    sync_studies(store, whole_registry(registry), incremental=True, **QUICK)
    assert "filter.advanced" not in registry.page_requests()[0].params  # first time: everything
    synced = last_synced_at(store)
    assert synced is not None
    today = date.today().isoformat()
    updated = [copy.deepcopy(study) for study in with_status(studies)[:3]]
    for study in updated:
        status = study["protocolSection"]["statusModule"]
        status["lastUpdatePostDateStruct"] = {"date": today, "type": "ACTUAL"}
        study["protocolSection"]["identificationModule"]["briefTitle"] = "Renamed by the registry"
    registry.replace_studies(updated)
    registry.requests.clear()

    summary = sync_studies(store, whole_registry(registry), incremental=True, **QUICK)

    since = (synced.date() - timedelta(days=1)).isoformat()
    (request,) = registry.page_requests()
    assert request.params["filter.advanced"] == f"AREA[LastUpdatePostDate]RANGE[{since},MAX]"
    assert set(request.served_ids) == {nct_id_of(study) for study in updated}
    assert summary.ingest.updated == 3
    trial = store.get_trial(nct_id_of(updated[0]))
    assert trial is not None and trial.brief_title == "Renamed by the registry"


def test_removed_and_withdrawn_studies_keep_their_last_record(
    registry: RegistryStandIn, store: Store, studies: list[dict[str, Any]], all_ids: set[str]
) -> None:
    sync_studies(store, whole_registry(registry), **QUICK)
    removed, withdrawn = nct_id_of(studies[0]), copy.deepcopy(with_status(studies)[1])
    status = withdrawn["protocolSection"]["statusModule"]
    status["overallStatus"] = "WITHDRAWN"
    status["lastUpdatePostDateStruct"] = {"date": date.today().isoformat(), "type": "ACTUAL"}
    registry.remove_study(removed)
    registry.replace_studies([withdrawn])

    sync_studies(store, whole_registry(registry), **QUICK)

    assert stored_ids(store) == all_ids
    assert getattr(store.get_trial(removed), "nct_id", None) == removed
    trial = store.get_trial(nct_id_of(withdrawn))
    assert trial is not None and trial.overall_status == "WITHDRAWN"


def test_resume_without_an_interrupted_sync_says_so(store: Store) -> None:
    with pytest.raises(NothingToResume):
        resume_sync(store, **QUICK)


def test_stop_event_interrupts_between_pages_and_resume_completes(
    registry: RegistryStandIn, store: Store, all_ids: set[str]
) -> None:
    stop = threading.Event()

    def stop_after_two_pages(done: int, total: int | None) -> None:
        if done >= 2 * PAGE_SIZE:
            stop.set()

    with pytest.raises(SyncStopped):
        sync_studies(
            store,
            whole_registry(registry),
            settings=FAST,
            progress=stop_after_two_pages,
            stop=stop,
            derivers=[],
        )
    assert store.count_trials() == 2 * PAGE_SIZE

    resume_sync(store, **QUICK)
    assert stored_ids(store) == all_ids


def test_periodic_sync_keeps_the_store_current_until_stopped(
    registry: RegistryStandIn, tmp_path: Path, all_ids: set[str]
) -> None:
    database = tmp_path / "served.db"
    stop = threading.Event()
    outcomes: list[SyncSummary | SyncError] = []
    first_done = threading.Event()

    def on_done(outcome: SyncSummary | SyncError) -> None:
        outcomes.append(outcome)
        first_done.set()

    worker = threading.Thread(
        target=run_periodic_sync,
        args=(lambda: open_store(database), 3600, stop),
        kwargs={"query": whole_registry(registry), "settings": FAST, "on_done": on_done},
    )
    worker.start()
    assert first_done.wait(60)
    stop.set()
    worker.join(10)

    assert not worker.is_alive()
    assert isinstance(outcomes[0], SyncSummary) and outcomes[0].completed
    reader = open_store(database)
    assert stored_ids(reader) == all_ids and synced_just_now(reader)
    reader.close()

    # A restarted server waits out the interval instead of syncing again at once.
    requests_before = len(registry.requests)
    restarted_stop = threading.Event()
    restarted = threading.Thread(
        target=run_periodic_sync,
        args=(lambda: open_store(database), 3600, restarted_stop),
        kwargs={"query": whole_registry(registry), "settings": FAST},
    )
    restarted.start()
    time.sleep(0.3)
    restarted_stop.set()
    restarted.join(10)
    assert not restarted.is_alive() and len(registry.requests) == requests_before


def test_bulk_download_streams_the_zip_to_disk_and_ingests_it(
    registry: RegistryStandIn, store: Store, all_ids: set[str], tmp_path: Path
) -> None:
    registry.inject("reset", page=BULK)

    archive = registry.bulk_zip()  # built before the client's short timeout starts
    summary = sync_bulk(store, api_url=registry.api_url, **QUICK)

    assert stored_ids(store) == all_ids
    assert summary.downloaded_bytes == len(archive) and summary.retries == 1
    reset, resumed = registry.requests
    assert reset.fault == "reset" and resumed.headers["Range"].startswith("bytes=")
    assert not list(tmp_path.glob(".trialfinder-bulk-*"))  # the download is cleaned up
    registry.requests.clear()
    sync_studies(store, whole_registry(registry), incremental=True, **QUICK)
    assert "RANGE[" in registry.page_requests()[0].params["filter.advanced"]


def test_bulk_from_a_local_zip(
    store: Store, studies: list[dict[str, Any]], all_ids: set[str], tmp_path: Path
) -> None:
    archive = tmp_path / "ctg-studies.json.zip"
    archive.write_bytes(build_bulk_zip(studies))

    summary = sync_bulk(store, archive, derivers=[])

    assert stored_ids(store) == all_ids
    assert summary.ingest.inserted == len(all_ids) and summary.downloaded_bytes is None


def test_bulk_that_is_not_a_zip_is_reported(registry: RegistryStandIn, store: Store) -> None:
    with pytest.raises(SyncError, match="HTTP 404"):
        sync_bulk(store, f"{registry.api_url}/nothing-here.zip", **QUICK)


def start_cli(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "trialfinder", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.parametrize("kill_at", ["mid-request", "any-moment"])
def test_sync_killed_with_sigkill_then_resumed_ends_with_exactly_the_served_set(
    studies: list[dict[str, Any]], tmp_path: Path, kill_at: str
) -> None:
    database = str(tmp_path / "killed.db")
    served = studies[:100]  # ten pages of ten
    hold_page = 5 if kill_at == "mid-request" else None
    with RegistryStandIn(served, page_delay_seconds=0.03, hold_page=hold_page) as registry:
        common = ["--db", database, "--quiet", "--rate", "1000"]
        process = start_cli(
            "sync", "--all", "--api-url", registry.api_url, "--page-size", "10", *common
        )
        if kill_at == "mid-request":
            assert registry.held.wait(60)  # five pages committed, the sixth in flight
        else:
            registry.wait_for_requests(2)
            time.sleep(random.uniform(0.05, 0.4))
        process.send_signal(signal.SIGKILL)
        process.wait(10)
        registry.release.set()
        assert process.returncode == -signal.SIGKILL
        interrupted = open_store(database)
        checkpoint = read_checkpoint(interrupted)
        committed = interrupted.count_trials()
        interrupted.close()
        assert checkpoint is not None, "the kill landed after the sync finished"
        assert committed == checkpoint.studies_done < len(served)
        if kill_at == "mid-request":
            assert checkpoint.pages_done == 5
        before = len(registry.page_requests())

        resumed = run_trialfinder("sync", "--resume", "--format", "json", *common)

        assert resumed.returncode == 0, resumed.stderr
        report = json.loads(resumed.stdout)
        assert report["completed"] and report["resumed"]
        after = registry.page_requests()[before:]
        assert len(after) == 10 - checkpoint.pages_done  # no page fetched twice
        if checkpoint.pages_done:
            assert "pageToken" in after[0].params  # carried on from the checkpoint
    final = open_store(database)
    assert stored_ids(final) == {nct_id_of(study) for study in served}
    assert read_checkpoint(final) is None
    final.close()


def test_cli_sync_reports_json_and_rejects_conflicting_options(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    database = str(tmp_path / "cli.db")
    query = ["--cond", "asthma", "--status", "recruiting", "--api-url", registry.api_url]
    synced = run_trialfinder("sync", *query, "--db", database, "--format", "json")
    assert synced.returncode == 0, synced.stderr
    report = json.loads(synced.stdout)
    assert report["completed"] and report["query"]["statuses"] == ["RECRUITING"]
    assert report["ingest"]["inserted"] == len(registry.served_ids()) > 0
    assert registry.page_requests()[0].params["pageSize"] == "1000"

    for bad in (["--all", "--cond", "x"], ["--all", "--since", "2024-01-01", "--incremental"], []):
        refused = run_trialfinder("sync", *bad, "--db", database)
        assert refused.returncode == 2, bad
    assert run_trialfinder("sync", "--resume", "--db", database).returncode == 1


# -- corrupt records, gzip bombs and the supervised background sync (issue 15) --------

SMALL_PAGE = 10
INVALID_UTF8 = b'{"protocolSection": {"identificationModule": {"nctId": "NCT0\xff\xfe"}}}'
DEEP = b'{"protocolSection": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"


@pytest.fixture
def first_studies(studies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return studies[:35]


@pytest.fixture
def corrupt_mirror(first_studies: list[dict[str, Any]]) -> Iterator[RegistryStandIn]:
    """A mirror of 35 studies in pages of 10 that serves two of them corrupt."""
    with RegistryStandIn(first_studies) as standin:
        # One corrupt record on page 1 and one on page 3 (of 4).
        standin.corrupt(nct_id_of(first_studies[3]), INVALID_UTF8)
        standin.corrupt(nct_id_of(first_studies[25]), DEEP)
        yield standin


def good_ids(studies: list[dict[str, Any]]) -> set[str]:
    return {nct_id_of(study) for index, study in enumerate(studies) if index not in (3, 25)}


def test_sync_all_skips_and_reports_corrupt_records_and_finishes(
    corrupt_mirror: RegistryStandIn, store: Store, first_studies: list[dict[str, Any]]
) -> None:
    query = SyncQuery(api_url=corrupt_mirror.api_url, page_size=SMALL_PAGE)
    summary = sync_studies(store, query, **QUICK)
    assert summary.completed and read_checkpoint(store) is None
    assert set(store.iter_nct_ids()) == good_ids(first_studies)
    wheres = [item.where for item in summary.ingest.skipped]
    assert wheres == [
        "page 1 of the whole registry#studies[3]",
        "page 3 of the whole registry#studies[5]",
    ]
    # A corrupt record is not a flaky registry: its page was fetched once.
    assert len(corrupt_mirror.page_requests()) == 4


def test_resume_past_a_corrupt_record_finishes_and_never_loops(
    corrupt_mirror: RegistryStandIn, store: Store, first_studies: list[dict[str, Any]]
) -> None:
    query = SyncQuery(api_url=corrupt_mirror.api_url, page_size=SMALL_PAGE)
    corrupt_mirror.inject("500", page=2, times=FAST.retry.max_attempts)
    with pytest.raises(SyncError):
        sync_studies(store, query, **QUICK)
    checkpoint = read_checkpoint(store)
    assert checkpoint is not None and checkpoint.pages_done == 2
    summary = resume_sync(store, **QUICK)
    assert summary.completed and read_checkpoint(store) is None
    assert set(store.iter_nct_ids()) == good_ids(first_studies)
    assert [item.where for item in summary.ingest.skipped] == [
        "page 3 of the whole registry#studies[5]"
    ]


def test_sync_bulk_from_a_mirror_with_corrupt_records_lands_the_rest(
    corrupt_mirror: RegistryStandIn,
    store: Store,
    first_studies: list[dict[str, Any]],
    tmp_path: Path,
) -> None:
    summary = sync_bulk(store, api_url=corrupt_mirror.api_url, work_dir=tmp_path, **QUICK)
    assert set(store.iter_nct_ids()) == good_ids(first_studies)
    assert sorted(item.where.rpartition("!")[2] for item in summary.ingest.skipped) == sorted(
        f"{nct_id_of(first_studies[index])}.json" for index in (3, 25)
    )
    assert corrupt_mirror.requests[-1].path.endswith("/download")


def test_gzip_encoded_pages_are_read_and_a_gzip_bomb_page_is_refused_with_a_reason(
    first_studies: list[dict[str, Any]], store: Store
) -> None:
    with RegistryStandIn(first_studies, gzip_pages=True) as registry:
        query = SyncQuery(api_url=registry.api_url, page_size=SMALL_PAGE)
        assert sync_studies(store, query, **QUICK).completed
        assert set(store.iter_nct_ids()) == {nct_id_of(study) for study in first_studies}
        registry.inject("bomb", page=1)
        with pytest.raises(SyncError, match="expands"):
            sync_studies(store, query, **QUICK)
        bombed = [request for request in registry.page_requests() if request.fault == "bomb"]
        assert len(bombed) == 1, "a bomb is refused, not fetched again"


def test_periodic_sync_survives_any_exception_retries_with_backoff_and_reports_status(
    corrupt_mirror: RegistryStandIn,
    tmp_path: Path,
    first_studies: list[dict[str, Any]],
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
            "query": SyncQuery(api_url=corrupt_mirror.api_url, page_size=SMALL_PAGE),
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
        assert set(reader.iter_nct_ids()) == good_ids(first_studies)
        persisted = read_sync_status(reader)
        assert persisted is not None and persisted.last_success_at == healthy.last_success_at
    finally:
        reader.close()
