"""One trial as terminal text (``trialfinder show NCTID``), in the order of the
reference trial pages. Terminal control characters are removed from all of it."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from trialfinder.criteria.clean import strip_control_characters, unescape_markdown
from trialfinder.criteria.sections import (
    CriteriaSection,
    CriteriaSectionKind,
    split_criteria_sections,
)
from trialfinder.model import ArmGroup, Trial
from trialfinder.present.trial import (
    age_range_label,
    allocation_label,
    arm_type_label,
    contact_details,
    enrollment_label,
    healthy_volunteers_label,
    intervention_model_label,
    intervention_type_label,
    location_label,
    masking_label,
    observational_model_label,
    participants_label,
    phase_label,
    plain_doses,
    primary_purpose_label,
    render_markdown_lines,
    sex_label,
    status_label,
    study_type_label,
    time_perspective_label,
)

__all__ = ["render_trial_text"]


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
        lines.extend(f"Dose: {dose}" for dose in plain_doses(arm.description))
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
            site_contact = _present([contact.name, contact_details(contact)])
            if site_contact:
                lines.append("  Contact: " + ", ".join(site_contact))
    names = _present(contact.name for contact in trial.central_contacts)
    if names:
        lines.extend(["", "Central trial contact", "", "; ".join(names)])
        for contact in trial.central_contacts:
            details = _clean_line(contact_details(contact))
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
        body = render_markdown_lines(text) if text else []
        view.section(heading, [*body, *(f"Dose: {dose}" for dose in plain_doses(text))])
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
