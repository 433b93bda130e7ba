"""A condition the note says was not tested, and a disease's booster, are not the patient's
(round thirty-one)."""

from __future__ import annotations

from test_judge_entailment import status

_ACTIVE_INFECTION = (
    "Have active infection, including bacterial or fungal infections or active viral infection "
    "or viral load, including any human immunodeficiency virus (HIV), or hepatitis B virus "
    "(HBV), hepatitis C virus (HCV), or Severe acute respiratory syndrome coronavirus 2 "
    "(SARS-CoV-2)."
)


def test_hiv_not_tested_leaves_an_hiv_exclusion_open() -> None:
    """NCT05705505's active-infection line against round thirty-one's "HIV/hepatitis not
    tested": the patient was read to have HIV."""
    note = "Stage IVB endometrial cancer. HIV/hepatitis not tested."
    assert status(_ACTIVE_INFECTION, "exclusion", note) == "unknown"


def test_an_untested_infection_is_not_a_known_one() -> None:
    """NCT05687266 "Known HIV infection that is not well controlled" against "HIV not
    tested": nothing is known."""
    note = "Stage IV lung adenocarcinoma, untreated. HIV not tested."
    assert status("Known HIV infection that is not well controlled", "exclusion", note) != "met"


def test_a_stated_infection_is_still_read() -> None:
    """ "HIV on ART, VL undetectable" still meets an HIV exclusion."""
    note = "HIV diagnosed 2015, on ART, viral load undetectable."
    assert status("HIV infection", "exclusion", note) == "met"


def test_a_covid_booster_is_no_covid_infection() -> None:
    """NCT05705505's active-infection line against "Vaccines: inactivated flu + COVID booster
    Oct 2026" (round thirty-one): a booster is a vaccine dose, not the disease."""
    note = "Recurrent endometrial cancer. Vaccines: inactivated flu + COVID booster Oct 2026."
    assert status("History of COVID-19 infection", "exclusion", note) != "met"
