"""Measurement extraction rules, each on a real criterion of ../shared (skipped when absent).

The criteria come from the registry records (API v2) and from the development half of the
Chia and LCT corpora (``extraction_portion``): the check half is only ever scored.
"""

from __future__ import annotations

import functools
import json

from conftest import API_V2_STUDIES, shared_path
from trialfinder.criteria.clean import clean_text
from trialfinder.criteria.model import Measurement
from trialfinder.criteria.parse import analyse_text, parse_criterion
from trialfinder.evaluate import extraction_portion
from trialfinder.patient import PatientProfile, extract_facts

LCT = "data/lct/leaf_clinical_trials"
CHIA = "data/chia/chia_without_scope"

Reading = tuple[str, str, float, float | None, str | None]


@functools.cache
def _registry_lines() -> tuple[str, ...]:
    with shared_path(API_V2_STUDIES).open(encoding="utf-8") as lines:
        texts = [
            json.loads(line)["protocolSection"]
            .get("eligibilityModule", {})
            .get("eligibilityCriteria", "")
            for line in lines
        ]
    return tuple(row.strip() for text in texts for row in clean_text(text).split("\n"))


def _registry_criterion(fragment: str) -> str:
    """The registry criterion (one line of a record's eligibility text) holding ``fragment``."""
    return next(line for line in _registry_lines() if fragment in line)


def _corpus_criterion(corpus: str, document: str, fragment: str) -> str:
    """A line of a Chia or LCT document of the development half holding ``fragment``."""
    assert extraction_portion(document) == "development"
    root = shared_path(corpus)
    path = next(root.rglob(f"{document}.txt"))
    text = path.read_bytes().decode("utf-8")
    return next(line.strip() for line in text.split("\n") if fragment in line)


def _readings(text: str) -> list[Reading]:
    """What the parser extracts: analyte, comparator, value, upper value, written unit."""
    return [
        (m.analyte, m.comparator, m.value, m.upper_value, None if m.unit_assumed else m.unit)
        for m, _, _ in analyse_text(text).measurements
    ]


def test_roman_grade_reads_a_comparator_and_label_words_after_a_bracketed_name() -> None:
    at_least = _corpus_criterion(LCT, "NCT03927378", "ASA physical status classification")
    assert ("asa", ">=", 3.0, None, None) in _readings(at_least)
    spelled = _corpus_criterion(LCT, "NCT03926949", "(ASA) classification III to V")
    assert ("asa", "between", 3.0, 5.0, None) in _readings(spelled)
    bare = _corpus_criterion(LCT, "NCT03922906", "ASA ≥ III")
    assert _readings(bare) == [("asa", ">=", 3.0, None, None)]


def test_roman_stage_of_a_disease_is_no_value_of_a_lab_or_a_size() -> None:
    kidney = _corpus_criterion(CHIA, "NCT02046395_exc", "CKD stage IV and V")
    assert _readings(kidney) == [("egfr", "<", 30.0, None, "mL/min")]
    tumour = _registry_criterion("metastatic germ cell tumor (stage II or higher)")
    assert not [r for r in _readings(tumour) if r[0] == "lesion_size"]


def test_a_bracketed_symbol_restates_the_comparator_words_before_it() -> None:
    survival = _registry_criterion("life expectancy of greater than (>) 3 months")
    assert ("life_expectancy", ">", 3.0, None, "month") in _readings(survival)
    clearance = _registry_criterion("less than (<) 50 milliliters/minute")
    assert ("creatinine_clearance", "<", 50.0, None, "mL/min") in _readings(clearance)


def test_a_number_before_counted_lesions_counts_them() -> None:
    target = _registry_criterion("at least 1 target lesion")
    assert not [r for r in _readings(target) if r[0] == "lesion_size"]
    metastases = _registry_criterion("4 or more metastatic lesions")
    assert not [r for r in _readings(metastases) if r[0] == "lesion_size"]


def test_a_multiple_of_the_upper_limit_of_normal_measures_a_lab_only() -> None:
    markers = _registry_criterion("tumor markers rise to")
    assert not [r for r in _readings(markers) if r[0] == "lesion_size"]


def test_quantities_the_registry_names_are_read() -> None:
    expected: dict[str, Reading] = {
        "PD-L1 TPS >=50%": ("pd_l1_tps", ">=", 50.0, None, "percent"),
        "CA125 levels": ("ca125", ">=", 50.0, None, "IU/mL"),
        "Peripheral blood blast count": ("blasts", ">=", 10.0, None, "percent"),
        "M-protein level greater": ("m_protein", ">=", 0.5, None, "g/dL"),
        "23.0 kilograms per meter square": ("bmi", ">=", 23.0, None, "kg/m**2"),
    }
    for fragment, reading in expected.items():
        assert reading in _readings(_registry_criterion(fragment)), fragment
    sodium = _corpus_criterion(LCT, "NCT03929523", "Natremia > 155")
    assert _readings(sodium) == [("sodium", ">", 155.0, None, "mmol/L")]


def test_a_value_followed_at_once_by_a_name_measures_that_name() -> None:
    blasts = _registry_criterion("blasts in bone marrow")
    assert [r for r in _readings(blasts) if r[0] == "blasts"][:2] == [
        ("blasts", "<", 5.0, None, "percent"),
        ("blasts", "<", 1.0, None, "percent"),
    ]
    pressure = _corpus_criterion(LCT, "NCT03866512", "≥140 mmHg systolic")
    readings = _readings(pressure)
    assert ("systolic_bp", ">=", 140.0, None, "mmHg") in readings
    assert ("diastolic_bp", ">=", 90.0, None, "mmHg") in readings


def test_milli_international_units_glued_to_the_number_are_milli_units() -> None:
    # "> 5mIU/mL" was read as 5 million IU/mL: an "m" glued to "IU" spells mIU; only an "M"
    # before a count's unit ("2.5M copies") multiplies by a million.
    pregnancy = _corpus_criterion(CHIA, "NCT03211741_exc", "(> 5mIU/mL)")
    assert _readings(pregnancy) == [("hcg", ">", 5.0, None, "mIU/mL")]


def test_units_written_with_spaces_glued_or_in_words_are_read() -> None:
    spaced = _corpus_criterion(LCT, "NCT03922906", "Creatinine ≥ 1.5mg /dL")
    assert ("creatinine", ">=", 1.5, None, "mg/dL") in _readings(spaced)
    glued = _corpus_criterion(CHIA, "NCT01700790_exc", "cells/mm3or less")
    assert _readings(glued) == [("cd4", "<=", 50.0, None, "1/mm**3")]
    words = _corpus_criterion(LCT, "NCT03928379", "1.73 meters squared of body surface area")
    assert _readings(words) == [("egfr", "<", 45.0, None, "mL_per_min_per_1_73m2")]


def test_a_clearance_named_with_a_creatinine_name_is_the_clearance() -> None:
    text = _corpus_criterion(LCT, "NCT03923556", "plasma creatinine clearance <30")
    assert _readings(text) == [("creatinine_clearance", "<", 30.0, None, "mL/min")]


def test_a_score_given_on_its_scale_is_that_scales_value() -> None:
    pain = _corpus_criterion(LCT, "NCT03928015", "on the pain numeric rating score")
    assert _readings(pain) == [("vas_pain", ">=", 5.0, None, None)]


def test_numbers_inside_codes_and_editions_are_no_values_and_lower_limits_are_read() -> None:
    tnm = _registry_criterion("T3-4 N0-1c M0")
    assert not [r for r in _readings(tnm) if r[0] == "total_t3"]
    assert not _readings(_registry_criterion("Medina lesion 001"))
    assert not [
        r for r in _readings(_registry_criterion("NCI CTCAE 4.03 criteria")) if r[2] == 4.03
    ]
    limits = _readings(_registry_criterion("less than 0.8 x LLN"))
    # "magnesium and calcium more than 1.2 x ULN or less than 0.8 x LLN": each bound is read
    # against its own limit (the LLN is a unit since PARSER_VERSION 1.65; before, the 0.8 was
    # dropped rather than read as 0.8 of the lab's own unit).
    assert limits == [
        ("magnesium", ">", 1.2, None, "ULN"),
        ("calcium", ">", 1.2, None, "ULN"),
        ("magnesium", "<", 0.8, None, "LLN"),
        ("calcium", "<", 0.8, None, "LLN"),
    ]
    # FeNO's 25 ppb is no eosinophil count: ppb cannot measure one (it is FeNO's own).
    feno = _readings(_registry_criterion("FeNo ≥ 25 ppb"))
    assert feno == [
        ("eosinophils", ">=", 150.0, None, "1/uL"),
        ("feno", ">=", 25.0, None, "ppb"),
    ]


def test_a_grade_range_written_with_the_name_again_is_one_range() -> None:
    repeated = _corpus_criterion(LCT, "NCT03920046", "I- ASA II patients")
    assert _readings(repeated) == [("asa", "between", 1.0, 2.0, None)]
    subclass = _corpus_criterion(LCT, "NCT03863080", "(MGFA) Class II-IVa")
    assert _readings(subclass) == [("mgfa_class", "between", 2.0, 4.0, None)]


def test_grades_explaining_a_range_in_brackets_are_no_thresholds() -> None:
    text = _corpus_criterion(LCT, "NCT03867071", "ASA 1 corresponding to")
    assert _readings(text) == [("asa", "between", 1.0, 2.0, None)]


