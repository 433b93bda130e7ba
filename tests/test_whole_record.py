"""When a note counts as the patient's whole record, and what its silence settles.

The form of the note decides (a history section and a medication list), or the caller
says so (``PatientProfile.whole_record``; a FHIR record listing conditions and
medications); docs/criteria.md, "When a note counts as a whole record". The cases are the
coordinators' answers of the hand-written rounds and real TREC notes.
"""

from __future__ import annotations

import json
from collections import Counter

import msgspec
import pytest

from conftest import shared_path
from test_hand_written_patients import _ROUNDS, _STATUSES, _any_trial, _criterion, _round_patient
from trialfinder.criteria import ParsedCriteria, parse_trial_criteria
from trialfinder.match import TrialResult, match_trial
from trialfinder.patient import WHOLE_RECORD_GIVEN, PatientFacts, PatientProfile, extract_facts


def _trec_note(topic: str) -> str:
    path = shared_path("data/trec/trec_2021/queries.jsonl")
    for line in path.read_text("utf-8").splitlines():
        query = json.loads(line)
        if query["_id"] == topic:
            return str(query["text"])
    raise AssertionError(topic)


def _round(round_name: str, patient: str, trial: str, *, whole: bool) -> TrialResult:
    base = _round_patient(round_name, patient)
    facts = msgspec.structs.replace(base, whole_record=WHOLE_RECORD_GIVEN if whole else "")
    return match_trial(parse_trial_criteria(_any_trial(trial)), facts)


def test_a_history_without_a_medication_list_is_read_as_a_partial_record() -> None:
    """A discharge summary's "Past Medical History:" alone (TREC 2021 topic 12) may leave
    out what the patient takes and had elsewhere: partial."""
    facts = extract_facts(PatientProfile(note=_trec_note("trec-202112")))
    assert facts.whole_record == ""


def test_a_history_and_a_medication_list_make_a_note_a_whole_record() -> None:
    """The same summary with its medication section ("Medications: none", cut from the
    TREC topic) has both halves a coordinator reads as the whole record."""
    note = _trec_note("trec-202112") + "\nMedications: none"
    facts = extract_facts(PatientProfile(note=note))
    assert "history section (“Past Medical History:”)" in facts.whole_record
    assert "medication list (“Medications:”)" in facts.whole_record


def test_a_one_paragraph_referral_is_read_as_a_partial_record() -> None:
    """Round five's referral names what prompted it, with no history or medication list."""
    assert _round_patient("five", "relapsed HR+ breast cancer").whole_record == ""


def test_a_caller_may_say_a_profile_is_not_whole() -> None:
    note = _trec_note("trec-202112") + "\nMedications: none"
    facts = extract_facts(PatientProfile(note=note, whole_record=False))
    assert facts.whole_record == ""


def test_a_fhir_record_with_conditions_and_medications_settles_a_transplant_by_silence() -> None:
    """Round five: the EHR lists the patient's conditions and medicines and no transplant;
    the coordinator answers "not met" ("none in the record")."""
    facts = _round_patient("five", "cervical cancer with lupus (FHIR)")
    assert facts.whole_record == WHOLE_RECORD_GIVEN
    result = match_trial(parse_trial_criteria(_any_trial("NCT06079671")), facts)
    assert result.whole_record == WHOLE_RECORD_GIVEN
    criterion = _criterion(result, "History of organ transplant")
    assert criterion.status == "not_met"
    assert criterion.reason == (
        "the history lists no organ transplant or stem cell transplant; the study team confirms"
    )


def test_a_whole_note_s_silence_settles_a_transplant_a_partial_note_does_not() -> None:
    """Round five: "no transplant in a full referral". Said to be whole, the referral's
    silence settles it; read as partial (its form), it stays the study team's."""
    partial = _round("five", "relapsed HR+ breast cancer", "NCT04862663", whole=False)
    whole = _round("five", "relapsed HR+ breast cancer", "NCT04862663", whole=True)
    asked = "Previous allogeneic bone marrow transplant"
    assert _criterion(partial, asked).status == "unknown"
    assert _criterion(whole, asked).status == "not_met"
    assert "the history lists no allogeneic bone marrow transplant or organ transplant" in (
        _criterion(whole, asked).reason
    )


