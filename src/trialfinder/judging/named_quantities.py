"""A number on a thing the measurement lexicon does not name, in a criterion and in a note.

"Participant has ≤2 nodules on the face" (NCT01234567), "Presence of at least 8 teeth"
(NCT05706493), "Appendix diameter > 6mm and ≤ 15mm" (NCT05691348), "<20% basophils in the
peripheral blood" (NCT06427811): the lexicon names no such analyte, so nothing of these is
parsed and the judge had left them to the study team, though the note says "1 nodule on the
face", "22 teeth", "appendix 9 mm", "basophils 2%". A criterion that is only bounds on a noun
phrase is read here, and the note's sentences are searched for the same noun phrase with a
number: the same head word (singular or plural, adjective or noun: "palatal" is "palate"),
every naming word of the criterion's phrase, no naming word of the note's own ("3 lung
nodules" is not "nodules on the face"), and a unit of the same dimension (pint). A count is a
bare number before the thing ("22 teeth"); a measure is a number with a unit before or after
it ("appendix 9 mm", "2% basophils"). A thing's site ("on the face") may go unstated in the
note, but a distance's landmark ("≥ 5 cm below the left costal margin") must be the note's.
A note that gives no such number, an estimate ("about 53"), or numbers that disagree leaves
the criterion unknown. The words are data (``data/named_quantities.json``).
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable
from importlib import resources
from typing import NamedTuple

import msgspec

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import Criterion
from trialfinder.criteria.numbers import decimal_value
from trialfinder.criteria.units import (
    conversion,
    convert,
    format_quantity,
    get_unit_reader,
    unit_normalised,
)
from trialfinder.judging.findings import Outcome
from trialfinder.judging.unread_concepts import note_sentences
from trialfinder.patient import PatientFacts

__all__ = ["Bound", "NamedQuantity", "asked_quantity", "named_quantity_status"]


class _Words(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    description: str
    lead_ins: tuple[str, ...]
    extra_comparators: dict[str, tuple[str, ...]]
    descriptive_words: tuple[str, ...]
    omissible_dimensions: tuple[str, ...]
    irregular_plurals: dict[str, str]
    note_links: tuple[str, ...]
    site_prepositions: tuple[str, ...]
    approximations: tuple[str, ...]
    not_naming: tuple[str, ...]


@functools.cache
def _words() -> _Words:
    path = resources.files("trialfinder") / "data" / "named_quantities.json"
    return msgspec.json.decode(path.read_bytes(), type=_Words)


_OPERATORS: dict[str, Callable[[float, float], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
}
_SAID = {"<": "less than", "<=": "at most", ">": "more than", ">=": "at least"}


class Bound(NamedTuple):
    """One side of what a criterion asks: ``comparator`` ("<", "<=", ">", ">=") ``value``."""

    comparator: str
    value: float

    def holds(self, value: float) -> bool:
        return _OPERATORS[self.comparator](value, self.value)


class NamedQuantity(NamedTuple):
    """A criterion's bounds on a noun phrase: its head word and naming words (normalised),
    the unit (None: a count), where it is (``site``) and whether that is a distance's
    landmark, which a note must state."""

    head: str
    naming: tuple[str, ...]
    unit: str | None
    bounds: tuple[Bound, ...]
    site: tuple[str, ...]
    landmark: bool


_NUMBER = r"(?<![\w.,])(\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:[.,]\d+)?)(?![\d])"
_WORD = re.compile(r"[a-z][a-z'-]*|%|[<>=≤≥~]+")
_ARTICLES = frozenset({"a", "an", "the"})


def _normal(word: str) -> str:
    """A word's key: singular, and an adjective's "-al" or a noun's "-e" set aside
    ("palatal" and "palate" are "palat"; "nodules" is "nodul")."""
    word = word.lower()
    word = _words().irregular_plurals.get(word, word)
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        word = word[:-1]
    for ending in ("al", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


@functools.cache
def _comparators() -> tuple[re.Pattern[str], dict[str, str]]:
    """A comparator of order (``cues.json``'s, and this module's extra spellings), and the
    comparator each spelling writes."""
    spellings: dict[str, str] = {}
    tables = (load_lexicon().cues.comparators, _words().extra_comparators)
    for table in tables:
        for comparator, phrases in table.items():
            if comparator in _OPERATORS:
                spellings.update({phrase.lower(): comparator for phrase in phrases})
    alternation = "|".join(re.escape(p) for p in sorted(spellings, key=len, reverse=True))
    return re.compile(rf"\s*(?<![\w])(?:{alternation})(?![a-z])"), spellings


def _read_number(text: str, position: int) -> tuple[float, str | None, int] | None:
    """The number (and its unit, None when none) at ``text[position:]`` after spaces."""
    match = re.compile(r"\s*" + _NUMBER).match(text, position)
    if match is None:
        return None
    value = decimal_value(match.group(1))
    unit = get_unit_reader().read(text, match.end())
    if unit is None:
        return value, None, match.end()
    return value, unit[0], unit[1]


def _read_bound(text: str, position: int) -> tuple[Bound, str | None, int] | None:
    """A comparator then a number (and unit) at ``text[position:]`` after spaces."""
    pattern, spellings = _comparators()
    comparator = pattern.match(text, position)
    if comparator is None:
        return None
    read = _read_number(text, comparator.end())
    if read is None:
        return None
    value, unit, end = read
    return Bound(spellings[comparator.group().strip()], value), unit, end


_RANGE_OPENING = re.compile(r"\s*(?:(?:ranging\s+)?from|between)\s")
_RANGE_JOINER = re.compile(r"\s*(?:to|and|-)\s*")


def _read_bounds(text: str, position: int) -> tuple[tuple[Bound, ...], str | None, int] | None:
    """One bound, two joined by "and" ("≥10 and ≤40"), or a range ("from 1cm to 4cm",
    "between 1 and 4 cm"), each bound's unit the same."""
    ranged = _RANGE_OPENING.match(text, position)
    if ranged is not None:  # "ranging from 1cm to 4cm", "between 1 and 4 cm"
        low = _read_number(text, ranged.end())
        joiner = _RANGE_JOINER.match(text, low[2]) if low is not None else None
        high = _read_number(text, joiner.end()) if joiner is not None else None
        if low is None or high is None or low[1] not in (None, high[1]):
            return None
        return (Bound(">=", low[0]), Bound("<=", high[0])), high[1], high[2]
    first = _read_bound(text, position)
    if first is None:
        return None
    bound, unit, end = first
    joined = re.compile(r"\s+and\s+").match(text, end)
    if joined is not None:
        second = _read_bound(text, joined.end())
        if second is not None and second[1] in (unit, None):
            return (bound, second[0]), unit, second[2]
    return (bound,), unit, end


