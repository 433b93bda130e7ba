"""A cancer named by its histology and then its site ("Adenocarcinoma RUL", "carcinoma of the
left lower lobe of the lung") is the organ's cancer with that histology, in notes and criteria
alike (``site_named_cancers`` of the screening rules)."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged, status
from trialfinder.patient import disease_mentions
from trialfinder.vocabulary import load_vocabulary


def _named(text: str) -> list[str]:
    vocabulary = load_vocabulary()
    names = []
    for mention in disease_mentions(text):
        concept = vocabulary.concept(mention.descriptor_id)
        assert concept is not None
        names.append(concept.name)
    return names


@pytest.mark.parametrize(
    ("note", "organ_cancer"),
    [
        ("Carcinoma of the left lower lobe of the lung.", "Lung Neoplasms"),
        ("Adenocarcinoma RUL, stage IVB (liver, bone).", "Adenocarcinoma of Lung"),
        (
            "Squamous cell carcinoma of the right upper lobe of the lung.",
            "Carcinoma, Non-Small-Cell Lung",
        ),
        ("Squamous cell carcinoma of the oral tongue, T2N0.", "Tongue Neoplasms"),
        ("SCC of the buccal mucosa.", "Mouth Neoplasms"),
        ("Adenocarcinoma of the sigmoid colon.", "Colonic Neoplasms"),
        ("Cancer of the head of the pancreas.", "Pancreatic Neoplasms"),
        ("Adenocarcinoma of the gastric body.", "Stomach Neoplasms"),
        ("Carcinoma gallbladder.", "Gallbladder Neoplasms"),
        ("Adenocarcinoma of the rectum, T3N1.", "Rectal Neoplasms"),
        ("Adenocarcinoma of the distal oesophagus.", "Esophageal Neoplasms"),
        ("Squamous cell carcinoma of the esophagus.", "Esophageal Neoplasms"),
        ("Ductal carcinoma of the left breast.", "Breast Neoplasms"),
        ("Transitional cell carcinoma of the bladder.", "Urinary Bladder Neoplasms"),
        ("Clear cell carcinoma of the right kidney.", "Kidney Neoplasms"),
        ("Serous adenocarcinoma of the ovary.", "Ovarian Neoplasms"),
        ("Squamous cell carcinoma of the cervix.", "Uterine Cervical Neoplasms"),
        ("Adenocarcinoma of the endometrium.", "Endometrial Neoplasms"),
        ("Carcinoma of the uterus.", "Uterine Neoplasms"),
        ("Adenocarcinoma of the prostate, Gleason 7.", "Prostatic Neoplasms"),
        ("Papillary carcinoma of the thyroid.", "Thyroid Neoplasms"),
        ("Basal cell carcinoma of the skin.", "Skin Neoplasms"),
    ],
)
def test_a_cancer_named_by_histology_then_site_is_the_organs_cancer(
    note: str, organ_cancer: str
) -> None:
    assert organ_cancer in _named(note)


def test_the_head_of_the_pancreas_is_no_head_and_neck_cancer() -> None:
    assert "Head and Neck Neoplasms" not in _named("Cancer of the head of the pancreas.")
    assert (
        status("Head and neck cancer", "exclusion", "Cancer of the head of the pancreas.") != "met"
    )


def test_a_histology_alone_is_still_read_without_an_organ() -> None:
    assert _named("Adenocarcinoma, stage IV.") == ["Adenocarcinoma"]


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (
            "Histologically confirmed non-small cell lung cancer",
            "Squamous cell carcinoma of the right upper lobe of the lung.",
        ),
        ("Lung cancer", "Carcinoma of the left lower lobe of the lung."),
        ("Colon cancer", "Adenocarcinoma of the sigmoid colon."),
        ("Gastric cancer", "Adenocarcinoma of the gastric body."),
        ("Gallbladder cancer", "Carcinoma gallbladder."),
        ("Rectal cancer", "Adenocarcinoma of the rectum, T3N1."),
        ("Prostate cancer", "Adenocarcinoma of the prostate, Gleason 7."),
        ("Ovarian cancer", "Serous adenocarcinoma of the ovary."),
    ],
)
def test_a_site_named_cancer_meets_the_organs_cancer(criterion: str, note: str) -> None:
    assert status(criterion, "inclusion", note) == "met"


@pytest.mark.parametrize(
    ("criterion", "site_named", "organ_named"),
    [
        ("Pancreatic cancer", "Cancer of the head of the pancreas.", "Pancreatic cancer."),
        ("Breast cancer", "Adenocarcinoma RUL.", "Lung adenocarcinoma."),
        ("Lung cancer", "Adenocarcinoma RUL, stage IVB.", "Lung adenocarcinoma, stage IVB."),
        (
            "Have predominantly squamous cell histology for NSCLC",
            "Adenocarcinoma RUL, stage IVB.",
            "Lung adenocarcinoma, stage IVB.",
        ),
        (
            "Esophageal cancer",
            "Adenocarcinoma of the distal oesophagus.",
            "Esophageal cancer.",
        ),
        ("Bladder cancer", "Transitional cell carcinoma of the bladder.", "Bladder cancer."),
        ("Kidney cancer", "Clear cell carcinoma of the right kidney.", "Kidney cancer."),
        ("Breast cancer", "Ductal carcinoma of the left breast.", "Breast cancer."),
        ("Prostate cancer", "Carcinoma of the lung.", "Lung cancer."),
    ],
)
def test_a_site_named_cancer_is_judged_as_the_organ_named_one(
    criterion: str, site_named: str, organ_named: str
) -> None:
    for section in ("inclusion", "exclusion"):
        assert status(criterion, section, site_named) == status(criterion, section, organ_named)


def _judged(criterion: str, section: str, note: str) -> tuple[str, str]:
    judgement = judged(criterion, section, facts(note=note))
    return judgement.status, judgement.reason


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        ("Esophageal cancer", "Squamous cell carcinoma of the oesophagus."),
        ("Esophageal cancer", "Squamous cell carcinoma of the esophagus."),
        ("Bladder cancer", "Urothelial carcinoma of the bladder."),
        # NCT03983954's "13. Endometrial cancer", NCT04482309's "Cohort 3: Cervical cancer".
        ("Endometrial cancer", "Adenocarcinoma of the endometrium."),
        ("Cervical cancer", "Squamous cell carcinoma of the cervix."),
        ("Kidney cancer", "Clear cell carcinoma of the right kidney."),
        ("Pancreatic cancer", "Cancer of the head of the pancreas."),
    ],
)
def test_an_organs_cancer_the_lexicon_reads_as_cancer_is_met_by_a_kind_of_it(
    criterion: str, note: str
) -> None:
    """The lexicon reads "cancer" of "Esophageal cancer"; MeSH reads the whole phrase, and
    the note's cancer is a kind of it: the organ's word is read, not left to the team."""
    found, reason = _judged(criterion, "inclusion", note)
    assert found == "met", reason
    assert "a kind of" in reason
    assert _judged(criterion, "exclusion", note)[0] == "met"


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        ("Esophageal cancer", "Lung cancer."),
        ("Esophageal cancer", "Adenocarcinoma of the stomach."),
        ("Bladder cancer", "Breast cancer."),
        ("Kidney cancer", "Urothelial carcinoma of the bladder."),
        ("Pancreatic cancer", "Metastatic cancer, primary unknown."),
        # The organ's benign tumour beside another cancer: the lexicon's cancer holds, but
        # the organ's words ask a malignancy there.
        ("Thyroid cancer", "History of breast cancer. Thyroid adenoma."),
    ],
)
def test_another_organs_cancer_does_not_meet_the_organs_cancer(criterion: str, note: str) -> None:
    assert _judged(criterion, "inclusion", note)[0] != "met"


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("Oesophageal cancer.", "Esophageal Neoplasms"),
        ("Haematological malignancy.", "Hematologic Neoplasms"),
        ("Acute myeloid leukaemia.", "Leukemia, Myeloid, Acute"),
        ("Tumour of the caecum.", "Cecal Neoplasms"),
        ("Adenocarcinoma of the caecum.", "Cecal Neoplasms"),
    ],
)
def test_a_british_spelling_names_the_disease_in_notes_and_criteria(text: str, named: str) -> None:
    assert named in _named(text)


def test_a_curated_misspelling_is_still_no_disease_mention() -> None:
    """ "osteoporsis" finds Osteoporosis for a search, but is no name a note's disease is
    read by: written back in the American spelling it is no name of the descriptor."""
    assert _named("History of osteoporsis.") == []


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        ("Oesophageal cancer", "Esophageal cancer."),
        ("Esophageal cancer", "Oesophageal cancer."),
        ("Oesophageal cancer", "Squamous cell carcinoma of the oesophagus."),
        # NCT04529122: "a prior or current diagnosis of haematological malignancy".
        ("Haematological malignancy", "Acute myeloid leukaemia."),
        ("Leukaemia", "Chronic lymphocytic leukemia."),
    ],
)
def test_british_and_american_spellings_meet_each_other(criterion: str, note: str) -> None:
    found, reason = _judged(criterion, "inclusion", note)
    assert found == "met", reason


@pytest.mark.parametrize(
    ("note", "organ_cancer"),
    [
        (
            "Squamous cell carcinoma of the left lower lobe, bone deposits.",
            "Carcinoma, Non-Small-Cell Lung",
        ),
        ("Adenocarcinoma of the right upper lobe, EGFR exon 19.", "Adenocarcinoma of Lung"),
        ("Large cell carcinoma of the right middle lobe.", "Carcinoma, Non-Small-Cell Lung"),
        ("Carcinoma of the lingula.", "Lung Neoplasms"),
    ],
)
def test_a_lung_lobe_written_in_words_is_the_lungs_site(note: str, organ_cancer: str) -> None:
    assert organ_cancer in _named(note)


def test_a_thyroid_lobe_is_no_lung_lobe() -> None:
    named = _named("Papillary carcinoma of the left lobe of the thyroid.")
    assert "Thyroid Neoplasms" in named
    assert "Lung Neoplasms" not in named


@pytest.mark.parametrize(
    ("criterion", "note", "expected"),
    [
        # NCT05278052 (round twenty-three): the lobe names the lung, the histology the kind.
        (
            "Patients with pathologically proven diagnosis of NSCLC",
            "Squamous cell carcinoma of the left lower lobe found in June, spine deposits.",
            "met",
        ),
        (
            "Patients with pathologically proven diagnosis of NSCLC",
            "Adenocarcinoma of the right lower lobe, resected.",
            "met",
        ),
        ("Lung cancer", "Carcinoma of the left upper lobe, stage IIIA.", "met"),
    ],
)
def test_a_cancer_of_a_lung_lobe_is_judged_as_the_lungs(
    criterion: str, note: str, expected: str
) -> None:
    assert status(criterion, "inclusion", note) == expected


def test_a_cancer_of_a_lung_lobe_says_what_a_lung_cancer_says_of_another_organ() -> None:
    for section in ("inclusion", "exclusion"):
        assert status(
            "Breast cancer", section, "Adenocarcinoma of the right upper lobe."
        ) == status("Breast cancer", section, "Lung adenocarcinoma.")
