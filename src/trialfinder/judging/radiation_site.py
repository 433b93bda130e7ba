"""The body region a radiotherapy criterion names, and the regions a note places its
radiotherapy in.

"Patients treated with pelvic radiation previously", "No previous irradiation to the pelvis":
the region is the criterion's point. Radiotherapy the note gives to the breast or the
mediastinum does not meet it, and radiotherapy the note names without a region (or the
cancer it treated) leaves it to the study team. One table serves both sides; the regions and
their words are data (``data/criteria/radiation_sites.json``).
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import msgspec

from trialfinder.criteria.lexicon import phrase_alternation, phrase_pattern

__all__ = ["asked_region", "noted_regions"]


class _Region(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    criterion_words: tuple[str, ...]
    note_words: tuple[str, ...]


class _Regions(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    description: str
    lead_words: tuple[str, ...]
    regions: dict[str, _Region]


@functools.cache
def _table() -> _Regions:
    path = resources.files("trialfinder") / "data" / "criteria" / "radiation_sites.json"
    return msgspec.json.decode(path.read_bytes(), type=_Regions)


def _regions() -> dict[str, _Region]:
    return _table().regions


@functools.cache
def _lead() -> re.Pattern[str]:
    """The verb right before a region's words ("treated with pelvic radiation")."""
    return re.compile(
        rf"(?<![\w-])(?:{phrase_alternation(_table().lead_words)})\s+$", re.IGNORECASE
    )


@functools.cache
def _asked_patterns() -> tuple[tuple[str, re.Pattern[str], re.Pattern[str]], ...]:
    """Per region: its words up to two words before the mention ("prior pelvic"), and
    after it ("to the pelvis", "of the whole brain")."""
    patterns = []
    for name, region in _regions().items():
        words = phrase_alternation(region.criterion_words)
        before = re.compile(rf"(?<![\w-])(?:{words})(?:\s+[\w-]+){{0,2}}?\s*$", re.IGNORECASE)
        after = re.compile(
            rf"\s+(?:to|of|at|involving|including)\s+(?:the\s+)?(?:{words})(?![\w-])",
            re.IGNORECASE,
        )
        patterns.append((name, before, after))
    return tuple(patterns)


@functools.cache
def _noted_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((name, phrase_pattern(r.note_words)) for name, r in _regions().items())


def asked_region(criterion_text: str, start: int, end: int) -> tuple[frozenset[str], int, int]:
    """The regions a criterion writes around its radiotherapy mention at ``start``–``end``
    ("pelvic radiation", "irradiation to the pelvis", "prior pelvic or abdominal
    radiotherapy"), empty when it names none, and where the words naming them and the
    mention start and end."""
    regions = set()
    first, last = start, end
    for name, before, after in _asked_patterns():
        found_before = before.search(criterion_text, 0, start)
        found_after = after.match(criterion_text[end:])
        if found_before is not None:
            regions.add(name)
            first = min(first, found_before.start())
        if found_after is not None:
            regions.add(name)
            last = max(last, end + found_after.end())
    lead = _lead().search(criterion_text, 0, first) if first < start else None
    return frozenset(regions), first if lead is None else lead.start(), last


def noted_regions(sentence: str) -> frozenset[str]:
    """Every region a note's sentence places its radiotherapy in, by the region's words or
    the organs treated there ("breast radiotherapy", "mediastinal radiotherapy", "pelvic
    radiotherapy for rectal cancer"); empty when it names none."""
    return frozenset(name for name, pattern in _noted_patterns() if pattern.search(sentence))
