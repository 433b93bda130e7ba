"""The SQLite store: one file, zero set-up, the default.

WAL mode lets the web server keep reading while an ingest or a sync writes.
Each :meth:`SQLiteStore.upsert_trials` call is one transaction, so a killed
ingest leaves every trial whole or absent and a re-run simply finishes the job.
Connections are per thread because sqlite3 connections must not be shared
across threads while in use.
"""

from __future__ import annotations

import hashlib
import sqlite3
import threading
from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path

from trialfinder.model import Trial, encode_trial
from trialfinder.store.base import (
    BadStoredRow,
    BatchedTrialIndex,
    DerivedRecord,
    IndexEntryMaker,
    PreparedRow,
    RecordReads,
    StoredRow,
    StoreStats,
    UnchangedReader,
    UpsertOutcome,
    hash_content,
    keeps_stored,
    prepared_row,
)
from trialfinder.store.records import (
    DecodedRecords,
    criteria_sources,
    decompress_record,
    iter_stored_trials,
    pack_derived_records,
    packed_beside,
    unpack_derived,
    whole_derived,
)
from trialfinder.store.sqlite_migrations import DERIVED_KIND_CODES, MIGRATIONS

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "SQLiteStore", "connect", "last_change_seq"]

SCHEMA_VERSION = len(MIGRATIONS)

_KIND_NAMES = {code: kind for kind, code in DERIVED_KIND_CODES.items()}


def _stored_kind(kind: str) -> str:
    """A derived kind as the derived table keeps it (sqlite_migrations.DERIVED_KIND_CODES)."""
    if kind in _KIND_NAMES:
        raise ValueError(f"a derived kind's name has more than one character: {kind!r}")
    return DERIVED_KIND_CODES.get(kind, kind)


def _kind_name(stored: str) -> str:
    """A derived kind's name from the derived table's ``kind``."""
    return _KIND_NAMES.get(stored, stored)


_DATA_GENERATION = """SELECT
    (SELECT coalesce(max(change_seq), 0) FROM trials),
    (SELECT group_concat(key || char(31) || value, char(30))
     FROM (SELECT key, value FROM state ORDER BY key))
"""


# A new file's page size (SQLite's default is 4 KB). A compressed record is ~3 kB, so in
# 4 KB pages most pages held one record: a fifth of the trials table was unused page
# space (dbstat at 600,000 studies: 0.53 of 2.67 GB), a larger record spilled into a
# mostly empty overflow page, and a derived record over 1 kB (the stored API v2 JSON
# is ~5 kB) always did. Measured on the 100,000-study registry-like store, v3 records
# (trials and sites tables a study): 4 KB pages 4.53 kB, 16 KB 4.15, 32 KB 4.30,
# 64 KB 4.06; and only 32 KB and up keep a study's API v2 JSON in its leaf page.
# The price: a write logs whole pages, so a sync that changes scattered trials
# writes more WAL. It applies when the file is created; an existing store keeps its
# page size until converted (docs/data-model.md).
_NEW_FILE_PAGE_SIZE = 65_536


def connect(path: str | Path) -> sqlite3.Connection:
    """A connection as every trialfinder SQLite file is used: WAL (readers never wait
    for the writer), transactions opened explicitly, usable from the thread pool."""
    connection = sqlite3.connect(path, timeout=60.0, isolation_level=None, check_same_thread=False)
    # Before WAL: a WAL file's page size is fixed (a no-op on an existing file).
    connection.execute(f"PRAGMA page_size = {_NEW_FILE_PAGE_SIZE}")
    connection.execute("PRAGMA journal_mode = WAL")
    connection.execute("PRAGMA synchronous = NORMAL")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA cache_size = -65536")
    connection.execute("PRAGMA mmap_size = 268435456")
    return connection


def last_change_seq(connection: sqlite3.Connection) -> int:
    """The highest change sequence given so far; an upsert numbers its changes after it
    (inside its write transaction, so sequences follow commit order)."""
    return int(connection.execute("SELECT coalesce(max(change_seq), 0) FROM trials").fetchone()[0])


