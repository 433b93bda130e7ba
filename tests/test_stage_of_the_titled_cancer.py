"""Issue 12 (inclusions the parse read nothing from): a stage or TNM written alone, read alone.

A trial's criteria are parsed with its conditions, and a stage or TNM written alone ("Must
have Ann Arbor Stage II-IV disease.", "Clinical stage T1 or T2a disease") is read there as the
stage of the one cancer the trial studies (``criteria.parse.stage_of_the_trial_disease``).
A criterion read alone, with only its trial's title (the labelled pairs' way, and the judge
audit's), read nothing and went to the study team even beside a note giving the stage. The
judge now reads it the same way from the conditions of the title
(``judging.trial_condition.staged_as_the_trial_cancer``); a title naming no cancer, or two,
leaves it unread. Criteria and titles are real trials'.
"""

from __future__ import annotations

from test_judge_entailment import facts
from trialfinder.evaluate import criterion_from_text, title_concepts
from trialfinder.match import judge

# NCT06356129
LYMPHOMA_TITLE = (
    "Study to Compare the Effectiveness and Safety of Golcadomide Plus R-CHOP vs Placebo Plus "
    "R-CHOP in Participants With Previously Untreated High-risk Large B-cell Lymphoma"
)
LYMPHOMA_STAGE = "Must have Ann Arbor Stage II-IV disease."
# NCT00739791
PROSTATE_TITLE = (
    "Nutrition and Lifestyle Changes in Patients With Previously Untreated Stage I or Stage II "
    "Prostate Cancer"
)
PROSTATE_TNM = "Clinical stage T1 or T2a disease"


def _status(text: str, title: str, note: str) -> tuple[str, str]:
    judgement = judge(
        criterion_from_text(text, "inclusion"),
        facts(note=note, age=60, sex="male"),
        title_concepts(title),
        record_is_complete=True,
    )
    return judgement.status, judgement.reason


def test_a_stage_alone_is_read_as_the_stage_of_the_cancer_the_title_names() -> None:
    note = "Diffuse large B-cell lymphoma, Ann Arbor stage IIIA, IPI 3, untreated."
    status, reason = _status(LYMPHOMA_STAGE, LYMPHOMA_TITLE, note)
    assert status == "met", reason
    note = "Diffuse large B-cell lymphoma, Ann Arbor stage IA, untreated."
    status, reason = _status(LYMPHOMA_STAGE, LYMPHOMA_TITLE, note)
    assert status == "not_met", reason


def test_a_tnm_alone_is_read_as_the_tnm_of_the_cancer_the_title_names() -> None:
    note = "Prostate adenocarcinoma, Gleason 3+3, cT1cN0M0, PSA 5.1."
    status, reason = _status(PROSTATE_TNM, PROSTATE_TITLE, note)
    assert status == "met", reason
    note = "Prostate adenocarcinoma, Gleason 4+3, cT3aN0M0, PSA 14."
    status, reason = _status(PROSTATE_TNM, PROSTATE_TITLE, note)
    assert status == "not_met", reason


def test_a_stage_alone_stays_unread_when_the_title_names_no_one_cancer() -> None:
    """A title naming no cancer (or a cancer and a second condition) cannot say whose stage
    it is: the criterion stays with the study team."""
    note = "Diffuse large B-cell lymphoma, Ann Arbor stage IIIA, IPI 3, untreated."
    status, reason = _status(LYMPHOMA_STAGE, "Supportive Coaching Intervention", note)
    assert status == "unknown", reason
    assert "not computable" in reason, reason
