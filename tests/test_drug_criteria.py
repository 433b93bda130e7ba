"""Criteria that name drugs, judged against the drugs a note names.

Round eight of the hand-written patients (``tests/data/hand_written_patients_eight.json``)
found two classes. A drug named by the disease it treats ("Parkinson's drug", "dementia
drug") was read as the disease, so a patient with the disease was excluded whether or not
they took such a drug. And most drug-history criteria ("Prior treatment with dupilumab",
"Use of serotonergic antidepressant", "sleep aids", kava, St John's wort) named drugs the
lexicon did not know, so the judge left them all to the study team. Criteria are the real
text of round eight's trials (legacy XML sample and API v2 studies in ``../shared``); the
notes are written as the coordinators of round eight write them.
"""

from __future__ import annotations

import datetime

import pytest

from test_hand_written_patients import _any_trial
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import Criterion
from trialfinder.match import Judgement, judge
from trialfinder.patient import PatientProfile, extract_facts


def _criterion(nct_id: str, start: str) -> Criterion:
    parsed = parse_trial_criteria(_any_trial(nct_id))
    return next(c for c in parsed.iter_criteria() if c.text.startswith(start))


def _status(nct_id: str, start: str, note: str) -> str:
    return judge(_criterion(nct_id, start), facts(note=note)).status


# --- A disease named as its drugs -----------------------------------------------------------

MEDICATIONS = ("NCT05482828", "Use of medications that could influence the result")


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        (
            "63M Parkinson's disease dx 2021, not on any treatment yet. Dizziness since "
            "August 2026.",
            "unknown",
        ),
        # No medication at all: none of the drugs asked about now (round thirteen).
        ("81F with dementia and chronic dizziness, DHI 40. No regular medication.", "not_met"),
    ],
)
def test_a_drug_named_by_its_disease_is_not_the_disease(note: str, expected: str) -> None:
    judgement = judge(_criterion(*MEDICATIONS), facts(note=note))
    assert judgement.status == expected
    # The drugs are asked for (``tests/test_disease_drugs.py``), never the disease itself.
    assert "has parkinson" not in judgement.reason.lower()
    assert "has dementia" not in judgement.reason.lower()


def test_a_disease_before_its_drug_resistance_is_still_the_disease() -> None:
    from test_judge_entailment import status

    assert status("HIV drug resistance", "exclusion", "A 40-year-old man with HIV.") == "met"


# --- Drug-history criteria: a drug, a brand or a family the note names ------------------------

DUPILUMAB = ("NCT02210780", "Prior treatment with dupilumab")
BIOLOGICS = ("NCT02210780", "Treatment with biologics within 4 months")
VEDOLIZUMAB = ("NCT05481619", "have received prior treatment with vedolizumab")
TB_DRUGS = ("NCT05381194", "Previously treated with Bedaquiline or Linezolid")
SSRI = ("NCT05381194", "Use of serotonergic antidepressant")
SLEEP_AIDS = ("NCT05381025", "Use of over the counter or prescription sleep aids")
HERBAL = ("NCT05381142", "Use of herbal drugs or natural remedies")


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (DUPILUMAB, "45M severe atopic dermatitis. He has been on dupilumab since 2024."),
        (DUPILUMAB, "45M severe atopic dermatitis, on Dupixent 300 mg every 2 weeks."),
        (VEDOLIZUMAB, "41F Crohn's ileocolitis since 2012. Vedolizumab 2020-21, no response."),
        (SSRI, "24F MDR-TB. Depression on sertraline 100 mg. Breastfeeding."),
        (SLEEP_AIDS, "26M army trainee. Insomnia - zolpidem 5 mg nocte for the last month."),
        (HERBAL, "52F perimenopausal. Started St John's wort 2 months ago, still taking it."),
    ],
)
def test_a_drug_the_note_names_meets_the_criterion_naming_it_or_its_family(
    criterion: tuple[str, str], note: str
) -> None:
    assert _status(*criterion, note) == "met"


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (DUPILUMAB, "29F atopic eczema since childhood. Ciclosporin 2018-19. No biologics ever."),
    ],
)
def test_a_drug_or_family_the_note_denies_does_not_meet_it(
    criterion: tuple[str, str], note: str
) -> None:
    assert _status(*criterion, note) == "not_met"


