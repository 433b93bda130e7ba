"""The judge's ways of finding words in a criterion or a note: a mention's span, the
clause it stands in, the cue patterns of the lexicon and the screening rules, a criterion's
descriptors and named patterns, and whether one concept is a kind of another.

Many readers of one concept ask these same questions of the same text; they live in one
module below the readers (and cached there) so that each is written and remembered once.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from typing import NamedTuple

from trialfinder.criteria import Criterion
from trialfinder.criteria.context import clause_bounds, clause_of, load_context_rules
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention, Constraint
from trialfinder.disease_relations import load_disease_relations
from trialfinder.patient import (
    VOCABULARY_CONCEPT_PREFIX,
    judge_cue_pattern,
    load_screening_rules,
    phrase_alternation,
    phrase_pattern,
)
from trialfinder.phrases import word_pattern
from trialfinder.vocabulary import load_vocabulary

__all__ = [
    "announces_a_list",
    "any_of_the_whole",
    "asked_conditions",
    "bare_heading",
    "both_sexes_words",
    "clause_start",
    "criterion_descriptors",
    "criterion_patterns",
    "cue_patterns",
    "denies_only_others",
    "has_word",
    "kind_of",
    "malignancy_concepts",
    "mention_span",
    "mention_spans",
    "qualifier_words",
    "says",
    "stated_words",
    "word_pattern",
]


@functools.cache
def malignancy_concepts() -> frozenset[str]:
    """The lexicon's cancer concept and the narrower ones, which a benign tumour is not."""
    ancestors = load_lexicon().ancestors
    return frozenset(c for c, above in ancestors.items() if "cancer" in above)


def stated_words(category: str, name: str, present: bool, *, past: bool = False) -> str:
    """What the note says of a concept, in words that fit its kind: a patient *has* a
    condition, *is on* a treatment (*has had* a past course of it), *has had* a procedure;
    a habit is reported or denied."""
    if category == "treatment":
        if present and past:
            return f"the patient has had {name}"
        return f"the patient is on {name}" if present else f"the patient is not on {name}"
    if category == "procedure":
        return f"the patient has had {name}" if present else f"the patient has not had {name}"
    if category == "behaviour":
        return f"the note reports {name}" if present else f"the note denies {name}"
    return f"patient has {name}" if present else f"patient does not have {name}"


@functools.lru_cache(maxsize=65_536)
def kind_of(descriptor_id: str, broader_id: str) -> bool:
    """:meth:`Vocabulary.is_kind_of`, remembered: matching asks the same pairs for every trial.

    A cancer MeSH files by histology only is also a kind of the organ's neoplasms its scope
    note names (a cholangiocarcinoma is a biliary tract cancer, ``DiseaseRelations``); a
    disease MeSH files under another that is a separate one is not (Lambert-Eaton myasthenic
    syndrome is no myasthenia gravis, ``filed_apart``)."""
    relations = load_disease_relations()
    if load_vocabulary().is_kind_of(descriptor_id, broader_id):
        return relations.apart_from(descriptor_id, broader_id) is None
    return relations.at_site_under(descriptor_id, broader_id)


@functools.cache
def criterion_descriptors(concept_id: str, text: str) -> tuple[str, ...]:
    """The MeSH disease a criterion's condition names: its own words (``text``), else the
    lexicon concept's names (alone, with ``text`` empty: the concept's own descriptor; a
    concept read through MeSH is its descriptor). An abbreviation names none, but a short
    form a note or criterion names a disease by alone (``note_disease_abbreviations``,
    "DLBCL", "TNBC", as written), which names it here as ``disease_mentions`` read it."""
    if not text and concept_id.startswith(VOCABULARY_CONCEPT_PREFIX):
        return (concept_id.removeprefix(VOCABULARY_CONCEPT_PREFIX),)
    vocabulary = load_vocabulary()
    concept = load_lexicon().concepts.get(concept_id)
    for phrase in (text, *(concept.names if concept else ())):
        if not phrase:
            continue
        readings = vocabulary.lookup(phrase)
        if (
            readings
            and (
                readings[0].kind != "abbreviation"
                or phrase in load_screening_rules().note_disease_abbreviations
            )
            and vocabulary.names_it(phrase, readings[0])
        ):
            return (readings[0].concept.id,)
    return ()


def denies_only_others(evidence: str, *, cancer: bool = False) -> bool:
    """ "No other cancer", "denies any further malignancy" (``judge_cues``): a denial of the
    diseases besides the one the note names, which denies that one nothing. Of a cancer, a
    denial of one in the past ("No prior cancer", ``other_denial_past``) is one too: the
    note's own cancer is the present one."""
    return judge_cue_pattern(_OTHER_DENIAL, re.I).search(evidence) is not None or (
        cancer and judge_cue_pattern(_PAST_DENIAL, re.I).search(evidence) is not None
    )


