"""Issue 12 (drugs-six): HCV direct-acting antivirals and insulins as families.

"HCV treatment-naïve, as defined as no prior exposure to any … HCV-specific direct-acting
antiviral agent" (Chia NCT02759861; the tests ask its words without the "no") names a drug
class, and a note names its members
(ledipasvir/sofosbuvir, glecaprevir/pibrentasvir): ``concepts.json`` now holds
``hcv_direct_acting_antiviral`` (WHO ATC J05AP less ribavirin; the FDA's Established
Pharmacologic Classes NS5A inhibitor, NS5B polymerase inhibitor, NS3/4A protease
inhibitor), still an antiviral. "Previous therapy with BBIT (basal insulin and at least once
daily bolus insulin)" (Chia NCT02965443) and "treated with basal insulin plus 1-3 bolus
insulin injections per day" (LCT NCT03862690) name insulin classes a note writes as analogues
("glargine 24 units and aspart with meals"): ``basal_insulin`` (ATC A10AE, A10AC) and
``bolus_insulin`` (ATC A10AB) are members of ``insulin``. "Insulin treated diabetes" (Chia
NCT03336801) counts diabetes only when insulin treats it: the treatment written before the
condition is what the condition must have needed, as one written after it ("diabetes
requiring insulin") already was. Real criterion text.
"""

from __future__ import annotations

from test_judge_entailment import facts
from trialfinder.evaluate import criterion_from_text as criterion_from
from trialfinder.match import judge

_DAA_EXPOSED = "Prior exposure to any HCV-specific direct-acting antiviral agent"
_BBIT = "Previous therapy with BBIT (basal insulin and at least once daily bolus insulin)"
_BASAL_PLUS_BOLUS = (
    "Diagnosed with type 2 diabetes and treated with basal insulin plus 1-3 bolus insulin"
    " injections per day for at least 24 weeks prior to informed consent"
)
_INSULIN_TREATED = "Insulin treated diabetes"


def _status(text: str, note: str, section: str = "exclusion") -> tuple[str, str]:
    judgement = judge(criterion_from(text, section), facts(age=55, sex="male", note=note))
    return judgement.status, judgement.reason


def test_a_ledipasvir_sofosbuvir_course_is_a_prior_direct_acting_antiviral() -> None:
    status, reason = _status(
        _DAA_EXPOSED,
        "48M chronic hepatitis C genotype 1a, treated with ledipasvir/sofosbuvir "
        "in 2019, relapsed.",
    )
    assert status == "met", reason
    assert "direct-acting antiviral" in reason


def test_glecaprevir_pibrentasvir_is_a_direct_acting_antiviral_an_ns5a_inhibitor_too() -> None:
    note = "55F chronic hepatitis C, cured with glecaprevir/pibrentasvir in 2020, SVR12."
    assert _status(_DAA_EXPOSED, note)[0] == "met"
    assert _status("Prior treatment with an NS5A inhibitor", note)[0] == "met"


def test_hepatitis_b_antivirals_are_not_hcv_direct_acting_antivirals() -> None:
    status, reason = _status(_DAA_EXPOSED, "50M chronic hepatitis B on tenofovir 245 mg daily.")
    assert status != "met", reason


def test_a_daa_is_still_an_antiviral() -> None:
    note = "50M hepatitis C on sofosbuvir/velpatasvir since March."
    assert _status("Current antiviral therapy", note)[0] == "met"


def test_a_dasabuvir_regimen_is_not_sofosbuvir_based() -> None:
    status, reason = _status(
        "Previously treated with sofosbuvir-based regimen",
        "HCV genotype 1, treated with ombitasvir/paritaprevir/ritonavir and dasabuvir in 2016.",
        "inclusion",
    )
    assert status != "met", reason


def test_glargine_and_lispro_are_basal_and_bolus_insulin() -> None:
    note = "60M type 2 diabetes on insulin glargine 30 units at night and lispro with meals."
    status, reason = _status(_BBIT, note, "inclusion")
    assert status != "not_met", reason
    assert "patient is on basal insulin" in reason
    status, reason = _status(_BASAL_PLUS_BOLUS, note, "inclusion")
    assert status != "not_met", reason
    assert "does not mention" not in reason


def test_an_insulin_analogue_is_insulin() -> None:
    status, reason = _status(
        "Use of insulin within 3 months", "60M type 2 diabetes on degludec 20 units daily."
    )
    assert status == "met", reason


def test_metformin_is_not_insulin() -> None:
    status, reason = _status(
        "Use of basal insulin", "60M type 2 diabetes on metformin 1 g twice daily."
    )
    assert status != "met", reason


def test_insulin_treated_diabetes_does_not_exclude_diabetes_on_metformin() -> None:
    status, reason = _status(_INSULIN_TREATED, "60M type 2 diabetes on metformin 1 g twice daily.")
    assert status != "met", reason
    assert "insulin" in reason


def test_insulin_treated_diabetes_excludes_diabetes_on_glargine() -> None:
    status, reason = _status(
        _INSULIN_TREATED, "60M type 2 diabetes on metformin and insulin glargine 20 units."
    )
    assert status == "met", reason
