"""Issue 12 (over-reads): a criterion's disease is met only by the same or a narrower disease.

A patient's condition meets a criterion's when it is the same disease (its name, a synonym,
an abbreviation) or a MeSH descendant of it. A sibling ("small cell" for "NSCLC"), a broader
disease ("lung cancer", "leukemia") or a disease MeSH merely files beneath it (Lambert-Eaton
myasthenic syndrome under Myasthenia Gravis) is not enough. Two ways it escaped: the lexicon
reads "NSCLC", "AML", "CLL", "ALL" as its broad lung cancer and leukemia concepts, and the
abbreviation's own MeSH heading was never asked; and MeSH's filing of LEMS under MG was read
as a kind of it. Criteria are real (../shared/data, the API v2 studies).
"""

from __future__ import annotations

import pytest

from test_histology_subtypes import _criterion
from trialfinder.disease_relations import (
    DiseaseRelations,
    FiledApart,
    MeshHeading,
    load_disease_relations,
    validate_disease_relations,
)
from trialfinder.vocabulary import load_vocabulary

# NCT05236946: "Patients with pathologically proven diagnosis of NSCLC"
NSCLC = ("NCT05236946", "Patients with pathologically proven diagnosis of NSCLC")
# NCT05949684: "Participant with known history of diagnosis of AML."
AML = ("NCT05949684", "Participant with known history of diagnosis of AML")
# NCT05070858: "Patient with documented diagnosis of myasthenia gravis (MG) based on ..."
MG = ("NCT05070858", "Patient with documented diagnosis of myasthenia gravis")


def test_small_cell_lung_cancer_does_not_meet_the_abbreviation_nsclc() -> None:
    found = _criterion(*NSCLC, "Extensive-stage small cell lung cancer, diagnosed 2024.")
    assert found.status == "not_met", found.reason
    assert "not NSCLC" in found.reason


def test_non_small_cell_lung_cancer_does_not_meet_the_abbreviation_sclc() -> None:
    """NCT06417814's inclusion reads "non-squamous NSCLC"; its small cell note is none."""
    note = "Small cell lung cancer, limited stage."
    found = _criterion("NCT06417814", "Histologically or cytologically confirmed", note)
    assert found.status == "not_met", found.reason


def test_lung_cancer_unspecified_leaves_nsclc_open_and_says_what_is_missing() -> None:
    found = _criterion(*NSCLC, "Lung cancer, stage IV.")
    assert found.status == "unknown"
    assert found.reason == "the note says lung cancer; the criterion needs NSCLC"


@pytest.mark.parametrize(
    "note",
    [
        "Stage IV NSCLC, EGFR wild type.",
        "Stage IV non-small cell lung cancer, EGFR wild type.",
        "Lung adenocarcinoma, stage IV.",
    ],
)
def test_nsclc_by_its_abbreviation_name_or_histology_still_meets_nsclc(note: str) -> None:
    found = _criterion(*NSCLC, note)
    assert found.status == "met", found.reason


@pytest.mark.parametrize(
    "note",
    ["Chronic lymphocytic leukemia on ibrutinib.", "Acute lymphoblastic leukemia in remission."],
)
def test_another_leukemia_does_not_meet_aml(note: str) -> None:
    assert _criterion(*AML, note).status != "met"


def test_a_leukemia_of_no_stated_kind_leaves_aml_open() -> None:
    found = _criterion(*AML, "Leukemia, treated in 2019.")
    assert found.status == "unknown"
    assert found.reason == "the note says leukemia; the criterion needs AML"


@pytest.mark.parametrize(
    "note", ["Acute myeloid leukemia, in remission since 2019.", "AML in first remission."]
)
def test_aml_by_name_or_abbreviation_meets_aml(note: str) -> None:
    assert _criterion(*AML, note).status == "met"


# NCT05512169: "ALL diagnosis confirmed by morphology and flow-cytometry" (the confirmation is
# the study team's, so the answer stays unknown; the reason says whether the disease is read).
ALL = ("NCT05512169", "ALL diagnosis confirmed")


def test_the_notes_own_abbreviation_in_a_longer_form_is_the_disease() -> None:
    """ "B-ALL" has no MeSH heading, but it writes the criterion's "ALL" itself."""
    found = _criterion(*ALL, "B-ALL, Ph-negative, in remission.")
    assert found.reason.startswith("patient has ALL"), found.reason


def test_acute_myeloid_leukemia_is_not_read_as_all() -> None:
    found = _criterion(*ALL, "Acute myeloid leukemia.")
    assert found.status != "met"
    assert found.reason == "the note says leukemia; the criterion needs ALL"


def test_lambert_eaton_myasthenic_syndrome_does_not_meet_myasthenia_gravis() -> None:
    note = "Lambert-Eaton myasthenic syndrome, VGCC antibody positive, on amifampridine."
    found = _criterion(*MG, note)
    assert found.status == "not_met", found.reason
    assert "not myasthenia gravis" in found.reason


def test_myasthenia_gravis_still_meets_myasthenia_gravis() -> None:
    found = _criterion(*MG, "Generalized myasthenia gravis, AChR antibody positive.")
    assert found.status == "met", found.reason


def test_lems_stays_a_kind_of_what_lies_above_myasthenia_gravis() -> None:
    relations = load_disease_relations()
    lems, mg, junction = "D015624", "D009157", "D009468"  # Neuromuscular Junction Diseases
    filing = relations.apart_from(lems, mg)
    assert filing is not None
    assert filing.descriptor == lems
    assert relations.apart_from(lems, junction) is None
    assert relations.apart_from(mg, mg) is None
    assert relations.apart_from(lems, lems) is None


def test_a_filed_apart_pair_mesh_does_not_file_together_fails_loudly() -> None:
    relations = load_disease_relations()
    wrong = FiledApart(
        "D003922", "Diabetes Mellitus, Type 1", MeshHeading("D009157", "Myasthenia Gravis")
    )
    broken = DiseaseRelations(**{**_fields(relations), "filed_apart": (wrong,)})
    with pytest.raises(ValueError, match="does not file"):
        validate_disease_relations(broken, load_vocabulary())


def _fields(relations: DiseaseRelations) -> dict[str, object]:
    return {name: getattr(relations, name) for name in relations.__struct_fields__}


def test_prediabetes_is_no_diabetes_mellitus() -> None:
    """MeSH files Prediabetic State under Diabetes Mellitus; prediabetes is defined by values
    short of diabetes (ADA), so the note says the patient has none. NCT05948592."""
    note = "Prediabetes, HbA1c 6.1%, on lifestyle advice."
    found = _criterion("NCT05948592", "Established diagnosis of Diabetes Mellitus", note)
    assert found.status == "not_met", found.reason
    assert "the patient has Prediabetes, not type 2 diabetes" in found.reason


@pytest.mark.parametrize(
    "note",
    [
        "Barrett's esophagus on surveillance endoscopy.",
        "Actinic keratosis on the scalp, treated with cryotherapy.",
    ],
)
def test_a_precancerous_condition_is_no_malignancy_and_rules_none_out(note: str) -> None:
    """NCT02552212: "Concurrent malignancy or a history of malignancy". MeSH files
    Precancerous Conditions under Neoplasms; they are not cancers, nor do they say the
    patient has no other one."""
    found = _criterion("NCT02552212", "Concurrent malignancy or a history of malignancy", note)
    assert found.status == "unknown", found.reason
