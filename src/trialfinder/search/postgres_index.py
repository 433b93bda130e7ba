"""The PostgreSQL store's search index: one narrow table of folded words and tags, sites.

Kept in step with the trials table: :class:`~trialfinder.store.postgres.PostgresStore`
calls :meth:`PostgresIndex.trials_written` in the upsert's transaction; the tables
are the store's (:mod:`trialfinder.store.postgres_migrations`). It indexes the facts
the SQLite index does (:mod:`trialfinder.search.indexed_facts`) and evaluates
queries by the same rules, so both return the same result set:

* One condition, one index: ``search_match.words`` (a narrow row per trial, the
  words out of line) folds every field's words into one ``tsvector`` with one GIN
  index, so a whole query is one ``@@`` answered exactly and no row is ever read
  to recheck a match. The full text's lexemes (everything, plus summary and
  criteria) go in as they are, the condition field (title, conditions, condition
  MeSH, keywords) prefixed ``c:``, the intervention field (title, interventions,
  intervention MeSH) ``i:``; each also holds its adjacent word pairs as single
  lexemes (``'c:lung cancer'``), so a phrase is an AND of pairs (SQLite pairs
  words in the same fields). ``search_doc.headline`` keeps the short fields with
  weights (A title, B conditions, C interventions) and positions, for
  ``ts_rank`` only, title first.
  Text is split into words in Python with the query's own rule
  (:func:`trialfinder.search.text.words`), then accent-folded (``unaccent``)
  and Snowball-stemmed (Porter 2, as SQLite's index), with no stopword list.
* Filters: the SQLite index's filter tags (status, phase, sex, funder, ...,
  half-degree geographic cells) are lexemes of the same ``tsvector`` (``t:``), a
  filter an OR of them ANDed to the text; ages compare as years against two
  columns of the narrow row. The cells are the indexed bounding-box prefilter of
  a radius search; exact haversine distances are then measured from the stored
  site coordinates.
* Order and counts: ``doc_id`` is the last-update day over the trial id, SQLite's
  "recency"; the matches' narrow rows are counted and sorted newest first in one
  scan; relevance ranks windows of the most recent matches with ``ts_rank`` in
  place of BM25 (comparable order, not the same scores), and facets count the
  facet codes (``search_facet_set``) of at most ``FACET_LIMIT`` matches
  (``Facets.counted`` says how many). Total, facets and window are kept per
  query for the data generation they were read in.

Long descriptions keep their rarest words: PostgreSQL counts each word's trials
exactly, SQLite's index takes the largest count in any one field, so the two can
pick differently among words near the "too common" cut.
"""

from __future__ import annotations

import heapq
import math
import threading
import time
import weakref
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterator, Mapping, Sequence, Set
from contextlib import contextmanager
from itertools import pairwise
from typing import Any, NamedTuple

import msgspec
import psycopg

from trialfinder.model import Trial
from trialfinder.places import normalise_country
from trialfinder.search.index import IndexPage, SearchDirRequired
from trialfinder.search.indexed_facts import (
    FACET_LIMIT,
    RANK_WINDOW,
    SEQUENCE_BITS,
    day_number,
    facets_from_rows,
    filter_tags,
    has_text,
    index_entry,
    nearest_km,
    search_hit,
    site_distances,
    stored_sites,
)
from trialfinder.search.nearness import distance_band
from trialfinder.search.query import PLACE_ORDERS, GeoFilter, SearchQuery
from trialfinder.search.results import Facets, LocationCount, SearchHit, SiteDistance
from trialfinder.search.text import (
    COMMON_TERM_SHARE,
    TextQuery,
    informative_groups,
    scattered_words,
    words,
)
from trialfinder.store.postgres import PostgresStore, data_generation, strip_nul
from trialfinder.store.postgres_migrations import (
    CONDITION_PREFIX,
    INTERVENTION_PREFIX,
    TAG_PREFIX,
    TEXT_SEARCH_CONFIG,
)
from trialfinder.store.records import decompress_record

__all__ = [
    "SEARCH_TABLES_KEY",
    "PostgresIndex",
    "keeps_search_tables",
    "set_search_tables",
]

_CONDITION_WEIGHTS = "AB"
_INTERVENTION_WEIGHTS = "AC"
_PAIRED_WEIGHTS = "ABC"
# Near a place, trials naming every concept in the title (A), then in a title,
# condition or treatment (A-C), come first (SQLite's _NAMED_IN).
_NAMED_IN_WEIGHTS = ("A", _PAIRED_WEIGHTS)
# ts_rank weights for D, C, B, A over the headline (SQLite's BM25 field boosts, roughly).
_RANK_WEIGHTS = "{0.05, 0.5, 0.9, 1.0}"
# tsvector holds at most 1 MB; registry fields are far shorter than this per weight.
_MAX_WEIGHT_CHARACTERS = 100_000
# SearchIndex.name_words counts a prefix's lexemes over at most this many trials holding one.
_NAME_TRIALS = 500

# --------------------------------------------------------------------------- indexing


def _words(*texts: str) -> str:
    """The texts' words as the query side folds them, for ``to_tsvector`` (no
    punctuation tokens)."""
    return " ".join(words(" ".join(texts)))[:_MAX_WEIGHT_CHARACTERS]


