from __future__ import annotations

import json

import defusedxml.ElementTree as ElementTree
import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import API_V2_STUDIES, LEGACY_XML_SAMPLE, shared_path
from trialfinder.criteria import (
    PARSER_VERSION,
    decode_criteria,
    decode_criteria_summary,
    derive_criteria_record,
    encode_criteria,
    parse_trial_criteria,
)
from trialfinder.criteria.lexicon import tokenize, tokenize_lowered
from trialfinder.criteria.model import (
    ConceptMention,
    Constraint,
    HealthyVolunteers,
    Measurement,
    Pregnancy,
    SexRequirement,
)
from trialfinder.criteria.parse import analyse_text, parse_criterion
from trialfinder.model import Age, Eligibility, Trial


def measurements(text: str, section: str = "inclusion") -> list[Measurement]:
    constraints, _ = parse_criterion(text, section)  # type: ignore[arg-type]
    return [c for c in constraints if isinstance(c, Measurement)]


def concepts(text: str, section: str = "exclusion") -> list[ConceptMention]:
    constraints, _ = parse_criterion(text, section)  # type: ignore[arg-type]
    return [c for c in constraints if isinstance(c, ConceptMention)]


def only(text: str) -> Measurement:
    (measurement,) = measurements(text)
    return measurement


def test_age_range_with_inclusive_restatement_is_one_constraint() -> None:
    age = only("Aged 18 to 75 years (including 18 and 75 years), male or female;")
    assert (age.analyte, age.comparator, age.value, age.upper_value) == ("age", "between", 18, 75)


@pytest.mark.parametrize(
    ("text", "comparator", "value"),
    [
        ("Under 40 years of age;", "<", 40),
        ("Postmenopausal women over 40 years of age", ">", 40),
        ("18 years or older", ">=", 18),
        ("Age ≥ 18 years", ">=", 18),
    ],
)
def test_age_thresholds(text: str, comparator: str, value: float) -> None:
    age = only(text)
    assert (age.analyte, age.comparator, age.value) == ("age", comparator, value)


def test_sex_requirement_only_when_the_criterion_opens_with_it() -> None:
    constraints, _ = parse_criterion("Female, age between 45 and 85 years", "inclusion")
    assert any(isinstance(c, SexRequirement) and c.sex == "female" for c in constraints)
    constraints, _ = parse_criterion(
        "Women of childbearing potential must use contraception", "inclusion"
    )
    assert not any(isinstance(c, SexRequirement) for c in constraints)


def test_pregnancy_and_lactation() -> None:
    constraints, _ = parse_criterion("Pregnant or lactating women", "exclusion")
    (pregnancy,) = [c for c in constraints if isinstance(c, Pregnancy)]
    assert pregnancy.states == ["lactating", "pregnant"] and not pregnancy.negated


def test_healthy_volunteers_in_text() -> None:
    constraints, _ = parse_criterion("Healthy volunteers aged 18-45", "inclusion")
    assert any(isinstance(c, HealthyVolunteers) and c.accepted for c in constraints)


def test_bmi_range_with_units_and_inclusive_markers() -> None:
    weight, bmi = measurements(
        "Body weight ≥40 kg, and body mass index (BMI) between 18 kg/m² (inclusive) "
        "and 30 kg/m² (inclusive);"
    )
    assert (weight.analyte, weight.comparator, weight.canonical_value) == ("body_weight", ">=", 40)
    assert (bmi.analyte, bmi.comparator, bmi.value, bmi.upper_value) == ("bmi", "between", 18, 30)


