"""A denial bounded in time ("no hypertension before pregnancy") says nothing of now
(``denial_bounded_description`` of the screening rules; issue 12, branch wrong-answers-classes).

The notes are the hand-written rounds' (twenty-nine: a postnatal ward note; twenty: a mother's
words; twenty-seven: an admission note); the criteria are real (NCT05687344, round twenty-nine's
hypertensive disorder of pregnancy study).
"""

from __future__ import annotations

from test_judge_entailment import facts, judged
from trialfinder.patient import PatientFacts

# NCT05687344 (intensive postpartum antihypertensive treatment).
_HDP = "HDP diagnosis (gestational hypertension or preeclampsia) according to ACOG guidelines"

_POSTNATAL = (
    "Postnatal ward, 2 Dec 2026. Day 1 after SVD (born 1 Dec). Pre-eclampsia diagnosed at 37+2 "
    "weeks (BP 152/98 x2 four hours apart, PCR 48 mg/mmol) - meets ACOG criteria, induced. "
    "Booking BP 112/70 at 10 weeks, no hypertension before pregnancy. BP today 158/102, on "
    "labetalol 200 mg tds."
)


def _denials(patient: PatientFacts, concept: str) -> int:
    return len(patient.concept_facts(concept)[1])


def test_no_hypertension_before_pregnancy_does_not_deny_hypertension_now() -> None:
    patient = facts(age=31, sex="female", note=_POSTNATAL)
    assert _denials(patient, "hypertension") == 0
    assert not any(f.negated and f.descriptor_id == "D006973" for f in patient.vocabulary_facts)


def test_the_time_a_denial_is_bounded_by_is_not_denied() -> None:
    patient = facts(age=31, sex="female", note=_POSTNATAL)
    assert _denials(patient, "pregnancy") == 0


def test_a_pre_eclampsia_with_hypertension_denied_before_pregnancy_does_not_fail_hdp() -> None:
    assert judged(_HDP, "inclusion", facts(age=31, sex="female", note=_POSTNATAL)).status != (
        "not_met"
    )


def test_a_drug_never_taken_before_the_diagnosis_is_not_denied_now() -> None:
    # Round twenty: "Never took tamoxifen or raloxifene before the diagnosis".
    patient = facts(
        age=47,
        sex="female",
        note="Breast cancer diagnosed last year. Never took tamoxifen or raloxifene before "
        "the diagnosis.",
    )
    assert _denials(patient, "tamoxifen") == 0


def test_a_denial_with_no_time_after_it_stays_a_denial() -> None:
    # Round twenty-nine: "has not had nifedipine before"; round seventeen: "no anti-cancer
    # treatment before this" (before now).
    assert _denials(facts(note="NKDA, has not had nifedipine before."), "nifedipine") == 1
    assert _denials(facts(note="No hypertension before this."), "hypertension") == 1
    assert _denials(facts(note="No hypertension until now."), "hypertension") == 1
