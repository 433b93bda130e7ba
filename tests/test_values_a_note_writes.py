"""Values a note writes that the reader used to miss: a multiplier word, a size before its noun,
pack-years spelled short or denied, a weight loss worked out from two weights.

A referral writes numbers the way clinicians speak them ("HIV RNA 1.2 million copies/mL",
"14 mm nodule", "20 pk-yr", "lost 10 kg from 80 kg"); read wrongly, a value far above a
threshold reads as below it. These tests hold the readings against the real criteria of the
reference trials and the hand-written patients' answers.
"""

from __future__ import annotations

from test_judge_entailment import facts, judged

_HIV_LOAD_EXCLUSION = "Presenting with a viral load of more than 400 copies/mL prior to enrollment"


def _load_status(note: str) -> tuple[str, str]:
    """NCT05348876's exclusion on an HIV viral load above 400 copies/mL, against ``note``."""
    judgement = judged(_HIV_LOAD_EXCLUSION, "exclusion", facts(note=note))
    return judgement.status, judgement.reason


def test_million_multiplies_the_number_it_follows() -> None:
    """ "1.2 million copies/mL" is 1,200,000 copies/mL, far above 400 — it was read as 1.2 and
    the exclusion as not met (the wrong direction)."""
    status, reason = _load_status("38 year old man with HIV. HIV-1 RNA 1.2 million copies/mL.")
    assert status == "met", reason
    assert "1,200,000" in reason


def test_a_capital_m_after_a_viral_load_is_a_million() -> None:
    """ "2.5M copies/mL", as a lab slip writes it."""
    status, reason = _load_status("38 year old man with HIV. Viral load 2.5M copies/mL.")
    assert status == "met", reason
    assert "2,500,000" in reason


def test_a_load_with_its_qualifier_keeps_the_qualifier() -> None:
    """ "< 20 copies/mL" and "undetectable" stay below 400 (the comparator is kept)."""
    for note in ("HIV viral load < 20 copies/mL.", "HIV viral load undetectable."):
        status, reason = _load_status("38 year old man with HIV. " + note)
        assert status == "not_met", reason
