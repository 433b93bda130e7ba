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
from collections import Counter
from collections.abc import Iterable, Sequence
from importlib import resources
from typing import Generic, Literal, TypeVar

import msgspec

from trialfinder.criteria.intermediate import DetectionResult, PhraseMatch, Token
from trialfinder.criteria.tables import (
    Analyte,
    AnalyteTable,
    Concept,
    ConceptTable,
    Cues,
    UnitSpelling,
    UnitTable,
)
from trialfinder.phrases import phrase_alternation, phrase_pattern, spaced_alternation

__all__ = [
    "OTHER_SENSE",
    "Analyte",
    "AnalyteTable",
    "Concept",
    "ConceptTable",
    "Cues",
    "DetectionResult",
    "Lexicon",
    "PhraseIndex",
    "PhraseMatch",
    "PhraseScanner",
    "Token",
    "UnitSpelling",
    "UnitTable",
    "detection_results",
    "filter_words",
    "load_lexicon",
    "may_hold_a_phrase",
    "phrase_alternation",
    "phrase_key",
    "phrase_pattern",
    "phrase_words",
    "tokenize",
    "tokenize_lowered",
    "validate_analytes",
    "validate_concepts",
]


_TOKEN_PATTERN = re.compile(r"[^\W_]+")
# The concept index's value for a phrase in which a concept's name means something else.
OTHER_SENSE = ""


# A sign right after a word and before no other word: "ER+/PR+", "HER2-". One pattern a
# sign, each starting with its literal: a search skips to the sign (a character class first
# would be tried at every character of every text), and most texts hold no sign at all.
_SIGN_WORDS = {"+": "positive", "-": "negative", "\u2212": "negative"}
_SIGNS = tuple(
    (sign, re.compile(rf"{re.escape(sign)}(?<=[^\W_]{re.escape(sign)})(?![^\W_])"))
    for sign in _SIGN_WORDS
)


def tokenize(text: str) -> list[Token]:
    """Split text into alphanumeric words keeping offsets (punctuation is dropped).

    A sign after a tumour marker's name (``cues.signed_markers``: "ER+", "HER2-") is
    the word "positive" or "negative" spanning the sign, so that "ER+/HER2-" is read
    as "ER positive HER2 negative" by every phrase lookup, with offsets into the text.
    """
    tokens = [Token(m.group(), m.start(), m.end()) for m in _TOKEN_PATTERN.finditer(text)]
    signs = [found for sign, pattern in _SIGNS if sign in text for found in pattern.finditer(text)]
    return _with_signs(tokens, signs) if signs else tokens


def _with_signs(tokens: list[Token], signs: list[re.Match[str]]) -> list[Token]:
    markers = _signed_markers()
    ends = {token.end: token for token in tokens}
    words = [
        Token(_SIGN_WORDS[sign.group()], sign.start(), sign.end())
        for sign in signs
        if (marker := ends.get(sign.start())) is not None and marker.text.lower() in markers
    ]
    if not words:
        return tokens
    return sorted([*tokens, *words], key=lambda token: token.start)


@functools.cache
def _signed_markers() -> frozenset[str]:
    return frozenset(load_lexicon().cues.signed_markers)


def tokenize_lowered(text: str) -> tuple[list[Token], list[str]]:
    """The words of ``text`` and their lowercase forms, which every phrase lookup reads.
    Lowercasing ASCII text changes no word's length or boundaries, so there the lowercase
    words come from one scan of the lowercased text rather than a ``lower()`` a word
    (unless a marker's sign was read as a word)."""
    tokens = tokenize(text)
    if text.isascii():
        lowered: list[str] = _TOKEN_PATTERN.findall(text.lower())
        if len(lowered) == len(tokens):
            return tokens, lowered
    return tokens, [token.text.lower() for token in tokens]


def phrase_key(phrase: str) -> tuple[str, ...]:
    """The lowercase word tuple a phrase is indexed under."""
    return tuple(m.group() for m in _TOKEN_PATTERN.finditer(phrase.lower()))


def phrase_words(phrases: Iterable[str]) -> tuple[frozenset[str], ...]:
    """Each phrase's words, lowercase, as :func:`tokenize` splits them: what
    :func:`may_hold_a_phrase` reads, to skip a phrase pattern's search where it cannot match."""
    return tuple(frozenset(phrase_key(phrase)) for phrase in phrases)


