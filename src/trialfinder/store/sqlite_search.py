"""The SQLite search index: FTS5 for text and filters, a row per trial for display.

Kept in step with the trials table by the store: :func:`unindex_trial` runs
before a stored record is replaced and :func:`index_trials` after, inside the
same transaction, so the index never disagrees with the records.

Design (numbers in docs/search.md):

* One contentless FTS5 table. Text columns carry BM25 weights; a ``tags``
  column (weight 0) holds one token per filter value (status, phase, sex,
  intervention and funder type, age ranges as dyadic intervals, half-degree
  geographic cells), so every filter is evaluated inside FTS5, in C, and
  ``count(*)`` needs no join. Contentless keeps the text out of the database
  (the records already hold it); deleting a trial's postings therefore needs
  its indexed text, recomputed from the stored record before it is replaced.
* The FTS rowid (``doc_id``) is the trial's last-update day in the high bits
  and a sequence number in the low 32, so rowid order *is* "most recently
  updated first": empty queries and ``--sort updated`` stop after one page.
* BM25 is computed for a bounded window of the most recently updated matches
  (exact whenever a query matches fewer trials than the window); facets count
  at most ``FACET_LIMIT`` matches and say how many they counted.
"""

from __future__ import annotations

import datetime
import math
import re
import sqlite3
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any, NamedTuple

import msgspec

from trialfinder.geo import haversine_km, nearest_sites, normalise_city, normalise_country
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

__all__ = [
    "FACET_LIMIT",
    "MIGRATIONS",
    "RANK_WINDOW",
    "facet_counts",
    "facets_from_rows",
    "filter_tags",
    "fts_match_expression",
    "index_trials",
    "informative_groups",
    "locations",
    "optimize_index",
    "search",
    "search_hit",
    "site_distances",
    "unindex_trial",
]

_TEXT_COLUMNS = (
    "title",
    "conditions",
    "condition_mesh",
    "interventions",
    "intervention_mesh",
    "keywords",
    "summary",
    "criteria",
)
_COLUMNS = (*_TEXT_COLUMNS, "tags")
# A condition named in the title or condition list outranks a mention in the criteria.
_WEIGHTS = (10.0, 10.0, 8.0, 5.0, 4.0, 5.0, 1.5, 0.5, 0.0)
_CONDITION_COLUMNS = ("title", "conditions", "condition_mesh", "keywords")
_INTERVENTION_COLUMNS = ("title", "interventions", "intervention_mesh")

# BM25 ranks this many of the most recently updated matches (all of them when fewer).
RANK_WINDOW = 2_000
# Facets count at most this many matches (the most recently updated ones).
FACET_LIMIT = 10_000
# A long description keeps at most this many of its rarest terms.
_MAX_DESCRIPTION_GROUPS = 8
# Terms in more than this share of trials say little about which trial is meant.
_COMMON_TERM_SHARE = 0.2
# Geographic cells are this many per degree (half a degree: about 55 km north-south).
_CELLS_PER_DEGREE = 2
# A radius whose bounding box covers more cells than this is not pre-filtered by cell.
_MAX_QUERY_CELLS = 400
# Ages are indexed in months up to 2**_AGE_LEVELS - 1 (170 years) as dyadic intervals.
_AGE_LEVELS = 11
_MAX_AGE_MONTHS = (1 << _AGE_LEVELS) - 1
_SEQUENCE_BITS = 32

