"""A requirement written for one cohort ("Esophageal Cohort Expansion: …", "Part B: …",
"For the expansion cohort: …") is not the patient's unless the note places them in it."""

from __future__ import annotations

import pytest

from test_hand_written_patients import _round_criterion
from test_judge_entailment import facts, status
from trialfinder.criteria.model import Criterion
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import judge

_OVARIAN = (
    "Gynae-oncology 20/11/2026. 61F, metastatic high-grade serous ovarian cancer, "
    "platinum-resistant, progressed after three lines (carboplatin-paclitaxel, "
    "carboplatin-PLD, weekly paclitaxel). No prior immunotherapy. ECOG 1."
)


def test_a_cohorts_cap_on_prior_lines_is_not_asked_of_another_cohorts_patient() -> None:
    """Round twenty-three: NCT03983954's "Previous therapy:" group failed a dose-escalation
    patient with three prior lines by the oesophageal cohort's "Group 2 - prior CPI: … must
    not have had more than 2 prior lines of therapy"."""
    assert _round_criterion("NCT03983954", "Previous therapy:", _OVARIAN, 61, "female") != "not_met"


@pytest.mark.parametrize(
    "text",
    [
        "Part B: no more than 2 prior lines of therapy",
        "For the expansion cohort: no more than 2 prior lines of therapy",
        "Group 2 - prior CPI: must not have had more than 2 prior lines of therapy",
        "No more than 2 prior lines of therapy (expansion cohort only)",
    ],
)
def test_a_requirement_written_for_one_cohort_fails_no_one_outside_it(text: str) -> None:
    note = "Metastatic colon cancer after three prior lines of therapy (FOLFOX, FOLFIRI, TAS-102)."
    assert status(text, "inclusion", note) == "unknown"


def test_a_cap_written_for_every_patient_still_fails() -> None:
    note = "Metastatic colon cancer after three prior lines of therapy (FOLFOX, FOLFIRI, TAS-102)."
    assert status("No more than 2 prior lines of therapy", "inclusion", note) == "not_met"


@pytest.mark.parametrize(
    "text",
    [
        "Patients with prior anti-PD-1, anti PD-L1, or anti-CTLA4 therapy are eligible if they "
        "have received such therapy for a minimum of 6 months and if they have documented "
        "progression "
        "of their disease on or off such therapy.",
        "No more than 1 prior CPI treatment is allowed (prior combination of anti-PD-[L]1 and "
        "anti-CTLA-4 is acceptable).",
    ],
)
def test_a_treatment_an_inclusion_allows_is_not_asked_of_the_patient(text: str) -> None:
    """NCT03983954's "Previous therapy:" items: a treatment named only to say who may still
    take part, or that a combination of it is acceptable, failed a patient who never had it
    ("the patient is not on anti-PD-1")."""
    note = "61F, metastatic ovarian cancer after three lines. No prior immunotherapy. ECOG 1."
    assert status(text, "inclusion", note) != "not_met"


def test_a_treatment_an_inclusion_requires_is_still_asked() -> None:
    note = "61F, metastatic ovarian cancer after three lines. No prior immunotherapy. ECOG 1."
    assert status("Prior anti-PD-1 therapy for at least 6 months", "inclusion", note) == "not_met"


_COLON = (
    "Metastatic colon cancer after three prior lines of therapy (FOLFOX, FOLFIRI, TAS-102).\n"
    "ECOG 1."
)
_OESOPHAGEAL = (
    "Metastatic oesophageal squamous cell carcinoma after three prior lines of therapy "
    "(FOLFOX, paclitaxel, irinotecan). ECOG 1."
)


