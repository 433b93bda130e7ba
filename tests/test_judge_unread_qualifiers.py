"""A named condition does not meet a criterion whose qualifier it leaves open (issue 12).

A criterion is met only when the patient's facts entail it, qualifiers included. A need
written after the condition that the parse reads as no treatment ("Coronary artery disease
requiring a revascularization procedure"; "hypotension requiring multiple vasopressors" is
a medicine family the parse reads, left unknown by the need's own reason) and a setting
written right before it ("Orthostatic hypotension") narrow the condition: a note naming the
condition alone leaves the criterion unknown, and the reason names the qualifier; a note
stating the qualifier still meets it. The criteria are real registry text (``../shared``:
NCT00739791's exclusions, a cytokine release grading, a legacy record's condition title).
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import msgspec
import pytest

from test_judge_entailment import facts, judged
from trialfinder import criterion_from_text, judge
from trialfinder.patient import ScreeningRules, screening_phrase

# NCT00739791 (legacy XML sample), exclusion.
CAD_REVASCULARIZATION = "Coronary artery disease requiring a revascularization procedure"
# A cytokine release syndrome grading (ctgov_v2 studies, an outcome's grade 4).
HYPOTENSION_VASOPRESSORS = "hypotension requiring multiple vasopressors (excluding vasopressin)"
# A legacy XML record's condition title.
ORTHOSTATIC = "Orthostatic hypotension"


def test_a_bare_condition_leaves_a_need_it_was_written_with_unknown() -> None:
    for text, note, needs in (
        (
            CAD_REVASCULARIZATION,
            "65M with coronary artery disease and hypertension.",
            "coronary artery disease requiring a revascularization procedure",
        ),
        (
            HYPOTENSION_VASOPRESSORS,
            "72F admitted with sepsis. She has hypotension.",
            # vasopressors are a medicine family of the lexicon: the parse reads the need
            "needs vasopressors",
        ),
        (
            # A value that entails hypotension (SIGIR 2014-11's words) entails no need.
            HYPOTENSION_VASOPRESSORS,
            "A 40-year-old woman with sepsis. Her blood pressure is 80/60.",
            "needs vasopressors",
        ),
    ):
        for section in ("inclusion", "exclusion"):
            judgement = judged(text, section, facts(note=note))
            assert judgement.status == "unknown", (text, section, judgement.reason)
            assert needs in judgement.reason, judgement.reason


def test_a_note_stating_the_need_meets_it() -> None:
    for text, note in (
        (
            CAD_REVASCULARIZATION,
            "65M with coronary artery disease; revascularization procedure (PCI) in 2019.",
        ),
        (HYPOTENSION_VASOPRESSORS, "72F with sepsis. She has hypotension on vasopressors."),
        (HYPOTENSION_VASOPRESSORS, "72F with sepsis, on noradrenaline for hypotension."),
    ):
        judgement = judged(text, "exclusion", facts(note=note))
        assert judgement.status == "met", (text, note, judgement.reason)


def test_a_bare_condition_leaves_a_setting_written_before_it_unknown() -> None:
    for section in ("inclusion", "exclusion"):
        judgement = judged(ORTHOSTATIC, section, facts(note="80M. He has hypotension."))
        assert judgement.status == "unknown", (section, judgement.reason)
        assert "orthostatic hypotension" in judgement.reason, judgement.reason


def test_a_note_stating_the_setting_meets_it() -> None:
    # Judged as a whole record is (``match --trial``): the setting word is no unread rest.
    note = "80M, falls at home. He has orthostatic hypotension on standing."
    for section in ("inclusion", "exclusion"):
        criterion = criterion_from_text(ORTHOSTATIC, section)
        judgement = judge(criterion, facts(note=note), record_is_complete=True)
        assert judgement.status == "met", (section, judgement.reason)


def _rules_with_qualifier_row(**changed: str) -> dict[str, Any]:
    data: dict[str, Any] = msgspec.json.decode(
        (resources.files("trialfinder") / "data" / "screening_rules.json").read_bytes()
    )
    data["unread_qualifiers"] = [{**row, **changed} for row in data["unread_qualifiers"]]
    return data


def test_the_qualifier_table_reads_cause_need_and_setting_from_the_rules() -> None:
    rules = ScreeningRules.from_dict(_rules_with_qualifier_row())
    assert [(q.qualifier, q.place, q.cues) for q in rules.unread_qualifiers] == [
        ("cause", "after", "criterion_cause_cues"),
        ("need", "after", "criterion_need_cues"),
        ("setting", "before", "setting_qualifiers"),
    ]


def test_a_qualifier_row_naming_what_the_rules_lack_fails_on_load() -> None:
    for changed in (
        {"cues": "criterion_cure_cues"},
        {"synonyms": "need_word_synonym"},
        {"reason": "the note says {name}; the criterion needs {cause}"},
    ):
        with pytest.raises(ValueError):
            ScreeningRules.from_dict(_rules_with_qualifier_row(**changed))


def test_a_phrase_list_of_the_rules_is_one_pattern_by_its_name() -> None:
    onset = screening_phrase("onset_cues")
    assert onset is screening_phrase("onset_cues")
    assert onset.search("Diagnosed within the last 12 months") is not None
    with pytest.raises(ValueError):
        screening_phrase("onset_cue")


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("29F, SLE with lupus nephritis. Hb 10.4, WCC 3.1, plt 142.", "unknown"),
        ("29F, SLE. Mild anaemia, Hb 10.4.", "unknown"),
        ("29F, SLE. Severe anaemia, Hb 6.2, transfused.", "met"),
    ],
)
def test_a_misspelt_severity_word_is_still_a_severity_word(note: str, expected: str) -> None:
    """NCT05686746 'sever anemia, leukopenia or thrombocytopenia' (as NCT05703048 'sever pain'
    and NCT05704673 'sever vomating' write it): "sever" before a condition is "severe", so a
    note naming anaemia alone does not meet it."""
    criterion = "sever anemia, leukopenia or thrombocytopenia"
    judgement = judged(criterion, "exclusion", facts(note=note, age=29, sex="female"))
    assert judgement.status == expected
    if expected == "unknown":
        assert "severe anemia" in judgement.reason