def test_the_number_of_the_next_run_on_item_is_no_value() -> None:
    text = _corpus_criterion(LCT, "NCT03869294", "ECOG performance status of 0 or 1 5.")
    assert [r for r in _readings(text) if r[0] == "ecog"] == [("ecog", "between", 0.0, 1.0, None)]


def test_weeks_and_days_of_gestation_are_read_as_the_weeks() -> None:
    text = _corpus_criterion(LCT, "NCT03866863", "24 + 0 weeks of amenorrhea")
    assert _readings(text) == [("gestational_age", ">", 24.0, None, "week")]


def test_days_written_in_sevenths_after_the_weeks_of_gestation_are_part_of_the_age() -> None:
    # "27 0/7 to 36 6/7 weeks" is 27 weeks to 36 weeks and 6 days: one range, not three values
    # ("= 27", "between 0 and 36", "= 6").
    preterm = _corpus_criterion(CHIA, "NCT02164734_inc", "Gestational age 27 0/7")
    assert _readings(preterm) == [("gestational_age", "between", 27.0, 36 + 6 / 7, "week")]
    born = _corpus_criterion(CHIA, "NCT02632266_inc", "born between 28 0/7")
    assert _readings(born) == [("gestational_age", "between", 28.0, 34.0, "week")]


def test_a_range_of_weeks_and_days_of_gestation_keeps_both_ends_and_their_days() -> None:
    """Obstetric weeks+days ("34+0" is 34 weeks 0 days, "36+5" 36 weeks 5 days) at both ends
    of a range: NCT05698966 "(34+0-36+5 weeks of gestation)" is 34 weeks to 36 weeks 5 days,
    not "34 or more" and "between 0 and 36"; NCT05706428 "born between 32+0 to 36+6 weeks
    gestation" ends at 36 weeks 6 days, not at 36."""
    late_preterm = "delivery in the late preterm period (34+0-36+5 weeks of gestation)."
    assert _readings(late_preterm) == [("gestational_age", "between", 34.0, 36 + 5 / 7, "week")]
    born = "Moderate and late preterm infants born between 32+0 to 36+6 weeks gestation"
    assert _readings(born) == [("gestational_age", "between", 32.0, 36 + 6 / 7, "week")]
    # The days of a time that is no gestation are left alone ("exposure 14+3 days").
    assert not [r for r in _readings("Genius exposure 14+3 days") if r[2] == 14 + 3 / 7]


def test_a_volume_in_litres_is_not_a_percentage() -> None:
    """FEV1 is kept in % predicted: "FEV1 > 0.8 L" is never 0.8% (it is FEV1 in litres)."""
    text = _corpus_criterion(LCT, "NCT03924843", "FEV1 > 0.8 L")
    assert [r for r in _readings(text) if r[0] == "fev1"] == []


def test_alcohol_units_written_in_the_singular_and_per_occasion() -> None:
    # NCT05872269 (the registry): "… >1 unit of alcohol per day (>7 units per week) …".
    daily = _registry_criterion(">1 unit of alcohol per day")
    assert ("alcohol_intake", ">", 1.0, None, "alcohol_unit/day") in _readings(daily)
    assert not [r for r in _readings(daily) if r[4] == "alcohol_drink/week"]
    binge = _corpus_criterion(LCT, "NCT03860753", "drinks/occasion")
    assert not [r for r in _readings(binge) if r[2] == 3.0]


def test_quantities_named_in_french_and_echo_sizes_are_read() -> None:
    french = _corpus_criterion(LCT, "NCT03928002", "DFG < 30")
    assert _readings(french) == [("egfr", "<", 30.0, None, "mL_per_min_per_1_73m2")]
    atrium = _corpus_criterion(LCT, "NCT03920917", "Left atrium size < 45mm")
    assert _readings(atrium) == [("left_atrial_diameter", "<", 45.0, None, "mm")]


def test_a_bare_life_expectancy_is_a_minimum() -> None:
    text = _corpus_criterion(LCT, "NCT03861156", "a minimum life expectancy of 12 weeks")
    assert _readings(text) == [("life_expectancy", ">=", 12.0, None, "week")]


def test_a_slash_pair_gives_each_pressure_its_own_number() -> None:
    # "140/90" is a systolic and a diastolic threshold, in the order the names are written.
    named = _corpus_criterion(LCT, "NCT03925142", "Systolic/diastolic blood pressure >")
    assert sorted(_readings(named)) == [
        ("diastolic_bp", ">", 90.0, None, None),
        ("systolic_bp", ">", 140.0, None, None),
    ]
    # A pressure named as a whole is its systolic and diastolic pair.
    whole = _corpus_criterion(LCT, "NCT03860584", "BP >140/90 mmHg")
    assert sorted(_readings(whole)) == [
        ("diastolic_bp", ">", 90.0, None, "mmHg"),
        ("systolic_bp", ">", 140.0, None, "mmHg"),
    ]
    low = _corpus_criterion(LCT, "NCT03867994", "blood pressure less than 90/60")
    assert sorted(_readings(low)) == [
        ("diastolic_bp", "<", 60.0, None, "mmHg"),
        ("systolic_bp", "<", 90.0, None, "mmHg"),
    ]
    # Spaces around the slash, as some records write it: "BP > 140 / 90 mmHg".
    assert _readings(whole.replace("/", " / ")) == _readings(whole)
    # A comma after the pair ends it ("history of BP >140/90, 1 or more antihypertensive").
    listed = _corpus_criterion(CHIA, "NCT02589977_inc", "history of BP >140/90, 1 or more")
    assert ("diastolic_bp", ">", 90.0, None, None) in _readings(listed)
    assert not [r for r in _readings(listed) if r[0] == "blood_pressure"]
    bounds = _corpus_criterion(CHIA, "NCT00461136_inc", "≥ 135/85 mm Hg but lower than 170/105")
    assert set(_readings(bounds)) == {  # (the line says it twice)
        ("diastolic_bp", "<", 105.0, None, "mmHg"),
        ("diastolic_bp", ">=", 85.0, None, "mmHg"),
        ("systolic_bp", "<", 170.0, None, "mmHg"),
        ("systolic_bp", ">=", 135.0, None, "mmHg"),
    }


def test_a_frax_hip_fracture_risk_is_not_the_major_fracture_risk() -> None:
    # NCT06949137 (a reference trial): "… a 10-year risk of major osteoporotic fracture >30%
    # or hip fracture risk >4.5%".
    text = next(
        line
        for line in shared_path("seeds/NCT06949137.txt").read_text(encoding="utf-8").split("\n")
        if "hip fracture risk" in line
    )
    assert sorted(_readings(text)) == [
        ("frax_hip", ">", 4.5, None, "percent"),
        ("frax_major", ">", 30.0, None, "percent"),
    ]


def _levels(text: str) -> list[Reading]:
    """The readings that are levels: a change ("a drop of 20 mmHg") is marked, not a level."""
    return [
        (m.analyte, m.comparator, m.value, m.upper_value, None if m.unit_assumed else m.unit)
        for m, _, _ in analyse_text(text).measurements
        if not m.change
    ]


def test_a_change_in_a_quantity_is_no_threshold_on_its_level() -> None:
    # A drop of 20 mmHg is no systolic pressure of 20 mmHg, nor a fall of 20% an FEV1 of 20%:
    # read as levels, every patient would meet them. They stay values, marked as changes.
    postural = _corpus_criterion(CHIA, "NCT01322464_exc", "postural drop of 20 mmHg")
    assert _readings(postural) == [("systolic_bp", ">=", 20.0, None, "mmHg")]
    assert _levels(postural) == []
    for text in (
        _corpus_criterion(CHIA, "NCT03350659_inc", "systolic blood pressure drop >=20"),
        _corpus_criterion(LCT, "NCT03868631", "changes in body weight"),
        _corpus_criterion(LCT, "NCT03865706", "points above baseline"),
    ):
        assert _readings(text)
        assert _levels(text) == []
    assert not [r for r in _levels(_registry_criterion("fall in FEV1 of ≥20%")) if r[0] == "fev1"]
    beighton = _corpus_criterion(LCT, "NCT03869307", "1 point below the age and sex-specific")
    assert ("beighton", ">=", 5.0, None, None) in _levels(beighton)
    assert not [r for r in _levels(beighton) if r[2] == 1.0]
    # A level written after "increase" stays a level: "potassium increase of up to 6.0 mmol/L
    # is acceptable at study entry".
    potassium = _registry_criterion("potassium increase of up to 6.0 mmol/L")
    assert ("potassium", "<=", 6.0, None, "mmol/L") in _levels(potassium)


def _sexes(text: str) -> list[tuple[str, float, str | None]]:
    return [(m.analyte, m.value, m.sex) for m, _, _ in analyse_text(text).measurements]


