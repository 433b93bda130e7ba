"""A stage or grade written on a condition, read the same way in criteria and notes.

Issue 12: a criterion is met only when the facts entail it, stage and grade included. A
trial for "Stage I, II or IIIA NSCLC" does not take a stage IIIB patient, and an exclusion
of "grade >= 2 diarrhoea" does not apply to grade 1. One reader gives both sides a
:class:`~trialfinder.criteria.model.DiseaseStage` (scale and ranges), so the judge compares
like with like. The words are data (``data/criteria/stages.json``): the stage and grade
words, the comparators before and after a value, the list and range joiners.

A value is a number (Roman or Arabic, 0 to the scale's highest), then an optional
sub-stage letter and digit ("IIIA", "IB2"). A range's low end is read as the value's
lowest sub-stage, its high end as its highest: "stage III" spans IIIA to IIIC, so a
patient's "stage III" is neither inside nor outside "stage I, II or IIIA" (unknown). TNM
("T2N1M0") is read by ``criteria.tnm``, not mapped to a stage: the AJCC tables differ by
cancer and edition.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from importlib import resources
from typing import Literal, NamedTuple

import msgspec

from trialfinder.criteria.intermediate import StageSpan
from trialfinder.criteria.lexicon import phrase_alternation
from trialfinder.criteria.model import DiseaseStage
from trialfinder.criteria.tables import StageRules

__all__ = [
    "StageRules",
    "StageSpan",
    "alone_beside",
    "attached_index",
    "attached_stage",
    "joined_ranges",
    "load_stage_rules",
    "lone_stage",
    "lowered_text",
    "stage_relation",
    "stage_spans",
]

Scale = Literal["stage", "grade"]
Relation = Literal["inside", "outside", "overlaps"]


@functools.cache
def load_stage_rules() -> StageRules:
    """Load and validate ``data/criteria/stages.json``: every scale has a highest value."""
    data = resources.files("trialfinder").joinpath("data/criteria/stages.json").read_bytes()
    rules = msgspec.json.decode(data, type=StageRules)
    if set(rules.highest) != {"stage", "grade"}:
        raise ValueError("stages.json: highest must name the stage and grade scales")
    return rules


# What every stage and grade word of ``stages.json`` holds (tests hold the data to it): a text
# with none of them and no letter grade is not searched for a stage.
_WORD_CUES = ("stag", "grad", "stadium", "figo")
_ROMAN = {"0": 0, "i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5}
# A value ends at a word's end; a full stop ends it too unless a digit follows ("Stage IIB."
# ends a sentence, "grade 2.5" is no grade).
_CODE = r"(?:(?<![a-z0-9])(?:iv|v|i{1,3})|(?<![0-9.])[0-5])(?:[a-d][1-3]?)?(?![a-z0-9]|\.\d)"


class _Patterns(NamedTuple):
    stage: re.Pattern[str]
    joiner: re.Pattern[str]
    at_least: frozenset[str]
    ranges: frozenset[str]
    gap_after: re.Pattern[str]
    gap_before: re.Pattern[str]
    # A letter grade and its value ("g3"), which a letter-grade match holds: far cheaper to
    # look for than a match, and the letter alone ("g") is in nearly every text.
    letter_value: re.Pattern[str]


@functools.cache
def _patterns() -> _Patterns:
    rules = load_stage_rules()
    before = phrase_alternation([*rules.at_least_before, *rules.at_most_before])
    after = phrase_alternation([*rules.at_least_after, *rules.at_most_after])
    joiners = phrase_alternation([*rules.list_joiners, *rules.range_joiners])
    words = phrase_alternation([*rules.stage_words, *rules.grade_words])
    letters = phrase_alternation(rules.letter_grades)
    value = rf"(?P<first>{_CODE})(?P<more>(?:\s*(?:{joiners})\s*(?:(?:{words})\s*)?{_CODE})*)"
    stage = re.compile(
        rf"(?:(?P<pre>{before})\s*)?"
        rf"(?:(?<![a-z])(?P<word>{words})\s*:?\s*(?:(?P<pre2>{before})\s*)?{value}"
        rf"|(?<![a-z0-9])(?P<letter>{letters})(?P<lvalue>[0-5])(?![a-z0-9]))"
        rf"(?:\s*(?P<post>{after})(?![a-z]))?"
    )
    stops = phrase_alternation(rules.before_gap_stops) if rules.before_gap_stops else "(?!)"
    return _Patterns(
        stage=stage,
        joiner=re.compile(rf"\s*(?P<joiner>{joiners})\s*(?:(?:{words})\s*)?(?P<code>{_CODE})"),
        at_least=frozenset([*rules.at_least_before, *rules.at_least_after]),
        ranges=frozenset(rules.range_joiners),
        gap_after=re.compile(rf"[\s,(:]*(?:(?:{phrase_alternation(rules.gap_words)})\s+)?"),
        gap_before=re.compile(
            rf"\s*(?:(?!(?:{stops})\b)[a-z][a-z'-]*\s+){{0,{rules.before_gap_words}}}"
        ),
        letter_value=re.compile(rf"(?:{letters})[0-5]"),
    )


def _code(written: str) -> str:
    """ "IIIa" → "3a", "2" → "2", "IB2" → "1b2"."""
    found = re.fullmatch(r"(iv|v|i{1,3}|[0-5])([a-d][1-3]?)?", written)
    if found is None:
        raise ValueError(written)
    number = found.group(1)
    main = int(number) if number.isdigit() else _ROMAN[number]
    return f"{main}{found.group(2) or ''}"


def _low(code: str) -> tuple[int, str]:
    return int(code[0]), code[1:]


def _high(code: str) -> tuple[int, str]:
    return int(code[0]), code[1:] + "~"


def _shifted(code: str, by: int, scale: Scale) -> str | None:
    """The next value up (or down) of a plain number: "> grade 1" is grade 2 and above."""
    if len(code) != 1:
        return None  # "> IIA": no next sub-stage to name
    value = int(code) + by
    return str(value) if 0 <= value <= load_stage_rules().highest[scale] else None


def _stage_of(match: re.Match[str], text: str) -> DiseaseStage | None:
    rules = load_stage_rules()
    patterns = _patterns()
    word = match.group("word")
    scale: Scale = "grade" if word is None or word in rules.grade_words else "stage"
    if match.group("letter") is not None:
        codes = [match.group("lvalue")]
        joiners: list[str] = []
    else:
        first = match.group("first")
        roman = not first[0].isdigit()
        codes = [_code(first)]
        joiners = []
        end = match.end("first")
        for more in patterns.joiner.finditer(match.group("more") or ""):
            written = more.group("code")
            if (not written[0].isdigit()) != roman:
                break  # "stage IV, 2 prior lines": a number of another kind is no stage
            codes.append(_code(written))
            joiners.append(more.group("joiner"))
            end = match.start("more") + more.end()
        if end < match.end("more"):
            return _stage_of_words(scale, codes, joiners, None, text, match.start(), end)
    comparator = match.group("pre") or match.group("pre2") or match.group("post")
    return _stage_of_words(scale, codes, joiners, comparator, text, match.start(), match.end())


def _stage_of_words(
    scale: Scale,
    codes: list[str],
    joiners: list[str],
    comparator: str | None,
    text: str,
    start: int,
    end: int,
) -> DiseaseStage | None:
    """The stage the values, their joiners and a comparator say, or None when they say none
    a patient's could be compared with ("grade 2-3 or higher")."""
    rules = load_stage_rules()
    patterns = _patterns()
    top = str(rules.highest[scale])
    if any(int(c[0]) > rules.highest[scale] for c in codes):
        return None
    ranges = joined_ranges(codes, joiners, patterns.ranges)
    if comparator is not None:
        if len(ranges) != 1 or ranges[0][0] != ranges[0][1]:
            return None  # "grade 2-3 or higher": no single bound
        code = ranges[0][0]
        strict = comparator in {">", "<", "greater than", "higher than", "more than"} | {
            "less than",
            "lower than",
            "above",
            "below",
        }
        upward = comparator in patterns.at_least
        if strict:
            moved = _shifted(code, 1 if upward else -1, scale)
            if moved is None:
                return None
            code = moved
        ranges = [(code, top)] if upward else [("0", code)]
    return DiseaseStage(scale, tuple(ranges), text[start:end].strip())


