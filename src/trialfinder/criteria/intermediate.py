"""What the criteria pipeline's stages hand each other: tokens, sections, findings.

These ``msgspec`` Structs live apart from the stages that make and read them because
those stages are compiled with mypyc where a C compiler is available (``setup.py``), and
a Struct defined in a compiled module is no Struct: mypyc makes its class a plain native
class, without msgspec's fast construction, ``gc=False`` or ``structs.replace``. Every
name here is re-exported by the module that used to define it
(:mod:`~trialfinder.criteria.lexicon`, :mod:`~trialfinder.criteria.sections`,
:mod:`~trialfinder.criteria.split`, :mod:`~trialfinder.criteria.numbers`,
:mod:`~trialfinder.criteria.parse`, :mod:`~trialfinder.criteria.disease_stage`,
:mod:`~trialfinder.criteria.tnm`).
"""

from __future__ import annotations

import re
from typing import Generic, Literal, TypeVar

import msgspec

from trialfinder.criteria.model import (
    Comparator,
    DiseaseStage,
    GroupLogic,
    Measurement,
    Section,
    TimeWindow,
    TnmStage,
)

__all__ = [
    "ConceptFinding",
    "CriteriaSection",
    "CriteriaSectionKind",
    "CriterionText",
    "DetectionResult",
    "DoseAmount",
    "DoseMention",
    "PhraseMatch",
    "SectionHeading",
    "StageSpan",
    "TextAnalysis",
    "TnmSpan",
    "Token",
    "ValueFinding",
]

CriteriaSectionKind = Literal["inclusion", "exclusion", "other"]

T = TypeVar("T")


class Token(msgspec.Struct, frozen=True, gc=False):
    """A word of the source text with its character span. Untracked by the garbage
    collector (it holds a string and two ints, so it can be in no reference cycle): a parse
    makes a dozen a criterion, and tracked ones cost a quarter more to make."""

    text: str
    start: int
    end: int


class PhraseMatch(msgspec.Struct, Generic[T], frozen=True):
    """A lexicon phrase found in a token list: tokens ``[first, last)``."""

    first: int
    last: int
    value: T


class DetectionResult(msgspec.Struct, frozen=True):
    """A viral load's result against its assay's detection limit: "HBV DNA undetectable"
    (the name at ``[name_start, name_end)``, the result words at ``[start, end)``)."""

    analyte: str
    detected: bool
    name_start: int
    name_end: int
    start: int
    end: int


class CriteriaSection(msgspec.Struct, frozen=True):
    """One part of the criteria text; ``heading`` is a non-standard heading line kept as text."""

    kind: CriteriaSectionKind
    text: str
    heading: str | None = None


class SectionHeading(msgspec.Struct, frozen=True):
    """A line that heads a section, and any criterion written after its colon."""

    kind: CriteriaSectionKind
    heading: str | None  # None for the plain "Inclusion Criteria:" the section title replaces
    content: str | None  # a criterion written on the heading line itself


class CriterionText(msgspec.Struct):
    """A criterion as written: its section, bullet label, text and sub-items."""

    section: Section
    text: str
    label: str | None = None
    children: list[CriterionText] = []
    group: GroupLogic = "all"
    indent: int = 0
    bullet_kind: str = ""


class _NumberWords(msgspec.Struct, frozen=True):
    """The number words of ``cues.json`` and one pattern finding any of them."""

    pattern: re.Pattern[str]
    values: dict[str, int]
    multiples: dict[str, int]


class DoseAmount(msgspec.Struct, frozen=True):
    """One number of a dose mention, in scientific notation and in plain words."""

    coefficient: str  # as written: "6.0"
    exponent: int
    value: float
    scientific: str  # "6.0×10^7"
    plain: str  # "60 million"


class DoseMention(msgspec.Struct, frozen=True):
    """A power-of-ten quantity found in text, with where it is and what it means."""

    written: str  # the text as written: "5, 10,15 and 20 ×10E7 cells"
    start: int
    end: int
    amounts: list[DoseAmount]
    unit: str | None = None  # "cells", "/L"
    connector: str | None = None  # how listed amounts were joined: "and", "or", "to", ","


class ValueFinding(msgspec.Struct):
    """A number with its comparator, optional range end and unit, as found in text; a
    range's ends left out ("> 18 to < 90") are ``lower_open``/``upper_open``."""

    start: int
    end: int
    comparator: Comparator
    value: float
    upper_value: float | None
    unit: str | None
    unit_text: str
    comparator_explicit: bool
    lower_open: bool = False
    upper_open: bool = False


class ConceptFinding(msgspec.Struct):
    concept: str
    category: str
    start: int
    end: int
    text: str
    negated: bool
    historical: bool


class TextAnalysis(msgspec.Struct):
    """What one piece of text says: measurements, concepts and time windows."""

    measurements: list[tuple[Measurement, int, int]]
    concepts: list[tuple[ConceptFinding, TimeWindow | None]]
    covered: list[tuple[int, int]]
    tokens: list[Token]
    lowered: list[str]
    norm: str
    # An age scoped a requirement to a subgroup ("for subjects < 2 years of age"): its words
    # are not content, yet who the requirement is for is the study team's to read.
    scoped: bool = False
    # Every time window the text writes, attached or not ("History within past 2 years of:
    # Significant head trauma"): a disease MeSH names, which no concept carries, is dated
    # against the one window the text writes (``judging.vocabulary_constraints``).
    windows: tuple[TimeWindow, ...] = ()


class StageSpan(msgspec.Struct, frozen=True):
    """A stage or grade found in a text, and where it stands."""

    stage: DiseaseStage
    start: int
    end: int


class _Scan(msgspec.Struct, frozen=True):
    """Every lexicon and cue phrase of one text, from a single pass over its words."""

    analytes: list[PhraseMatch[str]]
    concepts: list[PhraseMatch[str]]
    sex_exemptions: list[PhraseMatch[str]]
    healthy: list[PhraseMatch[str]]
    # Per rule of the context stage, the rule's cues found.
    context: list[list[PhraseMatch[str]]]


class TnmSpan(msgspec.Struct, frozen=True):
    """A TNM found in a text and where it stands (its brackets too: "(T1-4N0M0)")."""

    tnm: TnmStage
    start: int
    end: int
