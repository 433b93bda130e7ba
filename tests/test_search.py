"""Search over real registry records in real SQLite and PostgreSQL stores: ranking, MeSH,
filters and facets against direct counts, distances against haversine, hostile
text, paging and the CLI's JSON contract."""

from __future__ import annotations

import shutil
import sqlite3
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from pathlib import Path

import msgspec
import numpy as np
import pytest
from click.testing import CliRunner

from trialfinder.cli import main
from trialfinder.model import Trial
from trialfinder.places import haversine_km, normalise_country, resolve_place
from trialfinder.search import (
    Facets,
    QueryError,
    SearchQuery,
    SearchResult,
    Vocabulary,
    build_query,
    load_vocabulary,
    locations,
    open_store,
    parse_text,
    search,
    sqlite_index,
)
from trialfinder.search.site_grid import SiteGrid, cell_terms
from trialfinder.store import Store
from trialfinder.store.postgres import PostgresStore
from trialfinder.store.records import compress_record
from trialfinder.store.sqlite import MIGRATIONS, SQLiteStore


@pytest.fixture(scope="module")
def store(loaded_store_url: str) -> Iterator[Store]:
    """Every real record, once on SQLite and once on PostgreSQL (read-only)."""
    opened = open_store(loaded_store_url)
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def trials(store: Store) -> list[Trial]:
    return list(store.iter_trials())


def everything(store: Store, query: SearchQuery) -> SearchResult:
    """All pages of a query joined, following page tokens."""
    first = search(store, query)
    hits = list(first.hits)
    token = first.next_page_token
    while token is not None:
        page = search(store, _next(query, token))
        hits.extend(page.hits)
        token = page.next_page_token
    return SearchResult(total=first.total, hits=hits, facets=first.facets)


def _next(query: SearchQuery, token: str) -> SearchQuery:
    from trialfinder.search import decode_page_token

    return msgspec.structs.replace(query, offset=decode_page_token(token, query))


def _words_of(trial: Trial) -> str:
    return " ".join(
        [
            trial.title,
            trial.official_title or "",
            *trial.conditions,
            *trial.keywords,
            trial.brief_summary or "",
            trial.detailed_description or "",
            trial.eligibility.criteria_text or "",
            *(intervention.name for intervention in trial.interventions),
        ]
    ).lower()


def test_breast_cancer_query_ranks_breast_cancer_trials_first(store: Store) -> None:
    result = search(store, build_query("breast cancer", limit=10))
    assert result.total >= 10
    top = store.get_trials([hit.nct_id for hit in result.hits])
    for trial in top:
        named = " ".join(
            [*trial.conditions, *(mesh.term for mesh in trial.condition_meshes), trial.title]
        ).lower()
        assert "breast" in named, trial.nct_id


def test_mesh_ancestor_finds_trials_that_never_use_the_word(
    store: Store, trials: list[Trial]
) -> None:
    result = everything(store, build_query("liver diseases", limit=100))
    found = {hit.nct_id for hit in result.hits}
    silent = [
        trial.nct_id
        for trial in trials
        if any(mesh.term == "Liver Diseases" for mesh in trial.condition_mesh_ancestors)
        and "liver" not in _words_of(trial)
    ]
    assert silent, "the records should hold a liver trial that never says 'liver'"
    assert set(silent) <= found


def test_neoplasms_finds_every_trial_with_a_neoplasm_mesh_ancestor(
    store: Store, trials: list[Trial]
) -> None:
    result = everything(store, build_query("neoplasms", limit=100))
    found = {hit.nct_id for hit in result.hits}
    expected = {
        trial.nct_id
        for trial in trials
        if any(mesh.term == "Neoplasms" for mesh in trial.condition_mesh_ancestors)
    }
    assert expected and expected <= found


def countries_of(trial: Trial) -> set[str]:
    names = (normalise_country(location.country) for location in trial.locations)
    return {country.name for country in names if country is not None}


def _in_age_range(trial: Trial, age: float) -> bool:
    low = trial.eligibility.minimum_age.years
    high = trial.eligibility.maximum_age.years
    return (low is None or low <= age) and (high is None or age <= high)


FILTER_CASES: list[tuple[dict[str, object], Callable[[Trial], bool]]] = [
    ({"statuses": ["recruiting"]}, lambda trial: trial.overall_status == "RECRUITING"),
    (
        {"statuses": ["not_yet_recruiting", "completed"]},
        lambda trial: trial.overall_status in {"NOT_YET_RECRUITING", "COMPLETED"},
    ),
    ({"phases": ["3"]}, lambda trial: "PHASE3" in trial.phases),
    ({"study_type": "observational"}, lambda trial: trial.study_type == "OBSERVATIONAL"),
    ({"sex": "female"}, lambda trial: trial.eligibility.sex in {"FEMALE", "ALL"}),
    ({"sex": "male"}, lambda trial: trial.eligibility.sex in {"MALE", "ALL"}),
    ({"age": "62"}, lambda trial: _in_age_range(trial, 62)),
    ({"age": "17"}, lambda trial: _in_age_range(trial, 17)),
    ({"age": "0"}, lambda trial: _in_age_range(trial, 0)),
    ({"healthy_volunteers": True}, lambda trial: trial.eligibility.healthy_volunteers is True),
    (
        {"intervention_types": ["device", "procedure"]},
        lambda trial: any(i.type in {"DEVICE", "PROCEDURE"} for i in trial.interventions),
    ),
    ({"funder_types": ["nih"]}, lambda trial: "NIH" in trial.funder_types),
    (
        {"statuses": ["recruiting"], "phases": ["2", "3"], "sex": "female", "age": "45"},
        lambda trial: (
            trial.overall_status == "RECRUITING"
            and bool({"PHASE2", "PHASE3"} & set(trial.phases))
            and trial.eligibility.sex in {"FEMALE", "ALL"}
            and _in_age_range(trial, 45)
        ),
    ),
]


@pytest.mark.parametrize(("options", "keep"), FILTER_CASES)
def test_filters_and_facets_agree_with_a_direct_count(
    store: Store,
    trials: list[Trial],
    options: dict[str, object],
    keep: Callable[[Trial], bool],
) -> None:
    result = search(store, build_query(**options))  # type: ignore[arg-type]
    expected = [trial for trial in trials if keep(trial)]
    assert result.total == len(expected)
    assert result.facets.counted == len(expected)
    assert result.facets.status == dict(
        Counter(trial.overall_status for trial in expected if trial.overall_status)
    )
    assert result.facets.phase == dict(Counter(phase for t in expected for phase in t.phases))
    assert result.facets.sex == dict(
        Counter(trial.eligibility.sex for trial in expected if trial.eligibility.sex)
    )
    assert result.facets.funder_type == dict(
        Counter(funder for trial in expected for funder in trial.funder_types)
    )
    assert result.facets.intervention_type == dict(
        Counter(
            kind for trial in expected for kind in {i.type for i in trial.interventions if i.type}
        )
    )
    countries = Counter(name for trial in expected for name in countries_of(trial))
    assert result.facets.country == dict(countries)


