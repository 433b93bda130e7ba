"""Numbers as written, once: "1,000", "1,5", "-3.0", and powers of ten.

Part of the values stage of the clinical-text pipeline. :data:`NUMBER_PATTERN`
reads the numbers of criteria and notes (thresholds, values); the dose reader
finds power-of-ten quantities ("4 x 107 cells" is 4×10^7 = 40 million cells)
that the trial page shows in plain numbers. Both read a decimal the same way
(:func:`decimal_value`) and write a power of ten with the same markers.
"""

from __future__ import annotations

import functools
import re

from trialfinder.criteria.clean import strip_control_characters, unescape_markdown
from trialfinder.criteria.intermediate import DoseAmount, DoseMention, _NumberWords
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.units import get_unit_reader, unit_normalised

__all__ = [
    "NUMBER_PATTERN",
    "DoseAmount",
    "DoseMention",
    "decimal_value",
    "find_doses",
    "number_from_match",
    "number_scale",
    "number_words_as_digits",
    "parse_number",
    "plain_number",
]

# "^", "**" or "e"/"E" between a 10 and its exponent ("10^7", "10E9").
_POWER_MARKER = r"(?:\^|\*\*?|[eE])"
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def decimal_value(written: str) -> float:
    """ "1,000" and "1,000.5" use a thousands separator ("75 000" a space); otherwise a comma
    is decimal ("1,5")."""
    written = written.replace(" ", "")
    if _THOUSANDS.fullmatch(written):
        return float(written.replace(",", ""))
    return float(written.replace(",", "."))


# A number as written in criteria: "1,000", "1.5", "-3.0", "4 x 107" (4 x 10^7), "1 x 10e9",
# "75 000/mm3" (thousands set apart by a space, read only before a count's "/mm3", "/µL", "/L"),
# "1.5 * 10^9", and a multiplier word a note writes after it: "1.2 million", "2 billion",
# "2.5M copies" (an "m" only before a count's unit: "2.5 m" is a length, "2m" two months,
# "5mIU/mL" five milli-units: an "m" glued to "IU" spells mIU), and the days of a week
# written after whole weeks ("36 6/7" weeks is 36 weeks 6 days).
# Used on normalised text (see UNIT_TEXT_TRANSLATION); never starts inside a word.
NUMBER_PATTERN = re.compile(
    r"(?<![\w.])(?P<sign>-)?(?P<int>\d{1,3}(?:,\d{3})+(?![\d])"
    r"|\d{1,3}(?: \d{3})+(?=\s?/\s?(?:mm|cmm|cu|ul|mcl|l\b))|\d+)(?:[.,](?P<frac>\d+))?"
    rf"(?:\s?[x*]\s?10\s?(?P<marker>{_POWER_MARKER})?\s?(?P<exp>-?\d{{1,2}})(?!\d))?"
    r"(?:\s?(?P<word>thousand|million|billion)(?![\w-])|(?P<mega>m)(?=\s?(?:copies|cp)\b|\siu\b))?"
    # Days of a week after whole weeks, as gestational ages are written: "27 0/7", "36 6/7".
    r"(?:\s(?P<sevenths>[0-6])/7(?![\d/]))?"
)

# What a multiplier word after a number stands for ("1.2 million" is 1,200,000).
_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


def number_scale(match: re.Match[str]) -> float:
    """The power of ten a :data:`NUMBER_PATTERN` match writes after its digits: "x 10^9" or a
    multiplier word ("million"); 1 when it writes none."""
    exponent = match.group("exp")
    scale = (
        10.0 ** int(exponent) if exponent and (match.group("marker") or exponent != "0") else 1.0
    )
    word = match.group("word")
    if word is not None:
        scale *= _MULTIPLIERS[word]
    elif match.group("mega") is not None:
        scale *= 1e6
    return scale


def number_from_match(match: re.Match[str]) -> float:
    """The value of a :data:`NUMBER_PATTERN` match."""
    fraction = match.group("frac")
    value = decimal_value(f"{match.group('int')}.{fraction}" if fraction else match.group("int"))
    if match.group("sign"):
        value = -value
    sevenths = match.group("sevenths")
    return value * number_scale(match) + (int(sevenths) / 7 if sevenths else 0.0)


@functools.cache
def _number_words() -> _NumberWords:
    cues = load_lexicon().cues
    words = sorted({*cues.number_words, *cues.multiple_words}, key=len, reverse=True)
    # Not inside a compound ("twenty-one", "one-third"): those stay words.
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(words) + r")(?![\w-])")
    return _NumberWords(pattern, dict(cues.number_words), dict(cues.multiple_words))


# The first number of a range written in words: "three to six months", "one or two years".
_RANGE_JOINER = re.compile(r" *(?:to|or|and|-) *")
# The units criteria write a number in words before: times (windows, durations, ages, life
# expectancy) and multiples of the upper limit of normal. Before others a word is a count or
# part of a name ("at least one point on item 1a", "volume in one second").
_WORDED_UNITS = frozenset({"year", "month", "week", "day", "hour", "ULN"})


