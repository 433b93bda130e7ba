"""How a clinical note is read: each behaviour found by reading unlabelled TREC / SIGIR
notes against the facts ``extract_facts`` took from them (``bench/note_facts.py``).

The sentences are written the way those notes write them; none is copied from a
labelled pair.
"""

from __future__ import annotations

import datetime

import pytest

from trialfinder.patient import Fact, PatientFacts, PatientProfile, extract_facts


def read(*sentences: str) -> PatientFacts:
    return extract_facts(PatientProfile(note=" ".join(sentences)))


def mesh_words(facts: PatientFacts, *, negated: bool) -> set[str]:
    return {fact.words.lower() for fact in facts.vocabulary_facts if fact.negated is negated}


def test_a_temperature_in_fahrenheit_is_not_an_age_and_sex() -> None:
    facts = read(
        "A 4-year-old girl presents with persistent fever for the past week.",
        "The parents report a spike at 104F.",
    )
    assert (facts.age, facts.sex) == (4, "female")


def test_age_and_sex_shorthand_still_opens_a_note() -> None:
    facts = read("59M with alcohol-related cirrhosis.", "Child-Pugh B7, MELD 14.")
    assert (facts.age, facts.sex) == (59, "male")


def test_a_childs_birth_gestation_is_not_a_pregnancy() -> None:
    facts = read(
        "A 4-year-old girl comes for follow up of her albinism.",
        "She was born at 38 weeks gestation with no complications.",
    )
    present, _ = facts.concept_facts("pregnancy")
    assert not present


def test_a_breastfed_infant_is_not_lactating() -> None:
    facts = read(
        "A 5 months old male is brought to the clinic with an empty scrotum.",
        "He is breast feeding and now weighs 6.5 kg.",
    )
    present, _ = facts.concept_facts("lactation")
    assert not present


def test_a_woman_who_is_breastfeeding_is_still_read_as_lactating() -> None:
    facts = read("A 31-year-old woman is breastfeeding her 3-month-old son.")
    present, _ = facts.concept_facts("lactation")
    assert present


def test_what_an_unremarkable_examination_excepts_is_present() -> None:
    facts = read(
        "A 28-year-old female with neck pain.",
        "Her physical exam was unremarkable except for slight tremors.",
    )
    assert "tremors" in mesh_words(facts, negated=False)
    assert "tremors" not in mesh_words(facts, negated=True)


def test_a_history_not_significant_except_for_a_diagnosis_has_it() -> None:
    facts = read(
        "A 39-year-old man with severe toe pain.",
        "Medical history is not significant except for the diagnosis of gouty arthritis.",
    )
    present, absent = facts.concept_facts("arthritis")
    assert present and not absent


def test_a_relative_who_is_well_does_not_deny_the_patients_disease() -> None:
    facts = read(
        "A 39-year-old man with gouty arthritis.",
        "His older brother who is 41 years old is healthy with no history of gouty arthritis.",
    )
    present, absent = facts.concept_facts("arthritis")
    assert present and not absent
    assert "gouty arthritis" not in mesh_words(facts, negated=True)


def test_non_before_a_qualifier_does_not_deny_the_condition() -> None:
    facts = read(
        "A 28 yo female G1P0A0 is admitted to the Ob/Gyn service for non-ruptured ectopic "
        "pregnancy."
    )
    present, absent = facts.concept_facts("ectopic_pregnancy")
    assert present and not absent


def test_a_score_written_out_of_its_maximum_is_one_value() -> None:
    facts = read("An 8-year-old boy fell from his bike.", "The Glasgow Coma Scale (GCS) was 6/15.")
    values = [fact.measurement.value for fact in facts.measurement_facts("gcs") if fact.measurement]
    assert values == [6]


def test_a_bedside_word_with_its_reading_keeps_the_reading() -> None:
    facts = read(
        "A 60-year-old woman.",
        "She is febrile (38.4°C), tachycardic (113/min) and hypotensive (80/40 mmHg).",
    )
    temperatures = [f.measurement for f in facts.measurement_facts("temperature")]
    assert [(m.comparator, m.value) for m in temperatures if m] == [("=", 38.4)]
    rates = [f.measurement for f in facts.measurement_facts("heart_rate")]
    assert [(m.comparator, m.value) for m in rates if m] == [("=", 113)]


def test_weeks_prior_to_presentation_is_a_time_ago() -> None:
    facts = read(
        "A 65 yo male with chest pain.",
        "He underwent knee surgery two weeks prior to presentation.",
    )
    (surgery,), _ = facts.concept_facts("surgery")
    assert surgery.days_ago == pytest.approx(14)


def test_a_symptom_that_began_months_ago_is_current() -> None:
    facts = read(
        "A 52-year-old man with a history of heavy smoking, describes progressive dysphagia "
        "that began several months ago."
    )
    (dysphagia,), _ = facts.concept_facts("dysphagia")
    assert not dysphagia.historical and dysphagia.days_ago is None
    assert dysphagia.duration_days == pytest.approx(3 * 30.4375)


