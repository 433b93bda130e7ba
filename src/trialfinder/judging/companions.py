"""A condition a criterion asks only together with what its companion cues add ("fever
and other signs or symptoms suggestive of Covid-19 infection"): the condition counts only
when the note's sentence names every companion, so a febrile child's fever does not meet a
COVID-19 exclusion. The cues are data (``criterion_companion_cues``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from trialfinder.criteria.model import ConceptMention, Constraint
from trialfinder.judging.criterion_words import has_word, mention_span
from trialfinder.judging.findings import Finding
from trialfinder.patient import PatientFacts, load_screening_rules, phrase_alternation

__all__ = ["companion_finding", "companion_mentions"]


def companion_finding(
    criterion_text: str,
    constraint: ConceptMention,
    finding: Finding,
    patient: PatientFacts,
    name: str,
    pairs: Sequence[tuple[Constraint, Finding]],
) -> Finding | None:
    """ "… or fever and other signs or symptoms suggestive of Covid-19 infection with recent
    contact of person(s) with confirmed Covid-19 infection": the fever is asked only with
    what the companion cues after it (``criterion_companion_cues``) add, each named by the
    word after its cue; why it is unknown unless the note's sentence names every one, so a
    febrile child's fever does not meet a COVID-19 exclusion. A cue reaches back over a few
    words ("and other signs or symptoms") but not over another mention, a comma or a bracket:
    it qualifies the nearest thing named before it, and the cues chained after it in the same
    stretch ("… with recent contact") qualify the same requirement. A note sentence that
    denies one ("No sick contacts", ``note_companion_denials``) rules the requirement out:
    not met."""
    others = [other for other, _ in pairs if isinstance(other, ConceptMention)]
    companions, end = _companion_stretch(criterion_text, constraint.text, others)
    if not companions:
        return None
    asked = " ".join(criterion_text[companions[0].start() : end].split()[:14])
    for companion in companions:
        denial = _companion_denied(patient, companion["word"])
        if denial is not None:
            return Finding(
                "false",
                denial,
                f"patient has {name}; the note rules out what the criterion "
                f"asks for with it ({asked})",
            )
    evidence = finding.evidence or ""
    if all(_names_stem(evidence, m["word"]) for m in companions):
        return None
    return Finding(
        "unknown",
        finding.evidence,
        f"patient has {name}; the criterion asks for it {asked}, which the note does not say",
    )


def companion_mentions(
    criterion_text: str, mention: str, others: Sequence[ConceptMention]
) -> list[re.Match[str]]:
    """The companion cues that qualify a mention (its first place in the criterion), as
    :func:`companion_finding` reads them: after it, before a comma or a bracket, the first
    within a few words and with no other mention (``others``) between."""
    return _companion_stretch(criterion_text, mention, others)[0]


def _companion_stretch(
    criterion_text: str, mention: str, others: Sequence[ConceptMention]
) -> tuple[list[re.Match[str]], int]:
    """:func:`companion_mentions`, with where their stretch ends (the comma or bracket after the
    mention, or the criterion's end): the reason quotes the stretch, so it is found once."""
    span = mention_span(criterion_text, mention)
    if span is None:
        return [], len(criterion_text)
    stop = _COMPANION_STOP.search(criterion_text, span[1])
    end = stop.start() if stop is not None else len(criterion_text)
    companions = list(_companion_pattern().finditer(criterion_text, span[1], end))
    if not companions:
        return [], end
    gap = criterion_text[span[1] : companions[0].start()]
    if len(gap.split()) > _COMPANION_REACH_WORDS or any(
        has_word(gap, other.text) for other in others if other.text.strip()
    ):
        return [], end
    return companions, end


def _companion_denied(patient: PatientFacts, word: str) -> str | None:
    """The note's sentence denying a companion requirement's word ("No sick contacts" for
    "with recent contact"), or None."""
    denial = _companion_denial_pattern(_stem_letters(word))
    sentences = dict.fromkeys(
        [
            *(fact.evidence for fact in patient.facts),
            *(fact.evidence for fact in patient.vocabulary_facts),
            *patient.unread_sentences,
        ]
    )
    return next((s for s in sentences if s and denial.search(s)), None)


@functools.lru_cache(maxsize=256)
def _companion_denial_pattern(stem: str) -> re.Pattern[str]:
    """A denial cue, then up to five words with no punctuation, then a word beginning with
    ``stem`` that ends what is denied ("Denies any recent travel or sick contacts."): in
    "no COVID-19 vaccination" the vaccination is denied, not COVID-19."""
    cues = phrase_alternation(load_screening_rules().note_companion_denials)
    return re.compile(
        rf"\b(?:{cues})\s+(?:[\w'-]+\s+){{0,5}}?{re.escape(stem)}[\w'-]*"
        r"(?=\s*(?:[,.;)]|$)|\s+(?:or|and)\b)",
        re.IGNORECASE,
    )


# A comma, a bracket or a clause's end stops a companion's stretch; "person(s)" does not.
_COMPANION_STOP = re.compile(r"[,;:\[\]]|\((?!s\))|(?<!\(s)\)|\.(?=\s|$)")


# "fever and other signs or symptoms suggestive of": the words a cue reaches back over.
_COMPANION_REACH_WORDS = 6


@functools.cache
def _companion_pattern() -> re.Pattern[str]:
    """A companion cue and the first word after it, which the note must name."""
    cues = phrase_alternation(load_screening_rules().criterion_companion_cues)
    return re.compile(
        rf"\b(?:{cues})\s+(?:an?\s+|the\s+|possible\s+)?(?P<word>[^\W_][\w'-]*)", re.IGNORECASE
    )


def _names_stem(text: str, word: str) -> bool:
    """Whether ``text`` has a word beginning with the letters that begin ``word``: "contacts"
    names "contact", "COVID19" names "Covid-19"."""
    letters = _stem_letters(word)
    return re.search(rf"(?<![\w-]){re.escape(letters)}", text, re.IGNORECASE) is not None


def _stem_letters(word: str) -> str:
    """The letters that begin a word ("Covid" of "Covid-19")."""
    stem = re.match(r"[^\W\d_]+", word)
    return stem.group(0) if stem is not None else word
