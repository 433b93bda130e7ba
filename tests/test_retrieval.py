"""Patient → ranked, explained shortlist (issue 14): retrieval, result fields, POST /api/match.

Runs on the bundled sample loaded into a real SQLite file, the CLI through click, and the
API over real HTTP on loopback (``tests/live_server.py``).
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from importlib import resources
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from live_server import LiveServer
from trialfinder.cli import main
from trialfinder.ingest import ingest_paths, sample_paths
from trialfinder.patient import PatientProfile
from trialfinder.retrieval import (
    PatientConditions,
    _site_ids,
    condition_fit,
    find_trials,
    patient_conditions,
)
from trialfinder.search import STATUSES, open_store
from trialfinder.search.index import spelling_corrector
from trialfinder.store import Store
from trialfinder.vocabulary import load_vocabulary

# The note of issue 14, as a referring doctor wrote it.
ISSUE_NOTE = (
    "55-year-old woman with decompensated alcoholic cirrhosis, Child-Pugh C, ascites, "
    "hepatic encephalopathy last month, bilirubin 3.1 mg/dL."
)
NEW_FIELDS = {"title", "status", "phases", "nearest_site", "counts"}


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("retrieval") / "sample.db"
    store = open_store(path)
    try:
        ingest_paths(store, sample_paths())
    finally:
        store.close()
    return path


@pytest.fixture()
def store(sample_db: Path) -> Iterator[Store]:
    opened = open_store(sample_db)
    try:
        yield opened
    finally:
        opened.close()


@pytest.fixture(scope="module")
def api(sample_db: Path) -> Iterator[httpx.Client]:
    with LiveServer(sample_db) as url, httpx.Client(base_url=url, timeout=120) as client:
        yield client


def test_the_issue_note_alone_finds_the_decompensated_cirrhosis_trial_first(store: Store) -> None:
    shortlist = find_trials(store, PatientProfile(note=ISSUE_NOTE))
    assert shortlist.results[0].nct_id == "NCT05227846"


def test_the_main_condition_is_the_disease_not_a_symptom_a_denial_or_a_relative() -> None:
    note = (
        "7 yo boy with 3 weeks of diplopia and ataxia. MRI: diffuse intrinsic pontine glioma. "
        "No diabetes. HBsAg neg. Mother had breast cancer."
    )
    conditions = patient_conditions(PatientProfile(note=note))
    assert conditions.main == ["diffuse intrinsic pontine glioma"]
    named = " ".join(conditions.others)
    assert "diabetes" not in named and "breast" not in named and "hbsag" not in named


def test_the_background_comes_after_the_reason_for_referral() -> None:
    note = "PMH: hypertension, type 2 diabetes. Referred with severe asthma, 3 courses of OCS."
    conditions = patient_conditions(PatientProfile(note=note))
    assert conditions.main == ["asthma"]
    assert conditions.others == ["hypertension", "type 2 diabetes"]


def test_a_complication_of_recent_onset_comes_before_the_disease_it_came_from() -> None:
    """The presenting problem of a survivor under treatment is the new complication."""
    note = (
        "61F, colon cancer stage III, resected, on adjuvant FOLFOX (cycle 9 of 12). Over the "
        "past two weeks she reports cold-induced tingling in her hands: oxaliplatin-induced "
        "peripheral neuropathy."
    )
    conditions = patient_conditions(PatientProfile(note=note))
    assert conditions.main[0] == "peripheral neuropathy"
    assert "colon cancer" in conditions.others


def test_an_onset_told_just_before_the_complication_is_named_is_its_onset() -> None:
    note = (
        "67M with type 2 diabetes for 15 years on metformin. Two weeks ago his left foot became "
        "warm and swollen after a trivial twist. X-ray and MRI showed an active Charcot foot."
    )
    assert patient_conditions(PatientProfile(note=note)).main[0] == "charcot foot"


def test_a_symptom_of_recent_onset_does_not_displace_the_disease() -> None:
    note = "68M, cough for 6 weeks. Two weeks ago CT chest: 4 cm mass; biopsy lung adenocarcinoma."
    assert patient_conditions(PatientProfile(note=note)).main == ["lung cancer"]


# A cue naming what the patient is sent or asks for, then a disease, while a cancer is also named.
ASKS_ABOUT_DIABETES = (
    "58F with HER2-positive breast cancer on trastuzumab, in remission. She asks about "
    "trials for her type 2 diabetes, HbA1c 8.4% on metformin."
)


@pytest.mark.parametrize(
    ("note", "main", "other"),
    [
        (
            "72M with metastatic prostate cancer on ADT, PSA stable. Referred for uncontrolled "
            "hypertension: BP 168/96 on amlodipine and ramipril.",
            "hypertension",
            "prostate cancer",
        ),
        (
            "Reason for referral: knee osteoarthritis, bone on bone on X-ray, failed "
            "physiotherapy. 66F, breast cancer on anastrozole since 2024.",
            "knee osteoarthritis",
            "breast cancer",
        ),
        (ASKS_ABOUT_DIABETES, "type 2 diabetes", "breast cancer"),
    ],
)
def test_the_disease_a_note_refers_the_patient_for_is_the_main_condition(
    note: str, main: str, other: str
) -> None:
    """ "Referred for X", "Reason for referral: X", "asks about trials for her X" name the
    presenting problem, even when a cancer is named first."""
    conditions = patient_conditions(PatientProfile(note=note))
    assert (conditions.main[0], other in conditions.others) == (main, True)


def test_a_study_asked_for_a_disease_names_the_presenting_problem_after_its_background() -> None:
    """ "Please consider for offloading study for his active Charcot foot": the study asked
    for, with a word saying which kind ("offloading", "device", "add-on"), names what the note
    is about; the diabetes named first is the background (fresh23's Charcot foot ranked 19th
    behind type 2 diabetes trials)."""
    note = (
        "58 yo M, T2DM x 15 yrs on insulin glargine. HTN on telmisartan. "
        "Please consider for offloading study for his active Charcot foot."
    )
    conditions = patient_conditions(PatientProfile(note=note))
    assert (conditions.main[0], "t2dm" in conditions.others) == ("charcot foot", True)


def test_a_disease_kept_on_its_medicine_is_background_beside_another_disease() -> None:
    """ "Type 2 diabetes x 8 yrs on metformin", "Hypertension on amlodipine and ramipril": a
    chronic disease told as kept on its medicines is the patient's background; the disease told
    without them is what the note is about (fresh24's ulcerative colitis ranked 23rd and its
    aortic aneurysm 14th behind diabetes and hypertension trials)."""
    note = (
        "46 yo M. Type 2 diabetes x 8 yrs on metformin 1 g BD and gliclazide, HbA1c 7.1%. "
        "Hypertension on amlodipine. Ulcerative colitis since 2021, 6-8 bloody stools a day."
    )
    conditions = patient_conditions(PatientProfile(note=note))
    assert (conditions.main[0], "type 2 diabetes" in conditions.others) == (
        "ulcerative colitis",
        True,
    )
    note = (
        "63 M. Dilated ascending aorta on CT, 5.1 cm. Hypertension on amlodipine and ramipril. "
        "He asks whether there is a study of people with aortic aneurysms."
    )
    assert patient_conditions(PatientProfile(note=note)).main[0] == "aortic aneurysms"


def test_a_bracketed_aside_does_not_hide_the_medicine_a_disease_is_kept_on() -> None:
    note = (
        "52 F. Hypertension confirmed on ABPM (mean 141/90) on lisinopril 10 mg. "
        "Psoriasis, plaques on elbows and scalp, PASI 14."
    )
    assert patient_conditions(PatientProfile(note=note)).main[0] == "psoriasis"


def test_a_disease_not_controlled_on_its_medicine_stays_the_question() -> None:
    """Told as not kept by its medicines ("uncontrolled on", "despite"), the disease is the
    question; and with no other disease named, a disease on its medicine stays main."""
    note = "55 M. Hypertension uncontrolled on amlodipine and ramipril. Knee osteoarthritis."
    assert patient_conditions(PatientProfile(note=note)).main[0] == "hypertension"
    note = "61 F. Type 2 diabetes on metformin, HbA1c 9.1%. Tingling in both feet."
    assert patient_conditions(PatientProfile(note=note)).main[0] == "type 2 diabetes"


def test_a_finding_told_healed_after_it_is_not_the_patients_now() -> None:
    """ "Drains out, wound healed": a finding the note says has healed or resolved just after
    it is over, not a disease the patient comes for (fresh24's resected cholangiocarcinoma was
    read as a wound and ranked 18th)."""
    note = (
        "60 M. Extrahepatic cholangiocarcinoma, R0 resection 5 weeks ago. Drains out, wound "
        "healed. Referred for adjuvant therapy."
    )
    conditions = patient_conditions(PatientProfile(note=note))
    read = [*conditions.main, *conditions.others]
    assert ("wound" in read, "extrahepatic cholangiocarcinoma" in conditions.main) == (False, True)


def test_a_referral_for_a_treatment_leaves_the_disease_main() -> None:
    """A cue followed by no disease ("for adjuvant radiotherapy", "for second line") says
    nothing; the background after it stays background."""
    note = (
        "Reason for referral: adjuvant radiotherapy. 58 yo F, L breast IDC, wide local "
        "excision. PMH: hypothyroidism, mild asthma."
    )
    assert patient_conditions(PatientProfile(note=note)).main == ["breast cancer"]
    note = "63M metastatic pancreatic cancer after FOLFIRINOX. Asks about trials for second line."
    assert patient_conditions(PatientProfile(note=note)).main == ["pancreatic cancer"]


def test_tumour_markers_are_not_read_when_the_main_condition_is_no_cancer() -> None:
    """The HER2 status of a breast cancer in remission says nothing about the diabetes trials
    the patient asks about; left in, it ranked HER2-positive breast cancer trials first."""
    assert patient_conditions(PatientProfile(note=ASKS_ABOUT_DIABETES)).markers == {}
    note = "58F with HER2-positive metastatic breast cancer, type 2 diabetes on metformin."
    assert patient_conditions(PatientProfile(note=note)).markers == {"her2": "positive"}


def test_a_note_asking_about_trials_for_a_comorbidity_ranks_its_trials_first(
    store: Store,
) -> None:
    profile = PatientProfile(note=ASKS_ABOUT_DIABETES)
    results = find_trials(store, profile, statuses=STATUSES).results
    assert "diabet" in (results[0].title or "").lower()


def test_an_organ_next_to_a_cancer_word_is_that_organs_cancer() -> None:
    note = "69M, de novo metastatic prostate adenocarcinoma with bone mets. ECOG 1."
    assert patient_conditions(PatientProfile(note=note)).main == ["prostate cancer"]


def test_a_cancer_named_by_its_histology_takes_the_organ_the_note_names() -> None:
    note = "Palpable left breast mass, 2 cm. Core biopsy: invasive ductal carcinoma, grade 2."
    assert patient_conditions(PatientProfile(note=note)).main[0] == "breast cancer"


def test_an_abbreviation_written_as_an_ordinary_word_is_not_a_condition() -> None:
    """ "does" (DOES, excessive somnolence) and "All" (ALL, leukaemia) are words here."""
    note = (
        "78-year-old man with Alzheimer's disease. He does not drive any more. All bloods normal."
    )
    conditions = patient_conditions(PatientProfile(note=note))
    assert conditions.main == ["alzheimers disease"]
    assert conditions.others == []


def test_an_abbreviation_written_in_capitals_is_still_the_disease() -> None:
    note = "6 yo girl, newly diagnosed ALL, all other bloods normal."
    assert patient_conditions(PatientProfile(note=note)).main == ["all"]


@pytest.mark.parametrize(
    ("note", "descriptor"),
    [
        # fresh27's kidney note: "clear cell RCC of the L kidney … nivolumab to PD Aug 2025".
        ("57 yo M, clear cell RCC of the L kidney, nivolumab to PD Aug 2025.", "D002292"),
        ("ccRCC with lung mets, on cabozantinib.", "D002292"),
        ("GIST, on imatinib since 2024.", "D046152"),
        ("MCL in second relapse after BTKi.", "D020522"),
    ],
)
def test_oncology_shorthand_written_alone_is_the_cancer(note: str, descriptor: str) -> None:
    """A cancer's short form a clinician writes alone (NCI Thesaurus synonyms) is the cancer,
    so a "PD" beside it stays progressive disease rather than Parkinson's disease."""
    conditions = patient_conditions(PatientProfile(note=note))
    assert descriptor in conditions.main_ids
    assert "D010300" not in conditions.main_ids  # Parkinson Disease


