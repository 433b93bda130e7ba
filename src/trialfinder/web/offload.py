"""Matching runs off the event loop, a few requests at a time.

Pre-screening a patient (reading a note, judging every criterion of many trials)
takes CPU for a noticeable time. Run inside an async handler it held the event
loop: a static file took 0.8 s to arrive during four match POSTs. Here it runs
in worker threads, at most :data:`MATCHING_THREADS` at once (the rest wait
their turn without blocking anything else), so pages keep answering.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

__all__ = ["MATCHING_THREADS", "run_matching"]

# Matching is CPU-bound Python: more threads add no speed under the GIL, they only make
# the event loop wait longer for its turn. More requests wait for a thread instead.
MATCHING_THREADS = 2

_T = TypeVar("_T")
# One limiter per event loop (a server process has one; tests run several servers).
_limiters: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, anyio.CapacityLimiter] = (
    weakref.WeakKeyDictionary()
)


def _matching_limiter() -> anyio.CapacityLimiter:
    loop = asyncio.get_running_loop()
    limiter = _limiters.get(loop)
    if limiter is None:
        limiter = _limiters[loop] = anyio.CapacityLimiter(MATCHING_THREADS)
    return limiter


async def run_matching(work: Callable[[], _T]) -> _T:
    """``work()`` in a matching thread; the event loop serves other requests meanwhile."""
    return await anyio.to_thread.run_sync(work, limiter=_matching_limiter())