def test_lab_thresholds_in_one_criterion() -> None:
    found = measurements(
        "Severe jaundice (serum total bilirubin level ≥ 170μmol/L); "
        "Significant renal insufficiency "
        "(serum creatinine ≥ 1.2 times upper normal limit); Severe electrolyte abnormality "
        "(serum sodium level < 125 mmol/L); "
        "Severe leukopenia (white blood cell count < 1 × 10E9/L).",
        "exclusion",
    )
    by_analyte = {m.analyte: m for m in found}
    assert by_analyte["total_bilirubin"].canonical_value == pytest.approx(170)
    assert by_analyte["creatinine"].relative_to_uln and by_analyte["creatinine"].value == 1.2
    assert by_analyte["sodium"].comparator == "<"
    assert by_analyte["white_cells"].canonical_value == pytest.approx(1.0)


def test_uln_multiple_is_shared_by_analytes_joined_with_or() -> None:
    found = measurements("AST or ALT ≥2×ULN, ALP or total bilirubin ≥1.5×ULN", "exclusion")
    assert {(m.analyte, m.value) for m in found} == {
        ("ast", 2),
        ("alt", 2),
        ("alp", 1.5),
        ("total_bilirubin", 1.5),
    }
    assert all(m.relative_to_uln for m in found)


def test_hbv_dna_copies_per_ml() -> None:
    hbv = measurements(
        "HBV-DNA ≥1,000 copies (cps)/mL or above the upper limit of normal", "exclusion"
    )[0]
    assert (hbv.analyte, hbv.comparator, hbv.value, hbv.unit) == (
        "hbv_dna",
        ">=",
        1000,
        "copies/mL",
    )


def test_count_written_without_superscript() -> None:
    platelets = only("Platelet count ≥ 4 x 107/L")
    assert platelets.value == pytest.approx(4e7)


@pytest.mark.parametrize(
    ("text", "analyte", "comparator", "value", "upper"),
    [
        ("T-score < -3.0 at the lumbar spine", "t_score", "<", -3.0, None),
        ("Child-Turcotte-Pugh (CTP) score 7 to 12 points.", "child_pugh", "between", 7, 12),
        ("MELD score > 25", "meld", ">", 25, None),
        ("ECOG performance status 0-1", "ecog", "between", 0, 1),
        ("Karnofsky performance status ≥ 70%", "karnofsky", ">=", 70, None),
        ("Kellgren-Lawrence grade III or more", "kellgren_lawrence", ">=", 3, None),
        ("Oswestry Disability Index (ODI) is more than 30%", "odi", ">", 30, None),
        ("Visual Analogue Scale (VAS) of 4 or higher", "vas_pain", ">=", 4, None),
        ("NYHA class III-IV heart failure", "nyha", "between", 3, 4),
        ("hemoglobin less than 10 g/dL", "hemoglobin", "<", 10, None),
        ("HbA1c between 7.0% and 10.0%", "hba1c", "between", 7.0, 10.0),
        ("eGFR <60 mL/min/1.73 m²", "egfr", "<", 60, None),
    ],
)
def test_scores_labs_and_ranges(
    text: str, analyte: str, comparator: str, value: float, upper: float | None
) -> None:
    measurement = only(text)
    assert (measurement.analyte, measurement.comparator, measurement.value) == (
        analyte,
        comparator,
        value,
    )
    assert measurement.upper_value == upper


def test_fsh_slip_is_parsed_but_flagged_implausible() -> None:
    fsh = only("FSH (Follicle-Stimulating Hormone) > 25 IU/mL;")
    assert fsh.canonical_value == pytest.approx(25_000) and not fsh.plausible


def test_negated_condition() -> None:
    (infection,) = concepts("No local or systemic infection.", "inclusion")
    assert infection.concept == "infection" and infection.negated


def test_history_cue_marks_historical() -> None:
    (organ,) = concepts("Patients with a prior history of major organ transplantation")
    assert organ.historical and not organ.negated


def test_recency_window_past_year() -> None:
    found = concepts("Treatment with any RANKL inhibitor (such as denosumab) within the past year;")
    assert {c.concept for c in found} == {"rankl_inhibitor", "denosumab"}
    assert all(c.window is not None and c.window.kind == "recency" for c in found)
    assert found[0].window is not None and found[0].window.days == pytest.approx(365.25)


