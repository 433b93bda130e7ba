"""The narrow protocol between search and an index backend, and the rules around it.

A backend (:mod:`~trialfinder.search.sqlite_index`, Tantivy beside a SQLite
file; :mod:`~trialfinder.search.postgres_index`, ``tsvector`` columns) compiles
a query into its engine's terms and runs it: it counts the matches and their
facets and returns the page of hits asked for; it also counts trials by place.
What is a rule of trialfinder's search rather than of an engine is written here
once for both: relaxing a text that no trial matches word for word, the next
page's token and the place distances are measured from.
"""

from __future__ import annotations

from typing import NamedTuple, Protocol

from trialfinder.search.paging import next_page_token
from trialfinder.search.query import SearchQuery
from trialfinder.search.results import Facets, LocationCount, SearchHit, SearchResult
from trialfinder.search.text import TextQuery

__all__ = ["IndexPage", "SearchIndex", "relaxed", "run_search"]


class IndexPage(NamedTuple):
    """What a backend answers for one query: the number of matches, their facets and
    the page of hits the query asks for."""

    total: int
    facets: Facets
    hits: list[SearchHit]


class SearchIndex(Protocol):
    """A backend's index of one store's trials."""

    def run(self, query: SearchQuery, text: TextQuery) -> IndexPage:
        """Run ``query`` with ``text`` as its free text (the query's own, or relaxed)."""
        ...

    def locations(self, country: str | None) -> list[LocationCount]:
        """Countries by trial count, or the cities of one country."""
        ...


def relaxed(text: TextQuery) -> TextQuery | None:
    """The text with any of its words allowed to match, when it asked for all of
    several (None: nothing to relax)."""
    if text.match_all and len(text.groups) > 1:
        return TextQuery(groups=text.groups, match_all=False)
    return None


def run_search(index: SearchIndex, query: SearchQuery, page_key: bytes) -> SearchResult:
    """Total, one page of hits, facets and the next page's token (signed with ``page_key``).

    When no trial has every word of the text, any of them may match rather than
    nothing being shown (the most informative words, as for a long description).
    """
    text = query.text_query
    page = index.run(query, text)
    if page.total == 0 and (any_word := relaxed(text)) is not None:
        page = index.run(query, any_word)
    near = query.near
    return SearchResult(
        total=page.total,
        hits=page.hits,
        facets=page.facets,
        next_page_token=next_page_token(query, page.total, len(page.hits), page_key),
        place=near.label if near is not None else None,
    )