def test_a_chronic_disease_in_the_past_medical_history_is_current() -> None:
    facts = read(
        "A 63-year-old man presents with cough.",
        "His past medical history is notable for diabetes and hypothyroidism.",
    )
    (diabetes,), _ = facts.concept_facts("diabetes")
    assert not diabetes.historical


def test_a_past_event_in_the_past_medical_history_stays_past() -> None:
    facts = read(
        "A 63-year-old man presents with cough.",
        "His past medical history is notable for pneumonia.",
    )
    (pneumonia,), _ = facts.concept_facts("pneumonia")
    assert pneumonia.historical


def test_a_clinic_named_for_a_procedure_is_not_the_procedure() -> None:
    facts = read("A 5 months old male brought to the pediatrics surgery clinic.")
    present, _ = facts.concept_facts("surgery")
    assert not present


@pytest.mark.parametrize(
    "sentence",
    [
        "HPB/radiation oncology joint clinic 27/11/2026.",
        "On adjuvant CAPOX, followed up monthly in the GI oncology / Radiotherapy OPD.",
    ],
)
def test_a_specialty_named_for_a_treatment_is_not_the_treatment(sentence: str) -> None:
    """Radiation oncology and a radiotherapy OPD are who sees the patient (round sixteen's
    and round eighteen's notes), not radiotherapy the patient had."""
    facts = read("52F. Adenocarcinoma of the gallbladder.", sentence)
    present, _ = facts.concept_facts("radiotherapy")
    assert not present


def test_what_stains_negative_is_not_denied() -> None:
    facts = read(
        "A 39-year-old woman with nodules on her legs.",
        "Biopsy shows noncaseating granulomas that stain negative for fungi.",
    )
    assert "granulomas" in mesh_words(facts, negated=False)


def test_a_deidentified_date_is_not_a_value() -> None:
    facts = read("70 year-old woman.", "Chronic kidney disease (SCr 2.1 in [**3-17**])")
    values = [f.measurement.value for f in facts.measurement_facts("creatinine") if f.measurement]
    assert values == [2.1]


def test_on_room_air_is_not_rheumatoid_arthritis() -> None:
    facts = read("A 45-year-old woman.", "Her BP is 150/85, HR 115, SpO2 98% on RA.")
    present, _ = facts.concept_facts("rheumatoid_arthritis")
    assert not present


def test_a_chronic_disease_diagnosed_years_ago_is_current() -> None:
    facts = read("A 25-year-old man with type 1 diabetes confirmed 7 years ago.")
    (diabetes,), _ = facts.concept_facts("type_1_diabetes")
    assert not diabetes.historical


def test_a_sentence_about_the_mother_is_not_the_patients() -> None:
    facts = read(
        "An 8-year-old boy with weakness.",
        "The mother is healthy but had a brother who died after years of using wheelchairs.",
    )
    present, _ = facts.concept_facts("wheelchair")
    assert not present


def test_a_treatment_to_come_is_not_yet_the_patients() -> None:
    facts = read(
        "A 25-year-old man.",
        "He is diagnosed with cardiomyopathy that will be treated with beta blockers.",
        "He is now prepared to undergo valve surgery.",
    )
    assert not facts.concept_facts("beta_blockers")[0]
    assert not facts.concept_facts("surgery")[0]


def test_a_fever_that_began_two_days_ago_is_current() -> None:
    facts = read(
        "A 31 yo male with cough.",
        "He reports cold symptoms one week ago that were improving until two days ago, "
        "when he developed a new fever.",
    )
    (fever,), _ = facts.concept_facts("fever")
    assert not fever.historical


def test_a_urine_word_only_touches_the_values_near_it() -> None:
    facts = read(
        "A 2-year-old boy.",
        "Labs show albumin 2.1 g/dL, erythrocyte sedimentation rate 60 mm/h, and leukocytes "
        "in urine of 20/mL.",
    )
    assert facts.measurement_facts("albumin") and facts.measurement_facts("esr")
    assert not facts.measurement_facts("white_cells")


def test_the_past_medical_history_heading_dates_its_list() -> None:
    facts = extract_facts(
        PatientProfile(
            note="34 year old woman with mitral regurgitation.\n"
            "Past Medical History:\nHypertension with pregnancy\nlaser eye surgery\nObesity"
        )
    )
    assert not facts.concept_facts("pregnancy")[0]
    (surgery,), _ = facts.concept_facts("surgery")
    assert surgery.historical
    (obesity,), _ = facts.concept_facts("obesity")
    assert not obesity.historical


def test_a_treatment_that_did_not_work_was_taken() -> None:
    facts = read(
        "A 12-year-old boy with wheezing.",
        "According to his mother, he didn't respond to the usual corticosteroid inhaler.",
    )
    present, absent = facts.concept_facts("corticosteroids")
    assert present and not absent


