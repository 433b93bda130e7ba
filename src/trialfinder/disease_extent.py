"""How far a cancer has spread, as a note and a trial's title state it: early, locally
advanced or metastatic.

Among the trials for one cancer, the stage decides which is the patient's: a note's
"clinical stage I" endometrial cancer does not belong in a trial for "advanced
endometrial cancer", and a "stage IV" lung cancer not in a neoadjuvant one, although
the titles share the disease's words. The cues are data (``data/disease_extent.json``);
a note's cue negated in its clause ("no brain mets") says nothing.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Literal

import msgspec

__all__ = ["Extent", "note_extents", "title_extents"]

Extent = Literal["early", "locally_advanced", "metastatic"]
# A negation before a cue in its clause: "no brain mets", "without metastases".
_NEGATED = re.compile(r"\b(?:no|not|never|without|negative for|free of|n't)\b[^,;.:()]*$")
_FURTHEST: tuple[Extent, ...] = ("metastatic", "locally_advanced", "early")


class ExtentRules(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``data/disease_extent.json``: cue phrases by kind and the extents each kind leaves."""

    version: str
    description: str
    note_cues: dict[str, list[str]]
    title_cues: dict[str, list[str]]
    extents_of: dict[str, list[Extent]]


class _Cues(msgspec.Struct, frozen=True):
    kind_of: dict[str, str]
    pattern: re.Pattern[str]


@functools.cache
def _rules() -> ExtentRules:
    """The rules, validated: every cue kind names its extents."""
    data = (resources.files("trialfinder") / "data" / "disease_extent.json").read_bytes()
    rules = msgspec.json.decode(data, type=ExtentRules)
    unknown = sorted({*rules.note_cues, *rules.title_cues} - rules.extents_of.keys())
    if unknown:
        raise ValueError(f"disease_extent.json: cue kinds without extents {unknown}")
    return rules


@functools.cache
def _cues(side: Literal["note", "title"]) -> _Cues:
    rules = _rules()
    cues = rules.note_cues if side == "note" else rules.title_cues
    kind_of = {phrase: kind for kind, phrases in cues.items() for phrase in phrases}
    alternation = "|".join(re.escape(p) for p in sorted(kind_of, key=len, reverse=True))
    return _Cues(kind_of, re.compile(rf"(?<![a-z0-9])(?:{alternation})(?![a-z0-9])"))


def _found_kinds(text: str, side: Literal["note", "title"]) -> list[str]:
    cues = _cues(side)
    lowered = text.lower()
    return [
        cues.kind_of[found.group()]
        for found in cues.pattern.finditer(lowered)
        # A title's "with or without cetuximab" negates nothing.
        if side == "title" or _NEGATED.search(lowered, 0, found.start()) is None
    ]


def note_extents(text: str) -> frozenset[Extent]:
    """The extents a note leaves possible for the patient's cancer (empty: it does not say).

    What all the note's cues leave possible ("cT3N2b M0, stage III": locally advanced);
    when they disagree, the furthest stated ("early-stage … now metastatic").
    """
    extents_of = _rules().extents_of
    kinds = _found_kinds(text, "note")
    if not kinds:
        return frozenset()
    possible = frozenset[Extent](_FURTHEST)
    for kind in kinds:
        possible &= frozenset(extents_of[kind])
    if possible:
        return possible
    stated = {extent for kind in kinds for extent in extents_of[kind]}
    return frozenset({next(extent for extent in _FURTHEST if extent in stated)})


def title_extents(text: str) -> frozenset[Extent]:
    """The extents a trial's title or conditions admit (empty: any)."""
    extents_of = _rules().extents_of
    return frozenset(extent for kind in _found_kinds(text, "title") for extent in extents_of[kind])
