"""A throwaway PostgreSQL server on loopback for the test run, and the store fixtures.

The server is started once per test session (only if some test asks for it),
with its data directory in a temporary folder, and removed at the end.
PostgreSQL refuses to run as root, so under root it runs as the ``postgres``
OS user that Debian's package creates. There is no skip: if the server cannot
start, the tests that need it fail with the server's log.

``store_url`` is the one parametrised fixture that runs a test once on SQLite
and once on PostgreSQL (a fresh database per test); ``loaded_store_url`` does the
same for conftest's read-only store of every real record, loaded once per session
and backend, and ``backend_live_server_url`` for the web app serving it.

``replicated_postgres`` is a second, separate pair for the replica tests: a
primary and a hot standby streaming from it (``pg_basebackup --write-recovery-conf``
writes ``standby.signal`` and ``primary_conninfo``), so that writes on the
primary reach the standby the way they do in a deployment. A test may stop the
standby; the next test that asks for the pair gets it running again.
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
import uuid
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import msgspec
import psycopg
import pytest

from trialfinder.ingest import ingest_paths
from trialfinder.model import Trial
from trialfinder.search import open_store

__all__ = [
    "REAL_STUDIES",
    "PostgresServer",
    "PostgresStandby",
    "ReplicatedPostgres",
    "backend_live_server_url",
    "database_of_studies",
    "free_port",
    "loaded_store_url",
    "postgres_server",
    "real_studies_database",
    "replicated_postgres",
    "store_url",
]

SERVER_USER = "postgres"


def _postgres_bin_dir() -> Path:
    """The newest Debian PostgreSQL binaries (installed by scripts/install-system-deps.sh)."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    on_path = shutil.which("initdb")
    if on_path is None:
        raise RuntimeError(
            "PostgreSQL server binaries not found: run `make system-deps` "
            "(Debian package postgresql)"
        )
    return Path(on_path).parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Cluster:
    """One PostgreSQL cluster in its own temp folder, run by pg_ctl on a loopback port.

    Its socket directory is the temp folder, so no system-wide /var/run/postgresql
    is needed.
    """

    def __init__(self, settings: Mapping[str, str]) -> None:
        self.bin_dir = _postgres_bin_dir()
        self.as_root = os.geteuid() == 0
        self.root_dir = Path(tempfile.mkdtemp(prefix="trialfinder-pg-"))
        self.data_dir = self.root_dir / "data"
        self.log_path = self.root_dir / "server.log"
        self.port = free_port()
        self.settings = settings
        if self.as_root:
            account = pwd.getpwnam(SERVER_USER)
            os.chown(self.root_dir, account.pw_uid, account.pw_gid)

    def url_of(self, database: str) -> str:
        return f"postgresql://{SERVER_USER}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> None:
        command = [str(self.bin_dir / args[0]), *args[1:]]
        if self.as_root:
            command = ["runuser", "-u", SERVER_USER, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            log = self.log_path.read_text() if self.log_path.exists() else ""
            raise RuntimeError(
                f"{' '.join(command)} failed ({result.returncode}):\n"
                f"{result.stdout}\n{result.stderr}\n{log}"
            )

    def _pg_ctl_start(self) -> None:
        options = f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root_dir}"
        options += "".join(f" -c {name}={value}" for name, value in self.settings.items())
        self._run(
            "pg_ctl", "--pgdata", str(self.data_dir), "--log", str(self.log_path),
            "--options", options, "--wait", "start",
        )  # fmt: skip

    @property
    def running(self) -> bool:
        return (self.data_dir / "postmaster.pid").exists()

    def halt(self) -> None:
        """Stop the server as an operator would (``pg_ctl stop``), keeping its data."""
        if self.running:
            self._run("pg_ctl", "--pgdata", str(self.data_dir), "--mode", "fast", "stop")

    def stop(self) -> None:
        """Stop at once and remove everything: the end of the test run."""
        try:
            if self.running:
                self._run("pg_ctl", "--pgdata", str(self.data_dir), "--mode", "immediate", "stop")
        finally:
            shutil.rmtree(self.root_dir, ignore_errors=True)


# Durability is pointless for a throwaway cluster.
_THROWAWAY_SETTINGS = {
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": "200",
    "shared_buffers": "64MB",
}


