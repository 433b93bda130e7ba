"""Issue 12: the histology a criterion asks of a cancer is a qualifier the note's must meet.

"Have predominantly squamous cell histology for NSCLC" (NCT06119581's exclusion) was met by
any NSCLC, an adenocarcinoma too, so the judge excluded the patients the trial is for. The
note's histology now decides: squamous and adenocarcinoma (or large cell) contradict; NSCLC
with no histology leaves it unknown. The same for the other cancers the real criteria ask one
histology of (``asked_histology`` in data/disease_relations.json): "gastric adenocarcinoma"
was met by any gastric cancer, a squamous cell carcinoma of the stomach too. Criteria are
real (../shared/data, the API v2 studies).
"""

from __future__ import annotations

import msgspec
import pytest

from test_histology_subtypes import _criterion
from trialfinder.disease_relations import load_asked_histologies, validate_asked_histologies
from trialfinder.judging.asked_histology import asked_histology
from trialfinder.vocabulary import load_vocabulary

SQUAMOUS_EXCLUSION = ("NCT06119581", "Have predominantly squamous cell histology for NSCLC")
NON_SQUAMOUS_INCLUSION = ("NCT06357533", "Histologically or cytologically documented non-squamous")


@pytest.mark.parametrize(
    "note",
    [
        "A 62-year-old man with NSCLC, adenocarcinoma, stage IV.",
        "A 62-year-old man with lung adenocarcinoma, stage IV.",
        "Adenocarcinoma RUL, stage IVB.",
    ],
)
def test_an_adenocarcinoma_does_not_meet_a_squamous_nsclc_exclusion(note: str) -> None:
    found = _criterion(*SQUAMOUS_EXCLUSION, note)
    assert found.status == "not_met", found.reason


def test_a_squamous_nsclc_meets_the_squamous_exclusion() -> None:
    note = "A 62-year-old man with NSCLC, squamous cell carcinoma, stage IV."
    assert _criterion(*SQUAMOUS_EXCLUSION, note).status == "met"


def test_nsclc_without_its_histology_leaves_the_squamous_exclusion_unknown() -> None:
    found = _criterion(*SQUAMOUS_EXCLUSION, "A 62-year-old man with NSCLC, stage IV.")
    assert found.status == "unknown"
    assert "squamous" in found.reason


def test_a_squamous_nsclc_does_not_meet_a_non_squamous_inclusion() -> None:
    note = "A 62-year-old man with NSCLC, squamous cell carcinoma, stage IV."
    assert _criterion(*NON_SQUAMOUS_INCLUSION, note).status == "not_met"


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("Have predominantly squamous cell histology for NSCLC", ("lung cancer", "squamous")),
        (
            "Histologically or cytologically documented nonsquamous NSCLC.",
            ("lung cancer", "non-squamous"),
        ),
        ("NSCLC of adenocarcinoma histology", ("lung cancer", "adenocarcinoma")),
        ("Large cell NSCLC", ("lung cancer", "large cell")),
        ("Histologically proven gastric adenocarcinoma", ("gastric cancer", "adenocarcinoma")),
        (
            "Histologically confirmed diagnosis of adenocarcinoma of the rectum",
            ("colorectal cancer", "adenocarcinoma"),
        ),
        (
            "Patients with biopsy proven prostate adenocarcinoma, deemed suitable for curative- "
            "intent radiotherapy",
            ("prostate cancer", "adenocarcinoma"),
        ),
        (
            "Histologically proven (biopsy/cytology) adenocarcinoma of gall bladder.",
            ("gallbladder cancer", "adenocarcinoma"),
        ),
        # several histologies, or none of NSCLC: the criterion asks no one histology
        ("Histologically or cytologically documented squamous or non-squamous NSCLC", None),
        ("Squamous cell carcinoma of the oral cavity or oropharynx", None),
        ("Mixed small cell and non-small cell lung cancer histology", None),
        # a list of several of the cancer's histologies asks any of them (NCT03222895)
        (
            "Primary squamous cell or adenocarcinoma of the esophagus or esophago-gastric junction",
            ("oesophageal cancer", "squamous or adenocarcinoma"),
        ),
        # a bracket describes the one histology, it lists no other (NCT00739791, legacy XML)
        ("Histologically confirmed adenocarcinoma (small cell acinar type) of the prostate", None),
        # a list of the histologies a malignancy let off is no list asked
        (
            "No other malignancy, except squamous cell or adenocarcinoma in situ of the esophagus",
            None,
        ),
        # NCT04482309: "non-small cell" is no small cell histology of the gastric cancer beside it
        (
            "Cohort 7: Rare tumors: This cohort will consist of patients with tumors that express "
            "HER2, excluding the tumors mentioned above, and breast, non-small cell lung cancer, "
            "gastric cancer, and colorectal cancer.",
            None,
        ),
    ],
)
def test_the_histology_a_criterion_asks_of_its_cancer(
    text: str, asked: tuple[str, str] | None
) -> None:
    assert asked_histology(text) == asked


GASTRIC_ADENOCARCINOMA = ("NCT02139605", "Histologically proven gastric adenocarcinoma")
RECTAL_ADENOCARCINOMA = (
    "NCT06631443",
    "Histologically confirmed diagnosis of adenocarcinoma of the rectum",
)
PROSTATE_ADENOCARCINOMA = ("NCT06818682", "Patients with biopsy proven prostate adenocarcinoma")
GALLBLADDER_ADENOCARCINOMA = ("NCT06214572", "Histologically proven (biopsy/cytology) adenoc")


