"""One reader for each thing the judge reads.

The note reading gives a fact what became of it (cured, ended) with the cue that said
so, and the judge reads that state instead of the fact's sentence again; the context
data keeps a tumour marker's results apart from the consequences that qualify a
condition, each with its one consumer.
"""

from __future__ import annotations

import json
from importlib import resources

import msgspec
import pytest

from trialfinder.criteria.context import load_context_rules
from trialfinder.criteria.model import ConceptMention, RequiredTreatment
from trialfinder.criteria.parse import parse_criterion
from trialfinder.criteria.tables import Cues
from trialfinder.patient import Fact, PatientProfile, extract_facts


def concept_facts(note: str, concept: str) -> list[Fact]:
    facts = extract_facts(PatientProfile(note=note))
    return facts.concept_facts(concept)[0]


def test_an_infection_the_note_says_is_cured_carries_the_cure_and_its_cue() -> None:
    (fact,) = concept_facts("Hep C treated in 2021, SVR, HCV RNA undetectable.", "hepatitis_c")
    assert (fact.state, fact.state_cue) == ("cured", "svr")


def test_a_habit_the_note_says_ended_carries_the_end_and_its_cue() -> None:
    facts = concept_facts("68M, ex-smoker, quit in 2015. Hypertension.", "smoking")
    assert [(f.state, f.state_cue) for f in facts] == [("ended", "ex-smoker")]


def test_a_fact_whose_sentence_says_no_end_is_current() -> None:
    (fact,) = concept_facts(
        "Chronic hepatitis C, genotype 1a, HCV RNA 2.1 million IU/mL.", "hepatitis_c"
    )
    assert (fact.state, fact.state_cue) == ("current", "")


def test_a_cure_word_does_not_cure_a_habit() -> None:
    facts = concept_facts("Hep C eradicated in 2019; current smoker, 20 a day.", "smoking")
    assert [f.state for f in facts] == ["current"]


def test_a_cure_written_on_one_infection_leaves_another_in_its_sentence_current() -> None:
    """ "HIV on ART, hepatitis C cured in 2020": the cure is the hepatitis C's; the HIV goes
    on (it was read cured, so "Known HIV infection" was not met for a patient on ART)."""
    note = "HIV on ART, hepatitis C cured in 2020."
    assert [f.state for f in concept_facts(note, "hiv")] == ["current"]
    assert [f.state for f in concept_facts(note, "hepatitis_c")] == ["cured"]


def test_an_end_written_on_one_habit_leaves_the_condition_before_it_current() -> None:
    """ "Hepatitis B, quit smoking in 2015": what ended is the smoking."""
    note = "Hepatitis B, quit smoking in 2015."
    assert [f.state for f in concept_facts(note, "hepatitis_b")] == ["current"]
    assert [f.state for f in concept_facts(note, "smoking")] == ["ended"]


def test_marker_results_and_consequences_are_kept_apart() -> None:
    rules = load_context_rules()
    assert "her2 negative" in rules.marker_results
    assert "egfr wild type" in rules.marker_results
    assert "hospital-treated" in rules.consequences
    assert "requiring hospitalization" in rules.consequences["hospital-treated"]
    assert not rules.marker_results.keys() & rules.consequences.keys()
    assert all(" " not in c and "-" in c for c in rules.consequences)


def test_the_parse_gives_a_condition_the_treatments_it_must_have_needed() -> None:
    """NCT06627647 "… autoimmune or inflammatory disorders requiring chronic treatment with
    steroids or other immunosuppressive treatment": the parse reads the treatments once, as
    part of the condition, and the judge reads them there."""
    text = (
        "Active or prior documented autoimmune or inflammatory disorders requiring chronic "
        "treatment with steroids or other immunosuppressive treatment."
    )
    constraints, _ = parse_criterion(text, "exclusion")
    conditions = [
        c for c in constraints if isinstance(c, ConceptMention) and c.category == "condition"
    ]
    needed = {c.text: [(t.concept, t.text) for t in c.required_treatments] for c in conditions}
    assert needed["autoimmune"] == [
        ("corticosteroids", "steroids"),
        ("immunosuppressants", "immunosuppressive"),
    ]
    assert all(isinstance(t, RequiredTreatment) for c in conditions for t in c.required_treatments)


def test_a_condition_written_without_a_need_requires_no_treatment() -> None:
    constraints, _ = parse_criterion("History of autoimmune disease.", "exclusion")
    assert all(not c.required_treatments for c in constraints if isinstance(c, ConceptMention))


def test_requirement_words_are_validated_data() -> None:
    """The words that say what a condition needed are ``cues.json`` data, checked on load."""
    path = resources.files("trialfinder").joinpath("data/criteria/cues.json")
    data = json.loads(path.read_text())
    assert "requiring" in msgspec.json.decode(json.dumps(data), type=Cues).requirement_words
    data["requirement_words"] = ["Requiring "]
    with pytest.raises(msgspec.ValidationError, match="requirement word"):
        msgspec.json.decode(json.dumps(data), type=Cues)