def test_a_denied_drug_is_never_read_as_taken() -> None:
    # "for more than 4 weeks" is left to the team, so the denial gives no answer yet.
    note = "37M pre-XDR TB, starting dolutegravir. Never received bedaquiline or linezolid."
    assert _status(*TB_DRUGS, note) != "met"


@pytest.mark.parametrize("criterion", [DUPILUMAB, VEDOLIZUMAB, TB_DRUGS, SSRI, SLEEP_AIDS, HERBAL])
def test_a_note_silent_on_the_drug_leaves_it_unknown(criterion: tuple[str, str]) -> None:
    note = "A 40-year-old woman with asthma, seen in clinic today."
    assert _status(*criterion, note) == "unknown"


def test_another_familys_drug_does_not_meet_it() -> None:
    note = "47F vestibular migraine on amitriptyline 10 mg nocte. Hypothyroid on levothyroxine."
    assert _status(*SSRI, note) == "unknown"


# --- A medication list the coordinator takes as complete ----------------------------------------

WARFARIN = ("NCT07040059", "11. Currently taking warfarin")


def _v2_judgement(start: str, note: str) -> Judgement:
    from test_judge_entailment import v2_trial

    parsed = parse_trial_criteria(v2_trial(WARFARIN[0]))
    criterion = next(c for c in parsed.iter_criteria() if start in c.text)
    return judge(criterion, facts(note=note))


def _v2_status(start: str, note: str) -> str:
    return _v2_judgement(start, note).status


@pytest.mark.parametrize(
    "note",
    [
        "72M with osteoarthritis of the knee. Medications: amlodipine 5 mg, metformin 1 g bd.",
        "52F perimenopausal, 10 hot flushes a day. Otherwise fit and well, no regular medication.",
    ],
)
def test_a_complete_medication_list_without_the_drug_does_not_meet_current_use(
    note: str,
) -> None:
    # "or other oral coumarin-derivative anticoagulant therapy" is not all read, so the
    # criterion stays with the team; the anticoagulant itself is answered by the list.
    judgement = _v2_judgement("Currently taking warfarin", note)
    assert "the note's medication list does not name warfarin" in judgement.reason
    assert judgement.status != "met"


def test_a_note_without_a_medication_list_leaves_current_use_unknown() -> None:
    note = "72M with osteoarthritis of the knee, seen in clinic today."
    assert _v2_status("Currently taking warfarin", note) == "unknown"


@pytest.mark.parametrize("criterion", [DUPILUMAB, VEDOLIZUMAB, TB_DRUGS])
def test_a_current_medication_list_says_nothing_of_past_drugs(
    criterion: tuple[str, str],
) -> None:
    note = "41F with asthma. Medications: salbutamol inhaler, levothyroxine 50 mcg."
    assert _status(*criterion, note) == "unknown"


def test_a_drug_on_the_list_still_meets_current_use() -> None:
    note = "Medications: warfarin 3 mg daily, bisoprolol 2.5 mg."
    assert _v2_status("Currently taking warfarin", note) == "met"


# --- What round eight's drug criteria needed besides the drugs --------------------------------

NO_VEDOLIZUMAB = ("NCT05481619", "No previous treatment with vedolizumab")
INDICATION = ("NCT05481619", "18 years of age or older, with moderate")
WASHOUT = ("NCT05481619", "Never undergone biologic therapy or at least suspended")


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("34M UC dx 2019. Infliximab 2021-23. Vedolizumab-naive - plan to start it.", "met"),
        ("41F Crohn's ileocolitis since 2012. Vedolizumab 2020-21, no response.", "not_met"),
    ],
)
def test_no_previous_treatment_with_a_drug_denies_the_drug(note: str, expected: str) -> None:
    # "with" ends a negation's scope ("no fever with cough") but not after "treatment".
    assert _status(*NO_VEDOLIZUMAB, note) == expected


def test_an_indication_for_a_drug_does_not_ask_that_the_patient_had_it() -> None:
    note = "41 yo woman, Crohn's ileocolitis since 2012. Vedolizumab 2020-21, no response."
    judgement = judge(_criterion(*INDICATION), facts(note=note))
    assert judgement.status == "not_met"
    assert "vedolizumab" not in judgement.reason


