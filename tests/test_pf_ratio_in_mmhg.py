"""The PaO2/FiO2 ratio is written in mmHg (PaO2 in mmHg over FiO2 as a fraction; the
Berlin definition of ARDS: "PaO2/FiO2 ≤ 300 mm Hg"): a threshold with that unit is the
ratio's, not a unit that cannot measure it (issue 12; Chia development half)."""

from __future__ import annotations

from trialfinder.criteria.model import Measurement
from trialfinder.criteria.parse import analyse_text, parse_criterion


def _read(text: str) -> list[tuple[str, str, float, str | None, bool]]:
    return [
        (m.analyte, m.comparator, m.value, m.unit, m.unit_assumed)
        for m, _, _ in analyse_text(text).measurements
    ]


def test_a_ratio_threshold_in_mmhg_is_read() -> None:
    assert _read("PaO2/FiO2 ratio ≤ 300 mmHg") == [("pf_ratio", "<=", 300.0, "mmHg", False)]
    # Chia development half (NCT02676427): "a ratio PaO2/FiO2 = 200 mmHg" (a lost "≤").
    assert ("pf_ratio", "=", 200.0, "mmHg", False) in _read(
        "respiratory insufficiency (defined by a ratio PaO2/FiO2 = 200 mmHg and PEEP = 5 cmH2O)"
    )


def test_a_ratio_in_kilopascals_is_the_same_threshold_in_mmhg() -> None:
    constraints, _ = parse_criterion("P/F ratio < 40 kPa", "inclusion")
    (ratio,) = [c for c in constraints if isinstance(c, Measurement)]
    assert ratio.analyte == "pf_ratio"
    assert ratio.canonical_value is not None and abs(ratio.canonical_value - 300.0) < 1.0


def test_a_bare_ratio_is_still_read() -> None:
    assert [r[:3] for r in _read("PaO2/FiO2 < 300")] == [("pf_ratio", "<", 300.0)]