def test_a_threshold_written_for_one_sex_says_so() -> None:
    after = _corpus_criterion(CHIA, "NCT02068365_exc", "Hemoglobin < 11.5 g/dL for females")
    assert _sexes(after) == [("hemoglobin", 11.5, "female"), ("hemoglobin", 12.5, "male")]
    before = _corpus_criterion(CHIA, "NCT02632760_inc", "males Hb <130 g/L")
    assert _sexes(before) == [("hemoglobin", 130.0, "male"), ("hemoglobin", 120.0, "female")]
    restated = _corpus_criterion(CHIA, "NCT03338855_exc", "(7.1 mM) in women")
    assert _sexes(restated) == [("hemoglobin", 115.0, "female"), ("hemoglobin", 120.0, "male")]
    bracketed = _corpus_criterion(LCT, "NCT03861819", "drinks per week (if male)")
    assert [sex for _, _, sex in _sexes(bracketed)] == ["male", "female"]
    # Both sexes named together, or none: the threshold is everyone's.
    assert _sexes("Hemoglobin < 12 g/dL for men and women") == [("hemoglobin", 12.0, None)]
    assert _sexes("Hemoglobin < 12 g/dL") == [("hemoglobin", 12.0, None)]
    # A sex labelling what follows is not the age's: "6 months to < 1 year male: 0.5 female: 0.5".
    # (Nor is the row's age a limit at all: it labels whose values the row gives, test_age_ranges.)
    table = _registry_criterion("to < 1 year male: 0.5")
    assert [sex for analyte, _, sex in _sexes(table) if analyte == "age"] == []


def test_a_time_window_whose_comparator_is_within_is_no_age() -> None:
    # NCT02682511: "dcSSc within 7 years following initial diagnosis" was read as an age of
    # at most 7 years, which excluded every adult; "within" made the comparator, so the time
    # cue before the number was not seen.
    for text in (
        "dcSSc within 7 years following initial diagnosis",
        "Diagnosed with SSc within 5 years",
    ):
        assert "age" not in _analytes_read(text), text
    assert _analytes_read("Children aged within 2 to 7 years of age") == ["age"]


def test_a_time_before_post_is_the_time_since_an_event_not_an_age() -> None:
    # NCT03983954 "Female participants must be ≥ 1 year post-menopausal, surgically sterile,
    # or …" was read as an age of at least 1 year (a 15-year-old "met" it).
    for text in (
        "Female participants must be ≥ 1 year post-menopausal, surgically sterile, or using 1 "
        "highly effective form of birth control",
        "Women at least 2 years postmenopausal",
        "Recipients more than 1 year post transplant",
    ):
        assert "age" not in _analytes_read(text), text
    assert _analytes_read("Adults ≥ 18 years, post-menopausal women") == ["age"]


def _analytes_read(text: str) -> list[str]:
    return [m.analyte for m, _, _ in analyse_text(text).measurements]


def test_a_comparator_written_before_the_name_bounds_the_value_after_it() -> None:
    # "Under age 50" was read as an age of exactly 50, "greater than NYHA 2" as NYHA 2.
    under = _corpus_criterion(LCT, "NCT03926702", "Under age 50")
    assert _readings(under) == [("age", "<", 50.0, None, "year")]
    nyha = _corpus_criterion(LCT, "NCT03929419", "greater than NYHA 2")
    assert ("nyha", ">", 2.0, None, None) in _readings(nyha)
    over = _corpus_criterion(LCT, "NCT03920878", "Adults over age 18")
    assert _readings(over) == [("age", ">", 18.0, None, "year")]


def test_equal_or_before_a_comparator_word_includes_the_bound() -> None:
    # "equal or above 18" was read as "above 18" (> 18): "equal or" (without "to") before
    # above, superior to, below ... makes the bound inclusive, as "equal or more than" did.
    above = _corpus_criterion(LCT, "NCT03867266", "Age equal or above 18")
    assert _readings(above) == [("age", ">=", 18.0, None, "year")]
    superior = _corpus_criterion(CHIA, "NCT02982577_inc", "Age equal or superior to 18")
    assert _readings(superior) == [("age", ">=", 18.0, None, "year")]


def test_an_age_named_inside_its_comparator_phrase_is_read() -> None:
    # "under the age of 21": the phrase "under the age of" holds the name "age" itself.
    text = _corpus_criterion(CHIA, "NCT02952365_exc", "under the age of 21")
    assert _readings(text) == [("age", "<", 21.0, None, "year")]


def test_a_range_opened_before_the_name_spans_both_numbers() -> None:
    # "between the ages of 21 and 65" was read as an age of 21 and another of 65.
    ages = _corpus_criterion(LCT, "NCT03926195", "between the ages of 21 and 65")
    assert _readings(ages) == [("age", "between", 21.0, 65.0, "year")]
    adults = _corpus_criterion(LCT, "NCT03869372", "Adults between age 18 and 75")
    assert _readings(adults) == [("age", "between", 18.0, 75.0, "year")]
    including = _corpus_criterion(CHIA, "NCT03493919_inc", "between, and including, 18 and 50")
    assert _readings(including) == [("age", "between", 18.0, 50.0, "year")]
    greater = _corpus_criterion(CHIA, "NCT03225469_inc", "Greater than the age of 18")
    assert _readings(greater) == [("age", ">", 18.0, None, "year")]


def test_transaminases_and_liver_enzymes_are_one_named_quantity() -> None:
    enzymes = _corpus_criterion(CHIA, "NCT01700790_exc", "Liver enzymes greater than 2 times ULN")
    assert _readings(enzymes) == [("transaminases", ">", 2.0, None, "ULN")]


def test_the_upper_normal_limit_written_unl_or_in_the_plural_is_the_uln() -> None:
    # "< 5 × upper normal limits" was read as 5 IU/L (assumed), which every patient exceeds.
    plural = _corpus_criterion(CHIA, "NCT03004261_inc", "< 5 × upper normal limits")
    assert {r[4] for r in _readings(plural)} == {"ULN"}
    abbreviated = _corpus_criterion(CHIA, "NCT00343668_inc", "upper normal limit (UNL)")
    readings = _readings(abbreviated)
    assert ("total_bilirubin", "<", 2.0, None, "ULN") in readings
    # "<3 times [<5 times for patients with liver metastasis] UNL": no unit reads "3 times"
    # here, so it is no value rather than 3 IU/L.
    assert not [r for r in readings if r[0] == "transaminases" and r[4] is None]
    for fragment in ("1.5 times upper limit normal (ULN)", "1.5 x upper limit of the normal range"):
        assert [r[4] for r in _readings(_registry_criterion(fragment))] == ["ULN"], fragment


def test_gold_grades_of_copd_and_the_gold_hypoglycaemia_score_are_told_apart() -> None:
    copd = _corpus_criterion(CHIA, "NCT02150590_inc", "GOLD grade 2-3")
    assert ("gold_copd", "between", 2.0, 3.0, None) in _readings(copd)
    unawareness = _registry_criterion("Gold score≥4")
    assert _readings(unawareness) == [("gold_hypoglycemia", ">=", 4.0, None, None)]


def test_a_comparator_before_a_grade_label_bounds_the_grade() -> None:
    # "CTCAE >Grade 2" was read as grade 2 exactly.
    toxicity = _registry_criterion("CTCAE >Grade 2")
    assert _readings(toxicity) == [("ctcae_grade", ">", 2.0, None, None)]
    # The label still says only a score's value follows: no 2% stenosis.
    valve = _corpus_criterion(LCT, "NCT03920917", "mitral stenosis >grade 2")
    assert _readings(valve) == []


def test_a_threshold_restated_after_or_in_another_unit_is_one_threshold() -> None:
    calcium = _registry_criterion("up to 12.5 mg/dL or 3.1 mmol/L")
    assert [r for r in _readings(calcium) if r[0] == "calcium"] == [
        ("calcium", "<=", 12.5, None, "mg/dL")
    ]


def test_abbreviations_of_creatinine_clearance_and_hba1c() -> None:
    clearance = _corpus_criterion(CHIA, "NCT01907230_exc", "Ccr < 50 mL/min")
    assert _readings(clearance) == [("creatinine_clearance", "<", 50.0, None, "mL/min")]
    hba1c = _corpus_criterion(CHIA, "NCT02348918_exc", "HgA1c blood test > 10.0")
    assert _readings(hba1c) == [("hba1c", ">", 10.0, None, None)]


def test_roman_numeral_characters_and_full_width_dashes_read_as_grades() -> None:
    # "GradeⅠ－II": lowercasing turned "Ⅰ" into "ⅰ", which no grade pattern read, and the
    # full-width dash joined nothing.
    text = _corpus_criterion(LCT, "NCT03869346", "Anesthesiologists GradeⅠ－II")
    assert _readings(text) == [("asa", "between", 1.0, 2.0, None)]


def test_a_shared_threshold_restated_in_brackets_is_one_threshold_for_each_name() -> None:
    # "AST and/or ALT> 3 times upper limit of normal (approximately 120 IU/L …)": the
    # bracket restates the ULN multiple for both names, not a second threshold of 120.
    text = _corpus_criterion(CHIA, "NCT02946892_exc", "(approximately 120 IU/L")
    assert _readings(text) == [("ast", ">", 3.0, None, "ULN"), ("alt", ">", 3.0, None, "ULN")]


def test_a_length_with_a_comparator_is_a_value_even_without_a_known_name() -> None:
    # LCT annotates "PDA diameter > 1.5 mm", "rim < 5 mm" as measurements: a length the
    # lexicon has no name for is read as one by its unit.
    diameter = _corpus_criterion(LCT, "NCT03860428", "PDA diameter > 1.5 mm")
    assert _readings(diameter) == [("length", ">", 1.5, None, "mm")]
    # Read, but no constraint: no patient fact could answer it.
    constraints, _ = parse_criterion(diameter, "inclusion")
    assert not [c for c in constraints if isinstance(c, Measurement)]
    # Not a bare length ("4 mm of dilatation"), nor millimolar ("(7.1 mM)").
    bare = _corpus_criterion(CHIA, "NCT02957305_exc", "4 mm of dilatation")
    assert not [r for r in _readings(bare) if r[0] == "length"]
    millimolar = _corpus_criterion(CHIA, "NCT03338855_exc", "(7.1 mM)")
    assert not [r for r in _readings(millimolar) if r[0] == "length"]


