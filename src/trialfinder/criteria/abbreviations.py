"""A trial's own short forms: "primary myelofibrosis (PMF)" defines PMF for the whole trial.

Why: eligibility text defines a short form once, in brackets after its long form, and then
writes the short form alone in other criteria ("Dynamic International Prognostic Scoring
System intermediate-2 or high-risk MF"). The short form is often one no vocabulary could
read alone (MF is myelofibrosis in one trial, mycosis fungoides in another), so only the
trial's own definition says what it stands for. The definitions are found once per trial
(:func:`defined_short_forms`, over the whole eligibility text) and every criterion of that
trial is read with its short forms written out (:func:`written_out`).

A definition is the classic long-form/short-form pattern (Schwartz & Hearst, "A simple
algorithm for identifying abbreviation definitions in biomedical text", PSB 2003): a short
form of 2 to 10 letters and digits, one word with at least two capitals, in brackets ("(ADCs)",
"(hereafter 'MF')") right after its long form, whose words hold the short form's letters
and digits in order, the first at the start of a word. A hyphenated short form joins others
or a prefix ("R-CHOP", "HR-ve", "anti-VEGF"), whose parts are read on their own, as one
opening with a small letter does ("cCRT", "sEPO", "mTOR": concurrent, serum, mammalian), and a long
form holding a comma is a list ("Rituximab, Cyclophosphamide, …"), not one name: neither
is taken. A long form written in capitals for the bracket ("Best Available Therapy") is
written out in small letters, as criteria write names.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

import msgspec

from trialfinder.criteria.model import Criterion

__all__ = ["criterion_written_out", "defined_short_forms", "long_form", "written_out"]

# "(PMF)", "(ADCs)", "(hereafter 'MF')", "(hereinafter referred to as “MF”)".
_DEFINITION = re.compile(
    r"\(\s*(?:(?:hereafter|hereinafter)\s+(?:(?:referred\s+to\s+as|called)\s+)?)?"
    r"['\"‘“]?(?P<short>[A-Za-z][A-Za-z0-9]{1,9})['\"’”]?\s*\)"
)
# Where a long form cannot reach back past: a line, a clause break or another bracket.
_LONG_FORM_BREAK = re.compile(r"[\n;:()\[\]]|\.\s")
_CAPITALS = re.compile(r"[A-Z]")
# Short forms that are words written in capitals ("NO" for nitric oxide, "OR" for odds
# ratio): a criterion writing "NO prior therapy" means the word.
_WORDS = frozenset(
    {
        "an",
        "and",
        "as",
        "at",
        "be",
        "by",
        "do",
        "if",
        "in",
        "is",
        "it",
        "no",
        "not",
        "of",
        "on",
        "or",
        "to",
        "up",
        "us",
        "we",
    }
)


def long_form(short: str, before: str) -> str | None:
    """The long form ``short`` abbreviates at the end of ``before`` (the words before its
    bracket), or None: the Schwartz-Hearst match, each letter or digit of the short form
    found in order from the right, its first at the start of a word, within the last
    min(len + 5, 2 * len) words."""
    words = before.split()
    reach = min(len(short) + 5, 2 * len(short))
    candidate = " ".join(words[-reach:])
    if not candidate:
        return None
    position = len(candidate) - 1
    index = len(short) - 1
    last: int | None = None
    while index >= 0:
        letter = short[index].lower()
        if not letter.isalnum():
            index -= 1
            continue
        while position >= 0 and (
            candidate[position].lower() != letter
            or (index == 0 and position > 0 and candidate[position - 1].isalnum())
        ):
            position -= 1
        if position < 0:
            return None
        if last is None:
            last = position
        position -= 1
        index -= 1
    start = candidate.rfind(" ", 0, position + 1) + 1
    # Words after the one holding the last letter are not abbreviated ("brain natriuretic
    # peptide level (BNP)" defines BNP as the peptide, not its level).
    end = candidate.find(" ", last or 0)
    found = candidate[start : end if end >= 0 else len(candidate)].strip(" ,-")
    if len(found) <= len(short) or short.lower() in found.lower().split():
        return None
    return found


def _in_small_letters(word: str) -> str:
    """A word capitalised only at its start ("Therapy") in small letters; one with other
    capitals or digits ("HER2", "B-Cell") as written."""
    if word[:1].isupper() and word[1:] == word[1:].lower():
        return word.lower()
    return word


@functools.lru_cache(maxsize=1024)
def _defined(text: str) -> tuple[tuple[str, str], ...]:
    found: dict[str, str] = {}
    conflicting: set[str] = set()
    for match in _DEFINITION.finditer(text):
        short = match.group("short")
        if len(_CAPITALS.findall(short)) < 2 or short.lower() in _WORDS or short[0].islower():
            continue
        before = text[: match.start()]
        breaks = list(_LONG_FORM_BREAK.finditer(before))
        if breaks:
            before = before[breaks[-1].end() :]
        found_long = long_form(short, before)
        if found_long is None or "," in found_long:
            continue
        found_long = " ".join(_in_small_letters(word) for word in found_long.split())
        if found.setdefault(short, found_long).lower() != found_long.lower():
            conflicting.add(short)
    kept = {short: long for short, long in found.items() if short not in conflicting}
    for short, long in list(kept.items()):
        # "antibody-drug conjugates (ADCs)" also defines the one: "any ADC".
        if short.endswith("s") and long.endswith("s"):
            kept.setdefault(short[:-1], long[:-1])
    return tuple(kept.items())


def defined_short_forms(text: str) -> dict[str, str]:
    """Each short form the text defines, with its long form ("MF": "myelofibrosis"); a
    short form given two different long forms is left out (which one is meant is not said)."""
    return dict(_defined(text))


@functools.lru_cache(maxsize=1024)
def _short_form_pattern(shorts: tuple[str, ...]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(short) for short in sorted(shorts, key=len, reverse=True))
    # Standing alone or joined by a hyphen ("post-polycythemia vera-MF", "HF-hospitalization"),
    # never inside a word, a slash or a name with a number ("PD-1"), nor after "anti-" (an
    # "anti-DLBCL therapy" is a treatment, not the disease); not the bracket that defines it.
    return re.compile(
        rf"(?<![\w/(‘“'\"])(?<![Aa]nti-)(?P<short>{alternation})(?P<plural>s?)(?![\w/]|-\d)"
    )


def written_out(text: str, short_forms: Mapping[str, str]) -> str:
    """``text`` with each short form of ``short_forms`` replaced by its long form
    ("high-risk MF" as "high-risk myelofibrosis"); the definitions' own brackets are kept."""
    if not short_forms:
        return text
    pattern = _short_form_pattern(tuple(short_forms))
    if pattern.search(text) is None:
        return text

    def long(match: re.Match[str]) -> str:
        written = short_forms[match.group("short")]
        if match.group("plural") and not written.endswith("s"):
            return f"{written}s"
        return written

    return pattern.sub(long, text)


def criterion_written_out(criterion: Criterion, short_forms: Mapping[str, str]) -> Criterion:
    """``criterion`` and its sub-items with their text written out (what the judge reads;
    the criterion as stored and shown keeps the trial's words)."""
    if not short_forms:
        return criterion
    text = written_out(criterion.text, short_forms)
    children = [criterion_written_out(child, short_forms) for child in criterion.children]
    if text == criterion.text and all(
        new is old for new, old in zip(children, criterion.children, strict=True)
    ):
        return criterion
    return msgspec.structs.replace(criterion, text=text, children=children)
