"""The facts of a trial page in plain words: labels for registry values, the
criteria and descriptions as indented lines, doses in plain numbers.

Everything here is a pure function of a :class:`~trialfinder.model.Trial`, so
the CLI, the web page and the API show the same words. Registry text is
untrusted: it is read through :mod:`trialfinder.criteria.clean`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import msgspec

from trialfinder.criteria.clean import strip_control_characters, unescape_markdown
from trialfinder.criteria.numbers import DoseMention, find_doses
from trialfinder.model import Age, Contact, Enrollment, Location

__all__ = [
    "age_range_label",
    "allocation_label",
    "arm_type_label",
    "contact_details",
    "enrollment_label",
    "format_dose",
    "healthy_volunteers_label",
    "intervention_model_label",
    "intervention_type_label",
    "location_label",
    "masking_label",
    "observational_model_label",
    "participants_label",
    "phase_label",
    "plain_doses",
    "primary_purpose_label",
    "render_markdown_lines",
    "sex_label",
    "status_label",
    "study_type_label",
    "time_perspective_label",
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


def distance_label(km: float) -> str:
    """ "344 km (214 mi)": whole numbers from 10 km (16 km, 10 mi, for miles), one
    decimal below."""
    miles = km / 1.609344
    kilometres = f"{km:.0f}" if km >= 10 else f"{km:.1f}"
    return f"{kilometres} km ({f'{miles:.0f}' if km >= 16 else f'{miles:.1f}'} mi)"


def location_label(location: Location) -> str | None:
    """``Facility, City, State, Country (Enrolling)``, from whatever parts are known."""
    parts = [location.facility, location.city, location.state, location.country]
    place = ", ".join(part.strip() for part in parts if part and part.strip())
    status = status_label(location.status)
    if not place:
        return None
    return f"{place} ({status})" if status else place


def contact_details(contact: Contact) -> str | None:
    phone = contact.phone
    if phone and contact.phone_ext:
        phone = f"{phone} ext. {contact.phone_ext}"
    details = [detail for detail in (phone, contact.email) if detail]
    return ", ".join(details) if details else None


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
# Doses as written, then in plain numbers.


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


def plain_doses(text: str | None) -> list[str]:
    """Every dose of a text as written and in plain numbers (:func:`format_dose`): the one
    normaliser of arms, summaries, descriptions and criteria alike."""
    return [format_dose(mention) for mention in find_doses(text)]
