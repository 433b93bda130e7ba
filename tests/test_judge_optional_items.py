"""An item a criterion marks optional ("+/-", "±", "with/without" before it) is not asked of
the patient: "adjuvant ET (+/- CDK4/6 inhibitor)" allows the inhibitor, so a note that does
not mention it leaves nothing unknown about it and the reason names what is really missing.
A "+/-" before a number ("60 (+/-10%) Gy") is a tolerance of the value and changes nothing.
Real criteria of ../shared/data/ctgov_v2."""

from __future__ import annotations

from test_judge_entailment import facts, judged
from trialfinder.criteria.model import ConceptMention
from trialfinder.criteria.parse import parse_criterion
from trialfinder.judging.mention_scope import judged_in

_ADJUVANT_ET = (
    "Completed at least 2 years but no more than 5 years (+3 months) of adjuvant ET "
    "(+/- CDK4/6 inhibitor)"
)
_FIT_FOR_RADIATION = (
    "Fit to receive adjuvant radiation +/- chemotherapy (if indicated) +/- hormonal therapy "
    "(if indicated)"
)
_EBRT = (
    "Histologically confirmed diagnosis of cervical cancer post hysterectomy with intermediate "
    "or high-risk features, requiring adjuvant EBRT ± concurrent chemotherapy"
)
_RADIATION_DOSE = (
    "The RT component in the cCRT or sCRT must have been at a total dose of radiation of 60 "
    "(+/-10%) Gy (54 Gy to 66 Gy) administered by intensity-modulated radiotherapy"
)


def _asked(text: str, section: str = "inclusion") -> list[str]:
    constraints, _ = parse_criterion(text, section)  # type: ignore[arg-type]
    return [
        c.text
        for c in constraints
        if isinstance(c, ConceptMention) and judged_in(text, section == "exclusion", c)
    ]


def test_an_item_after_plus_minus_is_not_asked() -> None:
    """NCT05774951: the CDK4/6 inhibitor is allowed, not required; a woman on anastrozole
    without one was "unknown: the note does not mention CDK4/6 inhibitor"."""
    note = (
        "55F, postmenopausal. R breast IDC, ER 8/8, HER2 0, pT2 pN1 M0. Anastrozole 1 mg od "
        "since 05/2024 (completed 2 years)."
    )
    judgement = judged(_ADJUVANT_ET, "inclusion", facts(age=55, sex="female", note=note))
    assert "CDK4/6" not in judgement.reason
    assert judgement.status != "met"


def test_the_items_a_criterion_marks_optional_are_left_and_the_rest_asked() -> None:
    """NCT02992574 asks fitness for radiation; chemotherapy and hormonal therapy are each
    "+/-", given only if indicated. NCT05857631: "EBRT ± concurrent chemotherapy"."""
    asked = _asked(_FIT_FOR_RADIATION)
    assert "chemotherapy" not in asked
    assert "hormonal therapy" not in asked
    assert "radiation" in asked
    assert "chemotherapy" not in " ".join(_asked(_EBRT))


def test_a_tolerance_of_a_value_is_no_optional_item() -> None:
    """NCT05170204: "60 (+/-10%) Gy" is a dose with its tolerance; the radiotherapy around it
    is still asked."""
    assert "radiation" in _asked(_RADIATION_DOSE)
    assert "RT" in _asked(_RADIATION_DOSE)