def test_a_washout_is_not_read_as_how_long_the_drug_was_taken() -> None:
    """The wash-out counts from the stop (qualifiers-one's ``_washout_finding``), not the
    two years infliximab was taken: stopped in 2023, more than 12 weeks ago."""
    note = "34M UC dx 2019. Infliximab 2021-23, secondary loss of response, last dose Feb 2023."
    judged = judge(_criterion(*WASHOUT), facts(note=note))
    assert judged.status == "met"
    assert "last in 2023" in judged.reason
    # The month of the last dose dates it (medicines-dated): mid-October 2026 is about seven
    # weeks before the day the note is read, less than the 12 weeks the wash-out asks.
    recent = "34M UC dx 2019. Infliximab 2021-2026, last dose October 2026."
    read_on = extract_facts(PatientProfile(note=recent), datetime.date(2026, 12, 6))
    assert judge(_criterion(*WASHOUT), read_on).status == "not_met"
    assert _status(*WASHOUT, "29F UC since 2024. No biologics ever.") != "not_met"


# --- Families a criterion names: anti-TNF antagonists, anticonvulsants, antidepressants --------

ANTI_TNF = ("NCT00055497", "Previous use of infliximab or other anti-TNF antagonists")


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("34M Crohn's since 2015. Adalimumab 2018-2020, stopped for loss of response.", "met"),
        ("51F ulcerative colitis. Golimumab 2019-21, then certolizumab until 2023.", "met"),
        ("40M ankylosing spondylitis, on etanercept 50 mg weekly since 2022.", "met"),
        ("29M Crohn's disease on azathioprine. Anti-TNF naive.", "not_met"),
        ("41F Crohn's ileocolitis since 2012. Vedolizumab 2020-21, no response.", "unknown"),
        ("A 40-year-old woman with asthma, seen in clinic today.", "unknown"),
    ],
)
def test_an_anti_tnf_antagonist_the_note_names_meets_the_family(note: str, expected: str) -> None:
    assert _status(*ANTI_TNF, note) == expected


@pytest.mark.parametrize(
    "note",
    [
        "63M Parkinson's disease dx 2021, dizziness since August. Focal epilepsy on lamotrigine.",
        "58F epilepsy since childhood, on levetiracetam 500 mg bd. Dizziness for a year.",
        "47F chronic subjective dizziness. Vestibular migraine on amitriptyline 10 mg nocte.",
        "55M low mood, started mirtazapine 15 mg nocte last month. Dizziness since May.",
        "60F with dizziness. Depression on venlafaxine 75 mg daily.",
    ],
)
def test_an_anticonvulsant_or_antidepressant_meets_the_medications_the_study_lists(
    note: str,
) -> None:
    assert _status(*MEDICATIONS, note) == "met"


def test_a_drug_of_no_listed_family_leaves_the_medications_unknown() -> None:
    note = "72M dizziness since a fall. Hypothyroid on levothyroxine, hypertension on amlodipine."
    assert _status(*MEDICATIONS, note) == "unknown"


RESISTANCE = ("NCT00739856", "Treatment resistance to 4 different antidepressants")


@pytest.mark.parametrize(
    "note", ["45M PTSD since 2015, on sertraline 100 mg.", "45M on venlafaxine."]
)
def test_a_count_of_a_familys_drugs_is_not_met_by_one_of_them(note: str) -> None:
    # One antidepressant does not say four were tried: the count is the team's.
    assert _status(*RESISTANCE, note) == "unknown"


@pytest.mark.parametrize(
    ("criterion", "expected"),
    [
        ("Prior treatment with 2 or more SSRIs", "unknown"),
        ("Failure of at least two different anti-TNF agents", "unknown"),
        ("Use of several antidepressants", "unknown"),
        ("Prior treatment with at least 1 SSRI", "met"),
    ],
)
def test_a_family_counted_from_two_up_is_left_to_the_team(criterion: str, expected: str) -> None:
    from test_judge_entailment import status

    note = "45M depression on sertraline. Psoriatic arthritis, adalimumab since 2021."
    assert status(criterion, "exclusion", note) == expected