# doc_id: last-update day in the high bits, the trial's id in the low ones, as the
# SQLite index's "recency": descending doc_id is newest first, then latest inserted.
# The wide row (display, sites, the headline that ranks) goes to search_doc, the
# narrow one that every condition reads (search_match) is folded from the same
# vectors; a row's facet combination is registered first (_REGISTER_FACET_SETS).
_INSERT_DOCS = f"""
WITH batch AS (
    SELECT batch.*, short_fields.headline,
           short_fields.headline || setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', weight_d), 'D')
               || trialfinder_adjacent_pairs(short_fields.headline) AS document
    FROM unnest(%s::bigint[], %s::bigint[], %s::float8[], %s::float8[], %s::text[],
                %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[],
                %s::text[], %s::text[], %s::bytea[], %s::bytea[], %s::text[], %s::text[],
                %s::text[], %s::text[], %s::text[])
        AS batch (day, trial_id, minimum_age, maximum_age, nct_id, last_updated, status,
                  study_type, sex, phases, intervention_types, funder_types, countries,
                  display, sites, tags, weight_a, weight_b, weight_c, weight_d),
        LATERAL (
            SELECT setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', weight_a), 'A')
                   || setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', weight_b), 'B')
                   || setweight(to_tsvector('{TEXT_SEARCH_CONFIG}', weight_c), 'C') AS headline
        ) AS short_fields
), docs AS (
    INSERT INTO search_doc (doc_id, trial_id, nct_id, last_updated, status, study_type, sex,
                            phases, intervention_types, funder_types, countries, display,
                            sites, headline)
    SELECT (day << {SEQUENCE_BITS}) | trial_id, trial_id, nct_id, last_updated, status,
           study_type, sex, phases, intervention_types, funder_types, countries, display,
           sites, headline
    FROM batch
    RETURNING trial_id, doc_id
)
INSERT INTO search_match (trial_id, doc_id, facet_code, minimum_age, maximum_age, words)
SELECT batch.trial_id, docs.doc_id, facet.code, batch.minimum_age, batch.maximum_age,
       trialfinder_search_words(batch.headline, batch.document,
                                string_to_array(batch.tags, ' '))
FROM batch JOIN docs USING (trial_id) JOIN search_facet_set AS facet
    ON facet.key = trialfinder_facet_key(batch.status, batch.study_type, batch.sex,
                                         batch.phases, batch.intervention_types,
                                         batch.funder_types, batch.countries)
RETURNING trial_id, doc_id
"""

# Concurrent writers may register the same combination: one waits for the other.
_REGISTER_FACET_SETS = """
INSERT INTO search_facet_set (key, status, study_type, sex, phases, intervention_types,
                              funder_types, countries)
SELECT DISTINCT trialfinder_facet_key(status, study_type, sex, phases, intervention_types,
                                      funder_types, countries),
       status, study_type, sex, phases, intervention_types, funder_types, countries
FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[], %s::text[])
    AS batch (status, study_type, sex, phases, intervention_types, funder_types, countries)
ORDER BY 1
ON CONFLICT (key) DO NOTHING
"""

# The doc columns of _INSERT_DOCS (after day, trial id and ages) that are facets.
_FACET_COLUMN_SLICE = slice(6, 13)


