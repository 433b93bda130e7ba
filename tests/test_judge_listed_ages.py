"""Issue 12 item 3: an age written as one item of a list of alternatives is not a required limit.

"T2 tumors with one risk factor or T1 tumors with any of the following two high risk factors
such as presence of high grade, lymphovascular invasion, ER/PR negative, HER2 positivity, age <
35 years" (NCT02992574): the age is one risk factor among several. A 52-year-old with
lymphovascular invasion does not fail it on her age; the items the parse leaves unread decide,
so the answer is unknown, never not met on the age alone. An age the criterion asks for on its
own is still a limit. Real registry text (``../shared``).
"""

from __future__ import annotations

from test_judge_entailment import facts, judged
from test_judge_general import criterion_of
from trialfinder.match import judge

RISK_FACTOR_OPENING = "T2 tumors with one risk factor"
MDT_NOTE = (
    "52F. L breast IDC grade 3, pT2 (32 mm) pN0 (0/3 SLNB) M0. ER neg, PR neg, HER2 neg. "
    "LVI present. Upfront L total mastectomy + SLNB, margins clear."
)


def test_an_age_in_a_risk_factor_list_does_not_fail_a_patient_over_it() -> None:
    criterion = criterion_of("NCT02992574", RISK_FACTOR_OPENING)
    judgement = judge(criterion, facts(age=52, sex="female", note=MDT_NOTE))
    assert judgement.status == "unknown", judgement.reason
    assert "alternative" in judgement.reason


def test_an_age_in_a_risk_factor_list_met_by_the_patient_is_not_failed() -> None:
    criterion = criterion_of("NCT02992574", RISK_FACTOR_OPENING)
    judgement = judge(criterion, facts(age=31, sex="female", note=MDT_NOTE))
    assert judgement.status != "not_met", judgement.reason


def test_an_age_asked_for_on_its_own_is_still_a_limit() -> None:
    assert judged("Age < 35 years.", "inclusion", facts(age=52, sex="female")).status == "not_met"
    text = "Women aged 18 years or older with T2 tumors with one risk factor."
    assert judged(text, "inclusion", facts(age=16, sex="female")).status == "not_met"
