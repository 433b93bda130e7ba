"""A lymphoma's International Prognostic Index is a score, in a criterion and in a note.

NCT06356129 (round nine's high-risk LBCL trial) asks "International Prognostic Index (IPI)
score 1 or 2 with lactate dehydrogenase (LDH) > 1.3 x upper limit of normal (ULN) and/or
bulky disease defined as single lesion of ≥ 7 cm OR IPI ≥ 3": the lexicon knew no IPI, so
"IPI ≥ 3" was read as a lesion size of 3 with no unit and the note's "IPI 4" answered
nothing. The IPI (Shipp et al., NEJM 1993) counts 0–5 points; its age-adjusted form
(aaIPI) 0–3 and the follicular lymphoma index (FLIPI, Solal-Céligny et al., Blood 2004)
0–5 are other scores and other analytes. Two ranges of one score that cannot both hold
("1 or 2 … OR ≥ 3") are alternatives, each with its own words: one that holds answers
its own, and a failing condition written beside the other is no failure of the criterion.
"""

from __future__ import annotations

from test_hand_written_patients import _any_trial, _criterion
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import Measurement
from trialfinder.match import match_trial

_TRIAL = "NCT06356129"
_IPI = "International Prognostic Index"


def _answer(note: str) -> str:
    parsed = parse_trial_criteria(_any_trial(_TRIAL))
    answer = _criterion(match_trial(parsed, facts(age=71, sex="male", note=note)), _IPI)
    return f"{answer.status}: {answer.reason}"


def test_an_ipi_threshold_is_a_score_not_a_lesion_size() -> None:
    """ "OR IPI ≥ 3" is the IPI at least 3, and "IPI score 1 or 2" the IPI 1 to 2."""
    parsed = parse_trial_criteria(_any_trial(_TRIAL))
    criterion = next(c for c in parsed.criteria if c.text.startswith(_IPI))
    scores = [
        (c.comparator, c.value, c.upper_value)
        for c in criterion.constraints
        if isinstance(c, Measurement) and c.analyte == "ipi"
    ]
    assert scores == [("between", 1.0, 2.0), (">=", 3.0, None)], criterion.constraints
    sizes = [
        c.text
        for c in criterion.constraints
        if isinstance(c, Measurement) and c.analyte == "lesion_size"
    ]
    assert sizes == ["≥ 7 cm"], sizes


def test_a_high_ipi_in_a_note_meets_ipi_at_least_3() -> None:
    """ "IPI 4" meets "OR IPI ≥ 3", whatever the words beside "IPI 1 or 2" ask."""
    note = (
        "71M. Diffuse large B-cell lymphoma on core biopsy Nov 2026. Ann Arbor stage IV. "
        "IPI 4. LDH 180 U/L (ULN 250). Largest node 3 cm. ECOG 2."
    )
    answer = _answer(note)
    assert answer.startswith("met"), answer
    assert "International Prognostic Index 4" in answer, answer


def test_a_low_ipi_without_its_conditions_is_left_open_not_failed() -> None:
    """ "IPI 2" takes the "1 or 2" alternative; with LDH not raised its bulk is the
    question, which the note does not answer: the study team decides, it is not failed
    for missing "≥ 3"."""
    note = "71M. Diffuse large B-cell lymphoma, stage III. IPI 2, LDH 200 U/L (ULN 250)."
    answer = _answer(note)
    assert answer.startswith("unknown"), answer


def test_an_ipi_of_0_fails_every_alternative() -> None:
    """ "IPI 0" is neither 1 to 2 nor at least 3: not met."""
    note = "71M. Diffuse large B-cell lymphoma, stage II. IPI 0. LDH 600 U/L (ULN 250)."
    answer = _answer(note)
    assert answer.startswith("not_met"), answer


def test_an_age_adjusted_ipi_is_no_ipi() -> None:
    """ "aaIPI 3" is another score: it does not answer the IPI."""
    note = "71M. Diffuse large B-cell lymphoma, stage IV. aaIPI 3. LDH 180 U/L (ULN 250)."
    answer = _answer(note)
    assert answer.startswith("unknown"), answer


def test_a_revised_or_nccn_ipi_is_no_ipi() -> None:
    """ "R-IPI 4" and "NCCN-IPI 6" are other scores (the revised IPI, Sehn et al., Blood
    2007; the NCCN-IPI, Zhou et al., Blood 2014): neither answers the IPI."""
    for score in ("R-IPI 4", "NCCN-IPI 6"):
        note = f"71M. Diffuse large B-cell lymphoma, stage IV. {score}. LDH 180 U/L (ULN 250)."
        answer = _answer(note)
        assert answer.startswith("unknown"), (score, answer)


def test_a_low_ipi_with_one_of_its_or_joined_conditions_is_met() -> None:
    """ "IPI 2, LDH 1.5 x ULN" takes the "1 or 2" alternative and holds its "LDH > 1.3 x
    ULN and/or bulky disease": the bulky disease's words ask nothing more (round nine's
    transformed follicular lymphoma, "IPI 2 with LDH 1.5 x ULN, above 1.3")."""
    note = "62F. Transformed diffuse large B-cell lymphoma, stage III. IPI 2, LDH 1.5 x ULN."
    answer = _answer(note)
    assert answer.startswith("met"), answer
