"""Two classes of round thirteen (issue 12): a trial known only by its MeSH condition terms
still has its own condition set aside by a general-health criterion, and a qualifier on a
condition does not reach into the bracket that lists what the condition covers."""

from __future__ import annotations

from test_hand_written_patients import _any_trial, _criterion
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.context import cues_at
from trialfinder.match import CriterionResult, match_trial

# NCT00739778 (a caries trial: "Dental Caries", a lexicon concept since round-vocab, and "Dental
# Plaque", none).
_GENERAL_HEALTH = "Good general health as evidenced"
# NCT05380778's exclusion, on the trial's own text.
_PREMEDICATION = (
    "sedative premedication severe immune deficiency (diabetes, steroid or antihistamine "
    "medication, cancer, chemotherapy, status post transplantation, drug and alcohol abuse), "
    "recent surgery (1 month) or blood transfusion"
)


def _result(nct_id: str, criterion: str, note: str, age: int, sex: str) -> CriterionResult:
    result = match_trial(
        parse_trial_criteria(_any_trial(nct_id)), facts(age=age, sex=sex, note=note)
    )
    return _criterion(result, criterion)


def test_the_trial_keeps_its_condition_names_the_lexicon_does_not_read() -> None:
    parsed = parse_trial_criteria(_any_trial("NCT00739778"))
    assert parsed.condition_concepts == ["dental_caries"]
    assert parsed.unread_conditions == ["Dental Plaque"]


def test_the_trials_own_caries_does_not_fail_good_general_health() -> None:
    note = "27F. Two new carious lesions restored this year. Takes no medications."
    found = _result("NCT00739778", _GENERAL_HEALTH, note, 27, "female")
    assert found.status != "not_met"


def test_another_illness_still_fails_good_general_health_in_a_caries_trial() -> None:
    note = "52M. Multiple new root caries this year. T2DM on metformin."
    found = _result("NCT00739778", _GENERAL_HEALTH, note, 52, "male")
    assert found.status == "not_met"


def test_a_severity_on_a_condition_does_not_reach_the_bracket_listing_its_causes() -> None:
    at = _PREMEDICATION.index("steroid")
    assert cues_at(_PREMEDICATION, at, at + len("steroid"), "qualifier") == []
    head = _PREMEDICATION.index("immune deficiency")
    assert cues_at(_PREMEDICATION, head, head + len("immune deficiency"), "qualifier") == ["severe"]


def test_a_bracket_between_a_severity_and_its_condition_keeps_the_severity() -> None:
    text = "Severe (grade 3 or higher) hypertension"
    at = text.index("hypertension")
    assert cues_at(text, at, len(text), "qualifier") == ["severe"]


def test_a_daily_steroid_meets_the_premedication_exclusion_listing_steroids() -> None:
    note = (
        "61F for R total shoulder replacement. Renal transplant 2018 on tacrolimus and "
        "prednisolone 5 mg daily."
    )
    found = _result("NCT05380778", _PREMEDICATION[:40], note, 61, "female")
    assert found.status == "met"


# NCT05827016's inclusion, on the trial's own text.
_SYMPTOMATIC_MYELOMA = "Confirmed diagnosis of symptomatic multiple myeloma"


def _symptomatic(note: str) -> str:
    return _result("NCT05827016", _SYMPTOMATIC_MYELOMA, note, 58, "male").status


def test_a_myeloma_diagnosed_with_crab_features_is_symptomatic() -> None:
    note = (
        "IgG kappa multiple myeloma diagnosed 01/2026 with anaemia, hypercalcaemia and "
        "lytic lesions."
    )
    assert _symptomatic(note) == "met"


def test_a_myeloma_with_renal_failure_is_symptomatic() -> None:
    note = "IgA lambda myeloma presenting with acute renal failure from cast nephropathy, 2025."
    assert _symptomatic(note) == "met"


def test_a_smouldering_myeloma_with_anaemia_is_not_read_as_symptomatic() -> None:
    note = "Smouldering myeloma, IgG kappa, under surveillance; mild anaemia from iron deficiency."
    assert _symptomatic(note) != "met"


def test_a_myeloma_without_crab_features_is_not_read_as_symptomatic() -> None:
    note = "IgG kappa myeloma diagnosed 2025: no anaemia, no hypercalcaemia, no lytic lesions."
    assert _symptomatic(note) == "unknown"


def test_an_anaemia_in_another_sentence_does_not_make_the_myeloma_symptomatic() -> None:
    note = "IgG kappa myeloma diagnosed 2025. Hb 95, anaemia from lenalidomide."
    assert _symptomatic(note) == "unknown"
