"""URL parameters of the search page and ``/api/search`` -> a validated search query.

The names follow ``trialfinder search`` options (``q`` is the free text), so a
page URL, an API call and a command line say the same thing. Validation is
:func:`trialfinder.search.build_query`'s: its ``QueryError`` names the parameter.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from trialfinder.search import QueryError, SearchQuery, build_query

__all__ = ["LIST_PARAMETERS", "SEARCH_PARAMETERS", "SINGLE_PARAMETERS", "query_from_parameters"]

SINGLE_PARAMETERS = (
    "q",
    "cond",
    "intr",
    "type",
    "sex",
    "age",
    "healthy_volunteers",
    "near",
    "within",
    "sort",
    "limit",
    "page",
)
LIST_PARAMETERS = ("status", "phase", "intervention_type", "funder")
SEARCH_PARAMETERS = frozenset((*SINGLE_PARAMETERS, *LIST_PARAMETERS))

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"", "0", "false", "no", "off"}


def _flag(value: str | None) -> bool:
    if value is None:
        return False
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise QueryError("healthy_volunteers", f"use true or false, not {value[:40]!r}")


def query_from_parameters(
    single: Mapping[str, str], lists: Mapping[str, Sequence[str]]
) -> SearchQuery:
    """Build the query; raises ``QueryError`` (parameter named) for unusable values."""
    return build_query(
        single.get("q"),
        condition=single.get("cond"),
        intervention=single.get("intr"),
        statuses=lists.get("status", ()),
        phases=lists.get("phase", ()),
        study_type=single.get("type") or None,
        sex=single.get("sex") or None,
        age=single.get("age"),
        healthy_volunteers=_flag(single.get("healthy_volunteers")),
        intervention_types=lists.get("intervention_type", ()),
        funder_types=lists.get("funder", ()),
        near=single.get("near"),
        within=single.get("within"),
        sort=single.get("sort"),
        limit=single.get("limit"),
        page_token=single.get("page") or None,
    )
