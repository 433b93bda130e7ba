"""Issue 12 (route-two): a negation reaches every drug of the list it opens.

"HCV treatment-naïve, as defined as no prior exposure to any Interferon (IFN), RBV, or
other FDA approved or experimental HCV-specific direct-acting antiviral agent" (Chia
NCT02759861) denies the direct-acting antiviral too: "no prior" opens a list of
alternatives joined by commas and "or", and the last of them stands more than the
negation's twelve words away. A negation's scope now runs on through an "or" it reaches:
the words after the "or" are another of the things it denies — but not out of a bracket the
"or" stands in: "no decrease in symptoms (< 20% by Myelofibrosis Symptom Assessment Form
[MFSAF] or myeloproliferative neoplasm SAF)" (ClinicalTrials.gov NCT04576156) names a form
in its bracket and denies no neoplasm. Real criterion text.
"""

from __future__ import annotations

from test_judge_entailment import facts
from trialfinder.evaluate import criterion_from_text as criterion_from
from trialfinder.match import judge

_NAIVE = (
    "HCV treatment-naïve, as defined as no prior exposure to any Interferon (IFN), RBV, or "
    "other FDA approved or experimental HCV-specific direct-acting antiviral agent"
)


def _status(text: str, note: str, section: str = "inclusion") -> tuple[str, str]:
    judgement = judge(criterion_from(text, section), facts(age=48, sex="male", note=note))
    return judgement.status, judgement.reason


def test_a_negation_reaches_the_last_drug_of_an_or_list() -> None:
    mentions = criterion_from(_NAIVE, "inclusion").constraints
    daa = [m for m in mentions if getattr(m, "concept", "") == "hcv_direct_acting_antiviral"]
    assert daa, mentions
    assert all(getattr(m, "negated", False) for m in daa), daa


def test_a_prior_direct_acting_antiviral_does_not_meet_no_prior_exposure() -> None:
    status, reason = _status(
        _NAIVE,
        "48M chronic hepatitis C genotype 1a, treated with ledipasvir/sofosbuvir in 2019, "
        "relapsed.",
    )
    assert status != "met", reason


def test_a_negation_does_not_run_on_through_an_or_inside_a_bracket() -> None:
    text = (
        "no decrease in symptoms (< 20% by Myelofibrosis Symptom Assessment Form [MFSAF] or "
        "myeloproliferative neoplasm SAF) from the start of treatment with JAK-inhibitor"
    )
    mentions = criterion_from(text, "inclusion").constraints
    neoplasms = [m for m in mentions if "neoplasm" in getattr(m, "text", "")]
    assert not any(getattr(m, "negated", False) for m in neoplasms), neoplasms
