"""The rest of a list the lexicon reads only in part, read by the MeSH concepts it names.

"Terfenadine, cisapride, sildenafil, lovastatin or simvastatin", "Neuroleptics (pimozide)",
"(eg, ondansetron, albuterol, sotalol, amiodarone, erythromycin, or clarithromycin)": the
lexicon reads one item of the list (simvastatin, neuroleptics, albuterol) and no reader read
the others, so a patient on sildenafil, pimozide or amiodarone met no constraint, and a whole
record that named none of the *read* items let the patient off the exclusion. MeSH reads
the others (``unread_concepts`` reads them only when the parse reads nothing at all).

Here a medicine or procedure MeSH names (trees D and E of ``unread_concept_branches``; a
disease is ``vocabulary_constraints``'s) that no constraint reads becomes a constraint of its
own when it is an item of a list beside a treatment or procedure the judge keeps: only list
marks stand between them (a comma, a bracket, a slash, ``leftover_list_joiners``: "or",
"e.g.", "such as"), possibly through other items, and it ends at one. It is asked as the
nearest kept item is (negated, dated, of the past), and judged only when the note names it or
denies it by name (the note's silence on every item settles the criterion as before). So a
medicine named as what an allergy is to ("allergic reactions to oxaliplatin or irinotecan")
goes where the read item goes: the judge leaves the oxaliplatin to the allergy, and the
irinotecan with it. An item a word nothing reads narrows ("a ROS1 tyrosine kinase
inhibitor") or an exception lets off ("except debulking surgery or biopsy") is none.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from trialfinder.criteria import Criterion
from trialfinder.criteria.context import context_at
from trialfinder.criteria.model import ConceptMention, Constraint
from trialfinder.judging.concept_findings import WORD_BEFORE, unread_word
from trialfinder.judging.criterion_words import criterion_patterns, mention_span, mention_spans
from trialfinder.judging.unread_concepts import (
    leftover_mentions,
    names_one_thing,
    note_sentences,
    of_the_trial,
)
from trialfinder.judging.vocabulary_constraints import vocabulary_constraints_of
from trialfinder.patient import (
    VOCABULARY_CONCEPT_PREFIX,
    PatientFacts,
    is_disease,
    judge_cue_pattern,
)
from trialfinder.vocabulary import Concept, load_vocabulary

__all__ = ["leftover_constraints"]

# The MeSH branches of medicines and procedures (D, E): items of a list of treatments or
# procedures.
_TREATMENT_BRANCHES = ("D", "E")


class _Leftover:
    """A phrase of the criterion naming a concept no constraint reads, and the constraint
    whose list it is an item of."""

    __slots__ = ("concept", "template", "words")

    def __init__(self, words: str, concept: Concept, template: int) -> None:
        self.words, self.concept, self.template = words, concept, template


def leftover_constraints(
    criterion: Criterion,
    kept: Sequence[Constraint],
    patient: PatientFacts,
    trial_concepts: frozenset[str],
) -> list[ConceptMention]:
    """The items of the criterion's lists that no constraint reads, each asked as the kept
    constraint of its list is, when the note names or denies it by name; in an exclusion,
    not a finding of the trial's own conditions (or one broader or narrower)."""
    items = tuple(c for c in kept if isinstance(c, ConceptMention))
    if not items:
        return []
    leftovers = _leftovers(
        criterion.text,
        tuple(
            (c.text, c.category if isinstance(c, ConceptMention) else "")
            for c in criterion.constraints
            if getattr(c, "text", "")
        ),
        tuple((c.text, c.category) for c in items),
    )
    if not leftovers:
        return []
    sentences = note_sentences(patient)
    found: list[ConceptMention] = []
    for leftover in leftovers:
        if not any(leftover_mentions(s, leftover.concept.id) for s in sentences) or (
            criterion.section == "exclusion" and of_the_trial(leftover.concept.id, trial_concepts)
        ):
            continue
        template = items[leftover.template]
        found.append(
            ConceptMention(
                f"{VOCABULARY_CONCEPT_PREFIX}{leftover.concept.id}",
                template.category,
                leftover.words,
                negated=template.negated,
                historical=template.historical,
                window=template.window,
            )
        )
    return found


