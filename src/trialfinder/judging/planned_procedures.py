"""A criterion asking for a planned procedure ("Abdominoplasty surgery planned", "on the
waiting list for it"), judged against the procedures the note plans
(``PatientFacts.planned``), never against ones done: a past operation is not a plan, and a
plan is not a past operation.
"""

from __future__ import annotations

import functools
import re

from trialfinder.criteria import Criterion
from trialfinder.criteria.model import ConceptMention
from trialfinder.judging.findings import Outcome
from trialfinder.patient import PatientFacts, load_screening_rules, phrase_pattern

__all__ = ["as_planned"]


@functools.cache
def _plan_words() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A criterion's plan words, and its words of a procedure done."""
    rules = load_screening_rules()
    return (
        phrase_pattern(rules.criterion_plan_words),
        phrase_pattern(rules.criterion_past_procedure_words),
    )


@functools.lru_cache(maxsize=65_536)
def _asks_a_plan(criterion_text: str) -> bool:
    """Whether a criterion writes a plan word and no word of a procedure done; read once per
    criterion, not once per patient screened."""
    plan, past = _plan_words()
    return plan.search(criterion_text) is not None and past.search(criterion_text) is None


def as_planned(criterion: Criterion, patient: PatientFacts, own: Outcome | None) -> Outcome | None:
    """A criterion asking for a planned procedure ("Abdominoplasty surgery planned",
    "scheduled to undergo arthroscopic shoulder surgery", "on the waiting list for it") is
    judged against the procedures the note plans (``PatientFacts.planned``), never against
    ones done: a past operation is not a plan, and a plan is not a past operation. Only a
    criterion that is its procedures and its plan words is read so ("Major surgery within 4
    weeks ... or an anticipated need for major surgery" also asks of one done, and is judged
    as before); a plan the note does not give leaves an answer resting on a done procedure to
    the study team."""
    constraints = criterion.constraints
    if not constraints or not _asks_a_plan(criterion.text):
        return None  # no plan asked, or a procedure done asked beside it
    procedures = [
        c for c in constraints if isinstance(c, ConceptMention) and c.category == "procedure"
    ]
    if len(procedures) != len(constraints):
        return None
    found = [patient.planned_facts(c.concept) for c in procedures]
    if all(found) and all(c.window is None for c in procedures):
        fact = found[0][0]
        names = ", ".join(dict.fromkeys(f"{f[0].concept}".replace("_", " ") for f in found))
        said = f"the note plans {names} ({fact.state_cue})"
        if all(not c.negated for c in procedures):
            return "met", fact.evidence, said
        if all(c.negated for c in procedures):
            return "not_met", fact.evidence, said
        return None
    if own is not None and own[0] != "unknown" and own[1] is not None:
        name = ", ".join(dict.fromkeys(c.text for c in procedures))
        return (
            "unknown",
            None,
            f"the criterion asks for a planned {name}; the note gives none planned "
            "(a procedure done is not a plan)",
        )
    return None