def test_a_unit_after_a_number_is_never_a_disease() -> None:
    """ "LAD 3.0 mm" is millimetres, not MM (multiple myeloma); "stage 4 NSCLC" stays a disease."""
    note = (
        "66M, stable angina on exertion. Angiography: LAD 3.0 mm and D1 2.5 mm bifurcation "
        "lesion, 2 cm calcified segment. On aspirin 75 mg."
    )
    conditions = patient_conditions(PatientProfile(note=note))
    assert conditions.main == ["stable angina"]
    assert conditions.others == []
    assert patient_conditions(PatientProfile(note="70F with stage 4 NSCLC.")).main == ["nsclc"]


@pytest.mark.parametrize(
    ("note", "injury"),
    [
        # tune2-zygomatic-arch-fracture: trismus was read; MeSH says "Zygomatic Fractures".
        (
            "CT: displaced left zygomatic arch fracture with flattening of the cheek and trismus.",
            "zygomatic fracture",
        ),
        # tune2-rotator-cuff-tear-repair: shoulder pain was read; the part's MeSH name is
        # Rotator Cuff, whose tear MeSH files as Rotator Cuff Injuries.
        (
            "Right shoulder pain since a fall. MRI: full-thickness supraspinatus tear.",
            "rotator cuff tear",
        ),
        ("82F, fell at home: right hip fracture.", "hip fractures"),
    ],
)
def test_a_body_part_named_before_an_injury_word_is_that_parts_injury(
    note: str, injury: str
) -> None:
    assert patient_conditions(PatientProfile(note=note)).main == [injury]


def test_an_injury_the_note_denies_is_not_the_patients() -> None:
    note = "Osteoporosis on alendronate since 2020. No hip fracture."
    read = patient_conditions(PatientProfile(note=note))
    assert (read.main, read.others) == (["osteoporosis"], [])


@pytest.mark.parametrize(
    ("note", "nct_id"),
    [
        (
            "Maxillofacial referral. 34M, assaulted 3 days ago. CT: displaced left zygomatic "
            "arch fracture with visible flattening of the cheek and trismus. For open "
            "reduction and internal fixation.",
            "NCT05381337",  # Internal Fixation of Zygomatic Arch Fracture
        ),
        (
            "Orthopaedics. 61M, right shoulder pain and weakness since a fall 4 months ago. "
            "MRI: full-thickness supraspinatus tear, 2.5 cm. Listed for arthroscopic "
            "tendon-to-bone repair. PMH: T2DM on metformin.",
            "NCT00739947",  # Arthroscopic Surgical Outcome Study ... With Rotator Cuff Tears
        ),
    ],
)
def test_the_trial_for_the_injured_part_the_note_names_comes_first(
    store: Store, note: str, nct_id: str
) -> None:
    results = find_trials(store, PatientProfile(note=note), statuses=STATUSES).results
    assert results[0].nct_id == nct_id


def test_an_operation_the_patient_is_having_joins_the_main_condition() -> None:
    note = (
        "71F, day of surgery after elective right total knee arthroplasty for end-stage "
        "osteoarthritis. HTN on ramipril."
    )
    conditions = patient_conditions(PatientProfile(note=note))
    assert conditions.main == ["osteoarthritis", "total knee arthroplasty"]
    assert conditions.others == ["htn"]


def test_an_operation_booked_after_its_name_joins_the_main_condition() -> None:
    """fresh8 pancreas-head-mass-biopsy-pending: "ERCP + stent booked for tomorrow"."""
    note = (
        "71M, 5 wks itching, dark urine, pale stools. CECT: 2 cm hypodense mass in the head of"
        " the pancreas with double duct sign. EUS-FNB done, biopsy pending. ERCP + stent booked"
        " for tomorrow. Tumour board: unresectable, locally advanced."
    )
    assert "ercp" in patient_conditions(PatientProfile(note=note)).main


def test_an_operation_the_patient_had_is_not_what_they_are_referred_for() -> None:
    note = "74M, s/p right total knee arthroplasty in 2019, now left knee osteoarthritis."
    assert patient_conditions(PatientProfile(note=note)).main == ["knee osteoarthritis"]


def test_the_trial_of_care_around_the_patients_operation_comes_first(store: Store) -> None:
    """tune2-knee-replacement-older: the trial lists the operation, not the osteoarthritis."""
    note = (
        "Orthopaedic ward. 71F, day of surgery after elective right total knee arthroplasty "
        "for end-stage osteoarthritis. SpO2 96% on admission. No dementia or cognitive "
        "problems, no thyroid disease. HTN on ramipril."
    )
    results = find_trials(store, PatientProfile(note=note), statuses=STATUSES).results
    assert results[0].nct_id == "NCT05389579"  # Hypothermia control with total knee arthroplasty


# tune2-latent-tb-uncontrolled-diabetes: the note never names latent TB; its test shows it.
CONTACT_NOTE = (
    "Chest clinic, Chennai. 42M, household contact of his brother with smear-positive "
    "pulmonary TB. IGRA {result}, chest X-ray clear, no cough, fever or weight loss. Type 2 "
    "diabetes for 6 years, poorly controlled: HbA1c 9.6% on metformin 1 g BID and "
    "glimepiride 2 mg. BMI 24."
)


def test_a_disease_shown_only_by_its_test_result_is_the_patients() -> None:
    conditions = patient_conditions(PatientProfile(note=CONTACT_NOTE.format(result="positive")))
    assert conditions.main == ["latent tuberculosis"]
    assert conditions.others[0] == "type 2 diabetes"


@pytest.mark.parametrize(
    "note",
    [
        CONTACT_NOTE.format(result="negative"),
        "Chest clinic. 42M. His mother had a positive IGRA. Type 2 diabetes, HbA1c 9.6%.",
    ],
)
def test_a_negative_or_a_relatives_test_result_implies_no_disease(note: str) -> None:
    conditions = patient_conditions(PatientProfile(note=note))
    assert conditions.main == ["type 2 diabetes"]
    assert "latent tuberculosis" not in conditions.others


def test_the_trial_for_the_disease_a_test_result_shows_comes_first(store: Store) -> None:
    note = CONTACT_NOTE.format(result="positive")
    results = find_trials(store, PatientProfile(note=note), statuses=STATUSES).results
    assert results[0].nct_id == "NCT04642755"  # Comorbidities and Coinfections in Latent TB


def test_two_conditions_that_make_one_disease_are_read_as_that_disease() -> None:
    note = (
        "T2DM for 12 years on metformin. Infected plantar ulcer, left forefoot, 2 cm. "
        "No osteomyelitis."
    )
    conditions = patient_conditions(PatientProfile(note=note))
    assert conditions.main == ["Diabetic Foot"]
    # The two parts stay as comorbidities (the diabetes, kept on metformin, after the ulcer).
    assert conditions.others[:2] == ["plantar ulcer", "t2dm"]


