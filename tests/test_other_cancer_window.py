"""A second cancer against "no other malignancy within N years other than …" (issue 12).

The criterion is NCT04961996's (a breast cancer trial): "A history of any other malignancy
within 3 years prior to screening, except for …". A note denying any other cancer does not
meet it; one naming a second cancer without its year leaves it unknown and says the timing
is missing; one dating it by the year it was treated ("Melanoma excised in 2015", as the
rounds' coordinators write a past cancer) meets it inside the window and not outside.
"""

from __future__ import annotations

import datetime

import pytest

from test_judge_entailment import facts, v2_trial
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import CriterionResult, match_trial

OTHER_MALIGNANCY = "A history of any other malignancy within 3 years"
LAST_YEAR = datetime.date.today().year - 1  # inside the window whenever the test runs


def _result(note: str) -> CriterionResult:
    result = match_trial(parse_trial_criteria(v2_trial("NCT04961996")), facts(note=note))
    return next(c for c in result.criteria if c.text.startswith(OTHER_MALIGNANCY))


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("64F. Metastatic breast cancer. No other cancer.", "not_met"),
        ("64F. Metastatic breast cancer. Melanoma excised in 2015.", "not_met"),
        (f"64F. Metastatic breast cancer. Melanoma excised in {LAST_YEAR}.", "met"),
        ("64F. Metastatic breast cancer. Melanoma removed in 2016, no recurrence.", "not_met"),
    ],
)
def test_a_second_cancer_is_judged_by_the_year_it_was_treated(note: str, expected: str) -> None:
    result = _result(note)
    assert result.status == expected, result.reason


def test_a_second_cancer_without_its_year_names_the_missing_timing() -> None:
    result = _result("64F. Metastatic breast cancer. Previous melanoma, excised.")
    assert result.status == "unknown"
    assert "timing not given" in result.reason
