"""How far a cancer has spread, as a note and a trial's title state it: early, locally
advanced or metastatic.

Among the trials for one cancer, the stage decides which is the patient's: a note's
"clinical stage I" endometrial cancer does not belong in a trial for "advanced
endometrial cancer", and a "stage IV" lung cancer not in a neoadjuvant one, although
the titles share the disease's words. The cues are data (``data/disease_extent.json``);
a note's cue negated in its clause ("no brain mets") says nothing.

A criterion may ask the same of the trial's cancer ("No evidence of distant metastases, or
locally advanced inoperable disease, as evaluated by computed tomography"): read by
:func:`asked_no_spread`, against what each note sentence says (:func:`stated_spread`); an
exclusion may ask the spread itself ("Patients with distant metastasis will be excluded",
"Clinically diagnosis of Metastatic breast cancer"): read by :func:`asked_spread`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from typing import Literal, NamedTuple

import msgspec

from trialfinder.phrases import phrase_alternation
from trialfinder.side_cues import SideCueRules, SideReader, negated_before

__all__ = [
    "Extent",
    "NoSpreadAsked",
    "asked_no_spread",
    "asked_spread",
    "note_extents",
    "removal_settles",
    "spread_alternative_spans",
    "spread_descriptors",
    "spreads_distantly",
    "stated_extent_qualifiers",
    "stated_spread",
    "states_removal",
    "title_extents",
    "told_spread",
]

Extent = Literal["early", "locally_advanced", "metastatic"]
_FURTHEST: tuple[Extent, ...] = ("metastatic", "locally_advanced", "early")


class StatedExtentQualifiers(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``stated_extent_qualifiers``: the criterion's extent qualifiers a note's sentence and
    stage state or rule out, and the words asking regional extent only."""

    description: str
    distant_spread: list[str]
    stage_four: list[str]
    unresectable_stage_three: list[str]
    unresectable_words: list[str]
    no_distant_spread: list[str]
    locally_written: list[str]
    stage_four_distant_cancers: list[str]
    spread_descriptors: list[str]


class ExtentRules(SideCueRules, frozen=True, forbid_unknown_fields=True):
    """``data/disease_extent.json``: cue phrases by kind and the extents each kind leaves."""

    extents_of: dict[str, list[Extent]]
    criterion_no_spread: list[str]
    criterion_method_leads: list[str]
    regional_words: list[str]
    criterion_spread: list[str]
    criterion_spread_leads: list[str]
    criterion_spread_nouns: list[str]
    criterion_spread_tails: list[str]
    criterion_spread_alternatives: list[str]
    told_spread_verbs: list[str]
    told_spread_owners: list[str]
    distant_organs: list[str]
    criterion_no_spread_leads: list[str]
    note_removed: list[str]
    removal_settled_words: list[str]
    stage_group_cues: list[str]
    stated_extent_qualifiers: StatedExtentQualifiers


@functools.cache
def _reader() -> SideReader[ExtentRules]:
    """The rules, validated: every cue kind names its extents."""
    return SideReader("disease_extent.json", ExtentRules, lambda rules: rules.extents_of, "extents")


def note_extents(text: str) -> frozenset[Extent]:
    """The extents a note leaves possible for the patient's cancer (empty: it does not say).

    What all the note's cues leave possible ("cT3N2b M0, stage III": locally advanced);
    when they disagree, the furthest stated ("early-stage … now metastatic").
    """
    extents_of = _reader().rules.extents_of
    kinds = _reader().kinds(text, "note")
    if not kinds:
        return frozenset()
    possible = frozenset[Extent](_FURTHEST)
    for kind in kinds:
        possible &= frozenset(extents_of[kind])
    if possible:
        return possible
    stated = {extent for kind in kinds for extent in extents_of[kind]}
    return frozenset({next(extent for extent in _FURTHEST if extent in stated)})


