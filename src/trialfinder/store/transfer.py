"""Moving a store to another backend: SQLite to PostgreSQL when a deployment outgrows
one machine, or back.

Trials go across as they are stored (:class:`~trialfinder.store.base.StoredRow`:
the compressed record, its hash and filter columns), so nothing is parsed,
derived or compressed again; their derived records go with them and the state
settings (sync checkpoints, the page-token secret) at the end. The source is
read in change-number order, a batch at a time; each batch is one transaction
in the target that also stores the copy's checkpoint (the last change number
copied), so an interrupted copy rerun continues where it stopped, nothing lost
or written twice, and a rerun after the source changed brings only what
changed. Rows are written by the stores' one rule (a newer source update wins),
and the target numbers each in its own change log, so nodes following it see
the copied trials as any write.

A row the target refuses for what it holds (or whose record does not
decompress) is reported and skipped; the copy goes on.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import NamedTuple

import zstandard

from trialfinder.store.base import BadStoredRow, Store, StoredRow
from trialfinder.store.records import decompress_bytes

__all__ = ["BadRow", "CopyProgress", "copy_checkpoint_key", "copy_store"]

# State that belongs to one database's own search index (its watermark, its id) or to
# copies into it: each store keeps its own.
_OWN_STATE_PREFIXES = ("search.", "copy.")

DEFAULT_BATCH = 2000


class BadRow(NamedTuple):
    """A source row that was not copied, and why."""

    nct_id: str
    change_seq: int
    reason: str


class CopyProgress(NamedTuple):
    """Counts so far: rows read from the source, of those written to the target,
    left as the target had them (same or newer copy), and bad."""

    read: int
    written: int
    unchanged: int
    bad: int


def copy_checkpoint_key(source: Store) -> str:
    """The target's state key holding how far a copy from ``source`` has got (named by a
    hash of the source's location, which may hold a password)."""
    digest = hashlib.blake2b(source.url.encode(), digest_size=8).hexdigest()
    return f"copy.{digest}.change_seq"


def _problem(row: StoredRow) -> str | None:
    """Why a row cannot be copied as it is, checked before sending it (None: it can)."""
    if not row.nct_id or not row.source_format:
        return "no NCT id or source format"
    try:
        decompress_bytes(row.record)
    except (zstandard.ZstdError, ValueError) as error:
        return f"the stored record does not decompress ({error})"
    return None


def _put(
    target: Store, source: Store, rows: Sequence[tuple[int, StoredRow]], checkpoint: str
) -> list[bool]:
    """Write ``rows`` with their derived records and the checkpoint after the last."""
    stored = [row for _, row in rows]
    return target.put_stored_rows(
        stored,
        source.derived_of([row.nct_id for row in stored]),
        {checkpoint: str(rows[-1][0])},
    )


def copy_store(
    source: Store,
    target: Store,
    *,
    batch_size: int = DEFAULT_BATCH,
    on_progress: Callable[[CopyProgress], None] | None = None,
    on_bad_row: Callable[[BadRow], None] | None = None,
) -> CopyProgress:
    """Copy every trial, derived record and state setting of ``source`` into ``target``
    (resuming from the target's checkpoint), reporting after every batch."""
    checkpoint = copy_checkpoint_key(source)
    after = int(target.get_state(checkpoint) or 0)
    read = written = unchanged = bad = 0
    while batch := source.changed_rows_after(after, batch_size):
        good: list[tuple[int, StoredRow]] = []
        for change_seq, row in batch:
            problem = _problem(row)
            if problem is None:
                good.append((change_seq, row))
                continue
            bad += 1
            if on_bad_row is not None:
                on_bad_row(BadRow(row.nct_id, change_seq, problem))
        outcomes: list[bool] = []
        saved = after
        try:
            if good:
                outcomes = _put(target, source, good, checkpoint)
                saved = good[-1][0]
        except BadStoredRow:
            # Which row? One at a time, each with its own checkpoint.
            for entry in good:
                try:
                    outcomes += _put(target, source, [entry], checkpoint)
                    saved = entry[0]
                except BadStoredRow as error:
                    bad += 1
                    if on_bad_row is not None:
                        on_bad_row(BadRow(entry[1].nct_id, entry[0], str(error)))
        after = batch[-1][0]
        if saved != after:
            # The batch ended with rows not copied: the checkpoint still moves past them.
            target.set_state(checkpoint, str(after))
        read += len(batch)
        written += sum(outcomes)
        unchanged += len(outcomes) - sum(outcomes)
        if on_progress is not None:
            on_progress(CopyProgress(read, written, unchanged, bad))
    _copy_state(source, target)
    target.flush()
    return CopyProgress(read, written, unchanged, bad)


def _copy_state(source: Store, target: Store) -> None:
    for key, value in source.iter_state():
        if not key.startswith(_OWN_STATE_PREFIXES) and target.get_state(key) != value:
            target.set_state(key, value)
