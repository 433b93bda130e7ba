"""A list's lead-in that only announces its items ("Any of the following cardiovascular
conditions:") asks nothing by itself (issue 12): where the registry text leaves the items
beside it rather than under it, it is unknown, never met or not met from its own words."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged
from test_note_readings_three import _criterion_text
from trialfinder.criteria.model import Criterion
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import judge


@pytest.mark.parametrize(
    "note",
    [
        "66F. Ovarian cancer. Sinus tachycardia 110 on admission.",
        "66F. Ovarian cancer. Old MI 2015, stented.",
        "66F. Ovarian cancer. No heart disease.",
    ],
)
def test_a_lead_in_beside_its_items_is_unknown(note: str) -> None:
    """NCT05605535's exclusion 18 "Any of the following cardiovascular conditions:" (its
    three items follow as siblings) was met by a tachycardia and an old heart attack."""
    text, section = _criterion_text("NCT05605535", "Any of the following cardiovascular")
    judgement = judged(text, section, facts(age=66, sex="female", note=note))
    assert judgement.status == "unknown", judgement.reason
    assert "its items are judged one by one" in judgement.reason


@pytest.mark.parametrize(
    "text",
    [
        "Presence of any 1 of the following:",
        "Presence of any one of the following will exclude the patient from participation in "
        "the study:",
        "History of any of the following:",
    ],
)
def test_lead_ins_that_only_announce_a_list_are_unknown(text: str) -> None:
    note = "66F. Ovarian cancer. Old MI 2015, stented. Sinus tachycardia."
    judgement = judged(text, "exclusion", facts(age=66, sex="female", note=note))
    assert judgement.status == "unknown", judgement.reason


def test_a_lead_in_with_its_own_ask_is_still_read() -> None:
    """NCT06427811's "Long QT syndrome, family history of idiopathic sudden death or congenital
    long QT syndrome, or any of the following:" asks for long QT syndrome by its own words."""
    text = (
        "Long QT syndrome, family history of idiopathic sudden death or congenital long QT "
        "syndrome, or any of the following:"
    )
    judgement = judged(text, "exclusion", facts(age=50, sex="male", note="50M. Long QT syndrome."))
    assert judgement.status == "met", judgement.reason


def test_a_lead_in_in_an_exclusion_a_whole_record_is_silent_on_is_not_met() -> None:
    """With the patient's whole record, a lead-in is answered as every exclusion nothing is
    read of: not met by the record's silence, not from its own words."""
    text, _ = _criterion_text("NCT05605535", "Any of the following cardiovascular")
    constraints, complete = parse_criterion(text, "exclusion")
    criterion = Criterion("C", "exclusion", text, constraints=constraints, complete=complete)
    note = "66F. Ovarian cancer. Sinus tachycardia 110 on admission."
    judgement = judge(criterion, facts(age=66, sex="female", note=note), record_is_complete=True)
    assert (judgement.status, judgement.reason) == (
        "not_met",
        "nothing in the patient's record applies",
    )