@functools.lru_cache(maxsize=16_384)
def _leftovers(
    text: str, read: tuple[tuple[str, str], ...], kept: tuple[tuple[str, str], ...]
) -> tuple[_Leftover, ...]:
    """The criterion's phrases naming a medicine, procedure or finding that no constraint
    reads (``read``: the parse's words and category, and the diseases MeSH reads), each in a
    list whose nearest read item of its kind is one the judge keeps (``kept``), with that
    one's index in ``kept``."""
    read = (
        *read,
        *((c.text, c.category) for c in vocabulary_constraints_of(text, tuple(w for w, _ in read))),
    )
    # Each read item once, where its words first stand: its index in ``kept``, or -1 for
    # one the judge leaves (a drug an allergy is to), with its category.
    spans: dict[tuple[int, int], tuple[int, str]] = {}
    for index, (words, category) in enumerate(kept):
        span = mention_span(text, words)
        if span is not None:
            spans.setdefault(span, (index, category))
    for words, category in read:
        for span in mention_spans(text, words):
            spans.setdefault(span, (-1, category))
    phrases: dict[tuple[int, int], Concept] = {}
    vocabulary = load_vocabulary()
    for mention, start, end in vocabulary.mention_offsets(text):
        concept = mention.readings[0].concept
        if (
            not names_one_thing(text[start:end], mention.readings[0].kind, concept)
            # "radio-immunotherapy" read as Immunotherapy: its words name another thing.
            or all(r.concept.id != concept.id for r in vocabulary.lookup(text[start:end]))
            or is_disease(concept)
            or any(s < end and start < e for s, e in spans)
            or {"family", "hypothetical"} & context_at(text, start, end)
        ):
            continue
        phrases.setdefault((start, end), concept)
    if not phrases:
        return ()
    # The items in the order written; a run of items with only list marks between is a list.
    items = sorted([*spans, *phrases])
    runs: list[list[tuple[int, int]]] = [[items[0]]]
    for item in items[1:]:
        last = runs[-1][-1]
        if item[0] >= last[1] and _joins(text[last[1] : item[0]]):
            runs[-1].append(item)
        else:
            runs.append([item])
    found: list[_Leftover] = []
    for run in runs:
        for span in run:
            named = phrases.get(span)
            if named is None:
                continue
            before = WORD_BEFORE.search(text, 0, span[0])
            if (
                not _ends_an_item(text[span[1] :])
                or (before is not None and unread_word(before.group(1)))
                or _excepted(text[: span[0]])
            ):
                # "bleeding from esophageal varices", "a ROS1 tyrosine kinase inhibitor":
                # words beside it narrow the item to what no reader reads; "No prior therapy
                # except debulking surgery or biopsy": an exception's items are let off.
                continue
            wanted = _kinds_of(named)
            nearest = min(
                (
                    (abs(span[0] - other[0]), spans[other][0])
                    for other in run
                    if other in spans and spans[other][1] in wanted
                ),
                default=None,
            )
            if nearest is not None and nearest[1] >= 0:
                found.append(_Leftover(text[span[0] : span[1]], named, nearest[1]))
    return tuple(found)


def _kinds_of(concept: Concept) -> frozenset[str]:
    """The categories of a kept constraint a medicine or procedure can be a list item
    beside (none for a concept of another branch)."""
    if any(number.startswith(_TREATMENT_BRANCHES) for number in concept.tree_numbers):
        return frozenset({"treatment", "procedure"})
    return frozenset()


def _excepted(before: str) -> bool:
    """Whether an exception opens before a list item in its sentence ("except", "other
    than": ``criterion_exception_cues``; "The following are exceptions to this criterion")."""
    sentence = _NOT_LIMITED.sub(" ", re.split(r"[.;]\s", before)[-1])
    return (
        criterion_patterns().exception.search(sentence) is not None
        or _EXCEPTIONS.search(sentence) is not None
    )


_EXCEPTIONS = re.compile(r"\bexceptions?\b", re.IGNORECASE)
# "including, but not limited to, corticosteroids, cyclophosphamide": no exception.
_NOT_LIMITED = re.compile(r"\bbut\s+not\s+limited\s+to\b", re.IGNORECASE)


def _ends_an_item(after: str) -> bool:
    """Whether a list item ends where ``after`` begins: a mark (a comma, a bracket, a full
    stop) or a joiner follows, or nothing; not words that narrow the item."""
    return _item_end().match(after) is not None


@functools.cache
def _item_end() -> re.Pattern[str]:
    return judge_cue_pattern(
        r"\s*(?:$|[,;:.()\[\]/]|(?:{leftover_list_joiners})(?![^\W_]))", re.IGNORECASE
    )


def _joins(between: str) -> bool:
    """Whether the words between two items are list marks only, and at least one: two
    items side by side ("Docetaxel injection") are one phrase."""
    return bool(between.strip()) and _joiners().fullmatch(between) is not None


@functools.cache
def _joiners() -> re.Pattern[str]:
    return judge_cue_pattern(
        r"(?:[\s,()\[\]/]|(?<![^\W_])(?:{leftover_list_joiners})(?![^\W_]))*", re.IGNORECASE
    )
