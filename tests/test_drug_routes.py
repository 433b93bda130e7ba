"""Issue 12 (route-one): a drug's route decides "systemic" / "inhaled" / "topical" criteria.

The judge did not read how a drug is given, on either side: "systemic corticosteroids"
was met by hydrocortisone cream and "inhaled corticosteroids" by prednisolone tablets.
A criterion naming a route is now met only by a note drug given that way — the route the
note writes beside the drug ("cream", "puffs", "tablets", "IV") or the drug's usual route
when it writes none (``routes.json``: prednisolone is a tablet, beclometasone an inhaler);
unknown when neither tells. "Systemic" covers oral, IV, IM and SC. Real criterion text:
Chia NCT02965443 / NCT00639795 (systemic; inhaled or systemic), Chia (systemic or inhaled),
NCT05097287 (inhaled), Chia NCT02564471 (topical).
"""

from __future__ import annotations

import json
from importlib import resources

from test_judge_entailment import facts, judged

DATA = resources.files("trialfinder") / "data"
_SYSTEMIC = "Present therapy with systemic steroids"
_INHALED_OR_SYSTEMIC = "Current use of high dose inhaled or systemic steroids"
_INHALED = (
    "Treatment with medium to high dose inhaled corticosteroids (ICS) in combination with a "
    "second controller"
)
_TOPICAL = "Topical steroids"
_SYSTEMIC_OR_INHALED = "Systemic or inhaled corticosteroids."


def _status(text: str, kind: str, note: str) -> tuple[str, str]:
    judgement = judged(text, kind, facts(age=60, sex="female", note=note))
    return judgement.status, judgement.reason


def test_a_steroid_cream_does_not_meet_systemic_corticosteroids() -> None:
    status, reason = _status(
        _SYSTEMIC,
        "exclusion",
        "60F glioblastoma; eczema on her hands, uses hydrocortisone cream 1% twice daily.",
    )
    assert status != "met", reason
    assert "cream" in reason


def test_intravenous_dexamethasone_meets_systemic_corticosteroids() -> None:
    status, reason = _status(
        _SYSTEMIC, "exclusion", "60F glioblastoma with oedema, on dexamethasone 16 mg IV daily."
    )
    assert status == "met", reason


def test_a_steroid_with_no_route_and_no_usual_one_is_unknown_for_systemic() -> None:
    status, reason = _status(_SYSTEMIC, "exclusion", "60F glioblastoma; takes hydrocortisone.")
    assert status == "unknown", reason


def test_prednisolone_tablets_do_not_meet_inhaled_corticosteroids() -> None:
    status, reason = _status(
        _INHALED, "inclusion", "60F asthma, on prednisolone 5 mg tablets daily and montelukast."
    )
    assert status != "met", reason
    assert "tablets" in reason


def test_beclometasone_is_an_inhaled_corticosteroid() -> None:
    note = "60F asthma on beclometasone 200 micrograms two puffs twice daily and salmeterol."
    status, reason = _status(_SYSTEMIC_OR_INHALED, "exclusion", note)
    assert status == "met", reason
    # The drug part of the longer criterion is met; its dose and controller need the team.
    assert _status(_INHALED, "inclusion", note)[1].startswith("the patient is on corticosteroids")


def test_an_inhaled_steroid_does_not_meet_systemic_corticosteroids() -> None:
    status, reason = _status(
        _SYSTEMIC, "exclusion", "60F glioblastoma; asthma on fluticasone 250 mcg twice daily."
    )
    assert status != "met", reason


def test_prednisolone_tablets_do_not_meet_topical_steroids() -> None:
    status, reason = _status(
        _TOPICAL, "exclusion", "60F rheumatoid arthritis on prednisolone 5 mg tablets daily."
    )
    assert status != "met", reason


def test_a_steroid_ointment_meets_topical_steroids() -> None:
    status, reason = _status(
        _TOPICAL,
        "exclusion",
        "60F psoriasis, applies betamethasone ointment; hydrocortisone cream.",
    )
    assert status == "met", reason


def test_either_route_a_criterion_names_meets_it() -> None:
    inhaler = _status(
        _INHALED_OR_SYSTEMIC, "exclusion", "60F COPD; fluticasone inhaler 500 mcg twice daily."
    )
    tablets = _status(
        _INHALED_OR_SYSTEMIC, "exclusion", "60F COPD; prednisolone 30 mg tablets for 5 days."
    )
    cream = _status(_INHALED_OR_SYSTEMIC, "exclusion", "60F COPD; hydrocortisone cream to rash.")
    assert inhaler[0] == "met", inhaler[1]
    assert tablets[0] == "met", tablets[1]
    assert cream[0] != "met", cream[1]


def test_a_route_word_belongs_to_the_drug_it_is_written_with() -> None:
    inhaler = _status(
        _SYSTEMIC, "exclusion", "60F asthma; prednisolone 10 mg daily and a salbutamol inhaler."
    )
    both = _status(
        _SYSTEMIC,
        "exclusion",
        "60F hydrocortisone cream for eczema and prednisolone 20 mg daily for asthma.",
    )
    assert inhaler[0] == "met", inhaler[1]
    assert both[0] == "met", both[1]


def test_pred_the_short_form_of_prednisolone_is_systemic() -> None:
    status, reason = _status(
        "Present therapy with systemic steroids",
        "exclusion",
        "60M bilateral lung transplant 2023, on tacrolimus and pred 5 mg od.",
    )
    assert status == "met", reason


_ROUTES_IN_BRACKETS = (
    "Current treatment with corticosteroids (topical or systemic), corticosteroid use within 3 "
    "months before possible start of trial treatment"
)


