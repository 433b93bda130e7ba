"""A value against the lower limit of normal is read, in the parse, the judge and the gold.

Issue 12: "haemoglobin values below the lower limit of the laboratory-specified reference
range" (Chia NCT03493919), "low level of vitamin B12" (Chia NCT00500500; both development
half) and "Serum Potassium … less than 1.0 x LLN" (NCT06761586) ask for a lab below its
lower limit of normal. No unit read the LLN, so these criteria named a lab and asked nothing
of it (the number before "x LLN" was dropped on purpose). Now they are once (or a multiple
of) the LLN, as "above ULN" and "elevated ALT" are of the upper limit; the judge compares
such a threshold with a patient's value given against the same limit ("low B12" in a note)
and leaves a number to the study team, which knows the lab's range (no typical LLN is
assumed).
"""

from __future__ import annotations

from test_hand_written_patients import _any_trial
from test_judge_entailment import facts, judged
from test_judge_general import criterion_of
from test_raised_lab_levels import _lct_line
from test_upper_limit_without_multiple import _line_of
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.parse import analyse_text
from trialfinder.criteria.raised_levels import is_lowered_word
from trialfinder.evaluate import _gold_value


def _read(line: str) -> list[tuple[str, str, float, str | None]]:
    return [
        (m.analyte, m.comparator, m.value, m.unit) for m, _, _ in analyse_text(line).measurements
    ]


def test_a_lab_below_the_lower_limit_of_normal_is_once_the_limit() -> None:
    line = _line_of("NCT03493919_exc", "haemoglobin values below the lower limit")
    assert ("hemoglobin", "<", 1.0, "LLN") in _read(line)


def test_a_lowering_word_before_a_list_of_labs_is_once_the_lower_limit_for_each() -> None:
    line = _line_of("NCT00500500_exc", "low level of vitamin B12")
    assert ("vitamin_b12", "<", 1.0, "LLN") in _read(line)
    assert ("folate", "<", 1.0, "LLN") in _read(line)


def test_a_limit_a_lab_must_reach_is_at_least_the_lower_limit() -> None:
    # LCT development half (NCT03862807): vitamin A, a lab the lexicon lacked.
    line = _lct_line("NCT03862807", "vitamin A level")
    assert _read(line) == [("vitamin_a", ">=", 1.0, "LLN")]


def test_a_multiple_of_the_lower_limit_is_read_with_its_number() -> None:
    criterion = criterion_of("NCT06761586", "Serum Potassium more than 1.0 x ULN")
    readings = [(c.analyte, c.comparator, c.value, c.unit) for c in criterion.constraints]
    assert ("potassium", ">", 1.0, "ULN") in readings
    assert ("potassium", "<", 1.0, "LLN") in readings


def test_a_lowering_word_on_what_is_no_lab_is_no_limit() -> None:
    # A pressure has no lower limit of normal a lab reports (LCT NCT03921437); a dose is no
    # level (Chia NCT03241368); both development half.
    pressure = _lct_line("NCT03921437", "low blood pressure")
    dose = _line_of("NCT03241368_exc", "Low dose aspirin regimens")
    for line in (pressure, dose):
        assert not any(m.unit == "LLN" for m, _, _ in analyse_text(line).measurements)
    # LCT development half (NCT03927378): HELLP's "Low Platelets" spell out the syndrome.
    line = _lct_line("NCT03927378", "HELLP [")
    assert not any(m.unit == "LLN" for m, _, _ in analyse_text(line).measurements)


def test_the_judge_compares_a_lower_limit_with_a_patient_value_given_against_it() -> None:
    line = _line_of("NCT00500500_exc", "low level of vitamin B12")
    low = judged(line, "exclusion", facts(note="Anaemia work-up: low vitamin B12 level."))
    assert low.status == "met"
    measured = judged(line, "exclusion", facts(note="Vitamin B12 150 pg/mL."))
    assert measured.status == "unknown"
    assert "lower limit of normal" in measured.reason


def test_the_chia_gold_reads_a_lowering_word_and_a_bare_lower_limit_as_the_parse_does() -> None:
    assert is_lowered_word("low") and is_lowered_word(" Decreased ")
    assert not is_lowered_word("abnormal")
    low = _gold_value("low", 0, 3)
    assert (low.comparator, low.number, low.unit) == ("<", 1.0, "LLN")
    below = _gold_value("below the lower limit of normal", 0, 31)
    assert (below.comparator, below.number, below.unit) == ("<", 1.0, "LLN")


def test_a_vital_reported_against_a_lower_limit_takes_one_and_a_lowering_word_does_not() -> None:
    # Chia NCT01895946 and NCT00679341, development half: an echo reports LVEF against the
    # site's lower limit; "decreased LVEF" (like "reduced ejection fraction", a heart failure
    # kind) is left to the readings of heart failure.
    below = _line_of("NCT01895946_exc", "left ventricular ejection fraction below the lower")
    assert ("lvef", "<", 1.0, "LLN") in _read(below)
    decreased = _line_of("NCT00679341_exc", "History of decreased LVEF")
    assert not any(unit == "LLN" for *_, unit in _read(decreased))


def test_each_lab_of_a_list_takes_its_own_limit_past_an_earlier_multiple() -> None:
    # NCT05381194 (legacy XML sample), exclusion: the "X" of "2 X ULN" is creatinine's; it
    # is no multiple of the calcium's LLN after it.
    trial = _any_trial("NCT05381194")
    (criterion,) = [
        c
        for c in parse_trial_criteria(trial).iter_criteria()
        if c.text.startswith("Serum creatinine > 2 X ULN")
    ]
    readings = [(c.analyte, c.comparator, c.value, c.unit) for c in criterion.constraints]
    assert readings == [
        ("creatinine", ">", 2.0, "ULN"),
        ("calcium", "<", 1.0, "LLN"),
        ("magnesium", "<", 1.0, "LLN"),
    ]