def _index_trials(connection: psycopg.Connection[Any], trials: Sequence[tuple[int, Trial]]) -> None:
    """(Re)index the given (trial id, trial) pairs, in the order given (a trial's old
    document goes first, and its places with it)."""
    if not trials:
        return
    connection.execute(
        "DELETE FROM search_doc WHERE trial_id = ANY(%s)", ([trial_id for trial_id, _ in trials],)
    )
    entries = [(trial_id, index_entry(trial)) for trial_id, trial in trials]
    columns: list[list[Any]] = [[] for _ in range(20)]
    for (trial_id, entry), (_, trial) in zip(entries, trials, strict=True):
        title, conditions, condition_mesh, interventions, intervention_mesh = entry.columns[:5]
        keywords, summary, criteria, tags = entry.columns[5:]
        row = (
            day_number(entry.last_updated),
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
    connection.execute(_REGISTER_FACET_SETS, columns[_FACET_COLUMN_SLICE])
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


# --------------------------------------------------------------------------- kept or not

# The database's state says whether it keeps its search tables, so every writer agrees:
# absent (the default) they are kept; "off" when every node keeps its own index
# (search/node_index.py) and writers skip them, which is most of an ingest's cost;
# "filling" while they are being filled again (writers keep them, readers may not yet).
SEARCH_TABLES_KEY = "search.tables"
_TABLES_OFF = "off"
_TABLES_FILLING = "filling"
# A switch takes this lock alone; every trial write takes it shared (writers never
# wait for each other), so no write in flight misses the switch.
_SWITCH_LOCK = 0x7472_6961_6C67
_FILL_BATCH = 500


def _setting(connection: psycopg.Connection[Any]) -> str | None:
    row = connection.execute("SELECT value FROM state WHERE key = %s", (SEARCH_TABLES_KEY,))
    found = row.fetchone()
    return None if found is None else str(found[0])


def keeps_search_tables(store: PostgresStore) -> bool:
    """Whether the database's own search tables answer searches (kept, and complete)."""
    with store.read_connection() as connection:
        return _setting(connection) is None


def _write_keeps_tables(connection: psycopg.Connection[Any]) -> bool:
    """In a write transaction: whether it must fill the search tables (taking the
    switch's lock shared, so a switch waits for it or it sees the switch)."""
    connection.execute("SELECT pg_advisory_xact_lock_shared(%s)", (_SWITCH_LOCK,))
    return _setting(connection) != _TABLES_OFF


def set_search_tables(
    store: PostgresStore, keep: bool, on_progress: Callable[[int], None] | None = None
) -> None:
    """Stop keeping the database's search tables (emptied at once) or keep them again
    (filled from every stored trial, ``on_progress`` told of each batch's trials)."""
    with store.write_transaction() as connection:
        connection.execute("SELECT pg_advisory_xact_lock(%s)", (_SWITCH_LOCK,))
        if not keep:
            connection.execute(
                "INSERT INTO state (key, value) VALUES (%s, %s)"
                " ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                (SEARCH_TABLES_KEY, _TABLES_OFF),
            )
            connection.execute("TRUNCATE search_place, search_match, search_doc, search_facet_set")
            return
        if _setting(connection) is None:
            return
        connection.execute(
            "UPDATE state SET value = %s WHERE key = %s", (_TABLES_FILLING, SEARCH_TABLES_KEY)
        )
    # From here every write fills its own rows; the trials stored before are filled
    # by batches (a trial written meanwhile is indexed again, the same way).
    last_id = 0
    while batch := store.records_after(last_id, _FILL_BATCH):
        with store.write_transaction() as connection:
            trials = [(row_id, decompress_record(record)) for row_id, record in batch]
            _index_trials(connection, trials)
        last_id = batch[-1][0]
        if on_progress is not None:
            on_progress(len(batch))
    with store.write_transaction() as connection:
        connection.execute("DELETE FROM state WHERE key = %s", (SEARCH_TABLES_KEY,))


# --------------------------------------------------------------------------- query rendering


class _Match(NamedTuple):
    """A WHERE clause over ``search_match AS m`` and the text query that ranks its rows."""

    where: str
    params: tuple[Any, ...]
    rank_query: str | None


_NOTHING_SQL = "false"


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


def _word_query(lexemes: dict[str, list[str]], word: str, weights: str) -> str | None:
    suffix = f":{weights}" if weights else ""
    parts = [_quoted(lexeme) + suffix for lexeme in lexemes[word]]
    return " <-> ".join(parts) if parts else None


def _exact_query(lexemes: dict[str, list[str]], phrase: str, prefix: str) -> str | None:
    """A word or phrase as ``search_match.words`` holds it in a field (its
    ``prefix``): a lexeme, or every adjacent pair of lexemes (``'c:lung cancer'``);
    None when a word has no lexeme."""
    found = [lexemes[word] for word in phrase.split()]
    if not all(found):
        return None
    sequence = [lexeme for word_lexemes in found for lexeme in word_lexemes]
    if len(sequence) == 1:
        return _quoted(prefix + sequence[0])
    return "(" + " & ".join(_quoted(f"{prefix}{a} {b}") for a, b in pairwise(sequence)) + ")"


def _phrase_query(lexemes: dict[str, list[str]], phrase: str, weights: str) -> str | None:
    """A word of several in ``weights``; a phrase as all its adjacent word pairs
    (``'lung':ABC <-> 'cancer':ABC``). Words are letters and digits, so the text is
    always a valid tsquery."""
    words = phrase.split()
    if len(words) == 1:
        return _word_query(lexemes, words[0], weights)
    pairs = [
        f"({first} <-> {second})"
        for left, right in pairwise(words)
        if (first := _word_query(lexemes, left, weights))
        and (second := _word_query(lexemes, right, weights))
    ]
    return " & ".join(pairs) if len(pairs) == len(words) - 1 else None


class _TextClause(NamedTuple):
    """A text field's condition as a ``tsquery`` over ``search_match.words``, and
    what ranks it."""

    tsquery: str
    rank_terms: tuple[str, ...]
    # A partial tier's groups, of which at least ``at_least`` must match (else empty).
    group_tsqueries: tuple[str, ...] = ()
    at_least: int = 0


# Text that no trial can match (every word unknown, no informative word left).
_NOTHING = _TextClause("", ())

# The prefix of each field's words and pairs in search_match.words, by the field's
# ranking weights (the full text's own lexemes have none).
_FIELD_PREFIXES = {
    "": "",
    _CONDITION_WEIGHTS: CONDITION_PREFIX,
    _INTERVENTION_WEIGHTS: INTERVENTION_PREFIX,
}


def _group_clause(
    lexemes: dict[str, list[str]],
    group: Sequence[str],
    weights: str,
    apart: Sequence[str] = (),
) -> _TextClause | None:
    """Any alternative of a group, matched exactly among the field's words, or (in a
    one-concept text's words-apart tier) every word of ``apart`` anywhere.

    (SQLite's index also scores a typed phrase's words apart, far below the phrase;
    ``ts_rank`` cannot weigh one term of its query below the others, so here they
    match without ranking: a trial with "breast" and "cancer" apart would otherwise
    rank with the "breast cancer" trials.)

    Ranking reads the ``headline`` with weights: there a lone word of the full
    text counts in any field, a phrase as its adjacent pairs within A, B and C."""
    matches: list[str] = []
    rank_terms: list[str] = []
    for phrase in group:
        if (match := _exact_query(lexemes, phrase, _FIELD_PREFIXES[weights])) is None:
            continue
        if " " not in phrase and not weights:
            rank = _word_query(lexemes, phrase, "")
        else:
            rank = _phrase_query(lexemes, phrase, weights or _PAIRED_WEIGHTS)
        if rank is None:
            continue
        matches.append(match)
        rank_terms.append(f"({rank})" if " " in phrase or weights else rank)
    scattered = [_exact_query(lexemes, word, _FIELD_PREFIXES[weights]) for word in apart]
    if scattered and None not in scattered:
        matches.append("(" + " & ".join(map(str, scattered)) + ")")
    if not matches:
        return None
    return _TextClause(
        tsquery="(" + " | ".join(dict.fromkeys(matches)) + ")",
        rank_terms=tuple(dict.fromkeys(rank_terms)),
    )


class _CorpusCounts:
    """Counts kept per database between searches: the number of trials, exact for
    the data generation it was taken in, and how many trials hold each word a query
    asked about, so that a patient note costs a few counts rather than a hundred.

    Word counts move slowly and only matter near the "too common" cut, so they are
    also kept across new data for ``word_seconds`` (a server syncing every few
    minutes would otherwise recount every note's words after each sync)."""

    word_seconds = 600.0
    max_words = 200_000

    def __init__(self, generation: str) -> None:
        self.generation = generation
        # (generation, count): a count taken under an older generation is never used.
        self.trials: tuple[str, int] | None = None
        self.word_trials: dict[str, int] = {}
        self.words_taken_at = time.monotonic()

    def renew(self, generation: str) -> None:
        """Move to ``generation``: word counts are dropped when old or too many."""
        if generation == self.generation:
            return
        self.generation = generation
        if (
            time.monotonic() - self.words_taken_at >= self.word_seconds
            or len(self.word_trials) > self.max_words
        ):
            self.word_trials = {}
            self.words_taken_at = time.monotonic()


_corpus_counts: dict[str, _CorpusCounts] = {}


def _counts(connection: psycopg.Connection[Any]) -> _CorpusCounts:
    info = connection.info
    database = f"{info.host}:{info.port}/{info.dbname}"
    generation = data_generation(connection)
    counts = _corpus_counts.get(database)
    if counts is None:
        counts = _corpus_counts[database] = _CorpusCounts(generation)
    counts.renew(generation)
    return counts


def _trial_count(connection: psycopg.Connection[Any], counts: _CorpusCounts) -> int:
    generation, known = counts.generation, counts.trials
    if known is not None and known[0] == generation:
        return known[1]
    row = connection.execute("SELECT count(*) FROM search_match").fetchone()
    trials = int(row[0]) if row is not None else 0
    counts.trials = (generation, trials)
    return trials


def _lexeme_frequencies(
    connection: psycopg.Connection[Any], counts: _CorpusCounts, lexemes: set[str], trials: int
) -> dict[str, int]:
    """Trials holding each lexeme anywhere, up to just past "too common" (beyond that
    only the fact matters).

    Words among the column statistics' most common elements (ANALYZE's sample,
    about the 1,000 commonest lexemes) take the estimate from there; only the
    rest, rare and so cheap to count, are counted. Counting a common word reads
    tens of thousands of index entries, which made a server's first patient note
    take seconds."""
    word_trials = counts.word_trials
    missing = sorted(lexemes - word_trials.keys())
    if not missing:
        return {lexeme: word_trials[lexeme] for lexeme in lexemes}
    cap = math.floor(trials * COMMON_TERM_SHARE) + 1
    shares = _common_lexeme_shares(connection)
    word_trials.update(
        (lexeme, min(cap, round(shares[lexeme] * trials))) for lexeme in missing if lexeme in shares
    )
    rare = [lexeme for lexeme in missing if lexeme not in shares]
    if rare:
        counted = connection.execute(
            "SELECT lexeme, (SELECT count(*) FROM (SELECT FROM search_match"
            "  WHERE words @@ plainto_tsquery('simple', lexeme) LIMIT %s) AS capped)"
            " FROM unnest(%s::text[]) AS lexeme",
            (cap, rare),
        ).fetchall()
        word_trials.update((lexeme, int(count)) for lexeme, count in counted)
    return {lexeme: word_trials[lexeme] for lexeme in lexemes}


def _common_lexeme_shares(connection: psycopg.Connection[Any]) -> dict[str, float]:
    """The share of trials holding each of the full text's most common lexemes, from
    the planner statistics (empty before the table's first ANALYZE). The prefixed
    field words and tags, and the word pairs, are left out."""
    row = connection.execute(
        "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats"
        " WHERE schemaname = current_schema() AND tablename = 'search_match'"
        " AND attname = 'words'"
    ).fetchone()
    if row is None or row[0] is None or row[1] is None:
        return {}
    # The frequency list ends with three summary numbers; zip stops at the lexemes.
    return {
        lexeme: float(share)
        for lexeme, share in zip(row[0], row[1], strict=False)
        if " " not in lexeme and ":" not in lexeme
    }


def _text_query(
    connection: psycopg.Connection[Any], text_query: TextQuery, weights: str
) -> _TextClause | None:
    if not text_query:
        return None
    phrases = [*text_query.typed, *(phrase for group in text_query.groups for phrase in group)]
    lexemes = _lexemes(connection, sorted({word for phrase in phrases for word in phrase.split()}))
    groups: Sequence[tuple[str, ...]] = text_query.groups
    if text_query.is_description:
        counts = _counts(connection)
        trials = _trial_count(connection, counts)
        frequencies = _lexeme_frequencies(
            connection, counts, {lexeme for found in lexemes.values() for lexeme in found}, trials
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
    rendered = [
        _group_clause(
            lexemes,
            group,
            weights,
            scattered_words(words(text_query.typed_phrase(group)))
            if text_query.words_apart
            else (),
        )
        for group in groups
    ]
    present = [clause for clause in rendered if clause is not None]
    if not present or (
        (text_query.match_all or text_query.required)
        and any(
            clause is None and (text_query.match_all or group in text_query.required)
            for group, clause in zip(groups, rendered, strict=True)
        )
    ):
        return _NOTHING
    at_least = min(text_query.at_least, len(present))
    # A partial tier: the OR finds candidates through the GIN index, and the groups
    # each one matches are counted (``_match_clause``).
    group_tsqueries = (
        tuple(clause.tsquery for clause in present)
        if not text_query.match_all and at_least > 1
        else ()
    )
    # A partial tier's required groups (its conditions) must match besides.
    required = [
        clause.tsquery
        for group, clause in zip(groups, rendered, strict=True)
        if clause is not None and group in text_query.required
    ]
    return _TextClause(
        tsquery="("
        + (" & " if text_query.match_all else " | ").join(c.tsquery for c in present)
        + ")"
        + "".join(f" & {tsquery}" for tsquery in required),
        group_tsqueries=group_tsqueries,
        at_least=at_least,
        rank_terms=tuple(term for clause in present for term in clause.rank_terms),
    )


def _match_clause(
    connection: psycopg.Connection[Any], query: SearchQuery, text: TextQuery
) -> _Match | None:
    """The WHERE clause for a query with ``text`` as its free text, or None when
    nothing narrows it (as SQLite's MATCH)."""
    texts = [
        _text_query(connection, text, ""),
        _text_query(connection, query.condition_query, _CONDITION_WEIGHTS),
        _text_query(connection, query.intervention_query, _INTERVENTION_WEIGHTS),
    ]
    if any(text is _NOTHING for text in texts):
        return _Match(_NOTHING_SQL, (), None)
    present = [text for text in texts if text is not None]
    rank_query = " | ".join(term for text in present for term in text.rank_terms) or None
    # Text and filters are one tsquery that the one GIN index answers.
    required = [text.tsquery for text in present] + [
        "(" + " | ".join(_quoted(TAG_PREFIX + tag) for tag in tags) + ")"
        # Ages compare as years, exactly as on SQLite, not as the tags' whole months.
        for tags in filter_tags(msgspec.structs.replace(query, age_years=None))
    ]
    conditions: list[str] = []
    params: list[Any] = []
    if required:
        conditions.append("m.words @@ %s::tsquery")
        params.append(" & ".join(required))
    for clause in present:
        if clause.group_tsqueries:
            counted = " + ".join("(m.words @@ %s::tsquery)::int" for _ in clause.group_tsqueries)
            conditions.append(f"({counted}) >= {clause.at_least:d}")
            params.extend(clause.group_tsqueries)
    if (bounds := query.age_bounds) is not None:
        conditions.append(
            "coalesce(m.minimum_age, 0) <= %s AND coalesce(m.maximum_age, 'infinity') >= %s"
        )
        params.extend((bounds[1], bounds[0]))
    if query.nct_ids:
        conditions.append("m.trial_id = ANY(ARRAY(SELECT id FROM trials WHERE nct_id = ANY(%s)))")
        params.append(list(query.nct_ids))
    if not conditions:
        return None
    return _Match(" AND ".join(conditions), tuple(params), rank_query)


# --------------------------------------------------------------------------- searching


class _Candidate(NamedTuple):
    doc_id: int
    score: float | None
    distance_km: float | None
    # Near a place: 0 when every concept is named in the title, 1 in a title,
    # condition or treatment, 2 when only a summary or the criteria mention one.
    quality: int = 0


def _where(match: _Match | None) -> tuple[str, tuple[Any, ...]]:
    return ("true", ()) if match is None else (match.where, match.params)


_FACET_COLUMNS = "status, study_type, sex, phases, intervention_types, funder_types, countries"


class _MatchSet(NamedTuple):
    """The matches' number, their facets and a window of the newest of them."""

    total: int
    facets: Facets
    window: list[int]


class _MatchSetCache:
    """Match sets of recent queries, valid for the data generation they were read in.

    Paging through a result and repeated searches (the commonest conditions, an
    empty query) then cost one generation read instead of counting every match
    again; any committed write moves the generation and so retires every entry."""

    size = 256

    def __init__(self) -> None:
        self._generation = ""
        self._entries: OrderedDict[tuple[Any, ...], _MatchSet] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, generation: str, key: tuple[Any, ...]) -> _MatchSet | None:
        with self._lock:
            if generation != self._generation:
                return None
            found = self._entries.get(key)
            if found is not None:
                self._entries.move_to_end(key)
            return found

    def put(self, generation: str, key: tuple[Any, ...], match_set: _MatchSet) -> None:
        with self._lock:
            if generation != self._generation:
                self._generation = generation
                self._entries.clear()
            self._entries[key] = match_set
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)


