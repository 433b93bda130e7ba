"""Load records into a store in batches and account for every one of them.

A batch is one store transaction: killing the process loses at most the batch
in flight, never half a trial, and re-running the same ingest completes it
(records already stored come back as "unchanged").
"""

from __future__ import annotations

import os
from collections import Counter, deque
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from importlib import resources
from pathlib import Path

import msgspec

from trialfinder.ingest.collector import bulk_collection
from trialfinder.ingest.reader import RecordResult, iter_records
from trialfinder.ingest.workers import worker_pool
from trialfinder.model import DerivedRecord, Trial, decode_trial, encode_trial
from trialfinder.store.base import Store
from trialfinder.store.records import pack_derived_records

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "Deriver",
    "IngestSummary",
    "SkippedRecord",
    "default_derivers",
    "default_jobs",
    "ingest_paths",
    "ingest_records",
    "refresh_derived",
    "sample_paths",
]

DEFAULT_BATCH_SIZE = 500

ProgressCallback = Callable[[int], None]
_Derived = tuple[list[DerivedRecord], list["SkippedRecord"]]


class Deriver(msgspec.Struct, frozen=True):
    """Something computed from each trial at ingest and kept beside it (parsed criteria).

    ``derive`` may return several records (a full parse and a small summary
    read first); all carry ``version``, the version of the code that made them.
    Trials whose ``kind`` record is missing or from another version are
    recomputed by :func:`refresh_derived`.
    """

    kind: str
    version: str
    derive: Callable[[Trial], Sequence[DerivedRecord]]


class SkippedRecord(msgspec.Struct, frozen=True):
    where: str
    reason: str


class IngestSummary(msgspec.Struct):
    """What an ingest did; printed by the CLI and returned to library callers."""

    read: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[SkippedRecord] = []
    # Trials stored without a derived record (e.g. criteria the parser failed on).
    derive_failures: list[SkippedRecord] = []

    @property
    def ingested(self) -> int:
        return self.inserted + self.updated

    def skip_reasons(self) -> dict[str, int]:
        return dict(Counter(skipped.reason.split(":")[0] for skipped in self.skipped))


def default_derivers() -> list[Deriver]:
    """The derived records every ingest computes: the eligibility criteria parse and the
    API v2 JSON the ``/api/v2/studies`` pages are made of."""
    from trialfinder.criteria import CRITERIA_KIND, PARSER_VERSION, derive_criteria_record
    from trialfinder.ingest.study_json import (
        STUDY_JSON_KIND,
        STUDY_JSON_VERSION,
        derive_study_json,
    )

    return [
        Deriver(kind=CRITERIA_KIND, version=PARSER_VERSION, derive=derive_criteria_record),
        Deriver(kind=STUDY_JSON_KIND, version=STUDY_JSON_VERSION, derive=derive_study_json),
    ]


def _derive(trial: Trial, deriver: Deriver, summary: IngestSummary) -> Sequence[DerivedRecord]:
    """Derived data is an extra: a failure is reported and the trial still lands."""
    try:
        return deriver.derive(trial)
    except Exception as error:  # a parser bug must never cost the user their records
        summary.derive_failures.append(
            SkippedRecord(where=f"{trial.nct_id} ({deriver.kind})", reason=repr(error))
        )
        return ()


def _derive_batch(
    batch: Sequence[Trial], derivers: Sequence[Deriver]
) -> tuple[list[DerivedRecord], list[SkippedRecord]]:
    """Derived records of a batch, in this process."""
    summary = IngestSummary()
    records = [
        record
        for trial in batch
        for deriver in derivers
        for record in _derive(trial, deriver, summary)
    ]
    return records, summary.derive_failures


def _derive_encoded_batch(
    encoded: Sequence[bytes], derivers: Sequence[Deriver]
) -> tuple[list[DerivedRecord], list[SkippedRecord]]:
    """Derived records of a batch in a worker process, which gets its trials encoded:
    pickling a ``Trial`` costs ~0.37 ms, encoding, sending and decoding it ~0.10 ms.

    The records leave compressed as the store keeps them (the store does not compress
    them again): ~0.3 ms a study of dictionary compression off the writer's serial path,
    and a third of the bytes to send back."""
    records, failures = _derive_batch([decode_trial(data) for data in encoded], derivers)
    return list(pack_derived_records(records)), failures


