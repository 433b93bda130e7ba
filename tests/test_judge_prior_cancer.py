"""A prior cancer against an exclusion that lets some kinds of cancer off (issue 12).

"Cancer within previous 5 years (other than basal or squamous cell cancers of the skin)",
"History of previous malignancy excluding non-melanoma skin cancers or cervical carcinoma in
situ": among the registry's most common exclusions. Round nine of the hand-written patients
(``data/hand_written_patients_nine.json``): a man whose only cancer was a basal cell carcinoma
of the nose was left unknown ("Cancer: timing not given") by a criterion that excepts it, and
other trials' exceptions were read as met. A cancer of an excepted kind never meets the
criterion; a cancer of another kind still does. MeSH files Carcinoma, Basal Cell under no
organ, though its scope note calls it a malignant skin neoplasm (``filed_at_site``), so it is
a skin cancer other than melanoma.
"""

from __future__ import annotations

from test_hand_written_patients import _any_trial
from test_judge_entailment import facts, judged
from trialfinder.criteria import parse_trial_criteria


def criterion_line(nct_id: str, start: str) -> str:
    """The text of a reference trial's criterion that starts with ``start``."""
    parsed = parse_trial_criteria(_any_trial(nct_id))
    return next(c.text for c in parsed.iter_criteria() if c.text.startswith(start))


_BASAL_CELL = (
    "63M referred from urology. Basal cell carcinoma of the nose excised 2023, nil else. "
    "Fit and well otherwise."
)
_MELANOMA = "63M. Melanoma of the back excised 2024, no evidence of disease since. Fit and well."
_LUNG_SCC = "63M. Squamous cell carcinoma of the lung, lobectomy 2024. Fit and well."
_BREAST = "60F. Breast cancer diagnosed 2024, lumpectomy and radiotherapy. Fit and well."

_EXCEPTING = (
    ("NCT00056407", "Cancer within previous 5 years"),
    ("NCT06737822", "History of previous malignancy excluding non-melanoma skin cancers"),
    ("NCT04961996", "A history of any other malignancy within 3 years prior to screening"),
    ("NCT05631795", "Participant has a concurrent malignancy or malignancy within 3 years"),
)


def test_a_cancer_of_an_excepted_kind_does_not_meet_the_exclusion() -> None:
    """Round nine: the basal cell carcinoma is the criterion's own exception, whether it
    names it ("basal or squamous cell cancers of the skin", the first name elided) or its
    class ("non-melanoma skin cancers")."""
    for nct_id, start in _EXCEPTING:
        text = criterion_line(nct_id, start)
        judgement = judged(text, "exclusion", facts(age=63, sex="male", note=_BASAL_CELL))
        assert judgement.status == "not_met", (nct_id, judgement.reason)
        assert "which the criterion excepts" in judgement.reason, judgement.reason


def test_a_cancer_of_another_kind_still_meets_the_exclusion() -> None:
    """A melanoma is no non-melanoma skin cancer; a squamous cell carcinoma of the lung is no
    squamous cell carcinoma of the skin; a breast cancer is none of them."""
    for note in (_MELANOMA, _LUNG_SCC, _BREAST):
        for nct_id, start in _EXCEPTING:
            text = criterion_line(nct_id, start)
            judgement = judged(text, "exclusion", facts(age=63, sex="male", note=note))
            assert judgement.status != "not_met", (nct_id, note, judgement.reason)
            assert "excepts" not in judgement.reason, judgement.reason


def test_a_cancer_named_in_a_lettered_exception_list_is_let_off() -> None:
    """ "History of another primary malignancy except for a) …; b) Adequately treated
    nonmelanoma skin cancer …", "(with exception to nonmelanoma skin cancer …)", "…
    recurrence. Exceptions include adequately resected non-melanoma skin cancer": the skin
    cancer is the list's, not one the exclusion asks for, so a basal cell carcinoma (a skin
    cancer) does not meet the criterion by it."""
    for nct_id, start in (
        ("NCT06079671", "History of another primary malignancy except for a)"),
        ("NCT05948592", "Presence of active malignant or benign tumors"),
        ("NCT06194448", "History of another primary malignancy except for malignancy"),
    ):
        text = criterion_line(nct_id, start)
        judgement = judged(text, "exclusion", facts(age=63, sex="male", note=_BASAL_CELL))
        assert judgement.status != "met", (nct_id, judgement.reason)


def test_a_qualified_exception_lets_off_only_what_the_note_shows() -> None:
    """ "Other than superficial basal cell carcinoma": the note does not say the patient's
    was superficial, so it is not let off."""
    text = criterion_line("NCT06020014", "History of malignancy other than superficial")
    judgement = judged(text, "exclusion", facts(age=63, sex="male", note=_BASAL_CELL))
    assert judgement.status != "not_met", judgement.reason


def test_a_basal_cell_carcinoma_is_a_skin_cancer() -> None:
    """MeSH's scope note: "A malignant skin neoplasm"; filed under Skin Neoplasms."""
    judgement = judged("History of skin cancer", "exclusion", facts(note=_BASAL_CELL))
    assert judgement.status == "met", judgement.reason
