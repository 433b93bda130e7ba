"""Issue 12: "malignant" in a disease's name that is no cancer was read as a cancer.

The criteria lexicon lists the bare adjective "malignant" as a name of ``cancer``, so
"history of malignant hyperthermia" (the anaesthetic reaction, MeSH D008305), "neuroleptic
malignant syndrome" (D009459) and "malignant ventricular arrhythmias" asked for a cancer, and a
patient with cancer met those exclusions: met where a coordinator says not met. The
diseases are now concepts of their own (the longer name is read, as "malignant
hypertension" already was). Criteria are development-half Chia trials' exclusions;
the patient is a hand-written round's.
"""

from __future__ import annotations

import pytest

from test_hand_written_patients import _round_patient
from trialfinder.criteria.model import ConceptMention, Criterion
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import judge

_EXCLUSIONS = [
    # NCT03034096
    "Known or suspected history of malignant hyperthermia",
    # NCT03351608
    "Has or is suspected of having a family or personal history of malignant hyperthermia.",
    # NCT03376763
    "Subjects had a history of seizures, neuroleptic malignant syndrome, clinically "
    "significant tardive dyskinesia, or other medical condition that would expose them to "
    "undue risk or interfere with study assessments.",
]


def _exclusion(text: str) -> Criterion:
    constraints, complete = parse_criterion(text, "exclusion")
    return Criterion("C", "exclusion", text, constraints=constraints, complete=complete)


@pytest.mark.parametrize("text", _EXCLUSIONS)
def test_a_malignant_reaction_is_no_cancer_in_a_criterion(text: str) -> None:
    concepts = {c.concept for c in _exclusion(text).constraints if isinstance(c, ConceptMention)}
    assert "cancer" not in concepts, concepts


@pytest.mark.parametrize("text", _EXCLUSIONS)
def test_a_patient_with_cancer_does_not_meet_an_exclusion_for_a_malignant_reaction(
    text: str,
) -> None:
    patient = _round_patient("nine", "pancreatic cancer with weight loss")
    judgement = judge(_exclusion(text), patient, record_is_complete=True)
    assert judgement.status != "met", judgement.reason


def test_malignant_arrhythmias_are_arrhythmias() -> None:
    concepts = {
        c.concept
        for c in _exclusion("History of malignant ventricular arrhythmias").constraints
        if isinstance(c, ConceptMention)
    }
    assert concepts == {"arrhythmia"}