MIGRATIONS: list[Sequence[str]] = [
    (
        f"""CREATE VIRTUAL TABLE search_fts USING fts5 (
            {", ".join(_COLUMNS)},
            content = '',
            tokenize = 'porter unicode61 remove_diacritics 2'
        )""",
        "CREATE VIRTUAL TABLE search_vocab USING fts5vocab(search_fts, 'row')",
        """CREATE TABLE search_doc (
            doc_id INTEGER PRIMARY KEY,
            trial_rowid INTEGER NOT NULL UNIQUE,
            nct_id TEXT NOT NULL,
            last_updated TEXT,
            status TEXT,
            study_type TEXT,
            sex TEXT,
            phases TEXT NOT NULL,
            intervention_types TEXT NOT NULL,
            funder_types TEXT NOT NULL,
            countries TEXT NOT NULL,
            display BLOB NOT NULL,
            sites BLOB NOT NULL
        )""",
        """CREATE TABLE search_location (
            country TEXT NOT NULL,
            city TEXT NOT NULL,
            trials INTEGER NOT NULL,
            PRIMARY KEY (country, city)
        ) WITHOUT ROWID""",
        # One row: the next doc_id sequence number and how many trials are indexed.
        "CREATE TABLE search_counter (next_sequence INTEGER NOT NULL, trials INTEGER NOT NULL)",
        "INSERT INTO search_counter (next_sequence, trials) VALUES (1, 0)",
    )
]

_LIST_SEPARATOR = "|"


# --------------------------------------------------------------------------- tags


def _tag(prefix: str, value: str) -> str:
    """One alphanumeric token per filter value (FTS5 splits on anything else)."""
    return prefix + re.sub(r"[^a-z0-9]", "", value.lower())


def _status_tag(status: str) -> str:
    return _tag("status", status)


def _phase_tag(phase: str) -> str:
    return _tag("phase", phase)


def _type_tag(study_type: str) -> str:
    return _tag("type", study_type)


def _sex_tag(sex: str) -> str:
    return _tag("sex", sex)


def _intervention_type_tag(intervention_type: str) -> str:
    return _tag("itype", intervention_type)


def _funder_tag(funder_type: str) -> str:
    return _tag("funder", funder_type)


_HEALTHY_VOLUNTEERS_TAG = "healthyvolunteers"


def _age_tags(minimum_months: int, maximum_months: int) -> list[str]:
    """The canonical dyadic intervals covering [minimum, maximum] months.

    A point lies in the range exactly when one of the point's own intervals (one
    per level, see :func:`_age_query_tags`) is among these.
    """
    tags: list[str] = []
    low, high = minimum_months, maximum_months + 1  # half-open
    level = 0
    while low < high:
        if low & 1:
            tags.append(f"age{level}x{low}")
            low += 1
        if high & 1:
            high -= 1
            tags.append(f"age{level}x{high}")
        low >>= 1
        high >>= 1
        level += 1
    return tags


def _age_query_tags(age_years: float) -> list[str]:
    months = min(math.floor(round(age_years * 12.0, 6)), _MAX_AGE_MONTHS)
    return [f"age{level}x{months >> level}" for level in range(_AGE_LEVELS + 1)]


def _age_months(years: float | None, *, upper: bool) -> int:
    if years is None:
        return _MAX_AGE_MONTHS if upper else 0
    months = round(years * 12.0, 4)
    bound = math.floor(months) if upper else math.ceil(months)
    return max(0, min(bound, _MAX_AGE_MONTHS))


def _clamped_cell(row: int, column: int) -> tuple[int, int]:
    """Latitude 90 and longitude 180 fall in the last row and column, not past them."""
    return min(row, 180 * _CELLS_PER_DEGREE - 1), min(column, 360 * _CELLS_PER_DEGREE - 1)


def _cell(latitude: float, longitude: float) -> tuple[int, int]:
    return _clamped_cell(
        math.floor((latitude + 90.0) * _CELLS_PER_DEGREE),
        math.floor((longitude + 180.0) * _CELLS_PER_DEGREE),
    )


def _cell_tag(row: int, column: int) -> str:
    return f"cell{row}x{column}"


# --------------------------------------------------------------------------- indexing


class _Entry(NamedTuple):
    """Everything indexed for one trial, computed from the record alone."""

    columns: tuple[str, ...]
    last_updated: str | None
    doc: tuple[object, ...]  # search_doc values after doc_id and trial_rowid
    places: frozenset[tuple[str, str]]  # (country, city), city "" for the country itself


@lru_cache(maxsize=65_536)
def _place(country: str | None, city: str | None) -> tuple[str | None, str | None]:
    normalised = normalise_country(country)
    if normalised is None:
        return None, None
    return normalised.name, normalise_city(city, normalised.code)


def _joined(values: Iterable[str | None]) -> str:
    return " ; ".join(value for value in values if value)


