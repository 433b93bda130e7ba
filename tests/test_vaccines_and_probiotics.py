"""Vaccinations and probiotics a criterion names by their class or kind.

Criteria ask whether a patient "Received any prior HBV vaccination", was "vaccinated with live
attenuated vaccines within 28 days" or has "taken antibiotics or probiotics within the past 4
weeks"; notes say "No HBV vaccination on record", "never vaccinated against hep B", "yellow
fever vaccine 2 weeks ago" or "Lactobacillus probiotic ordered 20 Nov 2026". The classes come
from MeSH (Vaccines D014612 and its tree D20.215.894, Vaccines, Attenuated D014613, Probiotics
D019936) and FDA labels, and are data (``concepts.json``, each family with its source).
Criteria are the real text of trials in ``../shared``.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged
from test_treatments_procedures_devices import _status, _text
from trialfinder.criteria.lexicon import load_lexicon

HBV_VACCINATION = ("NCT00739752", "Received any prior HBV vaccination")
LIVE_VACCINES = ("NCT05482568", "Live attenuated vaccine was administered within 28 days")
LIVE_OR_INACTIVATED = ("NCT05380934", "8 Those who are vaccinated with live attenuated vaccines")
PROBIOTICS = ("NCT05481619", "have taken antibiotics or probiotics within the past 4 weeks")


def test_a_cancer_vaccine_is_no_vaccination_against_an_infection() -> None:
    assert "vaccines" not in load_lexicon().ancestors["cancer_vaccines"]


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("No HBV vaccination on record, never had hepatitis B.", "not_met"),
        ("HBsAg neg, anti-HBc neg, anti-HBs neg - never vaccinated against hep B.", "not_met"),
        ("Hepatitis B vaccination course completed 2015.", "met"),
        ("Engerix-B three doses in 2010.", "met"),
        ("Asthma.", "unknown"),
    ],
)
def test_a_hepatitis_b_vaccination_is_read_on_both_sides(note: str, expected: str) -> None:
    assert _status(*HBV_VACCINATION, note) == expected


def test_a_vaccination_is_not_the_infection() -> None:
    """ "Hepatitis B vaccination" is met as a vaccination, not as a patient with hepatitis B."""
    text, section = _text(*HBV_VACCINATION)
    note = "Hepatitis B vaccination course completed 2015."
    result = judged(text, section, facts(age=60, sex="female", note=note))
    assert result.status == "met"
    assert "vaccination" in result.reason
    # "the patient has had HBV vaccination" (a course completed in 2015), never "the patient
    # has hepatitis B".
    assert "hepatitis" not in result.reason.lower()


@pytest.mark.parametrize(
    "note", ["Never vaccinated against influenza.", "No vaccination against measles."]
)
def test_a_denied_vaccine_against_another_infection_says_nothing_of_hepatitis_b(note: str) -> None:
    assert _status(*HBV_VACCINATION, note) == "unknown"


@pytest.mark.parametrize(
    ("criterion", "note", "expected"),
    [
        (LIVE_VACCINES, "Yellow fever vaccine 2 weeks ago.", "met"),
        (LIVE_OR_INACTIVATED, "Yellow fever vaccine 2 weeks ago.", "met"),
        # A vaccine the note does not say is live is not one.
        (LIVE_VACCINES, "Influenza vaccine last week.", "unknown"),
    ],
)
def test_a_live_vaccine_is_read_against_the_criterions_window(
    criterion: tuple[str, str], note: str, expected: str
) -> None:
    assert _status(*criterion, note) == expected


def test_a_probiotic_within_the_window_meets_the_criterion() -> None:
    assert _status(*PROBIOTICS, "Lactobacillus probiotic started 1 week ago.") == "met"


def test_a_treatment_taken_inside_a_denied_window_fails_the_inclusion_whatever_the_other() -> None:
    """ "Not taking antibiotics or probiotics within the past 4 weeks" asks for neither: the
    patient's antibiotic two weeks ago fails it though the note is silent on probiotics."""
    text, section = _text("NCT05481619", "Not taking antibiotics or probiotics")
    note = "Amoxicillin for a chest infection 2/52 ago."
    assert judged(text, section, facts(age=34, sex="male", note=note)).status == "not_met"


def test_vaccines_a_note_says_are_delayed_were_not_given() -> None:
    """ "they are delaying some of his vaccines" (a SIGIR topic) says the vaccines were
    not given: no vaccination is read."""
    note = (
        "The parents deny the possibility of foreign body ingestion or trauma, and they "
        "report that they are delaying some of his vaccines."
    )
    assert not [f for f in facts(age=5, sex="male", note=note).facts if f.concept == "vaccines"]


@pytest.mark.parametrize(
    ("nct_id", "start"),
    [
        ("NCT06038539", "Patients who have received any previous systemic therapy"),
        ("NCT06467357", "Prior exposure to other HER2 targeting therapies"),
    ],
)
def test_an_antitumour_vaccine_is_a_cancer_vaccine_not_a_vaccination(
    nct_id: str, start: str
) -> None:
    text, section = _text(nct_id, start)
    note = "Influenza vaccine last week. Hepatitis B vaccination course completed 2015."
    assert judged(text, section, facts(age=60, sex="female", note=note)).status != "met"


@pytest.mark.parametrize("note", ["ECT stopped in 2023.", "ECT stopped in March 2023."])
def test_a_year_after_stopped_dates_the_stop(note: str) -> None:
    """ "stopped in 2023": the year it ended (when it began is not given), so a window of
    one year is not met in 2026."""
    [fact] = [f for f in facts(age=60, sex="female", note=note).facts if f.concept]
    assert (fact.start_year, fact.end_year) == (None, 2023)
    assert _status("NCT00739908", "Electroconvulsive therapy within 1 year", note) == "not_met"


@pytest.mark.parametrize(
    "note",
    ["Vaccinated against hepatitis B in 2010.", "Hepatitis B vaccination course completed 2015."],
)
def test_a_vaccination_against_hepatitis_b_is_no_prior_infection(note: str) -> None:
    """MeSH reads "hepatitis B" inside the vaccine's words too; the vaccination says nothing
    of an infection."""
    assert _status("NCT00739752", "Prior infection of Hepatitis B", note) == "unknown"
