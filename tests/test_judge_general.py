"""Issue 12, generalisation: rules that read unseen criteria and notes the same way.

Diseases the criteria lexicon does not name are read through MeSH, on both sides;
each test below is one general rule, on real criteria of ``../shared/data`` studies
and of the TrialGPT annotations.
"""

from __future__ import annotations

from test_judge_entailment import facts, v2_trial
from trialfinder.criteria import Criterion, parse_trial_criteria
from trialfinder.criteria.context import context_at
from trialfinder.criteria.parse import parse_criterion
from trialfinder.evaluate import LabeledPair, evaluate_criteria
from trialfinder.match import Judgement, judge
from trialfinder.patient import PatientFacts, disease_mentions


def criterion_of(nct_id: str, opening: str) -> Criterion:
    """The criterion of a real study whose text begins (after its label) with ``opening``."""

    def walk(criteria: list[Criterion]) -> Criterion | None:
        for criterion in criteria:
            if criterion.text.lstrip("0123456789.) ").startswith(opening):
                return criterion
            found = walk(criterion.children)
            if found is not None:
                return found
        return None

    found = walk(parse_trial_criteria(v2_trial(nct_id)).criteria)
    assert found is not None, opening
    return found


def written(text: str, section: str) -> Criterion:
    constraints, complete = parse_criterion(text, section)  # type: ignore[arg-type]
    return Criterion("C", section, text, constraints=constraints, complete=complete)  # type: ignore[arg-type]


def whole(criterion: Criterion, note: str) -> str:
    """The status when the note is the whole record (as ``evaluate`` judges)."""
    return judge(criterion, facts(note=note), record_is_complete=True).status


def both(criterion: Criterion, patient: PatientFacts) -> tuple[str, str]:
    """The status as the product judges (partial record) and as evaluate does (whole note)."""
    partial: Judgement = judge(criterion, patient)
    whole: Judgement = judge(criterion, patient, record_is_complete=True)
    return partial.status, whole.status


def test_a_disease_the_lexicon_does_not_name_excludes_the_patient_who_has_it() -> None:
    criterion = criterion_of("NCT06742723", "Documented history of adrenal insufficiency")
    assert not criterion.constraints  # the lexicon reads nothing here
    patient = facts(note="A 40-year-old woman with primary adrenal insufficiency.")
    verdict = judge(criterion, patient)
    assert verdict.status == "met"
    assert "primary adrenal insufficiency" in verdict.reason
    # Silence leaves it as before: unknown for the product, not met for a whole note.
    assert both(criterion, facts(note="A 40-year-old woman with asthma.")) == (
        "unknown",
        "not_met",
    )
    # Denied, or a relative's: not the patient's.
    denied = facts(note="A 40-year-old woman. No adrenal insufficiency.")
    assert judge(criterion, denied).status != "met"
    assert "does not have adrenal insufficiency" in judge(criterion, denied).reason
    husband = facts(note="A woman. Her husband was diagnosed with adrenal insufficiency.")
    assert judge(criterion, husband).status == "unknown"


def test_one_place_in_a_mesh_tree_does_not_make_a_disease_a_kind_of_another() -> None:
    # MeSH also files myasthenia gravis under paraneoplastic syndromes (Neoplasms).
    other_cancer = criterion_of("NCT02139605", "Previous or concomitant other cancer")
    myasthenia = facts(note="The patient is a 35-year-old woman with myasthenia gravis, class IIa.")
    assert judge(other_cancer, myasthenia).status != "met"
    # Burkitt lymphoma: three of its five places are under Lymphoma, two under infections.
    burkitt = facts(note="A 30-year-old man with Burkitt lymphoma.")
    assert judge(written("Lymphoma", "exclusion"), burkitt).status == "met"
    assert judge(written("Active infection", "exclusion"), burkitt).status != "met"


def test_a_cancer_filed_by_organ_as_well_meets_a_criterion_naming_its_histology() -> None:
    # NCT03983954 "Renal cell carcinoma": MeSH files it once of nine places under Carcinoma.
    renal = criterion_of("NCT03983954", "Renal cell carcinoma")
    verdict = judge(renal, facts(note="A 60-year-old man with metastatic renal cell carcinoma."))
    assert verdict.status == "met"
    assert "the criterion needs" not in verdict.reason
    assert judge(renal, facts(note="A 60-year-old man with hepatocellular carcinoma.")).status != (
        "met"
    )
    # NCT06467357 "histologically confirmed ampullary carcinoma" (exclusion): a hepatocellular
    # carcinoma is a carcinoma of another site, not one the note leaves open.
    ampullary = criterion_of("NCT06467357", "histologically confirmed ampullary carcinoma")
    hcc = facts(note="A 60-year-old man with hepatocellular carcinoma.")
    assert judge(ampullary, hcc).status == "not_met"
    assert judge(ampullary, facts(note="A 60-year-old woman with myasthenia gravis.")).status != (
        "met"
    )


