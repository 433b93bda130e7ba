"""Denials a coordinator reads at once in a referring note: "never transfused", "NKDA",
"chemo-naive" (round seven of the hand-written patients, ``data/hand_written_patients_seven.json``).

The criteria are real (``../shared/data``: NCT05949684 and NCT06103864 as API v2 studies,
NCT03067181, NCT00739934 as a legacy XML study); the notes are written as referring doctors
write them.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged
from trialfinder.patient import PatientFacts

# NCT05949684 (lower-risk MDS, ESA-naive and not transfusion dependent).
_NOT_TRANSFUSION_DEPENDENT = (
    "Participant is not transfusion dependent (NTD) based on IWG2018 criteria."
)
# NCT06103864 (first-line metastatic breast cancer).
_NO_PRIOR_CHEMOTHERAPY = (
    "No prior chemotherapy or other systemic anti-cancer therapy for metastatic or locally "
    "recurrent inoperable breast cancer."
)
# NCT03067181.
_NO_PRIOR_SYSTEMIC_THERAPY = (
    "Patients must have had no prior systemic therapy for the current cancer diagnosis"
)
# NCT00739934 (voriconazole in children).
_AZOLE_HYPERSENSITIVITY = "Hypersensitivity to or severe intolerance of azole antifungal agents."


def _read(concept: str, patient: PatientFacts) -> tuple[int, int]:
    present, absent = patient.concept_facts(concept)
    return len(present), len(absent)


def _never_transfused_mds() -> PatientFacts:
    """Round seven's "lower-risk MDS after a stroke", as far as these criteria read it."""
    return facts(
        age=78,
        sex="male",
        note="78M, MDS with ring sideroblasts. Hb 8.9 and 9.1 g/dL three weeks apart, "
        "never transfused. Serum EPO 120 U/L.",
    )


@pytest.mark.parametrize(
    ("note", "concept", "read"),
    [
        (
            "78M, MDS-RS. Hb 8.9 and 9.1 g/dL three weeks apart, never transfused.",
            "blood_transfusion",
            (0, 1),
        ),
        (
            "59F, refractory DLBCL. Hb 9.4 g/dL (transfused last week), platelets 88.",
            "blood_transfusion",
            (1, 0),
        ),
        ("7-year-old boy with AML, starting second induction. NKDA.", "allergy", (0, 1)),
        ("13-year-old girl with relapsed B-ALL. Rash with fluconazole in 2025.", "allergy", (1, 0)),
        ("Had amoxicillin in 2024 with no reaction to penicillin since.", "allergy", (0, 1)),
        # a rash with a symptom, not a drug, is no allergy
        ("Viral illness last week, rash with itching, settled.", "allergy", (0, 0)),
    ],
)
def test_the_note_reads_a_transfusion_or_an_allergy_as_written(
    note: str, concept: str, read: tuple[int, int]
) -> None:
    """(present, denied) facts of the concept: "never transfused" and "NKDA" deny, a rash or
    a reaction named with a drug is an allergy, "no reaction to" denies it."""
    assert _read(concept, facts(note=note)) == read


def test_never_transfused_is_read_against_not_transfusion_dependent() -> None:
    """Round seven, "lower-risk MDS after a stroke": the coordinator says met. The note's
    denial is read; "dependent (NTD) based on IWG2018 criteria" is words the parse does not
    read, so the answer stays with the team (unknown), never "not met"."""
    judgement = judged(_NOT_TRANSFUSION_DEPENDENT, "inclusion", _never_transfused_mds())
    assert judgement.status in {"met", "unknown"}, judgement.reason
    assert "the patient is not on transfusion" in judgement.reason
    assert judgement.evidence is not None
    assert "never transfused" in judgement.evidence


