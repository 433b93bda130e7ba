"""The diseases a criterion names that the lexicon did not read, as MeSH concepts
(``mesh:<descriptor>`` conditions): the lexicon names a few hundred conditions, MeSH
thousands, and a criterion about one it does not know ("Kawasaki disease") would otherwise
have nothing to check. Only those the patient's facts settle are judged, but for a disease
a cause or a need is written after ("Severe thrombocytopenia due to … viral infection").
A disease dated by a window ("History within past 2 years of: Significant head trauma") is
no judged constraint, but an exclusion the parse reads nothing else of is judged by the date
the note reader gives the note's disease or a narrower one (:func:`dated_disease_outcome`):
within the window met, before it not met, undated unknown.
"""

from __future__ import annotations

import functools
import re

import msgspec

from trialfinder.criteria import Criterion
from trialfinder.criteria.disease_drugs import names_its_drugs
from trialfinder.criteria.disease_stage import attached_stage
from trialfinder.criteria.model import ConceptMention, TimeWindow
from trialfinder.criteria.parse import analyse_text, required_treatments
from trialfinder.judging.concept_findings import WORD_BEFORE, unread_word
from trialfinder.judging.criterion_words import kind_of, mention_span
from trialfinder.judging.disease_kinds import vocabulary_finding
from trialfinder.judging.findings import Outcome, Status
from trialfinder.judging.mention_scope import named_for_someone_else
from trialfinder.judging.time_windows import asks_about_onset, window_finding
from trialfinder.judging.unread_concepts import of_the_trial
from trialfinder.judging.unread_qualifiers import unread_qualifiers, written_qualifier
from trialfinder.patient import (
    VOCABULARY_CONCEPT_PREFIX,
    PatientFacts,
    UnreadQualifier,
    disease_mentions,
    screening_phrase,
)
from trialfinder.vocabulary import (
    MAX_PHRASE_WORDS,
    american_spelling,
    load_vocabulary,
    normalize_phrase,
)

__all__ = [
    "dated_disease_outcome",
    "settled_vocabulary_constraints",
    "vocabulary_constraints",
    "vocabulary_constraints_of",
    "writes_a_cause_or_need",
]


def settled_vocabulary_constraints(
    criterion: Criterion, patient: PatientFacts
) -> list[ConceptMention]:
    """The criterion's MeSH-read diseases that the patient's facts settle (has, or denies).

    The others would only be "no information" and are not judged, but for a disease a cause
    or a need is written after ("Severe thrombocytopenia due to … viral infection"): the
    cause is no criterion of its own (``phrase_heads._phrase_heads``), so the disease is what
    is unknown.
    Reading a criterion's MeSH terms costs about a millisecond, so criteria naming none of
    the patient's diseases (or their broader, or denied narrower, names) and no cause or
    need are not read at all.
    """
    phrases = _patient_disease_phrases(
        tuple((fact.descriptor_id, fact.negated) for fact in patient.vocabulary_facts)
    )
    cued = writes_a_cause_or_need(criterion.text)
    if not (phrases and _names_any(criterion.text, phrases)) and not cued:
        return []
    return [
        constraint
        for constraint in vocabulary_constraints(criterion)
        if vocabulary_finding(constraint, patient, constraint.text) is not None
        or (cued and _qualified_after(criterion.text, constraint))
    ]


@functools.lru_cache(maxsize=65_536)
def writes_a_cause_or_need(text: str) -> bool:
    """Whether a criterion writes a cue of a qualifier read after a condition (a cause or a
    need: ``unread_qualifiers``); remembered, as every patient asks it of every criterion."""
    return any(screening_phrase(q.cues).search(text) for q in _qualifiers_after())


@functools.cache
def _qualifiers_after() -> tuple[UnreadQualifier, ...]:
    return tuple(q for q in unread_qualifiers() if q.place == "after")


def _qualified_after(text: str, mention: ConceptMention) -> bool:
    """Whether a cause or a need (an unread qualifier written after) follows the mention."""
    span = mention_span(text, mention.text)
    return span is not None and any(written_qualifier(q, text, span) for q in _qualifiers_after())