def test_a_pressure_velocity_or_angle_with_a_comparator_is_a_value_by_its_unit() -> None:
    # Chia annotates "closure pressure of <20 cm H2O", "jet >3.0 meters per second",
    # "center edge angle < 20°" as Values: a quantity the lexicon has no name for is read
    # by its unit, as a length is, and gives the judge no constraint.
    pressure = _corpus_criterion(CHIA, "NCT00676273_exc", "closure pressure of <20 cm H2O")
    assert _readings(pressure) == [("pressure_in_water", "<", 20.0, None, "cmH2O")]
    jet = _corpus_criterion(CHIA, "NCT03338296_exc", "jet >3.0 meters per second")
    assert ("velocity", ">", 3.0, None, "m/s") in _readings(jet)
    angle = _corpus_criterion(CHIA, "NCT02920177_exc", "center edge angle < 20°")
    assert _readings(angle) == [("angle", "<", 20.0, None, "degree")]
    constraints, _ = parse_criterion(angle, "exclusion")
    assert not [c for c in constraints if isinstance(c, Measurement)]


def test_a_percentage_of_predicted_with_no_name_read_is_a_value_by_its_unit() -> None:
    # "Maximal inspiratory pressure (MIP) <70% of predicted", "(FEV1) at Visit 1 (Screening)
    # >=80% predicted": a share of a predicted value whose name the parse does not reach is
    # read by its unit (no constraint for the judge), as a length is.
    mip = _corpus_criterion(CHIA, "NCT02600000_inc", "<70% of predicted")
    assert _readings(mip) == [("percent_of_predicted", "<", 70.0, None, "percent")]
    fev1 = _corpus_criterion(CHIA, "NCT02502734_inc", ">=80% predicted")
    assert ("percent_of_predicted", ">=", 80.0, None, "percent") in _readings(fev1)
    constraints, _ = parse_criterion(mip, "inclusion")
    assert not [c for c in constraints if isinstance(c, Measurement)]


def test_an_interval_in_milliseconds_with_no_name_read_is_a_value_by_its_unit() -> None:
    # "QRS width in the 12 channel surface ECG =120 ms" (the name too far for the parse),
    # "QRS duration =100 milliseconds (msec)": an ECG interval read by its unit, with no
    # constraint for the judge; a named interval keeps its name.
    width = _corpus_criterion(CHIA, "NCT01803438_inc", "surface ECG =120 ms")
    assert ("interval_ms", "=", 120.0, None, "ms") in _readings(width)
    assert ("qtc", "<", 440.0, None, "ms") in _readings(width)
    duration = _corpus_criterion(CHIA, "NCT03338296_exc", "=100 milliseconds (msec)")
    assert ("interval_ms", "=", 100.0, None, "ms") in _readings(duration)


def test_a_volume_measured_of_the_patient_is_a_value_by_its_unit() -> None:
    # "post-void residual (defined as PVR > 100cc)", "effusion greater than 100 ml in volume":
    # a volume the patient has is read by its unit (no constraint for the judge), as a
    # length is; an amount given or taken is not ("Donation or loss of 400 mL or more of
    # blood", "at least 1000 mL of crystalloid"), nor a rate the unit reader lacks
    # ("urine output < 0.5 mL/kg body weight for one hour").
    residual = _corpus_criterion(CHIA, "NCT00676273_exc", "PVR > 100cc")
    assert _readings(residual) == [("volume", ">", 100.0, None, "cm**3")]
    constraints, _ = parse_criterion(residual, "exclusion")
    assert not [c for c in constraints if isinstance(c, Measurement)]
    effusion = _corpus_criterion(CHIA, "NCT00094861_exc", "greater than 100 ml in volume")
    assert ("volume", ">", 100.0, None, "mL") in _readings(effusion)
    donation = _corpus_criterion(CHIA, "NCT00461136_exc", "loss of 400 mL or more of blood")
    assert not [r for r in _readings(donation) if r[0] == "volume"]
    shock = _corpus_criterion(CHIA, "NCT02118467_inc", "at least 1000 mL of crystalloid")
    assert not [r for r in _readings(shock) if r[0] == "volume"]


def test_a_percentile_is_read_as_a_rank_not_as_the_quantity_it_ranks() -> None:
    # "Body mass index >85%ile for age and sex", "a blood pressure in the 95th percentile or
    # greater", "estimated fetal weight <3 centile": a rank among peers is read by its unit (no
    # constraint for the judge), never as the quantity's own value (a fetal weight of 3 g).
    bmi = _corpus_criterion(CHIA, "NCT02515773_inc", ">85%ile")
    assert _readings(bmi) == [("percentile", ">", 85.0, None, "percentile")]
    pressure = _corpus_criterion(CHIA, "NCT03338296_exc", "95th percentile or greater")
    assert ("percentile", ">=", 95.0, None, "percentile") in _readings(pressure)
    growth = _registry_criterion("estimated fetal weight <3 centile")
    assert _readings(growth) == [("percentile", "<", 3.0, None, "percentile")]
    constraints, _ = parse_criterion(growth, "inclusion")
    assert not [c for c in constraints if isinstance(c, Measurement)]


def test_a_percentage_right_after_a_risk_word_is_an_estimated_risk() -> None:
    # "where the risk of recurrence is >=20% within 2 years" and "likelihood of carcinoma <=10%"
    # (NCT02068365), "the lifetime recurrence risk is less than 30%" (NCT02366819), "lifetime
    # risk > 15%" (LCT NCT03868514): a risk, probability or likelihood given as a percentage is
    # an estimate of something's chance, read as one (the trial page and the extraction
    # benchmark see it) but, like an unnamed score, never a constraint nor a patient's fact: two
    # risks need not be the same risk.
    recurrence = _corpus_criterion(CHIA, "NCT02068365_exc", "risk of recurrence is >=20%")
    assert ("unnamed_risk", ">=", 20.0, None, "percent") in _readings(recurrence)
    assert ("unnamed_risk", "<=", 10.0, None, "percent") in _readings(recurrence)
    lifetime = _corpus_criterion(CHIA, "NCT02366819_exc", "lifetime recurrence risk is less than")
    assert ("unnamed_risk", "<", 30.0, None, "percent") in _readings(lifetime)
    family = _corpus_criterion(LCT, "NCT03868514", "lifetime risk > 15%")
    assert ("unnamed_risk", ">", 15.0, None, "percent") in _readings(family)
    constraints, _ = parse_criterion(family, "inclusion")
    risks = [c for c in constraints if isinstance(c, Measurement) and c.analyte == "unnamed_risk"]
    assert not risks
    # A named quantity keeps its percentage ("high-risk ALL (… MRD ≥ 1% at 46 day", LCT
    # NCT03920813), and a bare percentage after a risk word is no threshold.
    named = _corpus_criterion(LCT, "NCT03920813", "MRD ≥ 1%")
    assert ("minimal_residual_disease", ">=", 1.0, None, "percent") in _readings(named)
    assert not [r for r in _readings(named) if r[0] == "unnamed_risk"]
    assert _readings("a risk of 20% of relapse") == []


def test_a_written_equals_sign_bounds_a_quantity_known_by_its_unit() -> None:
    # "Residual alveolar width = 4 mm", "ST elevation (= 2 mm precordial lead, = 1 mm limb
    # lead)", "CPAP modalities = 5 cm H2O": a sign the registry lost before the number is
    # still written, and both golds read it as "="; a bare "2 mm" stays unread.
    width = _corpus_criterion(CHIA, "NCT02884401_inc", "Residual alveolar width = 4 mm")
    assert ("length", "=", 4.0, None, "mm") in _readings(width)
    leads = _corpus_criterion(CHIA, "NCT00426751_inc", "= 2 mm precordial lead")
    assert _readings(leads) == [("length", "=", 2.0, None, "mm"), ("length", "=", 1.0, None, "mm")]
    cpap = _corpus_criterion(CHIA, "NCT02164734_inc", "CPAP modalities = 5 cm H2O")
    assert ("pressure_in_water", "=", 5.0, None, "cmH2O") in _readings(cpap)
    bare = _corpus_criterion(CHIA, "NCT02957305_exc", "4 mm of dilatation")
    assert not [r for r in _readings(bare) if r[0] == "length"]


def test_an_unnamed_length_or_score_in_a_note_is_no_patient_fact() -> None:
    # Two unnamed lengths (or scores) need not measure the same thing: a note's "< 5 mm" is
    # no answer to a trial's "rim < 5 mm", nor "QMG score is > 12" to another score's.
    for note in ("The septal rim measures < 5 mm.", "Her QMG score is > 12 today."):
        facts = extract_facts(PatientProfile(note=note))
        assert not [f for f in facts.facts if f.measurement is not None]


def test_a_lesion_length_is_the_lesions_size() -> None:
    text = _corpus_criterion(CHIA, "NCT02316886_inc", "Lesion length = 40")
    assert _readings(text) == [("lesion_size", "=", 40.0, None, None)]


