"""Validation: raw user input (CLI options, URL parameters) into a :class:`SearchQuery`.

Registry enumerations are matched by their folded words, so "Phase 2",
"phase2" and "PHASE2" are one value; anything unusable raises
:class:`QueryError` naming the parameter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import cache

import msgspec

from trialfinder.places import UnknownPlaceError, parse_distance, resolve_place
from trialfinder.search.paging import decode_page_token
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
from trialfinder.search.text import words
from trialfinder.search.who import read_who

__all__ = ["build_query", "parse_nct_ids"]

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

_MAX_TEXT_CHARACTERS = 100_000
_MAX_AGE_YEARS = 150.0


def _choices(
    parameter: str, values: Iterable[str], allowed: tuple[str, ...], spellings: Mapping[str, str]
) -> tuple[str, ...]:
    chosen: list[str] = []
    for value in values:
        key = " ".join(words(value))
        if not key:
            continue
        canonical = spellings.get(key) or _by_key(allowed).get(key)
        if canonical is None:
            names = ", ".join(value.lower() for value in allowed)
            raise QueryError(parameter, f"unknown value {value!r}; use one of: {names}")
        if canonical not in chosen:
            chosen.append(canonical)
    return tuple(chosen)


@cache  # like _enum_spellings: not rebuilt for every list parameter of every query
def _by_key(allowed: tuple[str, ...]) -> dict[str, str]:
    return {" ".join(words(value)): value for value in allowed}


@cache  # built once per vocabulary (the tuples above), not on every query: ~0.1 ms each
def _enum_spellings(values: tuple[str, ...]) -> dict[str, str]:
    return {" ".join(words(value.replace("_", " "))): value for value in values}


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
    read_who_words: bool = True,
) -> SearchQuery:
    """Validate raw user input (CLI options, URL parameters) into a :class:`SearchQuery`.

    Raises :class:`QueryError` naming the parameter for anything unusable, including
    an unknown ``near`` place (the message lists suggestions).

    With ``read_who_words`` the text's age and sex words ("my 8 year old", "men") set the age
    and sex fields the form left empty, as the form would, and are not searched as words
    (:mod:`trialfinder.search.who`); callers that must search the text as given (the
    registry-compatible API, "search the words as typed") turn it off.
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
    checked_text = _checked_text("text", text)
    chosen_sex = _single("sex", sex, SEXES)
    chosen_age = _age(age)
    reading = (
        read_who(checked_text, sex_set=chosen_sex is not None, age_set=chosen_age is not None)
        if read_who_words
        else None
    )
    if reading is not None:
        checked_text = reading.text
        chosen_sex = reading.sex or chosen_sex
        chosen_age = reading.age_years if reading.age_years is not None else chosen_age
    query = SearchQuery(
        text=checked_text,
        condition=_checked_text("cond", condition),
        intervention=_checked_text("intr", intervention),
        statuses=_choices("status", statuses, STATUSES, _enum_spellings(STATUSES)),
        phases=_choices("phase", phases, PHASES, {**_enum_spellings(PHASES), **_PHASE_SPELLINGS}),
        study_type=_single("type", study_type, STUDY_TYPES),
        sex=chosen_sex,
        age_years=chosen_age,
        age_span=reading.age_span if reading is not None else None,
        read_from_text=reading.read if reading is not None else (),
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
        offset = decode_page_token(page_token, query)
        query = msgspec.structs.replace(query, offset=offset, page_token=page_token)
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
    """The order asked for; unasked, near a place the nearest band first (someone who
    names a place wants the trials they can reach first, the best of them first:
    :mod:`trialfinder.search.nearness`), otherwise best match."""
    if sort is None or not sort.strip():
        return "near" if geo is not None else "relevance"
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
