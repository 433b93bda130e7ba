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

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import Measurement, ParsedCriteria, Pregnancy, SexRequirement
from trialfinder.criteria.units import NORMAL_LIMITS, unit_words
from trialfinder.match import DISCLAIMER, match_trial, stored_criteria
from trialfinder.patient import extract_facts, measurement_answer, profile_from_answers
from trialfinder.present.outcomes import result_view
from trialfinder.store import Store
from trialfinder.web.limits import FORM_LIMITS
from trialfinder.web.offload import run_matching
from trialfinder.web.pages import TrialNotFound, render_page
from trialfinder.web.patient_form import form_answers

__all__ = ["router"]

router = APIRouter(include_in_schema=False)


class Question(msgspec.Struct, frozen=True):
    """One measurement the trial's criteria compare.

    ``unit`` (a pint expression) is the field's unit, taken for a bare answer when
    the value alone does not settle it; ``unit_label`` is how the form shows it.
    """

    analyte: str
    label: str
    unit: str | None
    unit_label: str = ""


def _threshold_unit(constraint: Measurement) -> str | None:
    """The unit the threshold is judged in: a threshold implausible in its written unit
    ("Hb > 10 mg/dL") is judged in the one unit it is plausible in, so the form asks in that
    unit; one that is plausible in no unit asks in the analyte's usual unit."""
    if constraint.plausible:
        return constraint.unit
    return constraint.plausible_unit


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
                    relative = constraint.relative_to_uln or constraint.unit in NORMAL_LIMITS
                    unit = None if relative else _threshold_unit(constraint)
                    unit = unit or analyte.default_unit or analyte.canonical_unit
                    questions[constraint.analyte] = Question(
                        analyte=analyte.id,
                        label=analyte.display,
                        unit=unit,
                        unit_label=unit_words(unit),
                    )
    return asks_age, asks_sex, list(questions.values())


class _TrialToCheck(msgspec.Struct, frozen=True):
    nct_id: str
    title: str
    status: str | None
    parsed: ParsedCriteria


def _trial_and_criteria(request: Request, nct_id: str) -> _TrialToCheck:
    """The trial's title and status, and its criteria as parsed at ingest (parsed now only
    when stale)."""
    store: Store = request.app.state.store
    trial = store.get_trial(nct_id)
    if trial is None:
        raise TrialNotFound(nct_id)
    parsed = stored_criteria(store, [trial.nct_id])[trial.nct_id]
    return _TrialToCheck(trial.nct_id, trial.title, trial.overall_status, parsed)


def _form_page(trial: _TrialToCheck, **extra: object) -> HTMLResponse:
    asks_age, asks_sex, questions = questions_for(trial.parsed)
    context: dict[str, Any] = {
        "nct_id": trial.nct_id,
        "title": trial.title,
        "asks_age": asks_age,
        "asks_sex": asks_sex,
        "questions": questions,
        "answers": {},
        "result": None,
        "disclaimer": DISCLAIMER,
    }
    context.update(extra)
    return render_page("qualify.html", **context)


@router.get("/trials/{nct_id}/qualify", response_class=HTMLResponse)
def qualify_form(request: Request, nct_id: str) -> HTMLResponse:
    return _form_page(_trial_and_criteria(request, nct_id))


@router.post("/trials/{nct_id}/qualify", response_class=HTMLResponse)
async def qualify_check(request: Request, nct_id: str) -> HTMLResponse:
    """Match the answers against this trial; nothing is kept once the page is sent."""
    answers = form_answers(await request.form(**FORM_LIMITS))
    trial = _trial_and_criteria(request, nct_id)
    _, _, questions = questions_for(trial.parsed)
    measurements = {
        question.label: measurement_answer(
            answers[question.analyte], question.unit, question.analyte
        )
        for question in questions
        if answers.get(question.analyte, "").strip()
    }
    profile = profile_from_answers(answers, measurements)
    result = await run_matching(lambda: match_trial(trial.parsed, extract_facts(profile)))
    return _form_page(trial, answers=answers, result=result_view(result, trial.status))
