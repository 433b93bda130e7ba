"""The current search as a file: CSV and JSON downloads and an Atom feed to follow it.

Same parameters as the search page (``/search.csv?q=…`` is ``/search?q=…`` as a
table). Downloads hold every page of results up to :data:`DOWNLOAD_LIMIT`; the feed
holds the :data:`FEED_ENTRIES` most recently updated trials, whatever order the page
asked for, because a feed reader shows what changed since it last looked.
"""

from __future__ import annotations

from datetime import date

import msgspec
from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from trialfinder.present.result_files import results_atom, results_csv, results_json
from trialfinder.search import MAX_LIMIT, SearchHit, SearchQuery, search
from trialfinder.store import Store
from trialfinder.web.api.params import query_from_parameters
from trialfinder.web.pages import DOWNLOAD_LIMIT, page_parameters
from trialfinder.web.presenter import query_link

__all__ = ["DOWNLOAD_LIMIT", "FEED_ENTRIES", "router"]

router = APIRouter(include_in_schema=False)

FEED_ENTRIES = 50

_PRIVATE = {"Cache-Control": "private, no-cache"}


def _all_hits(store: Store, query: SearchQuery, limit: int) -> tuple[list[SearchHit], int]:
    """Every page of the query up to ``limit`` hits, and the total."""
    hits: list[SearchHit] = []
    total = 0
    while len(hits) < limit:
        page = msgspec.structs.replace(
            query, offset=len(hits), limit=min(MAX_LIMIT, limit - len(hits))
        )
        result = search(store, page)
        total = result.total
        hits.extend(result.hits)
        if not result.hits or len(hits) >= total:
            break
    return hits, total


def _query(request: Request) -> tuple[SearchQuery, dict[str, str | list[str]]]:
    single, lists = page_parameters(request)
    kept: dict[str, str | list[str]] = {
        **single,
        **{name: values for name, values in lists.items() if name not in single},
    }
    kept.pop("page", None)
    return query_from_parameters(single, lists), kept


def _file_name(extension: str) -> str:
    return f"trialfinder-search-{date.today().isoformat()}.{extension}"


def _download(body: str, media_type: str, extension: str) -> Response:
    disposition = f'attachment; filename="{_file_name(extension)}"'
    return Response(
        body, media_type=media_type, headers={"Content-Disposition": disposition, **_PRIVATE}
    )


@router.get("/search.csv")
async def search_csv(request: Request) -> Response:
    """Every result of the search (up to the limit) as CSV, one row per trial."""
    query, _ = _query(request)
    hits, _ = await run_in_threadpool(_all_hits, request.app.state.store, query, DOWNLOAD_LIMIT)
    return _download(results_csv(hits), "text/csv; charset=utf-8", "csv")


@router.get("/search.json")
async def search_json(request: Request) -> Response:
    """Every result of the search (up to the limit) as JSON, in ``/api/search``'s shape."""
    query, _ = _query(request)
    hits, total = await run_in_threadpool(_all_hits, request.app.state.store, query, DOWNLOAD_LIMIT)
    return _download(results_json(hits, total, DOWNLOAD_LIMIT), "application/json", "json")


@router.get("/search.atom")
async def search_atom(request: Request) -> Response:
    """The search's most recently updated trials as an Atom feed."""
    query, kept = _query(request)
    newest = msgspec.structs.replace(query, sort="updated")
    hits, _ = await run_in_threadpool(_all_hits, request.app.state.store, newest, FEED_ENTRIES)
    base_url = str(request.base_url).rstrip("/")
    label = kept.get("q") or kept.get("cond") or "all trials"
    near = kept.get("near")
    title = f"trialfinder: {label}" + (f" near {near}" if near else "")
    body = results_atom(
        hits,
        title=str(title),
        feed_url=base_url + query_link("/search.atom", kept),
        page_url=base_url + query_link("/search", kept),
        base_url=base_url,
    )
    return Response(body, media_type="application/atom+xml; charset=utf-8", headers=_PRIVATE)
