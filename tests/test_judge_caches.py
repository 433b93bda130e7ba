"""The judge reads each criterion once: what depends on the criterion's words alone (its
qualifiers, which mentions are heads of a phrase, its cue words) is cached by those words, so
a cohort screened against one trial does not read the trial again for every patient.

The answers must not depend on it: a cold process, a warm one, and the same criteria decoded
again from the store (equal criteria, other objects) give the same answers, on the real trials
and hand-written patients of ``test_hand_written_patients``.
"""

from __future__ import annotations

import gc
import sys

import msgspec
import pytest

from test_hand_written_patients import PATIENTS, _any_trial, _criterion, _round_patient
from test_judge_entailment import facts, judged, v2_trial
from trialfinder import match
from trialfinder.criteria import decode_criteria, encode_criteria, parse_trial_criteria
from trialfinder.criteria.model import ParsedCriteria
from trialfinder.match import TrialResult, match_trial
from trialfinder.patient import WHOLE_RECORD_GIVEN, PatientFacts

# The real trial with the most criteria (the cohort benchmark's), and trials of the
# hand-written patients with qualified conditions and named drugs.
TRIALS = ("NCT05170204", "NCT03549754", "NCT02682511", "NCT02552212", "NCT00711542")


def _clear_judge_caches() -> None:
    """Every cache of the judge: match's and those of the modules its readers live in."""
    modules = {match} | {
        sys.modules[value.__module__]
        for value in vars(match).values()
        if getattr(value, "__module__", "").startswith("trialfinder.")
    }
    for module in modules:
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


def _answers(parsed: list[ParsedCriteria]) -> list[TrialResult]:
    return [
        match_trial(trial, facts(age=age, sex=sex, note=note))
        for age, sex, note in PATIENTS.values()
        for trial in parsed
    ]


@pytest.fixture(scope="module")
def parsed() -> list[ParsedCriteria]:
    return [parse_trial_criteria(v2_trial(nct_id)) for nct_id in TRIALS]


def test_warm_caches_give_the_answers_of_a_cold_judge(parsed: list[ParsedCriteria]) -> None:
    _clear_judge_caches()
    cold = _answers(parsed)
    warm = _answers(parsed)
    assert warm == cold


def test_criteria_decoded_again_get_the_answers_of_the_first_reading(
    parsed: list[ParsedCriteria],
) -> None:
    _clear_judge_caches()
    first = _answers(parsed)
    decoded = [decode_criteria(encode_criteria(trial)) for trial in parsed]
    assert decoded == parsed
    assert _answers(decoded) == first


def test_a_patient_screened_after_others_gets_the_answers_of_a_cold_judge(
    parsed: list[ParsedCriteria],
) -> None:
    """What is kept per criterion holds no patient's facts: each patient judged alone by a cold
    judge gets the answers it gets screened after every other patient, in either order."""
    patients = [facts(age=age, sex=sex, note=note) for age, sex, note in PATIENTS.values()]
    alone = []
    for patient in patients:
        _clear_judge_caches()
        alone.append([match_trial(trial, patient) for trial in parsed])
    for order in (patients, patients[::-1]):
        screened = {id(p): [match_trial(trial, p) for trial in parsed] for p in order}
        assert [screened[id(p)] for p in patients] == alone


def test_a_class_read_for_one_patient_is_not_another_patients_disease() -> None:
    """ "History of any neurological disorders or seizures" (a TrialGPT criterion): the class
    MeSH files one patient's Duchenne muscular dystrophy under is the criterion's, kept once;
    the next patient, who has no such disease, is not said to have it, and the first is read
    the same again after him."""
    text = "History of any neurological disorders or seizures"
    dmd = facts(age=12, sex="male", note="A 12-year-old boy with Duchenne muscular dystrophy.")
    other = facts(age=59, sex="male", note="59M with hypertension.")
    _clear_judge_caches()
    first, second, again = (judged(text, "exclusion", p) for p in (dmd, other, dmd))
    assert "Duchenne muscular dystrophy" in first.reason
    assert "Duchenne" not in second.reason
    assert second.evidence is None
    assert again == first


