"""The SQLite store's search index: Tantivy beside the database file.

The ``trials`` table stays the store of record; the index in ``<db>.search/`` is
derived from it and kept in step by a change watermark (numbers and reasons in
docs/search.md). The same index follows a PostgreSQL store's change log on each
web node (:mod:`trialfinder.search.node_index`): what it reads trials from is a
:class:`TrialSource`, and its own tables (sites, places, watermark) live in a
SQLite database, the store's file or one in the node's index directory.

* Every insert or update of a trial sets ``trials.change_seq`` from a counter,
  in the upsert's own transaction
  (:func:`trialfinder.store.sqlite.last_change_seq`).
* :class:`SQLiteIndex` indexes the trials whose ``change_seq`` is above the
  watermark kept in the ``state`` table: for each, delete its document by rowid
  and add the new one; Tantivy commit; only then store the new watermark,
  together with each trial's places and the location counts (``search_site``,
  ``search_location``); the site grid reads the trials' coordinates from their
  records. Re-indexing is idempotent, so a
  crash between the commit and the watermark only repeats work.
* The ingesting process keeps Tantivy's single writer while it writes and
  commits every few thousand trials (a commit costs ~100 ms of fsync); any
  process checks the watermark before a search (one indexed lookup), catches
  up if it can take the writer, and otherwise reloads its reader when the
  watermark moves.

Queries never reach a query parser: user text is analysed into words by
:mod:`trialfinder.search.text` and the same analyzer as the index, then built
into term and phrase queries. BM25 with per-field boosts ranks; filters and
facets are fast fields; "near me" uses :mod:`trialfinder.search.site_grid`.
The store calls the index as its write hook (:class:`~trialfinder.store.base.TrialIndex`)
after every upsert; searches run through :class:`~trialfinder.search.index.SearchIndex`.
"""

from __future__ import annotations

import fcntl
import math
import re
import shutil
import sqlite3
import threading
import time
import uuid
import weakref
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence, Set
from functools import lru_cache
from itertools import accumulate, pairwise
from operator import sub
from pathlib import Path
from typing import Any, Generic, NamedTuple, Protocol, TypeVar

import msgspec
import numpy as np
import numpy.typing as npt
import tantivy

from trialfinder.model import Trial
from trialfinder.places import MAX_DISTANCE_KM, normalise_country
from trialfinder.search.index import IndexPage
from trialfinder.search.indexed_facts import (
    FACET_FIELDS,
    SEQUENCE_BITS,
    day_number,
    has_text,
    nearest_stored_site,
    search_hit,
    site_distances,
    stored_points,
    stored_sites,
    trial_facts,
)
from trialfinder.search.nearness import band_radii, distance_bands
from trialfinder.search.query import (
    FUNDER_TYPES,
    INTERVENTION_TYPES,
    PHASES,
    PLACE_ORDERS,
    SEXES,
    STATUSES,
    STUDY_TYPES,
    GeoFilter,
    SearchQuery,
)
from trialfinder.search.results import Facets, LocationCount, SearchHit, SiteDistance
from trialfinder.search.site_grid import Nearest, SiteGrid, cell_terms
from trialfinder.search.text import TextQuery, informative_groups, scattered_words, words
from trialfinder.store.base import IndexEntryMaker
from trialfinder.store.records import decompress_record
from trialfinder.store.sqlite import SQLiteStore, last_change_seq
from trialfinder.vocabulary import load_vocabulary, return_freed_memory

__all__ = ["SQLiteIndex", "TrialSource", "place_ids_packed", "place_ids_unpacked"]

_Value = TypeVar("_Value")

# Bump when the documents or fields change: a different version rebuilds the index.
# 5: search_site.places holds search_place_name ids, not names.
# 6: conditions also hold the MeSH ancestors a record leaves out (condition_headings).
# 7: search_site.places as 16-bit gaps between sorted ids (place_ids_packed), not 32-bit ids.
# 8: a negated "metastatic" ("non-metastatic", "has not spread") is the one word "nonmetastatic".
# 9: TNM's "M0" ("M0", "T1-T4N0M0") is the word "nonmetastatic" too; a drug's INN stem adds
#    its class to the treatments' MeSH headings (intervention_headings).
# 10: a negated histology ("non-squamous", "non squamous") is the one word "nonsquamous".
# 11: a recurrence named as a risk or as absent ("risk of recurrence", "relapse-free") is one
#     word ("recurrencerisk", "norecurrence").
# 12: a type, stage, grade, phase or class number run into its words is read apart
#     ("Type2diabetes" → "type 2 diabetes").
_INDEX_SCHEMA_VERSION = 12
_ANALYZER = "trialfinder_text"
_PAIR_ANALYZER = "trialfinder_pairs"
_WATERMARK_KEY = "search.watermark"
_INDEX_ID_KEY = "search.index_id"
# The site grid is built from the records of this many trials at a time...
_GRID_BATCH_ROWS = 5_000
# ...and kept in this file in the index directory (see SiteGrid.save).
_GRID_FILE = "trialfinder-sites.grid"
_IDENTITY_FILE = "trialfinder-index.json"

# Text fields and their BM25 boosts: a condition named in the title or the condition
# list (with its MeSH terms and ancestors) outranks a passing mention in the criteria.
_TEXT_BOOSTS = {
    "title": 10.0,
    "conditions": 9.0,
    "keywords": 5.0,
    "interventions": 4.5,
    "summary": 1.5,
    "criteria": 0.5,
}
# What the vocabulary adds for a typed phrase scores at this share of the typed words,
# and only its best-scoring alternative counts (plus this share of the others).
_EXPANSION_WEIGHT = 0.6
_EXPANSION_TIE_BREAKER = 0.1
# A typed phrase of several words also matches its words apart, anywhere in the
# trial (as plain BM25 does: "cancer of the cervix" in a summary for "cervical
# cancer"), scored at this share: a mention, below the phrase itself.
_SCATTERED_WORDS_WEIGHT = 0.1
_CONDITION_FIELDS = ("title", "conditions", "keywords")
_INTERVENTION_FIELDS = ("title", "interventions")
# The short, high-weight fields have a twin of adjacent word pairs ("lung_cancer"):
# a phrase is a term there (or, when longer, all its pairs), never a position check.
# Summaries and criteria match single words only: pairing ~4.5 KB of text per trial
# would double indexing time, and a phrase met only in the criteria is as often an
# exclusion ("no history of breast cancer") as the trial's subject.
_PAIRS = "_pairs"
_PAIRED_FIELDS = ("title", "conditions", "keywords", "interventions")
# Near a place, trials naming every concept in these fields come first, in this order.
_NAMED_IN = (("title",), _PAIRED_FIELDS)
# Facets, named as the Facets attributes they fill, are counted from integer fast
# fields holding one value per trial: a terms aggregation over a single-valued
# integer column is ~4x cheaper than over text and ~15x cheaper than over a
# multi-valued column. Enumerations are codes (position + 1, 0 for none), lists of
# them bitmasks; a trial in one known country has its ISO code as a number, the
# others keep their countries as text.
_CODED_FACETS: dict[str, tuple[str, ...]] = {
    "status": STATUSES,
    "study_type": STUDY_TYPES,
    "sex": (*SEXES, "ALL"),
}
_CODE = "_code"
_STATUS_CODE = "status" + _CODE
_MASKED_FACETS: dict[str, tuple[str, ...]] = {
    "phase": PHASES,
    "intervention_type": INTERVENTION_TYPES,
    "funder_type": FUNDER_TYPES,
}
_MASK = "_mask"
_COUNTRY_CODE = "country_code"
_COUNTRY_NAMES = "country_names"
_FACET_BUCKETS = 65_536
# Each distinct search keeps two: its ranked query and its unscored twin (the matches).
_CACHED_QUERIES = 2_048
# Facets (~3 KB encoded) of this many distinct match sets per generation: ~3 MB.
_CACHED_FACETS = 1_024
# An open age bound: every query age is above/below these.
_NO_MINIMUM_AGE = -1.0
_NO_MAXIMUM_AGE = 1.0e6

# The ingesting process commits after this many changed trials or seconds.
_COMMIT_TRIALS = 20_000
_COMMIT_SECONDS = 10.0
_CATCH_UP_CHUNK = 2_000
_WRITER_HEAP_BYTES = 128_000_000
_WRITER_THREADS = 1
_WRITER_RETRY_SECONDS = 2.0

# Distance-sorted pages take candidates nearest first, this many times the page end.
_DISTANCE_CHUNK_FACTOR = 4
_DISTANCE_CHUNK_MINIMUM = 256
# Otherwise it first orders only this many times the page end of the nearest trials.
_NEAREST_CANDIDATES_PER_RESULT = 64
# Up to this many matches, a distance-sorted search fetches and orders all of them.
_SORT_ALL_MATCHES = 2_000
# A circle holding up to this many trials has its matches fetched, scored and counted in
# one pass (they are few: the distance page fetches them all anyway).
_FETCH_CIRCLE_MATCHES = _SORT_ALL_MATCHES
# Up to this many integer terms (a circle's cells, trials named by rowid) are looked up
# one by one rather than matched by a term set query (:func:`_any_term`).
_TERMS_LOOKED_UP = 256
# The fields whose words are the spelling corrector's names (SearchIndex.name_words), and how
# many of a prefix's words are given.
_NAME_FIELDS = ("conditions", "interventions")
_NAME_WORDS = 256
# A search near a place without a radius looks this far out, then farther.
_EXPANDING_RADII_KM = (100.0, 1_000.0, 5_000.0, MAX_DISTANCE_KM + 1.0)


def _analyzer() -> tantivy.TextAnalyzer:
    """Words of letters and digits (as :func:`trialfinder.search.text.words` splits
    them), lowercased, accents folded, English (Porter 2) stems."""
    return (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
        .filter(tantivy.Filter.remove_long(60))
        .filter(tantivy.Filter.lowercase())
        .filter(tantivy.Filter.ascii_fold())
        .filter(tantivy.Filter.stemmer("english"))
        .build()
    )


