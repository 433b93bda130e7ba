"""The trial's own operation: "within 180 days of the initial resection" is not any surgery.

A criterion naming the operation of the disease the trial studies ("the initial resection",
"definitive surgery", "GTR", "the nephrectomy") asks for that operation; a note's operation
told of no such disease (a mastectomy, for a meningioma trial) does not meet it: unknown, with
a reason naming the trial's operation. docs/criteria.md, "The trial's own operation".
"""

from __future__ import annotations

from collections.abc import Iterator

from test_judge_entailment import v2_trial
from test_note_event_times import _sigir_note
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import Criterion
from trialfinder.match import judge
from trialfinder.operations import trials_own_operation
from trialfinder.patient import PatientFacts, PatientProfile, extract_facts

# The grade II meningioma trial NRG-BN003; its title's disease is MeSH Meningioma.
MENINGIOMA_TRIAL = "NCT03180268"
MENINGIOMA = frozenset({"mesh:D008579"})


def _resection_criteria() -> Iterator[Criterion]:
    """NCT03180268's paragraphs dating step 1 registration from the initial resection."""
    stack = list(parse_trial_criteria(v2_trial(MENINGIOMA_TRIAL)).criteria)
    while stack:
        criterion = stack.pop()
        stack.extend(criterion.children)
        if "180 days of the initial resection" in criterion.text:
            yield criterion


def _facts(note: str) -> PatientFacts:
    return extract_facts(PatientProfile(note=note))


def test_an_operation_on_another_disease_does_not_meet_the_initial_resection() -> None:
    """SIGIR topic 20145, "on 20th day post-left mastectomy": a mastectomy 20 days ago is no
    meningioma's initial resection (it was read as any surgery within 180 days: met)."""
    facts = _facts(_sigir_note("sigir-20145"))
    criteria = list(_resection_criteria())
    assert len(criteria) == 2
    for criterion in criteria:
        judgement = judge(criterion, facts, MENINGIOMA, record_is_complete=True)
        assert judgement.status == "unknown"
        assert "the trial's own operation" in judgement.reason


def test_the_operation_of_the_trials_disease_still_meets_it() -> None:
    """A note naming the meningioma and its craniotomy six weeks ago is not kept from the
    window (the paragraph is judged on its other words as before)."""
    facts = _facts("52F with atypical (WHO grade II) meningioma, s/p craniotomy 6 weeks ago.")
    for criterion in _resection_criteria():
        judgement = judge(criterion, facts, MENINGIOMA, record_is_complete=True)
        assert "the trial's own operation" not in judgement.reason


def test_the_trials_own_operation_is_named_by_its_article_and_kind() -> None:
    """ "Initial resection", "definitive surgery", "GTR" name the trial's operation; "major
    surgery within 4 weeks" names none."""
    assert trials_own_operation("within 180 days of the initial resection") == ("initial resection")
    assert trials_own_operation("enrolled within 12 months of definitive surgery") == (
        "definitive surgery"
    )
    assert trials_own_operation("GTR must be confirmed on post-operative imaging") == "GTR"
    assert trials_own_operation("Major surgery within 4 weeks prior to enrollment") is None