def test_pulmonary_hypertension_is_not_hypertension() -> None:
    facts = read(
        "79 yo F with pulmonary hypertension and COPD.", "Pulm HTN thought secondary to ASD."
    )
    assert not facts.concept_facts("hypertension")[0]
    assert facts.concept_facts("copd")[0]
    assert read("A 60-year-old man with hypertension.").concept_facts("hypertension")[0]


def test_what_the_parents_report_is_about_the_patient() -> None:
    facts = read(
        "An 8-year-old boy with knee pain and fever.",
        "The parents report no previous trauma, but remember a tick bite.",
        "His mother says he has had asthma since he was two.",
    )
    assert "trauma" in mesh_words(facts, negated=True)
    assert facts.concept_facts("asthma")[0]


# --- Found reading the third round of hand-written patients (tests/test_hand_written_patients.py)


def _measured(facts: PatientFacts) -> dict[str, float | None]:
    """Each value read, in its analyte's canonical unit."""
    return {
        fact.measurement.analyte: fact.measurement.canonical_value
        for fact in facts.facts
        if fact.measurement is not None
    }


def _concept_fact(facts: PatientFacts, concept: str) -> Fact:
    found = [fact for fact in facts.facts if fact.concept == concept]
    assert found, [fact.concept for fact in facts.facts]
    return found[0]


def test_a_year_right_after_a_finding_dates_it() -> None:
    infarction = _concept_fact(read("Previous MI 2019."), "myocardial_infarction")
    assert (infarction.start_year, infarction.end_year, infarction.historical) == (
        2019,
        2019,
        True,
    )
    fracture = _concept_fact(read("L1 vertebral fracture 2024, on alendronate."), "fracture")
    assert fracture.start_year == 2024
    # A chronic disease's year is when it began: it goes on.
    diabetes = _concept_fact(read("T2DM diagnosed in 2020, on metformin."), "type_2_diabetes")
    assert (diabetes.start_year, diabetes.end_year, diabetes.historical) == (2020, None, False)


def test_a_year_of_another_finding_does_not_date_this_one() -> None:
    facts = read("Asthma, and a myocardial infarction in 2019.")
    assert _concept_fact(facts, "asthma").start_year is None


def test_abbreviated_names_before_a_value_are_read() -> None:
    facts = read("Wt 21.5 kg, Bili 58 umol/L, eos 0.6 x10^9/L.")
    assert _measured(facts) == pytest.approx(
        {"body_weight": 21.5, "total_bilirubin": 58.0, "eosinophils": 0.6}
    )
    # The evidence is the note's own words.
    assert all(fact.evidence.startswith("Wt 21.5 kg") for fact in facts.facts)


def test_wt_without_a_value_is_not_a_weight() -> None:
    assert "body_weight" not in _measured(read("EGFR wt, ALK negative. Weight stable."))


def test_hf_is_heart_failure_and_yrs_are_years() -> None:
    failure = _concept_fact(read("Admitted with decompensated HF 6 weeks ago."), "heart_failure")
    assert failure.days_ago == 42
    diabetes = _concept_fact(read("Type 2 diabetes for 12 yrs."), "type_2_diabetes")
    assert diabetes.duration_days == 12 * 365.25


def test_percent_predicted_in_brackets_after_a_volume_is_read() -> None:
    facts = read("FEV1 1.9 L (58% predicted), FVC 3.1 L (72% of predicted).")
    # The litres are FEV1's volume (``fev1_volume``), its percentage of predicted FEV1's own.
    assert _measured(facts) == {"fev1": 58.0, "fvc": 72.0, "fev1_volume": 1.9}


def test_denying_one_kind_of_surgery_does_not_deny_all_surgery() -> None:
    facts = read("Liver transplant 2021. No previous bariatric surgery.")
    assert not [fact for fact in facts.facts if fact.concept == "surgery" and fact.negated]
    denied = _concept_fact(read("No previous surgery."), "surgery")
    assert denied.negated
    major = _concept_fact(read("No major surgery."), "surgery")
    assert major.negated


def test_a_treatment_the_patient_is_due_to_start_is_not_yet_theirs() -> None:
    facts = read("Due to start cisplatin-based chemo next week; no previous chemo or RT.")
    chemotherapy = [fact for fact in facts.facts if fact.concept == "chemotherapy"]
    assert chemotherapy and all(fact.negated for fact in chemotherapy)
    booked = read("Planned for surgery in March.")
    assert not [fact for fact in booked.facts if fact.concept == "surgery" and not fact.negated]


def test_a_history_list_reaches_its_items_but_not_what_the_patient_presents_with() -> None:
    facts = read("History of HTN, normal pregnancy, and presents with chest pain.")
    assert not [fact for fact in facts.facts if fact.concept == "pregnancy"]
    assert not _concept_fact(facts, "chest_pain").historical


# --- Found reading unlabelled TREC notes (bench/note_facts.py), third round


