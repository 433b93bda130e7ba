"""A part of an organ named between the organ and the cancer word (trialfinder.retrieval).

ICD-10 files a cancer of a part of an organ under that organ (C25.0 "head of pancreas", C25.1
"body of pancreas", C25.2 "tail of pancreas", C25.7 "neck of pancreas" among the other parts,
C16.1 "fundus of stomach", C16.2 "body of stomach"), and notes write the part between the
organ's adjective and the histology: bench/fresh26's "pancreatic head adenocarcinoma",
NCT05994521's "patients with pancreatic head cancer". The word before the cancer word was
read as the organ, so "head" and "neck" made a head and neck cancer (MeSH Head and Neck
Neoplasms: the Whipple note's trial was not among the first fifty) and "body" and "tail" left
a bare adenocarcinoma. The part's organ is read instead; a part word with no organ before it
("head SCC", "head and neck SCC") keeps its reading.
"""

from __future__ import annotations

import pytest

from trialfinder import extract_facts
from trialfinder.patient import PatientProfile
from trialfinder.retrieval import patient_conditions

_PANCREATIC_NEOPLASMS = "D010190"
_STOMACH_NEOPLASMS = "D013274"
_HEAD_AND_NECK_NEOPLASMS = "D006258"


def _main_ids(note: str) -> frozenset[str]:
    profile = PatientProfile(note=note)
    return patient_conditions(profile, extract_facts(profile)).main_ids


@pytest.mark.parametrize(
    ("note", "organ"),
    [
        # bench/fresh26 (pancreatic-head-after-whipple-hyponatraemia)
        (
            "68F, pancreatic head adenocarcinoma, pylorus-preserving Whipple on 14 Mar 2024 "
            "(pT2N1, R0).",
            _PANCREATIC_NEOPLASMS,
        ),
        # NCT05994521's description, written as a note's sentence.
        (
            "Patient with pancreatic head cancer and gastric outlet obstruction.",
            _PANCREATIC_NEOPLASMS,
        ),
        ("58M, pancreatic neck adenocarcinoma, borderline resectable.", _PANCREATIC_NEOPLASMS),
        ("70F, pancreatic body adenocarcinoma, SMA abutment.", _PANCREATIC_NEOPLASMS),
        ("59M, pancreatic tail carcinoma, distal pancreatectomy planned.", _PANCREATIC_NEOPLASMS),
        ("62M, gastric body adenocarcinoma, cT3N1M0.", _STOMACH_NEOPLASMS),
    ],
)
def test_a_cancer_of_a_part_of_an_organ_is_that_organs_cancer(note: str, organ: str) -> None:
    ids = _main_ids(note)
    assert organ in ids
    assert _HEAD_AND_NECK_NEOPLASMS not in ids


@pytest.mark.parametrize(
    "note", ["61M, head and neck SCC, for chemoradiation.", "60M, head SCC, p16 negative."]
)
def test_a_part_word_with_no_organ_before_it_keeps_its_reading(note: str) -> None:
    assert _HEAD_AND_NECK_NEOPLASMS in _main_ids(note)
