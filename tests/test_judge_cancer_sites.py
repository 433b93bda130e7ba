"""A note's cancer against the criterion's cancer when MeSH files the note's by histology only.

Round eight of the hand-written patients (``data/hand_written_patients_eight.json``): a man
with an intrahepatic cholangiocarcinoma had "no information about cancer" for a biliary tract
cancer trial. MeSH files Cholangiocarcinoma under Adenocarcinoma only, not under the bile
ducts its scope note says it arises from; the curated site (``data/disease_relations.json``,
``filed_at_site``) puts it under Bile Duct Neoplasms, so under Biliary Tract Neoplasms. A
sibling organ's cancer still never meets: a cholangiocarcinoma is no gallbladder cancer, no
liver cancer. ("Histologically confirmed" leaves the criterion to the study team; the
cancer's own reading is what moves.)
"""

from __future__ import annotations

from test_judge_entailment import facts, judged, v2_trial
from test_judge_stage_and_grade import criterion_line
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import match_trial

_CHOLANGIOCARCINOMA = (
    "63M. Intrahepatic cholangiocarcinoma, right hepatectomy 2 Nov 2026, R0, pT2 N0 M0. "
    "No neoadjuvant therapy. ECOG 1."
)


def test_a_cholangiocarcinoma_is_a_biliary_tract_cancer() -> None:
    for nct_id, start in (
        ("NCT06282575", "Histologically- or cytologically-confirmed Biliary Tract Cancer"),
        ("NCT04482309", "Cohort 1: Biliary tract cancer"),
    ):
        text = criterion_line(nct_id, start)
        judgement = judged(text, "inclusion", facts(age=63, sex="male", note=_CHOLANGIOCARCINOMA))
        assert judgement.status != "not_met", judgement.reason
        # The lexicon reads the cholangiocarcinoma as a biliary tract cancer (round-vocab), so the
        # reason is the lexicon's "patient has <the criterion's disease>", no longer MeSH's.
        assert "patient has biliary tract cancer" in judgement.reason.lower()


def test_a_cholangiocarcinoma_is_no_sibling_organs_cancer() -> None:
    """MeSH files Cholangiocarcinoma under no organ; its site is the bile ducts only, so the
    sibling organs' cancers (conditions of ``../shared`` trials) are not met by it."""
    for other in ("Gallbladder Carcinoma", "Hepatocellular Carcinoma", "Liver Cancer"):
        judgement = judged(other, "inclusion", facts(age=63, sex="male", note=_CHOLANGIOCARCINOMA))
        assert judgement.status != "met", (other, judgement.reason)
        assert f"a kind of {other.lower()}" not in judgement.reason.lower(), judgement.reason


_PDAC = (
    "58M. PDAC with liver mets at diagnosis (cT3 N1 M1, stage IV), March 2026. 1st line "
    "mFOLFIRINOX x8, progressed Oct 2026. ECOG 1."
)


def test_a_note_s_pdac_is_a_pancreatic_cancer() -> None:
    """Round eight: "PDAC" in a note was read as nothing (a short form stands alone only when
    it is listed, ``note_disease_abbreviations``); MeSH reads it as Carcinoma, Pancreatic
    Ductal, filed under Pancreatic Neoplasms, so it meets NCT04482309's pancreatic cancer
    cohort's disease."""
    text = criterion_line("NCT04482309", "Cohort 6: Pancreatic cancer")
    judgement = judged(text, "inclusion", facts(age=58, sex="male", note=_PDAC))
    assert judgement.status != "not_met", judgement.reason
    assert "pdac, a kind of pancreatic cancer" in judgement.reason.lower(), judgement.reason


def test_a_pancreatic_neuroendocrine_tumour_is_no_pdac() -> None:
    """A sibling never meets: the note's pancreatic NET is not the ductal carcinoma asked for,
    and "NET" alone is no abbreviation the reader trusts (MeSH's NET is Extracellular Traps)."""
    note = "66F. Metastatic pancreatic NET, on lanreotide. ECOG 1."
    judgement = judged("PDAC", "inclusion", facts(age=66, sex="female", note=note))
    assert judgement.status != "met", judgement.reason


