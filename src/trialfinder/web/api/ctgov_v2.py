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

import functools
import re
from collections.abc import Sequence
from typing import Annotated, Any, Literal, NamedTuple

import msgspec
from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response, StreamingResponse
from starlette.datastructures import ImmutableMultiDict, QueryParams

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
from trialfinder.search.essie import EssieNode
from trialfinder.search.essie_match import is_plain_words
from trialfinder.store import Store
from trialfinder.web.api.answers import ERROR_RESPONSES, request_store
from trialfinder.web.api.fields import (
    DEFAULT_CSV_FIELDS,
    UnknownField,
    csv_document,
    field_path,
    json_field_paths,
    project_json,
    projected_json,
)
from trialfinder.web.api.params import check_parameters, split_list
from trialfinder.web.api.registry_query import (
    INDEX_TEXT,
    MAX_SCANNED,
    QUERY_AREAS,
    RegistryQuery,
    check_geo_decay,
    parse_agg_filters,
    parse_expression,
    parse_sort,
    parse_synonyms,
    query_fields,
)
from trialfinder.web.api.study_documents import iter_page_json, page_json, study_documents

__all__ = [
    "DEFAULT_PAGE_SIZE",
    "MAX_PAGE_SIZE",
    "PAGE_SIZE_BOUND",
    "PAGE_TOKEN_CHARACTERS",
    "StudiesPaging",
    "router",
    "studies_answer",
]

DEFAULT_PAGE_SIZE = 10
MAX_PAGE_SIZE = 1000
# What the route accepts at all (a larger pageSize is read as MAX_PAGE_SIZE).
PAGE_SIZE_BOUND = 2**31
PAGE_TOKEN_CHARACTERS = 4096

router = APIRouter(prefix="/api", tags=["studies"])

_FILTERS = ("overallStatus", "geo", "ids", "advanced", "synonyms")


def _field_paths(
    values: Sequence[str], *, csv: bool = False, queried: Sequence[str] = ()
) -> list[tuple[str, str]]:
    """(name as asked, path) for each ``fields`` entry, in order. JSON also takes search-area
    names and ``@query`` (the areas the query parameters search); a CSV column is one field."""
    fields: list[tuple[str, str]] = []
    for name in split_list(values):
        try:
            if name == "@query" and not csv:
                fields.extend((name, path) for path in query_fields(queried))
            else:
                paths = [field_path(name)] if csv else json_field_paths(name)
                fields.extend((name, path) for path in paths)
        except UnknownField as error:
            raise QueryError("fields", message=f"Unknown field {str(error)[:80]!r}.") from error
    return fields


@router.get(
    "/v2/studies/{nctId}",
    summary="One study in ClinicalTrials.gov API v2 shape",
    responses=ERROR_RESPONSES,
)
def get_study(
    request: Request,
    nctId: str,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
    fields: Annotated[
        list[str], Query(description="Pieces, modules, areas or paths, comma-separated.")
    ] = [],  # noqa: B006
) -> Response:
    """The study as ``GET https://clinicaltrials.gov/api/v2/studies/{nctId}`` returns it
    (the parts trialfinder keeps: no results section)."""
    check_parameters(request.query_params, frozenset({"format", "fields"}))
    nct = nctId
    selected = _field_paths(fields, csv=format == "csv")
    documents = study_documents(request_store(request), [nct])
    if not documents:
        return JSONResponse({"message": f"Study {nct[:40]!r} not found."}, status_code=404)
    if format == "csv":
        names = [name for name, _ in selected] or list(DEFAULT_CSV_FIELDS)
        study = msgspec.json.decode(documents[0])
        return Response(csv_document([study], names), media_type="text/csv; charset=utf-8")
    if not selected:
        return Response(documents[0], media_type="application/json")
    return JSONResponse(project_json(documents[0], [path for _, path in selected]))


_GEO = re.compile(
    r"^\s*distance\(\s*([+-]?\d+(?:\.\d+)?)\s*,\s*([+-]?\d+(?:\.\d+)?)\s*,\s*([^)]*)\)\s*$"
)

# Parameters that do not change which studies match, or their order: a page token
# stays valid across them (the registry's rule).
_PAGING_PARAMETERS = frozenset({"countTotal", "pageSize", "pageToken", "fields", "format"})
_STUDIES_PARAMETERS = frozenset(
    {
        *_PAGING_PARAMETERS,
        *QUERY_AREAS,
        *(f"{kind}.{name}" for kind in ("filter", "postFilter") for name in _FILTERS),
        "aggFilters",
        "geoDecay",
        "sort",
    }
)

