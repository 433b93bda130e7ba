"""The WHO clinical stage of HIV disease a criterion asks, against the stage a note states.

"Stadium III and IV" in an HIV trial, "WHO clinical stage 3 or 4": the WHO staging of HIV
(2007 revision) gives stages 1 to 4, and a person's stage is that of the most advanced
condition they have had, never going back, so the highest stage a note states ("WHO stage 4
at diagnosis") is the patient's today. The words are data (``hiv_stage`` in
``data/criteria/disease_state.json``, source in ``docs/criteria.md``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import msgspec

from trialfinder.criteria.lexicon import phrase_alternation
from trialfinder.disease_state_rules import disease_state_rules

__all__ = ["asked_hiv_stages", "hiv_stage_infection", "noted_hiv_stage"]

_NUMERALS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4}
_STAGE = r"(?:iv|iii|ii|i|[1-4])"


class _Patterns(msgspec.Struct, frozen=True):
    infection: str
    criterion: re.Pattern[str]
    note: re.Pattern[str]


@functools.cache
def _patterns() -> _Patterns:
    rules = disease_state_rules().hiv_stage
    joined = rf"{_STAGE}(?:\s*(?:,|/|and|or|-|to)\s*{_STAGE})*"
    # The whole criterion is the stage list: "Stadium I, II", "WHO clinical stage 3 or 4".
    criterion = re.compile(
        rf"^\s*(?:{phrase_alternation(rules.stage_words)})\s+({joined})\s*\.?\s*$", re.IGNORECASE
    )
    note = re.compile(
        rf"(?<![\w-])(?:{phrase_alternation(rules.note_words)})\s+({_STAGE})(?![\w-])",
        re.IGNORECASE,
    )
    return _Patterns(rules.infection, criterion, note)


def hiv_stage_infection() -> str:
    """The concept whose stage this is (HIV)."""
    return _patterns().infection


def asked_hiv_stages(criterion_text: str) -> frozenset[int]:
    """The WHO stages a criterion made of a stage list asks ("III and IV": {3, 4}; "1-3":
    {1, 2, 3}); none when the criterion is more than the list."""
    found = _patterns().criterion.match(criterion_text)
    if found is None:
        return frozenset()
    parts = re.split(r"\s*(,|/|and|or|-|to)\s*", found.group(1).lower())
    stages: set[int] = set()
    previous: int | None = None
    ranged = False
    for part in parts:
        if part in ("-", "to"):
            ranged = True
            continue
        if part in (",", "/", "and", "or"):
            continue
        value = _NUMERALS[part]
        if ranged and previous is not None:
            stages.update(range(previous, value + 1))
        stages.add(value)
        previous, ranged = value, False
    return frozenset(stages)


def noted_hiv_stage(note_sentences: Sequence[str]) -> tuple[int, str] | None:
    """The highest WHO stage the note states and its sentence, or None."""
    best: tuple[int, str] | None = None
    for sentence in note_sentences:
        for found in _patterns().note.finditer(sentence):
            value = _NUMERALS[found.group(1).lower()]
            if best is None or value > best[0]:
                best = (value, sentence)
    return best