def test_conditions_that_meet_in_no_single_disease_stay_apart() -> None:
    note = "68M, CKD stage 3b, eGFR 38. Hypertension on three drugs."
    conditions = patient_conditions(PatientProfile(note=note))
    assert conditions.main == ["ckd"]
    assert conditions.others == ["hypertension"]


def test_a_trial_about_the_main_condition_comes_before_one_about_a_comorbidity(
    store: Store,
) -> None:
    note = (
        "Referral: 81-year-old woman with Alzheimer's dementia, MMSE 18, lives with her "
        "daughter. Also hypertension on amlodipine."
    )
    results = find_trials(store, PatientProfile(note=note), statuses=STATUSES).results
    assert results[0].nct_id == "NCT05381090"  # Circulating Ghrelin as a Biomarker for Dementia


# A complication of a cancer's treatment, with the cancer written beside it (profile first).
NEUROPATHY_PROFILE = PatientProfile(
    age=60,
    sex="female",
    conditions=["chemotherapy-induced peripheral neuropathy", "breast cancer"],
    note="Tingling in both feet since starting adjuvant docetaxel after her breast surgery.",
)


def test_the_comorbiditys_words_do_not_make_a_trial_about_the_main_condition(
    store: Store,
) -> None:
    conditions = patient_conditions(NEUROPATHY_PROFILE).main_only()
    # NCT04472845, breast radiotherapy: its listed "Breast Cancer" is in the note's words only
    # as the comorbidity; the neuropathy study's listed condition is the main condition's.
    (radiotherapy,) = store.get_trials(["NCT04472845"])
    (neuropathy,) = store.get_trials(["NCT06491082"])
    assert condition_fit(radiotherapy.conditions, conditions) == 0
    assert condition_fit(neuropathy.conditions, conditions) > 0


def test_a_trial_naming_the_main_conditions_kind_comes_before_the_comorbiditys_trials(
    store: Store,
) -> None:
    ids = [r.nct_id for r in find_trials(store, NEUROPATHY_PROFILE, statuses=STATUSES).results]
    assert ids[0] == "NCT06491082"  # Chemotherapy Induced Neuropathy in Cancer Patients
    # Small fibre neuropathy (in Sjögren's) before an early breast cancer study.
    assert ids.index("NCT05380804") < ids.index("NCT05774951")


def test_a_condition_denied_with_a_contraction_is_not_the_patients() -> None:
    note = "My mum has Alzheimer's dementia. She doesn't have diabetes and lives with us."
    conditions = patient_conditions(PatientProfile(note=note))
    assert conditions.main == ["alzheimers dementia"]
    assert "diabetes" not in " ".join(conditions.others)


def test_the_profiles_conditions_come_before_the_note() -> None:
    profile = PatientProfile(conditions=["asthma"], note="Type 2 diabetes for 10 years.")
    conditions = patient_conditions(profile)
    assert conditions.main == ["asthma"]
    assert conditions.others == ["type 2 diabetes"]


def test_results_carry_title_status_phases_counts_and_the_nearest_site(store: Store) -> None:
    profile = PatientProfile(note=ISSUE_NOTE, place="Seoul")
    first = find_trials(store, profile, statuses=STATUSES).results[0]
    assert first.title and first.status == "RECRUITING"
    counts = first.counts
    tally = counts.met + counts.not_met + counts.unknown + counts.not_applicable
    assert tally == len(first.criteria)
    assert first.nearest_site is not None and first.nearest_site.distance_km >= 0


def test_a_patient_place_the_gazetteer_does_not_know_only_loses_the_distances(
    store: Store,
) -> None:
    profile = PatientProfile(note=ISSUE_NOTE, place="Nowhere Creek, ZZ")
    first = find_trials(store, profile).results[0]
    assert first.nct_id == "NCT05227846" and first.nearest_site is None


def test_by_default_only_recruiting_or_not_yet_recruiting_trials_are_found(store: Store) -> None:
    profile = PatientProfile(conditions=["premature ovarian insufficiency"], sex="female", age=34)
    default = find_trials(store, profile).results
    assert {entry.status for entry in default} <= {"RECRUITING", "NOT_YET_RECRUITING"}
    widened = find_trials(store, profile, statuses=STATUSES).results
    assert "NCT03877471" in {entry.nct_id for entry in widened}  # status UNKNOWN
    assert "NCT03877471" not in {entry.nct_id for entry in default}


def test_a_trial_outside_the_patients_age_is_not_a_candidate(store: Store) -> None:
    def found(age: int) -> set[str]:
        profile = PatientProfile(age=age, conditions=["type 1 diabetes"])
        return {entry.nct_id for entry in find_trials(store, profile).results}

    assert "NCT05928260" in found(19)
    assert "NCT05928260" not in found(12)  # 16 years and over


def test_retrieval_never_builds_the_spelling_corrector(store: Store) -> None:
    """The patient's phrases are the vocabulary's own readings: correcting them finds
    nothing new, and building the corrector cost seconds on the first match of a process."""
    spelling_corrector.cache_clear()
    profile = PatientProfile(age=70, sex="female", conditions=["postmenopausal osteoporosis"])
    find_trials(store, profile, statuses=list(STATUSES))
    assert spelling_corrector.cache_info().currsize == 0


def test_the_api_and_the_cli_give_the_same_json(
    api: httpx.Client, sample_db: Path, tmp_path: Path
) -> None:
    profile = {"note": ISSUE_NOTE}
    patient_file = tmp_path / "patient.json"
    patient_file.write_text(json.dumps(profile))
    outcome = CliRunner().invoke(
        main,
        ["match", "--patient", str(patient_file), "--format", "json", "--db", str(sample_db)],
    )
    assert outcome.exit_code == 0, outcome.output
    answer = api.post("/api/match", json=profile)
    assert answer.status_code == 200
    assert answer.json() == json.loads(outcome.output)
    first = answer.json()["results"][0]
    assert first["nct_id"] == "NCT05227846"
    assert set(first) == {"nct_id", "verdict", "criteria", "whole_record"} | NEW_FIELDS


def test_the_api_reads_a_fhir_bundle(api: httpx.Client) -> None:
    bundle = (
        resources.files("trialfinder") / "data" / "sample" / "fhir" / "bundle_osteoporosis.json"
    )
    answer = api.post("/api/match", content=bundle.read_bytes(), params={"limit": 5})
    assert answer.status_code == 200
    assert len(answer.json()["results"]) <= 5


def test_the_api_names_the_field_of_an_invalid_profile(api: httpx.Client) -> None:
    answer = api.post("/api/match", json={"sex": "banana"})
    assert answer.status_code == 400
    assert "sex" in answer.json()["message"]


def test_the_api_names_a_bad_status_or_place(api: httpx.Client) -> None:
    bad_status = api.post("/api/match", json={"note": ISSUE_NOTE}, params={"status": "SLEEPING"})
    assert bad_status.status_code == 400 and bad_status.json()["parameter"] == "status"
    bad_place = api.post("/api/match", json={"note": ISSUE_NOTE}, params={"near": "Qqqxqq"})
    assert bad_place.status_code == 400 and bad_place.json()["parameter"] == "near"


def test_a_body_over_the_limit_gets_413_with_a_message(api: httpx.Client) -> None:
    answer = api.post("/api/match", json={"note": "x" * (2 * 1024 * 1024)})
    assert answer.status_code == 413
    assert "larger than" in answer.json()["message"]


def test_the_openapi_schema_documents_post_api_match(api: httpx.Client) -> None:
    operation = api.get("/openapi.json").json()["paths"]["/api/match"]["post"]
    assert operation["description"]
    body = operation["requestBody"]["content"]["application/json"]
    assert "note" in body["example"]
    assert "413" in operation["responses"]


def test_the_cli_text_uses_words_not_enum_codes(sample_db: Path, tmp_path: Path) -> None:
    patient_file = tmp_path / "patient.json"
    patient_file.write_text(json.dumps({"note": ISSUE_NOTE}))
    outcome = CliRunner().invoke(
        main, ["match", "--patient", str(patient_file), "--limit", "3", "--db", str(sample_db)]
    )
    assert outcome.exit_code == 0, outcome.output
    assert "NOT_YET_RECRUITING" not in outcome.output
    assert "RECRUITING" not in outcome.output.replace("NCT", "")
    assert "criteria:" in outcome.output and "met" in outcome.output
    assert "not_met" not in outcome.output and "not_applicable" not in outcome.output


def test_retrieval_finds_the_same_first_trial_on_both_backends(loaded_store_url: str) -> None:
    store = open_store(loaded_store_url)
    try:
        shortlist = find_trials(store, PatientProfile(note=ISSUE_NOTE))
    finally:
        store.close()
    assert shortlist.results[0].nct_id == "NCT05227846"


def test_the_patient_record_is_never_logged(
    api: httpx.Client, caplog: pytest.LogCaptureFixture
) -> None:
    marker = "Zebulon-Quixote syndrome"
    caplog.set_level(logging.DEBUG)
    answer = api.post(
        "/api/match", json={"note": f"{ISSUE_NOTE} {marker}."}, params={"near": "Seoul"}
    )
    assert answer.status_code == 200
    # The test's own HTTP client logs its request line; everything else is the server's.
    server_lines = [
        record.getMessage()
        for record in caplog.records
        if not record.name.startswith(("httpx", "httpcore"))
    ]
    assert not [line for line in server_lines if marker in line or "Seoul" in line]


_SPECIFICITY_PROBE = """
from trialfinder.retrieval import _title_specificity, _words
from trialfinder.search.results import SearchHit
vocab = [f"w{i}x" for i in range(40)]
hits = [
    SearchHit(nct_id=f"NCT{n:08d}", title=" ".join(vocab[: 10 + 2 * n]), status=None,
              phases=[], conditions=[])
    for n in range(12)
]
print(repr(sorted(_title_specificity(hits, frozenset(_words(" ".join(vocab)))).items())))
"""