def test_a_flu_shot_is_no_influenza() -> None:
    facts = read("A 67-year-old healthy woman came to the clinic to have her flu shot.")
    assert not [fact for fact in facts.facts if fact.concept == "influenza"]


def test_a_lab_tables_normal_range_is_not_the_patients_value() -> None:
    facts = read("Creatinine                 0.7-1.4 mg/dl    0.8 mg/dl")
    readings = [fact.measurement for fact in facts.facts if fact.measurement is not None]
    assert [(m.analyte, m.comparator, m.value) for m in readings] == [("creatinine", "=", 0.8)]


def test_a_history_of_two_weeks_of_a_symptom_is_now() -> None:
    facts = read("She comes to the emergency room with a history of 2 weeks of fatigue.")
    assert not _concept_fact(facts, "fatigue").historical


def test_each_finding_takes_the_time_written_after_it() -> None:
    facts = read(
        "The patient had an uncomplicated myocardial infarction 2 years earlier and a "
        "transient ischemic attack 6 months ago."
    )
    assert _concept_fact(facts, "myocardial_infarction").days_ago == 2 * 365.25
    assert _concept_fact(facts, "transient_ischemic_attack").days_ago == 6 * 30.4375


def test_insulin_shots_are_insulin() -> None:
    """A shot of a treatment is the treatment; only a disease's shot or vaccine is none."""
    assert _concept_fact(read("On insulin shots twice a day."), "insulin")


# --- Found by the fourth round of hand-written patients (tests/test_hand_written_patients.py)


def test_a_transplant_the_patient_was_assessed_for_is_not_theirs() -> None:
    """ "Assessed for liver transplant, not listed": a procedure being considered is not one
    the patient had; a condition the patient is seen for stays theirs."""
    for sentence in (
        "Assessed for liver transplant, not listed.",
        "Worked up for a kidney transplant last year.",
        "Referred for knee replacement surgery.",
    ):
        facts = read(sentence)
        assert not [
            fact
            for fact in facts.facts
            if fact.concept in ("organ_transplant", "surgery") and not fact.negated
        ], sentence
    assert not _concept_fact(read("Referred for chest pain."), "chest_pain").negated


def test_a_time_after_a_later_item_of_a_list_dates_that_item() -> None:
    """ "HBV-related decompensated cirrhosis, ascites since March 2026": the ascites began in
    March 2026, not the hepatitis B; a time in the finding's own item still dates it."""
    facts = read("HBV-related decompensated cirrhosis, ascites since March 2026 on diuretics.")
    assert _concept_fact(facts, "hepatitis_b").start_year is None
    assert _concept_fact(facts, "ascites").start_year == 2026
    dated = read("T2DM since 2015, on metformin.")
    assert _concept_fact(dated, "type_2_diabetes").start_year == 2015


def test_a_chronic_disease_diagnosed_months_ago_has_lasted_since() -> None:
    diabetes = _concept_fact(
        read("T1D diagnosed 8 months ago, on an insulin pump."), "type_1_diabetes"
    )
    assert diabetes.duration_days == 8 * 30.4375
    # An event's time is when it happened, not a duration; a reading's time is the reading's.
    infarction = _concept_fact(read("MI 8 months ago."), "myocardial_infarction")
    assert infarction.duration_days is None
    reading = _concept_fact(read("T2DM, HbA1c 8.9% 3 months ago."), "type_2_diabetes")
    assert reading.duration_days is None


@pytest.mark.parametrize(
    ("sentence", "concept"),
    [
        ("Brain mets found after a seizure, had WBRT in November.", "radiotherapy"),
        ("Brain mets found after a seizure.", "brain_metastases"),
        ("ESRD on HD MWF since 2020.", "dialysis"),
        ("Recurrent UTIs - 4 episodes last year.", "urinary_tract_infection"),
        ("PTDM diagnosed 2024, on linagliptin.", "diabetes"),
        ("PVT on doppler USS last week.", "venous_thromboembolism"),
        ("L breast IDC 2021, ER+, HER2 1+.", "breast_cancer"),
        ("Adenocarcinoma of the lung on CT-guided biopsy.", "lung_cancer"),
        ("Squamous cell carcinoma of the lung, stage IV.", "lung_cancer"),
    ],
)
def test_shorthand_for_findings_and_treatments_is_read(sentence: str, concept: str) -> None:
    fact = _concept_fact(read(sentence), concept)
    assert not fact.negated


def test_a_glp1_receptor_agonist_is_no_rheumatoid_arthritis() -> None:
    facts = read("Never on insulin or a GLP-1 RA.")
    assert not [fact for fact in facts.facts if fact.concept == "rheumatoid_arthritis"]


def test_never_treated_for_a_disease_does_not_deny_the_disease() -> None:
    """ "IGRA positive, never treated for TB": the treatment is denied, not the infection."""
    tuberculosis = _concept_fact(read("Never treated for TB."), "tuberculosis")
    assert not tuberculosis.negated
    assert _concept_fact(read("Never treated with steroids."), "corticosteroids").negated


