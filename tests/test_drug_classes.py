"""Issue 12 (drug-classes): the class words criteria use and the drugs under them.

Criteria name a class ("Ongoing treatment with analgesics", "No history of using 5-ASA",
"long-acting beta-agonists (LABA)", "Use of opioids") where a note names the ingredient
(paracetamol, tramadol, sulfasalazine, salmeterol, codeine). ``concepts.json`` files each
ingredient under its class as the WHO ATC classification does (N02 analgesics: N02A opioids,
N02BE paracetamol, N02BF gabapentinoids; M01A the NSAIDs; A07EC aminosalicylic acid and similar
agents; R03AC selective beta-2-adrenoreceptor agonists), US and British names both. A current
ingredient meets the class; a past one does not meet a criterion about current use. Real
criterion text from ../shared/data (Chia, ClinicalTrials.gov).
"""

from __future__ import annotations

from test_hand_written_patients import _round_patient
from test_judge_entailment import facts, judged

_ANALGESICS = "Ongoing treatment with analgesics"
_OPIOIDS = "Use of opioids or neuropathic analgesics"
_FIVE_ASA = "No history of using 5-ASA, biological or immunomodulatory therapy"
_LABA = (
    "Use of cromyolyn, leukotriene receptor antagonists (LTRA), nedocromil, zileuton, "
    "theophylline, or long-acting beta-agonists (LABA) within 1 month prior to screening"
)


def _status(text: str, kind: str, note: str) -> tuple[str, str]:
    """The criterion's (status, reason) for a 50-year-old woman the note describes."""
    judgement = judged(text, kind, facts(age=50, sex="female", note=note))
    return judgement.status, judgement.reason


def test_current_paracetamol_is_ongoing_treatment_with_analgesics() -> None:
    status, reason = _status(
        _ANALGESICS,
        "exclusion",
        "Osteoarthritis of the knee; takes paracetamol 1 g four times daily.",
    )
    assert status == "met", reason


def test_current_tramadol_is_an_analgesic_and_an_opioid() -> None:
    note = "Chronic low back pain; takes tramadol 50 mg twice daily."
    status, reason = _status(_ANALGESICS, "exclusion", note)
    assert status == "met", reason
    status, reason = _status(_OPIOIDS, "exclusion", note)
    assert status == "met", reason


def test_current_codeine_is_use_of_opioids() -> None:
    status, reason = _status(
        _OPIOIDS, "exclusion", "Osteoarthritis; takes codeine phosphate 30 mg four times daily."
    )
    assert status == "met", reason


def test_a_past_ibuprofen_course_is_no_ongoing_treatment_with_analgesics() -> None:
    status, reason = _status(
        _ANALGESICS,
        "exclusion",
        "Took ibuprofen for a sprained ankle in 2019.",
    )
    assert status != "met", reason


def test_sulfasalazine_is_a_5_asa_drug() -> None:
    status, reason = _status(
        _FIVE_ASA,
        "inclusion",
        "Ulcerative colitis since 2020; takes sulfasalazine 1 g twice daily.",
    )
    assert status == "not_met", reason


def test_mesalazine_is_a_5_asa_drug() -> None:
    status, reason = _status(
        _FIVE_ASA, "inclusion", "Ulcerative colitis since 2020; takes mesalazine 2.4 g daily."
    )
    assert status == "not_met", reason


def test_current_salmeterol_is_a_long_acting_beta_agonist() -> None:
    status, reason = _status(
        _LABA, "exclusion", "Asthma; takes salmeterol 50 micrograms inhaled twice daily."
    )
    assert status == "met", reason


def test_salbutamol_as_needed_is_no_long_acting_beta_agonist() -> None:
    status, reason = _status(_LABA, "exclusion", "Asthma; salbutamol inhaler as needed.")
    assert status != "met", reason


def test_paracetamol_is_no_narcotic_analgesic() -> None:
    status, reason = _status(
        "Regular use of narcotic analgesics (>2 doses per week).",
        "exclusion",
        "Knee pain; takes paracetamol 1 g four times daily.",
    )
    assert "on analgesics" not in reason, reason
    assert status != "met", reason


def test_analgesic_dependence_is_no_analgesic_taken() -> None:
    status, reason = _status(
        "Current or previous history of analgesic dependence",
        "exclusion",
        "Knee pain; takes paracetamol 1 g four times daily.",
    )
    assert status != "met", reason


def test_a_maintenance_mycophenolate_order_is_current_immunosuppressive_therapy() -> None:
    """Round ten's FHIR record orders mycophenolate mofetil (active, authored 2020) for
    myasthenia gravis; maintenance immunosuppression runs for years on one order, so the old
    order is no stale one and mycophenolate (WHO ATC L04AA06) is an immunosuppressant."""
    patient = _round_patient("ten", "myasthenia gravis after a crisis, with HIV (FHIR)")
    judgement = judged("Currently receiving an immunosuppressive therapy", "inclusion", patient)
    assert judgement.status == "met", judgement.reason
