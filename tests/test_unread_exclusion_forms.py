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


def test_a_disease_written_the_british_way_is_found_in_a_note_naming_it_either_way() -> None:
    """A disease only MeSH reads, written in British spelling by the criterion, was looked
    for among the note's MeSH names in American spelling only, so NCT06370169 "Oesophageal
    stricture" let off a whole note of "PMH: oesophageal stricture" (or "esophageal
    stricture"), and NCT05872269's "… and haemochromatosis." one of haemochromatosis."""
    stricture = criterion_of("NCT06370169", "Oesophageal stricture")
    assert stricture.section == "exclusion" and not stricture.constraints
    for said in ("oesophageal stricture", "esophageal stricture"):
        note = f"A 71-year-old man with cirrhosis. PMH: {said}, dilated 2024."
        verdict = judge(stricture, facts(note=note), record_is_complete=True)
        assert verdict.status == "met", (said, verdict.reason)
    liver = criterion_of("NCT05872269", "History of other chronic liver disease")
    note = "A 58-year-old man with hereditary haemochromatosis, venesected monthly."
    verdict = judge(liver, facts(note=note), record_is_complete=True)
    assert verdict.status == "met", verdict.reason
    assert "haemochromatosis" in verdict.reason.lower() or "hemochromatosis" in verdict.reason


def test_a_marker_of_a_note_naming_no_cancer_settles_no_unread_exclusion_of_a_tumour() -> None:
    """NCT06087614 "HPV (p16) positive tumours" asks a tumour's marker: a whole note of a
    pap smear "cytology negative, HPV positive" names no cancer, so its HPV result does not
    meet the exclusion (judge audit, sigir-201517); its silence on a tumour settles it."""
    criterion = criterion_of("NCT06087614", "HPV (p16) positive tumours")
    assert criterion.section == "exclusion" and not criterion.constraints
    note = (
        "A 32 year old female with no previous medical history presents to clinic to discuss "
        "lab results from her most recent pap smear. The results of her PAP were cytology "
        "negative, HPV positive."
    )
    verdict = judge(criterion, facts(note=note), record_is_complete=True)
    assert verdict.status == "not_met", verdict.reason
    cancer = "A 58-year-old man with oropharyngeal squamous cell carcinoma, p16 positive."
    assert judge(criterion, facts(note=cancer), record_is_complete=True).status == "met"