def test_a_whole_note_s_silence_never_settles_an_inclusion_or_a_pregnancy() -> None:
    """Silence settles only exclusions a history would list: every inclusion reads the
    same, and "Female subject who is pregnant" reads as the note's own words read it ("Not
    pregnant", and no baby named: not met, trialfinder.judging.lactation), not by silence."""
    partial = _round("five", "recurrent depression", "NCT00739908", whole=False)
    whole = _round("five", "recurrent depression", "NCT00739908", whole=True)
    inclusions = {c.text: (c.status, c.reason) for c in partial.criteria if c.type == "inclusion"}
    assert inclusions == {
        c.text: (c.status, c.reason) for c in whole.criteria if c.type == "inclusion"
    }
    pregnancy = "Female subject who is pregnant"
    read = _criterion(whole, pregnancy)
    assert (read.status, read.reason) == (
        _criterion(partial, pregnancy).status,
        _criterion(partial, pregnancy).reason,
    )
    assert "the history lists no" not in read.reason


def test_a_whole_note_is_not_silent_about_words_it_uses() -> None:
    """Round eight: "Dizziness since a left PICA infarct" against "Dizziness secondary to
    … recent stroke": the lexicon does not read the infarct as a stroke, but the note
    speaks of the dizziness the criterion asks about, so it is not silent (the
    coordinator answers met)."""
    result = _round(
        "eight", "dizziness after stroke in Parkinson's disease", "NCT05482828", whole=True
    )
    assert _criterion(result, "Dizziness secondary to specific diseases").status == "unknown"


@pytest.fixture(scope="module")
def parsed_round_trials() -> dict[str, ParsedCriteria]:
    trials = {a["trial"] for data in _ROUNDS.values() for a in data["answers"]}
    return {nct_id: parse_trial_criteria(_any_trial(nct_id)) for nct_id in trials}