def _entry(trial: Trial) -> _Entry:
    eligibility = trial.eligibility
    tags: list[str] = []
    if trial.overall_status:
        tags.append(_status_tag(trial.overall_status))
    tags.extend(_phase_tag(phase) for phase in trial.phases)
    if trial.study_type:
        tags.append(_type_tag(trial.study_type))
    if eligibility.sex:
        tags.append(_sex_tag(eligibility.sex))
    if eligibility.healthy_volunteers:
        tags.append(_HEALTHY_VOLUNTEERS_TAG)
    intervention_types = sorted(
        {intervention.type for intervention in trial.interventions if intervention.type}
    )
    tags.extend(_intervention_type_tag(value) for value in intervention_types)
    funder_types = trial.funder_types
    tags.extend(_funder_tag(value) for value in funder_types)
    tags.extend(
        _age_tags(
            _age_months(eligibility.minimum_age.years, upper=False),
            _age_months(eligibility.maximum_age.years, upper=True),
        )
    )
    points: dict[tuple[float, float], None] = {}
    sites: set[tuple[str | None, str | None]] = set()
    for location in trial.locations:
        point = location.geo_point
        if point is not None and -90.0 <= point.lat <= 90.0 and -180.0 <= point.lon <= 180.0:
            points[(point.lat, point.lon)] = None
        sites.add((location.country, location.city))
    places: set[tuple[str, str]] = set()
    for country, city in map(_place, *zip(*sites, strict=True)) if sites else ():
        if country is not None:
            places.add((country, ""))
            if city:
                places.add((country, city))
    scale = _CELLS_PER_DEGREE
    cells = {(int((lat + 90.0) * scale), int((lon + 180.0) * scale)) for lat, lon in points}
    tags.extend(sorted({_cell_tag(*_clamped_cell(row, column)) for row, column in cells}))
    columns = (
        _joined((trial.nct_id, trial.brief_title, trial.official_title, trial.acronym)),
        _joined(trial.conditions),
        _joined(mesh.term for mesh in (*trial.condition_meshes, *trial.condition_mesh_ancestors)),
        _joined(
            name
            for intervention in trial.interventions
            for name in (intervention.name, *intervention.other_names)
        ),
        _joined(
            mesh.term for mesh in (*trial.intervention_meshes, *trial.intervention_mesh_ancestors)
        ),
        _joined(trial.keywords),
        _joined((trial.brief_summary, trial.detailed_description)),
        eligibility.criteria_text or "",
        " ".join(tags),
    )
    last_updated = trial.source_last_updated or (
        trial.last_update_posted_date.date if trial.last_update_posted_date else None
    )
    doc = (
        trial.nct_id,
        last_updated,
        trial.overall_status,
        trial.study_type,
        eligibility.sex,
        " ".join(trial.phases),
        " ".join(intervention_types),
        _LIST_SEPARATOR.join(funder_types),
        _LIST_SEPARATOR.join(sorted({country for country, _ in places})),
        msgspec.json.encode((trial.title, trial.conditions)),
        array("d", [coordinate for point in points for coordinate in point]).tobytes(),
    )
    return _Entry(columns=columns, last_updated=last_updated, doc=doc, places=frozenset(places))


def _day_number(date_text: str | None) -> int:
    """Days since year 1 of an ISO date of any precision; 0 when unknown or malformed."""
    if not date_text:
        return 0
    parts = date_text.split("-")
    try:
        numbers = [int(part) for part in parts[:3]] + [1, 1]
        return datetime.date(numbers[0], numbers[1], numbers[2]).toordinal()
    except ValueError:
        return 0


_INSERT_FTS = (
    f"INSERT INTO search_fts (rowid, {', '.join(_COLUMNS)})"
    f" VALUES (?, {', '.join('?' * len(_COLUMNS))})"
)
_DELETE_FTS = (
    f"INSERT INTO search_fts (search_fts, rowid, {', '.join(_COLUMNS)})"
    f" VALUES ('delete', ?, {', '.join('?' * len(_COLUMNS))})"
)