def test_nkda_does_not_meet_an_azole_hypersensitivity_exclusion() -> None:
    """No known drug allergies is said of every drug; the criterion's "severe intolerance"
    is left to the team, so the answer is not "met" (never an exclusion applied)."""
    patient = facts(age=7, sex="male", note="7-year-old boy with AML. NKDA.")
    judgement = judged(_AZOLE_HYPERSENSITIVITY, "exclusion", patient)
    assert judgement.status != "met", judgement.reason
    assert "does not have" in judgement.reason


def test_chemo_naive_denies_chemotherapy() -> None:
    for note in (
        "55F, metastatic breast cancer to bone, chemo-naive.",
        "55F, metastatic breast cancer to bone, chemotherapy naive.",
        "55F, metastatic breast cancer to bone, chemotherapy-naïve.",
    ):
        assert _read("chemotherapy", facts(note=note)) == (0, 1), note


def test_chemo_naive_does_not_fail_a_no_prior_chemotherapy_criterion() -> None:
    patient = facts(
        age=55, sex="female", note="55F, metastatic breast cancer to bone, chemo-naive."
    )
    judgement = judged(_NO_PRIOR_CHEMOTHERAPY, "inclusion", patient)
    assert judgement.status != "not_met", judgement.reason
    assert "the patient is on chemotherapy" not in judgement.reason


def test_chemotherapy_naive_does_not_fail_a_no_prior_systemic_therapy_criterion() -> None:
    patient = facts(age=61, sex="male", note="61M, metastatic seminoma, chemotherapy-naive.")
    judgement = judged(_NO_PRIOR_SYSTEMIC_THERAPY, "inclusion", patient)
    assert judgement.status != "not_met", judgement.reason


def test_a_treatment_given_to_a_naive_patient_is_still_given() -> None:
    """ "Naive" reaches only the treatment it is joined to: "ESA-naive, on chemotherapy since
    May" is on chemotherapy."""
    patient = facts(note="ESA-naive; on azacitidine chemotherapy since May 2026.")
    assert _read("chemotherapy", patient) == (1, 0)


# NCT05949684: the baseline Hb inclusion dates its Hb values from a transfusion.
_BASELINE_HB = (
    "Participant has a baseline Hb concentration prior to randomization of ≤ 9.5 g/dL. The "
    "baseline Hb will be calculated using the mean of the two lowest available Hb "
    "measurements within 16 weeks prior to randomization and must include at least one "
    "central lab Hb reading done within the screening period (no more than 35 days before "
    "randomization). The two Hb measurements must have been performed at least seven days "
    "apart. Hb levels less than 21 days following RBC transfusion should not be used. Split "
    "samples for local assessments are not required."
)


def test_a_transfusion_a_time_is_counted_from_is_not_asked_for() -> None:
    """Round seven, "lower-risk MDS after a stroke": never transfused, Hb 8.9 and 9.1; the
    coordinator says met. Reading "never transfused" must not fail the criterion on the
    transfusion its Hb values are dated from."""
    judgement = judged(_BASELINE_HB, "inclusion", _never_transfused_mds())
    assert judgement.status != "not_met", judgement.reason
    assert "transfusion" not in judgement.reason


def test_a_reaction_to_a_drug_of_the_class_meets_an_azole_hypersensitivity_exclusion() -> None:
    """Round seven, "teenager with ALL and a fluconazole rash" (NCT00739934): the
    coordinator says met; MeSH files Fluconazole under Azoles."""
    patient = facts(
        age=13, sex="female", note="13-year-old girl with relapsed B-ALL. Rash with fluconazole."
    )
    judgement = judged(_AZOLE_HYPERSENSITIVITY, "exclusion", patient)
    assert judgement.status == "met", judgement.reason
    assert judgement.evidence is not None
    assert "fluconazole" in judgement.evidence


def test_a_reaction_to_a_drug_of_another_class_does_not_meet_it() -> None:
    patient = facts(
        age=13, sex="female", note="13-year-old girl with relapsed B-ALL. Rash with amoxicillin."
    )
    judgement = judged(_AZOLE_HYPERSENSITIVITY, "exclusion", patient)
    assert judgement.status != "met", judgement.reason
