"""The sections stage: criteria text split at its inclusion and exclusion headings.

Each section keeps its source lines and their indentation, so the trial page
can show the text as written while the item stage reads the same sections.
"""

from __future__ import annotations

import re
from typing import Literal

import msgspec

from trialfinder.criteria.clean import strip_control_characters, unescape_markdown

__all__ = ["CriteriaSection", "CriteriaSectionKind", "split_criteria_sections"]

CriteriaSectionKind = Literal["inclusion", "exclusion", "other"]

# "Inclusion Criteria:", "Key Exclusion Criteria (All Cohorts):", "1) Inclusion Criteria",
# "Inclusion Criteria:1. Men or women..." (the first criterion run onto the heading line).
_SECTION_HEADING = re.compile(
    r"^[#*_\s]*(?:(?:\d{1,2}|[A-Za-z])[.)]\s*)?"
    r"(?P<qualifier>(?:[\w()/,\-]+\s+){0,4}?)(?P<kind>inclusion|exclusion)\s+criteri(?:a|on)"
    r"(?P<rest>[^:.]*)(?::[*_\s\-–]*(?P<content>.*))?$",
    re.IGNORECASE,
)
_MAX_HEADING_LENGTH = 80


class CriteriaSection(msgspec.Struct, frozen=True):
    """One part of the criteria text; ``heading`` is a non-standard heading line kept as text."""

    kind: CriteriaSectionKind
    text: str
    heading: str | None = None


class _Heading(msgspec.Struct, frozen=True):
    kind: CriteriaSectionKind
    heading: str | None  # None for the plain "Inclusion Criteria:" the section title replaces
    content: str | None  # a criterion written on the heading line itself


def _section_heading(line: str) -> _Heading | None:
    """The inclusion/exclusion heading on ``line``, if it is one."""
    match = _SECTION_HEADING.match(unescape_markdown(line).strip())
    if match is None:
        return None
    content = (match.group("content") or "").strip() or None
    heading_text = match.group(0)[: match.start("content")] if content else match.group(0)
    lowered = heading_text.lower()
    names_both = "inclusion" in lowered and "exclusion" in lowered
    if len(heading_text) > _MAX_HEADING_LENGTH or names_both:
        return None
    kind: CriteriaSectionKind = (
        "inclusion" if match.group("kind").lower() == "inclusion" else "exclusion"
    )
    plain = not match.group("qualifier").strip() and not match.group("rest").strip(" *_")
    return _Heading(kind=kind, heading=None if plain else heading_text.strip(), content=content)


def split_criteria_sections(text: str | None) -> list[CriteriaSection]:
    """Split criteria text at its inclusion/exclusion headings, keeping every other line.

    The first inclusion heading opens the inclusion section and the first exclusion
    heading after it (or the first at all) opens the exclusion section; sub-headings
    such as "Part 1 additional inclusion criteria:" stay as text where they are.
    Text before any heading is an ``other`` section; text with no headings is one.
    """
    if text is None or not text.strip():
        return []
    sections: list[CriteriaSection] = []
    kind: CriteriaSectionKind = "other"
    heading: str | None = None
    body: list[str] = []

    def close() -> None:
        section_text = "\n".join(body).strip("\n")
        if section_text.strip() or heading is not None:
            sections.append(CriteriaSection(kind=kind, text=section_text, heading=heading))

    for line in strip_control_characters(text).split("\n"):
        found = _section_heading(line)
        if found is None or not (
            (found.kind == "inclusion" and kind == "other")
            or (found.kind == "exclusion" and kind != "exclusion")
        ):
            body.append(line)
            continue
        close()
        kind, heading = found.kind, found.heading
        body = [found.content] if found.content else []
    close()
    return sections