def test_duration_windows() -> None:
    (menopause,) = concepts("with primary menopause for ≥2 years", "inclusion")
    assert menopause.window is not None
    assert (menopause.window.kind, menopause.window.comparator) == ("duration", ">=")
    assert menopause.window.days == pytest.approx(730.5)
    (bisphosphonates, *_) = concepts("Cumulative use of oral bisphosphonates for ≥3 years;")
    assert bisphosphonates.window is not None and bisphosphonates.window.kind == "duration"


def test_fracture_within_six_weeks() -> None:
    (fracture,) = concepts(
        "Compression fracture of the spine within 6 weeks after minor trauma", "inclusion"
    )
    assert fracture.window is not None and fracture.window.days == pytest.approx(42)


def test_unparsed_text_stays_a_text_criterion() -> None:
    constraints, complete = parse_criterion(
        "Willing to comply with the follow-up schedule", "inclusion"
    )
    assert constraints == [] and not complete


def test_structured_fields_become_criteria() -> None:
    trial = Trial(
        nct_id="NCT00000001",
        source_format="ctgov_v2_json",
        eligibility=Eligibility(
            sex="FEMALE",
            minimum_age=Age("45 Years", 45.0),
            maximum_age=Age("85 Years", 85.0),
            healthy_volunteers=False,
        ),
    )
    parsed = parse_trial_criteria(trial)
    kinds = [type(c.constraints[0]) for c in parsed.criteria]
    assert kinds == [SexRequirement, Measurement, HealthyVolunteers]
    assert all(c.source == "structured" for c in parsed.criteria)
    assert parsed.criteria[1].text == "Age: 45 Years to 85 Years"


def test_parsed_criteria_round_trip_and_summary_decodes_alone() -> None:
    trial = Trial(
        nct_id="NCT00000002",
        source_format="ctgov_v2_json",
        conditions=["Type 2 Diabetes"],
        eligibility=Eligibility(
            criteria_text="Inclusion Criteria:\n* HbA1c ≥ 7%\n\nExclusion Criteria:\n* Pregnancy"
        ),
    )
    record, summary_record = derive_criteria_record(trial)
    assert (record.kind, record.version) == ("criteria", PARSER_VERSION)
    assert (summary_record.kind, summary_record.version) == ("criteria_summary", PARSER_VERSION)
    parsed = decode_criteria(record.data)
    assert parsed == parse_trial_criteria(trial)
    assert encode_criteria(parsed) == record.data
    summary = decode_criteria_summary(record.data)
    assert summary.condition_concepts == ["type_2_diabetes"]
    assert decode_criteria_summary(summary_record.data) == summary
    assert len(summary_record.data) < len(record.data)


def _real_criteria_texts() -> list[tuple[str, str]]:
    texts: list[tuple[str, str]] = []
    with shared_path(API_V2_STUDIES).open(encoding="utf-8") as lines:
        for line in lines:
            protocol = json.loads(line)["protocolSection"]
            module = protocol.get("eligibilityModule", {})
            texts.append(
                (protocol["identificationModule"]["nctId"], module.get("eligibilityCriteria") or "")
            )
    for path in sorted(shared_path(LEGACY_XML_SAMPLE).glob("*.xml")):
        block = ElementTree.parse(path).getroot().find("eligibility/criteria/textblock")
        texts.append((path.stem, block.text if block is not None and block.text else ""))
    return texts


def test_every_real_criterion_parses_and_share_computable_is_reported() -> None:
    total = computable = complete = 0
    for nct_id, text in _real_criteria_texts():
        trial = Trial(
            nct_id=nct_id,
            source_format="ctgov_v2_json",
            eligibility=Eligibility(criteria_text=text),
        )
        parsed = parse_trial_criteria(trial)
        decode_criteria(encode_criteria(parsed))
        for criterion in parsed.iter_criteria():
            total += 1
            computable += bool(criterion.constraints)
            complete += criterion.complete
    assert total > 5000
    print(
        f"\n{total} criteria; computable {computable / total:.1%}; "
        f"fully covered {complete / total:.1%}"
    )
    assert computable / total > 0.4


