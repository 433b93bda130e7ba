"""Patient answers from an HTML form, shared by the per-trial and the ranked pre-screen.

Answers arrive in a POST body (never a URL, so never in history or access
logs), are turned into a :class:`~trialfinder.patient.PatientProfile` in
memory (:func:`trialfinder.patient.profile_from_answers`) and are never stored.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["MAX_ANSWER_CHARS", "STATUS_WORDS", "form_answers"]

MAX_ANSWER_CHARS = 4000

STATUS_WORDS = {
    "met": "Met",
    "not_met": "Not met",
    "unknown": "Not known from your answers",
    "not_applicable": "Does not apply",
}


def form_answers(form: Mapping[str, object]) -> dict[str, str]:
    """The form's text fields, each cut to a sane length."""
    return {key: value[:MAX_ANSWER_CHARS] for key, value in form.items() if isinstance(value, str)}