def test_a_pathology_word_is_no_disease_to_compare() -> None:
    # "Cirrhosis" is MeSH's Fibrosis, a pathology heading above pulmonary fibrosis.
    cirrhosis = criterion_of("NCT04111133", "Cirrhosis, as diagnosed by histology")
    lungs = facts(note="A 60-year-old man. The lungs revealed pulmonary fibrosis.")
    assert judge(cirrhosis, lungs).status == "unknown"


def test_a_disease_named_across_a_comma_is_two_phrases() -> None:
    criterion = criterion_of("NCT05170204", "Any other disease, metabolic dysfunction")
    patient = facts(note="His past medical history is significant for hypercholesterolemia.")
    # The diseases read apart are settled by the whole note's silence; the "clinical
    # laboratory finding" the criterion also asks is not (silence rule laboratory_result).
    assert both(criterion, patient)[1] == "unknown"
    settled = judge(criterion, patient, record_is_complete=True, silence_rules=frozenset())
    assert settled.status == "not_met"
    assert not [m for m in disease_mentions(criterion.text) if "," in m.words]


def test_an_unread_word_before_a_disease_narrows_it() -> None:
    # A criterion of the studies: MeSH reads "adenocarcinoma"; "junction" narrows it.
    junction = written(
        "Patients with resectable gastric / gastroesophageal (GE) junction adenocarcinoma.",
        "exclusion",
    )
    pancreas = facts(note="A 60-year-old man with pancreatic adenocarcinoma.")
    assert both(junction, pancreas) == ("unknown", "not_met")
    assert judge(written("Adenocarcinoma", "exclusion"), pancreas).status == "met"


def test_a_time_window_leaves_a_disease_read_through_mesh_to_dated_facts() -> None:
    # Diagnosed in 2015 is when it began: whether it goes on into the window, MeSH does not
    # say, and a whole record's silence no longer takes it as ended.
    criterion = written("Adrenal insufficiency within the past 6 months", "exclusion")
    patient = facts(note="A 40-year-old woman with adrenal insufficiency diagnosed in 2015.")
    assert both(criterion, patient) == ("unknown", "unknown")
    assert judge(written("Adrenal insufficiency", "exclusion"), patient).status == "met"


def test_a_whole_mesh_category_names_no_disease() -> None:
    # TrialGPT annotations: "trauma" is MeSH's Wounds and Injuries, a whole category.
    text = "Estimated Abbreviated Injury Scale (AIS) score of six (6), for all trauma patients"
    note = "A 21-year-old woman. She has sustained multiple injuries."
    assert whole(written(text, "exclusion"), note) == "not_met"


def test_a_disease_read_through_mesh_meets_an_inclusion_only_when_nothing_else_is_unread() -> None:
    # TrialGPT annotations: the bleeding is the indication of a treatment the note never states.
    treatment = written(
        "Use or non use of non-steroidal treatments for vaginal bleeding such as "
        "antifibrinolytic agents has been maintained and the patient has agreed to maintain it",
        "inclusion",
    )
    assert whole(treatment, "A 36-year-old woman with vaginal bleeding.") == "unknown"
    named = written("Kawasaki disease", "inclusion")
    assert whole(named, "A 2-year-old boy with Kawasaki disease.") == "met"


def test_a_relative_or_spouse_diagnosed_with_a_disease_is_not_the_patient() -> None:
    for sentence in (
        "His father was diagnosed with colon cancer.",  # the cue ends in its terminator "with"
        "Her husband was diagnosed with colon cancer a year ago.",
        "Her mother was recently diagnosed with colon cancer.",
        "His wife has colon cancer.",
    ):
        start = sentence.index("colon")
        assert "family" in context_at(sentence, start, start + len("colon cancer")), sentence
        assert not facts(note=f"A 50-year-old. {sentence}").vocabulary_facts, sentence
    assert facts(note="A 50-year-old man presents with colon cancer.").vocabulary_facts