def test_title_specificity_is_the_same_whatever_the_hash_seed() -> None:
    """The words a title shares with a note are a set, walked in an order the hash seed
    chooses; the rarity sum must not depend on it (a float sum in set order ranked one
    holdout note differently from one run to the next)."""
    source = Path(__file__).resolve().parent.parent / "src"
    outputs = {
        subprocess.run(
            [sys.executable, "-c", _SPECIFICITY_PROBE],
            env={**os.environ, "PYTHONPATH": str(source), "PYTHONHASHSEED": seed},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        for seed in ("1", "2", "3", "4")
    }
    assert len(outputs) == 1


def test_hearing_aids_are_not_a_comorbidity() -> None:
    """ "hearing aids" was read as AIDS, so HIV joined the note's conditions and searches."""
    conditions = patient_conditions(PatientProfile(note="72M with COPD. Wears hearing aids."))
    assert (conditions.main, conditions.others) == (["copd"], [])


def test_a_never_smokers_cancer_after_a_comma_is_the_patients() -> None:
    """ "never smoker" is said of the patient; the cancer after the comma is not denied."""
    note = "68M, never smoker, metastatic lung adenocarcinoma, EGFR exon 19 deletion."
    assert patient_conditions(PatientProfile(note=note)).main[0] == "lung cancer"


def test_a_denial_written_without_an_apostrophe_is_not_the_patients() -> None:
    conditions = patient_conditions(PatientProfile(note="I dont have asthma. I have COPD."))
    assert (conditions.main, conditions.others) == (["copd"], [])


@pytest.mark.parametrize(
    ("note", "organ"),
    [
        ("61F, squamous cell carcinoma of the anal canal, T3 N1 M0. ECOG 1.", "anal cancer"),
        ("44F, squamous cell carcinoma of the cervix, FIGO IIB. ECOG 0.", "cervix cancer"),
    ],
)
def test_a_histology_written_before_of_the_organ_is_that_organs_cancer(
    note: str, organ: str
) -> None:
    """ "Squamous cell carcinoma of the anal canal": the words before the cancer word are its
    histology, not an organ; the organ is the one after "of"."""
    assert patient_conditions(PatientProfile(note=note)).main[0] == organ


def test_a_cancer_of_the_head_of_an_organ_is_that_organs_cancer() -> None:
    """ "Adenocarcinoma of the head of the pancreas": the word after "of" is a part of the organ
    named after the next "of", not the head (Head and Neck Neoplasms)."""
    note = "70M, adenocarcinoma of the head of the pancreas, CA 19-9 840, biliary stent placed."
    conditions = patient_conditions(PatientProfile(note=note))
    assert "D010190" in conditions.main_ids  # Pancreatic Neoplasms
    assert "D006258" not in conditions.main_ids | conditions.other_ids


def test_the_trial_for_the_organ_after_of_comes_first(store: Store) -> None:
    note = (
        "61F, squamous cell carcinoma of the anal canal, T3 N1 M0 on MRI pelvis and PET. "
        "ECOG 1. Planned for radical chemoradiation."
    )
    results = find_trials(store, PatientProfile(note=note), statuses=STATUSES).results
    assert results[0].nct_id == "NCT06630793"


def test_a_pathological_process_next_to_an_organ_word_is_that_organs_disease() -> None:
    """ "Coronary angiogram: severe stenosis of the LAD": a stenosis alone is any narrowing
    (a pathological process, not a disease); with the organ word before it, it is the
    disease MeSH names for that organ (Coronary Stenosis)."""
    note = (
        "67M, exertional chest tightness on bisoprolol. Coronary angiogram: severe stenosis "
        "of the LAD at the D1 bifurcation. PMH: T2DM, hypertension."
    )
    assert patient_conditions(PatientProfile(note=note)).main[0] == "coronary stenosis"


# fresh13 lung-scarring-wife-pittsburgh and dialysis-forgetful-daughter (readable): "scarring
# in both his lungs" is lung scarring, Pulmonary Fibrosis (the organ-process table search
# reads), not a scar; "his kidneys failed from his diabetes" is kidney failure (Renal
# Insufficiency), told before the diabetes that caused it.
ORGAN_PROCESS_NOTES = {
    "My husband is 70. Last spring a CT scan showed scarring in both his lungs, and the lung "
    "specialist said it is fibrosis of the lungs and that we should go to the lung scarring "
    "clinic at UPMC in Pittsburgh, where we now go.": "D011658",
    "My father is 74 and has dialysis three times a week at the University of Chicago dialysis "
    "unit because his kidneys failed from his diabetes. Over the past year he has become "
    "forgetful, repeats questions and got lost driving home.": "D051437",
}


def test_an_organ_written_after_its_process_word_or_said_to_fail_is_that_organs_disease() -> None:
    for note, disease in ORGAN_PROCESS_NOTES.items():
        conditions = patient_conditions(PatientProfile(note=note))
        assert conditions.main[0] in {"lungs scarring", "kidneys failure"}
        assert disease in conditions.main_ids
        assert "D002921" not in conditions.main_ids | conditions.other_ids  # Cicatrix


# fresh13 hepatic-graft-ptdm and fresh11 post-liver-transplant-diabetes (readable): the trials
# for these patients are about the recipient's care ("Liver Transplant; Complications"), which
# the notes tell as had, after the transplant or dated.
TRANSPLANT_HAD_NOTES = [
    "52M, 14 months after orthotopic liver transplant (deceased donor) for NASH cirrhosis. "
    "Graft function good: ALT 32, AST 29, bilirubin 0.8.",
    "58M. Liver transplant 2019 for NASH cirrhosis, stable graft on tacrolimus. Post-transplant "
    "diabetes on metformin 1 g BD and glargine 14 units, HbA1c 7.8%.",
]


def test_a_transplant_the_patient_has_had_joins_the_main_condition() -> None:
    for note in TRANSPLANT_HAD_NOTES:
        assert "D016031" in patient_conditions(PatientProfile(note=note)).main_ids


# fresh14 medulloblastoma-young-adult-csi (readable): "medulloblastoma of the cerebellum" was read
# as a cerebellar cancer in the histology's place, which no trial lists (none found at all);
# brain tumour trials are written by histology (Medulloblastoma, Ependymoma, Glioma).
NEUROEPITHELIAL_NOTE = (
    "Radiation oncology: 19-year-old man, medulloblastoma of the cerebellum, SHH-activated, "
    "TP53 wild-type, near-total resection 3 weeks ago. MRI spine and CSF negative (M0). Plan: "
    "craniospinal irradiation 23.4 Gy with a boost to the posterior fossa, radical intent."
)


def test_a_neuroepithelial_tumour_named_with_its_organ_keeps_its_histology(store: Store) -> None:
    """A neuroepithelial tumour (medulloblastoma, ependymoma, a glioma) named with the organ it
    grows in keeps its name beside the organ's cancer: its trials list the histology."""
    conditions = patient_conditions(PatientProfile(note=NEUROEPITHELIAL_NOTE))
    assert {"D008527", "D002528"} <= conditions.main_ids  # Medulloblastoma, Cerebellar Neoplasms
    results = find_trials(store, PatientProfile(note=NEUROEPITHELIAL_NOTE), statuses=STATUSES)
    assert results.results[0].nct_id == "NCT06779487"


def test_a_generic_histology_named_with_its_organ_is_still_that_organs_cancer() -> None:
    """An adenocarcinoma or a squamous cell carcinoma grows in many organs: named with one, it
    is that organ's cancer alone (the histology is not kept beside it)."""
    note = "61F, squamous cell carcinoma of the anal canal, T3 N1 M0. ECOG 1."
    assert "D002294" not in patient_conditions(PatientProfile(note=note)).main_ids


def test_the_palliative_radiotherapy_trial_leads_for_a_palliative_note_only(store: Store) -> None:
    """fresh14's two IIIB cervical cancers (readable): the trial of palliative radiation is the
    first for the one planned for palliative radiotherapy and below the radical trials for
    the one planned for radical chemoradiation."""
    palliative = (
        "Gynae-oncology MDT outcome. 52F, squamous cell carcinoma of the cervix, FIGO 2018 IIIB: "
        "bulky hard tumour fixed to both pelvic side walls, frozen pelvis on examination under "
        "anaesthesia. CT chest/abdomen: no distant metastases. Pain NRS 7/10 on morphine. ECOG 2. "
        "MDT: not suitable for radical chemoradiation; plan palliative pelvic radiotherapy for "
        "pain and bleeding. Expected survival under a year."
    )
    radical = (
        "Radiation oncology new patient, Mumbai. 39-year-old woman, squamous cell carcinoma of "
        "the cervix, FIGO 2018 stage IIIB (left parametrium to the pelvic side wall), no nodes on "
        "PET-CT, no metastases. ECOG 1. No previous treatment. Plan: radical concurrent "
        "chemoradiation, weekly cisplatin with pelvic EBRT followed by brachytherapy."
    )
    first = find_trials(store, PatientProfile(note=palliative), statuses=STATUSES).results[0]
    assert first.nct_id == "NCT03997110"
    ranked = [e.nct_id for e in find_trials(store, PatientProfile(note=radical)).results]
    assert ranked.index("NCT03256916") < ranked.index("NCT03997110")


def test_a_note_naming_no_disease_is_searched_by_all_its_words_not_its_opening(
    store: Store,
) -> None:
    """A lay note opens with who the patient is ("My daughter is 7.") and says the problem
    after, in words that name no disease in MeSH: its whole text is what is searched."""
    note = (
        "My daughter is 7. Her dentist saw a deep hole with decay in a back baby tooth, close "
        "to the nerve, but no abscess and no toothache. Is there a study to save the tooth?"
    )
    conditions = patient_conditions(PatientProfile(note=note))
    assert not conditions.main
    results = find_trials(store, PatientProfile(note=note), statuses=STATUSES).results
    assert results[0].nct_id == "NCT00973089"


def ranked_for_note(store: Store, note: str) -> list[str]:
    """The NCT ids of the note's shortlist (its first 50), every status allowed."""
    shortlist = find_trials(store, PatientProfile(note=note), statuses=STATUSES, limit=50)
    return [entry.nct_id for entry in shortlist.results]


def _ranked_titles(store: Store, note: str) -> list[str]:
    """The note's shortlist as lowercase titles, every status allowed."""
    results = find_trials(store, PatientProfile(note=note), statuses=STATUSES).results
    return [(entry.title or "").lower() for entry in results]


def test_a_shared_driver_mutation_outranks_a_shared_expression_marker(store: Store) -> None:
    """A note with KRAS G12C and a high PD-L1: the trials for the mutation come before
    trials asking only for PD-L1 expression, which most lung cancers have some of."""
    note = (
        "71M, stage IV lung adenocarcinoma with liver and bone metastases. NGS: KRAS G12C "
        "mutation; PD-L1 TPS 80%; EGFR and ALK negative. No systemic therapy yet. ECOG 1."
    )
    titles = _ranked_titles(store, note)
    assert "g12c" in titles[0]
    first_pd_l1_only = next(i for i, t in enumerate(titles) if "pd-l1" in t and "g12c" not in t)
    assert sum("g12c" in title for title in titles[:first_pd_l1_only]) >= 2


def test_a_gene_variant_written_by_its_protein_change_makes_the_gene_mutated(
    store: Store,
) -> None:
    """ "PIK3CA H1047R" states a mutated PIK3CA as "PIK3CA mutation" does; the trial for
    PIK3CA-mutated disease of the patient's receptor status then comes first."""
    note = (
        "63F, ER-positive HER2-negative breast cancer with bone and liver metastases, "
        "progressing on anastrozole and ribociclib. Liquid biopsy: PIK3CA E545K."
    )
    conditions = patient_conditions(PatientProfile(note=note))
    assert conditions.markers["pik3ca"] == "positive"
    first = find_trials(store, PatientProfile(note=note), statuses=STATUSES).results[0]
    assert "pik3ca" in (first.title or "").lower()


def test_a_trial_for_the_notes_line_of_treatment_comes_before_one_for_another_line(
    store: Store,
) -> None:
    """Among the trials for one disease the setting decides: a myeloma that relapsed after
    two lines belongs in the relapsed or refractory trials, not in one for newly diagnosed
    disease, although both titles say multiple myeloma."""
    note = (
        "66F, IgG kappa multiple myeloma diagnosed 2020, relapsed after two prior lines "
        "(VRd then daratumumab-based), refractory to lenalidomide. ECOG 1."
    )
    titles = _ranked_titles(store, note)
    newly = next(i for i, title in enumerate(titles) if "newly diagnosed" in title)
    assert all("relapsed" in title for title in titles[:3])
    assert newly > 3


def test_an_untreated_note_puts_trials_for_previously_treated_disease_after(
    store: Store,
) -> None:
    """A note saying the cancer is untreated contradicts a trial for disease that has
    progressed on earlier treatment; a first-line trial fits it."""
    note = (
        "59M, metastatic non-small cell lung cancer, EGFR exon 19 deletion, newly diagnosed, "
        "treatment-naive. ECOG 0."
    )
    titles = _ranked_titles(store, note)
    first_line = next(i for i, t in enumerate(titles) if "first-line osimertinib" in t)
    pretreated = next(i for i, t in enumerate(titles) if "egfr" in t and "have pr" in t)
    assert first_line < pretreated


# A complication of cancer treatment the referring doctor lists first, the cancer second.
NEUROPATHY_ON_PACLITAXEL = (
    "56F with stage II breast cancer, currently on adjuvant weekly paclitaxel after surgery. "
    "She reports numbness and tingling in both feet, chemotherapy-induced peripheral neuropathy."
)


def test_the_first_listed_disease_is_the_main_condition_before_a_listed_cancer() -> None:
    profile = PatientProfile(
        conditions=["chemotherapy-induced peripheral neuropathy", "breast cancer, stage II"],
        note=NEUROPATHY_ON_PACLITAXEL,
    )
    conditions = patient_conditions(profile)
    assert conditions.main == ["peripheral neuropathy"]
    assert "breast cancer" in conditions.others


def test_a_listed_sign_does_not_displace_the_listed_disease() -> None:
    profile = PatientProfile(conditions=["weight loss", "metastatic lung cancer"])
    assert patient_conditions(profile).main == ["lung cancer"]


def test_the_trial_for_the_listed_complication_comes_before_the_cancers_trials(
    store: Store,
) -> None:
    profile = PatientProfile(
        conditions=["chemotherapy-induced peripheral neuropathy", "breast cancer, stage II"],
        note=NEUROPATHY_ON_PACLITAXEL,
    )
    first = find_trials(store, profile, statuses=STATUSES).results[0]
    assert first.title == "Chemotherapy Induced Neuropathy in Cancer Patients"


@pytest.mark.parametrize(
    ("note", "organ"),
    [
        (
            "61M, black stools and vomiting blood, Hb 7.8. OGD: ulcerated growth; biopsy: "
            "adenocarcinoma. CT: no liver lesions.",
            "adenocarcinoma",
        ),
        (
            "Her eyes and skin went yellow and they found a lump in the gallbladder. "
            "The biopsy said adenocarcinoma.",
            "gallbladder cancer",
        ),
    ],
)
def test_a_histologys_organ_is_where_the_note_finds_a_mass_not_where_a_sign_shows(
    note: str, organ: str
) -> None:
    """The organ of a cancer named by its histology is the one with the lump or growth, never
    blood (vomited blood names no carcinoma's site) nor an organ the note says is clear."""
    assert patient_conditions(PatientProfile(note=note)).main[0] == organ


def test_a_histologys_organ_without_a_cancer_of_its_own_takes_the_organ_it_is_part_of() -> None:
    """MeSH has no cancer of the brain stem; it is part of the brain, which has."""
    note = "MRI: a tumour in the brainstem. Biopsy: glioma, H3 K27M-altered."
    assert patient_conditions(PatientProfile(note=note)).main[0] == "brain cancer"


@pytest.mark.parametrize(
    ("note", "organ"),
    [
        (
            "55 years, para 5, blood-stained discharge per vaginum. On examination a large "
            "cervical growth with parametrial involvement. Biopsy: squamous cell carcinoma. FIGO "
            "IIIB.",
            "cervix cancer",
        ),
        (
            "OGD: ulceroproliferative growth in the antrum; biopsy: poorly differentiated "
            "adenocarcinoma.",
            "stomach cancer",
        ),
    ],
)
def test_an_ambiguous_organ_word_is_read_as_the_organ_its_note_is_about(
    note: str, organ: str
) -> None:
    """ "Cervical" is the cervix in a gynaecological note, "antrum" the stomach's after a
    gastroscopy: the organ the note's other words place the growth in."""
    assert patient_conditions(PatientProfile(note=note)).main[0] == organ


@pytest.mark.parametrize(
    "note",
    [
        "OGD: ulceroproliferative growth 30-35 cm from incisors; biopsy SCC. CECT: cT3N1M0.",
        "Upper GI endoscopy: a friable stricturing lesion at 28 cm from the incisors. HPE: "
        "squamous cell carcinoma.",
    ],
)
def test_a_growth_placed_by_its_distance_from_the_incisors_is_in_the_oesophagus(
    note: str,
) -> None:
    """An endoscopist places an oesophageal growth by its distance from the incisors and
    often names no organ: the histology's site is the oesophagus."""
    assert patient_conditions(PatientProfile(note=note)).main[0] == "esophagus cancer"


def test_a_cervical_lump_outside_a_gynaecological_note_is_not_the_cervix() -> None:
    """Without a word of the female pelvis, a cervical lump is in the neck."""
    note = "Hard cervical lump for two months. FNA: squamous cell carcinoma. Smoker."
    assert patient_conditions(PatientProfile(note=note)).main[0] != "cervix cancer"


@pytest.mark.parametrize(
    ("note", "organ"),
    [
        (
            "68F, 6 weeks of painless jaundice, pale stools, 8 kg weight loss. CT: 3.5 cm mass in "
            "the head of pancreas with three liver lesions. EUS-FNB of liver lesion: "
            "adenocarcinoma.",
            "pancreas cancer",
        ),
        (
            "EUS: 2 cm hypoechoic lesion in the neck of the pancreas; FNB: adenocarcinoma.",
            "pancreas cancer",
        ),
    ],
)
def test_a_part_named_of_an_organ_places_the_cancer_in_that_organ(note: str, organ: str) -> None:
    """ "The head of pancreas" is the pancreas, not the head: a part word followed by "of
    (the)" and an organ names where in that organ the growth is."""
    assert patient_conditions(PatientProfile(note=note)).main[0] == organ


@pytest.mark.parametrize(
    ("note", "organ"),
    [
        (
            "46M, tobacco chewer x 20 yrs, with a non-healing ulcer on the left lateral border of "
            "the tongue for 2 months, 2.5 cm, indurated. Punch biopsy: moderately differentiated "
            "SCC. No palpable neck nodes.",
            "tongue cancer",
        ),
        (
            "74M with a supraglottic growth on the epiglottis, biopsy SCC, bilateral neck nodes, "
            "T3N2c. Not a surgical candidate.",
            "larynx cancer",
        ),
    ],
)
def test_scc_is_read_as_squamous_cell_carcinoma_of_its_organ(note: str, organ: str) -> None:
    """Clinicians write squamous cell carcinoma as "SCC" (a curated vocabulary row): the
    histology is read, and the organ the note places it in leads the main condition."""
    conditions = patient_conditions(PatientProfile(note=note))
    squamous = load_vocabulary().lookup("squamous cell carcinoma")[0].concept.id
    assert conditions.main[0] == organ
    assert squamous in conditions.main_ids


@pytest.mark.parametrize(
    ("note", "organ"),
    [
        (
            "My husband is 63. For four months food gets stuck in his chest, first rice and now "
            "even chapati, and he has become very thin. The endoscopy doctor found a growth in the "
            "food pipe and the biopsy says cancer.",
            "esophagus cancer",
        ),
        (
            "I am 57 and my voice has been hoarse for four months. The ENT doctor took a biopsy "
            "of the left vocal cord under anaesthesia and it showed an early cancer, only on that "
            "one cord, small and not spread to the neck.",
            "larynx cancer",
        ),
    ],
)
def test_a_cancer_named_without_its_kind_takes_the_organ_the_note_finds_it_in(
    note: str, organ: str
) -> None:
    """ "The biopsy says cancer" names neither organ nor histology: the organ the note found
    the growth in (or took the biopsy of) is the cancer's site, as for a histology alone."""
    assert patient_conditions(PatientProfile(note=note)).main[0] == organ


@pytest.mark.parametrize(
    ("note", "organ"),
    [
        (
            "71M, 5 wks itching, dark urine, pale stools. Bili 11.2, ALP 640. CECT: 2 cm "
            "hypodense mass in the head of the pancreas with double duct sign, >180 degree SMA "
            "encasement, no liver lesions, no ascites. CA 19-9 840. EUS-FNB done, biopsy pending.",
            "pancreas cancer",
        ),
        (
            "My father is 61 and smoked for 35 years until last year. He had a CT scan for a "
            "kidney stone and they saw a spot on the right lung, about one and a half "
            "centimetres, which they said is not calcium. He has no cough and has never had "
            "cancer. The lung doctor wants to decide whether to take a needle sample.",
            "lung cancer",
        ),
        (
            "My father is 70. His eyes went yellow and he itches all over. The scan shows a "
            "growth at the lower end of the bile duct with a few spots in the liver, and the "
            "doctors say it cannot be removed.",
            "bile duct cancer",
        ),
    ],
)
def test_a_mass_of_an_organ_worked_up_as_a_tumour_is_a_suspected_cancer_of_that_organ(
    note: str, organ: str
) -> None:
    """A mass, growth or spot of an organ with a tumour marker, a biopsy awaited or the
    question of its removal is the cancer suspected there, before any diagnosis: the note's
    trials are that organ's cancer's, not its itching's or its incidental kidney stone's."""
    assert patient_conditions(PatientProfile(note=note)).main[0] == organ


def test_a_mass_without_a_tumour_work_up_is_not_read_as_a_cancer() -> None:
    """A mass named with no marker, no biopsy awaited and no word of its removal says
    nothing of malignancy (a "breast lump" in a young woman is mostly benign)."""
    note = "24F, painless mobile lump in the left breast for 2 months, noticed in the shower."
    assert "cancer" not in " ".join(patient_conditions(PatientProfile(note=note)).main)


@pytest.mark.parametrize(
    ("note", "need"),
    [
        (
            "10-year-old boy, 32 kg, osteosarcoma of the left distal femur on MAP chemotherapy. "
            "Cycle 2 (cisplatin 60 mg/m2/day x2 with doxorubicin) due next week as an inpatient. "
            "He had severe vomiting with cycle 1 despite ondansetron and dexamethasone.",
            "vomiting",
        ),
        (
            "Our daughter is 14 and her leukaemia came back. She is going into hospital next "
            "month for a bone marrow transplant from her brother, with strong chemo (busulfan) "
            "before it. In every block of chemo so far she vomited for days even with the "
            "anti-sickness medicines, and that is what frightens her most.",
            "vomiting",
        ),
        (
            "51F, breast cancer on adjuvant weekly paclitaxel (cycle 6 of 12) after AC. New "
            "tingling and numbness in both feet and fingertips. No diabetes, no prior "
            "neuropathy, renal and liver function normal.",
            "peripheral neuropathy",
        ),
        (
            "My mother is 57 and is having chemotherapy after her bowel cancer operation. Since "
            "the fourth cycle her fingers go numb and tingle when she touches cold water and she "
            "finds buttons hard.",
            "peripheral neuropathy",
        ),
        (
            "66F, metastatic gastric adenocarcinoma (liver + peritoneum), on CAPOX, C2 last "
            "week. Poor appetite, wt down from 58 to 50 kg over 2 months, BMI 19. Eats small "
            "amounts, no vomiting, no dysphagia, no ascites on exam. ECOG 2.",
            "cachexia",
        ),
        (
            "My mother is 64 and has lung cancer that has spread to her liver. Since starting "
            "chemo two months ago she has lost 8 kg, from 62 to 54 kg, and she hardly eats "
            "anything - she says she is never hungry.",
            "cachexia",
        ),
    ],
)
def test_a_symptom_of_the_cancer_treatment_is_the_need_the_note_is_about(
    note: str, need: str
) -> None:
    """A cancer patient on treatment whose note is about a symptom the treatment brings
    (vomiting with a cycle, numb fingers since a cycle, appetite and weight lost on
    chemotherapy) needs the supportive-care trial for it, not the cancer's treatment trials:
    the symptom leads and the cancer stays a condition of the patient."""
    conditions = patient_conditions(PatientProfile(note=note))
    assert conditions.main[0] == need
    assert conditions.others


@pytest.mark.parametrize(
    "note",
    [
        # weight lost before the diagnosis, treatment only planned: the cancer's trials
        "58M, progressive dysphagia to solids x 3 months, 6 kg wt loss. OGD: "
        "ulceroproliferative growth 32-36 cm from incisors, scope negotiable. HPE: moderately "
        "differentiated SCC. Plan: neoadjuvant CRT then surgery.",
        # vomiting of a new brain metastasis after a treatment finished long ago
        "52F, HER2+ breast cancer dx 2022, treated (surgery, chemo, trastuzumab), on "
        "follow-up. 3 weeks headache, morning vomiting, unsteady gait. MRI brain: 2 enhancing "
        "lesions with oedema.",
    ],
)
def test_a_symptom_not_tied_to_a_current_treatment_leaves_the_cancer_the_need(note: str) -> None:
    """A symptom the cancer presents with, or one after a finished treatment, is how the
    cancer shows, not a supportive-care need."""
    main = patient_conditions(PatientProfile(note=note)).main[0]
    assert main not in {"vomiting", "peripheral neuropathy", "cachexia"}


@pytest.mark.parametrize(
    "note",
    [
        # fresh9: the sampler names the organ, the report only the histology.
        "62F, P3, PMB x 2 months. TVS: ET 14 mm. Pipelle: endometrioid adenocarcinoma, FIGO "
        "grade 1. MRI pelvis: myometrial invasion <50%. Plan: TLH-BSO (laparoscopic).",
        "Postmenopausal bleeding. Pipelle biopsy showed adenocarcinoma, grade 2.",
    ],
)
def test_a_cancer_sampled_by_pipelle_is_of_the_endometrium(note: str) -> None:
    """A Pipelle samples only the endometrium: a histology it finds ("endometrioid
    adenocarcinoma") is an endometrial cancer even where the note writes no organ."""
    assert patient_conditions(PatientProfile(note=note)).main[0] == "endometrium cancer"


@pytest.mark.parametrize(
    "note",
    [
        # fresh9: "on RA" after an oxygen saturation is room air, not rheumatoid arthritis.
        "66M, ex-smoker 40 pack-years, haemoptysis x 3 wks. CECT thorax: 4.5 cm spiculated RUL "
        "mass abutting the pleura. INR 1.0, plt 240k, SpO2 97% on RA, creat 0.9.",
        "Afebrile, sats 95% RA, chest clear. Known type 2 diabetes.",
    ],
)
def test_ra_after_an_oxygen_saturation_is_room_air_not_a_disease(note: str) -> None:
    """Clinicians write the air a saturation is measured on as "RA" (room air): it names no
    disease of the patient, so rheumatoid arthritis is never read from it."""
    conditions = patient_conditions(PatientProfile(note=note))
    assert "D001172" not in conditions.main_ids | conditions.other_ids


def test_ra_written_as_a_disease_is_still_rheumatoid_arthritis() -> None:
    """Without a saturation before it, RA stays the disease clinicians abbreviate."""
    note = "58F, seropositive RA on methotrexate 15 mg weekly, flare of both wrists."
    assert "D001172" in patient_conditions(PatientProfile(note=note)).main_ids


ENDOMETRIOID_NOTE = (
    # fresh9: the organ (the Pipelle's endometrium) and the histology both named.
    "62F, P3, PMB x 2 months. TVS: ET 14 mm. Pipelle: endometrioid adenocarcinoma, FIGO "
    "grade 1. MRI pelvis: myometrial invasion <50%. Plan: TLH-BSO (laparoscopic)."
)


def _fit(store: Store, nct_id: str, conditions: PatientConditions) -> float:
    (trial,) = store.get_trials([nct_id])
    meshes = [mesh.term for mesh in trial.condition_meshes]
    return condition_fit(trial.conditions, conditions, meshes)


def test_a_cancer_of_another_organ_gets_no_credit_for_the_shared_histology(store: Store) -> None:
    """The organ outranks the histology: an endometrial adenocarcinoma is not a gastric one,
    so NCT05319392 ("Gastric Adenocarcinoma", MeSH "Adenocarcinoma") does not fit the
    endometrioid note at all, while the endometrial trial NCT04073706 does."""
    conditions = patient_conditions(PatientProfile(note=ENDOMETRIOID_NOTE))
    assert _fit(store, "NCT05319392", conditions) == 0
    assert _fit(store, "NCT04073706", conditions) > 0


def test_a_trial_listing_the_notes_organ_among_others_keeps_the_histology(store: Store) -> None:
    """A basket trial that lists the note's organ ("Endometrial Cancer" among twenty) agrees
    on the organ, so its histology terms still count."""
    conditions = patient_conditions(PatientProfile(note=ENDOMETRIOID_NOTE))
    assert _fit(store, "NCT03983954", conditions) > 0


def test_a_histology_without_an_organ_still_fits_each_organs_trial(store: Store) -> None:
    """Where the note names no organ ("biopsy: adenocarcinoma"), the histology is all it
    says, so the gastric adenocarcinoma trial keeps its credit."""
    conditions = patient_conditions(PatientProfile(note="Biopsy: adenocarcinoma."))
    assert _fit(store, "NCT05319392", conditions) > 0


def test_a_tongue_cancer_keeps_the_head_and_neck_squamous_trials(store: Store) -> None:
    """A tongue cancer is a head and neck cancer: NCT06087614 ("Head and Neck Squamous Cell
    Carcinoma") agrees on the organ, so its squamous histology still counts."""
    conditions = patient_conditions(PatientProfile(note="SCC of the lateral tongue, T2N0."))
    assert conditions.main_ids
    assert _fit(store, "NCT06087614", conditions) > 0


def test_a_listed_condition_in_british_spelling_is_the_main_condition() -> None:
    """The fresh OSA profile lists "obstructive sleep apnoea" first: read as MeSH's sleep
    apnea, it stays the main condition instead of the hypertension listed after it."""
    profile = PatientProfile(
        conditions=["obstructive sleep apnoea, moderate (AHI 24)", "hypertension"]
    )
    assert patient_conditions(profile).main[0] == "obstructive sleep apnoea"


# The readable notes' profiles whose two conditions MeSH files below one disease with a defining
# feature neither names (fresh6, tune2, tune, fresh7, fresh9): the patient has the two, not it;
# the note's own condition stays a main one.
_PARTS_WITHOUT_THEIR_SUM = [
    (
        "I have sleep apnoea (I use a CPAP), diabetes on tablets and an underactive thyroid. "
        "After years of diets my surgeon has booked me for a mini gastric bypass in January.",
        ["morbid obesity for mini gastric bypass"],
        "Obesity Hypoventilation Syndrome",
        "morbid obesity",
    ),
    (
        "I've had eczema since I was a baby, but the last 5 years it's been really bad - arms, "
        "neck, back, behind my knees, it keeps me up at night.",
        ["atopic dermatitis, moderate to severe, topical treatment failure", "allergic rhinitis"],
        "Eczema, Dyshidrotic",
        "atopic dermatitis",
    ),
    (
        "I'm 50 and had a sore on the side of my tongue for two months. The biopsy came back as "
        "squamous cell cancer, about 1.5 cm. The CT and MRI show no lumps in the neck. I haven't "
        "had any surgery or treatment yet. The surgeon says he can remove it through the mouth.",
        ["oral tongue squamous cell carcinoma T1N0, untreated"],
        "Esophageal Squamous Cell Carcinoma",
        "oral tongue squamous cell carcinoma",
    ),
    (
        "63 y/o F with abdominal distension: newly diagnosed high-grade serous carcinoma of "
        "ovarian origin, FIGO IIIC (omental cake, ascites), biopsy-confirmed.",
        ["epithelial ovarian cancer, high-grade serous, FIGO IIIC, newly diagnosed"],
        "Carcinoma, Endometrioid",
        "epithelial ovarian cancer",
    ),
    (
        "I had bleeding and a painful lump at my back passage. They took a biopsy and it is a "
        "squamous cancer of the anal canal with one lymph node in the groin.",
        [],
        "Anal Gland Neoplasms",
        "anal cancer",
    ),
]


@pytest.mark.parametrize(("note", "conditions", "sum_", "main"), _PARTS_WITHOUT_THEIR_SUM)
def test_a_disease_with_a_feature_neither_condition_names_is_not_their_combination(
    note: str, conditions: list[str], sum_: str, main: str
) -> None:
    read = patient_conditions(PatientProfile(note=note, conditions=conditions))
    assert sum_ not in read.main
    assert main in read.main


def test_a_complication_named_by_both_conditions_words_is_still_their_combination() -> None:
    # "Cardio-Renal Syndrome" is named by its parts' words (cardiac, renal) as the diabetic foot is.
    note = "74M, congestive heart failure, EF 30%, on furosemide. CKD stage 4, eGFR 22."
    assert patient_conditions(PatientProfile(note=note)).main == ["Cardio-Renal Syndrome"]


# The readable notes (fresh7, fresh9) that name a neuroendocrine tumour by the pathologist's
# short form: "NET" written in capitals, which MeSH reads only as Extracellular Traps.
_NET_NOTES = [
    "44F, OGD for dyspepsia showed a 9 mm submucosal nodule in D1; biopsy: well-differentiated "
    "NET G1. EUS: confined to submucosa, no nodes; DOTANOC: no distant disease. Referred for "
    "endoscopic resection.",
    "54F referred by gastro. OGD done for IDA work-up: 9 mm smooth subepithelial nodule in D2, "
    "away from the papilla. Bx: well-differentiated NET, G1, Ki-67 1%. EUS: confined to the "
    "submucosa, no regional LN. Ga-68 DOTANOC PET-CT: no other avid disease. No previous "
    "duodenal surgery or ulcer. INR 1.0. Keen on an endoscopic option rather than surgery.",
]


@pytest.mark.parametrize("note", _NET_NOTES)
def test_a_net_written_in_capitals_is_a_neuroendocrine_tumour(note: str) -> None:
    read = patient_conditions(PatientProfile(note=note))
    assert "D018358" in read.main_ids  # Neuroendocrine Tumors


def test_net_in_lower_case_is_not_a_tumour() -> None:
    read = patient_conditions(PatientProfile(note="Net fluid balance +1.2 L over 24 h."))
    assert "D018358" not in read.main_ids


# fresh11: staging written as an organ and its finding ("lungs clear", "MRI brain clear") says
# the organ is free of disease; it is never the site of a cancer named by its histology.
@pytest.mark.parametrize(
    ("note", "organ"),
    [
        (
            "18M. Left radical inguinal orchidectomy 2 weeks ago: mixed NSGCT (embryonal"
            " carcinoma 60%, yolk sac 40%), LVI+. CT TAP: 3.1 cm left para-aortic node, lungs"
            " clear.",
            "lung cancer",
        ),
        (
            "66M, ex-smoker 20 pack-years. RUL adenocarcinoma, EGFR L858R. PET-CT: cT3 N2 M0,"
            " stage IIIB, no distant disease; MRI brain clear. Lung MDT: unresectable, for"
            " concurrent chemoradiation.",
            "brain cancer",
        ),
    ],
)
def test_an_organ_the_note_finds_clear_is_not_the_site_of_the_cancer(note: str, organ: str) -> None:
    assert organ not in patient_conditions(PatientProfile(note=note)).main


# Round twenty-three's oligometastatic NSCLC and fresh25's stage III NSCLC: a cancer named only
# as "Adenocarcinoma RUL", beside "MRI brain: no mets".
_ROUND23_RUL_NOTE = (
    "Radiation oncology 27/11/2026. 62M. Adenocarcinoma RUL, EGFR/ALK/ROS1 negative on NGS,"
    " PD-L1 20%. Oligometastatic at dx 06/2026: 2 liver mets (18 and 22 mm) + L adrenal met"
    " (31 mm) - 3 sites. ECOG 1. No pleural effusion, no peritoneal disease. MRI brain: no"
    " mets. No previous thoracic RT."
)
_FRESH25_RUL_NOTE = (
    "Thoracic MDT outcome. 59 yo F, never smoker. Adenocarcinoma RUL, cT3N2M0, stage IIIB;"
    " EBUS: stations 4R and 7 positive. EGFR exon 19 deletion; ALK negative; PD-L1 20%. PET-CT:"
    " no distant mets. MRI brain: no mets. Bulky multistation N2, not resectable."
)


# An organ's image reporting no disease after it ("MRI brain: no mets", as the screening
# rules' imaging readings write it) is that organ found clear: round twenty-three's
# oligometastatic NSCLC and fresh25's stage III NSCLC name the cancer only as "Adenocarcinoma RUL".
@pytest.mark.parametrize(
    "note",
    [
        _ROUND23_RUL_NOTE,
        _FRESH25_RUL_NOTE,
    ],
)
def test_an_organ_whose_image_shows_no_metastases_is_not_the_site_of_the_cancer(
    note: str,
) -> None:
    assert "brain cancer" not in patient_conditions(PatientProfile(note=note)).main


# A lobe of the lung written as thoracic teams write it ("Adenocarcinoma RUL", "RUL
# adenocarcinoma") is the lung: the cancer named by its histology is a lung cancer (round
# twenty-three's oligometastatic NSCLC, fresh11's and fresh25's stage III NSCLC).
@pytest.mark.parametrize(
    "note",
    [
        _ROUND23_RUL_NOTE,
        "66M, ex-smoker 20 pack-years. RUL adenocarcinoma, EGFR L858R. PET-CT: cT3 N2 M0,"
        " stage IIIB, no distant disease; MRI brain clear. Lung MDT: unresectable, for"
        " concurrent chemoradiation.",
        _FRESH25_RUL_NOTE,
    ],
)
def test_a_lung_lobe_written_as_its_abbreviation_is_the_site_of_the_cancer(note: str) -> None:
    assert patient_conditions(PatientProfile(note=note)).main[0] == "lung cancer"


def test_clear_cell_after_an_organ_still_names_the_cancers_site() -> None:
    note = "58M, incidental 6 cm left kidney mass on CT. Nephrectomy: clear cell carcinoma, ISUP 3."
    assert patient_conditions(PatientProfile(note=note)).main[0] == "kidney cancer"


@pytest.mark.parametrize(
    "note",
    [
        # fresh6 sigmoid-peritoneal-hipec and fresh11 mcrc-second-line-ras-wt (readable).
        "57M, sigmoid adenocarcinoma with synchronous peritoneal metastases (PCI 9 at "
        "laparoscopy) and a single segment VI liver metastasis. 6 cycles FOLFOX with partial "
        "response.",
        "61F. Sigmoid adenocarcinoma with synchronous liver mets, KRAS/NRAS/BRAF wild-type, MSS "
        "(NGS on the primary). First-line FOLFOX for 8 months, no biologic.",
    ],
)
def test_a_cancer_of_an_organ_part_is_also_the_cancer_of_its_organ(note: str) -> None:
    # Colon, Sigmoid is a part of the Colon; Sigmoid Neoplasms lie below Colonic Neoplasms,
    # and the trials list the organ's cancer ("Colorectal Cancer").
    conditions = patient_conditions(PatientProfile(note=note))
    assert conditions.main[0] == "sigmoid cancer"
    assert {"D012811", "D003110"} <= conditions.main_ids


def test_a_cancer_of_a_whole_organ_takes_no_organ_above_it() -> None:
    note = "58M, incidental 6 cm left kidney mass on CT. Nephrectomy: clear cell carcinoma, ISUP 3."
    assert _site_ids(patient_conditions(PatientProfile(note=note)).main_ids) == {"D007680"}


def test_a_disease_named_beside_a_process_leads_over_the_process() -> None:
    # fresh11 ipf-taiwan (readable): the scarring (Cicatrix, a C23 process) is what the IPF does.
    note = (
        "My mother is 70 and lives in Taipei. For two years she has had a dry cough and gets "
        "breathless on the stairs. The chest doctor did a special CT and said her lungs are "
        "scarring, it is IPF, and she started nintedanib capsules last month."
    )
    assert patient_conditions(PatientProfile(note=note)).main[0] == "ipf"


def test_a_cholangiocarcinoma_is_a_biliary_tract_cancer_not_the_organ_beside_it() -> None:
    # fresh12 perihilar-cca-her2-one-cycle and intrahepatic-cca-her2-untreated (readable):
    # MeSH files the cancer under no organ; the Disease Ontology places it in the bile duct,
    # and the trials list "Biliary Tract Cancer" (D001661), not the liver's (D008113). In
    # fresh12 distal-cca-whipple the bile duct the note names is within it (D001650), and stays.
    sites = {
        "67F. Perihilar cholangiocarcinoma (Bismuth IIIa), unresectable on MDT review (left "
        "portal vein encasement), bilateral plastic stents, bilirubin now normal. Biopsy "
        "adenocarcinoma, HER2 IHC 3+.": "D001661",
        "59M. Mass-forming intrahepatic cholangiocarcinoma segment 8, 7 cm, with satellite "
        "nodules and portocaval nodes: not resectable. Core biopsy adenocarcinoma CK7+, HER2 "
        "IHC 2+ (ISH pending).": "D001661",
        "61M, 7 weeks after a pylorus-preserving Whipple's for painless jaundice. Histology: "
        "distal common bile duct adenocarcinoma (extrahepatic cholangiocarcinoma), moderately "
        "differentiated, 2.2 cm, 2/18 nodes, R0.": "D001650",
    }
    for note, site in sites.items():
        main_ids = patient_conditions(PatientProfile(note=note)).main_ids
        assert site in main_ids and "D008113" not in main_ids


def test_a_lump_the_note_later_calls_a_cancer_is_the_cancer_of_the_lumps_organ() -> None:
    # fresh12 bcs-radiotherapy-daughter (readable): the lump removed from the breast is the
    # "invasive cancer" of the next sentence, so the breast is its site.
    sentences = [
        "Writing for my mum, who is 66.",
        "In October she had a lump removed from her right breast along with the sentinel glands "
        "under her arm.",
        "The results said it was an invasive cancer 1.8 cm, the edges were clear and the two "
        "glands were clear.",
    ]
    conditions = patient_conditions(PatientProfile(note=" ".join(sentences)))
    assert conditions.main[0] == "breast cancer"
    assert "D001943" in conditions.main_ids  # Breast Neoplasms


# A cancer the note shows only by its site's own score (data/score_cancers.json): a Gleason
# score grades only a prostate cancer, so it is what the patient comes for, before a background
# disease, and before a feature of the cancer the note reads as a finding, which stays its detail.
SCORED_NOTES = {
    "Oncology clinic: 66M. Gleason 4+3=7 in 5 of 12 cores. PSA 14. Staging scan clear. "
    "Hypertension on ramipril. Trials?": ["prostatic neoplasms"],
    "68M. MRI shows extracapsular extension on the left. Biopsy Gleason 4+4 in 6/12 cores. "
    "Bone scan negative. Started goserelin.": ["prostatic neoplasms", "extracapsular extension"],
}


@pytest.mark.parametrize("note", list(SCORED_NOTES))
def test_a_cancer_shown_only_by_its_sites_score_is_the_main_condition(note: str) -> None:
    assert patient_conditions(PatientProfile(note=note)).main == SCORED_NOTES[note]


def test_a_named_cancer_is_not_restated_by_its_score() -> None:
    note = "70M with prostate adenocarcinoma, Gleason 3+4=7, PSA 9. Trials?"
    conditions = patient_conditions(PatientProfile(note=note))
    assert "prostatic neoplasms" not in conditions.main
    assert "prostatic neoplasms" not in conditions.others


def test_score_cancer_table_names_a_cancer_for_each_analyte() -> None:
    vocabulary = load_vocabulary()
    table = json.loads((resources.files("trialfinder") / "data" / "score_cancers.json").read_text())
    for entry in table["cancers"]:
        assert entry["source"]
        assert any(r.concept.tree_numbers for r in vocabulary.lookup(entry["cancer"]))


# A disease the note shows only by a test whose positive result a guideline calls diagnostic
# of it, or by medicines whose combination only it explains (data/shown_diseases.json): it is
# what the patient comes for when the only diseases the note writes are kept on their
# medicines, it refines a broader disease the note writes, and it is not read beside a disease
# the note writes and does not keep on medicines.
SHOWN_NOTES = {
    "Chest clinic. 44F, night sweats x 2 months. Sputum smear for AFB positive (3+). "
    "Hypertension on amlodipine. Trials?": ["tuberculosis"],
    "49M. GeneXpert MTB/RIF: MTB detected, rifampicin resistance not detected. "
    "Type 2 diabetes on metformin.": ["tuberculosis"],
    "Sleep clinic, 60M. Overnight polysomnography: AHI 34/h. Hypertension on ramipril. "
    "Any studies?": ["obstructive sleep apnea"],
    "74F on co-beneldopa 125 mg QDS and pramipexole 0.7 mg TDS for 6 years; falls and "
    "freezing. Hypertension on amlodipine.": ["parkinson disease"],
    "68M under the movement disorders clinic, on Sinemet 25/100 TDS and rotigotine patch 4 mg.": [
        "parkinson disease"
    ],
}


@pytest.mark.parametrize("note", list(SHOWN_NOTES))
def test_a_disease_shown_only_by_its_test_or_medicines_is_the_main_condition(note: str) -> None:
    assert patient_conditions(PatientProfile(note=note)).main[:1] == SHOWN_NOTES[note]


# The same tests, told negative or below the guideline's threshold, show nothing; a disease the
# note writes (not kept on medicines) still leads; one medicine of a combination shows nothing.
NOT_SHOWN_NOTES = {
    "Sputum AFB smear negative x 3, Xpert MTB not detected. Community-acquired pneumonia, "
    "improving.": "tuberculosis",
    "Snoring. Home sleep study: AHI 3/h. Asthma, uncontrolled despite inhalers.": (
        "obstructive sleep apnea"
    ),
    "On ropinirole 2 mg at night for restless legs; iron studies normal.": "parkinson disease",
    "Sputum smear for AFB: none seen x 2. Cough for 3 weeks, CXR clear.": "tuberculosis",
}


@pytest.mark.parametrize("note", list(NOT_SHOWN_NOTES))
def test_a_negative_or_lone_test_or_medicine_shows_no_disease(note: str) -> None:
    conditions = patient_conditions(PatientProfile(note=note))
    assert NOT_SHOWN_NOTES[note] not in [*conditions.main, *conditions.others]


def test_a_disease_shown_only_by_its_test_gives_way_to_a_written_disease() -> None:
    note = "COPD exacerbation, admitted. Incidental polygraphy: AHI 18/h. Trials for COPD?"
    conditions = patient_conditions(PatientProfile(note=note))
    assert conditions.main[0] == "copd"
    assert "obstructive sleep apnea" not in conditions.others


def test_shown_disease_table_names_a_disease_and_a_source_for_each_entry() -> None:
    vocabulary = load_vocabulary()
    path = resources.files("trialfinder") / "data" / "shown_diseases.json"
    table = json.loads(path.read_text())
    entries = [*table["results"], *table["tests"], *table["combinations"]]
    assert entries
    for entry in entries:
        assert entry["source"]
        assert any(r.concept.names_a_disease() for r in vocabulary.lookup(entry["disease"]))
