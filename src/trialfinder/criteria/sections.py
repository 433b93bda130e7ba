"""The sections stage: criteria text split at its inclusion and exclusion headings.

Each section keeps its source lines and their indentation, so the trial page
can show the text as written while the item stage reads the same sections.
"""

from __future__ import annotations

import functools
import re

from trialfinder.criteria.clean import strip_control_characters, unescape_markdown
from trialfinder.criteria.intermediate import CriteriaSection, CriteriaSectionKind, SectionHeading
from trialfinder.criteria.lexicon import load_lexicon

__all__ = [
    "CriteriaSection",
    "CriteriaSectionKind",
    "SectionHeading",
    "section_heading",
    "split_criteria_sections",
]


# "Inclusion Criteria:", "Key Exclusion Criteria (All Cohorts):", "1) Inclusion Criteria",
# "Inclusion Criteria:1. Men or women..." (the first criterion run onto the heading line),
# "[Inclusion Criteria]" (a heading in square brackets).
_SECTION_HEADING = re.compile(
    r"^[#*_\s\[]*(?:(?:\d{1,2}|[A-Za-z])[.)]\s*)?"
    r"(?P<qualifier>(?:[\w()/,\-]+\s+){0,4}?)(?P<kind>inclusion|exclusion)\s+criteri(?:a|on)"
    r"(?P<rest>[^:.]*)(?::[*_\s\-–]*(?P<content>.*))?$",
    re.IGNORECASE,
)
# The exclusion heading run into the inclusion section's one line after a dash ("… of HER2
# expression - Exclusion Criteria:1. Have a history …"): the section starts there.
_RUN_IN_EXCLUSION = re.compile(r"\s[-–]\s+(?=exclusion\s+criteri(?:a|on)\s*:)", re.IGNORECASE)
_MAX_HEADING_LENGTH = 80
_HEADER_TRAILER = ":：.-–—"
_LEADING_BULLET = re.compile(r"^[#*_\s\-•]*(?:(?:\d{1,2}|[A-Za-z])[.)]\s*)?")


@functools.cache
def _header_phrases() -> dict[str, CriteriaSectionKind]:
    """The header phrases of ``data/criteria/cues.json`` ("disease characteristics", ...)."""
    cues = load_lexicon().cues
    phrases: dict[str, CriteriaSectionKind] = dict.fromkeys(cues.inclusion_headers, "inclusion")
    phrases.update(dict.fromkeys(cues.exclusion_headers, "exclusion"))
    return phrases


@functools.cache
def _heading_cues() -> tuple[str, ...]:
    """Text any heading line contains: "inclusion" or "exclusion" (the heading pattern
    needs one), or a header phrase; phrases containing another are left out."""
    phrases = {"inclusion", "exclusion", *_header_phrases()}
    return tuple(
        sorted(
            phrase
            for phrase in phrases
            if not any(other != phrase and other in phrase for other in phrases)
        )
    )


def _may_be_heading(cleaned: str) -> bool:
    """False for a line neither recogniser could take (most lines of criteria text):
    substring tests instead of two patterns and a substitution. Text
    beyond ASCII, where case-insensitive matching is more than lowercasing, is left
    to the recognisers."""
    if not cleaned.isascii():
        return True
    # ``map`` over the bound ``__contains__``: no Python frame a cue, and most lines test all.
    return any(map(cleaned.lower().__contains__, _heading_cues()))


def _without_trailer(text: str) -> str:
    """``text`` without trailing spaces, colons, dots and dashes. A scan from the end, not a
    ``[...]+$`` regex: that one retries from every position of a long run of spaces, which
    made one 200,000-space line take minutes (quadratic)."""
    end = len(text)
    while end and (text[end - 1].isspace() or text[end - 1] in _HEADER_TRAILER):
        end -= 1
    return text[:end]


def _phrase_heading(line: str) -> SectionHeading | None:
    """A header phrase from the cues file, alone before an optional colon."""
    head, colon, rest = _LEADING_BULLET.sub("", line).partition(":")
    candidate = _without_trailer(head).strip().lower()
    if len(candidate) > _MAX_HEADING_LENGTH:
        return None
    kind = _header_phrases().get(candidate)
    if kind is None:
        return None
    plain = candidate in ("inclusion criteria", "exclusion criteria")
    content = rest.strip(" *_-–") if colon else ""
    heading = f"{head.strip()}{colon}"
    return SectionHeading(kind=kind, heading=None if plain else heading, content=content or None)


@functools.lru_cache(maxsize=16_384)
def section_heading(line: str) -> SectionHeading | None:
    """The inclusion/exclusion heading on ``line``, if it is one.

    Kept per line: the sections stage and the item stage ask of the same lines, and
    headings and boilerplate lines recur across trials.

    One recogniser for the page and the parser: "Inclusion Criteria:", "Key
    Exclusion Criteria (All Cohorts):", "1) Inclusion Criteria:- 1. Adults", or
    a header phrase of the cues file. A line naming both ("Inclusion and
    Exclusion Criteria:") heads neither.
    """
    cleaned = unescape_markdown(line).strip()
    if not _may_be_heading(cleaned):
        return None
    match = _SECTION_HEADING.match(cleaned)
    if match is None:
        return _phrase_heading(cleaned)
    content = (match.group("content") or "").strip() or None
    heading_text = match.group(0)[: match.start("content")] if content else match.group(0)
    lowered = heading_text.lower()
    names_both = "inclusion" in lowered and "exclusion" in lowered
    if len(heading_text) > _MAX_HEADING_LENGTH or names_both:
        return None
    kind: CriteriaSectionKind = (
        "inclusion" if match.group("kind").lower() == "inclusion" else "exclusion"
    )
    plain = not match.group("qualifier").strip() and not match.group("rest").strip(" *_]")
    return SectionHeading(
        kind=kind, heading=None if plain else heading_text.strip(), content=content
    )


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

    for whole in strip_control_characters(text).split("\n"):
        run_in = _RUN_IN_EXCLUSION.search(whole) if kind != "exclusion" else None
        for line in (
            (whole,) if run_in is None else (whole[: run_in.start()], whole[run_in.end() :])
        ):
            found = section_heading(line)
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