def test_the_trials_own_mesh_disease_in_its_title_is_not_an_exclusion() -> None:
    note = "A 4-year-old boy with Kawasaki disease and fever for 6 days."
    rows: list[LabeledPair | object] = [
        LabeledPair(1, "p", note, "exclusion", "Kawasaki disease", "Etanercept in Kawasaki Disease")
    ]
    predictions, _ = evaluate_criteria(rows)  # type: ignore[arg-type]
    assert predictions[0].eligibility == "not excluded"
    elsewhere = [LabeledPair(1, "p", note, "exclusion", "Kawasaki disease", "Asthma in children")]
    predictions, _ = evaluate_criteria(elsewhere)  # type: ignore[arg-type]
    assert predictions[0].eligibility == "excluded"


def test_likely_and_worrisome_for_raise_a_diagnosis_only_as_possible() -> None:
    for note in (
        "A 60-year-old man with a pancreatic mass, likely diverticular abscess.",
        "A 60-year-old man with a pancreatic mass worrisome for diverticular abscess.",
    ):
        patient = facts(note=note)
        assert not patient.vocabulary_facts, note
        assert judge(written("Abscess", "exclusion"), patient).status != "met", note


def test_a_negated_contraction_denies_what_follows() -> None:
    patient = facts(note="He is an alert man who doesn't have any signs of dementia.")
    assert judge(written("Dementia", "exclusion"), patient).status == "not_met"
    assert facts(note="She didn't have asthma.").concept_facts("asthma") != ([], [])
    assert not facts(note="She didn't have asthma.").concept_facts("asthma")[0]


def test_smoking_and_illicit_drugs_are_read_as_notes_write_them() -> None:
    # The TREC topics' own words (bench/coverage.py lists them among unmapped mentions).
    denied = facts(note="He doesn't smoke or use illicit drugs.")
    assert not denied.concept_facts("smoking")[0] and denied.concept_facts("smoking")[1]
    assert denied.concept_facts("substance_abuse")[1]
    smoker = facts(note="She has smoked 1 to 2 packs per day for the past 47 years.")
    assert judge(written("Current smokers", "exclusion"), smoker).status == "met"


def test_what_a_condition_required_is_not_an_exclusion_of_its_own() -> None:
    """ "Disorders requiring treatment with steroids": steroids alone do not exclude; the
    disorder does (and the product's partial record leaves it unknown without it)."""
    criterion = criterion_of(
        "NCT06627647", "Active or prior documented autoimmune or inflammatory disorders"
    )
    on_steroids = "A 70-year-old man with COPD on inhaled steroids."
    assert whole(criterion, on_steroids) == "not_met"
    assert judge(criterion, facts(note=on_steroids)).status != "met"
    with_lupus = facts(note="A 35-year-old woman with an autoimmune disorder, lupus.")
    assert judge(criterion, with_lupus).status in ("met", "unknown")
    infection = written("Active infections requiring antibiotics", "exclusion")
    assert whole(infection, "A 50-year-old man on antibiotics after a dental procedure.") == (
        "not_met"
    )
    assert whole(infection, "A 50-year-old man with an active infection, pneumonia.") != ("not_met")


def test_a_disease_after_anti_names_what_a_treatment_acts_against() -> None:
    """ "Any concurrent anti-cancer treatment" is about a treatment, not about having cancer;
    and "anti-hypertensive therapy" does not hide the hypertension the criterion names."""
    criterion = criterion_of("NCT06103864", "Any concurrent anti-cancer treatment.")
    assert whole(criterion, "A 60-year-old woman with breast cancer, newly diagnosed.") != "met"
    hypertension = criterion_of("NCT05813288", "Uncontrolled severe hypertension: systolic")
    verdict = judge(
        hypertension, facts(note="A 60-year-old man with hypertension."), record_is_complete=True
    )
    assert verdict.status == "unknown"
    assert "hypertension" in verdict.reason


def test_a_condition_word_in_the_name_of_a_body_or_document_is_not_the_patients() -> None:
    """ "Stage IV mNSCLC (based on the American Joint Committee on Cancer Edition 8)": any
    cancer does not meet it; nor does kidney disease meet an eGFR threshold "using the
    Modification of Diet in Renal Disease Study (MDRD) equation"."""
    staged = criterion_of("NCT06627647", "Stage IV mNSCLC (based on the American Joint")
    thyroid = "A 75-year-old man with metastatic papillary thyroid cancer."
    assert whole(staged, thyroid) != "met"
    assert judge(staged, facts(note=thyroid)).status != "met"
    egfr = next(
        criterion
        for criterion in parse_trial_criteria(v2_trial("NCT06035874")).criteria
        if "Modification of Diet in Renal Disease Study" in criterion.text
    )
    verdict = judge(egfr, facts(note="A 70-year-old man with chronic kidney disease."))
    assert verdict.status != "met"
    assert "eGFR" in verdict.reason