def test_more_than_one_of_a_family_is_a_count_too() -> None:
    from test_judge_entailment import status

    criterion = "Exposure to more than 1 tumor necrosis factor (TNF)-antagonist"
    assert status(criterion, "exclusion", "45M Crohn's, adalimumab since 2021.") == "unknown"


def test_a_drug_a_windowed_family_lets_off_does_not_meet_it() -> None:
    from test_judge_entailment import status

    criterion = "Use of antiepileptics other than levetiracetam in the previous 6 months"
    assert status(criterion, "exclusion", "58F epilepsy, on levetiracetam 500 mg bd.") == "not_met"
    assert status(criterion, "exclusion", "58F epilepsy, on lamotrigine 100 mg bd.") == "met"


# --- A note denying all medication (round thirteen) ------------------------------------------

PH_DRUGS = ("NCT00739778", "Use of medications that would influence the pH")


@pytest.mark.parametrize(
    "denial",
    [
        "Medically fit and well, takes no medications, no allergies.",
        "Medications: none.",
        "Meds: nil.",
        "Otherwise well, no regular medicines.",
        "Drug history: nil.",
    ],
)
def test_a_note_denying_all_medication_denies_each_drug_a_current_use_criterion_names(
    denial: str,
) -> None:
    # Round thirteen's dental screening: "concomitant use of neuroleptics, atropine, …,
    # antibiotics" asks about now; a patient on no medication takes none of them.
    note = f"Dental screening, 27F, two new carious lesions restored 06/2026. {denial}"
    judgement = judge(_criterion(*PH_DRUGS), facts(note=note))
    assert judgement.status == "not_met"
    assert "neuroleptics" in judgement.reason


def test_a_drug_started_after_a_denial_of_all_medication_is_still_taken() -> None:
    note = "27F dental screening. No regular medications; started amoxicillin 3 days ago."
    assert judge(_criterion(*PH_DRUGS), facts(note=note)).status == "met"


@pytest.mark.parametrize("criterion", [DUPILUMAB, VEDOLIZUMAB, TB_DRUGS])
def test_a_denial_of_all_medication_says_nothing_of_past_drugs(
    criterion: tuple[str, str],
) -> None:
    assert _status(*criterion, "41F with asthma. Takes no medications.") == "unknown"


def test_a_medication_field_with_more_words_is_no_denial_of_all_medication() -> None:
    note = "27F dental screening. Medications: none for her teeth, an inhaler as needed."
    assert judge(_criterion(*PH_DRUGS), facts(note=note)).status == "unknown"


# --- Anticoagulants in people's words and by the name on the box (issue 12 item 4) -------------

# NCT02682511 (API v2 studies in ``../shared``), exclusion 16.
ANTICOAGULANTS = "Use of warfarin, heparin or other anticoagulants in the last 30 days"


def _anticoagulant_judgement(note: str) -> Judgement:
    from test_judge_entailment import v2_trial

    parsed = parse_trial_criteria(v2_trial("NCT02682511"))
    criterion = next(c for c in parsed.iter_criteria() if c.text.startswith(ANTICOAGULANTS))
    return judge(criterion, facts(note=note))


@pytest.mark.parametrize(
    "note",
    [
        "68M atrial fibrillation, on blood thinners.",
        "74F AF, takes a blood thinner daily.",
        "59M knee replacement last week, still on blood thinning injections.",
        "68M AF on Eliquis 5 mg bd.",
        "70F DVT in March, takes Xarelto 20 mg.",
        "77M AF on Pradaxa 110 mg twice daily.",
        "63F post-op, on Lovenox 40 mg daily.",
    ],
)
def test_a_blood_thinner_named_in_lay_words_or_by_its_brand_meets_anticoagulant_use(
    note: str,
) -> None:
    judgement = _anticoagulant_judgement(note)
    assert judgement.status == "met", judgement.reason


def test_a_denied_blood_thinner_does_not_meet_anticoagulant_use() -> None:
    judgement = _anticoagulant_judgement("68M paroxysmal AF, not on a blood thinner.")
    assert judgement.status != "met", judgement.reason
