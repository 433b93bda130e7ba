"""The PostgreSQL search index: weighted ``tsvector`` text, filter tags, site coordinates.

Kept in step with the trials table by :class:`~trialfinder.store.postgres.PostgresStore`
(:func:`index_trials` runs in the upsert's transaction). It indexes exactly what
the SQLite index does (:func:`trialfinder.store.sqlite_search._entry`) and
evaluates queries the same way, so both return the same result set:

* Text: one ``tsvector`` per trial with a GIN index. Weights encode columns —
  A title, B conditions + condition MeSH + keywords, C interventions +
  intervention MeSH, D summary + criteria — so the condition field's columns are
  exactly ``:AB`` and the intervention field's ``:AC``, and ``ts_rank`` weighs
  a title hit above a criteria mention. Text is split into words in Python
  with the query's own rule (letters and digits), then accent-folded
  (``unaccent``) and Snowball-stemmed, with no stopword list (SQLite has none).
* Filters: the same filter tags as SQLite (status, phase, age as dyadic
  intervals, half-degree geographic cells, ...) in a ``text[]`` with a GIN
  index; a filter is ``tags && ARRAY[...]``. The cells are the indexed
  bounding-box prefilter of a radius search; exact haversine distances are
  then measured from the stored site coordinates.
* Order: ``doc_id`` is last-update day and a sequence number, as on SQLite, and
  relevance ranks windows of the most recent matches, as on SQLite, with
  ``ts_rank`` in place of BM25: the same results in a comparable order.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from typing import Any, NamedTuple

import msgspec
import psycopg

from trialfinder.geo import normalise_country
from trialfinder.model import Trial
from trialfinder.search import (
    Facets,
    GeoFilter,
    LocationCount,
    SearchHit,
    SearchQuery,
    SearchResult,
    SiteDistance,
    TextQuery,
    next_page_token,
)
from trialfinder.store.sqlite_search import (
    _SEQUENCE_BITS,
    FACET_LIMIT,
    RANK_WINDOW,
    _day_number,
    _entry,
    _has_text,
    _nearest_km,
    facets_from_rows,
    filter_tags,
    informative_groups,
    search_hit,
    site_distances,
)

__all__ = [
    "MIGRATIONS",
    "TEXT_SEARCH_CONFIG",
    "facet_counts",
    "index_trials",
    "locations",
    "search",
    "strip_nul",
    "unindex_trials",
]

TEXT_SEARCH_CONFIG = "trialfinder"
_CONDITION_WEIGHTS = "AB"
_INTERVENTION_WEIGHTS = "AC"
# ts_rank weights for D, C, B, A (SQLite's BM25 column weights, roughly).
_RANK_WEIGHTS = "{0.05, 0.5, 0.9, 1.0}"
# tsvector holds at most 1 MB; registry fields are far shorter than this per weight.
_MAX_WEIGHT_CHARACTERS = 100_000
_SEPARATORS = re.compile(r"[\W_]+")

MIGRATIONS: list[Sequence[str]] = [
    (
        # Trusted extension (PostgreSQL 13+): the database owner may create it.
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        "CREATE TEXT SEARCH DICTIONARY trialfinder_stem (TEMPLATE = snowball, LANGUAGE = english)",
        f"CREATE TEXT SEARCH CONFIGURATION {TEXT_SEARCH_CONFIG} (COPY = pg_catalog.english)",
        f"ALTER TEXT SEARCH CONFIGURATION {TEXT_SEARCH_CONFIG}"
        " ALTER MAPPING FOR asciiword, word, hword_part, hword_asciipart"
        " WITH unaccent, trialfinder_stem",
        f"ALTER TEXT SEARCH CONFIGURATION {TEXT_SEARCH_CONFIG}"
        " ALTER MAPPING FOR numword, hword_numpart WITH unaccent, simple",
        """CREATE TABLE search_doc (
            doc_id bigint PRIMARY KEY,
            trial_id bigint NOT NULL UNIQUE REFERENCES trials (id) ON DELETE CASCADE,
            nct_id text COLLATE "C" NOT NULL,
            last_updated text COLLATE "C",
            status text COLLATE "C",
            study_type text COLLATE "C",
            sex text COLLATE "C",
            minimum_age double precision,
            maximum_age double precision,
            phases text COLLATE "C" NOT NULL,
            intervention_types text COLLATE "C" NOT NULL,
            funder_types text COLLATE "C" NOT NULL,
            countries text COLLATE "C" NOT NULL,
            display bytea NOT NULL,
            sites bytea NOT NULL,
            tags text[] COLLATE "C" NOT NULL,
            document tsvector NOT NULL
        )""",
        "CREATE INDEX search_doc_document ON search_doc USING gin (document)",
        "CREATE INDEX search_doc_tags ON search_doc USING gin (tags)",
        # Finer lexeme statistics: long descriptions pick their rarest words from them.
        "ALTER TABLE search_doc ALTER COLUMN document SET STATISTICS 1000",
        """CREATE TABLE search_place (
            doc_id bigint NOT NULL REFERENCES search_doc (doc_id) ON DELETE CASCADE,
            country text COLLATE "C" NOT NULL,
            city text COLLATE "C" NOT NULL
        )""",
        "CREATE INDEX search_place_country_city ON search_place (country, city)",
        "CREATE INDEX search_place_doc ON search_place (doc_id)",
    )
]


# --------------------------------------------------------------------------- indexing


def strip_nul(value: Any) -> Any:
    """PostgreSQL text cannot hold NUL, which registry JSON can (``\\u0000``): drop it.

    Only indexed and filter columns lose it; the stored record keeps the exact text.
    """
    return value.replace("\x00", "") if isinstance(value, str) else value


def _words(*texts: str) -> str:
    """Letters-and-digits words, as the query side splits them (no punctuation tokens)."""
    return _SEPARATORS.sub(" ", " ".join(texts))[:_MAX_WEIGHT_CHARACTERS]


# doc_id: last-update day in the high bits, the trial's id in the low ones, as the
# SQLite index's "recency": descending doc_id is newest first, then latest inserted.
_INSERT_DOCS = f"""
INSERT INTO search_doc
SELECT (day << {_SEQUENCE_BITS}) | trial_id, trial_id, nct_id, last_updated, status,
       study_type, sex, minimum_age, maximum_age, phases, intervention_types, funder_types,
       countries, display, sites, string_to_array(tags, ' '),
       setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', weight_a), 'A')
       || setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', weight_b), 'B')
       || setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', weight_c), 'C')
       || setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', weight_d), 'D')
