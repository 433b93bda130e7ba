"""One settings object: read once, options over environment over defaults, handed to workers."""

from __future__ import annotations

from pathlib import Path

import pytest

from trialfinder.settings import DEFAULT_DB, DEFAULT_PAGE_CACHE_ENTRIES, Settings

SOURCE = Path(__file__).resolve().parents[1] / "src" / "trialfinder"


def test_options_win_over_the_environment_which_wins_over_defaults() -> None:
    environment = {
        "TRIALFINDER_DB": "postgresql://primary/trials",
        "TRIALFINDER_READ_DB": "postgresql://replica/trials",
        "TRIALFINDER_PAGE_CACHE": "7",
    }
    assert Settings.read({}) == Settings(
        db=DEFAULT_DB, read_db=None, page_cache_entries=DEFAULT_PAGE_CACHE_ENTRIES
    )
    from_environment = Settings.read(environment)
    assert (from_environment.db, from_environment.read_db) == (
        "postgresql://primary/trials",
        "postgresql://replica/trials",
    )
    assert from_environment.page_cache_entries == 7
    chosen = Settings.read(
        environment, db="other.db", read_db="postgresql://r2/t", host="0.0.0.0", workers=3
    )
    assert (chosen.db, chosen.read_db, chosen.host, chosen.workers) == (
        "other.db",
        "postgresql://r2/t",
        "0.0.0.0",
        3,
    )


def test_worker_processes_get_the_parents_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TRIALFINDER_SETTINGS", "")  # restored when the test ends
    monkeypatch.setenv("TRIALFINDER_DB", "not-this.db")
    settings = Settings(db="served.db", read_db="postgresql://replica/t", page_cache_entries=0)
    settings.hand_to_workers()
    assert Settings.from_handoff() == settings


def test_only_the_settings_module_reads_the_environment() -> None:
    readers = [
        path.relative_to(SOURCE).as_posix()
        for path in SOURCE.rglob("*.py")
        if "os.environ" in path.read_text() or "getenv(" in path.read_text()
    ]
    assert readers == ["settings.py"]


def test_the_node_search_directory_comes_from_the_option_or_the_environment() -> None:
    environment = {"TRIALFINDER_SEARCH_DIR": "/var/cache/trialfinder/search"}
    assert Settings.read({}).search_dir is None
    assert Settings.read(environment).search_dir == "/var/cache/trialfinder/search"
    assert Settings.read(environment, search_dir="/srv/index").search_dir == "/srv/index"