def _pair_analyzer() -> tantivy.TextAnalyzer:
    """Pairs arrive as prepared tokens separated by spaces."""
    return tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    for name in _TEXT_BOOSTS:
        builder.add_text_field(name, tokenizer_name=_ANALYZER, index_option="freq")
    for name in _PAIRED_FIELDS:
        builder.add_text_field(name + _PAIRS, tokenizer_name=_PAIR_ANALYZER, index_option="freq")
    for name in _CODED_FACETS:
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
        builder.add_unsigned_field(name + _CODE, fast=True)
    for name in _MASKED_FACETS:
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
        builder.add_unsigned_field(name + _MASK, fast=True)
    builder.add_unsigned_field(_COUNTRY_CODE, fast=True)
    builder.add_text_field(_COUNTRY_NAMES, fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_boolean_field("healthy_volunteers", indexed=True)
    builder.add_boolean_field("has_site", indexed=True)
    builder.add_float_field("minimum_age", fast=True)
    builder.add_float_field("maximum_age", fast=True)
    builder.add_unsigned_field("rowid", indexed=True, fast=True)
    # Last-update day in the high bits, rowid in the low: a total "newest first" order.
    builder.add_unsigned_field("recency", fast=True)
    builder.add_unsigned_field("geo_cell", indexed=True)
    builder.add_bytes_field("hit", stored=True)
    return builder.build()


# --------------------------------------------------------------------------- documents


class _Hit(msgspec.Struct, array_like=True, frozen=True):
    """What a result line needs, stored in the index so no record is decoded."""

    rowid: int
    nct_id: str
    status: str | None
    phases: str
    display: bytes
    last_updated: str | None


_HIT_ENCODER = msgspec.msgpack.Encoder()
_HIT_DECODER = msgspec.msgpack.Decoder(_Hit)


class _SiteRow(NamedTuple):
    """What SQLite keeps about an indexed trial, written with the watermark: its places
    (its site coordinates are read from its record when the site grid needs them)."""

    rowid: int
    change_seq: int
    places: frozenset[tuple[str, str]]


class _Entry(msgspec.Struct, array_like=True, frozen=True):
    """A trial's document less what depends on its row id, which only the store's write
    gives: everything costly (the search facts, the gazetteer's places, word pairs) is
    done here, wherever the trial is parsed (ingest's worker processes), and the
    writing process only adds the row id (:func:`_document`)."""

    fields: dict[str, Any]  # every Tantivy field but rowid, recency and hit
    day: int  # the last-update day (high bits of "recency")
    nct_id: str
    status: str | None
    phases: str
    display: bytes
    last_updated: str | None
    places: list[tuple[str, str]]


_ENTRY_ENCODER = msgspec.msgpack.Encoder()
_ENTRY_DECODER = msgspec.msgpack.Decoder(_Entry)


def _entry(trial: Trial) -> _Entry:
    """The trial's document and sites, but for its row id."""
    facts = trial_facts(trial)
    eligibility = trial.eligibility
    title, conditions, condition_mesh, interventions, intervention_mesh = facts.columns[:5]
    keywords, summary, criteria = facts.columns[5:]
    texts = {
        "title": title,
        "conditions": f"{conditions} ; {condition_mesh}",
        "keywords": keywords,
        "interventions": f"{interventions} ; {intervention_mesh}",
        "summary": summary,
        "criteria": criteria,
    }
    document: dict[str, Any] = dict(texts)
    for name in _PAIRED_FIELDS:
        document[name + _PAIRS] = " ".join(_word_pairs(texts[name]))
    countries = sorted({country for country, _ in facts.places})
    multiple: dict[str, Sequence[str]] = {
        "phase": trial.phases,
        "intervention_type": facts.intervention_types,
        "funder_type": facts.funder_types,
    }
    for name, values in multiple.items():
        document[name] = sorted(set(values))
        document[name + _MASK] = _mask(values, _MASKED_FACETS[name])
    single: dict[str, str | None] = {
        "status": trial.overall_status,
        "study_type": trial.study_type,
        "sex": eligibility.sex,
    }
    for name, value in single.items():
        document[name] = [value] if value else []
        known = _CODED_FACETS[name]
        document[name + _CODE] = known.index(value) + 1 if value in known else 0
    country_code = _country_code(countries[0]) if len(countries) == 1 else 0
    document.update(
        {
            _COUNTRY_CODE: country_code,
            _COUNTRY_NAMES: [] if country_code else countries,
            "healthy_volunteers": bool(eligibility.healthy_volunteers),
            "has_site": bool(facts.points),
            "minimum_age": _age_or(eligibility.minimum_age.years, _NO_MINIMUM_AGE),
            "maximum_age": _age_or(eligibility.maximum_age.years, _NO_MAXIMUM_AGE),
            "geo_cell": cell_terms(facts.points),
        }
    )
    return _Entry(
        fields=document,
        day=day_number(facts.last_updated),
        nct_id=trial.nct_id,
        status=trial.overall_status,
        phases=" ".join(trial.phases),
        display=msgspec.json.encode((trial.title, trial.conditions)),
        last_updated=facts.last_updated,
        places=list(facts.places),
    )


def make_index_entry(trial: Trial) -> bytes:
    """The trial's index entry as bytes (see :class:`_Entry`): the index's
    :data:`~trialfinder.store.base.IndexEntryMaker`, run by ingest's workers (which
    inherit the vocabulary it reads: :meth:`SQLiteIndex.entry_maker`)."""
    return _ENTRY_ENCODER.encode(_entry(trial))


def _document(rowid: int, change_seq: int, entry: _Entry) -> tuple[dict[str, Any], _SiteRow]:
    """The trial's Tantivy document and its sites, once the store has given it a row."""
    document = dict(entry.fields)
    document["rowid"] = rowid
    document["recency"] = (entry.day << SEQUENCE_BITS) | rowid
    document["hit"] = _HIT_ENCODER.encode(
        _Hit(
            rowid=rowid,
            nct_id=entry.nct_id,
            status=entry.status,
            phases=entry.phases,
            display=entry.display,
            last_updated=entry.last_updated,
        )
    )
    return document, _SiteRow(rowid, change_seq, frozenset(entry.places))


def _iso_number(code: str) -> int:
    return (ord(code[0]) - 64) * 32 + ord(code[1]) - 64


@lru_cache(maxsize=1_024)
def _country_name(number: int) -> str | None:
    country = normalise_country(chr(64 + number // 32) + chr(64 + number % 32))
    return country.name if country is not None else None


@lru_cache(maxsize=4_096)
def _country_code(name: str) -> int:
    """A country name as a number (0: keep it as text) that :func:`_country_name` reverses."""
    country = normalise_country(name)
    code = country.code if country is not None else None
    if code is None or not re.fullmatch("[A-Z]{2}", code):
        return 0
    number = _iso_number(code)
    return number if _country_name(number) == name else 0


def _facet_values(column: str, key: object) -> Iterator[tuple[str, str]]:
    """The (facet, value) pairs one aggregation bucket stands for."""
    if column == _COUNTRY_NAMES:
        yield "country", str(key)
        return
    number = int(str(key))
    if column == _COUNTRY_CODE:
        name = _country_name(number) if number else None
        if name is not None:
            yield "country", name
    elif column.endswith(_CODE):
        facet = column.removesuffix(_CODE)
        if number:
            yield facet, _CODED_FACETS[facet][number - 1]
    else:
        facet = column.removesuffix(_MASK)
        for bit, value in enumerate(_MASKED_FACETS[facet]):
            if number >> bit & 1:
                yield facet, value


def _mask(values: Iterable[str], known: Sequence[str]) -> int:
    """Known values as bits (a value the registry adds later is filterable, not faceted)."""
    return sum(1 << known.index(value) for value in set(values) if value in known)


def _word_pairs(text: str) -> list[str]:
    """Adjacent word pairs (``lung_cancer``), the same way for documents and phrases.

    Unstemmed: stemming every word of a document in Python would cost more than
    everything else indexed about it.
    """
    return list(map("_".join, pairwise(words(text))))


def _age_or(years: float | None, open_bound: float) -> float:
    return open_bound if years is None or math.isnan(years) else years


# A trial's places are kept as the ids of their search_place_name rows (~520 bytes a trial
# as (country, city) names, 0.31 GB at 600,000 studies), sorted and written as the 16-bit
# gaps between them: ~44 bytes a registry-like trial where 32-bit ids took ~88. A gap
# that does not fit is _WIDE_GAP followed by its 32 bits as two 16-bit halves.
_GAP = "H"
_WIDE_GAP = 0xFFFF


def place_ids_packed(ids: Iterable[int]) -> bytes:
    """A trial's place ids as ``search_site.places`` keeps them (see :data:`_GAP`)."""
    ordered = sorted(ids)
    gaps = list(map(sub, ordered, [0, *ordered]))
    try:
        packed = array(_GAP, gaps)
    except OverflowError:  # a gap past 16 bits: only in a store of over 65,534 places
        packed = array(_GAP, [_WIDE_GAP])
    if _WIDE_GAP not in packed:
        return packed.tobytes()
    packed = array(_GAP)
    for gap in gaps:
        packed.extend((gap,) if gap < _WIDE_GAP else (_WIDE_GAP, gap & 0xFFFF, gap >> 16))
    return packed.tobytes()


def place_ids_unpacked(blob: bytes) -> list[int]:
    """The place ids a ``search_site.places`` value holds (:func:`place_ids_packed`)."""
    gaps = array(_GAP, blob)
    if _WIDE_GAP not in gaps:
        return list(accumulate(gaps))
    widened: list[int] = []
    at = 0
    while at < len(gaps):
        gap = gaps[at]
        if gap == _WIDE_GAP:
            gap = gaps[at + 1] | gaps[at + 2] << 16
            at += 2
        widened.append(gap)
        at += 1
    return list(accumulate(widened))


# --------------------------------------------------------------------------- the source


class TrialSource(Protocol):
    """The store of record as the index reads it: its trials and their change log."""

    def index_id(self) -> str:
        """The store's identity: an index directory made for another one is rebuilt."""
        ...

    def last_change_seq(self) -> int:
        """The highest change number given so far (one indexed lookup)."""
        ...

    def changes_after(self, change_seq: int, limit: int) -> list[tuple[int, int]]:
        """(rowid, change number) of the next ``limit`` changes after ``change_seq``,
        in number order; a changed trial that is no longer stored is dropped."""
        ...

    def records(self, rowids: Sequence[int]) -> Iterable[tuple[int, bytes]]:
        """(rowid, stored record) of the stored trials among ``rowids``."""
        ...

    def rowids(self, nct_ids: Sequence[str]) -> list[int]:
        """The rowids of the trials named (those stored)."""
        ...


class _StoreFile:
    """A SQLite store as a :class:`TrialSource`, read through its thread's connection."""

    def __init__(self, store: SQLiteStore) -> None:
        self._store = weakref.ref(store)

    @property
    def connection(self) -> sqlite3.Connection:
        """This thread's connection to the store."""
        store = self._store()
        if store is None:
            raise RuntimeError("the store of this search index is gone")
        return store.connection

    def index_id(self) -> str:
        return _ensure_index_id(self.connection)

    def last_change_seq(self) -> int:
        return last_change_seq(self.connection)

    def changes_after(self, change_seq: int, limit: int) -> list[tuple[int, int]]:
        return self.connection.execute(
            "SELECT rowid, change_seq FROM trials WHERE change_seq > ? ORDER BY change_seq LIMIT ?",
            (change_seq, limit),
        ).fetchall()

    def records(self, rowids: Sequence[int]) -> Iterator[tuple[int, bytes]]:
        return _rows_by_rowid(self.connection, "SELECT rowid, record FROM trials", rowids)

    def rowids(self, nct_ids: Sequence[str]) -> list[int]:
        return [
            rowid
            for (rowid,) in self.connection.execute(
                "SELECT rowid FROM trials WHERE nct_id IN (SELECT value FROM json_each(?))",
                (msgspec.json.encode(list(nct_ids)).decode(),),
            )
        ]


# --------------------------------------------------------------------------- the index


class _Recent(Generic[_Value]):
    """The values of the last ``size`` distinct keys asked, least recently used dropped.

    It lives in a :class:`_Generation`: what it holds was computed from one state of
    the index, so a reload starts empty. Two threads asking a missing key at once
    both compute it (the same value); neither waits for the other."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._values: OrderedDict[tuple[object, ...], _Value] = OrderedDict()
        self._lock = threading.Lock()

    def kept(self, key: tuple[object, ...]) -> _Value | None:
        """The value of ``key`` if it is kept (None: not asked lately), without computing it."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        return None

    def get(self, key: tuple[object, ...], compute: Callable[[], _Value]) -> _Value:
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        value = compute()
        with self._lock:
            self._values[key] = value
            if len(self._values) > self._size:
                self._values.popitem(last=False)
        return value


class _Generation(NamedTuple):
    """What one reload of the index sees: searcher, watermark, term statistics, and
    what was computed lately from them, which changes only when the index does.

    ``queries``: the Tantivy queries of the last distinct searches (text and filters;
    not the page, the order or the place). Building one costs as much CPU as running
    it on a page of ten: a typed condition becomes every phrase the vocabulary knows
    for it, each a boosted clause per field (~50 term and boolean queries for "breast
    cancer"); and which words a long text keeps depends on the term statistics.

    ``facets``: the counts of the last distinct match sets (text, filters, radius and
    named trials; not the page or the order), encoded so no caller can alter them.
    Counting them is a pass over every match: 30-70 ms of CPU for "neoplasms" at
    600,000 studies (371,135 matches, bench/RESULTS.md), while the same query's next
    page, another sort order, the relaxation's second look at a tier, or the same
    common condition asked by another user find them here. Issue 19 allows counts
    cached per query and data generation: a write starts a new generation.

    ``circle_sizes``: the number of trials within each recent centre and radius, which
    tells whether a search there can fetch all its matches at once."""

    searcher: tantivy.Searcher
    watermark: int
    document_frequencies: dict[str, int]
    queries: _Recent[tantivy.Query | None]
    facets: _Recent[bytes]
    circle_sizes: _Recent[int]


class SQLiteIndex:
    """The Tantivy index of one store's trials, its watermark and its site grid.

    ``source`` is where trials and their change numbers are read; ``tables`` gives
    this thread's connection to the SQLite database that holds the index's own
    tables (``state``, ``search_site``, ``search_location``); ``path`` is the
    Tantivy directory and ``lock_path`` the file that serialises (re)building it.
    """

    def __init__(
        self,
        source: TrialSource,
        tables: Callable[[], sqlite3.Connection],
        path: Path,
        lock_path: Path,
    ) -> None:
        self._source = source
        self._tables = tables
        self.path = path
        self._lock_path = lock_path
        self._schema = _schema()
        self._analyzer = _analyzer()
        self._index: tantivy.Index | None = None
        self._lock = threading.RLock()
        self._writer: tantivy.IndexWriter | None = None
        self._added_seq = 0
        self._pending = 0
        self._pending_rows: list[_SiteRow] = []
        self._last_commit = time.monotonic()
        self._writer_busy_until = 0.0
        self._generation: _Generation | None = None
        self._grid: SiteGrid | None = None
        self._grid_seq = 0

    @classmethod
    def beside(cls, store: SQLiteStore) -> SQLiteIndex:
        """The index of a SQLite store, in ``<db>.search/``, its tables in the store's file.

        It holds its store weakly: the store holds it (as its write hook), and an
        index outliving its store has nothing to search.
        """
        source = _StoreFile(store)
        return cls(
            source,
            lambda: source.connection,
            Path(f"{store.path}.search"),
            Path(f"{store.path}.search.lock"),
        )

    @property
    def _connection(self) -> sqlite3.Connection:
        """This thread's connection to the index's tables."""
        return self._tables()

    # ------------------------------------------------------------------ opening

    def _opened(self, connection: sqlite3.Connection) -> tantivy.Index:
        """The index, created or rebuilt from scratch if it is missing, from another
        store (a copied database file) or from another schema version."""
        if self._index is not None:
            return self._index
        with self._lock, _FileLock(self._lock_path):
            if self._index is not None:
                return self._index
            index_id = self._source.index_id()
            identity = msgspec.json.encode({"store": index_id, "schema": _INDEX_SCHEMA_VERSION})
            identity_path = self.path / _IDENTITY_FILE
            current = identity_path.exists() and identity_path.read_bytes() == identity
            if not current:
                shutil.rmtree(self.path, ignore_errors=True)
                self.path.mkdir(parents=True)
                _reset_index_tables(connection)
            index = tantivy.Index(self._schema, path=str(self.path), reuse=current)
            index.register_tokenizer(_ANALYZER, self._analyzer)
            index.register_tokenizer(_PAIR_ANALYZER, _pair_analyzer())
            index.config_reader(reload_policy="manual")
            if not current:
                identity_path.write_bytes(identity)
            self._index = index
            return index

    def flush(self, connection: sqlite3.Connection) -> None:
        """Commit what is indexed but not yet visible to readers; the writer is kept."""
        with self._lock:
            if self._writer is not None and self._pending:
                self._commit(connection, self._writer)

    def close(self, connection: sqlite3.Connection) -> None:
        """Commit what is left, let merges finish and give the writer back."""
        with self._lock:
            writer = self._writer
            if writer is None:
                return
            self._writer = None
            if self._pending:
                self._commit(connection, writer)
            writer.wait_merging_threads()

    # ------------------------------------------------------------------ catching up

    def entry_maker(self) -> IndexEntryMaker:
        """:func:`make_index_entry`, with the vocabulary it reads loaded first (the MeSH tree
        a trial's broader condition headings come from): an ingest asks for the maker once,
        before it forks its workers, so they share this process's vocabulary instead of each
        loading it when its first trial without headings comes (~0.9 s of CPU a worker,
        every ingest, as a third of registry studies need it), and no entry asks again."""
        load_vocabulary()
        return make_index_entry

    def trials_written(self, connection: sqlite3.Connection, trials: Mapping[int, Trial]) -> None:
        """After a write of whole trials (a copy between stores): index what changed."""
        self.entries_written(
            connection, {rowid: make_index_entry(trial) for rowid, trial in trials.items()}
        )

    def entries_written(
        self, connection: sqlite3.Connection, fresh: Mapping[int, bytes | None]
    ) -> None:
        """After an upsert: index what changed, committing every few thousand trials.

        ``fresh`` maps rowids to the entries of the trials just written (made where
        they were parsed), to save decoding them again. The writer is kept until
        :meth:`close` (one writer at a time: if another process holds it, that
        process or the next search catches up instead).
        """
        with self._lock:
            index = self._opened(connection)
            writer = self._writer or self._take_writer(index)
            if writer is None:
                return
            self._writer = writer
            self._add_changes(connection, writer, fresh)
            due = time.monotonic() - self._last_commit >= _COMMIT_SECONDS
            if self._pending >= _COMMIT_TRIALS or (self._pending and due):
                self._commit(connection, writer)

    def _current(self, connection: sqlite3.Connection) -> _Generation:
        """A searcher that has everything stored so far, catching up when it can."""
        index = self._opened(connection)
        watermark = _watermark(connection)
        if watermark < self._source.last_change_seq():
            with self._lock:
                writer = self._writer or self._take_writer(index)
                if writer is not None:
                    self._add_changes(connection, writer, {})
                    self._commit(connection, writer)
                    # A writer taken just for this is given back (merges resume later).
                    del writer
            watermark = _watermark(connection)
        generation = self._generation
        if generation is None or generation.watermark != watermark:
            index.reload()
            generation = _Generation(
                index.searcher(),
                watermark,
                {},
                _Recent[tantivy.Query | None](_CACHED_QUERIES),
                _Recent[bytes](_CACHED_FACETS),
                _Recent[int](_CACHED_QUERIES),
            )
            self._generation = generation
        return generation

    def _take_writer(self, index: tantivy.Index) -> tantivy.IndexWriter | None:
        """The index's writer, or None while another process holds it (then not asked
        again for a moment: that process is indexing and its commits will show)."""
        if time.monotonic() < self._writer_busy_until:
            return None
        try:
            writer = index.writer(heap_size=_WRITER_HEAP_BYTES, num_threads=_WRITER_THREADS)
        except ValueError as error:
            if "LockBusy" in str(error):
                self._writer_busy_until = time.monotonic() + _WRITER_RETRY_SECONDS
                return None
            raise
        self._pending = 0
        self._pending_rows = []
        self._added_seq = 0
        return writer

    def _add_changes(
        self,
        connection: sqlite3.Connection,
        writer: tantivy.IndexWriter,
        fresh: Mapping[int, bytes | None],
    ) -> None:
        """Send every trial changed since the watermark (or the last send) to the writer."""
        after = max(_watermark(connection), self._added_seq)
        while True:
            changed = self._source.changes_after(after, _CATCH_UP_CHUNK)
            if not changed:
                return
            missing = [rowid for rowid, _ in changed if fresh.get(rowid) is None]
            decoded = {
                rowid: _entry(decompress_record(record))
                for rowid, record in self._source.records(missing)
            }
            decoded.update(
                (rowid, _ENTRY_DECODER.decode(entry))
                for rowid, entry in fresh.items()
                if entry is not None
            )
            # A trial no longer stored only loses its document (and its sites, below).
            batch = [
                _document(rowid, change_seq, decoded[rowid])
                for rowid, change_seq in changed
                if rowid in decoded
            ]
            self._pending_rows.extend(
                _SiteRow(rowid, change_seq, frozenset())
                for rowid, change_seq in changed
                if rowid not in decoded
            )
            # One delete for the chunk, before its documents: it removes older versions only.
            writer.delete_documents_by_query(
                tantivy.Query.term_set_query(self._schema, "rowid", [rowid for rowid, _ in changed])
            )
            for document, sites in batch:
                writer.add_document(tantivy.Document.from_dict(document, self._schema))
                self._pending_rows.append(sites)
            self._pending += len(changed)
            after = self._added_seq = changed[-1][1]
            if self._pending >= _COMMIT_TRIALS * 2:
                self._commit(connection, writer)

    def _commit(self, connection: sqlite3.Connection, writer: tantivy.IndexWriter) -> None:
        """Tantivy first, then the watermark with the places it covers."""
        writer.commit()
        rows, self._pending_rows = self._pending_rows, []
        _store_indexed(connection, rows, self._added_seq)
        self._pending = 0
        self._last_commit = time.monotonic()

    # ------------------------------------------------------------------ searching

    def run(self, query: SearchQuery, text: TextQuery, shown: Set[str] = frozenset()) -> IndexPage:
        """Total, facets and one page of hits (see :class:`~.index.SearchIndex`)."""
        connection = self._connection
        generation = self._current(connection)
        within = self._within(connection, generation, query)
        return self._run(connection, generation, query, text, within, shown)

    def count(self, query: SearchQuery, text: TextQuery) -> tuple[int, Facets]:
        """The matches' number and facets as :meth:`run` counts them, with no page."""
        connection = self._connection
        generation = self._current(connection)
        matched = _all_of(
            [
                self._query(generation, query, text, scored=False),
                self._within(connection, generation, query),
            ]
        )
        facets = self._counted(generation, query, text, matched or tantivy.Query.all_query())
        return facets.counted, facets

    def _within(
        self, connection: sqlite3.Connection, generation: _Generation, query: SearchQuery
    ) -> tantivy.Query | None:
        """What the query's place radius and trial ids keep (None: every trial)."""
        near = query.near
        within: tantivy.Query | None = None
        if near is not None and near.radius_km is not None:
            within = self._circle(
                connection, generation, near.latitude, near.longitude, near.radius_km
            )
        if query.nct_ids:
            within = _all_of([within, self._ids_query(query.nct_ids)])
        return within

    def _counted(
        self, generation: _Generation, query: SearchQuery, text: TextQuery, matched: tantivy.Query
    ) -> Facets:
        """The facets of ``matched`` (the unscored matches) when the query asks for
        them, else only their number."""
        if query.facets:
            return self._facets_of(generation, query, text, matched)
        counted = generation.searcher.search(matched, 1, count=True)
        return Facets(counted=counted.count or 0)  # type: ignore[attr-defined]  # not in the stub

    def _run(
        self,
        connection: sqlite3.Connection,
        generation: _Generation,
        query: SearchQuery,
        text: TextQuery,
        within: tantivy.Query | None,
        shown: Set[str],
    ) -> IndexPage:
        searcher = generation.searcher
        near = query.near
        matching = _all_of([self._query(generation, query, text), within])
        matching = matching or tantivy.Query.all_query()
        by_distance = near is not None and query.sort in PLACE_ORDERS
        if not query.facets and not by_distance:
            # Nothing to count but the matches: one pass counts them and keeps the page.
            ranked, total = self._ranked_page(searcher, matching, query, count=True)
            hits = self._hits(generation, ranked, near, shown, others=query.other_sites)
            return IndexPage(total, Facets(counted=total), hits)
        fetched: tantivy.SearchResult | None = None
        facets: Facets | None = None
        if by_distance and near is not None and near.radius_km is not None:
            held = self._circle_size(connection, generation, near)
            if held <= min(_FETCH_CIRCLE_MATCHES, _SORT_ALL_MATCHES):
                kept = self._kept_facets(generation, query, text)
                if kept is not None and kept.counted <= len(shown):
                    # Counted before, and every match is shown above: nothing to fetch.
                    return IndexPage(kept.counted, kept, [])
                # The circle holds few trials, so its matches are few and the distance
                # page fetches them all, scored: that one pass also counts them, and
                # their facets are counted over them named by rowid. A separate pass
                # over the unscored matches evaluated the text over every trial that
                # names it, wherever they are (Tantivy fills a union of the text's
                # phrases 4,096 documents at a time, so the circle hardly lets it skip).
                fetched = searcher.search(matching, max(1, held), count=True)
                facets = self._fetched_facets(generation, query, text, fetched)
        if facets is None:
            # One full pass over the matches counts them and their facets; the page then
            # needs only the top hits (no count), which Tantivy can prune. What counts the
            # matches never scores them: the same trials as one flat set of terms, ~4x
            # cheaper than the scored query's nested groups. Built only here: combining a
            # text's query with a circle copies it (~0.05 ms near a place), and the pages
            # that fetched every match above, or stopped sooner, never count with it.
            matched = _all_of([self._query(generation, query, text, scored=False), within])
            facets = self._counted(generation, query, text, matched or tantivy.Query.all_query())
        total = facets.counted
        if total <= len(shown):
            # Every match is shown above (a relaxation holds the tiers before it): the
            # page has no hit to rank, order by distance or read.
            return IndexPage(total, facets, [])
        if near is not None and by_distance:
            named_in: list[tantivy.Query] = []
            if text and query.sort == "near":
                strict = msgspec.structs.replace(text, words_apart=False)
                for fields in _NAMED_IN:
                    if total <= _SORT_ALL_MATCHES:
                        # Few matches are all fetched and sorted: a tier is only asked
                        # which of them it holds, unscored (~2x cheaper), and only
                        # among them (:meth:`_distance_page` names them by rowid).
                        named_in.append(self._named_in(generation, strict, fields, scored=False))
                        continue
                    # Match qualities, scored as the matches are, so ties fall the same
                    # way in every path.
                    subject = self._named_in(generation, strict, fields, scored=True)
                    named = tantivy.Query.const_score_query(subject, 0.0)
                    named_in.append(
                        tantivy.Query.boolean_query(
                            [(tantivy.Occur.Must, matching), (tantivy.Occur.Must, named)]
                        )
                    )
            page = self._distance_page(
                connection, generation, matching, named_in, query, near, total, fetched
            )
        else:
            page, _ = self._ranked_page(searcher, matching, query)
        hits = self._hits(generation, page, near, shown, others=query.other_sites)
        return IndexPage(total, facets, hits)

    def locations(self, country: str | None) -> list[LocationCount]:
        """Countries by trial count, or the cities of one country."""
        connection = self._connection
        self._current(connection)
        if country is None:
            rows = connection.execute(
                "SELECT country, trials FROM search_location WHERE city = ''"
                " ORDER BY trials DESC, country"
            )
        else:
            normalised = normalise_country(country)
            name = normalised.name if normalised is not None else country.strip()
            rows = connection.execute(
                "SELECT city, trials FROM search_location WHERE country = ? AND city != ''"
                " ORDER BY trials DESC, city",
                (name,),
            )
        return [LocationCount(name=name, trials=trials) for name, trials in rows]

    def word_frequencies(self, words: Sequence[str]) -> dict[str, int]:
        """Trials holding each word (as its stem) in any text field."""
        generation = self._current(self._connection)
        frequencies: dict[str, int] = {}
        for word in words:
            stems = self._analyzer.analyze(word)
            frequencies[word] = (
                min(self._word_frequency(generation, stem) for stem in stems) if stems else 0
            )
        return frequencies

    def co_occurrences(self, words: Sequence[str], others: Sequence[str]) -> dict[str, int]:
        """Trials holding each word with every one of ``others`` (each as its stems, in
        any text field)."""
        generation = self._current(self._connection)
        together = [self._anywhere(word) for word in others]
        found: dict[str, int] = {}
        for word in words:
            held = self._anywhere(word)
            matched = _all_of([held, *together]) if held is not None else None
            counted = generation.searcher.search(matched, 1, count=True) if matched else None
            found[word] = int(counted.count or 0) if counted else 0  # type: ignore[attr-defined]  # not in the stub
        return found

    def name_words(self, prefix: str) -> dict[str, int]:
        """Terms of the condition and intervention fields beginning with ``prefix``, each with
        the trials of the field that holds it most (the commonest :data:`_NAME_WORDS` only)."""
        generation = self._current(self._connection)
        found: dict[str, int] = {}
        for field in _NAME_FIELDS:
            for term, trials in generation.searcher.terms_with_prefix(
                field, prefix, limit=_NAME_WORDS
            ):
                found[term] = max(found.get(term, 0), int(trials))
        return found

    def _anywhere(self, word: str) -> tantivy.Query | None:
        """The trials holding every stem of a word in some text field (None: no stem)."""
        return _all_of(
            tantivy.Query.boolean_query(
                [
                    (tantivy.Occur.Should, tantivy.Query.term_query(self._schema, field, stem))
                    for field in _TEXT_BOOSTS
                ]
            )
            for stem in self._analyzer.analyze(word)
        )

    # ------------------------------------------------------------------ queries

    def _query(
        self, generation: _Generation, query: SearchQuery, text: TextQuery, *, scored: bool = True
    ) -> tantivy.Query | None:
        """Text and filters as one Tantivy query (None: everything matches), built once
        per generation for each distinct text and filters; ``scored=False``: the same
        matches, unscored (see :meth:`_group`)."""
        key = (*_text_and_filters_key(query, text), scored)
        return generation.queries.get(
            key, lambda: self._build_query(generation, query, text, scored=scored)
        )

    def _build_query(
        self, generation: _Generation, query: SearchQuery, text: TextQuery, *, scored: bool
    ) -> tantivy.Query | None:
        parts = [
            self._text(generation, text, tuple(_TEXT_BOOSTS), scored=scored),
            self._text(generation, query.condition_query, _CONDITION_FIELDS, scored=scored),
            self._text(generation, query.intervention_query, _INTERVENTION_FIELDS, scored=scored),
        ]
        filters = self._filters(query)
        if filters:
            parts.append(tantivy.Query.const_score_query(_all_of(filters) or _nothing(), 0.0))
        return _all_of(parts)

    def _text(
        self,
        generation: _Generation,
        text_query: TextQuery,
        fields: Sequence[str],
        *,
        scored: bool = True,
    ) -> tantivy.Query | None:
        if not text_query:
            return None
        groups: Sequence[tuple[str, ...]] = text_query.groups
        if text_query.is_description:
            groups = informative_groups(
                groups,
                lambda group: self._group_frequency(generation, group),
                generation.searcher.num_docs,
            )
        apart = text_query.words_apart
        queries = [
            self._group(text_query.typed_phrase(group), group, fields, apart=apart)
            if scored
            else self._group_matches(text_query.typed_phrase(group), group, fields, apart=apart)
            for group in groups
        ]
        if not queries:
            return _nothing()
        if text_query.match_all:
            return _all_of(queries)
        at_least = min(text_query.at_least, len(queries))
        # A partial tier's required groups (its conditions) must match; they count
        # towards ``at_least``, the others make up the rest.
        required = [group in text_query.required for group in groups]
        should = at_least - sum(required)
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must if needed else tantivy.Occur.Should, item)
                for needed, item in zip(required, queries, strict=True)
            ],
            minimum_number_should_match=should
            if should > 1 or (any(required) and should)
            else None,
        )

    def _named_in(
        self, generation: _Generation, strict: TextQuery, fields: Sequence[str], *, scored: bool
    ) -> tantivy.Query:
        """The trials naming every concept of ``strict`` in ``fields``, built once per
        generation (``scored=False``: the same trials, unscored)."""
        subject = generation.queries.get(
            ("named in", strict, tuple(fields), scored),
            lambda: self._text(generation, strict, fields, scored=scored),
        )
        return subject or _nothing()

    def _group(
        self,
        typed_phrase: str,
        alternatives: Sequence[str],
        fields: Sequence[str],
        *,
        apart: bool = False,
    ) -> tantivy.Query:
        """Any of the alternative phrases in any of the fields (or, ``apart``, the typed
        phrase's words apart, anywhere); scored as the typed phrase plus the best of
        the vocabulary's alternatives, weighted below it, plus the scattered words,
        far below.

        Summing every alternative let a trial that happens to use many names of a
        concept (or a broad name such as "fibrosis" for "cirrhosis") outrank one
        that says exactly what the user typed in its title."""
        typed = tuple(words(typed_phrase))
        added = [tuple(words(phrase)) for phrase in alternatives]
        clauses = []
        own = self._alternative(typed, fields)
        if own is not None:
            clauses.append((tantivy.Occur.Should, own))
        # One clause per distinct query: "cancer" and "cancers" are the same stem, and
        # scoring it twice cost as much again ("neoplasms": 26 -> 18 ms at 600,000
        # studies) for a tie-breaker share that only counted the vocabulary's plurals.
        distinct = {
            self._compiled(phrase_words): phrase_words
            for phrase_words in sorted(set(added) - {typed}, reverse=True)
        }
        expanded = [
            query
            for phrase_words in sorted(distinct.values())
            if (query := self._alternative(phrase_words, fields)) is not None
        ]
        if expanded:
            best = tantivy.Query.disjunction_max_query(expanded, _EXPANSION_TIE_BREAKER)
            clauses.append(
                (tantivy.Occur.Should, tantivy.Query.boost_query(best, _EXPANSION_WEIGHT))
            )
        matched = tantivy.Query.boolean_query(clauses) if clauses else _nothing()
        scattered = self._scattered(typed, fields)
        if scattered is None:
            return matched
        # Scored, and matched only when asked (a one-concept text's relaxation): a
        # trial must otherwise name the phrase or an alternative (PostgreSQL's index
        # answers the same set of trials).
        return tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Should if apart else tantivy.Occur.Must, matched),
                (
                    tantivy.Occur.Should,
                    tantivy.Query.boost_query(scattered, _SCATTERED_WORDS_WEIGHT),
                ),
            ]
        )

    def _group_matches(
        self,
        typed_phrase: str,
        alternatives: Sequence[str],
        fields: Sequence[str],
        *,
        apart: bool = False,
    ) -> tantivy.Query:
        """The trials :meth:`_group` matches, unscored: every phrase in every field as
        one flat union of terms (a longer phrase as all its pairs), the scattered words
        only when they match (``apart``).

        Counting and facets need no score, and the scored group's nesting (a dis-max
        of per-field unions, inside a boolean) is what costs: at 600,000 studies the
        facet pass over "neoplasms" (371,135 matches) took ~20 ms as the scored query
        and ~5 ms as this one (bench/RESULTS.md). Phrases that compile to the same
        terms ("cancer", "cancers") are one clause here."""
        phrases = {tuple(words(phrase)) for phrase in (typed_phrase, *alternatives)}
        terms: dict[tuple[str, tuple[str, ...]], tantivy.Query] = {}
        for phrase_words in sorted(phrases):
            compiled = self._compiled(phrase_words)
            for field in fields:
                key = (field, compiled)
                if key not in terms and (found := self._phrase(phrase_words, field)) is not None:
                    terms[key] = found
        clauses = [(tantivy.Occur.Should, term) for term in terms.values()]
        scattered = self._scattered(tuple(words(typed_phrase)), fields) if apart else None
        if scattered is not None:
            clauses.append((tantivy.Occur.Should, scattered))
        return tantivy.Query.boolean_query(clauses) if clauses else _nothing()

    def _scattered(self, typed: tuple[str, ...], fields: Sequence[str]) -> tantivy.Query | None:
        """Every (not stop) word of the typed phrase, each in any of the fields (None:
        a one-word phrase, or a word no field can hold)."""
        each = [self._alternative((word,), fields) for word in scattered_words(typed)]
        return None if None in each else _all_of(each)

    def _compiled(self, phrase_words: tuple[str, ...]) -> tuple[str, ...]:
        """What :meth:`_phrase` makes of a phrase in any field: a word's stem, or the
        phrase's (unstemmed) pairs; phrases with the same one are the same query."""
        if len(phrase_words) == 1:
            return tuple(self._analyzer.analyze(phrase_words[0]))
        return phrase_words

    def _alternative(
        self, phrase_words: tuple[str, ...], fields: Sequence[str]
    ) -> tantivy.Query | None:
        """One phrase in any of the fields, each field boosted (None: no field can hold it)."""
        clauses = [
            (tantivy.Occur.Should, tantivy.Query.boost_query(query, _TEXT_BOOSTS[field]))
            for field in fields
            if (query := self._phrase(phrase_words, field)) is not None
        ]
        return tantivy.Query.boolean_query(clauses) if clauses else None

    def _phrase(self, phrase_words: tuple[str, ...], field: str) -> tantivy.Query | None:
        """One word as its stem; more as all their pairs (in the fields that have pairs)."""
        if len(phrase_words) == 1:
            stems = self._analyzer.analyze(phrase_words[0])
            return tantivy.Query.term_query(self._schema, field, stems[0]) if stems else None
        if field not in _PAIRED_FIELDS:
            return None
        pairs = [
            tantivy.Query.term_query(self._schema, field + _PAIRS, pair)
            for pair in map("_".join, pairwise(phrase_words))
        ]
        return _all_of(pairs)

    def _group_frequency(self, generation: _Generation, group: tuple[str, ...]) -> int:
        """Trials holding the group: its commonest phrase, a phrase as its rarest word."""
        return max(
            min((self._word_frequency(generation, word) for word in stems), default=0)
            for stems in (self._analyzer.analyze(phrase) for phrase in group)
        )

    def _word_frequency(self, generation: _Generation, word: str) -> int:
        known = generation.document_frequencies.get(word)
        if known is None:
            known = max(generation.searcher.doc_freq(field, word) for field in _TEXT_BOOSTS)
            generation.document_frequencies[word] = known
        return known

    def _filters(self, query: SearchQuery) -> list[tantivy.Query]:
        schema = self._schema
        filters = [
            _any_term(schema, "status", query.statuses),
            _any_term(schema, "phase", query.phases),
            _any_term(schema, "study_type", [query.study_type] if query.study_type else []),
            _any_term(schema, "sex", [query.sex, "ALL"] if query.sex else []),
            _any_term(schema, "intervention_type", query.intervention_types),
            _any_term(schema, "funder_type", query.funder_types),
        ]
        if query.healthy_volunteers:
            filters.append(tantivy.Query.term_query(schema, "healthy_volunteers", True))
        if (bounds := query.age_bounds) is not None:
            youngest, oldest = float(bounds[0]), float(bounds[1])
            filters.append(
                tantivy.Query.range_query(
                    schema, "minimum_age", tantivy.FieldType.Float, upper_bound=oldest
                )
            )
            filters.append(
                tantivy.Query.range_query(
                    schema, "maximum_age", tantivy.FieldType.Float, lower_bound=youngest
                )
            )
        return [item for item in filters if item is not None]

    def _ids_query(self, nct_ids: Sequence[str]) -> tantivy.Query:
        """Only the trials named (none when no name is stored)."""
        rowids = self._source.rowids(nct_ids)
        if not rowids:
            return _nothing()
        restricted = _any_term(self._schema, "rowid", rowids) or _nothing()
        return tantivy.Query.const_score_query(restricted, 0.0)

    def _circle(
        self,
        connection: sqlite3.Connection,
        generation: _Generation,
        latitude: float,
        longitude: float,
        radius_km: float,
    ) -> tantivy.Query:
        """The trials with a site within the circle, as a query built once per generation
        for each centre and radius: every search around one place and radius (another
        condition, filter, order or page) shares it, and finding the grid cells it covers
        cost more than running it (~2 ms a search on the sample)."""

        def build() -> tantivy.Query:
            match = self._grid_for(connection, generation.watermark).within(
                latitude, longitude, radius_km
            )
            return self._geo_query(match.cell_terms, match.edge_rowids)

        circle = generation.queries.get(("circle", latitude, longitude, radius_km), build)
        assert circle is not None
        return circle

    def _circle_size(
        self, connection: sqlite3.Connection, generation: _Generation, near: GeoFilter
    ) -> int:
        """The number of trials with a site within the query's radius, counted once per
        generation for each centre and radius (as :meth:`_circle` is built)."""
        assert near.radius_km is not None
        latitude, longitude, radius_km = near.latitude, near.longitude, near.radius_km

        def count() -> int:
            circle = self._circle(connection, generation, latitude, longitude, radius_km)
            counted = generation.searcher.search(circle, 1, count=True)
            return int(counted.count or 0)  # type: ignore[attr-defined]  # not in the stub

        return generation.circle_sizes.get((latitude, longitude, radius_km), count)

    def _geo_query(self, cells: Sequence[int], rowids: Sequence[int]) -> tantivy.Query:
        parts = [
            part
            for part in (
                _any_term(self._schema, "geo_cell", cells),
                _any_term(self._schema, "rowid", rowids),
            )
            if part is not None
        ]
        if not parts:
            return _nothing()
        within = tantivy.Query.boolean_query([(tantivy.Occur.Should, part) for part in parts])
        return tantivy.Query.const_score_query(within, 0.0)

    # ------------------------------------------------------------------ pages

    def _ranked_page(
        self,
        searcher: tantivy.Searcher,
        matching: tantivy.Query,
        query: SearchQuery,
        *,
        count: bool = False,
    ) -> tuple[list[tuple[tantivy.DocAddress, float | None]], int]:
        """The page's hits, best first (or newest), and the number of matches when
        ``count`` (0 otherwise: without a count Tantivy can skip what cannot rank)."""
        ranked = query.sort == "relevance" and has_text(query)
        result = searcher.search(
            matching,
            query.limit,
            count=count,
            order_by_field=None if ranked else "recency",
            offset=query.offset,
        )
        hits = [(address, float(score) if ranked else None) for score, address in result.hits]
        return hits, (result.count or 0) if count else 0  # type: ignore[attr-defined]  # not in the stub

    def _distance_page(
        self,
        connection: sqlite3.Connection,
        generation: _Generation,
        matching: tantivy.Query,
        named_in: Sequence[tantivy.Query],
        query: SearchQuery,
        near: GeoFilter,
        total: int,
        fetched: tantivy.SearchResult | None = None,
    ) -> list[tuple[tantivy.DocAddress, float | None]]:
        """Matches ordered by their nearest site, then (without a radius) matches with
        no site at all, newest first. ``sort="distance"`` is strictly nearest first;
        the default near a place (``"near"``) is the nearest band first, the better
        match first within a band (:mod:`~trialfinder.search.nearness`), among matches
        of one quality.

        ``named_in`` (empty but for ``"near"``) are the parts of the matches that name
        every searched concept in ever wider fields (``_NAMED_IN``: the title, then a
        title, condition, keyword or treatment), each holding the one before: the
        trials named in the first come first, then those of the next, ..., then the
        matches that only mention a concept in a summary or the criteria ("no
        uncontrolled high blood pressure"). With no more than :data:`_SORT_ALL_MATCHES`
        matches, each is instead the unscored set of the trials naming the concepts in
        those fields, matches or not: only the matches (named by rowid) are looked up
        in it. ``fetched``: every match, scored, when :meth:`_run` already has them."""
        searcher = generation.searcher
        wanted = query.offset + query.limit
        grid = self._grid_for(connection, generation.watermark)
        radii = (near.radius_km,) if near.radius_km is not None else _EXPANDING_RADII_KM
        ordered: list[tantivy.DocAddress] = []
        if total <= _SORT_ALL_MATCHES:
            # Few matches: fetch them all and order those with a site (the others
            # follow below). Sites in one city share its centroid, so equal distances
            # are common: the better match comes first among them (PostgreSQL orders
            # them the same way).
            first = fetched if fetched is not None else searcher.search(matching, max(1, total))
            addresses = [address for _, address in first.hits]
            scores = np.asarray([float(score) for score, _ in first.hits], dtype=np.float64)
            rowids = self._rowids(searcher, addresses)
            distances = grid.distances(near.latitude, near.longitude, rowids, near.radius_km)
            relevance = -scores if has_text(query) else np.zeros(len(addresses))
            quality = np.full(len(addresses), len(named_in))
            # Which matches a tier holds is asked of the matches alone, named by rowid:
            # the matches' own query (the text, its filters and the circle) would be
            # evaluated again with the tier's, over every trial the text names
            # (Tantivy's union of the text's phrases is filled a window of 4,096
            # documents at a time, so the circle hardly lets it skip). The two tiers
            # cost 0.41 -> 0.19 ms a search on the sample, 0.76 -> 0.43 at 10,000. The
            # matches are named only when there is a tier to ask (a strict distance order
            # or a search without text has none).
            among = (
                _any_term(self._schema, "rowid", rowids.tolist())
                if named_in and len(rowids)
                else None
            )
            for level in reversed(range(len(named_in) if among is not None else 0)):
                tier = _all_of([named_in[level], among])
                assert tier is not None
                # Membership only: an order by a fast field scores nothing.
                named = searcher.search(tier, len(rowids), order_by_field="recency")
                named_rowids = self._rowids(searcher, [address for _, address in named.hits])
                quality[np.isin(rowids, named_rowids)] = level
            if query.sort == "near":
                bands = distance_bands(distances)
                order = np.lexsort((rowids, distances, relevance, bands, quality))
            else:
                order = np.lexsort((rowids, relevance, distances, quality))
            ordered = [addresses[index] for index in order if np.isfinite(distances[index])]
        else:
            banded = query.sort == "near" and has_text(query)
            for tier in (*named_in, matching):
                matches = total if near.radius_km is not None and tier is matching else None
                shown = {(address.segment_ord, address.doc) for address in ordered}
                if banded:
                    found = self._best_by_band(
                        connection, generation, grid, tier, near, wanted + len(ordered)
                    )
                else:
                    found = self._nearest_ordered(
                        grid, searcher, tier, near, radii, wanted + len(ordered), matches
                    )
                ordered.extend(
                    address for address in found if (address.segment_ord, address.doc) not in shown
                )
                if len(ordered) >= wanted:
                    break
        page = ordered[query.offset : wanted]
        if near.radius_km is None and len(page) < query.limit:
            siteless = _all_of(
                [matching, tantivy.Query.term_query(self._schema, "has_site", False)]
            )
            assert siteless is not None
            result = searcher.search(
                siteless,
                query.limit - len(page),
                order_by_field="recency",
                offset=max(0, query.offset - len(ordered)),
            )
            page.extend(address for _, address in result.hits)
        return [(address, None) for address in page]

    def _best_by_band(
        self,
        connection: sqlite3.Connection,
        generation: _Generation,
        grid: SiteGrid,
        matching: tantivy.Query,
        near: GeoFilter,
        wanted: int,
    ) -> list[tantivy.DocAddress]:
        """At least ``wanted`` of the matches with a site (all of them when fewer), the
        nearest band first and the better match first within a band, then the nearer
        site (:mod:`~trialfinder.search.nearness`): each band's best matches are the
        best of the circle out to its edge that no nearer band holds."""
        searcher = generation.searcher
        ordered: list[tantivy.DocAddress] = []
        shown: set[tuple[int, int]] = set()
        for radius in band_radii(near.radius_km, MAX_DISTANCE_KM + 1.0):
            if radius > MAX_DISTANCE_KM:
                circle = tantivy.Query.term_query(self._schema, "has_site", True)
            else:
                circle = self._circle(connection, generation, near.latitude, near.longitude, radius)
            banded = _all_of([matching, circle])
            assert banded is not None
            hits = _best_first(searcher, banded, wanted)
            addresses = [address for _, address in hits]
            rowids = self._rowids(searcher, addresses)
            distances = grid.distances(near.latitude, near.longitude, rowids)
            scores = np.asarray([-float(score) for score, _ in hits], dtype=np.float64)
            for index in np.lexsort((rowids, distances, scores)):
                address = addresses[index]
                key = (address.segment_ord, address.doc)
                if key not in shown and np.isfinite(distances[index]):
                    shown.add(key)
                    ordered.append(address)
            if len(ordered) >= wanted:
                break
        return ordered

    def _rowids(
        self, searcher: tantivy.Searcher, addresses: Sequence[tantivy.DocAddress]
    ) -> np.ndarray[Any, np.dtype[np.int64]]:
        values = searcher.fast_field_values("rowid", list(addresses)) if addresses else []
        return np.asarray(values, dtype=np.int64)

    def _nearest_ordered(
        self,
        grid: SiteGrid,
        searcher: tantivy.Searcher,
        matching: tantivy.Query,
        near: GeoFilter,
        radii: Sequence[float],
        wanted: int,
        matches: int | None,
    ) -> list[tantivy.DocAddress]:
        """At least ``wanted`` of the matches nearest first (all of them when fewer),
        looking out to each radius in turn until enough are found."""
        ordered: list[tantivy.DocAddress] = []
        for radius in radii:
            limit = wanted * _NEAREST_CANDIDATES_PER_RESULT
            nearest = grid.nearest(near.latitude, near.longitude, radius, limit=limit)
            ordered = self._nearest_matching(searcher, matching, nearest, wanted, matches)
            if len(ordered) < wanted and not nearest.complete:
                nearest = grid.nearest(near.latitude, near.longitude, radius)
                ordered = self._nearest_matching(searcher, matching, nearest, wanted, matches)
            if len(ordered) >= wanted:
                break
        return ordered

    def _nearest_matching(
        self,
        searcher: tantivy.Searcher,
        matching: tantivy.Query,
        nearest: Nearest,
        wanted: int,
        matches: int | None,
    ) -> list[tantivy.DocAddress]:
        """The first ``wanted`` of the nearest trials that match the query, nearest
        first and the better match first at equal distance, trying candidates in
        chunks sized by the share of them expected to match (``matches`` of them, when
        known). A chunk never ends inside a run of equal distances, so the order is
        the one of ordering every match at once."""
        rowids, distances = nearest.rowids, nearest.distances
        size = max(_DISTANCE_CHUNK_MINIMUM, wanted * _DISTANCE_CHUNK_FACTOR)
        if matches:
            size = max(size, 2 * wanted * len(rowids) // matches)
        while True:
            end = min(size, len(rowids))
            if end:
                end = int(np.searchsorted(distances, distances[end - 1], side="right"))
            chunk = rowids[:end]
            restricted = _all_of([matching, self._geo_query((), chunk.tolist())])
            assert restricted is not None
            found = searcher.search(restricted, max(1, len(chunk)))
            ordered = _in_order(searcher, found, chunk, distances)
            if len(ordered) >= wanted or end >= len(rowids):
                return ordered
            size *= _DISTANCE_CHUNK_FACTOR

    def _facets_of(
        self, generation: _Generation, query: SearchQuery, text: TextQuery, matching: tantivy.Query
    ) -> Facets:
        """The facets of ``matching``, the match set of ``query`` with ``text``, counted
        once per generation."""
        encoded = generation.facets.get(
            _match_set_key(query, text),
            lambda: msgspec.msgpack.encode(self._facets(generation.searcher, matching)),
        )
        return msgspec.msgpack.decode(encoded, type=Facets)

    def _kept_facets(
        self, generation: _Generation, query: SearchQuery, text: TextQuery
    ) -> Facets | None:
        """The facets of the match set of ``query`` with ``text`` when they were counted
        in this generation (None: not yet, or the query asks for none)."""
        if not query.facets:
            return None
        encoded = generation.facets.kept(_match_set_key(query, text))
        return None if encoded is None else msgspec.msgpack.decode(encoded, type=Facets)

    def _fetched_facets(
        self,
        generation: _Generation,
        query: SearchQuery,
        text: TextQuery,
        fetched: tantivy.SearchResult,
    ) -> Facets:
        """The number and (when the query asks for them) facets of the matches, all of
        them ``fetched``: the facets counted over those trials named by rowid, which are
        the same set as :meth:`_counted` counts."""
        if not query.facets:
            return Facets(counted=int(fetched.count or 0))  # type: ignore[attr-defined]  # not in the stub
        searcher = generation.searcher

        def named() -> tantivy.Query:
            rowids = self._rowids(searcher, [address for _, address in fetched.hits])
            return _any_term(self._schema, "rowid", rowids.tolist()) or _nothing()

        encoded = generation.facets.get(
            _match_set_key(query, text),
            lambda: msgspec.msgpack.encode(self._facets(searcher, named())),
        )
        return msgspec.msgpack.decode(encoded, type=Facets)

    def _facets(self, searcher: tantivy.Searcher, matching: tantivy.Query) -> Facets:
        """Exact counts per value over every match, and the number of matches: every
        trial has one status code (0 when unknown), so its buckets add up to the total."""
        columns = [
            *(name + _CODE for name in _CODED_FACETS),
            *(name + _MASK for name in _MASKED_FACETS),
            _COUNTRY_CODE,
            _COUNTRY_NAMES,
        ]
        aggregations = {
            column: {"terms": {"field": column, "size": _FACET_BUCKETS}} for column in columns
        }
        counted = searcher.aggregate(matching, aggregations)
        counters: dict[str, Counter[str]] = {name: Counter() for name in FACET_FIELDS}
        total = 0
        for column in columns:
            for bucket in counted.get(column, {}).get("buckets", []):
                key, count = bucket["key"], int(bucket["doc_count"])
                if column == _STATUS_CODE:
                    total += count
                for name, value in _facet_values(column, key):
                    counters[name][value] += count
        values = {
            name: dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))
            for name, counter in counters.items()
        }
        return Facets(counted=total, **values)

    def _hits(
        self,
        generation: _Generation,
        page: Sequence[tuple[tantivy.DocAddress, float | None]],
        near: GeoFilter | None,
        shown: Set[str],
        *,
        others: bool,
    ) -> list[SearchHit]:
        """The page's hits but those ``shown``; near a place, with each one's nearest
        site (and with ``others``, every other site by distance). The nearest distance
        comes from the site grid, so a record is only split to find its site at that
        point."""
        searcher = generation.searcher
        decoded = [
            (_HIT_DECODER.decode(bytes(searcher.doc(address).get_first("hit") or b"")), score)
            for address, score in page
        ]
        kept = [(hit, score) for hit, score in decoded if hit.nct_id not in shown]
        stored = [hit for hit, _ in kept]
        sites: dict[int, list[SiteDistance]] = {}
        if near is not None:
            rowids = [hit.rowid for hit in stored]
            records = self._source.records(rowids)
            if others:
                sites = {
                    rowid: site_distances(stored_sites(record), near, others=True)
                    for rowid, record in records
                }
            else:
                grid = self._grid_for(self._connection, generation.watermark)
                points = grid.nearest_points(
                    near.latitude, near.longitude, np.asarray(rowids, dtype=np.int64)
                )
                nearest = dict(zip(rowids, points, strict=True))
                sites = {
                    rowid: nearest_stored_site(record, near, nearest[rowid])
                    for rowid, record in records
                }
        return [
            search_hit(
                (hit.nct_id, hit.status, hit.phases, hit.display, hit.last_updated),
                score,
                sites.get(hit.rowid, []),
            )
            for hit, score in kept
        ]

    # ------------------------------------------------------------------ site grid

    def _grid_for(self, connection: sqlite3.Connection, seen: int | None = None) -> SiteGrid:
        """The site grid as of the current watermark: the saved one (mapped, shared
        with every process), patched with the trials changed since it was saved.

        ``seen``: the watermark of the searcher asking (its generation's). A grid
        already as new as that is the one the search's matches were found in, and is
        given without asking the database again: a search near a place asked it for
        its watermark once for the searcher, then again for the grid of its distance
        page and of its hits' nearest sites (~7 reads a page through relaxation tiers,
        ~0.02 ms each). An older grid is brought up to the current watermark as before."""
        with self._lock:
            grid = self._grid
            if (
                seen is not None
                and grid is not None
                and self._grid_seq >= seen
                and not grid.needs_rebuild()
            ):
                return grid
            watermark = _watermark(connection)
            if self._grid is None or self._grid.needs_rebuild():
                self._grid, self._grid_seq = self._saved_grid(connection)
            if self._grid_seq < watermark:
                self._grid.update(self._changed_points(connection, self._grid_seq))
                self._grid_seq = watermark
            return self._grid

    def _saved_grid(self, connection: sqlite3.Connection) -> tuple[SiteGrid, int]:
        """The grid file beside the index, built (by one process, the others wait and
        map it) when it is missing or so far behind that patching it costs more."""
        path = self.path / _GRID_FILE
        saved = self._current_grid_file(connection, path)
        if saved is not None:
            return saved
        with _FileLock(self._lock_path):
            saved = self._current_grid_file(connection, path)
            if saved is not None:
                return saved
            grid, watermark = self._rebuilt_grid(connection, SiteGrid.open(path))
            try:
                grid.save(path, watermark)
            except OSError:
                return grid, watermark  # a read-only index directory: kept in this process
        del grid
        return_freed_memory()
        return self._current_grid_file(connection, path) or self._rebuilt_grid(connection, None)

    def _rebuilt_grid(
        self, connection: sqlite3.Connection, saved: tuple[SiteGrid, int] | None
    ) -> tuple[SiteGrid, int]:
        """The grid as of the watermark: a saved one that fell behind with the trials
        changed since folded into its main array (only those records are read), or,
        with none saved, built from the record of every indexed trial."""
        connection.execute("BEGIN")
        try:
            watermark = _watermark(connection)
            if saved is None:
                grid = self._grid_from_records(connection)
            else:
                grid, saved_seq = saved
                grid.update(self._changed_points(connection, saved_seq))
                grid = grid.merged()
        finally:
            connection.execute("COMMIT")
        return grid, watermark

    def _changed_points(
        self, connection: sqlite3.Connection, after: int
    ) -> dict[int, list[tuple[float, float]]]:
        """The site coordinates of the trials indexed after change ``after``, read from
        their records (a trial no longer stored has none)."""
        rowids = [
            rowid
            for (rowid,) in connection.execute(
                "SELECT trial_rowid FROM search_site WHERE change_seq > ?", (after,)
            )
        ]
        points: dict[int, list[tuple[float, float]]] = {rowid: [] for rowid in rowids}
        for start in range(0, len(rowids), _GRID_BATCH_ROWS):
            points.update(self._points_of(rowids[start : start + _GRID_BATCH_ROWS]))
        return points

    def _points_of(self, rowids: Sequence[int]) -> dict[int, list[tuple[float, float]]]:
        """The site coordinates of the stored trials among ``rowids``, from their records."""
        return {rowid: stored_points(record) for rowid, record in self._source.records(rowids)}

    def _grid_from_records(self, connection: sqlite3.Connection) -> SiteGrid:
        """The site grid of every indexed trial, its coordinates decoded from the records
        (only their site points: ~0.05 ms a registry study) a batch at a time, so that
        what is held besides the grid's arrays stays small."""
        rowids = [
            rowid
            for (rowid,) in connection.execute(
                "SELECT trial_rowid FROM search_site ORDER BY trial_rowid"
            )
        ]
        rowid_parts: list[npt.NDArray[np.int64]] = []
        coordinate_parts: list[npt.NDArray[np.float64]] = []
        for start in range(0, len(rowids), _GRID_BATCH_ROWS):
            points = self._points_of(rowids[start : start + _GRID_BATCH_ROWS])
            counts = np.fromiter(map(len, points.values()), np.int64, len(points))
            rowid_parts.append(np.repeat(np.fromiter(points, np.int64, len(points)), counts))
            coordinate_parts.append(
                np.fromiter(
                    (value for sites in points.values() for point in sites for value in point),
                    np.float64,
                    2 * int(counts.sum()),
                )
            )
        del rowids
        coordinates = np.concatenate(coordinate_parts or [np.zeros(0)]).reshape(-1, 2)
        sites = np.concatenate(rowid_parts or [np.zeros(0, dtype=np.int64)])
        del coordinate_parts, rowid_parts
        grid = SiteGrid(coordinates[:, 0].copy(), coordinates[:, 1].copy(), sites)
        del coordinates, sites
        return_freed_memory()
        return grid

    def _current_grid_file(
        self, connection: sqlite3.Connection, path: Path
    ) -> tuple[SiteGrid, int] | None:
        saved = SiteGrid.open(path)
        if saved is None:
            return None
        grid, watermark = saved
        (behind,) = connection.execute(
            "SELECT count(*) FROM search_site WHERE change_seq > ?", (watermark,)
        ).fetchone()
        return None if grid.needs_rebuild(int(behind)) else saved


