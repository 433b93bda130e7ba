"""One table of British spellings for the vocabulary build and the reader (issue 12).

The build wrote every MeSH term in British spelling by its own rules
(``BRITISH_SPELLING_RULES`` in scripts/build_vocabulary.py) and ``trialfinder.vocabulary``
undid them by a hand-written inverse ("ae"/"oe" to "e", "our" to "or") that mangled the
British names it did not write ("leukoencephalitis" became "leukencephalitis",
"behavioural" stayed), so a note's "epithelioid haemangioendothelioma" read as a misspelling
and named nothing. Both now read ``data/vocabulary/british_spelling.json``: the build forward,
the reader back, last rule first.
"""

from __future__ import annotations

import msgspec
import pytest

from conftest import packaged_data, script_module
from test_judge_entailment import facts
from trialfinder.vocabulary import SpellingTable, Vocabulary, british_spelling, load_vocabulary


@pytest.fixture(scope="module")
def vocabulary() -> Vocabulary:
    return load_vocabulary()


def _names_the_heading(vocabulary: Vocabulary, phrase: str, heading: str) -> bool:
    return any(
        reading.concept.name == heading and vocabulary.names_it(phrase, reading)
        for reading in vocabulary.lookup(phrase)
    )


@pytest.mark.parametrize(
    ("phrase", "heading"),
    [
        ("epithelioid haemangioendothelioma", "Hemangioendothelioma, Epithelioid"),
        ("acute haemorrhagic leukoencephalitis", "Leukoencephalitis, Acute Hemorrhagic"),
        ("cognitive behavioural therapy", "Cognitive Behavioral Therapy"),
        ("gastroesophageal laceration haemorrhage", "Mallory-Weiss Syndrome"),
        # British spellings the hand-written inverse read already stay names.
        ("oesophageal cancer", "Esophageal Neoplasms"),
        ("anaemia", "Anemia"),
        ("dyspnoea", "Dyspnea"),
        ("tumour", "Neoplasms"),
    ],
)
def test_a_british_spelling_of_a_mesh_name_names_its_heading(
    vocabulary: Vocabulary, phrase: str, heading: str
) -> None:
    assert _names_the_heading(vocabulary, phrase, heading)


def test_a_notes_british_spelling_reads_as_the_mesh_disease() -> None:
    patient = facts(note="52F with epithelioid haemangioendothelioma of the liver.")
    assert [f.words for f in patient.vocabulary_facts] == ["epithelioid haemangioendothelioma"]


def test_the_build_derives_british_terms_by_the_packaged_table() -> None:
    build = script_module("build_vocabulary")
    assert build.british_spelling is british_spelling
    assert british_spelling("esophageal hemorrhage") == "oesophageal haemorrhage"
    assert british_spelling("cognitive behavioral therapy") == "cognitive behavioural therapy"
    # Anchored to their stems; and no term is derived by a read-back-only rule.
    assert british_spelling("hemisphere chemotherapy colorectal humoral") == (
        "hemisphere chemotherapy colorectal humoral"
    )
    assert british_spelling("brain tumor") == "brain tumor"


def test_a_rule_without_its_letters_fails_on_load() -> None:
    data = packaged_data("vocabulary/british_spelling.json")
    msgspec.convert(data, SpellingTable)
    data["rules"][0]["british"] = ""
    with pytest.raises(msgspec.ValidationError, match=r"\$\.rules\[0\]\.british"):
        msgspec.convert(data, SpellingTable)
