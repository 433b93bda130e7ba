"""Medicines a note names by the name on the box or in people's words (issue 12).

Notes write "Lasix 40 mg daily", "a water tablet", "on Eliquis"; criteria write the generic
name or the class ("Use of diuretics", "Current treatment with tamoxifen"). The vocabulary
reads brand and lay names for search; the judge reads a note's through the same vocabulary
(``trialfinder.medicine_names``), so there is one list of them. The notes are the rounds'
notes (``tests/data/hand_written_patients_*.json``) and the issue's own examples.
"""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.match import Judgement
from trialfinder.medicine_names import named_medicines
from trialfinder.vocabulary import load_vocabulary, normalize_phrase

DIURETICS = "Use of diuretics"
TAMOXIFEN = "Current treatment with tamoxifen"
ENDOCRINE = "Prior endocrine therapy"  # NCT04961996: "had no prior endocrine therapy"
IMMUNOSUPPRESSANTS = "Use of immunosuppressants"


def _judged(criterion: str, note: str) -> Judgement:
    return judged(criterion, "exclusion", facts(note=note))


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (DIURETICS, "71M heart failure, Lasix 40 mg daily."),
        (DIURETICS, "79M. I take metformin, a water tablet and a statin."),  # round twenty
        (DIURETICS, "Heart failure with preserved ejection fraction, NYHA II, on furosemide."),
        (DIURETICS, "64M HFrEF on furosemide 80 mg od, bisoprolol and spironolactone."),
        (DIURETICS, "68F hypertension on ramipril and water pills."),
        (TAMOXIFEN, "52F breast cancer, on Nolvadex 20 mg daily since 2024."),
        (ENDOCRINE, "63F. L mastectomy + chemo 2021 for breast cancer, on letrozole."),
        (ENDOCRINE, "61F breast cancer 2023, on Arimidex since 01/2024."),
        (IMMUNOSUPPRESSANTS, "50M kidney transplant 2019 on Prograf and prednisolone."),
        (IMMUNOSUPPRESSANTS, "45F lupus nephritis on Imuran 100 mg daily."),
    ],
)
def test_a_medicine_named_by_its_brand_or_in_lay_words_meets_its_class(
    criterion: str, note: str
) -> None:
    judgement = _judged(criterion, note)
    assert judgement.status == "met", judgement.reason


def test_stopped_water_tablets_are_a_past_diuretic_with_their_month() -> None:
    patient = facts(note="66F ankle swelling, stopped the water tablets in May.")
    diuretic = next(f for f in patient.facts if f.concept == "diuretics")
    assert diuretic.historical
    assert diuretic.days_ago is not None
    assert judged("Current use of diuretics", "exclusion", patient).status == "not_met"


@pytest.mark.parametrize(
    "note",
    [
        "68F hypertension on amlodipine only, no diuretics.",  # round eighteen's words
        "70F, not on any water tablets.",
    ],
)
def test_a_denied_diuretic_does_not_meet_diuretic_use(note: str) -> None:
    judgement = _judged(DIURETICS, note)
    assert judgement.status == "not_met", judgement.reason


def test_past_tamoxifen_does_not_meet_current_tamoxifen() -> None:
    # Round sixteen: "then tamoxifen 5 yrs" years before; stopped is past.
    note = "67F. L breast ca 2014: WLE + RT, tamoxifen 5 yrs, stopped 2019."
    judgement = _judged(TAMOXIFEN, note)
    assert judgement.status == "not_met", judgement.reason


def test_the_lexicon_keeps_no_second_list_of_the_blood_thinners_names() -> None:
    """The anticoagulants' trade names and lay words are read through the vocabulary (which
    has every one of them), not listed again among the lexicon's names."""
    names = {normalize_phrase(n) for n in load_lexicon().concepts["anticoagulants"].names}
    for name in ("blood thinners", "blood thinner", "eliquis", "xarelto", "pradaxa", "lovenox"):
        assert load_vocabulary().lookup(name), name
        assert name not in names, name


def test_a_trade_name_only_the_brand_table_knows_is_read_as_its_generic() -> None:
    # "Dupixent" is no MeSH term: the Drugs@FDA table pairs it with dupilumab.
    found = named_medicines("30F atopic dermatitis, on Dupixent every 2 weeks.")
    assert [(m.concept, m.start) for m in found] == [("dupilumab", 26)]


def test_a_drug_whose_names_the_lexicon_does_not_know_is_read_as_nothing() -> None:
    assert named_medicines("On omeprazole 20 mg.") == []


# A SIGIR topic's words (sigir-201430): hydrochlorothiazide is a thiazide diuretic.
ON_A_THIAZIDE = (
    "A 72-year-old man. His is currently taking isosorbide dinitrate, hydrochlorothiazide, "
    "and aspirin."
)


@pytest.mark.parametrize(
    ("criterion", "section"),
    [
        (  # NCT06344104
            "rHTN subpopulation: have a stable regimen (≥ 4 weeks) of ≥ 3 antihypertensive "
            "medications, from different therapeutic classes (at least one must be a diuretic), "
            "at maximum tolerated dose in the judgement of the Investigator.",
            "inclusion",
        ),
        (  # NCT06761586
            "Patients taking 4 or more classes of antihypertensives are excluded. Diuretics "
            "(such as furosemide or spironolactone) are considered as one class of "
            "anti-hypertensives.",
            "exclusion",
        ),
        (  # NCT06475911
            "Presence of diuretic (Thiazide, Frusemide), pain killer (Indomethacin, Ketorolac) "
            "induced preoperative hyponatremia.",
            "exclusion",
        ),
    ],
)
def test_a_diuretic_that_only_qualifies_another_requirement_is_not_asked_of_the_patient(
    criterion: str, section: str
) -> None:
    judgement = judged(criterion, section, facts(note=ON_A_THIAZIDE))
    assert judgement.status == "unknown", judgement.reason


def test_a_thiazide_meets_a_plain_diuretic_criterion() -> None:
    assert _judged(DIURETICS, ON_A_THIAZIDE).status == "met"
