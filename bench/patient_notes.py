"""The written patient notes of ``bench/patient_notes.jsonl`` and their fixed split.

Kept apart from the benchmark (``notes.py``) so that the data check in
``tests/test_patient_notes.py`` reads the notes and the split exactly as the
benchmark does, without running any matching.

The split is decided by the note id alone, so adding or editing notes never
moves an existing note between halves; the "holdout" half is for reporting
only and nobody tunes the product on it (see ``bench/PATIENT_NOTES.md``).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Literal

import msgspec

NOTES_PATH = Path(__file__).resolve().parent / "patient_notes.jsonl"
# Notes written after the set above was tuned on, graded before any run and never tuned
# on: their own split, reported apart (bench/PATIENT_NOTES.md, "The fresh notes").
FRESH_NOTES_PATH = Path(__file__).resolve().parent / "fresh_patient_notes.jsonl"
# A second never-tuned set, written in the seventh session before any run (PATIENT_NOTES.md,
# "The second fresh notes"): reported apart from the first.
FRESH2_NOTES_PATH = Path(__file__).resolve().parent / "fresh2_patient_notes.jsonl"
# A third, written in the ninth session before any run (PATIENT_NOTES.md, "The third fresh
# notes"): reported apart like the others.
FRESH3_NOTES_PATH = Path(__file__).resolve().parent / "fresh3_patient_notes.jsonl"
# A fourth, 20 notes written in the twelfth session before any run (PATIENT_NOTES.md, "The
# fourth fresh notes"): reported apart, aggregate only.
FRESH4_NOTES_PATH = Path(__file__).resolve().parent / "fresh4_patient_notes.jsonl"
# A fifth, 20 notes written in the thirteenth session before any run (PATIENT_NOTES.md, "The
# fifth fresh notes"): reported apart, aggregate only.
FRESH5_NOTES_PATH = Path(__file__).resolve().parent / "fresh5_patient_notes.jsonl"
# A sixth, 20 notes written in the fourteenth session before any run (PATIENT_NOTES.md, "The
# sixth fresh notes"): measured once as fresh, then read (a development set, like fresh and fresh2).
FRESH6_NOTES_PATH = Path(__file__).resolve().parent / "fresh6_patient_notes.jsonl"
# A seventh, 21 notes written in the fifteenth session before any run (PATIENT_NOTES.md, "The
# seventh fresh notes"): measured once as committed, then read like fresh6.
FRESH7_NOTES_PATH = Path(__file__).resolve().parent / "fresh7_patient_notes.jsonl"
# An eighth, 16 notes written in the sixteenth session before any run (PATIENT_NOTES.md, "The
# eighth fresh notes"): measured once as committed, then read like fresh6 and fresh7.
FRESH8_NOTES_PATH = Path(__file__).resolve().parent / "fresh8_patient_notes.jsonl"
# A ninth, 22 notes written in the seventeenth session before any run (PATIENT_NOTES.md, "The
# ninth fresh notes"): measured once as committed, then read like fresh6, fresh7 and fresh8.
FRESH9_NOTES_PATH = Path(__file__).resolve().parent / "fresh9_patient_notes.jsonl"
# An eleventh, 20 notes written in the nineteenth session before any run (PATIENT_NOTES.md, "The
# eleventh fresh notes"): measured once as committed, then read like fresh6 to fresh9.
FRESH11_NOTES_PATH = Path(__file__).resolve().parent / "fresh11_patient_notes.jsonl"
# A twelfth, 20 notes written in the twentieth session before any run (PATIENT_NOTES.md, "The
# twelfth fresh notes"): measured once as committed, then read like fresh6 to fresh11.
FRESH12_NOTES_PATH = Path(__file__).resolve().parent / "fresh12_patient_notes.jsonl"
# A thirteenth, 20 notes written in the twenty-first session before any run (PATIENT_NOTES.md,
# "The thirteenth fresh notes"): measured once as committed, then read like fresh6 to fresh12.
FRESH13_NOTES_PATH = Path(__file__).resolve().parent / "fresh13_patient_notes.jsonl"
# A fourteenth, 20 notes written in the twenty-second session before any run (PATIENT_NOTES.md,
# "The fourteenth fresh notes"): measured once as committed, then read like fresh6 to fresh13.
FRESH14_NOTES_PATH = Path(__file__).resolve().parent / "fresh14_patient_notes.jsonl"
# A fifteenth, 20 notes written in the twenty-third session before any run (PATIENT_NOTES.md,
# "The fifteenth fresh notes"): measured once as committed, then read like fresh6 to fresh14.
FRESH15_NOTES_PATH = Path(__file__).resolve().parent / "fresh15_patient_notes.jsonl"
# A sixteenth, 20 notes written in the twenty-fourth session before any run (PATIENT_NOTES.md,
# "The sixteenth fresh notes"): measured once as committed, then read like fresh6 to fresh15.
FRESH16_NOTES_PATH = Path(__file__).resolve().parent / "fresh16_patient_notes.jsonl"
# A seventeenth, 20 notes written in the twenty-fifth session before any run (PATIENT_NOTES.md,
# "The seventeenth fresh notes"): measured once as committed, then read like fresh6 to fresh16.
FRESH17_NOTES_PATH = Path(__file__).resolve().parent / "fresh17_patient_notes.jsonl"
# An eighteenth, 20 notes written in the twenty-sixth session before any run (PATIENT_NOTES.md,
# "The eighteenth fresh notes"): measured once as committed, then read like fresh6 to fresh17.
FRESH18_NOTES_PATH = Path(__file__).resolve().parent / "fresh18_patient_notes.jsonl"
# A nineteenth, 20 notes written in the twenty-seventh session before any run (PATIENT_NOTES.md,
# "The nineteenth fresh notes"): measured once as committed, then read like fresh6 to fresh18.
FRESH19_NOTES_PATH = Path(__file__).resolve().parent / "fresh19_patient_notes.jsonl"
# A twentieth, 20 notes written in the twenty-eighth session before any run (PATIENT_NOTES.md,
# "The twentieth fresh notes"): measured once as committed, then read like fresh6 to fresh19.
FRESH20_NOTES_PATH = Path(__file__).resolve().parent / "fresh20_patient_notes.jsonl"
# A twenty-first, 20 notes written in the twenty-ninth session before any run (PATIENT_NOTES.md,
# "The twenty-first fresh notes"): measured once as committed, then read like fresh6 to fresh20.
FRESH21_NOTES_PATH = Path(__file__).resolve().parent / "fresh21_patient_notes.jsonl"
# A twenty-second, 20 notes written in the thirtieth session before any run (PATIENT_NOTES.md,
# "The twenty-second fresh notes"): measured once as committed, then read like fresh6 to fresh21.
FRESH22_NOTES_PATH = Path(__file__).resolve().parent / "fresh22_patient_notes.jsonl"
FRESH23_NOTES_PATH = Path(__file__).resolve().parent / "fresh23_patient_notes.jsonl"
# A twenty-fourth, 20 notes written in the thirty-second session before any run (PATIENT_NOTES.md,
# "The twenty-fourth fresh notes"): measured once as committed, then read like fresh6 to fresh23.
FRESH24_NOTES_PATH = Path(__file__).resolve().parent / "fresh24_patient_notes.jsonl"
# A twenty-fifth, 20 notes written in the thirty-third session before any run (PATIENT_NOTES.md,
# "The twenty-fifth fresh notes"), on the sample's least-graded trials: measured once as committed,
# then read like fresh6 to fresh24.
FRESH25_NOTES_PATH = Path(__file__).resolve().parent / "fresh25_patient_notes.jsonl"
# A twenty-sixth, 20 notes written in the thirty-fourth session before any run (PATIENT_NOTES.md,
# "The twenty-sixth fresh notes"), again on the sample's least-graded trials: measured once as
# committed, then read like fresh6 to fresh25.
FRESH26_NOTES_PATH = Path(__file__).resolve().parent / "fresh26_patient_notes.jsonl"
# A twenty-seventh, 20 notes written in the thirty-fifth session before any run (PATIENT_NOTES.md,
# "The twenty-seventh fresh notes"), again on the sample's least-graded trials: measured once as
# committed, then read like fresh6 to fresh26.
FRESH27_NOTES_PATH = Path(__file__).resolve().parent / "fresh27_patient_notes.jsonl"
# A twenty-eighth, 20 notes written in the thirty-sixth session before any run (PATIENT_NOTES.md,
# "The twenty-eighth fresh notes"), again on the sample's least-graded trials: measured once as
# committed, then read like fresh6 to fresh27.
FRESH28_NOTES_PATH = Path(__file__).resolve().parent / "fresh28_patient_notes.jsonl"

# A second set for reading, written in the tenth session like the fresh sets
# (PATIENT_NOTES.md, "The second tuning notes"): reported apart, and its misses may be read.
TUNE2_NOTES_PATH = Path(__file__).resolve().parent / "tune2_patient_notes.jsonl"

Split = Literal["tune", "holdout"]


class RelatedTrial(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A trial on the patient's condition that the patient does not fit (or fits less well)."""

    nct_id: str
    reason: str


class PatientNote(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One written note, its structured profile and the graded trials."""

    id: str
    kind: Literal["clinician", "lay"]
    note: str
    profile: dict[str, Any]
    fitting: list[str]
    related: list[RelatedTrial]
    why: str
    place: str | None = None


def load_notes(path: Path = NOTES_PATH) -> list[PatientNote]:
    """Every note of the JSON-lines file, in file order."""
    decoder = msgspec.json.Decoder(PatientNote)
    return [decoder.decode(line) for line in path.read_bytes().splitlines() if line.strip()]


def split_of(note_id: str) -> Split:
    """``holdout`` when the last byte of SHA-256(id, UTF-8) is odd, else ``tune``."""
    return "holdout" if hashlib.sha256(note_id.encode("utf-8")).digest()[-1] % 2 else "tune"
