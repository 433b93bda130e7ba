"""Issue 12 (drugs-nine): common medicines a record orders that the lexicon lacked.

The Synthea export and the hand-written patients order mycophenolate mofetil, hydroxychloroquine
sulfate, mesalamine, albuterol and acetaminophen; none was read as anything, so a criterion
naming the drug (or, for mycophenolate, its class) could not be told. ``concepts.json`` now
holds each ingredient under its WHO ATC code with its US and British names (albuterol /
salbutamol, mesalamine / mesalazine, acetaminophen / paracetamol). Neither mycophenolate
(L04AA06) nor hydroxychloroquine (P01BA02, an antimalarial) is yet read as an immunosuppressant.
Real criterion text, real orders.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from test_judge_entailment import facts, judged
from trialfinder.fhir import InputProblem, read_bulk_export
from trialfinder.match import Judgement
from trialfinder.patient import extract_facts

SYNTHEA = Path(__file__).resolve().parents[2] / "shared" / "data" / "fhir_bulk_synthea_10"

_IMMUNOSUPPRESSIVE = (
    "patients with long-term use of immunosuppressive drugs or with immunodeficiency."
)
_MESALAMINE = (
    "Inadequate response to ongoing treatment with oral mesalamine ≥2.4 g/day for ≥4 weeks "
    "from screening visit"
)
_ALLERGY = "Allergy to acetaminophen"


def _as_pair(judgement: Judgement) -> tuple[str, str]:
    return judgement.status, judgement.reason


def _status(text: str, kind: str, note: str) -> tuple[str, str]:
    """The criterion's (status, reason) for a 50-year-old woman the note describes."""
    return _as_pair(judged(text, kind, facts(age=50, sex="female", note=note)))


def test_a_mycophenolate_mofetil_order_is_read_as_mycophenolate() -> None:
    note = "Kidney transplant 2015; takes mycophenolate mofetil 500 MG Oral Tablet twice daily."
    assert "mycophenolate" in {f.concept for f in facts(age=50, sex="female", note=note).facts}


def test_hydroxychloroquine_is_not_an_immunosuppressive_drug() -> None:
    status, reason = _status(
        _IMMUNOSUPPRESSIVE,
        "exclusion",
        "Lupus; takes hydroxychloroquine sulfate 200 MG Oral Tablet daily.",
    )
    assert status != "met", reason


def test_mesalazine_is_the_british_name_of_mesalamine() -> None:
    status, reason = _status(
        _MESALAMINE, "inclusion", "Ulcerative colitis; takes mesalazine 1.2 g by mouth daily."
    )
    assert status != "not met", reason
    assert "mesala" in reason.lower()


def test_taking_acetaminophen_is_no_allergy_to_it() -> None:
    status, reason = _status(
        _ALLERGY, "exclusion", "Osteoarthritis; takes acetaminophen 325 MG Oral Tablet as needed."
    )
    assert status != "met", reason


@pytest.mark.skipif(not SYNTHEA.exists(), reason="../shared/data/fhir_bulk_synthea_10 not found")
def test_the_synthea_albuterol_and_acetaminophen_orders_are_read() -> None:
    problems: list[InputProblem] = []
    (patient,) = [
        p for p in read_bulk_export(SYNTHEA, problems.append) if p.id.startswith("fb7c882a")
    ]
    concepts = {f.concept for f in extract_facts(patient.profile).facts}
    assert {"salbutamol", "paracetamol"} <= concepts
