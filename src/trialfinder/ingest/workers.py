"""Worker processes that die with the ingest that started them, their start-up tables frozen.

``ingest --jobs N`` parses criteria in a process pool. If the parent is killed
(``kill -9``, the OOM killer) nobody tells the pool, and idle workers would
wait on their queue forever, holding memory and open files. On Linux each
worker asks the kernel for a signal when its parent dies (``prctl`` with
``PR_SET_PDEATHSIG``); elsewhere a daemon thread watches the parent's pid.

A worker is forked with the tables its parent loaded (the gazetteer, the
criteria lexicon, the vocabulary: the ingest prepares one record before it
starts the pool, so that each worker does not load them again, ~0.9 s of CPU
apiece). It freezes them out of garbage collection (:func:`gc.freeze`): the
process lives for this ingest only, and its collections then never walk them.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
import signal
import sys
import threading
import time
from concurrent.futures import ProcessPoolExecutor

__all__ = ["worker_pool"]

_PR_SET_PDEATHSIG = 1
_PARENT_POLL_SECONDS = 1.0


def _watch_parent(parent_pid: int) -> None:
    while os.getppid() == parent_pid:
        time.sleep(_PARENT_POLL_SECONDS)
    os._exit(1)


def _exit_with_parent(parent_pid: int) -> None:
    """Pool initializer: make this worker end when ``parent_pid`` does; freeze what it
    inherited."""
    armed = False
    if sys.platform == "linux":
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        armed = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    if not armed:
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    # The parent may have died before the signal was armed.
    if os.getppid() != parent_pid:
        os._exit(1)
    gc.freeze()


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` processes that exit when this process dies."""
    return ProcessPoolExecutor(jobs, initializer=_exit_with_parent, initargs=(os.getpid(),))