FACET_QUERIES = [
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


def counted_one_by_one(trials: Iterable[Trial]) -> Facets:
    """The facets of ``trials``, counted trial by trial."""
    names = ("status", "phase", "study_type", "sex", "intervention_type", "funder_type")
    counters: dict[str, Counter[str]] = {name: Counter() for name in (*names, "country")}
    total = 0
    for trial in trials:
        total += 1
        counters["status"].update([trial.overall_status] if trial.overall_status else [])
        counters["phase"].update(set(trial.phases))
        counters["study_type"].update([trial.study_type] if trial.study_type else [])
        counters["sex"].update([trial.eligibility.sex] if trial.eligibility.sex else [])
        counters["intervention_type"].update({i.type for i in trial.interventions if i.type})
        counters["funder_type"].update(set(trial.funder_types))
        counters["country"].update(countries_of(trial))
    return Facets(counted=total, **{name: dict(counter) for name, counter in counters.items()})


def _facet_query(options: dict[str, object]) -> SearchQuery:
    return build_query(**{"limit": 100, **options})  # type: ignore[arg-type]


@pytest.mark.parametrize("options", FACET_QUERIES)
def test_facet_counts_equal_a_count_over_every_matched_trial(
    store: Store, trials: list[Trial], options: dict[str, object]
) -> None:
    """For text, filter and place queries alike: exact counts of what matched (the
    real records are fewer than PostgreSQL's FACET_LIMIT newest matches)."""
    result = everything(store, _facet_query(options))
    matched = {hit.nct_id for hit in result.hits}
    assert len(matched) == len(result.hits) == result.total > 0
    assert result.facets == counted_one_by_one(t for t in trials if t.nct_id in matched)


@pytest.mark.parametrize("options", FACET_QUERIES)
def test_asking_again_or_for_another_page_or_order_gives_the_same_counts(
    store: Store, options: dict[str, object]
) -> None:
    first = search(store, _facet_query(options))
    again = search(store, _facet_query(options))
    second_page = search(store, msgspec.structs.replace(_facet_query(options), offset=5, limit=5))
    newest = search(store, _facet_query({**options, "sort": "updated"}))
    assert again.facets == second_page.facets == newest.facets == first.facets
    assert second_page.total == newest.total == first.total


def test_counts_kept_for_a_query_follow_the_trials_written_since(
    store_url: str, trials: list[Trial]
) -> None:
    """Counts are kept per data generation: a write retires them, for text and place
    queries as for filter-only ones."""
    ordered = sorted(trials, key=lambda trial: trial.nct_id)
    opened = store_with(store_url, ordered[:100])
    try:
        places = {"text": "cancer", "near": "Lyon, France", "within": "300km"}
        queries = [_facet_query({"text": "cancer"}), _facet_query(places)]
        before = [search(opened, query).facets for query in queries]
        assert [search(opened, query).facets for query in queries] == before
        opened.upsert_trials(ordered[100:])
        for query, earlier in zip(queries, before, strict=True):
            result = everything(opened, query)
            matched = {hit.nct_id for hit in result.hits}
            assert result.facets == counted_one_by_one(t for t in trials if t.nct_id in matched)
            assert result.facets.counted > earlier.counted
    finally:
        opened.close()


def test_text_and_filters_combine(store: Store, trials: list[Trial]) -> None:
    both = search(store, build_query("diabetes", statuses=["recruiting"], limit=100))
    text_only = {hit.nct_id for hit in everything(store, build_query("diabetes", limit=100)).hits}
    recruiting = {trial.nct_id for trial in trials if trial.overall_status == "RECRUITING"}
    assert {hit.nct_id for hit in both.hits} == text_only & recruiting


@pytest.mark.parametrize(("place", "radius_km"), [("Seoul", 50.0), ("Lyon, France", 150.0)])
def test_near_results_are_within_the_radius_and_ordered_by_distance(
    store: Store, trials: list[Trial], place: str, radius_km: float
) -> None:
    centre = resolve_place(place)
    query = build_query(near=place, within=f"{radius_km}km", sort="distance", limit=100)
    result = everything(store, query)

    def nearest(trial: Trial) -> float | None:
        distances = [
            haversine_km(centre.latitude, centre.longitude, site.latitude, site.longitude)
            for site in trial.locations
            if site.latitude is not None and site.longitude is not None
        ]
        return min(distances) if distances else None

    expected = {
        trial.nct_id: distance
        for trial in trials
        if (distance := nearest(trial)) is not None and distance <= radius_km
    }
    assert expected
    assert result.total == len(expected)
    assert {hit.nct_id for hit in result.hits} == set(expected)
    distances = []
    for hit in result.hits:
        assert hit.nearest_site is not None
        assert hit.nearest_site.distance_km == pytest.approx(expected[hit.nct_id], abs=1e-3)
        assert hit.nearest_site.distance_km <= radius_km + 1e-3
        others = [site.distance_km for site in hit.other_sites]
        assert others == sorted(others) and all(d >= hit.nearest_site.distance_km for d in others)
        distances.append(hit.nearest_site.distance_km)
    assert distances == sorted(distances)


def test_unknown_place_is_a_query_error_with_suggestions() -> None:
    with pytest.raises(QueryError) as raised:
        build_query(near="Lyonn")
    assert raised.value.parameter == "near"
    assert "Lyon" in str(raised.value)


HOSTILE = [
    '"',
    '"""',
    "*",
    "cancer*",
    "NEAR(",
    "NEAR(breast cancer, 2)",
    "AND",
    "OR NOT AND",
    "breast AND",
    "title: cancer",
    "{title}: cancer",
    "^cancer",
    "cancer -diabetes",
    "(((",
    ")",
    "🙂🧬💉",
    "乳腺癌",
    "naïve Müller-Lyer",
    "'; DROP TABLE trials; --",
    "\x00\x01\x02",
    "\u200b\u200b",
    "a" * 10_000,
    "cancer " * 1_700,
    " ".join(f"w{index}" for index in range(2_000)),
]


@pytest.mark.parametrize("text", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_text_returns_results_not_errors(store: Store, text: str) -> None:
    result = search(store, build_query(text))
    assert len(result.hits) == min(result.total, 20)
    assert len({hit.nct_id for hit in result.hits}) == len(result.hits)


@pytest.mark.parametrize(
    ("options", "parameter"),
    [
        ({"statuses": ["bogus"]}, "status"),
        ({"phases": ["7"]}, "phase"),
        ({"age": "old"}, "age"),
        ({"age": "-3"}, "age"),
        ({"limit": "0"}, "limit"),
        ({"limit": "1000"}, "limit"),
        ({"within": "50km"}, "within"),
        ({"near": "Seoul", "within": "fifty"}, "within"),
        ({"sort": "distance"}, "sort"),
        ({"page_token": "not-a-token"}, "page_token"),
        ({"sex": "other"}, "sex"),
        ({"funder_types": ["aliens"]}, "funder"),
    ],
)
def test_bad_parameters_raise_query_error_naming_them(
    options: dict[str, object], parameter: str
) -> None:
    with pytest.raises(QueryError) as raised:
        build_query("cancer", **options)  # type: ignore[arg-type]
    assert raised.value.parameter == parameter


def test_pages_follow_each_other_without_gaps_or_repeats(store: Store) -> None:
    whole = search(store, build_query("cancer", limit=100))
    paged = everything(store, build_query("cancer", limit=7))
    paged_ids = [hit.nct_id for hit in paged.hits]
    assert paged_ids[: len(whole.hits)] == [hit.nct_id for hit in whole.hits]
    assert len(paged.hits) == whole.total
    assert len({hit.nct_id for hit in paged.hits}) == whole.total


def test_page_token_from_another_query_is_refused(store: Store) -> None:
    token = search(store, build_query("cancer", limit=5)).next_page_token
    assert token is not None
    assert build_query("cancer", limit=5, page_token=token).offset == 5
    assert build_query("cancer", limit=9, page_token=token).offset == 5
    with pytest.raises(QueryError) as raised:
        build_query("diabetes", limit=5, page_token=token)
    assert raised.value.parameter == "page_token"


def test_empty_query_lists_trials_by_last_update(store: Store, trials: list[Trial]) -> None:
    result = search(store, build_query(limit=100))
    assert result.total == len(trials)
    dates = [hit.last_updated or "" for hit in result.hits]
    assert dates == sorted(dates, reverse=True)


def test_abbreviations_and_spelling_variants_expand() -> None:
    knee = parse_text("OA knee")
    assert any("osteoarthritis of the knee" in group for group in knee.groups)
    assert parse_text("osteoarthritis of the knee").groups == knee.groups
    assert any("mesenchymal stem cells" in group for group in parse_text("MSC").groups)
    assert parse_text("hUC-MSC").groups == parse_text("umbilical cord stem cells").groups
    assert any("neoplasms" in group for group in parse_text("cancer").groups)


def test_an_eponym_typed_alone_expands_to_its_disease() -> None:
    # Round twenty-nine's rheumatologist writes "Sjogrens since 2015"; NCT06429761 lists
    # "rheumatoid arthritis, Sjögren's, sarcoidosis": the name alone is the syndrome.
    assert any("sjogren syndrome" in group for group in parse_text("Sjogrens").groups)
    assert any("sjogren syndrome" in group for group in parse_text("Sjögren's").groups)
    assert any("hirschsprung disease" in group for group in parse_text("Hirschsprungs").groups)
    assert parse_text("downs").groups == (("downs",),)


def test_a_long_patient_note_matches_on_its_informative_terms(store: Store) -> None:
    note = (
        "62 year old woman with type 2 diabetes diagnosed ten years ago, treated with metformin "
        "and sitagliptin, HbA1c 8.1 percent, BMI 31, hypertension controlled on lisinopril, "
        "no history of cancer, heart failure or stroke, creatinine normal, lives in Pune, India "
        "and would travel up to 50 km. She walks daily and does not smoke. "
    ) * 3
    assert len(note.split()) > 100
    result = search(store, build_query(note, limit=10))
    assert result.total > 0
    top = store.get_trials([hit.nct_id for hit in result.hits[:5]])
    assert any("diabet" in " ".join(trial.conditions).lower() for trial in top)


def test_vocabulary_file_is_validated() -> None:
    vocabulary = load_vocabulary()
    assert Vocabulary.from_dict(vocabulary.to_dict()) == vocabulary
    broken = {**vocabulary.to_dict(), "synonym_groups": [["Knee OA", "gonarthrosis"]]}
    with pytest.raises(ValueError, match="lowercase"):
        Vocabulary.from_dict(broken)


def test_locations_count_trials_per_country_and_city(store: Store, trials: list[Trial]) -> None:
    countries = Counter(name for trial in trials for name in countries_of(trial))
    listed = {count.name: count.trials for count in locations(store)}
    assert listed == dict(countries)
    cities = {count.name: count.trials for count in locations(store, "Korea, Republic of")}
    assert cities and max(cities.values()) <= countries["South Korea"]


def test_updated_trial_is_found_by_its_new_text_only(
    real_data_paths: list[Path], store_url: str, trials: list[Trial]
) -> None:
    updatable = store_with(store_url, trials[:20])
    try:
        original = trials[3]
        renamed = msgspec.structs.replace(
            original,
            brief_title="Zanzibarian quokka therapy",
            conditions=["Quokka syndrome"],
            locations=original.locations[:1],
            source_last_updated="2099-01-01",
        )
        assert updatable.upsert_trials([renamed]) == ["updated"]
        assert [h.nct_id for h in search(updatable, build_query("quokka")).hits] == [
            original.nct_id
        ]
        assert search(updatable, build_query("zanzibarian")).total == 1
        assert search(updatable, build_query(limit=1)).hits[0].nct_id == original.nct_id
        assert search(updatable, build_query()).total == 20
        kept_countries = {count.name for count in locations(updatable)}
        assert kept_countries == {
            name for trial in [*trials[:3], renamed, *trials[4:20]] for name in countries_of(trial)
        }
    finally:
        updatable.close()


def store_with(store_url: str, trials: list[Trial]) -> Store:
    opened = open_store(store_url)
    opened.upsert_trials(trials)
    return opened


def test_a_repeated_search_sees_the_trials_written_since(
    store_url: str, trials: list[Trial]
) -> None:
    """PostgreSQL keeps recent totals and facets per data generation: a write retires them."""
    opened = store_with(store_url, trials[:10])
    try:
        recruiting = build_query(statuses=["recruiting"])
        before = search(opened, build_query(limit=1)), search(opened, recruiting)
        assert search(opened, build_query(limit=1)) == before[0]
        opened.upsert_trials(trials[10:30])
        after = search(opened, build_query(limit=1)), search(opened, recruiting)
        assert after[0].total == 30
        assert after[1].total == sum(trial.overall_status == "RECRUITING" for trial in trials[:30])
        assert after[1].facets.status == {"RECRUITING": after[1].total}
    finally:
        opened.close()


def test_cli_json_has_the_public_shape(loaded_store_path: Path) -> None:
    runner = CliRunner()
    output = runner.invoke(
        main,
        [
            "search",
            "lung cancer",
            "--near",
            "Seoul",
            "--within",
            "100km",
            "--limit",
            "3",
            "--format",
            "json",
            "--db",
            str(loaded_store_path),
        ],
    )
    assert output.exit_code == 0, output.output
    document = msgspec.json.decode(output.output)
    assert set(document) == {"total", "results", "facets", "next_page_token"}
    assert document["results"]
    for result in document["results"]:
        assert set(result) == {
            "nct_id",
            "title",
            "status",
            "phases",
            "conditions",
            "score",
            "nearest_site",
        }
        assert result["nearest_site"]["distance_km"] <= 100
    assert {
        "status",
        "phase",
        "study_type",
        "sex",
        "intervention_type",
        "funder_type",
        "country",
    } <= set(document["facets"])


def test_cli_text_mentions_city_centroids_and_rejects_bad_input(loaded_store_path: Path) -> None:
    runner = CliRunner()
    shown = runner.invoke(
        main, ["search", "cancer", "--near", "Seoul", "--db", str(loaded_store_path)]
    )
    assert shown.exit_code == 0 and "city centroids" in shown.output
    refused = runner.invoke(
        main, ["search", "--near", "Atlantis Prime", "--db", str(loaded_store_path)]
    )
    assert refused.exit_code == 2 and "near" in refused.output
    assert "Traceback" not in refused.output


def test_cli_locations_lists_countries_then_cities(loaded_store_path: Path) -> None:
    runner = CliRunner()
    countries = runner.invoke(main, ["locations", "--db", str(loaded_store_path)])
    assert countries.exit_code == 0 and "India" in countries.output
    cities = runner.invoke(
        main, ["locations", "--country", "South Korea", "--db", str(loaded_store_path)]
    )
    assert cities.exit_code == 0 and "Seoul" in cities.output


def test_distance_order_without_a_radius_puts_trials_without_sites_last(
    store: Store, trials: list[Trial]
) -> None:
    result = everything(store, build_query(near="Lyon, France", sort="distance", limit=100))
    assert result.total == len(trials)
    with_site = [hit.nearest_site.distance_km for hit in result.hits if hit.nearest_site]
    assert with_site == sorted(with_site)
    assert len(with_site) == sum(1 for trial in trials if _has_coordinates(trial))
    first_without = next(
        (index for index, hit in enumerate(result.hits) if hit.nearest_site is None),
        len(result.hits),
    )
    assert all(hit.nearest_site is None for hit in result.hits[first_without:])


def _has_coordinates(trial: Trial) -> bool:
    return any(site.latitude is not None and site.longitude is not None for site in trial.locations)


def test_reader_sees_another_stores_trials_once_committed(
    store_url: str, loaded_store_path: Path
) -> None:
    """Counts a reader keeps between searches (PostgreSQL's trial count) follow new data."""
    source = open_store(loaded_store_path)
    trials = list(islice(source.iter_trials(), 15))
    source.close()
    writer, reader = open_store(store_url), open_store(store_url)
    try:
        assert search(reader, build_query()).total == 0
        writer.upsert_trials(trials[:10])
        assert search(reader, build_query()).total <= 10  # answers while the writer works
        writer.close()
        assert search(reader, build_query()).total == 10
        later = open_store(store_url)
        later.upsert_trials(trials[10:15])
        later.close()
        assert search(reader, build_query()).total == 15
        assert search(reader, build_query(statuses=["completed"])).total <= 15
    finally:
        reader.close()


def test_sqlite_total_counts_trials_without_a_status(tmp_path: Path, trials: list[Trial]) -> None:
    # The total comes from the facet pass (status buckets): an unknown status still counts.
    store = SQLiteStore(tmp_path / "statusless.db")
    try:
        store.upsert_trials(
            [msgspec.structs.replace(trial, overall_status=None) for trial in trials[:3]]
            + trials[3:8]
        )
        result = search(store, build_query())
        assert result.total == result.facets.counted == 8
        assert sum(result.facets.status.values()) == 5
        assert len(result.hits) == 8
    finally:
        store.close()


def test_sqlite_index_missing_or_foreign_is_rebuilt_from_the_store(
    tmp_path: Path, trials: list[Trial]
) -> None:
    path = tmp_path / "rebuilt.db"
    first = SQLiteStore(path)
    first.upsert_trials(trials[:30])
    countries = locations(first)
    first.close()
    shutil.rmtree(f"{path}.search")
    copy = tmp_path / "copy.db"
    shutil.copyfile(path, copy)
    for location in (path, copy):
        reopened = SQLiteStore(location)
        try:
            assert search(reopened, build_query(limit=1)).total == 30
            assert locations(reopened) == countries
            assert search(reopened, build_query(trials[7].nct_id)).hits[0].nct_id == (
                trials[7].nct_id
            )
        finally:
            reopened.close()


@pytest.mark.parametrize(
    ("text", "within", "sort", "statuses"),
    [
        ("cancer", "2000km", "distance", ()),
        # The default near a place: nearest band first, the better match first in a band.
        ("cancer", "2000km", None, ()),
        ("cancer", None, None, ()),
        ("breast cancer", "300km", None, ()),
        ("", "2000km", None, ()),
        # A filter the trials naming the text in their title need not pass: the match
        # qualities of the few matches (sorted all at once) are those of the others.
        ("cancer", "2000km", None, ("RECRUITING",)),
        ("cancer", None, None, ("COMPLETED",)),
    ],
)
def test_sqlite_distance_pages_agree_when_candidates_are_taken_in_chunks(
    loaded_store_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    within: str | None,
    sort: str | None,
    statuses: tuple[str, ...],
) -> None:
    store = SQLiteStore(loaded_store_path)
    try:
        query = build_query(
            text, near="Seoul", within=within, sort=sort, limit=7, statuses=list(statuses)
        )
        whole = everything(store, query)
        monkeypatch.setattr(sqlite_index, "_SORT_ALL_MATCHES", 0)
        monkeypatch.setattr(sqlite_index, "_DISTANCE_CHUNK_MINIMUM", 1)
        chunked = everything(store, query)
        assert whole.total > 7
        assert [hit.nct_id for hit in chunked.hits] == [hit.nct_id for hit in whole.hits]
    finally:
        store.close()


@pytest.mark.parametrize(
    ("text", "within", "sort", "statuses", "facets"),
    [
        ("cancer", "2000km", "distance", (), True),
        ("cancer", "2000km", None, (), True),
        ("breast cancer", "300km", None, (), True),
        ("", "500km", None, (), True),
        ("cancer", "2000km", None, ("RECRUITING",), True),
        ("cancer", "2000km", "distance", ("COMPLETED", "RECRUITING"), False),
        ("qqqzzx", "2000km", None, (), True),
    ],
)
def test_sqlite_near_a_place_pages_fetched_with_their_circle_count_the_same_matches_and_facets(
    loaded_store_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    text: str,
    within: str,
    sort: str | None,
    statuses: tuple[str, ...],
    facets: bool,
) -> None:
    """A circle holding few trials has its matches fetched, counted and their facets
    counted in one pass; the total, facets and pages are those of the separate
    counting pass over the unscored matches (each run on a fresh index: no cache)."""
    query = build_query(
        text, near="Seoul", within=within, sort=sort, limit=7, statuses=list(statuses)
    )
    query = msgspec.structs.replace(query, facets=facets)
    results = []
    for fetched_at_most in (sqlite_index._SORT_ALL_MATCHES, 0):
        monkeypatch.setattr(sqlite_index, "_FETCH_CIRCLE_MATCHES", fetched_at_most)
        store = SQLiteStore(loaded_store_path)
        try:
            results.append(everything(store, query))
        finally:
            store.close()
    fetched, counted = results
    assert fetched.total == counted.total
    assert fetched.facets == counted.facets
    assert fetched.hits == counted.hits


def test_site_grid_selects_exactly_the_trials_within_a_radius() -> None:
    random = np.random.default_rng(5)
    centres = random.uniform([-60.0, -179.0], [70.0, 179.0], size=(40, 2))
    chosen = random.integers(0, len(centres), 6_000)
    latitudes = np.clip(centres[chosen, 0] + random.normal(0, 0.5, len(chosen)), -90, 90)
    longitudes = np.clip(centres[chosen, 1] + random.normal(0, 0.5, len(chosen)), -180, 180)
    rowids = random.integers(1, 2_500, len(chosen))
    grid = SiteGrid(latitudes, longitudes, rowids)
    moved = {7: [(float(centres[0, 0]), float(centres[0, 1]))], 8: []}
    grid.update(moved)
    sites: dict[int, list[tuple[float, float]]] = {}
    for latitude, longitude, rowid in zip(latitudes, longitudes, rowids, strict=True):
        sites.setdefault(int(rowid), []).append((float(latitude), float(longitude)))
    sites.update(moved)
    terms = {rowid: set(cell_terms(points)) for rowid, points in sites.items()}
    for centre, radius in zip(
        centres[:12], [1.0, 10.0, 30.0, 50.0, 150.0, 2_000.0] * 2, strict=True
    ):
        latitude, longitude = float(centre[0]), float(centre[1])
        expected = {
            rowid: min(haversine_km(latitude, longitude, *point) for point in points)
            for rowid, points in sites.items()
            if points
            and min(haversine_km(latitude, longitude, *point) for point in points) <= radius
        }
        match = grid.within(latitude, longitude, radius)
        cells = set(match.cell_terms)
        found = {rowid for rowid, held in terms.items() if held & cells} | set(match.edge_rowids)
        assert found == set(expected)
        nearest = grid.nearest(latitude, longitude, radius)
        assert nearest.complete and set(nearest.rowids.tolist()) == set(expected)
        assert list(nearest.distances) == sorted(nearest.distances)
        for rowid, distance in zip(nearest.rowids, nearest.distances, strict=True):
            assert distance == pytest.approx(expected[int(rowid)], abs=1e-6)
        first = grid.nearest(latitude, longitude, radius, limit=3)
        assert list(first.rowids[:3]) == list(nearest.rowids[:3])
        measured = grid.distances(latitude, longitude, nearest.rowids)
        assert np.allclose(measured, nearest.distances)


@pytest.mark.parametrize(
    "options",
    [
        {"text": "breast cancer"},
        {"text": "cervical cancer"},
        {"text": "breast cancer stem cells radiotherapy"},
        {"text": "non small cell lung cancer egfr"},
        {"text": "statins"},
        {"text": "crohn's disease"},
        {"condition": "neoplasms", "statuses": ["recruiting"]},
        {"condition": "lung cancer", "intervention": "chemotherapy", "sex": "female"},
        {"text": " ".join(["woman with type 2 diabetes on metformin and insulin"] * 3)},
    ],
)
def test_facets_count_exactly_the_trials_the_ranked_query_matches(
    loaded_store_path: Path, options: dict[str, object]
) -> None:
    """Totals and facets are counted over an unscored twin of the ranked query (a flat
    union of every phrase's terms: the nested scoring costs ~4x to evaluate): it must
    match the same trials, for the text as typed and for each of its relaxations."""
    from trialfinder.search.backends import index_of
    from trialfinder.search.index import partial_tiers

    store = open_store(loaded_store_path)
    try:
        index = index_of(store)
        assert isinstance(index, sqlite_index.SQLiteIndex)
        query = build_query(**options, limit=1)  # type: ignore[arg-type]
        search(store, query)  # catches the index up
        generation = index._current(index._connection)
        searcher = generation.searcher
        texts = [query.text_query, *partial_tiers(query.text_query)]
        for text in texts:
            ranked = index._query(generation, query, text)
            unscored = index._query(generation, query, text, scored=False)
            assert ranked is not None and unscored is not None
            found = searcher.search(ranked, 1_000)
            matched = {address.doc + (address.segment_ord << 32) for _, address in found.hits}
            counted = searcher.search(unscored, 1_000)
            assert counted.count == found.count == len(matched)  # type: ignore[attr-defined]
            assert {
                address.doc + (address.segment_ord << 32) for _, address in counted.hits
            } == matched
            assert index._facets(searcher, unscored) == index._facets(searcher, ranked)
        assert matched  # the broadest tier finds trials
    finally:
        store.close()


def test_sqlite_store_from_the_fts5_version_migrates_and_is_indexed(
    tmp_path: Path, trials: list[Trial]
) -> None:
    path = tmp_path / "fts5.db"
    connection = sqlite3.connect(path)
    for migration in MIGRATIONS[:2]:  # the schema as the FTS5 version left it
        for statement in migration:
            connection.execute(statement)
    connection.executemany(
        "INSERT INTO trials (nct_id, source_format, source_last_updated, content_hash, record)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            (
                trial.nct_id,
                trial.source_format,
                trial.source_last_updated,
                b"",
                compress_record(trial),
            )
            for trial in trials[:12]
        ],
    )
    connection.execute("PRAGMA user_version = 2")
    connection.commit()
    connection.close()
    migrated = SQLiteStore(path)
    try:
        assert search(migrated, build_query(limit=1)).total == 12
        assert search(migrated, build_query(trials[5].nct_id)).hits[0].nct_id == trials[5].nct_id
    finally:
        migrated.close()


