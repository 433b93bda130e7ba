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
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from pathlib import Path

import psycopg
import pytest

from trialfinder.ingest import ingest_paths
from trialfinder.model import Trial
from trialfinder.search import open_store

__all__ = [
    "PostgresServer",
    "backend_live_server_url",
    "loaded_store_url",
    "postgres_server",
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


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class PostgresServer:
    """One initdb'd cluster run by pg_ctl; ``url`` is its ``postgres`` database."""

    def __init__(self) -> None:
        self.bin_dir = _postgres_bin_dir()
        self.as_root = os.geteuid() == 0
        self.root_dir = Path(tempfile.mkdtemp(prefix="trialfinder-pg-"))
        self.data_dir = self.root_dir / "data"
        self.log_path = self.root_dir / "server.log"
        self.port = _free_port()
        self.url = f"postgresql://{SERVER_USER}@127.0.0.1:{self.port}/postgres"

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

    def start(self) -> None:
        if self.as_root:
            account = pwd.getpwnam(SERVER_USER)
            os.chown(self.root_dir, account.pw_uid, account.pw_gid)
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
        # Durability is pointless for a throwaway cluster; the socket directory is
        # the temp dir so that no system-wide /var/run/postgresql is needed.
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.root_dir}"
            " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
            " -c max_connections=200 -c shared_buffers=64MB"
        )
        self._run(
            "pg_ctl", "--pgdata", str(self.data_dir), "--log", str(self.log_path),
            "--options", options, "--wait", "start",
        )  # fmt: skip

    def stop(self) -> None:
        try:
            if (self.data_dir / "postmaster.pid").exists():
                self._run("pg_ctl", "--pgdata", str(self.data_dir), "--mode", "immediate", "stop")
        finally:
            shutil.rmtree(self.root_dir, ignore_errors=True)

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
    app = LiveServer(_real_records_database(request, [hostile_trial()]))
    try:
        yield app.start()
    finally:
        app.stop()
