"""The web app served by a real uvicorn on a loopback port, for HTTP and browser tests.

The store behind it holds every real record plus one hostile trial whose text
tries to inject markup (``HOSTILE_NCT_ID``), so escaping is tested end to end.
:class:`ServeProcess` runs ``trialfinder serve`` itself in a child process, as
a deployment's web nodes do.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import httpx
import msgspec
import pytest
import uvicorn

from conftest import run_trialfinder
from pg_server import free_port
from trialfinder.model import ArmGroup, Eligibility, Location, Trial
from trialfinder.search import open_store

__all__ = ["HOSTILE_NCT_ID", "LiveServer", "ServeProcess", "hostile_trial", "ingest_renamed_study"]

HOSTILE_NCT_ID = "NCT09999901"


def hostile_trial() -> Trial:
    """A trial whose every free-text field tries to become HTML or script."""
    return Trial(
        nct_id=HOSTILE_NCT_ID,
        source_format="ctgov_v2_json",
        brief_title='Hostile <script>alert("title")</script> study',
        overall_status="RECRUITING",
        study_type="INTERVENTIONAL",
        phases=["PHASE2"],
        conditions=["Osteoporosis <b>bold</b>"],
        brief_summary="Summary with <iframe src=https://example.org></iframe> inside.",
        eligibility=Eligibility(
            criteria_text=(
                "Inclusion Criteria:\n\n"
                "* FSH > 25 IU/mL\n"
                "* <script>alert('criterion')</script>\n"
                "  * nested <img src=x onerror=alert(1)> item\n\n"
                "Exclusion Criteria:\n\n"
                "* Bilirubin < 2 & ALT > 3×ULN\n"
            ),
            sex="FEMALE",
        ),
        arm_groups=[
            ArmGroup(
                label="Cells <em>arm</em>",
                type="EXPERIMENTAL",
                description="injection of 4 x 107 WJ-MSCs",
            )
        ],
        locations=[
            Location(facility="<script>site()</script> Clinic", city="Seoul", country="Korea")
        ],
        source_last_updated="2026-01-02",
    )


class LiveServer:
    """A uvicorn server running ``create_app(store)`` in a thread."""

    def __init__(self, store_path: Path) -> None:
        # Imported here so that other suites load this plugin even while the web app changes.
        from trialfinder.settings import Settings
        from trialfinder.web.app import create_app
        from trialfinder.web.server import connection_options

        config = uvicorn.Config(
            create_app(Settings(db=str(store_path))),
            host="127.0.0.1",
            port=0,
            log_level="warning",
            lifespan="on",
            **connection_options(),
        )
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def __enter__(self) -> str:
        """The base URL of the server, started; it stops when the block ends."""
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


class ServeProcess:
    """``python -m trialfinder serve --port P *options`` in a child process.

    ``stop`` returns what it wrote to stderr (its log), for assertions.
    """

    def __init__(self, options: Sequence[str]) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [sys.executable, "-m", "trialfinder", "serve", "--port", str(self.port)]
        self.process = subprocess.Popen(
            [*command, *options], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
        )

    def wait_until_serving(self, timeout_seconds: float = 300) -> str:
        """The base URL, once ``/api/status`` answers.

        Generous: ``serve`` warms up before it listens (vocabulary, spelling corrector,
        search tables: ~3 s of CPU), and on a loaded machine with several processes
        starting at once that took over 100 s (a CI run at load 18 timed out at 120 s).
        """
        deadline = time.monotonic() + timeout_seconds
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"serve exited: {self.stop().decode(errors='replace')}")
            try:
                if httpx.get(f"{self.url}/api/status", timeout=10).status_code == 200:
                    return self.url
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"serve did not answer: {self.stop().decode(errors='replace')}")
            time.sleep(0.1)

    def stop(self) -> bytes:
        if self.process.poll() is None:
            self.process.terminate()
        _, stderr = self.process.communicate(timeout=30)
        return stderr


@pytest.fixture(scope="session")
def web_store_path(loaded_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the loaded store with the hostile trial added."""
    path = tmp_path_factory.mktemp("web_store") / "trials.db"
    shutil.copyfile(loaded_store_path, path)
    store = open_store(path)
    try:
        store.upsert_trials([hostile_trial()])
    finally:
        store.close()
    return path


@pytest.fixture(scope="session")
def live_server_url(web_store_path: Path) -> Iterator[str]:
    """Base URL of the app served over loopback HTTP for the whole session."""
    with LiveServer(web_store_path) as url:
        yield url


@pytest.fixture
def own_server(loaded_store_path: Path, tmp_path: Path) -> Iterator[tuple[LiveServer, str, Path]]:
    """A server over a copy of the loaded store that a test may change: the server, its
    base URL and the store's path."""
    store_path = tmp_path / "trials.db"
    shutil.copyfile(loaded_store_path, store_path)
    server = LiveServer(store_path)
    with server as url:
        yield server, url, store_path


def ingest_renamed_study(
    real_data_paths: list[Path], store_path: Path, nct_id: str, title: str
) -> None:
    """Ingest, with the ``trialfinder ingest`` command beside a running server, the first
    real API v2 study under a new NCT id and brief title (a new trial for a test)."""
    first = next(line for line in real_data_paths[0].read_bytes().splitlines() if line.strip())
    study = msgspec.json.decode(first)
    identification = study["protocolSection"]["identificationModule"]
    identification["nctId"] = nct_id
    identification["briefTitle"] = title
    source = store_path.with_name("new.jsonl")
    source.write_bytes(msgspec.json.encode(study) + b"\n")
    run_trialfinder("ingest", "--db", str(store_path), str(source), check=True)