def _count_places(
    connection: sqlite3.Connection, places: Counter[tuple[str, str]], sign: int
) -> None:
    connection.executemany(
        "INSERT INTO search_location (country, city, trials) VALUES (?, ?, ?)"
        " ON CONFLICT (country, city) DO UPDATE SET trials = trials + excluded.trials",
        ((country, city, sign * count) for (country, city), count in places.items()),
    )
    if sign < 0:
        connection.execute("DELETE FROM search_location WHERE trials <= 0")


def index_trials(connection: sqlite3.Connection, trials: Sequence[tuple[int, Trial]]) -> None:
    """Index the given (trial rowid, trial) pairs, new or just updated.

    A trial still indexed here was not passed to :func:`unindex_trial` before its
    record changed; its old postings cannot be recomputed any more, so this is
    refused rather than leaving them behind.
    """
    if not trials:
        return
    (sequence,) = connection.execute("SELECT next_sequence FROM search_counter").fetchone()
    places: Counter[tuple[str, str]] = Counter()
    fts_rows: list[tuple[object, ...]] = []
    doc_rows: list[tuple[object, ...]] = []
    for trial_rowid, trial in trials:
        entry = _entry(trial)
        doc_id = (_day_number(entry.last_updated) << _SEQUENCE_BITS) | (
            sequence % (1 << _SEQUENCE_BITS)
        )
        sequence += 1
        fts_rows.append((doc_id, *entry.columns))
        doc_rows.append((doc_id, trial_rowid, *entry.doc))
        places.update(entry.places)
    try:
        connection.executemany(
            f"INSERT INTO search_doc VALUES ({', '.join('?' * len(doc_rows[0]))})", doc_rows
        )
    except sqlite3.IntegrityError as error:
        raise RuntimeError(
            "search index out of step: unindex_trial must run before a stored trial changes"
        ) from error
    connection.executemany(_INSERT_FTS, fts_rows)
    connection.execute(
        "UPDATE search_counter SET next_sequence = ?, trials = trials + ?",
        (sequence, len(doc_rows)),
    )
    _count_places(connection, places, 1)


def unindex_trial(connection: sqlite3.Connection, trial_rowid: int) -> None:
    """Remove a trial from the index; call before its stored record is replaced."""
    row = connection.execute(
        "SELECT search_doc.doc_id, trials.record FROM search_doc"
        " JOIN trials ON trials.rowid = search_doc.trial_rowid"
        " WHERE search_doc.trial_rowid = ?",
        (trial_rowid,),
    ).fetchone()
    if row is None:
        return
    from trialfinder.store.sqlite import decompress_record

    doc_id, record = row
    entry = _entry(decompress_record(record))
    connection.execute(_DELETE_FTS, (doc_id, *entry.columns))
    connection.execute("DELETE FROM search_doc WHERE doc_id = ?", (doc_id,))
    connection.execute("UPDATE search_counter SET trials = trials - 1")
    _count_places(connection, Counter(entry.places), -1)


def optimize_index(connection: sqlite3.Connection) -> None:
    """Merge the index into one segment: worth it after a bulk load (slow, one-off)."""
    connection.execute("INSERT INTO search_fts (search_fts) VALUES ('optimize')")


# --------------------------------------------------------------------------- query rendering


def _phrase(phrase: str) -> str:
    # Phrases are words of letters and digits only (search.parse_text), so quoting
    # them is always valid FTS5 and no user character is read as syntax.
    return '"' + phrase.replace('"', "") + '"'


def _group(alternatives: Sequence[str]) -> str:
    return "(" + " OR ".join(_phrase(phrase) for phrase in alternatives) + ")"


def _in_columns(columns: Sequence[str], expression: str) -> str:
    return "{" + " ".join(columns) + "} : (" + expression + ")"


# No trial has this tag: what text whose every word is unknown to the index matches.
_NOTHING = 'tags : "nothingmatchesthis"'


def _any_tag(tags: Iterable[str]) -> str:
    return "tags : (" + " OR ".join(_phrase(tag) for tag in tags) + ")"