@functools.cache
def _told_spread_pattern() -> re.Pattern[str]:
    """A distant organ after a word of coming back or spreading: "came back in her liver"."""
    rules = _reader().rules
    return re.compile(
        rf"(?<![a-z0-9])(?:{phrase_alternation(rules.told_spread_verbs)})\s+"
        rf"(?:(?:{phrase_alternation(rules.told_spread_owners)})\s+)?"
        rf"(?:{phrase_alternation(rules.distant_organs)})(?![a-z0-9])"
    )


def told_spread(text: str) -> bool:
    """Whether a note tells its cancer's distant spread in its own words, not negated in the
    clause: "it came back in her liver", "then it spread to his liver and lungs", "back in
    his bones" (a lymph node is regional, and "the tests came back in range" no organ)."""
    lowered = text.lower()
    return any(
        not negated_before(lowered, found.start())
        and _CONTRACTED_NOT.search(lowered, 0, found.start()) is None
        for found in _told_spread_pattern().finditer(lowered)
    )


# A verb's contracted "not" earlier in the clause: "it hasn't spread to the liver".
_CONTRACTED_NOT = re.compile(r"n['\u2019]t\b[^,;.:()]*$")


def title_extents(text: str) -> frozenset[Extent]:
    """The extents a trial's title or conditions admit (empty: any).

    "Unresectable" (a cue of both the locally advanced and the metastatic cancer) beside a
    locally advanced stage and no metastatic one qualifies that stage: "Stage III,
    Unresectable NSCLC" admits no metastatic cancer.
    """
    extents_of = _reader().rules.extents_of
    kinds = set(_reader().kinds(text, "title"))
    if "locally_advanced" in kinds and "metastatic" not in kinds:
        kinds.discard("advanced")
    return frozenset(extent for kind in kinds for extent in extents_of[kind])


class NoSpreadAsked(NamedTuple):
    """A criterion asking no distant metastasis (:func:`asked_no_spread`): the alternative
    written after its "or" ("" when none) and the extents that alternative admits (empty
    when its words name none: it cannot be judged)."""

    alternative: str
    alternative_extents: frozenset[Extent]


@functools.cache
def _criterion_patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """The lead asking no distant metastasis, the clause saying how it was shown, and a
    note's words of regional spread."""
    rules = _reader().rules
    return (
        re.compile(
            rf"(?:(?:{phrase_alternation(rules.criterion_no_spread_leads)})\s+)*"
            rf"(?:{phrase_alternation(rules.criterion_no_spread)})(?![a-z0-9])"
        ),
        re.compile(
            rf"(?:^|,)\s*(?:{phrase_alternation(rules.criterion_method_leads)})(?![a-z0-9])"
        ),
        re.compile(rf"(?<![a-z0-9])(?:{phrase_alternation(rules.regional_words)})(?![a-z0-9])"),
    )


_ALTERNATIVE = re.compile(r"or\s+([^;]+)")
_ASIDE = re.compile(r"\s*\([^()]*\)")
_AND = re.compile(r"(?<![a-z0-9])and(?![a-z0-9])")


def asked_no_spread(text: str) -> NoSpreadAsked | None:
    """What a criterion leading with no distant metastasis asks ("No evidence of distant
    metastases", "Non-metastatic disease or oligometastatic", "Following work up, patients
    should have no metastatic disease (M0)"): None unless the lead is followed by nothing
    but asides, by how it was shown ("as evaluated by CT", "on chest x-ray"), or by one
    alternative after "or" (then how it was shown); any other words ask more, left to the
    study team."""
    lead, method, _ = _criterion_patterns()
    lowered = text.lower().strip().rstrip(".").strip()
    found = lead.match(lowered)
    if found is None:
        return None
    rest = _ASIDE.sub("", lowered[found.end() :])
    shown = method.search(rest)
    rest = (rest if shown is None else rest[: shown.start()]).strip(" ,")
    if not rest:
        return NoSpreadAsked("", frozenset())
    alternative = _ALTERNATIVE.fullmatch(rest)
    if alternative is None or _AND.search(alternative[1]):
        return None
    words = alternative[1].strip()
    return NoSpreadAsked(words, note_extents(words))


