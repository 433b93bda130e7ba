"""What a search answers: hits with their nearest sites, facet counts, location counts.

``to_dict`` methods give the public JSON shapes (``trialfinder search --format
json`` and the web API), so those shapes are written in one place.
"""

from __future__ import annotations

from typing import Literal

import msgspec

__all__ = ["Facets", "LocationCount", "MatchMode", "SearchHit", "SearchResult", "SiteDistance"]

MatchMode = Literal["all", "partial"]
"""Whether every result matches every concept of the text ("all"), or some results
match only some of them ("partial", always ranked after the full matches)."""


class SiteDistance(msgspec.Struct, frozen=True, omit_defaults=True):
    """A trial site and its great-circle distance from the searched place."""

    distance_km: float
    facility: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    status: str | None = None
    latitude: float | None = None
    longitude: float | None = None


class SearchHit(msgspec.Struct, frozen=True):
    nct_id: str
    title: str
    status: str | None
    phases: list[str]
    conditions: list[str]
    score: float | None = None
    last_updated: str | None = None
    nearest_site: SiteDistance | None = None
    other_sites: list[SiteDistance] = []

    def to_dict(self) -> dict[str, object]:
        """The public JSON shape of one result."""
        return {
            "nct_id": self.nct_id,
            "title": self.title,
            "status": self.status,
            "phases": self.phases,
            "conditions": self.conditions,
            "score": self.score,
            "nearest_site": msgspec.to_builtins(self.nearest_site),
        }


class Facets(msgspec.Struct):
    """Counts per value for the current query; ``counted`` trials were counted
    (equal to the total unless the match set was too large to count exactly)."""

    counted: int = 0
    status: dict[str, int] = {}
    phase: dict[str, int] = {}
    study_type: dict[str, int] = {}
    sex: dict[str, int] = {}
    intervention_type: dict[str, int] = {}
    funder_type: dict[str, int] = {}
    country: dict[str, int] = {}


class SearchResult(msgspec.Struct):
    total: int
    hits: list[SearchHit]
    facets: Facets
    next_page_token: str | None = None
    place: str | None = None
    match_mode: MatchMode = "all"
    # With match_mode "partial": how many trials match every concept (they come first);
    # None for a long description, which is matched on any of its telling words.
    complete_matches: int | None = None
    # The corrected text that ran instead of the typed one (no trial matched that).
    corrected_query: str | None = None
    # Corrected texts offered beside results for the typed one ("Did you mean").
    suggestions: list[str] = []

    def to_dict(self) -> dict[str, object]:
        """The public JSON shape: ``total``, ``results``, ``facets``, ``next_page_token``."""
        return {
            "total": self.total,
            "results": [hit.to_dict() for hit in self.hits],
            "facets": msgspec.to_builtins(self.facets),
            "next_page_token": self.next_page_token,
        }

    def to_api_dict(self) -> dict[str, object]:
        """``/api/search``'s shape: :meth:`to_dict` and how the text was matched
        (``match_mode``, ``corrected_query``, ``suggestions``)."""
        return {
            **self.to_dict(),
            "match_mode": self.match_mode,
            "corrected_query": self.corrected_query,
            "suggestions": list(self.suggestions),
        }


class LocationCount(msgspec.Struct, frozen=True):
    """A country (or a city in one) and how many trials have a site there."""

    name: str
    trials: int
