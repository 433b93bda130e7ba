"""Worker processes that die with the ingest that started them.

``ingest --jobs N`` parses criteria in a process pool. If the parent is killed
(``kill -9``, the OOM killer) nobody tells the pool, and idle workers would
wait on their queue forever, holding memory and open files. On Linux each
worker asks the kernel for a signal when its parent dies (``prctl`` with
``PR_SET_PDEATHSIG``); elsewhere a daemon thread watches the parent's pid.
"""

from __future__ import annotations

import ctypes
import ctypes.util
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
    """Pool initializer: make this worker end when ``parent_pid`` does."""
    armed = False
    if sys.platform == "linux":
        libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
        armed = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
    if not armed:
        threading.Thread(target=_watch_parent, args=(parent_pid,), daemon=True).start()
    # The parent may have died before the signal was armed.
    if os.getppid() != parent_pid:
        os._exit(1)


def worker_pool(jobs: int) -> ProcessPoolExecutor:
    """A pool of ``jobs`` processes that exit when this process dies."""
    return ProcessPoolExecutor(jobs, initializer=_exit_with_parent, initargs=(os.getpid(),))
