"""Search: the query model, text analysis and paging, independent of any database.

A :class:`SearchQuery` is validated once, here, so every front end (CLI, web,
API) rejects the same bad input with the same :class:`QueryError` naming the
offending parameter. User text is turned into a :class:`TextQuery` (groups of
alternative phrases after synonym expansion and stopword removal); each store
renders that into its own engine's syntax, so no user character ever reaches a
full-text engine's query language. Stores implement ``search``,
``facet_counts`` and ``locations`` (see :class:`SearchStore`).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Literal, Protocol

import msgspec

from trialfinder.geo import UnknownPlaceError, parse_distance, resolve_place

__all__ = [
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
    "SearchHit",
    "SearchQuery",
    "SearchResult",
    "SearchStore",
    "SiteDistance",
    "SortOrder",
    "TextQuery",
    "Vocabulary",
    "build_query",
    "decode_page_token",
    "encode_page_token",
    "informative_groups",
    "load_vocabulary",
    "locations",
    "next_page_token",
    "parse_nct_ids",
    "parse_text",
    "render_locations_text",
    "render_result_text",
    "search",
]

SortOrder = Literal["relevance", "distance", "updated"]

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
_FUNDER_SPELLINGS = {
    "industry": "Industry",
    "nih": "NIH",
    "fed": "U.S. Fed",
    "us fed": "U.S. Fed",
    "u s fed": "U.S. Fed",
    "other gov": "Other U.S. Fed",
    "other us fed": "Other U.S. Fed",
    "other u s fed": "Other U.S. Fed",
    "individual": "Individual",
    "indiv": "Individual",
    "network": "Network",
    "other": "Other",
}
_PHASE_SPELLINGS = {
    "early phase 1": "EARLY_PHASE1",
    "early phase1": "EARLY_PHASE1",
    "early 1": "EARLY_PHASE1",
    "early1": "EARLY_PHASE1",
    "phase 0": "EARLY_PHASE1",
    "0": "EARLY_PHASE1",
    "na": "NA",
    "n a": "NA",
    "not applicable": "NA",
    **{f"phase {number}": f"PHASE{number}" for number in "1234"},
    **{f"phase{number}": f"PHASE{number}" for number in "1234"},
    **{number: f"PHASE{number}" for number in "1234"},
}

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
# Text with more groups than this is read as a description (a patient note):
# any of its informative terms may match, instead of all of them.
SHORT_QUERY_GROUPS = 6
# Longer text is cut here: nothing useful for matching comes after 10,000 words.
_MAX_WORDS = 10_000
_MAX_TEXT_CHARACTERS = 100_000
_MAX_AGE_YEARS = 150.0
_WORD = re.compile(r"[^\W_]+")
# A long description keeps at most this many of its rarest terms.
_MAX_DESCRIPTION_GROUPS = 8
# Terms in more than this share of trials say little about which trial is meant.
_COMMON_TERM_SHARE = 0.2


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


# --------------------------------------------------------------------------- vocabulary


class Vocabulary(msgspec.Struct, frozen=True):
    """The data file ``synonyms.json``: synonym groups and stopwords."""

    version: str
    synonym_groups: list[list[str]]
    stopwords: list[str]
    description: str = ""

    @classmethod
    def from_dict(cls, data: object) -> Vocabulary:
        """Validate the file: phrases must already be in normalised form."""
        vocabulary = msgspec.convert(data, cls)
        for group in vocabulary.synonym_groups:
            if len(group) < 2:
                raise ValueError(f"synonyms.json: a group needs two or more phrases: {group}")
            for phrase in [*group]:
                if " ".join(_words(phrase)) != phrase:
                    raise ValueError(f"synonyms.json: {phrase!r} is not lowercase words")
        for word in vocabulary.stopwords:
            if _words(word) != [word]:
                raise ValueError(f"synonyms.json: stopword {word!r} is not one lowercase word")
        return vocabulary

    def to_dict(self) -> dict[str, object]:
        return msgspec.to_builtins(self)  # type: ignore[no-any-return]


class _PhraseIndex:
    """Synonym phrases by their words, for longest-match lookup in query text."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        alternatives: dict[tuple[str, ...], set[str]] = {}
        for group in vocabulary.synonym_groups:
            for phrase in group:
                alternatives.setdefault(tuple(phrase.split()), set()).update(group)
        self.alternatives = {
            words: tuple(sorted(phrases)) for words, phrases in alternatives.items()
        }
        self.longest = max((len(words) for words in alternatives), default=1)
        self.stopwords = frozenset(vocabulary.stopwords)


