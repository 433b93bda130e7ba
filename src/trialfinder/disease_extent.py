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
from typing import Literal

from trialfinder.side_cues import SideCueRules, SideReader

__all__ = ["Extent", "note_extents", "title_extents"]

Extent = Literal["early", "locally_advanced", "metastatic"]
_FURTHEST: tuple[Extent, ...] = ("metastatic", "locally_advanced", "early")


class ExtentRules(SideCueRules, frozen=True, forbid_unknown_fields=True):
    """``data/disease_extent.json``: cue phrases by kind and the extents each kind leaves."""

    extents_of: dict[str, list[Extent]]


@functools.cache
def _reader() -> SideReader[ExtentRules]:
    """The rules, validated: every cue kind names its extents."""
    return SideReader("disease_extent.json", ExtentRules, lambda rules: rules.extents_of, "extents")


def note_extents(text: str) -> frozenset[Extent]:
    """The extents a note leaves possible for the patient's cancer (empty: it does not say).

    What all the note's cues leave possible ("cT3N2b M0, stage III": locally advanced);
    when they disagree, the furthest stated ("early-stage … now metastatic").
    """
    extents_of = _reader().rules.extents_of
    kinds = _reader().kinds(text, "note")
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
    extents_of = _reader().rules.extents_of
    return frozenset(
        extent for kind in _reader().kinds(text, "title") for extent in extents_of[kind]
    )
