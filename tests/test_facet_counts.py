"""Facet counts are exact: for text, filter and place queries, on real records in real
SQLite and PostgreSQL stores, each count equals a count made by going through every
trial the query matches; and counts kept per data generation follow a write."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator

import msgspec
import pytest

from trialfinder.model import Trial
from trialfinder.places import normalise_country
from trialfinder.search import (
    Facets,
    SearchQuery,
    build_query,
    decode_page_token,
    open_store,
    search,
)
from trialfinder.store import Store

QUERIES = [
    pytest.param({"text": "cancer"}, id="text"),
    pytest.param({"condition": "breast cancer"}, id="condition"),
    pytest.param({"text": "diabetes", "statuses": ["recruiting", "completed"]}, id="text+status"),
    pytest.param({"text": "cancer", "phases": ["2", "3"], "sex": "female"}, id="text+filters"),
    pytest.param({"statuses": ["recruiting"], "age": "62"}, id="filters"),
    pytest.param({"near": "Seoul", "within": "50km"}, id="place"),
    pytest.param({"text": "cancer", "near": "Lyon, France", "within": "300km"}, id="text+place"),
    pytest.param(
        {"text": "cancer", "near": "Boston", "within": "100km", "sort": "distance"},
        id="text+place by distance",
    ),
]


@pytest.fixture(scope="module")
def store(loaded_store_url: str) -> Iterator[Store]:
    """Every real record, once on SQLite and once on PostgreSQL (read-only)."""
    opened = open_store(loaded_store_url)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def trials_by_id(store: Store) -> dict[str, Trial]:
    return {trial.nct_id: trial for trial in store.iter_trials()}


def query_of(options: dict[str, object]) -> SearchQuery:
    return build_query(**{"limit": 100, **options})  # type: ignore[arg-type]


def matched_ids(store: Store, query: SearchQuery) -> list[str]:
    """Every trial the query matches, page after page."""
    found: list[str] = []
    while True:
        result = search(store, query)
        found.extend(hit.nct_id for hit in result.hits)
        if result.next_page_token is None:
            return found
        offset = decode_page_token(result.next_page_token, query)
        query = msgspec.structs.replace(query, offset=offset)


def counted_one_by_one(trials: Iterable[Trial]) -> Facets:
    """The facets of ``trials``, counted trial by trial."""
    counters: dict[str, Counter[str]] = {name: Counter() for name in _FACET_NAMES}
    total = 0
    for trial in trials:
        total += 1
        counters["status"].update([trial.overall_status] if trial.overall_status else [])
        counters["phase"].update(set(trial.phases))
        counters["study_type"].update([trial.study_type] if trial.study_type else [])
        counters["sex"].update([trial.eligibility.sex] if trial.eligibility.sex else [])
        counters["intervention_type"].update({i.type for i in trial.interventions if i.type})
        counters["funder_type"].update(set(trial.funder_types))
        countries = (normalise_country(location.country) for location in trial.locations)
        counters["country"].update({country.name for country in countries if country})
    return Facets(counted=total, **{name: dict(counter) for name, counter in counters.items()})


_FACET_NAMES = ("status", "phase", "study_type", "sex", "intervention_type", "funder_type")
_FACET_NAMES += ("country",)


@pytest.mark.parametrize("options", QUERIES)
def test_facet_counts_equal_a_count_over_every_matched_trial(
    store: Store, trials_by_id: dict[str, Trial], options: dict[str, object]
) -> None:
    query = query_of(options)
    result = search(store, query)
    ids = matched_ids(store, query)
    assert len(ids) == len(set(ids)) == result.total > 0
    expected = counted_one_by_one(trials_by_id[nct_id] for nct_id in ids)
    # PostgreSQL counts only the newest FACET_LIMIT matches; the real records are fewer.
    assert result.facets == expected


@pytest.mark.parametrize("options", QUERIES)
def test_asking_again_or_for_another_page_or_order_gives_the_same_counts(
    store: Store, options: dict[str, object]
) -> None:
    first = search(store, query_of(options))
    again = search(store, query_of(options))
    second_page = search(store, msgspec.structs.replace(query_of(options), offset=5, limit=5))
    newest = search(store, query_of({**options, "sort": "updated"}))
    assert again.facets == second_page.facets == newest.facets == first.facets
    assert second_page.total == newest.total == first.total


def test_counts_kept_for_a_query_follow_the_trials_written_since(
    store_url: str, trials_by_id: dict[str, Trial]
) -> None:
    """Counts are kept per data generation: a write retires them, for text and place
    queries as for filter-only ones."""
    trials = sorted(trials_by_id.values(), key=lambda trial: trial.nct_id)
    opened = open_store(store_url)
    try:
        opened.upsert_trials(trials[:100])
        places = {"text": "cancer", "near": "Lyon, France", "within": "300km"}
        queries = [query_of({"text": "cancer"}), query_of(places)]
        before = [search(opened, query).facets for query in queries]
        assert [search(opened, query).facets for query in queries] == before
        opened.upsert_trials(trials[100:])
        for query, earlier in zip(queries, before, strict=True):
            result = search(opened, query)
            ids = matched_ids(opened, query)
            assert result.facets == counted_one_by_one(trials_by_id[nct_id] for nct_id in ids)
            assert result.facets.counted > earlier.counted
    finally:
        opened.close()
