"""Laboratory tests a note writes as normal, without a number.

A note gives some values and writes the rest as normal: "ANC 4.1, plt 232, ALT, AST,
bilirubin and creatinine normal", "bili, SGOT/SGPT normal", "LFTs normal", "FBC and U&E
within normal limits". Each test named (or reported by a named panel: LFTs are bilirubin,
ALT, AST and ALP) is then within its reference range: one reading per analyte, no number.
A value the same list gives ("CrCl 95") is the value's, not the normal words'. Names,
panels and the usual reference ranges are data (``data/criteria/normal_labs.json``, sources
there), checked against the lexicon's analytes once at load.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import msgspec

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import Measurement
from trialfinder.phrases import denial_just_before, phrase_alternation, phrase_pattern

__all__ = [
    "AskedNormal",
    "NormalReading",
    "asked_abnormal",
    "asked_normal",
    "normal_readings",
    "reference_range",
    "routine_analytes",
]


class _NamedAnalyte(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    analyte: str
    names: tuple[str, ...]
    # The usual adult reference range in the analyte's canonical unit, written wide; None:
    # only a threshold against the limits of normal is judged.
    range: tuple[float, float] | None


class _Panel(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    names: tuple[str, ...]
    analytes: tuple[str, ...]
    # "Bloods normal": read only when the list names no other test ("Bloods: bilirubin and
    # ALT normal" reports the two it names).
    alone: bool = False


class _NormalLabs(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    description: str
    analytes: tuple[_NamedAnalyte, ...]
    panels: tuple[_Panel, ...]
    normal_words: tuple[str, ...]
    except_words: tuple[str, ...]
    asked_description: str = ""
    asked_words: tuple[str, ...] = ()
    asked_alternative_words: tuple[str, ...] = ()
    abnormal_description: str = ""
    abnormal_phrases: tuple[str, ...] = ()
    abnormal_framing_words: tuple[str, ...] = ()
    abnormal_judged_words: tuple[str, ...] = ()


class AskedNormal(msgspec.Struct, frozen=True):
    """Tests a criterion asks normal ("Potassium within normal limits"): the analytes, the
    criterion's names for them, and whether a tail offers another way ("or corrected")."""

    analytes: tuple[str, ...]
    names: tuple[str, ...]
    alternative: bool


class NormalReading(msgspec.Struct, frozen=True):
    """One analyte the note writes as normal: ``measurement`` is its reference range (or
    ≤ 1 × ULN when no range is assumed); ``words`` the note's ("bili, SGOT/SGPT normal")."""

    measurement: Measurement
    words: str


class _Tables(msgspec.Struct, frozen=True):
    by_name: dict[str, tuple[str, ...]]  # lowercase name -> analytes
    alone: frozenset[str]  # lowercase names read only when no other test is listed
    ranges: dict[str, tuple[float, float] | None]
    names: re.Pattern[str]
    normal: re.Pattern[str]
    excepted: re.Pattern[str]
    asked: re.Pattern[str]
    abnormal: re.Pattern[str]
    abnormal_framing: frozenset[str]
    judged: re.Pattern[str]
    routine: tuple[str, ...]


