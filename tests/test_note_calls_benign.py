"""The note calling a growth benign has one reader (issue 12): ``judging.written_benign``.

The lexicon's path (``concept_findings``) read any "benign … tumour/growth/mass" in the
sentence, so a benign growth beside a cancer hid the cancer ("lung cancer and a benign
adrenal tumour" left "History of malignancy" unknown); MeSH's path (``disease_kinds``) read
"benign" right before the fact's own words. Both now ask one reader, with the word as data
(``benign_words`` of ``judge_cues``): "benign" right before the growth's words, or one word
before them, in British or American spelling; a benign growth elsewhere in the sentence and
"not benign" after the growth call it nothing.
"""

from __future__ import annotations

import msgspec
import pytest

from conftest import packaged_data
from test_judge_entailment import facts, judged
from trialfinder.judging.written_benign import calls_benign, calls_concept_benign
from trialfinder.patient import Fact, VocabularyFact, read_screening_rules

HISTORY_OF_MALIGNANCY = "History of malignancy"


def _vocabulary_fact(note: str) -> VocabularyFact:
    """The note's first disease read by MeSH ("tumour": Neoplasms; "tumor of the adrenal
    gland": Adrenal Gland Neoplasms)."""
    return facts(note=note).vocabulary_facts[0]


def _concept_fact(note: str, concept: str) -> Fact:
    return next(f for f in facts(note=note).facts if f.kind == "concept" and f.concept == concept)


@pytest.mark.parametrize(
    ("note", "benign"),
    [
        ("45F with a benign tumour of the adrenal gland.", True),
        ("45F with a benign tumor of the adrenal gland.", True),
        ("45F with a benign adrenal tumour.", True),
        ("45F with a benign adrenal tumor.", True),
        ("45F with a benign, slow-growing adrenal tumour.", False),
        ("45F with an adrenal tumour and a benign skin growth.", False),
        ("45F with an adrenal tumour; the adrenal mass is not benign.", False),
    ],
)
def test_mesh_facts_are_benign_only_where_the_word_is_right_before_them(
    note: str, benign: bool
) -> None:
    assert calls_benign(_vocabulary_fact(note)) is benign


@pytest.mark.parametrize(
    "note",
    [
        "45F with a non-benign adrenal tumour.",
        "45F with a non benign adrenal tumour.",
        "45F with a not benign adrenal tumour.",
    ],
)
def test_a_growth_called_non_benign_is_not_benign(note: str) -> None:
    """A growth called "non-benign" or "not benign" was read as "benign" alone, so called
    benign: the word before denies it."""
    assert not calls_benign(_vocabulary_fact(note))


def test_mesh_words_beginning_with_benign_are_benign() -> None:
    assert calls_benign(_vocabulary_fact("52M, benign neoplasm of the skin excised 2019."))


@pytest.mark.parametrize(
    ("note", "concept", "benign"),
    [
        ("45F with a benign tumour of the adrenal gland.", "cancer", True),
        ("45F with a benign adrenal tumor.", "cancer", True),
        ("45F with a benign, slow-growing adrenal tumour.", "cancer", False),
        ("45F with an adrenal tumour and a benign skin growth.", "cancer", False),
        ("45F with an adrenal tumour; the adrenal mass is not benign.", "cancer", False),
        ("45F with lung cancer and a benign adrenal tumour.", "lung_cancer", False),
        ("45F with a benign adrenal tumour and lung cancer.", "lung_cancer", False),
    ],
)
def test_lexicon_facts_are_benign_only_where_the_word_is_right_before_their_mention(
    note: str, concept: str, benign: bool
) -> None:
    assert calls_concept_benign(_concept_fact(note, concept)) is benign


@pytest.mark.parametrize(
    ("note", "met"),
    [
        # A benign growth beside a cancer does not hide the cancer.
        ("45F with lung cancer and a benign adrenal tumour.", True),
        ("45F with a benign adrenal tumor and lung cancer.", True),
        ("45F with an adrenal tumour and a benign skin growth.", True),
        # A growth called benign is no malignancy.
        ("45F with a benign adrenal tumour.", False),
        ("45F with a benign adrenal tumor.", False),
    ],
)
def test_only_the_growth_called_benign_is_no_malignancy(note: str, met: bool) -> None:
    result = judged(HISTORY_OF_MALIGNANCY, "exclusion", facts(note=note))
    assert (result.status == "met") is met, result.reason


def test_an_empty_benign_word_list_fails_on_load_naming_it() -> None:
    data = packaged_data("screening_rules.json")
    data["judge_cues"]["benign_words"] = []
    with pytest.raises(ValueError, match=r"screening_rules\.json.*\$\.judge_cues\.benign_words"):
        read_screening_rules(msgspec.json.encode(data))
