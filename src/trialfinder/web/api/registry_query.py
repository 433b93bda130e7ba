"""The registry's ``/studies`` parameters read with the registry's meaning.

ClinicalTrials.gov takes an Essie expression in every ``query.*`` parameter
and in ``filter.advanced``; ``aggFilters`` names its website's filter options
by short keys (``status:rec``, ``sex:f``); ``sort`` takes date and numeric
fields. This module turns them into two parts (:class:`RegistryQuery`):

* what the search index answers itself, with its ranking, synonyms and word
  forms: plain words in ``query.cond`` / ``query.term`` / ``query.intr``,
  ``filter.overallStatus``, ``filter.geo`` and ``filter.ids``;
* the rest as Essie trees (``aggFilters`` options are written as Essie too),
  evaluated over each candidate's API v2 document by
  :func:`trialfinder.search.essie_match.essie_matches`.

The trees are evaluated over at most :data:`MAX_SCANNED` candidates (what the
index part matched, or the whole store): a broader question is a 400 asking to
narrow it, never a silently cut answer.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

import msgspec

from trialfinder.search import QueryError
from trialfinder.search.essie import EssieNode, EssieSyntaxError, parse_essie
from trialfinder.search.essie_match import essie_matches, named_fields
from trialfinder.web.api.fields import (
    DATE_FIELDS,
    FIELD_PATHS,
    NUMERIC_FIELDS,
    SEARCH_AREAS,
    UnknownField,
    study_values,
)

__all__ = [
    "INDEX_TEXT",
    "MAX_SCANNED",
    "QUERY_AREAS",
    "RegistryQuery",
    "SortKey",
    "check_geo_decay",
    "parse_agg_filters",
    "parse_expression",
    "parse_sort",
    "parse_synonyms",
    "query_fields",
]

MAX_SCANNED: Final = 50_000

# query.* parameter -> the search area its expression is read in.
QUERY_AREAS: Final = {
    "query.cond": "ConditionSearch",
    "query.term": "BasicSearch",
    "query.locn": "LocationSearch",
    "query.titles": "TitleSearch",
    "query.intr": "InterventionSearch",
    "query.outc": "OutcomeSearch",
    "query.spons": "SponsorSearch",
    "query.lead": "LeadSponsorName",
    "query.id": "IdSearch",
    "query.patient": "PatientSearch",
}
# query.* parameters the index answers itself when they are plain words -> build_query's name.
INDEX_TEXT: Final = {"query.term": "text", "query.cond": "condition", "query.intr": "intervention"}

_NOTHING = "NOT ALL"
_EVERYTHING = "ALL"


def _enum(field: str, *values: str) -> str:
    return " OR ".join(f'AREA[{field}]COVERAGE[FullMatch]"{value}"' for value in values)


# aggFilters: filter id -> option key -> the Essie expression it stands for. Options the
# local records cannot have (documents, FDAAA violations) match what the data says: none.
_AGG_FILTERS: Final[dict[str, dict[str, str]]] = {
    "status": {
        "rec": _enum("OverallStatus", "RECRUITING"),
        "not": _enum("OverallStatus", "NOT_YET_RECRUITING"),
        "act": _enum("OverallStatus", "ACTIVE_NOT_RECRUITING"),
        "enr": _enum("OverallStatus", "ENROLLING_BY_INVITATION"),
        "com": _enum("OverallStatus", "COMPLETED"),
        "sus": _enum("OverallStatus", "SUSPENDED"),
        "ter": _enum("OverallStatus", "TERMINATED"),
        "wit": _enum("OverallStatus", "WITHDRAWN"),
        "unk": _enum("OverallStatus", "UNKNOWN"),
        "ava": _enum("OverallStatus", "AVAILABLE"),
        "nla": _enum("OverallStatus", "NO_LONGER_AVAILABLE"),
        "tna": _enum("OverallStatus", "TEMPORARILY_NOT_AVAILABLE"),
        "afm": _enum("OverallStatus", "APPROVED_FOR_MARKETING"),
        "wh": _enum("OverallStatus", "WITHHELD"),
    },
    "phase": {
        "0": _enum("Phase", "EARLY_PHASE1"),
        "1": _enum("Phase", "PHASE1"),
        "2": _enum("Phase", "PHASE2"),
        "3": _enum("Phase", "PHASE3"),
        "4": _enum("Phase", "PHASE4"),
        "na": _enum("Phase", "NA"),
    },
    "sex": {
        "f": _enum("Sex", "FEMALE", "ALL"),
        "m": _enum("Sex", "MALE", "ALL"),
        "a": _enum("Sex", "ALL"),
    },
    "ages": {
        "child": _enum("StdAge", "CHILD"),
        "adult": _enum("StdAge", "ADULT"),
        "older": _enum("StdAge", "OLDER_ADULT"),
    },
    "healthy": {"y": "AREA[HealthyVolunteers]true", "n": "AREA[HealthyVolunteers]false"},
    "funderType": {
        key: f"{_enum('LeadSponsorClass', value)} OR {_enum('CollaboratorClass', value)}"
        for key, value in (("nih", "NIH"), ("fed", "FED"), ("industry", "INDUSTRY"))
    }
    | {
        "other": " OR ".join(
            f"{_enum(field, 'OTHER', 'OTHER_GOV', 'INDIV', 'NETWORK', 'AMBIG', 'UNKNOWN')}"
            for field in ("LeadSponsorClass", "CollaboratorClass")
        )
    },
    "studyType": {
        "int": _enum("StudyType", "INTERVENTIONAL"),
        "obs": _enum("StudyType", "OBSERVATIONAL"),
        "exp": _enum("StudyType", "EXPANDED_ACCESS"),
    },
    "results": {"with": "AREA[HasResults]true", "without": "AREA[HasResults]false"},
    "docs": {"prot": _NOTHING, "sap": _NOTHING, "icf": _NOTHING},
    "violation": {"y": _NOTHING, "n": _EVERYTHING},
}


def _check_names(parameter: str, tree: EssieNode) -> None:
    for name in named_fields(tree):
        try:
            study_values({}, name)
        except UnknownField:
            raise QueryError(
                parameter, message=f"{parameter}: unknown field or area {name[:60]!r}."
            ) from None


def parse_expression(parameter: str, text: str) -> EssieNode:
    """The Essie tree of one parameter; a 400 naming it and the position on a syntax error."""
    try:
        tree = parse_essie(text)
    except EssieSyntaxError as error:
        raise QueryError(
            parameter, message=f"{parameter}: {error.reason} (at character {error.position + 1})."
        ) from None
    _check_names(parameter, tree)
    return tree


_AGG_PAIR = re.compile(r"^\s*([A-Za-z]+)\s*:\s*(.*?)\s*$")


def parse_agg_filters(value: str) -> list[EssieNode]:
    """One tree per filter (its options OR-ed), from ``status:rec act,sex:f``."""
    trees = []
    for pair in re.split(r"[,|]", value):
        if not pair.strip():
            continue
        match = _AGG_PAIR.match(pair)
        options = _AGG_FILTERS.get(match.group(1)) if match else None
        if match is None or options is None:
            known = ", ".join(_AGG_FILTERS)
            raise QueryError(
                "aggFilters", message=f"aggFilters: unknown filter {pair[:40]!r}; known: {known}."
            )
        keys = match.group(2).split()
        unknown = [key for key in keys if key not in options]
        if unknown or not keys:
            raise QueryError(
                "aggFilters",
                message=f"aggFilters: {match.group(1)} takes {', '.join(options)}, "
                f"not {(unknown or [''])[0][:40]!r}.",
            )
        trees.append(parse_essie(" OR ".join(f"({options[key]})" for key in keys)))
    return trees


_SYNONYM = re.compile(r"^[A-Za-z]+:\d+$")


def parse_synonyms(parameter: str, values: Sequence[str]) -> bool:
    """Whether any synonym filter is given. The local store keeps none of the
    registry's synonym ids, so any given one matches no study (an empty answer)."""
    given = False
    for value in values:
        for item in re.split(r"[,|]", value):
            if not item.strip():
                continue
            if not _SYNONYM.match(item.strip()):
                raise QueryError(
                    parameter, message=f"{parameter}: write area:synonym_id, not {item[:40]!r}."
                )
            given = True
    return given


