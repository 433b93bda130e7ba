""" "Match a patient": rank the store's trials for one patient, criterion by criterion.

The same profile as ``trialfinder match --patient`` (typed into the form, or
pasted as JSON) is matched in memory and shown as a ranked list; nothing is
stored or logged, and the page says that the study team decides.
"""

from __future__ import annotations

from typing import Any

import msgspec
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from trialfinder.match import DISCLAIMER
from trialfinder.patient import (
    PatientProfile,
    load_profile,
    measurements_from_lines,
    profile_from_answers,
)
from trialfinder.present.outcomes import result_view
from trialfinder.retrieval import DEFAULT_STATUSES, find_trials
from trialfinder.search import QueryError
from trialfinder.store import Store
from trialfinder.web.limits import FORM_LIMITS
from trialfinder.web.offload import run_matching
from trialfinder.web.pages import RADII, render_page
from trialfinder.web.patient_form import form_answers

__all__ = ["RESULT_LIMIT", "router"]

router = APIRouter(include_in_schema=False)

RESULT_LIMIT = 20
# The statuses the form offers, the default ones first: widening past them is one click.
STATUS_CHOICES = (
    *DEFAULT_STATUSES,
    "ENROLLING_BY_INVITATION",
    "ACTIVE_NOT_RECRUITING",
    "COMPLETED",
)


def _page(status_code: int = 200, **extra: Any) -> HTMLResponse:
    context: dict[str, Any] = {
        "nav": "match",
        "answers": {},
        "report": None,
        "results": [],
        "reading": "",
        "error": None,
        "disclaimer": DISCLAIMER,
        "status_choices": STATUS_CHOICES,
        "statuses": list(DEFAULT_STATUSES),
        "radii": RADII,
    }
    context.update(extra)
    return render_page("match.html", status_code=status_code, **context)


@router.get("/match", response_class=HTMLResponse)
def match_form() -> HTMLResponse:
    return _page()


@router.post("/match", response_class=HTMLResponse)
async def match_patient(request: Request) -> HTMLResponse:
    """Rank trials for the patient described in the form; nothing outlives the response.

    The status, place and distance controls are those of ``trialfinder match``
    (``--status``, ``--near``, ``--within``): unticking every status means the default ones.
    """
    form = await request.form(**FORM_LIMITS)
    answers = form_answers(form)
    statuses = [value for value in form.getlist("status") if isinstance(value, str)]
    statuses = statuses or list(DEFAULT_STATUSES)
    shown: dict[str, Any] = {"answers": answers, "statuses": statuses}
    profile: PatientProfile
    if answers.get("profile", "").strip():
        try:
            profile = load_profile(answers["profile"])
        except (msgspec.DecodeError, msgspec.ValidationError) as error:
            return _page(400, **shown, error=f"The patient profile JSON is not valid: {error}")
    else:
        profile = profile_from_answers(
            answers, measurements_from_lines(answers.get("measurements", ""))
        )
    store: Store = request.app.state.store
    near = answers.get("near", "").strip() or None
    within = answers.get("within", "").strip() or None
    try:
        # The same function as POST /api/match and ``trialfinder match``.
        report = await run_matching(
            lambda: find_trials(
                store, profile, statuses=statuses, near=near, within=within, limit=RESULT_LIMIT
            )
        )
    except QueryError as error:
        return _page(400, **shown, error=error.message)
    results = [result_view(result) for result in report.results]
    # How the note was read (whole or partial) is the model's, the same on every result.
    reading = next((result.whole_record for result in report.results), "")
    return _page(**shown, report=report, results=results, reading=reading)