def test_facets_say_how_many_matches_they_counted(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """PostgreSQL counts facets over the newest matches only; SQLite counts them all."""
    from trialfinder.search import postgres_index

    monkeypatch.setattr(postgres_index, "FACET_LIMIT", 5)
    result = search(store, build_query("cancer"))
    assert result.total > 5
    counted = result.facets.counted
    assert counted == sum(result.facets.status.values())
    assert counted == (5 if isinstance(store, PostgresStore) else result.total)
    assert len(everything(store, build_query("cancer")).hits) == result.total


def test_search_page_says_when_facets_count_only_the_newest_matches() -> None:
    from trialfinder.web.pages import render_page

    result = SearchResult(total=25_000, hits=[], facets=Facets(counted=10_000))
    context = {
        **{name: None for name in ("error", "next_url", "first_url", "map_url")},
        **{"single": {}, "radii": [], "sorts": [], "facet_fieldsets": None, "query": build_query()},
        # The search page's other parts (issue 17): none of them apply to an empty page.
        **{name: None for name in ("hits_map_svg", "feed_url", "csv_url", "json_url")},
        **{name: "" for name in ("recruiting_url", "any_status_url")},
        **{"sexes": [], "result_items": "", "recruiting_only": False, "download_limit": 1000},
    }
    page = render_page("search.html", result=result, **context).body.decode()
    assert "Counts are for the 10,000 most recently updated of these 25,000 trials." in page
    exact = SearchResult(total=25, hits=[], facets=Facets(counted=25))
    assert (
        "most recently updated"
        not in render_page("search.html", result=exact, **context).body.decode()
    )


def test_nct_ids_narrow_any_search_to_those_trials(store: Store, trials: list[Trial]) -> None:
    cancer = {hit.nct_id for hit in everything(store, build_query("cancer")).hits}
    named = [trial.nct_id for trial in trials if trial.nct_id not in cancer][:2]
    named += sorted(cancer)[:3]
    query = build_query("cancer", nct_ids=[nct_id.lower() for nct_id in named])
    assert {hit.nct_id for hit in everything(store, query).hits} == set(sorted(cancer)[:3])
    only = build_query(nct_ids=named)
    assert {hit.nct_id for hit in everything(store, only).hits} == set(named)
    assert search(store, build_query(nct_ids=["NCT99999999"])).total == 0


def test_a_malformed_nct_id_is_refused_by_name() -> None:
    with pytest.raises(QueryError, match="not an NCT id") as raised:
        build_query(nct_ids=["NCT1"])
    assert raised.value.parameter == "ids"


@pytest.mark.parametrize(
    ("text", "place", "within", "sort"),
    [
        ("cancer", "Seoul", "2000km", None),
        ("breast cancer", "New Delhi", "500km", None),
        ("", "Lyon, France", "300km", "distance"),
        ("diabetes", "Houston", None, "distance"),
    ],
)
def test_nearest_site_only_gives_the_same_hits_and_nearest_sites(
    store: Store, text: str, place: str, within: str | None, sort: str | None
) -> None:
    """Web answers ask for the nearest site only: the same hits in the same order, the
    same nearest site and distance, and no other site built."""
    query = build_query(text, near=place, within=within, sort=sort, limit=50)
    every_site = search(store, query)
    nearest_only = search(store, msgspec.structs.replace(query, other_sites=False))
    assert every_site.hits, "the check needs hits near the place"
    assert [hit.nct_id for hit in nearest_only.hits] == [hit.nct_id for hit in every_site.hits]
    assert [hit.nearest_site for hit in nearest_only.hits] == [
        hit.nearest_site for hit in every_site.hits
    ]
    assert all(hit.other_sites == [] for hit in nearest_only.hits)
    assert any(hit.other_sites for hit in every_site.hits)
    assert nearest_only.next_page_token == every_site.next_page_token


@pytest.mark.parametrize(
    "options",
    [
        {"text": "breast cancer"},
        {"text": "breast cancer", "near": "Paris, France"},
        {"text": "diabetes", "near": "Houston", "within": "500km"},
    ],
)
def test_a_relaxed_tier_leaves_out_the_trials_shown_above(
    loaded_store_path: Path, options: dict[str, str]
) -> None:
    """A relaxation's page leaves out the trials a stricter tier already showed (near a
    place, their sites are not read again): the rest of its hits, its total and its
    facets are what the page holds without them."""
    from trialfinder.search.backends import index_of

    store = open_store(loaded_store_path)
    try:
        index = index_of(store)
        query = build_query(**options)  # type: ignore[arg-type]
        search(store, query)  # catches the index up
        whole = index.run(query, query.text_query)
        assert len(whole.hits) > 2
        shown = {hit.nct_id for hit in whole.hits[::2]}
        rest = index.run(query, query.text_query, shown)
        assert rest.total == whole.total and rest.facets == whole.facets
        assert rest.hits == [hit for hit in whole.hits if hit.nct_id not in shown]
    finally:
        store.close()


def test_snippets_from_the_decoded_text_fields_equal_those_from_whole_trials(
    store: Store, trials: list[Trial]
) -> None:
    """Results pages decode only the fields a snippet reads: the same passages come out."""
    from trialfinder.present.snippets import SnippetText, why_matched

    ids = [trial.nct_id for trial in trials[:400]]
    texts = store.get_trial_parts(ids, SnippetText)
    assert [text.nct_id for text in texts] == ids
    compared = 0
    for phrases in (["cancer"], ["insulin", "metformin"], ["quality of life", "pain"], ["stem"]):
        for trial, text in zip(trials[:400], texts, strict=True):
            snippet = why_matched(trial, phrases)
            assert why_matched(text, phrases) == snippet
            compared += snippet is not None
    assert compared > 100


def test_the_snippet_shortcuts_find_what_the_plain_pattern_finds(trials: list[Trial]) -> None:
    """The first-letter look-ahead only skips positions, and the lower-cased pattern tried
    only where a phrase's first word is written finds what the plain pattern finds: the
    same matches, same spans (whole fields and windows of them)."""
    import re

    from trialfinder.present.snippets import _fields, _lowered_matches, _lowers_as_ascii, _marker

    for text in ("hiv", "breast cancer", "metformin insulin", "quality of life", "covid-19"):
        query = build_query(text)
        phrases = tuple(phrase for group in query.text_query.groups for phrase in group)
        marker = _marker(phrases)
        assert marker is not None and marker.source.startswith("(?=[")
        assert marker.lowered is not None
        plain = re.compile(marker.source[marker.source.index(r"\b") :], re.IGNORECASE)
        for trial in trials[:300]:
            for _, field in _fields(trial):
                spans = [match.span() for match in plain.finditer(field)]
                assert [match.span() for match in marker.pattern().finditer(field)] == spans
                if _lowers_as_ascii(field):
                    # Lower-cased, without IGNORECASE: the same spans (ASCII fields, and
                    # others holding no character that folds to an ASCII letter).
                    lowered = field.lower()
                    assert [match.span() for match in marker.lowered.finditer(lowered)] == spans
                    assert [match.span() for match in _lowered_matches(marker, lowered)] == spans
                    start, end = len(field) // 3, 2 * len(field) // 3
                    assert [
                        match.span() for match in _lowered_matches(marker, lowered, start, end)
                    ] == [match.span() for match in plain.finditer(field, start, end)]


def test_first_words_starting_with_another_are_dropped_and_the_first_match_is_the_plain_one(
    trials: list[Trial],
) -> None:
    """Where "neoplasms" occurs "neoplasm" occurs at the same place, so only the shorter is
    looked for; the matches found stay those of the plain pattern, and the first match of
    a field (where its passage starts) is the plain pattern's first, found without the rest."""
    import re

    from trialfinder.present.snippets import (
        _fields,
        _first_match,
        _lowered_matches,
        _lowers_as_ascii,
        _marker,
    )

    shortened = 0
    for text in ("breast cancer", "lung cancer", "metformin insulin", "stem cell", "hiv"):
        query = build_query(text)
        phrases = tuple(phrase for group in query.text_query.groups for phrase in group)
        marker = _marker(phrases)
        assert marker is not None and marker.lowered is not None
        words = set(marker.first_words)
        assert not any(word.startswith(other) for word in words for other in words - {word})
        every = {phrase.lower().split()[0] for phrase in phrases if phrase.strip()}
        shortened += len(every) > len(words)
        assert all(any(word.startswith(kept) for kept in words) for word in every)
        plain = re.compile(marker.source[marker.source.index(r"\b") :], re.IGNORECASE)
        for trial in trials[:300]:
            for _, field in _fields(trial):
                spans = [match.span() for match in plain.finditer(field)]
                if not spans:
                    continue
                assert _first_match(marker, field, False) == spans[0][0]
                if _lowers_as_ascii(field):
                    lowered = field.lower()
                    assert [match.span() for match in _lowered_matches(marker, lowered)] == spans
                    assert _first_match(marker, lowered, True) == spans[0][0]
    assert shortened >= 2


def test_fields_with_characters_folding_to_ascii_letters_keep_the_ignorecase_pattern() -> None:
    """ "ſ", "K" (Kelvin), "İ" and "ı" match ASCII letters only under IGNORECASE: a field
    holding one is matched as written, and marks what the plain pattern marks; one
    holding "≥" or "µ" only (or only Latin-1 letters) is lower-cased and marks the same."""
    from trialfinder.present.snippets import SnippetText, _lowers_as_ascii, why_matched

    for summary in (
        "Adult ſtem cells for acute Kidney İnjury (KIDNEY) in patients ≥ 18 years",
        "Stem cells ≥ 10 µg for kidney injury; ſtem and Kidney again",
        "Stem cells ≥ 10 µg for kidney injury, in patients ≥ 18 years",
        # Non-ASCII within one byte a character (Latin-1): none of the four can be in it.
        "Stem cells 10 µg for kidney injury (Zürich, Genève), Kidney again",
    ):
        text = SnippetText(nct_id="NCT00000001", brief_summary=summary, keywords=["Stem Cell"])
        for phrases in (("stem cells", "kidney injury"), ("stem",), ("kidney",), ("injury",)):
            assert why_matched(text, phrases) == _plain_why_matched(text, phrases)  # type: ignore[arg-type]
        folding = any(character in summary for character in "\u0130\u0131\u017f\u212a")
        assert _lowers_as_ascii(summary) is not folding


def _plain_why_matched(trial: Trial, phrases: tuple[str, ...]) -> object:
    """The snippet as first written: every field collapsed, then the IGNORECASE pattern
    over it, matches counted as they read collapsed (the reference for the shortcuts)."""
    from trialfinder.present.snippets import Snippet, _fields, _marker, _passage, _window

    marker = _marker(phrases)
    if marker is None:
        return None
    best: tuple[int, str, str, int] | None = None
    for name, stored in _fields(trial):
        text = " ".join(stored.split())
        found = list(marker.pattern().finditer(text))
        if found:
            distinct = len({match.group(0).lower() for match in found})
            if best is None or distinct > best[0]:
                best = (distinct, name, text, found[0].start())
    if best is None:
        return None
    _, name, text, first = best
    start, end = _window(text, first)
    spans = [match.span() for match in marker.pattern().finditer(text, start, end)]
    return Snippet(name, _passage(text, start, end, spans))


@pytest.mark.parametrize(
    "text",
    [
        "Breast Cancer",
        "COVID-19",
        "  heart   attack ",
        "cancer",
        "non-small cell lung cancer",
        "type 2 diabetes",
        "quality of life after surgery",
        "Alzheimer's disease",
        "café",
        "hiv",
    ],
)
def test_snippets_are_those_of_the_plain_pattern_on_collapsed_fields(
    trials: list[Trial], text: str
) -> None:
    """Fields matched as stored and lower-cased (ASCII) give the snippet of matching every
    collapsed field with the IGNORECASE pattern: same field, passage and marks."""
    from trialfinder.present.snippets import why_matched

    query = build_query(text)
    phrases = tuple(phrase for group in query.text_query.groups for phrase in group)
    shown = 0
    for trial in trials:
        expected = _plain_why_matched(trial, phrases)
        assert why_matched(trial, phrases) == expected
        shown += expected is not None
    assert shown or text == "café"


_TIERED = [
    {"text": "breast cancer"},
    {"text": "lung cancer", "near": "Boston", "within": "3000km"},
    {"text": "cervical cancer", "near": "Paris", "sort": "distance"},
    {"text": "breast cancer radiotherapy", "statuses": ["completed"]},
]


@pytest.mark.parametrize("options", _TIERED)
def test_an_index_counts_each_tier_as_its_run_counts_it(
    store: Store, options: dict[str, object]
) -> None:
    """A tier asked only for its count and facets (below a page already full) gives
    what running it gives, on both backends, near a place and with filters."""
    from trialfinder.search.backends import index_of
    from trialfinder.search.index import partial_tiers

    query = build_query(**options, limit=2)  # type: ignore[arg-type]
    search(store, query)  # catches the index up
    index = index_of(store)
    texts = [query.text_query, *partial_tiers(query.text_query)]
    assert len(texts) > 1
    for text in texts:
        page = index.run(query, text)
        assert index.count(query, text) == (page.total, page.facets)


@pytest.mark.parametrize("options", _TIERED[:2])
def test_a_page_a_narrower_relaxation_fills_counts_the_broadest_one(
    store: Store, options: dict[str, object]
) -> None:
    """When the trials matching the text as a whole do not fill the page and its
    first relaxation does, the page shows them then the relaxation's best, and the
    total and facets are the broadest relaxation's (which is only counted: ranking
    it or reading its hits' sites would show nothing more)."""
    from trialfinder.search.backends import index_of
    from trialfinder.search.index import partial_tiers

    index = index_of(store)
    search(store, build_query(**options))  # type: ignore[arg-type]  # catches the index up
    text = build_query(**options).text_query  # type: ignore[arg-type]
    strict = index.run(build_query(**options, limit=100), text)  # type: ignore[arg-type]
    assert len(strict.hits) == strict.total < 100
    query = build_query(**options, limit=strict.total + 1)  # type: ignore[arg-type]
    first, *_, last = partial_tiers(text)
    relaxed = index.run(query, first, {hit.nct_id for hit in strict.hits})
    broadest = index.run(query, last)
    assert relaxed.hits and broadest.total > query.limit
    result = search(store, query)
    assert result.hits == [*strict.hits, relaxed.hits[0]]
    assert (result.total, result.facets) == (broadest.total, broadest.facets)
    assert result.match_mode == "partial"


class _CountedSearches:
    """A Tantivy searcher that counts its searches (the rest is the searcher's own)."""

    def __init__(self, searcher: object) -> None:
        self.searcher = searcher
        self.searches = 0

    def search(self, *arguments: object, **options: object) -> object:
        self.searches += 1
        return self.searcher.search(*arguments, **options)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self.searcher, name)