_GEO_DECAY = re.compile(
    r"^func:(gauss|exp|linear),scale:(\d+(\.\d+)?(km|mi)),offset:(\d+(\.\d+)?(km|mi)),"
    r"decay:(\d+(\.\d+)?)$"
)


def check_geo_decay(value: str | None) -> None:
    """``geoDecay`` is checked and accepted; ranking by proximity is not implemented
    (the registry ignores it too in many cases), so it does not change any answer."""
    if value is not None and not _GEO_DECAY.match(value):
        raise QueryError(
            "geoDecay",
            message="geoDecay: write func:exp|gauss|linear,scale:300mi,offset:0mi,decay:0.5.",
        )


class SortKey(msgspec.Struct, frozen=True):
    """One ``sort`` item: a field (None: relevance) and its direction."""

    field: str | None
    descending: bool


_SORTABLE = {name.lower(): name for name in DATE_FIELDS | NUMERIC_FIELDS}


def parse_sort(values: Sequence[str]) -> list[SortKey]:
    """At most two keys, ``Field[:asc|desc]``; dates default to desc, numbers to asc."""
    items = [item.strip() for value in values for item in re.split(r"[,|]", value) if item.strip()]
    if len(items) > 2:
        raise QueryError("sort", message="sort: at most two sort keys.")
    keys = []
    for item in items:
        name, _, direction = item.partition(":")
        if direction.lower() not in ("", "asc", "desc"):
            raise QueryError("sort", message=f"sort: direction is asc or desc, not {direction!r}.")
        if name.strip().lower() == "@relevance":
            keys.append(SortKey(None, direction.lower() != "asc"))
            continue
        field = _SORTABLE.get(name.strip().lower())
        if field is None:
            raise QueryError(
                "sort",
                message=f"sort: {name[:60]!r} is not a date or numeric field; "
                f"use @relevance or one of {', '.join(sorted(_SORTABLE.values()))}.",
            )
        default_descending = field in DATE_FIELDS
        keys.append(
            SortKey(field, direction.lower() == "desc" if direction else default_descending)
        )
    return keys