def _phrase(text: str) -> tuple[str, tuple[str, ...]] | None:
    """A noun phrase's head and naming words (normalised), or None when it is no phrase
    ("teeth, including implants", "Lower - mid rectum starting" are more than one)."""
    text = text.strip().rstrip(":")
    if re.search(r"\s-\s|[,;()/:\[\]]", text):
        return None
    words = _WORD.findall(text)
    if words and words[-1] in _words().note_links:
        words = words[:-1]
    kept = [w for w in words if w not in _ARTICLES]
    if set(kept) & set(_words().not_naming):
        return None
    if not 1 <= len(kept) <= 4 or not all(re.fullmatch(r"[a-z][a-z-]*", w) for w in kept):
        return None
    descriptive = set(_words().descriptive_words)
    naming = tuple(_normal(w) for w in kept[:-1] if w not in descriptive)
    return _normal(kept[-1]), naming


def _site(text: str) -> tuple[str, ...] | None:
    """A site phrase's content words ("on the face": ("face",)); () for none; None when the
    text is more than a site ("to engage the immediately placed implants")."""
    words = _WORD.findall(text)
    if not words:
        return ()
    if words[0] not in _words().site_prepositions or len(words) > 6:
        return None
    content = tuple(_normal(w) for w in words[1:] if w not in _ARTICLES)
    return content if content and not re.search(r"[,;(]", text) else None