def joined_ranges(
    codes: Sequence[str], joiners: Sequence[str], range_joiners: frozenset[str]
) -> list[tuple[str, str]]:
    """Listed values as ranges: two values a range joiner stands between are one range's
    ends ("IIIB-IV", "T1-4"), any other value a range of itself ("I, II or IIIA"). Stage,
    grade and TNM values are listed alike (``criteria.tnm``)."""
    ranges: list[tuple[str, str]] = []
    index = 0
    while index < len(codes):
        if index < len(joiners) and joiners[index] in range_joiners:
            ranges.append((codes[index], codes[index + 1]))
            index += 2
        else:
            ranges.append((codes[index], codes[index]))
            index += 1
    return ranges


def lowered_text(text: str) -> str:
    """The text lowercased letter by letter, its length kept ("İ" lowercases to two
    characters), so offsets found in it are the text's own."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in text)


def stage_spans(text: str) -> list[StageSpan]:
    """Every stage or grade written in ``text`` ("stage IIIB-IV", "grade >= 2", "G3"), with
    its offsets. The text is read lowercased; the offsets and words are the text's own."""
    lowered = lowered_text(text)
    patterns = _patterns()
    if (
        not any(cue in lowered for cue in _WORD_CUES)
        and patterns.letter_value.search(lowered) is None
    ):
        return []  # no stage or grade word, no letter grade: nothing the pattern could match
    found: list[StageSpan] = []
    for match in patterns.stage.finditer(lowered):
        stage = _stage_of(match, text)
        if stage is None:
            continue
        span = StageSpan(stage, match.start(), match.start() + len(stage.text))
        last = found[-1] if found else None
        if (
            last is not None
            and last.stage.scale == stage.scale
            and _LIST_GAP.fullmatch(lowered, last.end, span.start) is not None
        ):
            # "Stage IIIB/IIIC (not amenable to surgery …) or Stage IV NSCLC": one list.
            written = text[last.start : span.end]
            merged = DiseaseStage(stage.scale, (*last.stage.ranges, *stage.ranges), written)
            span = StageSpan(merged, last.start, span.end)
            found.pop()
        found.append(span)
    return found