# What may stand after a bound's number word for it to be the bound's value: the end of its
# clause ("ECOG … less than or equal to two", "… is less than or equal to five.").
_CLAUSE_END = re.compile(r"[ \t]*(?:[.;,:)\n]|$)")


@functools.cache
def _bounds() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """A comparator of order ending right before a number word ("less than or equal to",
    "at least", "≤") and a postfix one right after it ("or less", "or more"), from
    ``cues.json``. One-word comparators ("over", "under", "within", "maximum") are left out:
    before a number word they are as often a preposition as a bound."""
    cues = load_lexicon().cues

    def phrases(table: dict[str, list[str]]) -> list[str]:
        return sorted(
            (
                phrase
                for comparator, written in table.items()
                if comparator in ("<", "<=", ">", ">=")
                for phrase in written
                if " " in phrase.strip() or not phrase.isalpha()
            ),
            key=len,
            reverse=True,
        )

    before = "|".join(re.escape(p) for p in phrases(cues.comparators))
    after = "|".join(re.escape(p) for p in phrases(cues.postfix_comparators))
    return (
        re.compile(rf"(?<![\w])(?:{before})[ \t]*\Z"),
        re.compile(rf"[ \t]+(?:{after})(?![\w])"),
    )


def _bound_value(norm: str, start: int, end: int) -> bool:
    """Whether the number word at ``norm[start:end]`` is a bound's value: a comparator of
    order right before it, or a postfix one right after it, and its clause ends there.
    "at least one of the following", "at least two lines of therapy", "more than one
    extranodal site" go on to what they count, which the count readers read."""
    before, after = _bounds()
    postfix = after.match(norm, end)
    if postfix is not None:
        return _CLAUSE_END.match(norm, postfix.end()) is not None
    return (
        _CLAUSE_END.match(norm, end) is not None
        and before.search(norm, max(0, start - _BOUND_REACH), start) is not None
    )


# Characters before a number word its comparator may start within ("greater than or equal to ").
_BOUND_REACH = 40


def number_words_as_digits(norm: str) -> str:
    """``norm`` (lowercase, normalised) with each number word a time or a multiple of the ULN
    follows written in digits.

    "within three months", "less than one year", "three times normal" and "twice the ULN"
    are read as "within 3 months", "less than 1 year", "3 times normal" and "2 x the ULN":
    the digits start where the word did and spaces fill the rest of it ("twice" becomes
    "2   x"), so every offset into the text stays valid. Any other word ("one of the
    following", "at least one barrier method", "twice the duration", "at least one point on
    item 1a") is left as it is: a count or a phrase, not a quantity. A word a bound ends on
    ("ECOG less than or equal to two", "two or less") is its value too. A range's first number
    follows its second ("three to six months"), so words are read from the last to the first.
    """
    words = _number_words()
    matches = list(words.pattern.finditer(norm))
    if not matches:
        return norm
    reader = get_unit_reader()
    for match in reversed(matches):
        word = match.group(0)
        multiple = words.multiples.get(word)
        digits = str(multiple if multiple is not None else words.values[word])
        written = digits.ljust(len(word) - 1) + "x" if multiple is not None else digits
        written = written.ljust(len(word))
        candidate = norm[: match.start()] + written + norm[match.end() :]
        unit = reader.read(candidate, match.start() + len(digits))
        if (
            (unit is not None and unit[0] in _WORDED_UNITS)
            or (multiple is None and _ranges_to_a_time(candidate, match.end()))
            or (multiple is None and _bound_value(norm, match.start(), match.end()))
        ):
            norm = candidate
    return norm


def _ranges_to_a_time(norm: str, position: int) -> bool:
    """Whether a range joiner, then a number with a unit of time, follow ``position``."""
    joiner = _RANGE_JOINER.match(norm, position)
    if joiner is None or joiner.end() == position:
        return False
    number = NUMBER_PATTERN.match(norm, joiner.end())
    unit = None if number is None else get_unit_reader().read(norm, number.end())
    return unit is not None and unit[0] in _WORDED_UNITS


def parse_number(text: str) -> float | None:
    """Read a whole string as one number ("1,000", "-3.0", "4 x 107" = 4 x 10^7)."""
    match = NUMBER_PATTERN.fullmatch(unit_normalised(text.strip()))
    return None if match is None else number_from_match(match)


