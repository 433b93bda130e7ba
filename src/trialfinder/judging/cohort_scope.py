"""A requirement written for one cohort of a trial.

"Esophageal Cohort Expansion: … up to 1 prior chemotherapy", "Part B: …", "Group 2 - prior
CPI: … must not have had more than 2 prior lines of therapy", "(expansion cohort only)": the
trial asks it of the patients of that cohort alone. A patient the note does not place in the
cohort is not failed by it (nor excluded by it): the study team decides which cohort they are
for. The label's words are ``cohort_scope_*`` of ``judge_cues``. A label naming a cancer
("Esophageal Cohort Expansion", "NSCLC cohort": the MeSH reader of notes and criteria alike)
places the patient by the cancer the note names: one of that kind is in the cohort (its
requirement is judged as written), one of another kind is not (its requirement is not
applicable to the patient). A label naming only an organ is read as that organ's cancer
only where the trial's conditions are cancers or unknown: a heart-failure trial's "Cardiac
cohort" is no cohort of heart cancers.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from trialfinder.criteria import Criterion
from trialfinder.disease_relations import load_disease_relations
from trialfinder.judging.findings import Outcome
from trialfinder.judging.unread_concepts import note_sentences
from trialfinder.judging.written_benign import calls_benign
from trialfinder.patient import (
    PatientFacts,
    disease_mentions,
    judge_cue_pattern,
    load_screening_rules,
)
from trialfinder.vocabulary import load_vocabulary

__all__ = ["cohort_label", "outside_the_cohort", "part_labels"]

_NEOPLASMS = "D009369"  # MeSH Neoplasms: a cohort's cancer lies below it

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


@functools.cache
def _cohort_noun() -> re.Pattern[str]:
    return judge_cue_pattern(r"(?<![\w-])(?:{cohort_scope_nouns})(?![\w-])", re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def _label_cancers(label: str, *, by_organ: bool) -> frozenset[str]:
    """The MeSH cancers below Neoplasms a cohort's label names: "NSCLC cohort" by its words,
    and, ``by_organ``, "Esophageal Cohort Expansion" by its organ's word with the cohort
    noun read as the cancer it is a cohort of."""
    vocabulary = load_vocabulary()
    readings = (label, _cohort_noun().sub("cancer", label, count=1)) if by_organ else (label,)
    for words in readings:
        found = frozenset(
            m.descriptor_id
            for m in disease_mentions(words)
            if m.descriptor_id != _NEOPLASMS and vocabulary.is_a(m.descriptor_id, _NEOPLASMS)
        )
        if found:
            return found
    return frozenset()


def _of_cancers(trial_concepts: frozenset[str]) -> bool:
    """Whether a trial studies cancers, or says nothing of what it studies."""
    vocabulary = load_vocabulary()
    return not trial_concepts or any(vocabulary.is_a(c, _NEOPLASMS) for c in trial_concepts)


def _in_the_cohort(
    label: str, patient: PatientFacts, trial_concepts: frozenset[str]
) -> bool | None:
    """Whether the note's cancer places the patient in a cohort whose label names a cancer:
    in it when a cancer the note names is of the cohort's kind, not in it when every one is
    of another kind; None when the label names no cancer, the note names none (a benign
    tumour is none: "benign adenomas" of the colon), or one broader than the cohort's
    ("metastatic cancer")."""
    wanted = _label_cancers(label, by_organ=_of_cancers(trial_concepts))
    if not wanted:
        return None
    vocabulary = load_vocabulary()
    relations = load_disease_relations()
    named = {
        fact.descriptor_id
        for fact in patient.vocabulary_facts
        if not fact.negated
        and vocabulary.is_a(fact.descriptor_id, _NEOPLASMS)
        and not (relations.is_benign(fact.descriptor_id, fact.words) or calls_benign(fact))
    }
    # "ovarian cancer … cancer-related fatigue": a broader name beside a narrower one is it
    named = {has for has in named if not any(o != has and vocabulary.is_a(o, has) for o in named)}
    if any(vocabulary.is_a(has, cohort) for has in named for cohort in wanted):
        return True
    if not named or any(vocabulary.is_a(cohort, has) for has in named for cohort in wanted):
        return None
    return False


def outside_the_cohort(
    criterion: Criterion,
    patient: PatientFacts,
    outcome: Outcome,
    trial_concepts: frozenset[str] = frozenset(),
    part: str | None = None,
) -> Outcome:
    """A criterion written for one cohort: not applicable to a patient whose cancer is
    another than the one the cohort's label names, judged as written for one whose cancer
    is that one; otherwise a failing answer (an inclusion not met, an exclusion met) is
    unknown when no sentence of the note names that cohort. ``trial_concepts`` are the
    conditions the trial studies (MeSH ids); ``part`` is the heading a sub-item stands
    under (:func:`part_labels`), read when the sub-item names no cohort of its own."""
    label = cohort_label(criterion.text) or part
    if label is None:
        return outcome
    placed = _in_the_cohort(label, patient, trial_concepts)
    if placed is False:
        return (
            "not_applicable",
            None,
            f"this is asked of the {label} only, and the patient's cancer is another one",
        )
    failing = "not_met" if criterion.section == "inclusion" else "met"
    if placed or outcome[0] != failing:
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


def part_labels(children: Sequence[Criterion]) -> list[str | None]:
    """The cohort heading each sub-item stands under, when a criterion's sub-items hold two
    or more headings of cohorts as items of their own ("Patients have to meet the following
    criteria for each of the respective parts of the study: - Part 1: - Pathological
    diagnosis of a solid tumor … at least 2 lines of therapy … - Part 2A and 2B: - Diagnosis
    of Acute myeloid leukemia …"): the items after a heading, up to the next, are asked of
    that cohort alone. None for a heading itself, for an item before the first, and for
    every item when fewer than two headings stand among them."""
    headings = [_heading_label(child) for child in children]
    if sum(label is not None for label in headings) < 2:
        return [None] * len(children)
    labels: list[str | None] = []
    current: str | None = None
    for heading in headings:
        labels.append(None if heading is not None else current)
        current = heading or current
    return labels


def _heading_label(child: Criterion) -> str | None:
    """The cohort a sub-item names when it is a heading alone ("Part 2A and 2B:")."""
    text = child.text.strip()
    if child.children or not text.endswith(":"):
        return None
    return cohort_label(text)
