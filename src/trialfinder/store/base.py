"""What every store offers, whatever database is behind it.

All SQL lives behind one store object so that SQLite (the default) and
PostgreSQL (for deployments over a replicated database) are interchangeable:
the rest of the product talks only to this protocol. Searching is not the
store's: a search backend (the ``search`` package) attaches a
:class:`TrialIndex` that the store calls when trials are written, so the store
never imports search and search never reaches around the store's writes.
"""

from __future__ import annotations

import hashlib
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Literal, NamedTuple, Protocol, TypeVar

import msgspec

from trialfinder.model import DerivedRecord, Trial, encode_trial
from trialfinder.store.records import (
    PartsT,
    compress_record,
    compress_records,
    decompress_parts,
    decompress_record,
)

__all__ = [
    "BadStoredRow",
    "BatchedTrialIndex",
    "DerivedRecord",
    "IndexEntryMaker",
    "PreparedRow",
    "RecordReads",
    "Store",
    "StoreStats",
    "StoredRow",
    "TrialIndex",
    "UnchangedReader",
    "UpsertOutcome",
    "prepared_row",
    "stored_row",
    "stored_rows",
    "stored_trial",
]

UpsertOutcome = Literal["inserted", "updated", "unchanged"]


class StoreStats(msgspec.Struct):
    """Counts shown by ``trialfinder stats``; keys are a public JSON contract."""

    total: int
    by_status: dict[str, int]
    by_study_type: dict[str, int]
    by_source: dict[str, int]
    last_updated: str | None


class StoredRow(NamedTuple):
    """A trial as every store keeps it: its filter columns, content hash (of its typed
    record) and compressed record (:func:`~trialfinder.store.records.compress_record`: the
    study's API v2 JSON, which the API sends as it is). Moving a store to another
    backend copies these as they are, so nothing is parsed or compressed again."""

    nct_id: str
    source_format: str
    source_last_updated: str | None
    overall_status: str | None
    study_type: str | None
    content_hash: bytes
    record: bytes


UnchangedReader = Callable[[Sequence[Trial]], set[str]]
""":meth:`Store.unchanged_ids` as a module-level or picklable callable, for another process."""

IndexEntryMaker = Callable[[Trial], bytes]
"""What a search index keeps of a trial before the trial has a row id: a module-level
function (so a worker process can be given it) returning bytes (cheap to send back)."""


class PreparedRow(NamedTuple):
    """A trial ready to write: its :class:`StoredRow` and, when the store's index makes
    them, its index entry (None: the index makes it from the stored record).

    Ingest's worker processes prepare these, so that the one writing process only
    writes: nothing in it parses, encodes, hashes, compresses or analyses a trial.
    """

    row: StoredRow
    index_entry: bytes | None = None


def stored_row(trial: Trial, encoded: bytes | None = None) -> StoredRow:
    """The row a store keeps for ``trial`` (``encoded``: its :func:`encode_trial` bytes,
    when the caller has them already)."""
    return _row(trial, encode_trial(trial) if encoded is None else encoded, compress_record(trial))


def stored_rows(trials: Sequence[Trial]) -> list[StoredRow]:
    """:func:`stored_row` of each of ``trials``, their records compressed one after
    another (:func:`~trialfinder.store.records.compress_records`)."""
    return [
        _row(trial, encode_trial(trial), record)
        for trial, record in zip(trials, compress_records(trials), strict=True)
    ]


def _row(trial: Trial, encoded: bytes, record: bytes) -> StoredRow:
    return StoredRow(
        trial.nct_id,
        trial.source_format,
        trial.source_last_updated,
        trial.overall_status,
        trial.study_type,
        hash_content(encoded),
        record,
    )


def stored_trial(row: StoredRow) -> Trial:
    """The trial a row holds."""
    return decompress_record(row.record)


def prepared_row(
    trial: Trial, make_entry: IndexEntryMaker | None, encoded: bytes | None = None
) -> PreparedRow:
    """``trial`` ready for :meth:`Store.upsert_rows`, with its index entry if ``make_entry``."""
    return PreparedRow(
        stored_row(trial, encoded), None if make_entry is None else make_entry(trial)
    )


class BadStoredRow(ValueError):
    """A store refused rows for what they hold (not for a lost connection): the copy
    retries them one by one, reports the row that is refused and goes on."""


Connection_contra = TypeVar("Connection_contra", contravariant=True)