def load_vocabulary() -> Vocabulary:
    """The synonym and stopword lists shipped with trialfinder."""
    raw = resources.files("trialfinder").joinpath("data", "synonyms.json").read_bytes()
    return Vocabulary.from_dict(msgspec.json.decode(raw))


@cache
def _phrase_index() -> _PhraseIndex:
    return _PhraseIndex(load_vocabulary())


def _words(text: str) -> list[str]:
    """Lowercase words without accents: what both the index and the query compare."""
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return _WORD.findall("".join(char for char in folded if not unicodedata.combining(char)))


class TextQuery(msgspec.Struct, frozen=True):
    """Analysed user text: each group is a set of alternative phrases (words joined
    by single spaces); ``match_all`` asks for every group, otherwise any group
    may match and the store keeps the most informative ones."""

    groups: tuple[tuple[str, ...], ...] = ()
    match_all: bool = True

    def __bool__(self) -> bool:
        return bool(self.groups)


def parse_text(text: str) -> TextQuery:
    """Split text into words, expand synonyms (longest phrase first), drop stopwords."""
    index = _phrase_index()
    words = _words(text)[:_MAX_WORDS]
    groups: list[tuple[str, ...]] = []
    position = 0
    while position < len(words):
        for length in range(min(index.longest, len(words) - position), 0, -1):
            key = tuple(words[position : position + length])
            found = index.alternatives.get(key)
            if found is not None:
                groups.append(found)
                position += length
                break
        else:
            word = words[position]
            if word not in index.stopwords:
                groups.append((word,))
            position += 1
    unique = tuple(dict.fromkeys(groups))
    return TextQuery(groups=unique, match_all=len(unique) <= SHORT_QUERY_GROUPS)


def informative_groups(
    groups: Sequence[tuple[str, ...]],
    frequency: Callable[[tuple[str, ...]], int],
    trials: int,
) -> list[tuple[str, ...]]:
    """The rarest groups present in the index, common ones dropped, at most a few, in
    query order; ``frequency`` is how many of the ``trials`` contain a group.

    A long description ORed word by word would match nearly every trial and make
    the engine score them all; its rare words are what identify the trials meant.
    """
    measured = [(frequency(group), index, group) for index, group in enumerate(groups)]
    present = [item for item in measured if item[0] > 0]
    informative = [item for item in present if item[0] <= trials * _COMMON_TERM_SHARE]
    chosen = sorted(informative or present)[:_MAX_DESCRIPTION_GROUPS]
    return [group for _, _, group in sorted(chosen, key=lambda item: item[1])]


# --------------------------------------------------------------------------- the query


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
    healthy_volunteers: bool = False
    intervention_types: tuple[str, ...] = ()
    funder_types: tuple[str, ...] = ()
    near: GeoFilter | None = None
    # Only these trials (NCT ids, upper case), when given.
    nct_ids: tuple[str, ...] = ()
    sort: SortOrder = "relevance"
    limit: int = DEFAULT_LIMIT
    offset: int = 0

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
            or self.healthy_volunteers
            or self.intervention_types
            or self.funder_types
            or self.nct_ids
            or (self.near is not None and self.near.radius_km is not None)
        )

    def fingerprint(self) -> str:
        """Identifies what is asked, not which page: page tokens carry it."""
        asked = msgspec.structs.replace(self, offset=0, limit=DEFAULT_LIMIT)
        return hashlib.blake2b(msgspec.json.encode(asked), digest_size=8).hexdigest()


def _all_groups(text_query: TextQuery) -> TextQuery:
    """Condition and intervention fields name one thing: all their words must match."""
    return TextQuery(groups=text_query.groups, match_all=True)


def _choices(
    parameter: str, values: Iterable[str], allowed: Sequence[str], spellings: Mapping[str, str]
) -> tuple[str, ...]:
    chosen: list[str] = []
    by_key = {" ".join(_words(value)): value for value in allowed}
    for value in values:
        key = " ".join(_words(value))
        if not key:
            continue
        canonical = spellings.get(key) or by_key.get(key)
        if canonical is None:
            names = ", ".join(value.lower() for value in allowed)
            raise QueryError(parameter, f"unknown value {value!r}; use one of: {names}")
        if canonical not in chosen:
            chosen.append(canonical)
    return tuple(chosen)


@cache  # built once per vocabulary (the tuples above), not on every query: ~0.1 ms each
def _enum_spellings(values: tuple[str, ...]) -> dict[str, str]:
    return {" ".join(_words(value.replace("_", " "))): value for value in values}


def _checked_text(parameter: str, text: str | None) -> str:
    if text is None:
        return ""
    if len(text) > _MAX_TEXT_CHARACTERS:
        raise QueryError(parameter, f"longer than {_MAX_TEXT_CHARACTERS:,} characters")
    return text.strip()