def _kinds(constraints: list[Constraint]) -> set[str]:
    return {type(c).__name__ for c in constraints}


@pytest.mark.parametrize(
    ("text", "analyte", "comparator", "value", "upper", "unit"),
    [
        ("ASA physical status I-III", "asa", "between", 1.0, 3.0, None),
        ("NYHA class III/IV", "nyha", "between", 3.0, 4.0, None),
        ("Life expectancy of at least 3 months", "life_expectancy", ">=", 3.0, None, "month"),
        # A pressure pair is its systolic and diastolic thresholds (issue 12: it was read as
        # one "blood pressure > 160", which no patient reading could be compared with).
        (
            "Uncontrolled hypertension (BP > 160/100 mmHg)",
            "systolic_bp",
            ">",
            160.0,
            None,
            "mmHg",
        ),
        (
            "Uncontrolled hypertension (BP > 160/100 mmHg)",
            "diastolic_bp",
            ">",
            100.0,
            None,
            "mmHg",
        ),
        ("ANC > 1.5 * 10^9/L", "neutrophils", ">", 1.5e9, None, "1/L"),
        ("Platelets >/= 100,000/mm3", "platelets", ">=", 100000.0, None, "1/mm**3"),
        ("HAM-D score greater than or equal to 18", "hamd", ">=", 18.0, None, None),
        ("NT-proBNP > 600 pg/ml", "nt_probnp", ">", 600.0, None, "pg/mL"),
        ("Proteinuria > 3.5 g/24h", "proteinuria", ">", 3.5, None, "g/day"),
        ("ESR above 30 mm/h", "esr", ">", 30.0, None, "mm/hour"),
        ("FEV1 < 30% predicted", "fev1", "<", 30.0, None, "percent"),
    ],
)
def test_lexicon_reads_common_labs_scores_and_vitals(
    text: str, analyte: str, comparator: str, value: float, upper: float | None, unit: str | None
) -> None:
    found = [m for m in measurements(text) if m.analyte == analyte]
    assert len(found) == 1, measurements(text)
    assert found[0].value == pytest.approx(value)
    assert (found[0].comparator, found[0].upper_value, found[0].unit) == (comparator, upper, unit)


def test_time_window_after_a_lab_value_stays_a_window() -> None:
    constraints, _ = parse_criterion("HbA1c ≥ 7% within 3 months", "inclusion")
    assert [(m.analyte, m.unit) for m in constraints if isinstance(m, Measurement)] == [
        ("hba1c", "percent")
    ]


def test_vitamin_d_converts_between_mass_and_molar_units() -> None:
    (found,) = measurements("25-hydroxyvitamin D < 30 ng/mL")
    assert found.canonical_value == pytest.approx(30.0)
    (molar,) = measurements("vitamin D < 75 nmol/L")
    assert molar.canonical_value == pytest.approx(30.0, rel=0.01)


def _measurements(text: str) -> list[Measurement]:
    constraints, _ = parse_criterion(text, "exclusion")
    return [c for c in constraints if isinstance(c, Measurement)]


@pytest.mark.parametrize(
    "text",
    [
        "Fasting glucose ≥ 126 mg/dL on 2 occasions during screening",
        "Current use of sodium glucose cotransporter 2 inhibitors",
        "Impaired glucose regulation according to 1998 WHO criteria",
        "Creatinine clearance measured after at least 5 minutes of rest",
    ],
)
def test_a_plain_number_far_from_a_lab_is_not_its_value(text: str) -> None:
    values = [(m.analyte, m.value) for m in _measurements(text)]
    assert all(value not in (2.0, 1998.0) for _, value in values), values
    assert ("creatinine_clearance", 5.0) not in values


