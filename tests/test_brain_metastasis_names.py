"""A single brain metastasis is named as the plural is: "a new brain metastasis", "a brain
met" and "brain mets" are the brain metastases "Symptomatic brain metastases" (NCT06140836,
real registry text in ``../shared``) asks about, so a whole record that names one is not
silent about them (round fifteen's crizotinib patient, round five's "symptomatic brain met")."""

from __future__ import annotations

from test_hand_written_patients import _trial
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import match_trial


def test_a_lung_cancer_trials_brain_metastases_exclusion_reads_the_notes_brain_metastasis() -> None:
    """In a lung cancer trial the patient's brain metastasis is the trial cancer's spread, yet
    the exclusion that names brain metastases asks about exactly that: it is read, not left
    out as the trial's own condition (then a whole record answered it not met)."""
    result = match_trial(
        parse_trial_criteria(_trial("NCT06140836")),
        facts(
            age=57,
            sex="male",
            note="57M. Metastatic NSCLC, ROS1 rearranged. Headaches and left arm weakness "
            "from a new brain metastasis last week, on dexamethasone.",
        ),
    )
    (criterion,) = [c for c in result.criteria if c.text.startswith("Symptomatic brain")]
    assert "no information" not in criterion.reason, criterion.reason


def test_an_old_myocardial_infarction_stays_an_atherosclerosis_trials_own_condition() -> None:
    """Only a cancer's spread is kept so: in an atherosclerotic cardiovascular disease trial
    (NCT06383390) a myocardial infarction two years ago does not meet "any of the following
    cardiovascular conditions ≤ 90 days prior to randomization: Myocardial infarction …"."""
    result = match_trial(
        parse_trial_criteria(_trial("NCT06383390")),
        facts(
            age=60,
            sex="male",
            note="The patient had an uncomplicated myocardial infarction 2 years earlier. BMI 31.",
        ),
    )
    (criterion,) = [c for c in result.criteria if "cardiovascular conditions" in c.text]
    assert criterion.status != "met", criterion.reason
