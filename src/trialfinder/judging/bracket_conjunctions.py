"""A bracket that defines a term by requirements joined by "and": '"Poor risk" GCT (age >= 11
years old and COG stage IV ovarian, …)'. Every part must hold for the definition to hold, so
a value that meets its own part meets nothing while another part is unread (unknown, naming
that part); a value that fails its part fails the definition, and with it a criterion that
asks nothing beside the defined term.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

import msgspec

from trialfinder.criteria.model import Constraint, Measurement
from trialfinder.judging.criterion_words import mention_span
from trialfinder.judging.findings import Finding

__all__ = ["bracketed_conjunctions", "fails_a_bracketed_definition"]


class _Bracket(NamedTuple):
    """The bracket a constraint stands in: where it opens and closes, and its "and" parts
    other than the constraint's own."""

    start: int
    end: int
    others: list[tuple[int, int]]


# "and" joining two requirements; not "and/or", which joins alternatives.
_AND = re.compile(r"\s+and\s+(?!/)", re.IGNORECASE)
# A part that is itself a list or an alternative ("ANC, platelets and …") is no single
# requirement.
_LISTED = re.compile(r"[,;]|\bor\b", re.IGNORECASE)
# What may follow the bracket when the criterion asks nothing beside the defined term.
_CLOSES = re.compile(r"[\s,.;]*(?:\b(?:or|and)\b)?[\s,.;]*$", re.IGNORECASE)


def _enclosing(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The innermost bracket around ``text[start:end]``, or None."""
    depth = 0
    for position in range(start - 1, -1, -1):
        depth += (text[position] == ")") - (text[position] == "(")
        if depth < 0:
            opened = position
            break
    else:
        return None
    depth = 0
    for position in range(end, len(text)):
        depth += (text[position] == "(") - (text[position] == ")")
        if depth < 0:
            return opened, position
    return None


def _conjoined(text: str, constraint: Constraint) -> _Bracket | None:
    """The bracket a measurement stands in as one of several parts joined by "and"."""
    if not isinstance(constraint, Measurement):
        return None
    span = mention_span(text, constraint.text)
    if span is None:
        return None
    bracket = _enclosing(text, *span)
    if bracket is None:
        return None
    opened, closed = bracket
    parts: list[tuple[int, int]] = []
    begin = opened + 1
    for joint in _AND.finditer(text, opened + 1, closed):
        if span[0] < joint.end() and joint.start() < span[1]:
            continue  # "12 and 17 years": the measurement's own words
        parts.append((begin, joint.start()))
        begin = joint.end()
    parts.append((begin, closed))
    own = next((p for p in parts if p[0] <= span[0] and span[1] <= p[1]), None)
    if len(parts) < 2 or own is None or _LISTED.search(text, own[0], own[1]):
        return None
    return _Bracket(opened, closed, [p for p in parts if p != own])


def bracketed_conjunctions(
    text: str, constraints: Sequence[Constraint], findings: Sequence[Finding]
) -> list[Finding]:
    """Each finding, a met part of an "and" bracket left unknown while another part is
    unread (no constraint's words stand in it)."""
    places = [mention_span(text, c.text) if c.text else None for c in constraints]
    judged: list[Finding] = []
    for constraint, finding in zip(constraints, findings, strict=True):
        bracket = _conjoined(text, constraint) if finding.truth == "true" else None
        unread = (
            []
            if bracket is None
            else [
                (start, end)
                for start, end in bracket.others
                if not any(p is not None and start <= p[0] and p[1] <= end for p in places)
            ]
        )
        if unread:
            asked = text[unread[0][0] : unread[0][1]].strip()
            also = f'the bracket also asks "{asked}", which needs the study team'
            reason = f"{finding.reason}; {also}"
            finding = msgspec.structs.replace(finding, truth="unknown", reason=reason)
        judged.append(finding)
    return judged


def fails_a_bracketed_definition(text: str, constraints: Sequence[Constraint]) -> bool:
    """Whether a constraint the patient fails is a part of an "and" bracket that defines the
    criterion's one term ('"Poor risk" GCT (age >= 11 years old and …)'): nothing before the
    bracket is a list or alternative, and nothing but a joining word follows it."""
    for constraint in constraints:
        bracket = _conjoined(text, constraint)
        if (
            bracket is not None
            and not _LISTED.search(text, 0, bracket.start)
            and _CLOSES.match(text, bracket.end + 1)
        ):
            return True
    return False