@pytest.mark.parametrize(
    "options",
    [
        {"text": "non-small cell lung cancer", "limit": 100},
        {"text": "hiv", "statuses": ["completed"]},
        {"text": "diabetes", "near": "Houston", "within": "500km"},
        {"text": "non-small cell lung cancer", "near": "Boston", "within": "500km", "limit": 50},
        {"text": "non-small cell lung cancer", "near": "Boston", "limit": 50},
    ],
)
def test_a_relaxation_that_adds_no_trial_runs_no_search(
    loaded_store_path: Path, options: dict[str, object]
) -> None:
    """A relaxed tier holds every tier before it, so when it matches no more trials than
    those already shown above, its page has no hit: its count and facets (counted for
    the page before, or by the tier before) are the answer, with no search ranking or
    fetching its matches. The page is the one of ranking it, and the search's result the
    one of a backend ranking every tier (each run counted in its ranking pass, without
    facets)."""
    from trialfinder.search.backends import index_of
    from trialfinder.search.index import IndexPage, partial_tiers

    store = open_store(loaded_store_path)
    try:
        index = index_of(store)
        query = build_query(**options)  # type: ignore[arg-type]
        result = search(store, query)  # catches the index up and counts each tier's facets
        ranked = search(store, msgspec.structs.replace(query, facets=False))
        assert (ranked.total, ranked.hits, ranked.match_mode) == (
            result.total,
            result.hits,
            result.match_mode,
        )
        assert isinstance(index, sqlite_index.SQLiteIndex)
        texts = [query.text_query, *partial_tiers(query.text_query)]
        whole = msgspec.structs.replace(query, limit=1_000)
        pages = [index.run(whole, text) for text in texts]
        added_none = [
            tier
            for tier in range(1, len(texts))
            if pages[tier].total == pages[tier - 1].total > 0 and len(pages[tier].hits) < 1_000
        ]
        assert added_none
        for tier in added_none:
            shown = {hit.nct_id for hit in pages[tier - 1].hits}
            generation = index._current(index._connection)
            counted = _CountedSearches(generation.searcher)
            index._generation = generation._replace(searcher=counted)  # type: ignore[arg-type]
            try:
                page = index.run(query, texts[tier], shown)
            finally:
                index._generation = generation
            assert page == IndexPage(pages[tier].total, pages[tier].facets, [])
            assert counted.searches == 0
    finally:
        store.close()


