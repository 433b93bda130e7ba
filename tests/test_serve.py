"""``trialfinder serve`` as users start it: a real process on loopback."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from registry_standin import RegistryStandIn, load_studies


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def registry() -> Iterator[RegistryStandIn]:
    with RegistryStandIn(load_studies()) as standin:
        yield standin


def test_serve_with_sync_every_fills_the_store_and_pages_say_when(
    registry: RegistryStandIn, tmp_path: Path
) -> None:
    port = free_port()
    expected = len(load_studies())
    command = [sys.executable, "-m", "trialfinder", "serve", "--port", str(port)]
    command += ["--sync-every", "24h", "--api-url", registry.api_url]
    process = subprocess.Popen(
        [*command, "--db", str(tmp_path / "s.db")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 180
        total = 0
        while time.monotonic() < deadline and total < expected:
            time.sleep(0.5)
            try:
                answer = httpx.get(f"{base}/api/v2/studies", params={"countTotal": "true"})
            except httpx.TransportError:
                continue
            if answer.status_code == 200:
                total = answer.json().get("totalCount", 0)
        assert total == expected == len(registry.served_ids())
        deadline = time.monotonic() + 60
        page = httpx.get(f"{base}/search", params={"q": "cancer"}).text
        while "Data last refreshed" not in page and time.monotonic() < deadline:
            time.sleep(0.5)
            page = httpx.get(f"{base}/search", params={"q": "cancer"}).text
        assert "Data last refreshed from the registry" in page
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    assert b"Traceback" not in stderr


def test_serve_with_workers_answers_from_the_store_given_by_option(tmp_path: Path) -> None:
    """Worker processes get the parent's settings: the --db option, not $TRIALFINDER_DB."""
    db = tmp_path / "w.db"
    trialfinder = [sys.executable, "-m", "trialfinder"]
    ingest = [*trialfinder, "ingest", "--sample", "--quiet", "--format", "json", "--db", str(db)]
    loaded = json.loads(subprocess.run(ingest, check=True, capture_output=True).stdout)
    port = free_port()
    process = subprocess.Popen(
        [*trialfinder, "serve", "--port", str(port), "--workers", "2", "--db", str(db)],
        env={**os.environ, "TRIALFINDER_DB": str(tmp_path / "not-this.db")},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        totals = set()
        deadline = time.monotonic() + 120
        while len(totals) == 0 and time.monotonic() < deadline:
            time.sleep(0.5)
            try:
                answer = httpx.get(
                    f"http://127.0.0.1:{port}/api/v2/studies", params={"countTotal": "true"}
                )
            except httpx.TransportError:
                continue
            totals.add(answer.json()["totalCount"])
        for _ in range(8):  # several connections: both workers answer
            answer = httpx.get(
                f"http://127.0.0.1:{port}/api/v2/studies", params={"countTotal": "true"}
            )
            totals.add(answer.json()["totalCount"])
        assert totals == {loaded["ingested"]}
        assert not (tmp_path / "not-this.db").exists()
    finally:
        process.terminate()
        _, stderr = process.communicate(timeout=30)
    assert b"Traceback" not in stderr