def test_both_sexes_read_once_still_answer_each_patients_own_age() -> None:
    """ "Male or female, age 18 years and older." (a ClinicalTrials.gov inclusion) asks of both
    sexes, read once for the criterion: a man, a girl of 16 and a woman after them each get
    their own answer, none carried over from the patient before."""
    text = "Male or female, age 18 years and older."
    _clear_judge_caches()
    answers = [
        judged(text, "inclusion", facts(age=age, sex=sex, note="Hypertension."))
        for age, sex in ((40, "male"), (16, "female"), (52, "female"))
    ]
    assert [a.status for a in answers] == ["met", "not_met", "met"]


def _note_sentences(patient: PatientFacts) -> set[str]:
    return {
        *(f.evidence for f in patient.facts),
        *(f.evidence for f in patient.vocabulary_facts),
        *patient.unread_sentences,
    }


# Two whole records whose silence the judge weighs: a note, and a FHIR record.
PAIR = (("nine", "PSA 11 after TURP"), ("thirteen", "volunteer with Crohn's disease (FHIR)"))


def _whole(round_name: str, patient: str) -> PatientFacts:
    return msgspec.structs.replace(
        _round_patient(round_name, patient), whole_record=WHOLE_RECORD_GIVEN
    )


def test_a_notes_words_split_once_stay_with_that_patient() -> None:
    """Round nine's "TURP 2021 for BPH … Two negative prostate biopsies" speaks of the
    prostate, so its whole record is not silent on "Previous prostate surgery"
    (NCT00056407). The words of a record's sentences are split once a patient, for every
    exclusion weighed, and kept with that patient alone: round thirteen's FHIR record of
    Crohn's disease screened after it holds only its own sentences, and each gets the
    answers a cold judge gives it alone."""
    trial = parse_trial_criteria(_any_trial("NCT00056407"))
    alone = []
    for round_name, name in PAIR:
        _clear_judge_caches()
        alone.append(match_trial(trial, _whole(round_name, name)))
    turp, crohn = (_whole(round_name, name) for round_name, name in PAIR)
    assert [match_trial(trial, turp), match_trial(trial, crohn)] == alone
    assert match_trial(trial, turp) == alone[0]
    assert _criterion(alone[0], "Previous prostate surgery").status != "not_met"
    assert turp.split_sentences and crohn.split_sentences
    assert turp.split_sentences is not crohn.split_sentences
    assert set(turp.split_sentences) <= _note_sentences(turp)
    assert set(crohn.split_sentences) <= _note_sentences(crohn)
    assert PatientFacts().split_sentences is not PatientFacts().split_sentences


# Round eleven's notes: one sentence names an operation and a disease, the other an operation.
SCANNED = ("volunteer after cholecystectomy, screening note", "prediabetes, GP referral")


def _held_by_a_container(text: str) -> bool:
    """Whether a dict (as a key), list or tuple alive in the process holds ``text``. Only
    strings are compared: other items may compare element-wise (a NumPy array another test
    left alive answers ``==`` with an array, not a truth value)."""
    gc.collect()
    return any(
        text in thing
        if isinstance(thing, dict)
        else any(isinstance(item, str) and item == text for item in thing)
        for thing in gc.get_objects()
        if isinstance(thing, dict | list | tuple)
    )


def test_a_sentences_vocabulary_scan_serves_both_readings_and_goes_with_its_patient() -> None:
    """ "45F, laparoscopic cholecystectomy for gallstones in 2021, otherwise well." (round
    eleven) names an operation and a disease: the vocabulary scans the sentence once for
    both, and the reading keeps both. Each of two notes read after the other, in either
    order, gets the facts it gets read alone, and once its facts are dropped no container
    of the process holds the sentence: the scans are the extraction's, not the process's."""
    alone = {name: _round_patient("eleven", name) for name in SCANNED}
    for order in (SCANNED, SCANNED[::-1]):
        assert {name: _round_patient("eleven", name) for name in order} == alone
    cholecystectomy = alone[SCANNED[0]]
    (sentence,) = {f.evidence for f in cholecystectomy.facts if f.operations}
    assert "cholecystectomy" in sentence
    assert "gallstones" in {f.words for f in cholecystectomy.vocabulary_facts}
    del alone, cholecystectomy
    assert not _held_by_a_container(sentence)
