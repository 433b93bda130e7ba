"""Exclusions of another, prior or second malignancy: a cancer other than the one the trial is
for. The notes are our own words; the criteria are the round trials' (NCT05277844,
NCT06627647, NCT06737822, NCT05952557, NCT05278052)."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import Criterion, Judgement, judge

LUNG_TRIAL = frozenset({"lung_cancer", "cancer"})

SECOND = "Patients with second malignancy (Synchronous or Metachronous)"
ANOTHER = (
    "History of another primary malignancy except for malignancy treated with curative intent "
    "with no known active disease ≥ 2 years before the first dose of study intervention and of "
    "low potential risk for recurrence."
)
PREVIOUS = (
    "History of previous malignancy excluding non-melanoma skin cancers or cervical carcinoma "
    "in situ."
)
UNLESS = (
    "History of any other cancer (except non-melanoma skin cancer or carcinoma in situ of the "
    "cervix or considered a very low risk of recurrence per investigator judgement) unless in "
    "complete remission with no therapy for a minimum of 5 years from the date of randomisation"
)
WITHIN = (
    "Patients with previous history of malignancy within last 3 years from the date of diagnosis"
)


def _judged(text: str, note: str, trial_concepts: frozenset[str]) -> Judgement:
    constraints, complete = parse_criterion(text, "exclusion")
    criterion = Criterion("C", "exclusion", text, constraints=constraints, complete=complete)
    return judge(criterion, facts(age=63, sex="female", note=note), trial_concepts)


@pytest.mark.parametrize(
    ("text", "note", "trial_concepts"),
    [
        (SECOND, "63F. EGFR-mutant lung adenocarcinoma, 3 bone mets. No other cancer.", LUNG_TRIAL),
        (
            ANOTHER,
            "63F. KRAS lung adenocarcinoma, pleural effusion. No other malignancy.",
            LUNG_TRIAL,
        ),
        (
            PREVIOUS,
            "63F. Squamous cell carcinoma of the tongue with neck nodes. No previous cancer.",
            frozenset({"cancer"}),
        ),
    ],
)
def test_a_note_denying_any_other_cancer_does_not_meet_another_malignancy(
    text: str, note: str, trial_concepts: frozenset[str]
) -> None:
    """The trial's own cancer is not the other one, and the exceptions and windows written
    after the other one only narrow it: a note saying there is no other cancer answers it."""
    judgement = _judged(text, note, trial_concepts)
    assert judgement.status == "not_met", judgement.reason


def test_a_second_cancer_the_note_names_meets_a_second_malignancy() -> None:
    """A lung cancer trial's "second malignancy": the Hodgkin lymphoma of twenty years before
    is another cancer than the trial's own, though the trial lists cancer at large too."""
    note = (
        "63F. ALK-positive lung adenocarcinoma with liver metastases on alectinib. "
        "Hodgkin lymphoma at 20, treated with ABVD and chest radiotherapy."
    )
    judgement = _judged(SECOND, note, LUNG_TRIAL)
    assert judgement.status == "met", judgement.reason


@pytest.mark.parametrize(
    ("text", "note", "trial_concepts"),
    [
        # The "unless … for a minimum of 5 years" clause asks of the 2023 cancer; its window
        # failing is no denial.
        (
            UNLESS,
            "63F. Early breast cancer after mastectomy. Prostate cancer treated in 2023.",
            frozenset({"breast_cancer"}),
        ),
        # The malignant effusion is the trial's own lung cancer's, not another malignancy.
        (
            WITHIN,
            "63F. Squamous cell carcinoma of the left lower lobe diagnosed in August 2026. "
            "A malignant right pleural effusion was drained in August.",
            LUNG_TRIAL,
        ),
    ],
)
def test_another_malignancy_is_not_settled_by_what_only_narrows_it(
    text: str, note: str, trial_concepts: frozenset[str]
) -> None:
    judgement = _judged(text, note, trial_concepts)
    assert judgement.status == "unknown", judgement.reason


# Round thirty: NCT05701709 (a phase I study in advanced solid tumours).
ANY_OTHER = (
    "Any other malignancies, excluding cured basal cell carcinoma of the skin and carcinoma in "
    "situ of the cervix, etc. within 5 years prior to initial administration;"
)
# Its condition, "Advanced Solid Tumors", names no cancer of the lexicon's: nothing is set aside.
ADVANCED_SOLID_TUMOURS: frozenset[str] = frozenset()


@pytest.mark.parametrize("text", [ANY_OTHER, ANOTHER, SECOND])
@pytest.mark.parametrize(
    "note",
    [
        "57F, pancreatic ductal adenocarcinoma with liver mets, after FOLFIRINOX.",
        "63F, ampullary adenocarcinoma, unresectable, ECOG 1.",
        "63F, leiomyosarcoma of the uterus with lung metastases.",
    ],
)
def test_a_cancer_read_only_by_mesh_is_the_one_the_patient_is_considered_for(
    text: str, note: str
) -> None:
    """The note's one cancer is the one the patient is considered for, whether the criteria
    lexicon names it ("pancreatic cancer") or only MeSH does ("pancreatic ductal
    adenocarcinoma", Carcinoma, Ductal; "ampullary adenocarcinoma"; "leiomyosarcoma of the
    uterus"): it does not meet an exclusion of another, second or other malignancy
    (NCT05701709 "Any other malignancies, excluding cured basal cell carcinoma …", NCT05277844
    "History of another primary malignancy …", NCT06627647 "Patients with second
    malignancy")."""
    judgement = _judged(text, note, ADVANCED_SOLID_TUMOURS)
    assert judgement.status == "unknown", judgement.reason
    assert "patient has" not in judgement.reason


def test_a_second_cancer_read_by_mesh_still_meets_another_malignancy() -> None:
    """Two cancers in two sentences: one of them is another cancer, whichever reads them."""
    note = (
        "63F, leiomyosarcoma of the uterus with lung metastases. "
        "Ampullary adenocarcinoma resected in 2024."
    )
    judgement = _judged(PREVIOUS, note, ADVANCED_SOLID_TUMOURS)
    assert judgement.status == "met", judgement.reason


def test_a_second_cancer_read_by_mesh_is_not_dated_against_a_window() -> None:
    """NCT05701709's "… etc. within 5 years" window now bounds "Any other malignancies": the
    ampullary adenocarcinoma MeSH alone reads is not dated against it (as "Any other
    malignancies within 5 years" already was not), so the answer waits for the study team,
    never not met."""
    note = (
        "63F, leiomyosarcoma of the uterus with lung metastases. "
        "Ampullary adenocarcinoma resected in 2024."
    )
    judgement = _judged(ANY_OTHER, note, ADVANCED_SOLID_TUMOURS)
    assert judgement.status == "unknown", judgement.reason
