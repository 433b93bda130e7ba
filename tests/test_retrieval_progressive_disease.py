""" "PD" in a cancer note is progressive disease, not Parkinson's disease (trialfinder.retrieval).

RECIST 1.1 (Eisenhauer et al., Eur J Cancer 2009) and the Lugano and IMWG criteria abbreviate
progressive disease "PD" beside "SD", "PR" and "CR", and oncology notes write it so: bench/fresh25's
"then pem/pembro maintenance; PD on CT 18 Nov", "Pembrolizumab + lenvatinib, PD after 7 months";
bench/fresh26's "Line 2: eribulin, PD on CT 20 Nov 2026", "(best response SD), PD Aug 2025".
MeSH reads "PD" as Parkinson Disease, so these notes carried Parkinson's disease as a comorbidity
and searched its trials. In a note whose main condition is a cancer the short form is read as the
response; a note that writes Parkinson's disease out keeps it, and so does a note about no cancer.
"""

from __future__ import annotations

import pytest

from trialfinder import extract_facts
from trialfinder.patient import PatientProfile
from trialfinder.retrieval import patient_conditions

_PARKINSON_DISEASE = "D010300"


def _other_ids(note: str) -> frozenset[str]:
    profile = PatientProfile(note=note)
    return patient_conditions(profile, extract_facts(profile)).other_ids


@pytest.mark.parametrize(
    "note",
    [
        # bench/fresh25 (nsclc-erbb2-exon20-after-chemo-io)
        "58 yo F, never smoker. Lung adenocarcinoma, stage IVA. First line carboplatin/pemetrexed/"
        "pembrolizumab x4, then pem/pembro maintenance; PD on CT 18 Nov (new lung nodules, "
        "enlarging mediastinal nodes).",
        # bench/fresh25 (endometrial-serous-her2-3plus-recurrent)
        "Serous endometrial carcinoma, recurrent. Pembrolizumab + lenvatinib, PD after 7 months "
        "(Oct 2026). ECOG 1.",
        # bench/fresh26 (gallbladder-cancer-after-two-lines-phase1)
        "52 yo F, metastatic gallbladder adenocarcinoma (stage IVB: liver and peritoneal mets). "
        "1L gemcitabine/cisplatin/durvalumab (best response SD), PD Aug 2025. 2L FOLFOX x 8, PD "
        "on CT 25 Nov 2026.",
    ],
)
def test_pd_in_a_cancer_note_is_progressive_disease_not_parkinsons(note: str) -> None:
    assert _PARKINSON_DISEASE not in _other_ids(note)


def test_a_cancer_note_writing_parkinsons_disease_out_keeps_it() -> None:
    note = (
        "70M, prostate adenocarcinoma, Gleason 4+3, for radical radiotherapy. PMH: Parkinson's "
        "disease (PD) on co-careldopa, hypertension."
    )
    assert _PARKINSON_DISEASE in _other_ids(note)


def test_pd_in_a_note_about_no_cancer_stays_parkinsons() -> None:
    profile = PatientProfile(note="72M, PD for 6 years on co-careldopa, falls. Not diabetic.")
    assert _PARKINSON_DISEASE in patient_conditions(profile, extract_facts(profile)).main_ids
