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


# Item 4 of issue 12 (reading-mechanisms): a time bound limits only a denial whose cue comes
# before the finding ("no X before Y"); a result written after the finding ("… was negative")
# is the test's result, dated by the bound, and denies it now. Criteria: NCT05687344 (HDP),
# NCT05514054 "Participant has previously received ET of any duration for breast cancer
# prevention (tamoxifen or AIs) or raloxifene.", NCT06760702 and NCT06427811 (hepatitis B).
_PREVENTION_ET = (
    "Participant has previously received ET of any duration for breast cancer prevention "
    "(tamoxifen or AIs) or raloxifene."
)
_HEPATITIS = "Known active or chronic hepatitis B or hepatitis C infection."
_HEPATITIS_OR_HIV = (
    "Known infection with human immunodeficiency virus (HIV) or active hepatitis B or C."
)


def test_a_denial_before_the_finding_stays_bounded_when_a_negative_result_follows() -> None:
    note = "Booking BP 112/70, no hypertension before pregnancy; urine protein negative."
    patient = facts(age=31, sex="female", note=note)
    assert _denials(patient, "hypertension") == 0
    assert _denials(patient, "pregnancy") == 0
    assert judged(_HDP, "inclusion", patient).status != "not_met"


def test_a_drug_never_taken_before_a_diagnosis_stays_bounded_beside_a_negative_test() -> None:
    note = (
        "Breast cancer diagnosed last year. Never took tamoxifen before the diagnosis; BRCA "
        "negative."
    )
    patient = facts(age=47, sex="female", note=note)
    assert _denials(patient, "tamoxifen") == 0
    assert judged(_PREVENTION_ET, "exclusion", patient).status != "not_met"


def test_a_result_written_after_the_infections_denies_them_whatever_time_bounds_it() -> None:
    patient = facts(note="HBV and HCV non-reactive before the transplant.")
    assert _denials(patient, "hepatitis_b") == 1
    assert judged(_HEPATITIS, "exclusion", patient).status == "not_met"


def test_a_shorthand_negative_result_of_a_screen_denies_what_it_screened() -> None:
    # "-ve", the project's shorthand of a negative result ("bHCG -ve"), is one of the
    # negative-result words a screen's result is read by too.
    patient = facts(note="Tested for HIV, hepatitis B and C before the transplant, all -ve.")
    assert _denials(patient, "hiv") == 1
    assert _denials(patient, "hepatitis_b") == 1
    assert judged(_HEPATITIS_OR_HIV, "exclusion", patient).status == "not_met"


def test_a_pregnancy_test_not_detected_or_non_reactive_denies_pregnancy() -> None:
    # NCT06760702 and NCT06427811 "Pregnant or lactating women." / "Pregnant or breastfeeding
    # women.": the negative-result words of a serology read a pregnancy test too.
    for note in ("Urine pregnancy test: hCG not detected.", "Urine pregnancy test non-reactive."):
        patient = facts(age=30, sex="female", note=note)
        assert _denials(patient, "pregnancy") == 1, note
        assert judged("Pregnant or lactating women.", "exclusion", patient).status != "met"