_TEMPLATE_FACET_LOOP = """\
      {% for group in facet_groups %}
      <fieldset>
        <legend>{{ group.title }}</legend>
        {% for option in group.options %}
        <label><input type="checkbox" name="{{ group.parameter }}" value="{{ option.value }}"\
{% if option.checked %} checked{% endif %}> {{ option.label }} \
<span class="count">{{ option.count }}</span></label>
        {% endfor %}
      </fieldset>
      {% endfor %}
"""


@pytest.mark.parametrize(
    "lists",
    [
        {},
        {"status": ["RECRUITING", "WITHDRAWN"], "phase": ["PHASE3"]},
        {"funder": ['<b>"Ours" & theirs</b>', "INDUSTRY"], "type": ["interventional"]},
        {"funder": ["NUL \x00 <i>held</i>", "\x00"], "phase": ["PHASE2"]},
    ],
)
def test_facet_checkboxes_are_those_the_template_loop_wrote(
    store: Store, lists: dict[str, list[str]]
) -> None:
    """The filter groups written in Python are, byte for byte, what the search page's
    template loop wrote where its line shows them: checked values (one with no match and
    characters to escape, or NUL characters, which the group's one escape call joins its
    texts with), counts and labels."""
    from trialfinder.web.pages import _facet_groups
    from trialfinder.web.presenter import facet_fieldsets
    from trialfinder.web.templating import template_environment

    facets = search(store, build_query("cancer")).facets
    groups = _facet_groups(facets, lists)
    assert len(groups) >= 4
    written = template_environment().from_string(_TEMPLATE_FACET_LOOP).render(facet_groups=groups)
    assert f"      {facet_fieldsets(groups)}\n" == written
    assert facet_fieldsets([]) == ""