def _facet_rows(
    connection: psycopg.Connection[Any], matches_by_code: Mapping[int, int]
) -> list[tuple[Any, ...]]:
    """facets_from_rows' rows for counts of matches per facet combination."""
    if not matches_by_code:
        return []
    rows = connection.execute(
        f"SELECT code, {_FACET_COLUMNS} FROM search_facet_set WHERE code = ANY(%s)",
        (list(matches_by_code),),
    )
    return [(*facet_values, matches_by_code[code]) for code, *facet_values in rows]


def _match_set(
    connection: psycopg.Connection[Any], match: _Match | None, window_start: int, window_size: int
) -> _MatchSet:
    """Facets of the newest ``FACET_LIMIT`` matches, a window of the newest and the
    number of all, from one read of the narrow rows.

    The whole condition is one ``@@`` on the GIN index of ``search_match.words``
    (plus age bounds checked on the same narrow row), so the matches are a bitmap
    scan of small rows: counted on the way (``count(*) OVER ()``, a third cheaper
    than a second scan) into a top-N sort for the newest."""
    where, params = _where(match)
    newest = max(FACET_LIMIT, window_start + window_size)
    found, codes, window = connection.execute(
        "WITH newest AS MATERIALIZED ("
        "  SELECT m.doc_id, m.facet_code, count(*) OVER () AS total"
        f"  FROM search_match AS m WHERE {where}"
        "   ORDER BY m.doc_id DESC LIMIT %s)"
        " SELECT (SELECT total FROM newest LIMIT 1),"
        "  (SELECT json_object_agg(facet_code, matches) FROM"
        "    (SELECT facet_code, count(*) AS matches FROM"
        "      (SELECT * FROM newest ORDER BY doc_id DESC LIMIT %s) AS faceted"
        "     GROUP BY facet_code) AS counted),"
        "  array(SELECT doc_id FROM newest ORDER BY doc_id DESC LIMIT %s OFFSET %s)",
        (*params, newest, FACET_LIMIT, window_size, window_start),
    ).fetchone() or (0, None, [])
    total = int(found or 0)
    matches_by_code = {int(code): int(matches) for code, matches in (codes or {}).items()}
    return _MatchSet(
        total=total,
        facets=facets_from_rows(_facet_rows(connection, matches_by_code)),
        window=list(window),
    )


