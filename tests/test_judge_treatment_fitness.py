"""Fitness for a treatment: a criterion asking it is judged from the note's statement of it
(issue 12 items 1 and 4).

"Patient not fit for general anaesthesia" (NCT06370169, exclusion), "Medically fit for
Surgery" (NCT03922438, LCT), "Not fit for surgery, radiotherapy or adjuvant systemic therapy"
(NCT02992574): no condition, score or value states fitness for a treatment, but a note does in
the same words ("Anaesthetic pre-assessment: fit for general anaesthesia", "assessed as unfit
for general anaesthesia by the anaesthetist"). The note's statement settles the criterion
treatment by treatment; a statement in a conditional clause or a question states nothing,
and a criterion asking more than fitness is left to the study team.
"""

from __future__ import annotations

from test_judge_entailment import facts, judged

NOT_FIT_FOR_GA = "Patient not fit for general anaesthesia"
FIT_FOR_SURGERY = "Medically fit for Surgery"
NOT_FIT_FOR_THREE = "Not fit for surgery, radiotherapy or adjuvant systemic therapy"
# NCT03868228 (LCT): laparoscopy is a second thing asked, not read here.
NOT_FIT_FOR_GA_OR_LAPAROSCOPY = (
    "Decision by Preoperative Assessment Department or Consultant Anaesthetist that patient "
    "not fit for general anaesthesia and / or laparoscopy"
)

FIT_FOR_GA_NOTE = (
    "Surveillance OGD: isolated gastric varices in the fundus, 25 mm, with red spots. "
    "Anaesthetic pre-assessment: fit for general anaesthesia."
)
UNFIT_FOR_GA_NOTE = (
    "Admitted with haematemesis from gastric varices. Severe COPD (FEV1 31%), assessed as "
    "unfit for general anaesthesia by the anaesthetist."
)


def test_a_note_stating_unfitness_meets_an_exclusion_of_it() -> None:
    judgement = judged(NOT_FIT_FOR_GA, "exclusion", facts(note=UNFIT_FOR_GA_NOTE))
    assert judgement.status == "met", judgement.reason
    assert "unfit for general anaesthesia" in judgement.reason


def test_a_note_stating_fitness_leaves_an_exclusion_of_unfitness_not_met() -> None:
    judgement = judged(NOT_FIT_FOR_GA, "exclusion", facts(note=FIT_FOR_GA_NOTE))
    assert judgement.status == "not_met", judgement.reason
    assert "fit for general anaesthesia" in judgement.reason


def test_an_inclusion_of_fitness_for_surgery_follows_the_note() -> None:
    fit = judged(
        FIT_FOR_SURGERY, "inclusion", facts(note="58M, renal stone. Deemed fit for surgery.")
    )
    assert fit.status == "met", fit.reason
    note = "84M, renal stone, severe COPD: unfit for surgery."
    unfit = judged(FIT_FOR_SURGERY, "inclusion", facts(note=note))
    assert unfit.status == "not_met", unfit.reason


def test_a_note_unfit_for_one_listed_treatment_meets_an_exclusion_of_any() -> None:
    note = "78F with breast cancer, frail, severe COPD, not fit for surgery."
    judgement = judged(NOT_FIT_FOR_THREE, "exclusion", facts(note=note))
    assert judgement.status == "met", judgement.reason


def test_a_fitness_statement_in_a_condition_or_question_states_nothing() -> None:
    for note in (
        "Varices to be banded under GA if fit for general anaesthesia.",
        "Is she fit for general anaesthesia? Anaesthetic review booked.",
        "Anaesthetic review to determine whether fit for general anaesthesia.",
    ):
        judgement = judged(NOT_FIT_FOR_GA, "exclusion", facts(note=note))
        assert judgement.status == "unknown", (note, judgement.reason)


def test_fitness_for_another_treatment_leaves_the_criterion_unknown() -> None:
    judgement = judged(
        NOT_FIT_FOR_GA, "exclusion", facts(note="PS 0, fit for adjuvant chemo and RT.")
    )
    assert judgement.status == "unknown", judgement.reason


def test_a_criterion_asking_more_than_fitness_is_left_to_the_study_team() -> None:
    # Fit for general anaesthesia says nothing of laparoscopy, nor of the three listed
    # treatments' last one (adjuvant systemic therapy).
    judgement = judged(NOT_FIT_FOR_GA_OR_LAPAROSCOPY, "exclusion", facts(note=FIT_FOR_GA_NOTE))
    assert judgement.status == "unknown", judgement.reason
    note = "52F, after mastectomy. PS 0, fit for adjuvant chemo and RT."
    judgement = judged(NOT_FIT_FOR_THREE, "exclusion", facts(note=note))
    assert judgement.status == "unknown", judgement.reason
