"""How a trial reads to a person: plain-word labels, doses in plain numbers and
the text view of one trial (``trialfinder show NCTID``).

Everything here is a pure function of a :class:`~trialfinder.model.Trial`, so the
CLI, the web page and the API show the same words. The text view follows the
reference trial pages section by section. Registry text is untrusted: terminal
control characters are removed from everything this module returns, and the
registry's markdown escapes (``\\>``, ``\\[``) are undone so readers see ``>``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Literal

import msgspec

from trialfinder.match import DISCLAIMER, MatchReport
from trialfinder.model import Age, ArmGroup, Contact, Enrollment, Location, Trial

__all__ = [
    "CriteriaSection",
    "CriteriaSectionKind",
    "DoseAmount",
    "DoseMention",
    "age_range_label",
    "allocation_label",
    "arm_type_label",
    "enrollment_label",
    "find_doses",
    "format_dose",
    "healthy_volunteers_label",
    "intervention_model_label",
    "intervention_type_label",
    "location_label",
    "masking_label",
    "observational_model_label",
    "participants_label",
    "phase_label",
    "plain_number",
    "primary_purpose_label",
    "render_markdown_lines",
    "render_report_text",
    "render_trial_text",
    "sex_label",
    "split_criteria_sections",
    "status_label",
    "strip_control_characters",
    "study_type_label",
    "time_perspective_label",
    "unescape_markdown",
]

# ---------------------------------------------------------------------------
# Labels: registry enum spellings -> the words the reference pages use.
# Unknown values fall back to the enum turned into words, never to an error.

_STATUS_LABELS = {
    "RECRUITING": "Enrolling",
    "NOT_YET_RECRUITING": "Not yet enrolling",
    "ENROLLING_BY_INVITATION": "Enrolling by invitation",
    "ACTIVE_NOT_RECRUITING": "Active, not recruiting",
    "COMPLETED": "Completed",
    "SUSPENDED": "Suspended",
    "TERMINATED": "Terminated",
    "WITHDRAWN": "Withdrawn",
    "UNKNOWN": "Unknown",
    "AVAILABLE": "Available",
    "NO_LONGER_AVAILABLE": "No longer available",
    "TEMPORARILY_NOT_AVAILABLE": "Temporarily not available",
    "APPROVED_FOR_MARKETING": "Approved for marketing",
    "WITHHELD": "Withheld",
}
_PHASE_NUMBERS = {"PHASE1": "1", "PHASE2": "2", "PHASE3": "3", "PHASE4": "4"}
_PHASE_LABELS = {"EARLY_PHASE1": "Early Phase 1"}
_NOT_APPLICABLE = {"NA", "N/A", "NOT_APPLICABLE"}
_STUDY_TYPE_LABELS = {
    "INTERVENTIONAL": "Interventional",
    "OBSERVATIONAL": "Observational",
    "EXPANDED_ACCESS": "Expanded access",
}
_PRIMARY_PURPOSE_LABELS = {
    "TREATMENT": "Treatment",
    "PREVENTION": "Prevention",
    "DIAGNOSTIC": "Diagnostic",
    "SUPPORTIVE_CARE": "Supportive care",
    "SCREENING": "Screening",
    "HEALTH_SERVICES_RESEARCH": "Health services research",
    "BASIC_SCIENCE": "Basic science",
    "DEVICE_FEASIBILITY": "Device feasibility",
    "ECT": "Educational/counseling/training",
    "OTHER": "Other",
}
_ALLOCATION_LABELS = {"RANDOMIZED": "Randomized", "NON_RANDOMIZED": "Non-Randomized", "NA": "N/A"}
_INTERVENTION_MODEL_LABELS = {
    "SINGLE_GROUP": "Single Group Assignment",
    "PARALLEL": "Parallel Assignment",
    "CROSSOVER": "Crossover Assignment",
    "FACTORIAL": "Factorial Assignment",
    "SEQUENTIAL": "Sequential Assignment",
}
_MASKING_LABELS = {
    "NONE": "None (Open label)",
    "SINGLE": "Single Blind",
    "DOUBLE": "Double Blind",
    "TRIPLE": "Triple Blind",
    "QUADRUPLE": "Quadruple Blind",
}
_WHO_MASKED_LABELS = {
    "PARTICIPANT": "Participant",
    "CARE_PROVIDER": "Care Provider",
    "INVESTIGATOR": "Investigator",
    "OUTCOMES_ASSESSOR": "Outcomes Assessor",
}
_OBSERVATIONAL_MODEL_LABELS = {
    "COHORT": "Cohort",
    "CASE_CONTROL": "Case-Control",
    "CASE_ONLY": "Case-Only",
    "CASE_CROSSOVER": "Case-Crossover",
    "ECOLOGIC_OR_COMMUNITY": "Ecologic or Community",
    "FAMILY_BASED": "Family-Based",
    "DEFINED_POPULATION": "Defined Population",
    "NATURAL_HISTORY": "Natural History",
}
_TIME_PERSPECTIVE_LABELS = {
    "PROSPECTIVE": "Prospective",
    "RETROSPECTIVE": "Retrospective",
    "CROSS_SECTIONAL": "Cross-Sectional",
}
_ARM_TYPE_LABELS = {
    "EXPERIMENTAL": "Experimental",
    "ACTIVE_COMPARATOR": "Active Comparator",
    "PLACEBO_COMPARATOR": "Placebo Comparator",
    "SHAM_COMPARATOR": "Sham Comparator",
    "NO_INTERVENTION": "No Intervention",
}
_INTERVENTION_TYPE_LABELS = {
    "DRUG": "Drug",
    "DEVICE": "Device",
    "BIOLOGICAL": "Biological",
    "PROCEDURE": "Procedure",
    "RADIATION": "Radiation",
    "BEHAVIORAL": "Behavioral",
    "GENETIC": "Genetic",
    "DIETARY_SUPPLEMENT": "Dietary Supplement",
    "COMBINATION_PRODUCT": "Combination Product",
    "DIAGNOSTIC_TEST": "Diagnostic Test",
}
_SEX_LABELS = {"ALL": "All", "FEMALE": "Female", "MALE": "Male"}


def _enum_words(value: str) -> str:
    """``SOME_NEW_VALUE`` -> ``Some new value``: a readable fallback for unknown enums."""
    words = value.replace("_", " ").strip().lower()
    return words[:1].upper() + words[1:]


def _label(labels: dict[str, str], value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    return labels.get(value.strip().upper()) or _enum_words(value)


def status_label(status: str | None) -> str | None:
    """``RECRUITING`` -> ``Enrolling``, as the reference pages say it."""
    return _label(_STATUS_LABELS, status)


def phase_label(phases: Sequence[str]) -> str | None:
    """``["PHASE1", "PHASE2"]`` -> ``Phase 1/2``; "not applicable" phases show nothing."""
    shown = [phase.strip().upper() for phase in phases if phase and phase.strip()]
    shown = [phase for phase in shown if phase not in _NOT_APPLICABLE]
    if not shown:
        return None
    if all(phase in _PHASE_NUMBERS for phase in shown):
        return "Phase " + "/".join(_PHASE_NUMBERS[phase] for phase in shown)
    return "/".join(
        _PHASE_LABELS.get(phase)
        or (f"Phase {_PHASE_NUMBERS[phase]}" if phase in _PHASE_NUMBERS else _enum_words(phase))
        for phase in shown
    )


def study_type_label(study_type: str | None) -> str | None:
    return _label(_STUDY_TYPE_LABELS, study_type)


def primary_purpose_label(purpose: str | None) -> str | None:
    return _label(_PRIMARY_PURPOSE_LABELS, purpose)


def allocation_label(allocation: str | None) -> str | None:
    return _label(_ALLOCATION_LABELS, allocation)


def intervention_model_label(model: str | None) -> str | None:
    return _label(_INTERVENTION_MODEL_LABELS, model)


def masking_label(masking: str | None, who_masked: Sequence[str] = ()) -> str | None:
    """``DOUBLE`` + who is masked -> ``Double Blind (Participant, Investigator)``."""
    label = _label(_MASKING_LABELS, masking)
    if label is None:
        return None
    masked = [_label(_WHO_MASKED_LABELS, who) for who in who_masked]
    names = [name for name in masked if name is not None]
    return f"{label} ({', '.join(names)})" if names else label


def observational_model_label(model: str | None) -> str | None:
    return _label(_OBSERVATIONAL_MODEL_LABELS, model)


def time_perspective_label(perspective: str | None) -> str | None:
    return _label(_TIME_PERSPECTIVE_LABELS, perspective)


def arm_type_label(arm_type: str | None) -> str | None:
    """``EXPERIMENTAL`` -> ``Experimental group``."""
    label = _label(_ARM_TYPE_LABELS, arm_type)
    return f"{label} group" if label is not None else None


def intervention_type_label(intervention_type: str | None) -> str | None:
    return _label(_INTERVENTION_TYPE_LABELS, intervention_type)


def sex_label(sex: str | None) -> str | None:
    return _label(_SEX_LABELS, sex)


def healthy_volunteers_label(accepts_healthy_volunteers: bool | None) -> str | None:
    if accepts_healthy_volunteers is None:
        return None
    return "Accepts Healthy Volunteers" if accepts_healthy_volunteers else "No Healthy Volunteers"


_AGE_TEXT = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([a-z]+?)s?\s*$", re.IGNORECASE)


def _age_parts(age: Age) -> tuple[str, str] | None:
    """``6 Months`` -> (``6``, ``months``); unusable text (``N/A``) -> None."""
    if age.text is None or age.years is None:
        return None
    match = _AGE_TEXT.match(age.text)
    if match is None:
        return None
    return match.group(1), match.group(2).lower() + "s"


def age_range_label(minimum: Age, maximum: Age) -> str | None:
    """``45 to 85 years old``, ``18+ years old``, ``Under 40``, ``6 months to 17 years old``.

    Only a maximum reads "Under N", as the reference pages write it.
    """
    low = _age_parts(minimum)
    high = _age_parts(maximum)
    if low is not None and high is not None:
        if low[1] == high[1]:
            return f"{low[0]} to {high[0]} {high[1]} old"
        return f"{low[0]} {low[1]} to {high[0]} {high[1]} old"
    if low is not None:
        return f"{low[0]}+ {low[1]} old"
    if high is not None:
        return f"Under {high[0]} {high[1]} old"
    return None


def _count_noun(count: int, singular: str, plural: str) -> str:
    return f"{count} {singular if count == 1 else plural}"


# The legacy XML said "Anticipated" where API v2 says "ESTIMATED".
_ESTIMATED_ENROLLMENT_TYPES = {"ESTIMATED", "ANTICIPATED"}


def enrollment_label(enrollment: Enrollment) -> str | None:
    """``18 estimated patients`` / ``28 patients``; registry placeholders show nothing."""
    count = enrollment.display_count
    if count is None:
        return None
    if (enrollment.type or "").upper() in _ESTIMATED_ENROLLMENT_TYPES:
        return _count_noun(count, "estimated patient", "estimated patients")
    return _count_noun(count, "patient", "patients")


def participants_label(enrollment: Enrollment, group_count: int) -> str | None:
    """``18 participants in 3 patient groups`` (or just the groups when the count is unknown)."""
    if group_count <= 0:
        return None
    groups = _count_noun(group_count, "patient group", "patient groups")
    count = enrollment.display_count
    if count is None:
        return groups.capitalize()
    return f"{_count_noun(count, 'participant', 'participants')} in {groups}"


def location_label(location: Location) -> str | None:
    """``Facility, City, State, Country (Enrolling)``, from whatever parts are known."""
    parts = [location.facility, location.city, location.state, location.country]
    place = ", ".join(part.strip() for part in parts if part and part.strip())
    status = status_label(location.status)
    if not place:
        return None
    return f"{place} ({status})" if status else place


def _contact_details(contact: Contact) -> str | None:
    phone = contact.phone
    if phone and contact.phone_ext:
        phone = f"{phone} ext. {contact.phone_ext}"
    details = [detail for detail in (phone, contact.email) if detail]
    return ", ".join(details) if details else None


# ---------------------------------------------------------------------------
# Untrusted text: control characters and markdown escapes.

# C0 controls except tab and newline, DEL, C1 controls, and the bidirectional
# overrides that can make terminal text read differently from what it is.
_CONTROL_CHARACTERS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)
_MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")


def strip_control_characters(text: str) -> str:
    """Remove what a terminal would act on; carriage returns become newlines first."""
    return _CONTROL_CHARACTERS.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def unescape_markdown(text: str) -> str:
    """``\\>`` -> ``>``: the registry escapes punctuation in its markdown text."""
    return _MARKDOWN_ESCAPE.sub(r"\1", text)


# ---------------------------------------------------------------------------
# Markdown-ish registry text -> indented plain lines.

_LIST_ITEM = re.compile(r"^(?P<indent> *)(?P<marker>[*+\-•]|\d{1,3}[.)])\s+(?P<text>\S.*)$")
_INDENT_STEP = "  "


class _OpenItem(msgspec.Struct):
    marker_indent: int
    continuation_prefix: str


def render_markdown_lines(text: str) -> list[str]:
    """Registry text as plain lines, lists indented by nesting depth like the reference pages.

    A list item at depth ``d`` starts with ``2 * (d + 1)`` spaces and ``•`` (bullets)
    or its own number (``3.``). An item is nested in the one above it when its
    marker is indented further. Blank lines are kept (collapsed to one).
    """
    lines: list[str] = []
    open_items: list[_OpenItem] = []
    previous_blank = True
    for raw_line in unescape_markdown(strip_control_characters(text)).split("\n"):
        line = raw_line.expandtabs(4).rstrip()
        if not line.strip():
            if lines and not previous_blank:
                lines.append("")
            previous_blank = True
            continue
        indent = len(line) - len(line.lstrip(" "))
        item = _LIST_ITEM.match(line)
        if item is not None:
            while open_items and indent <= open_items[-1].marker_indent:
                open_items.pop()
            marker = item.group("marker")
            shown_marker = marker if marker[0].isdigit() else "•"
            prefix = _INDENT_STEP * (len(open_items) + 1)
            lines.append(f"{prefix}{shown_marker} {item.group('text')}")
            open_items.append(_OpenItem(indent, prefix + " " * (len(shown_marker) + 1)))
        else:
            if previous_blank:
                # After a blank line only indented text still belongs to a list item.
                while open_items and indent <= open_items[-1].marker_indent:
                    open_items.pop()
            prefix = open_items[-1].continuation_prefix if open_items else ""
            lines.append(prefix + line.strip())
        previous_blank = False
    while lines and not lines[-1]:
        lines.pop()
    return lines


# ---------------------------------------------------------------------------
# Eligibility criteria text -> inclusion / exclusion sections.

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


# ---------------------------------------------------------------------------
# Doses: "4 x 107 cells" -> 4×10^7 = 40 million cells.


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


_NUMBER = r"\d+(?:\.\d+)?"
# A coefficient may use a thousands separator ("1,000") or a decimal comma ("1,0").
_COEFFICIENT = r"\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:[.,]\d+)?"
_TIMES = r"\s*[x×X*·]\s*"
_EXPONENT = r"(?P<exponent>[-−+]?\d{1,2})"
_UNIT = (
    r"(?P<unit>\s*/\s*(?:kg|L|l|dL|mL|ml|µL|μL|uL|mm3|mm\^3|mm³|m2|m²)(?![\w^])"
    r"|\s+(?:viable\s+)?(?:cells|vg|CFU|PFU|IU|copies|particles)(?:/kg)?\b)?"
)
# Most specific first: "6.0×10^7", "20 ×10E7", "1 × 10E9/L", then "4 x 107"
# (a superscript lost in copying: "10" then the exponent digit), then bare "10^7"
# and e-notation ("1.5E+08"). "10E7" is read as 10^7, as laboratories write it.
_DOSE_PATTERNS = (
    re.compile(
        rf"(?<![\w.])(?P<coefficient>{_COEFFICIENT}){_TIMES}10\s*(?:\^|\*\*|[eE])\s*{_EXPONENT}(?!\d)"
        rf"{_UNIT}"
    ),
    re.compile(
        rf"(?<![\w.])(?P<coefficient>{_COEFFICIENT}){_TIMES}10(?P<exponent>[2-9]|1[0-8])"
        rf"(?!\d|[.,]\d){_UNIT}"
    ),
    re.compile(rf"(?<![\w.^])(?P<coefficient>)10\s*(?:\^|\*\*|[eE])\s*{_EXPONENT}(?!\d){_UNIT}"),
    re.compile(rf"(?<![\w.])(?P<coefficient>{_NUMBER})[eE](?P<exponent>[-+]?\d{{1,2}})\b{_UNIT}"),
)
# Numbers listed before the one that carries the power of ten: "5, 10,15 and 20 ×10E7".
_LISTED_NUMBERS = re.compile(
    rf"(?:(?<![\w.]){_NUMBER}\s*(?:,\s*(?:and|or)\s+|,|\band\b|\bor\b|\bto\b|-|–)\s*)+$"
)
_LIST_SEPARATOR = re.compile(r",|\band\b|\bor\b|\bto\b|-|–")
_MAX_PLAIN_EXPONENT = 15
# How far back a list of numbers may reach; bounds the work on hostile text.
_MAX_LIST_CHARACTERS = 120
_PLAIN_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def _trim_number(value: float) -> str:
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text or "0"


def plain_number(value: float) -> str:
    """``4e7`` -> ``40 million``; small numbers are written out (``4,500``, ``0.001``)."""
    magnitude = abs(value)
    for scale, word in _PLAIN_SCALES:
        if magnitude >= scale:
            return f"{_trim_number(value / scale)} {word}"
    if magnitude >= 1 or magnitude == 0:
        return _trim_number(value)
    return f"{value:.12f}".rstrip("0")


def _coefficient_value(coefficient: str) -> float:
    if not coefficient:
        return 1.0
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", coefficient):
        return float(coefficient.replace(",", ""))
    return float(coefficient.replace(",", "."))


def _amount(coefficient: str, exponent: int) -> DoseAmount:
    value = _coefficient_value(coefficient) * 10.0**exponent
    scientific = f"{coefficient}×10^{exponent}" if coefficient else f"10^{exponent}"
    plain = plain_number(value) if abs(exponent) <= _MAX_PLAIN_EXPONENT else scientific
    return DoseAmount(
        coefficient=coefficient or "1",
        exponent=exponent,
        value=value,
        scientific=scientific,
        plain=plain,
    )


def _listed_before(text: str, start: int) -> tuple[int, list[str], str | None]:
    """Numbers listed right before ``start`` and the word joining the last two."""
    match = _LISTED_NUMBERS.search(text, max(0, start - _MAX_LIST_CHARACTERS), start)
    if match is None:
        return start, [], None
    listed = match.group(0)
    numbers = re.findall(_NUMBER, listed)
    separators = _LIST_SEPARATOR.findall(listed)
    connector = separators[-1].strip() if separators else None
    if connector in {"-", "–"}:
        connector = "to"
    return match.start(), numbers, connector


def find_doses(text: str | None) -> list[DoseMention]:
    """Every power-of-ten quantity in ``text``, in order, non-overlapping."""
    if not text:
        return []
    clean = unescape_markdown(strip_control_characters(text))
    taken: list[tuple[int, int]] = []
    mentions: list[DoseMention] = []
    for pattern in _DOSE_PATTERNS:
        for match in pattern.finditer(clean):
            start, end = match.span()
            if any(start < taken_end and taken_start < end for taken_start, taken_end in taken):
                continue
            exponent = int(match.group("exponent").replace("−", "-"))
            coefficients = [match.group("coefficient")]
            connector = None
            if match.group("coefficient"):
                start, listed, connector = _listed_before(clean, start)
                if any(start < taken_end and taken_start < end for taken_start, taken_end in taken):
                    start, listed, connector = match.start(), [], None
                coefficients = [*listed, match.group("coefficient")]
            unit = (match.group("unit") or "").strip() or None
            taken.append((start, end))
            mentions.append(
                DoseMention(
                    written=clean[start:end].strip(),
                    start=start,
                    end=end,
                    amounts=[_amount(coefficient, exponent) for coefficient in coefficients],
                    unit=unit.replace(" ", "") if unit and unit.startswith("/") else unit,
                    connector=connector if len(coefficients) > 1 else None,
                )
            )
    return sorted(mentions, key=lambda mention: mention.start)


def _join(items: Sequence[str], connector: str | None) -> str:
    if len(items) <= 1:
        return "".join(items)
    if connector in {None, ","}:
        return ", ".join(items)
    return f"{', '.join(items[:-1])} {connector} {items[-1]}"


def _with_unit(amount: str, unit: str | None) -> str:
    if unit is None:
        return amount
    return f"{amount}{unit}" if unit.startswith("/") else f"{amount} {unit}"


def format_dose(mention: DoseMention) -> str:
    """``4 x 107 = 4×10^7 (40 million)``: as written, then the plain reading."""
    scientific = _with_unit(
        _join([amount.scientific for amount in mention.amounts], mention.connector), mention.unit
    )
    plain = _with_unit(
        _join([amount.plain for amount in mention.amounts], mention.connector), mention.unit
    )
    if scientific.replace(" ", "") == mention.written.replace(" ", ""):
        return f"{mention.written} = {plain}"
    return f"{mention.written} = {scientific} ({plain})"


# ---------------------------------------------------------------------------
# The text view.


def _clean_line(text: str | None) -> str | None:
    """One-line field: control characters removed, whitespace collapsed."""
    if text is None:
        return None
    cleaned = " ".join(strip_control_characters(text).split())
    return cleaned or None


def _present(values: Iterable[str | None]) -> list[str]:
    cleaned = (_clean_line(value) for value in values)
    return [value for value in cleaned if value]


class _TextView:
    """Accumulates headed sections separated by blank lines."""

    def __init__(self) -> None:
        self.lines: list[str] = []

    def line(self, text: str | None) -> None:
        if text:
            self.lines.append(text)

    def blank(self) -> None:
        if self.lines and self.lines[-1]:
            self.lines.append("")

    def section(self, heading: str, body: Sequence[str]) -> None:
        if not body:
            return
        self.blank()
        self.lines.append(heading)
        self.lines.append("")
        self.lines.extend(body)

    def text(self) -> str:
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return strip_control_characters("\n".join(self.lines) + "\n")


def _criteria_body(section: CriteriaSection) -> list[str]:
    lines = render_markdown_lines(section.text)
    if section.heading is not None:
        heading = _clean_line(unescape_markdown(section.heading))
        if heading:
            return [heading, "", *lines] if lines else [heading]
    return lines


_CRITERIA_HEADINGS: dict[CriteriaSectionKind, str] = {
    "inclusion": "Inclusion criteria",
    "exclusion": "Exclusion criteria",
    "other": "Eligibility criteria",
}


def _arm_lines(arm: ArmGroup) -> list[str]:
    lines = _present([arm.label, arm_type_label(arm.type)])
    if arm.description and arm.description.strip():
        lines.append("Description:")
        lines.extend(line for line in render_markdown_lines(arm.description) if line)
        lines.extend(f"Dose: {format_dose(dose)}" for dose in find_doses(arm.description))
    treatments = _present(arm.intervention_names)
    if treatments:
        lines.append("Treatment:")
        lines.extend(treatments)
    return lines


def _design_lines(trial: Trial) -> list[str]:
    design = trial.design
    fields = (
        ("Primary purpose", primary_purpose_label(design.primary_purpose)),
        ("Allocation", allocation_label(design.allocation)),
        ("Interventional model", intervention_model_label(design.intervention_model)),
        ("Observational model", observational_model_label(design.observational_model)),
        ("Time perspective", time_perspective_label(design.time_perspective)),
        ("Masking", masking_label(design.masking, design.who_masked)),
    )
    lines: list[str] = []
    for heading, value in fields:
        cleaned = _clean_line(value)
        if cleaned:
            lines.extend([heading, "", cleaned, ""])
    participants = participants_label(trial.enrollment, len(trial.arm_groups))
    if participants:
        lines.extend([participants, ""])
    for arm in trial.arm_groups:
        lines.extend(_arm_lines(arm))
    while lines and not lines[-1]:
        lines.pop()
    return lines


def _contacts_and_locations_lines(trial: Trial) -> list[str]:
    lines = [str(len(trial.locations)), ""]
    for location in trial.locations:
        label = _clean_line(location_label(location))
        if label is None:
            continue
        lines.append(label)
        for contact in location.contacts:
            site_contact = _present([contact.name, _contact_details(contact)])
            if site_contact:
                lines.append("  Contact: " + ", ".join(site_contact))
    names = _present(contact.name for contact in trial.central_contacts)
    if names:
        lines.extend(["", "Central trial contact", "", "; ".join(names)])
        for contact in trial.central_contacts:
            details = _clean_line(_contact_details(contact))
            if details:
                lines.append(f"{_clean_line(contact.name) or 'Contact'}: {details}")
    return lines


def render_trial_text(trial: Trial) -> str:
    """The whole trial as plain text, in the order of the reference trial pages."""
    view = _TextView()
    view.line(_clean_line(trial.title) or trial.nct_id)
    sponsor = trial.lead_sponsor or trial.organization
    if sponsor is not None:
        view.blank()
        view.line(_clean_line(sponsor.name))

    status = _present([status_label(trial.overall_status), phase_label(trial.phases)])
    has_phase = phase_label(trial.phases) is not None
    has_status = status_label(trial.overall_status) is not None
    status_heading = "Status and phase" if has_phase and has_status else "Phase"
    view.section("Status" if not has_phase else status_heading, status)
    view.section("Conditions", _present(trial.conditions))
    view.section(
        "Treatments",
        _present(
            f"{type_label}: {intervention.name}"
            if (type_label := intervention_type_label(intervention.type))
            else intervention.name
            for intervention in trial.interventions
        ),
    )
    view.section("Study type", _present([study_type_label(trial.study_type)]))
    view.section("Funder types", trial.funder_types)
    identifiers = [trial.nct_id, trial.org_study_id, *(item.id for item in trial.secondary_ids)]
    view.section("Identifiers", list(dict.fromkeys(_present(identifiers))))

    view.blank()
    view.line("Details and patient eligibility")
    for heading, text in (
        ("About", trial.brief_summary),
        ("Full description", trial.detailed_description),
    ):
        view.section(heading, render_markdown_lines(text) if text else [])
    eligibility = trial.eligibility
    view.section("Enrollment", _present([enrollment_label(trial.enrollment)]))
    view.section("Sex", _present([sex_label(eligibility.sex)]))
    view.section(
        "Ages", _present([age_range_label(eligibility.minimum_age, eligibility.maximum_age)])
    )
    view.section("Volunteers", _present([healthy_volunteers_label(eligibility.healthy_volunteers)]))
    for section in split_criteria_sections(eligibility.criteria_text):
        view.section(_CRITERIA_HEADINGS[section.kind], _criteria_body(section))

    view.section("Trial design", _design_lines(trial))
    view.section("Trial contacts and locations", _contacts_and_locations_lines(trial))

    view.blank()
    view.line("Data sourced from clinicaltrials.gov")
    view.line(trial.source_url)
    last_updated = trial.last_update_posted_date
    updated = last_updated.date if last_updated is not None else trial.source_last_updated
    view.line(f"Last updated: {_clean_line(updated)}" if _clean_line(updated) else None)
    return view.text()


_STATUS_MARKS = {"met": "+", "not_met": "-", "unknown": "?", "not_applicable": "·"}


def render_report_text(report: MatchReport) -> str:
    """Human-readable report: one block per trial, failing criteria first."""
    lines: list[str] = []
    for result in report.results:
        lines.append(f"{result.nct_id}  {result.verdict.upper()}")
        for criterion in result.criteria:
            text = criterion.text.replace("\n", " ")
            if len(text) > 110:
                text = text[:107] + "..."
            mark = _STATUS_MARKS[criterion.status]
            lines.append(f"  {mark} [{criterion.type}] {criterion.status}: {text}")
            lines.append(f"      reason: {criterion.reason}")
            if criterion.evidence:
                lines.append(f"      evidence: {criterion.evidence}")
        lines.append("")
    if not report.results:
        lines.append("No trials matched.")
    lines.append(DISCLAIMER)
    return "\n".join(lines)