class TrialIndex(Protocol[Connection_contra]):
    """A search index kept in step with a store's trials: the store's write hook.

    A store calls it with its own database connection: PostgreSQL inside the
    upsert's transaction (its index rows commit with the trials), SQLite right
    after the commit (its index follows a change watermark, so it also catches
    up on its own after a crash or a write by a store without the hook).
    """

    def trials_written(self, connection: Connection_contra, trials: Mapping[int, Trial]) -> None:
        """Index the trials just written, by their row id in the store, in order."""
        ...


class BatchedTrialIndex(TrialIndex[Connection_contra], Protocol):
    """An index that batches its commits (SQLite's Tantivy index, whose commit costs an
    fsync): the store has it commit on :meth:`Store.flush` and :meth:`Store.close`."""

    def flush(self, connection: Connection_contra) -> None:
        """Make what is indexed so far visible to readers in other processes."""
        ...

    def close(self, connection: Connection_contra) -> None:
        """Commit what is left and let go of the index's writer."""
        ...

    def entry_maker(self) -> IndexEntryMaker:
        """The function that makes this index's entry of a trial, wherever it is parsed."""
        ...

    def entries_written(
        self, connection: Connection_contra, entries: Mapping[int, bytes | None]
    ) -> None:
        """Index the trials just written, by their row id in the store, in order, from
        the entries :meth:`entry_maker` made (None: read the trial from the store)."""
        ...


def hash_content(encoded: bytes) -> bytes:
    """A stored trial's content hash: of its :func:`~trialfinder.model.encode_trial` bytes."""
    return hashlib.blake2b(encoded, digest_size=16).digest()


def keeps_stored(
    incoming_update: str | None, incoming_hash: bytes, stored_update: str | None, stored_hash: bytes
) -> bool:
    """The rule every store applies to a copy of a stored trial: an older copy, or one with
    the same content, leaves the stored trial as it is ("unchanged")."""
    return (incoming_update or "") < (stored_update or "") or incoming_hash == stored_hash


class RecordReads(ABC):
    """The reads every store answers from its stored records alone, by one logic: a
    backend supplies :meth:`get_records` (and, if its keys differ, :meth:`stored_id`)."""

    @abstractmethod
    def get_records(self, nct_ids: Sequence[str]) -> dict[str, bytes]:
        """See :meth:`Store.get_records`."""

    @staticmethod
    def stored_id(nct_id: str) -> str:
        """An NCT id as the store keys its trials."""
        return nct_id.strip().upper()

    def get_trials(self, nct_ids: Sequence[str]) -> list[Trial]:
        return [decompress_record(record) for record in self._records(nct_ids)]

    def get_trial_parts(self, nct_ids: Sequence[str], parts: type[PartsT]) -> list[PartsT]:
        return [decompress_parts(record, parts) for record in self._records(nct_ids)]

    def _records(self, nct_ids: Sequence[str]) -> list[bytes]:
        """The stored records of the trials that exist among ``nct_ids``, in that order."""
        found = self.get_records(nct_ids)
        return [
            found[nct_id]
            for nct_id in (self.stored_id(nct_id) for nct_id in nct_ids)
            if nct_id in found
        ]


