"""Patient answers from an HTML form, shared by the per-trial and the ranked pre-screen.

Answers arrive in a POST body (never a URL, so never in history or access
logs), are turned into a :class:`~trialfinder.patient.PatientProfile` in
memory and are never stored.
"""

from __future__ import annotations

from collections.abc import Mapping

from trialfinder.patient import PatientProfile
from trialfinder.web.limits import limited_answers

__all__ = ["STATUS_WORDS", "form_answers", "profile_from_answers"]

STATUS_WORDS = {
    "met": "Met",
    "not_met": "Not met",
    "unknown": "Not known from your answers",
    "not_applicable": "Does not apply",
}


def form_answers(form: Mapping[str, object]) -> dict[str, str]:
    """The form's text fields, whole: a field over its limit is a 413 naming it, never cut."""
    return limited_answers(form)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def profile_from_answers(
    answers: Mapping[str, str], measurements: Mapping[str, str] | None = None
) -> PatientProfile:
    """A profile from form answers; unusable answers are left out, never guessed."""
    age_text = answers.get("age", "").strip()
    try:
        age = float(age_text) if age_text else None
    except ValueError:
        age = None
    sex = answers.get("sex", "").strip().lower()
    return PatientProfile(
        age=age if age is not None and 0 <= age <= 130 else None,
        sex=sex if sex in {"female", "male"} else None,
        conditions=_lines(answers.get("conditions", "")),
        measurements=dict(measurements or {}),
        medications=_lines(answers.get("medications", "")),
        note=answers.get("note", "").strip() or None,
    )