def _cached_match_set(
    connection: psycopg.Connection[Any],
    cache: _MatchSetCache,
    match: _Match | None,
    window_start: int,
    window_size: int,
) -> _MatchSet:
    """:func:`_match_set`, from the cache when this data generation already answered it."""
    generation = data_generation(connection)
    where, params = _where(match)
    hashable = tuple(tuple(param) if isinstance(param, list) else param for param in params)
    key = (where, hashable, window_start, window_size, FACET_LIMIT)
    found = cache.get(generation, key)
    if found is None:
        found = _match_set(connection, match, window_start, window_size)
        cache.put(generation, key, found)
    return found


def _ranked(
    connection: psycopg.Connection[Any], doc_ids: Sequence[int], rank_query: str
) -> list[_Candidate]:
    """``doc_ids`` by ``ts_rank`` over the headline, best first, newest first on ties."""
    rows = connection.execute(
        "SELECT doc_id, ts_rank(%s::real[], headline, %s::tsquery, 1) FROM search_doc"
        " WHERE doc_id = ANY(%s)",
        (_RANK_WEIGHTS, rank_query, list(doc_ids)),
    ).fetchall()
    ranked = sorted(rows, key=lambda row: (-row[1], -row[0]))
    return [_Candidate(doc_id, float(rank), None) for doc_id, rank in ranked]


