"""The PostgreSQL store: one primary (and optionally read replicas) shared by many workers.

Same records and semantics as :mod:`trialfinder.store.sqlite`; what differs is
how concurrency is handled. An upsert is one multi-row ``INSERT ... ON
CONFLICT`` per batch, so two ingests writing the same NCT id serialise on its
row lock and the newer source update still wins; rows are written in NCT id
order so that overlapping batches cannot deadlock. Connections come from a
pool (``psycopg_pool``) and run in autocommit except inside an explicit
transaction, so readers never hold a snapshot open.

``read_url`` (``Settings.read_db``: ``serve --read-db`` or ``TRIALFINDER_READ_DB``)
points the read paths that serve users (trial pages, search, stats) at a replica,
falling back to the primary while the replica does not answer
(:mod:`trialfinder.store.postgres_reads`); everything a writer depends on (sync
checkpoints, stale derived records, full scans) stays on the primary.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from functools import cache
from typing import Any

import psycopg
from psycopg import sql
from psycopg_pool import ConnectionPool

from trialfinder.model import Trial, encode_trial
from trialfinder.store.base import (
    BadStoredRow,
    DerivedRecord,
    IndexEntryMaker,
    PreparedRow,
    RecordReads,
    StoredRow,
    StoreStats,
    TrialIndex,
    UnchangedReader,
    UpsertOutcome,
    hash_content,
    keeps_stored,
)
from trialfinder.store.postgres_migrations import MIGRATIONS
from trialfinder.store.postgres_reads import ReplicaReads
from trialfinder.store.records import (
    DecodedRecords,
    compress_records,
    criteria_sources,
    decompress_record,
    iter_stored_trials,
    pack_derived_records,
    packed_beside,
    unpack_derived,
    whole_derived,
)

__all__ = [
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "PostgresStore",
    "data_generation",
    "strip_nul",
]


SCHEMA_VERSION = len(MIGRATIONS)

# pg_advisory_xact_lock key: workers starting together migrate one at a time.
_MIGRATION_LOCK = 0x7472_6961_6C66  # "trialf"

# A batch of incoming trials (the CTE ``incoming``, ids drawn in input order) written
# by the stores' rule: a row is inserted, or updated when the copy is newer and
# differs. Rows are written in NCT id order, so that concurrent overlapping batches
# take their row locks in the same order and cannot deadlock.
_WRITE_INCOMING = """
INSERT INTO trials AS stored (id, nct_id, source_format, source_last_updated, overall_status,
                              study_type, content_hash, record)
SELECT * FROM incoming
ORDER BY nct_id
ON CONFLICT (nct_id) DO UPDATE SET
    source_format = excluded.source_format,
    source_last_updated = excluded.source_last_updated,
    overall_status = excluded.overall_status,
    study_type = excluded.study_type,
    content_hash = excluded.content_hash,
    record = excluded.record
WHERE coalesce(excluded.source_last_updated, '') >= coalesce(stored.source_last_updated, '')
  AND excluded.content_hash <> stored.content_hash
