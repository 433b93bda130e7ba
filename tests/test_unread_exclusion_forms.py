"""Exclusions the parse reads nothing of, by form, answered on a whole record by what the
note states of them rather than by its silence (issue 12; unread-exclusions-forms).

A whole record's silence lets off an exclusion nothing is read of ("nothing in the
patient's record applies"); the readers of a criterion's own words (tumour markers, a
driver alteration, a response) were asked only on a partial record, so a whole note
stating "EGFR exon 19 deletion" let off "Have known changes in the EGFR or ALK genes."
while a partial one met it.
"""

from __future__ import annotations

from test_judge_entailment import facts
from test_judge_general import criterion_of
from trialfinder.match import judge

LUNG = "A 64-year-old woman with stage IV lung adenocarcinoma."


def test_a_driver_marker_the_whole_note_states_meets_an_unread_exclusion_of_it() -> None:
    """NCT06890598 "Have known changes in the EGFR or ALK genes.", NCT06561386 "Participants
    with epidermal growth factor receptor (EGFR), anaplastic lymphoma kinase (ALK), or ROS-1
    mutations that are sensitive to available targeted inhibitor therapy", NCT06726265
    "Epidermal growth factor receptor (EGFR)-sensitizing (activating) mutation": a whole note
    giving an EGFR exon 19 deletion or an ALK rearrangement meets them, the reason naming the
    marker."""
    cases = (
        ("NCT06890598", "Have known changes in the EGFR or ALK genes", "EGFR exon 19 deletion."),
        ("NCT06890598", "Have known changes in the EGFR or ALK genes", "ALK rearranged on FISH."),
        ("NCT06561386", "Participants with epidermal growth factor receptor", "EGFR L858R."),
        ("NCT06726265", "Epidermal growth factor receptor (EGFR)-sensitizing", "EGFR exon 19 del."),
    )
    for trial, opening, said in cases:
        criterion = criterion_of(trial, opening)
        assert criterion.section == "exclusion" and not criterion.constraints, opening
        verdict = judge(criterion, facts(note=f"{LUNG} {said}"), record_is_complete=True)
        assert verdict.status == "met", (trial, said, verdict.reason)
        assert "EGFR" in verdict.reason or "ALK" in verdict.reason


def test_driver_markers_the_whole_note_gives_negative_answer_an_unread_exclusion_of_them() -> None:
    """The same exclusions of a whole note giving the genes negative are not met by what the
    note states (the reason names the markers), not by "nothing in the patient's record
    applies"; a note silent on them is still let off by its silence."""
    negative = f"{LUNG} EGFR wild type, ALK negative, ROS1 negative."
    for trial, opening in (
        ("NCT06890598", "Have known changes in the EGFR or ALK genes"),
        ("NCT06561386", "Participants with epidermal growth factor receptor"),
        ("NCT06726265", "Epidermal growth factor receptor (EGFR)-sensitizing"),
    ):
        criterion = criterion_of(trial, opening)
        verdict = judge(criterion, facts(note=negative), record_is_complete=True)
        assert verdict.status == "not_met", (trial, verdict.reason)
        assert "negative" in verdict.reason, verdict.reason
        silent = judge(criterion, facts(note=LUNG), record_is_complete=True)
        assert silent.status == "not_met", silent.reason
        assert silent.reason == "nothing in the patient's record applies"
