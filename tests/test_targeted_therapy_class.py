"""A denial of targeted therapy answers the kinase-inhibitor classes it holds.

Notes deny the class a patient has not had ("no targeted therapy yet", "No previous
chemotherapy or targeted therapy") where criteria ask one of its families ("Prior treatment
with ROS1 inhibitors", "Prior exposure to EGFR-TKI therapy"). ``targeted_therapy`` is a family
of families (``members`` in ``concepts.json``, its source the NCI's definition and drug lists),
and ``ros1_inhibitor`` a family of the drugs whose FDA labels name ROS1-positive lung cancer.
An osteoclast-targeted therapy (a bisphosphonate, denosumab) is no targeted therapy. Criteria
are the real text of trials in ``../shared`` (API v2 studies).
"""

from __future__ import annotations

import datetime
import json

import pytest

from test_judge_entailment import facts, judged, v2_trial
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention
from trialfinder.criteria.parse import parse_criterion
from trialfinder.patient import extract_facts, load_profile


def _criterion_text(nct_id: str, start: str) -> str:
    parsed = parse_trial_criteria(v2_trial(nct_id))
    return next(c.text for c in parsed.iter_criteria() if c.text.startswith(start))


def _concepts(text: str) -> list[str]:
    constraints, _ = parse_criterion(text, "exclusion")
    return [c.concept for c in constraints if isinstance(c, ConceptMention)]


ROS1 = ("NCT05170204", "Prior treatment with ROS1 inhibitors")
ROS1_TKI = ("NCT04603807", "Prior treatment with a ROS1 tyrosine kinase inhibitor")
ALK = ("NCT05170204", "Prior treatment with ALK inhibitors")
EGFR_TKI = ("NCT06194448", "Prior exposure to EGFR-TKI therapy")
TARGETED_LISTED = ("NCT06119581", "- Prior systemic therapy (chemotherapy, immunotherapy, targeted")
OSTEOCLAST = ("NCT05348876", "Treatment with an osteoclast-targeted therapy")


@pytest.mark.parametrize("drug", ["crizotinib", "entrectinib", "repotrectinib", "taletrectinib"])
def test_a_ros1_drug_belongs_to_the_ros1_inhibitor_class(drug: str) -> None:
    ancestors = load_lexicon().ancestors[drug]
    assert {"ros1_inhibitor", "targeted_therapy"} <= ancestors


@pytest.mark.parametrize(
    "drug", ["osimertinib", "alectinib", "capmatinib", "sotorasib", "alpelisib", "ibrutinib"]
)
def test_a_kinase_inhibitor_is_a_targeted_therapy(drug: str) -> None:
    assert "targeted_therapy" in load_lexicon().ancestors[drug]


@pytest.mark.parametrize("drug", ["pembrolizumab", "carboplatin", "sirolimus", "tofacitinib"])
def test_a_drug_of_no_targeted_family_is_no_targeted_therapy(drug: str) -> None:
    """Immunotherapy and chemotherapy are classes of their own; the mTOR and JAK families
    hold a transplant's and a rheumatologist's drugs, so they stay out of the class."""
    assert "targeted_therapy" not in load_lexicon().ancestors[drug]


def test_a_lorlatinib_is_no_ros1_inhibitor_by_its_label() -> None:
    assert "ros1_inhibitor" not in load_lexicon().ancestors["lorlatinib"]


@pytest.mark.parametrize(
    ("criterion", "concept"),
    [(ROS1, "ros1_inhibitor"), (ROS1_TKI, "ros1_inhibitor"), (TARGETED_LISTED, "targeted_therapy")],
)
def test_a_ros1_inhibitor_or_targeted_therapy_criterion_is_read(
    criterion: tuple[str, str], concept: str
) -> None:
    assert concept in _concepts(_criterion_text(*criterion))


def test_an_osteoclast_targeted_therapy_is_no_targeted_therapy() -> None:
    assert "targeted_therapy" not in _concepts(_criterion_text(*OSTEOCLAST))


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (
            ROS1,
            "Stage IIIA ROS1 fusion-positive lung adenocarcinoma, cisplatin/vinorelbine then "
            "radiotherapy 60 Gy; no targeted therapy yet.",
        ),
        (
            ALK,
            "Stage IV ALK-positive adenocarcinoma of the lung. No previous chemotherapy or "
            "targeted therapy.",
        ),
        (
            EGFR_TKI,
            "EGFR exon 19 deletion adenocarcinoma, stage IIIB, unresectable. Never had "
            "targeted therapy.",
        ),
    ],
)
def test_a_denied_targeted_therapy_answers_a_kinase_inhibitor_exclusion(
    criterion: tuple[str, str], note: str
) -> None:
    result = judged(_criterion_text(*criterion), "exclusion", facts(note=note))
    assert result.status == "not_met", result.reason


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (ROS1, "ROS1-positive NSCLC, progressed on entrectinib in 2025."),
        (ROS1, "ROS1-positive NSCLC on crizotinib since 2024."),
        (EGFR_TKI, "EGFR L858R NSCLC, progressed on osimertinib."),
    ],
)
def test_a_ros1_or_egfr_drug_taken_meets_its_class_exclusion(
    criterion: tuple[str, str], note: str
) -> None:
    result = judged(_criterion_text(*criterion), "exclusion", facts(note=note))
    assert result.status == "met", result.reason


