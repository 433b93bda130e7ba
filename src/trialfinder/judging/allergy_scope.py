"""What a note's allergy denial answers.

A denial naming a kind of allergen answers only allergens of that kind: "NKDA", "no known
drug allergies" or "not allergic to any medicine" answer "Has known allergies,
hypersensitivity, or intolerance to excipients of … amivantamab or cetuximab", but say nothing
of "known allergies to medical adhesive" or "Allergy or intolerance to food ingredients and
products including artificial sweeteners"; "No food allergies" says nothing of a drug's. A
denial naming no kind ("no allergies", "Allergies: none known") answers every allergy. An
allergy the note names meets an allergen of its kind ("Allergy: Elastoplast plasters (skin
rash)" against "allergic reaction to adhesives"). The
kinds, their words and their sources (MeSH's kinds of hypersensitivity, NICE CG183's drug
allergy status) are data: ``allergy_scope`` of ``data/screening_rules.json``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from trialfinder.patient import load_screening_rules
from trialfinder.phrases import phrase_alternation

__all__ = ["allergen_kinds_not_denied", "of_a_named_kind"]


@functools.cache
def _patterns() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str] | None], ...]:
    """Per kind: its name, the pattern of a note's denial naming it ("drug or food
    allergies", "allergic to any medicine", "NKDA"), and that of a criterion's allergen
    naming it (None for the kind an allergen naming no kind is of)."""
    scope = load_screening_rules().allergy_scope
    if scope is None:
        return ()
    every = phrase_alternation([w for k in scope.kinds for w in k.denial_words])
    found = []
    for kind in scope.kinds:
        own = phrase_alternation(kind.denial_words)
        denial = [
            rf"\b(?:{own})(?:\s*(?:,|or|and|/)\s*(?:{every}))*\s+allerg",
            rf"\b(?:{every})(?:\s*(?:,|or|and|/)\s*(?:{every}))*\s*(?:,|or|and|/)\s*(?:{own})"
            r"\s+allerg",
            rf"\ballergic\s+to\s+(?:any\s+)?(?:{own})\b",
        ]
        if kind.denial_abbreviations:
            denial.append(rf"\b(?:{phrase_alternation(kind.denial_abbreviations)})\b")
        allergen = (
            re.compile(rf"(?<![\w-])(?:{phrase_alternation(kind.allergen_words)})(?![\w-])", re.I)
            if kind.allergen_words
            else None
        )
        found.append((kind.kind, re.compile("|".join(denial), re.I), allergen))
    return tuple(found)


def _denied_kinds(evidence: str) -> frozenset[str] | None:
    """The kinds a note's allergy denial names; None when it names none (every allergy)."""
    kinds = frozenset(kind for kind, denial, _ in _patterns() if denial.search(evidence))
    return kinds or None


def _allergen_kinds(allergen: str) -> frozenset[str]:
    """The kinds a criterion's allergen names; a drug's when it names none."""
    named = frozenset(
        kind for kind, _, words in _patterns() if words is not None and words.search(allergen)
    )
    default = next((kind for kind, _, words in _patterns() if words is None), None)
    return named or (frozenset() if default is None else frozenset({default}))


def of_a_named_kind(allergy: str, allergen: str) -> bool:
    """Whether a note's allergy ("Allergy: Elastoplast plasters (skin rash)") names an
    allergen of a kind the criterion's allergen names by its own words ("adhesives"): the
    kinds' words are the vocabulary of membership (a plaster is an adhesive, a peanut a
    food); the drug kind, named by no word, is MeSH's (``concept_findings``)."""
    return any(
        words is not None and words.search(allergy) and words.search(allergen)
        for _, _, words in _patterns()
    )


def allergen_kinds_not_denied(
    allergen: str, denials: Sequence[str]
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The kinds the note's allergy denials name ("NKDA.": drug) and the kinds of the
    criterion's allergen ("medical adhesive": adhesive) none of them answers, each in the
    data's order; none left when one of them denies every allergy ("No known allergies.")."""
    denied: set[str] = set()
    for evidence in denials:
        kinds = _denied_kinds(evidence)
        if kinds is None:
            return (), ()
        denied |= kinds
    wanted = _allergen_kinds(allergen)
    order = [kind for kind, _, _ in _patterns()]
    return (
        tuple(k for k in order if k in denied),
        tuple(k for k in order if k in wanted and k not in denied),
    )