_NUMBER = r"\d+(?:\.\d+)?"
# A coefficient may use a thousands separator ("1,000") or a decimal comma ("1,0").
_COEFFICIENT = r"\d{1,3}(?:,\d{3})+(?![\d,])|\d+(?:[.,]\d+)?"
_TIMES = r"\s*[x×X*·]\s*"
_EXPONENT = r"(?P<exponent>[-−+]?\d{1,2})"
_UNIT = (
    r"(?P<unit>\s*/\s*(?:kg|L|l|dL|mL|ml|µL|μL|uL|mm3|mm\^3|mm³|m2|m²)(?![\w^])"
    r"|\s+(?:viable\s+)?(?:cells|vg|CFU|PFU|IU|copies|particles)(?:/kg)?\b)?"
)
# Most specific first: "6.0×10^7", "20 ×10E7", "1 × 10E9/L", then "4 x 107"
# (a superscript lost in copying: "10" then the exponent digit), then bare "10^7"
# and e-notation ("1.5E+08"). "10E7" is read as 10^7, as laboratories write it.
_DOSE_PATTERNS = (
    re.compile(
        rf"(?<![\w.])(?P<coefficient>{_COEFFICIENT}){_TIMES}10\s*{_POWER_MARKER}\s*{_EXPONENT}(?!\d)"
        rf"{_UNIT}"
    ),
    re.compile(
        rf"(?<![\w.])(?P<coefficient>{_COEFFICIENT}){_TIMES}10(?P<exponent>[2-9]|1[0-8])"
        rf"(?!\d|[.,]\d){_UNIT}"
    ),
    re.compile(rf"(?<![\w.^])(?P<coefficient>)10\s*{_POWER_MARKER}\s*{_EXPONENT}(?!\d){_UNIT}"),
    re.compile(rf"(?<![\w.])(?P<coefficient>{_NUMBER})[eE](?P<exponent>[-+]?\d{{1,2}})\b{_UNIT}"),
)
# Numbers listed before the one that carries the power of ten: "5, 10,15 and 20 ×10E7".
_LISTED_NUMBERS = re.compile(
    rf"(?:(?<![\w.]){_NUMBER}\s*(?:,\s*(?:and|or)\s+|,|\band\b|\bor\b|\bto\b|-|–)\s*)+$"
)
_LIST_SEPARATOR = re.compile(r",|\band\b|\bor\b|\bto\b|-|–")
_MAX_PLAIN_EXPONENT = 15
# How far back a list of numbers may reach; bounds the work on hostile text.
_MAX_LIST_CHARACTERS = 120
_PLAIN_SCALES = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


def _trim_number(value: float) -> str:
    text = f"{value:,.3f}".rstrip("0").rstrip(".")
    return text or "0"


def plain_number(value: float) -> str:
    """``4e7`` -> ``40 million``; small numbers are written out (``4,500``, ``0.001``)."""
    magnitude = abs(value)
    for scale, word in _PLAIN_SCALES:
        if magnitude >= scale:
            return f"{_trim_number(value / scale)} {word}"
    if magnitude >= 1 or magnitude == 0:
        return _trim_number(value)
    return f"{value:.12f}".rstrip("0")


def _coefficient_value(coefficient: str) -> float:
    return decimal_value(coefficient) if coefficient else 1.0


def _amount(coefficient: str, exponent: int) -> DoseAmount:
    value = _coefficient_value(coefficient) * 10.0**exponent
    scientific = f"{coefficient}×10^{exponent}" if coefficient else f"10^{exponent}"
    plain = plain_number(value) if abs(exponent) <= _MAX_PLAIN_EXPONENT else scientific
    return DoseAmount(
        coefficient=coefficient or "1",
        exponent=exponent,
        value=value,
        scientific=scientific,
        plain=plain,
    )


def _listed_before(text: str, start: int) -> tuple[int, list[str], str | None]:
    """Numbers listed right before ``start`` and the word joining the last two."""
    match = _LISTED_NUMBERS.search(text, max(0, start - _MAX_LIST_CHARACTERS), start)
    if match is None:
        return start, [], None
    listed = match.group(0)
    numbers = re.findall(_NUMBER, listed)
    separators = _LIST_SEPARATOR.findall(listed)
    connector = separators[-1].strip() if separators else None
    if connector in {"-", "–"}:
        connector = "to"
    return match.start(), numbers, connector


def find_doses(text: str | None) -> list[DoseMention]:
    """Every power-of-ten quantity in ``text``, in order, non-overlapping."""
    if not text:
        return []
    clean = unescape_markdown(strip_control_characters(text))
    taken: list[tuple[int, int]] = []
    mentions: list[DoseMention] = []
    for pattern in _DOSE_PATTERNS:
        for match in pattern.finditer(clean):
            start, end = match.span()
            if any(start < taken_end and taken_start < end for taken_start, taken_end in taken):
                continue
            exponent = int(match.group("exponent").replace("−", "-"))
            coefficients = [match.group("coefficient")]
            connector = None
            if match.group("coefficient"):
                start, listed, connector = _listed_before(clean, start)
                if any(start < taken_end and taken_start < end for taken_start, taken_end in taken):
                    start, listed, connector = match.start(), [], None
                coefficients = [*listed, match.group("coefficient")]
            unit = (match.group("unit") or "").strip() or None
            taken.append((start, end))
            mentions.append(
                DoseMention(
                    written=clean[start:end].strip(),
                    start=start,
                    end=end,
                    amounts=[_amount(coefficient, exponent) for coefficient in coefficients],
                    unit=unit.replace(" ", "") if unit and unit.startswith("/") else unit,
                    connector=connector if len(coefficients) > 1 else None,
                )
            )
    return sorted(mentions, key=lambda mention: mention.start)
