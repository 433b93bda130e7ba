"""Criterion text -> a count of prior lines (regimens) of therapy.

Oncology and haematology trials choose patients by how far along their treatment they are
("at least 2 prior lines of systemic therapy", "1 to 3 prior lines of antimyeloma therapy",
"no more than 1 prior regimen for metastatic disease", "treatment-naive"). No condition or
treatment mention carries that, and the value parse leaves "lines" and "regimens" as counted
nouns, so this stage reads them into :class:`~trialfinder.criteria.model.PriorLines`.
Every word it reads by is data (``prior_line_*`` in ``cues.json``); the patterns are built
once and bounded, so reading stays linear in the criterion's length.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from trialfinder.criteria.lexicon import (
    filter_words,
    load_lexicon,
    may_hold_a_phrase,
    phrase_alternation,
    phrase_pattern,
    phrase_words,
)
from trialfinder.criteria.model import Comparator, PriorLines

__all__ = ["count_alternation", "count_value", "prior_lines"]

_THERAPY_WORD = r"(?:therap(?:y|ies)|treatments?|chemotherap(?:y|ies))"
_SETTING_END = (
    r"(?=\s*(?:[,;.():\n]|$)|\s+(?:including|which|with|that|and/or|is|are|must|should|at"
    r"|and\s+(?:have|had|be))\b)"
)
_LAST_WORD = re.compile(r"[a-z][\w-]*$", re.IGNORECASE)
_POSTFIX: dict[str, Comparator] = {"or more": ">=", "+": ">=", "or fewer": "<=", "or less": "<="}
_DENIED: dict[Comparator, Comparator] = {">": "<=", ">=": "<", "<": ">=", "<=": ">"}


class _Patterns:
    """The prior-line patterns, built once from ``cues.json``."""

    def __init__(self) -> None:
        cues = load_lexicon().cues
        number = count_alternation()
        self.comparators: dict[str, Comparator] = {
            phrase: comparator  # type: ignore[misc]
            for comparator, phrases in cues.comparators.items()
            if comparator != "="
            for phrase in phrases
        }
        prefix = phrase_alternation(self.comparators)
        nouns = phrase_alternation(cues.prior_line_nouns)
        settings = "|".join(re.escape(w) for w in cues.prior_line_setting_words)
        classes = phrase_alternation(cues.prior_line_class_words)
        self.count = re.compile(
            rf"(?P<open>\(\s*)?(?:(?<![\w-])(?P<cmp>{prefix})\s*)?(?<![\w.])(?P<n>{number})(?![\w.])"
            rf"(?:\s*(?:to|-|–|or|and|but\s+(?:no|not)\s+more\s+than)\s*(?P<m>{number})(?![\w.]))?"
            r"(?:\s*(?P<post>or more|or fewer|or less|\+))?"
            r"(?(open)\s*\))"
            rf"(?P<pre>(?:\s+[a-z][\w-]*){{0,3}}?)\s+(?P<noun>{nouns})(?![\w-])"
            rf"(?:\s+of\s+(?P<of>(?:[\w-]+\s+){{0,2}}{_THERAPY_WORD}(?![\w-])|[\w-]+(?:\s+[\w-]+)?))?",
            re.IGNORECASE,
        )
        # What every count match holds (its noun after a space), found far faster than a
        # count: the count pattern tries its comparators at every position of every
        # criterion, and ~1% of criteria name a line or regimen at all.
        self.noun = re.compile(rf"\s(?:{nouns})(?![\w-])", re.IGNORECASE)
        self.none = phrase_pattern(cues.prior_line_none_phrases)
        # The words of each noun, "no line" phrase and next-line cue: a criterion holding
        # all the words of none of them is not searched for it (lexicon.may_hold_a_phrase).
        self.noun_words = phrase_words(cues.prior_line_nouns)
        self.none_words = phrase_words(cues.prior_line_none_phrases)
        self.next_line_words = phrase_words(cues.prior_line_next_line_cues)
        self.setting = re.compile(
            rf"\s+(?P<setting>(?:{settings})\s+[^,;.():\n]{{1,80}}?){_SETTING_END}", re.IGNORECASE
        )
        # The therapy a "no line" phrase denies, written before its setting ("Previously
        # untreated with any systemic anticancer therapy for their … metastatic disease").
        self.denied_therapy = re.compile(
            rf"\s+with\s+(?:[\w-]+\s+){{0,3}}?{_THERAPY_WORD}(?![\w-])", re.IGNORECASE
        )
        class_end = phrase_alternation(cues.prior_line_class_end_words)
        self.classes = re.compile(
            rf"\s*,?\s*(?:{classes})\s+(?P<classes>[^;.\n]{{1,200}}?)"
            rf"(?=\s*(?:[;.\n]|$)|\s*,?\s+(?:{class_end})(?![\w-]))",
            re.IGNORECASE,
        )
        # Classes running on past 200 characters: the first 200, kept (and left unread).
        self.long_classes = re.compile(
            rf"\s*,?\s*(?:{classes})\s+(?P<classes>[^;.\n]{{1,200}})", re.IGNORECASE
        )
        self.permissive = phrase_pattern(cues.prior_line_permissive_words)
        self.cue_words = frozenset(cues.prior_line_cue_words)
        self.generic_words = frozenset(
            [*cues.prior_line_generic_words, *(n.lower() for n in cues.prior_line_nouns)]
        )
        self.none_restrictions = {p.lower(): r for p, r in cues.prior_line_none_phrases.items()}
        self.none_after_words = frozenset(cues.prior_line_none_after_words)
        self.denial_before = re.compile(
            rf"(?<![\w-])(?:{phrase_alternation(cues.prior_line_denial_words)})"
            r"(?:\s+[\w-]+){0,3}\s*$",
            re.IGNORECASE,
        )
        self.condition = phrase_pattern(cues.prior_line_condition_words)
        self.ordinals = {o.lower(): n for o, n in cues.prior_line_ordinals.items()}
        self.next_line = re.compile(
            rf"(?<![\w-])(?:{phrase_alternation(cues.prior_line_next_line_cues)})\s+"
            rf"(?P<o>{phrase_alternation(self.ordinals)})[- ]line(?![\w-])",
            re.IGNORECASE,
        )


@functools.cache
def _patterns() -> _Patterns:
    return _Patterns()


def count_alternation() -> str:
    """A count as criteria and notes write one: one or two digits, or a number word."""
    return r"(?:\d{1,2}|" + phrase_alternation(load_lexicon().cues.number_words) + r")"


def count_value(written: str) -> int:
    """The value of a count :func:`count_alternation` matched ("3", "three")."""
    return int(written) if written.isdigit() else load_lexicon().cues.number_words[written.lower()]


def _number(word: str) -> float:
    return float(count_value(word))


def _tail(text: str, end: int, naive: bool = False) -> tuple[str, str, int]:
    """The setting and the required classes written right after a count, and where they end.
    After a ``naive`` phrase ("previously untreated") the setting may follow the therapy it
    denies ("… with any systemic anticancer therapy for their metastatic disease")."""
    patterns = _patterns()
    setting = ""
    denied = patterns.denied_therapy.match(text, end) if naive else None
    found = patterns.setting.match(text, end)
    if found is None and denied is not None:
        found = patterns.setting.match(text, denied.end())
    if found is not None:
        setting, end = " ".join(found.group("setting").split()), found.end()
    included = patterns.classes.match(text, end) or patterns.long_classes.match(text, end)
    classes = ""
    if included is not None:
        classes, end = included.group("classes").strip(), included.end()
    return setting, classes, end


def _reading(
    text: str,
    match: re.Match[str],
    comparator: Comparator,
    count: float,
    upper: float | None,
    restriction: str,
    naive: bool = False,
) -> tuple[PriorLines, tuple[int, int]]:
    """A count read at ``match``, with the setting and classes written after it, and the
    span it reads (to the end of those)."""
    setting, classes, end = _tail(text, match.end(), naive)
    reading = PriorLines(
        comparator=comparator,
        count=count,
        text=match.group(0).strip(),
        upper=upper,
        restriction=restriction,
        setting=setting,
        required_classes=classes,
    )
    return reading, (match.start(), end)


def _counts(
    text: str, text_words: frozenset[str] | None
) -> list[tuple[PriorLines, tuple[int, int]]]:
    patterns = _patterns()
    found: list[tuple[PriorLines, tuple[int, int]]] = []
    if not may_hold_a_phrase(patterns.noun_words, text_words) or patterns.noun.search(text) is None:
        return found  # no line or regimen named: no count to read
    for match in patterns.count.finditer(text):
        words = [w.lower() for w in (match.group("pre") or "").split()]
        words += [w.lower() for w in (match.group("of") or "").split()]
        if not any(w in patterns.cue_words for w in words):
            continue  # "the midclavicular line", "2 antihypertensive regimens"
        restriction = " ".join(w for w in words if w not in patterns.generic_words)
        low = _number(match.group("n"))
        upper: float | None = None
        comparator: Comparator
        if match.group("m"):
            upper = _number(match.group("m"))
            if upper <= low:
                continue
            comparator = "between"
        elif match.group("post"):
            comparator = _POSTFIX[match.group("post").lower()]
        elif match.group("cmp"):
            comparator = patterns.comparators[match.group("cmp").lower()]
            if patterns.denial_before.search(text, 0, match.start()):
                comparator = _DENIED[comparator]  # "must not have had more than 2"
        elif patterns.permissive.search(text):
            comparator = "<="
        else:
            comparator = "="
        found.append(_reading(text, match, comparator, low, upper, restriction))
    return found


def _nones(
    text: str, treatment_ends: Sequence[int], exclusion: bool, text_words: frozenset[str] | None
) -> list[tuple[PriorLines, tuple[int, int]]]:
    patterns = _patterns()
    found: list[tuple[PriorLines, tuple[int, int]]] = []
    if not may_hold_a_phrase(patterns.none_words, text_words):
        return found  # no "treatment-naive", "no prior systemic therapy": nothing to read
    if patterns.condition.search(text):
        return found  # "Treatment-naive patients will be eligible only if they refused …"
    for match in patterns.none.finditer(text):
        before = text[: match.start()].rstrip()
        word = _LAST_WORD.search(before)
        naive = not match.group(0).lower().startswith("no ")
        if exclusion and not naive:
            continue  # a denial in an exclusion excludes nothing (as a denied concept there)
        if naive and (
            any(abs(len(before) - end) <= 1 for end in treatment_ends)
            or (word is not None and word.group(0).lower() not in patterns.none_after_words)
        ):
            continue  # "alpelisib treatment naive": one drug, not every line
        restriction = patterns.none_restrictions.get(" ".join(match.group(0).lower().split()), "")
        found.append(_reading(text, match, "=", 0.0, None, restriction, naive))
    return found


def _next_lines(
    text: str, exclusion: bool, text_words: frozenset[str] | None
) -> list[tuple[PriorLines, tuple[int, int]]]:
    """ "eligible to receive second-line (2L) treatment": one prior line. Not read in an
    exclusion nor after a denial ("not eligible for second-line chemotherapy"), where who
    the words exclude is not a count."""
    patterns = _patterns()
    found: list[tuple[PriorLines, tuple[int, int]]] = []
    if exclusion or not may_hold_a_phrase(patterns.next_line_words, text_words):
        return found
    for match in patterns.next_line.finditer(text):
        if patterns.denial_before.search(text, 0, match.start()):
            continue
        count = float(patterns.ordinals[match.group("o").lower()] - 1)
        found.append(_reading(text, match, "=", count, None, ""))
    return found


def prior_lines(
    text: str,
    treatment_ends: Sequence[int] = (),
    *,
    exclusion: bool = False,
    lowered: Sequence[str] | None = None,
) -> list[tuple[PriorLines, tuple[int, int]]]:
    """The counts of prior lines a criterion states, each with the span it reads.

    ``treatment_ends`` are where the treatments the parse found end: "treatment-naive"
    right after one is about that drug alone; in an ``exclusion`` a denial ("no prior
    systemic therapy") is not read, as a denied concept is not judged there. A criterion
    stating both no line and a count ("either treatment naive or progressed on 1 or more
    lines") offers alternatives this reading cannot join, so it reads neither.
    ``lowered`` are the criterion's lowercase words when the caller has them
    (:func:`~trialfinder.criteria.lexicon.tokenize_lowered`): the patterns are then searched
    only where their words are (:func:`~trialfinder.criteria.lexicon.may_hold_a_phrase`).
    """
    text_words = None if lowered is None else filter_words(text, lowered)
    counts = _counts(text, text_words)
    nones = _nones(text, treatment_ends, exclusion, text_words)
    if counts and nones:
        return []
    return counts or nones or _next_lines(text, exclusion, text_words)
