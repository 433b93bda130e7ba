"""What every JSON API parameter means, with an example, written once for the OpenAPI document.

The API page (``/docs``) and any OpenAPI client read ``/openapi.json``; a parameter
listed there without a description or an example leaves a reader guessing what
``filter.geo`` wants. The words live here, in one table per endpoint family, and
:func:`document_parameters` writes them into the generated document, adding the
parameters ``/api/search`` reads from the query string without declaring them in
its signature. Endpoints not in the tables keep what their routes declare, so a new
endpoint documents itself through FastAPI's ``Query(description=..., examples=[...])``.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from trialfinder.search import DEFAULT_LIMIT, MAX_LIMIT
from trialfinder.web.api.ctgov_v2 import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from trialfinder.web.api.params import LIST_PARAMETERS

__all__ = ["ParameterDoc", "document_parameters"]


class ParameterDoc(NamedTuple):
    description: str
    example: str


_FIELDS = ParameterDoc(
    "Only these parts of each study: piece names (`NCTId`, `BriefTitle`), module names "
    "(`StatusModule`) or JSON paths (`protocolSection.statusModule`), comma-separated.",
    "NCTId,BriefTitle,OverallStatus",
)
_FORMAT = ParameterDoc("`json` (the default) or `csv`.", "json")

_REGISTRY = {
    "nctId": ParameterDoc("The study's NCT number.", "NCT05018637"),
    "format": _FORMAT,
    "fields": _FIELDS,
    "query.cond": ParameterDoc(
        "Conditions or diseases, matched with their synonyms (`heart attack` finds "
        "myocardial infarction).",
        "breast cancer",
    ),
    "query.term": ParameterDoc(
        "Other words anywhere in the record: title, summary, keywords, criteria.", "metformin"
    ),
    "query.intr": ParameterDoc("Interventions: drugs, devices, procedures.", "insulin"),
    "query.locn": ParameterDoc(
        "Location words (Essie): the sites' facility, city, state, zip or country "
        "(`Korea` finds studies with a Korean site); use `filter.geo` for a distance.",
        "Korea",
    ),
    "query.titles": ParameterDoc("Words in the acronym, brief or official title (Essie).", "TRAIL"),
    "query.outc": ParameterDoc("Words in the outcome measures (Essie).", "overall survival"),
    "query.spons": ParameterDoc("Words in the sponsor or collaborators (Essie).", "Novartis"),
    "query.lead": ParameterDoc("Words in the lead sponsor's name (Essie).", "Pfizer"),
    "query.id": ParameterDoc(
        "Study identifiers: NCT number, organisation or secondary ids (Essie).", "NCT05018637"
    ),
    "query.patient": ParameterDoc(
        "The registry's patient search area: conditions, titles, keywords (Essie).", "asthma"
    ),
    "filter.advanced": ParameterDoc(
        "An Essie expression every study must match: `AREA[Field]value`, "
        "`RANGE[low, high]` with `MIN`/`MAX`, `AND`/`OR`/`NOT`, parentheses.",
        "AREA[MinimumAge]RANGE[MIN, 16 years]",
    ),
    "filter.synonyms": ParameterDoc(
        "`area:synonym_id` pairs of the registry's synonyms; trialfinder keeps none, so any "
        "given id answers no study.",
        "ConditionSearch:1651367",
    ),
    "postFilter.overallStatus": ParameterDoc(
        "As `filter.overallStatus`, applied after the query (same result here).", "RECRUITING"
    ),
    "postFilter.geo": ParameterDoc("As `filter.geo`.", "distance(45.76,4.84,50km)"),
    "postFilter.ids": ParameterDoc("As `filter.ids`.", "NCT05018637"),
    "postFilter.advanced": ParameterDoc(
        "As `filter.advanced`.", "AREA[LastUpdatePostDate]RANGE[2023-01-15,MAX]"
    ),
    "postFilter.synonyms": ParameterDoc("As `filter.synonyms`.", "ConditionSearch:1651367"),
    "aggFilters": ParameterDoc(
        "The registry's filter ids and option keys, comma-separated: `status:rec`, "
        "`phase:2`, `sex:f`, `ages:adult`, `healthy:y`, `funderType:industry`, …",
        "status:rec,sex:f",
    ),
    "geoDecay": ParameterDoc(
        "The registry's distance decay for ranking (checked; no effect on order here).",
        "func:exp,scale:300mi,offset:10mi,decay:0.5",
    ),
    "filter.overallStatus": ParameterDoc(
        "Only these overall statuses, comma-separated or repeated "
        "(RECRUITING, NOT_YET_RECRUITING, COMPLETED, …).",
        "RECRUITING,NOT_YET_RECRUITING",
    ),
    "filter.geo": ParameterDoc(
        "Studies with a site within a distance of a point: `distance(lat,lon,radius)` "
        "with the radius in `mi` or `km`.",
        "distance(45.76,4.84,50km)",
    ),
    "filter.ids": ParameterDoc(
        "Only these NCT numbers, comma-separated or repeated.", "NCT05018637,NCT06949137"
    ),
    "sort": ParameterDoc(
        "`@relevance` (the default) or date and numeric fields with `:asc`/`:desc` "
        "(`LastUpdatePostDate:desc`, `EnrollmentCount`); studies without the field come last.",
        "LastUpdatePostDate",
    ),
    "countTotal": ParameterDoc(
        "`true` to include `totalCount` in the answer (never capped).", "true"
    ),
    "pageSize": ParameterDoc(
        f"Studies per page, at most {MAX_PAGE_SIZE:,}; 0 or absent means {DEFAULT_PAGE_SIZE}.",
        "50",
    ),
    "pageToken": ParameterDoc(
        "The `nextPageToken` of the previous answer, to read the next page.",
        "<nextPageToken>",
    ),
}

_SEARCH = {
    "q": ParameterDoc(
        "Condition or keywords, as typed in the search box; synonyms count "
        "(`knee pain` finds gonalgia).",
        "osteoporosis",
    ),
    "cond": ParameterDoc("Words that must be in the conditions.", "type 2 diabetes"),
    "intr": ParameterDoc("Words that must be in the interventions.", "metformin"),
    "status": ParameterDoc(
        "Overall statuses, repeated or comma-separated; `RECRUITING` and "
        "`NOT_YET_RECRUITING` together are the studies open now or soon.",
        "RECRUITING",
    ),
    "phase": ParameterDoc(
        "Phases, repeated or comma-separated: EARLY_PHASE1, PHASE1 … PHASE4, NA.", "PHASE2"
    ),
    "type": ParameterDoc(
        "Study type: INTERVENTIONAL, OBSERVATIONAL or EXPANDED_ACCESS.", "INTERVENTIONAL"
    ),
    "sex": ParameterDoc(
        "FEMALE or MALE: studies open to that sex (studies for all sexes included).", "FEMALE"
    ),
    "age": ParameterDoc("Age in years: studies whose age range includes it.", "54"),
    "healthy_volunteers": ParameterDoc(
        "`true`: only studies that accept healthy volunteers.", "true"
    ),
    "as_typed": ParameterDoc(
        "`true`: search age and sex words in `q` as words. By default they set `age` and "
        "`sex` when those are not given (`my 8 year old` is age 8, `kids` ages 0 to 17, "
        "`men` sex MALE) and the answer's `read_from_text` says what was read.",
        "true",
    ),
    "intervention_type": ParameterDoc(
        "Intervention types, repeated or comma-separated: DRUG, DEVICE, BIOLOGICAL, "
        "PROCEDURE, BEHAVIORAL, …",
        "DRUG",
    ),
    "funder": ParameterDoc("Funder types, repeated: Industry, NIH, U.S. Fed, Other, …", "Industry"),
    "near": ParameterDoc(
        "A place to measure distances from: a city, `city, country` or `lat,lon`; each "
        "result gets its nearest site.",
        "Lyon, France",
    ),
    "within": ParameterDoc(
        "With `near`: only studies with a site this close, in `km` or `mi`.", "50km"
    ),
    "sort": ParameterDoc(
        "`relevance` (the default; with `near`, the nearest band first and the best match"
        " first within a band), `updated` (last update first) or `distance` (with `near`:"
        " strictly nearest first).",
        "updated",
    ),
    "limit": ParameterDoc(f"Results per page, 1 to {MAX_LIMIT}; {DEFAULT_LIMIT} by default.", "20"),
    "page_token": ParameterDoc(
        "The `next_page_token` of the previous answer, to read the next page.",
        "<next_page_token>",
    ),
}

_FAMILIES: dict[str, dict[str, ParameterDoc]] = {
    "/api/v2/studies": _REGISTRY,
    "/api/v2/studies/{nctId}": _REGISTRY,
    "/api/search": _SEARCH,
    "/api/facets": _SEARCH,
}


def _parameter(name: str, doc: ParameterDoc) -> dict[str, Any]:
    """A query parameter the route reads from the request rather than its signature."""
    schema: dict[str, Any] = (
        {"type": "array", "items": {"type": "string"}}
        if name in LIST_PARAMETERS
        else {"type": "string"}
    )
    return {"name": name, "in": "query", "required": False, "schema": schema}


def document_parameters(openapi: dict[str, Any]) -> dict[str, Any]:
    """Write each known parameter's description and example into ``openapi`` (in place),
    adding those of its family the route did not declare; returns ``openapi``."""
    for path, operations in openapi.get("paths", {}).items():
        docs = _FAMILIES.get(path)
        if docs is None:
            continue
        for operation in operations.values():
            parameters: list[dict[str, Any]] = operation.setdefault("parameters", [])
            declared = {parameter["name"] for parameter in parameters}
            if path in ("/api/search", "/api/facets", "/api/v2/studies"):
                parameters.extend(
                    _parameter(name, doc) for name, doc in docs.items() if name not in declared
                )
            for parameter in parameters:
                doc = docs.get(parameter["name"])
                if doc is not None:
                    parameter["description"] = doc.description
                    parameter["example"] = doc.example
    return openapi