def _first(study: dict[str, Any], field: str) -> Any:
    values = study_values(study, field)
    return values[0] if values else None


class RegistryQuery(msgspec.Struct, frozen=True):
    """What the index cannot answer: Essie trees (each read in its area) and sort keys."""

    trees: tuple[tuple[EssieNode, str], ...] = ()
    sort: tuple[SortKey, ...] = ()
    matches_nothing: bool = False

    def matches(self, study: dict[str, Any]) -> bool:
        """Whether the API v2 document of a candidate study satisfies every tree."""

        def values(name: str) -> list[str | int | float | bool]:
            return study_values(study, name)

        return all(essie_matches(tree, values, area) for tree, area in self.trees)

    @property
    def sorts_by_fields(self) -> bool:
        return any(key.field is not None for key in self.sort)

    def ordered(self, rows: list[tuple[str, dict[str, Any]]]) -> list[str]:
        """The ids of candidate (id, document) rows in sort order; rows come in relevance
        order. Studies missing a sort field are always last, as the registry puts them."""
        for key in reversed(self.sort):
            if key.field is None:
                if not key.descending:
                    rows = rows[::-1]
                continue
            field = key.field
            present = [row for row in rows if _first(row[1], field) is not None]
            missing = [row for row in rows if _first(row[1], field) is None]
            present.sort(key=lambda row: _first(row[1], field), reverse=key.descending)
            rows = present + missing
        return [nct_id for nct_id, _ in rows]


def query_fields(parameters: Sequence[str]) -> list[str]:
    """``fields=@query``: the paths of every area the given query parameters search."""
    paths = [FIELD_PATHS["NCTId"]]
    for parameter in parameters:
        area = QUERY_AREAS[parameter]
        pieces = SEARCH_AREAS.get(area, (area,))
        paths.extend(FIELD_PATHS[piece] for piece in pieces)
    return list(dict.fromkeys(paths))