# A denial just before the normal words: "not normal", "no longer within normal limits".
_DENIED_BEFORE = denial_just_before(("not", "no longer", "never", "nor"))
# What separates the tests of a list: "ALT, AST and bilirubin", "SGOT/SGPT", "ALP 80: all".
_SEPARATORS = re.compile(r"\s*(?:,|;|:|/|\(|\)|\band\b|&(?=\s))\s*", re.IGNORECASE)
# A date the list writes on a test ("FBC 20/11/2026 normal", "blood tests last week were
# all normal"): when, not a value.
_DATE = re.compile(
    r"\s\d{1,2}/\d{1,2}/\d{2,4}\b|\s(?:last|this)\s+(?:week|month)\b|\s(?:yesterday|today)\b",
    re.IGNORECASE,
)
# A test the list gives a value of: "CrCl 95", "ALP under 5 x ULN", "Hb 118 g/L".
_VALUED = re.compile(r"^\s*(?:[<>≤≥=~]|about\b|under\b|over\b|of\b|at\b|is\b)?\s*[\d.]")
_TOKEN = re.compile(r"\x00(\d+)\x00")
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
# A test the list gives a value of under a name the table does not hold ("CrCl 95").
_UNLISTED_NAME = re.compile(
    r"^[A-Za-z][\w.+&']*(?:\s+[A-Za-z][\w.+&']*)?(?=\s*[<>≤≥=~\d]|\s+(?:about|under|over)\b)"
)
# Whose tests they are, and which: "my kidney and liver tests", "his LFTs", "my last blood
# tests", "the latest bloods".
_OWNER = re.compile(
    r"^(?:(?:my|his|her|their|the)\s+)?(?:(?:last|latest|recent|most\s+recent)\s+)?(?=\S)",
    re.IGNORECASE,
)


@functools.cache
def _tables() -> _Tables:
    path = resources.files("trialfinder") / "data" / "criteria" / "normal_labs.json"
    data = msgspec.json.decode(path.read_bytes(), type=_NormalLabs)
    known = load_lexicon().analytes
    by_name: dict[str, tuple[str, ...]] = {}
    ranges: dict[str, tuple[float, float] | None] = {}
    for row in data.analytes:
        ranges[row.analyte] = row.range
        for name in row.names:
            by_name[name.lower()] = (row.analyte,)
    for panel in data.panels:
        for name in panel.names:
            by_name[name.lower()] = panel.analytes
    unknown = sorted(
        {a for a in ranges if a not in known}
        | {a for p in data.panels for a in p.analytes if a not in ranges}
    )
    if unknown:
        raise ValueError(f"normal_labs.json: analytes not in the lexicon or unlisted: {unknown}")
    longest_first = sorted(by_name, key=len, reverse=True)
    names = re.compile(
        r"(?<![\w&+'/])(?:" + "|".join(re.escape(n) for n in longest_first) + r")(?![\w&+'])",
        re.IGNORECASE,
    )
    name = (
        r"(?:(?:serum|plasma|blood)\s+)?(?:"
        + "|".join(re.escape(n) for n in longest_first)
        + r")(?:\s*\([^()]*\))?"
    )
    asked = re.compile(
        rf"^\s*(?P<names>{name}(?:\s*(?:,\s*and|,|and|&|/)\s*{name})*)\s+"
        r"(?:(?:is|are|must\s+be|should\s+be|to\s+be)\s+)?"
        rf"(?:{phrase_alternation(data.asked_words)})(?![\w-])"
        rf"\s*(?:[.;]\s*$|$|(?P<alternative>[,;]?\s*(?:{phrase_alternation(data.asked_alternative_words)})\b))",
        re.IGNORECASE,
    )
    return _Tables(
        by_name,
        frozenset(name.lower() for panel in data.panels if panel.alone for name in panel.names),
        ranges,
        names,
        phrase_pattern(list(data.normal_words)),
        re.compile(rf"^\s*[,;(]?\s*(?:{phrase_alternation(data.except_words)})\b", re.IGNORECASE),
        asked,
        phrase_pattern(list(data.abnormal_phrases)),
        frozenset(word.lower() for word in data.abnormal_framing_words),
        phrase_pattern(list(data.abnormal_judged_words)),
        tuple(dict.fromkeys(a for panel in data.panels if panel.alone for a in panel.analytes)),
    )


