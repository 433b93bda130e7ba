"""A cancer's histology beside its organ ranks the trials of that histology first
(trialfinder.retrieval), on bench/fresh16_patient_notes.jsonl's text and the sample's titles.

"Squamous cell carcinoma of the lung, stage IV" shares every word of its organ and cancer with
"Non-squamous Non-small Cell Lung Cancer": the non-squamous trials ranked above the one
trial for metastatic squamous NSCLC.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from trialfinder.ingest import ingest_paths, sample_paths
from trialfinder.patient import PatientProfile
from trialfinder.retrieval import find_trials
from trialfinder.search import STATUSES, open_store
from trialfinder.store import Store

_SQUAMOUS_LUNG = (
    "Thoracic oncology clinic letter. Dear Dr Osei, I saw Mr Lindqvist, 66, ex-smoker (45 "
    "pack-years), with newly diagnosed squamous cell carcinoma of the lung, right upper lobe, "
    "stage IV with bone and left adrenal metastases (PET-CT). EBUS biopsy: squamous cell "
    "carcinoma, PD-L1 TPS 40%. NGS found no actionable alterations. ECOG 1. Untreated."
)


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Store]:
    opened = open_store(tmp_path_factory.mktemp("histology") / "sample.db")
    try:
        ingest_paths(opened, sample_paths())
        yield opened
    finally:
        opened.close()


def test_a_squamous_lung_cancer_ranks_the_squamous_trial_above_the_non_squamous_ones(
    store: Store,
) -> None:
    results = find_trials(store, PatientProfile(note=_SQUAMOUS_LUNG), statuses=STATUSES).results
    titles = [(entry.title or "").lower() for entry in results]
    squamous = next(i for i, t in enumerate(titles) if "metastatic squamous" in t)
    non_squamous = [i for i, t in enumerate(titles) if "non-squamous" in t or "nonsquamous" in t]
    assert non_squamous and squamous < min(non_squamous)