def build_query(
    text: str | None = None,
    *,
    condition: str | None = None,
    intervention: str | None = None,
    statuses: Iterable[str] = (),
    phases: Iterable[str] = (),
    study_type: str | None = None,
    sex: str | None = None,
    age: str | float | None = None,
    healthy_volunteers: bool = False,
    intervention_types: Iterable[str] = (),
    funder_types: Iterable[str] = (),
    near: str | None = None,
    within: str | None = None,
    nct_ids: Iterable[str] = (),
    sort: str | None = None,
    limit: int | str | None = None,
    page_token: str | None = None,
) -> SearchQuery:
    """Validate raw user input (CLI options, URL parameters) into a :class:`SearchQuery`.

    Raises :class:`QueryError` naming the parameter for anything unusable, including
    an unknown ``near`` place (the message lists suggestions).
    """
    geo: GeoFilter | None = None
    if near is not None and near.strip():
        try:
            place = resolve_place(near)
        except UnknownPlaceError as error:
            raise QueryError("near", str(error)) from error
        except ValueError as error:
            raise QueryError("near", str(error)) from error
        radius_km: float | None = None
        if within is not None and within.strip():
            try:
                radius_km = parse_distance(within).kilometres
            except ValueError as error:
                raise QueryError("within", str(error)) from error
        geo = GeoFilter(
            latitude=place.latitude,
            longitude=place.longitude,
            label=place.label,
            radius_km=radius_km,
        )
    elif within is not None and within.strip():
        raise QueryError("within", "needs a place: give near as well")
    chosen_sort = _sort_order(sort, geo)
    query = SearchQuery(
        text=_checked_text("text", text),
        condition=_checked_text("cond", condition),
        intervention=_checked_text("intr", intervention),
        statuses=_choices("status", statuses, STATUSES, _enum_spellings(STATUSES)),
        phases=_choices("phase", phases, PHASES, {**_enum_spellings(PHASES), **_PHASE_SPELLINGS}),
        study_type=_single("type", study_type, STUDY_TYPES),
        sex=_single("sex", sex, SEXES),
        age_years=_age(age),
        healthy_volunteers=healthy_volunteers,
        intervention_types=_choices(
            "intervention_type",
            intervention_types,
            INTERVENTION_TYPES,
            _enum_spellings(INTERVENTION_TYPES),
        ),
        funder_types=_choices("funder", funder_types, FUNDER_TYPES, _FUNDER_SPELLINGS),
        near=geo,
        nct_ids=parse_nct_ids(nct_ids),
        sort=chosen_sort,
        limit=_limit(limit),
    )
    if page_token:
        query = msgspec.structs.replace(query, offset=decode_page_token(page_token, query))
    return query


_NCT_ID = re.compile(r"NCT\d{8}")


def parse_nct_ids(values: Iterable[str]) -> tuple[str, ...]:
    """Distinct NCT ids, upper case, in the order given; QueryError for anything else."""
    chosen: dict[str, None] = {}
    for value in values:
        nct_id = value.strip().upper()
        if not _NCT_ID.fullmatch(nct_id):
            raise QueryError("ids", f"not an NCT id: {value[:60]!r} (NCT and 8 digits)")
        chosen[nct_id] = None
    return tuple(chosen)


def _single(parameter: str, value: str | None, allowed: tuple[str, ...]) -> str | None:
    if value is None:
        return None
    chosen = _choices(parameter, [value], allowed, _enum_spellings(allowed))
    return chosen[0] if chosen else None


def _sort_order(sort: str | None, geo: GeoFilter | None) -> SortOrder:
    if sort is None or not sort.strip():
        return "relevance"
    key = sort.strip().lower()
    if key == "relevance":
        return "relevance"
    if key == "updated":
        return "updated"
    if key == "distance":
        if geo is None:
            raise QueryError("sort", "sorting by distance needs a place: give near as well")
        return "distance"
    raise QueryError("sort", f"unknown value {sort!r}; use relevance, distance or updated")


def _age(age: str | float | None) -> float | None:
    if age is None or (isinstance(age, str) and not age.strip()):
        return None
    try:
        years = float(age)
    except ValueError:
        raise QueryError("age", f"not a number of years: {age!r}") from None
    if not 0.0 <= years <= _MAX_AGE_YEARS:
        raise QueryError("age", f"must be between 0 and {_MAX_AGE_YEARS:g} years, not {age!r}")
    return years


