"""The JSON API: ClinicalTrials.gov API v2 compatible ``/api/v2`` and trialfinder's own.

``/api/v2/studies`` takes the registry's parameter names and answers in its
shape, so existing API v2 clients work unchanged against a local copy. Every
parameter is checked: one the registry does not have (``filter.phase``), one it
has but trialfinder does not implement, or a bad value is a 400 naming the
parameter, never a silently ignored filter. A ``pageToken`` is bound to the
query it came from; reusing it with another query is a 400 too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal

import msgspec
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from trialfinder.ingest.ctgov_v2_export import export_study
from trialfinder.model import Trial
from trialfinder.search import (
    QueryError,
    SearchQuery,
    build_query,
    decode_page_token,
    encode_page_token,
    parse_nct_ids,
    search,
)
from trialfinder.store import Store
from trialfinder.web.api_v2_fields import (
    DEFAULT_CSV_FIELDS,
    UnknownField,
    csv_document,
    field_path,
    select_fields,
)
from trialfinder.web.search_params import (
    LIST_PARAMETERS,
    SEARCH_PARAMETERS,
    SINGLE_PARAMETERS,
    query_from_parameters,
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
    400: {
        "description": "A parameter is unknown, unsupported or has a bad value (named in the body)."
    },
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
    try:
        return list(parse_nct_ids(_split_list(values)))
    except QueryError as error:
        raise ApiParameterError("filter.ids", str(error)) from error


def _field_paths(values: Sequence[str]) -> list[tuple[str, str]]:
    """(name as asked, path) for each ``fields`` entry, in order."""
    fields = []
    for name in _split_list(values):
        try:
            fields.append((name, field_path(name)))
        except UnknownField as error:
            raise ApiParameterError("fields", f"Unknown field {str(error)[:80]!r}.") from error
    return fields


def _study_response(studies: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"studies": studies, **{key: value for key, value in extra.items() if value is not None}}


@router.get(
    "/v2/studies/{nctId}",
    summary="One study in ClinicalTrials.gov API v2 shape",
    responses=_ERROR_RESPONSES,
)
def get_study(
    request: Request,
    nctId: str,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
    fields: Annotated[
        list[str], Query(description="Pieces, modules or paths, comma-separated.")
    ] = [],  # noqa: B006
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


_GEO = re.compile(
    r"^\s*distance\(\s*([+-]?\d+(?:\.\d+)?)\s*,\s*([+-]?\d+(?:\.\d+)?)\s*,\s*([^)]*)\)\s*$"
)
_SORTS = {
    "@relevance": "relevance",
    "lastupdatepostdate": "updated",
    "lastupdatepostdate:desc": "updated",
}
# query.locn names a place; without filter.geo the search keeps sites this close to it.
LOCATION_RADIUS = "100km"

_STUDIES_PARAMETERS = frozenset(
    {
        "format",
        "query.cond",
        "query.term",
        "query.intr",
        "query.locn",
        "filter.overallStatus",
        "filter.geo",
        "filter.ids",
        "fields",
        "sort",
        "countTotal",
        "pageSize",
        "pageToken",
    }
)


def _geo(value: str | None, location: str | None) -> tuple[str | None, str | None]:
    """``near`` and ``within`` for build_query from ``filter.geo`` or ``query.locn``."""
    if value:
        match = _GEO.match(value)
        if match is None:
            raise ApiParameterError(
                "filter.geo", "Write it as distance(latitude,longitude,50mi) (or km)."
            )
        return f"{match.group(1)},{match.group(2)}", match.group(3)
    if location:
        return location, LOCATION_RADIUS
    return None, None


def _sort(values: Sequence[str]) -> str | None:
    if not values:
        return None
    if len(values) > 1:
        raise ApiParameterError("sort", "trialfinder sorts by one key only.")
    key = values[0].strip().lower()
    if key not in _SORTS:
        raise ApiParameterError(
            "sort", f"Unsupported sort {values[0][:60]!r}; use @relevance or LastUpdatePostDate."
        )
    return _SORTS[key]


def _registry_query(
    cond: str | None,
    term: str | None,
    intr: str | None,
    locn: str | None,
    statuses: list[str],
    geo: str | None,
    sort: list[str],
) -> SearchQuery:
    near, within = _geo(geo, locn)
    try:
        return build_query(
            term,
            condition=cond,
            intervention=intr,
            statuses=statuses,
            near=near,
            within=within,
            sort=_sort(sort),
        )
    except QueryError as error:
        names = {"text": "query.term", "cond": "query.cond", "intr": "query.intr"}
        parameter = names.get(error.parameter) or ("filter.geo" if geo else "query.locn")
        if error.parameter in {"status"}:
            parameter = "filter.overallStatus"
        raise ApiParameterError(parameter, str(error)) from error


def _page(
    store: Store, query: SearchQuery, ids: list[str], page_token: str | None, page_size: int
) -> tuple[list[Trial], int, str | None]:
    """One page of trials, the total and the next token (bound to the query and the ids)."""
    bound = msgspec.structs.replace(query, text=f"{query.text}\x00ids:{','.join(ids)}")
    offset = 0
    if page_token:
        try:
            offset = decode_page_token(page_token, bound)
        except QueryError as error:
            raise ApiParameterError("pageToken", str(error)) from error
    if ids and (
        query.text or query.condition or query.intervention or query.has_filters or query.near
    ):
        query = msgspec.structs.replace(query, nct_ids=tuple(ids))
        ids = []
    if ids:
        found = store.get_trials(ids)
        total = len(found)
        trials = found[offset : offset + page_size]
    else:
        result = search(store, msgspec.structs.replace(query, limit=page_size, offset=offset))
        total = result.total
        trials = store.get_trials([hit.nct_id for hit in result.hits])
    end = offset + len(trials)
    token = encode_page_token(bound, end) if trials and end < total else None
    return trials, total, token


@router.get(
    "/v2/studies",
    summary="Search studies (ClinicalTrials.gov API v2 compatible)",
    responses=_ERROR_RESPONSES,
)
def list_studies(
    request: Request,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
    query_cond: Annotated[
        str | None, Query(alias="query.cond", description="Conditions or disease.")
    ] = None,
    query_term: Annotated[str | None, Query(alias="query.term", description="Other terms.")] = None,
    query_intr: Annotated[
        str | None, Query(alias="query.intr", description="Interventions.")
    ] = None,
    query_locn: Annotated[
        str | None,
        Query(alias="query.locn", description=f"A place; sites within {LOCATION_RADIUS} of it."),
    ] = None,
    filter_overall_status: Annotated[
        list[str], Query(alias="filter.overallStatus", description="Statuses, comma-separated.")
    ] = [],  # noqa: B006
    filter_geo: Annotated[
        str | None, Query(alias="filter.geo", description="distance(lat,lon,50mi) or km.")
    ] = None,
    filter_ids: Annotated[list[str], Query(alias="filter.ids", description="NCT ids.")] = [],  # noqa: B006
    fields: Annotated[list[str], Query(description="Pieces, modules or paths.")] = [],  # noqa: B006
    sort: Annotated[list[str], Query(description="@relevance or LastUpdatePostDate.")] = [],  # noqa: B006
    count_total: Annotated[bool, Query(alias="countTotal")] = False,
    page_size: Annotated[int, Query(alias="pageSize", ge=0, le=2**31)] = DEFAULT_PAGE_SIZE,
    page_token: Annotated[str | None, Query(alias="pageToken", max_length=4096)] = None,
) -> Response:
    """Studies matching the query, ``pageSize`` at a time (at most 1,000; 0 means 10).
    Follow ``nextPageToken`` for the next page; ``totalCount`` is never capped."""
    _check_parameters(request, _STUDIES_PARAMETERS)
    selected = _field_paths(fields)
    query = _registry_query(
        query_cond,
        query_term,
        query_intr,
        query_locn,
        _statuses(filter_overall_status),
        filter_geo,
        sort,
    )
    size = min(page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    trials, total, token = _page(_store(request), query, _nct_ids(filter_ids), page_token, size)
    studies = [export_study(trial) for trial in trials]
    if format == "csv":
        names = [name for name, _ in selected] or list(DEFAULT_CSV_FIELDS)
        headers = {"x-next-page-token": token} if token else {}
        if count_total:
            headers["x-total-count"] = str(total)
        return Response(
            csv_document(studies, names), media_type="text/csv; charset=utf-8", headers=headers
        )
    paths = [path for _, path in selected]
    return JSONResponse(
        _study_response(
            [select_fields(study, paths) for study in studies],
            nextPageToken=token,
            totalCount=total if count_total else None,
        )
    )


def _search_query(request: Request) -> SearchQuery:
    parameters = request.query_params
    _check_parameters(request, SEARCH_PARAMETERS | {"page_token"})
    single = {name: parameters[name] for name in SINGLE_PARAMETERS if name in parameters}
    if "page_token" in parameters:
        single["page"] = parameters["page_token"]
    lists = {name: parameters.getlist(name) for name in LIST_PARAMETERS}
    try:
        return query_from_parameters(single, lists)
    except QueryError as error:
        raise ApiParameterError(
            "page_token" if error.parameter == "page_token" else error.parameter, str(error)
        ) from error


_SEARCH_DESCRIPTION = (
    "Parameters as `trialfinder search`: q, cond, intr, status, phase, type, sex, age, "
    "healthy_volunteers, intervention_type, funder, near, within, sort, limit, page_token."
)


@router.get(
    "/search",
    summary="Search (trialfinder's own shape, as `trialfinder search --format json`)",
    description=_SEARCH_DESCRIPTION,
    responses=_ERROR_RESPONSES,
)
def api_search(
    request: Request,
    q: Annotated[str | None, Query(description="Condition or keywords.")] = None,
    near: Annotated[str | None, Query(description="A city or lat,lon.")] = None,
    within: Annotated[str | None, Query(description="50km, 30mi.")] = None,
) -> JSONResponse:
    result = search(_store(request), _search_query(request))
    return JSONResponse(result.to_dict())


@router.get(
    "/facets",
    summary="Facet counts for a search (same parameters as /api/search)",
    description=_SEARCH_DESCRIPTION,
    responses=_ERROR_RESPONSES,
)
def api_facets(
    request: Request,
    q: Annotated[str | None, Query(description="Condition or keywords.")] = None,
    near: Annotated[str | None, Query(description="A city or lat,lon.")] = None,
    within: Annotated[str | None, Query(description="50km, 30mi.")] = None,
) -> JSONResponse:
    # Total and facets only: one hit is the least a search can fetch.
    query = msgspec.structs.replace(_search_query(request), limit=1)
    result = search(_store(request), query)
    return JSONResponse({"total": result.total, "facets": msgspec.to_builtins(result.facets)})
