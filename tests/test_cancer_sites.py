"""A named cancer's kind and site against the criterion's family and sites (issue 12).

The criteria are the round trials' own words; the notes are written here.
"""

from __future__ import annotations

from test_judge_entailment import status

ANAL_CANAL = "Histologically confirmed squamous cell carcinoma of the anal canal or distal rectum"
HEAD_AND_NECK = (
    "Histologically or cytologically documented locally advanced squamous cell carcinoma of "
    "the oropharynx, hypopharynx, oral cavity, or larynx"
)


def test_a_note_writing_scc_at_its_site_meets_the_site_asked() -> None:
    note = "Anal canal SCC on biopsy last month, T2 N0 M0. ECOG 0."
    assert status(ANAL_CANAL, "inclusion", note) == "met"


def test_a_squamous_cell_carcinoma_at_one_of_the_listed_sites_meets_it() -> None:
    note = "Biopsy: squamous cell carcinoma of the anal canal. ECOG 1."
    assert status(ANAL_CANAL, "inclusion", note) == "met"


def test_a_place_within_a_listed_site_meets_it() -> None:
    note = "Squamous cell carcinoma of the right tonsil (oropharynx), T2 N1 M0, p16 negative."
    criterion = "Squamous cell carcinoma of the oropharynx"
    assert status(criterion, "inclusion", note) == "met"


def test_a_carcinoma_at_another_site_leaves_the_site_open() -> None:
    note = "Squamous cell carcinoma of the oesophagus, T2 N0 M0."
    assert status(ANAL_CANAL, "inclusion", note) == "unknown"


def test_spread_to_a_listed_place_names_no_primary_site() -> None:
    note = "Squamous cell carcinoma of the lung with metastases to the larynx."
    assert status(HEAD_AND_NECK, "inclusion", note) == "unknown"


def test_the_broader_organ_does_not_meet_a_qualified_place() -> None:
    criterion = "Squamous cell carcinoma of the supraglottic larynx"
    note = "Squamous cell carcinoma of the larynx, T2 N0 M0."
    assert status(criterion, "inclusion", note) == "unknown"


def test_a_histology_proved_cancer_is_read_as_a_framing_of_the_diagnosis() -> None:
    criterion = "Histology proved - squamous cell carcinoma"
    note = "Squamous cell carcinoma of the larynx on biopsy, T3 N1 M0."
    assert status(criterion, "inclusion", note) == "met"


def test_a_list_of_every_histology_of_the_cancer_is_read_for_its_kind() -> None:
    criterion = "Histologically or cytologically documented squamous or non-squamous NSCLC."
    note = "Squamous cell carcinoma of the left lung, stage IV, on biopsy. ECOG 1."
    assert status(criterion, "inclusion", note) == "met"


def test_a_lung_cancer_of_no_said_kind_stays_open_against_every_nsclc_histology() -> None:
    criterion = "Histologically or cytologically documented squamous or non-squamous NSCLC."
    assert status(criterion, "inclusion", "Lung cancer, stage IV. ECOG 1.") == "unknown"
