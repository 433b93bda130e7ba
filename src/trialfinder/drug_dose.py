"""A drug's daily dose per kilogram of body weight, asked by a criterion and worked out
from a note.

"Insulin requirement > 1 U/kg/day" or "prednisone ≥ 0.5 mg/kg/day" ask a dose per
weight, which a note never writes as such: it gives the dose ("insulin 80 units/day",
"prednisolone 40 mg daily") and, elsewhere, the weight ("weight 70 kg"). The dose per
weight is worked out only when both are written and the note's drug is the criterion's
(or a family member measured in the same units: any insulin counts in units); otherwise
the dose is unknown, never guessed. Units are converted with pint (``criteria.units``):
grams and micrograms to milligrams; "U", "IU" and "units" are international units.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from trialfinder.criteria.model import Comparator
from trialfinder.criteria.units import convert
from trialfinder.phrases import phrase_alternation

__all__ = ["DoseAsk", "NoteDose", "criterion_dose_per_weight", "note_daily_dose"]

# How a criterion writes its comparison, as the judge's comparators.
_COMPARATORS: dict[str, Comparator] = {
    "≥": ">=",
    ">=": ">=",
    "=>": ">=",
    ">": ">",
    "≤": "<=",
    "<=": "<=",
    "=<": "<=",
    "<": "<",
    "=": "=",
    "at least": ">=",
    "more than": ">",
    "greater than": ">",
    "higher than": ">",
    "over": ">",
    "above": ">",
    "less than": "<",
    "lower than": "<",
    "below": "<",
}
_COMPARATOR = "|".join(
    re.escape(c) if not c[0].isalpha() else rf"\b{c}"
    for c in sorted(_COMPARATORS, key=len, reverse=True)
)
# Mass or insulin units, as pint expressions.
_UNITS = {
    "mg": "mg",
    "milligrams": "mg",
    "g": "g",
    "mcg": "ug",
    "µg": "ug",
    "ug": "ug",
    "micrograms": "ug",
    "u": "IU",
    "iu": "IU",
    "unit": "IU",
    "units": "IU",
    "international units": "IU",
}
_UNIT = phrase_alternation(_UNITS)
_PER_DAY = r"(?:/\s*|\s*per\s+|\s+a\s+)(?:day|d)\b"
_CRITERION_DOSE = re.compile(
    rf"(?P<comparator>{_COMPARATOR})\s*(?:a\s+dose\s+of\s+)?(?P<value>\d+(?:\.\d+)?)\s*"
    rf"(?P<unit>{_UNIT})\s*/\s*kg\b\s*(?P<per_day>{_PER_DAY})?",
    re.IGNORECASE,
)
# How often a note's dose is given, as doses a day.
_TIMES_A_DAY = (
    (3, r"three times (?:a day|daily)|tds|tid|t\.i\.d\.?"),
    (2, r"twice (?:a day|daily)|bd|bid|b\.i\.d\.?"),
    (
        1,
        r"/\s*day|/\s*d\b|per day|a day|once (?:a day|daily)|daily|each day|every day|od|qd|"
        r"at night|nocte|mane|in the morning|at bedtime",
    ),
)
# The dose right after the drug's name, with a few words between ("insulin glargine
# 40 units", "prednisolone tablets 20 mg"), and how often it is given.
_NOTE_DOSE = (
    r"(?:[^\d.;,()]{{0,25}}?)\s(?P<value>\d+(?:\.\d+)?)\s*(?P<unit>{unit})\b\s*"
    r"(?P<often>{often})?(?![\w/])"
)


class DoseAsk(NamedTuple):
    """A criterion's dose per kilogram a day: ``comparator`` ("≥" as ">="), ``value`` in
    ``unit`` (a pint expression: "mg", "IU") per kg a day, ``text`` as written, and
    ``drug_after`` the word right after it, lower-cased, in which the dose may be counted
    ("0.5 mg/kg/day prednisone"; empty when none)."""

    comparator: Comparator
    value: float
    unit: str
    text: str
    drug_after: tuple[str, ...]


class NoteDose(NamedTuple):
    """A note's daily dose of one drug, in the criterion's unit, and ``text`` as written."""

    per_day: float
    text: str


def criterion_dose_per_weight(after_drug: str) -> DoseAsk | None:
    """The dose per kilogram a day the criterion writes after the drug's name ("prednisone
    ≥ 0.5 mg/kg/day", "insulin requirement > 1 U/kg/day"); None when it writes none."""
    match = _CRITERION_DOSE.search(after_drug)
    if match is None:
        return None
    unit = _UNITS[match.group("unit").lower()]
    if match.group("per_day") is None and unit != "IU":
        # An insulin requirement is a total a day ("insulin dose requirement of at least
        # 0.5U/kg"); a milligram dose per kg without "a day" may be one dose.
        return None
    return DoseAsk(
        _COMPARATORS[match.group("comparator").lower()],
        float(match.group("value")),
        unit,
        match.group().strip(),
        tuple(w.lower() for w in _WORD.findall(after_drug, match.end())[:1]),
    )


_WORD = re.compile(r"[A-Za-z][\w-]*")


def note_daily_dose(evidence: str, drug_names: list[str], unit: str) -> NoteDose | None:
    """The daily dose of the drug the note's sentence gives right after one of its names,
    in ``unit``; None when it writes no dose, no frequency, a unit that does not convert
    (milligrams of insulin), or two different doses (a sum needs the team)."""
    names = phrase_alternation(drug_names)
    often = "|".join(words for _, words in _TIMES_A_DAY)
    pattern = re.compile(
        rf"(?<![\w-])(?:{names})(?![\w-])" + _NOTE_DOSE.format(unit=_UNIT, often=often),
        re.IGNORECASE,
    )
    doses: list[NoteDose] = []
    for match in pattern.finditer(evidence):
        if match.group("often") is None:
            return None
        times = next(
            n
            for n, words in _TIMES_A_DAY
            if re.fullmatch(words, match.group("often").strip(), re.IGNORECASE)
        )
        value = convert(float(match.group("value")), _UNITS[match.group("unit").lower()], unit)
        if value is None:
            return None
        doses.append(NoteDose(value * times, match.group().strip()))
    if len({d.per_day for d in doses}) != 1:
        return None
    return doses[0]
