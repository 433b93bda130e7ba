"""The HTML pages: find trials, read one trial, trials by location.

Server-rendered GET forms, so every page works with JavaScript off and every
result page has a shareable URL. Handlers only gather what the library
computes and hand it to a template.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from urllib.parse import quote

import msgspec
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from markupsafe import Markup
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import QueryParams

from trialfinder.criteria.model import ParsedCriteria
from trialfinder.criteria.sections import split_criteria_sections
from trialfinder.ingest.sync import last_synced_at
from trialfinder.ingest.sync_status import read_sync_status
from trialfinder.match import stored_criteria
from trialfinder.model import Location, Trial
from trialfinder.places import (
    Place,
    UnknownPlaceError,
    geocode_site,
    nearest_sites,
    resolve_place,
)
from trialfinder.present import trial as display
from trialfinder.present.maps import MapPoint, render_sites_svg
from trialfinder.present.record_facts import milestones, official_label, unknown_status_note
from trialfinder.present.search_text import text_match_notice, who_read_notice
from trialfinder.present.snippets import Snippet, SnippetText, why_matched
from trialfinder.search import (
    Facets,
    GeoFilter,
    LocationCount,
    QueryError,
    SearchHit,
    SearchQuery,
    locations,
    search,
)
from trialfinder.store import Store
from trialfinder.web.api.params import LIST_PARAMETERS, SINGLE_PARAMETERS, query_from_parameters
from trialfinder.web.page_cache import PageCache, if_none_match, page_etag, page_key
from trialfinder.web.presenter import (
    criteria_blocks,
    facet_fieldsets,
    query_link,
    result_items,
    text_blocks,
)
from trialfinder.web.templating import build_fingerprint, template_environment

__all__ = [
    "DOWNLOAD_LIMIT",
    "RADII",
    "SEARCH_PATHS",
    "TrialNotFound",
    "page_parameters",
    "render_page",
    "router",
    "search_page_answer",
]

DOWNLOAD_LIMIT = 1000
"""At most this many trials in a CSV or JSON download of a search (the page says so)."""

router = APIRouter(include_in_schema=False)

_CRITERIA_TITLES = {
    "inclusion": "Inclusion criteria",
    "exclusion": "Exclusion criteria",
    "other": "Eligibility criteria",
}


class TrialNotFound(LookupError):
    """No trial with that NCT id: answered with the 404 page."""


def render_page(
    template: str, status_code: int = 200, store: Store | None = None, **context: Any
) -> HTMLResponse:
    """Render a page; with ``store``, the footer says when its data was last refreshed
    and, while the background sync is failing, when it last failed (with the error id
    its log line carries)."""
    context.setdefault("nav", None)
    context["data_refreshed"] = _data_refreshed(store) if store is not None else None
    context["sync_failed"] = _sync_failed(store) if store is not None else None
    html = template_environment().get_template(template).render(**context)
    return HTMLResponse(html, status_code=status_code)


def _data_refreshed(store: Store) -> str | None:
    synced = last_synced_at(store)
    return synced.strftime("%Y-%m-%d %H:%M UTC") if synced is not None else None


def _sync_failed(store: Store) -> str | None:
    """ "<time> (error id <id>)" while the last background sync attempt failed, else None."""
    status = read_sync_status(store)
    if status is None or not status.consecutive_errors or status.last_error_at is None:
        return None
    failed_at = datetime.fromisoformat(status.last_error_at).strftime("%Y-%m-%d %H:%M UTC")
    return f"{failed_at} (error id {status.last_error_id or 'not recorded'})"


def _store(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def _place_or_none(text: str | None) -> Place | None:
    if not text or not text.strip():
        return None
    try:
        return resolve_place(text)
    except (UnknownPlaceError, ValueError):
        return None


def _points_svg(
    points: list[MapPoint], title: str, place: MapPoint | None = None, labelled: int | None = None
) -> Markup | None:
    if not points:
        return None
    # render_sites_svg escapes every label and emits no script, style or link.
    return Markup(render_sites_svg(points, title=title, place=place, labelled=labelled))


def _sites_svg(locations: list[Location], title: str, near: Place | None = None) -> Markup | None:
    points = [point for point in map(MapPoint.from_location, locations) if point is not None]
    place = MapPoint(near.latitude, near.longitude, near.label) if near is not None else None
    return _points_svg(points, title, place)


_MAP_CITIES = 300
_LABELLED_CITIES = 5


def _country_svg(country: str, cities: list[LocationCount]) -> Markup | None:
    """The country's cities with sites, the busiest few named (the gazetteer places them)."""
    points = []
    for city in cities[:_MAP_CITIES]:
        point = geocode_site(city.name, None, country)
        if point is not None:
            trials = f"{city.trials:,} {'trial' if city.trials == 1 else 'trials'}"
            points.append(MapPoint(point.lat, point.lon, f"{city.name}, {trials}"))
    return _points_svg(points, f"Cities with trial sites in {country}", labelled=_LABELLED_CITIES)


