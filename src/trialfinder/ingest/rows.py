"""Records made ready to write: the CPU an ingest spends, done where a record is decoded.

A record's bytes go to one worker process (or stay in this one), and everything
a trial costs before it is written happens there, once: decoding it, the
derived records (the criteria parse, the API v2 JSON), encoding, hashing and
compressing the stored record, and the search index's entry (its facts, word
pairs and places, made by the function the store's index gives:
:meth:`~trialfinder.store.base.Store.index_entry_maker`). What comes back is
strings and bytes, cheap to send between processes; the writing process
(:mod:`trialfinder.ingest.loader`) only writes. Before this, trials crossed to
the workers encoded and were decoded twice, and the writer built the index
documents itself: it, one process, was the limit of a parallel ingest.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from typing import NamedTuple

import msgspec

from trialfinder.ingest.reader import RawRecord, RecordResult, decode_raw
from trialfinder.model import DerivedRecord, Trial
from trialfinder.store.base import (
    IndexEntryMaker,
    PreparedRow,
    UnchangedReader,
    stored_row,
    stored_rows,
    stored_trial,
)
from trialfinder.store.records import criteria_source, pack_derived_records

__all__ = [
    "Deriver",
    "PreparedBatch",
    "PreparedTrial",
    "SkippedRecord",
    "derive",
    "prepare_again",
    "prepare_batch",
]


class Deriver(msgspec.Struct, frozen=True):
    """Something computed from each trial at ingest and kept beside it (parsed criteria).

    ``derive`` may return several records (a full parse and a small summary
    read first); all carry ``version``, the version of the code that made them.
    Trials whose ``kind`` record is missing or from another version are
    recomputed by :func:`~trialfinder.ingest.loader.refresh_derived`.
    """

    kind: str
    version: str
    derive: Callable[[Trial], Sequence[DerivedRecord]]


class SkippedRecord(msgspec.Struct, frozen=True):
    where: str
    reason: str


def derive(
    trial: Trial, deriver: Deriver, failures: list[SkippedRecord]
) -> Sequence[DerivedRecord]:
    """Derived data is an extra: a failure is reported (in ``failures``) and the trial
    still lands."""
    try:
        return deriver.derive(trial)
    except Exception as error:  # a parser bug must never cost the user their records
        failures.append(SkippedRecord(where=f"{trial.nct_id} ({deriver.kind})", reason=repr(error)))
        return ()


class PreparedTrial(NamedTuple):
    """A good record, ready to write: its row (with its index entry) and derived records.

    ``derived`` is None when the store held this very copy when the batch was
    prepared (a re-ingest): it was not derived, and the store leaves it unchanged.
    """

    where: str
    row: PreparedRow
    derived: list[DerivedRecord] | None


class PreparedBatch(NamedTuple):
    """A batch's records in read order (a bad one as the reason it was skipped), and the
    trials whose derivation failed (they are written all the same)."""

    records: list[PreparedTrial | SkippedRecord]
    derive_failures: list[SkippedRecord]


def prepare_batch(
    items: Sequence[RawRecord | RecordResult],
    derivers: Sequence[Deriver],
    make_entry: IndexEntryMaker | None,
    unchanged: UnchangedReader | None = None,
) -> PreparedBatch:
    """Decode ``items`` and make each good one ready to write.

    ``unchanged`` (the store's :meth:`~trialfinder.store.base.Store.unchanged_ids`,
    or its :meth:`~trialfinder.store.base.Store.unchanged_reader` in a worker) names
    the trials the store holds as they are; they are neither derived nor indexed. A
    study that occurs twice in the batch is prepared regardless, as which copy lands
    first decides; one that another batch writes before this one lands is prepared
    again by the writer (:func:`prepare_again`).
    """
    decoded = [
        result
        for item in items
        for result in (decode_raw(item) if isinstance(item, RawRecord) else (item,))
    ]
    trials = [result.trial for result in decoded if result.trial is not None]
    held: set[str] = set()
    if unchanged is not None and trials:
        repeated = {
            nct_id for nct_id, count in Counter(t.nct_id for t in trials).items() if count > 1
        }
        held = unchanged(trials) - repeated
    failures: list[SkippedRecord] = []
    fresh = [
        (result.where, result.trial)
        for result in decoded
        if result.trial is not None and result.trial.nct_id not in held
    ]
    prepared = iter(_prepared(fresh, derivers, make_entry, failures))
    records: list[PreparedTrial | SkippedRecord] = []
    for result in decoded:
        trial = result.trial
        if trial is None:
            records.append(SkippedRecord(where=result.where, reason=result.error or "?"))
        elif trial.nct_id in held:
            records.append(PreparedTrial(result.where, PreparedRow(stored_row(trial)), None))
        else:
            records.append(next(prepared))
    return PreparedBatch(records, failures)


def _prepared(
    fresh: Sequence[tuple[str, Trial]],
    derivers: Sequence[Deriver],
    make_entry: IndexEntryMaker | None,
    failures: list[SkippedRecord],
) -> list[PreparedTrial]:
    """``fresh`` (where each was read, the trial) made ready to write, one step at a time
    over them all: every criteria parse, then every stored record (every API v2 JSON,
    then every one compressed), every index entry, every derived record packed. Each
    step's working set (the parse's lexicon and patterns, a zstd dictionary's tables,
    the gazetteer) then stays in the CPU's caches from one trial to the next, where a
    trial at a time each step evicted the others': a worker's CPU a registry study
    -19 to -33% on a loaded 2-core machine (bench/RESULTS.md), the same bytes."""
    trials = [trial for _, trial in fresh]
    derived = [
        [record for deriver in derivers for record in derive(trial, deriver, failures)]
        for trial in trials
    ]
    rows = stored_rows(trials)
    entries = [None if make_entry is None else make_entry(trial) for trial in trials]
    packed = [
        list(pack_derived_records(records, {trial.nct_id: criteria_source(trial)}))
        for trial, records in zip(trials, derived, strict=True)
    ]
    return [
        PreparedTrial(where, PreparedRow(row, entry), records)
        for (where, _), row, entry, records in zip(fresh, rows, entries, packed, strict=True)
    ]


def prepare_again(
    held: PreparedTrial,
    derivers: Sequence[Deriver],
    make_entry: IndexEntryMaker | None,
    failures: list[SkippedRecord],
) -> PreparedTrial:
    """A trial prepared as held (not derived) made ready in full after all: another copy
    of it was written after the store was asked, so this one may land over that."""
    return _prepared([(held.where, stored_trial(held.row.row))], derivers, make_entry, failures)[0]
