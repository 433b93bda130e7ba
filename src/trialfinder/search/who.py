"""Who the patient is, read from the words typed in the search box.

People type who they search for into the one box ("my 8 year old has cancer", "men with
breast cancer"), not into the form's age and sex fields. Searched as words, "8", "men" or
"kids" match any trial that writes them and leave adult or female-only trials first. This
module reads those words as the form's fields would be set: a number of years ("my 8 year
old", "a 45-year-old", "aged 70"; "over 65", "80+" and "the over-80s" are that age and older,
"18-25 year olds" and "aged 18 to 25" a span, "in their 80s" 80 to 89), a group as the span
of ages it names ("kids" 0–17, "teenager" 13–19, "elderly" 65 and older: ``data/search_who.json``; a
trial whose ages overlap the span passes, as one whose ages hold a typed age does) and a
sex ("men", "my daughter", "pregnant women" keeping "pregnant"). A grandchild is a child as
well as a sex, unless an age is typed; an age written after a relative's word ("my mum is
82") is theirs. What is read is taken out of the searched text, and the page says what was
read so the user can search the words as typed instead.

A word is left as typed when the vocabulary reads it inside a longer phrase (a condition
that names a group), when it names someone beside the patient ("her husband"), when the
text names two sexes or two ages (no one field value says it), or when the form's own
field is set (the form wins).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache
from importlib import resources

import msgspec

from trialfinder.phrases import spaced_alternation
from trialfinder.search.text import load_vocabulary, parse_text, words

__all__ = ["WhoReading", "WhoWords", "load_who_words", "read_who"]


class _AgeGroup(msgspec.Struct, frozen=True):
    from_years: float
    to_years: float
    phrases: list[str]
    # A relative's word ("my granddaughter"): it says the group as well as the sex, and an
    # age typed beside it wins.
    relative: bool = False


class WhoWords(msgspec.Struct, frozen=True):
    """The data file ``search_who.json``: sex and age-group phrases."""

    description: str
    male: list[str]
    female: list[str]
    female_leaving: dict[str, str]
    ages: list[_AgeGroup]

    @classmethod
    def from_json(cls, raw: bytes) -> WhoWords:
        """Validate: every phrase is lowercase words, so it matches as typed words do."""
        data = msgspec.json.decode(raw, type=cls)
        phrases = [
            *data.male,
            *data.female,
            *data.female_leaving,
            *data.female_leaving.values(),
            *(phrase for group in data.ages for phrase in group.phrases),
        ]
        for phrase in phrases:
            if " ".join(words(phrase)) != phrase:
                raise ValueError(f"search_who.json: {phrase!r} is not lowercase words")
        return data


@cache
def load_who_words() -> WhoWords:
    """The phrases shipped with trialfinder."""
    raw = resources.files("trialfinder").joinpath("data", "search_who.json").read_bytes()
    return WhoWords.from_json(raw)


class WhoReading(msgspec.Struct, frozen=True):
    """What was read: the text left to search, the sex and age it says, and the
    phrases read as typed (for the page's notice)."""

    text: str
    sex: str | None = None
    age_years: float | None = None
    age_span: tuple[float, float] | None = None
    read: tuple[str, ...] = ()


_BEFORE = r"(?:(?:my|our|a|an)\s+)?"
_AFTER = r"(?:['’]s)?"
# A number of years as people write it; "over N" is a span from N.
_YEARS_OLD = re.compile(
    _BEFORE
    + r"(\d{1,3})(?:\s*-\s*|\s+)?(?:years?|yrs?)(?:\s*-\s*|\s+)olds?\b"
    + _AFTER
    + r"|"
    + _BEFORE
    + r"\b(\d{1,3})\s*(?:yo|y/o)\b"
    # "aged 18 months" is an age in months (_MONTHS_OLD), not 18 years.
    + r"|\baged?\s+(\d{1,3})\b(?!\s*(?:months?|weeks?|days?)\b)"
    + r"|\bover\s+(?:the\s+age\s+of\s+)?(\d{1,3})\b"
    # "over 1 week", "over 30 minutes", "over 5 kg": a duration or a measure, not an age.
    + r"(?!\s*(?:months?|weeks?|days?|hours?|minutes?|mins?|kg|mg|g|cm|mm|ml|%|mmhg)\b)(?!\s*%)",
    re.IGNORECASE,
)
# Ages written as a span ("18-25 year olds", "aged 18 to 25", "between 18 and 25 years"),
# from a number ("80+", "80 plus", "the over-80s") or as a decade ("in their 80s"). A plus
# after a one-digit score ("HER2 3+") or before a unit ("40+ years", "5+ kg") is no age.
_AGE_SPAN = re.compile(
    r"\bage[ds]?\s+(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})\b"
    r"(?:(?:\s*-\s*|\s+)(?:years?|yrs?)(?:(?:\s*-\s*|\s+)olds?\b)?)?"
    r"|\b(\d{1,3})\s*(?:-|–|to)\s*(\d{1,3})(?:\s*-\s*|\s+)(?:years?|yrs?)(?:\s*-\s*|\s+)olds?\b"
    r"|\bbetween\s+(\d{1,3})\s+and\s+(\d{1,3})\s+(?:years?|yrs?)(?:\s+old)?\b",
    re.IGNORECASE,
)
# An age in months, as registries write young children's limits ("18 Months") and parents say
# it ("a 6 month old", "aged 9 months"), alone or starting a span that ends in years ("aged 18
# months to 16 years"): that many twelfths of a year. A duration ("for 6 months") is no age.
_MONTHS_OLD = re.compile(
    _BEFORE
    + r"(\d{1,2})(?:\s*-\s*|\s+)months?(?:\s*-\s*|\s+)olds?\b"
    + _AFTER
    + r"|\baged?\s+(\d{1,2})\s*months?\b(?!\s*(?:-|–|to)\s*\d)",
    re.IGNORECASE,
)
_MONTHS_TO_YEARS = re.compile(
    r"\bage[ds]?\s+(\d{1,2})\s*months?\s*(?:-|–|to)\s*(\d{1,3})\s*(?:years?|yrs?)"
    r"(?:(?:\s*-\s*|\s+)olds?)?\b",
    re.IGNORECASE,
)
_MONTHS_A_YEAR = 12.0
_AGE_FROM = re.compile(
    r"\b(\d{2,3})(?:\s*\+|\s+plus\b)"
    r"(?!\s*(?:years?|yrs?|months?|weeks?|days?|hours?|times?|cigarettes?|packs?|kg|mg|g|cm|mm|ml|%)\b)"
    r"(?!\s*%)"
    r"|\b(?:the\s+)?over\s*-?\s*(\d{2,3})s\b",
    re.IGNORECASE,
)
_AGE_DECADE = re.compile(r"\bin\s+(?:my|his|her|their|our|your)\s+([1-9])0s\b", re.IGNORECASE)
# "my mum is 82", "my son, 6,": a relative's age written after the word for them (a number
# followed by a unit is a measurement: "my dad is 90 kg").
# A point followed by a digit is a decimal ("over 8000 men, 0.5 mg": no man aged 0).
_AGE_AFTER_SOMEONE = re.compile(
    r"(?:\s*,\s*|\s+(?:is|was|who\s+is)\s+)(\d{1,3})"
    r"(?=\s*(?:[,;!?]|\.(?!\d)|$)|\s+(?:and|with|but|who|has|had|have|is|was)\b)",
    re.IGNORECASE,
)
# The word after a typed number.
_NEXT_WORD = re.compile(r"\s*([a-z]+)", re.IGNORECASE)
_AGE_WORDS = frozenset({"year", "years", "yr", "yrs", "old", "olds"})
# "her husband", "his daughter": someone beside the patient, not who the search is for.
_SOMEONE_ELSES = re.compile(r"\b(?:her|his|their|your|whose)\s+$", re.IGNORECASE)
_MAX_YEARS = 150  # as the form's age field allows
# An age typed in a clause about the past ("when she was 30", "since he was 6 months old",
# "since age 40"): it says when something began, not how old the person is now, so it is
# neither an age nor a word to search. _PAST_LEAD is what comes right before a typed age
# found otherwise; _PAST_AGE is a bare number such a clause ends in ("when she was 30,").
_PAST_LEAD = re.compile(
    r"\b(?:(?:when|since)\s+(?:i|he|she|they|we|you)\s+(?:was|were)|(?:ever\s+)?since)\s+$",
    re.IGNORECASE,
)
_PAST_AGE = re.compile(
    r"\b(?:when|since)\s+(?:i|he|she|they|we|you)\s+(?:was|were)\s+(?:aged?\s+)?(\d{1,3})"
    r"(?:(?:\s*-\s*|\s+)(?:years?|yrs?)(?:(?:\s*-\s*|\s+)old)?)?\b"
    r"(?!\s*(?:months?|weeks?|days?|hours?|minutes?|kg|mg|g|cm|mm|ml|lbs?|stone|%)\b)(?!\s*%)",
    re.IGNORECASE,
)


class _Found(msgspec.Struct, frozen=True):
    start: int
    end: int
    sex: str | None
    ages: tuple[float, float] | None
    leaves: str = ""
    # The age group a relative's word says (a typed age wins over it).
    relative: bool = False
    # An age in a clause about the past (_PAST_LEAD, _PAST_AGE): left out of the text, unused.
    past: bool = False
    # A group word with its ages typed right after it ("children aged 2 to 11"): one person,
    # whose typed ages win; the word is read with them.
    joined: bool = False


def _phrase_pattern(phrases: list[str]) -> re.Pattern[str]:
    alternatives = spaced_alternation(phrases)
    return re.compile(r"\b" + _BEFORE + r"(" + alternatives + r")" + _AFTER + r"\b", re.I)


_Pattern = tuple[re.Pattern[str], str | None, tuple[float, float] | None, bool]


@cache
def _patterns() -> tuple[_Pattern, ...]:
    data = load_who_words()
    found: list[_Pattern] = [
        (_phrase_pattern(list(data.female_leaving)), "FEMALE", None, False),
        (_phrase_pattern(data.male), "MALE", None, False),
        (_phrase_pattern(data.female), "FEMALE", None, False),
    ]
    found.extend(
        (_phrase_pattern(group.phrases), None, (group.from_years, group.to_years), group.relative)
        for group in data.ages
    )
    return tuple(found)


def _inside_a_longer_phrase(text: str, phrase: str) -> bool:
    """Whether the vocabulary reads the phrase's words as part of a longer phrase
    ("childhood cancer" would be a condition, not a child)."""
    phrase_words = words(phrase)
    for typed in parse_text(text).typed:
        typed_words = typed.split()
        if len(typed_words) <= len(phrase_words):
            continue
        for start in range(len(typed_words) - len(phrase_words) + 1):
            if typed_words[start : start + len(phrase_words)] == phrase_words:
                return True
    return False


def _age_spans(text: str) -> Iterator[_Found]:
    """The spans of ages the text writes as a span, from a number, as a decade or in months."""
    for match in _MONTHS_TO_YEARS.finditer(text):
        low, high = float(match.group(1)) / _MONTHS_A_YEAR, float(match.group(2))
        if low <= high <= _MAX_YEARS:
            yield _Found(match.start(), match.end(), None, (low, high))
    for match in _MONTHS_OLD.finditer(text):
        months = next(number for number in match.groups() if number is not None)
        years = float(months) / _MONTHS_A_YEAR
        yield _Found(match.start(), match.end(), None, (years, years))
    for match in _AGE_SPAN.finditer(text):
        low, high = (float(number) for number in match.groups() if number is not None)
        if low <= high <= _MAX_YEARS:
            yield _Found(match.start(), match.end(), None, (low, high))
    for match in _AGE_FROM.finditer(text):
        years = float(next(number for number in match.groups() if number is not None))
        if years <= _MAX_YEARS:
            yield _Found(match.start(), match.end(), None, (years, float(_MAX_YEARS)))
    for match in _AGE_DECADE.finditer(text):
        decade = float(match.group(1)) * 10
        yield _Found(match.start(), match.end(), None, (decade, decade + 9))


def _found(text: str) -> list[_Found]:
    data = load_who_words()
    found: list[_Found] = list(_age_spans(text))
    for match in _YEARS_OLD.finditer(text):
        if any(match.start() < kept.end and kept.start < match.end() for kept in found):
            continue
        number = next(group for group in match.groups() if group is not None)
        years = float(number)
        # "over 65" is a span from 65; the other forms name one age.
        over = match.group(4) is not None
        if years <= _MAX_YEARS and not (over and _counts_something(text, match.end())):
            span = (years, float(_MAX_YEARS)) if over else (years, years)
            found.append(_Found(match.start(), match.end(), None, span))
    for pattern, sex, ages, relative in _patterns():
        for match in pattern.finditer(text):
            if any(
                match.start() < kept.end
                and kept.start < match.end()
                # A relative's word is read for its sex and its age group alike.
                and not (relative and kept.ages is None and kept.start == match.start())
                for kept in found
            ):
                continue
            if _inside_a_longer_phrase(text, match.group(1)):
                continue
            if _SOMEONE_ELSES.search(text[: match.start()]):
                continue
            leaves = data.female_leaving.get(" ".join(words(match.group(1))), "")
            found.append(_Found(match.start(), match.end(), sex, ages, leaves, relative))
    for person in [item for item in found if item.sex is not None]:
        after = _AGE_AFTER_SOMEONE.match(text, person.end)
        if after is None or float(after.group(1)) > _MAX_YEARS:
            continue
        if any(after.start() < kept.end and kept.start < after.end() for kept in found):
            continue
        years = float(after.group(1))
        found.append(_Found(after.start(), after.end(), None, (years, years)))
    return _joined(sorted(_in_the_past(found, text), key=lambda item: item.start), text)


def _counts_something(text: str, end: int) -> bool:
    """Whether the word after a typed number says it counts something other than years: a
    unit of a quantity ("over 5 doses": ``synonyms.json`` ``quantity_units``) or any plural
    word the search does not drop ("over 20 countries", "over 30 hospitals"), where an age is
    followed by nothing, a stopword or "years"."""
    following = _NEXT_WORD.match(text, end)
    if following is None:
        return False
    word = following.group(1).lower()
    if word in _AGE_WORDS:
        return False
    vocabulary = load_vocabulary()
    if word in vocabulary.quantity_units.units:
        return True
    return word.endswith("s") and word not in vocabulary.stopwords


def _in_the_past(found: list[_Found], text: str) -> list[_Found]:
    """The found words, each typed age in a clause about the past marked as past, with the
    words that start the clause ("since he was 6 months old"), and the bare ages such clauses
    end in ("when she was 30")."""
    marked: list[_Found] = []
    for item in found:
        typed = any(character.isdigit() for character in text[item.start : item.end])
        lead = _PAST_LEAD.search(text[: item.start]) if typed and item.sex is None else None
        if lead is not None and item.ages is not None:
            item = _Found(lead.start(), item.end, None, None, past=True)
        marked.append(item)
    for match in _PAST_AGE.finditer(text):
        if not any(match.start() < kept.end and kept.start < match.end() for kept in marked):
            marked.append(_Found(match.start(), match.end(), None, None, past=True))
    return marked


def _joined(found: list[_Found], text: str) -> list[_Found]:
    """Mark each group word ("children", "kids") followed by nothing but spaces before an age
    typed as a number ("aged 2 to 11", "aged 16"): the same person, so the typed age wins."""
    typed = [item for item in found if item.ages is not None and item.sex is None]
    marked: list[_Found] = []
    for item in found:
        group = item.ages is not None and item.sex is None and not item.relative
        if group and any(
            after.start >= item.end
            and not text[item.end : after.start].strip()
            and text[after.start : after.end].lower().lstrip().startswith("age")
            for after in typed
        ):
            item = msgspec.structs.replace(item, joined=True)
        marked.append(item)
    return marked


def read_who(text: str, *, sex_set: bool = False, age_set: bool = False) -> WhoReading | None:
    """The sex and age the text says, and the text left to search; None when it says
    neither (or says only what the form's own fields already set)."""
    if not text.strip():
        return None
    found = _found(text)
    sexes = {item.sex for item in found if item.sex is not None}
    # An age typed ("my 5 year old grandson") wins over the group a relative's word says.
    typed = {
        item.ages
        for item in found
        if item.ages is not None and not item.relative and not item.joined
    }
    ages = typed or {item.ages for item in found if item.ages is not None}
    use_sex = not sex_set and len(sexes) == 1
    use_age = not age_set and len(ages) == 1
    used = [
        item
        for item in found
        if (use_sex and item.sex is not None)
        or (use_age and (item.ages in ages or (item.joined and bool(typed))))
    ]
    past = [item for item in found if item.past]
    if not used and not past:
        return None
    pieces: list[str] = []
    position = 0
    for item in sorted([*used, *past], key=lambda item: item.start):
        pieces.extend((text[position : item.start], f" {item.leaves} "))
        position = item.end
    pieces.append(text[position:])
    # "my son, 6, has leukaemia": no comma is left first ("has leukaemia").
    rest = " ".join("".join(pieces).split()).lstrip(" ,")
    span = ages.pop() if use_age else None
    return WhoReading(
        text=rest,
        sex=sexes.pop() if use_sex else None,
        age_years=span[0] if span is not None and span[0] == span[1] else None,
        age_span=span if span is not None and span[0] != span[1] else None,
        read=tuple(
            dict.fromkeys(
                " ".join(text[item.start : item.end].split()).strip(" ,") for item in used
            )
        ),
    )