# build_query's parameter names -> the registry's, for errors.
_REGISTRY_NAMES = {
    **{name: parameter for parameter, name in INDEX_TEXT.items()},
    "status": "filter.overallStatus",
}


def _geo(values: Sequence[tuple[str, str]]) -> tuple[str | None, str | None]:
    """``near`` and ``within`` for build_query from ``filter.geo`` / ``postFilter.geo``."""
    places = {value.strip() for _, value in values}
    if len(places) > 1:
        raise QueryError(
            values[-1][0], message="Give one geo filter (filter.geo or postFilter.geo)."
        )
    for parameter, value in values:
        match = _GEO.match(value)
        if match is None:
            raise QueryError(
                parameter, message="Write it as distance(latitude,longitude,50mi) (or km)."
            )
        return f"{match.group(1)},{match.group(2)}", match.group(3)
    return None, None


def _both(first: list[str], second: list[str]) -> tuple[list[str], bool]:
    """The items a filter and its postFilter both allow, and whether none is left."""
    if first and second:
        kept = [item for item in first if item.upper() in {other.upper() for other in second}]
        return kept, not kept
    return first or second, False


class _Asked(NamedTuple):
    """A /studies request read: what the index answers, what is evaluated per study."""

    query: SearchQuery
    ids: tuple[str, ...]
    rest: RegistryQuery
    fingerprint: str


def _read_request(parameters: QueryParams) -> _Asked:
    """Every /studies parameter checked and split between the index and the predicate;
    the fingerprint binds page tokens to all of them but the paging ones."""
    check_parameters(parameters, _STUDIES_PARAMETERS)
    items = tuple(item for item in parameters.multi_items() if item[0] not in _PAGING_PARAMETERS)
    if sum(len(name) + len(value) for name, value in items) > _KEPT_QUESTION_CHARACTERS:
        return _read_question(items)
    return _kept_question(items)


# Reading the parameters (Essie expressions, the query's validation) costs about a
# tenth of a page's CPU; a client paging through results, and the many clients asking
# the common questions, send the same ones again. A bad question raises: not kept.
# Long ones are read every time, so the kept ones take a few megabytes at most.
_KEPT_QUESTIONS = 1_024
_KEPT_QUESTION_CHARACTERS = 2_000


def _read_question(items: tuple[tuple[str, str], ...]) -> _Asked:
    """:func:`_read_request` for the parameters that are not paging ones, in order."""
    parameters = ImmutableMultiDict(items)
    text: dict[str, str] = {}
    trees: list[tuple[EssieNode, str]] = []
    for parameter, area in QUERY_AREAS.items():
        value = parameters.get(parameter)
        if value is None or not value.strip():
            continue
        tree = parse_expression(parameter, value)
        if parameter in INDEX_TEXT and is_plain_words(tree):
            text[INDEX_TEXT[parameter]] = value
        else:
            trees.append((tree, area))
    for parameter in ("filter.advanced", "postFilter.advanced"):
        value = parameters.get(parameter)
        if value and value.strip():
            trees.append((parse_expression(parameter, value), "BasicSearch"))
    if aggregations := parameters.get("aggFilters"):
        trees.extend((tree, "BasicSearch") for tree in parse_agg_filters(aggregations))
    check_geo_decay(parameters.get("geoDecay"))
    no_synonym = any(
        parse_synonyms(name, parameters.getlist(name))
        for name in ("filter.synonyms", "postFilter.synonyms")
    )
    statuses, no_status = _both(
        split_list(parameters.getlist("filter.overallStatus")),
        split_list(parameters.getlist("postFilter.overallStatus")),
    )
    ids, no_id = _both(_nct_ids("filter.ids", parameters), _nct_ids("postFilter.ids", parameters))
    sort = parse_sort(parameters.getlist("sort"))
    near, within = _geo(
        [
            (name, value)
            for name in ("filter.geo", "postFilter.geo")
            for value in parameters.getlist(name)
        ]
    )
    index_sort = (
        "updated"
        if [(key.field, key.descending) for key in sort] == [("LastUpdatePostDate", True)]
        else None
    )
    try:
        query = build_query(
            text.get("text"),
            condition=text.get("condition"),
            intervention=text.get("intervention"),
            statuses=statuses,
            near=near,
            within=within,
            sort=index_sort,
            # The registry's API searches its text as given: no age or sex read from it.
            read_who_words=False,
        )
        # The registry's pages carry no facets: the index counts the matches only.
        query = msgspec.structs.replace(query, facets=False)
    except QueryError as error:
        # Anything else build_query names (near, within) came from the geo parameters.
        parameter = _REGISTRY_NAMES.get(error.parameter) or "filter.geo"
        raise error.for_parameter(parameter) from error
    rest = RegistryQuery(
        trees=tuple(trees),
        sort=tuple(sort) if index_sort is None else (),
        matches_nothing=no_synonym or no_status or no_id,
    )
    fingerprint = msgspec.json.encode(sorted(items)).decode()
    return _Asked(query, tuple(ids), rest, fingerprint)


