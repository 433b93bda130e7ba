"""A prefix joined by a hyphen makes a condition's word another concept.

"pre-diabetes" is the Prediabetic State (MeSH D011236), not diabetes; "pre-menopausal" is before
the menopause, "pre-hypertension" Prehypertension (D058246). Neither the note's reading nor the
criterion's takes the condition from the word after the prefix, so a note's pre-diabetes does not
meet a diabetes exclusion. Notes are from the readable notes sets, criteria from Chia's
development half (``../shared``).
"""

from __future__ import annotations

import json

from conftest import REPOSITORY, shared_path
from test_judge_entailment import facts, judged
from trialfinder.criteria.model import ConceptMention
from trialfinder.criteria.parse import parse_criterion


def _note(identifier: str) -> str:
    lines = (REPOSITORY / "bench" / "fresh16_patient_notes.jsonl").read_text("utf-8")
    found = [json.loads(line) for line in lines.splitlines()]
    (note,) = [entry["note"] for entry in found if entry["id"] == identifier]
    return str(note)


def _chia_line(stem: str, opening: str) -> str:
    text = (shared_path("data/chia/chia_without_scope") / f"{stem}.txt").read_text("utf-8")
    (line,) = [ln.strip() for ln in text.splitlines() if ln.strip().startswith(opening)]
    return line


def test_a_note_on_pre_diabetes_does_not_meet_a_diabetes_exclusion() -> None:
    note = _note("fresh16-prediabetes-gp-referral")
    judgement = judged("Diabetes mellitus", "exclusion", facts(age=46, sex="male", note=note))
    assert judgement.status == "not_met", judgement.reason


def test_a_criterion_on_pre_menopausal_women_reads_no_menopause() -> None:
    line = _chia_line("NCT02106598_inc", "Women who are pre-menopausal")
    constraints, _ = parse_criterion(line, "inclusion")
    read = [c.concept for c in constraints if isinstance(c, ConceptMention)]
    assert "menopause" not in read, read