def _hits_svg(hits: list[SearchHit], near: GeoFilter) -> Markup | None:
    """Each result's nearest site around the searched place."""
    points = [
        MapPoint(site.latitude, site.longitude, ", ".join(filter(None, (site.facility, site.city))))
        for site in (hit.nearest_site for hit in hits)
        if site is not None and site.latitude is not None and site.longitude is not None
    ]
    place = MapPoint(near.latitude, near.longitude, near.label)
    return _points_svg(points, f"Nearest sites of these trials to {near.label}", place)


def _trial_context(trial: Trial, parsed: ParsedCriteria, near: Place | None) -> dict[str, Any]:
    design = trial.design
    design_fields = [
        (heading, value)
        for heading, value in (
            ("Primary purpose", display.primary_purpose_label(design.primary_purpose)),
            ("Allocation", display.allocation_label(design.allocation)),
            ("Interventional model", display.intervention_model_label(design.intervention_model)),
            ("Observational model", display.observational_model_label(design.observational_model)),
            ("Time perspective", display.time_perspective_label(design.time_perspective)),
            ("Masking", display.masking_label(design.masking, design.who_masked)),
        )
        if value
    ]
    arms = [
        {
            "label": arm.label,
            "type_label": display.arm_type_label(arm.type),
            "description": text_blocks(arm.description),
            "doses": display.plain_doses(arm.description),
            "treatments": arm.intervention_names,
        }
        for arm in trial.arm_groups
    ]
    # The page draws the criteria as matching reads them, each beside its flagged thresholds.
    text_criteria = (criterion for criterion in parsed.criteria if criterion.source == "text")
    criteria = [
        {
            "kind": section.kind,
            "title": _CRITERIA_TITLES[section.kind],
            "heading": section.heading,
            "blocks": criteria_blocks(
                section.text,
                "exclusion" if section.kind == "exclusion" else "inclusion",
                text_criteria,
            ),
        }
        for section in split_criteria_sections(trial.eligibility.criteria_text)
    ]
    if near is not None:
        measured = nearest_sites(trial.locations, near.latitude, near.longitude)
        measured_ids = {id(location) for location, _ in measured}
        locations: list[tuple[Location, float | None]] = [
            *measured,
            *((location, None) for location in trial.locations if id(location) not in measured_ids),
        ]
    else:
        locations = [(location, None) for location in trial.locations]
    last_updated = trial.last_update_posted_date
    return {
        "trial": trial,
        "sponsor": trial.lead_sponsor or trial.organization,
        "about": text_blocks(trial.brief_summary),
        "about_doses": display.plain_doses(trial.brief_summary),
        "description": text_blocks(trial.detailed_description),
        "description_doses": display.plain_doses(trial.detailed_description),
        "age_range": display.age_range_label(
            trial.eligibility.minimum_age, trial.eligibility.maximum_age
        ),
        "criteria": criteria,
        "design_fields": design_fields,
        "participants": display.participants_label(trial.enrollment, len(trial.arm_groups)),
        "arms": arms,
        "near": near,
        "locations": locations,
        "map_svg": _sites_svg(trial.locations, f"Sites of {trial.nct_id}", near),
        "last_updated": last_updated.date if last_updated else trial.source_last_updated,
        "milestones": milestones(trial),
        "officials": [
            label for label in map(official_label, trial.overall_officials) if label is not None
        ],
        "unknown_status_note": unknown_status_note(trial),
        "qualify_url": f"/trials/{trial.nct_id}/qualify",
    }


@router.get("/trials/{nct_id}", response_class=HTMLResponse)
def trial_page(request: Request, nct_id: str, near: str | None = None) -> HTMLResponse:
    """One trial, every section of the reference pages in their order."""
    store = _store(request)
    trial = store.get_trial(nct_id)
    if trial is None:
        raise TrialNotFound(nct_id)
    parsed = stored_criteria(store, [trial.nct_id])[trial.nct_id]
    context = _trial_context(trial, parsed, _place_or_none(near))
    return render_page("trial.html", store=store, **context)