"""

# Ids follow the input order (iteration order = insertion order, as on SQLite). Only
# written rows come back: ``xmax = 0`` on a freshly inserted row, the locking
# transaction's id on an updated one.
_UPSERT_TRIALS = f"""
WITH incoming AS (
    SELECT nextval(pg_get_serial_sequence('trials', 'id')) AS id, *
    FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::text[],
                %s::bytea[], %s::bytea[])
        AS batch (nct_id, source_format, source_last_updated, overall_status, study_type,
                  content_hash, record)
)
{_WRITE_INCOMING}
RETURNING stored.nct_id, stored.id, stored.xmax = 0
"""

_UPSERT_DERIVED = """
INSERT INTO derived (kind, nct_id, version, data)
SELECT * FROM unnest(%s::text[], %s::text[], %s::text[], %s::bytea[])
ORDER BY 1, 2
ON CONFLICT (kind, nct_id) DO UPDATE SET version = excluded.version, data = excluded.data
"""

# Rows copied from another store arrive by COPY in a table of the transaction (no
# session state is left: pgbouncer's transaction pooling is safe), then go in by the
# upsert's rule; ids follow the copy's order, rows are locked in NCT id order.
_COPY_STAGING = """
CREATE TEMPORARY TABLE copied_trials (
    position integer NOT NULL,
    nct_id text COLLATE "C" NOT NULL,
    source_format text COLLATE "C" NOT NULL,
    source_last_updated text COLLATE "C",
    overall_status text COLLATE "C",
    study_type text COLLATE "C",
    content_hash bytea NOT NULL,
    record bytea NOT NULL
) ON COMMIT DROP
"""

_COPY_COLUMNS = (
    "position, nct_id, source_format, source_last_updated, overall_status, study_type,"
    " content_hash, record"
)

_UPSERT_COPIED = f"""
WITH incoming AS (
    SELECT nextval(pg_get_serial_sequence('trials', 'id')) AS id, nct_id, source_format,
           source_last_updated, overall_status, study_type, content_hash, record
    FROM (SELECT * FROM copied_trials ORDER BY position) AS copied
)
{_WRITE_INCOMING}
RETURNING stored.nct_id, stored.id
"""

_ID_BATCH = 5000


def strip_nul(value: Any) -> Any:
    """PostgreSQL text cannot hold NUL, which registry JSON can (``\\u0000``): drop it.

    Only indexed and filter columns lose it; the stored record keeps the exact text.
    """
    return value.replace("\x00", "") if isinstance(value, str) else value


def data_generation(connection: psycopg.Connection[Any]) -> str:
    """The database's epoch and write counter (the store's ``data_generation``)."""
    row = connection.execute("SELECT epoch, counter FROM data_generation").fetchone()
    assert row is not None, "data_generation holds one row from its migration on"
    return f"{row[0].hex}-{row[1]}"


def _content_hash(trial: Trial) -> bytes:
    return hash_content(encode_trial(trial))


def _key(trial: Trial) -> str:
    """The trial's NCT id as stored (PostgreSQL text cannot hold NUL)."""
    return str(strip_nul(trial.nct_id))


def _unchanged_ids(connection: psycopg.Connection[Any], trials: Sequence[Trial]) -> set[str]:
    """:meth:`PostgresStore.unchanged_ids` through ``connection``."""
    # Only a trial the store holds is encoded and hashed: a fresh load pays one lookup.
    incoming = {_key(trial): trial for trial in trials}
    rows = connection.execute(
        "SELECT nct_id, source_last_updated, content_hash FROM trials WHERE nct_id = ANY(%s)",
        (list(incoming),),
    ).fetchall()
    return {
        nct_id
        for nct_id, stored_update, stored_hash in rows
        if keeps_stored(
            incoming[nct_id].source_last_updated,
            _content_hash(incoming[nct_id]),
            stored_update,
            bytes(stored_hash),
        )
    }


class _UnchangedInDatabase:
    """:meth:`PostgresStore.unchanged_ids` from any process: sent to an ingest worker as
    the database's URL, it asks through that process's own connection."""

    def __init__(self, url: str) -> None:
        self.url = url

    def __call__(self, trials: Sequence[Trial]) -> set[str]:
        return _unchanged_ids(_reading_connection(self.url), trials)


@cache
def _reading_connection(url: str) -> psycopg.Connection[Any]:
    """One connection per database and process for :class:`_UnchangedInDatabase`."""
    return psycopg.connect(url, autocommit=True, connect_timeout=10)


def _runs_without_repeats(trials: Sequence[Trial]) -> Iterator[list[tuple[int, Trial]]]:
    """Split a batch where an NCT id repeats: one ``ON CONFLICT`` statement may touch a row once."""
    run: dict[str, tuple[int, Trial]] = {}
    for index, trial in enumerate(trials):
        if _key(trial) in run:
            yield list(run.values())
            run = {}
        run[_key(trial)] = (index, trial)
    if run:
        yield list(run.values())


