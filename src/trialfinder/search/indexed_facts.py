"""What is indexed about a trial, computed from its record alone.

Both search backends index the same facts: Tantivy beside a SQLite store
(:mod:`trialfinder.search.sqlite_index`), tsvectors and filter tags in a
PostgreSQL store (:mod:`trialfinder.search.postgres_index`); results, facets and
distances are built here the same way for both.
"""

from __future__ import annotations

import datetime
import math
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, Final, NamedTuple

import msgspec

from trialfinder.model import GeoPoint, Trial
from trialfinder.places import (
    bounding_box,
    haversine_km,
    nearest_site,
    nearest_sites,
    normalise_city,
    normalise_country,
)
from trialfinder.search.query import GeoFilter, SearchQuery
from trialfinder.search.results import Facets, SearchHit, SiteDistance
from trialfinder.search.text import fold_negated
from trialfinder.store.records import decompress_bytes, decompress_parts
from trialfinder.vocabulary import load_vocabulary

__all__ = [
    "FACET_FIELDS",
    "FACET_LIMIT",
    "RANK_WINDOW",
    "SEQUENCE_BITS",
    "condition_headings",
    "day_number",
    "facets_from_rows",
    "filter_tags",
    "has_text",
    "index_entry",
    "intervention_headings",
    "nearest_km",
    "nearest_stored_site",
    "points_blob",
    "points_from_blob",
    "search_hit",
    "site_distances",
    "stored_points",
    "stored_sites",
    "trial_facts",
]

FACET_FIELDS = (
    "status",
    "phase",
    "study_type",
    "sex",
    "intervention_type",
    "funder_type",
    "country",
)


def points_blob(points: Sequence[tuple[float, float]]) -> bytes:
    return array("d", [coordinate for point in points for coordinate in point]).tobytes()


def points_from_blob(blob: bytes) -> list[tuple[float, float]]:
    values = array("d")
    values.frombytes(blob)
    return list(zip(values[0::2], values[1::2], strict=True))


# What is indexed about a trial, computed from the record alone; the PostgreSQL
# store indexes the same facts with the filter tags below.

# PostgreSQL ranks windows of this many of the most recent matches...
RANK_WINDOW = 2_000
# ...and counts facets over at most this many matches (SQLite counts all of them).
FACET_LIMIT = 10_000
# Geographic tag cells are this many per degree (half a degree: about 55 km north-south).
_CELLS_PER_DEGREE = 2
# A radius whose bounding box covers more cells than this is not pre-filtered by cell.
_MAX_QUERY_CELLS = 400
# Ages are tagged in months up to 2**_AGE_LEVELS - 1 (170 years) as dyadic intervals.
_AGE_LEVELS = 11
_MAX_AGE_MONTHS = (1 << _AGE_LEVELS) - 1
SEQUENCE_BITS = 32
_LIST_SEPARATOR = "|"
_HEALTHY_VOLUNTEERS_TAG = "healthyvolunteers"


class _Facts(NamedTuple):
    """A trial's indexed text columns and facet values."""

    # title, conditions, condition MeSH, interventions, intervention MeSH, keywords,
    # summary + description, criteria
    columns: tuple[str, ...]
    intervention_types: tuple[str, ...]
    funder_types: tuple[str, ...]
    points: list[tuple[float, float]]  # distinct valid site coordinates
    places: frozenset[tuple[str, str]]  # (country, city), city "" for the country itself
    last_updated: str | None


@lru_cache(maxsize=65_536)
def _place(country: str | None, city: str | None, located: bool) -> tuple[str | None, str | None]:
    normalised = normalise_country(country)
    if normalised is None:
        return None, None
    return normalised.name, normalise_city(city, normalised.code, located=located)


def _joined(values: Iterable[str | None]) -> str:
    return " ; ".join(value for value in values if value)


# Kinds of term a registry condition may be written in to name its heading: MeSH's own, a
# clinician's shorthand or a spelling ("Pre-XDR-TB", "Leukaemia"), another vocabulary's exact
# synonym; not people's words ("sugar") nor drug or gene names.
# Interventions whose names are drugs' (a device or procedure named "…olol" is no beta blocker).
_DRUG_TYPES = frozenset({"DRUG", "BIOLOGICAL", "COMBINATION_PRODUCT"})
_CONDITION_KINDS = ("preferred", "entry", "abbreviation", "spelling", "synonym")