_SEXES = (("", "Any"), ("FEMALE", "Female"), ("MALE", "Male"))
_RECRUITING = ["RECRUITING", "NOT_YET_RECRUITING"]
RADII = ("10km", "25km", "50km", "100km", "250km", "500km", "1000km")
_SORTS = (
    ("", "Near a place: trials about the search, nearest first; else best match"),
    ("relevance", "Best match"),
    ("updated", "Last updated"),
    ("distance", "Distance"),
)
_MAP_TRIALS = 200
# Browsers keep search pages for their own use only and ask again (If-None-Match) each time:
# a search says something about someone's health, and results change with every sync.
_REVALIDATE = {"Cache-Control": "private, no-cache"}


def _search_parameters(request: Request) -> tuple[dict[str, str], dict[str, list[str]]]:
    return _parameters_of(request.query_params)


def _parameters_of(parameters: QueryParams) -> tuple[dict[str, str], dict[str, list[str]]]:
    single = {name: parameters[name] for name in SINGLE_PARAMETERS if name in parameters}
    lists = {name: parameters.getlist(name) for name in LIST_PARAMETERS}
    return single, lists


def _facet_groups(facets: Facets, lists: dict[str, list[str]]) -> list[dict[str, Any]]:
    """Checkbox groups with counts; a checked value always shows, even at zero."""
    groups = (
        ("Status", "status", facets.status, display.status_label),
        (
            "Phase",
            "phase",
            facets.phase,
            lambda value: display.phase_label([value]) or "Not applicable",
        ),
        ("Study type", "type", facets.study_type, display.study_type_label),
        (
            "Treatment type",
            "intervention_type",
            facets.intervention_type,
            display.intervention_type_label,
        ),
        ("Funder type", "funder", facets.funder_type, lambda value: value),
    )
    shown = []
    for title, parameter, counts, label in groups:
        # In the order asked (a set's order differs between processes, and every web
        # node must render the same page for the same URL).
        checked = dict.fromkeys(
            value.upper() if parameter != "funder" else value for value in lists.get(parameter, [])
        )
        values = list(counts) + [value for value in checked if value not in counts]
        options = [
            {
                "value": value,
                "label": label(value) or value,
                "count": counts.get(value, 0),
                "checked": value in checked,
            }
            for value in values
        ]
        if options:
            shown.append({"title": title, "parameter": parameter, "options": options})
    return shown


def page_parameters(request: Request) -> tuple[dict[str, str], dict[str, list[str]]]:
    """The search page's parameters, with what cannot apply yet dropped."""
    return _page_parameters_of(request.query_params)


def _page_parameters_of(parameters: QueryParams) -> tuple[dict[str, str], dict[str, list[str]]]:
    single, lists = _parameters_of(parameters)
    if not single.get("near", "").strip():
        # A radius or distance order picked while the place box is empty means nothing yet.
        single.pop("within", None)
        if single.get("sort") == "distance":
            single.pop("sort")
    for name in ("type", "sex"):
        if name in single:
            lists[name] = [single[name]]
    return single, lists


def _snippets(store: Store, query: SearchQuery, hits: list[SearchHit]) -> dict[str, Snippet]:
    """Per result, the passage that holds the searched words (title matches need none)."""
    groups = (
        *query.text_query.groups,
        *query.condition_query.groups,
        *query.intervention_query.groups,
    )
    phrases = [phrase for group in groups for phrase in group]
    if not phrases or not hits:
        return {}
    texts = store.get_trial_parts([hit.nct_id for hit in hits], SnippetText)
    found = {text.nct_id: why_matched(text, phrases) for text in texts}
    return {nct_id: snippet for nct_id, snippet in found.items() if snippet is not None}


