"""Issue 12 item 1: answers in the wrong direction (met for not met, or the reverse), by class.

Each test quotes a real criterion (the hand-written rounds' trials, ../shared's API v2
studies) and a note written as a coordinator would read it.
"""

from __future__ import annotations

from test_judge_entailment import facts, judged

PREGNANT_AT_26 = "Mrs Y, 26, G2P1, 24+3 weeks, uncomplicated pregnancy."


def test_an_age_after_the_people_an_exclusion_names_says_which_of_them_it_excludes() -> None:
    """NCT05701904 'Pregnant women under the age of 18': a pregnant woman of 26 is not one."""
    criterion = "Pregnant women under the age of 18"
    adult = judged(criterion, "exclusion", facts(age=26, sex="female", note=PREGNANT_AT_26))
    assert adult.status == "not_met", adult.reason
    minor = judged(
        criterion,
        "exclusion",
        facts(age=16, sex="female", note="16-year-old, 24+3 weeks, uncomplicated pregnancy."),
    )
    assert minor.status == "met", minor.reason


def test_a_reversed_stoma_does_not_meet_an_exclusion_asking_its_presence() -> None:
    """NCT03058679 'Presence of an ostomy': 'an ileostomy in 2015 that was reversed in 2016'
    leaves none now; one the note has now still meets it."""
    criterion = "Presence of an ostomy"
    reversed_ = facts(
        age=52, sex="male", note="I had an ileostomy in 2015 that was reversed in 2016."
    )
    assert judged(criterion, "exclusion", reversed_).status == "not_met"
    kept = facts(age=52, sex="male", note="I have had an ileostomy since 2015.")
    assert judged(criterion, "exclusion", kept).status == "met"


def test_the_cancer_a_patient_has_now_is_no_previous_malignancy_the_note_denies() -> None:
    """NCT05774483 'Previous malignancy in the head and neck region': a tongue cancer of now,
    with 'No previous surgery or malignancy in head and neck', is the one the patient has,
    not a previous one; a laryngeal cancer of 2015 is one."""
    criterion = "Previous malignancy in the head and neck region"
    now = (
        "Ulceroproliferative lesion L lateral border of tongue, biopsy: moderately "
        "differentiated invasive SCC. Treatment naive. No previous surgery or malignancy in "
        "head and neck."
    )
    first = judged(criterion, "exclusion", facts(age=52, sex="male", note=now))
    assert first.status == "not_met", first.reason
    earlier = (
        "Ulceroproliferative lesion L lateral border of tongue, biopsy: moderately "
        "differentiated invasive SCC. Laryngeal cancer in 2015, treated with radiotherapy."
    )
    second = judged(criterion, "exclusion", facts(age=52, sex="male", note=earlier))
    assert second.status == "met", second.reason


OVARIAN_IN_RESPONSE = (
    "High-grade serous carcinoma of the ovary, FIGO stage IIIC. Adjuvant carboplatin AUC5 + "
    "paclitaxel x6 cycles, last cycle 10/09/2026. CT chest/abdomen/pelvis 18/11/2026: no "
    "residual or recurrent disease. Examination unremarkable."
)


def test_no_evidence_of_cancer_after_treatment_is_not_failed_by_the_cancer_in_remission() -> None:
    """NCT00055614's complete clinical response, 'No evidence of cancer by history or physical
    examination' and 'No evidence of residual cancer on CT scan of the abdomen/pelvis and
    chest x-ray': an ovarian cancer with 'no residual or recurrent disease' after carboplatin
    is the cancer gone, not a cancer that fails it."""
    patient = facts(age=57, sex="female", note=OVARIAN_IN_RESPONSE)
    for criterion in (
        "No evidence of cancer by history or physical examination",
        "No evidence of residual cancer on CT scan of the abdomen/pelvis and chest x-ray",
    ):
        answer = judged(criterion, "inclusion", patient)
        assert answer.status != "not_met", answer.reason
        assert "no evidence of the cancer" in answer.reason
    progressing = facts(
        age=57,
        sex="female",
        note="High-grade serous carcinoma of the ovary, progressed on carboplatin.",
    )
    answer = judged(
        "No evidence of cancer by history or physical examination", "inclusion", progressing
    )
    assert answer.status == "not_met", answer.reason


