"""A criterion naming one drug of a class is answered by that drug, not by another member
(``trialfinder.judging.named_drugs``; round thirty-one)."""

from __future__ import annotations

from test_judge_entailment import facts, judged, status


def test_a_note_on_warfarin_leaves_an_apixaban_dose_reduction_open() -> None:
    """NCT05687448 "Creatinine clearance <30 mL/min (Cockcroft) or patients requiring
    apixaban dose reduction.": round thirty-one's man on warfarin was "on apixaban"."""
    result = judged(
        "Creatinine clearance <30 mL/min (Cockcroft) or patients requiring apixaban dose "
        "reduction.",
        "exclusion",
        facts(age=62, sex="male", note="Mechanical aortic valve 2019. On warfarin, INR 2.6."),
    )
    assert result.status == "unknown", result.reason
    assert "warfarin" in result.reason


def test_a_note_on_warfarin_does_not_state_heparin() -> None:
    """NCT05687448 "Need of heparin or low molecular weight heparin and known hypersensitivity
    or other contraindications to these drugs specially heparin-induced thrombocytopenia":
    warfarin is another anticoagulant ("or other contraindications" asks no other drug)."""
    text = (
        "Need of heparin or low molecular weight heparin and known hypersensitivity or other "
        "contraindications to these drugs specially heparin-induced thrombocytopenia"
    )
    assert status(text, "exclusion", "On warfarin, target INR 2.0-3.0.") == "unknown"


def test_clopidogrel_does_not_meet_a_use_of_aspirin() -> None:
    """NCT02682511 "Use of aspirin > 81 mg per day in the last two weeks;": clopidogrel is
    another antiplatelet drug, not aspirin."""
    result = judged(
        "Use of aspirin > 81 mg per day in the last two weeks;",
        "exclusion",
        facts(note="Clopidogrel 75 mg daily since a coronary stent in 2024."),
    )
    assert result.status == "unknown", result.reason
    assert "clopidogrel" in result.reason


def test_the_named_drug_itself_still_meets_it() -> None:
    """NCT02682511's aspirin line against "On aspirin 325 mg daily.": met as before."""
    text = "Use of aspirin > 81 mg per day in the last two weeks;"
    assert status(text, "exclusion", "On aspirin 325 mg daily.") == "met"


def test_a_class_word_beside_the_drug_asks_the_class() -> None:
    """NCT02682511 "Use of warfarin, heparin or other anticoagulants in the last 30 days;":
    apixaban is one of the other anticoagulants."""
    text = "Use of warfarin, heparin or other anticoagulants in the last 30 days;"
    assert status(text, "exclusion", "On apixaban 5 mg BD for AF.") == "met"


def test_a_narrower_form_and_a_brand_name_of_the_drug_meet_it() -> None:
    """Enoxaparin is a low-molecular-weight heparin (MeSH files it below Heparin); Coumadin
    is warfarin (a MeSH entry term)."""
    assert status("Need of heparin", "exclusion", "Enoxaparin 40 mg daily.") == "met"
    assert status("Current use of warfarin", "exclusion", "Takes Coumadin daily.") == "met"


def test_prednisolone_still_answers_a_prednisone_criterion() -> None:
    """Corticosteroids are no class of distinct medicines here: a criterion's prednisone is
    met by a note's prednisolone, as before."""
    assert status(
        "Current treatment with prednisone", "exclusion", "Prednisolone 20 mg daily."
    ) == ("met")
