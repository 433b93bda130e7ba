"""A number on a thing the measurement lexicon does not name, in a criterion and a note.

"Participant has ≤2 nodules on the face" (NCT01234567), "Presence of at least 8 teeth"
(NCT05706493), "Appendix diameter > 6mm and ≤ 15mm" (NCT05691348), "<20% basophils in the
peripheral blood" (NCT06427811): nothing of these is parsed, and the judge left them to the
study team though the note says "1 nodule on the face", "22 teeth", "appendix 9 mm",
"basophils 2%". The same noun phrase with a number of the same dimension answers them; a
different thing that shares a word, another unit's dimension, an estimate, a time window or a
clause that is more than the quantity stays unknown.
"""

from __future__ import annotations

from test_judge_entailment import facts, judged
from trialfinder.judging.named_quantities import Bound, asked_quantity

NODULES = "Participant has ≤2 nodules on the face"  # NCT01234567, inclusion
TEETH = "Presence of at least 8 teeth"  # NCT05706493, inclusion
APPENDIX = "Appendix diameter > 6mm and ≤ 15mm"  # NCT05691348, inclusion
BASOPHILS = "<20% basophils in the peripheral blood"  # NCT06427811, inclusion


def _status(text: str, note: str) -> tuple[str, str]:
    answer = judged(text, "inclusion", facts(age=44, sex="female", note=note))
    return answer.status, answer.reason


def _assert_answers(cases: tuple[tuple[str, str, str], ...]) -> None:
    """Each (criterion, note, status): the judge's answer, its reason naming the note's
    number when it answers."""
    for text, note, want in cases:
        status, reason = _status(text, note)
        assert status == want, (text, note, reason)
        assert want == "unknown" or "the note gives" in reason, reason


def test_a_count_the_note_gives_for_the_same_thing_answers_a_bound_on_it() -> None:
    _assert_answers(
        (
            (NODULES, "Today 22 papules and pustules and 1 nodule on the face, IGA 3.", "met"),
            (NODULES, "~50 papules/pustules cheeks + nose, 3 nodules. IGA 4.", "not_met"),
            (NODULES, "Rosacea with three nodules on the face.", "not_met"),
            (TEETH, "I have 22 teeth, some is loose and my gum is bleeding.", "met"),
            (TEETH, "She has twelve teeth left.", "met"),
            (TEETH, "Edentulous upper jaw; 5 teeth remaining in the lower jaw.", "not_met"),
        )
    )


def test_a_measure_in_a_unit_of_the_same_dimension_answers_its_bounds() -> None:
    _assert_answers(
        (
            (APPENDIX, "Ultrasound: non-compressible appendix 9 mm, no abscess.", "met"),
            (APPENDIX, "The appendix is 17 mm.", "not_met"),
            (APPENDIX, "CT: the appendix measures 1.2 cm.", "met"),
            (BASOPHILS, "CBC: Hb 12.8 g/dl, blasts 0%, basophils 2%.", "met"),
            (BASOPHILS, "Film: blasts 8%, basophils 24%.", "not_met"),
        )
    )
    assert _status(APPENDIX, "The appendix is 17 mm.")[1] == (
        "the note gives appendix 17 mm, which does not meet the criterion's more than "
        "6 mm and at most 15 mm"
    )


def test_a_different_thing_that_shares_a_word_leaves_the_quantity_unknown() -> None:
    _assert_answers(
        (
            (NODULES, "CT chest: 3 lung nodules, all under 4 mm.", "unknown"),
            (NODULES, "Rosacea; 4 nodules on the back.", "unknown"),
            (TEETH, "Extraction of tooth 36 planned.", "unknown"),
            (APPENDIX, "Right ovarian cyst 9 mm; appendix not seen.", "unknown"),
        )
    )


def test_a_unit_of_another_dimension_or_an_estimate_leaves_the_quantity_unknown() -> None:
    _assert_answers(
        (
            (BASOPHILS, "Differential: basophils 0.1 x10^9/L.", "unknown"),
            (TEETH, "About 10 teeth left, most of them loose.", "unknown"),
            (NODULES, "1 nodule on the face in May; 3 nodules on the face now.", "unknown"),
        )
    )


def test_bounds_on_a_named_thing_as_criteria_write_them() -> None:
    nodules = asked_quantity(NODULES)
    assert nodules is not None
    assert (nodules.head, nodules.unit, nodules.bounds, nodules.site) == (
        "nodul",
        None,
        (Bound("<=", 2.0),),
        ("face",),
    )
    appendix = asked_quantity(APPENDIX)
    assert appendix is not None
    assert (appendix.naming, appendix.unit, appendix.bounds) == (
        ("appendix",),
        "mm",
        (Bound(">", 6.0), Bound("<=", 15.0)),
    )
    teeth = asked_quantity(TEETH)
    assert teeth is not None and teeth.bounds == (Bound(">=", 8.0),)


def test_a_time_a_multiple_of_normal_or_a_clause_is_no_named_quantity() -> None:
    for text in (
        "Present for at least 3 weeks;",  # NCT05948592: a duration
        "Thromboembolic event within 3 months",  # NCT06109779: a window
        "Total Bilirubin ≤ 1.5 x ULN;",  # NCT05607199: the laboratory's limit
        "Presence of ≥20 teeth, including implants",  # NCT05698823: teeth and implants
        "Participant must be ≥ 18 years of age at the time of screening.",  # NCT06467357
        "Lower - mid rectum starting upto 7 cm from Anal verge",  # NCT06252142
    ):
        assert asked_quantity(text) is None, text