def test_a_time_lasting_for_another_event_is_no_life_expectancy() -> None:
    # "… or expected to require mechanical ventilation for < 24 hours" gave a second life
    # expectancy of < 24 hours: the time is how long the ventilation lasts.
    text = _corpus_criterion(LCT, "NCT03862027", "mechanical ventilation for < 24 hours")
    assert _readings(text) == [("life_expectancy", "<", 24.0, None, "hour")]


def test_a_run_on_lists_next_item_number_ends_a_names_reach() -> None:
    # "(NYHA 2 or worse) 4) hypertension (JNC7 stage 2 or worse) 5) Chronic kidney disease 3
    # or worse": the JNC7 stage and the CKD stage were read as NYHA classes.
    text = _corpus_criterion(CHIA, "NCT03068897_exc", "4) hypertension (JNC7 stage")
    assert [r for r in _readings(text) if r[0] == "nyha"] == [("nyha", ">=", 2.0, None, None)]


def test_a_scale_span_after_of_is_no_threshold() -> None:
    text = _corpus_criterion(CHIA, "NCT03506477_inc", "based on scale of 0-4")
    assert not [r for r in _readings(text) if r[2] == 0.0]


def test_a_child_pugh_class_with_its_points_spans_up_to_those_points() -> None:
    # "CHILD-PUGH-TURCOTTE B7 o >" read nothing: "B7" is class B at 7 points, "o >" onward.
    onward = _corpus_criterion(LCT, "NCT03923595", "CHILD-PUGH-TURCOTTE B7 o >")
    assert ("child_pugh", "between", 7.0, 15.0, None) in _readings(onward)
    # No "A or B7" in ../shared; the usual liver cancer wording: A (5-6) or B at 7 points.
    assert _readings("Child-Pugh class A or B7") == [("child_pugh", "between", 5.0, 7.0, None)]


def _windows(text: str) -> list[tuple[str, str, str, float]]:
    """Each concept's time window: concept, kind, comparator, days."""
    return [
        (finding.concept, window.kind, window.comparator, round(window.days, 3))
        for finding, window in analyse_text(text).concepts
        if window is not None
    ]


def test_a_number_written_in_words_before_a_unit_reads_as_its_digits() -> None:
    # "within last two months", "less than one year", "three times normal" read nothing: the
    # number was a word, and the time window or threshold was lost with it.
    infarction = _corpus_criterion(CHIA, "NCT02528604_exc", "myocardial infarction within last two")
    assert _windows(infarction) == [("myocardial_infarction", "recency", "<=", 60.875)]
    survival = _corpus_criterion(CHIA, "NCT02802644_exc", "Life expectancy of less than one year")
    assert _readings(survival) == [("life_expectancy", "<", 1.0, None, "year")]
    transaminases = _corpus_criterion(CHIA, "NCT03318393_exc", "three times normal values")
    assert _readings(transaminases) == [("transaminases", ">", 3.0, None, "ULN")]
    ages = _corpus_criterion(CHIA, "NCT03397914_inc", "Age between one year and 18 years")
    assert _readings(ages) == [("age", "between", 1.0, 18.0, "year")]


def test_a_multiple_written_in_words_is_that_multiple_of_the_uln() -> None:
    # No lab of the development halves is bounded by "twice" its ULN; the registry's wording.
    assert _readings("ALT more than twice the ULN") == [("alt", ">", 2.0, None, "ULN")]
    assert _readings("AST or ALT > thrice the upper limit of normal") == [
        ("ast", ">", 3.0, None, "ULN"),
        ("alt", ">", 3.0, None, "ULN"),
    ]


def test_a_number_word_that_counts_or_names_stays_a_word() -> None:
    # "at least one barrier contraceptive", "one of the following", "twice the duration":
    # no unit follows, so nothing is read as a value.
    assert _readings("Use of at least one barrier contraceptive and one of the following") == []
    assert _readings("90 days, 5 half-lives or twice the duration of the biological effect") == []


def test_a_cap_or_floor_written_as_a_limit_bounds_the_value() -> None:
    # No such wording in ../shared; the registry's: "a limit of", "limited to" cap a value, "a
    # lower limit of" floors it (each was read as exactly the number).
    assert _readings("Smoking history limited to 5 pack-years") == [
        ("pack_years", "<=", 5.0, None, "pack_year")
    ]
    assert _readings("Alcohol intake with a limit of 14 units per week") == [
        ("alcohol_intake", "<=", 14.0, None, "alcohol_unit/week")
    ]
    assert _readings("Creatinine clearance with a lower limit of 30 mL/min") == [
        ("creatinine_clearance", ">=", 30.0, None, "mL/min")
    ]


def test_a_time_followed_by_duration_of_a_condition_is_how_long_it_has_lasted() -> None:
    # "less than one year duration of Parkinson's" was an age under one year: the time says how
    # long the condition named after it has lasted.
    parkinsons = _corpus_criterion(CHIA, "NCT02365870_exc", "one year duration of Parkinson")
    assert _readings(parkinsons) == []
    assert _windows(parkinsons) == [("parkinsons_disease", "duration", "<", 365.25)]
    # The registry's other wordings: the same with digits, and "duration" after the time.
    assert _windows("more than 2 years duration of rheumatoid arthritis") == [
        ("rheumatoid_arthritis", "duration", ">", 730.5)
    ]
    assert _windows("Type 2 diabetes of at least 1 year duration") == [
        ("type_2_diabetes", "duration", ">=", 365.25)
    ]


def test_a_time_after_within_dates_the_event_named_before_it_not_a_life_expectancy() -> None:
    # No such criterion in the development halves; the registry's wording. "within 6 months"
    # was a second life expectancy (3 to 6 months): it dates the infarction.
    text = "Life expectancy of at least 3 months, no myocardial infarction within 6 months"
    assert _readings(text) == [("life_expectancy", ">=", 3.0, None, "month")]
    assert _windows(text) == [("myocardial_infarction", "recency", "<=", 182.625)]


def test_a_letter_class_with_its_points_in_brackets_is_one_reading() -> None:
    # No such wording in ../shared; the registry's: "Child-Pugh class B (7 points)" was class B
    # (7-9 points), "class A (5-6 points)" was read twice, "B7 or higher" was 7 points only.
    assert _readings("Child-Pugh class B (7 points)") == [("child_pugh", "=", 7.0, None, None)]
    assert _readings("Child-Pugh class A (5-6 points)") == [
        ("child_pugh", "between", 5.0, 6.0, None)
    ]
    assert _readings("Child-Pugh B (score 7-9)") == [("child_pugh", "between", 7.0, 9.0, None)]
    assert _readings("Child-Pugh class B7 or higher") == [
        ("child_pugh", "between", 7.0, 15.0, None)
    ]


def test_a_predicted_survival_is_a_life_expectancy_and_bil_a_bilirubin() -> None:
    survival = _corpus_criterion(LCT, "NCT03868852", "predicted survival period")
    assert _readings(survival) == [("life_expectancy", ">", 3.0, None, "month")]
    bilirubin = _corpus_criterion(LCT, "NCT03868852", "BIL < 1.25 times")
    assert ("total_bilirubin", "<", 1.25, None, "ULN") in _readings(bilirubin)


def test_a_score_the_lexicon_does_not_name_is_read_after_the_word_score() -> None:
    # LCT annotates "QMG score ≥12", "UAS7 score (range 0-42) ≥16", "REALM-SF score > 4" as
    # measurements: a comparator or a range right after the word "score" is a score's threshold
    # even where no name in the lexicon reads the score.
    qmg = _corpus_criterion(LCT, "NCT03863080", "QMG score ≥12")
    assert _readings(qmg) == [("unnamed_score", ">=", 12.0, None, None)]
    bracketed = _corpus_criterion(LCT, "NCT03926611", "UAS7 score (range 0-42) ≥16")
    assert ("unnamed_score", ">=", 16.0, None, None) in _readings(bracketed)
    assert ("unnamed_score", ">=", 8.0, None, None) in _readings(bracketed)
    literacy = _corpus_criterion(LCT, "NCT03925129", "REALM-SF")
    assert _readings(literacy) == [("unnamed_score", ">", 4.0, None, None)]
    # Read, but no constraint: two unnamed scores need not be the same score.
    constraints, _ = parse_criterion(qmg, "inclusion")
    assert not [c for c in constraints if isinstance(c, Measurement)]
    # A named score keeps its name; a bare number after "score" is no threshold.
    assert _readings("MMSE score ≥ 24") == [("mmse", ">=", 24.0, None, None)]
    assert _readings("Total score 3 at the first visit") == []


def test_a_value_on_a_scale_is_a_score_and_pain_on_its_scale_is_the_pain_score() -> None:
    # "out of 10", "/10", "on 10 point scale" write a score's value; "pain" names the pain
    # score only there ("pain due to cancer" is a symptom).
    pain = _corpus_criterion(LCT, "NCT03866200", "pain of 2 or higher on 10 point scale")
    assert _readings(pain) == [("vas_pain", ">=", 2.0, None, None)]
    crisis = _corpus_criterion(CHIA, "NCT03541980_inc", "pain of 6/10 or higher")
    assert ("vas_pain", ">=", 6.0, None, None) in _readings(crisis)
    motivation = _corpus_criterion(LCT, "NCT03931772", "≥ 5 out of 10")
    assert _readings(motivation) == [("unnamed_score", ">=", 5.0, None, None)]
    # The numerical rating score is the pain score's scale by name.
    rating = _registry_criterion("Pain on Numerical Rating Score (Score 4 or higher)")
    assert _readings(rating) == [("vas_pain", ">=", 4.0, None, None)]
    # Without a scale, "pain" names nothing and a visual acuity fraction is no score.
    assert _readings("Pain ≥ 3 days a week") == []
    assert _readings("Visual acuity worse than 20/200") == []