@functools.lru_cache(maxsize=1024)
def _patient_disease_phrases(facts: tuple[tuple[str, bool], ...]) -> frozenset[str]:
    """Every name a criterion could use for a disease these facts settle: a disease the
    patient has and the broader ones above it, a denied one and the narrower below it."""
    vocabulary = load_vocabulary()
    descriptors: set[str] = set()
    for descriptor_id, negated in facts:
        descriptors.add(descriptor_id)
        related = vocabulary.descendants if negated else vocabulary.ancestors
        descriptors.update(concept.id for concept in related(descriptor_id))
    return frozenset(name for d in descriptors for name in vocabulary.synonyms(d))


@functools.lru_cache(maxsize=65_536)
def _names_any(text: str, phrases: frozenset[str]) -> bool:
    """Whether a phrase (or its plural) of ``phrases`` is among the words of ``text``, as
    written or in MeSH's American spelling ("Oesophageal stricture" names *Esophageal
    Stenosis*, whose names are American: :func:`american_spelling`)."""
    written = normalize_phrase(text)
    last_words = _last_words(phrases)
    for spelt in dict.fromkeys((written, american_spelling(written))):
        words = spelt.split()
        for end, word in enumerate(words, start=1):
            if word not in last_words and word[:-1] not in last_words:
                continue
            for start in range(max(0, end - MAX_PHRASE_WORDS), end):
                phrase = " ".join(words[start:end])
                if phrase in phrases or (phrase.endswith("s") and phrase[:-1] in phrases):
                    return True
    return False


@functools.lru_cache(maxsize=1024)
def _last_words(phrases: frozenset[str]) -> frozenset[str]:
    return frozenset(phrase.rsplit(" ", 1)[-1] for phrase in phrases)


def vocabulary_constraints(criterion: Criterion) -> tuple[ConceptMention, ...]:
    """The diseases a criterion names that the lexicon did not read, as MeSH concepts.

    The lexicon names a few hundred conditions; MeSH names thousands. A criterion
    about one it does not know ("Kawasaki disease", "pheochromocytoma") would
    otherwise have nothing to check, and a patient with that disease would not be
    excluded by it. Each becomes a condition ``mesh:<descriptor>`` the judge
    compares on the MeSH tree (:func:`vocabulary_finding`): the note's disease
    or a narrower one meets it. Words a constraint already reads are left alone.
    """
    return vocabulary_constraints_of(
        criterion.text, tuple(constraint.text for constraint in criterion.constraints)
    )


def dated_disease_outcome(
    criterion: Criterion, patient: PatientFacts, trial_concepts: frozenset[str]
) -> Outcome | None:
    """An exclusion of a disease within a window, which no judged constraint reads, when the
    note states the disease or a narrower one (the patient's, read by ``disease_mentions``
    into ``vocabulary_facts``): the date the note reader gave it (``VocabularyFact.dated``,
    dated as a lexicon fact is) weighed against the one window the criterion writes, as a
    lexicon fact's is (``time_windows.window_finding``): within it, met; before it, not met.
    Undated, it is unknown (the window is unconfirmed), never not met; dated against a
    criterion writing several windows, None. The trial's own condition, or one broader or
    narrower, is about another (as ``unread_concepts`` sets it apart)."""
    window = _TIME_WINDOW.search(criterion.text)
    if criterion.section != "exclusion" or window is None or not patient.vocabulary_facts:
        return None
    read = tuple(constraint.text for constraint in criterion.constraints)
    for constraint in _undated_constraints_of(criterion.text, read):
        descriptor_id = constraint.concept.removeprefix(VOCABULARY_CONCEPT_PREFIX)
        if (
            constraint.negated
            or of_the_trial(descriptor_id, trial_concepts)
            or named_for_someone_else(criterion.text, constraint.text)
        ):
            continue  # "drugs known to have a risk of neutropenia": no disease of the patient's
        finding = vocabulary_finding(constraint, patient, constraint.text, criterion.text)
        if finding is None or finding.truth != "true":
            continue
        had = next(
            (
                fact
                for fact in patient.vocabulary_facts
                if fact.evidence == finding.evidence
                and not fact.negated
                and fact.dated is not None
                and kind_of(fact.descriptor_id, descriptor_id)
            ),
            None,
        )
        if had is None or had.dated is None:
            return (
                "unknown",
                finding.evidence,
                f"{finding.reason}; it does not say when, against the criterion's "
                f"“{window.group().strip()}”",
            )
        windows = set(analyse_text(criterion.text).windows)
        if len(windows) != 1 or not _within(next(iter(windows))):
            continue  # which window dates the disease, or how, is not read
        dated = window_finding(
            msgspec.structs.replace(constraint, window=windows.pop()),
            had.dated,
            had.words,
            asks_about_onset(criterion.text),
        )
        status: Status = (
            "unknown" if dated.truth == "unknown" else "met" if dated.truth == "true" else "not_met"
        )
        return status, dated.evidence, f"{dated.reason} (a kind of {constraint.text})"
    return None


