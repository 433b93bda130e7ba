"""A requirement written for one cohort of a trial.

"Esophageal Cohort Expansion: … up to 1 prior chemotherapy", "Part B: …", "Group 2 - prior
CPI: … must not have had more than 2 prior lines of therapy", "(expansion cohort only)": the
trial asks it of the patients of that cohort alone. A patient the note does not place in the
cohort is not failed by it (nor excluded by it): the study team decides which cohort they are
for. The label's words are ``cohort_scope_*`` of ``judge_cues``.
"""

from __future__ import annotations

import functools
import re

from trialfinder.criteria import Criterion
from trialfinder.judging.findings import Outcome
from trialfinder.judging.unread_concepts import note_sentences
from trialfinder.patient import PatientFacts, judge_cue_pattern, load_screening_rules

__all__ = ["cohort_label", "outside_the_cohort"]

# A cohort's name: a cohort noun anywhere in it, or a lettered noun with its letter or number.
_NAME = (
    r"(?:(?<![\w-])(?:{cohort_scope_nouns})(?![\w-])"
    r"|(?<![\w-])(?:{cohort_scope_lettered_nouns})\s+(?:[A-Z]|\d+[a-z]?|[IVX]+)(?![\w-]))"
)
_LABEL = rf"[^:;.()\[\]\n]{{0,60}}?{_NAME}[^:;.()\[\]\n]{{0,40}}?"
_SCOPES = (
    # "Part B: …", "Dose Escalation and MTD Expansion: …", "For the expansion cohort, …"
    rf"^\W*(?:for\s+(?:the\s+)?)?(?P<opening>{_LABEL})\s*:",
    rf"^\W*for\s+(?:the\s+)?(?P<for>{_LABEL})\s*,",
    # "(expansion cohort only)", "only in the Part B cohort"
    rf"(?P<only>(?:[\w/-]+\s+){{0,3}}?{_NAME})\s+only\b",
    rf"\bonly\s+(?:for|in)\s+(?:the\s+)?(?P<only_in>(?:[\w/-]+\s+){{0,3}}?{_NAME})",
)


@functools.cache
def _scope_patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(judge_cue_pattern(pattern, re.IGNORECASE) for pattern in _SCOPES)


@functools.cache
def _every_words() -> frozenset[str]:
    cues = load_screening_rules().judge_cues
    return frozenset(cues.cohort_scope_every_words) if cues is not None else frozenset()


@functools.lru_cache(maxsize=65_536)
def cohort_label(criterion_text: str) -> str | None:
    """The cohort a criterion is written for ("Group 2 - prior CPI"), if it names one and not
    every cohort ("All cohorts: …")."""
    for pattern in _scope_patterns():
        found = pattern.search(criterion_text)
        if found is None:
            continue
        label = next(group for group in found.groups() if group is not None).strip(" -–")
        if _every_words().isdisjoint(label.casefold().split()):
            return label
    return None


def outside_the_cohort(criterion: Criterion, patient: PatientFacts, outcome: Outcome) -> Outcome:
    """A failing answer (an inclusion not met, an exclusion met) of a criterion written for
    one cohort, unknown when no sentence of the note names that cohort."""
    failing = "not_met" if criterion.section == "inclusion" else "met"
    if outcome[0] != failing:
        return outcome
    label = cohort_label(criterion.text)
    if label is None:
        return outcome
    words = label.casefold()
    if any(words in sentence.casefold() for sentence in note_sentences(patient)):
        return outcome
    return (
        "unknown",
        None,
        f"{outcome[2]}; but this is asked of the {label} only, and the note does not say the "
        "patient is in it",
    )