def _newest_ids(
    connection: psycopg.Connection[Any], match: _Match, offset: int, limit: int
) -> list[int]:
    rows = connection.execute(
        f"SELECT m.doc_id FROM search_match AS m WHERE {match.where}"
        " ORDER BY m.doc_id DESC LIMIT %s OFFSET %s",
        (*match.params, limit, offset),
    )
    return [doc_id for (doc_id,) in rows]


def _ranked_page(
    connection: psycopg.Connection[Any],
    match: _Match,
    first_window: list[int],
    offset: int,
    limit: int,
) -> list[_Candidate]:
    """Relevance order: windows of the most recent matches, each ranked (as on SQLite).

    ``first_window`` is the window that holds ``offset``; a page running past its
    end reads the next windows."""
    assert match.rank_query is not None
    page: list[_Candidate] = []
    window_index, skip = divmod(offset, RANK_WINDOW)
    window = first_window
    while True:
        page.extend(_ranked(connection, window, match.rank_query)[skip : skip + limit - len(page)])
        if len(page) >= limit or len(window) < RANK_WINDOW:
            return page
        window_index, skip = window_index + 1, 0
        window = _newest_ids(connection, match, window_index * RANK_WINDOW, RANK_WINDOW)


def _distance_order(candidate: _Candidate) -> tuple[int, float, float, int]:
    """Nearest site first, at equal distance (one city's centroid) the better match,
    then insertion order; trials without sites last, newest first (the SQLite index's
    order for ``sort=distance``)."""
    if candidate.distance_km is None:
        return (1, 0.0, 0.0, -candidate.doc_id)
    return (
        0,
        candidate.distance_km,
        -(candidate.score or 0.0),
        candidate.doc_id & ((1 << SEQUENCE_BITS) - 1),
    )


def _band_order(candidate: _Candidate) -> tuple[int, int, int, float, float, int]:
    """The default order near a place: match quality first (named in the title, then
    in a condition or treatment, then only mentioned), then the nearest band first,
    the better match first within a band, then the nearer site and insertion order
    (:mod:`~trialfinder.search.nearness`); trials without sites last, newest first
    (the SQLite index's order)."""
    if candidate.distance_km is None:
        return (1, 0, 0, 0.0, 0.0, -candidate.doc_id)
    return (
        0,
        candidate.quality,
        distance_band(candidate.distance_km),
        -(candidate.score or 0.0),
        candidate.distance_km,
        candidate.doc_id & ((1 << SEQUENCE_BITS) - 1),
    )


