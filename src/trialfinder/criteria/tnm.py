"""TNM categories written on a cancer, read the same way in criteria and notes.

Issue 12: a criterion is met only when the facts entail it. "T1-4N0M0 prostate cancer" does
not take a patient whose cancer is N1, and "cT2N1M0" on a note answers "N0" (no) where a
stage alone could not. One reader gives both sides a :class:`~trialfinder.criteria.model.TnmStage`
(one or more groups, each with its T, N and M values as ranges), so the judge compares
category by category. The words are data (``data/criteria/tnm.json``): the prefixes, each
category's values in order, the sub-letters, the joiners.

A category is its letter after an optional prefix ("cT2", "ypN0", "pTis"), then a value, then
more values after a list or range joiner ("T1-3", "pT1,2", "N0-N2", "M1a/b"), or "any T".
"N+" is N1 to N3. "TX" (cannot be assessed) reads as not given. A group is up to one T, one
N and one M, in that order, glued or spaced ("T1-4N0M0", "cT1-4a, N0-3, M0"); groups a list
joins ("T1-2 N0, T2 N1, or M1") are one TNM, any group of which is enough. A lone category
with no prefix ("T4", "M1") is read only when the cancer it stands beside takes it: the
placement rules are the stage's (:func:`~trialfinder.criteria.disease_stage.attached_index`).

TNM is not mapped to a stage, but for one documented rule (``stage_of_m1``): a distant
metastasis is stage IV for the solid tumours AJCC 8th stages (differentiated thyroid cancer
under 55 the one exception), as the note's metastatic words already are.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from importlib import resources
from typing import Literal, NamedTuple

import msgspec

from trialfinder.criteria.disease_stage import (
    alone_beside,
    attached_index,
    joined_ranges,
    lowered_text,
)
from trialfinder.criteria.intermediate import TnmSpan
from trialfinder.criteria.lexicon import phrase_alternation
from trialfinder.criteria.model import TnmGroup, TnmStage
from trialfinder.criteria.tables import TnmRules

__all__ = [
    "CATEGORIES",
    "TnmRules",
    "TnmSpan",
    "attached_tnm",
    "category_relation",
    "load_tnm_rules",
    "lone_tnm",
    "tnm_spans",
]

Category = Literal["t", "n", "m"]
CATEGORIES: tuple[Category, ...] = ("t", "n", "m")
Relation = Literal["inside", "outside", "overlaps"]
Ranges = tuple[tuple[str, str], ...]


@functools.cache
def load_tnm_rules() -> TnmRules:
    """Load and validate ``data/criteria/tnm.json``: the values name the T, N and M categories."""
    data = resources.files("trialfinder").joinpath("data/criteria/tnm.json").read_bytes()
    rules = msgspec.json.decode(data, type=TnmRules)
    if set(rules.values) != set(CATEGORIES) or set(rules.lettered_values) != set(CATEGORIES):
        raise ValueError("tnm.json: values and lettered_values must name the t, n and m categories")
    return rules


class _Patterns(NamedTuple):
    group: re.Pattern[str]
    category: re.Pattern[str]
    more: re.Pattern[str]
    group_gap: re.Pattern[str]
    any: re.Pattern[str]
    ranges: frozenset[str]


def _value(category: Category) -> str:
    rules = load_tnm_rules()
    subs = phrase_alternation(rules.sub_letters)
    plus = re.escape(rules.positive_nodes) if category == "n" else "(?!)"
    values = phrase_alternation(rules.values[category])
    lettered = phrase_alternation(rules.lettered_values[category]) or "(?!)"
    return rf"(?:x|{lettered}|(?:{values})(?:{subs})?|{plus})"


@functools.cache
def _patterns() -> _Patterns:
    rules = load_tnm_rules()
    prefix = phrase_alternation(rules.prefixes)
    joiners = phrase_alternation([*rules.list_joiners, *rules.range_joiners])
    anys = phrase_alternation(rules.any_words)
    aside = rf"(?:\s*\((?:{phrase_alternation(rules.asides)})\))?"
    end = r"(?![a-z0-9])"

    # A value ends where the next category's letter, a space or a sign begins ("t1-4n0m0"),
    # not inside a word ("T2DM") nor in "T1-weighted".
    stop = rf"(?=(?:{prefix})?[tnm]|[\s,;/()*.-]|$)(?!-?\s*weighted)"

    def category(letter: Category) -> str:
        value = _value(letter)
        first = rf"(?:{prefix})?{letter}{value}{stop}"
        more = rf"(?:\s*(?:{joiners})\s*(?:(?:{prefix})?{letter})?{value}{stop}|[-/][a-d]{end})*"
        return rf"(?:(?:{anys})\s+{letter}{end}|{first}{more}{aside})"

    sep = r"[\s,*]*"  # "cN2-N3**, M0": a footnote's asterisks between categories
    group = re.compile(
        rf"(?<![a-z0-9/.])(?:(?P<t>{category('t')})(?:{sep}(?P<n>{category('n')}))?"
        rf"(?:{sep}(?P<m>{category('m')}))?"
        rf"|(?P<n2>{category('n')})(?:{sep}(?P<m2>{category('m')}))?"
        rf"|(?P<m3>{category('m')}))(?![a-z0-9])"
    )
    return _Patterns(
        group=group,
        category=re.compile(
            rf"(?P<prefix>{prefix})?(?P<letter>[tnm])(?P<value>"
            rf"x|is|[0-4](?:{phrase_alternation(rules.sub_letters)}|d)?|\+)"
        ),
        more=re.compile(
            rf"\s*(?P<joiner>{joiners})\s*(?:(?:{prefix})?[tnm])?"
            rf"(?P<value>x|is|[0-4](?:{phrase_alternation(rules.sub_letters)}|d)?)"
            r"|(?P<subjoiner>[-/])(?P<sub>[a-d])"
        ),
        group_gap=re.compile(rf"\s*(?:{phrase_alternation(rules.group_joiners)})\s*"),
        ranges=frozenset(rules.range_joiners),
        any=re.compile(rf"(?:{anys})\s+[tnm]"),
    )


def _ranges(written: str, letter: Category) -> tuple[Ranges, str]:
    """The values one category's words say ("t1-4a" → (("1", "4a"),)) and the prefix written
    on it; "x" gives no values."""
    patterns = _patterns()
    if patterns.any.match(written):
        values = load_tnm_rules().values[letter]
        return ((values[0], values[-1]),), ""
    head = patterns.category.match(written)
    if head is None:
        return (), ""
    prefix = head.group("prefix") or ""
    value = head.group("value")
    if value == "+":
        return (("1", load_tnm_rules().values["n"][-1]),), prefix
    codes = [value]
    joiners: list[str] = []
    position = head.end()
    for more in patterns.more.finditer(written, position):
        if more.start() != position:
            break
        position = more.end()
        if more.group("sub") is not None:
            codes.append(codes[-1].rstrip("abcd") + more.group("sub"))
            joiners.append(more.group("subjoiner"))
        else:
            codes.append(more.group("value"))
            joiners.append(more.group("joiner"))
    ranges = joined_ranges(codes, joiners, patterns.ranges)
    return tuple(r for r in ranges if "x" not in r), prefix


def _group(match: re.Match[str]) -> TnmGroup:
    found: dict[str, Ranges] = {}
    prefix = ""
    for name, letter in (("t", "t"), ("n", "n"), ("n2", "n"), ("m", "m"), ("m2", "m"), ("m3", "m")):
        words = match.group(name)
        if words is not None:
            found[letter], own = _ranges(words, letter)  # type: ignore[arg-type]
            prefix = prefix or own
    return TnmGroup(prefix, found.get("t", ()), found.get("n", ()), found.get("m", ()))


_CATEGORY_LETTER = re.compile(r"[tnm](?:[0-4x+]|is)")


def tnm_spans(text: str) -> list[TnmSpan]:
    """Every TNM written in ``text`` ("T1-4N0M0", "pT1c pN0 (sn) M0", "any T, N2-3"), with its
    offsets; groups a list joins are one span. The text is read lowercased; the offsets and
    words are the text's own."""
    lowered = lowered_text(text)
    if _CATEGORY_LETTER.search(lowered) is None:
        return []  # most criteria and sentences: no category letter before a value
    patterns = _patterns()
    found: list[TnmSpan] = []
    for match in patterns.group.finditer(lowered):
        group = _group(match)
        if not (group.t or group.n or group.m):
            continue  # "TX" alone: nothing assessed
        start, end = match.start(), match.end()
        last = found[-1] if found else None
        if last is not None and patterns.group_gap.fullmatch(lowered, last.end, start):
            groups = (*last.tnm.groups, group)
            start = last.start
            found.pop()
        else:
            groups = (group,)
        tnm = TnmStage(groups, text[start:end].strip())
        if lowered[start - 1 : start] == "(" and lowered[end : end + 1] == ")":
            start, end = start - 1, end + 1  # "(T1-4N0M0) colorectal cancer": the brackets too
        found.append(TnmSpan(tnm, start, end))
    return found