@pytest.mark.parametrize(
    ("criterion", "note", "status"),
    [
        (GASTRIC_ADENOCARCINOMA, "Squamous cell carcinoma of the stomach, stage IV.", "not_met"),
        (GASTRIC_ADENOCARCINOMA, "Neuroendocrine carcinoma of the stomach, stage IV.", "not_met"),
        (RECTAL_ADENOCARCINOMA, "Squamous cell carcinoma of the rectum, T3N1.", "not_met"),
        (PROSTATE_ADENOCARCINOMA, "Small cell carcinoma of the prostate.", "not_met"),
        (GALLBLADDER_ADENOCARCINOMA, "Squamous cell carcinoma of the gallbladder.", "not_met"),
        # the cancer with no histology: the one asked is open
        (GASTRIC_ADENOCARCINOMA, "Gastric cancer, stage IV.", "unknown"),
        (RECTAL_ADENOCARCINOMA, "Rectal cancer, T3N1.", "unknown"),
    ],
)
def test_another_histology_of_the_cancer_or_none_does_not_meet_the_one_asked(
    criterion: tuple[str, str], note: str, status: str
) -> None:
    found = _criterion(*criterion, note)
    assert found.status == status, found.reason
    assert "adenocarcinoma" in found.reason


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (GASTRIC_ADENOCARCINOMA, "Gastric adenocarcinoma, stage IV."),
        (GASTRIC_ADENOCARCINOMA, "Signet ring cell carcinoma of the stomach, stage IV."),
        (RECTAL_ADENOCARCINOMA, "Rectal adenocarcinoma, T3N1."),
    ],
)
def test_the_histology_asked_meets_the_criterion(criterion: tuple[str, str], note: str) -> None:
    assert _criterion(*criterion, note).status == "met"


def test_a_group_of_an_unknown_histology_fails_the_asked_histology_data() -> None:
    lung = load_asked_histologies()[0]
    group = msgspec.structs.replace(lung.histologies[0], members=("adenocarcinoma", "spindle"))
    broken = msgspec.structs.replace(lung, histologies=(group, *lung.histologies[1:]))
    with pytest.raises(ValueError, match="spindle"):
        validate_asked_histologies((broken,), load_vocabulary())


def test_a_misnamed_site_fails_the_asked_histology_data() -> None:
    lung = load_asked_histologies()[0]
    broken = msgspec.structs.replace(lung, site=msgspec.structs.replace(lung.site, name="Lung"))
    with pytest.raises(ValueError, match="D008175"):
        validate_asked_histologies((broken,), load_vocabulary())


OESOPHAGEAL = ("NCT03222895", "Primary squamous cell or adenocarcinoma of the esophagus")


def test_another_histology_does_not_meet_a_list_of_the_oesophageal_cancers() -> None:
    found = _criterion(*OESOPHAGEAL, "Small cell carcinoma of the esophagus, stage III.")
    assert found.status == "not_met", found.reason
    assert found.reason == (
        "the patient's oesophageal cancer is a neuroendocrine carcinoma; "
        "the criterion asks squamous or adenocarcinoma histology"
    )


@pytest.mark.parametrize(
    "note",
    [
        "Esophageal cancer, stage III.",
        "Squamous cell carcinoma of the esophagus, stage III.",
        "Adenocarcinoma of the distal esophagus, stage III.",
    ],
)
def test_a_listed_histology_or_none_leaves_the_oesophageal_list_to_the_judge(note: str) -> None:
    assert _criterion(*OESOPHAGEAL, note).status == "unknown"


# A histology component a criterion asks the presence of, in a lung cancer trial (rounds
# five, twenty-three, twenty-four): a note naming the lung cancer by one pure histology and
# no component word does not have it.
COMPONENTS = ("NCT06627647", "Presence of small cell and neuroendocrine histology")
MIXED_COMPONENTS = ("NCT06194448", "Any presence of small cell and mixed small-cell")


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (COMPONENTS, "Stage IVA KRAS G12D lung adenocarcinoma, malignant pleural effusion."),
        (COMPONENTS, "Untreated stage IVB squamous cell carcinoma of the right lung."),
        (MIXED_COMPONENTS, "Unresectable stage IIIB lung adenocarcinoma, EGFR exon 19 deletion."),
        (
            ("NCT05984277", "Mixed small-cell lung cancer and NSCLC histology"),
            "NSCLC, squamous cell carcinoma, PD-L1 TPS 80%, stage IV.",
        ),
    ],
)
def test_a_pure_lung_histology_does_not_meet_a_small_cell_component(
    criterion: tuple[str, str], note: str
) -> None:
    found = _criterion(*criterion, note)
    assert found.status == "not_met", found.reason


@pytest.mark.parametrize(
    "note",
    [
        # A component named, or no histology, or a mixed one: the study team's.
        "Lung adenocarcinoma with a small cell component on the resection.",
        "Stage IV NSCLC, histology pending.",
        "Adenosquamous carcinoma of the lung, stage IV.",
        "Lung adenocarcinoma; neuroendocrine markers not done.",
    ],
)
def test_a_named_component_or_no_pure_histology_leaves_the_component_open(note: str) -> None:
    found = _criterion(*COMPONENTS, note)
    assert found.status != "not_met", found.reason