@lru_cache(maxsize=65_536)
def _broader_headings(name: str, *, written_as_condition: bool) -> tuple[str, ...]:
    """The MeSH disease headings above a condition, from the vocabulary's tree: above its
    heading when ``name`` is one (a registry MeSH term), or above the one disease descriptor a
    condition written in MeSH's or a clinician's words names ("Knee Osteoarthritis",
    "Pre-XDR-TB"), that heading first."""
    vocabulary = load_vocabulary()
    readings = [
        reading
        for reading in vocabulary.lookup(name)
        if reading.kind in (_CONDITION_KINDS if written_as_condition else ("preferred",))
        # Indexed under a disease or mental disorder heading, as the registry's browse is.
        and reading.concept.names_a_disease()
    ]
    if len(readings) != 1:
        return ()
    concept = readings[0].concept
    above = [ancestor.name for ancestor in vocabulary.ancestors(concept.id)]
    return (concept.name, *above) if written_as_condition else tuple(above)


def condition_headings(trial: Trial) -> list[str]:
    """The MeSH headings a trial's conditions are indexed under: the registry's terms and
    their ancestors, so that "inflammatory bowel disease" finds a Crohn disease trial.

    Many records carry condition MeSH terms but no ancestors (59 of the 298 sample trials,
    among them the Crohn and ulcerative colitis trials), and some no MeSH terms at all: the
    registry's browse leaves them out, and a search for a broader disease then missed them.
    The vocabulary's MeSH tree completes what the record lacks; what the record has is kept
    as it is (its ancestors are the registry's own reading of the same tree).
    """
    terms = [mesh.term for mesh in (*trial.condition_meshes, *trial.condition_mesh_ancestors)]
    if trial.condition_mesh_ancestors:
        return terms
    if trial.condition_meshes:
        broader = [
            heading
            for mesh in trial.condition_meshes
            for heading in _broader_headings(mesh.term, written_as_condition=False)
        ]
    else:
        broader = [
            heading
            for condition in trial.conditions
            for heading in _broader_headings(condition, written_as_condition=True)
        ]
    return list(dict.fromkeys([*terms, *broader]))


def intervention_headings(trial: Trial) -> list[str]:
    """The MeSH headings a trial's treatments are indexed under: the registry's terms and
    their ancestors, and the drug class each named drug's INN stem says it belongs to
    (:meth:`~trialfinder.vocabulary.Vocabulary.stem_class`: "Saruparib" → *Poly(ADP-ribose)
    Polymerase Inhibitors*), so a search for a class finds the trials of its members too new
    for MeSH to list."""
    vocabulary = load_vocabulary()
    terms = [mesh.term for mesh in (*trial.intervention_meshes, *trial.intervention_mesh_ancestors)]
    classes = (
        vocabulary.stem_class(name)
        for intervention in trial.interventions
        if intervention.type in _DRUG_TYPES
        for name in (intervention.name, *intervention.other_names)
    )
    return list(dict.fromkeys([*terms, *(found.name for found in classes if found is not None)]))


def _distinct_points(points: Iterable[GeoPoint | None]) -> list[tuple[float, float]]:
    """The valid coordinates among a trial's site points, each once, in site order."""
    return list(
        dict.fromkeys(
            (point.lat, point.lon)
            for point in points
            if point is not None and -90.0 <= point.lat <= 90.0 and -180.0 <= point.lon <= 180.0
        )
    )


def trial_facts(trial: Trial) -> _Facts:
    sites = {
        (location.country, location.city, location.geo_point is not None)
        for location in trial.locations
    }
    places: set[tuple[str, str]] = set()
    for country, city in map(_place, *zip(*sites, strict=True)) if sites else ():
        if country is not None:
            places.add((country, ""))
            if city:
                places.add((country, city))
    # A negated "metastatic" or "squamous" is one word in the index as in a query
    # (fold_negated).
    columns = (
        fold_negated(
            _joined((trial.nct_id, trial.brief_title, trial.official_title, trial.acronym))
        ),
        fold_negated(_joined(trial.conditions)),
        _joined(condition_headings(trial)),
        _joined(
            name
            for intervention in trial.interventions
            for name in (intervention.name, *intervention.other_names)
        ),
        _joined((*intervention_headings(trial),)),
        fold_negated(_joined(trial.keywords)),
        fold_negated(_joined((trial.brief_summary, trial.detailed_description))),
        fold_negated(trial.eligibility.criteria_text or ""),
    )
    return _Facts(
        columns=columns,
        intervention_types=tuple(
            sorted({intervention.type for intervention in trial.interventions if intervention.type})
        ),
        funder_types=tuple(trial.funder_types),
        points=_distinct_points(location.geo_point for location in trial.locations),
        places=frozenset(places),
        last_updated=trial.source_last_updated
        or (trial.last_update_posted_date.date if trial.last_update_posted_date else None),
    )


def day_number(date_text: str | None) -> int:
    """Days since year 1 of an ISO date of any precision; 0 when unknown or malformed."""
    if not date_text:
        return 0
    parts = date_text.split("-")
    try:
        numbers = [int(part) for part in parts[:3]] + [1, 1]
        return datetime.date(numbers[0], numbers[1], numbers[2]).toordinal()
    except ValueError:
        return 0