def test_a_plain_number_right_after_a_lab_is_its_value() -> None:
    (creatinine,) = _measurements("Serum creatinine level of 2.1 mg/dL or above")
    assert creatinine.value == 2.1
    (hemoglobin,) = _measurements("Hemoglobin 9")
    assert hemoglobin.value == 9 and hemoglobin.unit == "g/dL" and hemoglobin.unit_assumed


@pytest.mark.parametrize(
    ("text", "analyte", "low", "high"),
    [
        ("ECOG performance status of 0 or 1", "ecog", 0, 1),
        ("ASA physical status class 1, 2, or 3", "asa", 1, 3),
        ("Rutherford category 4 or 5", "rutherford", 4, 5),
        # Chia: "0,1" between grades is a list, not the decimal 0.1.
        ("ECOG performance status of 0,1, or 2.", "ecog", 0, 2),
        ("Fitzpatrick Skin phototype IV-VI", "fitzpatrick", 4, 6),
        ("CDR global score of 0.5 or 1", "cdr", 0.5, 1),
    ],
)
def test_listed_grades_of_a_score_are_the_range_they_span(
    text: str, analyte: str, low: float, high: float
) -> None:
    (grade,) = _measurements(text)
    assert (grade.analyte, grade.comparator, grade.value, grade.upper_value) == (
        analyte,
        "between",
        low,
        high,
    )


@pytest.mark.parametrize(
    ("text", "analyte", "comparator", "value"),
    [
        # Chia wordings: a score's name that ends in "score" before "of" + value,
        # a value before the score it belongs to ("… on the MADRS").
        ("MADRS score of 18 or higher", "madrs", ">=", 18),
        ("MADRS total score of 18 or higher", "madrs", ">=", 18),
        ("a score of >18 on the MADRS", "madrs", ">", 18),
    ],
)
def test_a_score_value_is_read_around_its_name(
    text: str, analyte: str, comparator: str, value: float
) -> None:
    (score,) = _measurements(text)
    assert (score.analyte, score.comparator, score.value) == (analyte, comparator, value)


@pytest.mark.parametrize(
    "text", ["Body mass index (BMI): 18 ≤ BMI ≤ 32 kg/m²", "18 <= BMI <= 32 kg/m2"]
)
def test_a_value_on_each_side_of_its_name_is_a_range(text: str) -> None:
    # "18 ≤ BMI": the value before the name is a lower bound of the name after it.
    (bmi,) = _measurements(text)
    assert (bmi.analyte, bmi.comparator, bmi.value, bmi.upper_value) == ("bmi", "between", 18, 32)


def test_a_year_after_a_score_is_not_its_value() -> None:
    assert _measurements("Heart disease (New York Heart Association, 1964)") == []


def test_a_threshold_restated_in_brackets_is_one_threshold() -> None:
    (bilirubin,) = _measurements("Bilirubin level at or above 100 umol/L (5.8 mg/dL)")
    assert (bilirubin.value, bilirubin.unit) == (100, "umol/L")
    (hemoglobin,) = _measurements("Anaemia (Hb < 105 g/L [10.5 g/dL])")
    assert (hemoglobin.value, hemoglobin.unit) == (105, "g/L")


