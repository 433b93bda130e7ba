"""A treatment's window counted from a past event, not from today.

"Receiving statins within 1 month before onset" (NCT05697185), "any treatment … within 12
months prior to the diagnosis of advanced/metastatic disease" (NCT06726265), "therapy was
completed at least 12 months before diagnosis of metastatic NSCLC" (NCT06726265), "adjuvant
treatment within 6 weeks of surgery" (NCT04474964): the window runs back (or on) from an
event in the patient's past, the onset, a diagnosis, an operation, not from the screening
visit. A statin begun five days ago, after the stroke, is not one taken in the month before
it; read against today it met the criterion (round twenty-seven's wrong answer). The study's
own start (screening, enrolment, randomisation, the first dose) is about today and still
counts from it. docs/criteria.md, "Windows counted from a past event".
"""

from __future__ import annotations

import datetime

from test_judge_entailment import judged
from trialfinder.patient import PatientFacts, PatientProfile, extract_facts

# Registry criteria, verbatim.
STATINS_BEFORE_ONSET = "Receiving statins within 1 month before onset"  # NCT05697185
BEFORE_METASTATIC_DIAGNOSIS = (  # NCT06726265
    "Has received any treatment as part of adjuvant, neoadjuvant therapy or definitive "
    "chemoradiation for the treatment of NSCLC within 12 months prior to the diagnosis of "
    "advanced/metastatic disease."
)
ANTIBIOTICS_BEFORE_SCREENING = (  # NCT03058679 (round twenty-five)
    "Use of antibiotics (other than topical formulations) for any reason within 2 weeks prior "
    "to screening"
)


def _facts(note: str) -> PatientFacts:
    return extract_facts(PatientProfile(note=note, age=71), datetime.date.today())


def test_a_statin_begun_after_the_onset_does_not_meet_a_window_before_onset() -> None:
    """Round twenty-seven: "Never on a statin before; atorvastatin 80 mg started 02/12/2026 on
    the ward", after the stroke; it was read as begun 5 days ago, within 1 month, met."""
    started = (datetime.date.today() - datetime.timedelta(days=5)).strftime("%d/%m/%Y")
    note = (
        "Stroke unit. Mrs H, 71, acute left MCA infarct. "
        f"Never on a statin before; atorvastatin 80 mg started {started} on the ward."
    )
    judgement = judged(STATINS_BEFORE_ONSET, "inclusion", _facts(note))
    assert judgement.status == "unknown", judgement.reason
    assert "before onset" in judgement.reason
    assert "not from today" in judgement.reason


def test_a_statin_taken_for_years_is_not_read_as_begun_outside_a_window_before_onset() -> None:
    """ "On simvastatin 40 mg since 2015" was read as begun 11 years ago, outside "within 1
    month", not met: the month before the stroke is the one asked, not the last one."""
    note = "83M, ischaemic stroke ten days ago. On simvastatin 40 mg since 2015."
    judgement = judged(STATINS_BEFORE_ONSET, "inclusion", _facts(note))
    assert judgement.status != "not_met", judgement.reason
    assert "before onset" in judgement.reason


def test_a_treatment_window_before_a_diagnosis_is_not_counted_from_today() -> None:
    """NCT06726265: adjuvant chemotherapy nine months ago is within 12 months of today, but
    the window is the 12 months before the metastatic diagnosis."""
    note = "64M, metastatic NSCLC. Adjuvant carboplatin and pemetrexed, last dose 9 months ago."
    judgement = judged(BEFORE_METASTATIC_DIAGNOSIS, "exclusion", _facts(note))
    assert judgement.status == "unknown", judgement.reason


def test_a_window_before_screening_still_counts_from_today() -> None:
    """The study's own start is about today: "within 2 weeks prior to screening" against
    amoxicillin ten days ago is met, as before."""
    judgement = judged(
        ANTIBIOTICS_BEFORE_SCREENING, "exclusion", _facts("71M. Amoxicillin 10 days ago.")
    )
    assert judgement.status == "met", judgement.reason