# Answers a whole-record reading still moves the wrong way, each a class left open (named in
# bench/RESULTS_match.md).
KNOWN_WRONG_WAY = {
    # Round thirty-two: a structured profile read as whole, its condition list silent on a
    # history the coordinator leaves unknown for a profile (as round thirty's); HIV never
    # tested; renal and liver function a community note does not give.
    *(
        (
            "thirtytwo",
            "66-year-old woman with type 2 diabetes and diabetic kidney disease, eGFR 51, UACR "
            "820 mg/g on ramipril and dapagliflozin, heart failure admission in 2025, BNP 340, "
            "structured profile",
            criterion,
        )
        for criterion in (
            "Have a history of pulmonary hypertension, pulmonary fibrosis",
            "History of moderate or severe edema, non-traumatic facial ed",
            "History of orthostatic hypotension within 6 months prior to ",
            "History of clinically significant cirrhosis;",
            "History of renal transplantation or other organ transplantat",
            "Malignancy within the past 5 years.;",
        )
    ),
    (
        "thirtytwo",
        "56-year-old woman, steatohepatitis with stage 4 fibrosis on biopsy in August, on "
        "ursodeoxycholic acid after gallstone pancreatitis, breast cancer in 2018, GP note",
        "HIV infection",
    ),
    (
        "thirtytwo",
        "52-year-old man with bipolar II disorder, admitted in October for severe depression "
        "with passive suicidal ideation, on lamotrigine, sertraline and tramadol, paroxysmal "
        "atrial fibrillation, community mental health team review",
        "severe renal or hepatic insufficiency",
    ),
    # Round thirty-one: a whole record silent on what only a test shows, where the note says
    # no test was done or none is named: brain metastases with "No brain imaging", HIV
    # antibodies never tested, a chronic liver disease of which the note gives only "LFTs
    # normal"; the coordinator leaves them to the study team.
    (
        "thirtyone",
        "66-year-old woman, recurrent FIGO grade 1 endometrioid endometrial cancer with lung and "
        "para-aortic nodal disease after carboplatin-paclitaxel and pembrolizumab-lenvatinib, "
        "pMMR, gynae-oncologist's note",
        "Have central nervous system metastases or leptomeningeal car",
    ),
    # The registrar's note says "No brain imaging" too: since "No other cancer" denies no
    # spread of her own cancer (round-thirtyone-rest), only the whole record's silence does.
    (
        "thirtyone",
        "58-year-old woman, stage IVB dMMR grade 2 endometrioid endometrial cancer progressing "
        "after carboplatin-paclitaxel-dostarlimab, pulmonary embolism in September on apixaban, "
        "CrCl 52, oncology registrar's note",
        "Have central nervous system metastases or leptomeningeal car",
    ),
    (
        "thirtyone",
        "47-year-old woman, progressing IDH-mutant grade 3 thalamic astrocytoma reaching the "
        "third ventricle, not for resection, past hepatitis B, MRI-conditional pacemaker, "
        "neurosurgeon's letter",
        "Serum antibodies to human immunodeficiency virus (HIV)",
    ),
    (
        "thirtyone",
        "48-year-old woman with IgA nephropathy on in-centre haemodialysis since August, "
        "sertraline for depression, carpal tunnel syndrome in the non-fistula hand, dialysis "
        "unit MDT note",
        "Diagnosis of chronic liver disease",
    ),
    # NCT05688332's exclusions, read one by one since list-heading-lines (its lead-in had
    # swallowed them): a whole record silent on an acute complication at screening or on
    # cardiovascular disease reads not met, where the coordinator leaves it to the study team.
    *(
        (
            "twentysix",
            "type 2 diabetes on metformin 500 mg bd and gliclazide, beta thalassaemia trait, a "
            "prednisolone course for asthma, structured profile",
            criterion,
        )
        for criterion in (
            "Patients with acute complications like diabetic ketoacidosis",
            "Patients with established cardiovascular disease",
        )
    ),
    # "a small spot in her brain which they zapped with radiotherapy": a lay name of a brain
    # metastasis the reader does not know, so the history reads as silent on the CNS
    # metastases the criterion (unread before patients-twentyone) now names.
    (
        "fifteen",
        "breast cancer back on letrozole, a daughter's message",
        "Current or past history of central nervous system metastases.",
    ),
    # "She had half her thyroid removed in 1995 for a goitre": an operation in lay words the
    # reader does not know (round twenty-one), so the history reads as silent on surgery.
    (
        "twentyone",
        "cheek cancer at 83 after a thyroid operation, her son's words",
        "Previous surgery in the head and neck region",
    ),
    # "Squamous cell carcinoma of the left lower lobe of the lung": a cancer named by its site
    # with words between, read as a cancer, not NSCLC (round twenty-one), so the history reads
    # as silent on NSCLC.
    (
        "twentyone",
        "stage IIIA squamous lung cancer for chemoradiotherapy, structured profile",
        "Have predominantly squamous cell histology",
    ),
    # The patient's own words are silent on coeliac disease, so the coordinator wrote unknown;
    # read as a whole record that silence settles it as not met (round twenty-five): a move
    # from unknown, not against a met or not met.
    (
        "twentyfive",
        "Crohn's flare in hospital with a stricture and abscess, prednisolone started five days "
        "ago, infliximab since October, diabetes, peanut allergy, in his own words",
        "Celiac disease",
    ),
    # Round twenty-six: a carer's and a patient's own words, silent on cirrhosis and on a
    # transplant, and "a small spot on my brain scan they are keeping an eye on" (not called a
    # metastasis), so the coordinator wrote unknown; read as a whole record that silence
    # settles each as not met: moves from unknown, not against a met or not met.
    (
        "twentysix",
        "mother on home peritoneal dialysis, three water infections this year, hip replaced six "
        "weeks ago, breast cancer in 2015, in her daughter's words",
        "liver cirrhosis",
    ),
    (
        "twentysix",
        "squamous lung cancer in the bones, stable after four rounds, TP53 mutated, spine "
        "radiotherapy two weeks ago, immunotherapy pneumonitis in the summer, in his own words",
        "Symptomatic or uncontrolled central nervous system",
    ),
    (
        "twentysix",
        "squamous lung cancer in the bones, stable after four rounds, TP53 mutated, spine "
        "radiotherapy two weeks ago, immunotherapy pneumonitis in the summer, in his own words",
        "History of major organ transplant",
    ),
    # Round twenty-seven: structured profiles silent on Parkinson's disease, the liver, the
    # heart, bowel obstruction and cystic fibrosis, so the coordinator wrote unknown; read as a
    # whole record that silence settles each as not met: moves from unknown.
    *(
        (
            "twentyseven",
            "aldosterone-renin ratio raised, confirmation pending, resistant hypertension on "
            "spironolactone and nifedipine, breastfeeding, structured profile",
            criterion,
        )
        for criterion in (
            "Diagnosis of Parkinson's disease",
            "Severe hepatic or renal insufficiency",
            "Cardiogenic shock, clinically significant aortic stenosis",
            "Previous gastro-intestinal or oesophageal obstruction",
        )
    ),
    (
        "twentyseven",
        "status asthmaticus ventilated since 29 November, Pseudomonas VAP on BAL, kidney "
        "transplant on tacrolimus, structured profile",
        "Cystic fibrosis",
    ),
    # "Any systemic disease (e.g., wound healing dysfunctions) that could alter the progression
    # of periodontal disease": the disease the systemic one would alter is read as the one
    # asked for, so a whole record reads the history as silent on it (wrong: the coordinator
    # counts her medicated diabetes; left for a later round, round twenty-seven).
    (
        "twentyseven",
        "periodontitis stage IV grade C, 18 teeth and an implant, smoker, metformin, deep "
        "cleaning in September, patient writing in her second language",
        "Any systemic disease",
    ),
    # Round twenty-eight: structured profiles silent on gastrointestinal disorders, cancer and
    # earlier surgery, so the coordinator wrote unknown; read as a whole record that silence
    # settles each as not met: moves from unknown.
    *(
        (
            "twentyeight",
            "52-year-old man with type 2 diabetes on metformin, smoker, BMI 31, structured profile",
            criterion,
        )
        for criterion in ("Gastrointestinal disorders", "History of cancer")
    ),
    (
        "twentyeight",
        "62-year-old man, acute cholecystitis on Child-Pugh C alcohol-related cirrhosis with "
        "ascites and varices, unfit for surgery, structured profile",
        "Anatomy of the GI tract altered by previous hepatobiliary",
    ),
    # "In 2024 she had a laparoscopy for a cyst on the right ovary": the reader knows no
    # laparoscopy, so a whole record reads the history as silent on pelvic surgery (wrong: the
    # coordinator counts it; left for a later round, round twenty-eight).
    (
        "twentyeight",
        "16-year-old girl, appendicitis with abscess and probable perforation on CT, fever 38.6, "
        "morphine, ovarian cyst laparoscopy in 2024, lives 45 minutes away, mother's message",
        "History of pelvic surgery",
    ),
    # Round twenty-nine: a GP's referral letter silent on neuromuscular disease, so the
    # coordinator wrote unknown; read as a whole record that silence settles it as not met.
    (
        "twentynine",
        "47-year-old woman, fever and loin pain with nitrite-positive urine (pyelonephritis), "
        "Meniere's disease, apixaban and ibuprofen, GP referral letter",
        "Patients with ANY history of neuromuscular disorders",
    ),
    # "Also JME on lamotrigine": the reader does not know JME (juvenile myoclonic epilepsy), so
    # a whole record reads the history as silent on neurological disease (wrong: the
    # coordinator counts the epilepsy; left, round twenty-nine).
    (
        "twentynine",
        "27-year-old woman with schizophrenia since 2023, olanzapine changed last month, "
        "epilepsy, daily cannabis, breastfeeding, GP note",
        "Neurological disease",
    ),
    # "No neuro symptoms, brain not imaged": a whole record silent on brain metastases reads
    # not met, where the coordinator leaves an unimaged brain to the study team (round thirty).
    (
        "thirty",
        "61-year-old woman, ER-positive HER2-negative breast cancer with liver and bone "
        "metastases progressing after 32 months of letrozole and palbociclib, ESR1 Y537S in "
        "ctDNA, breast oncologist's note",
        "Presence of brain metastasis.",
    ),
    # A structured profile read as whole: its condition list's silence settles a history the
    # coordinator leaves unknown for a profile (as rounds twenty-five to twenty-nine's FHIR
    # Bundles and profiles; round thirty).
    *(
        (
            "thirty",
            "29-year-old woman with polycystic ovary syndrome, BMI 31.6, two years trying to "
            "conceive, structured profile",
            criterion,
        )
        for criterion in (
            "Type 1 diabetes and special type diabetes",
            "History of tumor",
            "Serious cardiovascular and cerebrovascular disease, mental d",
        )
    ),
}


