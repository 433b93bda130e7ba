"""Issue 12 (drugs-five): lipid-lowering and anti-obesity drugs as families.

"Ongoing treatment with statins, fibrates, and/or cation exchange resins" (Chia NCT03532620),
"Current treatment with PCSK9 inhibitor" (LCT NCT03861533), "Lipid lowering agents:
gemfibrozil" (Chia NCT02890719) and "Currently taking weight loss medications" (LCT
NCT03867981), "active weight suppression medication (e.g. phentermine, orlistat, …)" (Chia
NCT03355469) named drug classes no note drug could meet: ``concepts.json`` now holds
``lipid_lowering_agent`` (MeSH Hypolipidemic Agents D000960 / Anticholesteremic Agents
D000924: statins, ezetimibe, PCSK9 inhibitors, fibrates) and ``anti_obesity_agent`` (MeSH
Anti-Obesity Agents D019440 / Appetite Depressants D001067; the GLP-1 receptor agonists the
FDA labels for chronic weight management). Semaglutide, liraglutide and tirzepatide keep
their GLP-1 (antidiabetic) family and join the anti-obesity one: a drug with two families;
dulaglutide, not labelled for weight, stays out of it. Real criterion text.
"""

from __future__ import annotations

from test_judge_entailment import facts
from trialfinder.evaluate import criterion_from_text as criterion_from
from trialfinder.match import judge

_FIBRATES = (
    "Ongoing treatment with statins, fibrates, and/or cation exchange resins within 2 weeks;"
)
_PCSK9 = "Current treatment with PCSK9 inhibitor"
_LIPID_AGENTS = "Lipid lowering agents: gemfibrozil"
_WEIGHT = "Currently taking weight loss medications"
_SUPPRESSION = (
    "Currently taking active weight suppression medication (e.g. phentermine,orlistat, "
    "lorcaserin, naltrexone-bupropion in combination, liraglutide, benzephetamine, "
    "diethylpropion, phendimetrazine)"
)


def _status(text: str, note: str, section: str = "exclusion") -> tuple[str, str]:
    judgement = judge(criterion_from(text, section), facts(age=55, sex="male", note=note))
    return judgement.status, judgement.reason


def meets(text: str, note: str, section: str = "exclusion") -> None:
    status, reason = _status(text, note, section)
    assert status == "met", reason


def does_not_meet(text: str, note: str, section: str = "exclusion") -> None:
    status, reason = _status(text, note, section)
    assert status != "met", reason


def test_fenofibrate_is_a_fibrate() -> None:
    meets(_FIBRATES, "55M, hypertriglyceridaemia on fenofibrate 145 mg daily.")


def test_evolocumab_is_a_pcsk9_inhibitor() -> None:
    meets(_PCSK9, "60M, familial hypercholesterolaemia on evolocumab every 2 weeks.")


def test_ezetimibe_is_a_lipid_lowering_agent() -> None:
    meets(_LIPID_AGENTS, "58M, dyslipidaemia on ezetimibe 10 mg daily.")


def test_a_note_without_lipid_drugs_does_not_meet_a_lipid_family() -> None:
    note = "40M, asthma on salbutamol as needed."
    for text in (_FIBRATES, _PCSK9, _LIPID_AGENTS):
        status, reason = _status(text, note)
        assert status != "met", (text, reason)


def test_orlistat_is_a_weight_loss_medication() -> None:
    meets(_WEIGHT, "45F, obesity, on orlistat 120 mg three times daily.")


def test_semaglutide_is_both_an_antidiabetic_and_a_weight_loss_medication() -> None:
    note = "52M, type 2 diabetes and obesity on semaglutide 1 mg weekly."
    meets(_WEIGHT, note)
    meets("Use of antidiabetic drugs", note)


def test_dulaglutide_is_not_a_weight_loss_medication() -> None:
    does_not_meet(_WEIGHT, "52M, type 2 diabetes on dulaglutide 1.5 mg weekly.")


def test_phentermine_meets_the_listed_weight_suppression_medication() -> None:
    meets(_SUPPRESSION, "38F, BMI 34, on phentermine 15 mg daily.")


_OTHER_THAN = (
    "The use of weight-lowering drugs, any investigational blood-glucose or lipid-lowering "
    "agent (other than statins or ezetimibe) within the past 3 months"
)


def test_a_member_of_an_excepted_family_does_not_meet_the_family() -> None:
    # Chia NCT02823808: atorvastatin is a statin, and statins are let off.
    does_not_meet(_OTHER_THAN, "50M, hypercholesterolaemia on atorvastatin 40 mg daily.")


def test_a_member_outside_the_exception_still_meets_the_family() -> None:
    meets(_OTHER_THAN, "50M, hypertriglyceridaemia on fenofibrate 145 mg daily.")