class _GeoCandidates(NamedTuple):
    """Every match within the radius, in the query's order, and their facets."""

    candidates: list[_Candidate]
    facets: Facets


def _subject_tsquery(
    connection: psycopg.Connection[Any], text: TextQuery, weights: str
) -> str | None:
    """The text's groups named in the headline's fields of ``weights`` (A the title,
    A-C a title, condition or treatment), as SQLite's index asks its fields
    (``_NAMED_IN``); None without text."""
    if not text:
        return None
    words = sorted({word for group in text.groups for phrase in group for word in phrase.split()})
    lexemes = _lexemes(connection, words)
    parts = []
    for group in text.groups:
        alternatives = [
            f"({found})"
            for phrase in group
            if (found := _phrase_query(lexemes, phrase, weights)) is not None
        ]
        parts.append("(" + " | ".join(alternatives) + ")" if alternatives else None)
    present = [part for part in parts if part is not None]
    if not present or (text.match_all and len(present) < len(parts)):
        return None
    return (" & " if text.match_all else " | ").join(present)


def _geo_candidates(
    connection: psycopg.Connection[Any],
    query: SearchQuery,
    text: TextQuery,
    match: _Match | None,
    near: GeoFilter,
) -> _GeoCandidates:
    """Every match with its nearest-site distance, within the radius when one is given."""
    scored = match is not None and match.rank_query is not None
    ranked = query.sort == "relevance" and scored
    where, params = _where(match)
    score = "NULL::real"
    score_params: tuple[Any, ...] = ()
    if scored and match is not None and query.sort != "updated":
        score = "ts_rank(%s::real[], d.headline, %s::tsquery, 1)"
        score_params = (_RANK_WEIGHTS, match.rank_query)
    # Whether every concept is named in each of _NAMED_IN_WEIGHTS (a match is named
    # in all of them when nothing is asked, or when it is not in the "near" order).
    named_in: list[str] = []
    named_params: list[str] = []
    for weights in _NAMED_IN_WEIGHTS:
        subject = _subject_tsquery(connection, text, weights) if query.sort == "near" else None
        named_in.append("true" if subject is None else "d.headline @@ %s::tsquery")
        named_params.extend(() if subject is None else (subject,))
    rows = connection.execute(
        f"SELECT m.doc_id, m.facet_code, {score}, d.sites, {', '.join(named_in)}"
        f" FROM search_match AS m JOIN search_doc AS d ON d.doc_id = m.doc_id WHERE {where}",
        (*score_params, *named_params, *params),
    )
    candidates: list[_Candidate] = []
    facet_codes: dict[int, int] = {}
    for doc_id, facet_code, rank, blob, *named in rows:
        distance = nearest_km(blob, near)
        if near.radius_km is not None and (distance is None or distance > near.radius_km):
            continue
        ranked_as = None if rank is None else float(rank)
        quality = next((level for level, yes in enumerate(named) if yes), len(named))
        candidates.append(_Candidate(doc_id, ranked_as, distance, quality))
        facet_codes[doc_id] = facet_code
    if query.sort == "near":
        candidates.sort(key=_band_order)
    elif query.sort == "distance":
        candidates.sort(key=_distance_order)
    elif ranked:
        candidates.sort(key=lambda item: (-(item.score or 0.0), -item.doc_id))
    else:
        candidates.sort(key=lambda item: -item.doc_id)
    # Facets count the newest FACET_LIMIT matches, as everywhere else.
    faceted = Counter(facet_codes[doc_id] for doc_id in heapq.nlargest(FACET_LIMIT, facet_codes))
    return _GeoCandidates(candidates, facets_from_rows(_facet_rows(connection, faceted)))


def _hits(
    connection: psycopg.Connection[Any],
    page: Sequence[_Candidate],
    near: GeoFilter | None,
    *,
    others: bool,
) -> list[SearchHit]:
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
            trial_id: site_distances(stored_sites(record), near, others=others)
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


