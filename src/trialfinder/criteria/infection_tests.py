"""The tests that show an infection, and their results, as criteria and notes write them.

"Known active or chronic hepatitis B (HBsAg +ve)" defines the hepatitis B it asks for by a
test; a note's "HBsAg negative, HCV Ab positive, RNA negative" gives three results. A
coordinator judges the criterion by the test it names: an HCV antibody shows exposure (it
stays positive after a cure), only the RNA shows an active infection. One reader serves both
sides, so the judge compares a criterion's test with the note's result for the same test.
The names and result words are data (``data/criteria/infection_tests.json``).
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Collection
from importlib import resources
from typing import Literal, NamedTuple

import msgspec

from trialfinder.criteria.model import InfectionTest
from trialfinder.criteria.tables import InfectionTestRules, TestName
from trialfinder.phrases import phrase_alternation

__all__ = [
    "Definition",
    "InfectionTestRules",
    "Reading",
    "TestName",
    "defining_tests",
    "load_infection_tests",
    "named_test",
    "outlasting_antibody",
    "read_results",
    "test_name_end",
    "test_name_spans",
    "tested_concepts",
    "unresulted_test_spans",
    "untested_name",
]


class Reading(NamedTuple):
    """A test result found in a text, with its span and the infection the test shows."""

    start: int
    end: int
    concept: str
    result: InfectionTest


class Definition(NamedTuple):
    """The tests a criterion defines a condition by, how they combine, and where the
    definition ends in the criterion's text."""

    tests: tuple[InfectionTest, ...]
    join: Literal["any", "all"]
    start: int
    end: int


@functools.cache
def load_infection_tests() -> InfectionTestRules:
    """Load and validate ``data/criteria/infection_tests.json``: ids are unique, every test
    has a name."""
    data = resources.files("trialfinder").joinpath("data/criteria/infection_tests.json")
    rules = msgspec.json.decode(data.read_bytes(), type=InfectionTestRules)
    ids = [t.id for t in rules.tests]
    if len(set(ids)) != len(ids) or not all(t.names for t in rules.tests):
        raise ValueError("infection_tests.json: test ids must be unique and every test named")
    return rules


@functools.cache
def tested_concepts() -> frozenset[str]:
    """The infections a test in the data shows."""
    return frozenset(t.concept for t in load_infection_tests().tests)


def named_test(test_id: str) -> TestName:
    """The data row of one test (for its display name and analyte)."""
    return next(t for t in load_infection_tests().tests if t.id == test_id)


def test_name_end(text: str, start: int, stop: int) -> int:
    """Where the test names that start in ``text[start:stop]`` end, at the furthest, or
    ``stop``: a note joins tests by their names ("Hepatitis B| surface antigen| and hepatitis
    C| antibody| negative"), so a name that opens a test's name reaches to the test's end."""
    names = _patterns().names.finditer(text, start)
    ends = [m.end() for m in itertools.takewhile(lambda m: m.start() < stop, names)]
    return max([stop, *ends])


def test_name_spans(text: str, concepts: Collection[str]) -> list[tuple[int, int]]:
    """Where ``text`` names a test of one of ``concepts``, with the result word written
    beside it ("Positive hepatitis B surface antigen"): the words a criterion asks of the
    test, which the infection it shows settles."""
    patterns = _patterns()
    spans = []
    for match in patterns.names.finditer(text):
        test = patterns.by_name[match.group(0).lower()]
        if test.concept in concepts:
            reading = _result(text, match.start(), match.end(), test, patterns)
            spans.append(
                (match.start(), match.end())
                if reading is None
                else (min(reading.start, match.start()), max(reading.end, match.end()))
            )
    return spans


def unresulted_test_spans(text: str) -> list[tuple[int, int]]:
    """Where ``text`` names a test with no result beside it and no result word after it
    ("HBsAg sent today", "anti-HCV ordered, results awaited"): a test ordered or pending, which
    says nothing of the infection it shows. A name followed by a result further on ("HBsAg and
    anti-HCV negative") is left to the readers of results."""
    patterns = _patterns()
    return [
        (match.start(), match.end())
        for match in patterns.names.finditer(text)
        if _result(
            text, match.start(), match.end(), patterns.by_name[match.group(0).lower()], patterns
        )
        is None
        and patterns.anywhere.search(text, match.end()) is None
    ]