def test_routes_written_in_brackets_after_the_drug_are_the_routes_it_asks_for() -> None:
    """Chia NCT03079141 excludes "corticosteroids (topical or systemic)": the routes in the
    bracket right after the drug are the ones it asks for, as if written before it — an
    inhaler is neither (read so, any route met it)."""
    inhaled = _status(
        _ROUTES_IN_BRACKETS, "exclusion", "60F asthma, uses a fluticasone inhaler 250 mcg bd."
    )
    assert inhaled[0] != "met", inhaled[1]
    tablets = _status(_ROUTES_IN_BRACKETS, "exclusion", "60F on prednisolone 10 mg daily.")
    assert tablets[0] == "met", tablets[1]


def test_a_bracket_after_the_drug_that_says_more_than_routes_names_no_route() -> None:
    """ "oral steroids (topical and inhaled steroids are acceptable)": the bracket is an
    exception, not the routes asked for; the route before the drug decides."""
    status, reason = _status(
        "oral steroids (topical and inhaled steroids are acceptable)",
        "exclusion",
        "60F asthma, uses a fluticasone inhaler 250 mcg bd.",
    )
    assert status != "met", reason


# Issue 12 (route-two): the route families beyond the corticosteroids. Real criterion text:
# ClinicalTrials.gov (API v2 records in ../shared/data) "Participant has used systemic
# antibiotics within 28 days prior to Visit 1"; LCT NCT03863418 "use of systemic antibiotics
# or anti-mycotic drugs during 4 weeks before study entry"; "Treatment with systemic
# immunosuppressive medication (including, but not limited to, corticosteroids, …) within 2
# weeks prior to initiation of study treatment".
_SYSTEMIC_ANTIBIOTICS = "Participant has used systemic antibiotics within 28 days prior to Visit 1"
_SYSTEMIC_ANTIBIOTICS_OR_ANTIMYCOTICS = (
    "use of systemic antibiotics or anti-mycotic drugs during 4 weeks before study entry"
)
_SYSTEMIC_IMMUNOSUPPRESSANTS = (
    "Treatment with systemic immunosuppressive medication (including, but not limited to, "
    "corticosteroids, cyclophosphamide, azathioprine, methotrexate, thalidomide, and anti-tumor "
    "necrosis factor-alpha agents) within 2 weeks prior to initiation of study treatment"
)


def test_antibiotic_eye_drops_and_creams_are_not_systemic_antibiotics() -> None:
    for criterion in (_SYSTEMIC_ANTIBIOTICS, _SYSTEMIC_ANTIBIOTICS_OR_ANTIMYCOTICS):
        drops = _status(
            criterion,
            "exclusion",
            "60F COPD; antibiotic eye drops for conjunctivitis since 5 days ago.",
        )
        cream = _status(
            criterion, "exclusion", "60F leg ulcer; topical antibiotic cream daily since last week."
        )
        assert drops[0] != "met", drops[1]
        assert "eye drops" in drops[1]
        assert cream[0] != "met", cream[1]


def test_an_oral_or_intravenous_antibiotic_is_systemic() -> None:
    for criterion in (_SYSTEMIC_ANTIBIOTICS, _SYSTEMIC_ANTIBIOTICS_OR_ANTIMYCOTICS):
        # amoxicillin's usual form is a tablet (ATC J01CA04); the IV is written.
        oral = _status(
            criterion,
            "exclusion",
            "60F COPD; started amoxicillin 500 mg three times daily 5 days ago for a chest "
            "infection.",
        )
        infusion = _status(
            criterion, "exclusion", "60F on IV ceftriaxone since yesterday for pneumonia."
        )
        assert oral[0] == "met", oral[1]
        assert infusion[0] == "met", infusion[1]


def test_every_antibacterial_the_family_names_has_its_usual_route_or_none() -> None:
    """Round ten: "rosacea on doxycycline" against "Participant has used systemic antibiotics
    within 28 days" (NCT01234567). drugs-eight named doxycycline and the other J01
    antibacterials notes write in the antibiotics family, route-two gave the family usual
    routes: a member without one was "the note does not say the route" although
    doxycycline (J01AA02) is only ever a capsule. Every name of the family has a row."""
    status, reason = _status(
        _SYSTEMIC_ANTIBIOTICS, "exclusion", "60F rosacea; on doxycycline 40 mg daily since May."
    )
    assert status == "met", reason
    routes = json.loads((DATA / "criteria" / "routes.json").read_text("utf-8"))
    concepts = json.loads((DATA / "criteria" / "concepts.json").read_text("utf-8"))
    (antibiotics,) = [c for c in concepts["concepts"] if c["id"] == "antibiotics"]
    assert set(antibiotics["names"]) <= set(routes["families"]["antibiotics"])


def test_tacrolimus_ointment_is_not_a_systemic_immunosuppressant() -> None:
    ointment = _status(
        _SYSTEMIC_IMMUNOSUPPRESSANTS,
        "exclusion",
        "60F atopic eczema, started tacrolimus 0.1% ointment twice daily 3 days ago.",
    )
    capsules = _status(
        _SYSTEMIC_IMMUNOSUPPRESSANTS,
        "exclusion",
        "60F kidney transplant; started tacrolimus 3 mg twice daily 3 days ago.",
    )
    assert ointment[0] != "met", ointment[1]
    assert "ointment" in ointment[1]
    # tacrolimus with no form written is the capsule (ATC L04AD02), a systemic one.
    assert capsules[0] == "met", capsules[1]
