"""The query model: what a search asks, validated once, whatever the face or the engine.

A :class:`SearchQuery` is built by :func:`trialfinder.search.validation.build_query`
so every front end (CLI, web, API) rejects the same bad input with the same
:class:`QueryError` naming the offending parameter. Its user text is analysed
into :class:`~trialfinder.search.text.TextQuery` groups; each index backend
renders those into its own engine's terms, so no user character ever reaches a
full-text engine's query language.
"""

from __future__ import annotations

import hashlib
from typing import Literal

import msgspec

from trialfinder.search.text import TextQuery, parse_text

__all__ = [
    "DEFAULT_LIMIT",
    "FUNDER_TYPES",
    "INTERVENTION_TYPES",
    "MAX_LIMIT",
    "PHASES",
    "PLACE_ORDERS",
    "SEXES",
    "STATUSES",
    "STUDY_TYPES",
    "GeoFilter",
    "QueryError",
    "SearchQuery",
    "SortOrder",
]

# "near" is no one's choice but the default near a place: nearest band first, the
# better match first within a band (:mod:`trialfinder.search.nearness`); "distance"
# is strictly nearest first.
SortOrder = Literal["relevance", "distance", "near", "updated"]
# The orders measured from a place (a query has one whenever it asks for them).
PLACE_ORDERS: tuple[SortOrder, ...] = ("distance", "near")

# Registry enum spellings (API v2) and the words users may type for them.
STATUSES = (
    "RECRUITING",
    "NOT_YET_RECRUITING",
    "ENROLLING_BY_INVITATION",
    "ACTIVE_NOT_RECRUITING",
    "SUSPENDED",
    "TERMINATED",
    "COMPLETED",
    "WITHDRAWN",
    "UNKNOWN",
    "AVAILABLE",
    "NO_LONGER_AVAILABLE",
    "TEMPORARILY_NOT_AVAILABLE",
    "APPROVED_FOR_MARKETING",
    "WITHHELD",
)
PHASES = ("EARLY_PHASE1", "PHASE1", "PHASE2", "PHASE3", "PHASE4", "NA")
STUDY_TYPES = ("INTERVENTIONAL", "OBSERVATIONAL", "EXPANDED_ACCESS")
SEXES = ("FEMALE", "MALE")
INTERVENTION_TYPES = (
    "DRUG",
    "BIOLOGICAL",
    "GENETIC",
    "DEVICE",
    "PROCEDURE",
    "RADIATION",
    "BEHAVIORAL",
    "DIETARY_SUPPLEMENT",
    "COMBINATION_PRODUCT",
    "DIAGNOSTIC_TEST",
    "OTHER",
)
# Funder types as :attr:`trialfinder.model.Trial.funder_types` spells them.
FUNDER_TYPES = (
    "Industry",
    "NIH",
    "U.S. Fed",
    "Other U.S. Fed",
    "Individual",
    "Network",
    "Other",
)

MAX_LIMIT = 100
DEFAULT_LIMIT = 20


class QueryError(ValueError):
    """A search parameter that cannot be used; web, API and CLI answer it naming the parameter.

    The one parameter-error type of every face: the search validates, and a face
    that spells a parameter its own way (``filter.overallStatus`` for ``status``)
    renames the error with :meth:`for_parameter` instead of wrapping it in a type
    of its own. ``message`` is the sentence shown to the user; by default it
    starts with the parameter's name, a face may give its own wording.
    """

    def __init__(self, parameter: str, reason: str = "", *, message: str | None = None) -> None:
        self.parameter = parameter
        self.message = message if message is not None else f"{parameter}: {reason}"
        super().__init__(self.message)

    def for_parameter(self, parameter: str) -> QueryError:
        """The same error (same message) named as the face that received it spells it."""
        return QueryError(parameter, message=self.message)

    def to_json(self) -> dict[str, str]:
        """The JSON body of a 400 answer: the message and the parameter's name."""
        return {"message": self.message, "parameter": self.parameter}