@pytest.mark.parametrize(
    ("text", "analyte", "comparator", "value", "unit"),
    [
        (
            "Smokers of more than 10 cigarettes a day",
            "cigarettes_per_day",
            ">",
            10,
            "cigarette/day",
        ),
        ("A smoking history of >10 pack years", "pack_years", ">", 10, "pack_year"),
        ("Excess alcohol (>2 drinks/d)", "alcohol_intake", ">", 2, "alcohol_drink/day"),
        (
            "Pregnant woman between 16-24 weeks of gestation",
            "gestational_age",
            "between",
            16,
            "week",
        ),
        ("Moderate to severe OSA (AHI>15)", "ahi", ">", 15, "1/hour"),
        ("The participant's Cobb angle is above 40 degrees", "cobb_angle", ">", 40, "degree"),
        ("Liver stiffness ≥15 kPa", "liver_stiffness", ">=", 15, "kPa"),
        ("Bishop score of 5 or less", "bishop", "<=", 5, None),
        ("IQ < 70", "iq", "<", 70, None),
    ],
)
def test_quantities_named_by_name_or_by_unit(
    text: str, analyte: str, comparator: str, value: float, unit: str | None
) -> None:
    # A unit such as "cigarettes a day" or "weeks of gestation" names its quantity even
    # where no name of it comes before the value.
    found = only(text)
    assert (found.analyte, found.comparator, found.value) == (analyte, comparator, value)
    assert found.unit == unit or (unit is None and found.unit_assumed is False)


@pytest.mark.parametrize(
    "text",
    [
        "Serum creatinine ≥ 1.3 mg/dL or WBC count at least 2 abnormal values",
        "History of BP >140/90, 1 or more antihypertensive medications",
        "VAS pain >5 (0-10 scale)",
        "History of PCV-13 vaccination, hematocrit normal",
        "eGFR < 30 ml/min/1.73m2 or stage 3-5 chronic kidney disease",
    ],
)
def test_counts_scales_labels_and_names_are_not_values(text: str) -> None:
    # Only the written thresholds are values: not a count of things, a scale's span, a
    # class label's number (kidney disease stage) or a number inside a name.
    readings = {(m.analyte, m.comparator, m.value) for m in measurements(text, "exclusion")}
    assert not {r for r in readings if r[2] in (1.0, 2.0, 3.0, 13.0) or r[1] == "between"}


def test_listed_roman_grades_and_comma_grades_are_one_range() -> None:
    assert (only("ASA I, II and III patients").value, only("ASA I, II and III").upper_value) == (
        1,
        3,
    )
    status = only("ASA status 1,2")
    assert (status.comparator, status.value, status.upper_value) == ("between", 1, 2)


def test_restatement_opened_with_or_is_not_a_second_threshold() -> None:
    found = analyse_text("HbA1c above 48 mmol/mol (or 6.5%)").measurements
    assert [(m.comparator, m.value) for m, _, _ in found] == [(">", 48)]


@given(st.text(alphabet=st.sampled_from("aZ é_İΣς1-'µ \n")) | st.text())
def test_lowercase_words_are_each_words_lowercase(text: str) -> None:
    tokens, lowered = tokenize_lowered(text)
    assert tokens == tokenize(text)
    assert lowered == [token.text.lower() for token in tokens]


def test_a_power_of_ten_written_after_a_range_scales_both_ends() -> None:
    # No such range in ../shared; written as laboratories print reference ranges. The lower
    # end was read as 4.0 per litre, which every patient's count exceeds.
    (white_cells,) = measurements("WBC 4.0 - 11.0 x 10^9/L")
    assert (white_cells.comparator, white_cells.value, white_cells.upper_value) == (
        "between",
        4.0e9,
        11.0e9,
    )
    (platelets,) = measurements("Platelets between 100 and 400 x 10^9/L")
    assert (platelets.value, platelets.upper_value) == (100.0e9, 400.0e9)


def test_a_bare_value_after_or_takes_the_comparator_before_it() -> None:
    # No such criterion in ../shared: "creatinine > 1.5 mg/dL or 300 µmol/L" (two thresholds,
    # not one restated) read the second as exactly 300 µmol/L.
    first, second = measurements("creatinine > 1.5 mg/dL or 300 µmol/L")
    assert (first.comparator, second.comparator, second.value) == (">", ">", 300.0)


