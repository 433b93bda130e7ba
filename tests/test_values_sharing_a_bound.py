"""Issue 12: a unit written once after two bounds whose signs were lost, and liver enzymes named
as a group, each a class of form, not a corpus line.

Legacy registry text turned "≥" and "≤" into "=": "HbA1c = 6.5 and = 10.0 %" writes the unit
once, after the second bound, and the first is in it too. Transaminases are also written
"hepatic enzymes", "aminotransferase levels", "liver aminotransferases". Chia lines are from the
development half (``extraction_portion``).
"""

from __future__ import annotations

from test_criteria_extraction import CHIA, _corpus_criterion, _readings


def test_two_bounds_with_lost_signs_share_the_unit_written_after_the_second() -> None:
    line = _corpus_criterion(CHIA, "NCT02985242_inc", "HbA1c = 6.5 and = 10.0 %")
    assert _readings(line) == [
        ("hba1c", "=", 6.5, None, "percent"),
        ("hba1c", "=", 10.0, None, "percent"),
    ]
    line = _corpus_criterion(CHIA, "NCT03619707_inc", "=18 to =30 kg/m2")
    assert _readings(line) == [
        ("bmi", "=", 18.0, None, "kg/m**2"),
        ("bmi", "=", 30.0, None, "kg/m**2"),
    ]
    # A unit in another scale than the analyte's own is the written one, not the assumed one.
    assert _readings("Serum creatinine = 60 and = 130 µmol/L") == [
        ("creatinine", "=", 60.0, None, "umol/L"),
        ("creatinine", "=", 130.0, None, "umol/L"),
    ]
    # Another quantity's value after "and" lends the first nothing.
    assert _readings("HbA1c = 6.5 and weight = 70 kg") == [
        ("hba1c", "=", 6.5, None, None),
        ("body_weight", "=", 70.0, None, "kg"),
    ]


def test_liver_enzymes_named_as_a_group_are_the_transaminases() -> None:
    assert _readings("hepatic enzymes > 3 times the upper limit of normal") == [
        ("transaminases", ">", 3.0, None, "ULN")
    ]
    assert _readings("Liver aminotransferases > 3 x ULN") == [
        ("transaminases", ">", 3.0, None, "ULN")
    ]
    assert _readings("aminotransferase levels ≤ 2.5 x ULN") == [
        ("transaminases", "<=", 2.5, None, "ULN")
    ]
    # A named enzyme keeps its own name.
    assert _readings("alanine aminotransferase ≤ 2.5 x ULN") == [("alt", "<=", 2.5, None, "ULN")]
