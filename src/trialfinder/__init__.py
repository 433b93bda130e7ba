"""trialfinder: find clinical trials and pre-screen patients against their criteria.

The curated public API: what scripts, notebooks and ``bench/`` use. Everything
named in ``__all__`` is importable from ``trialfinder`` itself::

    from trialfinder import Settings, build_query, open_store, search_trials

    settings = Settings.read()
    store = open_store(settings.db, read_url=settings.read_db, search_dir=settings.search_dir)
    print(search_trials(store, build_query("breast cancer", near="Boston", within="50km")).total)

Names are imported on first use (PEP 562), so ``import trialfinder`` and the
command line's start-up do not load the search engine, the database drivers and
the criteria parser until something needs them. Modules not named here are
internal and may change between versions.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from trialfinder.criteria import (
        CRITERIA_KIND,
        CRITERIA_SUMMARY_KIND,
        PARSER_VERSION,
        CriteriaSummary,
        Criterion,
        ParsedCriteria,
        decode_criteria,
        derive_criteria_record,
        encode_criteria,
        encode_criteria_summary,
        parse_trial_criteria,
        summarize_criteria,
    )
    from trialfinder.criteria.parse import analyse_text
    from trialfinder.evaluate import (
        ExtractionReport,
        LabeledPair,
        criterion_from_text,
        evaluate_chia,
        evaluate_criteria,
        evaluate_lct,
        expert_status,
        extraction_portion,
        load_pairs,
        pair_features,
        patient_halves,
        title_concepts,
    )
    from trialfinder.fhir import PatientRecord, read_bulk_export, read_fhir_json
    from trialfinder.ingest import (
        IngestSummary,
        RecordResult,
        SkippedRecord,
        ingest_paths,
        iter_records,
        sample_paths,
    )
    from trialfinder.ingest.ctgov_v2 import parse_study, parse_study_json
    from trialfinder.ingest.ctgov_v2_export import export_study
    from trialfinder.ingest.loader import ingest_records
    from trialfinder.ingest.reader import RawRecord, iter_raw_records
    from trialfinder.ingest.rows import prepare_batch
    from trialfinder.match import (
        MatchReport,
        TrialResult,
        criterion_constraints,
        judge,
        match_parsed,
        match_records,
        match_store,
    )
    from trialfinder.model import DerivedRecord, Trial
    from trialfinder.patient import (
        Fact,
        PatientFacts,
        PatientProfile,
        extract_facts,
        is_disease,
        load_profile,
        split_sentences,
    )
    from trialfinder.places import haversine_km, parse_distance, resolve_place
    from trialfinder.retrieval import DEFAULT_STATUSES, Shortlist, ShortlistEntry, find_trials
    from trialfinder.screen import screen_cohort, write_rows
    from trialfinder.search import (
        STATUSES,
        QueryError,
        SearchHit,
        SearchQuery,
        SearchResult,
        build_query,
        decode_page_token,
        encode_page_token,
        locations,
        open_store,
        page_token_key,
        parse_text,
        set_search_tables,
        warm_up,
    )
    from trialfinder.search import search as search_trials
    from trialfinder.settings import Settings
    from trialfinder.spelling import SpellingCorrector
    from trialfinder.store import Store, StoreStats
    from trialfinder.store import open_store as open_store_without_index
    from trialfinder.store.records import in_dictionary_training_half
    from trialfinder.store.transfer import copy_store
    from trialfinder.vocabulary import load_vocabulary
    from trialfinder.web.app import create_app

# Public name -> the module that defines it today. The search function is
# ``search_trials`` here: ``trialfinder.search`` is also the search package, and
# importing it sets that attribute to the package, whatever was there before.
_HOMES = {
    "search_trials": "trialfinder.search",  # there named ``search`` (_RENAMED)
    "Settings": "trialfinder.settings",
    # the web app (what ``trialfinder serve`` runs), for in-process measurement
    "create_app": "trialfinder.web.app",
    # records
    "Trial": "trialfinder.model",
    "DerivedRecord": "trialfinder.model",
    # the store
    "Store": "trialfinder.store",
    "StoreStats": "trialfinder.store",
    "in_dictionary_training_half": "trialfinder.store.records",
    "open_store": "trialfinder.search",  # the store with its search index attached
    "open_store_without_index": "trialfinder.store",  # there named ``open_store`` (_RENAMED)
    "copy_store": "trialfinder.store.transfer",  # a store to another backend, as stored
    # ingest
    "IngestSummary": "trialfinder.ingest",
    "RecordResult": "trialfinder.ingest",
    "SkippedRecord": "trialfinder.ingest",
    "ingest_paths": "trialfinder.ingest",
    "ingest_records": "trialfinder.ingest.loader",
    "iter_records": "trialfinder.ingest",
    # a record's bytes as read, and what an ingest worker makes of a batch of them
    "RawRecord": "trialfinder.ingest.reader",
    "iter_raw_records": "trialfinder.ingest.reader",
    "prepare_batch": "trialfinder.ingest.rows",
    "parse_study": "trialfinder.ingest.ctgov_v2",
    "parse_study_json": "trialfinder.ingest.ctgov_v2",
    "sample_paths": "trialfinder.ingest",
    # the ClinicalTrials.gov API v2 shape of a record
    "export_study": "trialfinder.ingest.ctgov_v2_export",
    # places
    "haversine_km": "trialfinder.places",
    "parse_distance": "trialfinder.places",
    "resolve_place": "trialfinder.places",
    # search
    "QueryError": "trialfinder.search",
    "STATUSES": "trialfinder.search",
    "SearchHit": "trialfinder.search",
    "SearchQuery": "trialfinder.search",
    "SearchResult": "trialfinder.search",
    "build_query": "trialfinder.search",
    "decode_page_token": "trialfinder.search",
    "encode_page_token": "trialfinder.search",
    "locations": "trialfinder.search",
    "page_token_key": "trialfinder.search",
    "parse_text": "trialfinder.search",
    "warm_up": "trialfinder.search",
    "set_search_tables": "trialfinder.search",  # a PostgreSQL database's own search tables
    # criteria
    "CRITERIA_KIND": "trialfinder.criteria",
    "CRITERIA_SUMMARY_KIND": "trialfinder.criteria",
    "PARSER_VERSION": "trialfinder.criteria",
    "CriteriaSummary": "trialfinder.criteria",
    "Criterion": "trialfinder.criteria",
    "ParsedCriteria": "trialfinder.criteria",
    "decode_criteria": "trialfinder.criteria",
    "derive_criteria_record": "trialfinder.criteria",
    "encode_criteria": "trialfinder.criteria",
    "encode_criteria_summary": "trialfinder.criteria",
    "parse_trial_criteria": "trialfinder.criteria",
    "summarize_criteria": "trialfinder.criteria",
    "analyse_text": "trialfinder.criteria.parse",
    # the medical vocabulary (MeSH)
    "load_vocabulary": "trialfinder.vocabulary",
    "SpellingCorrector": "trialfinder.spelling",
    # patients and matching
    "Fact": "trialfinder.patient",
    "PatientFacts": "trialfinder.patient",
    "PatientProfile": "trialfinder.patient",
    "extract_facts": "trialfinder.patient",
    "load_profile": "trialfinder.patient",
    "split_sentences": "trialfinder.patient",
    "is_disease": "trialfinder.patient",
    "criterion_constraints": "trialfinder.match",
    "MatchReport": "trialfinder.match",
    "TrialResult": "trialfinder.match",
    "judge": "trialfinder.match",
    "match_parsed": "trialfinder.match",
    "match_records": "trialfinder.match",
    "match_store": "trialfinder.match",
    # patient -> ranked, explained shortlist
    "DEFAULT_STATUSES": "trialfinder.retrieval",
    "Shortlist": "trialfinder.retrieval",
    "ShortlistEntry": "trialfinder.retrieval",
    "find_trials": "trialfinder.retrieval",
    # patients from an EHR, cohorts
    "PatientRecord": "trialfinder.fhir",
    "read_bulk_export": "trialfinder.fhir",
    "read_fhir_json": "trialfinder.fhir",
    "screen_cohort": "trialfinder.screen",
    "write_rows": "trialfinder.screen",
    # measuring the pre-screener
    "ExtractionReport": "trialfinder.evaluate",
    "LabeledPair": "trialfinder.evaluate",
    "evaluate_chia": "trialfinder.evaluate",
    "evaluate_criteria": "trialfinder.evaluate",
    "criterion_from_text": "trialfinder.evaluate",
    "title_concepts": "trialfinder.evaluate",
    "evaluate_lct": "trialfinder.evaluate",
    "extraction_portion": "trialfinder.evaluate",
    "load_pairs": "trialfinder.evaluate",
    "expert_status": "trialfinder.evaluate",
    "pair_features": "trialfinder.evaluate",
    "patient_halves": "trialfinder.evaluate",
}

# Public names whose module spells them otherwise.
_RENAMED = {"search_trials": "search", "open_store_without_index": "open_store"}

__all__ = [
    "CRITERIA_KIND",
    "CRITERIA_SUMMARY_KIND",
    "DEFAULT_STATUSES",
    "PARSER_VERSION",
    "STATUSES",
    "CriteriaSummary",
    "Criterion",
    "DerivedRecord",
    "ExtractionReport",
    "Fact",
    "IngestSummary",
    "LabeledPair",
    "MatchReport",
    "ParsedCriteria",
    "PatientFacts",
    "PatientProfile",
    "PatientRecord",
    "QueryError",
    "RawRecord",
    "RecordResult",
    "SearchHit",
    "SearchQuery",
    "SearchResult",
    "Settings",
    "Shortlist",
    "ShortlistEntry",
    "SkippedRecord",
    "SpellingCorrector",
    "Store",
    "StoreStats",
    "Trial",
    "TrialResult",
    "__version__",
    "analyse_text",
    "build_query",
    "copy_store",
    "create_app",
    "criterion_constraints",
    "criterion_from_text",
    "decode_criteria",
    "decode_page_token",
    "derive_criteria_record",
    "encode_criteria",
    "encode_criteria_summary",
    "encode_page_token",
    "evaluate_chia",
    "evaluate_criteria",
    "evaluate_lct",
    "expert_status",
    "export_study",
    "extract_facts",
    "extraction_portion",
    "find_trials",
    "haversine_km",
    "in_dictionary_training_half",
    "ingest_paths",
    "ingest_records",
    "is_disease",
    "iter_raw_records",
    "iter_records",
    "judge",
    "load_pairs",
    "load_profile",
    "load_vocabulary",
    "locations",
    "match_parsed",
    "match_records",
    "match_store",
    "open_store",
    "open_store_without_index",
    "page_token_key",
    "pair_features",
    "parse_distance",
    "parse_study",
    "parse_study_json",
    "parse_text",
    "parse_trial_criteria",
    "patient_halves",
    "prepare_batch",
    "read_bulk_export",
    "read_fhir_json",
    "resolve_place",
    "sample_paths",
    "screen_cohort",
    "search_trials",
    "set_search_tables",
    "split_sentences",
    "summarize_criteria",
    "title_concepts",
    "warm_up",
    "write_rows",
]


def __getattr__(name: str) -> Any:
    """Import a public name from its module on first use, then keep it here."""
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'trialfinder' has no attribute {name!r}")
    value = getattr(import_module(home), _RENAMED.get(name, name))
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
