"""Text analysis: words, synonyms and stopwords, and which words of a long text matter.

The one word folder of trialfinder's search: the query side, both index
backends (documents, word pairs) and the validation of choices all split and
fold text with :func:`words`, so a word typed by a user and the same word in a
trial compare equal whatever engine is behind the store.

A phrase the medical vocabulary (:mod:`trialfinder.vocabulary`) knows is expanded
here, once for both backends: "bone loss" becomes the group *bone loss OR
osteoporosis*, "statins" also names the statin drugs. The user's words always stay
in the group (alternatives are added, never substituted) and every reading of an
ambiguous abbreviation is added ("AD": Alzheimer disease and atopic dermatitis),
because the crude rewrite measured in bench/RESULTS_relevance.md lost exactly
where it replaced words or picked one reading.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from typing import Literal

import msgspec

from trialfinder import vocabulary as medical
from trialfinder.spelling import everyday_words

__all__ = [
    "COMMON_TERM_SHARE",
    "SHORT_QUERY_GROUPS",
    "ConceptRole",
    "TextQuery",
    "Vocabulary",
    "broader_alternatives",
    "concept_role",
    "fold_negated",
    "fold_not_metastatic",
    "informative_groups",
    "load_vocabulary",
    "parent_site",
    "parent_sites",
    "parse_text",
    "read_as",
    "read_one_way",
    "scattered_words",
    "sign_alternatives",
    "words",
]

# Text with more groups than this is read as a description (a patient note):
# any of its informative terms may match, instead of all of them.
SHORT_QUERY_GROUPS = 6
# Longer text is cut here: nothing useful for matching comes after 10,000 words.
_MAX_WORDS = 10_000
_WORD = re.compile(r"[^\W_]+")
# The endings an everyday word takes in a sentence ("taking", "ended", "needs").
_INFLECTIONS = ("ing", "ed", "es", "s")
# "Crohn's disease" is the phrase "crohn disease" (MeSH's heading), not "crohn" and "disease".
_POSSESSIVE = re.compile(r"(?<=[^\W\d_])['\u2019]s\b")
# The words that say whose: "in my sleep", "on his lungs".
_POSSESSIVES = frozenset({"my", "his", "her", "their", "your", "our"})
# A process word and the organ it happens to, as people say it of someone's organ: "scarring
# on my lungs" (read without the possessive: "scarring on lungs", _unpossessed), "swelling in
# both his knees" (the organ-process table writes "of the <organ>").
_ORGAN_OF_SOMEONE = re.compile(
    r"^([^\W\d_]+) (?:on|in|of) "
    rf"(?:(?:{'|'.join(sorted(_POSSESSIVES))}|the|both|both of)\s)*([^\W\d_].*)$"
)
# "cancer that has spread to the brain": the site a cancer reached, which trials write as
# "brain metastases" (see _secondary_sites). Only in a text that names a cancer.
_SPREAD_TO = re.compile(
    r"\b(?:has\s+|have\s+|had\s+)?spread(?:s|ing)?\s+(?:in)?to\s+"
    r"(?:(?:the|my|his|her|their|its|your)\s+)?([^\W\d_]+(?:\s+[^\W\d_]+){0,4})",
    re.IGNORECASE,
)
# A negated "metastatic" and a cancer that "has not spread" (elsewhere, to other parts of the
# body; not "to the brain", a site it did not reach) are one word in every trial's text and
# every query (fold_not_metastatic).
_NOT_METASTATIC = re.compile(
    r"\b(?:non|not(?:\s+yet)?)(?:\s*-\s*|\s+)?metasta(?:tic|sized|sised)\b", re.IGNORECASE
)
_NOT_SPREAD = re.compile(
    r"\b(?:(?:has|have|had|did|does|do)\s+not|(?:has|have|had|did|does|do)n['\u2019]?t|not)"
    r"\s+(?:yet\s+)?spread\b"
    r"(?:\s+(?:to\s+)?(?:other|distant)\s+(?:parts|organs|sites)"
    r"(?:\s+of\s+(?:the|my|his|her|their)\s+body)?|\s+elsewhere)?"
    r"(?!\s+(?:in)?to\b)",
    re.IGNORECASE,
)
_NOT_METASTATIC_WORD = "nonmetastatic"
# "born 10 weeks early", "born two months premature": how early a baby came is said beside
# "born" and splits the lay phrase "born early" (synonyms.json: a preterm birth), which the
# count is read as; the gestation itself ("born at 30 weeks") is the note reader's.
_BORN_SOME_WEEKS_EARLY = re.compile(
    r"\bborn\s+(?:(?:\d{1,2}|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|thirteen|fourteen|fifteen|sixteen)\s*(?:-\s*)?(?:weeks?|wks?|months?)\s+)"
    r"(early|prematurely|premature|preterm)\b",
    re.IGNORECASE,
)
# TNM's "M0" (no distant metastasis), alone ("M0", "cM0", "all M0") or closing a stage written in
# one word ("T1-T4N0M0", "pT1,2N0M0", "cT3N2bM0").
_M0 = re.compile(
    r"(?:(?<![a-z0-9])[cp]?|(?<=n[0-3x])|(?<=n[0-3][a-c]))m0(?![a-z0-9])", re.IGNORECASE
)
# A negated histology ("non-squamous", "non squamous", "nonsquamous" NSCLC): one word
# (fold_negated).
_NON_SQUAMOUS = re.compile(r"\bnon(?:\s*-\s*|\s+)?squamous\b", re.IGNORECASE)
_NON_SQUAMOUS_WORD = "nonsquamous"
# A recurrence named as a risk, an absence or what an outcome is free of ("high risk of
# recurrence", "without disease recurrence", "relapse-free survival"): the disease has not come
# back, and stemmed, "recurrence" is "recurrent". One word each (fold_negated).
_RECURRENCE_WORDS = r"(?:recurrences?|relapses?)"
_RISK_OF_RECURRENCE = re.compile(
    r"\brisks?\s+(?:of|for)\s+(?:(?:disease|cancer|tumou?r|local|locoregional|distant)\s+){0,2}"
    rf"{_RECURRENCE_WORDS}\b",
    re.IGNORECASE,
)
_RISK_OF_RECURRENCE_WORD = "recurrencerisk"
_NO_RECURRENCE = re.compile(
    r"\b(?:without\s+(?:(?:evidence\s+of|disease|cancer|tumou?r)\s+){0,2}"
    rf"{_RECURRENCE_WORDS}|(?:recurrence|relapse)(?:\s*-\s*|\s+)free)\b",
    re.IGNORECASE,
)
_NO_RECURRENCE_WORD = "norecurrence"
# A type, stage, grade, phase or class number run into the words around it, as registry records
# write it ("Type2diabetes", "stage4cancer", "phase1"): read apart (fold_negated). Only a whole
# number followed by a word of three letters or more, or by nothing: "type2a", "HbA1c",
# "COVID19", "PIK3CA" and "CYP2D6" stay one word.
_JOINED_NUMBER = re.compile(
    r"\b(type|stage|grade|phase|class)(\d{1,2})(?:([^\W\d_]{3,})\b|\b)", re.IGNORECASE
)
# "stop breathing in my sleep", "pain in his chest": a possessive after a preposition says whose,
# and the vocabulary's phrases are written without it ("stop breathing in sleep"). Not after
# "of" ("bundle of His").
_PREPOSITIONS = frozenset({"in", "on", "at", "during", "from", "to", "with", "into"})
# A long description keeps at most this many of its rarest terms.
_MAX_DESCRIPTION_GROUPS = 8
# Terms in more than this share of trials say little about which trial is meant.
COMMON_TERM_SHARE = 0.2
# Readings of one phrase beyond this many are too scattered to help a search.
_MAX_READINGS = 4
# A sign searches at most this many of the diseases it is a sign of (the most characteristic).
_MAX_SIGN_DISEASES = 12
# A drug class adds at most this many of its member drugs (the shortest names: the
# ones people and registries write, not systematic chemical names).
_MAX_CLASS_MEMBERS = 30
# ...each with at most this many of its one-word names (the substance first).
_MAX_MEMBER_NAMES = 2
# A descriptor adds at most this many of its other names.
_MAX_SYNONYMS = 12
_MAX_SYNONYM_WORDS = 4
# A single ordinary word ("breathing", "knee") that is a MeSH entry term is not
# expanded unless it names a disease, a drug or a mental disorder: the other
# branches of the tree turn everyday words into headings nobody meant.
_SPECIFIC_BRANCHES = ("C", "D", "F03")
# What a typed phrase names in a search (concept_role).
ConceptRole = Literal["condition", "treatment", "other"]
# MeSH's branches of what is done to a patient rather than what they have: chemicals and
# drugs (D), and analytical, diagnostic and therapeutic techniques and equipment (E).
_TREATMENT_BRANCHES = ("D", "E")
# Vocabulary phrases are looked for in texts up to this many words; a longer text is
# a description whose rare words are what matters (see informative_groups).
_MAX_EXPANDED_WORDS = 64
# Words people and clinicians use for a cancer, and the ones MeSH's names of a site's
# neoplasm are written with ("cancer of the cervix", "lung cancer", "brain tumor"): a typed
# "carcinoma of the uterine cervix" or "brain tumour" the vocabulary lacks is read as the
# same phrase with one of the latter (see _cancer_word_variants). "ca" is clinicians' shorthand
# for carcinoma before or after a site ("ca cervix", "prostate ca"); alone it is no cancer word
# (a variant is read only when the vocabulary reads it as a neoplasm: "ca 125" stays as typed).
_CANCER_WORDS = frozenset(
    {
        "ca",
        "cancer",
        "cancers",
        "carcinoma",
        "carcinomas",
        "malignancy",
        "malignancies",
        "neoplasm",
        "neoplasms",
        "tumor",
        "tumors",
        "tumour",
        "tumours",
    }
)
_SITE_CANCER_WORDS = ("cancer", "neoplasms", "tumor")
# "cancer in my pancreas", "tumour in the brain", "tumour on my vocal cord": people put a cancer
# in or on its organ where the vocabulary's names write "of" ("cancer of the pancreas"); see
# _cancer_in_an_organ. "ca" is left out: "ca in" is as often calcium.
_IN_AN_ORGAN = frozenset({"in", "on", "inside", "within"})
# The one cancer word Britain and America spell apart. MeSH (American) has few "tumour"
# terms and the vocabulary's British spellings are not derived for it (docs/search.md), so
# a phrase the vocabulary lacks is also looked up in the other spelling, both ways.
_OTHER_SPELLING = {"tumour": "tumor", "tumours": "tumors", "tumor": "tumour", "tumors": "tumours"}
_NEOPLASMS_BRANCH = "C04"
# Before a gene symbol written with "m" for mutated: germline, somatic, tumour ("gBRCAm").
_MUTATION_ORIGINS = frozenset("gst")
# MeSH Hematologic Diseases: the diseases of the blood, whose cancers no one names by site.
_BLOOD_DISEASES_BRANCH = "C15.378"
# MeSH files a cancer by its site under Neoplasms by Site (C04.588); its third level is the body
# region (C04.588.443 *Head and Neck Neoplasms*, C04.588.274 *Digestive System Neoplasms*).
_SITE_BRANCH = "C04.588."
_REGION_DEPTH = 3
# MeSH anatomy (A): where a lay body word is read to before its organ is put into a disease name.
_ANATOMY_BRANCH = "A"


def words(text: str) -> list[str]:
    """Lowercase words of letters and digits without accents: what every index and
    every query compare (ASCII text, the usual case, takes a fast path that gives
    the same words)."""
    if text.isascii():
        return _WORD.findall(text.lower())
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold())
    return _WORD.findall("".join(char for char in folded if not unicodedata.combining(char)))


def fold_not_metastatic(text: str) -> str:
    """The text with a negated "metastatic" ("non-metastatic", "not metastatic", "not yet
    metastatic") and a cancer that "has not spread" ("hasn't spread", "has not yet spread to
    other parts of the body") written as the one word "nonmetastatic".

    Word by word, "non-metastatic castration-resistant prostate cancer" holds "metastatic",
    and "has not spread" holds "spread": a search for a cancer that has spread found the
    trials of the cancer that has not first, and a search for one that has not spread asked
    for "spread". Both index backends fold each trial's text with this before its words are
    taken (:func:`~trialfinder.search.indexed_facts.trial_facts`), and :func:`parse_text`
    folds the query the same way, so "nonmetastatic" matches only the negated forms.
    "Has not spread to the brain" names a site the cancer did not reach, not the cancer's
    extent, and is left as typed. TNM's "M0" (no distant metastasis: "M0 CRPC", "T1-T4N0M0",
    "(all M0)") is the same word: staged trials write it where their titles say
    "non-metastatic"."""
    # Each pattern runs only on a text holding its word: indexing folds every trial's criteria.
    lowered = text.lower()
    if "metasta" in lowered:
        text = _NOT_METASTATIC.sub(_NOT_METASTATIC_WORD, text)
    if "spread" in lowered:
        text = _NOT_SPREAD.sub(_NOT_METASTATIC_WORD, text)
    if "m0" in lowered:
        text = _M0.sub(f" {_NOT_METASTATIC_WORD}", text)
    return text


def fold_negated(text: str) -> str:
    """Text with each negated word trials write as one made that one word: a cancer that has
    not spread (:func:`fold_not_metastatic`) and a negated histology ("non-squamous",
    "non squamous" → "nonsquamous"). Word by word, "non-squamous NSCLC" holds "squamous": a
    search for squamous lung cancer found the non-squamous trials beside the squamous ones.
    A recurrence named as a risk ("high risk of recurrence" → "recurrencerisk") or as absent
    ("without disease recurrence", "relapse-free survival" → "norecurrence") is one word too:
    stemmed, it was "recurrent", and the adjuvant trials of an early cancer were found for one
    that came back.
    A type, stage, grade, phase or class number run into the words around it
    ("Type2diabetes", "phase1") is read apart ("Type 2 diabetes"): the index held no
    "diabetes" for a trial writing it so.
    Both index backends fold each trial's text with this, and :func:`parse_text` the query."""
    if _JOINED_NUMBER.search(text):
        text = _JOINED_NUMBER.sub(_read_apart, text)
    text = fold_not_metastatic(text)
    lowered = text.lower()
    if "squamous" in lowered:
        text = _NON_SQUAMOUS.sub(_NON_SQUAMOUS_WORD, text)
    if "recurrence" in lowered or "relapse" in lowered:
        text = _RISK_OF_RECURRENCE.sub(_RISK_OF_RECURRENCE_WORD, text)
        text = _NO_RECURRENCE.sub(_NO_RECURRENCE_WORD, text)
    return text


