"""Patient answers from an HTML form, shared by the per-trial and the ranked pre-screen.

Answers arrive in a POST body (never a URL, so never in history or access
logs), are turned into a :class:`~trialfinder.patient.PatientProfile` in
memory (:func:`trialfinder.patient.profile_from_answers`) and are never stored.
"""

from __future__ import annotations

from collections.abc import Mapping

from trialfinder.web.limits import limited_answers

__all__ = ["form_answers"]


def form_answers(form: Mapping[str, object]) -> dict[str, str]:
    """The form's text fields, whole: a field over its limit is a 413 naming it, never cut."""
    return limited_answers(form)
