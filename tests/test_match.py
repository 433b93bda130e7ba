from __future__ import annotations

import json
from pathlib import Path

import msgspec
from click.testing import CliRunner

from seed_trials import seed_trial
from trialfinder.cli import main
from trialfinder.criteria import (
    CRITERIA_KIND,
    derive_criteria_record,
    encode_criteria,
    parse_trial_criteria,
)
from trialfinder.match import DISCLAIMER, match_records, match_store, match_trial
from trialfinder.model import Eligibility, Trial
from trialfinder.patient import PatientProfile, extract_facts
from trialfinder.retrieval import ShortlistEntry
from trialfinder.search import open_store


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
    # One judge (issue 11): the same answer `evaluate` gives ("not applicable"); was "not_met".
    assert result.criteria[0].status == "not_applicable"
    assert result.verdict != "excluded"


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
    trials = [
        trial("NCT00000020", "Inclusion Criteria:\n* Age ≥ 18", ["Asthma"]),
        trial("NCT00000021", "Inclusion Criteria:\n* Age ≥ 18", ["Osteoporosis"]),
        trial(
            "NCT00000022",
            "Inclusion Criteria:\n* Age ≥ 18",
            ["Postmenopausal Osteoporosis"],
            sex="MALE",
        ),
    ]
    records = [encode_criteria(parse_trial_criteria(t)) for t in trials]
    patient = facts(age=60, sex="female", conditions=["postmenopausal osteoporosis"])
    ranked = match_records(records, patient)
    assert [(r.nct_id, r.verdict) for r in ranked] == [
        ("NCT00000021", "likely"),
        ("NCT00000022", "excluded"),
    ]


def _store_with_seeds(location: str | Path) -> None:
    store = open_store(location)
    try:
        trials = [seed_trial(n) for n in ("NCT05227846", "NCT06949137")]
        store.upsert_trials(
            trials, derived=[record for t in trials for record in derive_criteria_record(t)]
        )
    finally:
        store.close()


def test_match_store_reads_stored_criteria(store_url: str) -> None:
    _store_with_seeds(store_url)
    store = open_store(store_url)
    try:
        report = match_store(store, facts(measurements={"weight": "38 kg"}), ["NCT06949137"])
        ranked = match_store(store, facts(conditions=["decompensated cirrhosis"]))
    finally:
        store.close()
    assert report.results[0].verdict == "excluded"
    assert [r.nct_id for r in ranked.results] == ["NCT05227846"]


def test_ranking_a_store_reads_full_criteria_of_candidates_only(store_url: str) -> None:
    unrelated = trial("NCT00000030", "Inclusion Criteria:\n* Age ≥ 18", ["Asthma"])
    related = trial("NCT00000031", "Inclusion Criteria:\n* Age ≥ 18", ["Osteoporosis"])
    store = open_store(store_url)
    try:
        store.upsert_trials(
            [unrelated, related],
            derived=[record for t in (unrelated, related) for record in derive_criteria_record(t)],
        )
        # Corrupt the unrelated trial's full record: ranking must never decode it.
        (stored,) = store.get_derived(CRITERIA_KIND, ["NCT00000030"]).values()
        store.put_derived([msgspec.structs.replace(stored, data=b"not msgpack")])
        ranked = match_store(store, facts(age=60, conditions=["osteoporosis"]))
    finally:
        store.close()
    assert [(r.nct_id, r.verdict) for r in ranked.results] == [("NCT00000031", "likely")]


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
    # Issue 14 adds title, status, phases, nearest_site and counts to every result.
    assert set(result) == {"nct_id", "verdict", "criteria"} | set(ShortlistEntry.__struct_fields__)
    assert sum(result["counts"].values()) == len(result["criteria"])
    assert result["verdict"] == "excluded"
    assert set(result["criteria"][0]) == {"type", "text", "status", "evidence", "reason"}
    text = CliRunner().invoke(
        main, ["match", "--patient", str(patient_file), "--trial", "NCT05227846", "--db", str(db)]
    )
    assert "EXCLUDED" in text.output and "study team decides" in text.output


def inclusion_status(criterion: str, **fields: object) -> str:
    parsed = parse_trial_criteria(trial("NCT00000090", f"Inclusion Criteria:\n* {criterion}"))
    return match_trial(parsed, facts(**fields)).criteria[0].status


def test_heart_rate_range_from_a_bedside_word_settles_only_thresholds_it_covers() -> None:
    note = "0. A 40-year-old woman.\n1. She is tachycardic."
    assert inclusion_status("Heart rate of at least 90/min", note=note) == "met"
    assert inclusion_status("Heart rate of at least 120/min", note=note) == "unknown"
    assert inclusion_status("Heart rate below 60/min", note=note) == "not_met"


def test_several_age_groups_in_one_criterion_are_alternatives() -> None:
    criterion = "Infants aged 12-18 months, 6-12 months, or < 6 months"
    assert inclusion_status(criterion, age=0.5) != "not_met"
    assert inclusion_status(criterion, age=3) == "not_met"


def test_male_and_female_criterion_is_met_by_either_sex() -> None:
    assert inclusion_status("Male and female", sex="female") == "met"
    assert inclusion_status("Male and female", sex="male") == "met"


def test_gestational_age_is_not_the_patients_age() -> None:
    note = "0. A 27-year-old woman at 11 weeks gestation."
    assert inclusion_status("Pregnant, with gestational age <23 weeks", note=note) != "not_met"
    later = "0. A 27-year-old woman at 30 weeks gestation."
    assert inclusion_status("Pregnant, with gestational age <23 weeks", note=later) == "not_met"


def test_unqualified_condition_leaves_qualified_exclusion_unknown() -> None:
    """One judge (issue 11): `evaluate`'s qualifier rule now holds in `match` too."""
    parsed = parse_trial_criteria(
        trial("NCT00000016", "Exclusion Criteria:\n* Uncontrolled hypertension")
    )
    result = match_trial(parsed, facts(conditions=["hypertension"]))
    assert result.criteria[0].status == "unknown"
    assert "uncontrolled" in result.criteria[0].reason
    assert result.verdict != "excluded"
