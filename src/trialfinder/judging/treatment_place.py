"""A treatment or test asked only where it was given.

"RT treatment outside TMC." (NCT06036394), "Imaging done outside TMC." (NCT06036381): the
exclusion asks radiotherapy, or imaging, given somewhere other than the study's own centre,
so the treatment alone does not meet it. The note's sentence of the treatment answers it by
the place it names: the centre itself (its name, or a name whose words' initials spell it,
the last letter another noun for an institution: "Tata Memorial Hospital" for TMC) is not
outside it; another place ("at a private centre in Pune") is; a sentence naming no place
leaves it to the study team. The cue and institution words are data
(``criterion_place_cues``, ``institution_nouns`` of the screening rules).
"""

from __future__ import annotations

import calendar
import functools
import re

from trialfinder.criteria.model import Criterion
from trialfinder.judging.findings import Outcome
from trialfinder.patient import load_screening_rules, phrase_alternation

__all__ = ["with_place_asked"]

# A run of capitalised words in a note's sentence ("Tata Memorial Hospital").
_CAPITALISED_RUN = re.compile(r"\b[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)+")
_MONTHS = frozenset(name for name in (*calendar.month_name, *calendar.month_abbr) if name)


@functools.cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], frozenset[str]]:
    """The criterion's cue and the centre named after it, a note's place after "at" or
    "in", and the institution nouns."""
    rules = load_screening_rules()
    cues = phrase_alternation(rules.criterion_place_cues) or "(?!)"
    nouns = phrase_alternation(rules.institution_nouns) or "(?!)"
    asked = re.compile(
        rf"(?i:\b(?:{cues})\s+(?:the\s+)?)(?P<place>[A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*)*)"
    )
    another = re.compile(
        rf"\b(?:at|in)\s+(?:(?:a|an|the)\s+)?(?:(?:[\w-]+\s+){{0,3}}?(?i:{nouns})\b"
        r"|(?P<name>[A-Z][a-z][\w'-]*))"
    )
    return asked, another, frozenset(noun.lower() for noun in rules.institution_nouns)


def _names_the_centre(evidence: str, place: str, nouns: frozenset[str]) -> str:
    """The note's words naming the centre, else "": its own words, or, for an acronym, a
    name whose words' initials spell it ("Tata Memorial Hospital" for "TMC": the last
    letter may stand for another institution noun)."""
    if re.search(rf"\b{re.escape(place)}\b", evidence):
        return place
    if not place.isupper() or len(place) < 2:
        return ""
    for run in _CAPITALISED_RUN.finditer(evidence):
        words = run.group().split()
        initials = "".join(word[0] for word in words).upper()
        if initials == place or (
            words[-1].lower() in nouns and initials[:-1] == place[:-1] and len(place) == len(words)
        ):
            return run.group()
    return ""


def with_place_asked(criterion: Criterion, own: Outcome) -> Outcome:
    """``own``, a met answer checked against the place the criterion asks the treatment
    was given outside: not met when the note's sentence names that centre, met when it
    names another place, unknown when it names none."""
    status, evidence, reason = own
    if status != "met" or not evidence:
        return own
    asked, another, nouns = _patterns()
    found = asked.search(criterion.text)
    if found is None:
        return own
    place = found["place"]
    centre = _names_the_centre(evidence, place, nouns)
    if centre:
        return (
            "not_met",
            evidence,
            f"{reason}; the note says it was given at {centre}, read as {place}",
        )
    elsewhere = [
        m for m in another.finditer(evidence) if m["name"] is None or m["name"] not in _MONTHS
    ]
    if elsewhere:
        return own
    return (
        "unknown",
        evidence,
        f"{reason}; the criterion asks for it outside {place}, and the note does not say "
        "where it was given",
    )
