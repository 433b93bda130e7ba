"""Substance use disorders as one concept with its kinds (issue 12).

MeSH files Alcohol-Related Disorders, Opioid-Related Disorders, Marijuana Abuse,
Cocaine-Related and Amphetamine-Related Disorders under Substance-Related Disorders (F03.900),
as DSM-5 files its alcohol, opioid, cannabis, stimulant and sedative use disorders under
Substance-Related and Addictive Disorders. A criterion's "substance abuse" is met by any kind;
its "drug abuse" (the words criteria set beside "alcohol abuse") by the drug kinds only. A kind
in remission is past: it does not meet a criterion asking for current substance abuse.
"""

from __future__ import annotations

import pytest

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import match_trial


@pytest.mark.parametrize(
    ("patient", "expected"),
    [
        # Round nine: "Cannabis use disorder, smoking daily" is a substance use disorder now.
        ("PTSD after assault, depression primary", "met"),
        # Round nine: "Alcohol use disorder, in sustained remission since 2019" is past.
        ("veteran with chronic PTSD", "not_met"),
    ],
)
def test_a_substance_use_disorder_of_any_kind_answers_current_substance_abuse(
    patient: str, expected: str
) -> None:
    """NCT00739765 "Current substance abuse or dependence": a cannabis use disorder the note
    says goes on meets it; an alcohol use disorder in sustained remission (DSM-5's
    specifier) is a substance use disorder that has ended, so it does not."""
    trial = parse_trial_criteria(_any_trial("NCT00739765"))
    result = match_trial(trial, _round_patient("nine", patient))
    criterion = _criterion(result, "Current substance abuse or dependence")
    assert criterion.status == expected, criterion.reason


def test_an_alcohol_use_disorder_is_no_drug_abuse() -> None:
    """NCT05389722 "History of drug abuse within 2 years …": criteria name drug abuse beside
    alcohol abuse ("History of alcohol or drug abuse"), so an alcohol use disorder, a
    substance use disorder, is not drug abuse."""
    trial = parse_trial_criteria(_any_trial("NCT05389722"))
    note = "52M, alcohol use disorder, drinking 40 units a week. Hypertension."
    result = match_trial(trial, facts(age=52, sex="male", note=note))
    criterion = _criterion(result, "History of drug abuse within 2 years")
    assert criterion.status != "met", criterion.reason


@pytest.mark.parametrize(
    "note",
    [
        "38M, cocaine use disorder, last used 2 days ago.",
        "29F with cannabis dependence, smoking daily.",
        "45M, benzodiazepine dependence on a diazepam taper.",
    ],
)
def test_a_drug_use_disorder_is_drug_abuse(note: str) -> None:
    """NCT05389722 "History of drug abuse within 2 years …": cocaine, cannabis and sedative
    use disorders are drug use disorders (MeSH Substance-Related Disorders' drug kinds)."""
    trial = parse_trial_criteria(_any_trial("NCT05389722"))
    result = match_trial(trial, facts(age=40, sex="male", note=note))
    criterion = _criterion(result, "History of drug abuse within 2 years")
    assert criterion.status != "not_met", criterion.reason
    assert "does not mention" not in criterion.reason, criterion.reason


def test_alcohol_or_drug_abuse_or_dependence_is_read_whole() -> None:
    """NCT05380739 "History of alcohol or drug abuse/dependence": an alcohol use disorder the
    note names meets it (round six's "amnestic MCI, past alcohol dependence")."""
    trial = parse_trial_criteria(_any_trial("NCT05380739"))
    result = match_trial(trial, _round_patient("six", "amnestic MCI, past alcohol dependence"))
    criterion = _criterion(result, "History of alcohol or drug abuse")
    assert criterion.status == "met", criterion.reason
