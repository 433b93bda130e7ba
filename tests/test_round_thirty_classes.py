"""Round thirty's last wrong-direction answers, by the class of language behind each.

Every test quotes a real criterion (the trial named) and writes the note as the rounds'
coordinators write them; the rule each one pins names a class, not one trial's wording.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged
from trialfinder.criteria.model import ConceptMention, Measurement
from trialfinder.criteria.parse import parse_criterion


@pytest.mark.parametrize(
    ("criterion", "note", "expected"),
    [
        # NCT05699824: a partial, non-occlusive thrombus is no complete one (AASLD 2020
        # vascular liver disorders guidance grades portal vein thrombosis as occlusive
        # (complete) or non-occlusive (partial); NCT05123326 defines it as
        # "partial or complete occlusion of the portal vein lumen").
        (
            "Complete portal vein thrombosis",
            "CT: partial non-occlusive portal vein thrombus, bland; 2.1 cm lesion seg 6.",
            "not_met",
        ),
        (
            "Complete portal vein thrombosis",
            "CT: complete occlusive portal vein thrombosis with cavernoma.",
            "met",
        ),
        ("Complete portal vein thrombosis", "CT: portal vein thrombosis.", "unknown"),
        # A bland thrombus is no tumour thrombus (AASLD 2020: bland versus tumour thrombus).
        (
            "Tumoral portal vein thrombosis",
            "CT: partial non-occlusive portal vein thrombus, bland; 2.1 cm lesion seg 6.",
            "not_met",
        ),
        (
            "Tumoral portal vein thrombosis",
            "MRI: enhancing tumour thrombus in the right portal vein.",
            "met",
        ),
    ],
)
def test_a_thrombus_s_extent_and_nature_are_its_own_qualifiers(
    criterion: str, note: str, expected: str
) -> None:
    judgement = judged(criterion, "exclusion", facts(age=67, sex="female", note=note))
    assert judgement.status == expected, judgement.reason


@pytest.mark.parametrize(
    ("text", "comparator", "value", "upper"),
    [
        # NCT06038539 (round seventeen).
        (
            "Patients with ≥ Class II stage of heart failure as per New York Heart "
            "Association Classification",
            ">=",
            2.0,
            None,
        ),
        # The API v2 studies write the score's name after a dash or in brackets.
        (
            "Class III or IV congestive heart failure - New York Heart Association (NYHA)",
            "between",
            3.0,
            4.0,
        ),
        ("class III-IV cardiac insufficiency (NYHA)", "between", 3.0, 4.0),
    ],
)
def test_a_class_written_before_the_disease_it_grades_is_the_score_named_after_it(
    text: str, comparator: str, value: float, upper: float | None
) -> None:
    constraints, _ = parse_criterion(text, "exclusion")
    read = [
        (c.comparator, c.value, c.upper_value) for c in constraints if isinstance(c, Measurement)
    ]
    assert read == [(comparator, value, upper)], constraints
    assert [c.analyte for c in constraints if isinstance(c, Measurement)] == ["nyha"]


def test_a_grade_before_a_disease_with_no_score_named_after_it_stays_unread() -> None:
    """ "Grade ≥ 2 peripheral neuropathy" names no scale after the disease: nothing new."""
    constraints, _ = parse_criterion("Grade 3 heart failure despite treatment", "exclusion")
    assert not [c for c in constraints if isinstance(c, Measurement)]


@pytest.mark.parametrize(
    "criterion",
    [
        "Valvular heart disease",  # NCT05699824
        "Clinically significant valvular heart disease",  # NCT06038539
    ],
)
def test_an_arrhythmia_is_no_valvular_heart_disease(criterion: str) -> None:
    """MeSH files Heart Valve Diseases (D006349) under Heart Diseases beside the
    arrhythmias: atrial fibrillation is a heart disease, not a valve disease."""
    note = "Known AF on bisoprolol, no anticoagulant. No CKD, no IHD."
    judgement = judged(criterion, "exclusion", facts(age=67, sex="female", note=note))
    assert judgement.status != "met", judgement.reason


def test_a_valve_disease_still_meets_valvular_heart_disease() -> None:
    note = "Severe aortic stenosis on echo 2025, valve area 0.8 cm2."
    judgement = judged("Valvular heart disease", "exclusion", facts(age=77, sex="male", note=note))
    assert judgement.status == "met", judgement.reason


def test_a_bare_value_in_brackets_after_a_kidney_injury_is_its_serum_creatinine() -> None:
    """NCT05699824 "Acute kidney injury (>1.5 mg%)": KDIGO 2012 defines and stages acute
    kidney injury by the serum creatinine (mg/dL; mg% is mg per 100 mL, the same unit), so
    the bare value in the condition's brackets is the creatinine's."""
    constraints, _ = parse_criterion("Acute kidney injury (>1.5 mg%)", "exclusion")
    read = [(c.analyte, c.comparator, c.value) for c in constraints if isinstance(c, Measurement)]
    assert read == [("creatinine", ">", 1.5)]
    note = "Creat 1.9 mg/dL (baseline 0.8 in Sept), Na 123 mmol/L. No CKD."
    judgement = judged(
        "Acute kidney injury (>1.5 mg%)", "exclusion", facts(age=67, sex="female", note=note)
    )
    assert judgement.status == "met", judgement.reason


@pytest.mark.parametrize(
    "text",
    [
        "Acute kidney injury (>1.5)",  # no unit: no quantity named
        "Acute kidney injury (urine output < 0.5 mL/kg/h)",  # the quantity is named
    ],
)
def test_a_kidney_injury_s_bracket_without_a_creatinine_unit_is_not_its_creatinine(
    text: str,
) -> None:
    constraints, _ = parse_criterion(text, "exclusion")
    assert not [c for c in constraints if isinstance(c, Measurement) and c.analyte == "creatinine"]


_TREATED_LATENT_TB = (
    "QuantiFERON positive 2020 -> completed 3HP (3 months rifapentine/isoniazid). "
    "No current infection."
)


@pytest.mark.parametrize(
    "criterion",
    [
        # NCT05689879.
        "Positive IGRA (Interferon Gamma Release Assays) test without previous "
        "antituberculous antibiotherapy",
        # NCT06020014.
        "Participants who have evidence of latent TB without completion of an appropriate "
        "course of treatment",
        "Untreated latent tuberculosis",
    ],
)
def test_a_treated_latent_tuberculosis_is_no_untreated_one(criterion: str) -> None:
    """WHO consolidated guidelines on tuberculosis, Module 1 (2024): latent TB infection is
    treated with a preventive regimen (6 or 9 months of isoniazid, 3HP, 1HP, 4R, 3HR); a note
    giving a completed course leaves nothing untreated."""
    patient = facts(age=38, sex="female", note=_TREATED_LATENT_TB)
    judgement = judged(criterion, "exclusion", patient)
    assert judgement.status == "not_met", judgement.reason


def test_a_latent_tuberculosis_the_note_does_not_say_was_treated_leaves_it_open() -> None:
    criterion = (
        "Positive IGRA (Interferon Gamma Release Assays) test without previous "
        "antituberculous antibiotherapy"
    )
    patient = facts(age=38, sex="female", note="QuantiFERON positive last month.")
    judgement = judged(criterion, "exclusion", patient)
    assert judgement.status == "unknown", judgement.reason


@pytest.mark.parametrize(
    "criterion",
    [
        # NCT05696626.
        "Known RB1 mutations or deletions that in the opinion of the investigator confer "
        "resistance to CDK4/6i.",
        "Development of new BCR::ABL1 mutations which potentially cause resistance to "
        "current treatment with imatinib",
    ],
)
def test_a_treatment_a_mutation_confers_resistance_to_is_not_asked_of_the_patient(
    criterion: str,
) -> None:
    """The treatment after "confer resistance to" names what the mutation resists: a patient
    on a CDK4/6 inhibitor (or imatinib) does not meet it by taking it."""
    note = (
        "61 yo F, ER+ HER2- breast cancer, liver and bone mets, progressing after 32 months "
        "of letrozole and palbociclib; on imatinib for GIST too."
    )
    judgement = judged(criterion, "exclusion", facts(age=61, sex="female", note=note))
    assert judgement.status != "met", judgement.reason


_CEREBELLAR = (
    "46 yo F, ER+ PR+ HER2 0 breast ca R, dx 2019 (mastectomy). De novo relapse Jan 2026, "
    "bone-only (multiple spinal + rib mets). Solitary cerebellar met Aug 2026 treated with "
    "SRS Sept 2026, MRI Nov stable residual lesion. No other malignancy."
)


def test_a_cerebellar_metastasis_is_a_brain_metastasis() -> None:
    """NCT05696626 "Presence of brain metastasis.": MeSH Cerebellar Neoplasms (D002528) is
    under Infratentorial Neoplasms, a Brain Neoplasm (D001932)."""
    patient = facts(age=46, sex="female", note=_CEREBELLAR)
    judgement = judged("Presence of brain metastasis.", "exclusion", patient)
    assert judgement.status == "met", judgement.reason


@pytest.mark.parametrize(
    "criterion",
    [
        # NCT05696626.
        "History of malignancy within the past 5 years (excluding breast cancer).",
        # NCT05701709's kind ("Any other malignancies, excluding …").
        "Any other malignancies, excluding cured basal cell carcinoma of the skin.",
    ],
)
def test_a_metastasis_of_the_patient_s_cancer_is_no_other_malignancy(criterion: str) -> None:
    """A brain metastasis is the spread of a primary cancer (MeSH Brain Neoplasms,
    secondary; Meningeal Carcinomatosis, D008577, "a primary malignancy metastasizes to the
    meninges"): beside the breast cancer the note names, it is no cancer of its own."""
    patient = facts(age=46, sex="female", note=_CEREBELLAR)
    judgement = judged(criterion, "exclusion", patient)
    assert judgement.status != "met", judgement.reason


def test_treated_stable_brain_metastases_are_not_inadequately_treated_ones() -> None:
    """NCT05701709 "Inadequately treated central nervous system (CNS) metastases, or the
    presence of uncontrolled or symptomatic active CNS metastases": "inadequately treated"
    is no "treated"; metastases treated with SRS and stable are adequately treated."""
    note = (
        "Two brain mets treated with SRS Aug 2026, MRI Nov 2026 stable, asymptomatic, "
        "dexamethasone stopped early October."
    )
    patient = facts(age=64, sex="male", note=note)
    for criterion in (
        "Inadequately treated central nervous system (CNS) metastases.",
        "Uncontrolled or symptomatic active CNS metastases.",
    ):
        judgement = judged(criterion, "exclusion", patient)
        assert judgement.status == "not_met", (criterion, judgement.reason)


def test_a_drug_named_after_without_prior_treatment_is_still_denied() -> None:
    """ "without prior treatment with sofosbuvir" names the drug: the untreated reading asks
    the words to end the clause, so the drug stays denied, not asked."""
    constraints, _ = parse_criterion(
        "Adults with hepatitis C without prior treatment with sofosbuvir", "inclusion"
    )
    denied = {c.concept: c.negated for c in constraints if isinstance(c, ConceptMention)}
    assert denied.get("sofosbuvir") is True
