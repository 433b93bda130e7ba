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
from trialfinder.ingest.reader import RawRecord, RecordResult, iter_raw_records
from trialfinder.ingest.rows import (
    Deriver,
    PreparedBatch,
    PreparedTrial,
    SkippedRecord,
    derive,
    prepare_again,
    prepare_batch,
)
from trialfinder.ingest.workers import worker_pool
from trialfinder.model import encode_trial
from trialfinder.store.base import Store

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
_Item = RawRecord | RecordResult


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
    """The derived records every ingest computes: the eligibility criteria parse. (The API
    v2 JSON the ``/api/v2/studies`` pages are made of is no derived record: it is the
    trial's stored record, :mod:`trialfinder.store.study_record`.)"""
    from trialfinder.criteria import CRITERIA_KIND, PARSER_VERSION, derive_criteria_record

    return [Deriver(kind=CRITERIA_KIND, version=PARSER_VERSION, derive=derive_criteria_record)]


def default_jobs() -> int:
    """Worker processes an ingest uses unless told: one per core this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _shipped(item: _Item) -> _Item:
    """A record as sent to a worker: a trial decoded already travels encoded (pickling
    a ``Trial`` costs ~0.37 ms, encoding, sending and decoding it ~0.10 ms)."""
    if isinstance(item, RecordResult) and item.trial is not None:
        return RawRecord(item.where, "trial", encode_trial(item.trial))
    return item


class _BatchWriter:
    """Writes batches to the store in order, preparing them first (:mod:`.rows`).

    With ``jobs`` > 1 each batch's records go, as read, to one of that many
    worker processes, which decode, derive, encode, compress and index them
    (nearly all the CPU an ingest spends) while this process reads and writes;
    batches still land in the order read, so a later copy of a study wins. The
    pool starts with the first batch that more input may follow: an ingest that
    fits in one batch (a sync page, a few studies) is prepared here, as starting
    workers would cost more than it saves.

    A batch skips the trials the store already holds as they are (most of a
    re-ingest); workers ask the store through their own connection
    (``Store.unchanged_reader``). Batches still on their way to the store were not
    seen by that question: a skipped trial that one of them wrote meanwhile is
    prepared again here before it is written (rare: the same study twice, close
    together in the input, the second copy equal to what the store held before).
    """

    def __init__(
        self,
        store: Store,
        derivers: Sequence[Deriver],
        summary: IngestSummary,
        jobs: int,
        progress: ProgressCallback | None,
    ) -> None:
        self.store = store
        self.derivers = derivers
        self.summary = summary
        self.jobs = jobs
        self.progress = progress
        self.make_entry = store.index_entry_maker()
        self.pool: ProcessPoolExecutor | None = None
        self.max_pending = 2 * jobs
        # (checkpoint, prepared batch, batches stored when it was sent to be prepared)
        self.pending: deque[tuple[Mapping[str, str | None] | None, Future[PreparedBatch], int]] = (
            deque()
        )
        self.stored_batches = 0
        # NCT ids each of the latest batches wrote, newest last (enough for every batch
        # that can land while one is being prepared).
        self.recently_written: deque[set[str]] = deque(maxlen=self.max_pending + 2)

    def write(
        self,
        batch: list[_Item],
        state: Mapping[str, str | None] | None = None,
        *,
        last: bool = False,
    ) -> None:
        """Prepare and store ``batch``; ``last`` when no more input follows it."""
        if self.pool is None and self.jobs > 1 and not last and batch:
            # The first record is prepared here: the workers fork with the tables it
            # loaded (gazetteer, criteria lexicon; the vocabulary came with the index's
            # entry maker) instead of each loading them.
            self._submit_here(batch[:1], None)
            batch = batch[1:]
            self.pool = worker_pool(self.jobs)
        if self.pool is None:
            self._store(self._prepared_here(batch), state, self.stored_batches)
            return
        shipped = [_shipped(item) for item in batch]
        future = self.pool.submit(
            prepare_batch, shipped, self.derivers, self.make_entry, self.store.unchanged_reader()
        )
        self.pending.append((state, future, self.stored_batches))
        while len(self.pending) > self.max_pending:
            self._complete_oldest()

    def _prepared_here(self, batch: list[_Item]) -> PreparedBatch:
        return prepare_batch(batch, self.derivers, self.make_entry, self.store.unchanged_ids)

    def _submit_here(self, batch: list[_Item], state: Mapping[str, str | None] | None) -> None:
        """Prepare ``batch`` in this process, to be stored in its turn."""
        future: Future[PreparedBatch] = Future()
        future.set_result(self._prepared_here(batch))
        self.pending.append((state, future, self.stored_batches))

    def finish(self) -> None:
        while self.pending:
            self._complete_oldest()

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)

    def _complete_oldest(self) -> None:
        state, future, stored_before = self.pending.popleft()
        self._store(future.result(), state, stored_before)

    def _store(
        self,
        batch: PreparedBatch,
        state: Mapping[str, str | None] | None,
        stored_before: int,
    ) -> None:
        """Write a prepared batch (sent to be prepared when ``stored_before`` batches were
        stored): a study met twice is written in two transactions, so the store judges
        the second copy against the first ("newer copy wins"); the state commits with
        the last."""
        self.summary.derive_failures.extend(batch.derive_failures)
        landed_since = self._written_since(stored_before)
        written: set[str] = set()
        run: list[PreparedTrial] = []
        in_run: set[str] = set()
        for record in batch.records:
            self.summary.read += 1
            if isinstance(record, SkippedRecord):
                self.summary.skipped.append(record)
            else:
                if record.derived is None and record.row.row.nct_id in landed_since:
                    failures = self.summary.derive_failures
                    record = prepare_again(record, self.derivers, self.make_entry, failures)
                if record.row.row.nct_id in in_run:
                    written |= self._upsert(run, None)
                    run, in_run = [], set()
                run.append(record)
                in_run.add(record.row.row.nct_id)
            if self.progress is not None:
                self.progress(1)
        if run or state:
            written |= self._upsert(run, state)
        self.recently_written.append(written)
        self.stored_batches += 1

    def _written_since(self, stored_before: int) -> set[str]:
        """NCT ids the batches stored after the first ``stored_before`` wrote."""
        count = self.stored_batches - stored_before
        latest = list(self.recently_written)[len(self.recently_written) - count :] if count else []
        return set().union(*latest)

    def _upsert(self, run: list[PreparedTrial], state: Mapping[str, str | None] | None) -> set[str]:
        """Write ``run`` (distinct studies); the NCT ids it wrote."""
        derived = [record for prepared in run for record in prepared.derived or ()]
        outcomes = self.store.upsert_rows([prepared.row for prepared in run], derived, state)
        written: set[str] = set()
        for prepared, outcome in zip(run, outcomes, strict=True):
            if outcome == "inserted":
                self.summary.inserted += 1
            elif outcome == "updated":
                self.summary.updated += 1
            else:
                self.summary.unchanged += 1
                continue
            written.add(prepared.row.row.nct_id)
        return written


def ingest_records(
    store: Store,
    records: Iterable[RecordResult | RawRecord],
    *,
    batch_size: int = DEFAULT_BATCH_SIZE,
    derivers: Sequence[Deriver] | None = None,
    progress: ProgressCallback | None = None,
    state: Mapping[str, str | None] | None = None,
    jobs: int = 1,
) -> IngestSummary:
    """Upsert every good record, report every bad one, in batches of ``batch_size``.

    ``records`` are decoded (:func:`~.reader.iter_records`) or as read
    (:func:`~.reader.iter_raw_records`: decoded where they are prepared).
    ``state`` (a sync checkpoint) is committed with the last batch, so it never
    lands before the records it accounts for. ``jobs`` > 1 prepares records
    (parses criteria, builds index entries) in that many worker processes.

    Hook points: each batch is prepared by :func:`~.rows.prepare_batch` (running
    ``derivers``, :func:`default_derivers`, and the store's index entry maker, in
    the workers) and then written by ``Store.upsert_rows`` in this process, which
    calls the search index's write hook after its commit.
    """
    active_derivers = default_derivers() if derivers is None else derivers
    summary = IngestSummary()
    writer = _BatchWriter(store, active_derivers, summary, jobs, progress)
    # Worker processes start inside, so they inherit the collector's settings.
    with bulk_collection():
        _ingest_batches(records, writer, batch_size, state)
    return summary


def _ingest_batches(
    records: Iterable[_Item],
    writer: _BatchWriter,
    batch_size: int,
    state: Mapping[str, str | None] | None,
) -> None:
    batch: list[_Item] = []
    try:
        for record in records:
            batch.append(record)
            if len(batch) >= batch_size:
                writer.write(batch)
                batch = []
        if batch or state:
            writer.write(batch, state, last=True)
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
        iter_raw_records(paths),
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
            failures: list[SkippedRecord] = []
            records = [record for trial in trials for record in derive(trial, deriver, failures)]
            store.put_derived(records)
            refreshed += len(trials) - len(failures)
    return refreshed


def sample_paths() -> list[Path]:
    """The bundled sample set's files (shipped inside the package)."""
    sample = resources.files("trialfinder") / "data" / "sample"
    return [
        Path(str(sample / name))
        for name in ("studies.jsonl.gz", "legacy_xml.zip")
        if (sample / name).is_file()
    ]