def test_a_foot_ulcer_is_no_peptic_ulcer() -> None:
    facts = read("Neuropathic ulcer R 1st MTP joint, plantar, since August.")
    assert not [fact for fact in facts.facts if fact.concept == "peptic_ulcer"]
    assert _concept_fact(facts, "foot_ulcer")
    assert _concept_fact(read("Duodenal ulcer 2019."), "peptic_ulcer")


def test_hashimotos_thyroiditis_is_an_autoimmune_disease() -> None:
    """ "Hypothyroidism (Hashimoto's)": an autoimmune disease as well as a thyroid one."""
    facts = read("Hypothyroidism (Hashimoto's) on levothyroxine, TSH 2.1.")
    assert facts.concept_facts("autoimmune_disease")[0]
    assert facts.concept_facts("hypothyroidism")[0]


# --- Found by the fifth round of hand-written patients (tests/data/hand_written_patients_five.json)


@pytest.mark.parametrize(
    "sentence",
    [
        "45 yo F, triple negative breast cancer (ER 0, PR 0, HER2 1+), dx 2024.",
        "Hormone receptor positive breast cancer, on letrozole.",
        "Hormone receptor negative breast cancer 2022.",
    ],
)
def test_a_receptor_result_before_a_cancer_describes_the_cancer(sentence: str) -> None:
    """ "triple negative breast cancer": the receptors are negative, the cancer is there."""
    assert not _concept_fact(read(sentence), "breast_cancer").negated


def test_a_duration_of_something_later_in_the_sentence_does_not_date_a_dated_finding() -> None:
    """ "T2DM since 2015 on metformin …, doses unchanged for a year": the diabetes began in
    2015; the year is how long the doses have been the same."""
    diabetes = _concept_fact(
        read(
            "58M T2DM since 2015 on metformin 1 g bd + sitagliptin 100 mg od, "
            "doses unchanged for a year."
        ),
        "type_2_diabetes",
    )
    assert (diabetes.start_year, diabetes.duration_days) == (2015, None)
    lasting = _concept_fact(read("Asthma for 3 years, on a salbutamol inhaler."), "asthma")
    assert lasting.duration_days == 3 * 365.25


@pytest.mark.parametrize(
    "sentence",
    [
        "Living donor (mother) transplant work-up underway, hoped for in the spring.",
        "Kidney transplant planned for next year.",
        "Liver transplant assessment pending.",
    ],
)
def test_a_procedure_being_worked_up_or_planned_is_not_done(sentence: str) -> None:
    """The cue after the procedure ("transplant work-up underway") says it is to come, as the
    cue before it does ("worked up for a kidney transplant")."""
    assert not [
        fact
        for fact in read(sentence).facts
        if fact.concept in ("organ_transplant", "surgery") and not fact.negated
    ], sentence


@pytest.mark.parametrize(
    ("sentence", "negated"),
    [
        ("IGRA positive, CXR clear, never treated for TB.", False),
        ("QuantiFERON positive in 2025.", False),
        ("LTBI, completed 3 months of isoniazid and rifapentine.", False),
        ("Latent TB on screening before biologics.", False),
        ("IGRA negative.", True),
    ],
)
def test_a_positive_interferon_gamma_release_assay_is_latent_tuberculosis(
    sentence: str, negated: bool
) -> None:
    assert _concept_fact(read(sentence), "latent_tuberculosis").negated is negated


@pytest.mark.parametrize(
    ("sentence", "drinks_a_week"),
    [
        ("Drinks 30 units a week.", 30 * 8 / 14),
        ("Drinks 5 pints of lager a day.", 5 * 2.3 * 7 * 8 / 14),
        ("Alcohol: 3 pints of beer a week.", 3 * 2.3 * 8 / 14),
    ],
)
def test_alcohol_in_units_and_pints_is_an_intake(sentence: str, drinks_a_week: float) -> None:
    (intake,) = [
        fact.measurement
        for fact in read(sentence).facts
        if fact.measurement is not None and fact.measurement.analyte == "alcohol_intake"
    ]
    assert intake.canonical_value == pytest.approx(drinks_a_week)


def test_drinks_before_a_value_of_no_alcohol_unit_is_no_alcohol_intake() -> None:
    for sentence in ("Drinks 2 litres of water a day.", "Drinks 3 cups of coffee a day."):
        assert not [
            fact
            for fact in read(sentence).facts
            if fact.measurement is not None and fact.measurement.analyte == "alcohol_intake"
        ], sentence


def test_a_cancer_the_note_says_relapsed_is_current() -> None:
    """ "L breast IDC 2019 … Relapsed Sept 2026 with bone and liver mets": the year dates the
    first diagnosis; the cancer is back, so it is the patient's now, not a past one."""
    facts = read(
        "57F. L breast IDC 2019, ER+ PR+ HER2 neg, mastectomy then adjuvant letrozole.",
        "Relapsed Sept 2026 with bone and liver mets on CT.",
    )
    cancer = _concept_fact(facts, "breast_cancer")
    assert (cancer.historical, cancer.current) == (False, True)
    cured = _concept_fact(read("L breast IDC 2019, mastectomy, no recurrence."), "breast_cancer")
    assert cured.historical


