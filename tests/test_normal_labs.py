"""Tests a note writes as normal with no number ("bili, SGOT/SGPT normal", "LFTs normal",
"FBC and U&E within normal limits"), read per analyte and judged against the organ-function
thresholds of the hand-written rounds' trials (issue 12).

A normal test meets a threshold at or beyond the limit of normal in the favourable direction
("≤ 1.5 × ULN", "platelets ≥ 100,000/μL"), does not meet one on the far side of a limit
("> 1.5 × ULN", "< 100,000/μL"), and leaves a threshold inside the normal range unknown.
An organ-function heading over the limits ("Hematological-", "Renal function-") asks nothing
the limits do not (``threshold_words`` of ``analytes.json``).
"""

from __future__ import annotations

import pytest

from conftest import LEGACY_XML_SAMPLE, shared_path
from test_judge_entailment import facts, v2_trial
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import Criterion
from trialfinder.ingest.legacy_xml import parse_clinical_study
from trialfinder.match import judge
from trialfinder.normal_labs import normal_readings
from trialfinder.patient import PatientFacts


def _sub_item(nct_id: str, start: str) -> Criterion:
    """A criterion (or a sub-item of one) of a real study, by the words it starts with."""
    path = shared_path(LEGACY_XML_SAMPLE) / f"{nct_id}.xml"
    trial = parse_clinical_study(path.read_bytes()) if path.exists() else v2_trial(nct_id)
    for criterion in parse_trial_criteria(trial).iter_criteria():
        for item in (criterion, *criterion.children):
            if item.text.startswith(start):
                return item
    raise AssertionError(start)


def _analytes(sentence: str) -> list[str]:
    return [reading.measurement.analyte for reading in normal_readings(sentence)]


def test_each_test_a_list_writes_normal_is_read_and_a_valued_one_is_not() -> None:
    sentence = (
        "ANC 3,800, plt 2.6 lakh, Hb 11.6, CrCl about 47 mL/min, bili, SGOT/SGPT normal, "
        "ALP under 5 x ULN"
    )
    assert _analytes(sentence) == ["total_bilirubin", "alt", "ast"]
    listed = (
        "Bilirubin, ALT, AST, ALP, creatinine, CrCl 95, WBC and platelets all within the limits"
    )
    assert _analytes(listed) == [
        "total_bilirubin",
        "alt",
        "ast",
        "alp",
        "creatinine",
        "white_cells",
        "platelets",
    ]


def test_a_named_panel_gives_the_tests_it_reports() -> None:
    assert _analytes("LFTs normal.") == ["total_bilirubin", "alt", "ast", "alp"]
    assert _analytes("FBC 20/11/2026 normal.") == [
        "hemoglobin",
        "white_cells",
        "neutrophils",
        "platelets",
    ]
    assert set(_analytes("My kidney and liver tests are normal.")) >= {"creatinine", "alt"}
    assert _analytes("Normal renal function.")[0] == "creatinine"


_ROUTINE = [
    "hemoglobin",
    "white_cells",
    "neutrophils",
    "platelets",
    "creatinine",
    "bun",
    "sodium",
    "potassium",
    "total_bilirubin",
    "alt",
    "ast",
    "alp",
]


@pytest.mark.parametrize(
    "sentence",
    [
        "Bloods normal.",
        "Routine bloods unremarkable.",
        "Blood tests all normal.",
        "My blood tests last week were all normal, the nurse said, kidneys and liver too.",
    ],
)
def test_normal_bloods_are_the_blood_count_renal_and_liver_tests(sentence: str) -> None:
    """A coordinator reads "bloods normal" as the routine panels (FBC, U&E, LFTs), not
    lipids, HbA1c, hormones or tumour markers (round twenty-five: "blood tests all normal"
    for haemoglobin, platelets, ANC, AST/ALT, creatinine and bilirubin)."""
    assert _analytes(sentence) == _ROUTINE


def test_bloods_naming_their_tests_report_only_those() -> None:
    assert _analytes(
        "Bloods last week: bilirubin, ALT and platelets all within normal limits."
    ) == ["total_bilirubin", "alt", "platelets"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Bloods normal apart from Hb 98.",
        "Blood tests normal except potassium.",
        "Bloods not normal.",
        "Blood pressure normal.",
        "Blood sugar normal.",
        "LFTs not normal.",
        "LFTs abnormal.",
        "LFTs normal except ALP 300.",
        "LFTs normal apart from a raised GGT.",
        "ECG normal.",
        "Echo normal, no heart failure.",
    ],
)
def test_a_denied_or_excepted_normal_reads_no_test(sentence: str) -> None:
    assert normal_readings(sentence) == []


