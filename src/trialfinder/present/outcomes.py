"""What a pre-screen result means for the person: "fits", "does not fit", "not known yet".

The judge reports a criterion as met or not met, but whether that is good news
depends on the criterion: a *met* exclusion rules the person out. Showing the
raw status in green for "met" misled readers (issue 17), so every face shows a
criterion by its meaning for the person, one word, one icon and one style per
meaning, decided here once. The same module orders a trial's criteria (the
ones that decided the verdict first), counts them by meaning and words the
verdict, so the pages and the terminal only render what it returns.
"""

from __future__ import annotations

from collections import Counter
from typing import Literal

import msgspec

from trialfinder.match import CriterionResult, Status, TrialResult, Verdict
from trialfinder.retrieval import ShortlistEntry
from trialfinder.search import SiteDistance

__all__ = [
    "OUTCOMES",
    "VERDICTS",
    "CriterionView",
    "Outcome",
    "OutcomeCount",
    "OutcomeStyle",
    "ResultView",
    "criterion_outcome",
    "result_view",
]

Outcome = Literal["fits", "does_not_fit", "not_known", "not_applicable"]


class OutcomeStyle(msgspec.Struct, frozen=True):
    """How one meaning looks everywhere: ``key`` names its CSS class, ``mark`` is the
    terminal's ASCII sign, ``icon`` the page's sign (never the only cue: the word is shown)."""

    key: str
    word: str
    icon: str
    mark: str


OUTCOMES: dict[Outcome, OutcomeStyle] = {
    "does_not_fit": OutcomeStyle("does-not-fit", "Does not fit", "✗", "-"),
    "not_known": OutcomeStyle("not-known", "Not known yet", "?", "?"),
    "fits": OutcomeStyle("fits", "Fits", "✓", "+"),
    "not_applicable": OutcomeStyle("not-applicable", "Does not apply", "–", "·"),
}
"""In the order a trial's criteria are listed: what rules the person out first."""

VERDICTS: dict[Verdict, OutcomeStyle] = {
    "likely": OutcomeStyle("likely", "Might fit — the study team decides", "✓", "+"),
    "possible": OutcomeStyle("possible", "Might fit — some answers not known yet", "?", "?"),
    "excluded": OutcomeStyle("excluded", "Does not fit — a criterion rules it out", "✗", "-"),
}
"""The trial's badge: three verdicts, three looks (the study team decides in every case)."""

_ORDER = {outcome: position for position, outcome in enumerate(OUTCOMES)}


def criterion_outcome(criterion_type: Literal["inclusion", "exclusion"], status: Status) -> Outcome:
    """A met inclusion or an unmet exclusion fits; a met exclusion never does."""
    if status == "unknown":
        return "not_known"
    if status == "not_applicable":
        return "not_applicable"
    met = status == "met"
    fits = met if criterion_type == "inclusion" else not met
    return "fits" if fits else "does_not_fit"


class CriterionView(msgspec.Struct, frozen=True):
    """One judged criterion as shown: its meaning, its style and the judge's words."""

    outcome: Outcome
    style: OutcomeStyle
    type: Literal["inclusion", "exclusion"]
    text: str
    reason: str
    evidence: str | None


class OutcomeCount(msgspec.Struct, frozen=True):
    style: OutcomeStyle
    count: int


class ResultView(msgspec.Struct, frozen=True):
    """A judged trial as a result card: badge, counts by meaning (the meanings that occur),
    where and how it runs, and its criteria with the ones that decided the verdict first
    (``deciding`` of them, which ``why`` names)."""

    nct_id: str
    verdict: Verdict
    badge: OutcomeStyle
    counts: list[OutcomeCount]
    criteria: list[CriterionView]
    deciding: int
    why: str
    title: str | None = None
    status: str | None = None
    phases: list[str] = []
    nearest_site: SiteDistance | None = None


def _view(criterion: CriterionResult) -> CriterionView:
    outcome = criterion_outcome(criterion.type, criterion.status)
    return CriterionView(
        outcome,
        OUTCOMES[outcome],
        criterion.type,
        criterion.text,
        criterion.reason,
        criterion.evidence,
    )


_DECIDING: dict[Verdict, Outcome] = {
    "excluded": "does_not_fit",
    "possible": "not_known",
    "likely": "fits",
}
"""What decided each verdict: a failing criterion, an unknown one, or every fit."""
_WHY: dict[Verdict, str] = {
    "excluded": "Why it does not fit",
    "possible": "What is not known yet",
    "likely": "Why it might fit",
}


def _criteria_words(count: int) -> str:
    return f"{count} criterion" if count == 1 else f"{count} criteria"


def _why(verdict: Verdict, deciding: int, total: int) -> str:
    """ "Why it does not fit: 1 criterion, then the other 26"."""
    rest = total - deciding
    then = f", then the other {rest}" if rest else ""
    return f"{_WHY[verdict]}: {_criteria_words(deciding)}{then}"


def result_view(result: TrialResult, status: str | None = None) -> ResultView:
    """The card of one judged trial; a shortlist entry brings its title, status and nearest
    site, a single trial's check passes the trial's ``status``."""
    criteria = sorted(map(_view, result.criteria), key=lambda view: _ORDER[view.outcome])
    tally = Counter(view.outcome for view in criteria)
    counts = [
        OutcomeCount(style, tally[outcome]) for outcome, style in OUTCOMES.items() if tally[outcome]
    ]
    deciding = tally[_DECIDING[result.verdict]]
    entry = result if isinstance(result, ShortlistEntry) else None
    return ResultView(
        nct_id=result.nct_id,
        verdict=result.verdict,
        badge=VERDICTS[result.verdict],
        counts=counts,
        criteria=criteria,
        deciding=deciding,
        why=_why(result.verdict, deciding, len(criteria)),
        title=entry.title if entry else None,
        status=entry.status if entry else status,
        phases=entry.phases if entry else [],
        nearest_site=entry.nearest_site if entry else None,
    )
