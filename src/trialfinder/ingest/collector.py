"""Garbage collection set for a bulk load.

An ingest allocates millions of small objects (decoded trials, parsed criteria,
index documents) that live for a batch or two, beside long-lived tables that
never change (the criteria lexicon, the gazetteer, the unit registry). With
CPython's defaults the young generation is collected every 700 allocations and
each full collection walks every live object again, the tables included: on the
registry-like corpus that was 15-30% of an ingest's CPU, in the writing process
and in the workers alike (bench/RESULTS.md). During a load the objects alive
when it starts are frozen out of collection (:func:`gc.freeze`) and the young
generation is collected every 20,000 allocations. Reference cycles are still
collected; the settings are put back when the load ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

__all__ = ["bulk_collection", "start_bulk_collection"]

_YOUNG_THRESHOLD = 20_000


def start_bulk_collection(*, freeze: bool = True) -> tuple[int, int, int]:
    """Freeze what is alive now (unless ``freeze`` is false), collect the young generation
    less often; returns the thresholds to restore (a worker process keeps these settings
    for its life)."""
    thresholds = gc.get_threshold()
    if freeze:
        gc.freeze()
    gc.set_threshold(_YOUNG_THRESHOLD, thresholds[1], thresholds[2])
    return thresholds


@contextmanager
def bulk_collection() -> Iterator[None]:
    """The settings of :func:`start_bulk_collection` for the duration of a load. In a
    process that froze objects before (a web server's tables, an enclosing load) the load
    freezes nothing more — what it froze could never be collected once the load ended —
    and leaves that freeze alone; otherwise its own freeze is undone at the end."""
    frozen_before = gc.get_freeze_count() > 0
    thresholds = start_bulk_collection(freeze=not frozen_before)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        if not frozen_before:
            gc.unfreeze()
