"""The five reference trials' real criteria, parsed and matched."""

from __future__ import annotations

import pytest

from seed_trials import seed_trial
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import Criterion, Measurement
from trialfinder.match import match_trial
from trialfinder.patient import PatientProfile, extract_facts

SEED_IDS = ["NCT03877471", "NCT05018637", "NCT05160831", "NCT05227846", "NCT06949137"]


def patient(**fields: object):  # type: ignore[no-untyped-def]
    return extract_facts(PatientProfile(**fields))  # type: ignore[arg-type]


def find(criteria: list[Criterion], start: str) -> Criterion:
    return next(c for c in criteria if c.text.startswith(start))


def status_of(nct_id: str, start: str, **fields: object) -> str:
    result = match_trial(parse_trial_criteria(seed_trial(nct_id)), patient(**fields))
    return next(c.status for c in result.criteria if c.text.startswith(start))


@pytest.mark.parametrize("nct_id", SEED_IDS)
def test_seed_trials_split_into_both_sections(nct_id: str) -> None:
    parsed = parse_trial_criteria(seed_trial(nct_id))
    sections = {c.section for c in parsed.criteria if c.source == "text"}
    assert sections == {"inclusion", "exclusion"}


def test_bilirubin_in_mg_dl_fails_umol_threshold() -> None:
    status = status_of(
        "NCT05227846", "Severe jaundice", measurements={"total bilirubin": "10.6 mg/dL"}
    )
    assert status == "met"  # the exclusion applies: 10.6 mg/dL ≈ 181 µmol/L ≥ 170 µmol/L
    result = match_trial(
        parse_trial_criteria(seed_trial("NCT05227846")),
        patient(measurements={"total bilirubin": "10.6 mg/dL"}),
    )
    assert result.verdict == "excluded"
    assert result.criteria[0].text.startswith("Severe jaundice")
    assert "181" in result.criteria[0].reason


def test_normal_bilirubin_does_not_trigger_the_jaundice_exclusion() -> None:
    status = status_of(
        "NCT05227846",
        "Severe jaundice",
        measurements={
            "total bilirubin": "1.1 mg/dL",
            "creatinine": "0.9 mg/dL",
            "sodium": "138 mmol/L",
            "WBC": "6 x 10^9/L",
        },
    )
    assert status in ("not_met", "unknown")


def test_weight_38_kg_fails_body_weight_at_least_40() -> None:
    assert (
        status_of("NCT06949137", "Body weight", measurements={"weight": "38 kg", "BMI": "20 kg/m2"})
        == "not_met"
    )
    assert (
        status_of("NCT06949137", "Body weight", measurements={"weight": "52 kg", "BMI": "22 kg/m2"})
        == "met"
    )


def test_or_group_of_nct06949137_is_met_by_one_sub_item() -> None:
    parsed = parse_trial_criteria(seed_trial("NCT06949137"))
    group = find(parsed.criteria, "Meets the diagnostic criteria for osteoporosis")
    assert group.group == "any" and len(group.children) == 7
    facts = patient(conditions=["osteoporosis"], measurements={"lumbar spine T-score": "-3.4"})
    result = match_trial(parsed, facts)
    status = next(c.status for c in result.criteria if c.text.startswith("Meets the diagnostic"))
    assert status in ("met", "unknown")
    low = patient(conditions=["osteoporosis"], measurements={"lumbar spine T-score": "-2.0"})
    child = find(group.children, "Bone mineral density")
    assert any(isinstance(c, Measurement) and c.analyte == "t_score" for c in child.constraints)
    assert match_trial(parsed, low).verdict != "likely"


def test_denosumab_last_year_hits_the_rankl_exclusion() -> None:
    import datetime

    this_year = datetime.date.today().year
    status = status_of(
        "NCT06949137",
        "Previous treatment with anti-osteoporosis",
        medications=[f"denosumab {this_year - 1}-{this_year}"],
    )
    assert status == "met"


def test_fsh_threshold_with_unit_slip_is_judged_in_its_plausible_unit() -> None:
    # Issue 12 item 5 changes this on purpose: "FSH > 25 IU/mL" (25,000 IU/L, no
    # patient has it) was left unknown; it is now judged as 25 IU/L and says so.
    result = match_trial(
        parse_trial_criteria(seed_trial("NCT03877471")), patient(measurements={"FSH": "40 IU/L"})
    )
    fsh = next(c for c in result.criteria if c.text.startswith("FSH"))
    assert fsh.status == "met"
    assert "not a plausible FSH value, read as IU/L" in fsh.reason
    low = match_trial(
        parse_trial_criteria(seed_trial("NCT03877471")), patient(measurements={"FSH": "8 IU/L"})
    )
    assert next(c.status for c in low.criteria if c.text.startswith("FSH")) == "not_met"


def test_male_patient_fails_female_only_trial() -> None:
    result = match_trial(
        parse_trial_criteria(seed_trial("NCT05018637")), patient(sex="male", age=70)
    )
    assert result.verdict == "excluded"
    assert result.criteria[0].status == "not_met"


def test_hemoglobin_below_10_g_dl_excludes_from_nct05018637() -> None:
    status = status_of(
        "NCT05018637", "Factors less than 10 g/dL", measurements={"hemoglobin": "95 g/L"}
    )
    assert status == "met"


def test_bmi_over_30_excludes_from_nct05160831() -> None:
    assert status_of("NCT05160831", "Body mass index", measurements={"BMI": "32 kg/m2"}) == "met"
    assert (
        status_of("NCT05160831", "Body mass index", measurements={"BMI": "27 kg/m2"}) == "not_met"
    )


def test_ctp_score_range_of_nct05227846() -> None:
    assert (
        status_of("NCT05227846", "Child-Turcotte-Pugh", measurements={"Child-Pugh score": "9"})
        == "met"
    )
    assert (
        status_of("NCT05227846", "Child-Turcotte-Pugh", measurements={"Child-Pugh score": "13"})
        == "not_met"
    )
