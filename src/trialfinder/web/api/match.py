"""``POST /api/match``: a patient in, the ranked and explained shortlist out.

The body is what ``trialfinder match --patient FILE`` reads (a profile JSON or
a FHIR R4 Bundle) and the answer is what ``trialfinder match --format json``
prints: the same :func:`trialfinder.retrieval.find_trials`, the same shape.
The body is health data: it is read into memory, never logged or stored, and
refused with 413 above :data:`MAX_PATIENT_BYTES` before it is parsed. Matching
is CPU work, so it runs in the thread pool, off the event loop.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse

from trialfinder.patient_input import PatientInputError, load_patient
from trialfinder.retrieval import DEFAULT_STATUSES, find_trials
from trialfinder.web.api.answers import ERROR_RESPONSES, request_store
from trialfinder.web.offload import run_matching

__all__ = ["MAX_PATIENT_BYTES", "read_limited_body", "router"]

router = APIRouter(prefix="/api", tags=["patients"])

# A profile with a long note, or a FHIR Bundle of one patient, fits easily in 1 MiB.
MAX_PATIENT_BYTES = 1024 * 1024
MAX_RESULTS = 100

_EXAMPLE_PROFILE = {
    "age": 55,
    "sex": "female",
    "note": "55-year-old woman with decompensated alcoholic cirrhosis, Child-Pugh C, ascites, "
    "hepatic encephalopathy last month, bilirubin 3.1 mg/dL.",
}

_REQUEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "A patient profile JSON (fields: age, sex, conditions, measurements, "
        f"medications, note, place) or a FHIR R4 Bundle of one patient; at most "
        f"{MAX_PATIENT_BYTES // 1024} KiB. Never logged or stored.",
        "content": {
            "application/json": {
                "schema": {"type": "object"},
                "example": _EXAMPLE_PROFILE,
            }
        },
    }
}

_RESPONSES: dict[int | str, dict[str, Any]] = {
    **ERROR_RESPONSES,
    200: {
        "description": "Trials ranked by how well their conditions fit the patient's main "
        "condition, then by verdict (likely, possible, excluded). Each result: nct_id, "
        "verdict, criteria (type, text, status, evidence, reason), title, status, phases, "
        "nearest_site, counts. A pre-screen: the study team decides who can take part."
    },
    413: {"description": "The body is larger than the limit."},
}


class BodyTooLarge(ValueError):
    """The request body is over the limit; the message says the limit."""


async def read_limited_body(request: Request, limit: int = MAX_PATIENT_BYTES) -> bytes:
    """The body, read no further than ``limit`` bytes (a declared length is checked first)."""
    message = f"the patient record is larger than {limit // 1024} KiB"
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise BodyTooLarge(message)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise BodyTooLarge(message)
        chunks.append(chunk)
    return b"".join(chunks)


def _ignore_problem(_problem: object) -> None:
    """FHIR entries that cannot be read are skipped; their content is never echoed or logged."""


@router.post(
    "/match",
    summary="Rank and pre-screen trials for one patient (as `trialfinder match --format json`)",
    description="Finds trials for the patient's conditions (MeSH-aware search filtered by age, "
    "sex, status and place) and judges every criterion against the patient's facts.",
    responses=_RESPONSES,
    openapi_extra=_REQUEST_BODY,
)
async def api_match(
    request: Request,
    status: Annotated[
        list[str] | None,
        Query(description="Recruitment statuses (default RECRUITING, NOT_YET_RECRUITING)."),
    ] = None,
    near: Annotated[
        str | None, Query(description="A city or lat,lon (default: the patient's place).")
    ] = None,
    within: Annotated[str | None, Query(description="50km, 30mi.")] = None,
    trial: Annotated[list[str] | None, Query(description="Check these NCT ids only.")] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_RESULTS, description="Ranked results.")] = 50,
) -> JSONResponse:
    try:
        body = await read_limited_body(request)
    except BodyTooLarge as error:
        return JSONResponse({"message": str(error)}, status_code=413)
    try:
        profile = load_patient(body, _ignore_problem, name="body")
    except PatientInputError as error:
        return JSONResponse({"message": str(error), "parameter": "body"}, status_code=400)
    store = request_store(request)
    shortlist = await run_matching(
        lambda: find_trials(
            store,
            profile,
            nct_ids=[nct_id.upper() for nct_id in trial or []],
            statuses=status or DEFAULT_STATUSES,
            near=near,
            within=within,
            limit=limit,
        )
    )
    return JSONResponse(shortlist.to_dict())
