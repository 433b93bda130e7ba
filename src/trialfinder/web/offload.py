"""CPU-bound work runs off the event loop, a few requests at a time.

Pre-screening a patient (reading a note, judging every criterion of many trials)
takes CPU for a noticeable time. Run inside an async handler it held the event
loop: a static file took 0.8 s to arrive during four match POSTs. Here it runs
in worker threads, at most :data:`MATCHING_THREADS` at once (the rest wait
their turn without blocking anything else), so pages keep answering.

A search page is rendered the same way, one at a time in a process
(:data:`PAGE_THREADS`). Under the GIL, pages rendered side by side gain no CPU:
their threads hand the GIL back and forth at every call that releases it (the
search index, the records' decompression, SQLite), each hand-over a futex wake and
a thread switch, and on two cores the threads bounce between them. Under wrk with
four connections a one-worker server switched threads ~57 times a page and spent
4.45 ms of CPU on it, against 3.19 ms and ~4 switches one request at a time.
Waiting pages wait for the thread, not the loop: static files and cached pages are
answered meanwhile.
"""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

__all__ = ["MATCHING_THREADS", "PAGE_THREADS", "run_matching", "run_page"]

# Matching is CPU-bound Python: more threads add no speed under the GIL, they only make
# the event loop wait longer for its turn. More requests wait for a thread instead.
MATCHING_THREADS = 2
# Rendering a search page is CPU-bound Python too (its few milliseconds): one at a time.
PAGE_THREADS = 1

_T = TypeVar("_T")
# The limiters of each event loop by their work (a server process has one loop; tests
# run several servers).
_limiters: weakref.WeakKeyDictionary[
    asyncio.AbstractEventLoop, dict[str, anyio.CapacityLimiter]
] = weakref.WeakKeyDictionary()


def _limiter(work: str, threads: int) -> anyio.CapacityLimiter:
    limiters = _limiters.setdefault(asyncio.get_running_loop(), {})
    limiter = limiters.get(work)
    if limiter is None:
        limiter = limiters[work] = anyio.CapacityLimiter(threads)
    return limiter


async def run_matching(work: Callable[[], _T]) -> _T:
    """``work()`` in a matching thread; the event loop serves other requests meanwhile."""
    return await anyio.to_thread.run_sync(work, limiter=_limiter("matching", MATCHING_THREADS))


async def run_page(render: Callable[..., _T], *arguments: object) -> _T:
    """``render(*arguments)`` in the page thread, after the pages asked before it."""
    return await anyio.to_thread.run_sync(
        render, *arguments, limiter=_limiter("page", PAGE_THREADS)
    )
