"""An inclusion asking a new diagnosis of a disease ("Newly diagnosed glioblastoma",
"Patients with newly diagnosed multiple myeloma"), settled by the setting the note gives
that disease in the sentences naming it (``treatment_setting.note_settings``): relapsed,
refractory or previously treated, or a prior line of therapy there, is no new diagnosis;
untreated or newly diagnosed is one, and the criterion is then met when its other words
are. A note naming the disease and no setting leaves "newly" to the study team. The words
are data (``screening_rules.json`` ``new_diagnosis_*``).

Its mirror, a criterion asking a recurrent cancer ("Recurrent rectal cancer"), is settled by
the note's sentences on the patient's one cancer: a recurrence ("Local recurrence at the
anastomosis") meets it, a first presentation ("This is her first bowel cancer") does not
(``screening_rules.json`` ``recurrence``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable

import msgspec

from trialfinder.criteria import Criterion
from trialfinder.criteria.context import context_at
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention, Constraint
from trialfinder.criteria.parse import parse_criterion
from trialfinder.judging.criterion_words import malignancy_concepts
from trialfinder.judging.findings import Outcome
from trialfinder.judging.unread_concepts import note_sentences
from trialfinder.patient import (
    PatientFacts,
    RecurrenceWords,
    about_a_relative,
    load_screening_rules,
    screening_phrase,
)
from trialfinder.phrases import phrase_alternation, phrase_pattern
from trialfinder.treatment_setting import note_settings

__all__ = ["new_diagnosis_status", "recurrence_status"]


def new_diagnosis_status(
    criterion: Criterion,
    patient: PatientFacts,
    constraints: list[Constraint],
    own: Outcome,
    judged_without: Callable[[Criterion], Outcome],
) -> Outcome:
    """``own`` (an unknown inclusion asking a new diagnosis and no other setting) settled
    by the note's setting of the disease it names; ``judged_without`` judges the criterion
    with the words asking a new diagnosis taken out."""
    asked = screening_phrase("new_diagnosis_asked_words")
    if (
        criterion.section != "inclusion"
        or own[0] != "unknown"
        or not _asked_now(criterion.text)
        or screening_phrase("new_diagnosis_other_words").search(criterion.text)
    ):
        return own
    sentences = list(
        dict.fromkeys(
            fact.evidence
            for c in constraints
            if isinstance(c, ConceptMention) and not c.negated
            for fact in patient.concept_facts(c.concept)[0]
        )
    )
    if not sentences:
        return own
    settings = note_settings("\n".join(sentences))
    lines = patient.prior_lines
    if lines is not None and lines.evidence in sentences and (lines.low or 0) > 0:
        return (
            "not_met",
            lines.evidence,
            f"a prior line of therapy ({lines.how}); the criterion asks a new diagnosis",
        )
    if "pretreated" in settings:
        evidence = next(s for s in sentences if "pretreated" in note_settings(s))
        return (
            "not_met",
            evidence,
            "the note gives the disease as relapsed or treated before; "
            "the criterion asks a new diagnosis",
        )
    if "untreated" not in settings:
        return own
    text = re.sub(r"\s+", " ", asked.sub(" ", criterion.text)).strip()
    read, complete = parse_criterion(text, "inclusion")
    rest = msgspec.structs.replace(criterion, text=text, constraints=read, complete=complete)
    without = judged_without(rest)
    if without[0] != "met":
        return own
    evidence = next(s for s in sentences if "untreated" in note_settings(s))
    return (
        "met",
        evidence,
        f"the note gives the disease as newly diagnosed or untreated; {without[2]}",
    )


def _asked_now(text: str) -> bool:
    """Whether ``text`` asks a new diagnosis of the patient now: its new-diagnosis words,
    none right after a word making them the setting of something else ("History of
    induction therapy for newly diagnosed MM"; ``new_diagnosis_past_leads``)."""
    matches = list(screening_phrase("new_diagnosis_asked_words").finditer(text))
    leads = frozenset(load_screening_rules().new_diagnosis_past_leads)
    return bool(matches) and not any(
        re.findall(r"[a-z]+", text[: m.start()].lower())[-1:] in ([lead] for lead in leads)
        for m in matches
    )


def recurrence_status(
    criterion: Criterion, patient: PatientFacts, trial_concepts: frozenset[str], own: Outcome | None
) -> Outcome | None:
    """``own`` (None, or an unknown or met answer) of a criterion asking a recurrent cancer
    ("Recurrent rectal cancer", an inclusion or an exclusion) settled by the note: a
    sentence saying the patient's cancer recurred meets an unread or unknown one; one saying
    it is the first presentation contradicts it. A note saying both, naming a cancer other
    than the one asked, or neither, leaves ``own``."""
    words = load_screening_rules().recurrence
    if (
        words is None
        or (own is not None and own[0] not in ("met", "unknown"))
        or not _asks_recurrence(criterion.text)
    ):
        return own
    asked = {
        c.concept
        for c in criterion.constraints
        if isinstance(c, ConceptMention) and c.category == "condition" and not c.negated
    } or (trial_concepts & malignancy_concepts())
    cancers = {
        fact.concept
        for fact in patient.facts
        if fact.concept in malignancy_concepts() and not fact.negated
    }
    if not cancers or not _one_cancer(cancers, asked):
        return own
    recurred = _stated(patient, words.note_recurrence_words, words)
    first = _stated(patient, words.note_first_words, words)
    if recurred and not first:
        if (own is not None and own[0] == "met") or not _only_the_cancer(criterion.text, words):
            return own
        return "met", recurred, "the note gives the cancer as recurred; the criterion asks it"
    if first and not recurred:
        return (
            "not_met",
            first,
            "the note gives the cancer's first presentation; the criterion asks a recurrence",
        )
    return own


@functools.lru_cache(maxsize=16_384)
def _asks_recurrence(text: str) -> bool:
    """Whether a criterion starts by asking a recurrent cancer and admits no other setting
    (read once a criterion: every criterion judged is asked)."""
    lead = _lead()
    words = load_screening_rules().recurrence
    return (
        lead is not None
        and words is not None
        and lead.match(text) is not None
        and not phrase_pattern(words.other_words).search(text)
    )


@functools.cache
def _lead() -> re.Pattern[str] | None:
    """The start of a criterion asking a recurrent cancer, up to its cancer's first word."""
    words = load_screening_rules().recurrence
    if words is None:
        return None
    return re.compile(
        r"\s*(?:(?:patients?|participants?|subjects?)\s+with\s+)?"
        rf"(?:{phrase_alternation(words.asked_words)})\s+(?=\w)",
        re.IGNORECASE,
    )


def _only_the_cancer(text: str, words: RecurrenceWords) -> bool:
    """Whether a criterion asking a recurrent cancer asks nothing else: after the words
    asking the recurrence, only the cancer's few words ("Recurrent GCT of bone"), none of
    ``asked_more_words`` ("with measurable disease", "that has been previously treated")."""
    lead = _lead()
    if lead is None:
        return False
    rest = lead.sub("", text, count=1).strip().rstrip(".")
    return (
        len(rest.split()) <= words.asked_most_words
        and re.fullmatch(r"[\w&' -]+", rest) is not None
        and not phrase_pattern(words.asked_more_words).search(rest)
    )


def _one_cancer(cancers: set[str], asked: set[str] | frozenset[str]) -> bool:
    """Whether the note's cancers are one, the one asked (or a broader or narrower name of
    it); with none asked, whether the note names a single one."""
    if not asked:
        return len(cancers) == 1
    ancestors = load_lexicon().ancestors

    def related(concept: str) -> bool:
        return concept == "cancer" or any(
            concept == a
            or a in ancestors.get(concept, frozenset())
            or concept in ancestors.get(a, frozenset())
            for a in asked
        )

    return all(related(concept) for concept in cancers)


def _stated(patient: PatientFacts, phrases: list[str], words: RecurrenceWords) -> str | None:
    """The first of the note's sentences writing one of ``phrases`` of the patient, not
    denied, none of the blockers and naming no condition but a cancer; None when none."""
    pattern = phrase_pattern(phrases)
    blockers = phrase_pattern(words.note_blockers)
    concepts = load_lexicon().concepts
    others = {
        fact.evidence
        for fact in patient.facts
        if fact.concept in concepts
        and fact.concept not in malignancy_concepts()
        and concepts[fact.concept].category == "condition"
    }
    for sentence in note_sentences(patient):
        found = pattern.search(sentence)
        if (
            found is None
            or sentence in others
            or blockers.search(sentence)
            or about_a_relative(sentence)
            or "negation" in context_at(sentence, *found.span())
        ):
            continue
        return sentence
    return None