_kept_question = functools.lru_cache(maxsize=_KEPT_QUESTIONS)(_read_question)


def _nct_ids(parameter: str, parameters: Any) -> list[str]:
    try:
        return list(parse_nct_ids(split_list(parameters.getlist(parameter))))
    except QueryError as error:
        raise error.for_parameter(parameter) from error


def _candidates(store: Store, query: SearchQuery, ids: Sequence[str]) -> list[str]:
    """Every study the index part matches, in its order (bounded by MAX_SCANNED)."""
    if ids and not (
        query.text or query.condition or query.intervention or query.has_filters or query.near
    ):
        return [trial.nct_id for trial in store.get_trials(ids)]
    if ids:
        query = msgspec.structs.replace(query, nct_ids=tuple(ids))
    elif not (query.text or query.condition or query.intervention or query.has_filters):
        if store.count_trials() > MAX_SCANNED:
            raise _too_broad()
        return list(store.iter_nct_ids())
    total = search(store, msgspec.structs.replace(query, limit=1, offset=0)).total
    if total > MAX_SCANNED:
        raise _too_broad()
    result = search(store, msgspec.structs.replace(query, limit=max(total, 1), offset=0))
    return [hit.nct_id for hit in result.hits]


def _too_broad() -> QueryError:
    return QueryError(
        "query.term",
        message=f"This question would be checked over more than {MAX_SCANNED:,} studies; "
        "narrow it with query.cond, query.term, query.intr or filter.overallStatus.",
    )


def _matching_ids(store: Store, asked: _Asked) -> list[str]:
    """All matching ids in answer order, when per-study evaluation or sorting is needed."""
    candidates = _candidates(store, asked.query, asked.ids)
    rows: list[tuple[str, dict[str, Any]]] = []
    for start in range(0, len(candidates), _BATCH):
        for document in study_documents(store, candidates[start : start + _BATCH]):
            study = msgspec.json.decode(document)
            if asked.rest.matches(study):
                nct_id = str(study["protocolSection"]["identificationModule"]["nctId"])
                rows.append((nct_id, study if asked.rest.sorts_by_fields else {}))
    return asked.rest.ordered(rows)


_BATCH = 500


def _page(
    store: Store, asked: _Asked, page_token: str | None, page_size: int
) -> tuple[list[str], int, int]:
    """The NCT ids of one page, the total and the page's offset."""
    offset = 0
    if page_token:
        try:
            offset = decode_page_token(page_token, _bound_query(asked), page_token_key(store))
        except QueryError as error:
            raise error.for_parameter("pageToken") from error
    if asked.rest.matches_nothing:
        return [], 0, offset
    if asked.rest.trees or asked.rest.sort or asked.ids:
        matching = _matching_ids(store, asked)
        return matching[offset : offset + page_size], len(matching), offset
    query = msgspec.structs.replace(asked.query, limit=page_size, offset=offset)
    result = search(store, query)
    return [hit.nct_id for hit in result.hits], result.total, offset


def _bound_query(asked: _Asked) -> SearchQuery:
    """The query page tokens are signed for: the index part and everything else asked."""
    return msgspec.structs.replace(asked.query, text=f"{asked.query.text}\x00{asked.fingerprint}")


def _next_token(store: Store, asked: _Asked, end: int, total: int, studies: int) -> str | None:
    """The token of the page after one of ``studies`` studies ending at ``end``."""
    if not studies or end >= total:
        return None
    return encode_page_token(_bound_query(asked), end, page_token_key(store))


