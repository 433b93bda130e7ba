"""Shared test fixtures.

Shared data (real registry records, the reference pages, annotated corpora) is
read only as ``../shared`` beside the repository root, only through
:func:`shared_path`: a test that needs an absent file skips, naming it.
``real_data_paths`` are the real registry records every suite may load: the
228 API v2 studies and the legacy XML sample under ../shared, plus the sample
bundled with the package. ``loaded_store_path`` is one SQLite store holding all
of them, built once per session; tests must treat it as read-only (copy it, or
build another store, to change data).
"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from types import ModuleType
from typing import Any

import msgspec
import pytest
from hypothesis import HealthCheck, settings

from trialfinder.ingest import ingest_paths, sample_paths
from trialfinder.search import open_store
from trialfinder.store import Store

pytest_plugins = ["pg_server", "live_server"]

# `make fuzz` runs the parser fuzz tests (tests/test_fuzz_parsers.py) with
# `--hypothesis-profile=fuzz`: many more examples than the few seconds `make test` spends.
settings.register_profile(
    "fuzz",
    max_examples=5_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

REPOSITORY = Path(__file__).resolve().parents[1]
SHARED = REPOSITORY.parent / "shared"
# Paths under ../shared, for shared_path.
API_V2_STUDIES = "data/ctgov_v2/studies_v2.jsonl"
LEGACY_XML_SAMPLE = "data/ctgov_legacy_xml/sample"


def shared_path(relative: str) -> Path:
    """``../shared/<relative>``; the calling test (or fixture) skips, naming it, if it is absent."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"shared data absent: ../shared/{relative}")
    return path


def packaged_data(name: str) -> dict[str, Any]:
    """A JSON data file shipped in ``trialfinder/data`` as plain values, for a test to break
    one entry and show that loading it fails naming the entry."""
    raw = (resources.files("trialfinder") / "data" / name).read_bytes()
    data: dict[str, Any] = msgspec.json.decode(raw)
    return data


def script_module(name: str) -> ModuleType:
    """``scripts/<name>.py`` loaded from its file (the scripts are no package modules)."""
    spec = importlib.util.spec_from_file_location(name, REPOSITORY / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_trialfinder(
    *args: str, check: bool = False, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """``python -m trialfinder ARGS`` in a child process, its output captured as text."""
    return subprocess.run(
        [sys.executable, "-m", "trialfinder", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=check,
    )


@pytest.fixture(scope="session")
def real_data_paths() -> list[Path]:
    """Real records: API v2 JSON lines, legacy XML files and the bundled sample."""
    return [shared_path(API_V2_STUDIES), shared_path(LEGACY_XML_SAMPLE), *sample_paths()]


@pytest.fixture(scope="session")
def loaded_store_path(
    real_data_paths: list[Path], tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """A SQLite store file with every real record loaded (read-only for tests)."""
    path = tmp_path_factory.mktemp("loaded_store") / "trials.db"
    store = open_store(path)
    try:
        ingest_paths(store, real_data_paths)
    finally:
        store.close()
    yield path


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    """A SQLite store with the bundled sample loaded (read-only for tests)."""
    opened = open_store(tmp_path_factory.mktemp("sample_store") / "sample.db")
    try:
        ingest_paths(opened, sample_paths())
        yield opened
    finally:
        opened.close()
