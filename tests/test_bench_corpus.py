"""The registry-like benchmark corpus (bench/registry_corpus.py) and its Heaps' law fit."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import msgspec
import pytest

from trialfinder import in_dictionary_training_half, parse_study_json

REPOSITORY = Path(__file__).resolve().parents[1]
SHARED_DATA = REPOSITORY.parent / "shared" / "data"

pytestmark = pytest.mark.skipif(
    not (SHARED_DATA / "ctgov_v2" / "studies_v2.jsonl").is_file()
    or not (SHARED_DATA / "lct").is_dir()
    or not (SHARED_DATA / "chia").is_dir(),
    reason="needs the real records and criteria corpora in ../shared/data",
)


@pytest.fixture(scope="module")
def bench() -> Iterator[Any]:
    sys.path.insert(0, str(REPOSITORY / "bench"))
    import heaps
    import registry_corpus

    yield heaps, registry_corpus
    sys.path.remove(str(REPOSITORY / "bench"))


@pytest.fixture(scope="module")
def corpus(bench: Any) -> Any:
    _, registry_corpus = bench
    return registry_corpus.RegistryCorpus()


def test_heaps_fit_on_the_real_records_is_a_close_sublinear_power_law(corpus: Any) -> None:
    assert 0.3 < corpus.fit.beta < 0.9
    assert corpus.fit.r_squared > 0.99
    assert corpus.fit.documents >= 290  # 228 API v2 + 65 XML records
    # The fitted curve passes near the real corpus's own end point.
    predicted = corpus.fit.vocabulary_at(corpus.fit.tokens)
    assert predicted == pytest.approx(corpus.fit.vocabulary, rel=0.1)


def test_the_same_seed_gives_the_same_studies_and_another_seed_others(corpus: Any) -> None:
    first = list(corpus.study_lines(60, seed=5))
    assert list(corpus.study_lines(60, seed=5)) == first
    assert list(corpus.study_lines(60, seed=6)) != first


def test_every_study_parses_with_its_own_nct_id(corpus: Any) -> None:
    trials = [parse_study_json(line) for line in corpus.study_lines(300)]
    assert len({trial.nct_id for trial in trials}) == 300
    assert all(trial.eligibility.criteria_text for trial in trials)
    assert all(trial.brief_title for trial in trials)


def test_vocabulary_grows_with_the_corpus_as_the_fit_says(bench: Any, corpus: Any) -> None:
    heaps, _ = bench
    documents = [msgspec.json.decode(line) for line in corpus.study_lines(3_000)]
    curve = heaps.growth_curve(heaps.study_text(document) for document in documents)
    for studies in (500, 1_500, 3_000):
        tokens, vocabulary = curve[studies - 1]
        assert vocabulary == pytest.approx(corpus.fit.vocabulary_at(tokens), rel=0.03)
    # Well past the real records' own vocabulary: the words keep coming.
    assert curve[-1][1] > 3 * corpus.fit.vocabulary


def test_no_study_the_dictionary_was_trained_on_is_drawn(corpus: Any) -> None:
    assert corpus.source_ids
    assert not any(in_dictionary_training_half(nct_id) for nct_id in corpus.source_ids)


def test_statuses_and_site_counts_come_from_the_records_no_crawl_selected(
    bench: Any, corpus: Any
) -> None:
    _, registry_corpus = bench
    crawled = registry_corpus._crawled_ids()
    unbiased = [
        document["protocolSection"]
        for document in registry_corpus.real_documents()
        if document["protocolSection"]["identificationModule"]["nctId"] not in crawled
    ]
    statuses = {protocol.get("statusModule", {}).get("overallStatus") for protocol in unbiased}
    site_counts = {
        len(protocol.get("contactsLocationsModule", {}).get("locations", []))
        for protocol in unbiased
    }
    trials = [parse_study_json(line) for line in corpus.study_lines(400)]
    assert {trial.overall_status for trial in trials} <= statuses
    assert {len(trial.locations) for trial in trials} <= site_counts
    # The crawl's trials are 92% recruiting; the registry's are mostly not.
    recruiting = sum(trial.overall_status == "RECRUITING" for trial in trials)
    assert recruiting < 0.5 * len(trials)
