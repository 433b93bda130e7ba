"""Issue 12 (drug-classes): the class words criteria use and the drugs under them.

Criteria name a class ("Ongoing treatment with analgesics", "No history of using 5-ASA",
"long-acting beta-agonists (LABA)", "Use of opioids") where a note names the ingredient
(paracetamol, tramadol, sulfasalazine, salmeterol, codeine). ``concepts.json`` files each
ingredient under its class as the WHO ATC classification does (N02 analgesics: N02A opioids,
N02BE paracetamol, N02BF gabapentinoids; M01A the NSAIDs; A07EC aminosalicylic acid and similar
agents; R03AC selective beta-2-adrenoreceptor agonists; L04 immunosuppressants), US and British
names both. A current ingredient meets the class; a past one does not meet a criterion about
current use. Real criterion text from ../shared/data (Chia, ClinicalTrials.gov).
"""

from __future__ import annotations

import pytest

from test_hand_written_patients import _round_patient
from test_judge_entailment import facts, judged

_ANALGESICS = "Ongoing treatment with analgesics"
_OPIOIDS = "Use of opioids or neuropathic analgesics"
_FIVE_ASA = "No history of using 5-ASA, biological or immunomodulatory therapy"
_LABA = (
    "Use of cromyolyn, leukotriene receptor antagonists (LTRA), nedocromil, zileuton, "
    "theophylline, or long-acting beta-agonists (LABA) within 1 month prior to screening"
)
_NARCOTIC = "Regular use of narcotic analgesics (>2 doses per week)."
_DEPENDENCE = "Current or previous history of analgesic dependence"

# (criterion, kind, the note of a 50-year-old woman, what the judge must answer; "not met"
# alone is written "!met": the criterion may stay unknown, never met).
_CASES = {
    "current_paracetamol_is_ongoing_treatment_with_analgesics": (
        _ANALGESICS,
        "exclusion",
        "Osteoarthritis of the knee; takes paracetamol 1 g four times daily.",
        "met",
    ),
    "current_tramadol_is_an_analgesic": (
        _ANALGESICS,
        "exclusion",
        "Chronic low back pain; takes tramadol 50 mg twice daily.",
        "met",
    ),
    "current_tramadol_is_use_of_opioids": (
        _OPIOIDS,
        "exclusion",
        "Chronic low back pain; takes tramadol 50 mg twice daily.",
        "met",
    ),
    "current_codeine_is_use_of_opioids": (
        _OPIOIDS,
        "exclusion",
        "Osteoarthritis; takes codeine phosphate 30 mg four times daily.",
        "met",
    ),
    "a_past_ibuprofen_course_is_no_ongoing_treatment_with_analgesics": (
        _ANALGESICS,
        "exclusion",
        "Took ibuprofen for a sprained ankle in 2019.",
        "!met",
    ),
    "sulfasalazine_is_a_5_asa_drug": (
        _FIVE_ASA,
        "inclusion",
        "Ulcerative colitis since 2020; takes sulfasalazine 1 g twice daily.",
        "not_met",
    ),
    "mesalazine_is_a_5_asa_drug": (
        _FIVE_ASA,
        "inclusion",
        "Ulcerative colitis since 2020; takes mesalazine 2.4 g daily.",
        "not_met",
    ),
    "current_salmeterol_is_a_long_acting_beta_agonist": (
        _LABA,
        "exclusion",
        "Asthma; takes salmeterol 50 micrograms inhaled twice daily.",
        "met",
    ),
    "salbutamol_as_needed_is_no_long_acting_beta_agonist": (
        _LABA,
        "exclusion",
        "Asthma; salbutamol inhaler as needed.",
        "!met",
    ),
    "paracetamol_is_no_narcotic_analgesic": (
        _NARCOTIC,
        "exclusion",
        "Knee pain; takes paracetamol 1 g four times daily.",
        "!met",
    ),
    "analgesic_dependence_is_no_analgesic_taken": (
        _DEPENDENCE,
        "exclusion",
        "Knee pain; takes paracetamol 1 g four times daily.",
        "!met",
    ),
}


@pytest.mark.parametrize(("criterion", "kind", "note", "expected"), _CASES.values(), ids=_CASES)
def test_a_class_is_met_by_its_current_ingredient(
    criterion: str, kind: str, note: str, expected: str
) -> None:
    judgement = judged(criterion, kind, facts(age=50, sex="female", note=note))
    if expected == "!met":
        assert judgement.status != "met", judgement.reason
        assert "on analgesics" not in judgement.reason
    else:
        assert judgement.status == expected, judgement.reason


def test_a_maintenance_mycophenolate_order_is_current_immunosuppressive_therapy() -> None:
    """Round ten's FHIR record orders mycophenolate mofetil (active, authored 2020) for
    myasthenia gravis; maintenance immunosuppression runs for years on one order, so the old
    order is no stale one and mycophenolate (WHO ATC L04AA06) is an immunosuppressant."""
    patient = _round_patient("ten", "myasthenia gravis after a crisis, with HIV (FHIR)")
    judgement = judged("Currently receiving an immunosuppressive therapy", "inclusion", patient)
    assert judgement.status == "met", judgement.reason


def test_an_old_pyridostigmine_order_is_a_current_acetylcholinesterase_inhibitor() -> None:
    """The same record orders pyridostigmine bromide (active, authored 2019): the symptomatic
    drug of myasthenia gravis is taken for years on one order, and it is a cholinesterase
    inhibitor (MeSH D002800; WHO ATC N07AA02)."""
    patient = _round_patient("ten", "myasthenia gravis after a crisis, with HIV (FHIR)")
    judgement = judged(
        "Currently receiving an acetylcholinesterase inhibitor", "inclusion", patient
    )
    assert judgement.status == "met", judgement.reason


_HORMONAL_AGENTS = "Prior therapy with hormonal agents"


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        (
            "Recurrent endometrial cancer. Took Provera (medroxyprogesterone) for four months.",
            "met",
        ),
        ("Endometrial cancer treated with megestrol acetate in 2025.", "met"),
        (
            "Endometrial carcinoma after carboplatin/paclitaxel. Never had hormonal therapy.",
            "not_met",
        ),
        ("Recurrent endometrial cancer after two lines of chemotherapy.", "unknown"),
    ],
)
def test_prior_hormonal_agents_are_read_from_the_progestogen_named(
    note: str, expected: str
) -> None:
    """WHO ATC G03D / L02AB progestogens (medroxyprogesterone, megestrol) are hormonal agents."""
    judgement = judged(_HORMONAL_AGENTS, "exclusion", facts(age=60, sex="female", note=note))
    assert judgement.status == expected, judgement.reason
