"""Lymphoma regimens a haematology note names, and progression on a treatment.

A lymphoma note writes its chemotherapy by the regimen's abbreviation ("completed 6 cycles
of R-CHOP", "ABVD x 4"), as NCCN's B-cell and Hodgkin lymphoma guidelines do; the lexicon
knew the myeloma and colorectal regimens only, so "Prior history of chemotherapy" read "the
note does not mention chemotherapy". An exclusion of "Relapse or progression of disease
during chemotherapy" asks the disease to have progressed on it, which having had it does not
say. On the real criteria of NCT02964858 (round nine's DLBCL trial).
"""

from __future__ import annotations

from test_hand_written_patients import _any_trial, _criterion
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.match import match_trial

_TRIAL = "NCT02964858"
_PRIOR_CHEMOTHERAPY = "Prior history of chemotherapy"
_PROGRESSION = "Relapse or progression of disease during chemotherapy"


def _answer(note: str, start: str) -> str:
    parsed = parse_trial_criteria(_any_trial(_TRIAL))
    answer = _criterion(match_trial(parsed, facts(age=52, sex="male", note=note)), start)
    return f"{answer.status}: {answer.reason}"


def test_r_chop_in_a_note_is_chemotherapy() -> None:
    """ "completed 6 cycles of R-CHOP" is a chemotherapy given: the exclusion is met."""
    note = (
        "52M with diffuse large B-cell lymphoma stage IIA, completed 6 cycles of R-CHOP in "
        "October 2026 with complete metabolic response on PET."
    )
    answer = _answer(note, _PRIOR_CHEMOTHERAPY)
    assert answer.startswith("met"), answer


def test_hodgkin_and_salvage_regimens_in_a_note_are_chemotherapy() -> None:
    """ABVD, R-GemOx, DA-EPOCH-R and R-DHAP are chemotherapy regimens as well."""
    for regimen in ("ABVD x 4", "R-GemOx", "DA-EPOCH-R x 6", "R-DHAP"):
        note = f"52M with lymphoma stage IIA, treated with {regimen} in 2025, now in remission."
        answer = _answer(note, _PRIOR_CHEMOTHERAPY)
        assert answer.startswith("met"), (regimen, answer)


def test_having_had_chemotherapy_is_no_progression_during_it() -> None:
    """A chemotherapy given, with no word of progression on it, leaves "Relapse or
    progression of disease during chemotherapy" to the study team; it is not met."""
    note = "52M with diffuse large B-cell lymphoma, completed 6 cycles of CHOP chemotherapy."
    answer = _answer(note, _PROGRESSION)
    assert answer.startswith("unknown"), answer


def test_progression_on_chemotherapy_meets_progression_during_it() -> None:
    """A note saying the lymphoma progressed on its chemotherapy meets the exclusion."""
    note = "52M with diffuse large B-cell lymphoma, progressed on CHOP chemotherapy after 3 cycles."
    answer = _answer(note, _PROGRESSION)
    assert answer.startswith("met"), answer


def test_a_completed_r_chop_course_is_past() -> None:
    """ "completed 6 cycles of R-CHOP": the course is over, the patient has had it, not is on
    it (the regimen's "R-" prefix is the same word as the acronym read)."""
    note = "52M with diffuse large B-cell lymphoma, completed 6 cycles of R-CHOP in October 2026."
    answer = _answer(note, _PRIOR_CHEMOTHERAPY)
    assert answer.startswith("met"), answer
    assert "has had" in answer and "is on" not in answer, answer
