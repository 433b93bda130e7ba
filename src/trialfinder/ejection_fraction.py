"""Heart failure kinds an ejection fraction defines: HFrEF, HFpEF against a note's LVEF.

A trial asking for "heart failure with reduced ejection fraction" means the patient's left
ventricular ejection fraction lies in the kind's range (ESC 2021: HFrEF LVEF ≤ 40 %, HFpEF
≥ 50 %). A note often writes the disease and the number, not the kind ("heart failure, EF
35%"), so the judge needs the range to read the kind from the number; and a note naming
the kind ("HFrEF") bounds the number by the same range, no further ("LVEF < 30 %" is not
said by "HFrEF"). The ranges are data (``data/criteria/ejection_fraction.json``, source in
``docs/criteria.md``), checked against the lexicon once at load so a typo fails loudly.
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Literal

import msgspec

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import Measurement

__all__ = ["EjectionFractionKind", "ejection_fraction_kind", "ejection_fraction_kinds"]


class EjectionFractionKind(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One heart failure kind: the lexicon concept and the LVEF range (percent) defining it."""

    concept: str
    comparator: Literal["<=", ">="]
    value: float
    # The range as a reason writes it ("LVEF ≤ 40 %").
    written: str

    @property
    def bound(self) -> Measurement:
        """The range as a criterion's threshold, so the judge compares a note's LVEF with it
        by the one reading of measurements it has."""
        return Measurement(
            analyte="lvef",
            comparator=self.comparator,
            value=self.value,
            text=self.written,
            unit="percent",
            canonical_value=self.value,
        )


class _Kinds(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    description: str
    analyte: str
    kinds: tuple[EjectionFractionKind, ...]


@functools.cache
def ejection_fraction_kinds() -> dict[str, EjectionFractionKind]:
    """The kinds by concept, validated: every concept and the analyte are the lexicon's."""
    path = resources.files("trialfinder") / "data" / "criteria" / "ejection_fraction.json"
    data = msgspec.json.decode(path.read_bytes(), type=_Kinds)
    lexicon = load_lexicon()
    unknown = sorted(k.concept for k in data.kinds if k.concept not in lexicon.concepts)
    if unknown or data.analyte not in lexicon.analytes or data.analyte != "lvef":
        raise ValueError(f"ejection_fraction.json: unknown concepts {unknown} or analyte")
    return {kind.concept: kind for kind in data.kinds}


def ejection_fraction_kind(concept: str | None) -> EjectionFractionKind | None:
    """The kind ``concept`` is, when an ejection fraction range defines it."""
    return None if concept is None else ejection_fraction_kinds().get(concept)
