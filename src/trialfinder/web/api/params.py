"""URL parameters of the web face -> a validated search query; unknown parameters refused.

The names of the search page and ``/api/search`` follow ``trialfinder search``
options (``q`` is the free text), so a page URL, an API call and a command line
say the same thing. Validation is :func:`trialfinder.search.build_query`'s: its
``QueryError`` names the parameter. The JSON endpoints also refuse any parameter
they do not read (:func:`check_parameters`): a silently ignored filter would
answer a different question than the one asked.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

import msgspec

from trialfinder.search import QueryError, SearchQuery, build_query

__all__ = [
    "LIST_PARAMETERS",
    "SEARCH_PARAMETERS",
    "SINGLE_PARAMETERS",
    "check_parameters",
    "query_from_parameters",
    "split_list",
]

SINGLE_PARAMETERS = (
    "q",
    "cond",
    "intr",
    "type",
    "sex",
    "age",
    "healthy_volunteers",
    "as_typed",
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


def _flag(value: str | None, parameter: str = "healthy_volunteers") -> bool:
    if value is None:
        return False
    if value.strip().lower() in _TRUE:
        return True
    if value.strip().lower() in _FALSE:
        return False
    raise QueryError(parameter, f"use true or false, not {value[:40]!r}")


def query_from_parameters(
    single: Mapping[str, str], lists: Mapping[str, Sequence[str]]
) -> SearchQuery:
    """Build the query; raises ``QueryError`` (parameter named) for unusable values.

    Web answers show each hit's nearest site only, so no other site is measured for them.
    ``as_typed`` searches the text's age and sex words as words (the page's undo of
    :mod:`trialfinder.search.who`'s reading).
    """
    query = build_query(
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
        read_who_words=not _flag(single.get("as_typed"), "as_typed"),
    )
    return msgspec.structs.replace(query, other_sites=False)


def check_parameters(names: Iterable[str], allowed: frozenset[str]) -> None:
    """QueryError naming the first parameter that is not ``allowed``."""
    for name in names:
        if name in allowed:
            continue
        raise QueryError(name, message=f"Unknown parameter {name!r}.")


_LIST_SEPARATOR = re.compile(r"[,|\s]+")


def split_list(values: Sequence[str]) -> list[str]:
    """A list parameter given repeated, comma-, bar- or space-separated -> its items."""
    return [item for value in values for item in _LIST_SEPARATOR.split(value) if item]
