"""Measurable disease (RECIST 1.1), as a criterion asks it and as a note states it.

"Measurable disease according to RECIST v1.1", "At least 1 measurable lesion": RECIST 1.1
calls a tumour lesion measurable when its longest diameter is at least 10 mm on CT (a lymph
node needs 15 mm on its short axis; bone lesions without a soft-tissue part are not
measurable); Lugano's extranodal threshold for lymphoma is the same 10 mm. A note states it by
a lesion's size ("CT: 3.5 cm RUL mass", "target liver lesion 32 mm") in a clause that names a
tumour lesion and nothing that makes the size say less (a node, a bone lesion, a lesion
removed or measured before); it denies it in words ("no measurable disease", "no evidence of
disease"). The words are data (``measurable_*`` in ``criteria/cues.json``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from trialfinder.criteria.lexicon import load_lexicon, phrase_alternation, phrase_pattern

__all__ = [
    "MEASURABLE_MM",
    "asked_measurable",
    "measurable_clause",
    "measurable_framing_words",
    "measurable_lesion_sentence",
    "no_measurable_sentence",
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


@functools.cache
def _patterns() -> _Patterns:
    return _Patterns()


def asked_measurable(text: str) -> list[tuple[int, int]]:
    """The spans of the measurable disease a criterion asks and of the sentences that only
    restate what RECIST measures ("Bone-only disease is not permitted"); none when it names
    no measurable disease."""
    patterns = _patterns()
    found = patterns.criterion.search(text)
    if found is None:
        return []
    return [found.span(), *(m.span() for m in patterns.restating.finditer(text))]


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
