"""Issue 12: units and multiples as criteria write them, each a class of form, not a corpus line.

Millimolar written "mM" (which lowercases to the millimetre's "mm"), a rate per hour written
"h-1", a multiple of the upper limit written "2.5-fold", a power of ten marked with one
asterisk ("10*9/L"), a grade whose scale is named after "according to", concentration
spellings ("mg %", "UI/L"), and an unnamed score's value written with an equals sign. Chia
lines are from the development half (``extraction_portion``).
"""

from __future__ import annotations

from test_criteria_extraction import CHIA, _corpus_criterion, _readings
from trialfinder.evaluate import _gold_value


def test_millimolar_written_with_a_capital_m_is_a_concentration_not_a_length() -> None:
    assert _readings("Fasting plasma glucose ≥ 7.0 mM") == [("glucose", ">=", 7.0, None, "mmol/L")]
    assert _readings("fasting glucose >7.0mM at screening") == [
        ("glucose", ">", 7.0, None, "mmol/L")
    ]
    # Millimetres stay millimetres, in any case.
    assert _readings("lesion > 10 mm") == [("lesion_size", ">", 10.0, None, "mm")]
    assert _readings("lesion > 10 MM") == [("lesion_size", ">", 10.0, None, "mm")]


def test_the_gold_reads_millimolar_as_the_parse_does() -> None:
    assert _gold_value("≥ 7.0 mM", 0, 8).unit == "mmol/L"
    assert _gold_value("> 10 mm", 0, 7).unit == "mm"


def test_a_rate_per_hour_written_as_a_negative_power_is_per_hour() -> None:
    line = _corpus_criterion(CHIA, "NCT02557412_inc", "apnea-hypopnea index between 5-30 h-1")
    assert _readings(line) == [("ahi", "between", 5.0, 30.0, "1/hour")]
    assert _readings("AHI ≥15 h-1") == [("ahi", ">=", 15.0, None, "1/hour")]


def test_a_multiple_written_fold_with_a_hyphen_is_a_multiple_of_the_limit() -> None:
    assert _readings("ALT ≤ 2.5-fold ULN") == [("alt", "<=", 2.5, None, "ULN")]
    assert _readings("AST more than 3-fold the upper limit of normal") == [
        ("ast", ">", 3.0, None, "ULN")
    ]
    assert _readings("ALT ≤ 2.5 times institutional upper limit of normal") == [
        ("alt", "<=", 2.5, None, "ULN")
    ]
    # A fold of something else is still an adjective, no value.
    assert _readings("a 2-fold increase in ALT") == []


def test_a_power_of_ten_marked_with_one_asterisk_is_a_power() -> None:
    assert _readings("neutrophils ≥ 1.5 x 10*9/L") == [("neutrophils", ">=", 1.5e9, None, "1/L")]


def test_a_grade_whose_scale_is_named_after_according_to_is_that_scales() -> None:
    nyha = "Heart failure class III or IV according to the New York Heart Association"
    assert _readings(nyha) == [("nyha", "between", 3.0, 4.0, None)]
    line = _corpus_criterion(CHIA, "NCT02366819_exc", "Diarrhea, grade 1 or greater")
    assert ("ctcae_grade", ">=", 1.0, None, None) in _readings(line)


def test_concentrations_written_with_a_spaced_per_cent_sign_or_in_french_are_read() -> None:
    assert _readings("fasting glucose > 126 mg %") == [("glucose", ">", 126.0, None, "mg/dL")]
    assert _readings("ALT > 100 UI/L") == [("alt", ">", 100.0, None, "IU/L")]
    assert _readings("eGFR < 60 cc/min/1.73m2") == [
        ("egfr", "<", 60.0, None, "mL_per_min_per_1_73m2")
    ]


def test_a_score_written_with_an_equals_sign_is_its_value() -> None:
    line = _corpus_criterion(CHIA, "NCT03146390_inc", "Community Periodontal Index score = 0")
    assert _readings(line) == [("unnamed_score", "=", 0.0, None, None)]
    line = _corpus_criterion(CHIA, "NCT02687724_inc", "endoscopic subscore =2")
    assert ("unnamed_score", "=", 2.0, None, None) in _readings(line)
    # With no sign at all, "Total score 5 at the first visit" may be anything.
    assert _readings("Total score 5 at the first visit") == []


def test_thousands_set_apart_by_a_space_before_a_counts_unit_are_one_number() -> None:
    assert _readings("platelets < 75 000/mm3") == [("platelets", "<", 75000.0, None, "1/mm**3")]
    assert _readings("neutrophils ≥ 1 500/mm3") == [("neutrophils", ">=", 1500.0, None, "1/mm**3")]
    # The gold reads the number as the parse does.
    assert _gold_value("< 75 000/mm3", 0, 12).number == 75000.0
