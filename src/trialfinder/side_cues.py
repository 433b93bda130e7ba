"""Cue phrases read the same way on a patient's note and on a trial's title.

Several readers of the ranking (how far a cancer has spread, the line of treatment and
the place of surgery) compare what a note says of the patient with what a title says of
its population, by cue phrases kept as data. They share one way of finding the cues:
whole words, longest phrase first, and on a note a cue negated earlier in its clause
("no brain mets", "no progression") says nothing; a title's "with or without" negates
nothing. One finder keeps the two sides read alike across those readers.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from importlib import resources
from typing import Generic, Literal, TypeVar

import msgspec

from trialfinder.phrases import phrase_alternation

__all__ = ["CuePhrases", "Side", "SideCueRules", "SideReader", "negated_before"]

Side = Literal["note", "title"]
# A negation before a cue in its clause: "no brain mets", "without relapse".
_NEGATED = re.compile(r"\b(?:no|not|never|without|negative for|free of|n't)\b[^,;.:()]*$")


def negated_before(lowered: str, start: int) -> bool:
    """Whether a negation earlier in its clause reaches the cue at ``start`` of a note's
    lower-cased text ("no brain mets", "it hasn't spread to the liver")."""
    return _NEGATED.search(lowered, 0, start) is not None


class SideCueRules(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The part every such data file shares: cue phrases by kind, for notes and for titles."""

    version: str
    description: str
    note_cues: dict[str, list[str]]
    title_cues: dict[str, list[str]]

    def cue_kinds(self) -> set[str]:
        """Every kind a cue of either side names (each reader checks its kinds are known)."""
        return {*self.note_cues, *self.title_cues}


class CuePhrases:
    """The cue phrases of one side, found as whole words, each giving its kind."""

    __slots__ = ("_kind_of", "_pattern")

    def __init__(self, cues: Mapping[str, Sequence[str]]) -> None:
        self._kind_of = {phrase: kind for kind, phrases in cues.items() for phrase in phrases}
        alternation = phrase_alternation(self._kind_of)
        self._pattern = re.compile(rf"(?<![a-z0-9])(?:{alternation})(?![a-z0-9])")

    def kinds(self, text: str, side: Side) -> list[str]:
        """The kinds of the cues ``text`` states, in order (a note's negated cues left out)."""
        lowered = text.lower()
        return [
            self._kind_of[found.group()]
            for found in self._pattern.finditer(lowered)
            if side == "title" or not negated_before(lowered, found.start())
        ]


RulesT = TypeVar("RulesT", bound=SideCueRules)


class SideReader(Generic[RulesT]):
    """One data file's rules, checked, with each side's cue phrases compiled once."""

    __slots__ = ("_phrases", "rules")

    def __init__(
        self,
        file: str,
        rules_type: type[RulesT],
        labels_of: Callable[[RulesT], Mapping[str, object]],
        labels: str,
    ) -> None:
        """Load ``data/<file>``; every cue kind must name its labels (``labels_of``)."""
        data = (resources.files("trialfinder") / "data" / file).read_bytes()
        self.rules = msgspec.json.decode(data, type=rules_type)
        unknown = sorted(self.rules.cue_kinds() - labels_of(self.rules).keys())
        if unknown:
            raise ValueError(f"{file}: cue kinds without {labels} {unknown}")
        self._phrases = {
            "note": CuePhrases(self.rules.note_cues),
            "title": CuePhrases(self.rules.title_cues),
        }

    def kinds(self, text: str, side: Side) -> list[str]:
        """The kinds of the cues ``text`` states on ``side``, in order."""
        return self._phrases[side].kinds(text, side)
