"""Named operations: a note's "Billroth II partial gastrectomy 1998" is a past surgery.

A clinician writes the operation, not the word "surgery": "cholecystectomy 2019",
"appendicectomy as a child", "Whipple's for a pancreatic head tumour". MeSH already files
most of them under Surgical Procedures, Operative (tree E04) and its site branches
(E04.210, digestive system), so the tree decides what an operation is and where it was
done; ``data/criteria/operations.json`` keeps the branches that name no operation done (a
biopsy, an endoscopy, a drainage), the few British and eponym spellings MeSH lacks, and
which branches a criterion's site ("upper gastrointestinal surgery", "prior abdominal
surgery") covers. The note reader (``trialfinder.patient``) reads each named operation as
the lexicon's surgery, and the judge (``trialfinder.match``) asks it for the site.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from importlib import resources

import msgspec

from trialfinder.phrases import phrase_pattern
from trialfinder.vocabulary import Mention, load_vocabulary, normalize_phrase, places_below

__all__ = [
    "NamedOperation",
    "asks_of_an_operation_done",
    "eponymous_operation_spans",
    "excepted_operations",
    "named_operations",
    "operation_at_site",
    "trials_own_operation",
]


class _OperationRules(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    version: str
    description: str
    operation_trees: list[str]
    not_operation_trees: list[str]
    not_alone_operation_trees_description: str
    not_alone_operation_trees: list[str]
    approach_operations_description: str
    approach_operations: list[str]
    site_organ_words_description: str
    site_organ_words: dict[str, list[str]]
    exception_cues_description: str
    exception_cues_before: list[str]
    exception_cues_after: list[str]
    anchor_description: str
    anchor_words_before: list[str]
    purpose_words_after: list[str]
    curated_terms_description: str
    curated_terms: dict[str, str]
    site_trees: dict[str, list[str]]
    own_operation_cues_description: str
    own_operation_cues: list[str]


class NamedOperation(msgspec.Struct, frozen=True):
    """An operation named in text: where its words stand and the MeSH descriptors they name
    (two when the note writes two names of one operation: "Billroth II partial gastrectomy")."""

    start: int
    end: int
    descriptor_ids: tuple[str, ...]


@functools.cache
def _rules() -> _OperationRules:
    raw = (resources.files("trialfinder") / "data" / "criteria" / "operations.json").read_bytes()
    rules = msgspec.json.decode(raw, type=_OperationRules)
    vocabulary = load_vocabulary()
    unknown = sorted(d for d in rules.curated_terms.values() if vocabulary.concept(d) is None)
    if unknown:
        raise ValueError(f"operations.json names unknown MeSH descriptors {unknown}")
    return rules


@functools.cache
def _curated_terms() -> dict[str, str]:
    """The curated spellings as the vocabulary normalises them ("whipple's" is "whipples")."""
    return {normalize_phrase(term): d for term, d in _rules().curated_terms.items()}


@functools.cache
def _curated_pattern() -> re.Pattern[str]:
    terms = sorted(_rules().curated_terms, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(t) for t in terms) + r")(?![\w'])", re.I)


def _is_operation(descriptor_id: str, tree_numbers: tuple[str, ...]) -> bool:
    """Filed under an operation branch other than an endoscopic one alone, and under no
    branch that names no operation done (a biopsy, a curettage, an endovascular stent);
    or an operation named by its way in (``approach_operations``: a laparoscopy)."""
    rules = _rules()
    if descriptor_id in rules.approach_operations:
        return True
    return not places_below(tree_numbers, rules.not_operation_trees) and any(
        places_below((n,), rules.operation_trees)
        and n not in rules.operation_trees
        and not places_below((n,), rules.not_alone_operation_trees)
        for n in tree_numbers
    )


def eponymous_operation_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` writes a curated operation name ("Whipple's", "Frey's procedure"): a
    disease the vocabulary reads inside one (Whipple Disease, Frey syndrome) is the
    operation's eponym, not the disease."""
    return [match.span() for match in _curated_pattern().finditer(text)]


# Words that may stand between two names of one operation ("Billroth II partial gastrectomy").
_JOINED = re.compile(r"[ \t]+(?:[A-Za-z-]+[ \t]+)?$")