def test_a_value_the_note_gives_outweighs_the_normal_words() -> None:
    patient = facts(note="ALT 150 U/L, AST and bilirubin normal.")
    item = _sub_item("NCT00055614", "ALT and AST less than 1.5 times upper limit")
    assert judge(item, patient).status == "not_met"


def _normal_bloods() -> PatientFacts:
    return facts(
        note=(
            "62F with HER2-positive breast cancer. Bloods last week: bilirubin, ALT, AST, ALP, "
            "creatinine, WBC, neutrophils and platelets all within normal limits."
        )
    )


@pytest.mark.parametrize(
    "start",
    [
        "Serum creatinine > 1.5 × ULN",
        "Total white blood cells count < 2500",
        "Platelet count < 100,000",
    ],
)
def test_normal_tests_do_not_meet_a_limit_beyond_the_normal_range(start: str) -> None:
    result = judge(_sub_item("NCT06038539", start), _normal_bloods())
    assert result.status == "not_met", result.reason


@pytest.mark.parametrize(
    "start", ["Absolute neutrophil count < 2000", "Creatinine clearance < 60 mL/min"]
)
def test_a_limit_inside_the_normal_range_stays_unknown(start: str) -> None:
    """The usual lower limit of the neutrophil count is 1.5 × 10⁹/L: "normal" does not say
    it is at least 2,000/μL; nor does a normal creatinine give the clearance."""
    result = judge(_sub_item("NCT06038539", start), _normal_bloods())
    assert result.status == "unknown", result.reason


@pytest.mark.parametrize(
    "start",
    [
        "White blood cells (WBC) ≥ 3000/μL",
        "Absolute neutrophil count (ANC) ≥ 1500/μL",
        "Platelets ≥ 100,000/μL",
        "Hemoglobin ≥ 9 g/dL",
    ],
)
def test_a_normal_blood_count_meets_the_usual_marrow_limits(start: str) -> None:
    patient = facts(note="Ovarian cancer after three lines. FBC 20/11/2026 normal.")
    result = judge(_sub_item("NCT03983954", start), patient)
    assert result.status == "met", result.reason


def test_normal_liver_tests_meet_limits_above_the_upper_limit_of_normal() -> None:
    patient = facts(note="Renal and liver function normal.")
    for start in ("ALT and AST less than 1.5 times", "Alkaline phosphatase less than 1.5 ULN"):
        result = judge(_sub_item("NCT00055614", start), patient)
        assert result.status == "met", result.reason


# --- An organ-function heading over its laboratory limits ---------------------------------


@pytest.mark.parametrize(
    "start", ["Hematological- Hb> 80 g/L", "Renal function- Creatinine ≤ 1.5 ULN"]
)
def test_an_organ_function_heading_asks_nothing_its_limits_do_not(start: str) -> None:
    """ "Hematological- Hb > 80 g/L, ANC ≥ 1.5 x 109/L, …": the heading names the organ the
    limits test; with every limit met the criterion is met, not left to the study team."""
    patient = facts(
        note=(
            "58M with gallbladder cancer. Hb 108 g/L, ANC 2.1 x10^9/L, platelets 180 x10^9/L, "
            "creatinine 0.8 mg/dL, CrCl 78 mL/min."
        )
    )
    result = judge(_sub_item("NCT06214572", start), patient)
    assert result.status == "met", result.reason


@pytest.mark.parametrize(
    "sentence",
    [
        "I'm fit and do all my own gardening, and my last blood tests were all normal.",
        "The latest bloods were normal.",
        "Bloods came back fine.",
    ],
)
def test_the_last_bloods_written_normal_or_fine_are_the_routine_panels(sentence: str) -> None:
    assert set(_analytes(sentence)) >= {"hemoglobin", "platelets", "creatinine", "alt"}


def test_kidney_and_liver_blood_tests_fine_are_the_renal_and_liver_panels() -> None:
    analytes = _analytes("Her kidney and liver blood tests are fine.")
    assert {"creatinine", "total_bilirubin", "alt"} <= set(analytes)
    assert "hemoglobin" not in analytes


@pytest.mark.parametrize("sentence", ["I feel fine.", "Mum is fine, thank you."])
def test_fine_without_a_test_named_reads_no_test(sentence: str) -> None:
    assert _analytes(sentence) == []
