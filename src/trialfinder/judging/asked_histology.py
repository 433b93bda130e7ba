"""The histology a criterion asks of a cancer, which the note's must meet.

"Have predominantly squamous cell histology for NSCLC", "non-squamous NSCLC", "Histologically
proven gastric adenocarcinoma", "adenocarcinoma of the rectum", "prostate adenocarcinoma":
the histology narrows the cancer the criterion names, so a patient's cancer meets the
criterion only when the note's histology is the one asked. Each cancer's histologies that
exclude each other, and its groups ("non-squamous": any but squamous), are data
(``asked_histology`` in ``data/disease_relations.json``, with their WHO Classification of
Tumours and NCI Thesaurus sources). A note histology inside the asked one leaves the answer
to the rest of the judge; one outside it contradicts the criterion (not met); a note naming
the cancer with no histology ("NSCLC stage IV", "rectal cancer") turns a met answer unknown,
and so does one naming two, a mixed one (adenosquamous), or one overlapping the asked group
(an adenocarcinoma against "non-squamous NSCLC" is met; "non-squamous" against
"adenocarcinoma" is open). A criterion asking several histologies ("squamous or non-squamous
NSCLC", "mixed …") is left to the rest of the judge; the words of one listing every histology
of the cancer are read once the note names that cancer.

A criterion asking the presence of a histology component ("Presence of small cell and
neuroendocrine histology components", "mixed small-cell and non-small cell histology") of a
cancer it or the trial names is not met by a note naming that cancer by one pure histology
(``components`` and ``pure`` of the data: a lung adenocarcinoma, a squamous cell carcinoma)
and no component word anywhere.
"""

from __future__ import annotations

import functools
import itertools
import re

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.disease_relations import (
    AskedHistologyCancer,
    Histology,
    load_asked_histologies,
    load_disease_relations,
)
from trialfinder.judging.findings import Outcome
from trialfinder.judging.unread_concepts import note_sentences
from trialfinder.patient import PatientFacts
from trialfinder.vocabulary import load_vocabulary

__all__ = [
    "asked_histology",
    "component_contradicted",
    "histology_contradicted",
    "histology_spans_met",
    "with_histology_asked",
]

# Words saying the criterion asks more than one histology, or a mixed one.
_SEVERAL = re.compile(r"\b(?:or|either|mixed|adenosquamous|and/or)\b")
_READ_BOTH_WAYS = re.compile(r"\bhistologically (?:and/)?or cytologically\b")
# Words saying a criterion's histologies are no list of the ones it asks (a mixed one, one
# let off).
_NOT_A_LIST = re.compile(
    r"\b(?:either|mixed|adenosquamous|except|excluding|other than|unless|in situ)\b"
)
# The words a list of histologies is written with beside their names.
_LIST_WORDS = frozenset({"or", "and/or", "cell", "cells", "carcinoma", "carcinomas"})
_BRACKET = re.compile(r"[()\[\]]")
# At most this many words between the histology and the cancer it qualifies.
_NEAR = 5


@functools.cache
def _compiled() -> tuple[
    tuple[AskedHistologyCancer, re.Pattern[str], tuple[tuple[Histology, re.Pattern[str]], ...]],
    ...,
]:
    return tuple(
        (
            entry,
            re.compile(entry.pattern),
            tuple((histology, re.compile(histology.pattern)) for histology in entry.histologies),
        )
        for entry in load_asked_histologies()
    )


def _histologies(
    patterns: tuple[tuple[Histology, re.Pattern[str]], ...], text: str
) -> list[tuple[Histology, int, int]]:
    """The histologies written in ``text`` and where, a group's words read once."""
    found: list[tuple[Histology, int, int]] = []
    for histology, pattern in patterns:
        for match in pattern.finditer(text):
            found.append((histology, *match.span()))
        text = pattern.sub(lambda m: " " * len(m.group()), text)
    return found


def _near(at: int, cancers: list[tuple[int, int]], text: str) -> bool:
    """Whether a histology written at ``at`` is within a few words of the cancer's name."""
    return any(
        len(text[min(at, start) : max(at, end)].split()) <= _NEAR + 1 for start, end in cancers
    )