def test_reading_every_round_patient_as_whole_moves_no_answer_away_from_the_coordinator(
    parsed_round_trials: dict[str, ParsedCriteria],
) -> None:
    """Every round patient read as a whole record (the strictest test of what silence
    settles): each answer that moves moves to the coordinator's, and some do."""
    moved: Counter[str] = Counter()
    for round_name, data in _ROUNDS.items():
        cache: dict[tuple[str, str], tuple[TrialResult, TrialResult]] = {}
        for answer in data["answers"]:
            key = (answer["patient"], answer["trial"])
            if key not in cache:
                facts: PatientFacts = _round_patient(round_name, answer["patient"])
                whole = msgspec.structs.replace(facts, whole_record=WHOLE_RECORD_GIVEN)
                parsed = parsed_round_trials[answer["trial"]]
                cache[key] = (match_trial(parsed, facts), match_trial(parsed, whole))
            try:
                before = _criterion(cache[key][0], answer["criterion"])
                after = _criterion(cache[key][1], answer["criterion"])
            except AssertionError:
                continue
            known = (round_name, answer["patient"], answer["criterion"]) in KNOWN_WRONG_WAY
            if before.status != after.status and not known:
                wanted = _STATUSES.get(answer["answer"])
                assert after.status == wanted, (round_name, answer, after.reason)
                moved[after.status] += 1
    assert moved["not_met"] >= 13


