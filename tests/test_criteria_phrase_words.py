"""A criterion is searched for a phrase only where its words are (ingest speed, issue 18).

The prior-line patterns (``therapy_lines``: "treatment-naive", "no prior systemic
therapy", "eligible for second-line …", a count's "lines"/"regimens") open with a
look-behind, so a search tried them at every position of every criterion although
~1% of criteria name a line at all. ``lexicon.may_hold_a_phrase`` skips the search where
no phrase has all its words among the criterion's (ASCII text only: outside ASCII a
letter can match another case-insensitively). The readings must not move: every
criterion of the real API v2 studies in ``../shared`` reads the same with the words
given as without them.
"""

from __future__ import annotations

import re

from conftest import shared_path
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.lexicon import (
    filter_words,
    may_hold_a_phrase,
    phrase_pattern,
    phrase_words,
    tokenize_lowered,
)
from trialfinder.criteria.therapy_lines import prior_lines
from trialfinder.ingest import iter_records


def _real_criteria() -> list[tuple[str, bool]]:
    path = shared_path("data/ctgov_v2/studies_v2.jsonl")
    criteria: list[tuple[str, bool]] = []
    for record in iter_records([path]):
        if record.trial is not None:
            parsed = parse_trial_criteria(record.trial)
            criteria.extend((c.text, c.section == "exclusion") for c in parsed.iter_criteria())
    return criteria


def test_every_real_criterion_reads_the_same_prior_lines_with_its_words_given() -> None:
    criteria = _real_criteria()
    read = 0
    for text, exclusion in criteria:
        alone = prior_lines(text, exclusion=exclusion)
        assert prior_lines(text, exclusion=exclusion, lowered=tokenize_lowered(text)[1]) == alone
        read += bool(alone)
    assert len(criteria) > 4_000 and read > 10  # the real text has prior lines to read


def test_a_phrase_is_skipped_only_where_its_words_are_missing() -> None:
    phrases = ["no prior systemic therapy", "treatment-naive"]
    pattern, words = phrase_pattern(phrases), phrase_words(phrases)
    for text in (
        "Treatment-Naive patients with stage IV disease",
        "NO PRIOR SYSTEMIC THERAPY for metastatic disease",
        "Prior systemic therapy is allowed",
        "naive to treatment",
        "pre_treatment-naive",
    ):
        may = may_hold_a_phrase(words, filter_words(text, tokenize_lowered(text)[1]))
        assert may or pattern.search(text) is None, text
    assert not may_hold_a_phrase(words, filter_words("Prior systemic therapy", ["prior"]))


def test_text_outside_ascii_is_always_searched() -> None:
    # "ſ" (long s) matches "s" case-insensitively, so its word is no test of the phrase.
    text = "No prior ſystemic therapy"
    assert re.search("systemic", text, re.IGNORECASE)
    assert filter_words(text, tokenize_lowered(text)[1]) is None
    assert prior_lines(text, lowered=tokenize_lowered(text)[1]) == prior_lines(text)
    assert prior_lines(text)
