"""The JSON API: ClinicalTrials.gov API v2 compatible ``/api/v2`` and trialfinder's own.

``/api/v2/studies`` takes the registry's parameter names and answers in its
shape, so existing API v2 clients work unchanged against a local copy. Every
parameter is checked: one the registry does not have (``filter.phase``), one it
has but trialfinder does not implement, or a bad value is a 400 naming the
parameter, never a silently ignored filter. A ``pageToken`` is bound to the
query it came from; reusing it with another query is a 400 too.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal

import msgspec
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from trialfinder.ingest.ctgov_v2_export import export_study
from trialfinder.store import Store
from trialfinder.web.api_v2_fields import (
    DEFAULT_CSV_FIELDS,
    UnknownField,
    csv_document,
    field_path,
    select_fields,
)

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "OVERALL_STATUSES",
    "ApiParameterError",
    "router",
]

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 1000

OVERALL_STATUSES = (
    "ACTIVE_NOT_RECRUITING",
    "COMPLETED",
    "ENROLLING_BY_INVITATION",
    "NOT_YET_RECRUITING",
    "RECRUITING",
    "SUSPENDED",
    "TERMINATED",
    "WITHDRAWN",
    "AVAILABLE",
    "NO_LONGER_AVAILABLE",
    "TEMPORARILY_NOT_AVAILABLE",
    "APPROVED_FOR_MARKETING",
    "WITHHELD",
    "UNKNOWN",
)

# Parameters of ClinicalTrials.gov's /studies that trialfinder does not implement.
_REGISTRY_ONLY_PARAMETERS = frozenset(
    {
        "markupFormat",
        "query.titles",
        "query.outc",
        "query.spons",
        "query.lead",
        "query.id",
        "query.patient",
        "filter.advanced",
        "filter.synonyms",
        "postFilter.overallStatus",
        "postFilter.geo",
        "postFilter.ids",
        "postFilter.advanced",
        "postFilter.synonyms",
        "aggFilters",
        "geoDecay",
    }
)

_ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "A parameter is unknown, unsupported or has a bad value (named in the body)."},
    404: {"description": "No such study."},
}


class ApiParameterError(ValueError):
    """A bad request parameter; the 400 body names it."""

    def __init__(self, parameter: str, message: str) -> None:
        super().__init__(message)
        self.parameter = parameter
        self.message = message

    def to_json(self) -> dict[str, str]:
        return {"message": self.message, "parameter": self.parameter}


router = APIRouter(prefix="/api", tags=["studies"])


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _check_parameters(request: Request, allowed: frozenset[str]) -> None:
    for name in request.query_params:
        if name in allowed:
            continue
        if name in _REGISTRY_ONLY_PARAMETERS:
            raise ApiParameterError(
                name, f"Parameter {name!r} of ClinicalTrials.gov is not supported by trialfinder."
            )
        raise ApiParameterError(name, f"Unknown parameter {name!r}.")


_LIST_SEPARATOR = re.compile(r"[,|\s]+")
_NCT_ID = re.compile(r"^NCT\d{8}$")


def _split_list(values: Sequence[str]) -> list[str]:
    return [item for value in values for item in _LIST_SEPARATOR.split(value) if item]


def _statuses(values: Sequence[str]) -> list[str]:
    statuses = []
    for value in _split_list(values):
        status = value.upper()
        if status not in OVERALL_STATUSES:
            raise ApiParameterError(
                "filter.overallStatus",
                f"Unknown status {value[:60]!r}; use one of {', '.join(OVERALL_STATUSES)}.",
            )
        statuses.append(status)
    return statuses


def _nct_ids(values: Sequence[str]) -> list[str]:
    ids = []
    for value in _split_list(values):
        nct_id = value.upper()
        if not _NCT_ID.match(nct_id):
            raise ApiParameterError("filter.ids", f"Not an NCT id: {value[:60]!r}.")
        ids.append(nct_id)
    return ids


def _field_paths(values: Sequence[str]) -> list[tuple[str, str]]:
    """(name as asked, path) for each ``fields`` entry, in order."""
    fields = []
    for name in _split_list(values):
        try:
            fields.append((name, field_path(name)))
        except UnknownField as error:
            raise ApiParameterError("fields", f"Unknown field {str(error)[:80]!r}.") from error
    return fields


class _PageToken(msgspec.Struct, array_like=True):
    """What a ``pageToken`` holds: the query it belongs to and where the next page starts."""

    query: str
    position: str


def _encode_token(token: _PageToken) -> str:
    return base64.urlsafe_b64encode(msgspec.msgpack.encode(token)).decode().rstrip("=")


def _decode_token(text: str) -> _PageToken:
    try:
        padded = text + "=" * (-len(text) % 4)
        return msgspec.msgpack.decode(base64.urlsafe_b64decode(padded), type=_PageToken)
    except (binascii.Error, ValueError, msgspec.DecodeError) as error:
        raise ApiParameterError("pageToken", "Not a page token from this server.") from error


def _query_fingerprint(parts: Sequence[tuple[str, Sequence[str]]]) -> str:
    """A short hash of what decides the result set and its order (not page size or fields)."""
    canonical = msgspec.json.encode(sorted((name, sorted(values)) for name, values in parts))
    return hashlib.blake2b(canonical, digest_size=9).hexdigest()


def _study_response(studies: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"studies": studies, **{key: value for key, value in extra.items() if value is not None}}


@router.get(
    "/v2/studies/{nctId}",
    summary="One study in ClinicalTrials.gov API v2 shape",
    responses=_ERROR_RESPONSES,
)
def get_study(
    request: Request,
    nctId: str,  # noqa: N803 - the registry's name, shown in the OpenAPI document
    format: Annotated[Literal["json", "csv"], Query()] = "json",
    fields: Annotated[list[str], Query(description="Pieces, modules or paths, comma-separated.")] = [],  # noqa: B006
) -> Response:
    """The study as ``GET https://clinicaltrials.gov/api/v2/studies/{nctId}`` returns it
    (the parts trialfinder keeps: no results section)."""
    _check_parameters(request, frozenset({"format", "fields"}))
    nct = nctId
    selected = _field_paths(fields)
    trial = _store(request).get_trial(nct)
    if trial is None:
        return JSONResponse({"message": f"Study {nct[:40]!r} not found."}, status_code=404)
    study = export_study(trial)
    if format == "csv":
        names = [name for name, _ in selected] or list(DEFAULT_CSV_FIELDS)
        return Response(csv_document([study], names), media_type="text/csv; charset=utf-8")
    return JSONResponse(select_fields(study, [path for _, path in selected]))
