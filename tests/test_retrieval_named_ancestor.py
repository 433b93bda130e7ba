"""A note that names a disease and its specific form asks the trials of the disease above it.

A note often names the disease and then its specific form: bench/fresh25's "severe TBI (GCS 7
at the scene), bifrontal contusions" (Brain Injuries, Traumatic and, below it, Brain Contusion),
bench/fresh9's "MTB detected … DR-TB centre" (Tuberculosis and Tuberculosis, Pulmonary), bench's
"ulcerative colitis … colitis". The narrower mention becomes the main condition and the search
asks it and the diseases directly above it; a trial listing the disease one further level up
(NCT06171568, the Lariboisière cognitive cohort: "Brain Injuries") was not among the first
fifty. When the note itself names the disease directly above the main one, that disease's own
specific parents (four MeSH levels deep or more) are asked too; a cancer's histology above it
("Carcinoma") is not.
"""

from __future__ import annotations

from test_retrieval import ranked_for_note
from trialfinder.store.base import Store

# bench/fresh25 (tbi-lariboisiere-after-icu), its first sentences.
_TBI = (
    "Neurosurgical ICU, Hopital Lariboisiere, Paris. 34 yo M, motorcycle accident 3 weeks ago: "
    "severe TBI (GCS 7 at the scene), bifrontal contusions and an acute subdural haematoma "
    "evacuated on day 1. Extubated day 9, now GCS 15 on the ward, post-traumatic amnesia "
    "resolving."
)


def test_a_brain_contusion_of_a_named_brain_injury_finds_the_brain_injury_cohort(
    sample_store: Store,
) -> None:
    assert "NCT06171568" in ranked_for_note(sample_store, _TBI)[:5]


def test_a_contusion_alone_asks_no_disease_two_levels_above(sample_store: Store) -> None:
    # Without the injury named above it, only the contusion's own parents are asked.
    note = "34 yo M, bifrontal contusions on CT after a fall, GCS 15."
    assert "NCT06171568" not in ranked_for_note(sample_store, note)