def untested_name(text: str, end: int) -> bool:
    """Whether the infection named at ``text[:end]`` is named as a test's subject with no
    result after it in ``text`` ("HIV test pending", "HIV screen sent"): no fact of it."""
    patterns = _patterns()
    return (
        patterns.test_word.match(text, end) is not None
        and patterns.anywhere.search(text, end) is None
    )


def outlasting_antibody(concept: str) -> tuple[TestName, str] | None:
    """The antibody of an infection that outlasts it and the analyte of the infection's viral
    load (the same infection's test that has one), or None when the data marks no such
    antibody."""
    tests = [t for t in load_infection_tests().tests if t.concept == concept]
    antibody = next((t for t in tests if t.outlasts_infection), None)
    analyte = next((t.analyte for t in tests if t.analyte is not None), None)
    return None if antibody is None or analyte is None else (antibody, analyte)


class _Patterns(NamedTuple):
    """The compiled names, result words, definition cues and the words allowed between a
    condition and its definition ("hepatitis C virus infection (…)")."""

    names: re.Pattern[str]
    by_name: dict[str, TestName]
    short: dict[str, re.Pattern[str]]
    after: re.Pattern[str]
    before: re.Pattern[str]
    positive: frozenset[str]
    anywhere: re.Pattern[str]
    test_word: re.Pattern[str]
    cue: re.Pattern[str]
    ahead: re.Pattern[str]


@functools.cache
def _patterns() -> _Patterns:
    """The names (longest first) and the result words, compiled once."""
    rules = load_infection_tests()
    by_name = {n.lower(): t for t in rules.tests for n in t.names}
    results = phrase_alternation([*rules.positive_words, *rules.negative_words])
    # "HBsAg +ve", "hepatitis B surface antigen (HBsAg) positive", "HCV RNA [qualitative] is
    # detected", "HBsAg: negative".
    after = re.compile(
        r"\s*(?:\[[^\]]{0,20}\]\s*|\([^)]{0,20}\)\s*)?(?:(?:test|testing|result|status)\s*)?"
        r"(?:(?:is|was|were|:)\s*)?(" + results + r")(?![\w])",
        re.IGNORECASE,
    )
    # "positive HBsAg", "detectable HBV DNA", "positive for anti-HCV".
    before = re.compile(r"(?<![\w-])(" + results + r")\s+(?:for\s+)?$", re.IGNORECASE)
    short = {
        t.concept: re.compile(
            r"(?<![\w-])(?:" + phrase_alternation(t.short_names) + r")(?![\w])", re.IGNORECASE
        )
        for t in rules.tests
        if t.short_names
    }
    return _Patterns(
        names=re.compile(r"(?<![\w-])(?:" + phrase_alternation(list(by_name)) + r")(?![\w])", re.I),
        by_name=by_name,
        short=short,
        after=after,
        before=before,
        positive=frozenset(w.lower() for w in rules.positive_words),
        test_word=re.compile(r"\s+(?:" + phrase_alternation(rules.test_words) + r")(?![\w])", re.I),
        anywhere=re.compile(r"(?<![\w-])(?:" + results + r")(?![\w])", re.IGNORECASE),
        cue=re.compile(r"\s*(?:" + phrase_alternation(rules.definition_cues) + r")\s*,?\s*", re.I),
        ahead=re.compile(r"\s*(?:(?:" + phrase_alternation(rules.ahead_words) + r")\s+)*", re.I),
    )


