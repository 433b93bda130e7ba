"""trialfinder's own JSON search: ``/api/search`` and ``/api/facets``.

The parameters and the answer are those of ``trialfinder search --format json``,
so a script can move between the command line and the API unchanged.
"""

from __future__ import annotations

import msgspec
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse

from trialfinder.search import SearchQuery, search
from trialfinder.web.api.answers import ERROR_RESPONSES, request_store
from trialfinder.web.api.params import (
    LIST_PARAMETERS,
    SEARCH_PARAMETERS,
    SINGLE_PARAMETERS,
    check_parameters,
    query_from_parameters,
)

__all__ = ["router"]

router = APIRouter(prefix="/api", tags=["studies"])


def _search_query(request: Request) -> SearchQuery:
    parameters = request.query_params
    check_parameters(parameters, SEARCH_PARAMETERS | {"page_token"})
    single = {name: parameters[name] for name in SINGLE_PARAMETERS if name in parameters}
    if "page_token" in parameters:
        single["page"] = parameters["page_token"]
    lists = {name: parameters.getlist(name) for name in LIST_PARAMETERS}
    # A QueryError already names the parameter as this endpoint spells it (the
    # page's ``page`` is ``page_token`` here, as build_query calls it).
    return query_from_parameters(single, lists)


# The parameters are read from the query string (every one checked by name) and
# documented in :mod:`trialfinder.web.api.parameter_docs`.
_SEARCH_DESCRIPTION = "Parameters as `trialfinder search` takes them; any other parameter is a 400."


@router.get(
    "/search",
    summary="Search (trialfinder's own shape, as `trialfinder search --format json`)",
    description=_SEARCH_DESCRIPTION,
    responses=ERROR_RESPONSES,
)
def api_search(
    request: Request,
) -> JSONResponse:
    query = _search_query(request)
    result = search(request_store(request), query)
    # What the text's age and sex words were read as (``as_typed=true`` searches them).
    read = (
        {
            "phrases": list(query.read_from_text),
            "searched_text": query.text,
            "sex": query.sex,
            "ages": list(query.age_bounds) if query.age_bounds is not None else None,
        }
        if query.read_from_text
        else None
    )
    return JSONResponse({**result.to_api_dict(), "read_from_text": read})


@router.get(
    "/facets",
    summary="Facet counts for a search (same parameters as /api/search)",
    description=_SEARCH_DESCRIPTION,
    responses=ERROR_RESPONSES,
)
def api_facets(
    request: Request,
) -> JSONResponse:
    # Total and facets only: one hit is the least a search can fetch.
    query = msgspec.structs.replace(_search_query(request), limit=1)
    result = search(request_store(request), query)
    return JSONResponse({"total": result.total, "facets": msgspec.to_builtins(result.facets)})
