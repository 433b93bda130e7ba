"""Reads that serve users: from the read replica while it answers, else from the primary.

A deployment points its web nodes' reads at a streaming standby
(``Settings.read_db``). When that standby stops — restarted, crashed,
rebuilt — the reads must not turn into errors: the primary holds the same data
(a moment newer), so :class:`ReplicaReads` sends them there, logs one warning
and tries the replica again every :data:`REPLICA_RETRY_SECONDS`.

The log names the replica by host, port and database only: never its password,
never a query, its parameters or the server's message about it, which may quote
what a user searched for or typed about a patient.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool, PoolTimeout

__all__ = ["REPLICA_RETRY_SECONDS", "REPLICA_WAIT_SECONDS", "ReplicaReads"]

logger = logging.getLogger(__name__)

# How long a read waits for a replica connection before checking the replica is
# there at all (a pool whose server has gone waits for its whole timeout).
REPLICA_WAIT_SECONDS = 2.0
# After a failover, how long reads go to the primary before the replica is tried again.
REPLICA_RETRY_SECONDS = 5.0
# A replica that cannot even be connected to within this long is taken as gone.
_PROBE_TIMEOUT_SECONDS = 2

Pool = ConnectionPool[psycopg.Connection[Any]]


def _where(url: str) -> str:
    """``host:port/dbname`` of a connection URL, without user or password."""
    parts = conninfo_to_dict(url)
    return f"{parts.get('host', 'localhost')}:{parts.get('port', 5432)}/{parts.get('dbname', '')}"


class ReplicaReads:
    """Read connections from the replica's pool, or the primary's while the replica is gone.

    Safe to share between threads: the replica's state is behind a lock, and a
    read that finds the replica gone sends itself and the reads after it to the
    primary without waiting for anything else.
    """

    def __init__(self, replica_url: str, replica: Pool, primary: Pool) -> None:
        self._replica_url = replica_url
        self._replica = replica
        self._primary = primary
        self._where = _where(replica_url)
        self._lock = threading.Lock()
        # While set, reads go to the primary until this time.monotonic() moment.
        self._retry_at: float | None = None

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection[Any]]:
        """A connection to read from: the replica's, or the primary's while it is gone."""
        replica_connection = self._replica_connection()
        if replica_connection is None:
            with self._primary.connection() as connection:
                yield connection
            return
        try:
            yield replica_connection
        except psycopg.OperationalError as error:
            # The replica went away mid-read: this read fails, the next ones go elsewhere.
            if replica_connection.broken:
                self._fail_over(error)
            raise
        finally:
            self._replica.putconn(replica_connection)

    def _replica_connection(self) -> psycopg.Connection[Any] | None:
        if not self._replica_due():
            return None
        try:
            return self._replica.getconn(timeout=REPLICA_WAIT_SECONDS)
        except PoolTimeout as error:
            if not self._answers():
                self._fail_over(error)
                return None
        # The replica answers; its pool was only busy: wait as any read would.
        return self._replica.getconn()

    def _replica_due(self) -> bool:
        """Whether this read tries the replica: always while it answers; after a
        failover, one read per retry period checks it while the others keep to
        the primary."""
        with self._lock:
            if self._retry_at is None:
                return True
            if time.monotonic() < self._retry_at:
                return False
            self._retry_at = time.monotonic() + REPLICA_RETRY_SECONDS
        if not self._answers():
            return False
        with self._lock:
            self._retry_at = None
        logger.info("read replica %s answers again: reading from it", self._where)
        return True

    def _answers(self) -> bool:
        try:
            psycopg.connect(self._replica_url, connect_timeout=_PROBE_TIMEOUT_SECONDS).close()
        except psycopg.Error:
            return False
        return True

    def _fail_over(self, error: Exception) -> None:
        with self._lock:
            first = self._retry_at is None
            self._retry_at = time.monotonic() + REPLICA_RETRY_SECONDS
        if first:
            logger.warning(
                "read replica %s is not answering (%s): reading from the primary,"
                " trying the replica again every %g s",
                self._where,
                type(error).__name__,
                REPLICA_RETRY_SECONDS,
            )

    def close(self) -> None:
        """Close the replica's pool (the primary's belongs to the store)."""
        self._replica.close()
