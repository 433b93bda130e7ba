"""Measurable disease (RECIST 1.1), as a criterion asks it and as a note states it.

"Measurable disease according to RECIST v1.1", "At least 1 measurable lesion": RECIST 1.1
calls a tumour lesion measurable when its longest diameter is at least 10 mm on CT (a lymph
node needs 15 mm on its short axis; bone lesions without a soft-tissue part are not
measurable); Lugano's extranodal threshold for lymphoma is the same 10 mm. A note states it by
a lesion's size ("CT: 3.5 cm RUL mass", "target liver lesion 32 mm") in a clause that names a
tumour lesion and nothing that makes the size say less (a node, a bone lesion, a lesion
removed or measured before); it denies it in words ("no measurable disease", "no evidence of
disease"). A note also states it in words ("CT: measurable liver lesions", "two lumps in
the liver they measure each time"). A criterion that also takes disease RECIST cannot
measure ("evaluable or measurable disease", "measurable disease or non-measurable bone only
disease") asks evaluable disease: any tumour lesion the note names now ("bone mets") has it.
A note whose every tumour lesion RECIST cannot measure ("lytic bone metastases, no soft
tissue component, and brain metastases, largest 6 mm") has no measurable disease.
The words are data (``measurable_*`` and ``evaluable_*`` in ``criteria/cues.json``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from trialfinder.criteria.lexicon import load_lexicon, phrase_alternation, phrase_pattern

__all__ = [
    "MEASURABLE_MM",
    "asked_measurable",
    "asks_evaluable",
    "evaluable_lesion_sentence",
    "measurable_clause",
    "measurable_framing_words",
    "measurable_lesion_sentence",
    "measurable_stated_sentence",
    "no_measurable_sentence",
    "nonmeasurable_only_sentence",
]

# RECIST 1.1's least longest diameter of a measurable non-nodal lesion, in mm.
MEASURABLE_MM = 10.0

# A clause ends at these: the words around a size are those of its clause.
_CLAUSE_END = re.compile(r"[;:,()\n]|\.(?!\d)")
# A clause giving the largest of the lesions the clause before it names.
_LARGEST_OPENS = re.compile(r"\s*(?:the\s+)?(?:largest|biggest|dominant)\b", re.IGNORECASE)


class _Patterns:
    def __init__(self) -> None:
        cues = load_lexicon().cues
        self.criterion = phrase_pattern(cues.measurable_criterion_phrases)
        self.framing = frozenset(cues.measurable_framing_words)
        self.lesion = phrase_pattern(cues.measurable_lesion_words)
        self.excluded = phrase_pattern(cues.measurable_lesion_exclusion_words)
        self.denial = phrase_pattern(cues.no_measurable_disease_phrases)
        self.restating = phrase_pattern(cues.measurable_restating_phrases)
        self.removed = phrase_pattern(cues.measurable_removed_sentence_words)
        self.distance = re.compile(
            rf"\s+(?:{phrase_alternation(cues.measurable_distance_words)})\b", re.IGNORECASE
        )
        self.size = re.compile(r"(?<![\w.])(\d+(?:\.\d+)?)\s*(mm|cm)\b", re.IGNORECASE)
        self.evaluable = phrase_pattern(cues.evaluable_criterion_phrases)
        self.nonmeasurable = phrase_pattern(cues.nonmeasurable_criterion_words)
        self.stated = phrase_pattern(cues.measurable_stated_words)
        self.stated_denied = phrase_pattern(cues.measurable_stated_negations)
        self.disease = phrase_pattern([*cues.measurable_lesion_words, "disease"])
        self.evaluable_excluded = phrase_pattern(cues.evaluable_lesion_exclusion_words)
        self.bone = phrase_pattern(cues.nonmeasurable_bone_words)
        self.bone_only = phrase_pattern(cues.nonmeasurable_bone_phrases)


@functools.cache
def _patterns() -> _Patterns:
    return _Patterns()


def asked_measurable(text: str) -> list[tuple[int, int]]:
    """The spans of the measurable (or evaluable) disease a criterion asks and of the
    sentences that only restate what RECIST measures ("Bone-only disease is not
    permitted"); none when it names no measurable or evaluable disease."""
    patterns = _patterns()
    asked = [m.span() for p in (patterns.criterion, patterns.evaluable) for m in p.finditer(text)]
    if not asked:
        return []
    return [
        *asked,
        *(m.span() for m in patterns.nonmeasurable.finditer(text)),
        *(m.span() for m in patterns.restating.finditer(text)),
    ]


def asks_evaluable(text: str) -> bool:
    """Whether a criterion asking measurable disease also takes disease RECIST cannot
    measure ("evaluable or measurable disease", "or non-measurable bone only disease")."""
    patterns = _patterns()
    return bool(patterns.evaluable.search(text) or patterns.nonmeasurable.search(text))


def measurable_framing_words() -> frozenset[str]:
    """Words that only frame a criterion asking measurable disease ("according to RECIST")."""
    return _patterns().framing


def measurable_clause(evidence: str, size_text: str) -> bool:
    """Whether the clause of ``evidence`` holding the size ``size_text`` names a tumour
    lesion and nothing that makes the size say less than measurable disease now. A clause
    giving the largest of the lesions the clause before it names ("bilateral lung nodules,
    largest 25 mm") is read with that clause."""
    position = evidence.find(size_text)
    patterns = _patterns()
    if (
        position < 0
        or patterns.removed.search(evidence)
        or patterns.distance.match(evidence, position + len(size_text))
    ):
        # An operation or a pathology report gives the size of the disease removed
        # ("mastectomy 2024: 3.5 cm tumour"); a distance word a place ("6 cm from the verge").
        return False
    starts = [m.end() for m in _CLAUSE_END.finditer(evidence, 0, position)]
    if starts and _LARGEST_OPENS.match(evidence, starts[-1]):
        # "bilateral lung nodules, largest 25 mm RLL": the size's clause is the list's.
        starts.pop()
    ends = [m.start() for m in _CLAUSE_END.finditer(evidence, position + len(size_text))]
    clause = evidence[max([0, *starts]) : min([len(evidence), *ends])]
    return patterns.lesion.search(clause) is not None and patterns.excluded.search(clause) is None


def no_measurable_sentence(sentences: Sequence[str]) -> str:
    """The note's sentence denying measurable disease ("no measurable disease"), or ""."""
    denial = _patterns().denial
    return next((s for s in sentences if denial.search(s)), "")


def measurable_lesion_sentence(sentences: Sequence[str]) -> tuple[str, float] | None:
    """The note's first sentence giving a tumour lesion of at least 10 mm in its own words
    ("liver mets (largest 42 mm)", "R adrenal met 3.4 cm", "the biggest lump in my liver
    measures 4 cm") and the size in mm, read by :func:`measurable_clause`; None when no
    sentence does. A sentence naming an operation or a pathology report gives a size of
    the disease removed, and a size followed by a distance word a place ("6 cm from the
    anal verge"): neither is read."""
    for sentence in sentences:
        for size in _patterns().size.finditer(sentence):
            millimetres = float(size.group(1)) * (10.0 if size.group(2).lower() == "cm" else 1.0)
            if millimetres >= MEASURABLE_MM and measurable_clause(sentence, size.group(0)):
                return sentence, millimetres
    return None


def _clauses(sentence: str) -> list[str]:
    """The clauses of a sentence, split where :data:`_CLAUSE_END` ends one; a clause giving
    the largest of the lesions the clause before it names ("three brain metastases, largest
    6 mm") is read with that clause."""
    clauses: list[str] = []
    for clause in _CLAUSE_END.split(sentence):
        if not clause.strip():
            continue
        if clauses and _LARGEST_OPENS.match(clause):
            clauses[-1] = f"{clauses[-1]}, {clause}"
        else:
            clauses.append(clause)
    return clauses


def measurable_stated_sentence(sentences: Sequence[str]) -> str:
    """The note's first sentence stating measurable disease in words, a clause naming a
    tumour lesion or disease and measurability ("CT: measurable liver lesions (RECIST
    1.1)", "two lumps in the liver they measure each time") with no negation, no time
    before now and no size (a size is read by :func:`measurable_lesion_sentence`); ""."""
    patterns = _patterns()
    for sentence in sentences:
        if patterns.removed.search(sentence):
            continue
        for clause in _clauses(sentence):
            if (
                patterns.stated.search(clause)
                and patterns.disease.search(clause)
                and not patterns.stated_denied.search(clause)
                and not patterns.size.search(clause)
                and not patterns.denial.search(clause)
            ):
                return sentence
    return ""


def evaluable_lesion_sentence(sentences: Sequence[str]) -> str:
    """The note's first sentence naming a tumour lesion now ("bone mets spine + pelvis",
    "2 liver mets"), evaluable by RECIST whatever its size: a clause naming one of the
    lesion words and nothing that denies, doubts or dates it; "" when none does."""
    patterns = _patterns()
    for sentence in sentences:
        if patterns.removed.search(sentence) or patterns.denial.search(sentence):
            continue
        for clause in _clauses(sentence):
            if patterns.lesion.search(clause) and not patterns.evaluable_excluded.search(clause):
                return sentence
    return ""


def _lesion_clauses(sentence: str) -> list[str]:
    """The clauses of a note's sentence naming a tumour lesion now (as
    :func:`evaluable_lesion_sentence` reads them)."""
    patterns = _patterns()
    if patterns.removed.search(sentence) or patterns.denial.search(sentence):
        return []
    return [
        clause
        for clause in _clauses(sentence)
        if patterns.lesion.search(clause) and not patterns.evaluable_excluded.search(clause)
    ]


def nonmeasurable_only_sentence(sentences: Sequence[str]) -> str:
    """The sentence of the note's bone disease when the note says RECIST 1.1 cannot measure
    it (a bone lesion in a sentence saying it has no soft-tissue component or is bone-only)
    and every other lesion the note names is under 10 mm ("three brain metastases, largest
    6 mm"); "" when a lesion may be measurable or no bone disease is so described. Sizes
    under 10 mm alone do not settle it: a note may leave its primary tumour unmeasured."""
    patterns = _patterns()
    bone_sentence = ""
    for sentence in sentences:
        for clause in _lesion_clauses(sentence):
            sizes = [
                float(m.group(1)) * (10.0 if m.group(2).lower() == "cm" else 1.0)
                for m in patterns.size.finditer(clause)
            ]
            if patterns.bone.search(clause) and patterns.bone_only.search(sentence):
                bone_sentence = bone_sentence or sentence
            elif not (sizes and max(sizes) < MEASURABLE_MM):
                return ""
    return bone_sentence