def test_a_month_without_a_year_is_the_last_such_month() -> None:
    """ "Prednisolone 30 mg for 5 days in October": a course that ended in the October before
    the note, not a current treatment."""
    steroid = extract_facts(
        PatientProfile(note="Prednisolone 30 mg for 5 days in October for an exacerbation."),
        datetime.date(2026, 12, 4),
    ).facts[0]
    assert steroid.concept == "corticosteroids"
    assert not steroid.current
    assert steroid.days_ago is not None and 34 <= steroid.days_ago <= 64
    january = extract_facts(
        PatientProfile(note="Prednisolone 30 mg for 5 days in January."),
        datetime.date(2026, 12, 4),
    ).facts[0]
    assert january.days_ago is not None and january.days_ago > 300


@pytest.mark.parametrize(
    ("sentence", "concept"),
    [
        ("15 y/o girl with CF (sweat chloride 98), pancreatic insufficient.", "cystic_fibrosis"),
        ("64F, metastatic HR-positive HER2-negative breast ca, de novo 2022.", "breast_cancer"),
        ("Prostate ca 2012, radical prostatectomy.", "prostate_cancer"),
        ("Lung transplant 2023, on tacrolimus and pred 5 mg od.", "corticosteroids"),
        ("Hypothyroid on levothyroxine 75 mcg since 2019.", "hypothyroidism"),
        ("74M ESRD, HD MWF via AV fistula since 2021.", "dialysis"),
        ("HD 3x/week since Feb 2025.", "dialysis"),
        ("Background ILD (NSIP), no treatment.", "interstitial_lung_disease"),
        ("Diabetes mellitus type 2 (since 2020).", "type_2_diabetes"),
    ],
)
def test_more_shorthand_is_read(sentence: str, concept: str) -> None:
    assert not _concept_fact(read(sentence), concept).negated


def test_fev1_percent_predicted_is_no_prednisolone() -> None:
    facts = read("FEV1 71% pred 2 weeks ago.")
    assert not [fact for fact in facts.facts if fact.concept == "corticosteroids"]


def test_years_right_after_a_treatment_date_its_course() -> None:
    """ "1st line letrozole + ribociclib 2022-2025, progressed": taken from 2022 to 2025."""
    ribociclib = _concept_fact(
        read("1st line letrozole + ribociclib 2022-2025, progressed."), "ribociclib"
    )
    assert (ribociclib.start_year, ribociclib.end_year) == (2022, 2025)


@pytest.mark.parametrize(
    ("sentence", "concept", "kind"),
    [
        ("On osimertinib since Oct 2026.", "osimertinib", "egfr_tki"),
        ("Progressed on 1st-line carboplatin/gemcitabine.", "gemcitabine", "chemotherapy"),
        ("Letrozole + ribociclib 2022-2025.", "ribociclib", "cdk4_6_inhibitor"),
    ],
)
def test_a_named_cancer_drug_is_its_kind_of_treatment(
    sentence: str, concept: str, kind: str
) -> None:
    facts = read(sentence)
    assert not _concept_fact(facts, concept).negated
    assert kind in facts.condition_concepts


@pytest.mark.parametrize(
    ("sentence", "days"),
    [
        ("HIV since 20 October 2026, on TLD.", 45),
        ("HIV since Oct 2026, on TLD.", 64),
        ("AF on apixaban since March 2025.", 643),
        ("HIV (since 2026-10-20).", 45),
    ],
)
def test_a_since_with_a_month_or_day_keeps_how_long(sentence: str, days: int) -> None:
    """ "since Oct 2026" in a note of 4 December 2026 is about two months, not "some time in
    2026": a month or a day after "since" dates the onset as closely as it is written (a
    month from its first day), so a window of "maximum 2 months" can be judged."""
    facts = extract_facts(PatientProfile(note=sentence), datetime.date(2026, 12, 4))
    (fact, *_) = [f for f in facts.facts if f.concept in ("hiv", "atrial_fibrillation")]
    assert fact.duration_days == days, fact
    assert fact.start_year in (2025, 2026) and fact.current


@pytest.mark.parametrize(
    ("sentence", "concept"),
    [
        ("Hep C treated with sofosbuvir/velpatasvir in 2021, SVR.", "hepatitis_c"),
        ("Chronic hep B on tenofovir.", "hepatitis_b"),
    ],
)
def test_hep_b_and_hep_c_are_hepatitis(sentence: str, concept: str) -> None:
    """Round six: referring doctors write "Hep C" and "hep B"; a trial's "history of
    hepatitis C virus (HCV) infection" is about that patient."""
    present, _ = read(sentence).concept_facts(concept)
    assert present


