"""A stage criterion that names no disease is a stage of the disease the trial studies.

Lymphoma trials write "Must have Ann Arbor Stage II-IV disease." and "Stage I-IV." as
criteria of their own: the stage is the one of the trial's lymphoma, and a haematology note
writes it plainly ("Ann Arbor stage IV", "stage IIA"). Both sides are read by one reader
(``criteria.disease_stage``); these tests hold the readings on the real criteria of the
reference trials and round nine's hand-written patients.
"""

from __future__ import annotations

import msgspec

from test_hand_written_patients import _any_trial, _criterion, _round_patient
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.disease_stage import lone_stage
from trialfinder.criteria.model import ConceptMention, ParsedCriteria
from trialfinder.criteria.parse import stage_of_the_trial_disease
from trialfinder.criteria.tnm import lone_tnm
from trialfinder.match import CriterionResult, match_trial


def _answer(patient: str, trial: str, start: str) -> CriterionResult:
    result = match_trial(parse_trial_criteria(_any_trial(trial)), _round_patient("nine", patient))
    return _criterion(result, start)


def test_a_stage_alone_is_read_on_the_trial_s_disease() -> None:
    """NCT06356129 "Must have Ann Arbor Stage II-IV disease." is a stage of the trial's
    lymphoma, read whole: nothing is left for the study team."""
    parsed = parse_trial_criteria(_any_trial("NCT06356129"))
    found = [c for c in parsed.iter_criteria() if c.text.startswith("Must have Ann Arbor")]
    assert len(found) == 1
    (mention,) = found[0].constraints
    assert isinstance(mention, ConceptMention)
    assert mention.concept == "lymphoma"
    assert mention.stage is not None and mention.stage.ranges == (("2", "4"),)
    assert found[0].complete


def test_an_ann_arbor_stage_inside_the_range_meets_a_stage_criterion() -> None:
    """A note's "Ann Arbor stage IV" and "Stage III" meet "Ann Arbor Stage II-IV"; "stage IIA"
    meets "Stage I-IV"."""
    for patient, trial, start in (
        ("high-risk DLBCL, 71", "NCT06356129", "Must have Ann Arbor Stage II-IV"),
        ("transformed follicular lymphoma", "NCT06356129", "Must have Ann Arbor Stage II-IV"),
        ("DLBCL after R-CHOP for radiotherapy", "NCT02964858", "Stage I-IV"),
    ):
        answer = _answer(patient, trial, start)
        assert answer.status == "met", (patient, answer.reason)


def test_a_stage_outside_the_range_does_not_meet_a_stage_criterion() -> None:
    """A stage IA lymphoma is outside "Ann Arbor Stage II-IV"; a lymphoma the note gives no
    stage for leaves the criterion unknown."""
    parsed = parse_trial_criteria(_any_trial("NCT06356129"))
    start = "Must have Ann Arbor Stage II-IV"
    early = facts(note="Diffuse large B-cell lymphoma, Ann Arbor stage IA, untreated.")
    assert _criterion(match_trial(parsed, early), start).status == "not_met"
    unstaged = facts(note="Diffuse large B-cell lymphoma on core biopsy, untreated.")
    assert _criterion(match_trial(parsed, unstaged), start).status == "unknown"


def test_words_beside_a_stage_that_ask_more_leave_it_unread() -> None:
    """Only filler words may stand beside the stage ("must have", "Ann Arbor", "disease"):
    "Stage IV with bone metastases" asks more than a stage."""
    parsed = parse_trial_criteria(_any_trial("NCT02964858"))
    criterion = parsed.criteria[0]
    text = "Stage IV with bone metastases."
    other = msgspec.structs.replace(criterion, id="I99", text=text, constraints=[], complete=False)
    assert stage_of_the_trial_disease(other, parsed.condition_concepts) is None
    alone = msgspec.structs.replace(other, text="Stage I-IV.")
    assert stage_of_the_trial_disease(alone, parsed.condition_concepts) is not None
    assert stage_of_the_trial_disease(alone, ["lymphoma", "breast_cancer"]) is None


def _rectal_tnm_criterion() -> tuple[ParsedCriteria, str]:
    parsed = parse_trial_criteria(_any_trial("NCT06631443"))
    return parsed, "Clinical stage T1-T4, N0-N2, M0 at diagnosis"


def test_a_tnm_alone_is_read_on_the_trial_s_cancer() -> None:
    """NCT06631443 (rectal adenocarcinoma) "Clinical stage T1-T4, N0-N2, M0 at diagnosis" is
    the TNM of the trial's cancer, read whole, as a stage alone is."""
    parsed, start = _rectal_tnm_criterion()
    found = [c for c in parsed.iter_criteria() if c.text.startswith(start)]
    assert len(found) == 1
    (mention,) = found[0].constraints
    assert isinstance(mention, ConceptMention)
    assert mention.concept == "rectal_cancer"
    assert mention.tnm is not None
    (group,) = mention.tnm.groups
    assert (group.t, group.n, group.m) == ((("1", "4"),), (("0", "2"),), (("0", "0"),))
    assert found[0].complete


