"""ClinicalTrials.gov API v2 compatible ``/api/v2/studies``.

``/api/v2/studies`` takes the registry's parameter names and answers in its
shape, so existing API v2 clients work unchanged against a local copy. Every
parameter is checked: one the registry does not have (``filter.phase``), one it
has but trialfinder does not implement, or a bad value is a 400 naming the
parameter, never a silently ignored filter. A ``pageToken`` is bound to the
query it came from; reusing it with another query is a 400 too. Values are
validated by the search (:func:`trialfinder.search.build_query`); this face only
renames its errors to the registry's parameter names.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal

import msgspec
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from trialfinder.model import Trial
from trialfinder.search import (
    QueryError,
    SearchQuery,
    build_query,
    decode_page_token,
    encode_page_token,
    page_token_key,
    parse_nct_ids,
    search,
)
from trialfinder.store import Store
from trialfinder.web.api.answers import ERROR_RESPONSES, request_store
from trialfinder.web.api.export import export_study
from trialfinder.web.api.fields import (
    DEFAULT_CSV_FIELDS,
    UnknownField,
    csv_document,
    field_path,
    select_fields,
)
from trialfinder.web.api.params import check_parameters, split_list

__all__ = ["DEFAULT_PAGE_SIZE", "LOCATION_RADIUS", "MAX_PAGE_SIZE", "router"]

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 1000

router = APIRouter(prefix="/api", tags=["studies"])


def _nct_ids(values: Sequence[str]) -> list[str]:
    try:
        return list(parse_nct_ids(split_list(values)))
    except QueryError as error:
        raise error.for_parameter("filter.ids") from error


def _field_paths(values: Sequence[str]) -> list[tuple[str, str]]:
    """(name as asked, path) for each ``fields`` entry, in order."""
    fields = []
    for name in split_list(values):
        try:
            fields.append((name, field_path(name)))
        except UnknownField as error:
            raise QueryError("fields", message=f"Unknown field {str(error)[:80]!r}.") from error
    return fields


def _study_response(studies: list[dict[str, Any]], **extra: Any) -> dict[str, Any]:
    return {"studies": studies, **{key: value for key, value in extra.items() if value is not None}}


@router.get(
    "/v2/studies/{nctId}",
    summary="One study in ClinicalTrials.gov API v2 shape",
    responses=ERROR_RESPONSES,
)
def get_study(
    request: Request,
    nctId: str,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
    fields: Annotated[list[str], Query()] = [],  # noqa: B006
) -> Response:
    """The study as ``GET https://clinicaltrials.gov/api/v2/studies/{nctId}`` returns it
    (the parts trialfinder keeps: no results section)."""
    check_parameters(request.query_params, frozenset({"format", "fields"}))
    nct = nctId
    selected = _field_paths(fields)
    trial = request_store(request).get_trial(nct)
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


# build_query's parameter names -> the registry's, for errors.
_REGISTRY_NAMES = {
    "text": "query.term",
    "cond": "query.cond",
    "intr": "query.intr",
    "status": "filter.overallStatus",
}


def _geo(value: str | None, location: str | None) -> tuple[str | None, str | None]:
    """``near`` and ``within`` for build_query from ``filter.geo`` or ``query.locn``."""
    if value:
        match = _GEO.match(value)
        if match is None:
            raise QueryError(
                "filter.geo", message="Write it as distance(latitude,longitude,50mi) (or km)."
            )
        return f"{match.group(1)},{match.group(2)}", match.group(3)
    if location:
        return location, LOCATION_RADIUS
    return None, None


def _sort(values: Sequence[str]) -> str | None:
    if not values:
        return None
    if len(values) > 1:
        raise QueryError("sort", message="trialfinder sorts by one key only.")
    key = values[0].strip().lower()
    if key not in _SORTS:
        raise QueryError(
            "sort",
            message=f"Unsupported sort {values[0][:60]!r}; use @relevance or LastUpdatePostDate.",
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
    # ClinicalTrials.gov's API ranks by relevance unless asked otherwise, near a place too.
    order = _sort(sort) or "relevance"
    try:
        return build_query(
            term,
            condition=cond,
            intervention=intr,
            statuses=statuses,
            near=near,
            within=within,
            sort=order,
        )
    except QueryError as error:
        # Anything else build_query names (near, within) came from the place parameters.
        parameter = _REGISTRY_NAMES.get(error.parameter) or ("filter.geo" if geo else "query.locn")
        raise error.for_parameter(parameter) from error


def _page(
    store: Store, query: SearchQuery, ids: list[str], page_token: str | None, page_size: int
) -> tuple[list[Trial], int, str | None]:
    """One page of trials, the total and the next token (bound to the query and the ids)."""
    bound = msgspec.structs.replace(query, text=f"{query.text}\x00ids:{','.join(ids)}")
    key = page_token_key(store)
    offset = 0
    if page_token:
        try:
            offset = decode_page_token(page_token, bound, key)
        except QueryError as error:
            raise error.for_parameter("pageToken") from error
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
    token = encode_page_token(bound, end, key) if trials and end < total else None
    return trials, total, token


@router.get(
    "/v2/studies",
    summary="Search studies (ClinicalTrials.gov API v2 compatible)",
    responses=ERROR_RESPONSES,
)
def list_studies(
    request: Request,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
    query_cond: Annotated[str | None, Query(alias="query.cond")] = None,
    query_term: Annotated[str | None, Query(alias="query.term")] = None,
    query_intr: Annotated[str | None, Query(alias="query.intr")] = None,
    query_locn: Annotated[
        str | None,
        Query(alias="query.locn"),
    ] = None,
    filter_overall_status: Annotated[list[str], Query(alias="filter.overallStatus")] = [],  # noqa: B006
    filter_geo: Annotated[str | None, Query(alias="filter.geo")] = None,
    filter_ids: Annotated[list[str], Query(alias="filter.ids")] = [],  # noqa: B006
    fields: Annotated[list[str], Query()] = [],  # noqa: B006
    sort: Annotated[list[str], Query()] = [],  # noqa: B006
    count_total: Annotated[bool, Query(alias="countTotal")] = False,
    page_size: Annotated[int, Query(alias="pageSize", ge=0, le=2**31)] = DEFAULT_PAGE_SIZE,
    page_token: Annotated[str | None, Query(alias="pageToken", max_length=4096)] = None,
) -> Response:
    """Studies matching the query, ``pageSize`` at a time (at most 1,000; 0 means 10).
    Follow ``nextPageToken`` for the next page; ``totalCount`` is never capped."""
    check_parameters(request.query_params, _STUDIES_PARAMETERS)
    selected = _field_paths(fields)
    query = _registry_query(
        query_cond,
        query_term,
        query_intr,
        query_locn,
        split_list(filter_overall_status),
        filter_geo,
        sort,
    )
    size = min(page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    ids = _nct_ids(filter_ids)
    trials, total, token = _page(request_store(request), query, ids, page_token, size)
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