def _bump_generation(connection: psycopg.Connection[Any], changed: Sequence[int] = ()) -> None:
    """Move the data generation and number the ``changed`` trials (row ids) in the
    change log from it; last in a transaction, so its row lock is held only while
    committing and concurrent writers barely wait for each other.

    The counter moves by one per changed trial (at least one), and each trial gets
    one of the numbers it moved over: taken under the row lock, the numbers follow
    commit order, which is what lets a reader follow the log by a watermark.
    """
    row = connection.execute(
        "UPDATE data_generation SET counter = counter + %s RETURNING counter",
        (max(1, len(changed)),),
    ).fetchone()
    assert row is not None, "data_generation holds one row from its migration on"
    if changed:
        last = int(row[0])
        connection.execute(
            "INSERT INTO trial_change (trial_id, change_seq)"
            " SELECT * FROM unnest(%s::bigint[], %s::bigint[])"
            " ON CONFLICT (trial_id) DO UPDATE SET change_seq = excluded.change_seq",
            (list(changed), list(range(last - len(changed) + 1, last + 1))),
        )


def _schema_version(connection: psycopg.Connection[Any]) -> int:
    exists = connection.execute("SELECT to_regclass('schema_version') IS NOT NULL").fetchone()
    if exists is None or not exists[0]:
        return 0
    version = connection.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()
    return int(version[0]) if version is not None else 0


def _check_not_newer(url: str, version: int) -> None:
    if version > SCHEMA_VERSION:
        raise RuntimeError(
            f"{url} has schema version {version}, newer than this trialfinder "
            f"({SCHEMA_VERSION}); upgrade trialfinder"
        )