def lone_stage(text: str) -> DiseaseStage | None:
    """The stage a text writes alone, naming no disease ("Must have Ann Arbor Stage II-IV
    disease.", "Stage I-IV."): one stage, and beside it only the words ``alone_words`` of
    ``stages.json`` allow. None when the text writes a grade, more than one stage, or any
    other word ("Stage IV with bone metastases" asks more than a stage)."""
    spans = stage_spans(text)
    if len(spans) != 1 or spans[0].stage.scale != "stage":
        return None
    span = spans[0]
    return span.stage if alone_beside(text, span.start, span.end) else None


def alone_beside(text: str, start: int, end: int) -> bool:
    """Whether only the words ``alone_words`` of ``stages.json`` stand in ``text`` beside its
    span ``start:end`` (a stage or a TNM written as a criterion of its own)."""
    rest = lowered_text(text[:start] + " " + text[end:])
    allowed = frozenset(load_stage_rules().alone_words)
    return all(word in allowed for word in re.findall(r"[a-z0-9]+", rest))


# Between two stages of one list: maybe a bracketed aside, then "or", "and" or a comma.
_LIST_GAP = re.compile(r"\s*(?:\([^()]{0,120}\)\s*)?(?:,\s*)?(?:or|and|and/or)\s*")


def attached_stage(
    text: str, start: int, end: int, spans: Sequence[StageSpan] | None = None
) -> DiseaseStage | None:
    """The stage or grade written on the condition at ``start:end`` of ``text``: right before
    it, maybe past a few words of its name ("FIGO stage IB2–IIB cervical cancer"), or right
    after it ("cervical cancer (Stage IIIB-IVA)", "diarrhoea of grade 3")."""
    spans = stage_spans(text) if spans is None else spans
    if not spans:
        return None
    index = attached_index(text, start, end, [(span.start, span.end) for span in spans])
    return None if index is None else spans[index].stage


def attached_index(text: str, start: int, end: int, spans: Sequence[tuple[int, int]]) -> int | None:
    """Which of ``spans`` (offsets in ``text``) is written on the condition at ``start:end``
    by the stage's placement rules: right before it, maybe past a few words of its name, or
    right after it. One rule for stage, grade and TNM (``criteria.tnm``), so they attach alike."""
    lowered = lowered_text(text)
    patterns = _patterns()
    for index, (_, span_end) in enumerate(spans):
        if span_end <= start:
            gap = patterns.gap_before.fullmatch(lowered, span_end, start)
            if gap is not None:
                return index
    for index, (span_start, _) in enumerate(spans):
        if span_start >= end:
            gap = patterns.gap_after.fullmatch(lowered, end, span_start)
            if gap is not None:
                return index
    return None


def stage_relation(patient: DiseaseStage, wanted: DiseaseStage) -> Relation:
    """Whether the patient's stage lies inside the criterion's set, outside it, or overlaps
    it (the note's "stage III" against "stage I, II or IIIA": neither)."""
    low = min(_low(a) for a, _ in patient.ranges)
    high = max(_high(b) for _, b in patient.ranges)
    for a, b in wanted.ranges:
        if _low(a) <= low and high <= _high(b):
            return "inside"
    if all(high < _low(a) or low > _high(b) for a, b in wanted.ranges):
        return "outside"
    return "overlaps"