def _result(text: str, start: int, end: int, test: TestName, patterns: _Patterns) -> Reading | None:
    after = patterns.after.match(text, end)
    if after is not None:
        word = after.group(1).lower()
        written = text[start : after.end()]
        return Reading(
            start,
            after.end(),
            test.concept,
            InfectionTest(test.id, word in patterns.positive, written),
        )
    before = patterns.before.search(text, max(0, start - 30), start)
    if before is not None:
        word = before.group(1).lower()
        written = text[before.start() : end]
        return Reading(
            before.start(),
            end,
            test.concept,
            InfectionTest(test.id, word in patterns.positive, written),
        )
    return None


def read_results(text: str) -> list[Reading]:
    """Every test result the text writes, in order: a test's name with a result word
    after it ("HBsAg +ve") or before it ("detectable HBV DNA"). A short name ("RNA") counts
    only after a result of another test of the same infection ("HCV Ab positive, RNA
    negative")."""
    patterns = _patterns()
    readings: list[Reading] = []
    for match in patterns.names.finditer(text):
        if readings and match.start() < readings[-1].end:
            continue
        test = patterns.by_name[match.group(0).lower()]
        reading = _result(text, match.start(), match.end(), test, patterns)
        if reading is not None:
            readings.append(reading)
    for concept in {r.concept for r in readings}:
        first = min(r.end for r in readings if r.concept == concept)
        short = patterns.short.get(concept)
        if short is None:
            continue
        tests = [t for t in load_infection_tests().tests if t.concept == concept and t.short_names]
        for match in short.finditer(text, first):
            if any(r.start <= match.start() < r.end for r in readings):
                continue
            reading = _result(text, match.start(), match.end(), tests[0], patterns)
            if reading is not None:
                readings.append(reading)
    return sorted(readings, key=lambda r: r.start)


# A bracket with at most one bracket inside ("(HCV RNA [qualitative] is detected)").
_BRACKET = re.compile(r"\(((?:[^()]|\([^()]*\))*)\)")
_JOINS_ONLY = re.compile(r"[\s,;/]*(?:(?:and/or|and|or)[\s,;/]+)*[\s,;/]*", re.IGNORECASE)


def defining_tests(text: str, concept: str, end: int) -> Definition | None:
    """The tests the criterion defines the condition named at ``text[:end]`` by, or None.

    "hepatitis B (HBsAg +ve)", "Hepatitis C (HCV RNA [qualitative] is detected)",
    "active Hepatitis B (defined as HBsAg positive and/or detectable HBV DNA)": a bracket
    (an abbreviation's may come first) or a definition cue right after the condition, holding
    only results of tests of that infection joined by "or"/"and". Anything else in it ("HBsAg
    positive > 6 months", "… unless also shown to be RNA negative") leaves no definition: the
    rest of the judge reads the criterion as before.
    """
    patterns = _patterns()
    position = patterns.ahead.match(text, end)
    at = position.end() if position else end
    abbreviation = re.compile(r"\(\s*[A-Za-z]{2,6}\s*\)\s*").match(text, at)
    if abbreviation is not None:
        at = abbreviation.end()
    bracket = _BRACKET.match(text, at)
    if bracket is not None:
        body_start, body_end = bracket.start(1), bracket.end(1)
        cue = patterns.cue.match(text, body_start)
        if cue is not None:
            body_start = cue.end()
    else:
        cue = patterns.cue.match(text, at)
        if cue is None or not cue.group(0).strip(" ,"):
            return None
        body_start = cue.end()
        stop = re.compile(r";|\.(?=\s|$)").search(text, body_start)
        body_end = stop.start() if stop else len(text)
    body = text[body_start:body_end]
    readings = read_results(body)
    if not readings or any(r.concept != concept for r in readings):
        return None
    gaps = [body[: readings[0].start], body[readings[-1].end :]]
    gaps += [body[a.end : b.start] for a, b in itertools.pairwise(readings)]
    if not all(_JOINS_ONLY.fullmatch(gap) for gap in gaps):
        return None
    between = " ".join(gaps[2:]).lower()
    ors = re.search(r"\bor\b", between) is not None
    ands = re.search(r"\band\b(?!/)", between) is not None
    if ors and ands:
        return None
    join: Literal["any", "all"] = "all" if ands else "any"
    return Definition(tuple(r.result for r in readings), join, body_start, body_end)
