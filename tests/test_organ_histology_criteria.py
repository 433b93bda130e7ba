"""A criterion naming a cancer by its organ and histology in words MeSH has no term for
("Pancreatic adenocarcinoma", "adenocarcinoma of the esophagus") is read as the note reader
reads the same words: the organ's cancer with that histology (issue 12; the inclusions the
parse read nothing from)."""

from __future__ import annotations

import pytest

from test_judge_entailment import status_and_reason

# NCT03983954's cohort list item "Pancreatic adenocarcinoma" (NCT05482516 lists "pancreatic
# adenocarcinoma" among its cancers too); NCT03222895's "Primary squamous cell or adenocarcinoma
# of the esophagus or esophago-gastric junction" (round sixteen). NCI Thesaurus names both
# forms: Pancreatic Adenocarcinoma (C8294), Esophageal Adenocarcinoma (C4025), synonym
# "Adenocarcinoma of the Esophagus".
PANCREATIC = "Pancreatic adenocarcinoma"
ESOPHAGEAL = "Primary squamous cell or adenocarcinoma of the esophagus or esophago-gastric junction"


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (PANCREATIC, "Metastatic pancreatic adenocarcinoma with liver metastases."),
        (PANCREATIC, "Adenocarcinoma of the pancreas, stage IV."),
        ("Esophageal adenocarcinoma", "Adenocarcinoma of the distal oesophagus, T3N1."),
        ("Adenocarcinoma of the esophagus", "Oesophageal adenocarcinoma for Ivor Lewis."),
    ],
)
def test_an_organs_adenocarcinoma_meets_a_criterion_naming_it_by_organ_and_histology(
    criterion: str, note: str
) -> None:
    found, reason = status_and_reason(criterion, "inclusion", note)
    assert found == "met", reason


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (PANCREATIC, "Lung adenocarcinoma, stage IV, EGFR exon 19 deletion."),
        (PANCREATIC, "Adenocarcinoma of the rectum, T3N1."),
        ("Adenocarcinoma of the esophagus", "Adenocarcinoma of the prostate, Gleason 7."),
    ],
)
def test_an_adenocarcinoma_of_another_organ_does_not_meet_it(criterion: str, note: str) -> None:
    found, reason = status_and_reason(criterion, "inclusion", note)
    assert found == "not_met", reason


def test_the_organs_cancer_without_its_histology_leaves_the_histology_to_the_team() -> None:
    for note in ("Pancreatic cancer with liver metastases.", "Adenocarcinoma, primary unknown."):
        found, reason = status_and_reason(PANCREATIC, "inclusion", note)
        assert found == "unknown", reason


def test_an_or_list_of_histologies_with_words_left_unread_stays_with_the_team() -> None:
    """A disease read through MeSH counts in an inclusion only when nothing else is left
    unread (``read_in_full``): "squamous cell" and "esophago-gastric junction" are not."""
    found, _ = status_and_reason(
        ESOPHAGEAL, "inclusion", "Adenocarcinoma of the distal oesophagus, T3N1."
    )
    assert found == "unknown"
