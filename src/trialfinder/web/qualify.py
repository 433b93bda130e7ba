""" "Check whether I might qualify": a short form built from one trial's computable criteria.

The form asks only what the trial's parsed criteria can use (age, sex, the
measurements they compare), plus optional conditions, medicines and a note.
Answers travel in a POST body (never a URL, so never in history or logs), are
matched in memory by :mod:`trialfinder.match` and are never stored. The page
shows each criterion's status and repeats that the study team decides.
"""

from __future__ import annotations

from typing import Any

import msgspec
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import Measurement, ParsedCriteria, Pregnancy, SexRequirement
from trialfinder.match import DISCLAIMER, match_trial
from trialfinder.patient import PatientProfile, extract_facts
from trialfinder.store import Store
from trialfinder.web.pages import TrialNotFound, render_page

__all__ = ["Question", "questions_for", "router"]

router = APIRouter(include_in_schema=False)

_MAX_ANSWER_CHARS = 4000
_STATUS_WORDS = {
    "met": "Met",
    "not_met": "Not met",
    "unknown": "Not known from your answers",
    "not_applicable": "Does not apply",
}


class Question(msgspec.Struct, frozen=True):
    """One measurement the trial's criteria compare; ``unit`` is a hint for the answer."""

    analyte: str
    label: str
    unit: str | None


def questions_for(parsed: ParsedCriteria) -> tuple[bool, bool, list[Question]]:
    """Whether to ask age and sex, and the measurements to ask, in criteria order."""
    analytes = load_lexicon().analytes
    asks_age = parsed.minimum_age_years is not None or parsed.maximum_age_years is not None
    asks_sex = parsed.sex in {"FEMALE", "MALE"}
    questions: dict[str, Question] = {}
    for criterion in parsed.iter_criteria():
        for constraint in criterion.constraints:
            if isinstance(constraint, SexRequirement | Pregnancy):
                asks_sex = True
            elif isinstance(constraint, Measurement):
                if constraint.analyte == "age":
                    asks_age = True
                elif constraint.analyte not in questions and constraint.analyte in analytes:
                    analyte = analytes[constraint.analyte]
                    unit = None if constraint.relative_to_uln else constraint.unit
                    questions[constraint.analyte] = Question(
                        analyte=analyte.id,
                        label=analyte.display,
                        unit=unit or analyte.default_unit or analyte.canonical_unit,
                    )
    return asks_age, asks_sex, list(questions.values())


def _trial_and_criteria(request: Request, nct_id: str) -> tuple[str, str, ParsedCriteria]:
    store: Store = request.app.state.store
    trial = store.get_trial(nct_id)
    if trial is None:
        raise TrialNotFound(nct_id)
    return trial.nct_id, trial.title, parse_trial_criteria(trial)


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text[:_MAX_ANSWER_CHARS].splitlines() if line.strip()]


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
        "status_words": _STATUS_WORDS,
        "disclaimer": DISCLAIMER,
    }
    context.update(extra)
    return render_page("qualify.html", **context)


@router.get("/trials/{nct_id}/qualify", response_class=HTMLResponse)
def qualify_form(request: Request, nct_id: str) -> HTMLResponse:
    return _form_page(request, nct_id)


@router.post("/trials/{nct_id}/qualify", response_class=HTMLResponse)
async def qualify_check(request: Request, nct_id: str) -> HTMLResponse:
    """Match the answers against this trial; nothing is kept once the page is sent."""
    form = await request.form()
    answers = {
        key: str(value)[:_MAX_ANSWER_CHARS] for key, value in form.items() if isinstance(value, str)
    }
    _, _, parsed = _trial_and_criteria(request, nct_id)
    _, _, questions = questions_for(parsed)
    measurements = {
        question.label: f"{answers[question.analyte]} {question.unit or ''}".strip()
        for question in questions
        if answers.get(question.analyte, "").strip()
    }
    age_text = answers.get("age", "").strip()
    try:
        age = float(age_text) if age_text else None
    except ValueError:
        age = None
    profile = PatientProfile(
        age=age if age is not None and 0 <= age <= 130 else None,
        sex=answers.get("sex") or None,
        conditions=_lines(answers.get("conditions", "")),
        measurements=measurements,
        medications=_lines(answers.get("medications", "")),
        note=answers.get("note", "").strip() or None,
    )
    result = match_trial(parsed, extract_facts(profile))
    return _form_page(request, nct_id, answers=answers, result=result)