class PostgresStore(RecordReads):
    """A trial store in a PostgreSQL database (see :class:`trialfinder.store.base.Store`)."""

    def __init__(self, url: str, read_url: str | None = None, pool_size: int = 8) -> None:
        self.url = url
        self.read_url = read_url or None
        # Fails fast with the driver's message when the server is unreachable.
        with psycopg.connect(url, autocommit=True, connect_timeout=10) as connection:
            self._migrate(connection)
        self._pool = self._open_pool(url, pool_size)
        self._read_pool: ConnectionPool[psycopg.Connection[Any]] | ReplicaReads = (
            self._pool
            if self.read_url is None
            else ReplicaReads(self.read_url, self._open_pool(self.read_url, pool_size), self._pool)
        )
        self._index: TrialIndex[psycopg.Connection[Any]] | None = None

    def attach_index(self, index: TrialIndex[psycopg.Connection[Any]]) -> None:
        """The search index to write with every upsert, in its transaction (see
        :class:`TrialIndex`); a store without one refuses to write trials, which
        would otherwise never be found."""
        self._index = index

    def read_connection(self) -> AbstractContextManager[psycopg.Connection[Any]]:
        """A connection for the read paths that serve users (the replica, if any and
        answering)."""
        return self._read_pool.connection()

    def _attached_index(self) -> TrialIndex[psycopg.Connection[Any]]:
        """The search index every trial write updates in its own transaction."""
        if self._index is None:
            raise RuntimeError(
                "this PostgreSQL store has no search index attached: open it with"
                " open_store from the search package"
            )
        return self._index

    @contextmanager
    def write_transaction(self) -> Iterator[psycopg.Connection[Any]]:
        """A transaction on the primary that moves the data generation as it commits (for
        writes beside trials: the search index's own tables and settings)."""
        with self._pool.connection() as connection, connection.transaction():
            yield connection
            _bump_generation(connection)

    def records_after(self, row_id: int, limit: int) -> list[tuple[int, bytes]]:
        """(row id, stored record) of the next ``limit`` trials by row id after ``row_id``,
        from the primary."""
        with self._pool.connection() as connection:
            return [
                (int(found_id), bytes(record))
                for found_id, record in connection.execute(
                    "SELECT id, record FROM trials WHERE id > %s ORDER BY id LIMIT %s",
                    (row_id, limit),
                )
            ]

    @staticmethod
    def _open_pool(url: str, pool_size: int) -> ConnectionPool[psycopg.Connection[Any]]:
        return ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            kwargs={"autocommit": True},
            # A connection dropped by a failover or a pgbouncer restart is replaced, not used.
            check=ConnectionPool.check_connection,
            open=True,
        )

    def _migrate(self, connection: psycopg.Connection[Any]) -> None:
        version = _schema_version(connection)
        _check_not_newer(self.url, version)
        if version == SCHEMA_VERSION:
            return
        with connection.transaction():
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
            connection.execute(
                "CREATE TABLE IF NOT EXISTS schema_version ("
                " version integer PRIMARY KEY,"
                " applied_at timestamptz NOT NULL DEFAULT now())"
            )
            version = _schema_version(connection)
            _check_not_newer(self.url, version)
            for number, migration in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in migration:
                    connection.execute(statement)
                connection.execute("INSERT INTO schema_version (version) VALUES (%s)", (number,))

    def schema_version(self) -> int:
        with self._pool.connection() as connection:
            return _schema_version(connection)

    def upsert_trials(
        self,
        trials: Sequence[Trial],
        derived: Sequence[DerivedRecord] = (),
        state: Mapping[str, str | None] | None = None,
    ) -> list[UpsertOutcome]:
        search_index = self._attached_index()
        derived = packed_beside(trials, derived)
        outcomes: list[UpsertOutcome] = ["unchanged"] * len(trials)
        changed: dict[str, tuple[int, Trial]] = {}
        with self._pool.connection() as connection, connection.transaction():
            for run in _runs_without_repeats(trials):
                written = sorted(self._upsert_run(connection, run), key=lambda entry: entry[0])
                for index, trial, row_id, inserted in written:
                    outcomes[index] = "inserted" if inserted else "updated"
                    changed[trial.nct_id] = (row_id, trial)
            search_index.trials_written(connection, dict(changed.values()))
            self._write_beside(
                connection, derived, changed, state, [row_id for row_id, _ in changed.values()]
            )
        return outcomes

    def upsert_rows(
        self,
        rows: Sequence[PreparedRow],
        derived: Sequence[DerivedRecord] = (),
        state: Mapping[str, str | None] | None = None,
    ) -> list[UpsertOutcome]:
        # The database's search tables are written from the trials, in the same transaction.
        trials = [decompress_record(row.record) for row, _ in rows]
        return self.upsert_trials(trials, derived, state)

    def index_entry_maker(self) -> IndexEntryMaker | None:
        return None

    def unchanged_reader(self) -> UnchangedReader | None:
        return _UnchangedInDatabase(self.url)

    @staticmethod
    def _upsert_run(
        connection: psycopg.Connection[Any], run: Sequence[tuple[int, Trial]]
    ) -> list[tuple[int, Trial, int, bool]]:
        """Write the trials of ``run`` (distinct NCT ids) that are new or newer.

        Unchanged and older copies are set aside before compressing and sending
        anything (a re-ingest is mostly those); the statement itself re-checks the
        rule against the row it locks, so a concurrent writer cannot be overridden
        by a stale copy. Returns (input index, trial, row id, inserted?) per write.
        """
        hashes = {_key(trial): _content_hash(trial) for _, trial in run}
        stored = {
            nct_id: (source_last_updated or "", content_hash)
            for nct_id, source_last_updated, content_hash in connection.execute(
                "SELECT nct_id, source_last_updated, content_hash FROM trials"
                " WHERE nct_id = ANY(%s)",
                (list(hashes),),
            )
        }
        candidates = {
            key: (index, trial)
            for index, trial in run
            if (key := _key(trial)) not in stored
            or not keeps_stored(trial.source_last_updated, hashes[key], *stored[key])
        }
        if not candidates:
            return []
        trials = [trial for _, trial in candidates.values()]
        rows = connection.execute(
            _UPSERT_TRIALS,
            (
                [_key(trial) for trial in trials],
                [strip_nul(trial.source_format) for trial in trials],
                [strip_nul(trial.source_last_updated) for trial in trials],
                [strip_nul(trial.overall_status) for trial in trials],
                [strip_nul(trial.study_type) for trial in trials],
                [hashes[_key(trial)] for trial in trials],
                compress_records(trials),
            ),
        ).fetchall()
        return [(*candidates[nct_id], row_id, inserted) for nct_id, row_id, inserted in rows]

    @classmethod
    def _write_beside(
        cls,
        connection: psycopg.Connection[Any],
        derived: Sequence[DerivedRecord],
        changed: Container[str],
        state: Mapping[str, str | None] | None,
        row_ids: Sequence[int],
    ) -> None:
        """What a trial write commits with, last: the derived records of the trials it
        changed (``row_ids``), the state settings and the data generation's move."""
        cls._write_derived(connection, (record for record in derived if record.nct_id in changed))
        for key, value in sorted((state or {}).items()):
            cls._write_state(connection, key, value)
        if row_ids or state:
            _bump_generation(connection, row_ids)

    def put_stored_rows(
        self,
        rows: Sequence[StoredRow],
        derived: Sequence[DerivedRecord] = (),
        state: Mapping[str, str | None] | None = None,
    ) -> list[bool]:
        search_index = self._attached_index()
        keys = [strip_nul(row.nct_id) for row in rows]
        if len(set(keys)) != len(keys):
            raise BadStoredRow("an NCT id repeats among the rows")
        try:
            with self._pool.connection() as connection, connection.transaction():
                written = self._copy_rows(connection, rows)
                records = {row_id: rows[index].record for index, row_id in written.items()}
                search_index.trials_written(connection, DecodedRecords(records))
                changed = {keys[index] for index in written}
                self._write_beside(connection, derived, changed, state, sorted(written.values()))
        except (psycopg.DataError, psycopg.IntegrityError, UnicodeError) as error:
            raise BadStoredRow(str(error)) from error
        return [index in written for index in range(len(rows))]

    @staticmethod
    def _copy_rows(
        connection: psycopg.Connection[Any], rows: Sequence[StoredRow]
    ) -> dict[int, int]:
        """COPY ``rows`` in and upsert them; {input index: row id} of the rows written."""
        connection.execute(_COPY_STAGING)
        with connection.cursor() as cursor:
            with cursor.copy(
                f"COPY copied_trials ({_COPY_COLUMNS}) FROM STDIN (FORMAT BINARY)"
            ) as copy:
                copy.set_types(["int4", "text", "text", "text", "text", "text", "bytea", "bytea"])
                for position, row in enumerate(rows):
                    copy.write_row(
                        (
                            position,
                            strip_nul(row.nct_id),
                            strip_nul(row.source_format),
                            strip_nul(row.source_last_updated),
                            strip_nul(row.overall_status),
                            strip_nul(row.study_type),
                            row.content_hash,
                            row.record,
                        )
                    )
            positions = {strip_nul(row.nct_id): index for index, row in enumerate(rows)}
            return {
                positions[nct_id]: int(row_id)
                for nct_id, row_id in cursor.execute(_UPSERT_COPIED).fetchall()
            }

    def changed_rows_after(self, change_seq: int, limit: int) -> list[tuple[int, StoredRow]]:
        # On the primary: a copy must not act on a lagging replica.
        with self._pool.connection() as connection:
            rows = connection.execute(
                "SELECT change.change_seq, trials.nct_id, trials.source_format,"
                " trials.source_last_updated, trials.overall_status, trials.study_type,"
                " trials.content_hash, trials.record"
                " FROM trial_change AS change JOIN trials ON trials.id = change.trial_id"
                " WHERE change.change_seq > %s ORDER BY change.change_seq LIMIT %s",
                (change_seq, limit),
            ).fetchall()
        return [
            (int(number), StoredRow._make((*fields, bytes(content_hash), bytes(record))))
            for number, *fields, content_hash, record in rows
        ]

    def derived_of(self, nct_ids: Sequence[str]) -> list[DerivedRecord]:
        with self._pool.connection() as connection:
            return [
                DerivedRecord(nct_id=nct_id, kind=kind, version=version, data=bytes(data))
                for kind, nct_id, version, data in connection.execute(
                    "SELECT kind, nct_id, version, data FROM derived WHERE nct_id = ANY(%s)",
                    (list(nct_ids),),
                )
            ]

    def unchanged_ids(self, trials: Sequence[Trial]) -> set[str]:
        with self._pool.connection() as connection:
            return _unchanged_ids(connection, trials)

    @staticmethod
    def stored_id(nct_id: str) -> str:
        """An NCT id as stored (PostgreSQL text cannot hold NUL)."""
        return str(strip_nul(nct_id.strip().upper()))

    def get_trial(self, nct_id: str) -> Trial | None:
        with self._read_pool.connection() as connection:
            row = connection.execute(
                "SELECT record FROM trials WHERE nct_id = %s",
                (self.stored_id(nct_id),),
            ).fetchone()
        return None if row is None else decompress_record(row[0])

    def get_records(self, nct_ids: Sequence[str]) -> dict[str, bytes]:
        wanted = [self.stored_id(nct_id) for nct_id in nct_ids]
        with self._read_pool.connection() as connection:
            found: dict[str, bytes] = dict(
                connection.execute(
                    "SELECT nct_id, record FROM trials WHERE nct_id = ANY(%s)", (wanted,)
                )
            )
        return found

    def iter_trials(self, batch_size: int = 500) -> Iterator[Trial]:
        return iter_stored_trials(lambda last_id: self.records_after(last_id, batch_size))

    def iter_nct_ids(self) -> Iterator[str]:
        last_nct_id = ""
        while True:
            with self._pool.connection() as connection:
                rows = connection.execute(
                    "SELECT nct_id FROM trials WHERE nct_id > %s ORDER BY nct_id LIMIT %s",
                    (last_nct_id, _ID_BATCH),
                ).fetchall()
            if not rows:
                return
            for (nct_id,) in rows:
                yield nct_id
            last_nct_id = rows[-1][0]

    def count_trials(self) -> int:
        with self._read_pool.connection() as connection:
            row = connection.execute("SELECT count(*) FROM trials").fetchone()
        return int(row[0]) if row is not None else 0

    def stats(self) -> StoreStats:
        with self._read_pool.connection() as connection:

            def counts(column: str) -> dict[str, int]:
                return {
                    value or "UNSPECIFIED": count
                    for value, count in connection.execute(
                        sql.SQL(
                            "SELECT {column}, count(*) FROM trials GROUP BY {column}"
                            " ORDER BY 2 DESC, 1 NULLS FIRST"
                        ).format(column=sql.Identifier(column))
                    )
                }

            totals = connection.execute(
                "SELECT count(*), max(source_last_updated) FROM trials"
            ).fetchone()
            assert totals is not None
            return StoreStats(
                total=int(totals[0]),
                by_status=counts("overall_status"),
                by_study_type=counts("study_type"),
                by_source=counts("source_format"),
                last_updated=totals[1],
            )

    def get_derived(self, kind: str, nct_ids: Sequence[str]) -> dict[str, DerivedRecord]:
        with self._read_pool.connection() as connection:
            stored = [
                DerivedRecord(nct_id, kind, version, unpack_derived(data))
                for nct_id, version, data in connection.execute(
                    "SELECT nct_id, version, data FROM derived"
                    " WHERE kind = %s AND nct_id = ANY(%s)",
                    (kind, list(nct_ids)),
                )
            ]
        return {record.nct_id: record for record in whole_derived(stored, self.get_records)}

    def iter_derived(self, kind: str) -> Iterator[DerivedRecord]:
        return whole_derived(self._iter_stored_derived(kind), self.get_records)

    def _iter_stored_derived(self, kind: str) -> Iterator[DerivedRecord]:
        last_nct_id = ""
        while True:
            with self._pool.connection() as connection:
                rows = connection.execute(
                    "SELECT nct_id, version, data FROM derived"
                    " WHERE kind = %s AND nct_id > %s ORDER BY nct_id LIMIT %s",
                    (kind, last_nct_id, _ID_BATCH),
                ).fetchall()
            if not rows:
                return
            for nct_id, version, data in rows:
                yield DerivedRecord(nct_id, kind, version, unpack_derived(data))
            last_nct_id = rows[-1][0]

    @staticmethod
    def _write_derived(
        connection: psycopg.Connection[Any],
        records: Iterable[DerivedRecord],
        sources: Mapping[str, str] | None = None,
    ) -> None:
        # The last record for a (kind, NCT id) wins, as it would written one by one.
        latest = {(record.kind, record.nct_id): record for record in records}
        if not latest:
            return
        packed = list(pack_derived_records(latest.values(), sources))
        connection.execute(
            _UPSERT_DERIVED,
            (
                [record.kind for record in packed],
                [record.nct_id for record in packed],
                [record.version for record in packed],
                [record.data for record in packed],
            ),
        )

    def put_derived(self, records: Iterable[DerivedRecord]) -> None:
        records = list(records)
        sources = criteria_sources(records, self.get_records)
        with self._pool.connection() as connection, connection.transaction():
            self._write_derived(connection, records, sources)
            _bump_generation(connection)

    def stale_derived(self, kind: str, version: str) -> Iterator[str]:
        with self._pool.connection() as connection:
            rows = connection.execute(
                "SELECT trials.nct_id FROM trials LEFT JOIN derived"
                " ON derived.kind = %s AND derived.nct_id = trials.nct_id"
                " WHERE derived.version IS NULL OR derived.version <> %s ORDER BY trials.nct_id",
                (kind, version),
            ).fetchall()
        for (nct_id,) in rows:
            yield nct_id

    def get_state(self, key: str) -> str | None:
        with self._pool.connection() as connection:
            row = connection.execute("SELECT value FROM state WHERE key = %s", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_state(self, key: str, value: str | None) -> None:
        with self._pool.connection() as connection, connection.transaction():
            self._write_state(connection, key, value)
            _bump_generation(connection)

    def iter_state(self) -> Iterator[tuple[str, str]]:
        with self._pool.connection() as connection:
            rows = connection.execute("SELECT key, value FROM state ORDER BY key").fetchall()
        yield from rows

    def setdefault_state(self, key: str, value: str) -> str:
        with self._pool.connection() as connection, connection.transaction():
            inserted = connection.execute(
                "INSERT INTO state (key, value) VALUES (%s, %s) ON CONFLICT (key) DO NOTHING"
                " RETURNING value",
                (key, value),
            ).fetchone()
            if inserted is not None:
                _bump_generation(connection)
                return value
            # A concurrent insert of the key made this one wait until it committed.
            stored = connection.execute("SELECT value FROM state WHERE key = %s", (key,)).fetchone()
        return value if stored is None else str(stored[0])

    def database_id(self) -> str:
        """The database's epoch: new with each database, the same on its replicas
        (what a node-local search index is kept under)."""
        with self._read_pool.connection() as connection:
            row = connection.execute("SELECT epoch FROM data_generation").fetchone()
        assert row is not None, "data_generation holds one row from its migration on"
        return str(row[0].hex)

    def last_change_seq(self) -> int:
        """The highest number in the change log (one index lookup, on the replica if any)."""
        with self._read_pool.connection() as connection:
            row = connection.execute(
                "SELECT coalesce(max(change_seq), 0) FROM trial_change"
            ).fetchone()
        return int(row[0]) if row is not None else 0

    def changes_after(self, change_seq: int, limit: int) -> list[tuple[int, int]]:
        """(row id, change number) of the next ``limit`` trial changes numbered above
        ``change_seq``, in number order."""
        with self._read_pool.connection() as connection:
            rows = connection.execute(
                "SELECT trial_id, change_seq FROM trial_change WHERE change_seq > %s"
                " ORDER BY change_seq LIMIT %s",
                (change_seq, limit),
            ).fetchall()
        return [(int(row_id), int(number)) for row_id, number in rows]

    def records_by_id(self, row_ids: Sequence[int]) -> list[tuple[int, bytes]]:
        """(row id, stored record) of the trials among ``row_ids`` (a deleted one is absent)."""
        with self._read_pool.connection() as connection:
            return [
                (int(row_id), bytes(record))
                for row_id, record in connection.execute(
                    "SELECT id, record FROM trials WHERE id = ANY(%s)", (list(row_ids),)
                )
            ]

    def ids_of(self, nct_ids: Sequence[str]) -> list[int]:
        """The row ids of the trials named (those stored)."""
        wanted = [strip_nul(nct_id) for nct_id in nct_ids]
        with self._read_pool.connection() as connection:
            return [
                int(row_id)
                for (row_id,) in connection.execute(
                    "SELECT id FROM trials WHERE nct_id = ANY(%s)", (wanted,)
                )
            ]

    def data_generation(self) -> str:
        """The database's epoch and write counter: one single-row read, cheap enough
        before every cached page, and it moves only when a write commits (on a
        replica, when the write has been replayed there)."""
        with self._read_pool.connection() as connection:
            return data_generation(connection)

    @staticmethod
    def _write_state(connection: psycopg.Connection[Any], key: str, value: str | None) -> None:
        if value is None:
            connection.execute("DELETE FROM state WHERE key = %s", (key,))
        else:
            connection.execute(
                "INSERT INTO state (key, value) VALUES (%s, %s)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def flush(self) -> None:
        """Every upsert is committed and its index rows with it: nothing to do."""

    def close(self) -> None:
        if self._read_pool is not self._pool:
            self._read_pool.close()
        self._pool.close()
