"""Round thirty's over-reads and rounds twenty to twenty-nine's last wrong answers, as
classes of criterion language (issue 12; branch round-thirty-overreads).

Criteria are real: round thirty's studies (tests/data/hand_written_patients_thirty_trials),
round twenty's, twenty-eight's and twenty-nine's, and the API v2 and legacy XML studies of
../shared.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged

# --- A capacity to become pregnant is childbearing potential, not a pregnancy.

# NCT05696782 (round thirty's lung cancer study).
_PARTNER_MAY_BECOME_PREGNANT = (
    "Patients with sexual relationships in which either they or their partner may become "
    "pregnant must use contraception during the study treatment period."
)
# CTFG 2020 section 2 defines a woman of childbearing potential as one "capable of becoming
# pregnant", as NCT05110196 writes it: "Women of child-bearing potential, defined as all
# women physiologically capable of becoming pregnant".
_CAPABLE_OF_BECOMING_PREGNANT = (
    "Women physiologically capable of becoming pregnant must use highly effective methods of "
    "contraception during study treatment."
)


@pytest.mark.parametrize("criterion", [_PARTNER_MAY_BECOME_PREGNANT, _CAPABLE_OF_BECOMING_PREGNANT])
@pytest.mark.parametrize(
    ("age", "note"),
    [
        (58, "58F, stage IIIA lung adenocarcinoma. Postmenopausal since 2019."),
        (34, "34F, lung adenocarcinoma. Not pregnant."),
    ],
)
def test_who_may_become_pregnant_names_whom_an_inclusion_asks_contraception_of(
    criterion: str, age: int, note: str
) -> None:
    """Neither the menopause nor a denied pregnancy fails the inclusion: the capacity to
    become pregnant says whom the contraception is asked of, which the study team settles."""
    judgement = judged(criterion, "inclusion", facts(age=age, sex="female", note=note))
    assert judgement.status == "unknown", judgement.reason


def test_a_pregnancy_inclusion_is_still_read() -> None:
    """ "Pregnant women" asks a pregnancy: a postmenopausal woman does not meet it."""
    note = "58F, lung adenocarcinoma. Postmenopausal since 2019."
    judgement = judged(
        "Pregnant women in the first trimester", "inclusion", facts(age=58, sex="female", note=note)
    )
    assert judgement.status == "not_met", judgement.reason


# --- "spontaneous INR": an INR not raised by an anticoagulant.

# NCT05686525 (round thirty's prostate study) and NCT00711542.
_SPONTANEOUS_INR = "High bleeding risk (spontaneous international normalized ratio (INR) > 1.6)."
_SPONTANEOUS_INR_LIVER = (
    "Significant liver disease (GOT > 2x upper normal value or spontaneous INR > 1,5."
)


@pytest.mark.parametrize("criterion", [_SPONTANEOUS_INR, _SPONTANEOUS_INR_LIVER])
def test_an_inr_on_warfarin_leaves_a_spontaneous_inr_unknown(criterion: str) -> None:
    note = "78M, chronic urinary retention. Warfarin for a mechanical valve, INR 2.8."
    judgement = judged(criterion, "exclusion", facts(age=78, sex="male", note=note))
    assert judgement.status == "unknown", judgement.reason
    assert "spontaneous" in judgement.reason


def test_an_inr_the_note_says_is_off_anticoagulation_meets_a_spontaneous_inr() -> None:
    note = "62M, alcohol-related cirrhosis. INR 1.9, not on anticoagulation."
    judgement = judged(_SPONTANEOUS_INR, "exclusion", facts(age=62, sex="male", note=note))
    assert judgement.status == "met", judgement.reason