def test_a_whole_record_is_not_silent_about_a_site_its_unread_sentences_name() -> None:
    """Round nine's "TURP 2021 for BPH … Two negative prostate biopsies": the reader knows
    neither TURP nor the biopsies, yet the note speaks of the prostate, so "Previous prostate
    surgery" is no silence a history settles (it had been not met: the history "lists no
    surgery")."""
    result = _round("nine", "PSA 11 after TURP", "NCT00056407", whole=True)
    assert _criterion(result, "Previous prostate surgery").status != "not_met"


def test_a_lung_lobectomy_is_a_past_operation_a_whole_record_is_not_silent_on() -> None:
    """Round sixteen's "She had a right upper lobectomy for a carcinoid tumour in 2008": the
    upper lobectomy is an operation on the lung (MeSH Pneumonectomy), so "Previous thoracic or
    abdominal (upper GI) surgery …" (NCT03222895) is no surgery the history leaves out (it had
    been not met: the history "lists no surgery")."""
    patient = "early squamous oesophageal cancer after lobectomy, endoscopy letter"
    result = _round("sixteen", patient, "NCT03222895", whole=True)
    criterion = _criterion(result, "Previous thoracic or abdominal (upper GI) surgery")
    assert criterion.status != "not_met", criterion.reason
    assert "names an operation" in criterion.reason


