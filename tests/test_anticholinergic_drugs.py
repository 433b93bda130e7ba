"""Issue 12 (drugs-seven): anticholinergic drugs as a family.

"Anticholinergic drugs" (NCT00739713, a dry-eye trial: the drugs dry the eye), "Treatment
with anticholinergic medication in the last 2 months" and "Current use of medication that
may affect voiding (ie- anticholinergics)" name a drug class; a letter names its members
("oxybutynin 5 mg twice daily", "amitriptyline 10 mg at night"). ``concepts.json`` now holds
``anticholinergic_drug`` with the antimuscarinics of WHO ATC G04BD (urinary), R03BB
(inhaled), A03B/A03AB (belladonna alkaloids, glycopyrronium) and N04A (antiparkinson), and
the tricyclic antidepressants the Anticholinergic Cognitive Burden scale scores 3 (strong);
``long_acting_muscarinic_antagonist`` (R03BB's tiotropium, umeclidinium, aclidinium) is one
of its members, so "long-acting anticholinergics" is not met by oxybutynin. Real criterion
text.
"""

from __future__ import annotations

from test_judge_entailment import facts, judged
from trialfinder.match import Judgement

_ANTICHOLINERGIC_DRUGS = "Anticholinergic drugs"
_RECENT = "Treatment with anticholinergic medication in the last 2 months"
_LONG_ACTING = "Use of long-acting anticholinergics (tiotropium) within 48 hours before the visit"


def _as_pair(judgement: Judgement) -> tuple[str, str]:
    return judgement.status, judgement.reason


def _status(text: str, note: str) -> tuple[str, str]:
    """The exclusion's (status, reason) for a 60-year-old woman the note describes."""
    return _as_pair(judged(text, "exclusion", facts(age=60, sex="female", note=note)))


def test_oxybutynin_is_an_anticholinergic_drug() -> None:
    status, reason = _status(
        _ANTICHOLINERGIC_DRUGS,
        "62F Sjogren's syndrome with dry eyes; overactive bladder on oxybutynin 5 mg twice daily.",
    )
    assert status == "met", reason
    assert "anticholinergic" in reason.lower()


def test_amitriptyline_a_strongly_anticholinergic_tricyclic_is_an_anticholinergic_drug() -> None:
    status, reason = _status(
        _ANTICHOLINERGIC_DRUGS, "58F dry eyes; takes amitriptyline 10 mg at night for sleep."
    )
    assert status == "met", reason


def test_an_inhaled_antimuscarinic_is_an_anticholinergic_medication() -> None:
    status, reason = _status(_RECENT, "70M COPD on tiotropium 18 micrograms inhaled daily.")
    assert status == "met", reason


def test_metformin_and_sertraline_are_not_anticholinergic_drugs() -> None:
    status, reason = _status(
        _ANTICHOLINERGIC_DRUGS, "60F dry eyes; type 2 diabetes on metformin, sertraline 50 mg."
    )
    assert status != "met", reason


def test_oxybutynin_is_not_a_long_acting_inhaled_anticholinergic() -> None:
    status, reason = _status(_LONG_ACTING, "70M COPD; overactive bladder on oxybutynin 5 mg.")
    assert status != "met", reason
    assert _status(_LONG_ACTING, "70M COPD on umeclidinium inhaled daily.")[0] == "met"