def _text_expression(
    connection: sqlite3.Connection, text_query: TextQuery, columns: Sequence[str]
) -> str | None:
    if not text_query:
        return None
    if text_query.match_all:
        expression = " AND ".join(_group(group) for group in text_query.groups)
    else:
        groups = _informative_groups(connection, text_query.groups)
        if not groups:
            return _NOTHING
        expression = " OR ".join(_group(group) for group in groups)
    return _in_columns(columns, expression)


def fts_match_expression(
    connection: sqlite3.Connection, query: SearchQuery, *, relaxed: bool = False
) -> str | None:
    """The FTS5 MATCH expression for a query, or None when nothing narrows it.

    ``relaxed`` lets any word of a short text match instead of all of them.
    """
    text_query = query.text_query
    if relaxed:
        text_query = TextQuery(groups=text_query.groups, match_all=False)
    parts = [
        _text_expression(connection, text_query, _TEXT_COLUMNS),
        _text_expression(connection, query.condition_query, _CONDITION_COLUMNS),
        _text_expression(connection, query.intervention_query, _INTERVENTION_COLUMNS),
    ]
    parts.extend(_any_tag(tags) for tags in filter_tags(query))
    present = [f"({part})" for part in parts if part]
    return " AND ".join(present) if present else None


def filter_tags(query: SearchQuery) -> list[list[str]]:
    """The query's filters as tag sets: a trial passes when it has a tag of every set.

    Database-independent: the PostgreSQL index stores the same tags.
    """
    tag_sets: list[list[str]] = [
        [_status_tag(status) for status in query.statuses],
        [_phase_tag(phase) for phase in query.phases],
        [_type_tag(query.study_type)] if query.study_type else [],
        [_sex_tag(query.sex), _sex_tag("ALL")] if query.sex else [],
        _age_query_tags(query.age_years) if query.age_years is not None else [],
        [_HEALTHY_VOLUNTEERS_TAG] if query.healthy_volunteers else [],
        [_intervention_type_tag(value) for value in query.intervention_types],
        [_funder_tag(value) for value in query.funder_types],
        _query_cells(query.near),
    ]
    return [tags for tags in tag_sets if tags]


def _query_cells(near: GeoFilter | None) -> list[str]:
    """Cells that may hold a site within the radius (empty: do not pre-filter)."""
    if near is None or near.radius_km is None:
        return []
    from trialfinder.geo import bounding_box

    box = bounding_box(near.latitude, near.longitude, near.radius_km)
    low_row, low_column = _cell(box.min_lat, box.min_lon)
    high_row, high_column = _cell(box.max_lat, box.max_lon)
    if (high_row - low_row + 1) * (high_column - low_column + 1) > _MAX_QUERY_CELLS:
        return []
    return [
        _cell_tag(row, column)
        for row in range(low_row, high_row + 1)
        for column in range(low_column, high_column + 1)
    ]


def _stemmed(connection: sqlite3.Connection, words: Sequence[str]) -> list[str | None]:
    """Each word as the index's tokenizer stores it (porter stem), via a scratch table."""
    connection.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_stem USING fts5 (body,"
        " tokenize = 'porter unicode61 remove_diacritics 2')"
    )
    connection.execute(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_stem_vocab"
        " USING fts5vocab(temp, search_stem, 'instance')"
    )
    connection.execute("DELETE FROM temp.search_stem")
    connection.execute(
        "INSERT INTO temp.search_stem (rowid, body) VALUES (1, ?)", (" ".join(words),)
    )
    stems: list[str | None] = [None] * len(words)
    for term, offset in connection.execute("SELECT term, offset FROM temp.search_stem_vocab"):
        if 0 <= offset < len(stems):
            stems[offset] = term
    connection.execute("DELETE FROM temp.search_stem")
    return stems


