"""A note's conditions read through the search vocabulary's one-way readings
(trialfinder.search.text.read_one_way, trialfinder.retrieval.patient_conditions).

``synonyms.json`` reads a few phrases one way for search: a cancer of the caecum is a colon
cancer (ICD-10 C18.0 under C18), "SCC of the lung" the squamous non-small cell lung cancer.
The note -> trials ranking did not read them: a caecal adenocarcinoma was read as an
"adenocarcinoma" and its colon cancer trials were not found, and "SCC of the lung" gave no
histology, so the squamous trials ranked below the non-squamous ones. The note path now reads
the same one-way readings, where the reading names a cancer, from the one vocabulary file.
"""

from __future__ import annotations

from test_retrieval import ranked_for_note
from trialfinder.patient import PatientProfile
from trialfinder.retrieval import patient_conditions
from trialfinder.search import read_one_way
from trialfinder.store.base import Store

COLONIC_NEOPLASMS = "D003110"
# Amivantamab with FOLFIRI for RAS/BRAF wild-type colorectal cancer after one line.
AMIVANTAMAB_FOLFIRI = "NCT06750094"


def test_a_one_way_phrase_is_written_in_its_clinical_reading() -> None:
    assert read_one_way("Cecal carcinoma, resected.", lambda _: True) == "colon cancer, resected."
    assert read_one_way("Biopsy: SCC of the lung.", lambda _: True) == (
        "Biopsy: squamous lung cancer."
    )


def test_a_reading_the_reader_does_not_take_is_left_as_written() -> None:
    assert read_one_way("Polyp in the caecum.", lambda reading: reading != "colon") == (
        "Polyp in the caecum."
    )


def test_a_cancer_of_the_caecum_is_read_as_a_colon_cancer() -> None:
    note = "Woman of 55 with a cecal adenocarcinoma, stage III, resected in May."
    assert COLONIC_NEOPLASMS in patient_conditions(PatientProfile(note=note)).main_ids


def test_a_listed_caecal_cancer_is_read_as_a_colon_cancer() -> None:
    profile = PatientProfile(conditions=["carcinoma of the caecum, resected"])
    assert COLONIC_NEOPLASMS in patient_conditions(profile).main_ids


def test_scc_of_the_lung_states_the_squamous_histology() -> None:
    note = "Man of 70, stage IV SCC of lung, PD-L1 40%, untreated."
    assert "squamous" in patient_conditions(PatientProfile(note=note)).histologies


def test_a_metastatic_caecal_cancer_note_finds_the_colorectal_trials(sample_store: Store) -> None:
    ranked = ranked_for_note(
        sample_store,
        "Mrs G, 60. Caecal adenocarcinoma with liver metastases, RAS and BRAF wild type,"
        " progressing after first-line FOLFOX. ECOG 1.",
    )
    assert AMIVANTAMAB_FOLFIRI in ranked[:5]


AMENORRHEA = "D000568"


def test_a_lay_reading_naming_no_cancer_is_left_as_the_note_writes_it() -> None:
    note = "Her periods stopped 14 months ago and she has hot flushes every night."
    assert AMENORRHEA not in patient_conditions(PatientProfile(note=note)).main_ids
