"""Issue 12 item 1: an inclusion written as alternatives ("X or Y") is met by one
alternative only with that alternative's own qualifiers and words.

The judge had answered such a criterion by the first alternative the patient has, before
it asked that alternative's qualifiers or the words written for it: a plain hepatitis B
met "active or uncontrolled hepatitis B", any lymphoma met "measurable disease as per
Lugano Criteria for Lymphoma". Criteria are the API v2 studies' own lines (../shared/data).
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged, v2_trial
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import Criterion
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import judge, match_trial


def _line(nct_id: str, start: str) -> str:
    """The study's criterion that starts with ``start``, as its registry record writes it."""
    criteria = parse_trial_criteria(v2_trial(nct_id)).criteria
    found = [c.text for c in criteria if c.text.startswith(start)]
    assert found, f"{nct_id}: no criterion starts with {start!r}"
    return found[0]


def _inclusion(nct_id: str, start: str, note: str) -> tuple[str, str]:
    judgement = judged(_line(nct_id, start), "inclusion", facts(age=50, sex="female", note=note))
    return judgement.status, judgement.reason


def test_an_alternative_without_its_qualifier_leaves_the_criterion_unknown() -> None:
    status, reason = _inclusion(
        "NCT06112379",
        "Has active or uncontrolled hepatitis B or C",
        "Hepatitis B diagnosed in 2012, followed in the liver clinic.",
    )
    assert status == "unknown"
    assert "hepatitis C" in reason or "hepatitis c" in reason.lower()


@pytest.mark.parametrize(
    ("start", "note"),
    [
        (
            "Evidence of measurable disease as per Lugano Criteria for Lymphoma",
            "Follicular lymphoma diagnosed in 2019, in remission after treatment.",
        ),
        (
            "Evidence of measurable disease as per Lugano Criteria for Lymphoma",
            "Chronic lymphocytic leukemia, watch and wait.",
        ),
    ],
)
def test_an_alternative_held_with_its_own_words_unread_leaves_the_criterion_unknown(
    start: str, note: str
) -> None:
    status, reason = _inclusion("NCT06761586", start, note)
    assert status == "unknown"
    assert "the rest of this criterion needs the study team" in reason


def test_the_words_before_the_first_alternative_qualify_every_alternative() -> None:
    status, _ = _inclusion(
        "NCT06472076",
        "Provides a fresh tumor tissue sample",
        "Metastatic NSCLC diagnosed in March 2026.",
    )
    assert status == "unknown"


def test_an_alternative_held_with_only_framing_words_left_meets_the_criterion() -> None:
    """ "Established diagnosis of" frames the diagnosis, as "Clinical diagnosis of" does
    (tests/test_judge_silence.py): the same with alternatives."""
    line = _line("NCT05948592", "Established diagnosis of Diabetes Mellitus")
    constraints, complete = parse_criterion(line, "inclusion")
    criterion = Criterion("C", "inclusion", line, constraints=constraints, complete=complete)
    patient = facts(age=50, sex="female", note="Type 2 diabetes since 2015.")
    assert judge(criterion, patient) == (
        "met",
        "Type 2 diabetes since 2015.",
        "patient has type 2 diabetes",
    )


def test_denied_treatments_as_alternatives_ask_for_neither() -> None:
    line = "No previous systemic bisphosphonate or denosumab therapy"
    assert _inclusion("NCT03295981", line, "Never had denosumab.")[0] == "unknown"
    assert _inclusion("NCT03295981", line, "On denosumab since 2023.")[0] == "not_met"
    assert _inclusion("NCT03295981", line, "Never had bisphosphonates or denosumab.")[0] == "met"


def test_a_denied_treatment_beside_the_condition_it_treats_is_answered_as_before() -> None:
    result = match_trial(
        parse_trial_criteria(v2_trial("NCT06472076")),
        facts(age=60, sex="male", note="Metastatic NSCLC, treatment naive."),
    )
    criterion = next(
        c for c in result.criteria if c.text.startswith("Has not received prior systemic therapy")
    )
    assert criterion.status == "met"


# Values listed after "one or more of the following:" or "at least one of the following
# criteria:" are alternatives, however the list is joined (commas, "and/or", "or"): one
# holding meets the list, a failing one fails nothing while another may hold.
_INOPERABLE = (  # NCT05702775
    "Surgical decision of inoperable patient (if one or more of the following criteria is "
    "met: age ≥80 years, American Society of Anesthesiology (ASA) III or more, Charlson "
    "Comorbidity Index > 5 and/or Karnofsky < 50 or decision of the patient not to have "
    "surgery."
)
_HYPERGLYCAEMIA = (  # NCT05694520
    "Women who are at 20-30 weeks' singleton gestation and have the first onset of "
    "hyperglycemia which fulfills at least one of the following criteria: fasting glucose "
    "≥5.1 mmol/L, 1 h glucose ≥10 mmol/L or 2 h glucose ≥8.5 mmol/L during the 2 h 75 g OGTT."
)


@pytest.mark.parametrize(
    ("criterion", "age", "note", "expected", "reason_names"),
    [
        (
            _INOPERABLE,
            86,
            "86-year-old woman with acute calculous cholecystitis. ASA IV, seen by the surgeon "
            "and the anaesthetist: not fit for cholecystectomy. Karnofsky 50.",
            "met",
            "86",
        ),
        (
            _HYPERGLYCAEMIA,
            31,
            "Singleton pregnancy at 26 weeks. OGTT: fasting glucose 5.4 mmol/L.",
            "unknown",
            "5.4 mmol/L",
        ),
    ],
)
def test_a_value_listed_after_an_any_group_cue_that_holds_is_not_failed_by_the_others(
    criterion: str, age: int, note: str, expected: str, reason_names: str
) -> None:
    judgement = judged(criterion, "inclusion", facts(age=age, sex="female", note=note))
    assert judgement.status == expected, judgement.reason
    assert reason_names in judgement.reason


@pytest.mark.parametrize(
    ("criterion", "age", "note", "expected"),
    [
        (_INOPERABLE, 62, "62-year-old with acute cholecystitis. ASA 2, Karnofsky 80.", "unknown"),
        (
            _HYPERGLYCAEMIA,
            31,
            "Singleton pregnancy at 26 weeks. 75 g OGTT: fasting glucose 4.6 mmol/L, "
            "1 h glucose 8.1 mmol/L, 2 h glucose 6.9 mmol/L.",
            "not_met",
        ),
    ],
)
def test_listed_values_failing_leave_the_list_open_and_all_failing_fail_it(
    criterion: str, age: int, note: str, expected: str
) -> None:
    judgement = judged(criterion, "inclusion", facts(age=age, sex="female", note=note))
    assert judgement.status == expected, judgement.reason