def has_text(query: SearchQuery) -> bool:
    return bool(query.text_query or query.condition_query or query.intervention_query)


def _tag(prefix: str, value: str) -> str:
    """One alphanumeric token per filter value."""
    return prefix + re.sub(r"[^a-z0-9]", "", value.lower())


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


class _Entry(NamedTuple):
    """A trial as the PostgreSQL index stores it."""

    columns: tuple[str, ...]  # the _Facts columns, then the tags
    last_updated: str | None
    doc: tuple[object, ...]
    places: frozenset[tuple[str, str]]


def index_entry(trial: Trial) -> _Entry:
    facts = trial_facts(trial)
    eligibility = trial.eligibility
    tags: list[str] = []
    if trial.overall_status:
        tags.append(_tag("status", trial.overall_status))
    tags.extend(_tag("phase", phase) for phase in trial.phases)
    if trial.study_type:
        tags.append(_tag("type", trial.study_type))
    if eligibility.sex:
        tags.append(_tag("sex", eligibility.sex))
    if eligibility.healthy_volunteers:
        tags.append(_HEALTHY_VOLUNTEERS_TAG)
    tags.extend(_tag("itype", value) for value in facts.intervention_types)
    tags.extend(_tag("funder", value) for value in facts.funder_types)
    tags.extend(
        _age_tags(
            _age_months(eligibility.minimum_age.years, upper=False),
            _age_months(eligibility.maximum_age.years, upper=True),
        )
    )
    scale = _CELLS_PER_DEGREE
    cells = {(int((lat + 90.0) * scale), int((lon + 180.0) * scale)) for lat, lon in facts.points}
    tags.extend(sorted({_cell_tag(*_clamped_cell(row, column)) for row, column in cells}))
    doc = (
        trial.nct_id,
        facts.last_updated,
        trial.overall_status,
        trial.study_type,
        eligibility.sex,
        " ".join(trial.phases),
        " ".join(facts.intervention_types),
        _LIST_SEPARATOR.join(facts.funder_types),
        _LIST_SEPARATOR.join(sorted({country for country, _ in facts.places})),
        msgspec.json.encode((trial.title, trial.conditions)),
        points_blob(facts.points),
    )
    return _Entry(
        columns=(*facts.columns, " ".join(tags)),
        last_updated=facts.last_updated,
        doc=doc,
        places=facts.places,
    )


def filter_tags(query: SearchQuery) -> list[list[str]]:
    """The query's filters as tag sets: a trial passes when it has a tag of every set
    (the PostgreSQL index stores the tags)."""
    tag_sets: list[list[str]] = [
        [_tag("status", status) for status in query.statuses],
        [_tag("phase", phase) for phase in query.phases],
        [_tag("type", query.study_type)] if query.study_type else [],
        [_tag("sex", query.sex), _tag("sex", "ALL")] if query.sex else [],
        _age_query_tags(query.age_years) if query.age_years is not None else [],
        [_HEALTHY_VOLUNTEERS_TAG] if query.healthy_volunteers else [],
        [_tag("itype", value) for value in query.intervention_types],
        [_tag("funder", value) for value in query.funder_types],
        _query_cells(query.near),
    ]
    return [tags for tags in tag_sets if tags]


def _query_cells(near: GeoFilter | None) -> list[str]:
    """Cells that may hold a site within the radius (empty: do not pre-filter)."""
    if near is None or near.radius_km is None:
        return []
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


def nearest_km(blob: bytes, near: GeoFilter) -> float | None:
    distances = [
        haversine_km(near.latitude, near.longitude, latitude, longitude)
        for latitude, longitude in points_from_blob(blob)
    ]
    return min(distances) if distances else None


# One decoder for every hit: ``msgspec.json.decode(..., type=...)`` looks the type up
# again on each call (3x the decoding of a hit's ~100-byte display, ~0.02 ms a page).
_DISPLAY_DECODER: Final = msgspec.json.Decoder(tuple[str, list[str]])


def search_hit(doc: Sequence[Any], score: float | None, sites: Sequence[SiteDistance]) -> SearchHit:
    """A hit from ``(nct_id, status, phases, display, last_updated)`` as the indexes
    store them."""
    nct_id, status, phases, display, last_updated = doc
    title, conditions = _DISPLAY_DECODER.decode(display)
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


def stored_sites(record: bytes) -> _TrialSites:
    return decompress_parts(record, _TrialSites)


class _SitePoint(msgspec.Struct, frozen=True, rename="camel", gc=False):
    """Only a site's point, named as it is stored."""

    geo_point: GeoPoint | None = None


class _TrialPoints(msgspec.Struct, gc=False):
    """Only the site points of a stored record."""

    locations: list[_SitePoint] = []


