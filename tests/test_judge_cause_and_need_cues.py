"""One list of cause cues and one of need cues, in the screening rules, for the whole judge.

The cues that drop a condition's cause or need as a constraint of its own ("Obstructive
jaundice due to … tumour", "disorders requiring treatment with steroids") are the cues with
which the unread-qualifier reader asks the note for that cause or need: so "CNS tumors
treated with radiation" asks for the radiation, "TB that would require treatment longer …"
for the longer treatment, and "anxiety related to previous negative experiences with MRI"
for that cause ("related to" after a condition names what brought it on in every such
registry criterion; "associated with" also names what a condition brings, so it is no cause
cue). A note names a cause or a need through the vocabulary too: pernicious anaemia is a
vitamin B12 deficiency (MeSH), radiotherapy is radiation. The criteria are real registry
text (``../shared``: API v2 studies and the legacy XML sample).
"""

from __future__ import annotations

from test_judge_entailment import facts, judged
from trialfinder.patient import load_screening_rules

# NCT06036394, inclusion.
CNS_TUMOURS = (
    "Patients with CNS tumors treated with radiation in TMC between January 2010 and December 2022."
)
# NCT05381194 (legacy XML sample), exclusion.
EXTRAPULMONARY_TB = (
    "Extrapulmonary TB that would require treatment longer than would be usual for pulmonary TB"
)
# NCT06035874 and NCT06060392, exclusion.
ANXIETY = (
    "Claustrophobia, or anxiety related to previous negative experiences with magnetic "
    "resonance imaging procedures or if the subject is unwilling to participate in magnetic "
    "resonance imaging procedures."
)
# NCT06312176, exclusion.
CURABLE_BREAST_CANCER = "Has breast cancer amenable to treatment with curative intent"
# NCT06035874 and others, exclusion.
SECONDARY_DIABETES = (
    "History of diabetic ketoacidosis, type 1 diabetes, pancreas or beta-cell "
    "transplantation, or diabetes secondary to pancreatitis or pancreatectomy"
)
# An exclusion of the API v2 studies.
THROMBOCYTOPENIA = (
    "Severe thrombocytopenia due to vitamin B12 deficiency, folate deficiency, or viral "
    "infection in the opinion of the investigator"
)


def test_the_judge_reads_its_cause_and_need_cues_from_the_rules() -> None:
    rules = load_screening_rules()
    for cue in ("due to", "secondary to", "resulting from", "attributable to", "related to"):
        assert cue in rules.criterion_cause_cues
    assert "associated with" not in rules.criterion_cause_cues
    for cue in ("requiring", "require", "treated with", "treatment with", "therapy with"):
        assert cue in rules.criterion_need_cues


def test_a_tumour_without_the_treatment_it_was_treated_with_is_asked_for_the_treatment() -> None:
    for note in ("Patient has CNS tumors.", "Ependymoma (CNS tumor) resected 2015."):
        judgement = judged(CNS_TUMOURS, "inclusion", facts(note=note))
        assert judgement.status == "unknown", judgement.reason
        assert "treated with radiation" in judgement.reason, judgement.reason


def test_tb_alone_does_not_meet_tb_that_would_require_longer_treatment() -> None:
    for note in ("Pulmonary TB treated 2019.", "TB meningitis 2023."):
        judgement = judged(EXTRAPULMONARY_TB, "exclusion", facts(note=note))
        assert judgement.status == "unknown", (note, judgement.reason)
        assert "require treatment longer" in judgement.reason


def test_anxiety_alone_does_not_meet_anxiety_related_to_a_cause() -> None:
    judgement = judged(
        ANXIETY, "exclusion", facts(note="Generalised anxiety disorder on sertraline.")
    )
    assert judgement.status == "unknown", judgement.reason
    assert "related to previous negative experiences" in judgement.reason
    stated = judged(ANXIETY, "exclusion", facts(note="Anxiety related to previous MRI scans."))
    assert stated.status == "met", stated.reason


def test_a_cancer_alone_does_not_meet_one_amenable_to_curative_treatment() -> None:
    judgement = judged(CURABLE_BREAST_CANCER, "exclusion", facts(note="Metastatic breast cancer."))
    assert judgement.status == "unknown", judgement.reason
    assert "curative intent" in judgement.reason


def test_a_note_names_the_cause_by_a_narrower_kind_of_it() -> None:
    # MeSH files Anemia, Pernicious under Vitamin B 12 Deficiency: the cause is stated, and
    # the note answers as one spelling the cause out does; another cause is not it.
    spelled = judged(
        THROMBOCYTOPENIA, "exclusion", facts(note="Thrombocytopenia due to vitamin B12 deficiency.")
    )
    named = judged(
        THROMBOCYTOPENIA, "exclusion", facts(note="Thrombocytopenia due to pernicious anaemia.")
    )
    assert (named.status, named.reason) == (spelled.status, spelled.reason)
    assert "vitamin B12" not in named.reason
    other = judged(THROMBOCYTOPENIA, "exclusion", facts(note="Thrombocytopenia due to ITP."))
    assert other.status == "unknown"
    assert "due to vitamin B12 deficiency" in other.reason