def _text_and_filters_key(query: SearchQuery, text: TextQuery) -> tuple[object, ...]:
    """The query's text (``text``: its own or a relaxation of it) and filters; not its
    place, named trials, order or page: what its Tantivy query is built from."""
    return (
        text,
        query.condition,
        query.intervention,
        query.statuses,
        query.phases,
        query.study_type,
        query.sex,
        query.age_bounds,
        query.healthy_volunteers,
        query.intervention_types,
        query.funder_types,
    )


def _match_set_key(query: SearchQuery, text: TextQuery) -> tuple[object, ...]:
    """What decides which trials match within one generation: text, filters, the
    radius around a place and the trials named (a place without a radius only
    orders); not the order or the page."""
    near = query.near
    radius = None
    if near is not None and near.radius_km is not None:
        radius = (near.latitude, near.longitude, near.radius_km)
    return (*_text_and_filters_key(query, text), radius, query.nct_ids)


def _nothing() -> tantivy.Query:
    """Matches no trial (text whose every word is unknown, an empty radius)."""
    return tantivy.Query.empty_query()


def _in_order(
    searcher: tantivy.Searcher,
    result: tantivy.SearchResult,
    rowids: np.ndarray[Any, np.dtype[np.int64]],
    distances: np.ndarray[Any, np.dtype[np.float64]],
) -> list[tantivy.DocAddress]:
    """The hits in the order of their rowids in ``rowids`` (nearest first), the
    higher score first among equal distances (hits not in ``rowids`` dropped)."""
    # Read once: each read of ``result.hits`` converts every hit again (indexing it per
    # hit cost ~120 ms for a page among ~2,000 matches at 600,000 studies).
    hits = result.hits
    addresses = [address for _, address in hits]
    if not addresses or not len(rowids):
        return []
    scores = np.asarray([float(score) for score, _ in hits], dtype=np.float64)
    found = np.asarray(searcher.fast_field_values("rowid", addresses), dtype=np.int64)
    order = np.argsort(rowids, kind="stable")
    places = np.minimum(np.searchsorted(rowids, found, sorter=order), len(rowids) - 1)
    positions = order[places]
    kept = np.flatnonzero(rowids[positions] == found)
    positions = positions[kept]
    ranked = kept[np.lexsort((kept, positions, -scores[kept], distances[positions]))]
    return [addresses[int(index)] for index in ranked]


