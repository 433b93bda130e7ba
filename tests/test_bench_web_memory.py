"""bench/web.py's reading of a server's memory (issue 18: RSS < 1 GB at 600,000 studies)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

REPOSITORY = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def web() -> Iterator[Any]:
    sys.path.insert(0, str(REPOSITORY / "bench"))
    import web

    yield web
    sys.path.remove(str(REPOSITORY / "bench"))


def test_memory_is_read_from_the_process_status(web: Any) -> None:
    memory = web._memory_mb(os.getpid())
    assert set(memory) == {"VmRSS", "VmHWM", "RssAnon", "RssFile"}
    assert 0 < memory["VmRSS"] <= memory["VmHWM"]
    # The resident set is its anonymous, file-backed and shared-memory parts.
    assert memory["RssAnon"] + memory["RssFile"] <= memory["VmRSS"] + 1


def test_group_memory_names_every_process_of_the_server_group(web: Any) -> None:
    server = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(60)"], start_new_session=True
    )
    try:
        assert list(web._group_memory(server.pid)) == [server.pid]
    finally:
        server.kill()
        server.wait()
