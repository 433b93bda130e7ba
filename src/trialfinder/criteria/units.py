"""Units: reading them from text and converting between them with pint.

Spellings come from ``units.json``; conversions use a pint registry extended
with the definitions in that file (international units, viral copies, ULN
multiples). Mass <-> molar concentration needs the analyte's molar mass,
which is data in ``analytes.json`` (bilirubin 584.66 g/mol, creatinine
113.12 g/mol, ...). Conversion factors are computed once per unit pair and
cached, because pint itself is far too slow to call per criterion at ingest.
"""

from __future__ import annotations

import functools

import pint

from trialfinder.criteria.lexicon import Analyte, Lexicon, load_lexicon

__all__ = [
    "UNIT_TEXT_TRANSLATION",
    "UnitReader",
    "conversion",
    "convert",
    "get_unit_reader",
    "is_plausible",
    "to_canonical",
]

# One character for one character, so offsets in normalised text stay valid.
UNIT_TEXT_TRANSLATION = str.maketrans(
    {
        "µ": "u",
        "μ": "u",
        "²": "2",
        "³": "3",
        "×": "x",
        "−": "-",
        "–": "-",
        "—": "-",
        "＞": ">",
        "＜": "<",
        "，": ",",
        "⁰": "0",
        "¹": "1",
        "⁴": "4",
        "⁵": "5",
        "⁶": "6",
        "⁷": "7",
        "⁸": "8",
        "⁹": "9",
    }
)


def _is_word_char(char: str) -> bool:
    """What the regex ``\\w`` matches, without a regex call."""
    return char.isalnum() or char == "_"


class UnitReader:
    """Finds a unit spelling at a position in normalised lowercase text."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._by_spelling: dict[str, str] = {}
        for unit in lexicon.unit_table.units:
            for spelling in unit.spellings:
                self._by_spelling.setdefault(spelling.translate(UNIT_TEXT_TRANSLATION), unit.pint)
        # Spelling lengths per first character, longest first: a position costs a
        # handful of dict lookups rather than one per spelling length.
        lengths: dict[str, set[int]] = {}
        for spelling in self._by_spelling:
            lengths.setdefault(spelling[0], set()).add(len(spelling))
        self._lengths = {char: sorted(sizes, reverse=True) for char, sizes in lengths.items()}
        self.registry: pint.UnitRegistry[float] = pint.UnitRegistry(
            autoconvert_offset_to_baseunit=True
        )
        for definition in lexicon.unit_table.definitions:
            self.registry.define(definition)

    def read(self, text: str, position: int) -> tuple[str, int] | None:
        """The pint unit written at ``text[position:]`` (after spaces) and where it ends."""
        start = position
        length = len(text)
        while start < length and text[start] == " ":
            start += 1
        if start >= length:
            return None
        for size in self._lengths.get(text[start], ()):
            end = start + size
            if end > length:
                continue
            unit = self._by_spelling.get(text[start:end])
            if unit is None:
                continue
            if _is_word_char(text[end - 1]) and end < length and _is_word_char(text[end]):
                continue  # "mg" inside "mgs": not a unit
            return unit, end
        return None


@functools.cache
def get_unit_reader() -> UnitReader:
    return UnitReader(load_lexicon())


@functools.lru_cache(maxsize=4096)
def conversion(source: str, target: str, molar_mass: float | None) -> tuple[float, float] | None:
    """``(scale, offset)`` with ``target = source * scale + offset``, or None if impossible."""
    registry = get_unit_reader().registry
    try:
        if molar_mass is None:
            one = registry.Quantity(1.0, source).to(target).magnitude
            two = registry.Quantity(2.0, source).to(target).magnitude
        else:
            with registry.context("chemistry", mw=molar_mass * registry("g/mol")):
                one = registry.Quantity(1.0, source).to(target).magnitude
                two = registry.Quantity(2.0, source).to(target).magnitude
    except (pint.PintError, ValueError, TypeError, ArithmeticError):
        return None
    scale = float(two - one)
    return scale, float(one) - scale


def convert(
    value: float, source: str, target: str, molar_mass: float | None = None
) -> float | None:
    """Convert a value between pint units; None when the dimensions differ."""
    if source == target:
        return value
    factors = conversion(source, target, None)
    if factors is None and molar_mass is not None:
        factors = conversion(source, target, molar_mass)
    if factors is None:
        return None
    scale, offset = factors
    return value * scale + offset


def to_canonical(analyte: Analyte, value: float, unit: str | None) -> float | None:
    """The value in the analyte's canonical unit (None when the unit does not fit)."""
    target = analyte.canonical_unit
    if unit is None:
        unit = analyte.default_unit
        if unit is None:
            return value if target is None else None
    if target is None:
        return value if unit in ("points", "percent") else None
    return convert(value, unit, target, analyte.molar_mass)


def is_plausible(analyte: Analyte, canonical_value: float) -> bool:
    """False for thresholds no real patient value could take (unit slips like "FSH > 25 IU/mL")."""
    if analyte.plausible is None:
        return True
    low, high = analyte.plausible
    return low <= canonical_value <= high
