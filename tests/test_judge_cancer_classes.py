"""A solid tumour and a blood cancer are classes that exclude each other (issue 12 item 1).

An inclusion asking for a solid tumour, of a patient whose note names a leukaemia, a lymphoma
or a myeloma and no other tumour, is not met: a coordinator reading the note knows the
patient's cancer and that it is no solid tumour. The mirror holds for an inclusion asking for
a haematological malignancy and a patient with an organ's cancer. The answer stays open when
the note hints at another tumour (a lung mass, a cancer of neither class), and a criterion
that only says whom the rest of it is for ("solid tumor patients must have received two
lines") is not failed by a blood cancer (``cancer_classes`` in
``data/disease_relations.json``).
"""

from __future__ import annotations

from pathlib import Path

from conftest import shared_path
from test_judge_entailment import facts, judged
from test_judge_stage_and_grade import criterion_line

# Each the patient's only cancer as far as the note goes, with the name a reason gives it.
_BLOOD_CANCERS = {
    "64M. Acute myeloid leukaemia diagnosed 2025, in remission after induction.": "leukemia",
    "58M. Diffuse large B-cell lymphoma, 6 cycles R-CHOP 2024, complete response.": "lymphoma",
    "66M. Multiple myeloma, IgG kappa, on lenalidomide maintenance.": "multiple myeloma",
    "64M. AML diagnosed 2025. Bone marrow biopsy: 40% blasts. No other malignancy.": "leukemia",
    "70F. Multiple myeloma with lytic bone lesions, on daratumumab.": "multiple myeloma",
}
_SOLID_CANCERS = {
    "61M. Stage IV NSCLC, adenocarcinoma, EGFR negative. ECOG 1.": ("male", "lung cancer"),
    "55F. Breast cancer, ER+, stage II, lumpectomy 2023. ECOG 0.": ("female", "breast cancer"),
}
# A blood cancer, and a sentence that may be about another tumour.
_HINTED = (
    "64M. Acute myeloid leukaemia diagnosed 2025. CT shows a 2 cm lung mass, biopsy pending.",
    "58M. Diffuse large B-cell lymphoma 2024. History of breast cancer 2015.",
    "66M. Multiple myeloma. Possible renal cell carcinoma on CT.",
    "58M. DLBCL in remission; new liver lesions on CT.",
)


def test_a_blood_cancer_alone_does_not_meet_a_solid_tumour_inclusion() -> None:
    text = criterion_line("NCT05865002", "Histopathological diagnosis of a solid tumor")
    for note, has in _BLOOD_CANCERS.items():
        judgement = judged(text, "inclusion", facts(age=60, sex="male", note=note))
        assert judgement.status == "not_met", (note, judgement.reason)
        assert f"cancer is {has}" in judgement.reason, judgement.reason
        assert "not a solid tumour" in judgement.reason, judgement.reason


def test_a_hint_of_another_tumour_leaves_a_solid_tumour_inclusion_open() -> None:
    text = criterion_line("NCT05865002", "Histopathological diagnosis of a solid tumor")
    for note in _HINTED:
        judgement = judged(text, "inclusion", facts(age=60, sex="male", note=note))
        assert judgement.status != "not_met", (note, judgement.reason)


def test_an_organs_cancer_alone_does_not_meet_a_blood_cancer_inclusion() -> None:
    # No trial of ../shared/data asks for a haematological malignancy in an inclusion; the
    # wording is the lexicon's and the sample trials' ("a diagnosis of haematological
    # malignancy", written there as an exclusion).
    for text in (
        "Diagnosis of hematologic malignancy",
        "Patients with a haematological malignancy",
    ):
        for note, (sex, has) in _SOLID_CANCERS.items():
            judgement = judged(text, "inclusion", facts(age=60, sex=sex, note=note))
            assert judgement.status == "not_met", (text, note, judgement.reason)
            assert f"cancer is {has}, a solid tumour" in judgement.reason, judgement.reason
        for note in _BLOOD_CANCERS:
            judgement = judged(text, "inclusion", facts(age=60, sex="male", note=note))
            assert judgement.status == "met", (text, note, judgement.reason)


