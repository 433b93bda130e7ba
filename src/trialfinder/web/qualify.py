""" "Check whether I might qualify": a short form built from one trial's computable criteria.

The form asks only what the trial's parsed criteria can use (age, sex, the
measurements they compare), plus optional conditions, medicines and a note.
Answers travel in a POST body (never a URL, so never in history or logs), are
matched in memory by :mod:`trialfinder.match` and are never stored. The page
shows each criterion's status and repeats that the study team decides.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import ParsedCriteria
from trialfinder.match import DISCLAIMER, match_trial, questions_for
from trialfinder.patient import extract_facts
from trialfinder.store import Store
from trialfinder.web.limits import FORM_LIMITS
from trialfinder.web.offload import run_matching
from trialfinder.web.pages import TrialNotFound, render_page
from trialfinder.web.patient_form import STATUS_WORDS, form_answers, profile_from_answers

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


def _trial_and_criteria(request: Request, nct_id: str) -> tuple[str, str, ParsedCriteria]:
    store: Store = request.app.state.store
    trial = store.get_trial(nct_id)
    if trial is None:
        raise TrialNotFound(nct_id)
    return trial.nct_id, trial.title, parse_trial_criteria(trial)


def _form_page(request: Request, nct_id: str, **extra: object) -> HTMLResponse:
    nct, title, parsed = _trial_and_criteria(request, nct_id)
    asks_age, asks_sex, questions = questions_for(parsed)
    context: dict[str, Any] = {
        "nct_id": nct,
        "title": title,
        "asks_age": asks_age,
        "asks_sex": asks_sex,
        "questions": questions,
        "answers": {},
        "result": None,
        "status_words": STATUS_WORDS,
        "disclaimer": DISCLAIMER,
    }
    context.update(extra)
    return render_page("qualify.html", **context)


def _with_unit(answer: str, hinted_unit: str | None) -> str:
    """A bare number is in the unit the form showed; "10.6 mg/dL" keeps its own unit."""
    answer = answer.strip()
    if any(character.isalpha() or character in "%/µμ" for character in answer):
        return answer
    return f"{answer} {hinted_unit or ''}".strip()


@router.get("/trials/{nct_id}/qualify", response_class=HTMLResponse)
def qualify_form(request: Request, nct_id: str) -> HTMLResponse:
    return _form_page(request, nct_id)


@router.post("/trials/{nct_id}/qualify", response_class=HTMLResponse)
async def qualify_check(request: Request, nct_id: str) -> HTMLResponse:
    """Match the answers against this trial; nothing is kept once the page is sent."""
    answers = form_answers(await request.form(**FORM_LIMITS))
    _, _, parsed = _trial_and_criteria(request, nct_id)
    _, _, questions = questions_for(parsed)
    measurements = {
        question.label: _with_unit(answers[question.analyte], question.unit)
        for question in questions
        if answers.get(question.analyte, "").strip()
    }
    profile = profile_from_answers(answers, measurements)
    result = await run_matching(lambda: match_trial(parsed, extract_facts(profile)))
    return _form_page(request, nct_id, answers=answers, result=result)
