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
import re

import pint

from trialfinder.criteria.lexicon import Analyte, Lexicon, load_lexicon

__all__ = [
    "NORMAL_LIMITS",
    "UNIT_TEXT_TRANSLATION",
    "UnitReader",
    "bare_value_unit",
    "conversion",
    "convert",
    "format_number",
    "format_quantity",
    "from_canonical",
    "get_unit_reader",
    "is_plausible",
    "limits_without_multiple",
    "plausible_unit",
    "to_canonical",
    "unit_normalised",
    "unit_words",
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
        "～": "~",
        "〜": "~",
        "－": "-",
        "‐": "-",
        "‑": "-",
        "％": "%",
        "＝": "=",
        "（": "(",
        "）": ")",
        "；": ";",
        "：": ":",
        **{chr(0xFF10 + digit): str(digit) for digit in range(10)},
        # Roman numeral characters lowercased ("Ⅲ".lower() is "ⅲ") read as the grades they are.
        **{chr(0x2170 + index): chr(0x2160 + index) for index in range(6)},
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


def unit_normalised(text: str) -> str:
    """``text`` with :data:`UNIT_TEXT_TRANSLATION` applied. Every character the table maps is
    beyond ASCII, so ASCII text (most criteria) comes back as it is: ``str.translate`` with a
    table pays a dict lookup a character, ~5% of a criteria parse when run on every text."""
    return text if text.isascii() else text.translate(UNIT_TEXT_TRANSLATION)


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
        self.display = lexicon.unit_table.display

    def read(self, text: str, position: int, cased: str = "") -> tuple[str, int] | None:
        """The pint unit written at ``text[position:]`` (after spaces) and where it ends.

        A spelling of the table, or the same spelling with spaces around its slash
        ("mg /dl", "kg/ m2"). ``cased`` is the text before lowercasing (same offsets), which
        tells a molar concentration from a length: "7.0 mM" is millimolar, "7.0 mm" millimetres.
        """
        start = position
        length = len(text)
        while start < length and text[start] == " ":
            start += 1
        if start >= length:
            return None
        found = self._spelling_at(text, start) or self._glued_multiple(text, start)
        if found is None:
            return None
        unit, end = found
        by_case = _CASED_UNITS.get(cased[start:end].translate(UNIT_TEXT_TRANSLATION))
        if by_case is not None and by_case[0] == unit:
            return by_case[1], end
        slash = _SPACED_SLASH.match(text, end)
        if slash is not None:
            written = text[start:end]
            joined = self._spelling_at(f"{written}/{text[slash.end() : slash.end() + 24]}", 0)
            if joined is not None and joined[1] > len(written) + 1:
                return joined[0], slash.end() + joined[1] - len(written) - 1
        return unit, end

    def _glued_multiple(self, text: str, start: int) -> tuple[str, int] | None:
        """A multiplication sign glued to the words after it ("3.0×the upper limit of
        normal", "1.5×upper limit of normal (UNL)"): read as the spelling with a space
        after the sign ("x the upper limit of normal")."""
        if text[start] != "x" or start + 1 >= len(text) or not text[start + 1].isalpha():
            return None
        found = self._spelling_at(f"x {text[start + 1 : start + 64]}", 0)
        if found is None or found[1] <= 2:
            return None
        return found[0], start + found[1] - 1

    def _spelling_at(self, text: str, start: int) -> tuple[str, int] | None:
        """The longest spelling of the table that starts at ``start``."""
        length = len(text)
        if start >= length:
            return None
        for size in self._lengths.get(text[start], ()):
            end = start + size
            if end > length:
                continue
            unit = self._by_spelling.get(text[start:end])
            if unit is None:
                continue
            if text[end - 1].isalpha() and end < length and _is_word_char(text[end]):
                continue  # "mg" inside "mgs": not a unit ("cells/mm3or less" is one)
            return unit, end
        return None


# Units told apart only by their case, read from the text as written: molar concentrations
# with a capital M ("7.0 mM", "15 µM") lowercase to lengths ("mm", "um"). As written ->
# (lowercase reading, unit).
_CASED_UNITS = {"mM": ("mm", "mmol/L"), "uM": ("um", "umol/L")}

# "mg /dl", "kg/ m2": a slash with a space on either side (the spellings have none).
_SPACED_SLASH = re.compile(r" +/ *| */ +")


@functools.cache
def get_unit_reader() -> UnitReader:
    return UnitReader(load_lexicon())


# The limits of the normal range a value may be given relative to ("2.5 x ULN", "< 0.8 x LLN").
NORMAL_LIMITS = frozenset({"ULN", "LLN"})
# Where a limit of normal may be written with no multiple before it: after "the", "local" or
# "institutional" ("above the local upper limit of normal", "below the lower limit of normal").
_BARE_LIMIT = re.compile(
    r"\b(?:the\s+)?(?:(?:local|institutional)\s+)?(?=uln\b|unl\b|upper\b|lln\b|lower\b)"
)
# A multiple's word written shortly before a limit, apart from it ("two times or more above
# the ULN", "2-fold above the upper limit"): the limit of a multiple, not the limit alone.
_MULTIPLE_BEFORE = re.compile(r"(?:\d|\b)(?:times|fold|twice|thrice|x)\b")


def limits_without_multiple(norm: str) -> list[tuple[int, int, int, str]]:
    """Each limit of normal ``norm`` (lowercase, unit-normalised) writes with no multiple
    ("creatinine above ULN", "< the upper limit of normal", "below the lower limit of
    normal"): once the limit. As (start, where the limit's words start, end, "ULN" or
    "LLN"). A limit with a multiple's word in the 25 characters before it is left out
    ("2 x ULN", "two times or more above ULN")."""
    if not any(word in norm for word in ("uln", "unl", "upper", "lln", "lower")):
        return []
    reader = get_unit_reader()
    found: list[tuple[int, int, int, str]] = []
    read_to = 0  # where the last limit read ends: "the local upper limit" is one limit
    previous_end = 0
    for match in _BARE_LIMIT.finditer(norm):
        unit = reader.read(norm, match.end())
        if unit is None or unit[0] not in NORMAL_LIMITS or match.start() < read_to:
            continue
        previous_end, read_to = read_to, unit[1]
        # The multiple's word is looked for since the last limit read ("> 2 x ULN, serum
        # calcium < LLN": the "x" is the first limit's).
        since = max(previous_end, match.start() - 25)
        if _MULTIPLE_BEFORE.search(norm, since, match.start()) is None:
            found.append((match.start(), match.end(), unit[1], unit[0]))
    return found


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
    if unit in analyte.conversions:
        scale, offset = analyte.conversions[unit]
        return value * scale + offset
    return convert(value, unit, target, analyte.molar_mass)


def from_canonical(analyte: Analyte, value: float, unit: str | None) -> float | None:
    """A canonical value in another of the analyte's units (the inverse of :func:`to_canonical`)."""
    target = analyte.canonical_unit
    if unit is None or target is None:
        return None
    if unit in analyte.conversions:
        scale, offset = analyte.conversions[unit]
        return (value - offset) / scale
    return convert(value, target, unit, analyte.molar_mass)


def is_plausible(analyte: Analyte, canonical_value: float) -> bool:
    """False for thresholds no real patient value could take (unit slips like "FSH > 25 IU/mL")."""
    if analyte.plausible is None:
        return True
    low, high = analyte.plausible
    return low <= canonical_value <= high


def _plausible_units(analyte: Analyte, value: float, exclude: str | None) -> list[str]:
    """The analyte's usual units (canonical, then conventional) in which ``value`` is plausible."""
    candidates = [analyte.canonical_unit, *analyte.other_units]
    found: list[str] = []
    for unit in candidates:
        if unit is None or unit == exclude or unit in found:
            continue
        canonical = to_canonical(analyte, value, unit)
        if canonical is not None and is_plausible(analyte, canonical):
            found.append(unit)
    return found


def bare_value_unit(analyte: Analyte, value: float) -> str | None:
    """The unit a value written without one is taken in, or None when that is not clear.

    The analyte's ``default_unit`` when the value is plausible in it (BMI is
    only ever kg/m²); otherwise the single usual unit the value is plausible
    in: a bare creatinine "1.2" can only be mg/dL, a bare platelet count
    "150000" only /µL, but a bare bilirubin "3.1" could be mg/dL or µmol/L and
    is not guessed.
    """
    if analyte.canonical_unit is None:
        return None
    if analyte.default_unit is not None:
        canonical = to_canonical(analyte, value, analyte.default_unit)
        if canonical is not None and is_plausible(analyte, canonical):
            return analyte.default_unit
    units = _plausible_units(analyte, value, exclude=None)
    return units[0] if len(units) == 1 else None


def plausible_unit(analyte: Analyte, value: float, stated: str | None) -> str | None:
    """For a threshold implausible in its ``stated`` unit: the one usual unit it is plausible in.

    "FSH > 25 IU/mL" (25,000 IU/L, no patient has it) is plausible as 25 IU/L;
    None when no single usual unit makes it plausible.
    """
    units = _plausible_units(analyte, value, exclude=stated)
    return units[0] if len(units) == 1 else None


def unit_words(unit: str | None) -> str:
    """A pint unit as clinicians write it: "kg/m²", "mL/min/1.73 m²", "×10⁹/L", "µmol/L".

    Every reason, label and question shows units through this; the pint
    expression (``kg/m**2``, ``1/nL``) is an internal name only.
    """
    if unit is None:
        return ""
    written = get_unit_reader().display.get(unit)
    if written is not None:
        return written
    readable = unit.replace("**2", "²").replace("**3", "³").replace("_per_", "/")
    readable = readable.replace("_", " ")
    return readable[1:] if readable.startswith("1/") else readable


def format_number(value: float) -> str:
    """Three significant figures below 1,000 ("0.15", "53.1"), whole thousands above."""
    return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"


def format_quantity(value: float, unit: str | None) -> str:
    """A value with its unit as clinicians write it: "3.1 mg/dL", "150 ×10⁹/L", "7%".

    Cell counts read per litre ("150 x 10^9/L" is 1.5e11 /L) are shown per
    10⁹/L, the way laboratories report them.
    """
    if unit == "1/L":
        value, unit = value / 1e9, "1/nL"
    words = unit_words(unit)
    if not words:
        return format_number(value)
    if words == "%":
        return f"{format_number(value)}%"
    return f"{format_number(value)} {words}"