def test_a_renal_biopsy_s_gbm_is_no_glioblastoma() -> None:
    """ "GBM" is a glioblastoma to an oncologist and the glomerular basement membrane to a
    nephrologist, so it is not a short form read alone."""
    note = "44M. Renal biopsy: linear IgG along the GBM. On plasma exchange."
    judgement = judged("History of malignancy", "exclusion", facts(age=44, sex="male", note=note))
    assert judgement.status != "met", judgement.reason


# Round twelve (``data/hand_written_patients_twelve.json``): a cancer written as its histology
# and its organ ("gastric adenocarcinoma", "adenocarcinoma of the stomach", "rectal
# adenocarcinoma") was read as no cancer of the organ on either side: MeSH has no descriptor
# for them and files the words under Adenocarcinoma only.
_GASTRIC = (
    "79F. Biopsy-proven adenocarcinoma of the stomach (body). CT staging: 2 liver "
    "metastases. Oncology plan: palliative first-line chemotherapy, not started yet. ECOG 2."
)
_RECTAL = (
    "73M. Rectal adenocarcinoma 2021, upper rectum, 14 cm from the anal verge; anterior "
    "resection 2021. Local recurrence at the anastomosis on MRI 10/2026. ECOG 2."
)


def test_an_adenocarcinoma_of_the_stomach_is_a_gastric_adenocarcinoma() -> None:
    text = criterion_line("NCT02139605", "Histologically proven gastric adenocarcinoma")
    judgement = judged(text, "inclusion", facts(age=79, sex="female", note=_GASTRIC))
    assert judgement.status == "met", judgement.reason


def test_a_rectal_adenocarcinoma_is_an_adenocarcinoma_of_the_rectum() -> None:
    text = criterion_line("NCT06631443", "Histologically confirmed diagnosis of adenocarcinoma")
    judgement = judged(text, "inclusion", facts(age=73, sex="male", note=_RECTAL))
    assert judgement.status == "met", judgement.reason


def test_a_gastric_and_a_rectal_adenocarcinoma_are_not_each_other() -> None:
    """The organ's cancer is asked for: the other organ's adenocarcinoma never meets it."""
    gastric = criterion_line("NCT02139605", "Histologically proven gastric adenocarcinoma")
    rectal = criterion_line("NCT06631443", "Histologically confirmed diagnosis of adenocarcinoma")
    for text, note in ((gastric, _RECTAL), (rectal, _GASTRIC)):
        judgement = judged(text, "inclusion", facts(age=70, sex="male", note=note))
        assert judgement.status != "met", (text, judgement.reason)


def _gastric_trial_status(note: str, start: str) -> str:
    result = match_trial(
        parse_trial_criteria(v2_trial("NCT02139605")), facts(age=70, sex="male", note=note)
    )
    criterion = next(c for c in result.criteria if c.text.startswith(start))
    return f"{criterion.status}: {criterion.reason}"


def test_the_trial_s_own_cancer_written_by_its_histology_is_no_other_cancer() -> None:
    """NCT02139605, a gastric cancer trial, excludes "Previous or concomitant other cancer".
    MeSH reads the note's "gastric adenocarcinoma" as Adenocarcinoma only; inside the name of
    the trial's own condition the lexicon reads in that sentence, it is the same disease, not
    another cancer."""
    note = (
        "Histologically proven gastric adenocarcinoma of the antrum, poorly differentiated, "
        "cT3 N1 M0 on staging CT. No previous cancers."
    )
    answer = _gastric_trial_status(note, "Previous or concomitant other cancer")
    assert not answer.startswith("met"), answer


def test_a_bowel_or_colon_cancer_is_no_adenocarcinoma_of_the_rectum() -> None:
    """The rectum's adenocarcinoma is narrower than colorectal cancer: a note's bowel cancer
    does not say which, and a colon cancer is the other organ's."""
    text = criterion_line("NCT06631443", "Histologically confirmed diagnosis of adenocarcinoma")
    for note in ("Bowel cancer 2025, anterior resection.", "Sigmoid colon adenocarcinoma 2025."):
        judgement = judged(text, "inclusion", facts(age=61, sex="female", note=note))
        assert judgement.status != "met", (note, judgement.reason)
