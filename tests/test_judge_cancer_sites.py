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

from test_judge_entailment import facts, judged
from test_judge_stage_and_grade import criterion_line

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
        assert "cholangiocarcinoma, a kind of biliary tract cancer" in judgement.reason.lower()


def test_a_cholangiocarcinoma_is_no_sibling_organs_cancer() -> None:
    """MeSH files Cholangiocarcinoma under no organ; its site is the bile ducts only, so the
    sibling organs' cancers (conditions of ``../shared`` trials) are not met by it."""
    for other in ("Gallbladder Carcinoma", "Hepatocellular Carcinoma", "Liver Cancer"):
        judgement = judged(other, "inclusion", facts(age=63, sex="male", note=_CHOLANGIOCARCINOMA))
        assert judgement.status != "met", (other, judgement.reason)
        assert f"a kind of {other.lower()}" not in judgement.reason.lower(), judgement.reason