def test_a_pressure_pair_is_judged_on_both_readings() -> None:
    # LCT NCT03925142 and NCT03860584 (development half): "140/90" is a systolic and a
    # diastolic threshold. Raised pressure is either reading above its threshold; a pressure
    # below "140/90" is both readings below theirs.
    above = written("Systolic/diastolic blood pressure > 140/90", "exclusion")
    assert judge(above, facts(note="Blood pressure 130/95 mmHg.")).status == "met"
    assert judge(above, facts(note="Blood pressure 130/85 mmHg.")).status == "not_met"
    below = written("Systolic/diastolic blood pressure < 140/90", "inclusion")
    assert judge(below, facts(note="Blood pressure 130/95 mmHg.")).status == "not_met"
    assert judge(below, facts(note="Blood pressure 130/85 mmHg.")).status == "met"
    hypertensive = written("BP >140/90 mmHg", "inclusion")
    assert judge(hypertensive, facts(note="Blood pressure 150/85 mmHg.")).status == "met"
    assert judge(hypertensive, facts(note="Blood pressure 130/95 mmHg.")).status == "met"
    assert judge(hypertensive, facts(note="Blood pressure 130/85 mmHg.")).status == "not_met"
    assert judge(hypertensive, facts(note="A 50-year-old man.")).status == "unknown"


def test_a_change_in_a_quantity_leaves_the_criterion_to_the_study_team() -> None:
    # Chia NCT01322464 (development half): "a postural drop of 20 mmHg or more in systolic
    # blood pressure" was read as a systolic pressure of at least 20 mmHg, which excluded
    # every patient with a blood pressure.
    criterion = written(
        "Subjects were not to have a postural drop of 20 mmHg or more in systolic blood "
        "pressure at screening.",
        "exclusion",
    )
    verdict = judge(criterion, facts(note="Blood pressure 130/85 mmHg."))
    assert verdict.status == "unknown"
    assert "how much systolic blood pressure changes" in verdict.reason


def test_a_threshold_for_the_other_sex_does_not_judge_the_patient() -> None:
    # Chia NCT02632760 (development half): "Patients with anaemia (males Hb <130 g/L, females
    # <120 g/L)": a man with Hb 125 g/L has anaemia by the men's threshold; the women's does
    # not apply to him (both were required before, which turned him away).
    anaemia = written(
        "Patients with anaemia (males Hb <130 g/L, females <120 g/L) undergoing elective "
        "cardiac surgery",
        "inclusion",
    )
    man = facts(sex="male", note="A 60-year-old man. Hemoglobin 125 g/L.")
    assert judge(anaemia, man).status != "not_met"
    woman = facts(sex="female", note="A 60-year-old woman. Hemoglobin 125 g/L.")
    assert judge(anaemia, woman).status == "not_met"
    unknown_sex = facts(note="Hemoglobin 125 g/L.")
    assert judge(anaemia, unknown_sex).status == "unknown"


def test_an_eponym_written_alone_in_a_note_answers_a_criterion_naming_its_disease() -> None:
    # NCT05694130 (round twenty-nine) inclusion; the rheumatologist writes "primary Sjogrens
    # since 2015". NCT05605535 exclusion names "Crohn's Disease"; a note writes "Crohns".
    sjogren = written(
        "Diagnosis of Sjogren's syndrome according to the 2002 revised American-European "
        "Consensus Group (AECG) criteria.",
        "inclusion",
    )
    read = judge(sjogren, facts(note="58F, primary Sjogrens since 2015 (anti-Ro +)."))
    assert "no information about Sjogren" not in read.reason
    assert "patient has Sjogrens" in read.reason
    crohn = written(
        "Active autoimmune disease such as rheumatoid arthritis, SLE, ulcerative colitis, "
        "Crohn's Disease, MS, or ankylosing spondylitis, requiring active disease modifying "
        "treatment.",
        "exclusion",
    )
    assert (
        "no information about Crohn"
        not in judge(crohn, facts(note="Crohns on infliximab since 2019.")).reason
    )
