"""A criterion asking for a planned procedure ("Abdominoplasty surgery planned", "on the
waiting list for it"), judged against the procedures the note plans
(``PatientFacts.planned``), never against ones done: a past operation is not a plan, and a
plan is not a past operation.
"""

from __future__ import annotations

import functools
import re

from trialfinder.criteria import Criterion
from trialfinder.criteria.model import ConceptMention, TimeWindow
from trialfinder.judging.findings import Outcome
from trialfinder.patient import Fact, PatientFacts, load_screening_rules, phrase_pattern

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
def _asks_a_plan(criterion_text: str, window_text: str = "") -> bool:
    """Whether a criterion writes a plan word and no word of a procedure done; read once per
    criterion, not once per patient screened. The window of a plan written after its plan
    word ("Anticipated need for surgery within 6 weeks of randomization") is the plan's, not
    a procedure done ("Major surgery within 4 weeks ... or an anticipated need for major
    surgery" asks of one done first)."""
    plan, past = _plan_words()
    first_plan = plan.search(criterion_text)
    if first_plan is None:
        return False
    window_at = criterion_text.find(window_text) if window_text else -1
    plans_window = (
        range(window_at, window_at + len(window_text))
        if window_at > first_plan.start()
        else range(0)
    )
    return all(found.start() in plans_window for found in past.finditer(criterion_text))


def _within_window(days_ahead: float, window: TimeWindow) -> bool:
    return days_ahead < window.days if window.comparator == "<" else days_ahead <= window.days


def as_planned(criterion: Criterion, patient: PatientFacts, own: Outcome | None) -> Outcome | None:
    """A criterion asking for a planned procedure ("Abdominoplasty surgery planned",
    "scheduled to undergo arthroscopic shoulder surgery", "on the waiting list for it") is
    judged against the procedures the note plans (``PatientFacts.planned``), never against
    ones done: a past operation is not a plan, and a plan is not a past operation. Only a
    criterion that is its procedures and its plan words is read so ("Major surgery within 4
    weeks ... or an anticipated need for major surgery" also asks of one done, and is judged
    as before); a plan the note does not give leaves an answer resting on a done procedure to
    the study team. A plan asked within a window ("Anticipated need for surgery within 6
    weeks of randomization") is judged by the plan's date (``Fact.days_ahead``, from the
    note's day, taken as the day of randomization): within it met, after it not met, no date
    unknown. A plan "during the study" is met by any plan: the criterion does not give the
    study's length, and a coordinator takes a booked operation as anticipated in it."""
    constraints = criterion.constraints
    if not constraints:
        return None
    procedures = [
        c for c in constraints if isinstance(c, ConceptMention) and c.category == "procedure"
    ]
    if len(procedures) != len(constraints):
        return None
    windows = {c.window for c in procedures}
    window = next(iter(windows)) if len(windows) == 1 else None
    if window is not None and (window.kind != "recency" or window.comparator not in ("<", "<=")):
        return None
    if not _asks_a_plan(criterion.text, window.text if window is not None else ""):
        return None  # no plan asked, or a procedure done asked beside it
    if (window is not None or len(windows) > 1) and any(c.negated for c in procedures):
        return None
    found = [patient.planned_facts(c.concept) for c in procedures]
    if all(found) and window is not None:
        return _judged_in_window([f for facts in found for f in facts], window)
    if all(found) and len(windows) == 1:
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


def _judged_in_window(plans: list[Fact], window: TimeWindow) -> Outcome:
    """A plan asked within ``window``: met by a plan dated within it, not met when every plan
    is dated after it, unknown when a plan has no date."""
    name = (plans[0].concept or "").replace("_", " ")
    inside = [f for f in plans if f.days_ahead is not None and _within_window(f.days_ahead, window)]
    if inside:
        fact = inside[0]
        return (
            "met",
            fact.evidence,
            (
                f"the note plans {name} ({fact.state_cue}) in about {fact.days_ahead:.0f} days; "
                f"criterion window {window.text}"
            ),
        )
    if all(f.days_ahead is not None for f in plans):
        fact = plans[0]
        return (
            "not_met",
            fact.evidence,
            (
                f"the note plans {name} ({fact.state_cue}) in about {fact.days_ahead:.0f} days, "
                f"after the criterion's window ({window.text})"
            ),
        )
    return (
        "unknown",
        None,
        (
            f"the note plans {name} ({plans[0].state_cue}) without a date; the criterion asks "
            f"for one {window.text}"
        ),
    )
