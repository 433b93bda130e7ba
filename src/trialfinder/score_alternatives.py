"""Ranges of one score a criterion writes as alternatives, and the words each one owns.

"International Prognostic Index (IPI) score 1 or 2 with LDH > 1.3 x ULN and/or bulky
disease … OR IPI ≥ 3" (NCT06356129): two ranges of one score that no value can meet
together ask for one or the other, so an inclusion judged as if all its measurements must
hold failed every patient. Each alternative owns the words from where it is written to
where the next alternative is written; the words before the first qualify every one. Only
scores (``kind`` "score" in ``data/criteria/analytes.json``) are read so: a score's ranges
written apart are the usual way of giving its branches, while two ranges of a laboratory
value are as often the two ends of one range.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence

import msgspec

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import Constraint, Measurement

__all__ = ["ScoreAlternatives", "score_alternatives"]


class ScoreAlternatives(msgspec.Struct, frozen=True):
    """Which constraints are a score's alternatives, and which alternative owns the rest.

    ``alternatives`` are the indexes of the score's ranges in the order written;
    ``owner`` maps the index of every other constraint written inside an alternative's
    words to the position (in ``alternatives``) of that alternative; a constraint not in
    ``owner`` is written before the first and qualifies every one. ``spans`` are each
    alternative's words (start, end) in the criterion text, the first starting where the
    shared words end."""

    alternatives: tuple[int, ...]
    owner: dict[int, int]
    spans: tuple[tuple[int, int], ...]


def _bounds(constraint: Measurement) -> tuple[float, bool, float, bool] | None:
    """The range a measurement asks: (low, low included, high, high included)."""
    value = constraint.canonical_value
    if value is None:
        return None
    match constraint.comparator:
        case "between":
            upper = constraint.canonical_upper
            if upper is None:
                return None
            return value, not constraint.lower_open, upper, not constraint.upper_open
        case ">":
            return value, False, math.inf, False
        case ">=":
            return value, True, math.inf, False
        case "<":
            return -math.inf, False, value, False
        case "<=":
            return -math.inf, False, value, True
        case _:
            return value, True, value, True


def _disjoint(ranges: Sequence[tuple[float, bool, float, bool]]) -> bool:
    """Whether no two of the ranges share a value."""
    ordered = sorted(ranges)
    for (_, _, high, high_in), (low, low_in, _, _) in itertools.pairwise(ordered):
        if high > low or (high == low and high_in and low_in):
            return False
    return True


def _positions(criterion_text: str, constraints: Sequence[Constraint]) -> list[int] | None:
    """Where each constraint's words are written, each looked for after the one before
    (constraints come in the order written); None when one is not found."""
    lowered = criterion_text.lower()
    positions: list[int] = []
    start = 0
    for constraint in constraints:
        text = getattr(constraint, "text", "").lower()
        at = lowered.find(text, start) if text else -1
        if at < 0:
            at = lowered.find(text) if text else -1
        if at < 0:
            return None
        positions.append(at)
        start = at
    return positions


def score_alternatives(
    criterion_text: str, constraints: Sequence[Constraint]
) -> ScoreAlternatives | None:
    """The ranges of one score the criterion gives as alternatives (two or more that no
    value meets together), or None when it gives none."""
    analytes = load_lexicon().analytes
    by_score: dict[str, list[int]] = {}
    for index, constraint in enumerate(constraints):
        if isinstance(constraint, Measurement) and analytes[constraint.analyte].kind == "score":
            by_score.setdefault(constraint.analyte, []).append(index)
    for indexes in by_score.values():
        if len(indexes) < 2:
            continue
        ranges = [_bounds(constraints[i]) for i in indexes]  # type: ignore[arg-type]
        if any(r is None for r in ranges) or not _disjoint([r for r in ranges if r]):
            continue
        positions = _positions(criterion_text, constraints)
        if positions is None:
            return None
        starts = [positions[i] for i in indexes]
        if starts != sorted(starts):
            return None
        owner: dict[int, int] = {}
        for index, position in enumerate(positions):
            if index in indexes or position < starts[0]:
                continue
            owner[index] = sum(1 for start in starts if start <= position) - 1
        ends = [*starts[1:], len(criterion_text)]
        spans = tuple(zip(starts, ends, strict=True))
        return ScoreAlternatives(tuple(indexes), owner, spans)
    return None