def test_a_note_s_tnm_inside_the_ranges_meets_a_tnm_alone() -> None:
    """A colorectal letter's "staged cT3 N1 M0 on MRI pelvis" meets "T1-T4, N0-N2, M0"; N3 is
    outside it; a note that gives no TNM leaves it unknown."""
    parsed, start = _rectal_tnm_criterion()
    written = "Rectal cancer, biopsy confirmed, 5 cm from the anal verge, staged {} on MRI pelvis."
    for tnm, status in (("cT3 N1 M0", "met"), ("cT3 N3 M0", "not_met")):
        answer = _criterion(match_trial(parsed, facts(note=written.format(tnm))), start)
        assert answer.status == status, (tnm, answer.reason)
    unstaged = facts(note="Rectal cancer, biopsy confirmed, 5 cm from the anal verge.")
    assert _criterion(match_trial(parsed, unstaged), start).status == "unknown"


def test_words_beside_a_tnm_that_ask_more_leave_it_unread() -> None:
    """Only the stage's filler words may stand beside a TNM: "M0 after surgery" asks more."""
    assert lone_tnm("Clinical stage T1-T4, N0-N2, M0 at diagnosis") is not None
    assert lone_tnm("T1-T4, N0-N2, M0 after surgery of the primary") is None
    assert lone_tnm("Stage II-III") is None


def test_a_staging_manual_beside_a_stage_asks_nothing_more() -> None:
    """NCT05142982 "Stage IIB-IIIC (AJCC 8th edition)": the manual the stage is written in
    is no further requirement."""
    stage = lone_stage("Stage IIB-IIIC (AJCC 8th edition)")
    assert stage is not None and stage.ranges == (("2b", "3c"),)


def test_a_tnm_written_away_from_the_cancer_in_its_sentence_is_the_cancer_s() -> None:
    """Round twelve's colorectal letter writes the TNM at the end of the cancer's sentence
    ("... 5 cm from the anal verge, staged cT3 N1 M0 on MRI"); with two cancers in the
    sentence whose TNM it is is unsaid."""
    one = facts(note="Rectal cancer, biopsy confirmed, 5 cm from the anal verge, staged cT3 N1 M0.")
    (tnm,) = [f.tnm for f in one.concept_facts("colorectal_cancer")[0]]
    assert tnm is not None and tnm.text == "cT3 N1 M0"
    two = facts(note="Rectal cancer and breast cancer, both biopsy confirmed, staged cT3 N1 M0.")
    assert all(f.tnm is None for f in two.concept_facts("cancer")[0])


def test_a_stage_written_after_with_is_the_cancer_s_stage() -> None:
    """NCT06119581 "Histologically or cytologically confirmed NSCLC with Stage IIIB-IIIC or
    Stage IV disease, …": the stage is the NSCLC's, written after "with" (it was read
    without its stage, so any lung cancer answered it)."""
    parsed = parse_trial_criteria(_any_trial("NCT06119581"))
    (found,) = [
        c for c in parsed.iter_criteria() if c.text.startswith("Histologically or cytologically")
    ]
    mention = found.constraints[0]
    assert isinstance(mention, ConceptMention) and mention.concept == "lung_cancer"
    assert mention.stage is not None
    assert mention.stage.ranges == (("3b", "3c"), ("4", "4"))


def test_an_exclusion_s_tnm_of_the_trial_s_cancer_is_judged_against_the_note_s() -> None:
    """NCT04892173 (locally advanced head and neck cancer) excludes "Clinical stage T1-2 N0,
    T2 N1, or M1 disease according to the 8th edition of AJCC": a TNM written on the trial's
    own cancer asks which of its patients the exclusion shuts out, so the cancer is not set
    aside as the trial's condition. Round sixteen's tonsil cancer "cT3 N2 M0" lies outside
    every group (not met); a note's cT2 N1 M0 lies inside one (met)."""
    trial = "NCT04892173"
    start = "Clinical stage T1-2 N0, T2 N1, or M1"
    parsed = parse_trial_criteria(_any_trial(trial))
    tonsil = _round_patient("sixteen", "tonsil cancer in a 78-year-old, head and neck MDT")
    answer = _criterion(match_trial(parsed, tonsil), start)
    assert answer.status == "not_met", answer.reason
    inside = facts(note="Squamous cell carcinoma of the tonsil, staged cT2 N1 M0 on CT neck.")
    answer = _criterion(match_trial(parsed, inside), start)
    assert answer.status == "met", answer.reason


def test_a_footnote_s_asterisks_do_not_split_a_tnm() -> None:
    """NCT06737822 "Clinical Stage cT1-4a, cN2-N3**, M0- as per UICC 2018": the footnote's
    asterisks stand between the N and M categories of one TNM, and "as per UICC 2018" names
    the manual; read whole on the trial's oral cancer, round twenty's "cT3 N2b M0" meets it."""
    tnm = lone_tnm("Clinical Stage cT1-4a, cN2-N3**, M0- as per UICC 2018")
    assert tnm is not None
    (group,) = tnm.groups
    assert (group.t, group.n, group.m) == ((("1", "4a"),), (("2", "3"),), (("0", "0"),))
    parsed = parse_trial_criteria(_any_trial("NCT06737822"))
    patient = _round_patient(
        "twenty", "tongue cancer with neck nodes, head and neck tumour board note"
    )
    answer = _criterion(match_trial(parsed, patient), "Clinical Stage cT1-4a, cN2-N3")
    assert answer.status == "met", answer.reason