def _render_search(
    store: Store, single: dict[str, str], lists: dict[str, list[str]]
) -> HTMLResponse:
    """Search and render; a 400 page (not cached) for parameters that cannot be used."""
    context: dict[str, Any] = {
        "nav": "search",
        "single": single,
        "radii": RADII,
        "sorts": _SORTS,
        "error": None,
        "result": None,
        "query": None,
        "facet_fieldsets": None,
        "next_url": None,
        "first_url": None,
        "map_url": None,
        "hits_map_svg": None,
        "sexes": _SEXES,
        "download_limit": DOWNLOAD_LIMIT,
        "feed_url": None,
        "match_notice": None,
        "suggestion_links": [],
        "who_notice": None,
        "as_typed_url": None,
    }
    try:
        query = query_from_parameters(single, lists)
        result = search(store, query)
    except QueryError as error:
        context["error"] = str(error)
        return render_page("search.html", status_code=400, **context)
    kept = {**single, **{name: values for name, values in lists.items() if name not in single}}
    kept.pop("page", None)
    any_status = {name: value for name, value in kept.items() if name != "status"}
    # The query string of the links that carry the search as it is, encoded once for all.
    same_search = query_link("", kept)
    context.update(
        query=query,
        result=result,
        facet_fieldsets=facet_fieldsets(_facet_groups(result.facets, lists)),
        first_url="/search" + same_search,
        next_url=query_link("/search", {**kept, "page": result.next_page_token})
        if result.next_page_token
        else None,
        map_url="/locations" + same_search,
        hits_map_svg=_hits_svg(result.hits, query.near) if query.near is not None else None,
        result_items=result_items(
            result.hits,
            _snippets(store, query, result.hits),
            # Each result opens its trial page with the distances from the searched place.
            f"?near={quote(single['near'], safe='/')}" if single.get("near") else "",
        ),
        recruiting_url=query_link("/search", {**any_status, "status": _RECRUITING}),
        any_status_url=query_link("/search", any_status),
        recruiting_only=sorted(lists.get("status", [])) == sorted(_RECRUITING),
        csv_url="/search.csv" + same_search,
        json_url="/search.json" + same_search,
        feed_url="/search.atom" + same_search,
        match_notice=text_match_notice(result),
        who_notice=who_read_notice(query),
        as_typed_url=query_link("/search", {**kept, "as_typed": "1"}),
        suggestion_links=[
            (suggestion, query_link("/search", {**kept, "q": suggestion}))
            for suggestion in result.suggestions
        ],
    )
    return render_page("search.html", store=store, **context)


SEARCH_PATHS = ("/", "/search")
"""The paths of the search page."""


async def search_page_answer(
    store: Store, pages: PageCache, parameters: QueryParams, if_none_match_header: str | None
) -> Response:
    """The search page for the query string's ``parameters``, as the route and the app's
    front (:mod:`trialfinder.web.direct_search`) both answer it.

    Answered from the page cache ``pages`` or with 304 when the data has not changed
    since (:mod:`trialfinder.web.page_cache`); otherwise searched and rendered in a
    worker thread. The data generation is read before and after; a page whose data
    changed meanwhile is sent as it is, neither kept nor tagged.
    """
    single, lists = _page_parameters_of(parameters)
    generation = store.data_generation()
    if generation is None:
        return await run_in_threadpool(_render_search, store, single, lists)
    key = page_key(single, lists)
    headers = {"ETag": page_etag(build_fingerprint(), generation, key), **_REVALIDATE}
    if if_none_match(if_none_match_header, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    cached = pages.get(key, generation)
    if cached is not None:
        return HTMLResponse(cached, headers=headers)
    response = await run_in_threadpool(_render_search, store, single, lists)
    if response.status_code != 200 or store.data_generation() != generation:
        return response
    pages.put(key, generation, bytes(response.body))
    response.headers.update(headers)
    return response


@router.get("/", response_class=HTMLResponse)
@router.get("/search", response_class=HTMLResponse)
async def search_page(request: Request) -> Response:
    """Find clinical trials: one box, a place and radius, filters with counts, pages
    (:func:`search_page_answer`; plain GETs are answered in front of the router)."""
    return await search_page_answer(
        _store(request),
        request.app.state.page_cache,
        request.query_params,
        request.headers.get("if-none-match"),
    )


@router.get("/locations", response_class=HTMLResponse)
def locations_page(request: Request, country: str | None = None) -> HTMLResponse:
    """Countries -> cities with counts; with search parameters, a map of the results' sites."""
    store = _store(request)
    single, lists = _search_parameters(request)
    context: dict[str, Any] = {
        "nav": "locations",
        "country": None,
        "countries": [],
        "cities": [],
        "country_map_svg": None,
    }
    if country:
        context["country"] = country[:200]
        context["cities"] = locations(store, country[:200])
        context["country_map_svg"] = _country_svg(country[:200], context["cities"])
    else:
        context["countries"] = locations(store)
    context.update(
        map_svg=None, mapped_trials=0, matching_trials=0, search_label=None, search_url=None
    )
    if single or any(lists.values()):
        try:
            query = msgspec.structs.replace(
                query_from_parameters(single, lists), limit=_MAP_TRIALS, offset=0
            )
            result = search(store, query)
        except QueryError as error:
            return render_page(
                "error.html", status_code=400, heading="Bad request", message=str(error)
            )
        trials = store.get_trials([hit.nct_id for hit in result.hits])
        sites = [location for trial in trials for location in trial.locations]
        label = single.get("q") or single.get("cond") or None
        context.update(
            map_svg=_sites_svg(sites, f"Sites of {len(trials)} trials"),
            mapped_trials=len(trials),
            matching_trials=result.total,
            search_label=label,
            search_url=query_link("/search", {**single, **lists}),
        )
    return render_page("locations.html", store=store, **context)
