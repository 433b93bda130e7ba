"""A real streaming standby behind the read URL: writes on the primary, reads on the standby.

The pair is ``replicated_postgres`` (tests/pg_server.py): a primary and a hot
standby made by ``pg_basebackup --write-recovery-conf``. Trials are written on
the primary by the real ``trialfinder ingest`` and ``trialfinder sync``
commands; a real ``trialfinder serve`` process reads from the standby
(``--read-db``); stopping the standby must move its reads to the primary with
one warning in its log, not an error page.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import msgspec
import psycopg
import pytest

from conftest import run_trialfinder
from live_server import ServeProcess
from pg_server import ReplicatedPostgres, database_of_studies
from registry_standin import RegistryStandIn, load_studies, nct_id_of, renamed_study
from trialfinder.search import open_store
from trialfinder.store.postgres import PostgresStore, data_generation

pytestmark = pytest.mark.postgres

# The lag this deployment promises: a trial written on the primary is served from
# the standby within this long (the tests print what they saw; docs/deploy.md).
STATED_LAG_SECONDS = 5.0

SYNCED_ID = "NCT09999903"
SYNCED_WORD = "narwhalotherapy"
INGESTED_ID = "NCT09999904"
INGESTED_WORD = "axolotlectomy"
# What a user typed: must never reach the node's log, whichever store answered.
SEARCHED_WORD = "pancreatitis"
PATIENT_NOTE = "quokkafever since childhood, on metformin"


@pytest.fixture
def database(replicated_postgres: ReplicatedPostgres, tmp_path: Path) -> Iterator[str]:
    """A database on the primary holding twenty real studies."""
    url = database_of_studies(replicated_postgres.primary, load_studies()[:20], tmp_path)
    try:
        yield url
    finally:
        replicated_postgres.primary.drop_database(url)


def _lag(replicated_postgres: ReplicatedPostgres, database: str, node_url: str, nct_id: str) -> str:
    """How long after the write returned the standby had replayed it, and the node
    (reading the standby) served ``nct_id``: polled, within the stated lag."""
    written_at = time.monotonic()
    deadline = written_at + STATED_LAG_SECONDS
    standby_url = replicated_postgres.standby.standby_url(database)
    with psycopg.connect(database, autocommit=True) as primary:
        written = data_generation(primary)
    with psycopg.connect(standby_url, autocommit=True) as standby:
        while data_generation(standby) != written:
            assert time.monotonic() < deadline, "the standby did not replay the write in time"
            time.sleep(0.001)
    replayed = time.monotonic() - written_at
    with httpx.Client(base_url=node_url, timeout=10) as client:
        while client.get(f"/trials/{nct_id}").status_code != 200:
            assert time.monotonic() < deadline, f"{nct_id} not served within the stated lag"
            time.sleep(0.005)
    served = time.monotonic() - written_at
    return f"replayed on the standby in {replayed * 1000:.0f} ms, served in {served * 1000:.0f} ms"


def _standby_readers(replicated_postgres: ReplicatedPostgres, database: str) -> int:
    """Client connections to ``database`` on the standby (besides this one)."""
    standby_url = replicated_postgres.standby.standby_url(database)
    with psycopg.connect(standby_url, autocommit=True) as connection:
        row = connection.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND backend_type = 'client backend' AND pid <> pg_backend_pid()"
        ).fetchone()
    return int(row[0]) if row is not None else 0


def test_trials_written_on_the_primary_are_served_from_the_standby_within_the_lag(
    replicated_postgres: ReplicatedPostgres, database: str, tmp_path: Path
) -> None:
    standby_url = replicated_postgres.standby.standby_url(database)
    node = ServeProcess(["--db", database, "--read-db", standby_url])
    try:
        url = node.wait_until_serving()
        assert _standby_readers(replicated_postgres, database) >= 1, "the node reads the standby"
        assert httpx.get(f"{url}/trials/{SYNCED_ID}").status_code == 404

        studies = [renamed_study(load_studies()[0], SYNCED_ID, SYNCED_WORD)]
        with RegistryStandIn(studies) as registry:
            run_trialfinder(
                "sync",
                "--all",
                "--quiet",
                "--api-url",
                registry.api_url,
                "--db",
                database,
                check=True,
            )
        synced_lag = _lag(replicated_postgres, database, url, SYNCED_ID)

        source = tmp_path / "one.jsonl"
        study = renamed_study(load_studies()[1], INGESTED_ID, INGESTED_WORD)
        source.write_bytes(msgspec.json.encode(study) + b"\n")
        run_trialfinder("ingest", "--quiet", "--db", database, str(source), check=True)
        ingested_lag = _lag(replicated_postgres, database, url, INGESTED_ID)

        page = httpx.get(f"{url}/search", params={"q": INGESTED_WORD}).text
        assert INGESTED_ID in page
        status = httpx.get(f"{url}/api/status").json()
        primary = open_store(database)
        try:
            assert status["data_generation"] == primary.data_generation()
            assert status["trials"] == primary.count_trials() == 22
        finally:
            primary.close()
    finally:
        stderr = node.stop()
    print(f"\nreplica lag: sync {synced_lag}; ingest {ingested_lag}; load {_load()}")
    assert b"Traceback" not in stderr
    assert b"not answering" not in stderr


def test_a_stopped_standby_sends_reads_to_the_primary_with_a_warning(
    replicated_postgres: ReplicatedPostgres, database: str
) -> None:
    standby_url = replicated_postgres.standby.standby_url(database)
    nct_id = nct_id_of(load_studies()[0])
    node = ServeProcess(["--db", database, "--read-db", standby_url])
    try:
        url = node.wait_until_serving()
        with httpx.Client(base_url=url, timeout=30) as client:
            before = client.get("/api/v2/studies", params={"countTotal": "true"}).json()
            replicated_postgres.standby.halt()

            search = client.get("/search", params={"q": SEARCHED_WORD})
            trial = client.get(f"/trials/{nct_id}")
            studies = client.get("/api/v2/studies", params={"countTotal": "true"})
            qualify = client.post(
                f"/trials/{nct_id}/qualify",
                data={"age": "54", "sex": "FEMALE", "note": PATIENT_NOTE},
            )
            assert [search.status_code, trial.status_code, studies.status_code] == [200] * 3
            assert qualify.status_code == 200
            assert nct_id in trial.text
            assert studies.json()["totalCount"] == before["totalCount"] == 20

            replicated_postgres.standby.start()
            deadline = time.monotonic() + 30
            while _standby_readers(replicated_postgres, database) == 0:
                assert time.monotonic() < deadline, "the node never went back to the standby"
                assert client.get(f"/trials/{nct_id}").status_code == 200
                time.sleep(0.2)
    finally:
        log = node.stop().decode(errors="replace")
    where = standby_url.split("@", 1)[1]
    assert f"read replica {where} is not answering" in log
    assert log.count("is not answering") == 1, "one warning per outage"
    assert "Traceback" not in log and " serving " not in log, "no request failed"
    for private in (SEARCHED_WORD, "quokkafever", "metformin"):
        assert private not in log


def test_store_reads_fail_over_and_back_when_the_standby_stops_and_starts(
    replicated_postgres: ReplicatedPostgres, database: str, caplog: pytest.LogCaptureFixture
) -> None:
    from trialfinder.store import postgres_reads

    standby_url = replicated_postgres.standby.standby_url(database)
    nct_id = nct_id_of(load_studies()[0])
    store = open_store(database, read_url=standby_url)
    assert isinstance(store, PostgresStore)
    try:
        assert getattr(store.get_trial(nct_id), "nct_id", None) == nct_id
        with store.read_connection() as connection:
            assert _in_recovery(connection), "reads start on the standby"

        replicated_postgres.standby.halt()
        with caplog.at_level(logging.INFO, logger=postgres_reads.__name__):
            started = time.monotonic()
            assert getattr(store.get_trial(nct_id), "nct_id", None) == nct_id
            failover_seconds = time.monotonic() - started
            with store.read_connection() as connection:
                assert not _in_recovery(connection), "reads go to the primary"
            assert store.count_trials() == 20

            replicated_postgres.standby.start()
            time.sleep(postgres_reads.REPLICA_RETRY_SECONDS)
            with store.read_connection() as connection:
                assert _in_recovery(connection), "reads are back on the standby"
    finally:
        store.close()
    messages = [
        record.getMessage() for record in caplog.records if record.name == postgres_reads.__name__
    ]
    assert len(messages) == 2, messages
    assert "is not answering (PoolTimeout): reading from the primary" in messages[0]
    assert "answers again" in messages[1]
    assert nct_id not in json.dumps(messages)
    assert failover_seconds < postgres_reads.REPLICA_WAIT_SECONDS + 3


def _in_recovery(connection: psycopg.Connection[Any]) -> bool:
    row = connection.execute("SELECT pg_is_in_recovery()").fetchone()
    return bool(row is not None and row[0])


def _load() -> str:
    return (
        Path("/proc/loadavg").read_text().split(" ", 1)[0]
        if Path("/proc/loadavg").exists()
        else "?"
    )