def test_a_name_ending_a_bracketed_remark_does_not_share_the_next_names_value() -> None:
    # "(Transfusion is allowed to achieve this Hb) Total Bilirubin ≤ 1.5 x ULN" gave the
    # hemoglobin a limit of 1.5 times its upper limit of normal.
    text = _registry_criterion("(Transfusion is allowed to achieve this Hb) Total Bilirubin")
    readings = _readings(text)
    assert ("total_bilirubin", "<=", 1.5, None, "ULN") in readings
    assert not [r for r in readings if r[0] == "hemoglobin" and r[4] == "ULN"]
    # Names bracketed as an alias or a list still share the value.
    assert _readings("AST (SGOT)/ALT (SGPT) ≤ 3 x ULN") == [
        ("ast", "<=", 3.0, None, "ULN"),
        ("alt", "<=", 3.0, None, "ULN"),
    ]
    listed = _registry_criterion("ULN) and alanine aminotransferase (ALT) and aspartate")
    assert ("alt", ">", 2.5, None, "ULN") in _readings(listed)
    assert ("ast", ">", 2.5, None, "ULN") in _readings(listed)


def test_a_roman_v_before_a_version_number_is_no_grade() -> None:
    # "as determined by NCI CTCAE v 5.0" was a CTCAE grade of 5.
    text = _registry_criterion("as determined by NCI CTCAE v 5.0")
    assert not [r for r in _readings(text) if r[0] == "ctcae_grade" and r[2] == 5.0]


def test_measured_in_at_least_one_dimension_counts_dimensions() -> None:
    # RECIST's "accurately measured in at least 1 dimension" was a lesion size of at least 1 mm.
    text = _registry_criterion("accurately measured in at least 1 dimension")
    assert not [r for r in _readings(text) if r[2] == 1.0]


def test_cubic_millimetres_written_cmm3_and_uln_multiples_written_with_a_star() -> None:
    counts = _registry_criterion("ANC ≥ 1500/cmm3")
    assert ("neutrophils", ">=", 1500.0, None, "1/mm**3") in _readings(counts)
    assert ("platelets", ">=", 100000.0, None, "1/mm**3") in _readings(counts)
    star = _registry_criterion("AST and ALT >5*ULN")
    assert ("ast", ">", 5.0, None, "ULN") in _readings(star)


def test_gleason_patterns_written_as_a_sum_are_the_score() -> None:
    # "Gleason Score 4+4 or 4+5" was Gleason ≥ 4, = 4, ≥ 4 and = 5: it is a score of 8 or 9.
    listed = _registry_criterion("Gleason Score 4+4 or 4+5")
    assert [r for r in _readings(listed) if r[0] == "gleason"] == [
        ("gleason", "between", 8.0, 9.0, None)
    ]
    primary = _registry_criterion("(Gleason score 5+4 or 5+5)")
    assert _readings(primary) == [("gleason", "between", 9.0, 10.0, None)]
    # Patterns in brackets after the score explain it; "2+" is a grade, no sum.
    assert _readings("Gleason score ≥ 7 (4+3)") == [("gleason", ">=", 7.0, None, None)]
    assert _readings("HER2 IHC 2+ or 3+") == []


def test_at_least_one_of_the_following_is_a_count() -> None:
    # "BMI ≥25.0 kg/m2 and at least 1 of the following weight-related comorbidities" gave
    # a third BMI threshold of at least 1.
    text = _registry_criterion("at least 1 of the following weight-related")
    assert not [r for r in _readings(text) if r[2] == 1.0]


def test_a_pressure_pair_in_mmhg_after_a_condition_is_a_blood_pressure() -> None:
    # The brief's wording (a TrialGPT criterion): the hypertension was read, its threshold not.
    assert _readings("Hypertension of > 170/100 mm of Hg") == [
        ("systolic_bp", ">", 170.0, None, "mmHg"),
        ("diastolic_bp", ">", 100.0, None, "mmHg"),
    ]
    # One number in mmHg names no pressure ("a drop > 20 mmHg" may be anything).
    assert _readings("Orthostatic drop > 20 mmHg") == []


def test_dlco_spelled_out_with_carbon_monoxide_shares_a_value_with_fev1() -> None:
    text = _corpus_criterion(LCT, "NCT03925103", "diffusion capacity of carbon monoxide (DLCO)>60%")
    assert _readings(text) == [
        ("fev1", ">", 60.0, None, "percent"),
        ("dlco", ">", 60.0, None, "percent"),
    ]


def test_a_blood_pressure_named_beside_its_systolic_member_is_the_systolic() -> None:
    # "a systolic blood pressure (BP) ≥ 160 mmHg" also gave a blood pressure ≥ 160, which no
    # single reading answers.
    text = _registry_criterion("systolic blood pressure (BP) ≥ 160 mmHg or diastolic BP")
    assert _readings(text) == [
        ("systolic_bp", ">=", 160.0, None, "mmHg"),
        ("diastolic_bp", ">=", 100.0, None, "mmHg"),
    ]


def test_a_value_after_i_e_belongs_to_the_name_before_it() -> None:
    # "i.e." is an abbreviation, not the end of a clause: the clearance named before it owns
    # the threshold it introduces.
    text = _corpus_criterion(CHIA, "NCT02858180_exc", "i.e. < 30 mL/min")
    assert _readings(text) == [("creatinine_clearance", "<", 30.0, None, "mL/min")]


def test_cardiac_indices_are_read_per_square_metre_of_body_surface() -> None:
    # "g/m²" was read as grams and no name read "LVMi" or "left atrial volume index", so
    # the echocardiographic indices of heart-failure criteria were lost.
    lvmi = _corpus_criterion(LCT, "NCT03928158", "LVMi ≥109 g/m²")
    assert _readings(lvmi) == [
        ("lv_mass_index", ">=", 109.0, None, "g/m**2"),
        ("lv_mass_index", ">=", 132.0, None, "g/m**2"),
    ]
    both = _corpus_criterion(CHIA, "NCT03620526_inc", "left atrial volume index > 34 mL/m2")
    assert _readings(both)[:3] == [
        ("la_volume_index", ">", 34.0, None, "mL/m**2"),
        ("lv_mass_index", "=", 115.0, None, "g/m**2"),
        ("lv_mass_index", "=", 95.0, None, "g/m**2"),
    ]


def test_panel_reactive_antibodies_are_a_percentage_of_donors() -> None:
    # Transplant criteria bound sensitisation by panel reactive antibodies (PRA), a percent
    # of a donor panel; no name read them.
    written = {
        "NCT03208244_exc": ("PRA >20%", ">", 20.0),
        "NCT02083991_exc": ("Panel reacting antibodies(PRA) >25%", ">", 25.0),
        "NCT03465397_inc": ("calculated PRA of 0%", "=", 0.0),
    }
    read = {
        document: _readings(_corpus_criterion(CHIA, document, fragment))
        for document, (fragment, _, _) in written.items()
    }
    assert read == {
        document: [("panel_reactive_antibodies", comparator, value, None, "percent")]
        for document, (_, comparator, value) in written.items()
    }


def test_c_peptide_in_molar_units_is_read() -> None:
    # C-peptide is reported in pmol/L or nmol/L as often as in ng/mL; without its molar mass
    # a molar threshold fitted no unit and was dropped.
    text = _corpus_criterion(CHIA, "NCT03513874_inc", "C-peptide more than 100 pmol/L")
    assert _readings(text) == [("c_peptide", ">", 100.0, None, "pmol/L")]


def test_pulmonary_vascular_resistance_is_read_in_wood_units() -> None:
    # Pulmonary-hypertension criteria bound pulmonary vascular resistance in Wood units
    # (mmHg·min/L); no name read it and "Wood units" was no unit, so the threshold was lost.
    acronym = _corpus_criterion(CHIA, "NCT02339974_exc", "PVR >4 woods units")
    assert ("pulmonary_vascular_resistance", ">", 4.0, None, "wood_unit") in _readings(acronym)
    named = _corpus_criterion(CHIA, "NCT02946892_exc", "pulmonary vascular resistance > 6")
    assert _readings(named) == [("pulmonary_vascular_resistance", ">", 6.0, None, "wood_unit")]


def test_unit_spellings_with_gm_and_degree_celsius_are_read() -> None:
    # "gm" is read as grams and "degrees celsius" as °C, but "gm/day" and the singular
    # "degree celsius" were no unit, so a nephrotic-range proteinuria and a fever threshold
    # were dropped.
    protein = _corpus_criterion(CHIA, "NCT02046395_exc", "urinary protein > 3.5 gm/day")
    assert _readings(protein) == [("proteinuria", ">", 3.5, None, "g/day")]
    fever = _corpus_criterion(CHIA, "NCT02502734_exc", "temperature >39 degree celsius")
    assert ("temperature", ">", 39.0, None, "degC") in _readings(fever)
    # "centimeters squared" (as "square centimeters" was): an aortic valve area.
    valve = _corpus_criterion(CHIA, "NCT03338296_exc", "valve area <1.5 centimeters squared")
    assert ("valve_area", "<", 1.5, None, "cm**2") in _readings(valve)