def _text(value: bytes | None) -> str | None:
    """A text column read as bytes; bytes that are not UTF-8 kept as lone surrogates."""
    return None if value is None else value.decode("utf-8", "surrogateescape")


@contextmanager
def _immediate_transaction(connection: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taking the write lock at its start (``BEGIN IMMEDIATE``: a
    reader that would upgrade later cannot deadlock against another writer), committed
    when the block ends and rolled back on any exception."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


class _UnchangedInFile:
    """:meth:`SQLiteStore.unchanged_ids` of a store file, from any process: sent to an
    ingest worker as its path, it reads through that process's own store object."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __call__(self, trials: Sequence[Trial]) -> set[str]:
        return _reading_store(self.path).unchanged_ids(trials)


@cache
def _reading_store(path: str) -> SQLiteStore:
    """One store object per file and process for :class:`_UnchangedInFile`."""
    return SQLiteStore(path)


class SQLiteStore(RecordReads):
    """A trial store in one SQLite file (see :class:`trialfinder.store.base.Store`)."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.url = str(self.path)
        self._local = threading.local()
        self._all_connections: list[sqlite3.Connection] = []
        self._connections_lock = threading.Lock()
        self._index: BatchedTrialIndex[sqlite3.Connection] | None = None
        self._migrate()

    def attach_index(self, index: BatchedTrialIndex[sqlite3.Connection]) -> None:
        """The search index to tell about every write (see :class:`BatchedTrialIndex`)."""
        self._index = index

    @property
    def connection(self) -> sqlite3.Connection:
        """This thread's connection, opened on first use."""
        connection: sqlite3.Connection | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = connect(self.path)
            self._local.connection = connection
            with self._connections_lock:
                self._all_connections.append(connection)
        return connection

    def _migrate(self) -> None:
        connection = self.connection
        # A current store is opened without writing: a copy may read one it must not change.
        if connection.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION:
            return
        with _immediate_transaction(connection):
            version = connection.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise RuntimeError(
                    f"{self.path} has schema version {version}, newer than this trialfinder "
                    f"({SCHEMA_VERSION}); upgrade trialfinder"
                )
            for migration in MIGRATIONS[version:]:
                for statement in migration:
                    connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")

    def schema_version(self) -> int:
        return int(self.connection.execute("PRAGMA user_version").fetchone()[0])

    def upsert_trials(
        self,
        trials: Sequence[Trial],
        derived: Sequence[DerivedRecord] = (),
        state: Mapping[str, str | None] | None = None,
    ) -> list[UpsertOutcome]:
        make_entry = self.index_entry_maker()
        rows = [prepared_row(trial, make_entry) for trial in trials]
        return self.upsert_rows(rows, packed_beside(trials, derived), state)

    def index_entry_maker(self) -> IndexEntryMaker | None:
        return None if self._index is None else self._index.entry_maker()

    def upsert_rows(
        self,
        rows: Sequence[PreparedRow],
        derived: Sequence[DerivedRecord] = (),
        state: Mapping[str, str | None] | None = None,
    ) -> list[UpsertOutcome]:
        connection = self.connection
        outcomes: list[UpsertOutcome] = []
        # Keyed by NCT id: a study repeated in one batch is indexed once, as its last copy.
        changed: dict[str, tuple[int, bytes | None]] = {}
        with _immediate_transaction(connection):
            change_seq = last_change_seq(connection)
            for row, index_entry in rows:
                existing = connection.execute(
                    "SELECT rowid, source_last_updated, content_hash FROM trials WHERE nct_id = ?",
                    (row.nct_id,),
                ).fetchone()
                if existing is not None:
                    rowid, stored_update, stored_hash = existing
                    if keeps_stored(
                        row.source_last_updated, row.content_hash, stored_update, stored_hash
                    ):
                        outcomes.append("unchanged")
                        continue
                    change_seq += 1
                    connection.execute(
                        "UPDATE trials SET source_format = ?, source_last_updated = ?,"
                        " overall_status = ?, study_type = ?, content_hash = ?, record = ?,"
                        " change_seq = ? WHERE rowid = ?",
                        (*row[1:], change_seq, rowid),
                    )
                    outcomes.append("updated")
                else:
                    change_seq += 1
                    cursor = connection.execute(
                        "INSERT INTO trials (nct_id, source_format, source_last_updated,"
                        " overall_status, study_type, content_hash, record, change_seq)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        (*row, change_seq),
                    )
                    rowid = cursor.lastrowid
                    assert rowid is not None
                    outcomes.append("inserted")
                changed[row.nct_id] = (rowid, index_entry)
            self._write_beside(connection, derived, changed, state)
        # The search index follows the committed change sequence (crash-safe by design).
        if self._index is not None:
            self._index.entries_written(connection, dict(changed.values()))
        return outcomes

    @classmethod
    def _write_beside(
        cls,
        connection: sqlite3.Connection,
        derived: Sequence[DerivedRecord],
        changed: Container[str],
        state: Mapping[str, str | None] | None,
    ) -> None:
        """What a trial write commits with: the derived records of the trials it
        changed and the state settings."""
        cls._write_derived(connection, (record for record in derived if record.nct_id in changed))
        for key, value in (state or {}).items():
            cls._write_state(connection, key, value)

    def put_stored_rows(
        self,
        rows: Sequence[StoredRow],
        derived: Sequence[DerivedRecord] = (),
        state: Mapping[str, str | None] | None = None,
    ) -> list[bool]:
        connection = self.connection
        written: list[bool] = []
        changed: dict[str, tuple[int, bytes]] = {}
        with _immediate_transaction(connection):
            change_seq = last_change_seq(connection)
            for row in rows:
                # Numbered before it is known to be written: a gap in the numbers is harmless.
                change_seq += 1
                try:
                    written_row = connection.execute(
                        "INSERT INTO trials (nct_id, source_format, source_last_updated,"
                        " overall_status, study_type, content_hash, record, change_seq)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                        " ON CONFLICT (nct_id) DO UPDATE SET"
                        " source_format = excluded.source_format,"
                        " source_last_updated = excluded.source_last_updated,"
                        " overall_status = excluded.overall_status,"
                        " study_type = excluded.study_type,"
                        " content_hash = excluded.content_hash, record = excluded.record,"
                        " change_seq = excluded.change_seq"
                        " WHERE coalesce(excluded.source_last_updated, '')"
                        " >= coalesce(trials.source_last_updated, '')"
                        " AND excluded.content_hash <> trials.content_hash"
                        " RETURNING rowid",
                        (*row, change_seq),
                    ).fetchone()
                except (sqlite3.IntegrityError, sqlite3.InterfaceError, UnicodeError) as error:
                    raise BadStoredRow(f"{row.nct_id}: {error}") from error
                written.append(written_row is not None)
                if written_row is not None:
                    changed[row.nct_id] = (int(written_row[0]), row.record)
            self._write_beside(connection, derived, changed, state)
        if self._index is not None:
            self._index.trials_written(connection, DecodedRecords(dict(changed.values())))
        return written

    def changed_rows_after(self, change_seq: int, limit: int) -> list[tuple[int, StoredRow]]:
        # Text read as bytes: a value that is not UTF-8 (SQLite does not check) must
        # not stop the read; it arrives undecodable, and the target refuses that row.
        rows = self.connection.execute(
            "SELECT change_seq, CAST(nct_id AS BLOB), CAST(source_format AS BLOB),"
            " CAST(source_last_updated AS BLOB), CAST(overall_status AS BLOB),"
            " CAST(study_type AS BLOB), content_hash, record FROM trials WHERE change_seq > ?"
            " ORDER BY change_seq LIMIT ?",
            (change_seq, limit),
        ).fetchall()
        return [
            (int(number), StoredRow._make((*map(_text, texts), content_hash, record)))
            for number, *texts, content_hash, record in rows
        ]

    def derived_of(self, nct_ids: Sequence[str]) -> list[DerivedRecord]:
        found: list[DerivedRecord] = []
        for start in range(0, len(nct_ids), 500):
            chunk = list(nct_ids[start : start + 500])
            placeholders = ",".join("?" * len(chunk))
            found.extend(
                DerivedRecord(nct_id=nct_id, kind=_kind_name(kind), version=version, data=data)
                for kind, nct_id, version, data in self.connection.execute(
                    f"SELECT kind, nct_id, version, data FROM derived"
                    f" WHERE nct_id IN ({placeholders})",
                    chunk,
                )
            )
        return found

    def unchanged_ids(self, trials: Sequence[Trial]) -> set[str]:
        # Only a trial the store holds is encoded and hashed: a fresh load pays one lookup.
        incoming = {trial.nct_id: trial for trial in trials}
        unchanged: set[str] = set()
        wanted = list(incoming)
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            placeholders = ",".join("?" * len(chunk))
            for nct_id, stored_update, stored_hash in self.connection.execute(
                "SELECT nct_id, source_last_updated, content_hash FROM trials"
                f" WHERE nct_id IN ({placeholders})",
                chunk,
            ):
                trial = incoming[nct_id]
                incoming_hash = hash_content(encode_trial(trial))
                if keeps_stored(
                    trial.source_last_updated, incoming_hash, stored_update, stored_hash
                ):
                    unchanged.add(nct_id)
        return unchanged

    def unchanged_reader(self) -> UnchangedReader | None:
        return _UnchangedInFile(str(self.path))

    def get_trial(self, nct_id: str) -> Trial | None:
        row = self.connection.execute(
            "SELECT record FROM trials WHERE nct_id = ?", (self.stored_id(nct_id),)
        ).fetchone()
        return None if row is None else decompress_record(row[0])

    def get_records(self, nct_ids: Sequence[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        wanted = [self.stored_id(nct_id) for nct_id in nct_ids]
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            placeholders = ",".join("?" * len(chunk))
            found.update(
                self.connection.execute(
                    f"SELECT nct_id, record FROM trials WHERE nct_id IN ({placeholders})", chunk
                )
            )
        return found

    def iter_trials(self, batch_size: int = 500) -> Iterator[Trial]:
        return iter_stored_trials(
            lambda after: self.connection.execute(
                "SELECT rowid, record FROM trials WHERE rowid > ? ORDER BY rowid LIMIT ?",
                (after, batch_size),
            ).fetchall()
        )

    def iter_nct_ids(self) -> Iterator[str]:
        for (nct_id,) in self.connection.execute("SELECT nct_id FROM trials ORDER BY nct_id"):
            yield nct_id

    def count_trials(self) -> int:
        return int(self.connection.execute("SELECT count(*) FROM trials").fetchone()[0])

    def stats(self) -> StoreStats:
        connection = self.connection

        def counts(column: str) -> dict[str, int]:
            return {
                value or "UNSPECIFIED": count
                for value, count in connection.execute(
                    f"SELECT {column}, count(*) FROM trials GROUP BY {column} ORDER BY 2 DESC, 1"
                )
            }

        return StoreStats(
            total=self.count_trials(),
            by_status=counts("overall_status"),
            by_study_type=counts("study_type"),
            by_source=counts("source_format"),
            last_updated=connection.execute(
                "SELECT max(source_last_updated) FROM trials"
            ).fetchone()[0],
        )

    def get_derived(self, kind: str, nct_ids: Sequence[str]) -> dict[str, DerivedRecord]:
        found: dict[str, DerivedRecord] = {}
        for start in range(0, len(nct_ids), 500):
            chunk = list(nct_ids[start : start + 500])
            placeholders = ",".join("?" * len(chunk))
            for nct_id, version, data in self.connection.execute(
                f"SELECT nct_id, version, data FROM derived WHERE kind = ?"
                f" AND nct_id IN ({placeholders})",
                [_stored_kind(kind), *chunk],
            ):
                found[nct_id] = DerivedRecord(nct_id, kind, version, unpack_derived(data))
        return {record.nct_id: record for record in whole_derived(found.values(), self.get_records)}

    def iter_derived(self, kind: str) -> Iterator[DerivedRecord]:
        stored = (
            DerivedRecord(nct_id, kind, version, unpack_derived(data))
            for nct_id, version, data in self.connection.execute(
                "SELECT nct_id, version, data FROM derived WHERE kind = ?", (_stored_kind(kind),)
            )
        )
        return whole_derived(stored, self.get_records)

    @staticmethod
    def _write_derived(
        connection: sqlite3.Connection,
        records: Iterable[DerivedRecord],
        sources: Mapping[str, str] | None = None,
    ) -> None:
        # New rows are appended in this order (a rowid table: sqlite_migrations.py, 4): by
        # kind, so that a batch's small summaries, which matching scans, share pages.
        records = sorted(records, key=lambda record: (record.kind, record.nct_id))
        connection.executemany(
            "INSERT INTO derived (kind, nct_id, version, data) VALUES (?, ?, ?, ?)"
            " ON CONFLICT (kind, nct_id) DO UPDATE SET version = excluded.version,"
            " data = excluded.data",
            (
                (_stored_kind(record.kind), record.nct_id, record.version, record.data)
                for record in pack_derived_records(records, sources)
            ),
        )

    def put_derived(self, records: Iterable[DerivedRecord]) -> None:
        records = list(records)
        connection = self.connection
        with _immediate_transaction(connection):
            sources = criteria_sources(records, self.get_records)
            self._write_derived(connection, records, sources)

    def stale_derived(self, kind: str, version: str) -> Iterator[str]:
        rows = self.connection.execute(
            "SELECT trials.nct_id FROM trials LEFT JOIN derived"
            " ON derived.kind = ? AND derived.nct_id = trials.nct_id"
            " WHERE derived.version IS NULL OR derived.version != ? ORDER BY trials.nct_id",
            (_stored_kind(kind), version),
        ).fetchall()
        for (nct_id,) in rows:
            yield nct_id

    def get_state(self, key: str) -> str | None:
        row = self.connection.execute("SELECT value FROM state WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_state(self, key: str, value: str | None) -> None:
        self._write_state(self.connection, key, value)

    def iter_state(self) -> Iterator[tuple[str, str]]:
        yield from self.connection.execute("SELECT key, value FROM state ORDER BY key").fetchall()

    def setdefault_state(self, key: str, value: str) -> str:
        self.connection.execute(
            "INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
            (key, value),
        )
        stored = self.get_state(key)
        return value if stored is None else stored

    @staticmethod
    def _write_state(connection: sqlite3.Connection, key: str, value: str | None) -> None:
        if value is None:
            connection.execute("DELETE FROM state WHERE key = ?", (key,))
        else:
            connection.execute(
                "INSERT INTO state (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def data_generation(self) -> str:
        """The highest change sequence and every state setting (index watermark, sync
        checkpoints and time): one indexed lookup and a few rows, so it is cheap enough
        to read before every cached page. Both only move forward, so a token is never
        reused for other data."""
        row = self.connection.execute(_DATA_GENERATION).fetchone()
        return hashlib.blake2b(repr(tuple(row)).encode(), digest_size=12).hexdigest()

    def flush(self) -> None:
        if self._index is not None:
            self._index.flush(self.connection)

    def close(self) -> None:
        if self._index is not None:
            self._index.close(self.connection)
        with self._connections_lock:
            for connection in self._all_connections:
                connection.close()
            self._all_connections.clear()
        self._local = threading.local()