def test_a_criterion_for_solid_tumour_patients_is_not_failed_by_a_blood_cancer() -> None:
    for nct_id, start in (
        ("NCT05605119", "At a minimum, solid tumor patients must have received"),
        ("NCT05865002", "a. At a minimum, solid tumor patients must have received"),
        ("NCT05605119", "Evidence of measurable disease per RECIST"),
        ("NCT04482309", "Cohort A: Metastatic or advanced solid tumors"),
        ("NCT03983954", "For the Dose-escalation and MTD Expansion Cohorts"),
    ):
        text = criterion_line(nct_id, start)
        for note in _BLOOD_CANCERS:
            judgement = judged(text, "inclusion", facts(age=60, sex="male", note=note))
            assert judgement.status != "not_met", (nct_id, note, judgement.reason)


def test_either_class_named_as_alternatives_is_met_by_the_other() -> None:
    text = criterion_line("NCT05605119", "Histo-pathological diagnosis of a solid tumor")
    lymphoma = next(note for note, has in _BLOOD_CANCERS.items() if has == "lymphoma")
    judgement = judged(text, "inclusion", facts(age=60, sex="male", note=lymphoma))
    assert judgement.status != "not_met", judgement.reason
    chia = Path(shared_path("data/chia/chia_without_scope")) / "NCT03333655_inc.txt"
    response = chia.read_text(encoding="utf-8").splitlines()[0]
    for note, (sex, _) in _SOLID_CANCERS.items():
        judgement = judged(response, "inclusion", facts(age=60, sex=sex, note=note))
        assert judgement.status != "not_met", (note, judgement.reason)


# Cancers MeSH alone reads (the lexicon names no such cancer), with the words a reason gives.
# Cholangiocarcinoma left this list when `round-vocab` made it a lexicon concept under biliary
# tract cancer (an organ's cancer, so a solid tumour by its parents).
_MESH_ONLY_SOLID = {
    "60M. Malignant pleural mesothelioma, epithelioid, on second-line therapy.": (
        "Malignant pleural mesothelioma"
    ),
    "30M. Ewing sarcoma of the femur, relapsed.": "Ewing sarcoma",
    "40M. Metastatic seminoma, post orchiectomy.": "seminoma",
    "60M. Merkel cell carcinoma of the cheek.": "Merkel cell carcinoma",
}


def test_a_cancer_only_mesh_reads_is_a_solid_tumour_by_its_histology() -> None:
    text = criterion_line("NCT04529122", "Participant is currently diagnosed with any type")
    for note, words in _MESH_ONLY_SOLID.items():
        judgement = judged(text, "inclusion", facts(age=60, sex="male", note=note))
        # Met as an organ's cancer named by the lexicon is: the rest is the study team's.
        assert judgement.status != "not_met", (note, judgement.reason)
        assert f"the patient has {words}, a solid tumour" in judgement.reason, judgement.reason
        judgement = judged(
            "Diagnosis of hematologic malignancy", "inclusion", facts(age=60, sex="male", note=note)
        )
        assert judgement.status == "not_met", (note, judgement.reason)


# A thymoma, a benign tumour and a myelodysplastic syndrome: of neither class.
_NO_CLASS = (
    "52F. Thymoma, Masaoka stage III.",
    "60M. Pituitary adenoma resected 2020.",
    "55M. Myelodysplastic syndrome, IPSS-R high.",
)


def test_a_tumour_of_no_class_leaves_both_classes_open() -> None:
    solid = criterion_line("NCT05865002", "Histopathological diagnosis of a solid tumor")
    asked = [(solid, n) for n in _NO_CLASS]
    asked += [("Diagnosis of hematologic malignancy", n) for n in _NO_CLASS]
    statuses = {
        (text, note): judged(text, "inclusion", facts(age=60, sex="female", note=note)).status
        for text, note in asked
    }
    assert set(statuses.values()) == {"unknown"}, statuses