@functools.lru_cache(maxsize=4096)
def asked_quantity(text: str) -> NamedQuantity | None:
    """The bounds a criterion that is only bounds on a named thing asks, or None."""
    norm = unit_normalised(text).lower().replace("&#xd;", " ").strip().rstrip(".;:#, ")
    while (lead := _lead_in().match(norm)) is not None:
        norm = norm[lead.end() :]
    bounds = _read_bounds(norm, 0)
    if bounds is not None:  # "≤2 nodules on the face": the bounds, then the thing
        asked, unit, end = bounds
        tail = norm[end:]
        opening = _site_opening().search(tail)
        cut = opening.start() if opening is not None else len(tail)
        read = _phrase(tail[:cut])
        site = _site(tail[cut:])
        measured_from = False
    else:  # "Appendix diameter > 6mm and ≤ 15mm": the thing, then the bounds
        found = next(
            (
                (space.start(), read_bounds)
                for space in re.finditer(r"\s", norm)
                if (read_bounds := _read_bounds(norm, space.start())) is not None
            ),
            None,
        )
        if found is None:
            return None
        start, (asked, unit, end) = found
        read = _phrase(norm[:start])
        site = _site(re.sub(r"^\s*in size\b", "", norm[end:]))
        # A place written after a measure is where it is measured from ("measuring >= 5 cm
        # below the left costal margin"): the note must state the same.
        measured_from = unit is not None and bool(site)
    if read is None or site is None or not _a_thing_measured(unit):
        return None
    head, naming = read
    return NamedQuantity(head, naming, unit, asked, site, measured_from)


@functools.cache
def _lead_in() -> re.Pattern[str]:
    return re.compile(r"(?:" + "|".join(re.escape(p) for p in _words().lead_ins) + r")\s+")


@functools.cache
def _site_opening() -> re.Pattern[str]:
    return re.compile(r"\s(?:" + "|".join(_words().site_prepositions) + r")\s")


def _a_thing_measured(unit: str | None) -> bool:
    """Whether ``unit`` measures a thing: a time is a window or a duration ("within 3
    months", "for at least 3 weeks") and a multiple of the upper limit of normal needs the
    laboratory's limit, both read elsewhere."""
    return unit is None or ("ULN" not in unit and conversion(unit, "day", None) is None)


class _Noted(NamedTuple):
    value: float
    unit: str | None
    sentence: str
    written: str


def _estimate_before(norm: str, start: int) -> bool:
    """Whether an approximation or a comparator stands right before ``norm[start:]``."""
    before = norm[max(0, start - 16) : start].rstrip()
    return any(
        before.endswith(word) and (len(before) == len(word) or not before[-len(word) - 1].isalnum())
        for word in _words().approximations
    )


def _noted(sentence: str, asked: NamedQuantity) -> list[_Noted]:
    """Every number the sentence gives for the asked thing."""
    norm = unit_normalised(sentence).lower()
    words = list(re.finditer(r"[a-z][a-z'-]*", norm))
    found: list[_Noted] = []
    naming = set(asked.naming)
    dimension_omissible = asked.head in {_normal(w) for w in _words().omissible_dimensions}
    for index, word in enumerate(words):
        key = _normal(word.group())
        if key == asked.head:
            needed = naming
        elif dimension_omissible and asked.naming and key == asked.naming[-1]:
            needed = set(asked.naming[:-1])  # "appendix 9 mm" for "appendix diameter"
        else:
            continue
        before = _number_before(norm, words, index, asked, needed)
        if before is not None:  # "22 teeth": as the note writes it
            value, unit, start = before
            end = word.end()
            written = sentence[start:end]
        else:  # "The appendix is 17 mm": the thing, then its number
            after = _number_after(norm, words, index, asked, needed)
            if after is None:
                continue
            value, unit, start, end = after
            written = f"{sentence[start : word.end()]} {format_quantity(value, unit)}"
        if not _site_differs(norm[end:], asked):
            found.append(_Noted(value, unit, sentence, written))
    return found


def _number_before(
    norm: str, words: list[re.Match[str]], index: int, asked: NamedQuantity, needed: set[str]
) -> tuple[float, str | None, int] | None:
    """ "22 teeth", "1 nodule", "three nodules", "2% basophils": a number (and unit), the
    naming words, the head, and nothing else between."""
    lead = index
    while lead > 0 and _normal(words[lead - 1].group()) in needed | set(_words().descriptive_words):
        lead -= 1
    between = {_normal(w.group()) for w in words[lead:index]}
    if not needed <= between:
        return None
    gap_end = words[lead].start()
    spelled = _spelled_count(norm, words, lead) if asked.unit is None else None
    if spelled is not None:
        return spelled
    number = re.search(_NUMBER + r"\s*(\S*?)\s*$", norm[:gap_end])
    if number is None or _estimate_before(norm, number.start()):
        return None
    read = _read_number(norm, number.start())
    if read is None:
        return None
    value, unit, unit_end = read
    if norm[unit_end:gap_end].strip() or not _same_dimension(unit, asked.unit):
        return None
    return value, unit, number.start()


