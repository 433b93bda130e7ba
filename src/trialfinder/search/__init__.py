"""Search: the query model, validation, text analysis, ranking rules, facets and paging.

Search owns searching; the store keeps records. User input becomes a validated
:class:`SearchQuery` (:func:`build_query`), its text a :class:`TextQuery` of
synonym-expanded word groups; an index backend per store engine (Tantivy for
SQLite, ``tsvector`` for PostgreSQL) runs it behind the narrow
:class:`~trialfinder.search.index.SearchIndex` protocol, and the rules shared by
both (relaxation, informative words, page tokens) are written once here.
"""

from __future__ import annotations

from trialfinder.search.backends import (
    check_searchable,
    index_of,
    keeps_search_tables,
    locations,
    open_store,
    search,
    set_search_tables,
    warm_up,
)
from trialfinder.search.index import SearchDirRequired
from trialfinder.search.paging import (
    decode_page_token,
    encode_page_token,
    next_page_token,
    page_token_key,
)
from trialfinder.search.query import (
    DEFAULT_LIMIT,
    FUNDER_TYPES,
    INTERVENTION_TYPES,
    MAX_LIMIT,
    PHASES,
    SEXES,
    STATUSES,
    STUDY_TYPES,
    GeoFilter,
    QueryError,
    SearchQuery,
    SortOrder,
)
from trialfinder.search.results import (
    Facets,
    LocationCount,
    SearchHit,
    SearchResult,
    SiteDistance,
)
from trialfinder.search.text import (
    SHORT_QUERY_GROUPS,
    TextQuery,
    Vocabulary,
    informative_groups,
    load_vocabulary,
    parse_text,
    read_one_way,
)
from trialfinder.search.validation import build_query, parse_nct_ids

__all__ = [
    "DEFAULT_LIMIT",
    "FUNDER_TYPES",
    "INTERVENTION_TYPES",
    "MAX_LIMIT",
    "PHASES",
    "SEXES",
    "SHORT_QUERY_GROUPS",
    "STATUSES",
    "STUDY_TYPES",
    "Facets",
    "GeoFilter",
    "LocationCount",
    "QueryError",
    "SearchDirRequired",
    "SearchHit",
    "SearchQuery",
    "SearchResult",
    "SiteDistance",
    "SortOrder",
    "TextQuery",
    "Vocabulary",
    "build_query",
    "check_searchable",
    "decode_page_token",
    "encode_page_token",
    "index_of",
    "informative_groups",
    "keeps_search_tables",
    "load_vocabulary",
    "locations",
    "next_page_token",
    "open_store",
    "page_token_key",
    "parse_nct_ids",
    "parse_text",
    "read_one_way",
    "search",
    "set_search_tables",
    "warm_up",
]
