"""How the background sync is doing, for the pages' status line and ``/api/status``.

A periodic sync that keeps failing must not go unnoticed while the pages keep
answering from stale data. The sync thread records every outcome in a
:class:`SyncStatus` (in memory, thread-safe) and also writes it into the
store's state, because web workers are other processes: they read it back
with :func:`read_sync_status`. Only counts, times and the registry-side error
text are kept; there is no patient data on the sync side.
"""

from __future__ import annotations

import secrets
import threading
from datetime import UTC, datetime

import msgspec

from trialfinder.store.base import Store

__all__ = [
    "SYNC_STATUS_KEY",
    "SyncStatus",
    "SyncStatusReport",
    "read_sync_status",
    "write_sync_status",
]

SYNC_STATUS_KEY = "sync.status"
# An error text is the registry's answer or an exception message: keep a line of it.
_MAX_ERROR_CHARS = 500


class SyncStatusReport(msgspec.Struct, frozen=True, omit_defaults=True):
    """One reading of the background sync's health (times are ISO UTC)."""

    last_success_at: str | None = None
    last_error: str | None = None
    last_error_at: str | None = None
    last_error_id: str | None = None  # also in the log line of that failure
    error_count: int = 0  # failures since the sync thread started
    consecutive_errors: int = 0  # failures since the last success; 0 means healthy
    next_attempt_at: str | None = None  # when a failed sync is tried again


def _now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


class SyncStatus:
    """The live status the sync thread updates; :meth:`snapshot` reads it from any thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._report = SyncStatusReport()

    def snapshot(self) -> SyncStatusReport:
        with self._lock:
            return self._report

    def succeeded(self) -> SyncStatusReport:
        with self._lock:
            self._report = msgspec.structs.replace(
                self._report, last_success_at=_now(), consecutive_errors=0, next_attempt_at=None
            )
            return self._report

    def failed(self, error: str, retry_in_seconds: float) -> SyncStatusReport:
        now = datetime.now(UTC).replace(microsecond=0)
        retry_at = datetime.fromtimestamp(now.timestamp() + retry_in_seconds, UTC)
        with self._lock:
            self._report = msgspec.structs.replace(
                self._report,
                last_error=error[:_MAX_ERROR_CHARS],
                last_error_at=now.isoformat(),
                last_error_id=secrets.token_hex(6),
                error_count=self._report.error_count + 1,
                consecutive_errors=self._report.consecutive_errors + 1,
                next_attempt_at=retry_at.replace(microsecond=0).isoformat(),
            )
            return self._report


def write_sync_status(store: Store, report: SyncStatusReport) -> None:
    """Keep ``report`` in the store for the web workers (one small state write)."""
    store.upsert_trials([], state={SYNC_STATUS_KEY: msgspec.json.encode(report).decode()})


def read_sync_status(store: Store) -> SyncStatusReport | None:
    """The background sync's last recorded status, or None if no sync thread ever ran."""
    raw = store.get_state(SYNC_STATUS_KEY)
    if raw is None:
        return None
    try:
        return msgspec.json.decode(raw, type=SyncStatusReport)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
