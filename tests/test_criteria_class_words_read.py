"""Issue 12: criteria whose words no vocabulary read were "not computable".

A criterion naming a class of diseases ("History of bone disease", "Clinically significant
corneal disease", "Demyelinating disease of the central nervous system") names a MeSH
category heading, which the judge leaves alone when it reads MeSH alone (a heading is how
criteria speak loosely); a rare disease MeSH lacks ("Diagnosis of BPDCN") or a social state
outside MeSH's disease trees ("Homeless and living at a shelter") had no reading at all. They
are now lexicon concepts with their MeSH descriptor (or WHO classification) as source, and
the specific diseases under them count as the class. The criteria are real registry text
(``../shared``) and the patients the hand-written rounds'.
"""

from __future__ import annotations

import pytest

from test_conditions_the_lexicon_lacked import _status
from test_judge_entailment import status
from trialfinder.criteria.model import ConceptMention
from trialfinder.criteria.parse import parse_criterion


def _concepts(text: str, section: str = "exclusion") -> set[str]:
    constraints, _ = parse_criterion(text, section)  # type: ignore[arg-type]
    return {c.concept for c in constraints if isinstance(c, ConceptMention)}


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        ("History of bone disease", "bone_disease"),
        ("Ongoing eating disorder, or a significant weight loss or weight gain", "eating_disorder"),
        ("Clinically significant corneal disease.", "corneal_disease"),
        ("Demyelinating disease of the central nervous system", "demyelinating_disease"),
        ("rheumatologic diseases", "rheumatic_disease"),
        ("Leptomeningeal disease", "leptomeningeal_disease"),
        (
            "Any history of leptomeningeal disease or carcinomatous meningitis",
            "leptomeningeal_disease",
        ),
        ("Diagnosis of BPDCN", "blastic_plasmacytoid_dendritic_cell_neoplasm"),
        ("Mental and intellectual disorders.", "intellectual_disability"),
        ("Mental and intellectual disorders.", "psychiatric_disorder"),
        ("History of bleeding disorders.", "bleeding_disorder"),
        ("Medical or neurological illness", "neurological_disorder"),
        ("Homeless and living at a shelter with mother", "homelessness"),
    ],
)
def test_a_class_or_rare_disease_a_criterion_names_is_read(text: str, concept: str) -> None:
    assert concept in _concepts(text)


def test_a_specific_bone_disease_in_the_note_meets_a_bone_disease_criterion() -> None:
    status_, reason = _status(
        "fourteen", "zygomatic arch fracture from a bicycle fall", "NCT05381337", "History of bone"
    )
    assert status_ == "met", reason


def test_bpdcn_in_the_note_meets_a_criterion_asking_for_bpdcn() -> None:
    status_, reason = _status(
        "fourteen",
        "blastic plasmacytoid dendritic cell neoplasm, an MDT outcome",
        "NCT05430971",
        "Diagnosis of BPDCN",
    )
    assert status_ == "met", reason


def test_bpdcn_counts_as_a_haematological_malignancy() -> None:
    note = "Skin biopsy and marrow confirm blastic plasmacytoid dendritic cell neoplasm."
    assert status("Haematological malignancy", "inclusion", note) == "met"


def test_a_depressed_fracture_is_no_depression() -> None:
    # Round fourteen's clinic letter: "depressed" describes the fracture, not the mood.
    note = (
        "CT face shows a right zygomaticomaxillary complex fracture, depressed and displaced. "
        "No mental health history."
    )
    assert status("History of depression", "exclusion", note) != "met"


def test_a_note_living_in_a_shelter_meets_a_homelessness_criterion() -> None:
    note = "Jayden and his mum have been staying at the family shelter since September."
    assert status("Homeless and living at a shelter", "inclusion", note) == "met"


def test_an_acquired_bone_disease_does_not_meet_a_congenital_bone_disorder_exclusion() -> None:
    note = "His past medical history is notable for heavy smoking and spinal stenosis."
    text = "Familial or personal history of congenital bone disorders"
    assert status(text, "exclusion", note) != "met"


def test_a_radiotherapy_washout_to_non_cns_disease_reads_no_neurological_disorder() -> None:
    text = (
        "A 1-week washout is permitted for palliative radiation (<= 2 weeks of radiotherapy) "
        "to non-central nervous system disease."
    )
    assert "neurological_disorder" not in _concepts(text, "inclusion")


def test_a_learning_disability_meets_a_mental_and_intellectual_disorders_exclusion() -> None:
    status_, reason = _status(
        "fourteen",
        "zygomatic arch fracture from a bicycle fall",
        "NCT05381337",
        "Mental and intellectual",
    )
    assert status_ == "met", reason
