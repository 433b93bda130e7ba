"""Two classes of the note -> trials ranking found on bench/fresh18 notes' text
(trialfinder.retrieval, trialfinder.treatment_setting).

A disease told as having come back *again* ("it came back last year … now it has come back
again", "relapsed again", "a second relapse") has been treated for its recurrence at least
once: the patient is past the first line, so a trial for previously untreated disease is for
another setting. A single "came back" is left unread (a first recurrence after adjuvant
treatment may still be untreated for advanced disease, and "the biopsy came back as cancer" is
a result).

A squamous cancer of the lung does not belong in a trial whose title admits only the other
histology ("Non-squamous NSCLC"): such a title contradicts the note as a marker status would,
while a non-squamous note is unaffected.

A newborn's note tells no age in years ("Baby girl, born at 29+3 weeks … now day 5"): the
trials are those a newborn's age allows, not an adult's (the mother's pre-eclampsia trial, for
women of 18 or over, led the NICU handover).
"""

from __future__ import annotations

import pytest

from test_retrieval import ranked_for_note
from trialfinder.store.base import Store
from trialfinder.treatment_setting import note_settings


@pytest.mark.parametrize(
    "note",
    [
        "His lymphoma went away after R-CHOP, then it came back and now it has come back again.",
        "Her myeloma relapsed again in March.",
        "This is his second relapse of DLBCL.",
        "The leukaemia came back a second time.",
    ],
)
def test_a_disease_come_back_again_is_past_the_first_line(note: str) -> None:
    assert note_settings(note) == {"pretreated"}


@pytest.mark.parametrize(
    "note",
    [
        "The biopsy came back as squamous cell cancer.",
        "The scan showed it came back in her liver; she has not started treatment for it.",
        "She is unsure about coming back again for the rest of the course.",
    ],
)
def test_a_result_or_a_first_recurrence_states_no_line(note: str) -> None:
    assert note_settings(note) == set()


# The selinexor trial is for relapsed/refractory DLBCL after 2-5 regimens; golcadomide with
# R-CHOP is for previously untreated large B-cell lymphoma.
RELAPSED_DLBCL = "NCT02227251"
UNTREATED_LBCL = "NCT06356129"


def test_a_lymphoma_come_back_again_ranks_relapsed_trials_before_untreated_ones(
    sample_store: Store,
) -> None:
    ranked = ranked_for_note(
        sample_store,
        "My dad is 70. His diffuse large B-cell lymphoma was treated with R-CHOP and went away,"
        " then it came back and he had more chemo, and now it has come back again in his chest.",
    )
    assert ranked.index(RELAPSED_DLBCL) < ranked.index(UNTREATED_LBCL)


NON_SQUAMOUS_PD_L1_HIGH = "NCT06357533"
ANY_HISTOLOGY_PD_L1_HIGH = "NCT06472076"


@pytest.mark.parametrize(
    ("note", "first", "after"),
    [
        (
            "66M, squamous cell carcinoma of the lung with bone metastases, stage IV. PD-L1 TPS"
            " 70%. No actionable mutations. ECOG 1. Untreated.",
            ANY_HISTOLOGY_PD_L1_HIGH,
            NON_SQUAMOUS_PD_L1_HIGH,
        ),
        # a non-squamous note keeps its non-squamous trial first
        (
            "61F, non-squamous NSCLC (adenocarcinoma of the lung), stage IV. PD-L1 TPS 70%."
            " No actionable mutations. ECOG 1. Untreated.",
            NON_SQUAMOUS_PD_L1_HIGH,
            ANY_HISTOLOGY_PD_L1_HIGH,
        ),
    ],
)
def test_a_title_for_the_other_histology_ranks_after_one_for_the_notes(
    sample_store: Store, note: str, first: str, after: str
) -> None:
    ranked = ranked_for_note(sample_store, note)
    assert ranked.index(first) < ranked.index(after)


PRETERM_COHORT = "NCT05381285"
PRE_ECLAMPSIA_AT_TERM = "NCT04766866"


def test_a_newborns_note_is_matched_at_a_newborns_age(sample_store: Store) -> None:
    ranked = ranked_for_note(
        sample_store,
        "NICU handover. Baby girl, born at 30+1 weeks by emergency caesarean for maternal"
        " pre-eclampsia, birth weight 1380 g, now day 3, on CPAP. Mum lives in Swansea.",
    )
    assert ranked[0] == PRETERM_COHORT
    assert PRE_ECLAMPSIA_AT_TERM not in ranked
