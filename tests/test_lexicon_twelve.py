"""Issue 12 (lexicon-twelve): near-miss concepts the judge read as one another.

The criteria lexicon (``data/criteria/concepts.json``) lumped a disease with a sibling or a
narrower disease under one concept, so a note naming one met a criterion asking for the
other, or could not meet a criterion naming its own narrower disease:

* "psychotic features" / "psychotic symptoms" (the DSM-5 specifier of a mood episode) were
  names of psychotic disorder, so "major depression with psychotic features" met "psychotic
  disorder";
* cystitis and pyelonephritis were names of urinary tract infection, so a cystitis (or a bare
  "recurrent UTIs") met "history of pyelonephritis";
* obstructive sleep apnoea (British spelling) was read as sleep apnoea at large, which cannot
  meet "obstructive sleep apnea";
* miscarriage and stillbirth were one concept, so a stillbirth met "three or more
  miscarriages";
* a note's "discoid lupus" was read by MeSH as its last word, "lupus" (SLE).

Criteria are real (Chia, ../shared/data/chia).
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged
from test_lexicon_siblings import AUTOIMMUNE, SLE

# Chia NCT02519777 (exclusion); NCT00182520 (exclusion).
MDD_PSYCHOTIC = "Major depressive disorder with psychotic features"
PSYCHOTIC_DISORDER = (
    "Any other primary DSM-IV diagnosis; DSM-IV criteria for body dysmorphic disorder, bipolar "
    "affective disorder, schizophrenia, psychotic disorder, current alcohol/substance abuse."
)
DEPRESSION_PSYCHOTIC_NOTE = "40F. Major depression with psychotic features in 2019, on sertraline."
# Chia NCT03151603 (exclusion, two lines).
PYELONEPHRITIS = "history of pyelonephritis"
RECENT_UTI = "previous UTI in the past 2 weeks"
# Chia NCT02664558 (exclusion); NCT01604187 (exclusion).
OSA = "14. History of obstructive sleep apnea."
SLEEP_APNOEA = "Sleep apnoea"


def test_psychotic_features_of_a_depression_are_not_a_psychotic_disorder() -> None:
    depression = facts(note=DEPRESSION_PSYCHOTIC_NOTE)
    assert judged(PSYCHOTIC_DISORDER, "exclusion", depression).status != "met"


@pytest.mark.parametrize(
    "note", ["40F. Brief reactive psychosis in 2015.", "40F. Psychotic disorder."]
)
def test_a_psychotic_disorder_still_meets_psychotic_disorder(note: str) -> None:
    assert judged(PSYCHOTIC_DISORDER, "exclusion", facts(note=note)).status == "met"


def test_psychotic_features_meet_a_criterion_naming_them() -> None:
    assert judged(MDD_PSYCHOTIC, "exclusion", facts(note=DEPRESSION_PSYCHOTIC_NOTE)).status == "met"
    no_features = facts(note="40F. Recurrent MDD, no psychotic features.")
    assert judged(MDD_PSYCHOTIC, "exclusion", no_features).status == "not_met"


@pytest.mark.parametrize(
    "note", ["30F. Cystitis in 2024, treated with nitrofurantoin.", "30F. Recurrent UTIs."]
)
def test_cystitis_or_a_bare_uti_does_not_meet_pyelonephritis(note: str) -> None:
    found = judged(PYELONEPHRITIS, "exclusion", facts(note=note))
    assert found.status != "met", found.reason


def test_pyelonephritis_meets_pyelonephritis() -> None:
    note = "30F. Pyelonephritis in 2023, admitted for IV antibiotics."
    assert judged(PYELONEPHRITIS, "exclusion", facts(note=note)).status == "met"


@pytest.mark.parametrize(
    "note", ["30F. Cystitis last week, on nitrofurantoin.", "30F. Pyelonephritis last week."]
)
def test_cystitis_and_pyelonephritis_are_urinary_tract_infections(note: str) -> None:
    assert judged(RECENT_UTI, "exclusion", facts(note=note)).status == "met"


@pytest.mark.parametrize(
    "note", ["55M. Obstructive sleep apnoea on CPAP.", "55M. OSA on CPAP since 2020."]
)
def test_obstructive_sleep_apnoea_meets_obstructive_sleep_apnea(note: str) -> None:
    found = judged(OSA, "exclusion", facts(note=note))
    assert found.status == "met", found.reason
    assert judged(SLEEP_APNOEA, "exclusion", facts(note=note)).status == "met"


def test_central_sleep_apnoea_does_not_meet_obstructive_sleep_apnea() -> None:
    found = judged(OSA, "exclusion", facts(note="55M. Central sleep apnoea."))
    assert found.status != "met", found.reason


@pytest.mark.parametrize(
    "note", ["40F. Discoid lupus of the scalp.", "40F. Cutaneous lupus on hydroxychloroquine."]
)
def test_cutaneous_lupus_without_erythematosus_is_not_systemic_lupus(note: str) -> None:
    """The note's MeSH reader found no heading for "discoid lupus" and read its last word,
    "lupus" (a lay name of SLE): a lay name inside a longer lexicon condition is a word of
    that name, not a disease of its own."""
    found = judged(SLE, "exclusion", facts(note=note))
    assert found.status != "met", found.reason
    assert judged(AUTOIMMUNE, "exclusion", facts(note=note)).status == "met"


def test_lupus_alone_is_still_systemic_lupus() -> None:
    note = "40F. Lupus nephritis class IV and lupus on hydroxychloroquine."
    assert judged(SLE, "exclusion", facts(note=note)).status == "met"


# Chia NCT03619707 (exclusion); NCT02673359 (inclusion).
MISCARRIAGES = "History of three or more miscarriages"
MIDTRIMESTER_MISCARRIAGE = (
    "History of preterm labor and/or midtrimester miscarriage in a previous pregnancy."
)


def test_a_stillbirth_is_not_a_miscarriage() -> None:
    note = "32F. Stillbirth at 38 weeks in 2021; G3P1."
    found = judged(MISCARRIAGES, "exclusion", facts(note=note))
    assert found.status != "met", found.reason
    found = judged(MIDTRIMESTER_MISCARRIAGE, "inclusion", facts(note=note))
    assert "patient has miscarriage" not in found.reason, found.reason


def test_a_miscarriage_still_meets_miscarriage() -> None:
    note = "32F. Miscarriage at 16 weeks in 2022."
    assert judged(MISCARRIAGES, "exclusion", facts(note=note)).status != "not_met"
    found = judged(MIDTRIMESTER_MISCARRIAGE, "inclusion", facts(note=note))
    assert "patient has miscarriage" in found.reason, found.reason