def _listed(found: list[tuple[Histology, int, int]], text: str) -> bool:
    """Whether the histologies are written as one list ("squamous cell or adenocarcinoma"):
    between one and the next only the words of a histology's name and of a list, no bracket
    ("adenocarcinoma (small cell acinar type)" describes one)."""
    spans = sorted((start, end) for _, start, end in found)
    return all(
        not _BRACKET.search(text[end:start])
        and not set(re.findall(r"[\w/-]+", text[end:start])) - _LIST_WORDS
        for (_, end), (start, _) in itertools.pairwise(spans)
    )


def _union(entry: AskedHistologyCancer, named: set[Histology]) -> Histology | None:
    """The histologies a criterion lists, as one it asks; None when they are all of the
    cancer's ("squamous or non-squamous NSCLC" asks none)."""
    kinds = frozenset().union(*(histology.kinds() for histology in named))
    every = frozenset().union(*(histology.kinds() for histology in entry.histologies))
    if kinds >= every:
        return None
    ordered = [h.name for h in entry.histologies if h in named]
    return Histology(" or ".join(ordered), " or ".join(ordered), "", tuple(sorted(kinds)))


def _asked(text: str) -> tuple[int, Histology] | None:
    """The cancer (its place in the data) and the histology a criterion asks of it: one, or
    a list of several of the cancer's ("squamous cell or adenocarcinoma of the esophagus")."""
    found = _written(text)
    if found is None or found[1] is None:
        return None
    return found[0], found[1]


@functools.lru_cache(maxsize=65_536)
def _written(text: str) -> tuple[int, Histology | None] | None:
    """:func:`_asked`, and a list of every one of the cancer's histologies ("squamous or
    non-squamous NSCLC"), which asks none (its histology None)."""
    lowered = _READ_BOTH_WAYS.sub(" ", text.lower())
    several = _SEVERAL.search(lowered) is not None
    for index, (entry, cancer_pattern, patterns) in enumerate(_compiled()):
        cancers = [match.span() for match in cancer_pattern.finditer(lowered)]
        if not cancers:
            continue
        asked = _histologies(patterns, lowered)
        named = {histology for histology, _, _ in asked}
        if len(named) == 1 and not several:
            histology, at, _ = asked[0]
            if _near(at, cancers, lowered):
                return index, histology
        elif (
            len(named) > 1
            and not _NOT_A_LIST.search(lowered)
            and any(_near(at, cancers, lowered) for _, at, _ in asked)
            and _listed(asked, lowered)
        ):
            return index, _union(entry, named)
    return None


def asked_histology(text: str) -> tuple[str, str] | None:
    """The cancer and the one histology a criterion asks of it (("lung cancer", "squamous")
    of "Have predominantly squamous cell histology for NSCLC"), or None."""
    asked = _asked(text)
    if asked is None:
        return None
    index, histology = asked
    return _compiled()[index][0].cancer, histology.name


def _cancer_sentences(entry: AskedHistologyCancer, patient: PatientFacts) -> list[str]:
    """The note's sentences naming the patient's cancer of ``entry``, not denied."""
    vocabulary = load_vocabulary()
    relations = load_disease_relations()
    sentences = [
        fact.evidence
        for fact in patient.facts
        if fact.concept in entry.concepts and not fact.negated
    ]
    for fact in patient.vocabulary_facts:
        if fact.negated:
            continue
        if vocabulary.is_kind_of(fact.descriptor_id, entry.site.descriptor) or (
            entry.subtype is not None
            and entry.subtype.descriptor
            in relations.subtypes_of(fact.descriptor_id, fact.words, fact.evidence)
        ):
            sentences.append(fact.evidence)
    return sentences


def _noted(
    entry: AskedHistologyCancer,
    patterns: tuple[tuple[Histology, re.Pattern[str]], ...],
    asked: Histology,
    sentences: list[str],
) -> tuple[set[Histology], bool | None]:
    """The histologies the note's sentences state of the cancer, and whether they meet the
    one asked: True inside it, False outside it, None when open (none, two, a mixed one, one
    overlapping the asked group)."""
    stated = {
        histology
        for sentence in sentences
        for histology, _, _ in _histologies(patterns, sentence.lower())
    }
    mixed = bool(entry.mixed) and re.search(entry.mixed, " ".join(sentences).lower()) is not None
    if len(stated) == 1 and not mixed:
        kinds = next(iter(stated)).kinds()
        if kinds <= asked.kinds():
            return stated, True
        if not kinds & asked.kinds():
            return stated, False
    return stated, None


