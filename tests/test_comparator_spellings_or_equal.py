"""Issue 12: "< or=" and "> or=" (no space before the equals sign) are "≤" and "≥".

"postnatal age < or= 28 days" (Chia NCT02550028, development half) was read as an age of
exactly 28 days, so a newborn of ten days did not meet it; "< or =" and "<or=" were read
already. Real lines of ``../shared/data``.
"""

from __future__ import annotations

from test_criteria_extraction import CHIA, _corpus_criterion, _readings


def test_less_than_or_equal_written_without_a_space_before_the_equals_sign_is_at_most() -> None:
    newborn = _corpus_criterion(CHIA, "NCT02550028_inc", "postnatal age < or= 28 days")
    assert ("age", "<=", 28.0, None, "day") in _readings(newborn)
