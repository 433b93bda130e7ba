"""An inclusion asking a new diagnosis ("Newly diagnosed glioblastoma") against the setting
the note gives the disease: relapsed or treated before is no new diagnosis, untreated or
newly diagnosed is one, and silence leaves "newly" to the study team (issue 12)."""

from __future__ import annotations

from test_judge_entailment import facts, judged
from test_judge_fixes import _criterion_text


def test_a_relapsed_or_progressed_disease_is_no_new_diagnosis() -> None:
    all_text = _criterion_text("NCT05929976", "Patients must have newly diagnosed")
    relapsed = facts(note="A 9-year-old boy with relapsed B-cell acute lymphoblastic leukaemia.")
    assert judged(all_text, "inclusion", relapsed).status == "not_met"
    glioma_text = _criterion_text("NCT06720727", "Newly diagnosed biopsy proven")
    progressed = facts(
        note="12-year-old with diffuse midline glioma, progressed after radiotherapy."
    )
    assert judged(glioma_text, "inclusion", progressed).status == "not_met"
    myeloma = facts(note="67F with relapsed multiple myeloma after 2 prior lines of therapy.")
    result = judged("Patients with newly diagnosed multiple myeloma", "inclusion", myeloma)
    assert result.status == "not_met", result.reason


def test_a_disease_the_note_gives_as_untreated_meets_newly_diagnosed() -> None:
    myeloma = facts(note="67F with multiple myeloma diagnosed last month, untreated.")
    result = judged("Patients with newly diagnosed multiple myeloma", "inclusion", myeloma)
    assert result.status == "met", result.reason
    glioblastoma = facts(note="56M with glioblastoma diagnosed 3 weeks ago, no treatment yet.")
    assert judged("Newly diagnosed glioblastoma", "inclusion", glioblastoma).status == "met"


def test_a_note_silent_on_the_setting_leaves_newly_diagnosed_unknown() -> None:
    all_text = _criterion_text("NCT05929976", "Patients must have newly diagnosed")
    plain = facts(note="A 9-year-old boy with B-cell acute lymphoblastic leukaemia.")
    assert judged(all_text, "inclusion", plain).status == "unknown"
    myeloma = facts(note="67F with multiple myeloma.")
    result = judged("Patients with newly diagnosed multiple myeloma", "inclusion", myeloma)
    assert result.status == "unknown", result.reason


def test_newly_diagnosed_or_relapsed_admits_a_relapse() -> None:
    myeloma = facts(note="67F with relapsed multiple myeloma.")
    text = "Patients with newly diagnosed or relapsed multiple myeloma"
    assert judged(text, "inclusion", myeloma).status != "not_met"