def named_operations(
    text: str, mentions: Sequence[tuple[Mention, int, int]] | None = None
) -> list[NamedOperation]:
    """The operations ``text`` names, in order; names of one operation written side by side
    ("Billroth II partial gastrectomy") are one, so its date after them is its date.

    ``mentions`` are the vocabulary's mentions of ``text`` when the caller has them already
    (a note sentence is also read for its diseases); found here otherwise."""
    if mentions is None:
        mentions = load_vocabulary().mention_offsets(text)
    found: list[tuple[int, int, str]] = []
    for mention, start, end in mentions:
        reading = mention.readings[0]
        if reading.kind != "spelling" and _is_operation(
            reading.concept.id, reading.concept.tree_numbers
        ):
            found.append((start, end, reading.concept.id))
    for match in _curated_pattern().finditer(text):
        found.append(
            (match.start(), match.end(), _curated_terms()[normalize_phrase(match.group())])
        )
    found.sort()
    merged: list[NamedOperation] = []
    for start, end, descriptor in found:
        last = merged[-1] if merged else None
        if last is not None and (
            start < last.end or _JOINED.fullmatch(" " + text[last.end : start] + " ") is not None
        ):
            ids = last.descriptor_ids + (
                (descriptor,) if descriptor not in last.descriptor_ids else ()
            )
            merged[-1] = NamedOperation(last.start, max(end, last.end), ids)
        else:
            merged.append(NamedOperation(start, end, (descriptor,)))
    return merged


def operation_at_site(
    descriptor_ids: tuple[str, ...], site: str, criterion_text: str, sentence: str = ""
) -> bool:
    """Whether an operation is one of the site a criterion writes before its surgery: the
    longest site phrase of ``site_trees`` ending in ``site`` that the criterion writes
    ("upper gastrointestinal", not "gastrointestinal") names the MeSH branches it covers.
    An operation named by its way in (a laparoscopy) is also of the site whose organ its
    ``sentence`` names (``site_organ_words``: "laparoscopy for a cyst on the right ovary")."""
    rules = _rules()
    organs = rules.site_organ_words.get(site, [])
    if (
        organs
        and set(descriptor_ids) & set(rules.approach_operations)
        and phrase_pattern(organs).search(sentence)
    ):
        return True
    lowered = " ".join(re.findall(r"[\w'-]+", criterion_text.lower()))
    phrases = [
        phrase
        for phrase in _rules().site_trees
        if phrase.split()[-1] == site and re.search(rf"\b{re.escape(phrase)}\b", lowered)
    ]
    if not phrases:
        return False
    branches = tuple(_rules().site_trees[max(phrases, key=len)])
    vocabulary = load_vocabulary()
    for descriptor_id in descriptor_ids:
        concept = vocabulary.concept(descriptor_id)
        if concept is not None and places_below(concept.tree_numbers, branches):
            return True
    return False


@functools.cache
def _exception_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    rules = _rules()
    before = "|".join(
        re.escape(c) for c in sorted(rules.exception_cues_before, key=len, reverse=True)
    )
    after = "|".join(
        re.escape(c) for c in sorted(rules.exception_cues_after, key=len, reverse=True)
    )
    return (
        re.compile(rf"\b(?:{before})\s+(?:(?:an?|the|prior|previous)\s+)?$", re.I),
        re.compile(rf"^\s*(?:\([^()]*\)\s*)?(?:{after})\b", re.I),
    )


@functools.lru_cache(maxsize=4096)
def excepted_operations(criterion_text: str) -> frozenset[str]:
    """The MeSH descriptors of the operations a criterion lets off ("Note: Appendectomy is
    allowed", "except appendectomy"): a note's operation of one of them does not meet it."""
    before, after = _exception_patterns()
    return frozenset(
        descriptor
        for operation in named_operations(criterion_text)
        if before.search(criterion_text[: operation.start])
        or after.match(criterion_text[operation.end :])
        for descriptor in operation.descriptor_ids
    )


@functools.cache
def _anchor_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    rules = _rules()
    before = "|".join(
        re.escape(w) for w in sorted(rules.anchor_words_before, key=len, reverse=True)
    )
    purpose = "|".join(re.escape(w) for w in rules.purpose_words_after)
    return (
        re.compile(rf"\b(?:{before})[ \t-]+(?:[\w'-]+[ \t]+){{0,2}}$", re.I),
        re.compile(rf"\bfor\s+[^.;]{{0,60}}?\b(?:{purpose})\b", re.I),
    )


def asks_of_an_operation_done(criterion_text: str, start: int, end: int) -> bool:
    """Whether a criterion's surgery at ``[start, end)`` asks whether one was done, rather
    than naming it as the time of something else ("therapy prior to surgery", "within 6
    weeks of surgery") or for a purpose ("... for weight/fat reducing purposes")."""
    anchor, purpose = _anchor_patterns()
    return not (anchor.search(criterion_text[:start]) or purpose.search(criterion_text, end))


@functools.cache
def _own_operation_pattern() -> re.Pattern[str]:
    cues = sorted(_rules().own_operation_cues, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(c) for c in cues) + r")\b", re.I)


@functools.lru_cache(maxsize=4096)
def trials_own_operation(criterion_text: str) -> str | None:
    """The words naming the trial's own operation in a criterion ("within 180 days of the
    initial resection": "initial resection"), or None. That operation is the one done for
    the disease the trial studies, so a note's operation on another organ does not meet it."""
    found = _own_operation_pattern().search(criterion_text)
    return None if found is None else found.group()