@pytest.mark.parametrize(
    "sentence",
    [
        "HBV and HCV serology negative.",
        "Hepatitis B and hepatitis C serology negative.",
        "Hep B and C serology negative.",
    ],
)
def test_a_result_after_two_joined_diseases_denies_both(sentence: str) -> None:
    """Round six: "HBV and HCV serology negative" denies hepatitis B as well as C (it was
    read as hepatitis B present: the result word is too far from the first name)."""
    facts = read(sentence)
    assert not facts.concept_facts("hepatitis_b")[0]
    assert facts.concept_facts("hepatitis_b")[1]


@pytest.mark.parametrize(
    ("sentence", "concept"),
    [
        ("HBV, HCV and HIV negative.", "hepatitis_b"),
        ("HBV, HCV and HIV negative.", "hepatitis_c"),
        ("HIV, HBV and HCV serology negative.", "hiv"),
    ],
)
def test_a_result_after_a_list_of_infections_denies_each(sentence: str, concept: str) -> None:
    """Round seven: "HBV, HCV and HIV negative" read hepatitis B as present (the result
    reached only the name joined by "and"); a list of infections ending "and X negative"
    is one serology line, every item denied."""
    present, absent = read(sentence).concept_facts(concept)
    assert not present
    assert absent


def test_a_result_after_a_list_of_diseases_denies_only_the_infection() -> None:
    """ "T2DM, hypertension and HIV negative": the diabetes and the hypertension are there;
    only the infection test is a result."""
    facts = read("T2DM, hypertension and HIV negative.")
    assert facts.concept_facts("hypertension")[0]
    assert facts.concept_facts("hiv")[1]


@pytest.mark.parametrize(
    "sentence",
    [
        "Presbycusis, wears bilateral hearing aids.",
        "Sensorineural hearing loss managed with hearing aids.",
        "Mobile with walking aids since her hip fracture.",
        "Quit with smoking cessation aids in 2019.",
        "Lactulose aids his bowels.",
    ],
)
def test_aids_in_lower_case_is_a_device_or_a_verb_not_hiv_disease(sentence: str) -> None:
    """Round eleven: "hearing aids" was read as AIDS (HIV disease). Every lower-case "aids"
    in the shared criteria and notes is a device or a verb; the disease is written AIDS."""
    facts = read(sentence)
    assert facts.concept_facts("hiv") == ([], [])
    assert "aids" not in mesh_words(facts, negated=False)


@pytest.mark.parametrize(
    "sentence",
    [
        "History of AIDS, CD4 count 150 on ART.",
        "HIV/AIDS diagnosed in 2010, undetectable viral load.",
        "Prior AIDS-defining illness (PCP) in 2015.",
    ],
)
def test_aids_in_capitals_is_still_hiv_disease(sentence: str) -> None:
    present, _ = read(sentence).concept_facts("hiv")
    assert present


@pytest.mark.parametrize(
    "sentence",
    ["I dont have asthma.", "She doesnt have asthma.", "He hasnt had asthma since a child."],
)
def test_a_contraction_written_without_its_apostrophe_still_denies(sentence: str) -> None:
    """Patients and carers write "dont"; retrieval read it as a denial and the facts did
    not, so the two readers disagreed (now one reader)."""
    present, absent = read(sentence).concept_facts("asthma")
    assert not present and absent


def test_what_follows_a_never_smoker_is_not_denied() -> None:
    """ "never smoker" is said of the person: the cancer after the comma is the patient's."""
    facts = read("68M, never smoker, metastatic lung adenocarcinoma, EGFR exon 19 deletion.")
    assert facts.concept_facts("lung_cancer")[0]
    assert facts.concept_facts("smoking")[1]


def test_a_denial_inside_brackets_does_not_reach_past_them() -> None:
    """TREC 2021 writes "prior CVA (no residual deficits), HTN, ...": the hypertension is
    the patient's (the "no" read on across the list once retrieval took the facts' reading)."""
    facts = read("74M with CAD, prior CVA (no residual deficits), hypertension and gout.")
    assert facts.concept_facts("hypertension")[0]


def test_a_finding_inside_brackets_is_read_within_them() -> None:
    """ "Not a transplant candidate (age, frailty)": the reasons are the patient's."""
    facts = read("Not a transplant candidate (age, frailty, diabetes).")
    assert facts.concept_facts("diabetes")[0]


@pytest.mark.parametrize(
    ("sentence", "concept"),
    [
        ("Not yet screened for varices.", "varices"),
        ("Screened for tuberculosis before adalimumab.", "tuberculosis"),
        ("Colonoscopy to screen for colorectal cancer.", "colorectal_cancer"),
    ],
)
def test_what_a_patient_is_screened_for_is_not_a_diagnosis(sentence: str, concept: str) -> None:
    """Round seven: "Not yet screened for varices" read varices as present; what a note says
    was or will be looked for is not the patient's diagnosis, as "osteoporosis screening"
    is not."""
    present, _ = read(sentence).concept_facts(concept)
    assert not present