def _read_apart(match: re.Match[str]) -> str:
    return " ".join(part for part in match.groups() if part)


class LayReading(msgspec.Struct, frozen=True):
    """Phrases people say for what clinicians write in a word or two ("came back" for
    "recurrent"), read one way: the phrases find what the clinical words find, and a search
    for the clinical words is not widened by them."""

    phrases: list[str]
    reads_as: list[str]
    why: str = ""


class UnsearchedPhrases(msgspec.Struct, frozen=True):
    """Phrases that say something of the person but name no trial's topic ("still working full
    time", "up and about but can't work": a performance status in people's words, which every
    trial's criteria decide and no trial's title or conditions write), so they are not searched
    as words: word by word "working", "work" and "time" match any trial that writes them."""

    phrases: list[str]
    why: str = ""


class QuantityUnits(msgspec.Struct, frozen=True):
    """Units a number typed before makes a quantity ("36 Gy", "0.5 mg", "7 doses", "40 years"):
    the number is not searched, the unit is (:func:`parse_text`). A trial writes the same
    quantity in other numbers ("500 micrograms", "four years", "1.8 Gy per fraction"), and a
    number searched alone finds any trial writing it."""

    units: list[str] = []
    source: str = ""
    why: str = ""


class Vocabulary(msgspec.Struct, frozen=True):
    """The data file ``synonyms.json``: synonym groups, lay readings, stopwords, phrases left
    unsearched and the units of a typed quantity."""

    version: str
    synonym_groups: list[list[str]]
    stopwords: list[str]
    description: str = ""
    lay_readings: list[LayReading] = []
    unsearched_phrases: list[UnsearchedPhrases] = []
    quantity_units: QuantityUnits = QuantityUnits()

    @classmethod
    def from_dict(cls, data: object) -> Vocabulary:
        """Validate the file: phrases must already be in normalised form."""
        vocabulary = msgspec.convert(data, cls)
        for group in vocabulary.synonym_groups:
            if len(group) < 2:
                raise ValueError(f"synonyms.json: a group needs two or more phrases: {group}")
            for phrase in [*group]:
                if " ".join(words(phrase)) != phrase:
                    raise ValueError(f"synonyms.json: {phrase!r} is not lowercase words")
        for reading in vocabulary.lay_readings:
            if not reading.phrases or not reading.reads_as:
                raise ValueError(f"synonyms.json: a lay reading needs phrases and words: {reading}")
            for phrase in [*reading.phrases, *reading.reads_as]:
                if " ".join(words(phrase)) != phrase:
                    raise ValueError(f"synonyms.json: {phrase!r} is not lowercase words")
        for word in vocabulary.stopwords:
            if words(word) != [word]:
                raise ValueError(f"synonyms.json: stopword {word!r} is not one lowercase word")
        for word in vocabulary.quantity_units.units:
            if words(word) != [word]:
                raise ValueError(f"synonyms.json: unit {word!r} is not one lowercase word")
        for unsearched in vocabulary.unsearched_phrases:
            for phrase in unsearched.phrases:
                if " ".join(words(phrase)) != phrase:
                    raise ValueError(f"synonyms.json: {phrase!r} is not lowercase words")
        return vocabulary

    def to_dict(self) -> dict[str, object]:
        return msgspec.to_builtins(self)  # type: ignore[no-any-return]