class Store(Protocol):
    """A trial store: :mod:`trialfinder.store.sqlite` or :mod:`trialfinder.store.postgres`."""

    url: str

    def upsert_trials(
        self,
        trials: Sequence[Trial],
        derived: Sequence[DerivedRecord] = (),
        state: Mapping[str, str | None] | None = None,
    ) -> list[UpsertOutcome]:
        """Store trials atomically as one transaction; a newer source update wins.

        ``derived`` records are written in the same transaction for the trials
        that changed, and so are the ``state`` settings (a sync checkpoint
        commits together with its page, so a resumed sync never skips one).
        Returns one outcome per trial, in order.
        """
        ...

    def upsert_rows(
        self,
        rows: Sequence[PreparedRow],
        derived: Sequence[DerivedRecord] = (),
        state: Mapping[str, str | None] | None = None,
    ) -> list[UpsertOutcome]:
        """:meth:`upsert_trials` for trials already encoded, hashed and compressed (and
        their index entries made, see :meth:`index_entry_maker`) elsewhere: ingest's
        workers prepare rows, its writing process only writes them."""
        ...

    def index_entry_maker(self) -> IndexEntryMaker | None:
        """The attached search index's :class:`PreparedRow` entry maker, or None when
        the index reads the trials themselves (rows are then written without entries)."""
        ...

    def unchanged_ids(self, trials: Sequence[Trial]) -> set[str]:
        """NCT ids among ``trials`` that :meth:`upsert_trials` would leave as stored (see
        :func:`keeps_stored`): a re-ingest skips deriving them, most of its work."""
        ...

    def unchanged_reader(self) -> UnchangedReader | None:
        """:meth:`unchanged_ids` for a worker process (it reads the store through its own
        connection: one cannot cross a fork), or None when this store offers none."""
        ...

    def get_trial(self, nct_id: str) -> Trial | None: ...

    def get_trials(self, nct_ids: Sequence[str]) -> list[Trial]:
        """The trials that exist among ``nct_ids``, in the order asked."""
        ...

    def get_trial_parts(self, nct_ids: Sequence[str], parts: type[PartsT]) -> list[PartsT]:
        """Some fields of the trials that exist among ``nct_ids``, in the order asked.

        ``parts`` is a msgspec Struct whose fields are named and typed like
        :class:`~trialfinder.model.Trial`'s (with defaults where Trial has them).
        Only those fields are built: a results page needs a few texts of each hit,
        and decoding whole records (sites, criteria, outcomes) cost it most of its time.
        """
        ...

    def get_records(self, nct_ids: Sequence[str]) -> dict[str, bytes]:
        """The stored (compressed) records of the trials that exist among ``nct_ids``, by
        NCT id (as stored: upper case): for readers of the record's bytes themselves (the API
        sends a study record's JSON as it is, :mod:`trialfinder.store.study_json`)."""
        ...

    def iter_trials(self, batch_size: int = 500) -> Iterator[Trial]: ...

    def iter_nct_ids(self) -> Iterator[str]: ...

    def count_trials(self) -> int: ...

    def stats(self) -> StoreStats: ...

    def get_derived(self, kind: str, nct_ids: Sequence[str]) -> dict[str, DerivedRecord]: ...

    def iter_derived(self, kind: str) -> Iterator[DerivedRecord]: ...

    def put_derived(self, records: Iterable[DerivedRecord]) -> None: ...

    def stale_derived(self, kind: str, version: str) -> Iterator[str]:
        """NCT ids whose ``kind`` record is missing or from another version."""
        ...

    def get_state(self, key: str) -> str | None:
        """Small persistent settings (sync checkpoints, ...)."""
        ...

    def set_state(self, key: str, value: str | None) -> None: ...

    def iter_state(self) -> Iterator[tuple[str, str]]:
        """Every state setting as (key, value), by key."""
        ...

    def setdefault_state(self, key: str, value: str) -> str:
        """The value of ``key``, storing ``value`` first if it has none.

        Of processes racing to set it (web nodes starting together), the first
        to commit wins for all of them: a later one never overwrites it.
        """
        ...

    def data_generation(self) -> str | None:
        """A short token that changes whenever stored trials or state settings change.

        Equal tokens mean equal data, so the web app keys its page cache and ETags
        on it; None when the store cannot say cheaply (nothing is then cached).
        """
        ...

    def changed_rows_after(self, change_seq: int, limit: int) -> list[tuple[int, StoredRow]]:
        """The next ``limit`` trials by change number above ``change_seq``, as stored, with
        their change numbers: a copy to another store reads the source in this order, so
        its checkpoint is one number and a rerun also brings what changed since."""
        ...

    def derived_of(self, nct_ids: Sequence[str]) -> list[DerivedRecord]:
        """Every derived record (of any kind) of the trials named, its data as stored
        (:func:`~trialfinder.store.records.pack_derived`): a copy writes it as it is."""
        ...

    def put_stored_rows(
        self,
        rows: Sequence[StoredRow],
        derived: Sequence[DerivedRecord] = (),
        state: Mapping[str, str | None] | None = None,
    ) -> list[bool]:
        """Store rows as another store kept them, in one transaction, by the rule of
        :meth:`upsert_trials` (a newer source update wins; derived records of the rows
        written, and ``state``, commit with them), each numbered in the change log.
        Returns, per row, whether it was written; :class:`BadStoredRow` if the database
        refuses a row for its content."""
        ...

    def flush(self) -> None:
        """Make everything written so far visible to readers in other processes.

        Stores may batch index commits during a long ingest; ingest calls this
        at the end of every run (and sync after every page).
        """
        ...

    def close(self) -> None: ...