class GeoFilter(msgspec.Struct, frozen=True):
    """Where to measure from, and optionally how far a site may be."""

    latitude: float
    longitude: float
    label: str
    radius_km: float | None = None


class SearchQuery(msgspec.Struct, frozen=True, omit_defaults=True):
    """A validated search; build it with :func:`build_query` from user input."""

    text: str = ""
    condition: str = ""
    intervention: str = ""
    statuses: tuple[str, ...] = ()
    phases: tuple[str, ...] = ()
    study_type: str | None = None
    sex: str | None = None
    age_years: float | None = None
    # An age group read from the text ("children": 0 to 17 years, search.who): a trial
    # whose ages overlap the span passes, as one whose ages hold ``age_years`` does.
    age_span: tuple[float, float] | None = None
    # The phrases of ``text`` read as ``sex``, ``age_years`` or ``age_span`` (search.who),
    # as typed, and taken out of ``text``: the page names them so the user can search
    # them as words instead.
    read_from_text: tuple[str, ...] = ()
    healthy_volunteers: bool = False
    intervention_types: tuple[str, ...] = ()
    funder_types: tuple[str, ...] = ()
    near: GeoFilter | None = None
    # Only these trials (NCT ids, upper case), when given.
    nct_ids: tuple[str, ...] = ()
    sort: SortOrder = "relevance"
    limit: int = DEFAULT_LIMIT
    offset: int = 0
    # The page token ``offset`` was read from: its signature is checked against the store.
    page_token: str | None = None
    # Whether unknown words are corrected towards words trials hold. Callers whose text
    # comes from the vocabulary itself (a patient's recognised conditions) turn it off:
    # there is nothing to correct, and building the corrector costs seconds cold.
    correct_spelling: bool = True
    # Whether a one-concept text whose matches do not fill the page goes on to the
    # concepts MeSH files it under (search.index.partial_tiers). Patient retrieval turns
    # it off: it chooses the broader conditions it asks for itself.
    broader: bool = True
    # False when the caller shows no facets (API v2 pages): a backend may then count
    # the matches without counting their facets (``Facets`` comes back empty).
    facets: bool = True
    # False when the caller shows each hit's nearest site only (the web pages and JSON
    # APIs): the backend then builds no ``SearchHit.other_sites``. Not part of what is
    # asked (page tokens stay valid whichever way it is set).
    other_sites: bool = True

    @property
    def text_query(self) -> TextQuery:
        return parse_text(self.text)

    @property
    def condition_query(self) -> TextQuery:
        return _all_groups(parse_text(self.condition))

    @property
    def intervention_query(self) -> TextQuery:
        return _all_groups(parse_text(self.intervention))

    @property
    def has_filters(self) -> bool:
        return bool(
            self.statuses
            or self.phases
            or self.study_type
            or self.sex
            or self.age_years is not None
            or self.age_span is not None
            or self.healthy_volunteers
            or self.intervention_types
            or self.funder_types
            or self.nct_ids
            or (self.near is not None and self.near.radius_km is not None)
        )

    @property
    def age_bounds(self) -> tuple[float, float] | None:
        """The youngest and oldest age asked for (one age is both), if any."""
        if self.age_years is not None:
            return self.age_years, self.age_years
        return self.age_span

    def fingerprint(self) -> str:
        """Identifies what is asked, not which page: page tokens carry it."""
        asked = msgspec.structs.replace(
            self, offset=0, limit=DEFAULT_LIMIT, page_token=None, other_sites=True
        )
        return hashlib.blake2b(msgspec.json.encode(asked), digest_size=8).hexdigest()


def _all_groups(text_query: TextQuery) -> TextQuery:
    """Condition and intervention fields name one thing: all their words must match."""
    return TextQuery(groups=text_query.groups, match_all=True, typed=text_query.typed)