@pytest.mark.parametrize(
    "odd",
    ['NUL \x00 in a <b>"title"</b> & more', "\x00", "Two\x00\x00NULs 'quoted' <i>"],
)
def test_a_result_value_holding_a_nul_is_escaped_as_alone(store: Store, odd: str) -> None:
    """A result's values are escaped in one call joined by NUL characters; a value that
    holds one (trial text is untrusted) is escaped as it is alone, and the rest of the
    results list does not move: real hits near a place (sites, distances) with their
    passages, one title, condition and facility changed."""
    from markupsafe import escape

    from trialfinder.web.pages import _snippets
    from trialfinder.web.presenter import result_items

    query = build_query("breast cancer", near="Boston, MA")
    hits = search(store, query).hits
    snippets = _snippets(store, query, hits)
    first = hits[0]
    assert first.nearest_site is not None and first.conditions and first.nct_id in snippets
    plain = str(result_items(hits, snippets, "?near=Boston"))
    site = msgspec.structs.replace(first.nearest_site, facility=odd)
    changed = msgspec.structs.replace(
        first, title=odd, conditions=[odd, *first.conditions[1:]], nearest_site=site
    )
    written = str(result_items([changed, *hits[1:]], snippets, "?near=Boston"))
    old_site = ", ".join(
        filter(None, (first.nearest_site.facility, site.city, site.state, site.country))
    )
    new_site = ", ".join(filter(None, (odd, site.city, site.state, site.country)))
    conditions = ", ".join(first.conditions)
    expected = (
        plain.replace(f">{escape(first.title)}</a>", f">{escape(odd)}</a>", 1)
        .replace(
            f'"conditions">{escape(conditions)}<',
            f'"conditions">{escape(", ".join(changed.conditions))}<',
            1,
        )
        .replace(f"Nearest site: {escape(old_site)} ", f"Nearest site: {escape(new_site)} ", 1)
    )
    assert written == expected
    assert written.count("\x00") == 3 * odd.count("\x00")