class _PhraseIndex:
    """Synonym phrases by their words, for longest-match lookup in query text."""

    def __init__(self, vocabulary: Vocabulary) -> None:
        alternatives: dict[tuple[str, ...], set[str]] = {}
        for group in vocabulary.synonym_groups:
            for phrase in group:
                alternatives.setdefault(tuple(phrase.split()), set()).update(group)
        # One way only: the lay phrase and the clinical words, never the other phrases (a
        # search for "relapsed" is not widened by "came back", nor "came back" by "back again").
        for reading in vocabulary.lay_readings:
            for phrase in reading.phrases:
                alternatives.setdefault(tuple(phrase.split()), set()).update(
                    (phrase, *reading.reads_as)
                )
        self.alternatives = {
            phrase_words: tuple(sorted(phrases)) for phrase_words, phrases in alternatives.items()
        }
        self.unsearched = frozenset(
            tuple(phrase.split())
            for unsearched in vocabulary.unsearched_phrases
            for phrase in unsearched.phrases
        )
        self.longest = max(
            (len(phrase_words) for phrase_words in [*alternatives, *self.unsearched]), default=1
        )
        self.stopwords = frozenset(vocabulary.stopwords)
        self.units = frozenset(vocabulary.quantity_units.units)


def load_vocabulary() -> Vocabulary:
    """The synonym and stopword lists shipped with trialfinder."""
    raw = resources.files("trialfinder").joinpath("data", "synonyms.json").read_bytes()
    return Vocabulary.from_dict(msgspec.json.decode(raw))


@cache
def _phrase_index() -> _PhraseIndex:
    return _PhraseIndex(load_vocabulary())


