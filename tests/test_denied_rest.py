"""An exclusion's unread words that the note's denial of what it read answers (issue 12).

An exclusion read in part ("…; the rest of this criterion needs the study team") whose
every reading the note denies is not met when the words left only ask about what it denied:
what a denied allergy would be to ("Allergic to G-CSF or PEG-rhG-CSF related components"
against "no known drug allergies"), or a pregnancy planned by a woman the note says is past the
menopause ("… or planning to become pregnant"). ``denied_rest`` of
``data/screening_rules.json``. A denial answers the rest, never the reverse: an allergy the
note has, or a woman who may still conceive, leaves the exclusion to the study team. Each
criterion is a real one of the hand-written rounds.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("Allergic to G-CSF or PEG-rhG-CSF related components.", "No known drug allergies."),
        ("Known allergy to tree nuts or peanuts", "No food allergies."),
        (
            "Hypersensitivity to or severe intolerance of azole antifungal agents.",
            "No known drug allergies.",
        ),
    ],
)
def test_a_denied_allergy_is_to_nothing_the_exclusion_lists(text: str, note: str) -> None:
    result = judged(text, "exclusion", facts(note=note))
    assert result.status == "not_met", result.reason


def test_a_second_requirement_after_an_allergys_object_is_still_asked() -> None:
    """ ", or inability to lie flat": a clause of its own, which no allergy denial answers."""
    text = "Known allergy to contrast media, or inability to lie flat for 30 minutes"
    result = judged(text, "exclusion", facts(note="No known allergies."))
    assert result.status == "unknown", result.reason


def test_an_allergy_the_note_has_leaves_what_it_is_to_to_the_team() -> None:
    note = "Allergies: penicillin (rash)."
    result = judged("Known allergy to tree nuts or peanuts", "exclusion", facts(note=note))
    assert result.status == "unknown", result.reason


@pytest.mark.parametrize(
    "text",
    [
        "Pregnant, breastfeeding, or planning to become pregnant.",
        "Subjects who are pregnant, nursing, or anticipate a pregnancy during the length of "
        "the trial.",
    ],
)
def test_a_woman_past_the_menopause_plans_no_pregnancy(text: str) -> None:
    patient = facts(note="Postmenopausal since 2016.", sex="female", age=58)
    result = judged(text, "exclusion", patient)
    assert result.status == "not_met", result.reason


def test_a_woman_who_may_conceive_leaves_her_plans_to_the_team() -> None:
    text = "Pregnant, breastfeeding, or planning to become pregnant."
    patient = facts(note="Not pregnant, not breastfeeding.", sex="female", age=34)
    assert judged(text, "exclusion", patient).status == "unknown"


@pytest.mark.parametrize(
    ("text", "note"),
    [
        # NCT06016452
        (
            "Prior treatment with bevacizumab (either for disease progression or radionecrosis)",
            "Left frontal astrocytoma, radionecrosis on MRI. Never had bevacizumab.",
        ),
        # NCT05381194
        (
            "Previously treated with Bedaquiline or Linezolid for more than 4 weeks",
            "Pulmonary TB, rifampicin resistant. Never received bedaquiline or linezolid.",
        ),
        # NCT04862663
        (
            "Prior treatment with CDK4/6 inhibitors in the metastatic setting (prior CDK4/6 "
            "inhibitors permitted in the adjuvant setting provided there was a CDK4/6i treatment "
            "free interval of at least 12 months).",
            "Relapsed HR+ breast cancer. Never had palbociclib or any other CDK4/6 inhibitor.",
        ),
    ],
)
def test_a_treatment_never_had_answers_the_course_an_exclusion_asks_of_it(
    text: str, note: str
) -> None:
    """A note saying the patient never had a drug denies every course of it: what it was
    for, for how long, in which setting."""
    result = judged(text, "exclusion", facts(note=note))
    assert result.status == "not_met", result.reason


@pytest.mark.parametrize(
    ("text", "note"),
    [
        # NCT06627647
        (
            "Any prior systemic therapy received for advanced or mNSCLC. Prior systemic therapy "
            "in the neoadjuvant or adjuvant setting and/or definitive radio- or "
            "chemoradiotherapy for early-stage disease are allowed, provided that recurrence or "
            "progression has occurred > 12 months after the end of treatment.",
            "Lung adenocarcinoma, stage IVA, dx 11/2026. Rx naive.",
        ),
        # NCT06038539
        (
            "Patients who have received any previous systemic therapy (including chemotherapy, "
            "immunotherapy, HER2-targeted agents, and antitumor vaccines) for treatment or "
            "prevention of breast cancer, or radiation therapy for treatment of cancer",
            "HER2-positive breast cancer, diagnosed 10/2026. No treatment yet.",
        ),
    ],
)
def test_a_treatment_naive_note_answers_the_course_of_a_prior_systemic_therapy(
    text: str, note: str
) -> None:
    """ "Treatment naive", "no treatment yet" for the patient's cancer: no systemic therapy
    for it in any setting or for any purpose."""
    result = judged(text, "exclusion", facts(note=note))
    assert result.status == "not_met", result.reason


def test_a_treatment_not_taken_now_leaves_its_prior_course_to_the_team() -> None:
    """ "Not on bevacizumab" says nothing of a course before."""
    text = "Prior treatment with bevacizumab (either for disease progression or radionecrosis)"
    note = "Left frontal astrocytoma, radionecrosis on MRI. Not on bevacizumab."
    result = judged(text, "exclusion", facts(note=note))
    assert result.status != "not_met", result.reason


def test_one_drug_never_had_leaves_another_drug_the_exclusion_names() -> None:
    """NCT05519085: "never had pomalidomide" says nothing of mezigdomide."""
    text = "Participant has had prior treatment with mezigdomide or pomalidomide."
    note = "Myeloma at first relapse on lenalidomide. Never had pomalidomide."
    result = judged(text, "exclusion", facts(note=note))
    assert result.status == "unknown", result.reason


def test_a_never_had_drug_leaves_the_other_drugs_an_exclusion_lists_after_it() -> None:
    """NCT00056407: "never taken finasteride or dutasteride" says nothing of "drugs that can
    block the action of male hormones", listed after them."""
    text = (
        "Use within the past 12 months of finasteride (Proscar or Propecia), dutasteride "
        "(Avodart), testosterone, or drugs that can block the action of male hormones."
    )
    note = "Raised PSA 7.2 after one benign biopsy. Never taken finasteride or dutasteride."
    result = judged(text, "exclusion", facts(note=note))
    assert result.status == "unknown", result.reason