# Longer pages are sent while they are read, this many studies at a time.
_STREAM_BATCH = 100


def _tail(token: str | None, total: int | None) -> bytes:
    """What follows the studies in a page: ``nextPageToken`` and ``totalCount`` if any."""
    extra = {"nextPageToken": token, "totalCount": total}
    return b"".join(
        b',"' + name.encode() + b'":' + msgspec.json.encode(value)
        for name, value in extra.items()
        if value is not None
    )


@router.get(
    "/v2/studies",
    summary="Search studies (ClinicalTrials.gov API v2 compatible)",
    responses=ERROR_RESPONSES,
)
def list_studies(
    request: Request,
    format: Annotated[Literal["json", "csv"], Query()] = "json",
    fields: Annotated[list[str], Query(description="Pieces, modules, areas or paths.")] = [],  # noqa: B006
    count_total: Annotated[bool, Query(alias="countTotal")] = False,
    page_size: Annotated[
        int, Query(alias="pageSize", ge=0, le=PAGE_SIZE_BOUND)
    ] = DEFAULT_PAGE_SIZE,
    page_token: Annotated[
        str | None, Query(alias="pageToken", max_length=PAGE_TOKEN_CHARACTERS)
    ] = None,
) -> Response:
    """Studies matching the query, ``pageSize`` at a time (at most 1,000; 0 means 10).
    Every parameter of the registry's ``/studies`` is read with its meaning (Essie in
    ``query.*`` and ``filter.advanced``, ``aggFilters`` option keys, date and numeric
    ``sort``). Follow ``nextPageToken`` for the next page; ``totalCount`` is never capped."""
    return studies_answer(
        request_store(request),
        request.query_params,
        StudiesPaging(format, tuple(fields), count_total, page_size, page_token),
    )


class StudiesPaging(NamedTuple):
    """The /studies parameters that say how a page is sent (typed as the route declares
    them), as opposed to which studies it holds."""

    format: Literal["json", "csv"] = "json"
    fields: tuple[str, ...] = ()
    count_total: bool = False
    page_size: int = DEFAULT_PAGE_SIZE
    page_token: str | None = None


def studies_answer(store: Store, parameters: QueryParams, paging: StudiesPaging) -> Response:
    """The answer to ``GET /api/v2/studies`` with ``parameters`` (all of them, for
    checking and the query) and ``paging`` (those of them the route types);
    :class:`QueryError` for a bad one."""
    asked = _read_request(parameters)
    queried = [name for name in QUERY_AREAS if parameters.get(name)]
    selected = _field_paths(paging.fields, csv=paging.format == "csv", queried=queried)
    size = min(paging.page_size or DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
    nct_ids, total, offset = _page(store, asked, paging.page_token, size)
    count_total = paging.count_total
    paths = [path for _, path in selected]
    if paging.format == "json" and len(nct_ids) > _STREAM_BATCH:
        # Every id on the page is a stored study (the index and the scan read the store).
        token = _next_token(store, asked, offset + len(nct_ids), total, len(nct_ids))
        batches = (
            _page_studies(store, nct_ids[start : start + _STREAM_BATCH], paths)
            for start in range(0, len(nct_ids), _STREAM_BATCH)
        )
        return StreamingResponse(
            iter_page_json(batches, _tail(token, total if count_total else None)),
            media_type="application/json",
        )
    documents = study_documents(store, nct_ids)
    token = _next_token(store, asked, offset + len(documents), total, len(documents))
    if paging.format == "csv":
        names = [name for name, _ in selected] or list(DEFAULT_CSV_FIELDS)
        headers = {"x-next-page-token": token} if token else {}
        if count_total:
            headers["x-total-count"] = str(total)
        studies = [msgspec.json.decode(document) for document in documents]
        return Response(
            csv_document(studies, names), media_type="text/csv; charset=utf-8", headers=headers
        )
    page = page_json(_projected(documents, paths), _tail(token, total if count_total else None))
    return Response(page, media_type="application/json")


def _projected(documents: list[bytes], paths: list[str]) -> list[bytes]:
    """The studies' JSON with only ``paths`` kept (all of it when there are none)."""
    if not paths:
        return documents
    return [projected_json(document, paths) for document in documents]


def _page_studies(store: Store, nct_ids: list[str], paths: list[str]) -> list[bytes]:
    return _projected(study_documents(store, nct_ids), paths)