def _spread_alternatives() -> str:
    """The stages short of distant spread (``criterion_spread_alternatives``) as one regex
    alternation, longest first, a comma allowed between their words."""
    return "|".join(
        r",?\s+".join(re.escape(word) for word in phrase.split())
        for phrase in sorted(_reader().rules.criterion_spread_alternatives, key=len, reverse=True)
    )


@functools.cache
def _spread_pattern() -> re.Pattern[str]:
    """The words a criterion asking distant spread is, from its start: the leads
    ("patients with", "evidence of"), maybe a stage short of it and "or" ("locally
    advanced, unresectable, or"; group ``before``), then distant metastasis, or "metastatic"
    before up to two words (no "or") and a disease's noun, maybe of an organ ("metastatic
    breast cancer", "metastatic adenocarcinoma of the breast"), maybe with the stage short
    of it after "or" (group ``after``: "metastatic or advanced PDAC")."""
    rules = _reader().rules
    leads = phrase_alternation(rules.criterion_spread_leads)
    nouns = phrase_alternation(rules.criterion_spread_nouns)
    alternatives = _spread_alternatives()
    return re.compile(
        rf"(?:(?:{leads})\s+)*"
        rf"(?:(?P<before>{alternatives}),?\s+or\s+)?"
        rf"(?:(?:{phrase_alternation(rules.criterion_spread)})"
        rf"|metastatic(?:,?\s+or\s+(?P<after>{alternatives}))?"
        rf"\s+(?:(?!or\s)[\w-]+\s+){{0,2}}?(?:{nouns})(?:\s+of\s+the\s+[a-z]+)?)"
        r"(?![a-z0-9])"
    )


def asked_spread(text: str) -> NoSpreadAsked | None:
    """What a criterion asking the trial's cancer's distant spread asks ("Patients with
    distant metastasis (including nonregional lymph nodes metastasis) will be excluded",
    "Any distant metastasis or isolated port site metastasis", "Clinically diagnosis of
    Metastatic breast cancer", "Locally advanced or metastatic disease", "Stage IV mNSCLC
    (…) not amenable to curative treatment"): None unless the
    words are followed by nothing but asides, a tail saying it excludes, how it was shown,
    or one alternative after "or" (or preceded by a stage short of distant spread and
    "or"); the alternative as :func:`asked_no_spread` gives it."""
    lowered = text.lower().strip().rstrip(".").strip()
    found = _spread_pattern().match(lowered)
    if found is None:
        return None
    rest = _ASIDE.sub("", lowered[found.end() :])
    for tail in _reader().rules.criterion_spread_tails:
        rest = rest.replace(tail, "")
    shown = _criterion_patterns()[1].search(rest)
    rest = (rest if shown is None else rest[: shown.start()]).strip(" ,")
    before = found["before"] or found["after"]
    if before is not None:
        return None if rest else NoSpreadAsked(before, note_extents(before))
    if not rest:
        return NoSpreadAsked("", frozenset())
    alternative = _ALTERNATIVE.fullmatch(rest)
    if alternative is None or _AND.search(alternative[1]):
        return None
    words = alternative[1].strip()
    return NoSpreadAsked(words, note_extents(words))


@functools.cache
def _spread_alternative_pattern() -> re.Pattern[str]:
    """Distant spread written as one item of an "or" with a stage short of it
    (``criterion_spread_alternatives``), either way round."""
    alternatives = _spread_alternatives()
    return re.compile(
        rf"(?<![a-z0-9-])(?:(?:{alternatives}),?\s+(?:and/)?or\s+metastatic"
        rf"|metastatic,?\s+(?:and/)?or\s+(?:{alternatives}))(?![a-z0-9-])"
    )