def _best_first(
    searcher: tantivy.Searcher, matching: tantivy.Query, wanted: int
) -> list[tuple[float, tantivy.DocAddress]]:
    """The ``wanted`` best-scoring matches, and every match scoring as the last of
    them: a cut inside a run of equal scores would pick among them by index order,
    not by distance as the whole order does."""
    wanted = max(1, wanted)
    limit = wanted
    while True:
        hits = [(float(score), address) for score, address in searcher.search(matching, limit).hits]
        if len(hits) < limit or hits[-1][0] != hits[wanted - 1][0]:
            return hits
        limit *= 2


def _all_of(parts: Iterable[tantivy.Query | None]) -> tantivy.Query | None:
    present = [part for part in parts if part is not None]
    if not present:
        return None
    if len(present) == 1:
        return present[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, part) for part in present])


def _any_term(
    schema: tantivy.Schema, field: str, values: Sequence[str] | Sequence[int]
) -> tantivy.Query | None:
    """The documents holding any of these terms (None: no term given).

    A term set query walks the field's term dictionary on every search (~0.3 ms for a
    circle's few cells on the 298 studies of the sample, more as the store grows): up
    to :data:`_TERMS_LOOKED_UP` terms are looked up one by one instead (~2-5 µs each),
    which matches the same documents (0.5 against 1.7 ms for 256 trials named by rowid
    at 20,000 studies; a term set is cheaper from ~500 terms)."""
    if not values:
        return None
    if len(values) == 1:
        return tantivy.Query.term_query(schema, field, values[0])
    if len(values) > _TERMS_LOOKED_UP:
        return tantivy.Query.term_set_query(schema, field, list(values))
    return tantivy.Query.boolean_query(
        [(tantivy.Occur.Should, tantivy.Query.term_query(schema, field, value)) for value in values]
    )