@pytest.mark.parametrize(
    "text",
    [
        # NCT03983954's cohorts, as the trial writes them
        "Esophageal Cohort Expansion: no more than 2 prior lines of therapy",
        "For the Esophageal Expansion Cohort: Subjects must have histologically confirmed locally "
        "advanced or metastatic ESCC or AC of the esophagus or GEJ (Siewert type 1).",
        "NSCLC cohort: ECOG performance status 0-1",
        "Gastric cancer cohort: no more than 2 prior lines of therapy",
    ],
)
def test_a_requirement_of_another_diseases_cohort_does_not_apply_to_the_patient(text: str) -> None:
    """A cohort's label naming a disease (by MeSH: "Esophageal", "NSCLC") places a patient
    whose cancer is another one (a colon cancer) outside it: its requirement, met or not, is
    not the patient's."""
    assert status(text, "inclusion", _COLON) == "not_applicable"


def test_a_requirement_of_the_patients_own_diseases_cohort_is_judged_as_written() -> None:
    """An oesophageal cancer is in the oesophageal cohort though the note does not name the
    cohort: three prior lines fail its cap of two."""
    text = "Esophageal Cohort Expansion: no more than 2 prior lines of therapy"
    assert status(text, "inclusion", _OESOPHAGEAL) == "not_met"


@pytest.mark.parametrize(
    "note",
    [
        # the note names no cancer of its own kind, or only one broader than the cohort's
        "Three prior lines of therapy (FOLFOX, FOLFIRI, TAS-102). ECOG 1.",
        "Metastatic cancer after three prior lines of therapy (FOLFOX, FOLFIRI, TAS-102).",
    ],
)
def test_a_note_that_does_not_say_the_patients_disease_leaves_the_cohort_open(note: str) -> None:
    text = "Esophageal Cohort Expansion: no more than 2 prior lines of therapy"
    assert status(text, "inclusion", note) == "unknown"


def test_a_cohort_label_naming_no_disease_stays_unknown_for_a_named_cancer() -> None:
    text = "Dose Escalation and MTD Expansion: no more than 2 prior lines of therapy"
    assert status(text, "inclusion", _COLON) == "unknown"


def test_a_broader_name_beside_the_patients_own_cancer_does_not_keep_the_cohort_open() -> None:
    note = "Metastatic colon cancer after three prior lines of therapy. Cancer-related fatigue."
    assert status("NSCLC cohort: ECOG performance status 0-1", "inclusion", note) == (
        "not_applicable"
    )


def test_a_benign_tumour_places_the_patient_in_no_cancers_cohort() -> None:
    """Judge audit: a 21-year-old whose colonic polyps "are all benign adenomas" was put
    outside NCT03983954's oesophageal cohort as if the adenomas were his cancer."""
    note = "Dozens of small colonic polyps within rectosigmoid, biopsied: all benign adenomas."
    text = "Esophageal Cohort Expansion: no more than 2 prior lines of therapy"
    assert status(text, "inclusion", note) != "not_applicable"


def _in_a_trial_of(concepts: frozenset[str], text: str, note: str) -> str:
    constraints, complete = parse_criterion(text, "inclusion")
    criterion = Criterion("C", "inclusion", text, constraints=constraints, complete=complete)
    return judge(criterion, facts(note=note), concepts).status


_HEART_FAILURE = frozenset({"D006333"})  # MeSH Heart Failure
_COLON_CANCER = frozenset({"D003110"})  # MeSH Colonic Neoplasms


def test_an_organs_cohort_of_a_trial_of_no_cancer_does_not_place_by_the_patients_cancer() -> None:
    """Note of the twenty-seventh session: a label naming an organ and no disease ("Cardiac
    cohort") is read as that organ's cancer, right in a cancer trial; in a heart-failure
    trial it would put a patient with a colon cancer outside the cohort as if the cohort were
    one of heart cancers."""
    text = "Cardiac cohort: no more than 2 prior lines of therapy"
    assert _in_a_trial_of(_HEART_FAILURE, text, _COLON) == "unknown"
    assert _in_a_trial_of(frozenset(), text, _COLON) == "not_applicable"
    assert _in_a_trial_of(_COLON_CANCER, text, _COLON) == "not_applicable"