def test_a_disease_found_on_screening_is_still_read() -> None:
    """ "Varices found on screening endoscopy": the result of a screen is a diagnosis."""
    present, _ = read("Grade 2 varices found on screening endoscopy.").concept_facts("varices")
    assert present


@pytest.mark.parametrize(
    ("sentence", "concept"),
    [
        (
            "She was tested for hepatitis B and C before the transplant and was negative.",
            "hepatitis_b",
        ),
        (
            "She was tested for hepatitis B and C before the transplant and was negative.",
            "hepatitis_c",
        ),
        ("He was tested for HIV and syphilis at the GUM clinic and both were negative.", "hiv"),
        ("Tested for hepatitis C in 2019 - negative.", "hepatitis_c"),
    ],
)
def test_a_negative_result_after_the_infections_a_test_names_denies_each(
    sentence: str, concept: str
) -> None:
    """Round twenty-six: "tested for hepatitis B and C before the transplant and was negative"
    was read as hepatitis C present (the result word is far from the names, after another
    clause's words); the test lead and its result deny every infection it names."""
    present, absent = read(sentence).concept_facts(concept)
    assert not present
    assert absent


def test_a_positive_word_before_the_result_keeps_the_infection() -> None:
    """ "tested for HIV and HCV; HCV positive": a positive result is not denied."""
    facts = read("She was tested for HIV and hepatitis C, positive for hepatitis C, HIV negative.")
    assert facts.concept_facts("hepatitis_c")[0]


# A treatment named in the name of the study the note asks about ("the flu vaccine study",
# "the evolocumab study") is the study's, not one the patient has had or takes. Notes of the
# hand-written rounds: round 28 (NCT05690373, NCT05704036), round 27 (NCT05697185).
@pytest.mark.parametrize(
    ("sentence", "concept"),
    [
        (
            "Hoi, I saw your poster about the probiotics and flu vaccine study.",
            "influenza_vaccines",
        ),
        ("Hoi, I saw your poster about the probiotics and flu vaccine study.", "probiotics"),
        ("Keen to hear about the oestrogen patch study.", "hormone_therapy"),
        ("Is he able to join the evolocumab study?", "evolocumab"),
        ("Could she join the new letrozole study?", "letrozole"),
        ("Family interested in the evolocumab trial.", "evolocumab"),
    ],
)
def test_a_treatment_in_the_name_of_the_study_asked_about_is_not_the_patients(
    sentence: str, concept: str
) -> None:
    facts = read("A 54-year-old woman.", sentence)
    assert not [fact for fact in facts.facts if fact.concept == concept]


def test_a_treatment_given_in_a_study_is_still_the_patients() -> None:
    facts = read(
        "She had the HPV injections as part of a research study at her school in 2019.",
        "On letrozole since 2024 in the PALLAS study.",
    )
    assert [fact.concept for fact in facts.facts if fact.concept == "letrozole"]


def test_a_student_asking_about_a_flu_vaccine_study_has_never_had_a_flu_vaccination() -> None:
    # NCT05690373 "No influenza vaccination in 2022": her only mention of a flu vaccine
    # besides the study's name is her denial.
    facts = read(
        "Hoi, I saw your poster about the probiotics and flu vaccine study.",
        "I am healthy, no illnesses, I never had a flu vaccination.",
    )
    flu = [fact for fact in facts.facts if fact.concept == "influenza_vaccines"]
    assert flu and all(fact.negated for fact in flu)


@pytest.mark.parametrize(
    "note",
    [
        # round thirty-one's oncology registrar's note
        "58 yo F, endometrioid endometrial ca FIGO grade 2, stage IVB at dx 02/2025.",
        # round thirty's note: a site's "ca" the note shorthand table already wrote out
        "Gleason 3+3 prostate ca on active surveillance since 2023.",
        "45F, gallbladder ca stage IV, for palliative chemotherapy.",
        "52F, ca cervix stage IIB, chemoradiation 2024.",
    ],
)
def test_ca_after_or_before_a_site_is_that_sites_cancer(note: str) -> None:
    """Clinicians write "ca" for carcinoma beside its site ("endometrial ca", "ca cervix"): the
    note has a cancer, so "No other cancer" later in it is no denial of her own."""
    patient = extract_facts(PatientProfile(note=f"{note} No other cancer.", age=58))
    assert "cancer" in patient.condition_concepts


@pytest.mark.parametrize(
    "note",
    ["Adj Ca 2.38 mmol/L, Mg 0.8.", "CA-125 raised at 240.", "serum ca 2.41, phosphate 1.1."],
)
def test_ca_for_calcium_or_a_tumour_marker_is_no_cancer(note: str) -> None:
    patient = extract_facts(PatientProfile(note=note, age=58))
    assert "cancer" not in patient.condition_concepts