def test_a_clear_scan_in_her_own_words_says_the_cancer_is_gone() -> None:
    """NCT00055614 'No evidence of residual cancer on CT scan …' against 'My CA125 went back to
    normal and the scan in November was clear.'"""
    note = (
        "This January they found ovarian cancer, stage 3. Then I had carboplatin and "
        "paclitaxel. My CA125 went back to normal and the scan in November was clear."
    )
    answer = judged(
        "No evidence of residual cancer on CT scan of the abdomen/pelvis and chest x-ray",
        "inclusion",
        facts(age=44, sex="female", note=note),
    )
    assert answer.status != "not_met", answer.reason


def test_a_value_an_arrow_leads_to_is_the_value_now() -> None:
    """NCT00055614 'CA 125 no greater than 35 units/mL' against 'CA-125 1,850 U/mL at
    diagnosis -> 12 U/mL on 20/11/2026': 12 is the value now, and '->' is no bound."""
    note = "CA-125 1,850 U/mL at diagnosis -> 12 U/mL on 20/11/2026."
    answer = judged(
        "CA 125 no greater than 35 units/mL", "inclusion", facts(age=57, sex="female", note=note)
    )
    assert answer.status == "met", answer.reason


def test_a_cancer_named_by_its_site_is_not_met_by_a_cancer_of_a_sibling_site() -> None:
    """NCT06467357 'histologically confirmed ampullary carcinoma;' (MeSH Common Bile Duct
    Neoplasms, C04.588.274.120.250.250, the ampulla of Vater in its scope) against a
    gallbladder carcinoma (Gallbladder Neoplasms, C04.588.274.120.401): another site."""
    criterion = "histologically confirmed ampullary carcinoma;"
    gallbladder = facts(
        age=57,
        sex="female",
        note="Carcinoma gallbladder with liver and peritoneal mets; bx: adenocarcinoma.",
    )
    answer = judged(criterion, "exclusion", gallbladder)
    assert answer.status == "not_met", answer.reason
    assert "gallbladder" in answer.reason


def test_a_cancer_of_no_stated_site_leaves_a_site_named_cancer_open() -> None:
    """NCT06467357 'histologically confirmed ampullary carcinoma;' against a carcinoma whose
    site the note does not give: a less specific fact, unknown."""
    answer = judged(
        "histologically confirmed ampullary carcinoma;",
        "exclusion",
        facts(age=57, sex="female", note="Metastatic adenocarcinoma, primary unknown."),
    )
    assert answer.status != "met", answer.reason


def test_kinds_named_before_a_head_are_not_met_by_another_kind_of_it() -> None:
    """NCT05703256 'diagnosis of psychotic or organic mental disorder, bipolar I or II
    disorder.' (Psychotic Disorders F03.700.675, Neurocognitive Disorders F03.615) against a
    major depression with no mania or psychosis: the patient's mental disorder is another."""
    note = (
        "47 year old man with a first episode of major depression over the last 4 months. "
        "No history of mania or psychosis."
    )
    answer = judged(
        "diagnosis of psychotic or organic mental disorder, bipolar I or II disorder.",
        "exclusion",
        facts(age=47, sex="male", note=note),
    )
    assert answer.status == "not_met", answer.reason
    assert "mental disorder" in answer.reason


def test_a_mental_disorder_of_no_stated_kind_leaves_the_named_kinds_open() -> None:
    """NCT05703256's 'psychotic or organic mental disorder' against 'a mental illness': a
    less specific fact is no other kind."""
    answer = judged(
        "diagnosis of psychotic or organic mental disorder, bipolar I or II disorder.",
        "exclusion",
        facts(age=47, sex="male", note="47 year old man with a mental disorder."),
    )
    assert answer.status != "not_met", answer.reason
