"""bench/notes.py's note-open line judged against the open fitting trials only."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import ModuleType

import pytest

from trialfinder.search import open_store

REPOSITORY = Path(__file__).resolve().parents[1]


def _notes_bench() -> ModuleType:
    """bench/notes.py, imported as it runs (its folder first on the path)."""
    sys.path.insert(0, str(REPOSITORY / "bench"))
    try:
        return importlib.import_module("notes")
    finally:
        sys.path.remove(str(REPOSITORY / "bench"))


@pytest.mark.parametrize(
    ("notes_file", "note_id", "open_fitting"),
    [
        # The only fitting trial has status UNKNOWN (bench/PATIENT_NOTES.md): no open ranking
        # can find it, so the open-fitting line leaves the note out.
        ("patient_notes.jsonl", "knee-oa-refractory", []),
        ("fresh_patient_notes.jsonl", "fresh-cipn-breast-paclitaxel", ["NCT06491082"]),
    ],
)
def test_a_notes_open_fitting_trials_are_those_the_default_status_filter_admits(
    loaded_store_path: Path, notes_file: str, note_id: str, open_fitting: list[str]
) -> None:
    bench = _notes_bench()
    note = next(n for n in bench.load_notes(REPOSITORY / "bench" / notes_file) if n.id == note_id)
    store = open_store(loaded_store_path)
    try:
        assert bench.open_trials(store, note.fitting) == open_fitting
    finally:
        store.close()