def _informative_groups(
    connection: sqlite3.Connection, groups: Sequence[tuple[str, ...]]
) -> list[tuple[str, ...]]:
    """The rarest groups that occur in the index, common ones dropped, at most a few.

    A long description ORed word by word would match nearly every trial and make
    the engine score them all; its rare words are what identify the trials meant.
    """
    words = sorted({word for group in groups for phrase in group for word in phrase.split()})
    stems = dict(zip(words, _stemmed(connection, words), strict=True))
    wanted = sorted({stem for stem in stems.values() if stem})
    frequencies: dict[str, int] = {}
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        placeholders = ",".join("?" * len(chunk))
        frequencies.update(
            connection.execute(
                f"SELECT term, doc FROM search_vocab WHERE term IN ({placeholders})", chunk
            ).fetchall()
        )
    trials = _trial_count(connection)

    def frequency(group: tuple[str, ...]) -> int:
        # A phrase is as rare as its rarest word; a group as common as its commonest phrase.
        return max(
            min(frequencies.get(stems[word] or "", 0) for word in phrase.split())
            for phrase in group
        )

    return informative_groups(groups, frequency, trials)


def informative_groups(
    groups: Sequence[tuple[str, ...]],
    frequency: Callable[[tuple[str, ...]], int],
    trials: int,
) -> list[tuple[str, ...]]:
    """The rarest present groups by ``frequency`` (trials containing them), common ones
    dropped, at most a few, in query order (shared with PostgreSQL)."""
    measured = [(frequency(group), index, group) for index, group in enumerate(groups)]
    present = [item for item in measured if item[0] > 0]
    informative = [item for item in present if item[0] <= trials * _COMMON_TERM_SHARE]
    chosen = sorted(informative or present)[:_MAX_DESCRIPTION_GROUPS]
    return [group for _, _, group in sorted(chosen, key=lambda item: item[1])]


def _trial_count(connection: sqlite3.Connection) -> int:
    return int(connection.execute("SELECT trials FROM search_counter").fetchone()[0])


# --------------------------------------------------------------------------- searching


class _Candidate(NamedTuple):
    doc_id: int
    score: float | None
    distance_km: float | None


def _sites(blob: bytes) -> Iterator[tuple[float, float]]:
    values = array("d")
    values.frombytes(blob)
    return zip(values[0::2], values[1::2], strict=True)


def _nearest_km(blob: bytes, near: GeoFilter) -> float | None:
    distances = [
        haversine_km(near.latitude, near.longitude, latitude, longitude)
        for latitude, longitude in _sites(blob)
    ]
    return min(distances) if distances else None


def _bm25() -> str:
    return f"bm25(search_fts, {', '.join(str(weight) for weight in _WEIGHTS)})"


def _has_text(query: SearchQuery) -> bool:
    return bool(query.text_query or query.condition_query or query.intervention_query)


def _count(connection: sqlite3.Connection, match: str | None) -> int:
    if match is None:
        return _trial_count(connection)
    return int(
        connection.execute(
            "SELECT count(*) FROM search_fts WHERE search_fts MATCH ?", (match,)
        ).fetchone()[0]
    )


def _recent_page(
    connection: sqlite3.Connection, match: str | None, offset: int, limit: int
) -> list[_Candidate]:
    if match is None:
        rows = connection.execute(
            "SELECT doc_id FROM search_doc ORDER BY doc_id DESC LIMIT ? OFFSET ?", (limit, offset)
        )
    else:
        rows = connection.execute(
            "SELECT rowid FROM search_fts WHERE search_fts MATCH ?"
            " ORDER BY rowid DESC LIMIT ? OFFSET ?",
            (match, limit, offset),
        )
    return [_Candidate(doc_id, None, None) for (doc_id,) in rows]


def _ranked_window(
    connection: sqlite3.Connection, match: str, window_index: int
) -> list[_Candidate]:
    rows = connection.execute(
        f"SELECT rowid, {_bm25()} FROM search_fts WHERE search_fts MATCH ?"
        " ORDER BY rowid DESC LIMIT ? OFFSET ?",
        (match, RANK_WINDOW, window_index * RANK_WINDOW),
    ).fetchall()
    ranked = sorted(rows, key=lambda row: (row[1], -row[0]))
    return [_Candidate(doc_id, -bm25, None) for doc_id, bm25 in ranked]


