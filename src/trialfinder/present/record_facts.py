"""The record facts a reader checks before calling a site: milestones, officials, status age.

A start date means something different when it is a plan ("estimated") than when it
happened ("actual"), and a status "Unknown" only makes sense next to the date it was
last verified; these are the words the trial page shows for them. Pure functions of
the record: no I/O, no judgement of the trial.
"""

from __future__ import annotations

from typing import NamedTuple

from trialfinder.model import Contact, StudyDate, Trial
from trialfinder.present.trial import status_label

__all__ = ["Milestone", "milestones", "official_label", "unknown_status_note"]

_DATE_KINDS = {"ACTUAL": "actual", "ESTIMATED": "estimated", "ANTICIPATED": "estimated"}


class Milestone(NamedTuple):
    """One dated step of the study: ``when`` is ISO text at the registry's precision."""

    heading: str
    when: str
    kind: str | None  # "actual", "estimated" or None when the registry does not say


def _milestone(heading: str, date: StudyDate | None) -> Milestone | None:
    if date is None or not date.date.strip():
        return None
    kind = _DATE_KINDS.get((date.type or "").strip().upper())
    return Milestone(heading, date.date.strip(), kind)


def milestones(trial: Trial) -> list[Milestone]:
    """Start, primary completion, completion and first posted, in that order, where known."""
    steps = (
        _milestone("Study start", trial.start_date),
        _milestone("Primary completion", trial.primary_completion_date),
        _milestone("Study completion", trial.completion_date),
        _milestone("First posted", trial.first_posted_date),
    )
    return [step for step in steps if step is not None]


def official_label(official: Contact) -> str | None:
    """``Jane Doe, MD — Principal investigator, Lyon University Hospital``; None if nameless."""
    if not official.name:
        return None
    role = official.role.replace("_", " ").capitalize() if official.role else None
    details = ", ".join(part for part in (role, official.affiliation) if part)
    return f"{official.name} — {details}" if details else official.name


def unknown_status_note(trial: Trial) -> str | None:
    """Why a status reads "Unknown": the registry's rule, with the dates that triggered it."""
    if (trial.overall_status or "").upper() != "UNKNOWN":
        return None
    verified = (
        f" It was last verified in {trial.status_verified_date}."
        if trial.status_verified_date
        else ""
    )
    last_known = status_label(trial.last_known_status)
    known = f" The last status the sponsor reported was “{last_known}”." if last_known else ""
    return (
        "ClinicalTrials.gov marks a study's status “Unknown” when it was due to finish, or its "
        "status has not been verified for more than two years, and the sponsor has not updated it."
        f"{verified}{known} Ask the study team whether it still runs."
    )
