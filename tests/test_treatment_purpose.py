"""A drug a criterion asks *for* a purpose ("Patients on macrolide as antibiotics for COPD
exacerbation", NCT05706402; "corticosteroids as therapy for CNS disease", NCT05482516): the
note's drug meets it only when its sentence names that purpose too, as an operation asked
for a disease already did (``trialfinder.judging.operation_purpose``); "X as Y for Z" is read
as "X for Z" (issue 12, branch wrong-answers-classes).
"""

from __future__ import annotations

from test_judge_entailment import facts, judged
from trialfinder.indication import criterion_indication

# NCT05706402 (N-acetylcysteine in COPD exacerbations; round twenty-six).
_MACROLIDE = "Patients on macrolide as antibiotics for COPD exacerbation"
# NCT05482516.
_STEROIDS_FOR_CNS = "corticosteroids as therapy for CNS disease"


def test_a_drug_as_a_kind_for_a_purpose_is_asked_for_that_purpose() -> None:
    asked = criterion_indication(_MACROLIDE, "macrolide")
    assert asked is not None and asked.concept == "copd"
    assert criterion_indication(_STEROIDS_FOR_CNS, "corticosteroids") is not None


def test_long_term_azithromycin_leaves_a_macrolide_for_an_exacerbation_unknown() -> None:
    note = (
        "58F, COPD and bronchiectasis. Long-term azithromycin 250 mg three times a week. "
        "Exacerbation this week."
    )
    result = judged(_MACROLIDE, "exclusion", facts(age=58, sex="female", note=note))
    assert result.status == "unknown"
    assert "for COPD" in result.reason


def test_azithromycin_started_for_the_exacerbation_meets_it() -> None:
    note = "58F, COPD exacerbation since Monday, started azithromycin for it by the GP."
    assert judged(_MACROLIDE, "exclusion", facts(age=58, sex="female", note=note)).status == "met"