def _limit(limit: int | str | None) -> int:
    if limit is None or (isinstance(limit, str) and not limit.strip()):
        return DEFAULT_LIMIT
    try:
        value = int(limit)
    except ValueError:
        raise QueryError("limit", f"not a whole number: {limit!r}") from None
    if not 1 <= value <= MAX_LIMIT:
        raise QueryError("limit", f"must be between 1 and {MAX_LIMIT}, not {value}")
    return value


# --------------------------------------------------------------------------- page tokens


class _PageToken(msgspec.Struct, frozen=True):
    query: str
    offset: int


def encode_page_token(query: SearchQuery, offset: int) -> str:
    """An opaque token for the page starting at ``offset`` of this query's results."""
    payload = msgspec.json.encode(_PageToken(query=query.fingerprint(), offset=offset))
    return base64.urlsafe_b64encode(payload).decode().rstrip("=")


def decode_page_token(token: str, query: SearchQuery) -> int:
    """The offset a token points at; QueryError if it is malformed or from another query."""
    try:
        padded = token.strip() + "=" * (-len(token.strip()) % 4)
        decoded = msgspec.json.decode(base64.urlsafe_b64decode(padded), type=_PageToken)
    except (binascii.Error, ValueError, msgspec.DecodeError):
        raise QueryError("page_token", "not a page token from this search") from None
    if decoded.query != query.fingerprint():
        raise QueryError(
            "page_token", "this page token belongs to a different search; start from page one"
        )
    if decoded.offset < 0:
        raise QueryError("page_token", "not a page token from this search")
    return decoded.offset


def next_page_token(query: SearchQuery, total: int, shown: int) -> str | None:
    end = query.offset + shown
    return encode_page_token(query, end) if shown and end < total else None


# --------------------------------------------------------------------------- results


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

    def to_dict(self) -> dict[str, object]:
        """The public JSON shape: ``total``, ``results``, ``facets``, ``next_page_token``."""
        return {
            "total": self.total,
            "results": [hit.to_dict() for hit in self.hits],
            "facets": msgspec.to_builtins(self.facets),
            "next_page_token": self.next_page_token,
        }


class LocationCount(msgspec.Struct, frozen=True):
    """A country (or a city in one) and how many trials have a site there."""

    name: str
    trials: int


class SearchStore(Protocol):
    """What a store offers search (declared on :class:`trialfinder.store.base.Store`)."""

    def search(self, query: SearchQuery) -> SearchResult: ...

    def facet_counts(self, query: SearchQuery) -> Facets: ...

    def locations(self, country: str | None = None) -> list[LocationCount]: ...


def search(store: SearchStore, query: SearchQuery) -> SearchResult:
    """Run a validated query against a store."""
    return store.search(query)


def locations(store: SearchStore, country: str | None = None) -> list[LocationCount]:
    """Countries with trial counts, or with ``country`` the cities in it."""
    return store.locations(country)


_DISTANCE_NOTE = (
    "Distances are to registry coordinates, which are city centroids, not site addresses."
)


def _site_line(site: SiteDistance) -> str:
    where = ", ".join(part for part in (site.facility, site.city, site.state, site.country) if part)
    return f"{site.distance_km:,.1f} km  {where}"


def render_result_text(result: SearchResult, *, other_sites: int = 3) -> str:
    """Plain-text results for the terminal: one block per trial, nearest site first."""
    lines = [f"{result.total:,} trials" + (f" near {result.place}" if result.place else "")]
    if result.place:
        lines.append(_DISTANCE_NOTE)
    for hit in result.hits:
        phases = "/".join(hit.phases) or "-"
        lines.append("")
        lines.append(f"{hit.nct_id}  {hit.status or 'UNKNOWN'}  {phases}  {hit.title}")
        if hit.conditions:
            lines.append(f"  conditions: {'; '.join(hit.conditions)}")
        if hit.nearest_site is not None:
            lines.append(f"  nearest site: {_site_line(hit.nearest_site)}")
            for site in hit.other_sites[:other_sites]:
                lines.append(f"  also: {_site_line(site)}")
            if len(hit.other_sites) > other_sites:
                lines.append(f"  and {len(hit.other_sites) - other_sites} more sites")
    if result.next_page_token:
        lines.append("")
        lines.append(f"More: --page-token {result.next_page_token}")
    return "\n".join(lines)


def render_locations_text(counts: Sequence[LocationCount], country: str | None) -> str:
    """ "Trials by location": countries (or one country's cities) with trial counts."""
    if not counts:
        return f"No trial sites recorded in {country}." if country else "No trial sites recorded."
    heading = f"Cities in {country}" if country else "Countries"
    width = max(len(count.name) for count in counts)
    return "\n".join(
        [
            f"{heading} (trials):",
            *(f"  {count.name:<{width}}  {count.trials:>7,}" for count in counts),
        ]
    )
