from __future__ import annotations

import json
from pathlib import Path

import msgspec
from click.testing import CliRunner

from seed_trials import seed_trial
from trialfinder.cli import main
from trialfinder.criteria import derive_criteria_record, parse_trial_criteria
from trialfinder.match import DISCLAIMER, match_records, match_store, match_trial
from trialfinder.model import Eligibility, Trial
from trialfinder.patient import PatientProfile, extract_facts
from trialfinder.store import open_store


def trial(
    nct_id: str, criteria: str, conditions: list[str] | None = None, sex: str = "ALL"
) -> Trial:
    return Trial(
        nct_id=nct_id,
        source_format="ctgov_v2_json",
        conditions=conditions or [],
        eligibility=Eligibility(criteria_text=criteria, sex=sex),
    )


def facts(**fields: object):  # type: ignore[no-untyped-def]
    return extract_facts(PatientProfile(**fields))  # type: ignore[arg-type]


def test_excluded_trial_lists_failing_criteria_first() -> None:
    parsed = parse_trial_criteria(
        trial(
            "NCT00000010",
            "Inclusion Criteria:\n* Age ≥ 18 years\n\nExclusion Criteria:\n* BMI > 30 kg/m2",
        )
    )
    result = match_trial(parsed, facts(age=40, measurements={"BMI": "35 kg/m2"}))
    assert result.verdict == "excluded"
    assert (result.criteria[0].type, result.criteria[0].status) == ("exclusion", "met")
    assert result.criteria[0].evidence == "measurements: BMI = 35 kg/m2"


def test_every_criterion_settled_in_favour_is_likely() -> None:
    parsed = parse_trial_criteria(
        trial(
            "NCT00000011",
            "Inclusion Criteria:\n* Age ≥ 18 years\n\nExclusion Criteria:\n* BMI > 30 kg/m2",
        )
    )
    result = match_trial(parsed, facts(age=40, measurements={"BMI": "25 kg/m2"}))
    assert result.verdict == "likely"
    assert [c.status for c in result.criteria] == ["met", "not_met"]


def test_unknown_criteria_make_the_trial_possible() -> None:
    parsed = parse_trial_criteria(
        trial("NCT00000012", "Inclusion Criteria:\n* Willing to attend visits")
    )
    result = match_trial(parsed, facts(age=40))
    assert result.verdict == "possible" and result.criteria[0].status == "unknown"


def test_negated_inclusion_is_met_when_the_patient_denies_it() -> None:
    parsed = parse_trial_criteria(
        trial("NCT00000013", "Inclusion Criteria:\n* No history of diabetes")
    )
    result = match_trial(parsed, facts(note="She denies diabetes."))
    assert result.criteria[0].status == "met"


def test_exclusion_of_the_trials_own_condition_is_not_applied_blindly() -> None:
    parsed = parse_trial_criteria(
        trial(
            "NCT00000014",
            "Exclusion Criteria:\n* Secondary osteoporosis",
            conditions=["Osteoporosis"],
        )
    )
    result = match_trial(parsed, facts(conditions=["osteoporosis"]))
    assert result.verdict != "excluded"


def test_pregnancy_exclusion_does_not_apply_to_men() -> None:
    parsed = parse_trial_criteria(
        trial("NCT00000015", "Exclusion Criteria:\n* Pregnancy or lactation")
    )
    result = match_trial(parsed, facts(sex="male"))
    assert result.criteria[0].status == "not_met"


def test_uln_multiple_uses_a_typical_limit_and_says_so() -> None:
    parsed = parse_trial_criteria(
        trial("NCT00000016", "Exclusion Criteria:\n* AST or ALT > 3 x ULN")
    )
    result = match_trial(parsed, facts(measurements={"ALT": "200 U/L"}))
    assert result.criteria[0].status == "met"
    assert "typical ULN" in result.criteria[0].reason


def test_wording_never_claims_eligibility() -> None:
    parsed = parse_trial_criteria(seed_trial("NCT06949137"))
    result = match_trial(parsed, facts(age=62, sex="female"))
    text = json.dumps(msgspec.to_builtins(result)).lower()
    assert "is eligible" not in text and "you qualify" not in text
    assert "study team decides" in DISCLAIMER


def test_ranking_by_relevance_then_verdict_skips_unrelated_trials() -> None:
    records = [
        derive_criteria_record(
            trial("NCT00000020", "Inclusion Criteria:\n* Age ≥ 18", ["Asthma"])
        ).data,
        derive_criteria_record(
            trial("NCT00000021", "Inclusion Criteria:\n* Age ≥ 18", ["Osteoporosis"])
        ).data,
        derive_criteria_record(
            trial(
                "NCT00000022",
                "Inclusion Criteria:\n* Age ≥ 18",
                ["Postmenopausal Osteoporosis"],
                sex="MALE",
            )
        ).data,
    ]
    patient = facts(age=60, sex="female", conditions=["postmenopausal osteoporosis"])
    ranked = match_records(records, patient)
    assert [(r.nct_id, r.verdict) for r in ranked] == [
        ("NCT00000021", "likely"),
        ("NCT00000022", "excluded"),
    ]


def _store_with_seeds(path: Path) -> None:
    store = open_store(path)
    try:
        trials = [seed_trial(n) for n in ("NCT05227846", "NCT06949137")]
        store.upsert_trials(trials, derived=[derive_criteria_record(t) for t in trials])
    finally:
        store.close()


def test_match_store_reads_stored_criteria(tmp_path: Path) -> None:
    db = tmp_path / "trials.db"
    _store_with_seeds(db)
    store = open_store(db)
    try:
        report = match_store(store, facts(measurements={"weight": "38 kg"}), ["NCT06949137"])
        ranked = match_store(store, facts(conditions=["decompensated cirrhosis"]))
    finally:
        store.close()
    assert report.results[0].verdict == "excluded"
    assert [r.nct_id for r in ranked.results] == ["NCT05227846"]


def test_cli_match_json_contract(tmp_path: Path) -> None:
    db = tmp_path / "trials.db"
    _store_with_seeds(db)
    patient_file = tmp_path / "patient.json"
    patient_file.write_text(json.dumps({"measurements": {"total bilirubin": "10.6 mg/dL"}}))
    outcome = CliRunner().invoke(
        main,
        [
            "match",
            "--patient",
            str(patient_file),
            "--trial",
            "NCT05227846",
            "--format",
            "json",
            "--db",
            str(db),
        ],
    )
    assert outcome.exit_code == 0, outcome.output
    data = json.loads(outcome.output)
    (result,) = data["results"]
    assert set(data) == {"results"}
    assert set(result) == {"nct_id", "verdict", "criteria"}
    assert result["verdict"] == "excluded"
    assert set(result["criteria"][0]) == {"type", "text", "status", "evidence", "reason"}
    text = CliRunner().invoke(
        main, ["match", "--patient", str(patient_file), "--trial", "NCT05227846", "--db", str(db)]
    )
    assert "EXCLUDED" in text.output and "study team decides" in text.output