def test_names_written_in_the_singular_or_with_a_qualifier_are_read() -> None:
    # "American Society of Anesthesiologist" (singular) and a heart rate written as the
    # "ventricular response rate" of atrial fibrillation named no analyte.
    asa = _corpus_criterion(CHIA, "NCT03034096_exc", "American Society of Anesthesiologist Class 5")
    assert _readings(asa) == [("asa", "=", 5.0, None, None)]
    rate = _corpus_criterion(CHIA, "NCT02985242_exc", "mean ventricular response rate")
    assert _readings(rate) == [("heart_rate", ">", 100.0, None, "1/min")]
    # "Mini Mental Status" without "examination" is the MMSE.
    mms = _corpus_criterion(CHIA, "NCT00500500_inc", "Mini Mental Status (MMS) test")
    assert _readings(mms) == [("mmse", "between", 16.0, 26.0, None)]


def test_an_unnamed_score_s_range_and_its_worded_threshold_are_read() -> None:
    # A score the lexicon does not name is read after the word "score"; a range written
    # "score between 3 and 11" and a threshold written "score of 15 or greater" (whose
    # comparator phrase begins with "score of") were not, so both thresholds were lost.
    westley = _corpus_criterion(CHIA, "NCT01664507_inc", "Westley croup score between 3 and 11")
    assert _readings(westley) == [("unnamed_score", "between", 3.0, 11.0, None)]
    rls = _corpus_criterion(CHIA, "NCT02560766_inc", "score of 15 or greater")
    assert ("unnamed_score", ">=", 15.0, None, None) in _readings(rls)


def test_a_class_written_before_the_scale_that_grades_it_by_the_scale_is_read() -> None:
    # "Functional Class II and III by the New York Heart Association (NYHA)": a class or
    # grade followed by "by (the)" and the scale's name is that scale's value, as one
    # followed by "on the" is ("a score of 23 or less on the MMSE").
    nyha = _corpus_criterion(CHIA, "NCT02600000_inc", "Functional Class II and III by the")
    assert ("nyha", "between", 2.0, 3.0, None) in _readings(nyha)
    grade = _corpus_criterion(CHIA, "NCT02366819_exc", "Neuropathy, grade 2 or greater by")
    assert _readings(grade) == [("ctcae_grade", ">=", 2.0, None, None)]


def test_a_threshold_per_sex_after_or_takes_the_comparator_of_the_first() -> None:
    # "No more than 14 drinks per week (if male) or 7 drinks a week (if female)": the
    # women's value after "or" is bounded as the men's is; a sex written between the first
    # value and "or" stopped the comparator from carrying over, so it read "= 7".
    drinks = _corpus_criterion(LCT, "NCT03861819", "No more than 14 drinks per week")
    assert [(m.sex, m.comparator, m.value) for m, _, _ in analyse_text(drinks).measurements] == [
        ("male", "<=", 14.0),
        ("female", "<=", 7.0),
    ]


def test_refractive_error_is_read_in_diopters() -> None:
    # Eye criteria bound refractive error (a spherical equivalent, a myopia) in diopters;
    # "diopters" was no unit and nothing named the quantity, so "ametropia below 3
    # diopters" and a myopia limit were lost. A value in diopters is a refractive error
    # whatever the condition written before it (myopia, hyperopia).
    ametropia = _corpus_criterion(LCT, "NCT03921931", "ametropia below 3 diopters")
    assert _readings(ametropia) == [("refractive_error", "<", 3.0, None, "diopter")]
    myopia = _corpus_criterion(CHIA, "NCT03506750_exc", "myopia of > or = to 8 diopters")
    assert ("refractive_error", ">=", 8.0, None, "diopter") in _readings(myopia)


def test_blood_pressure_abbreviated_with_its_position_is_read() -> None:
    # Hypertension trials write the mean sitting / seated pressure as msSBP, seSBP, SiSBP
    # (and msDBP...); only "SBP" and the words written out were names, so the range was lost.
    sitting = _corpus_criterion(LCT, "NCT03860220", "145 mmHg ≤ msSBP ≤ 190 mmHg")
    readings = _readings(sitting)
    assert ("systolic_bp", ">=", 145.0, None, "mmHg") in readings
    assert ("systolic_bp", "<=", 190.0, None, "mmHg") in readings


def test_liver_function_tests_bounded_by_the_upper_limit_are_the_transaminases() -> None:
    # "Liver enzymes > 2 times ULN" reads as the transaminases; "liver function tests" and
    # "LFT", written the same way, were no name, so the limit was lost.
    tests = _corpus_criterion(CHIA, "NCT02243553_exc", "liver function tests >2.5x upper limit")
    assert ("transaminases", ">", 2.5, None, "ULN") in _readings(tests)
    lft = _corpus_criterion(CHIA, "NCT02968602_exc", "LFT 3X upper limit of normal")
    assert _readings(lft) == [("transaminases", "=", 3.0, None, "ULN")]


def test_an_apnea_index_is_read_per_hour_of_sleep() -> None:
    # Sleep trials bound the (central) apnea index, events per hour, apart from the
    # apnea-hypopnea index; no name read it, so "central AI > 5/hour" was lost.
    central = _corpus_criterion(LCT, "NCT03924817", "central AI > 5/hour")
    assert _readings(central) == [("apnea_index", ">", 5.0, None, "1/hour")]


def test_a_multiple_of_the_upper_limit_written_before_a_list_of_names_is_each_name_s() -> None:
    # "1.5 times upper limit of normal of serum creatinine, Alkaline phosphatase, Aspartate
    # aminotransferase (AST), Alanine aminotransferase (ALT)": the limit bounds every lab of
    # the list after "of", as it does a list written before it; only the first was read.
    listed = _corpus_criterion(LCT, "NCT03867500", "1.5 times upper limit of normal of serum")
    assert _readings(listed) == [
        (analyte, "=", 1.5, None, "ULN") for analyte in ("creatinine", "alp", "ast", "alt")
    ]


def test_a_heart_function_classification_is_the_nyha_class() -> None:
    # "heart function classification ≥III" (LCT NCT03927378): trials translated from Chinese
    # name the NYHA class "heart/cardiac function class(ification)"; no name read it.
    heart = _corpus_criterion(LCT, "NCT03927378", "heart function classification ≥III")
    assert _readings(heart) == [("nyha", ">=", 3.0, None, None)]


def test_a_threshold_after_the_word_subscore_is_a_score_s() -> None:
    # Chia development half (NCT02579733): "Endoscopic Mayo subscore >0" was read as nothing,
    # since "score" was looked for as a word of its own; a subscore is a score's part.
    mayo = _corpus_criterion(CHIA, "NCT02579733_inc", "Endoscopic Mayo subscore >0")
    assert _readings(mayo) == [("unnamed_score", ">", 0.0, None, None)]
    assert _readings("rectal bleeding subscore ≥ 1") == [("unnamed_score", ">=", 1.0, None, None)]


def test_a_cd4_count_s_unit_written_with_the_cells_name_names_the_count() -> None:
    # Chia development half (NCT02462590): "HIV <200 CD4 cells/µL" writes the count's name
    # in its unit, after the value; the unit names the count, and is not assumed.
    hiv = _corpus_criterion(CHIA, "NCT02462590_exc", "HIV <200 CD4 cells")
    assert ("cd4", "<", 200.0, None, "1/uL") in _readings(hiv)
    assert _readings("CD4+ count > 350 CD4+ cells/mm3") == [("cd4", ">", 350.0, None, "1/mm**3")]


def test_a_name_read_in_the_unit_of_its_other_measure_is_that_measure() -> None:
    # "Blasts < 1,000/µL in PB on day 8": blasts are a share of the cells (%) or a count
    # (/µL); a value written in the count's unit is the count, not dropped as no percentage.
    count = _corpus_criterion(CHIA, "NCT00846703_inc", "Blasts < 1,000/µL in PB")
    assert _readings(count) == [("blast_count", "<", 1000.0, None, "1/uL")]
    share = _registry_criterion("Peripheral blast count of")
    assert ("blasts", "<", 10.0, None, "percent") in _readings(share)


def test_a_cardiopulmonary_index_with_no_unit_is_read_by_its_name() -> None:
    # "respiratory exchange ratio (RER) greater than 1.0", "Global myocardial perfusion reserve
    # (MPR) index < 2.5", "E/e'=13", "variation in Pd / Pa ratio ≥ 0.05": ratios with no unit
    # the lexicon lacked, so their thresholds read nothing (or a name further back: FFR).
    rer = _corpus_criterion(CHIA, "NCT02946892_inc", "respiratory exchange ratio (RER)")
    assert _readings(rer) == [("respiratory_exchange_ratio", ">", 1.0, None, None)]
    mpr = _corpus_criterion(CHIA, "NCT03208465_inc", "myocardial perfusion reserve")
    assert _readings(mpr) == [("myocardial_perfusion_reserve", "<", 2.5, None, None)]
    filling = _corpus_criterion(CHIA, "NCT03620526_inc", "E/e'=13")
    assert ("e_to_e_prime_ratio", "=", 13.0, None, None) in _readings(filling)
    pressure_ratio = _corpus_criterion(CHIA, "NCT02350439_inc", "Pd / Pa ratio")
    assert ("pd_pa_ratio", ">=", 0.05, None, None) in _readings(pressure_ratio)