def filter_words(text: str, lowered: Iterable[str]) -> frozenset[str] | None:
    """The words :func:`may_hold_a_phrase` may skip ``text``'s searches by: its lowercase
    words (``lowered``, from :func:`tokenize_lowered`) when it is ASCII, else None (every
    search runs). A word-bounded phrase a case-insensitive pattern finds
    (:func:`phrase_pattern`, or a phrase after a space) has no word character on either
    side, so each of its words is one of the text's words; in ASCII text a letter matches
    only its two ASCII cases, so lowercased they are the phrase's. Outside ASCII a letter
    can match another ("ſ" and "s", "K" and "k"), so no word says a match is impossible."""
    return frozenset(lowered) if text.isascii() else None


def may_hold_a_phrase(phrases: Sequence[frozenset[str]], words: frozenset[str] | None) -> bool:
    """Whether a text whose :func:`filter_words` are ``words`` may hold one of ``phrases``
    (:func:`phrase_words`): False only where no phrase has all its words among them. One
    set test a phrase where a search would try its pattern at every position of the text
    (a pattern opening with a look-behind gives the regex engine no first character to
    skip ahead by)."""
    return words is None or any(phrase <= words for phrase in phrases)


T = TypeVar("T")


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
        # An other sense is indexed as the concept id "" (OTHER_SENSE), which no concept has:
        # the longest match takes its words and the concept reader drops it.
        self.concept_index: PhraseIndex[str] = PhraseIndex(
            [
                *((name, c.id) for c in concepts.concepts for name in c.names),
                *((phrase, OTHER_SENSE) for phrase in concepts.other_senses),
                *_name_forms(concepts),
            ],
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
        # A family's members count as having it, as a child its parents (``Concept.members``).
        self._families: dict[str, list[str]] = {}
        for concept in concepts.concepts:
            for member in concept.members:
                self._families.setdefault(member, []).append(concept.id)
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
            pending.extend(self._families.get(current, ()))
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


def _name_forms(concepts: ConceptTable) -> list[tuple[str, str]]:
    """(name, concept id) for the other forms of the conditions' names
    (:class:`~trialfinder.criteria.tables.ConceptNameForms`): "breast cancer" is also
    "adenocarcinoma of the breast", "adenocarcinoma of breast" and "breast adenocarcinoma";
    "head and neck cancer" also "head and neck cancers". A form that is a listed name or
    other sense, or that two concepts would both make, is not made."""
    forms = concepts.name_forms
    listed = {
        *(name for concept in concepts.concepts for name in concept.names),
        *concepts.other_senses,
    }
    not_sites = frozenset(forms.not_sites)
    made: dict[str, set[str]] = {}
    for concept in concepts.concepts:
        if concept.category != "condition":
            continue
        for name in concept.names:
            *site, head = name.split()
            if not site:
                continue
            if head in forms.plural_heads:
                made.setdefault(f"{name}s", set()).add(concept.id)
            if head in forms.site_heads and not_sites.isdisjoint(site):
                place = " ".join(site)
                for histology in forms.histology_heads:
                    for form in (f"{histology} of the {place}", f"{histology} of {place}"):
                        made.setdefault(form, set()).add(concept.id)
                    made.setdefault(f"{place} {histology}", set()).add(concept.id)
    return [
        (form, next(iter(ids)))
        for form, ids in made.items()
        if len(ids) == 1 and form not in listed
    ]


def validate_concepts(concepts: ConceptTable) -> None:
    """Refuse a concept table whose parents or family members name no concept, or whose
    family does not say where its members come from (a class is a claim to cite)."""
    known = {c.id for c in concepts.concepts}
    for concept in concepts.concepts:
        missing = [parent for parent in concept.parents if parent not in known]
        if missing:
            raise ValueError(f"concept {concept.id!r} has unknown parents {missing}")
        unknown = [member for member in concept.members if member not in known]
        if unknown:
            raise ValueError(f"concept {concept.id!r} has unknown members {unknown}")
        if concept.members and not concept.source:
            raise ValueError(f"concept {concept.id!r} lists members without their source")


@functools.cache
def load_lexicon() -> Lexicon:
    """Load and validate all criteria data files (once per process)."""
    analytes = AnalyteTable.from_dict(msgspec.json.decode(_read("analytes.json")))
    concepts = ConceptTable.from_dict(msgspec.json.decode(_read("concepts.json")))
    units = UnitTable.from_dict(msgspec.json.decode(_read("units.json")))
    cues = Cues.from_dict(msgspec.json.decode(_read("cues.json")))
    validate_concepts(concepts)
    validate_analytes(analytes, units)
    return Lexicon(analytes, concepts, units, cues)


# The keys of the data files that say where a row comes from or what it means, not words
# the pipeline reads.
_PROSE_KEYS = frozenset({"description", "source", "sources", "note", "notes", "version"})
_WORD_BREAKS = re.compile(r"[\s/,()]+")


def _strings(value: object) -> Iterable[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _PROSE_KEYS:
                yield key
                yield from _strings(item)


@functools.cache
def lexicon_words() -> frozenset[str]:
    """Every word (lowercased) of the phrases the criteria data files read: names, acronyms,
    other senses, units and cues ("sglt2" of "SGLT2 inhibitors", "asco-cap", "uln"). A short
    form the lexicon already reads within its phrases is read where it stands."""
    words: set[str] = set()
    for name in ("analytes.json", "concepts.json", "units.json", "cues.json"):
        for phrase in _strings(msgspec.json.decode(_read(name))):
            words.update(word for word in _WORD_BREAKS.split(phrase.lower()) if word)
    return frozenset(words)


def validate_analytes(analytes: AnalyteTable, units: UnitTable) -> None:
    """Refuse an analyte table that names a quantity twice (the later entry would win
    silently, its twin's names and range a second answer), pairs, groups or measures also as
    analytes it lacks, or is named by units no spelling reads."""
    spellings = {spelling for unit in units.units for spelling in unit.spellings}
    ids = {analyte.id for analyte in analytes.analytes}
    twice = sorted(i for i, n in Counter(a.id for a in analytes.analytes).items() if n > 1)
    if twice:
        raise ValueError(f"analytes written twice: {twice}")
    for analyte in analytes.analytes:
        if any(member not in ids for member in analyte.pair):
            raise ValueError(f"analyte {analyte.id!r} pairs unknown analytes {analyte.pair}")
        if any(member not in ids or member == analyte.id for member in analyte.members):
            raise ValueError(f"analyte {analyte.id!r} groups unknown analytes {analyte.members}")
        if any(other not in ids or other == analyte.id for other in analyte.measured_also_as):
            raise ValueError(
                f"analyte {analyte.id!r} is measured also as unknown analytes "
                f"{analyte.measured_also_as}"
            )
        unread = [spelling for spelling in analyte.named_by_units if spelling not in spellings]
        if unread:
            raise ValueError(
                f"analyte {analyte.id!r} is named by units no spelling reads: {unread}"
            )


@functools.cache
def _detection_patterns() -> tuple[
    re.Pattern[str], re.Pattern[str], frozenset[str], re.Pattern[str]
]:
    """The patterns of a viral load's result written after its name ("HBV DNA is
    undetectable") and before it ("detectable HBV DNA"), the words meaning detected, and
    the last words of the loads' names ("dna", "load"), which a text must hold to name one."""
    lexicon = load_lexicon()
    all_names = [n for a in lexicon.analytes.values() if a.detection_limited for n in a.names]
    names = spaced_alternation(all_names)
    last_words = re.compile(
        rf"(?<![\w-])(?:{spaced_alternation(n.split()[-1] for n in all_names)})(?![\w-])",
        re.IGNORECASE,
    )
    cues = lexicon.cues
    results = spaced_alternation((*cues.detected_words, *cues.undetected_words))
    after = re.compile(
        rf"(?<![\w-])(?P<name>{names})(?:\s+(?:is|was|were|remains|remained|levels?))?"
        rf"\s*[:-]?\s*(?P<result>{results})(?![\w-])",
        re.IGNORECASE,
    )
    before = re.compile(
        rf"(?<![\w-])(?P<result>{results})\s+(?P<name>{names})(?![\w-])", re.IGNORECASE
    )
    detected = frozenset(" ".join(w.split()) for w in cues.detected_words)
    return after, before, detected, last_words


@functools.lru_cache(maxsize=4096)
def detection_results(text: str) -> tuple[DetectionResult, ...]:
    """The viral loads ``text`` states against their detection limit, in text order.

    "HBV DNA undetectable on entecavir", "HCV RNA negative after SVR", "detectable HBV
    DNA", "HBV DNA ≥ detection limit": the result is a value of the load, which the
    context stage must not read as a negation of the infection (or of the treatment
    before it). Cached: a note's sentence is read by the parse and by the context stage.
    """
    after, before, detected, last_words = _detection_patterns()
    if last_words.search(text) is None:
        return ()
    found: dict[int, DetectionResult] = {}
    for pattern in (after, before):
        for match in pattern.finditer(text):
            analyte = load_lexicon().analyte_index.get(match.group("name"))
            if analyte is None or match.start() in found:
                continue
            words = " ".join(match.group("result").lower().split())
            found[match.start()] = DetectionResult(
                analyte,
                words in detected,
                *match.span("name"),
                *match.span("result"),
            )
    return tuple(found[start] for start in sorted(found))