def default_jobs() -> int:
    """Worker processes an ingest uses unless told: one per core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


class _BatchWriter:
    """Writes batches to the store in order, deriving them first.

    With ``jobs`` > 1 the derivations (the criteria parse: most of the CPU an
    ingest spends) run in worker processes while this process reads, stores and
    indexes; batches still land in the order read, so a later copy of a study
    wins. The pool starts with the first batch that more input may follow: an
    ingest that fits in one batch (a sync page, a few studies) is derived here,
    as starting workers would cost more than it saves.
    """

    def __init__(
        self, store: Store, derivers: Sequence[Deriver], summary: IngestSummary, jobs: int
    ) -> None:
        self.store = store
        self.derivers = derivers
        self.summary = summary
        self.jobs = jobs if derivers else 1
        self.pool: ProcessPoolExecutor | None = None
        self.max_pending = 2 * jobs
        self.pending: deque[
            tuple[list[Trial], Mapping[str, str | None] | None, Future[_Derived]]
        ] = deque()

    def write(
        self,
        batch: list[Trial],
        state: Mapping[str, str | None] | None = None,
        *,
        last: bool = False,
    ) -> None:
        """Derive and store ``batch``; ``last`` when no more input follows it."""
        if self.pool is None and self.jobs > 1 and not last:
            self.pool = worker_pool(self.jobs)
        to_derive = self._to_derive(batch)
        if self.pool is None:
            self._store(batch, state, _derive_batch(to_derive, self.derivers))
            return
        encoded = [encode_trial(trial) for trial in to_derive]
        future = self.pool.submit(_derive_encoded_batch, encoded, self.derivers)
        self.pending.append((batch, state, future))
        while len(self.pending) > self.max_pending:
            self._complete_oldest()

    def finish(self) -> None:
        while self.pending:
            self._complete_oldest()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def _to_derive(self, batch: list[Trial]) -> list[Trial]:
        """The trials of ``batch`` the store would write: a copy it already holds (most of
        a re-ingest or an overlapping sync) is not parsed again. A study also in a batch
        still on its way to the store is derived regardless, as which copy lands first
        decides."""
        if not self.derivers or not batch:
            return batch
        in_flight = {trial.nct_id for pending, _, _ in self.pending for trial in pending}
        unchanged = self.store.unchanged_ids(batch) - in_flight
        return [trial for trial in batch if trial.nct_id not in unchanged]

    def _complete_oldest(self) -> None:
        batch, state, future = self.pending.popleft()
        self._store(batch, state, future.result())

    def _store(
        self, batch: list[Trial], state: Mapping[str, str | None] | None, derived: _Derived
    ) -> None:
        records, failures = derived
        self.summary.derive_failures.extend(failures)
        for outcome in self.store.upsert_trials(batch, derived=records, state=state):
            if outcome == "inserted":
                self.summary.inserted += 1
            elif outcome == "updated":
                self.summary.updated += 1
            else:
                self.summary.unchanged += 1


def ingest_records(
    store: Store,
    records: Iterable[RecordResult],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    derivers: Sequence[Deriver] | None = None,
    progress: ProgressCallback | None = None,
    state: Mapping[str, str | None] | None = None,
    jobs: int = 1,
) -> IngestSummary:
    """Upsert every good record, report every bad one, in batches of ``batch_size``.

    ``state`` (a sync checkpoint) is committed with the last batch, so it never
    lands before the records it accounts for. ``jobs`` > 1 derives records
    (parses criteria) in that many worker processes.

    Hook points: each batch is derived by ``derivers`` (:func:`default_derivers`,
    in the workers) and then written by ``Store.upsert_trials`` in this process,
    which calls the search index's write hook after its commit.
    """
    active_derivers = default_derivers() if derivers is None else derivers
    summary = IngestSummary()
    writer = _BatchWriter(store, active_derivers, summary, jobs)
    # Worker processes start inside, so they inherit the collector's settings.
    with bulk_collection():
        _ingest_batches(records, writer, summary, batch_size, progress, state)
    return summary


def _ingest_batches(
    records: Iterable[RecordResult],
    writer: _BatchWriter,
    summary: IngestSummary,
    batch_size: int,
    progress: ProgressCallback | None,
    state: Mapping[str, str | None] | None,
) -> None:
    batch: dict[str, Trial] = {}
    try:
        for record in records:
            summary.read += 1
            if record.trial is None:
                summary.skipped.append(
                    SkippedRecord(where=record.where, reason=record.error or "?")
                )
            else:
                # A later copy of the same study in one batch replaces the earlier one;
                # the store still decides by last-update date against what it holds.
                if record.trial.nct_id in batch:
                    writer.write(list(batch.values()))
                    batch.clear()
                batch[record.trial.nct_id] = record.trial
            if len(batch) >= batch_size:
                writer.write(list(batch.values()))
                batch.clear()
            if progress is not None:
                progress(1)
        if batch or state:
            writer.write(list(batch.values()), state, last=True)
        writer.finish()
        writer.store.flush()
    finally:
        writer.close()


def ingest_paths(
    store: Store,
    paths: Sequence[str | Path],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    derivers: Sequence[Deriver] | None = None,
    progress: ProgressCallback | None = None,
    jobs: int | None = None,
) -> IngestSummary:
    """Ingest files, directories and archives; raises ``UnreadableInput`` for unreadable ones.

    ``jobs`` worker processes parse criteria (default: :func:`default_jobs`)."""
    return ingest_records(
        store,
        iter_records(paths),
        batch_size=batch_size,
        derivers=derivers,
        progress=progress,
        jobs=default_jobs() if jobs is None else jobs,
    )


def refresh_derived(
    store: Store, derivers: Sequence[Deriver] | None = None, batch_size: int = DEFAULT_BATCH_SIZE
) -> int:
    """Recompute derived records that are missing or from another code version.

    Returns how many trials were recomputed; cheap (one query per kind) when none are stale.
    """
    refreshed = 0
    for deriver in default_derivers() if derivers is None else derivers:
        stale = list(store.stale_derived(deriver.kind, deriver.version))
        for start in range(0, len(stale), batch_size):
            trials = store.get_trials(stale[start : start + batch_size])
            summary = IngestSummary()
            records = [record for trial in trials for record in _derive(trial, deriver, summary)]
            store.put_derived(records)
            refreshed += len(trials) - len(summary.derive_failures)
    return refreshed


def sample_paths() -> list[Path]:
    """The bundled sample set's files (shipped inside the package)."""
    sample = resources.files("trialfinder") / "data" / "sample"
    return [
        Path(str(sample / name))
        for name in ("studies.jsonl.gz", "legacy_xml.zip")
        if (sample / name).is_file()
    ]