def test_the_cause_alone_does_not_meet_a_condition_only_mesh_reads() -> None:
    # Thrombocytopenia is read through MeSH alone: the viral infection is still its cause, so
    # a note of a viral infection leaves the thrombocytopenia unknown, and the reason says so.
    for note in ("Viral infection last week.", "Vitamin B12 deficiency."):
        judgement = judged(THROMBOCYTOPENIA, "exclusion", facts(note=note))
        assert judgement.status == "unknown", (note, judgement.reason)
        assert "thrombocytopenia" in judgement.reason, judgement.reason


def test_what_puts_a_patient_at_risk_is_asked_for_itself() -> None:
    # NCT05381194, exclusion: Torsade de Pointes is the risk, not the condition.
    criterion = (
        "Patients who are at risk of Torsade de Pointes due to underlying heart diseases such "
        "as heart failure or arrhythmia"
    )
    judgement = judged(criterion, "exclusion", facts(note="Chronic heart failure, NYHA II."))
    assert judgement.status == "met", judgement.reason


def test_a_condition_written_again_with_its_cause_is_asked_with_it() -> None:
    # The diabetes asked is the one secondary to pancreatitis, not the "diabetes" inside
    # "type 1 diabetes" before it.
    answers = {
        note: judged(SECONDARY_DIABETES, "exclusion", facts(note=note))
        for note in ("Type 2 diabetes on metformin.", "Diabetes secondary to pancreatitis.")
    }
    plain = answers["Type 2 diabetes on metformin."]
    assert (plain.status, "secondary to pancreatitis" in plain.reason) == ("unknown", True)
    assert answers["Diabetes secondary to pancreatitis."].status == "met"


def test_diabetes_alone_does_not_meet_a_diabetic_complication() -> None:
    # NCT06035874 and NCT06060392, exclusion: "diabetic" says what caused the gastroparesis
    # (``setting_qualifiers``); it is no criterion of its own.
    criterion = (
        "History of diabetic gastroparesis (or symptoms suggestive of this disorder, including "
        "postprandial bloating or vomiting), malabsorption, inflammatory bowel disease, or any "
        "other chronic, clinically important gastrointestinal disorder"
    )
    judgement = judged(criterion, "exclusion", facts(note="Type 2 diabetes on metformin."))
    assert judgement.status == "unknown", judgement.reason
    assert "diabetic" not in judgement.reason
    stated = judged(
        criterion, "exclusion", facts(note="Gastroparesis secondary to type 1 diabetes.")
    )
    assert stated.status == "met", stated.reason


def test_a_diabetic_kidney_disease_is_named_by_its_cause_through_the_vocabulary() -> None:
    # "Diabetic nephropathy": kidney failure or CKD from diabetes (type 2 diabetes being a
    # diabetes) is it; diabetes alone or CKD from hypertension is not said to be.
    for note in ("Kidney failure from diabetes.", "CKD stage 3 due to T2DM."):
        judgement = judged("Diabetic nephropathy", "inclusion", facts(note=note))
        assert judgement.status == "met", (note, judgement.reason)
    for note in ("Type 2 diabetes.", "CKD stage 3 due to hypertension."):
        judgement = judged("Diabetic nephropathy", "inclusion", facts(note=note))
        assert judgement.status == "unknown", (note, judgement.reason)


def test_an_abbreviation_states_the_qualifier_its_heading_carries() -> None:
    # NCT03549754, inclusion: "CKD" is MeSH's Renal Insufficiency, Chronic, so it states the
    # chronic kidney disease asked for; plain kidney disease does not.
    criterion = "Having type 2 diabetes, Hypertension, Heart Failure and/or chronic kidney disease"
    judgement = judged(criterion, "inclusion", facts(note="CKD stage 3."))
    assert judgement.status == "met", judgement.reason
    assert judged(criterion, "inclusion", facts(note="Kidney disease.")).status == "unknown"


def test_a_qualifier_word_the_note_denies_does_not_state_it() -> None:
    # NCT04207047 "History of seizure disorders due to light (Group D)"; "Coronary artery
    # disease requiring a revascularization procedure" (NCT00739791, legacy XML sample).
    light = "History of seizure disorders due to light (Group D)."
    revascularised = "Coronary artery disease requiring a revascularization procedure"
    for criterion, denied, stated in (
        (light, "Seizures, not due to light; epilepsy since childhood.", "Seizures due to light."),
        (
            revascularised,
            "Coronary artery disease, no revascularization.",
            "Coronary artery disease requiring revascularization 2019.",
        ),
    ):
        assert judged(criterion, "exclusion", facts(note=denied)).status == "unknown"
        assert judged(criterion, "exclusion", facts(note=stated)).status == "met"