_OTHER_DENIAL = (
    r"\b(?:{other_denial_negations})\s+(?:(?:{other_denial_between:spaced})\s+)?(?:any\s+)?"
    r"(?:{other_denial_others})\b"
)
_PAST_DENIAL = r"\b(?:{other_denial_negations})\s+(?:{other_denial_past})\b"


@functools.cache
def both_sexes_words() -> re.Pattern[str]:
    return phrase_pattern(load_lexicon().cues.both_sexes_phrases)


def says(pattern: re.Pattern[str], criterion_text: str) -> bool:
    """Whether a criterion's text has a cue, searched once per criterion: every patient
    screened against the criterion asks the same questions of the same words. Remembered by
    the pattern's source and flags: a compiled pattern's own hash reads its whole program."""
    _CUES.setdefault((pattern.pattern, pattern.flags), pattern)
    return _said(pattern.pattern, pattern.flags, criterion_text)


# The cue patterns :func:`says` has been asked of, by source and flags (a few dozen).
_CUES: dict[tuple[str, int], re.Pattern[str]] = {}


@functools.lru_cache(maxsize=65_536)
def _said(source: str, flags: int, criterion_text: str) -> bool:
    return _CUES[source, flags].search(criterion_text) is not None


# The first two marks of a list written inline ("(1) … (2) …", "(a)Multiple … (b) …",
# "(i) … (ii) …"), each after the start, a space or a stop.
_FIRST_ITEMS = tuple(
    (
        re.compile(rf"(?:^|(?<=[\s:;,.]))\(?{first}\)", re.IGNORECASE),
        re.compile(rf"(?:^|(?<=[\s:;,.]))\(?{second}\)", re.IGNORECASE),
    )
    for first, second in (("1", "2"), ("a", "b"), ("i", "ii"))
)


@functools.lru_cache(maxsize=65_536)
def any_of_the_whole(criterion_text: str, mention: str) -> bool:
    """Whether an any-group cue ("at least one of", "any of the following", "either")
    lets ``mention``, one concept the patient holds, meet the criterion alone: the cue is
    written before the first mark of a list of two or more items (or there is no such
    list), or the mention is the heading's, which the items define ("Documented diagnosis
    of multiple myeloma as defined by the criteria below: (a) … (b) Measurable disease …
    defined by any of the following: (1) …", NCT05572515, NCT06208150). A cue inside an
    item chooses among that item's words only ("… met the following criteria: (1) RIDT or
    PCR positive; (2) fever …; (3) At least one of flu-related systemic symptoms …",
    NCT05702489): a concept of one item leaves the other items asked."""
    cue = cue_patterns()["any_group"].search(criterion_text)
    if cue is None:
        return False
    starts = [
        opened.start()
        for first, second in _FIRST_ITEMS
        if (opened := first.search(criterion_text)) is not None
        and second.search(criterion_text, opened.end()) is not None
    ]
    # The outermost list is the one opened first ("(a) … (b) … any of: (1) … (2) …").
    if not starts or cue.start() < min(starts):
        return True
    span = mention_span(criterion_text, mention)
    return span is not None and span[0] < min(starts)


@functools.cache
def cue_patterns() -> dict[str, re.Pattern[str]]:
    """The judge's cue words, read once from the lexicon and the screening rules."""
    rules = load_screening_rules()
    people = "|".join(re.escape(word) for word in rules.population_words)
    links = "|".join(re.escape(link) for link in rules.population_links)
    return {
        "any_group": phrase_pattern([*load_lexicon().cues.any_group_cues, "one or more"]),
        "listed_alternatives": phrase_pattern(rules.listed_alternative_cues),
        "organ_part": re.compile(
            r"\s+(?:in|of|at)\s+(?:the\s+)?(("
            + "|".join(re.escape(word) for word in rules.organ_part_words)
            + r")\s+(?:"
            + "|".join(re.escape(noun) for noun in rules.organ_part_nouns)
            + r"))\b(?:\s+of\s+(?:the\s+)?(\w+))?",
            re.IGNORECASE,
        ),
        "menopause_or_childbearing": re.compile(
            r"\b(?:pre|post)-?\s?menopaus[^.;]*?\bor\b[^.;]*?"
            + phrase_pattern(load_lexicon().cues.childbearing_phrases).pattern,
            re.IGNORECASE,
        ),
        "future": phrase_pattern(rules.future_intention_cues),
        "language": phrase_pattern(rules.language_cues),
        "conduct": phrase_pattern(rules.study_conduct_cues),
        "conduct_failure": phrase_pattern(rules.study_conduct_failures),
        "population": re.compile(rf"^\W*(?:{people})?\W*(?:{links})\b", re.IGNORECASE),
        # "For participants with prior treatment of a bortezomib containing regimen, the best
        # response …": the leading clause up to its comma says who the rest is about.
        "population_clause": re.compile(
            rf"^\W*(?:for|in|among)\s+(?:all\s+|those\s+)?(?:{people})\s+(?:{links})\b"
            r"[^,;:]*[,;:](?=\s*\w)",
            re.IGNORECASE,
        ),
    }