def _within(window: TimeWindow) -> bool:
    """Whether a window asks of the time since ("within the past 6 months"): one asking for
    more ("> 2 weeks", as "persisting (> 2 weeks)" is read) or how long a disease lasted may
    be of a course or a treatment the criterion names beside it."""
    return window.kind == "recency" and window.comparator in ("<", "<=")


@functools.lru_cache(maxsize=65_536)
def vocabulary_constraints_of(text: str, read_texts: tuple[str, ...]) -> tuple[ConceptMention, ...]:
    if _TIME_WINDOW.search(text):
        return ()  # "… within the past 3 months": the lexicon's dated facts are needed
    return _undated_constraints_of(text, read_texts)


@functools.lru_cache(maxsize=16_384)
def _undated_constraints_of(text: str, read_texts: tuple[str, ...]) -> tuple[ConceptMention, ...]:
    """The diseases a criterion names that ``read_texts`` do not read, its window aside."""
    lowered = text.lower()
    taken = [
        found.span()
        for read in read_texts
        if read
        for found in re.finditer(re.escape(read.lower()), lowered)
    ]
    found: list[ConceptMention] = []
    vocabulary = load_vocabulary()
    for mention in disease_mentions(text):
        if any(start < mention.end and mention.start < end for start, end in taken):
            continue
        if {"family", "hypothetical"} & mention.context:
            continue
        if names_its_drugs(text, mention.end, mention.start):
            continue  # "glaucoma medication": the drugs for the disease, not the disease
        concept = vocabulary.concept(mention.descriptor_id)
        if concept is None or all(number.count(".") < 2 for number in concept.tree_numbers):
            # A whole category or organ-system heading ("trauma": Wounds and Injuries; "heart
            # diseases", "skin disease") is how criteria speak loosely; it names no disease.
            continue
        # "Peripheral neuropathy Grade >1": the grade is read onto the disease as the parse
        # reads one onto a lexicon condition, and the judge compares it with the note's.
        stage = attached_stage(text, mention.start, mention.end)
        if _modified_by_unread_word(text[: mention.start], graded=stage is not None):
            continue
        found.append(
            ConceptMention(
                f"{VOCABULARY_CONCEPT_PREFIX}{mention.descriptor_id}",
                "condition",
                mention.words,
                negated="negation" in mention.context,
                historical="history" in mention.context,
                required_treatments=required_treatments(text, mention.end, mention.start),
                stage=stage,
            )
        )
    return tuple(found)


# A time window or duration ("within the past 3 months", "for ≥ 2 weeks", "last year",
# "6 months prior to"): a disease read only through MeSH is judged against it by the date the
# note reader gives it (:func:`dated_disease_outcome`), not as an undated constraint.
_TIME_WINDOW = re.compile(
    r"(?:\b(?:within|past|last|previous|preceding|during|over|for|since|lasting)\b\W+"
    r"(?:\w+\W+){0,3}?|[<>≤≥]=?\s*)(?:\d+(?:\.\d+)?\s*)?(?:days?|weeks?|months?|years?|hours?)\b"
    r"|\b\d+(?:\.\d+)?\s*(?:days?|weeks?|months?|years?)\s+(?:ago|prior|before|of)\b",
    re.IGNORECASE,
)


_GRADE_BEFORE = re.compile(r"\d\s*$")


def _modified_by_unread_word(text_before: str, *, graded: bool = False) -> bool:
    """Whether the word (or grade) right before a mention narrows it in a way nothing reads.

    "Brainstem glioma", "gastroesophageal junction adenocarcinoma": MeSH finds
    glioma and adenocarcinoma, but the criterion asks for a narrower disease, so
    a patient with any glioma or adenocarcinoma does not entail it. Qualifier
    and filler words ("severe", "history of") are read elsewhere and do not count.
    """
    if _GRADE_BEFORE.search(text_before) and not graded:
        return True  # "Grade ≥2 …" that ``disease_stage`` did not read onto the disease
    word = WORD_BEFORE.search(text_before)
    return word is not None and unread_word(word.group(1))