def _rows_by_rowid(
    connection: sqlite3.Connection, select: str, rowids: Sequence[int]
) -> Iterator[tuple[int, bytes]]:
    """``select`` (``SELECT rowid, x FROM trials``) for the given rowids, in chunks."""
    for start in range(0, len(rowids), 500):
        chunk = msgspec.json.encode(list(rowids[start : start + 500])).decode()
        yield from connection.execute(
            f"{select} WHERE rowid IN (SELECT value FROM json_each(?))", (chunk,)
        )


def _watermark(connection: sqlite3.Connection) -> int:
    row = connection.execute("SELECT value FROM state WHERE key = ?", (_WATERMARK_KEY,)).fetchone()
    return int(row[0]) if row is not None else 0


def _ensure_index_id(connection: sqlite3.Connection) -> str:
    """The store's index identity: an index directory with another one is rebuilt."""
    select = "SELECT value FROM state WHERE key = ?"
    row = connection.execute(select, (_INDEX_ID_KEY,)).fetchone()
    if row is None:
        connection.execute(
            "INSERT INTO state (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
            (_INDEX_ID_KEY, uuid.uuid4().hex),
        )
        row = connection.execute(select, (_INDEX_ID_KEY,)).fetchone()
    return str(row[0])


def _reset_index_tables(connection: sqlite3.Connection) -> None:
    """Forget what was indexed: the next catch-up indexes every trial."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        connection.execute("DELETE FROM search_site")
        connection.execute("DELETE FROM search_location")
        connection.execute("DELETE FROM search_place_name")
        connection.execute("DELETE FROM state WHERE key = ?", (_WATERMARK_KEY,))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


def _place_ids(
    connection: sqlite3.Connection, places: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], int]:
    """Every known place's id (a few thousand rows), the given ones added when new."""
    connection.executemany(
        "INSERT INTO search_place_name (country, city) VALUES (?, ?) ON CONFLICT DO NOTHING", places
    )
    return {
        (country, city): number
        for number, country, city in connection.execute(
            "SELECT id, country, city FROM search_place_name"
        )
    }


