"""Issue 12 (defs-two) item 1: a name whose result is written beside it keeps that result.

"Controlled HIV (undetectable viral load and CD4 > 350)": the viral load's result is the
word "undetectable" before it, so the "> 350" after "and CD4" is the CD4's alone. Names
joined by "and"/"or" share a value only when none of them states its own ("AST and ALT
≤ 2.5 × ULN"). The shape is written in the brief of issue 12; the API v2 studies write the
same facts in the other order (NCT05296798: "a CD4 count ≥350 cells/uL, and have an
undetectable viral load"), which must keep reading as it did.
"""

from __future__ import annotations

from test_judge_definitions import judged
from test_judge_general import criterion_of, written
from trialfinder.criteria.model import Measurement

CONTROLLED_HIV = "Controlled HIV (undetectable viral load and CD4 > 350)"


def readings(text: str) -> set[tuple[str, str, float]]:
    return {
        (c.analyte, c.comparator, c.value)
        for c in written(text, "inclusion").constraints
        if isinstance(c, Measurement)
    }


def test_a_load_stated_undetectable_takes_no_value_of_the_name_after_and() -> None:
    assert readings(CONTROLLED_HIV) == {("hiv_viral_load", "=", 0.0), ("cd4", ">", 350.0)}
    # The same with another word for the result.
    assert readings("Suppressed HIV RNA and CD4 count ≥ 200 cells/uL") == {
        ("hiv_viral_load", "=", 0.0),
        ("cd4", ">=", 200.0),
    }
    # Names with no result of their own still share the value.
    assert {r[0] for r in readings("HBV DNA or HCV RNA ≥ 15 IU/mL")} == {"hbv_dna", "hcv_rna"}


def test_an_undetectable_load_meets_controlled_hiv() -> None:
    note = (
        "A 45-year-old man with HIV on antiretroviral therapy, viral load undetectable, "
        "CD4 count 520 cells/uL."
    )
    assert judged(CONTROLLED_HIV, "inclusion", note).status == "met"
    detectable = "A 45-year-old man with HIV, viral load 12,000 copies/mL, CD4 count 520."
    assert judged(CONTROLLED_HIV, "inclusion", detectable).status == "not_met"


def test_a_count_before_an_undetectable_load_keeps_both_readings() -> None:
    criterion = criterion_of("NCT05296798", "Concurrent, serious, uncontrolled infections")
    found = {
        (c.analyte, c.comparator, c.value)
        for c in criterion.constraints
        if isinstance(c, Measurement)
    }
    assert {("cd4", ">=", 350.0), ("hiv_viral_load", "=", 0.0)} <= found