def _spelled_count(
    norm: str, words: list[re.Match[str]], lead: int
) -> tuple[float, None, int] | None:
    """A count written in a word right before the thing ("three nodules"; ``cues.json``'s
    number words)."""
    if lead == 0:
        return None
    word = words[lead - 1]
    count = load_lexicon().cues.number_words.get(word.group())
    if count is None or norm[word.end() : words[lead].start()].strip():
        return None
    return None if _estimate_before(norm, word.start()) else (float(count), None, word.start())


def _number_after(
    norm: str, words: list[re.Match[str]], index: int, asked: NamedQuantity, needed: set[str]
) -> tuple[float, str | None, int, int] | None:
    """ "appendix 9 mm", "The appendix is 17 mm", "basophils 2%": the head, the naming words
    right before it, up to two linking words, then a number with a unit (a count is never
    written after its thing: "tooth 36" names a tooth)."""
    if asked.unit is None:
        return None
    before = {_normal(w.group()) for w in words[max(0, index - 3) : index]}
    if not needed <= before:
        return None
    link = _note_link().match(norm, words[index].end())
    position = link.end() if link else words[index].end()
    position += len(norm[position:]) - len(norm[position:].lstrip(" :="))
    if _estimate_before(norm, position):
        return None
    read = _read_number(norm, position)
    if read is None or not _same_dimension(read[1], asked.unit):
        return None
    value, unit, end = read
    return value, unit, words[index - len(needed)].start(), end


@functools.cache
def _note_link() -> re.Pattern[str]:
    """Up to two words between a thing and its number ("is", "measuring", "still")."""
    links = "|".join(re.escape(w) for w in _words().note_links)
    return re.compile(rf"(?:\s*[:=]?\s*(?:{links})(?![\w])){{0,2}}")


def _same_dimension(noted: str | None, asked: str | None) -> bool:
    if noted is None or asked is None:
        return noted is None and asked is None
    return noted == asked or conversion(noted, asked, None) is not None


def _site_differs(after: str, asked: NamedQuantity) -> bool:
    """Whether the note places its number somewhere the criterion does not: a landmark it
    does not state, or a site of other words ("3 nodules on the back" for "on the face")."""
    words = _WORD.findall(after)[:7]
    if words and words[0] in _words().site_prepositions:
        noted = {_normal(w) for w in words[1:] if w not in _ARTICLES}
        return not set(asked.site) <= noted
    return asked.landmark


def _in_unit(noted: _Noted, unit: str | None) -> float | None:
    if noted.unit is None or unit is None:
        return noted.value
    return convert(noted.value, noted.unit, unit)


def _asked_words(asked: NamedQuantity) -> str:
    return " and ".join(
        f"{_SAID[bound.comparator]} {format_quantity(bound.value, asked.unit)}"
        for bound in asked.bounds
    )


def named_quantity_status(criterion: Criterion, patient: PatientFacts) -> Outcome | None:
    """Met or not met when the criterion is only bounds on a named thing and the note gives
    that thing's number, the same by every sentence that gives it; None otherwise."""
    asked = asked_quantity(criterion.text)
    if asked is None:
        return None
    noted = [n for s in note_sentences(patient) if s for n in _noted(s, asked)]
    values = {_in_unit(n, asked.unit) for n in noted}
    if not noted or None in values:
        return None
    truths = {all(bound.holds(v) for bound in asked.bounds) for v in values if v is not None}
    if len(truths) != 1:
        return None
    met = truths.pop()
    first = noted[0]
    said = "meets" if met else "does not meet"
    reason = f"the note gives {first.written}, which {said} the criterion's {_asked_words(asked)}"
    return ("met" if met else "not_met", first.sentence, reason)