def test_a_threshold_or_range_right_after_a_stage_or_grade_word_is_read_as_a_grade() -> None:
    # Chia annotates "Grade ≥ 3" (NCT00679341), "Stage 3 - 5" (NCT02364648) and "AKIN stage = 1"
    # (NCT03278548) as a measurement's value: a comparator, an equals sign or a range written
    # right after a stage or grade word (``stages.json``) is a threshold on a scale, even where
    # no name in the lexicon reads the scale (the registry's "resolved to Grade ≤ 1, as
    # determined by NCI CTCAE v 5.0" names it only after the value).
    neuropathy = _corpus_criterion(CHIA, "NCT00679341_exc", "peripheral neuropathy of Grade")
    assert _readings(neuropathy) == [("unnamed_grade", ">=", 3.0, None, None)]
    reaction = _corpus_criterion(CHIA, "NCT00679341_exc", "Grade 3-4 infusion reaction")
    assert _readings(reaction) == [("unnamed_grade", "between", 3.0, 4.0, None)]
    kidney = _corpus_criterion(CHIA, "NCT02364648_inc", "Stage 3 - 5 Chronic Kidney Disease")
    assert _readings(kidney) == [("unnamed_grade", "between", 3.0, 5.0, None)]
    injury = _corpus_criterion(CHIA, "NCT03278548_inc", "AKIN stage = 1")
    assert _readings(injury) == [("unnamed_grade", "=", 1.0, None, None)]
    resolved = _registry_criterion("resolved to Grade ≤ 1, as determined by NCI CTCAE v 5.0")
    assert ("unnamed_grade", "<=", 1.0, None, None) in _readings(resolved)
    # A higher stage or grade is worse: "hypertension (JNC7 stage 2 or worse)" is stage 2 or more.
    worse = _corpus_criterion(CHIA, "NCT03068897_exc", "JNC7 stage 2 or worse")
    assert ("unnamed_grade", ">=", 2.0, None, None) in _readings(worse)
    # A comparator before the word bounds the word, a sub-stage is no whole grade.
    assert _readings("peripheral neuropathy > grade 1") == []
    assert _readings("Patients up to Stage 2b according to the Fontaine") == []
    # Read, but no constraint: the disease's stage or grade is what the judge compares
    # (``criteria.disease_stage``), and two unnamed scales need not be the same scale.
    constraints, _ = parse_criterion(neuropathy, "exclusion")
    assert not [c for c in constraints if isinstance(c, Measurement)]
    # A named scale keeps its name; a stage written alone is a label, no threshold.
    assert _readings("Hoehn and Yahr stage 1-3") == [("hoehn_yahr", "between", 1.0, 3.0, None)]
    assert _readings("CTCAE grade ≥ 2") == [("ctcae_grade", ">=", 2.0, None, None)]
    uterine = _corpus_criterion(CHIA, "NCT00679341_exc", "Stage I uterine cancer")
    assert _readings(uterine) == []
    assert _readings("Tanner stage 2") == [("tanner", "=", 2.0, None, None)]


def test_an_fev1_written_in_a_volume_unit_is_the_forced_expiratory_volume_in_litres() -> None:
    # Spirometry reports FEV1 in litres beside its percentage of predicted (ATS/ERS 2019): "FEV1
    # > 0.8 L" (LCT NCT03924843, annotated), "FEV1 < 1.5 L" (NCT04912596), "[FEV1] < 1 liter"
    # (NCT05833815) are the volume, which a percentage of predicted cannot hold.
    sputum = _corpus_criterion(LCT, "NCT03924843", "FEV1 > 0.8 L")
    assert _readings(sputum) == [("fev1_volume", ">", 0.8, None, "L")]
    either = _registry_criterion("FEV1 < 1.5 L")
    assert _readings(either) == [
        ("fev1", "<", 60.0, None, "percent"),
        ("fev1_volume", "<", 1.5, None, "L"),
    ]
    impaired = _registry_criterion("[FEV1] < 1 liter")
    assert _readings(impaired) == [("fev1_volume", "<", 1.0, None, "L")]
    # A percentage stays the percentage of predicted.
    assert _readings("FEV1 ≥ 40% predicted") == [("fev1", ">=", 40.0, None, "percent")]


def test_fractional_exhaled_nitric_oxide_is_read_in_parts_per_billion() -> None:
    # FeNO, the airway inflammation marker of asthma trials, in ppb (ATS clinical practice
    # guideline 2011): "FeNO ≥35 ppb" (NCT05097287), "FeNo ≥ 25 ppb" beside an eosinophil count
    # (NCT06932263).
    visit = _registry_criterion("FeNO ≥35 ppb")
    assert _readings(visit) == [("feno", ">=", 35.0, None, "ppb")]
    either = _registry_criterion("FeNo ≥ 25 ppb")
    assert ("feno", ">=", 25.0, None, "ppb") in _readings(either)
    assert ("eosinophils", ">=", 150.0, None, "1/uL") in _readings(either)


def test_a_prostate_size_is_its_volume_in_millilitres_or_grams() -> None:
    # Transrectal ultrasound and MRI give the prostate's size as a volume in mL, written as
    # its weight in grams alike (1 mL of prostate weighs about 1 g; AUA BPH guideline 2021):
    # "prostate size between 90g and 200g, as determined by MRI" (Chia NCT02396420),
    # "Prostate size larger than 50 ml" (LCT NCT03927924).
    grams = _corpus_criterion(CHIA, "NCT02396420_inc", "prostate size between 90g")
    assert _readings(grams) == [("prostate_volume", "between", 90.0, 200.0, "g")]
    millilitres = _corpus_criterion(LCT, "NCT03927924", "Prostate size larger than 50 ml")
    assert _readings(millilitres) == [("prostate_volume", ">", 50.0, None, "mL")]


def test_a_threshold_right_after_a_scale_test_or_index_word_is_an_unnamed_score() -> None:
    # As after the word "score": a comparator right after a scale's own word ("scale",
    # "inventory", "questionnaire", "test", "index") is the scale's threshold where the lexicon
    # names no such scale. LCT annotates "Dubois 5 words test ≥ 9" (NCT03923569); Chia writes
    # "(Pearl-Index <1)" of a contraceptive method's failure rate (NCT03465397).
    words = _corpus_criterion(LCT, "NCT03923569", "Dubois 5 words test")
    assert _readings(words) == [("unnamed_score", ">=", 9.0, None, None)]
    pearl = _corpus_criterion(CHIA, "NCT03465397_inc", "Pearl-Index <1")
    assert ("unnamed_score", "<", 1.0, None, None) in _readings(pearl)
    assert _readings("Geriatric Depression Scale (GDS) ≥ 5") == [
        ("unnamed_score", ">=", 5.0, None, None)
    ]
    # A named scale keeps its name; a value in a unit, or a time, is no score.
    assert _readings("Berg Balance Scale < 45") == [("berg_balance", "<", 45.0, None, None)]
    assert _readings("Schirmer-1 test >5 mm after 5 min") == [("schirmer", ">", 5.0, None, "mm")]
    assert [r[0] for r in _readings("negative pregnancy test ≤ 30 days of surgery")] == []
    # Never a constraint: two unnamed scales need not be the same scale.
    constraints, _ = parse_criterion(words, "inclusion")
    assert not [c for c in constraints if isinstance(c, Measurement)]


def test_a_change_of_a_name_is_a_change_of_the_quantity_its_value_measures() -> None:
    # "Airflow variability in clinic FEV1 >12% and 200 mL between visits" and "FEV1 increases by
    # more than 12% and 200mL from baseline" (NCT05097287): the variability and the rise of FEV1,
    # in % and in mL alike; the volume is FEV1's in litres (``Analyte.measured_also_as``), and
    # the change named before "FEV1" is its change too, no FEV1 of 200 mL.
    text = _registry_criterion("FEV1 >12% and 200 mL between visits")
    read = [(m.analyte, m.unit, m.change) for m, _, _ in analyse_text(text).measurements]
    assert ("fev1_volume", "mL", True) in read
    assert ("fev1_volume", "mL", False) not in read
    # A level stays a level.
    (level,) = [m for m, _, _ in analyse_text("FEV1 ≥ 1.2 L at screening").measurements]
    assert not level.change


def test_a_threshold_written_in_points_is_an_unnamed_score() -> None:
    # Points are a score's unit: "a score on the comprehensive G8 assessment with cut-off ≤14
    # points" (LCT NCT03927391), "at least 1 point on the communicative task of the AAT subscale
    # Spontaneous Speech" (LCT NCT03930121) are scores' thresholds where no name of the lexicon
    # stands right before the value.
    geriatric = _corpus_criterion(LCT, "NCT03927391", "cut-off ≤14 points")
    assert ("unnamed_score", "<=", 14.0, None, "points") in _readings(geriatric)
    speech = _corpus_criterion(LCT, "NCT03930121", "at least 1 point on the communicative")
    assert ("unnamed_score", ">=", 1.0, None, "points") in _readings(speech)
    # A named score keeps its name; a bare number of points asks nothing.
    assert _readings("SOFA score of ≥2 points") == [("sofa", ">=", 2.0, None, "points")]
    assert _readings("The questionnaire has 10 points") == []
