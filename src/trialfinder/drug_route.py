"""How a drug is given, and whether that is the route a criterion asks for.

"Systemic corticosteroids" is not met by hydrocortisone cream, nor "inhaled
corticosteroids" by prednisolone tablets: a family given by several routes means
different things by each, so a criterion naming a route is met only by a note drug
given that way. The note's route is the one it writes beside the drug ("cream",
"puffs", "PO", "IV") or, when it writes none, the drug's usual route
(``data/criteria/routes.json``); when neither tells, the route is unknown, and so is
the criterion. "Systemic" covers oral, IV, IM and SC.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import msgspec

from trialfinder.criteria.lexicon import phrase_alternation

__all__ = ["RouteRules", "criterion_route", "load_routes", "note_route", "route_given"]


class RouteRules(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The route words of criteria and notes, and the usual route of each member of a
    family given by more than one route (``routes.json``)."""

    criterion_routes: dict[str, list[str]]
    systemic_routes: list[str]
    note_routes: dict[str, list[str]]
    families: dict[str, dict[str, str | None]]
    _about: str = msgspec.field(default="", name="_about")


@cache
def load_routes() -> RouteRules:
    """The route rules, read once and checked against their own names."""
    data = resources.files("trialfinder").joinpath("data/criteria/routes.json")
    rules = msgspec.json.decode(data.read_bytes(), type=RouteRules)
    known = set(rules.note_routes) | set(rules.criterion_routes)
    for family in rules.families.values():
        unknown = {r for r in family.values() if r is not None} - known
        if unknown:
            raise ValueError(f"routes.json: unknown usual routes {sorted(unknown)}")
    return rules


def _words(phrases: list[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<![\w-])(?:{phrase_alternation(phrases)})(?![\w-])", re.I)


def _criterion_routes() -> str:
    """A criterion's route words, one or several joined by "or" / "and" / "/" ("inhaled or
    systemic")."""
    words = phrase_alternation([w for ws in load_routes().criterion_routes.values() for w in ws])
    route = rf"(?<![\w-])(?:{words})"
    return rf"{route}(?:\s*(?:,|/|\bor\b|\band\b|\band/or\b)\s*{route})*"


@cache
def _criterion_pattern() -> re.Pattern[str]:
    """The route words a criterion writes just before the drug ("inhaled or systemic
    steroids"), with one other word allowed before the drug ("systemic high-dose
    corticosteroids")."""
    return re.compile(rf"{_criterion_routes()}\s+(?:[\w-]+\s+)?$", re.I)


@cache
def _note_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((route, _words(words)) for route, words in load_routes().note_routes.items())


@cache
def _member_pattern(family: str) -> re.Pattern[str]:
    return _words(sorted(load_routes().families[family], key=len, reverse=True))


@cache
def _bracketed_pattern() -> re.Pattern[str]:
    """Route words alone in a bracket right after the drug ("corticosteroids (topical or
    systemic)"); a bracket that says more ("(topical and inhaled steroids are acceptable)")
    is an exception, not the routes asked for."""
    return re.compile(rf"\s*\(\s*{_criterion_routes()}\s*\)", re.I)


def criterion_route(concept: str, criterion_text: str, concept_text: str) -> frozenset[str]:
    """The routes the criterion writes just before the drug ("systemic corticosteroids",
    "inhaled or systemic steroids") or in a bracket right after it ("corticosteroids
    (topical or systemic)"), for a family given by several routes; empty when it names
    none (any route meets it)."""
    rules = load_routes()
    if concept not in rules.families:
        return frozenset()
    at = criterion_text.lower().find(concept_text.lower())
    if at < 0:
        return frozenset()
    written = _criterion_pattern().search(criterion_text[:at]) or _bracketed_pattern().match(
        criterion_text, at + len(concept_text)
    )
    if written is None:
        return frozenset()
    return frozenset(
        route
        for route, words in rules.criterion_routes.items()
        if _words(words).search(written.group())
    )


_SEPARATOR = re.compile(r"[,;()+]|\b(?:and|with|plus|or|then)\b", re.I)


def note_route(concept: str, evidence: str) -> tuple[tuple[str, str] | None, ...]:
    """The route of each of the family's drugs in the note's sentence, with the words that
    told it: the route word nearest the drug within its own stretch of words (up to a
    comma, "and", "with" or another of the family's drugs: "prednisolone 5 mg and a
    salbutamol inhaler" gives the inhaler to salbutamol), else the drug's usual route;
    None for a drug neither tells."""
    members = list(_member_pattern(concept).finditer(evidence))
    found: list[tuple[str, str] | None] = []
    for i, member in enumerate(members):
        start = members[i - 1].end() if i else 0
        end = members[i + 1].start() if i + 1 < len(members) else len(evidence)
        before = list(_SEPARATOR.finditer(evidence, start, member.start()))
        after = _SEPARATOR.search(evidence, member.end(), end)
        start = before[-1].end() if before else start
        end = after.start() if after is not None else end
        stretch = evidence[start:end]
        near = [
            (abs(m.start() - (member.start() - start)), route, m.group())
            for route, pattern in _note_patterns()
            for m in pattern.finditer(stretch)
        ]
        if near:
            _, route, words = min(near)
            found.append((route, words))
            continue
        usual = load_routes().families[concept].get(member.group().lower())
        found.append((usual, member.group()) if usual is not None else None)
    return tuple(found)


def route_given(asked: frozenset[str], given: str) -> bool:
    """Whether a drug given by ``given`` is given as the criterion asks: one of its routes,
    or any route reaching the whole body when it asks "systemic"."""
    if "systemic" in asked and given in load_routes().systemic_routes:
        return True
    return given in asked