def stored_points(record: bytes) -> list[tuple[float, float]]:
    """A stored trial's site coordinates, exactly as :func:`trial_facts` gives them, with
    only the points decoded from its record: what the site grid is built from (the
    store keeps each point once, in the record)."""
    return _distinct_points(
        location.geo_point for location in decompress_parts(record, _TrialPoints).locations
    )


class _SiteFields(msgspec.Struct, frozen=True, rename="camel", gc=False):
    """What a :class:`SiteDistance` shows of a :class:`Location`, named as it is stored:
    no contacts, and not tracked by the garbage collector (4x faster to decode than
    Location for a trial with ~900 sites: 1.0 against 4.1 ms)."""

    facility: str | None = None
    status: str | None = None
    city: str | None = None
    state: str | None = None
    country: str | None = None
    geo_point: GeoPoint | None = None


class _TrialSites(msgspec.Struct):
    """Only the sites of a stored record: decoding a whole trial for them costs ~10x."""

    locations: list[_SiteFields] = []


_SITE_DECODER = msgspec.json.Decoder(_SiteFields)


def nearest_stored_site(
    record: bytes, near: GeoFilter, points: Sequence[tuple[float, float]]
) -> list[SiteDistance]:
    """A stored trial's nearest site, when the coordinates of its nearest sites are
    already known (the site grid measures them, exactly as :func:`haversine_km` on
    the same float64 coordinates): the record's sites are split, not decoded; the
    first one holding one of those points (as the store's encoder writes them) is
    the only one decoded. What :func:`site_distances` gives without ``others`` (the
    registry's first site among equal distances) at a fraction of the cost for a
    trial with hundreds of sites. A record without a site at those points (it changed
    after the grid was read) is measured whole; no points give no site."""
    if not points:
        return []
    wanted = set(points)
    site = _first_site_at(decompress_bytes(record), wanted)
    if site is not None and site.geo_point is not None:
        point = site.geo_point
        distance = haversine_km(near.latitude, near.longitude, point.lat, point.lon)
        return [_site_distance(site, distance)]
    return site_distances(stored_sites(record), near, others=False)


def _first_site_at(text: bytes, points: set[tuple[float, float]]) -> _SiteFields | None:
    """The record's first site at one of ``points``, found in its JSON without
    splitting the sites (a trial near every place has hundreds: splitting them cost
    ~0.5 ms a hit at 600,000 studies, most of a near-a-place page's time).

    A site ends with its point (``geoPoint`` is a site's last field as the store
    writes it): the first place the point is written is found, and the site is the
    one JSON object that ends just after it. Its opening brace is the nearest one
    before the point from which the text up to there decodes as a site: a brace in a
    string or in a contact never does (its text would hold an unbalanced quote,
    bracket or brace). None when no site is written so (the caller measures them all)."""
    start = text.find(b'"locations":[')
    if start < 0:
        return None
    written = [
        b'"geoPoint":{"lat":%s,"lon":%s}}' % (msgspec.json.encode(lat), msgspec.json.encode(lon))
        for lat, lon in points
    ]
    found = [(text.find(point, start), len(point)) for point in written]
    at, length = min(((at, length) for at, length in found if at >= 0), default=(-1, 0))
    if at < 0:
        return None
    end = at + length
    # Views, not copies: a site name of many braces costs one failed decode each.
    view = memoryview(text)
    opening = text.rfind(b"{", start, at)
    while opening >= start:
        try:
            site = _SITE_DECODER.decode(view[opening:end])
        except msgspec.DecodeError:
            opening = text.rfind(b"{", start, opening)
            continue
        point = site.geo_point
        return site if point is not None and (point.lat, point.lon) in points else None
    return None


def site_distances(
    trial: _TrialSites, near: GeoFilter, *, others: bool = True
) -> list[SiteDistance]:
    """A trial's sites, nearest first; without ``others``, the nearest one only (what
    a results page shows: measured without sorting, nothing built for the rest)."""
    if not others:
        nearest = nearest_site(trial.locations, near.latitude, near.longitude)
        return [] if nearest is None else [_site_distance(*nearest)]
    return [
        _site_distance(location, distance)
        for location, distance in nearest_sites(trial.locations, near.latitude, near.longitude)
    ]


def _site_distance(location: _SiteFields, distance: float) -> SiteDistance:
    point = location.geo_point
    return SiteDistance(
        distance_km=round(distance, 3),
        facility=location.facility,
        city=location.city,
        state=location.state,
        country=location.country,
        status=location.status,
        latitude=point.lat if point is not None else None,
        longitude=point.lon if point is not None else None,
    )


def facets_from_rows(rows: Iterable[Sequence[Any]]) -> Facets:
    """Facets from ``(status, study_type, sex, phases, intervention_types, funder_types,
    countries, count)`` rows as the PostgreSQL index stores them."""
    counters: dict[str, Counter[str]] = {name: Counter() for name in FACET_FIELDS}
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