def spread_alternative_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Where a criterion writes distant spread as one item of an "or" with a stage short of
    it, anywhere in its words ("confirmed diagnosis of locally advanced or metastatic NSCLC",
    "metastatic or locally advanced breast cancer"), not negated in its clause: a note
    giving the cancer's distant spread answers the whole "or" (an "or" is met by one of its
    items); a note giving any other extent answers none of it."""
    lowered = text.lower()
    return tuple(
        found.span()
        for found in _spread_alternative_pattern().finditer(lowered)
        if not negated_before(lowered, found.start())
    )


def spreads_distantly(sentence: str) -> bool:
    """Whether a note sentence's cues all say distant spread ("CT: 2 liver metastases"),
    with no word of regional nodes beside them ("metastases to two axillary lymph nodes"
    is stage II-III) unless a distant organ is named too ("(lungs and nodes)")."""
    regional = _criterion_patterns()[2]
    lowered = sentence.lower()
    return note_extents(sentence) == {"metastatic"} and (
        regional.search(lowered) is None or _distant_organ().search(lowered) is not None
    )


@functools.cache
def _distant_organ() -> re.Pattern[str]:
    organs = phrase_alternation(_reader().rules.distant_organs)
    return re.compile(rf"(?<![a-z0-9])(?:{organs})(?![a-z0-9])")


@functools.cache
def _stage_group() -> re.Pattern[str]:
    """A stage group written next to an M0 ("M0, stage IVA", "stage IVA (T4a N2 M0)"), its
    own TNM: not one of another time ("M0 at diagnosis, now stage IV")."""
    groups = phrase_alternation(_reader().rules.stage_group_cues)
    tnm = r"(?:[tn](?:is|[0-4x])[a-d]?[\s,]*)*"
    return re.compile(
        rf"(?<![a-z0-9])(?:m0[\s,;:(]*(?:{groups})|(?:{groups})[\s,;:(]*{tnm}m0)(?![a-z0-9])"
    )


def stated_spread(sentence: str) -> bool | None:
    """What a note sentence says of distant metastasis: False when it says none ("cT3 N1
    M0", "no distant disease") and nothing of spread, True when it says distant spread
    (:func:`spreads_distantly`) and nothing of none, None when it says neither or both."""
    kinds = _reader().kinds(sentence, "note")
    told = told_spread(sentence)
    if "non_metastatic" in kinds:
        if "metastatic" in kinds:
            # A stage group beside a written M0 ("T3 N2b M0, stage IVA") is no spread.
            kinds = _reader().kinds(_stage_group().sub(" m0 ", sentence.lower()), "note")
        return False if "metastatic" not in kinds and not told else None
    return True if spreads_distantly(sentence) or (told and not kinds) else None


@functools.cache
def _removed_pattern() -> re.Pattern[str]:
    return re.compile(
        rf"(?<![a-z0-9-])(?:{phrase_alternation(_reader().rules.note_removed)})(?![a-z0-9-])"
    )


def states_removal(sentence: str) -> bool:
    """Whether a note sentence says, not negated in its clause, that the cancer was removed
    or shows no disease ("R mastectomy + ANC 09/2023", "CT CAP 10/2026: NED")."""
    lowered = sentence.lower()
    return any(
        not negated_before(lowered, found.start()) for found in _removed_pattern().finditer(lowered)
    )


_PARTS = re.compile(r",|(?<![a-z0-9])(?:or|and)(?![a-z0-9])")


def removal_settles(alternative: str) -> bool:
    """Whether every part of a criterion's alternative to distant spread asks a cancer that
    cannot be removed ("inoperable locally advanced"; not "locally advanced, unresectable",
    whose "locally advanced" a resected cancer may be): a note giving the cancer removed and
    no distant metastasis then fails it."""
    words = _reader().rules.removal_settled_words
    parts = [part.strip() for part in _PARTS.split(alternative.lower()) if part.strip()]
    return bool(parts) and all(any(word in part for word in words) for part in parts)


def stated_extent_qualifiers(
    criterion_text: str,
    sentence: str,
    stage_numbers: Sequence[str],
    cancer_kinds: Iterable[str],
    note_sentences: Iterable[str],
    *,
    only_cancer: bool,
) -> tuple[frozenset[str], frozenset[str]]:
    """The extent qualifiers a note states and rules out for the cancer one of its sentences
    names, against a criterion asking them ("advanced or metastatic NSCLC"): distant spread
    in that sentence in words other than a stage group ("stage IV (pleural metastases)"), or
    a stage IV (``stage_numbers``: the stage groups written on the cancer, "4a") of a cancer
    whose stage IV is M1 (``cancer_kinds``: the cancer's concept and its ancestors), states
    metastatic and advanced; any other stage IV advanced; a stage III the sentence calls
    unresectable advanced. No distant spread in it ("pT3b N1a M0") rules out metastatic
    when no sentence of the note (``note_sentences``) gives spread. A sentence saying nothing
    of spread ("L breast IDC 2021, mastectomy") of the note's ``only_cancer`` takes what the
    note's other sentences agree on ("Relapsed 2024 with bone mets"). When every "advanced"
    the criterion writes asks regional extent only ("locally advanced rectal cancer"), only
    the unresectable stage III states it."""
    rules = _reader().rules.stated_extent_qualifiers
    spread = stated_spread(sentence)
    stated: set[str] = set()
    ruled_out: set[str] = set()
    stage_four = bool(stage_numbers) and all(number.startswith("4") for number in stage_numbers)
    told = [said for s in note_sentences if (said := stated_spread(s)) is not None]
    if (
        stated_spread(_stage_group_cues().sub(" ", sentence.lower()))
        or (stage_four and not set(cancer_kinds).isdisjoint(rules.stage_four_distant_cancers))
        or (only_cancer and spread is None and told and all(told))
    ):
        stated.update(rules.distant_spread)
    elif spread is False and not any(told):
        ruled_out.update(rules.no_distant_spread)
    if stage_four:
        stated.update(rules.stage_four)
    if _locally_only(criterion_text, rules.locally_written):
        stated.discard("advanced")
    lowered = sentence.lower()
    if (
        stage_numbers
        and all(number.startswith("3") for number in stage_numbers)
        and any(_word(word).search(lowered) for word in rules.unresectable_words)
    ):
        stated.update(rules.unresectable_stage_three)
    return frozenset(stated), frozenset(ruled_out)


@functools.cache
def _stage_group_cues() -> re.Pattern[str]:
    """The note's metastatic cues that are a stage group ("stage IVA"): no distant spread
    of their own in every cancer."""
    groups = phrase_alternation(_reader().rules.stage_group_cues)
    return re.compile(rf"(?<![a-z0-9])(?:{groups})(?![a-z0-9])")


def _locally_only(criterion_text: str, locally_written: Sequence[str]) -> bool:
    """Whether every "advanced" a criterion writes is one of the words asking regional extent
    only ("locally advanced")."""
    lowered = criterion_text.lower()
    advanced = [found.start() for found in _word("advanced").finditer(lowered)]
    regional = [found.span() for word in locally_written for found in _word(word).finditer(lowered)]
    return bool(advanced) and all(any(a <= at < b for a, b in regional) for at in advanced)


@functools.lru_cache(maxsize=64)
def _word(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9-]){re.escape(phrase)}(?![a-z0-9-])")


def spread_descriptors() -> tuple[str, ...]:
    """The MeSH headings of spread itself (Neoplasm Metastasis), which name no cancer of
    their own (``stated_extent_qualifiers.spread_descriptors``)."""
    return tuple(_reader().rules.stated_extent_qualifiers.spread_descriptors)