def _listed(text: str, backwards: bool) -> list[str]:
    """The test names a list ending (or, ``backwards`` False, beginning) at the normal words
    names without a value: walking away from the words, valued tests are passed over and the
    first item that is neither ends the list."""
    tables = _tables()
    found: list[str] = []

    def token(match: re.Match[str]) -> str:
        found.append(match.group(0))
        return f"\x00{len(found) - 1}\x00"

    items = _SEPARATORS.split(tables.names.sub(token, _DATE.sub("", text)))
    if backwards:
        items.reverse()
    listed: list[str] = []
    for item in items:
        item = _OWNER.sub("", item.strip().rstrip("."))
        if item.lower() in ("", "all", "both"):
            continue
        head = _TOKEN.match(item)
        rest = item[head.end() :] if head is not None else _UNLISTED_NAME.sub("", item, count=1)
        if head is not None and not rest.strip():
            listed.append(found[int(head.group(1))])
        elif not (backwards and _VALUED.match(rest)):
            break
    if backwards:
        listed.reverse()
    return listed


def normal_readings(sentence: str) -> list[NormalReading]:
    """The analytes ``sentence`` writes as normal, each once, in the order named."""
    tables = _tables()
    readings: dict[str, NormalReading] = {}
    for match in tables.normal.finditer(sentence):
        before, after = sentence[: match.start()], sentence[match.end() :]
        if _DENIED_BEFORE.search(before) or tables.excepted.match(after):
            continue
        words = sentence[match.start() : match.end()]
        forwards = False
        names = _listed(before, backwards=True)
        if not names and words.lower() == "normal" and after[:1].isspace():
            names, forwards = _listed(after, backwards=False), True
        if any(name.lower() not in tables.alone for name in names):
            names = [name for name in names if name.lower() not in tables.alone]
        for name in names:
            said = f"{words} {name}" if forwards else f"{name} {words}"
            for analyte in tables.by_name[name.lower()]:
                if analyte not in readings:
                    readings[analyte] = NormalReading(_reference(analyte, said), said)
    return list(readings.values())


def asked_normal(text: str) -> AskedNormal | None:
    """The tests a criterion asks normal, when that is all it asks ("Potassium within normal
    limits", "Calcium and magnesium within normal limits or ≤ grade 1 …"), else None."""
    tables = _tables()
    found = tables.asked.match(text)
    if found is None:
        return None
    listed = re.sub(r"\([^()]*\)", " ", found.group("names"))
    names = [match.group(0) for match in tables.names.finditer(listed)]
    analytes = tuple(dict.fromkeys(a for n in names for a in tables.by_name[n.lower()]))
    if not analytes or any(n.lower() in tables.alone for n in names):
        return None
    return AskedNormal(analytes, tuple(names), found.group("alternative") is not None)


def asked_abnormal(text: str) -> bool | None:
    """Whether a criterion asks any result outside normal values and nothing more
    ("Deviation from normal values in the biochemical test report"): None when it does not,
    True when it leaves the abnormal value's weight to the study team ("clinically
    significant laboratory abnormalities"), False when any value outside asks it."""
    tables = _tables()
    found = tables.abnormal.search(text)
    if found is None:
        return None
    rest = text[: found.start()] + " " + text[found.end() :]
    if any(word.lower() not in tables.abnormal_framing for word in _WORD.findall(rest)):
        return None
    return tables.judged.search(text) is not None


def routine_analytes() -> tuple[str, ...]:
    """The analytes of the routine panels "bloods" report (blood count, renal, liver)."""
    return _tables().routine


def reference_range(analyte: str) -> tuple[float, float] | None:
    """The analyte's usual adult reference range in its canonical unit, written wide (None:
    not listed, or no absolute range assumed)."""
    return _tables().ranges.get(analyte)


def _reference(analyte: str, said: str) -> Measurement:
    """A normal analyte's reading: its reference range, or ≤ 1 × ULN without one."""
    reference = reference_range(analyte)
    if reference is None:
        return Measurement(analyte, "<=", 1.0, said, unit="ULN", relative_to_uln=True)
    low, high = reference
    return Measurement(
        analyte,
        "between",
        low,
        said,
        upper_value=high,
        unit=load_lexicon().analytes[analyte].canonical_unit,
        canonical_value=low,
        canonical_upper=high,
    )
