"""A named condition does not meet a criterion whose qualifier it leaves open (issue 12).

A criterion is met only when the patient's facts entail it, qualifiers included. A need
written after the condition that the parse reads as no treatment ("Coronary artery disease
requiring a revascularization procedure", "hypotension requiring multiple vasopressors")
and a setting written right before it ("Orthostatic hypotension") narrow the condition: a
note naming the condition alone leaves the criterion unknown, and the reason names the
qualifier; a note stating the qualifier still meets it. The criteria are real registry text
(``../shared``: NCT00739791's exclusions, a cytokine release grading, a legacy record's
condition title).
"""

from __future__ import annotations

from test_judge_entailment import facts, judged
from trialfinder import criterion_from_text, judge

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
            "hypotension requiring multiple vasopressors",
        ),
        (
            # A value that entails hypotension (SIGIR 2014-11's words) entails no need.
            HYPOTENSION_VASOPRESSORS,
            "A 40-year-old woman with sepsis. Her blood pressure is 80/60.",
            "hypotension requiring multiple vasopressors",
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