def histology_spans_met(text: str, patient: PatientFacts) -> tuple[tuple[int, int], ...]:
    """Where the criterion writes the histology it asks of a cancer ("non-squamous" of
    "Histologically or cytologically confirmed non-squamous NSCLC"), when the note's
    histology of that cancer is inside it, or the criterion lists every one of the cancer's
    histologies ("squamous or non-squamous NSCLC": any of the patient's cancer is one):
    judged here, those words are read. Empty when the criterion writes none, or the note's
    does not meet it."""
    found = _written(text)
    if found is None:
        return ()
    index, asked = found
    entry, _, patterns = _compiled()[index]
    sentences = _cancer_sentences(entry, patient)
    if not sentences:
        return ()
    if asked is not None and _noted(entry, patterns, asked, sentences)[1] is not True:
        return ()
    return tuple((start, end) for _, start, end in _histologies(patterns, text.lower()))


def with_histology_asked(text: str, patient: PatientFacts, own: Outcome) -> Outcome:
    """``own`` (the criterion's answer from its parsed constraints) with the histology the
    criterion asks of a cancer checked against the note's: contradicted, the criterion is not
    met; not stated, a met answer is unknown; within the one asked, ``own`` stands."""
    found = _asked(text)
    if found is None or own[0] not in ("met", "unknown"):
        return own
    index, asked = found
    entry, _, patterns = _compiled()[index]
    sentences = _cancer_sentences(entry, patient)
    if not sentences:
        return own
    stated, meets = _noted(entry, patterns, asked, sentences)
    if meets is True:
        return own
    if meets is False:
        return (
            "not_met",
            sentences[0],
            f"the patient's {entry.cancer} is {next(iter(stated)).written}; "
            f"the criterion asks {asked.name} histology",
        )
    if own[0] == "met":
        return (
            "unknown",
            None,
            f"the note does not say the {entry.cancer} is of {asked.name} histology, "
            "which the criterion asks",
        )
    return own


def histology_contradicted(text: str, patient: PatientFacts) -> Outcome | None:
    """Not met when the note's histology of the cancer contradicts the one the criterion asks
    of it, for a criterion the parse reads nothing of ("Primary squamous cell or
    adenocarcinoma of the esophagus" against a small cell carcinoma of the esophagus); else
    None, the answer left to the rest of the judge."""
    found = with_histology_asked(text, patient, ("unknown", None, ""))
    return found if found[0] == "not_met" else None


# Words making a criterion's component other than its presence asked ("no small cell
# component", "other than small cell").
_DENIED = re.compile(r"\b(?:no|not|without|except|excluding|other than|unless|absence|free)\b")


def component_contradicted(
    text: str, patient: PatientFacts, trial_concepts: frozenset[str]
) -> Outcome | None:
    """Not met when a criterion asks the presence of a histology component of a cancer
    ("Presence of small cell and neuroendocrine histology components" in a lung cancer trial)
    and the note names the patient's cancer by one pure histology ("lung adenocarcinoma")
    with no component word in any sentence; else None."""
    lowered = _READ_BOTH_WAYS.sub(" ", text.lower())
    if _DENIED.search(lowered):
        return None
    for entry, cancer_pattern, patterns in _compiled():
        if not entry.components or not re.search(entry.components, lowered):
            continue
        site = entry.site.name.split()[0].lower()
        names = cancer_pattern.search(lowered) or re.search(rf"\b{site}\b", lowered)
        if _histologies(patterns, lowered) or not (
            names or set(entry.concepts) & _with_ancestors(trial_concepts)
        ):
            return None
        sentences = _cancer_sentences(entry, patient)
        stated = {
            histology
            for sentence in sentences
            for histology, _, _ in _histologies(patterns, sentence.lower())
        }
        words = " ".join(note_sentences(patient)).lower()
        if (
            len(stated) != 1
            or next(iter(stated)).name not in entry.pure
            or re.search(entry.components, words)
            or (entry.mixed and re.search(entry.mixed, words))
        ):
            return None
        histology = next(iter(stated))
        return (
            "not_met",
            sentences[0],
            f"the patient's {entry.cancer} is {histology.written}, no other histology "
            "component named; the criterion asks one",
        )
    return None


def _with_ancestors(concepts: frozenset[str]) -> frozenset[str]:
    """The concepts and those the lexicon files them under (a non-small cell lung cancer
    trial is a lung cancer one)."""
    ancestors = load_lexicon().ancestors
    return concepts.union(*(ancestors.get(c, frozenset()) for c in concepts))