def asked_conditions(constraints: Sequence[Constraint]) -> Iterator[ConceptMention]:
    """The conditions a criterion asks the patient to have (not denied ones)."""
    for constraint in constraints:
        if (
            isinstance(constraint, ConceptMention)
            and constraint.category == "condition"
            and not constraint.negated
        ):
            yield constraint


def mention_span(text: str, mention: str) -> tuple[int, int] | None:
    position = text.lower().find(mention.lower())
    return None if position < 0 else (position, position + len(mention))


@functools.cache
def qualifier_words() -> tuple[str, ...]:
    rules = load_context_rules().rules
    return tuple(p for rule in rules if rule.category == "qualifier" for p in rule.phrases)


def has_word(text: str, phrase: str) -> bool:
    return word_pattern(phrase).search(text) is not None


def mention_spans(text: str, mention: str) -> list[tuple[int, int]]:
    if not mention.strip():
        return []
    return [found.span() for found in word_pattern(mention).finditer(text)]


def clause_start(text: str, position: int) -> int:
    bounds = clause_bounds(text)
    return bounds[clause_of(bounds, position)]


class _CriterionPatterns(NamedTuple):
    family: re.Pattern[str]
    exception: re.Pattern[str]
    exception_after: re.Pattern[str]
    outcome: re.Pattern[str]
    relative: re.Pattern[str]
    cap: re.Pattern[str]


@functools.cache
def criterion_patterns() -> _CriterionPatterns:
    """What a criterion's words make of the condition after them (``screening_rules.json``):
    the patterns end where the condition begins."""
    rules = load_screening_rules()
    family_rules = [rule for rule in load_context_rules().rules if rule.category == "family"]
    return _CriterionPatterns(
        # Any of the context stage's family cues: only then is its family scope worth reading.
        family=phrase_pattern([phrase for rule in family_rules for phrase in rule.phrases]),
        exception=re.compile(
            rf"(?<!\w)(?:{phrase_alternation(rules.criterion_exception_cues)})\b", re.I
        ),
        exception_after=re.compile(
            # Right after the condition, or after a bracket, or opening a bracket that
            # follows the rest of its name: "Type II diabetes mellitus (DM) (excluding …".
            r"\s*\)?\s*(?:(?:[\w-]+\s+){0,2}(?:\([^()]*\)\s*)*\(\s*|(?:\([^()]*\)\s*)?)"
            rf"(?:{phrase_alternation(rules.criterion_exception_cues)})\s+",
            re.I,
        ),
        outcome=re.compile(
            rf"(?<!\w)(?:{phrase_alternation(rules.outcome_cues)})\s+(?:[\w'-]+\s+){{0,3}}$", re.I
        ),
        relative=re.compile(
            rf"(?<!\w)(?:{phrase_alternation(rules.criterion_relative_words)})\b[\w ,'-]{{0,60}}"
            r"\b(?:with|diagnosed|has|had|have|of|affected)\b[\w ,'()/-]{0,40}$",
            re.I,
        ),
        cap=re.compile(rf"(?<![\w<≤])(?:{phrase_alternation(rules.cap_words)})(?!\w)", re.I),
    )


_BARE_HEADING = re.compile(r"[A-Za-z][A-Za-z /-]{0,40}")


def bare_heading(criterion: Criterion) -> bool:
    """ "Radiotherapy", "Performance status", "Hematopoietic": a legacy record's sub-heading
    (no label, a few words, no number, no sentence) over the items listed under it asks
    nothing of its own; its items are the criterion ("Radiotherapy - No prior abdominopelvic
    radiotherapy" is not a requirement of radiotherapy)."""
    return (
        bool(criterion.children)
        and criterion.label is None
        and len(criterion.text.split()) <= 4
        and _BARE_HEADING.fullmatch(criterion.text) is not None
    )


# "Any of the following cardiovascular conditions:", "Presence of any 1 of the following:",
# "History of any of the following:": the whole text is a list's opening.
_LIST_OPENING = re.compile(
    r"(?:(?:presence|history|evidence) of )?(?:any|at least|either|one)\b[^,;.:]{0,30}"
    r"\bof the following\b[^,;.:]{0,80}[:：]\s*\.?",
    re.I,
)


def announces_a_list(criterion: Criterion) -> bool:
    """A lead-in with no items under it that only announces a list ("Any of the following
    cardiovascular conditions:" with its items beside it, as the registry lays them out):
    it asks nothing by itself; its items are judged one by one."""
    return not criterion.children and _LIST_OPENING.fullmatch(criterion.text.strip()) is not None
