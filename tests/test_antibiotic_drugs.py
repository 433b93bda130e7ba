"""Issue 12 (drugs-eight): the systemic antibacterials a note names are antibiotics.

The `antibiotics` family knew five drugs, so "History of receiving any antibiotics within
prior 3 months" (Chia) read "the note does not mention antibiotics" for co-trimoxazole
given as PJP prophylaxis or nitrofurantoin at night. The WHO ATC J01 (antibacterials for
systemic use) drugs notes name join the family; a drug given as prophylaxis is still an
antibiotic taken, but its prophylaxis is no infection.
"""

from __future__ import annotations

from test_drug_routes import _status

_ANY_ANTIBIOTICS = "History of receiving any antibiotics within prior 3 months"
_INFECTION = (
    "Patients with active infections requiring antibiotics within one month of registration"
)


def test_co_trimoxazole_prophylaxis_is_an_antibiotic_taken() -> None:
    note = "60F AML in remission; on co-trimoxazole 480 mg daily for PJP prophylaxis."
    status, reason = _status(_ANY_ANTIBIOTICS, "exclusion", note)
    assert status == "met", reason


def test_nitrofurantoin_and_doxycycline_are_antibiotics() -> None:
    for note in (
        "60F recurrent UTIs, takes nitrofurantoin 50 mg at night.",
        "60F rosacea on doxycycline 40 mg daily.",
    ):
        status, reason = _status(_ANY_ANTIBIOTICS, "exclusion", note)
        assert status == "met", (note, reason)


def test_an_antibiotic_given_as_prophylaxis_is_no_active_infection() -> None:
    note = "60F AML in remission; on co-trimoxazole 480 mg daily for PJP prophylaxis."
    status, reason = _status(_INFECTION, "exclusion", note)
    assert status != "met", reason


_MACROLIDE_AS_ANTIBIOTIC = "Patients on macrolide as antibiotics for COPD exacerbation"
_LONG_TERM_MACROLIDE = "Patients on long term macrolide treatment"


def test_a_drug_class_is_met_only_by_its_members() -> None:
    """Round twenty-six (NCT05706402): doxycycline met "Patients on macrolide as antibiotics"
    (the class was unread and "antibiotics" after "as" was asked as its own). WHO ATC J01FA
    macrolides and J01AA tetracyclines are apart: a tetracycline is no macrolide, and the
    antibiotic after "as" is the macrolide's role, not another thing asked."""
    doxycycline = "71M COPD exacerbation, started prednisolone 30 mg and doxycycline."
    for text in (_MACROLIDE_AS_ANTIBIOTIC, _LONG_TERM_MACROLIDE):
        status, reason = _status(text, "exclusion", doxycycline)
        assert status != "met", (text, reason)
    status, reason = _status(
        _LONG_TERM_MACROLIDE, "exclusion", "65F bronchiectasis on azithromycin 250 mg since 2022."
    )
    assert status == "met", reason
    status, reason = _status(
        _MACROLIDE_AS_ANTIBIOTIC, "exclusion", "71M COPD exacerbation, on clarithromycin."
    )
    assert status == "met", reason


def test_a_macrolide_and_a_tetracycline_are_still_antibiotics() -> None:
    for note in ("60F on azithromycin 250 mg daily.", "60F acne on lymecycline 408 mg daily."):
        status, reason = _status(_ANY_ANTIBIOTICS, "exclusion", note)
        assert status == "met", (note, reason)