def _ranked_page(
    connection: sqlite3.Connection, match: str, offset: int, limit: int
) -> list[_Candidate]:
    """Relevance order: windows of the most recent matches, each ranked by BM25."""
    page: list[_Candidate] = []
    window_index, skip = divmod(offset, RANK_WINDOW)
    while len(page) < limit:
        window = _ranked_window(connection, match, window_index)
        page.extend(window[skip : skip + limit - len(page)])
        if len(window) < RANK_WINDOW:
            break
        window_index, skip = window_index + 1, 0
    return page


def _geo_candidates(
    connection: sqlite3.Connection, query: SearchQuery, match: str | None, near: GeoFilter
) -> list[_Candidate]:
    """Every match with its nearest-site distance, within the radius when one is given."""
    ranked = query.sort == "relevance" and _has_text(query)
    score = _bm25() if ranked else "NULL"
    if match is None:
        rows = connection.execute("SELECT doc_id, NULL, sites FROM search_doc")
    else:
        rows = connection.execute(
            f"SELECT search_doc.doc_id, {score}, search_doc.sites FROM search_fts"
            " JOIN search_doc ON search_doc.doc_id = search_fts.rowid"
            " WHERE search_fts MATCH ?",
            (match,),
        )
    candidates: list[_Candidate] = []
    for doc_id, bm25, blob in rows:
        distance = _nearest_km(blob, near)
        if near.radius_km is not None and (distance is None or distance > near.radius_km):
            continue
        candidates.append(_Candidate(doc_id, None if bm25 is None else -bm25, distance))
    if query.sort == "distance":
        candidates.sort(key=lambda item: (item.distance_km is None, item.distance_km, -item.doc_id))
    elif ranked:
        candidates.sort(key=lambda item: (-(item.score or 0.0), -item.doc_id))
    else:
        candidates.sort(key=lambda item: -item.doc_id)
    return candidates


def _hits(
    connection: sqlite3.Connection, page: Sequence[_Candidate], near: GeoFilter | None
) -> list[SearchHit]:
    if not page:
        return []
    ids = msgspec.json.encode([candidate.doc_id for candidate in page]).decode()
    rows = {
        row[0]: row
        for row in connection.execute(
            "SELECT doc_id, trial_rowid, nct_id, status, phases, display, last_updated"
            " FROM search_doc WHERE doc_id IN (SELECT value FROM json_each(?))",
            (ids,),
        )
    }
    sites: dict[int, list[SiteDistance]] = {}
    if near is not None:
        sites = _site_distances(connection, [row[1] for row in rows.values()], near)
    hits: list[SearchHit] = []
    for candidate in page:
        row = rows.get(candidate.doc_id)
        if row is None:
            continue
        hits.append(search_hit(row[2:], candidate.score, sites.get(row[1], [])))
    return hits


def search_hit(doc: Sequence[Any], score: float | None, sites: Sequence[SiteDistance]) -> SearchHit:
    """A hit from ``(nct_id, status, phases, display, last_updated)`` as the index stores
    them (shared with PostgreSQL)."""
    nct_id, status, phases, display, last_updated = doc
    title, conditions = msgspec.json.decode(display, type=tuple[str, list[str]])
    return SearchHit(
        nct_id=nct_id,
        title=title,
        status=status,
        phases=phases.split(),
        conditions=conditions,
        score=None if score is None else round(score, 4),
        last_updated=last_updated,
        nearest_site=sites[0] if sites else None,
        other_sites=list(sites[1:]),
    )


def _site_distances(
    connection: sqlite3.Connection, trial_rowids: Sequence[int], near: GeoFilter
) -> dict[int, list[SiteDistance]]:
    from trialfinder.store.sqlite import decompress_record

    ids = msgspec.json.encode(list(trial_rowids)).decode()
    measured: dict[int, list[SiteDistance]] = {}
    for trial_rowid, record in connection.execute(
        "SELECT rowid, record FROM trials WHERE rowid IN (SELECT value FROM json_each(?))", (ids,)
    ):
        measured[trial_rowid] = site_distances(decompress_record(record), near)
    return measured


