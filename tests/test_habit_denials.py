"""A note's drinking and drug habits read against criteria on substance use disorders.

A stated weekly amount within the UK Chief Medical Officers' low-risk limit (14 units,
8 US standard drinks) is no alcohol use disorder now; "no drugs" denies drug use; both
together deny a substance use disorder. Silence stays unknown.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        # NCT00739856 "Significant substance abuse"
        (
            "Significant substance abuse",
            "Drinks 2 beers most nights, no alcohol use disorder, no drugs.",
        ),
        # NCT05690373 "Alcohol or drug abuse"
        ("Alcohol or drug abuse", "Drinks about 6 units a week, no drugs."),
        # NCT05381064
        (
            "Have drug or alcohol abuse or mental disorder in the last 5 years;",
            "Drinks 4 units a week, no drugs, no mental health history.",
        ),
        # NCT05690373, a non-drinker
        ("Alcohol or drug abuse", "Non-drinker, no drug use."),
    ],
)
def test_low_risk_drinking_and_no_drugs_answer_a_substance_use_disorder_exclusion(
    criterion: str, note: str
) -> None:
    judgement = judged(criterion, "exclusion", facts(age=40, sex="male", note=note))
    assert judgement.status == "not_met", judgement.reason


def test_a_low_risk_amount_denies_a_current_alcohol_use_disorder_not_a_past_one() -> None:
    """NCT05703256 "Current severe DSM-V alcohol … use disorder" and NCT05481749 "History of
    alcoholism": 6 units a week says nothing of years ago."""
    patient = facts(age=40, sex="male", note="Drinks about 6 units a week.")
    assert judged("Current alcohol abuse", "exclusion", patient).status == "not_met"
    assert judged("History of alcohol abuse", "exclusion", patient).status == "unknown"


@pytest.mark.parametrize(
    "note",
    ["Drinks 30 units a week.", "Drinks 6 units a week, alcohol dependence."],
)
def test_heavy_drinking_or_a_named_disorder_denies_nothing(note: str) -> None:
    patient = facts(age=40, sex="male", note=note + " No drugs.")
    judgement = judged("Alcohol or drug abuse", "exclusion", patient)
    assert judgement.status != "not_met", judgement.reason


def test_no_drugs_alone_leaves_alcohol_unknown() -> None:
    """NCT04207047 "History of chronic drug or alcohol abuse.": a note silent on alcohol."""
    patient = facts(age=40, sex="male", note="Non-smoker, no drugs.")
    assert judged("Drug abuse", "exclusion", patient).status == "not_met"
    assert judged("Alcohol or drug abuse", "exclusion", patient).status == "unknown"


@pytest.mark.parametrize(
    "criterion",
    [
        # NCT05872269
        "Consumption of alcohol for at least 90 consecutive days in last one year: >2 units of "
        "alcohol per day (>14 units per week) for males and >1 unit of alcohol per day (>7 units "
        "per week) for females.",
        # NCT06289387
        "Patients with significant alcohol intake (>14 drinks/week in men and >10 drinks/week in "
        "women).",
    ],
)
def test_glasses_of_wine_a_week_are_an_alcohol_amount(criterion: str) -> None:
    """A standard 175 ml glass of 12 % wine is 2.1 UK units (NHS): "1-2 glasses of wine a
    week" is at most 4.2 units, under either trial's limit for women."""
    patient = facts(age=46, sex="female", note="Drinks 1-2 glasses of wine a week.")
    judgement = judged(criterion, "exclusion", patient)
    assert "Alcohol intake 1–2 glasses of wine/week is below the required" in judgement.reason
    assert judgement.status != "met", judgement.reason


def test_glasses_of_wine_within_the_limits_answer_a_significant_alcohol_intake() -> None:
    """NCT06289387: 2 glasses of wine a week (4.2 units, 2.4 drinks) is no significant
    alcohol intake for a woman (> 10 drinks/week)."""
    patient = facts(age=62, sex="female", note="Drinks 2 glasses of wine a week.")
    criterion = (
        "Patients with significant alcohol intake (>14 drinks/week in men and >10 drinks/week "
        "in women)."
    )
    assert judged(criterion, "exclusion", patient).status == "not_met"


def test_the_top_of_a_range_decides_whether_drinking_is_low_risk() -> None:
    """ "6-10 pints of beer a week" may be 23 units: not within the low-risk limit."""
    patient = facts(age=40, sex="male", note="Drinks 6-10 pints of beer a week, no drugs.")
    assert judged("Alcohol or drug abuse", "exclusion", patient).status == "unknown"


def test_no_drugs_in_a_medication_list_is_no_denial_of_drug_use() -> None:
    """ "No drugs" speaks of drug use beside a habit ("Non-smoker, no drugs"), of medicines
    in a medication list."""
    patient = facts(age=40, sex="male", note="Medications: no drugs.")
    assert judged("Drug abuse", "exclusion", patient).status == "unknown"


def test_a_named_drug_use_disorder_is_not_denied_by_a_teetotaller() -> None:
    """NCT05480072 "moderate-to-severe cannabis use disorder and/or alcohol use disorder":
    teetotal and no drugs, but a cannabis use disorder named, is a substance use disorder."""
    note = "Teetotal, no drugs. Cannabis use disorder."
    patient = facts(age=30, sex="male", note=note)
    assert judged("Alcohol or drug abuse", "exclusion", patient).status == "met"
