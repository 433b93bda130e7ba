"""A cancer the note names without its organ, in a sentence naming the organ of the trial's
cancer ("a lump in my right breast … the biopsy showed a triple negative cancer"), is the
trial's own cancer: an exclusion of a prior cancer is not met by it."""

from __future__ import annotations

from test_hand_written_patients import _round_criterion

_START = "History of any prior invasive breast malignancy"


def test_the_trials_own_cancer_named_beside_its_organ_is_no_prior_cancer() -> None:
    """Round twenty-three: NCT06112379 (TNBC) excludes "History of any prior invasive breast
    malignancy"; the lay patient's present breast cancer, written "a lump in my right breast …
    the biopsy showed a triple negative cancer", met it."""
    note = (
        "I'm 52. I found a lump in my right breast in September and the biopsy showed a triple "
        "negative cancer, about 3 cm. I haven't started anything yet."
    )
    assert _round_criterion("NCT06112379", _START, note, 52, "female") != "met"