@cache
def _one_way_phrases() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Each one-way phrase of ``synonyms.json`` as a pattern on written text (its words apart
    by any non-word characters: "SCC of the lung", "can't be operated on"), with its first
    clinical reading; the longest phrases first."""
    phrases = {
        phrase: reading.reads_as[0]
        for reading in load_vocabulary().lay_readings
        for phrase in reading.phrases
    }
    return tuple(
        (re.compile(r"\b" + r"\W+".join(map(re.escape, phrase.split())) + r"\b", re.I), read)
        for phrase, read in sorted(phrases.items(), key=lambda item: -len(item[0].split()))
    )


def read_one_way(text: str, keep: Callable[[str], bool]) -> str:
    """The text with each one-way phrase of the vocabulary written in it ("adenocarcinoma of
    the caecum", "SCC of the lung") put in its first clinical reading ("colon cancer",
    "squamous lung cancer") where ``keep`` takes that reading: what :func:`parse_text` reads
    for search, for a reader of written text (a patient's note) that does not search it."""
    for pattern, reading in _one_way_phrases():
        if keep(reading):
            text = pattern.sub(reading, text)
    return text


class TextQuery(msgspec.Struct, frozen=True):
    """Analysed user text: each group is a set of alternative phrases (words joined
    by single spaces); ``typed`` holds, for each group, the phrase as the user typed
    it (ranking weighs it above what the vocabulary adds); ``match_all`` asks for
    every group, otherwise ``at_least`` of them (of the most informative ones the
    store keeps) must match. ``words_apart`` also lets a group match the words of
    its typed phrase anywhere in the trial, apart (the relaxation of a one-concept
    text, :func:`~trialfinder.search.index.partial_tiers`). ``required`` names groups a
    partial tier must match whatever else it matches (the conditions of a text of several
    concepts, :func:`~trialfinder.search.index.partial_tiers`); they count towards
    ``at_least``."""

    groups: tuple[tuple[str, ...], ...] = ()
    match_all: bool = True
    at_least: int = 1
    typed: tuple[str, ...] = ()
    words_apart: bool = False
    required: tuple[tuple[str, ...], ...] = ()

    @property
    def is_description(self) -> bool:
        """Text too long to ask for all its groups (a patient note): only its most
        informative groups are searched. A short query relaxed to some of its groups
        keeps every group, so trials matching more of them can rank first."""
        return not self.match_all and len(self.groups) > SHORT_QUERY_GROUPS

    def typed_phrase(self, group: tuple[str, ...]) -> str:
        """What the user typed for a group of this text (its first phrase if unknown)."""
        for alternatives, phrase in zip(self.groups, self.typed, strict=False):
            if alternatives == group:
                return phrase
        return group[0]

    def __bool__(self) -> bool:
        return bool(self.groups)


@cache
def parse_text(text: str) -> TextQuery:
    """Split text into words, expand synonyms and vocabulary phrases (longest phrase
    first), drop stopwords and the phrases left unsearched. Cached: every query reads its
    text more than once."""
    index = _phrase_index()
    unpossessed = _POSSESSIVE.sub("", text)
    text_words = _unpossessed(
        words(_secondary_sites(fold_negated(_BORN_SOME_WEEKS_EARLY.sub(r"born \1", unpossessed))))
    )[:_MAX_WORDS]
    expand = len(text_words) <= _MAX_EXPANDED_WORDS
    plain = _plain_words(text) if expand else frozenset()
    # Each group with the phrase typed for it (the first time, if typed twice).
    groups: dict[tuple[str, ...], str] = {}
    position = 0
    while position < len(text_words):
        unsearched, synonym_length, synonyms = _listed_phrase(index, text_words, position)
        if unsearched:
            position += unsearched
            continue
        known_length, alternatives = (
            _vocabulary_phrase(text_words, position, plain) if expand else (0, ())
        )
        organ_length, organ_cancer = (
            _cancer_in_an_organ(text_words, position, plain) if expand else (0, ())
        )
        if organ_length > max(synonym_length, known_length):
            groups.setdefault(_group(organ_cancer), organ_cancer[0])
            position += organ_length
        elif synonym_length >= known_length and synonym_length:
            # The vocabulary adds to a synonym group what it knows of any of its phrases,
            # so every phrase of the group reads the same ("OA knee", "knee osteoarthritis").
            extra = [alternative for phrase in synonyms for alternative in _expansion(phrase)]
            typed = " ".join(text_words[position : position + synonym_length])
            groups.setdefault(_group((*synonyms, *extra)), typed)
            position += synonym_length
        elif known_length:
            groups.setdefault(_group(alternatives), alternatives[0])
            position += known_length
        else:
            word = text_words[position]
            if word not in index.stopwords and not _counts_a_unit(index, text_words, position):
                groups.setdefault((word,), word)
            position += 1
    return TextQuery(
        groups=tuple(groups),
        match_all=len(groups) <= SHORT_QUERY_GROUPS,
        typed=tuple(groups.values()),
    )


def _counts_a_unit(index: _PhraseIndex, text_words: Sequence[str], position: int) -> bool:
    """Whether the word at ``position`` is a number, or a part of one ("0.5" is "0" and "5"),
    followed by a unit (``synonyms.json`` ``quantity_units``): "36 Gy", "0.5 mg", "7 doses",
    "smoked for 40 years". Such a number is a quantity a trial writes in its own numbers, not
    a word to search; "exon 14", "1 to 5 spots" and "stage 4" keep theirs."""
    after = position
    while after < len(text_words) and text_words[after].isdigit():
        after += 1
    return position < after < len(text_words) and text_words[after] in index.units


def _unpossessed(text_words: list[str]) -> list[str]:
    """The words without a possessive that follows a preposition ("in my sleep": "in sleep")."""
    return [
        word
        for position, word in enumerate(text_words)
        if not (word in _POSSESSIVES and position and text_words[position - 1] in _PREPOSITIONS)
    ]


def _listed_phrase(
    index: _PhraseIndex, text_words: Sequence[str], position: int
) -> tuple[int, int, tuple[str, ...]]:
    """The phrases of ``synonyms.json`` that start at ``position``, in one pass from the longest:
    how many words make the longest phrase left unsearched (0: none; it wins over a synonym of
    any length), and the length and alternatives of the longest synonym phrase (0, ())."""
    synonym_length = 0
    synonyms: tuple[str, ...] = ()
    for length in range(min(index.longest, len(text_words) - position), 0, -1):
        phrase_words = tuple(text_words[position : position + length])
        if phrase_words in index.unsearched:
            return length, 0, ()
        if not synonym_length and (found := index.alternatives.get(phrase_words)) is not None:
            synonym_length, synonyms = length, found
    return 0, synonym_length, synonyms


def _cancer_in_an_organ(
    text_words: Sequence[str], position: int, plain: frozenset[str]
) -> tuple[int, tuple[str, ...]]:
    """A cancer word followed by "in" or "on" and its organ ("cancer in pancreas", "tumour in
    the brain"; a possessive after the preposition is already gone, :func:`_unpossessed`) read
    as the vocabulary reads the phrase written with "of" ("cancer of the pancreas": Pancreatic
    Neoplasms): its length in words and its alternatives, the typed phrase first; (0, ()) when
    the "of" phrase names nothing beyond the cancer word ("cancer in children", "cancer in
    India" stay two words)."""
    if (
        position + 2 >= len(text_words)
        or text_words[position] == "ca"
        or text_words[position] not in _CANCER_WORDS
        or text_words[position + 1] not in _IN_AN_ORGAN
    ):
        return 0, ()
    with_of = [*text_words[: position + 1], "of", *text_words[position + 2 :]]
    length, alternatives = _vocabulary_phrase(with_of, position, plain)
    if length < 3:
        return 0, ()
    return length, (" ".join(text_words[position : position + length]), *alternatives)


def _secondary_sites(text: str) -> str:
    """A cancer's "spread to the <site>" written as trials write it: "<site> metastases"
    ("breast cancer that has spread to the brain" → "breast cancer that with brain metastases").

    People say where a cancer went; read word by word, the site ("brain", "liver") and
    "cancer" find trials of cancer *of* that organ, the primary tumour the person does not
    have. Trials of a cancer that reached an organ name it "brain metastases", "liver
    metastases" (MeSH files them under the primary's descriptors, with no heading of their
    own), which is what the site is read as. Only in a text that names a cancer ("the
    infection spread to the blood" is left as typed); a plural site is read in the singular
    when the vocabulary knows that ("lungs" → "lung metastases"), and a site of several
    words whole when the search knows it as a phrase ("the lining of the tummy")."""
    if not _CANCER_WORDS.intersection(words(text)):
        return text

    def metastases(match: re.Match[str]) -> str:
        site, *after = match.group(1).lower().split()
        # A site of several words is read whole when it is a phrase the search knows ("the
        # lining of the tummy", the peritoneum: "lining" alone found nothing of it).
        for length in range(len(after), 0, -1):
            if (site, *after[:length]) in _phrase_index().alternatives:
                site, after = " ".join((site, *after[:length])), after[length:]
                break
        else:
            if len(site) > 4 and site.endswith("s") and medical.load_vocabulary().lookup(site[:-1]):
                site = site[:-1]
        # "with" keeps the site out of the words before it ("cancer lung" is a heading).
        return " ".join(("with", site, "metastases", *after))

    return _SPREAD_TO.sub(metastases, text)


def scattered_words(typed: Sequence[str]) -> tuple[str, ...]:
    """The words of a typed phrase that must all occur, anywhere, for the phrase to
    match with its words apart (stopwords left out; () for a one-word phrase).

    A trial that writes "cancer of the cervix" in its summary, or "Cervical, Head and
    Neck and Prostate Cancer" in its title, is about what "cervical cancer" asks;
    such a match ranks far below the phrase (SQLite's index scores it at a tenth, and
    both indexes match it only in the words-apart tier of a one-concept text)."""
    stopwords = _phrase_index().stopwords
    content = tuple(word for word in typed if word not in stopwords)
    return content if len(content) > 1 else ()


def _group(alternatives: Sequence[str]) -> tuple[str, ...]:
    """Alternatives in a stable order: the typed phrase first, then the rest sorted."""
    first, *rest = dict.fromkeys(alternatives)
    return (first, *sorted(set(rest) - {first}))


def _plain_words(text: str) -> frozenset[str]:
    """The everyday English words (``spelling.everyday_words``) a text types only in
    lowercase: "all" in "tired all the time", not "ALL" in "pediatric ALL".

    Clinicians write an abbreviation in capitals; a person typing "all", "does" or "set" in
    lowercase means the word, and reading it as ALL (acute lymphoblastic leukaemia) or DOES
    (disorders of excessive somnolence) sends the search to trials of a disease nobody named.
    A lowercase abbreviation that is not an everyday word ("ms", "cml", "osa") is still read."""
    typed = _WORD.findall(text)
    capitalised = {word.lower() for word in typed if not word.islower()}
    common = everyday_words()
    return frozenset(
        word for word in typed if word.islower() and word in common and word not in capitalised
    )


def _vocabulary_phrase(
    text_words: Sequence[str], position: int, plain: frozenset[str] = frozenset()
) -> tuple[int, tuple[str, ...]]:
    """The longest phrase at ``position`` the vocabulary expands: its length in words and
    its alternatives (the typed phrase first), or (0, ()) when none. A one-word phrase in
    ``plain`` (:func:`_plain_words`) is not read as an abbreviation.

    A phrase of several words the vocabulary reads, one of them a letter or a number, is kept
    whole even when it adds no other name ("vitamin d", MeSH's heading itself): searched word
    by word, its "d" would match any trial holding the letter, and "vitamin" any vitamin's
    trial (:func:`_lettered_phrase`)."""
    longest = min(medical.MAX_PHRASE_WORDS, len(text_words) - position)
    for length in range(longest, 0, -1):
        phrase = " ".join(text_words[position : position + length])
        alternatives = _expansion(phrase, abbreviations=length > 1 or phrase not in plain)
        if alternatives or (_lettered_phrase(phrase) and _readings(phrase)):
            return length, (phrase, *alternatives)
    return 0, ()


def _lettered_phrase(phrase: str) -> bool:
    """Whether a phrase of several words has a word that is one letter or a number ("vitamin
    d", "hepatitis b", "stage 4"): such a word is in nearly every trial, so the phrase means
    something only whole. A phrase of longer words ("diabetes mellitus") searched word by word
    still finds what the phrase names."""
    phrase_words = phrase.split()
    return len(phrase_words) > 1 and any(len(word) == 1 or word.isdigit() for word in phrase_words)


def _readings(phrase: str, *, abbreviations: bool = True) -> list[medical.Reading]:
    """The readings of a typed phrase that search expands (at most a few; a single
    ordinary word only when it names a disease, drug or mental disorder; no abbreviation
    reading when ``abbreviations`` is false)."""
    vocabulary = medical.load_vocabulary()
    found = vocabulary.lookup(phrase)
    for plural in () if found else medical.plural_forms(phrase):
        # "bispecific antibody": MeSH only has "Antibodies, Bispecific".
        found = vocabulary.lookup(plural)
        if found:
            break
    if not found:
        found = _variant_reading(phrase)[1]
    if not found:
        found = _lay_body_readings(phrase)
    if not found:
        found = _lay_sign_readings(phrase)
    if not found:
        found = _organ_process_readings(phrase)
    if not found:
        # "broken cheekbone": the part's fracture, as MeSH names it (Zygomatic Fractures).
        found = medical.part_fracture(phrase)
    if not found:
        found = _pre_stage_readings(phrase)
    if not found:
        found = _trade_name_readings(phrase)
    if not found:
        found = _mutated_gene_readings(phrase)
    if _inverted_cancer_name(phrase, found):
        return []
    return [
        reading
        for reading in found
        if (abbreviations or reading.kind != "abbreviation")
        and (
            " " in phrase
            or reading.kind in medical.CURATED_KINDS
            or reading.kind in medical.PUBLISHED_KINDS
            or any(number.startswith(_SPECIFIC_BRANCHES) for number in reading.concept.tree_numbers)
        )
    ][:_MAX_READINGS]


def _lay_body_readings(phrase: str) -> tuple[medical.Reading, ...]:
    """A phrase read through a lay body word MeSH lacks (``Vocabulary.body_part``, Uberon's
    exact synonyms): the whole phrase as the body part ("windpipe" → *Trachea*, kind
    ``synonym``: it leads to the descriptor, it does not stand for it), or a body word with a
    disease word as the disease MeSH names with the organ's own words ("gullet carcinoma" →
    "esophagus carcinoma" → *Esophageal Neoplasms*); () otherwise.

    People name the organ in plain words and the disease in its usual one; MeSH's disease
    entry terms are written with the organ's anatomical name, so the body word is put back
    into the phrase as each MeSH name of the organ, and only a disease reading is taken."""
    vocabulary = medical.load_vocabulary()
    part = vocabulary.body_part(phrase)
    if part is not None:
        return (medical.Reading(part, "synonym"),)
    phrase_words = phrase.split()
    for start in range(len(phrase_words)):
        for end in range(len(phrase_words), start, -1):
            if end - start == len(phrase_words):
                continue
            part = _lay_body_word(" ".join(phrase_words[start:end]))
            for name in vocabulary.synonyms(part.id)[:_MAX_SYNONYMS] if part else ():
                organ = " ".join([*phrase_words[:start], name, *phrase_words[end:]])
                for variant in (organ, *_cancer_word_variants(organ)):
                    if found := _disease_readings(variant):
                        return found
    return ()


def _lay_body_word(phrase: str) -> medical.Concept | None:
    """The anatomy descriptor a lay body word names: Uberon's lay anatomy table, or a curated
    lay word for a body part ("food pipe" → *Esophagus*, "back passage" → *Rectum*); None
    otherwise. People name the organ of a cancer with either kind of everyday word, so
    "<organ word> cancer" must read the same through both."""
    vocabulary = medical.load_vocabulary()
    part = vocabulary.body_part(phrase)
    if part is not None:
        return part
    return next(
        (
            reading.concept
            for reading in vocabulary.lookup(phrase)
            if reading.kind == "lay"
            and any(number.startswith(_ANATOMY_BRANCH) for number in reading.concept.tree_numbers)
        ),
        None,
    )


def _lay_sign_readings(phrase: str) -> tuple[medical.Reading, ...]:
    """A whole phrase read through a lay word for a sign or finding MeSH lacks
    (``Vocabulary.lay_phenotype``, the Human Phenotype Ontology's layperson synonyms:
    "throwing up" → *Vomiting*), kind ``synonym`` (it leads to the descriptor, it does not
    stand for it); () otherwise. People type the sign as they say it; trials are indexed
    under MeSH's word for it."""
    found = medical.load_vocabulary().lay_phenotype(phrase)
    return () if found is None else (medical.Reading(found, "synonym"),)


def _organ_process_readings(phrase: str) -> tuple[medical.Reading, ...]:
    """A whole phrase naming an organ with an everyday process word, read as the disease
    MeSH names with the organ's word and the clinical one (``Vocabulary.organ_process``:
    "lung scarring" → *Pulmonary Fibrosis*, "heart swelling" → *Cardiomegaly*), kind
    ``synonym``; () otherwise. People say what is happening to the organ; trials are indexed
    under the disease, and "lung" and "scarring" apart find trials of neither."""
    vocabulary = medical.load_vocabulary()
    found = vocabulary.organ_process(phrase)
    if found is None and (whose := _ORGAN_OF_SOMEONE.match(phrase)):
        # "scarring on my lungs", "swelling in his heart": the table writes "of the <organ>".
        found = vocabulary.organ_process(f"{whose[1]} of the {whose[2]}")
    return () if found is None else (medical.Reading(found, "synonym"),)


def _trade_name_readings(phrase: str) -> tuple[medical.Reading, ...]:
    """A whole phrase that is a U.S. trade name the vocabulary lacks, read as its generic
    name's readings, kind ``brand`` ("Abrilada" → adalimumab); () otherwise, also when the
    vocabulary has no record of the generic name either ("Dupixent": dupilumab), which
    :func:`_expansion` then adds as the words trials write (``Vocabulary.brand_generic``)."""
    vocabulary = medical.load_vocabulary()
    generic = vocabulary.brand_generic(phrase)
    if generic is None:
        return ()
    return tuple(
        medical.Reading(reading.concept, "brand") for reading in vocabulary.lookup(generic)
    )


def _mutated_gene_readings(phrase: str) -> tuple[medical.Reading, ...]:
    """The readings of :func:`_mutated_gene`."""
    return _mutated_gene(phrase)[1]


def _mutated_gene(phrase: str) -> tuple[str, tuple[medical.Reading, ...]]:
    """A gene symbol written with "m" for mutated, read as the gene ("EGFRm" → *ErbB
    Receptors*; "gBRCAm", germline BRCA-mutated, → the BRCA genes): the symbol as trials
    write it and its readings, or ("", ()).

    Trials write a mutation so ("EGFRm" NCT06194448 and NCT06350097, "ESR1m" NCT06065748,
    "HRRm" NCT06120491), and so do drug labels ("gBRCAm", "tBRCAm": germline and tumour
    BRCA-mutated, the Lynparza label); a g, s or t before the symbol says germline, somatic
    or tumour. Only a word the vocabulary reads as a gene without its "m" is read so
    ("serum" is no "seru" mutated)."""
    if " " in phrase or len(phrase) < 3 or not phrase.endswith("m"):
        return "", ()
    symbol = phrase[:-1]
    vocabulary = medical.load_vocabulary()
    for candidate in (symbol, symbol[1:] if symbol[0] in _MUTATION_ORIGINS else ""):
        genes = tuple(reading for reading in vocabulary.lookup(candidate) if reading.kind == "gene")
        if candidate and genes:
            return candidate, genes
    return "", ()


def _inverted_cancer_name(phrase: str, readings: Sequence[medical.Reading]) -> bool:
    """Whether a two-word phrase with a cancer word first is read only as MeSH's inverted
    name of a blood cancer that the words in the other order name ("cancer blood", from
    "Cancer, Blood": *Hematologic Neoplasms*, which "blood cancer" names).

    Clinicians write a site's cancer word first ("ca cervix", "Carcinoma Breast" NCT01785420,
    "Carcinoma Cervix" NCT03256916), so that order stays a site's cancer; blood is no site
    written so (its cancers are named by kind), and after a cancer word "blood" begins what is
    measured or carried ("the tumour's blood supply", "cancer blood test"), never the inverted
    name."""
    phrase_words = phrase.split()
    if len(phrase_words) != 2 or phrase_words[0] not in _CANCER_WORDS or not readings:
        return False
    natural = f"{phrase_words[1]} {phrase_words[0]}"
    vocabulary = medical.load_vocabulary()
    named = {
        reading.concept.id
        for reading in vocabulary.lookup(natural) or _variant_reading(natural)[1]
        if any(number.startswith(_BLOOD_DISEASES_BRANCH) for number in reading.concept.tree_numbers)
    }
    return any(reading.concept.id in named for reading in readings)


def _pre_stage_readings(phrase: str) -> tuple[medical.Reading, ...]:
    """ "borderline <condition>" read as the condition's "pre-" stage when MeSH names one
    ("borderline diabetes" → *Prediabetic State*, "borderline high blood pressure" →
    *Prehypertension*); () otherwise.

    People say "borderline" for the stage before a condition defined by a threshold, where
    clinicians and MeSH write "pre-" (the Disease Ontology gives "borderline glaucoma" as
    "preglaucoma"). The condition is read as the vocabulary reads it (a disease), and each
    of its names is tried with "pre" before it, joined and apart; only a disease reading
    is taken, so "borderline personality disorder", a MeSH name, is never reached here."""
    first, _, rest = phrase.partition(" ")
    if first != "borderline" or not rest:
        return ()
    vocabulary = medical.load_vocabulary()
    for condition in _disease_readings(rest):
        for name in vocabulary.synonyms(condition.concept.id)[:_MAX_SYNONYMS]:
            for variant in (f"pre{name}", f"pre {name}"):
                if found := _disease_readings(variant):
                    return found
    return ()


def _disease_readings(phrase: str) -> tuple[medical.Reading, ...]:
    """The readings of a phrase that are diseases or mental disorders."""
    return tuple(
        reading
        for reading in medical.load_vocabulary().lookup(phrase)
        if reading.concept.names_a_disease()
    )


@cache
def concept_role(group: tuple[str, ...]) -> ConceptRole:
    """What a group of a search's text names, read by the vocabulary (each of its phrases as
    written, or in another spelling or cancer word): ``"condition"`` when a phrase reads as a
    disease or mental disorder (MeSH C, F03: "eczema", "brain tumour", "throwing up" beside
    "vomiting"), ``"treatment"`` otherwise when a phrase reads only as a drug, substance,
    technique or test (MeSH D, E: "injection", "genetic testing", "chemo"), ``"other"``
    otherwise (a body part, a word the vocabulary does not read). A text naming a condition
    and a treatment or test relaxes to the trials matching its conditions first
    (:func:`~trialfinder.search.index.partial_tiers`)."""
    roles = {_phrase_role(phrase) for phrase in group}
    return "condition" if "condition" in roles else "treatment" if "treatment" in roles else "other"


def filler_words_beside_concepts(
    groups: Sequence[tuple[str, ...]],
) -> tuple[tuple[str, ...], ...]:
    """The groups of a text that name a condition, treatment or test
    (:func:`concept_role`) when every other group is a single word the vocabulary reads as
    nothing, at least half of them everyday English words (``spelling.everyday_words``):
    "husband living with HIV needs someone to keep him on track" → the HIV group; () for any
    other text. A trial matching those concepts is about what the person asks; one repeating
    "needs", "keep" and "track" is not (:func:`~trialfinder.search.index.partial_tiers`).
    A word no vocabulary reads but few people type ("myelodysplastic", "volunteer"), a body
    part ("tooth") or a second concept keeps the usual count of matched groups; a number typed
    alone counts as a filler word ("15 mg or 30 mg twice a day for 12 weeks"). A drug name
    newer than the vocabulary is a treatment by its WHO INN stem ("tolebrutinib", "saruparib":
    :meth:`~trialfinder.vocabulary.Vocabulary.stem_class`), never a filler word."""
    vocabulary = medical.load_vocabulary()
    concepts = tuple(
        group
        for group in groups
        if concept_role(group) != "other"
        or (len(group) == 1 and vocabulary.stem_class(group[0]) is not None)
    )
    plain = [group for group in groups if group not in concepts]
    if not concepts or not plain or any(not _reads_nothing(group) for group in plain):
        return ()
    # A number typed alone (a dose or a duration whose unit is a stopword: "15 mg", "12
    # weeks") is no concept either.
    filler = sum(_everyday(group[0]) or group[0].isdigit() for group in plain)
    return concepts if 2 * filler >= len(plain) else ()


def _everyday(word: str) -> bool:
    """Whether a word is an everyday English word (``spelling.everyday_words``) or one
    inflected ("taking", "ended", "needs": take, end, need)."""
    common = everyday_words()
    if word in common:
        return True
    for suffix in _INFLECTIONS:
        base = word.removesuffix(suffix)
        if base != word and len(base) > 2:
            doubled = base[:-1] if len(base) > 3 and base[-1] == base[-2] else base
            if {base, base + "e", doubled} & common:
                return True
    return False


def _reads_nothing(group: tuple[str, ...]) -> bool:
    """A group of one word the vocabulary has no reading of."""
    vocabulary = medical.load_vocabulary()
    return len(group) == 1 and not vocabulary.lookup(read_as(group[0]))


@cache
def _phrase_role(phrase: str) -> ConceptRole:
    if _disease_readings(phrase) or _disease_readings(read_as(phrase)):
        return "condition"
    readings = medical.load_vocabulary().lookup(read_as(phrase))
    if readings and all(
        number.startswith(_TREATMENT_BRANCHES)
        for reading in readings
        for number in reading.concept.tree_numbers
    ):
        return "treatment"
    return "other"


@cache
def read_as(phrase: str) -> str:
    """The phrase as the vocabulary reads it when it knows the typed form under no name and
    reads another spelling or cancer word of it ("ca cervix" → "cancer cervix", "tumour
    necrosis factor inhibitor" → "tumor necrosis factor inhibitor"); the phrase otherwise.

    Its words are the ones trials write: a search that relaxes a phrase to its words apart
    looks for these ("cancer" and "cervix" anywhere), not the shorthand or the spelling few
    records use."""
    vocabulary = medical.load_vocabulary()
    if vocabulary.lookup(phrase) or any(map(vocabulary.lookup, medical.plural_forms(phrase))):
        return phrase
    return _variant_reading(phrase)[0] or phrase


@cache
def _variant_reading(phrase: str) -> tuple[str, tuple[medical.Reading, ...]]:
    """The phrase as the vocabulary knows it when it knows the typed form under no name: the
    other spelling of "tumour" ("tumour necrosis factor inhibitor" → "tumor necrosis factor
    inhibitor", every reading), else another cancer word for a site ("liver tumour" → "liver
    cancer", readings under Neoplasms only); with its readings, or ("", ()).

    A spelling or a site's cancer word does not change what is meant, so the variant's
    reading is the typed phrase's. The variant is returned too: it is how people and trials
    write the same thing, and a lay or curated name (the words "liver cancer") is no
    descriptor name the expansion would otherwise add."""
    vocabulary = medical.load_vocabulary()
    spelled = " ".join(_OTHER_SPELLING.get(word, word) for word in phrase.split())
    if spelled != phrase and (found := vocabulary.lookup(spelled)):
        return spelled, found
    for variant in _cancer_word_variants(phrase):
        found = tuple(
            reading
            for reading in vocabulary.lookup(variant)
            if any(n.startswith(_NEOPLASMS_BRANCH) for n in reading.concept.tree_numbers)
        )
        if found:
            return variant, found
    return "", ()


def _cancer_word_variants(phrase: str) -> tuple[str, ...]:
    """The phrase with its one cancer word written as MeSH's site names write it
    ("carcinoma of the prostate" → "cancer of the prostate", "neoplasms of the prostate",
    "tumor of the prostate"); () for a phrase of one word or without exactly one cancer word.

    Registries and clinicians write a site's cancer with whichever word they use, MeSH
    names it with a few: the vocabulary's reading of the site must not depend on the word.
    Only a reading under Neoplasms is taken from a variant."""
    phrase_words = phrase.split()
    at = [index for index, word in enumerate(phrase_words) if word in _CANCER_WORDS]
    if len(phrase_words) < 2 or len(at) != 1:
        return ()
    (index,) = at
    return tuple(
        " ".join([*phrase_words[:index], word, *phrase_words[index + 1 :]])
        for word in _SITE_CANCER_WORDS
        if word != phrase_words[index]
    )


@cache
def broader_alternatives(phrase: str) -> tuple[str, ...]:
    """The headings of the descriptors MeSH files a typed phrase's concepts under, on
    their disease, drug and mental-disorder branches ("gallbladder cancer" → *Biliary
    Tract Neoplasms*, *Gallbladder Diseases*); () for a phrase the vocabulary does not
    read. A judge grades such a neighbouring condition as related, and on a small
    registry a one-concept search would otherwise stop at the few trials naming it.

    A drug is also filed under the class its INN stem names (:func:`_stem_classes`: "Zejula",
    niraparib → *Poly(ADP-ribose) Polymerase Inhibitors*), as the index files each trial's
    drugs: a trade name's class siblings are the trials a judge grades as related, and MeSH
    files a drug by its chemistry (*Triazoles*), which no one searching it means."""
    vocabulary = medical.load_vocabulary()
    readings = _readings(phrase)
    own = {reading.concept.id for reading in readings}
    added: list[str] = [
        form for found in _stem_classes(phrase, readings) for form in _heading_forms(found.name)
    ]
    for reading in readings:
        if (site := vocabulary.histology_site(reading.concept.id)) is not None:
            # A cancer MeSH files by its histology only ("cholangiocarcinoma") belongs to an
            # organ's cancer (*Biliary Tract Neoplasms*): the trials of that organ are its
            # neighbours, not those of the histology's parent (*Adenocarcinoma*: gastric ones).
            added.extend(_heading_forms(site.name))
            continue
        for parent in vocabulary.ancestors(reading.concept.id, levels=1):
            # Never a top category ("C04 Neoplasms"): it says nothing about the concept.
            if parent.id not in own and any(
                "." in number and number.startswith(_SPECIFIC_BRANCHES)
                for number in parent.tree_numbers
            ):
                added.extend(_heading_forms(parent.name))
    return tuple(dict.fromkeys(added))


def _stem_classes(phrase: str, readings: Sequence[medical.Reading]) -> tuple[medical.Concept, ...]:
    """The drug classes the INN stems of a typed drug's names name
    (:meth:`~trialfinder.vocabulary.Vocabulary.stem_class`: "Januvia", sitagliptin →
    *Dipeptidyl-Peptidase IV Inhibitors*), for the phrase's readings that are drugs (a chemical
    record, or a descriptor on MeSH's drug branch) and a trade name's generic the vocabulary has
    no record of; () for anything else ("April" is no ACE inhibitor). The index files each
    trial's drugs under the same classes (:func:`~trialfinder.search.indexed_facts.
    intervention_headings`)."""
    vocabulary = medical.load_vocabulary()
    names = [
        reading.concept.name
        # A drug's own name the search reads as typed ("olaparib", a chemical record) too.
        for reading in (*readings, *vocabulary.lookup(phrase))
        if reading.concept.id.startswith("C")
        or any(number.startswith("D") for number in reading.concept.tree_numbers)
    ]
    if not readings and (generic := vocabulary.brand_generic(phrase)) is not None:
        names.append(generic)
    found = (vocabulary.stem_class(name) for name in names)
    return tuple({concept.id: concept for concept in found if concept is not None}.values())


@cache
def parent_site(phrase: str) -> tuple[str, ...]:
    """The headings of the site a typed cancer's site lies in, one level up and never above
    its body region ("gallbladder cancer" → *Biliary Tract Neoplasms*; "cholangiocarcinoma",
    a histology MeSH files by no site, → its organ's, *Biliary Tract Neoplasms*); () for a
    phrase not read as a cancer of a site below a region ("breast cancer": its parent is
    *Neoplasms by Site*, which every cancer trial holds)."""
    vocabulary = medical.load_vocabulary()
    added: list[str] = []
    for reading in _readings(phrase):
        if (site := vocabulary.histology_site(reading.concept.id)) is not None:
            added.extend(_heading_forms(site.name))
        for number in reading.concept.tree_numbers:
            parts = number.split(".")
            if number.startswith(_SITE_BRANCH) and len(parts) > _REGION_DEPTH:
                owner = vocabulary.concept_at(".".join(parts[:-1]))
                if owner is not None:
                    added.extend(_heading_forms(owner.name))
    return tuple(dict.fromkeys(added))


@cache
def parent_sites(phrase: str) -> tuple[tuple[str, ...], ...]:
    """The headings of the sites above a typed cancer's site, one tuple a level, from the
    level above its parent (the parent is one of :func:`broader_alternatives`) up to its body
    region ("tonsil cancer": *Pharyngeal Neoplasms*, then *Otorhinolaryngologic Neoplasms*, then
    *Head and Neck Neoplasms*); () for a phrase not read as a cancer of a site, or one whose
    parent is its region already.

    Trials of a region are written for all its sites: head and neck trials list the oropharynx
    among the sites they take, and none names the tonsil or the oropharynx's cancer as its
    subject, so a search for a sub-site found nothing."""
    vocabulary = medical.load_vocabulary()
    levels: dict[int, list[str]] = {}
    for reading in _readings(phrase):
        for number in reading.concept.tree_numbers:
            if not number.startswith(_SITE_BRANCH):
                continue
            parts = number.split(".")
            for level, depth in enumerate(range(len(parts) - 2, _REGION_DEPTH - 1, -1)):
                owner = vocabulary.concept_at(".".join(parts[:depth]))
                if owner is not None:
                    levels.setdefault(level, []).extend(_heading_forms(owner.name))
    return tuple(tuple(dict.fromkeys(levels[level])) for level in sorted(levels))


@cache
def sign_alternatives(phrase: str) -> tuple[str, ...]:
    """The headings of the diseases a typed phrase is a sign of, when every reading of it is
    a sign or symptom the vocabulary's sign table knows ("wheezing" → *Asthma*, *Bronchiolitis*,
    …; "pins and needles" → *Polyneuropathies*, …); () otherwise. People search with the
    sign they have; trials are written about the disease, and MeSH files the two apart."""
    vocabulary = medical.load_vocabulary()
    diseases = [vocabulary.diseases_with_sign(reading.concept.id) for reading in _readings(phrase)]
    if not diseases or not all(diseases):
        return ()
    return tuple(
        dict.fromkeys(
            form
            for found in diseases
            for disease in found[:_MAX_SIGN_DISEASES]
            for form in _heading_forms(disease.name)
        )
    )


@cache
def _expansion(phrase: str, *, abbreviations: bool = True) -> tuple[str, ...]:
    """What the vocabulary adds to a typed phrase: for each of its readings the
    descriptor's heading (as MeSH writes it and uninverted), its other MeSH names
    that name only it and, for a drug class, its member drugs; for a trade name of a drug it
    has no record of, the generic name. () when it knows nothing to add."""
    vocabulary = medical.load_vocabulary()
    readings = _readings(phrase, abbreviations=abbreviations)
    added: list[str] = []
    if readings and (variant := read_as(phrase)) != phrase:
        # "liver tumour" searches the words "liver cancer" as well as the descriptor's names,
        # and what the synonym list gives "liver cancer" ("hcc"): it reads as that phrase.
        added.append(variant)
        added.extend(_phrase_index().alternatives.get(tuple(variant.split()), ()))
    if readings and not vocabulary.lookup(phrase) and (symbol := _mutated_gene(phrase)[0]):
        # "HER2m": the symbol trials write ("HER2-mutant"), which no synonym list adds.
        added.append(symbol)
    if not readings and (generic := vocabulary.brand_generic(phrase)) is not None:
        # A trade name for a drug the vocabulary has no record of: the generic name trials write.
        added.append(generic)
    for reading in readings:
        concept = reading.concept
        added.extend(_heading_forms(concept.name))
        if (eponym := vocabulary.eponym(concept.id)) is not None:
            # "Crohn's disease" searches "Crohn's" alone too, as trials write it.
            added.append(eponym)
        added.extend(
            [
                synonym
                for synonym in vocabulary.synonyms(concept.id)
                if len(synonym) > 4
                and len(synonym.split()) <= _MAX_SYNONYM_WORDS
                and _names_only_it(vocabulary.lookup(synonym))
            ][:_MAX_SYNONYMS]
        )
        members = sorted(
            (
                (words(member.name), member.id)
                for member in vocabulary.drug_class_members(concept.id)
            ),
            key=lambda member: (len(member[0]), sum(map(len, member[0])), member),
        )
        for name, member_id in [member for member in members if _drug_name(member[0])][
            :_MAX_CLASS_MEMBERS
        ]:
            # A drug's heading is often a salt ("rosuvastatin calcium"); its one-word
            # names are what trials write (the substance, brand names).
            added.append(" ".join(name))
            added.extend(
                [
                    synonym
                    for synonym in vocabulary.synonyms(member_id)
                    if " " not in synonym
                    and len(synonym) > 4
                    and _mesh_or_curated_only(vocabulary.lookup(synonym))
                ][:_MAX_MEMBER_NAMES]
            )
    return tuple(alternative for alternative in dict.fromkeys(added) if alternative != phrase)


def _names_only_it(readings: Sequence[medical.Reading]) -> bool:
    """Whether a name of a descriptor may stand for it in a search: it names nothing
    else, and it is MeSH's own or a curated name that is not a lay word or a misspelling.
    People's words lead to a descriptor but not back: "bone loss" means osteoporosis to
    a patient, yet a search for osteoporosis must not bring dental bone loss trials; nor
    does another vocabulary's synonym or trade name widen a search for the descriptor."""
    return _mesh_or_curated_only(readings) and readings[0].kind not in ("lay", "spelling")


def _mesh_or_curated_only(readings: Sequence[medical.Reading]) -> bool:
    """Whether a member drug's name names only it, by MeSH or the curated list (a trade
    name imported from another vocabulary leads to the drug, it does not stand for it)."""
    return len(readings) == 1 and readings[0].kind not in medical.PUBLISHED_KINDS


def _drug_name(name_words: Sequence[str]) -> bool:
    """A name a trial would write for a drug: a few words, none of them only digits
    ("dapagliflozin", "insulin glargine"; not a systematic chemical name)."""
    return len(name_words) <= 3 and not any(word.isdigit() for word in name_words)


def _heading_forms(name: str) -> tuple[str, ...]:
    """A MeSH heading as written ("arthritis rheumatoid") and read ("rheumatoid arthritis")."""
    written = " ".join(words(name))
    head, comma, rest = name.partition(", ")
    if not comma or "," in rest:
        return (written,)
    return written, " ".join(words(f"{rest} {head}"))


def informative_groups(
    groups: Sequence[tuple[str, ...]],
    frequency: Callable[[tuple[str, ...]], int],
    trials: int,
) -> list[tuple[str, ...]]:
    """The rarest groups present in the index, common ones dropped, at most a few, in
    query order; ``frequency`` is how many of the ``trials`` contain a group.

    A long description ORed word by word would match nearly every trial and make
    the engine score them all; its rare words are what identify the trials meant.
    """
    measured = [(frequency(group), index, group) for index, group in enumerate(groups)]
    present = [item for item in measured if item[0] > 0]
    informative = [item for item in present if item[0] <= trials * COMMON_TERM_SHARE]
    chosen = sorted(informative or present)[:_MAX_DESCRIPTION_GROUPS]
    return [group for _, _, group in sorted(chosen, key=lambda item: item[1])]
