"""Issue 12 (drugs-four): "immuno-active drugs" as a family.

"use of immuno-active drugs" (NCT00739895) was read as nothing: the criterion went to the
study team even for a patient on methotrexate and adalimumab. The family (``concepts.json``
``immune_active_drug``: MeSH Immunologic Factors) counts the immunosuppressants, the
immune-mediator biologics and the IMiDs; "immunomodulating agents" names it too. A note that
names no such drug leaves it as today (the note does not mention it). Real criterion text.
"""

from __future__ import annotations

from test_criteria_elided_names import legacy_criterion
from test_judge_entailment import facts
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import judge

_IMMUNO_ACTIVE = "use of immuno-active drugs"


def _status(note: str, age: int) -> str:
    criterion = legacy_criterion("NCT00739895", _IMMUNO_ACTIVE)
    return judge(criterion, facts(age=age, sex="male", note=note)).status


def test_immuno_active_drugs_read_as_their_family() -> None:
    assert legacy_criterion("NCT00739895", _IMMUNO_ACTIVE).complete
    constraints, _ = parse_criterion("Use of immunomodulating agents within 4 weeks", "exclusion")
    assert [c.concept for c in constraints] == ["immune_active_drug"]  # type: ignore[union-attr]


def test_a_patient_on_methotrexate_and_adalimumab_uses_immuno_active_drugs() -> None:
    note = "16M, juvenile idiopathic arthritis on methotrexate weekly and adalimumab."
    assert _status(note, 16) == "met"


def test_a_note_without_such_a_drug_is_not_read_as_using_one() -> None:
    assert _status("24M rower, sore throat and runny nose for two days.", 24) != "met"