def test_a_whole_records_disease_under_a_class_the_criterion_names_unread_is_no_silence() -> None:
    """Round thirteen: a volunteer's FHIR record lists Crohn's disease; NCT05380245 excludes
    "any cardiovascular, gastrointestinal tract, and hematopoietic disorders", of which only
    "cardiovascular" is read. MeSH files Crohn disease under Gastrointestinal Diseases, so the
    record speaks of the unread "gastrointestinal": its silence on the heart settles nothing."""
    whole = _round("thirteen", "volunteer with Crohn's disease (FHIR)", "NCT05380245", whole=True)
    result = _criterion(whole, "Having any cardiovascular, gastrointestinal tract")
    assert result.status != "not_met"


@pytest.mark.parametrize(
    ("note", "concept"),
    [
        ("The fluid around her right lung has had to be drained three times.", "pleural_effusion"),
        ("I had fluid drained from around my lung five days ago.", "pleural_effusion"),
        ("He was told he has fluid round his left lung.", "pleural_effusion"),
        ("Every week he needs fluid drained from his tummy.", "ascites"),
        ("She has fluid in her belly.", "ascites"),
        ("They found fluid around his heart.", "pericardial_effusion"),
    ],
)
def test_an_effusion_in_lay_words_is_read_as_the_effusion(note: str, concept: str) -> None:
    """MedlinePlus names a pleural effusion "fluid around the lungs", ascites "fluid in the
    abdomen" and a pericardial effusion "fluid around the heart": a note in those words
    states the effusion (rounds nineteen and twenty-two)."""
    assert concept in extract_facts(PatientProfile(note=note)).condition_concepts


def test_fluid_on_the_lungs_is_not_read_as_a_pleural_effusion() -> None:
    """ "Fluid on the lungs" is as often the lay name of pulmonary oedema (heart failure) as of
    a pleural effusion: only fluid around or round a lung places it in the pleura."""
    note = "Heart failure, admitted last month with fluid on the lungs."
    assert "pleural_effusion" not in extract_facts(PatientProfile(note=note)).condition_concepts


@pytest.mark.parametrize(
    ("round_name", "patient", "trial", "asked", "expected"),
    [
        (
            "nineteen",
            "HER2-mutant lung cancer with a recent pleural drain and psoriasis, in her own words",
            "NCT05482568",
            "Pleural, ascites, or pericardial effusion requiring intervention",
            "met",
        ),
        (
            "twentytwo",
            "HER2-positive junctional cancer with ascites drained weekly, his daughter's words",
            "NCT06764875",
            "A pleural effusion, ascites or pericardial effusion that requires drainage",
            "met",
        ),
        (
            "twentytwo",
            "HER2 2+ endometrial cancer with a pleural effusion drained three times, her "
            "husband's words",
            "NCT04482309",
            "Pleural effusion, ascites or pericardial effusion that requires drainage",
            "met",
        ),
    ],
)
def test_a_lay_effusion_drained_is_the_effusion_a_criterion_asks_about(
    round_name: str, patient: str, trial: str, asked: str, expected: str
) -> None:
    """Round twenty-two's "fluid drained from his tummy", "the fluid around her right lung has
    had to be drained": the coordinators answer met, and so does the reader, whole record or not.
    Round nineteen's "Five days ago they drained fluid from around my lung" against an
    effusion "requiring intervention" within 7 days is met too: the opening time dates the
    drain, and a drained effusion required intervention (it had been not met on a whole
    record: the history "lists no pleural effusion"; then unknown)."""
    for whole in (False, True):
        criterion = _criterion(_round(round_name, patient, trial, whole=whole), asked)
        assert criterion.status == expected, (whole, criterion.reason)
        reason = criterion.reason.lower()
        assert "pleural effusion" in reason or "ascites" in reason, reason
