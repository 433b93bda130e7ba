"""Whether a criterion asks a treatment to have failed, and whether a note says it did.

"Refractory to an anti-CD38 antibody", "progression during treatment or within 60 days of
the last dose of a proteasome inhibitor": IMWG calls a myeloma refractory to a drug when it
progressed on it or within 60 days of its last dose, and solid-tumour criteria ask the same
("progressed on a platinum-based regimen"). Having had the drug does not say it: a note
that names daratumumab without saying the disease progressed on it leaves such a criterion
to the study team. The cues are data (``refractory_*`` in ``criteria/cues.json``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from trialfinder.criteria.lexicon import load_lexicon, phrase_alternation

__all__ = ["asks_refractory", "states_refractory"]

# A clause ends at these; a cue in an earlier clause says nothing of the mention.
_CLAUSE_END = re.compile(r"[;.:\n]|\bexcept\b|\bunless\b", re.IGNORECASE)
# The most words between a cue and the treatment it asks of ("refractory to both a
# proteasome inhibitor and an immunomodulatory drug").
_CUE_REACH = 80


class _Patterns:
    def __init__(self) -> None:
        cues = load_lexicon().cues
        exceptions = phrase_alternation(cues.refractory_cue_exceptions)
        self.criterion = re.compile(
            rf"(?<![\w-])(?:{phrase_alternation(cues.refractory_cues)})(?![\w-])"
            rf"(?!\s+(?:{exceptions})(?![\w-]))",
            re.IGNORECASE,
        )
        self.note = re.compile(
            rf"(?<![\w-])(?:{phrase_alternation(cues.note_refractory_cues)})(?![\w-])",
            re.IGNORECASE,
        )
        self.after = re.compile(
            rf"[\s-]*(?:{phrase_alternation(cues.note_refractory_after_words)})(?![\w-])",
            re.IGNORECASE,
        )


@functools.cache
def _patterns() -> _Patterns:
    return _Patterns()


def _clause_before(text: str, end: int) -> str:
    """The text from the start of the clause holding ``end`` up to ``end``."""
    starts = [found.end() for found in _CLAUSE_END.finditer(text, 0, end)]
    return text[max([0, *starts, end - _CUE_REACH]) : end]


def asks_refractory(criterion_text: str, mention_text: str) -> bool:
    """Whether the criterion asks the disease to have progressed on the treatment it names
    as ``mention_text`` (a refractory cue before it in its clause)."""
    position = criterion_text.lower().find(mention_text.lower())
    if position < 0:
        return False
    return _patterns().criterion.search(_clause_before(criterion_text, position)) is not None


def states_refractory(evidence: str, names: Iterable[str]) -> bool:
    """Whether the note's sentence says the disease progressed on (or is refractory to) the
    drug it names by one of ``names``: a cue before the name in its clause, or
    "refractory" right after it ("daratumumab-refractory")."""
    patterns = _patterns()
    for name in names:
        pattern = rf"(?<![\w-]){re.escape(name)}(?![\w])"
        for found in re.finditer(pattern, evidence, re.IGNORECASE):
            if patterns.note.search(_clause_before(evidence, found.start())):
                return True
            if patterns.after.match(evidence, found.end()):
                return True
    return False
