"""Oncology shorthand the vocabulary curates as a cancer ("ESCC", "DIPG", "RCC") names that
cancer written alone in a criterion and a note alike, as "PDAC" and "TNBC" do
(``note_disease_abbreviations``; issue 12, the inclusions the parse read nothing from)."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged
from trialfinder.patient import disease_mentions
from trialfinder.vocabulary import load_vocabulary

# NCT03983954: "Subjects must have histologically confirmed locally advanced or metastatic ESCC
# or AC of the esophagus or GEJ (Siewert type 1)"; NCT04250064: "Tumour Diagnosis: Newly
# diagnosed non-disseminated treatment naïve DIPG by classic clinical AND radiographic finding."
ESCC = "Subjects with only ESCC who may have received up to 1 prior chemotherapy"
DIPG = (
    "Tumour Diagnosis: Newly diagnosed non-disseminated treatment naïve DIPG by classic "
    "clinical AND radiographic finding."
)


def _names(text: str) -> list[str]:
    vocabulary = load_vocabulary()
    return [
        concept.name
        for mention in disease_mentions(text)
        if (concept := vocabulary.concept(mention.descriptor_id)) is not None
    ]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        (ESCC, "Esophageal Squamous Cell Carcinoma"),
        (DIPG, "Diffuse Intrinsic Pontine Glioma"),
        ("Metastatic clear cell RCC, on nivolumab since March.", "Carcinoma, Renal Cell"),
        ("GIST of the stomach, KIT exon 11 mutated.", "Gastrointestinal Stromal Tumors"),
    ],
)
def test_curated_oncology_shorthand_names_its_cancer_alone(text: str, named: str) -> None:
    assert named in _names(text)


@pytest.mark.parametrize(
    "text", ["Torn MCL of the left knee.", "Metformin HCL 500 mg twice daily."]
)
def test_shorthand_of_something_else_as_often_names_no_cancer(text: str) -> None:
    assert _names(text) == []


def test_a_criterion_naming_the_cancer_by_its_shorthand_is_met_by_the_cancer_spelt_out() -> None:
    note = "Esophageal squamous cell carcinoma, metastatic to the liver."
    judgement = judged("Histologically confirmed ESCC", "inclusion", facts(note=note))
    assert judgement.status == "met", judgement.reason


def test_a_note_naming_the_cancer_by_its_shorthand_meets_the_organs_cancer() -> None:
    note = "Metastatic clear cell RCC, on nivolumab since March."
    judgement = judged("Kidney cancer", "inclusion", facts(note=note))
    assert judgement.status == "met", judgement.reason
