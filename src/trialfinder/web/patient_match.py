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
from trialfinder.retrieval import find_trials
from trialfinder.store import Store
from trialfinder.web.limits import FORM_LIMITS
from trialfinder.web.offload import run_matching
from trialfinder.web.pages import render_page
from trialfinder.web.patient_form import STATUS_WORDS, form_answers

__all__ = ["RESULT_LIMIT", "router"]

router = APIRouter(include_in_schema=False)

RESULT_LIMIT = 20


def _page(status_code: int = 200, **extra: Any) -> HTMLResponse:
    context: dict[str, Any] = {
        "nav": "match",
        "answers": {},
        "report": None,
        "titles": {},
        "error": None,
        "status_words": STATUS_WORDS,
        "disclaimer": DISCLAIMER,
    }
    context.update(extra)
    return render_page("match.html", status_code=status_code, **context)


@router.get("/match", response_class=HTMLResponse)
def match_form() -> HTMLResponse:
    return _page()


@router.post("/match", response_class=HTMLResponse)
async def match_patient(request: Request) -> HTMLResponse:
    """Rank trials for the patient described in the form; nothing outlives the response."""
    answers = form_answers(await request.form(**FORM_LIMITS))
    profile: PatientProfile
    if answers.get("profile", "").strip():
        try:
            profile = load_profile(answers["profile"])
        except (msgspec.DecodeError, msgspec.ValidationError) as error:
            return _page(
                400, answers=answers, error=f"The patient profile JSON is not valid: {error}"
            )
    else:
        profile = profile_from_answers(
            answers, measurements_from_lines(answers.get("measurements", ""))
        )
    store: Store = request.app.state.store
    # The same function as POST /api/match and ``trialfinder match``.
    report = await run_matching(lambda: find_trials(store, profile, limit=RESULT_LIMIT))
    titles = {result.nct_id: result.title for result in report.results if result.title}
    return _page(answers=answers, report=report, titles=titles)