def test_a_denied_targeted_therapy_says_nothing_of_immunotherapy() -> None:
    text = "Prior treatment with a PD-1 inhibitor"
    note = "Metastatic melanoma. No targeted therapy."
    assert judged(text, "exclusion", facts(note=note)).status != "not_met"


FUTURE_NEED = ("NCT06761586", "Patient expected to require any other form of antineoplastic")
FUTURE_NEED_ON_STUDY = ("NCT05605119", "The patient who is expected to require any other form")
CURRENT_OR_LIKELY = ("NCT06035874", "Current use of a corticosteroid medication")


@pytest.mark.parametrize("criterion", [FUTURE_NEED, FUTURE_NEED_ON_STUDY])
def test_a_treatment_expected_to_be_required_on_study_is_not_met_by_one_taken(
    criterion: tuple[str, str],
) -> None:
    """ "expected to require any other form of antineoplastic therapy or targeted therapy while
    on study" asks of a need to come: pirtobrutinib the patient had, or a denial of targeted
    therapy, says nothing of it."""
    text = next(
        c.text
        for c in parse_trial_criteria(v2_trial(criterion[0])).iter_criteria()
        if criterion[1] in c.text
    )
    for note in (
        "Mantle cell lymphoma, relapsed after bendamustine-rituximab, ibrutinib and "
        "pirtobrutinib; last pirtobrutinib 20/10/2026.",
        "Mantle cell lymphoma, untreated. No targeted therapy.",
    ):
        result = judged(text, "exclusion", facts(note=note))
        assert result.status == "unknown", result.reason


def test_a_treatment_taken_now_still_meets_a_current_use_beside_a_likely_need() -> None:
    text = _criterion_text(*CURRENT_OR_LIKELY)
    note = "Type 2 diabetes with fatty liver. Polymyalgia on prednisolone 10 mg daily."
    assert judged(text, "exclusion", facts(note=note)).status == "met"


@pytest.mark.parametrize(
    ("nct_id", "words"),
    [
        ("NCT06472076", "for which a locally approved targeted therapy is available"),
        ("NCT05110196", "a candidate for alternative targeted therapies"),
    ],
)
def test_a_targeted_therapy_said_available_for_a_mutation_is_no_treatment(
    nct_id: str, words: str
) -> None:
    """ "oncogenic driver mutations for which a locally approved targeted therapy is available"
    says which mutations count, not a treatment the patient had (``other_senses``)."""
    text = next(
        c.text for c in parse_trial_criteria(v2_trial(nct_id)).iter_criteria() if words in c.text
    )
    assert "targeted_therapy" not in _concepts(text)


@pytest.mark.parametrize(
    ("criterion", "condition"),
    [
        (
            ROS1,
            "Non-small cell lung cancer, adenocarcinoma, stage IIIA, unresectable; "
            "cisplatin/vinorelbine x2 then radiotherapy 60 Gy; no targeted therapy yet "
            "(since 2026-07-02)",
        ),
        (
            ALK,
            "ALK-positive lung adenocarcinoma, stage IV; no targeted therapy so far "
            "(since 2026-09-01)",
        ),
    ],
)
def test_a_record_line_denying_targeted_therapy_so_far_answers_a_prior_class_exclusion(
    criterion: tuple[str, str], condition: str
) -> None:
    """A coded condition's line is dated "since" its onset, which makes its words current; a
    denial that says "yet" or "so far" still denies the treatment up to now, not now only."""
    profile = {"age": 60, "sex": "male", "conditions": [condition]}
    patient = extract_facts(load_profile(json.dumps(profile)), datetime.date(2026, 12, 4))
    result = judged(_criterion_text(*criterion), "exclusion", patient)
    assert result.status == "not_met", result.reason


def test_a_denial_of_now_still_leaves_a_prior_treatment_open() -> None:
    note = "ALK-positive lung adenocarcinoma. Not currently on targeted therapy."
    assert judged(_criterion_text(*ALK), "exclusion", facts(note=note)).status == "unknown"


def test_a_hyphenated_ros1_inhibitor_denied_in_the_note_answers_the_class() -> None:
    """ "Never had a ROS-1 inhibitor" was answered as a denial in the criterion's own words
    (test_judge_unread_concepts); the class now reads both spellings."""
    result = judged(_criterion_text(*ROS1), "exclusion", facts(note="Never had a ROS-1 inhibitor."))
    assert result.status == "not_met", result.reason


def test_a_treatment_naive_note_meets_a_denied_list_whose_setting_follows_another_name() -> None:
    """ "No prior treatment with a ROS1 tyrosine kinase inhibitor, chemotherapy or other
    systemic therapy for advanced or recurrent (Stage IIIB/C not amenable for radical
    treatment) or metastatic (Stage IV) NSCLC" (NCT04603807): the judge keeps one reading of
    chemotherapy, whose setting follows its other name, "systemic therapy", bracket and all."""
    text = _criterion_text("NCT04603807", "No prior treatment with a ROS1 tyrosine kinase")
    note = (
        "Adenocarcinoma LUL, stage IVB (brain, bone, pleura). NGS: CD74-ROS1 fusion. "
        "Treatment naive - no chemo, no TKI."
    )
    result = judged(text, "inclusion", facts(note=note))
    assert result.status == "met", result.reason