def site_distances(trial: Trial, near: GeoFilter) -> list[SiteDistance]:
    """A trial's sites, nearest first (shared with PostgreSQL)."""
    return [
        SiteDistance(
            distance_km=round(distance, 3),
            facility=location.facility,
            city=location.city,
            state=location.state,
            country=location.country,
            status=location.status,
            latitude=location.latitude,
            longitude=location.longitude,
        )
        for location, distance in nearest_sites(trial.locations, near.latitude, near.longitude)
    ]


def search(connection: sqlite3.Connection, query: SearchQuery) -> SearchResult:
    """Run a query: total, one page of hits, facets and the next page's token."""
    match = fts_match_expression(connection, query)
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
            match = fts_match_expression(connection, query, relaxed=True)
            total = _count(connection, match)
        if match is not None and query.sort == "relevance" and _has_text(query):
            page = _ranked_page(connection, match, query.offset, query.limit)
        else:
            page = _recent_page(connection, match, query.offset, query.limit)
        facets = _facets(connection, match, None)
    hits = _hits(connection, page, near)
    return SearchResult(
        total=total,
        hits=hits,
        facets=facets,
        next_page_token=next_page_token(query, total, len(page)),
        place=near.label if near is not None else None,
    )


def facet_counts(connection: sqlite3.Connection, query: SearchQuery) -> Facets:
    """Facet counts alone, for a front end that pages without recounting."""
    return search(connection, msgspec.structs.replace(query, limit=1, offset=0)).facets


_FACET_COLUMNS = "status, study_type, sex, phases, intervention_types, funder_types, countries"


def _facets(
    connection: sqlite3.Connection, match: str | None, doc_ids: Sequence[int] | None
) -> Facets:
    """Counts per facet value over the matches (at most FACET_LIMIT, newest first)."""
    if doc_ids is not None:
        limited = msgspec.json.encode(sorted(doc_ids, reverse=True)[:FACET_LIMIT]).decode()
        rows = connection.execute(
            f"SELECT {_FACET_COLUMNS}, count(*) FROM search_doc"
            " WHERE doc_id IN (SELECT value FROM json_each(?))"
            f" GROUP BY {_FACET_COLUMNS}",
            (limited,),
        )
    elif match is None:
        rows = connection.execute(
            f"SELECT {_FACET_COLUMNS}, count(*) FROM"
            " (SELECT * FROM search_doc ORDER BY doc_id DESC LIMIT ?)"
            f" GROUP BY {_FACET_COLUMNS}",
            (FACET_LIMIT,),
        )
    else:
        rows = connection.execute(
            f"SELECT {_FACET_COLUMNS}, count(*) FROM"
            " (SELECT rowid FROM search_fts WHERE search_fts MATCH ?"
            "  ORDER BY rowid DESC LIMIT ?) AS matched"
            " JOIN search_doc ON search_doc.doc_id = matched.rowid"
            f" GROUP BY {_FACET_COLUMNS}",
            (match, FACET_LIMIT),
        )
    return facets_from_rows(rows)


def facets_from_rows(rows: Iterable[Sequence[Any]]) -> Facets:
    """Facets from ``(status, study_type, sex, phases, intervention_types, funder_types,
    countries, count)`` rows as the index stores them (shared with PostgreSQL)."""
    counters: dict[str, Counter[str]] = {
        name: Counter()
        for name in (
            "status",
            "phase",
            "study_type",
            "sex",
            "intervention_type",
            "funder_type",
            "country",
        )
    }
    counted = 0
    for status, study_type, sex, phases, itypes, funders, countries, count in rows:
        counted += count
        for name, values in (
            ("status", [status] if status else []),
            ("study_type", [study_type] if study_type else []),
            ("sex", [sex] if sex else []),
            ("phase", phases.split()),
            ("intervention_type", itypes.split()),
            ("funder_type", funders.split(_LIST_SEPARATOR) if funders else []),
            ("country", countries.split(_LIST_SEPARATOR) if countries else []),
        ):
            for value in values:
                counters[name][value] += count
    return Facets(
        counted=counted,
        **{
            name: dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))
            for name, counter in counters.items()
        },
    )


def locations(connection: sqlite3.Connection, country: str | None) -> list[LocationCount]:
    """Countries by trial count, or the cities of one country."""
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