FROM unnest(%s::bigint[], %s::bigint[], %s::float8[], %s::float8[], %s::text[], %s::text[],
            %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[],
            %s::bytea[], %s::bytea[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[])
    AS batch (day, trial_id, minimum_age, maximum_age, nct_id, last_updated, status,
              study_type, sex, phases, intervention_types, funder_types, countries, display,
              sites, tags, weight_a, weight_b, weight_c, weight_d)
RETURNING trial_id, doc_id
"""


def unindex_trials(connection: psycopg.Connection[Any], trial_ids: Sequence[int]) -> None:
    """Remove trials from the index (their places go with them)."""
    connection.execute("DELETE FROM search_doc WHERE trial_id = ANY(%s)", (list(trial_ids),))


def index_trials(connection: psycopg.Connection[Any], trials: Sequence[tuple[int, Trial]]) -> None:
    """(Re)index the given (trial id, trial) pairs, in the order given."""
    if not trials:
        return
    unindex_trials(connection, [trial_id for trial_id, _ in trials])
    entries = [(trial_id, _entry(trial)) for trial_id, trial in trials]
    columns: list[list[Any]] = [[] for _ in range(20)]
    for (trial_id, entry), (_, trial) in zip(entries, trials, strict=True):
        title, conditions, condition_mesh, interventions, intervention_mesh = entry.columns[:5]
        keywords, summary, criteria, tags = entry.columns[5:]
        row = (
            _day_number(entry.last_updated),
            trial_id,
            trial.eligibility.minimum_age.years,
            trial.eligibility.maximum_age.years,
            *entry.doc,
            tags,
            _words(title),
            _words(conditions, condition_mesh, keywords),
            _words(interventions, intervention_mesh),
            _words(summary, criteria),
        )
        for column, value in zip(columns, row, strict=True):
            column.append(strip_nul(value))
    doc_ids = dict(connection.execute(_INSERT_DOCS, columns).fetchall())
    places = [
        (doc_ids[trial_id], strip_nul(country), strip_nul(city))
        for trial_id, entry in entries
        for country, city in sorted(entry.places)
    ]
    if places:
        connection.execute(
            "INSERT INTO search_place (doc_id, country, city)"
            " SELECT * FROM unnest(%s::bigint[], %s::text[], %s::text[])",
            tuple(map(list, zip(*places, strict=True))),
        )


# --------------------------------------------------------------------------- query rendering


class _Match(NamedTuple):
    """A WHERE clause over search_doc and the text query that ranks its rows."""

    where: str
    params: tuple[Any, ...]
    rank_query: str | None


_NOTHING = "false"


def _quoted(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _lexemes(connection: psycopg.Connection[Any], words: Sequence[str]) -> dict[str, list[str]]:
    """Each word as the index stores it (accent-folded, stemmed)."""
    rows = connection.execute(
        "SELECT word, array(SELECT lexeme FROM unnest(to_tsvector(%s::regconfig, word))"
        " ORDER BY positions[1]) FROM unnest(%s::text[]) AS word",
        (TEXT_SEARCH_CONFIG, list(words)),
    ).fetchall()
    return {word: list(lexemes) for word, lexemes in rows}


def _phrase_query(lexemes: dict[str, list[str]], phrase: str, weights: str) -> str | None:
    """``'a':AB <-> 'b':AB``: words of letters and digits only, so always valid tsquery."""
    suffix = f":{weights}" if weights else ""
    parts = [_quoted(lexeme) + suffix for word in phrase.split() for lexeme in lexemes[word]]
    return " <-> ".join(parts) if parts else None


def _group_query(lexemes: dict[str, list[str]], group: Sequence[str], weights: str) -> str | None:
    phrases = [query for phrase in group if (query := _phrase_query(lexemes, phrase, weights))]
    return "(" + " | ".join(phrases) + ")" if phrases else None


def _trial_count(connection: psycopg.Connection[Any]) -> int:
    row = connection.execute("SELECT count(*) FROM search_doc").fetchone()
    return int(row[0]) if row is not None else 0


def _lexeme_frequencies(
    connection: psycopg.Connection[Any], lexemes: set[str], trials: int
) -> dict[str, int]:
    """Trials holding each lexeme: from ANALYZE's most-common-lexeme statistics for
    common ones (counting those would read most of the table), counted for the rest."""
    row = connection.execute(
        "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
        " WHERE schemaname = current_schema() AND tablename = 'search_doc'"
        " AND attname = 'document'"
    ).fetchone()
    common: dict[str, int] = {}
    cap = trials
    if row is not None and row[0]:
        elements, frequencies = row[0], row[1]
        common = {
            element: round(frequency * trials)
            for element, frequency in zip(elements, frequencies, strict=False)
        }
        cap = math.ceil(min(frequencies[: len(elements)]) * trials) + 1
    rare = sorted(lexeme for lexeme in lexemes if lexeme not in common)
    counted = connection.execute(
        "SELECT lexeme, (SELECT count(*) FROM (SELECT 1 FROM search_doc"
        "  WHERE document @@ plainto_tsquery('simple', lexeme) LIMIT %s) AS capped)"
        " FROM unnest(%s::text[]) AS lexeme",
        (cap, rare),
    ).fetchall()
    return {**{lexeme: common[lexeme] for lexeme in lexemes if lexeme in common}, **dict(counted)}


def _text_query(
    connection: psycopg.Connection[Any], text_query: TextQuery, weights: str
) -> str | None:
    if not text_query:
        return None
    words = sorted({word for group in text_query.groups for p in group for word in p.split()})
    lexemes = _lexemes(connection, words)
    groups: Sequence[tuple[str, ...]] = text_query.groups
    if not text_query.match_all:
        trials = _trial_count(connection)
        frequencies = _lexeme_frequencies(
            connection, {lexeme for found in lexemes.values() for lexeme in found}, trials
        )

        def frequency(group: tuple[str, ...]) -> int:
            return max(
                min(
                    (frequencies.get(lexeme, 0) for w in phrase.split() for lexeme in lexemes[w]),
                    default=0,
                )
                for phrase in group
            )

        groups = informative_groups(groups, frequency, trials)
        if not groups:
            return _NOTHING
    rendered = [_group_query(lexemes, group, weights) for group in groups]
    if text_query.match_all and None in rendered:
        return _NOTHING
    present = [group for group in rendered if group is not None]
    if not present:
        return _NOTHING
    return (" & " if text_query.match_all else " | ").join(present)


def match_clause(
    connection: psycopg.Connection[Any], query: SearchQuery, *, relaxed: bool = False
) -> _Match | None:
    """The WHERE clause for a query, or None when nothing narrows it (as SQLite's MATCH)."""
    text_query = query.text_query
    if relaxed:
        text_query = TextQuery(groups=text_query.groups, match_all=False)
    texts = [
        _text_query(connection, text_query, ""),
        _text_query(connection, query.condition_query, _CONDITION_WEIGHTS),
        _text_query(connection, query.intervention_query, _INTERVENTION_WEIGHTS),
    ]
    if _NOTHING in texts:
        return _Match(_NOTHING, (), None)
    rank_query = " & ".join(f"({text})" for text in texts if text is not None) or None
    conditions: list[str] = []
    params: list[Any] = []
    if rank_query is not None:
        conditions.append("document @@ %s::tsquery")
        params.append(rank_query)
    for tags in filter_tags(query):
        conditions.append("tags && %s::text[]")
        params.append(tags)
    if not conditions:
        return None
    return _Match(" AND ".join(conditions), tuple(params), rank_query)


# --------------------------------------------------------------------------- searching


class _Candidate(NamedTuple):
    doc_id: int
    score: float | None
    distance_km: float | None


def _where(match: _Match | None) -> tuple[str, tuple[Any, ...]]:
    return ("true", ()) if match is None else (match.where, match.params)


def _count(connection: psycopg.Connection[Any], match: _Match | None) -> int:
    if match is None:
        return _trial_count(connection)
    row = connection.execute(
        f"SELECT count(*) FROM search_doc WHERE {match.where}",
        match.params,
    ).fetchone()
    return int(row[0]) if row is not None else 0


def _recent_page(
    connection: psycopg.Connection[Any], match: _Match | None, offset: int, limit: int
) -> list[_Candidate]:
    where, params = _where(match)
    rows = connection.execute(
        f"SELECT doc_id FROM search_doc WHERE {where} ORDER BY doc_id DESC LIMIT %s OFFSET %s",
        (*params, limit, offset),
    )
    return [_Candidate(doc_id, None, None) for (doc_id,) in rows]


def _ranked_window(
    connection: psycopg.Connection[Any], match: _Match, rank_query: str, window_index: int
) -> list[_Candidate]:
    rows = connection.execute(
        "SELECT doc_id, ts_rank(%s::real[], document, %s::tsquery, 1) FROM"
        f" (SELECT doc_id, document FROM search_doc WHERE {match.where}"
        "  ORDER BY doc_id DESC LIMIT %s OFFSET %s) AS window_rows",
        (_RANK_WEIGHTS, rank_query, *match.params, RANK_WINDOW, window_index * RANK_WINDOW),
    ).fetchall()
    ranked = sorted(rows, key=lambda row: (-row[1], -row[0]))
    return [_Candidate(doc_id, float(rank), None) for doc_id, rank in ranked]


def _ranked_page(
    connection: psycopg.Connection[Any],
    match: _Match,
    rank_query: str,
    offset: int,
    limit: int,
) -> list[_Candidate]:
    """Relevance order: windows of the most recent matches, each ranked (as on SQLite)."""
    page: list[_Candidate] = []
    window_index, skip = divmod(offset, RANK_WINDOW)
    while len(page) < limit:
        window = _ranked_window(connection, match, rank_query, window_index)
        page.extend(window[skip : skip + limit - len(page)])
        if len(window) < RANK_WINDOW:
            break
        window_index, skip = window_index + 1, 0
    return page


def _geo_candidates(
    connection: psycopg.Connection[Any],
    query: SearchQuery,
    match: _Match | None,
    near: GeoFilter,
) -> list[_Candidate]:
    """Every match with its nearest-site distance, within the radius when one is given."""
    ranked = query.sort == "relevance" and match is not None and match.rank_query is not None
    where, params = _where(match)
    score = "NULL::real"
    score_params: tuple[Any, ...] = ()
    if ranked and match is not None:
        score = "ts_rank(%s::real[], document, %s::tsquery, 1)"
        score_params = (_RANK_WEIGHTS, match.rank_query)
    rows = connection.execute(
        f"SELECT doc_id, {score}, sites FROM search_doc WHERE {where}",
        (*score_params, *params),
    )
    candidates: list[_Candidate] = []
    for doc_id, rank, blob in rows:
        distance = _nearest_km(blob, near)
        if near.radius_km is not None and (distance is None or distance > near.radius_km):
            continue
        candidates.append(_Candidate(doc_id, None if rank is None else float(rank), distance))
    if query.sort == "distance":
        candidates.sort(key=lambda item: (item.distance_km is None, item.distance_km, -item.doc_id))
    elif ranked:
        candidates.sort(key=lambda item: (-(item.score or 0.0), -item.doc_id))
    else:
        candidates.sort(key=lambda item: -item.doc_id)
    return candidates


def _hits(
    connection: psycopg.Connection[Any], page: Sequence[_Candidate], near: GeoFilter | None
) -> list[SearchHit]:
    from trialfinder.store.sqlite import decompress_record

    if not page:
        return []
    rows = {
        row[0]: row
        for row in connection.execute(
            "SELECT doc_id, trial_id, nct_id, status, phases, display, last_updated"
            " FROM search_doc WHERE doc_id = ANY(%s)",
            ([candidate.doc_id for candidate in page],),
        )
    }
    sites: dict[int, list[SiteDistance]] = {}
    if near is not None:
        sites = {
            trial_id: site_distances(decompress_record(record), near)
            for trial_id, record in connection.execute(
                "SELECT id, record FROM trials WHERE id = ANY(%s)",
                ([row[1] for row in rows.values()],),
            )
        }
    return [
        search_hit(row[2:], candidate.score, sites.get(row[1], []))
        for candidate in page
        if (row := rows.get(candidate.doc_id)) is not None
    ]


_FACET_COLUMNS = "status, study_type, sex, phases, intervention_types, funder_types, countries"


def _facets(
    connection: psycopg.Connection[Any], match: _Match | None, doc_ids: Sequence[int] | None
) -> Facets:
    """Counts per facet value over the matches (at most FACET_LIMIT, newest first)."""
    if doc_ids is not None:
        limited = sorted(doc_ids, reverse=True)[:FACET_LIMIT]
        rows = connection.execute(
            f"SELECT {_FACET_COLUMNS}, count(*) FROM search_doc WHERE doc_id = ANY(%s)"
            f" GROUP BY {_FACET_COLUMNS}",
            (limited,),
        )
    else:
        where, params = _where(match)
        rows = connection.execute(
            f"SELECT {_FACET_COLUMNS}, count(*) FROM"
            f" (SELECT {_FACET_COLUMNS} FROM search_doc WHERE {where}"
            "  ORDER BY doc_id DESC LIMIT %s) AS matched"
            f" GROUP BY {_FACET_COLUMNS}",
            (*params, FACET_LIMIT),
        )
    return facets_from_rows(rows)


def search(connection: psycopg.Connection[Any], query: SearchQuery) -> SearchResult:
    """Run a query: total, one page of hits, facets and the next page's token."""
    match = match_clause(connection, query)
    near = query.near
    if near is not None and (near.radius_km is not None or query.sort == "distance"):
        candidates = _geo_candidates(connection, query, match, near)
        total = len(candidates)
        page = candidates[query.offset : query.offset + query.limit]
        facets = _facets(connection, None, [candidate.doc_id for candidate in candidates])
    else:
        total = _count(connection, match)
        if total == 0 and len(query.text_query.groups) > 1 and query.text_query.match_all:
            # Nothing has every word: let any of them match rather than show nothing.
            match = match_clause(connection, query, relaxed=True)
            total = _count(connection, match)
        if (
            match is not None
            and match.rank_query is not None
            and query.sort == "relevance"
            and _has_text(query)
        ):
            page = _ranked_page(connection, match, match.rank_query, query.offset, query.limit)
        else:
            page = _recent_page(connection, match, query.offset, query.limit)
        facets = _facets(connection, match, None)
    return SearchResult(
        total=total,
        hits=_hits(connection, page, near),
        facets=facets,
        next_page_token=next_page_token(query, total, len(page)),
        place=near.label if near is not None else None,
    )


def facet_counts(connection: psycopg.Connection[Any], query: SearchQuery) -> Facets:
    """Facet counts alone, for a front end that pages without recounting."""
    return search(connection, msgspec.structs.replace(query, limit=1, offset=0)).facets


def locations(connection: psycopg.Connection[Any], country: str | None) -> list[LocationCount]:
    """Countries by trial count, or the cities of one country."""
    if country is None:
        rows = connection.execute(
            "SELECT country, count(*) FROM search_place WHERE city = ''"
            " GROUP BY country ORDER BY 2 DESC, 1"
        )
    else:
        normalised = normalise_country(country)
        name = normalised.name if normalised is not None else strip_nul(country.strip())
        rows = connection.execute(
            "SELECT city, count(*) FROM search_place WHERE country = %s AND city <> ''"
            " GROUP BY city ORDER BY 2 DESC, 1",
            (name,),
        )
    return [LocationCount(name=name, trials=int(trials)) for name, trials in rows]