def _run(
    connection: psycopg.Connection[Any],
    cache: _MatchSetCache,
    query: SearchQuery,
    text: TextQuery,
) -> IndexPage:
    """Total, facets and one page of hits."""
    match = _match_clause(connection, query, text)
    near = query.near
    if near is not None and (near.radius_km is not None or query.sort in PLACE_ORDERS):
        candidates, facets = _geo_candidates(connection, query, text, match, near)
        total = len(candidates)
        page = candidates[query.offset : query.offset + query.limit]
        if query.sort != "relevance":
            # The score only broke ties of distance; a distance-ordered hit has none.
            page = [candidate._replace(score=None) for candidate in page]
    else:
        ranked = (
            query.sort == "relevance"
            and has_text(query)
            and match is not None
            and match.rank_query is not None
        )
        window_start = (query.offset // RANK_WINDOW) * RANK_WINDOW if ranked else query.offset
        window_size = RANK_WINDOW if ranked else query.limit
        matches = _cached_match_set(connection, cache, match, window_start, window_size)
        total, facets = matches.total, matches.facets
        if ranked and match is not None:
            page = _ranked_page(connection, match, matches.window, query.offset, query.limit)
        else:
            page = [_Candidate(doc_id, None, None) for doc_id in matches.window[: query.limit]]
    return IndexPage(total, facets, _hits(connection, page, near, others=query.other_sites))


def _locations(connection: psycopg.Connection[Any], country: str | None) -> list[LocationCount]:
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


@contextmanager
def _search_transaction(connection: psycopg.Connection[Any]) -> Iterator[None]:
    """One read-only snapshot for a search's statements (total, facets and hits agree
    even while an ingest commits), planned to find matches through the indexes.

    Every text and tag condition is answered exactly by a GIN index, while
    checking a row's text is costly (decompressing its words); without the hint
    the planner prices a scan of every row below a bitmap of tens of thousands of
    matches and is wrong by an order of magnitude. It still reads the doc_id
    index backwards when matches are dense."""
    with connection.transaction():
        connection.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        connection.execute("SET LOCAL enable_seqscan = off")
        # Compiling a query (10 ms) costs more than it saves on a search's short plans.
        connection.execute("SET LOCAL jit = off")
        yield


class PostgresIndex:
    """The search index of one PostgreSQL store: written in the store's upsert
    transactions, read on the store's read connections (the replica, if any).

    It holds its store weakly: the store holds it (as its write hook).
    """

    def __init__(self, store: PostgresStore) -> None:
        self._store = weakref.ref(store)
        self._match_sets = _MatchSetCache()

    def trials_written(
        self, connection: psycopg.Connection[Any], trials: Mapping[int, Trial]
    ) -> None:
        if trials and _write_keeps_tables(connection):
            _index_trials(connection, list(trials.items()))

    def _owner(self) -> PostgresStore:
        store = self._store()
        if store is None:
            raise RuntimeError("the store of this search index is gone")
        return store

    def _searchable(self) -> PostgresStore:
        """The store, if its search tables answer searches; else SearchDirRequired."""
        store = self._owner()
        if not keeps_search_tables(store):
            raise SearchDirRequired(store.url)
        return store

    def run(self, query: SearchQuery, text: TextQuery, shown: Set[str] = frozenset()) -> IndexPage:
        """Total, facets and one page of hits (those not ``shown``), from one snapshot."""
        with self._searchable().read_connection() as connection, _search_transaction(connection):
            page = _run(connection, self._match_sets, query, text)
        if not shown:
            return page
        return page._replace(hits=[hit for hit in page.hits if hit.nct_id not in shown])

    def count(self, query: SearchQuery, text: TextQuery) -> tuple[int, Facets]:
        """The matches' number and facets as :meth:`run` counts them, with no hits read."""
        with self._searchable().read_connection() as connection, _search_transaction(connection):
            match = _match_clause(connection, query, text)
            near = query.near
            if near is not None and (near.radius_km is not None or query.sort in PLACE_ORDERS):
                candidates, facets = _geo_candidates(connection, query, text, match, near)
                return len(candidates), facets
            matches = _cached_match_set(connection, self._match_sets, match, 0, query.limit)
            return matches.total, matches.facets

    def locations(self, country: str | None) -> list[LocationCount]:
        with self._searchable().read_connection() as connection:
            return _locations(connection, country)

    def word_frequencies(self, words: Sequence[str]) -> dict[str, int]:
        """Trials holding each word (as its lexemes), counted up to "too common"."""
        with self._searchable().read_connection() as connection:
            lexemes = _lexemes(connection, words)
            counts = _counts(connection)
            found = _lexeme_frequencies(
                connection,
                counts,
                {lexeme for held in lexemes.values() for lexeme in held},
                _trial_count(connection, counts),
            )
        return {
            word: min((found.get(lexeme, 0) for lexeme in lexemes[word]), default=0)
            for word in words
        }

    def name_words(self, prefix: str) -> dict[str, int]:
        """Lexemes of the condition and intervention fields beginning with ``prefix``, each
        with the trials of the field that holds it most, counted over the first
        :data:`_NAME_TRIALS` trials holding such a lexeme (a prefix of letters only)."""
        if not (prefix.isalpha() and prefix.isascii() and prefix.islower()):
            return {}
        fields = (CONDITION_PREFIX, INTERVENTION_PREFIX)
        with self._searchable().read_connection() as connection:
            rows = connection.execute(
                "SELECT substr(lexeme, %s), count(*) FROM"
                " (SELECT words FROM search_match WHERE words @@ %s::tsquery LIMIT %s) AS held,"
                " unnest(tsvector_to_array(held.words)) AS lexeme"
                " WHERE (starts_with(lexeme, %s) OR starts_with(lexeme, %s))"
                " AND strpos(lexeme, ' ') = 0 GROUP BY lexeme",
                (
                    len(CONDITION_PREFIX) + 1,
                    " | ".join(f"'{field}{prefix}':*" for field in fields),
                    _NAME_TRIALS,
                    *(field + prefix for field in fields),
                ),
            ).fetchall()
        found: dict[str, int] = {}
        for word, trials in rows:
            found[word] = max(found.get(word, 0), int(trials))
        return found

    def co_occurrences(self, words: Sequence[str], others: Sequence[str]) -> dict[str, int]:
        """Trials holding each word with every one of ``others`` (each as its lexemes)."""
        with self._searchable().read_connection() as connection:
            lexemes = _lexemes(connection, [*words, *others])
            together = [_quoted(lexeme) for word in others for lexeme in lexemes[word]]
            found: dict[str, int] = {}
            for word in words:
                held = [_quoted(lexeme) for lexeme in lexemes[word]]
                if not held:
                    found[word] = 0
                    continue
                row = connection.execute(
                    "SELECT count(*) FROM search_match WHERE words @@ %s::tsquery",
                    (" & ".join([*held, *together]),),
                ).fetchone()
                found[word] = int(row[0]) if row is not None else 0
        return found