def _store_indexed(
    connection: sqlite3.Connection, rows: Sequence[_SiteRow], watermark: int
) -> None:
    """After a Tantivy commit: sites, place counts and the watermark, in one transaction."""
    connection.execute("BEGIN IMMEDIATE")
    try:
        latest = {row.rowid: row for row in rows}
        ids = _place_ids(connection, {place for row in latest.values() for place in row.places})
        names = {number: place for place, number in ids.items()}
        places: Counter[tuple[str, str]] = Counter()
        for _, blob in _rows_by_rowid(
            connection, "SELECT trial_rowid, places FROM search_site", list(latest)
        ):
            places.subtract(names[number] for number in place_ids_unpacked(blob))
        for row in latest.values():
            places.update(row.places)
        connection.executemany(
            "INSERT INTO search_site (trial_rowid, change_seq, places) VALUES (?, ?, ?)"
            " ON CONFLICT (trial_rowid) DO UPDATE SET change_seq = excluded.change_seq,"
            " places = excluded.places",
            (
                (
                    row.rowid,
                    row.change_seq,
                    place_ids_packed(ids[place] for place in row.places),
                )
                for row in latest.values()
            ),
        )
        connection.executemany(
            "INSERT INTO search_location (country, city, trials) VALUES (?, ?, ?)"
            " ON CONFLICT (country, city) DO UPDATE SET trials = trials + excluded.trials",
            ((country, city, count) for (country, city), count in places.items() if count),
        )
        connection.execute("DELETE FROM search_location WHERE trials <= 0")
        connection.execute(
            "INSERT INTO state (key, value) VALUES (?, ?)"
            " ON CONFLICT (key) DO UPDATE SET"
            " value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))",
            (_WATERMARK_KEY, watermark),
        )
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise


class _FileLock:
    """An exclusive advisory lock on a file, released when the process dies."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: Any = None

    def __enter__(self) -> None:
        self._handle = self.path.open("a")
        fcntl.flock(self._handle, fcntl.LOCK_EX)

    def __exit__(self, *_: object) -> None:
        fcntl.flock(self._handle, fcntl.LOCK_UN)
        self._handle.close()
