"""Issue 12, thirty-first session: a disease only MeSH names is dated as a lexicon fact is.

The note reader dates each disease it reads by MeSH (``VocabularyFact.dated``) by the same
code as a lexicon fact (``patient._date_finding``), and an exclusion of such a disease
within a window ("History within past 2 years of: Significant head trauma", NCT00739908)
weighs that date against the window as a lexicon fact's is: within it, met; before it, not
met; undated, unknown, never not met. Family, denied and hypothetical mentions never meet
it, and a disease the criterion names as a drug's risk is no disease of the patient's.
"""

from __future__ import annotations

import datetime

from test_criteria_elided_names import legacy_criterion
from test_judge_entailment import facts
from test_judge_general import both, criterion_of, written
from trialfinder.patient import PatientProfile, extract_facts


def test_a_mesh_only_disease_the_note_dates_within_the_window_meets_the_exclusion() -> None:
    criterion = legacy_criterion("NCT00739908", "History within past 2 years of")
    assert not criterion.constraints  # the lexicon reads nothing: MeSH's head trauma alone
    patient = facts(note="A 30-year-old man. He had a head injury three weeks ago.")
    assert both(criterion, patient) == ("met", "met")
    patient = facts(note="A 30-year-old man. Severe traumatic brain injury 18 months ago.")
    assert both(criterion, patient) == ("met", "met")


def test_a_mesh_only_disease_dated_long_before_the_window_does_not_meet_it() -> None:
    criterion = legacy_criterion("NCT00739908", "History within past 2 years of")
    patient = facts(note="A 30-year-old man. Head trauma in 2015.")
    assert both(criterion, patient) == ("not_met", "not_met")


def test_an_undated_mesh_only_disease_leaves_the_window_unknown() -> None:
    criterion = legacy_criterion("NCT00739908", "History within past 2 years of")
    patient = facts(note="A 30-year-old man with a history of head trauma.")
    assert both(criterion, patient) == ("unknown", "unknown")


def test_a_relatives_denied_or_possible_disease_never_meets_the_window() -> None:
    criterion = legacy_criterion("NCT00739908", "History within past 2 years of")
    for note in (
        "A 30-year-old man. His brother had a head injury last month.",
        "A 30-year-old man. No head injury in the last year.",
        "A 30-year-old man. Rule out head injury 2 weeks ago.",
    ):
        assert "met" not in both(criterion, facts(note=note)), note


def test_a_disease_going_on_since_a_year_is_within_the_window() -> None:
    criterion = written("Adrenal insufficiency within the past 6 months", "exclusion")
    patient = facts(note="A 40-year-old woman with adrenal insufficiency since 2019.")
    assert both(criterion, patient) == ("met", "met")


def test_a_diagnosis_year_dates_when_a_mesh_only_disease_began_not_when_it_ended() -> None:
    # Whether adrenal insufficiency diagnosed in 2015 goes on, MeSH does not say.
    criterion = written("Adrenal insufficiency within the past 6 months", "exclusion")
    patient = facts(note="A 40-year-old woman with adrenal insufficiency diagnosed in 2015.")
    assert both(criterion, patient) == ("unknown", "unknown")


def test_a_disease_named_as_a_drugs_risk_is_not_dated_against_the_window() -> None:
    criterion = criterion_of("NCT05813288", "Treatment with selected drugs known to have")
    patient = facts(note="A 50-year-old man. Neutropenia 2 weeks ago.")
    assert "met" not in both(criterion, patient)


def test_the_note_reader_dates_a_mesh_only_disease_as_it_dates_a_lexicon_one() -> None:
    today = datetime.date(2026, 12, 7)
    read = extract_facts(
        PatientProfile(note="Adrenal insufficiency and hypertension since 2019."), today
    )
    (adrenal,) = [f for f in read.vocabulary_facts if f.words.lower() == "adrenal insufficiency"]
    (hypertension,) = [f for f in read.facts if f.concept == "hypertension"]
    assert adrenal.dated is not None
    assert (adrenal.dated.start_year, adrenal.dated.end_year) == (2019, None)
    assert (hypertension.start_year, hypertension.end_year) == (2019, None)
    (tia,) = extract_facts(
        PatientProfile(note="She had a TIA three weeks ago."), today
    ).vocabulary_facts
    assert tia.dated is not None and tia.dated.days_ago == 21
    (undated,) = extract_facts(
        PatientProfile(note="History of pancreatitis."), today
    ).vocabulary_facts
    assert undated.dated is None


def test_a_dated_note_dates_its_mesh_only_diseases_from_the_day_it_was_written() -> None:
    profile = PatientProfile(
        note="He had a head injury three weeks ago.", note_date=datetime.date(2025, 11, 2)
    )
    (injury,) = extract_facts(profile, datetime.date(2026, 12, 7)).vocabulary_facts
    assert injury.dated is not None and injury.dated.days_ago == 21 + 400