def attached_tnm(
    text: str, start: int, end: int, spans: Sequence[TnmSpan] | None = None
) -> TnmStage | None:
    """The TNM written on the cancer at ``start:end`` of ``text``, placed as a stage is
    (right before it, maybe past a few words of its name, or right after it)."""
    spans = tnm_spans(text) if spans is None else spans
    if not spans:
        return None
    index = attached_index(text, start, end, [(span.start, span.end) for span in spans])
    return None if index is None else spans[index].tnm


def lone_tnm(text: str) -> TnmStage | None:
    """The TNM a text writes alone, naming no cancer ("Clinical stage T1-T4, N0-N2, M0 at
    diagnosis"): one TNM, and beside it only the words ``alone_words`` of ``stages.json``
    allow, as for a stage alone (:func:`~trialfinder.criteria.disease_stage.lone_stage`).
    None when the text writes no TNM, more than one, or any other word ("M0 after surgery"
    asks more than the TNM)."""
    spans = tnm_spans(text)
    if len(spans) != 1:
        return None
    span = spans[0]
    return span.tnm if alone_beside(text, span.start, span.end) else None


def _key(letter: Category, code: str, *, high: bool) -> tuple[int, str]:
    """A value's place in its category's order: its number, then its sub-letter ("mi" before
    "a"); a range's high end spans every sub-letter of a bare number ("T4" reaches T4d)."""
    values = load_tnm_rules().values[letter]
    main = "is" if code.startswith("is") else code[:1]
    sub = code[len(main) :].replace("mi", "0")
    return values.index(main), sub + "~" if high else sub


def category_relation(letter: Category, patient: Ranges, wanted: Ranges) -> Relation:
    """Whether the patient's values of one category lie inside the criterion's, outside them,
    or overlap them (the note's "T1" against "T1a": neither)."""
    low = min(_key(letter, a, high=False) for a, _ in patient)
    high = max(_key(letter, b, high=True) for _, b in patient)
    for a, b in wanted:
        if _key(letter, a, high=False) <= low and high <= _key(letter, b, high=True):
            return "inside"
    if all(
        high < _key(letter, a, high=False) or low > _key(letter, b, high=True) for a, b in wanted
    ):
        return "outside"
    return "overlaps"