class PostgresServer(_Cluster):
    """One initdb'd cluster run by pg_ctl; ``url`` is its ``postgres`` database."""

    def __init__(self, settings: Mapping[str, str] = _THROWAWAY_SETTINGS) -> None:
        super().__init__(settings)
        self.url = self.url_of("postgres")

    def start(self) -> None:
        self._run(
            "initdb",
            "--pgdata",
            str(self.data_dir),
            "--username",
            SERVER_USER,
            "--auth",
            "trust",
            "--encoding",
            "UTF8",
            "--locale",
            "C.UTF-8",
            "--no-sync",
        )
        self._pg_ctl_start()

    def create_database(self) -> str:
        """A new empty database; returns its URL."""
        name = f"test_{uuid.uuid4().hex[:12]}"
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
        return self.url.rsplit("/", 1)[0] + f"/{name}"

    def drop_database(self, url: str) -> None:
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(self.url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """The session's PostgreSQL server, started on first use."""
    server = PostgresServer()
    try:
        server.start()
        yield server
    finally:
        server.stop()


# The replicated pair commits as a deployment does (a commit's WAL is written, and
# so sent to the standby, before the commit returns); data files still skip fsync.
_PRIMARY_SETTINGS = {**_THROWAWAY_SETTINGS, "synchronous_commit": "on"}


class PostgresStandby(_Cluster):
    """A hot standby streaming from ``primary``: read-only, replaying the primary's WAL."""

    def __init__(self, primary: PostgresServer) -> None:
        super().__init__({**primary.settings, "hot_standby": "on"})
        self.primary = primary

    def start(self) -> None:
        """Copy the primary (first start only) and run, following it."""
        if not self.data_dir.exists():
            self._run(
                "pg_basebackup",
                "--pgdata", str(self.data_dir),
                "--host", "127.0.0.1",
                "--port", str(self.primary.port),
                "--username", SERVER_USER,
                "--wal-method", "stream",
                "--checkpoint", "fast",
                "--write-recovery-conf",  # standby.signal + primary_conninfo
                "--no-sync",
            )  # fmt: skip
        self._pg_ctl_start()
        self.wait_until_streaming()

    def standby_url(self, primary_url: str) -> str:
        """The same database as ``primary_url``, on this standby."""
        return self.url_of(primary_url.rsplit("/", 1)[1])

    def wait_until_streaming(self, timeout_seconds: float = 60) -> None:
        """Until the primary lists this standby's WAL receiver as streaming."""
        deadline = time.monotonic() + timeout_seconds
        with psycopg.connect(self.primary.url, autocommit=True) as connection:
            while True:
                row = connection.execute(
                    "SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"
                ).fetchone()
                if row is not None and row[0] > 0:
                    return
                if time.monotonic() > deadline:
                    raise RuntimeError(
                        f"the standby is not streaming:\n{self.log_path.read_text()}"
                    )
                time.sleep(0.05)


class ReplicatedPostgres:
    """A primary and its streaming standby; databases are made on the primary."""

    def __init__(self) -> None:
        self.primary = PostgresServer(_PRIMARY_SETTINGS)
        self.standby = PostgresStandby(self.primary)

    def start(self) -> None:
        self.primary.start()
        self.standby.start()

    def stop(self) -> None:
        try:
            self.standby.stop()
        finally:
            self.primary.stop()


@pytest.fixture(scope="session")
def _replicated_pair() -> Iterator[ReplicatedPostgres]:
    pair = ReplicatedPostgres()
    try:
        pair.start()
        yield pair
    finally:
        pair.stop()


@pytest.fixture
def replicated_postgres(_replicated_pair: ReplicatedPostgres) -> ReplicatedPostgres:
    """The session's primary and standby, the standby running (a test may stop it)."""
    if not _replicated_pair.standby.running:
        _replicated_pair.standby.start()
    return _replicated_pair


BACKENDS = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where a test's store lives: a temp SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "trialfinder.db")
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.create_database()
    try:
        yield url
    finally:
        server.drop_database(url)


def _real_records_database(
    request: pytest.FixtureRequest, extra_trials: Sequence[Trial] = ()
) -> str:
    """A new database on the session's server holding every real record (and any extra)."""
    server: PostgresServer = request.getfixturevalue("postgres_server")
    real_data_paths: list[Path] = request.getfixturevalue("real_data_paths")
    url = server.create_database()
    store = open_store(url)
    try:
        ingest_paths(store, real_data_paths)
        store.upsert_trials(extra_trials)
    finally:
        store.close()
    return url


def database_of_studies(
    server: PostgresServer, studies: Sequence[Mapping[str, Any]], folder: Path
) -> str:
    """A new database on ``server`` holding ``studies`` (API v2 JSON, ingested as a file)."""
    url = server.create_database()
    source = folder / "studies.jsonl"
    source.write_bytes(b"".join(msgspec.json.encode(study) + b"\n" for study in studies))
    store = open_store(url)
    try:
        ingest_paths(store, [source])
    finally:
        store.close()
    return url


# How many real studies ``real_studies_database`` holds.
REAL_STUDIES = 60


@pytest.fixture
def real_studies_database(postgres_server: PostgresServer, tmp_path: Path) -> Iterator[str]:
    """A new database holding the first sixty real API v2 studies (the file ingested is
    left as ``tmp_path / "studies.jsonl"``), dropped after the test."""
    from registry_standin import load_studies  # reads ../shared: imported when asked for

    url = database_of_studies(postgres_server, load_studies()[:REAL_STUDIES], tmp_path)
    try:
        yield url
    finally:
        postgres_server.drop_database(url)


@pytest.fixture(scope="session", params=BACKENDS)
def loaded_store_url(request: pytest.FixtureRequest) -> str:
    """Every real record on each backend (read-only for tests, like ``loaded_store_path``)."""
    if request.param == "sqlite":
        return str(request.getfixturevalue("loaded_store_path"))
    return _real_records_database(request)


@pytest.fixture(scope="session", params=BACKENDS)
def backend_live_server_url(request: pytest.FixtureRequest) -> Iterator[str]:
    """``live_server_url``'s app (real records and the hostile trial) on each backend."""
    from live_server import LiveServer, hostile_trial

    if request.param == "sqlite":
        yield request.getfixturevalue("live_server_url")
        return
    with LiveServer(_real_records_database(request, [hostile_trial()])) as url:
        yield url
