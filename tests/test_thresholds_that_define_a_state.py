"""A criterion that names a state and gives the threshold defining it (issue 12, round nine).

"Abnormal QTc ... prolonged (>450 msec in males; >470 msec in women)" and "Presence of
hypoxemia with SpO2 < 94 %- measured in a pulse oximeter)": the threshold is what the
state's name means, so a measured value settles the whole criterion; and a value written
for the other sex after a semicolon is still the same test's.
"""

from __future__ import annotations

import pytest

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import Measurement
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import match_trial

QTC = ("NCT04638790", "Abnormal QTc")
HYPOXEMIA = ("NCT06923098", "Presence of hypoxemia")


def test_the_other_sexes_value_after_a_semicolon_is_the_same_tests() -> None:
    """NCT04638790 "(>450 msec in males; >470 msec in women)": the women's limit is QTc's."""
    trial = parse_trial_criteria(_any_trial(QTC[0]))
    criterion = next(c for c in trial.iter_criteria() if c.text.startswith(QTC[1]))
    limits = {
        (m.sex, m.comparator, m.value)
        for m in criterion.constraints
        if isinstance(m, Measurement) and m.analyte == "qtc"
    }
    assert limits == {("male", ">", 450.0), ("female", ">", 470.0)}


@pytest.mark.parametrize(
    ("sex", "qtc", "expected"),
    [
        ("female", 430, "not_met"),
        ("female", 460, "not_met"),
        ("female", 480, "met"),
        ("male", 430, "not_met"),
        ("male", 460, "met"),
    ],
)
def test_an_abnormal_qtc_is_judged_against_the_limit_for_the_patients_sex(
    sex: str, qtc: int, expected: str
) -> None:
    """Round nine: "Abnormal QTc" for a woman with "QTc 430 ms" is not met, by the women's
    limit the criterion gives (> 470 ms); the same 460 ms is abnormal for a man (> 450)."""
    trial = parse_trial_criteria(_any_trial(QTC[0]))
    note = f"27-year-old, classical Hodgkin lymphoma. ECG sinus rhythm, QTc {qtc} ms."
    result = match_trial(trial, facts(age=27, sex=sex, note=note))
    criterion = _criterion(result, QTC[1])
    assert criterion.status == expected, criterion.reason


def test_a_round_nine_qtc_written_as_normal_for_a_woman_is_not_abnormal() -> None:
    result = match_trial(
        parse_trial_criteria(_any_trial(QTC[0])),
        _round_patient("nine", "new classical Hodgkin lymphoma"),
    )
    assert _criterion(result, QTC[1]).status == "not_met"


@pytest.mark.parametrize(
    ("patient", "expected"),
    [("IPF with a lung nodule", "not_met"), ("rheumatoid arthritis with ILD on warfarin", "met")],
)
def test_hypoxemia_defined_by_a_saturation_threshold_is_settled_by_the_saturation(
    patient: str, expected: str
) -> None:
    """Round nine: "Presence of hypoxemia with SpO2 < 94 %" — "SpO2 95% on room air" is no
    hypoxemia by the criterion's own definition; "SpO2 91% on air" is."""
    result = match_trial(
        parse_trial_criteria(_any_trial(HYPOXEMIA[0])), _round_patient("nine", patient)
    )
    criterion = _criterion(result, HYPOXEMIA[1])
    assert criterion.status == expected, criterion.reason


@pytest.mark.parametrize(
    "text", ["Abnormal QTc", "Presence of hypoxemia", "Prolonged QTc interval"]
)
def test_a_state_without_its_threshold_stays_with_the_study_team(text: str) -> None:
    """Without a number the state's name sets no limit: the words stay unread."""
    _, complete = parse_criterion(text, "exclusion")
    assert not complete


def test_a_normal_inr_and_platelet_count_leave_a_bleeding_diathesis_to_the_study_team() -> None:
    """Policy (round nine, NCT06923098): "INR 1.0, platelets 190" rule out the coagulopathy
    the criterion defines by numbers, not haemophilia or von Willebrand disease, which have a
    normal INR and platelet count; the answer stays with the study team and says why."""
    result = match_trial(
        parse_trial_criteria(_any_trial("NCT06923098")),
        _round_patient("nine", "IPF with a lung nodule"),
    )
    criterion = _criterion(result, "Participants with pre-existing bleeding diathesis")
    assert criterion.status == "unknown"
    assert "INR 1" in criterion.reason and "bleeding diathesis" in criterion.reason