def test_an_approximate_value_is_no_requirement() -> None:
    """NCT03118986's age line: "Note that the minimum age requirement corresponds to an
    approximate body weight of 12.5 kg" sets no weight of exactly 12.5 kg; "at least 12.5 kg"
    still does."""
    text = (
        "2.5 to < 18 years of age. Note that the minimum age requirement corresponds to an "
        "approximate body weight of 12.5 kg."
    )
    constraints, _ = parse_criterion(text, "inclusion")
    assert not [c for c in constraints if getattr(c, "analyte", None) == "body_weight"]
    weight, _ = parse_criterion("Body weight of at least 12.5 kg", "inclusion")
    assert [(c.analyte, c.comparator) for c in weight if isinstance(c, Measurement)] == [
        ("body_weight", ">=")
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Male or non-pregnant, non-lactating females ages 18 to 75 inclusive.",
        "Males or non-pregnant, non-nursing females between the ages of 18 and 65",
        "Men and post-menopausal women with HR-positive, HER2-negative breast cancer",
    ],
)
def test_a_sex_word_then_or_the_other_sex_asks_no_one_sex(text: str) -> None:
    """Written in the API v2 studies and the legacy XML sample: the opening sex word is one of
    two alternatives, so the criterion is no requirement of that sex."""
    constraints, _ = parse_criterion(text, "inclusion")
    assert not any(isinstance(c, SexRequirement) for c in constraints)


def test_a_sex_word_then_or_another_word_still_asks_that_sex() -> None:
    """The other way: "Male or female" is read as both, but "Female, age 45 or older" and a
    sex word followed by "or" and no other sex ask for that sex."""
    constraints, _ = parse_criterion("Female, aged 18 or older", "inclusion")
    assert any(isinstance(c, SexRequirement) and c.sex == "female" for c in constraints)
    constraints, _ = parse_criterion("Women or adolescents aged 12 or older", "inclusion")
    assert any(isinstance(c, SexRequirement) and c.sex == "female" for c in constraints)


@pytest.mark.parametrize("text", ["Male patient", "Males.", "Male subjects"])
def test_an_exclusion_that_is_only_a_sex_is_read_as_that_sex(text: str) -> None:
    """NCT05450016 (API v2 studies) excludes "Male patient": nothing but the sex, so the
    criterion is a requirement of it, in an exclusion as in an inclusion."""
    constraints, complete = parse_criterion(text, "exclusion")
    assert [c.sex for c in constraints if isinstance(c, SexRequirement)] == ["male"]
    assert complete


@pytest.mark.parametrize(
    "text", ["Men with a history of prostate cancer", "Women who are pregnant or breastfeeding"]
)
def test_an_exclusion_opening_with_a_sex_and_saying_more_asks_no_sex(text: str) -> None:
    """The other way: the sex word names who the rest of the exclusion is about, so it is
    left to the judge's reading of the other sex, not read as a requirement."""
    constraints, _ = parse_criterion(text, "exclusion")
    assert not any(isinstance(c, SexRequirement) for c in constraints)


def test_a_sex_word_then_a_list_naming_the_other_sex_asks_no_one_sex() -> None:
    """NCT05296798 (the bundled sample): "Males (≥18 years of age), post-menopausal* females
    or pre-menopausal** females with ovarian ablation" lists the other sex after a comma, past
    its qualifiers: a 62-year-old woman was "not met: criterion male" on a trial for her
    cancer. "Female, aged 18 or older" still asks for a woman."""
    text = (
        "Males (≥18 years of age), post-menopausal* females or pre-menopausal** females with "
        "ovarian ablation (as per physician decision)."
    )
    constraints, _ = parse_criterion(text, "inclusion")
    assert not any(isinstance(c, SexRequirement) for c in constraints)
    constraints, _ = parse_criterion("Female, aged 18 or older, with breast cancer", "inclusion")
    assert any(isinstance(c, SexRequirement) and c.sex == "female" for c in constraints)
