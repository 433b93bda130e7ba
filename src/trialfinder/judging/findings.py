"""What the judge's readers answer: a constraint's truth with the fact it rests on
(``Finding``), a criterion's status with its evidence and reason (``Outcome``), and the one
way their reasons are joined.

Every reader of one concept (measurements, time windows, the silence policy, alternatives)
answers in these types, and ``match`` combines them; they live below all of them so that
no reader has to import the judge.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

import msgspec

__all__ = ["Finding", "Outcome", "Status", "Truth", "each_once", "joined_reasons"]


Status = Literal["met", "not_met", "unknown", "not_applicable"]


Truth = Literal["true", "false", "unknown"]


class Finding(msgspec.Struct):
    """What one constraint says about the patient, and the fact it rests on."""

    truth: Truth
    evidence: str | None
    reason: str


Outcome = tuple[Status, str | None, str]


def joined_reasons(findings: Iterable[Finding]) -> str:
    """The findings' reasons, each said once: a criterion that names TSH in three
    clauses gave "no TSH value given; no TSH value given", and a condition's finding
    that already gives the class qualifying it repeated the class's own."""
    return each_once(f.reason for f in findings)


def each_once(reasons: Iterable[str]) -> str:
    """Reasons joined by "; ", each part said once."""
    return "; ".join(dict.fromkeys(part for r in reasons for part in r.split("; ") if part))
