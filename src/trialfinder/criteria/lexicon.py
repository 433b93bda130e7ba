"""The criteria data files, loaded once and validated.

Lexicons, synonyms and unit spellings live in versioned JSON files under
``trialfinder/data/criteria`` so that they can be reviewed and extended
without touching code; this module turns them into typed tables and fast
phrase indexes (token n-gram dictionaries, no regex alternations, so that
lookup cost does not grow with the size of the lexicon).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence
from importlib import resources
from typing import Any, Generic, Literal, TypeVar

import msgspec

__all__ = [
    "Analyte",
    "AnalyteTable",
    "Concept",
    "ConceptTable",
    "Cues",
    "Lexicon",
    "PhraseIndex",
    "PhraseMatch",
    "PhraseScanner",
    "Token",
    "UnitSpelling",
    "UnitTable",
    "load_lexicon",
    "phrase_key",
    "tokenize",
    "tokenize_lowered",
]

# "exposure": an amount of a behaviour (cigarettes per day, pack-years, drinks per week).
AnalyteKind = Literal["age", "vital", "lab", "score", "exposure"]
ConceptCategory = Literal["condition", "treatment", "procedure", "behaviour"]

_TOKEN_PATTERN = re.compile(r"[^\W_]+")


class Token(msgspec.Struct, frozen=True, gc=False):
    """A word of the source text with its character span. Untracked by the garbage
    collector (it holds a string and two ints, so it can be in no reference cycle): a parse
    makes a dozen a criterion, and tracked ones cost a quarter more to make."""

    text: str
    start: int
    end: int


def tokenize(text: str) -> list[Token]:
    """Split text into alphanumeric words keeping offsets (punctuation is dropped)."""
    return [Token(m.group(), m.start(), m.end()) for m in _TOKEN_PATTERN.finditer(text)]


def tokenize_lowered(text: str) -> tuple[list[Token], list[str]]:
    """The words of ``text`` and their lowercase forms, which every phrase lookup reads.
    Lowercasing ASCII text changes no word's length or boundaries, so there the lowercase
    words come from one scan of the lowercased text rather than a ``lower()`` a word."""
    tokens = tokenize(text)
    if text.isascii():
        return tokens, _TOKEN_PATTERN.findall(text.lower())
    return tokens, [token.text.lower() for token in tokens]


def phrase_key(phrase: str) -> tuple[str, ...]:
    """The lowercase word tuple a phrase is indexed under."""
    return tuple(m.group() for m in _TOKEN_PATTERN.finditer(phrase.lower()))


class _Table(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Common ``from_dict``/``to_dict`` so every data file is validated the same way."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Any:
        return msgspec.convert(data, cls)

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = msgspec.to_builtins(self)
        return result


class Analyte(_Table, frozen=True, omit_defaults=True):
    """A measurable quantity: a lab, a vital sign, a clinical score, or age."""

    id: str
    display: str
    kind: AnalyteKind
    names: list[str]
    canonical_unit: str | None
    acronyms: list[str] = []
    molar_mass: float | None = None
    plausible: tuple[float, float] | None = None
    typical_uln: float | None = None
    default_unit: str | None = None
    # Other units results are commonly reported in (conventional beside SI): a bare
    # value is read in the one of these it is plausible in, and an implausible
    # threshold is judged in the one it is plausible in.
    other_units: list[str] = []
    # Conversions pint cannot do, to the canonical unit: (scale, offset). HbA1c
    # mmol/mol (IFCC) to % (NGSP) is affine, and pint would take both as dimensionless.
    conversions: dict[str, tuple[float, float]] = {}
    # Which way a score gets worse ("higher": NYHA, ECOG, CTCAE grade; "lower":
    # Karnofsky, GCS): "or worse" / "or better" mean >= or <= only given this.
    worse: Literal["higher", "lower"] | None = None
    # Letter classes a score is written in, as the points each spans
    # (Child-Pugh A/B/C = 5-6/7-9/10-15): "Child-Pugh B or C" is a range of points.
    classes: dict[str, tuple[float, float]] = {}
    # Unit spellings (from ``units.json``) that name the quantity themselves: "> 10
    # cigarettes per day", "26 to 34 weeks of gestation" are values of this analyte
    # even where no name of it precedes them.
    named_by_units: list[str] = []
    # Known by the form of its value alone, not by a name: a length by its unit ("PDA
    # diameter > 1.5 mm", "rim < 5 mm"), a score by the word "score" before its value ("QMG
    # score ≥12"). Only a value with a comparator or a range is one, and it is never a
    # patient's fact nor a criterion's constraint, since two unnamed lengths (or scores)
    # need not measure the same thing.
    unit_only: bool = False
    # Words that name this score only before a value written on its scale ("pain of 6/10 or
    # higher", "pain ≥ 3 out of 10"): alone, "pain" is a symptom ("pain due to cancer").
    scale_names: list[str] = []
    # The comparator a criterion means by a bare value of this quantity: "a life expectancy
    # of 12 weeks" asks for at least 12 weeks.
    bare_value_means: Literal[">=", "<="] | None = None
    # The quantities a value written "A/B" gives in turn: a blood pressure "140/90" is a
    # systolic 140 and a diastolic 90.
    pair: list[str] = []

    @property
    def display_in_sentence(self) -> str:
        """The display name inside a sentence: "no body weight value given". Names with
        capitals after the first letter ("ALT", "HbA1c", "Free T4") and scores, mostly
        named after people ("Karnofsky performance status"), keep theirs."""
        if self.kind == "score" or any(character.isupper() for character in self.display[1:]):
            return self.display
        return self.display[:1].lower() + self.display[1:]


class AnalyteTable(_Table, frozen=True):
    version: str
    description: str
    analytes: list[Analyte]


class Concept(_Table, frozen=True, omit_defaults=True):
    """A condition, treatment, procedure or behaviour with its surface forms."""

    id: str
    category: ConceptCategory
    names: list[str]
    acronyms: list[str] = []
    parents: list[str] = []


class ConceptTable(_Table, frozen=True):
    version: str
    description: str
    concepts: list[Concept]


class UnitSpelling(_Table, frozen=True):
    pint: str
    spellings: list[str]


class UnitTable(_Table, frozen=True):
    version: str
    description: str
    definitions: list[str]
    units: list[UnitSpelling]
    display: dict[str, str] = {}
    count_multiplier_pattern_note: str = ""


class Cues(_Table, frozen=True):
    """Phrases that steer splitting, negation, history, comparators and time."""

    version: str
    description: str
    inclusion_headers: list[str]
    exclusion_headers: list[str]
    any_group_cues: list[str]
    all_group_cues: list[str]
    current_cues: list[str]
    comparators: dict[str, list[str]]
    postfix_comparators: dict[str, list[str]]
    # Postfix phrases relative to severity ("or worse", "or better"): their
    # comparator is set by the score's ``worse`` direction.
    severity_postfix: dict[str, list[str]]
    range_joiners: list[str]
    inclusive_markers: list[str]
    time_recency_cues: list[str]
    time_duration_cues: list[str]
    female_words: list[str]
    male_words: list[str]
    both_sexes_phrases: list[str]
    healthy_volunteer_phrases: list[str]
    childbearing_phrases: list[str]
    administrative_phrases: list[str]
    # Words a plain number counts rather than measures ("on 2 occasions", "at least 3
    # abnormal values", "1 or more antihypertensive medications").
    counted_nouns: list[str]
    # Words that make a plain value an estimate, not a threshold ("corresponds to an
    # approximate body weight of 12.5 kg").
    approximation_words: list[str]
    filler_words: list[str]
    # Numbers written as words ("within three months", "less than one year") and multiples
    # ("twice the ULN"): read as their digits where a unit follows them.
    number_words: dict[str, int]
    multiple_words: dict[str, int]

    def __post_init__(self) -> None:
        for word in (*self.number_words, *self.multiple_words):
            if not word.isalpha() or not word.islower():
                raise ValueError(f"number word {word!r} must be one lowercase word")
        for word, value in (*self.number_words.items(), *self.multiple_words.items()):
            if len(str(value)) >= len(word):
                raise ValueError(f"number word {word!r}: its digits must be shorter than it")


T = TypeVar("T")


class PhraseMatch(msgspec.Struct, Generic[T], frozen=True):
    """A lexicon phrase found in a token list: tokens ``[first, last)``."""

    first: int
    last: int
    value: T


class PhraseIndex(Generic[T]):
    """Longest-match lookup of multi-word phrases over a token list.

    Phrases are indexed by their lowercase word tuples; acronyms are indexed by
    their exact spelling so that "ALL" (a leukaemia) never matches "all".
    """

    def __init__(
        self,
        phrases: Iterable[tuple[str, T]],
        acronyms: Iterable[tuple[str, T]] = (),
    ) -> None:
        self.phrases: dict[tuple[str, ...], T] = {}
        for phrase, value in phrases:
            key = phrase_key(phrase)
            if key:
                self.phrases.setdefault(key, value)
        self.acronyms: dict[str, T] = {}
        for acronym, value in acronyms:
            self.acronyms.setdefault(acronym, value)
        self._scanner = PhraseScanner([self])

    def __contains__(self, phrase: str) -> bool:
        return phrase_key(phrase) in self.phrases

    def get(self, phrase: str) -> T | None:
        return self.phrases.get(phrase_key(phrase))

    def find(self, tokens: Sequence[Token], lowered: Sequence[str]) -> list[PhraseMatch[T]]:
        """Non-overlapping longest matches, left to right."""
        return self._scanner.find(tokens, lowered)[0]


class PhraseScanner(Generic[T]):
    """Several phrase indexes matched in one pass over a token list.

    Each index keeps its own non-overlapping longest-match semantics, exactly as
    if scanned alone, but a word costs one dict lookup however many indexes
    there are: one tokenisation and one scan serve analytes, concepts and every
    cue list of a criterion.
    """

    def __init__(self, indexes: Sequence[PhraseIndex[T]]) -> None:
        self._count = len(indexes)
        self._phrases: dict[tuple[str, ...], list[tuple[int, T]]] = {}
        lengths: dict[str, set[int]] = {}
        self._acronyms: dict[str, list[tuple[int, T]]] = {}
        for slot, index in enumerate(indexes):
            for key, value in index.phrases.items():
                self._phrases.setdefault(key, []).append((slot, value))
                lengths.setdefault(key[0], set()).add(len(key))
            for acronym, value in index.acronyms.items():
                self._acronyms.setdefault(acronym, []).append((slot, value))
        # Longest first, so the first match an index takes at a word is its longest.
        self._lengths = {word: sorted(sizes, reverse=True) for word, sizes in lengths.items()}
        self.first_words = frozenset(self._lengths)
        # A token can only start a match if its lowercase form is one of these
        # (an exact-case acronym lowercases to its own lowercase form).
        self._triggers = self.first_words | {acronym.lower() for acronym in self._acronyms}

    def find(self, tokens: Sequence[Token], lowered: Sequence[str]) -> list[list[PhraseMatch[T]]]:
        """Per index, its non-overlapping longest matches, left to right."""
        found: list[list[PhraseMatch[T]]] = [[] for _ in range(self._count)]
        triggers = self._triggers.intersection(lowered)
        if not triggers:
            return found
        free = [0] * self._count  # the first token each index may still match at
        lengths_of = self._lengths
        phrases = self._phrases
        acronyms = self._acronyms
        count = len(lowered)
        for index, word in enumerate(lowered):
            if word not in triggers:
                continue
            sizes = lengths_of.get(word)
            if sizes is not None:
                for size in sizes:
                    end = index + size
                    if end > count:
                        continue
                    hits = phrases.get(tuple(lowered[index:end])) if size > 1 else phrases[(word,)]
                    for slot, value in hits or ():
                        if free[slot] <= index:
                            found[slot].append(PhraseMatch(index, end, value))
                            free[slot] = end
            if acronyms:
                for slot, value in acronyms.get(tokens[index].text, ()):
                    if free[slot] <= index:
                        found[slot].append(PhraseMatch(index, index + 1, value))
                        free[slot] = index + 1
        return found


class Lexicon:
    """Everything the criteria pipeline reads from data files, ready to use."""

    def __init__(
        self,
        analytes: AnalyteTable,
        concepts: ConceptTable,
        units: UnitTable,
        cues: Cues,
    ) -> None:
        self.analyte_table = analytes
        self.concept_table = concepts
        self.unit_table = units
        self.cues = cues
        self.version = "-".join(table.version for table in (analytes, concepts, units, cues))
        self.analytes = {analyte.id: analyte for analyte in analytes.analytes}
        self.concepts = {concept.id: concept for concept in concepts.concepts}
        self.analyte_index: PhraseIndex[str] = PhraseIndex(
            ((name, a.id) for a in analytes.analytes for name in a.names),
            ((acronym, a.id) for a in analytes.analytes for acronym in a.acronyms),
        )
        self.concept_index: PhraseIndex[str] = PhraseIndex(
            ((name, c.id) for c in concepts.concepts for name in c.names),
            ((acronym, c.id) for c in concepts.concepts for acronym in c.acronyms),
        )
        self.analyte_by_unit_text = {
            spelling: a.id for a in analytes.analytes for spelling in a.named_by_units
        }
        self.analyte_by_scale_name = {
            name: a.id for a in analytes.analytes for name in a.scale_names
        }
        # Each member of a pair (``Analyte.pair``) to the other: systolic_bp -> diastolic_bp.
        self.pair_partners = {
            member: frozenset(a.pair) - {member} for a in analytes.analytes for member in a.pair
        }
        self.ancestors = {cid: self._ancestors_of(cid) for cid in self.concepts}
        self.filler_words = frozenset(cues.filler_words)

    def _ancestors_of(self, concept_id: str) -> frozenset[str]:
        seen: set[str] = set()
        pending = [concept_id]
        while pending:
            current = pending.pop()
            if current in seen or current not in self.concepts:
                continue
            seen.add(current)
            pending.extend(self.concepts[current].parents)
        return frozenset(seen)


def _read(name: str) -> bytes:
    return (resources.files("trialfinder") / "data" / "criteria" / name).read_bytes()


def severity_comparator(analyte: Analyte, written: str) -> Literal[">=", "<="] | None:
    """The comparator of a value written "… or worse" / "… or better" (``cues.severity_postfix``).

    It depends on the score: "II or worse" is >= for NYHA (higher is worse) and
    "70 or worse" is <= for Karnofsky (lower is worse). None when ``written``
    has no such phrase or the analyte has no direction.
    """
    if analyte.worse is None:
        return None
    ending = " ".join(written.lower().split())
    for sense, phrases in load_lexicon().cues.severity_postfix.items():
        if any(ending.endswith(phrase) for phrase in phrases):
            return ">=" if (sense == "worse") == (analyte.worse == "higher") else "<="
    return None


@functools.cache
def load_lexicon() -> Lexicon:
    """Load and validate all criteria data files (once per process)."""
    analytes = AnalyteTable.from_dict(msgspec.json.decode(_read("analytes.json")))
    concepts = ConceptTable.from_dict(msgspec.json.decode(_read("concepts.json")))
    units = UnitTable.from_dict(msgspec.json.decode(_read("units.json")))
    cues = Cues.from_dict(msgspec.json.decode(_read("cues.json")))
    known = {c.id for c in concepts.concepts}
    for concept in concepts.concepts:
        missing = [parent for parent in concept.parents if parent not in known]
        if missing:
            raise ValueError(f"concept {concept.id!r} has unknown parents {missing}")
    spellings = {spelling for unit in units.units for spelling in unit.spellings}
    ids = {analyte.id for analyte in analytes.analytes}
    for analyte in analytes.analytes:
        if any(member not in ids for member in analyte.pair):
            raise ValueError(f"analyte {analyte.id!r} pairs unknown analytes {analyte.pair}")
        unread = [spelling for spelling in analyte.named_by_units if spelling not in spellings]
        if unread:
            raise ValueError(
                f"analyte {analyte.id!r} is named by units no spelling reads: {unread}"
            )
    return Lexicon(analytes, concepts, units, cues)
