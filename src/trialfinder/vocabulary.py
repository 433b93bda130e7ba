"""One medical vocabulary for search and matching: NLM MeSH plus the words people actually type.

Patients write "bone loss" and "water pills", clinicians write "CKD" and "HER2", the registry
indexes trials under MeSH descriptors ("Osteoporosis", "Diuretics", "Renal Insufficiency,
Chronic"). This module is the single place where those meet: a phrase is looked up to the MeSH
descriptors it can mean (every reading, with the kind of term that matched, because "AF" or "MS"
mean several things and only the caller knows which reading fits), and a descriptor leads to its
synonyms, its ancestors and descendants in the MeSH tree, and the drugs whose pharmacological
action it is. Search uses it to expand a query to the descriptor and its descendants; matching
uses :meth:`Vocabulary.is_kind_of` so "alcoholic liver cirrhosis" satisfies a criterion about
"liver cirrhosis" (and :meth:`Vocabulary.is_a`, which also covers drug classes).

Besides MeSH's own entry terms and a short curated list, it carries the Human Disease Ontology's
exact synonyms and U.S. trade names of drugs (Drugs@FDA), each mapped to one MeSH descriptor,
with the source of every term recorded. The data is built offline by
``scripts/build_vocabulary.py`` (provenance in docs/vocabulary.md)
and shipped as one zstd-compressed msgpack file. It is read lazily on first use and kept for the
life of the process (:func:`load_vocabulary`), because every caller wants the same immutable
tables and loading takes a noticeable fraction of a second.

This module sits beside ``ingest`` and ``criteria`` in the layers and imports nothing from
trialfinder, so any layer above may use it.
"""

from __future__ import annotations

import array
import bisect
import ctypes
import functools
import gc
import itertools
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterator, Sequence
from importlib import resources
from typing import Annotated, Literal, cast, get_args

import msgspec
import zstandard

from trialfinder.phrases import OTHER_CONCEPT_PREFIXES

__all__ = [
    "BRAND_GENERIC_FILE",
    "BRITISH_SPELLING_FILE",
    "CURATED_KINDS",
    "DATA_FILE",
    "DISEASE_BRANCHES",
    "FORMAT_VERSION",
    "HISTOLOGY_BRANCH",
    "HISTOLOGY_SITE_FILE",
    "INN_STEM_FILE",
    "LAY_ANATOMY_FILE",
    "LAY_PHENOTYPE_FILE",
    "MAX_PHRASE_WORDS",
    "MEDICINE_INDICATION_FILE",
    "ORGAN_PROCESS_FILE",
    "PART_INJURY_FILE",
    "PUBLISHED_KINDS",
    "REGISTRY_BRAND_FILE",
    "SIGN_TABLE_FILE",
    "TERM_KINDS",
    "BrandNameTable",
    "Concept",
    "DescriptorRow",
    "FractureAdjectives",
    "HistologySiteTable",
    "InnStem",
    "InnStemTable",
    "LayTermTable",
    "MedicineIndication",
    "MedicineIndicationTable",
    "Mention",
    "PartInjuryTable",
    "Reading",
    "SignTable",
    "Source",
    "SpellingRule",
    "SpellingTable",
    "TermKind",
    "Vocabulary",
    "VocabularyFile",
    "american_spelling",
    "british_spelling",
    "english_words",
    "lay_phenotype_release",
    "load_vocabulary",
    "normalize_phrase",
    "part_fracture",
    "part_injuries",
    "places_below",
    "plural_forms",
    "read_vocabulary_file",
    "return_freed_memory",
    "word_spans",
]

FORMAT_VERSION = 2
DATA_FILE = "vocabulary_v2.msgpack.zst"
SIGN_TABLE_FILE = "sign_diseases.json"
HISTOLOGY_SITE_FILE = "histology_sites.json"
# Neoplasms by histologic type (MeSH C04.557): a cancer named without its organ.
HISTOLOGY_BRANCH = "C04.557"
# Neoplasms by site (MeSH C04.588): a cancer filed by its organ.
SITE_BRANCH = "C04.588"
NEOPLASMS_BRANCH = "C04"
# The drug classes WHO names by an INN stem ("-parib": PARP inhibitors), mapped to MeSH.
INN_STEM_FILE = "inn_stems.json"
# MeSH's American spellings and their British forms, one table for the build and the reader.
BRITISH_SPELLING_FILE = "british_spelling.json"
LAY_ANATOMY_FILE = "lay_anatomy.json"
LAY_PHENOTYPE_FILE = "lay_phenotypes.json"
ORGAN_PROCESS_FILE = "organ_processes.json"
BRAND_GENERIC_FILE = "brand_generics.json"
# The one disease a medicine shows (metformin: type 2 diabetes), hand-selected from
# PharmacotherapyDB's indications.
MEDICINE_INDICATION_FILE = "medicine_indications.json"
# Trade names and development codes the registry's own records pair with a generic name
# (scripts/build_registry_brands.py): the drugs approved after the Drugs@FDA table's date.
REGISTRY_BRAND_FILE = "registry_brands.json"
# The words MeSH's Wounds and Injuries headings (C26) name a part's injury by ("Hip Fractures").
PART_INJURY_FILE = "part_injuries.json"

TermKind = Literal[
    "lay",
    "abbreviation",
    "drug_class",
    "gene",
    "spelling",
    "preferred",
    "entry",
    "synonym",
    "brand",
]
"""How a term names its descriptor. The first five come from the project's curated list
(people's words); ``preferred`` is MeSH's own heading and ``entry`` any other MeSH entry term;
``synonym`` is an exact synonym another published vocabulary maps to the descriptor (the Human
Disease Ontology) and ``brand`` a U.S. trade name of the drug (Drugs@FDA)."""

TERM_KINDS: tuple[TermKind, ...] = get_args(TermKind)
"""Every kind, in the order readings are returned (and their code in the data file)."""

CURATED_KINDS: tuple[TermKind, ...] = TERM_KINDS[:5]

PUBLISHED_KINDS: tuple[TermKind, ...] = ("synonym", "brand")
"""Kinds imported from published vocabularies other than MeSH. Like curated words they lead
to a descriptor but do not stand for it: a search for the descriptor is not widened by them,
because a mapping made by another vocabulary's editors is right most of the time, not always."""

# Longest phrase (in words) that find_mentions tries to match; MeSH terms longer than this are
# chemical names nobody types into a search box.
MAX_PHRASE_WORDS = 8

_NOT_WORD = re.compile(r"[^0-9a-z]+")
_WORD_CORE = re.compile(r"[^\W_](?:.*[^\W_])?", re.DOTALL)
# A name ending in an INN stem has at least this many letters before it ("april" is no "-pril").
_INN_STEM_PREFIX = 3


# Unicode dashes (hyphen, figure/en/em dash, horizontal bar, minus) are a hyphen, typographic
# apostrophes an apostrophe: NFKD leaves them, and dropped as non-ASCII they would join words.
_TYPESET_PUNCTUATION = str.maketrans(
    dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2015\u2212", "-")
    | dict.fromkeys("\u2018\u2019\u02bc", "'")
)


def word_spans(text: str) -> list[tuple[int, int]]:
    """The character span in ``text`` of each word of ``normalize_phrase(text)``, by word
    position: the piece of text the word was read from, without the punctuation around it
    ("osteoporosis," is the word; "HER-2" gives both its words the piece's span)."""
    spans: list[tuple[int, int]] = []
    for piece in re.finditer(r"\S+", text):
        word = _WORD_CORE.search(piece.group())
        if word is None:
            continue
        span = (piece.start() + word.start(), piece.start() + word.end())
        spans.extend(span for _ in normalize_phrase(piece.group()).split())
    return spans


def normalize_phrase(text: str) -> str:
    """Reduce a phrase to the form terms are stored under: lowercase ASCII words joined by spaces.

    Accents are folded ("Sjögren" finds "sjogren") and apostrophes dropped ("Alzheimer's" finds
    "alzheimers"), every other run of punctuation is a word break ("HER-2" is "her 2"), so the
    build and every lookup agree on one spelling of a phrase. Typeset dashes and quotes count
    as their ASCII forms ("Guillain–Barré" is "guillain barre", not "guillainbarre").
    """
    folded = unicodedata.normalize("NFKD", text.translate(_TYPESET_PUNCTUATION))
    folded = folded.encode("ascii", "ignore").decode("ascii")
    folded = folded.lower().replace("'", "")
    return " ".join(_NOT_WORD.split(folded)).strip()


class Source(msgspec.Struct, frozen=True, kw_only=True):
    """Where one input of the vocabulary came from, so its licence and version can be checked."""

    name: str
    repository: str
    path: str
    commit: str
    licence: str
    version: str
    note: str = ""


class DescriptorRow(msgspec.Struct, array_like=True, frozen=True):
    """One MeSH descriptor as stored: pharm_actions are indexes of other descriptor rows."""

    id: str
    name: str
    tree_numbers: tuple[str, ...]
    pharm_actions: tuple[int, ...]


class VocabularyFile(msgspec.Struct, frozen=True, kw_only=True):
    """The shipped data file: written by scripts/build_vocabulary.py, read by load_vocabulary.

    Terms are stored as columns (one newline-joined string, one uint32 descriptor index, one kind
    byte, one rank byte and one source byte per term), grouped by descriptor, because a quarter
    of a million small objects would cost more memory to decode than the whole vocabulary costs
    to keep. A rank orders the readings of one ambiguous curated term (0 = the most common
    reading: "ckd" is chronic kidney disease before the mineral and bone disorder). A source is
    the index in ``sources`` of the input the term came from, so its provenance can be counted.
    """

    format: int
    mesh_version: str
    sources: tuple[Source, ...]
    descriptors: tuple[DescriptorRow, ...]
    term_texts: str
    term_descriptors: bytes
    term_kinds: bytes
    term_ranks: bytes
    term_sources: bytes


DescriptorId = Annotated[str, msgspec.Meta(pattern=r"^D[0-9]{6,9}$")]


class SignTable(msgspec.Struct, frozen=True, kw_only=True):
    """The shipped sign → disease table, written by scripts/build_sign_table.py.

    MeSH files a sign (*Snoring*, *Paresthesia*) apart from the diseases it is a sign of;
    this table links them, read off a published vocabulary's definitions (``source``, by
    ``method``). Each sign's diseases come most characteristic first.
    """

    source: Source
    method: str
    signs: dict[DescriptorId, list[DescriptorId]]


class HistologySiteTable(msgspec.Struct, frozen=True, kw_only=True):
    """The shipped histology → site table, written by scripts/build_histology_sites.py.

    MeSH files some cancers by histology only (*Cholangiocarcinoma* below Adenocarcinoma,
    under no organ); this table gives each such descriptor the organ's cancer a published
    vocabulary's definitions place it in (``source``, by ``method``): *Biliary Tract
    Neoplasms*.
    """

    source: Source
    method: str
    sites: dict[DescriptorId, DescriptorId]


class LayTermTable(msgspec.Struct, frozen=True, kw_only=True):
    """A shipped table of people's words a published ontology maps to MeSH descriptors.

    Three are shipped. The lay anatomy table (scripts/build_lay_anatomy.py): people name body
    parts in plain words ("windpipe", "gullet", "small bowel") that MeSH's anatomy entry terms
    lack, and Uberon gives them as exact synonyms of a class it maps to a MeSH anatomy
    descriptor. The lay phenotype table (scripts/build_lay_phenotypes.py): people name a sign or
    finding in their own words ("throwing up", "loss of bladder control"), and the Human
    Phenotype Ontology tags such words ``layperson`` on a class whose clinical name is a MeSH
    name of one disease or sign descriptor. The organ-process table
    (scripts/build_organ_processes.py): people name an organ with an everyday process word
    ("lung scarring"), and MeSH names the disease with the organ's word and the clinical one
    ("fibrosis of lung", *Pulmonary Fibrosis*). ``source`` and ``method`` say which; ``terms`` maps
    a normalised term to a descriptor id. Kept apart from the vocabulary's terms: search reads
    them, matching a patient's criteria does not (a mapping made by another vocabulary's
    editors is right most of the time, not always, and the criteria digests stay put).
    """

    source: Source
    method: str
    terms: dict[str, DescriptorId]


class FractureAdjectives(msgspec.Struct, frozen=True, kw_only=True):
    """The bones whose fracture MeSH names by the bone's adjective ("zygoma" → "Zygomatic
    Fractures", "femur" → "Femoral Fractures"), keyed by the bone's MeSH name, lower case;
    ``source`` says which headings they were read from."""

    source: str
    adjectives: dict[
        Annotated[str, msgspec.Meta(pattern=r"^[a-z]+$")],
        Annotated[str, msgspec.Meta(pattern=r"^[a-z]+$")],
    ]


class PartInjuryTable(msgspec.Struct, frozen=True, kw_only=True):
    """The shipped injury words (``data/vocabulary/part_injuries.json``, written by hand from
    the names of MeSH's Wounds and Injuries headings, C26; ``source`` says where from and under
    what licence).

    MeSH names a body part's injury with the part and one of these words ("Hip Fractures",
    "Rotator Cuff Injuries", "Hand Injuries"), which people write too ("supraspinatus tear",
    "hand laceration"); ``vocabulary.part_injuries`` reads a part named right before one of
    them as that injury. ``injury_branch`` is the tree a word that names no part ("abdominal
    trauma") is read into. ``links`` join an injury word written before its part ("fracture
    of the hip", "trauma to the head"), ``fillers`` may stand between the link and the part.
    ``fracture_words`` ("broken", "fractured", "fracture") beside a part read only the part's
    MeSH ``fracture_heading`` ("Hip Fractures"), never its "… Injuries" ("fractured neck of
    femur" is no *Neck Injuries*), with the bone's adjective where MeSH names the fracture by
    it (``fracture_adjectives``); a word ending in one of ``compound_part_ends`` is tried as
    the part written apart ("cheekbone" → "cheek bone", *Zygoma*). Validated on load: every
    word non-empty lower case, the branch a MeSH C tree number."""

    source: Source
    method: str
    injury_words: frozenset[Annotated[str, msgspec.Meta(pattern=r"^[a-z]+$")]]
    injury_branch: Annotated[str, msgspec.Meta(pattern=r"^C[0-9]{2}$")]
    links: frozenset[Annotated[str, msgspec.Meta(pattern=r"^[a-z]+$")]]
    fillers: frozenset[Annotated[str, msgspec.Meta(pattern=r"^[a-z]+$")]]
    fracture_words: frozenset[Annotated[str, msgspec.Meta(pattern=r"^[a-z]+$")]]
    fracture_heading: Annotated[str, msgspec.Meta(pattern=r"^[a-z]+$")]
    compound_part_ends: frozenset[Annotated[str, msgspec.Meta(pattern=r"^[a-z]+$")]]
    fracture_adjectives: FractureAdjectives


class InnStem(msgspec.Struct, frozen=True, kw_only=True):
    """One INN stem ("parib"), the class WHO says it names, and that class's MeSH descriptor."""

    stem: str
    who: str
    descriptor: DescriptorId
    name: str


class InnStemTable(msgspec.Struct, frozen=True, kw_only=True):
    """The shipped INN stem table (``data/vocabulary/inn_stems.json``, hand-written from WHO's
    stem book; ``source`` says where from and under what licence).

    WHO gives a new drug an International Nonproprietary Name ending in its class's stem
    (saruparib, a PARP inhibitor; inavolisib, a PI3K inhibitor) years before MeSH records the
    drug and its pharmacological action, so a search for the class missed the trials of its
    newest members. Only stems whose class is a MeSH pharmacological action are kept."""

    source: Source
    stems: tuple[InnStem, ...]


class BrandNameTable(msgspec.Struct, frozen=True, kw_only=True):
    """The shipped trade name → generic name table, written by
    scripts/build_brand_generics.py from the Drugs@FDA product table.

    People search with the name on the box ("Dupixent", "Enhertu"); trials write the generic
    name (dupilumab, trastuzumab deruxtecan). The vocabulary's ``brand`` terms lead a trade
    name to its drug's MeSH record, which leaves out every drug MeSH keeps no record of that the
    vocabulary reads (a supplementary record without a pharmacological action, a biologic FDA
    names with a distinguishing prefix or four-letter suffix). This table keeps those trade
    names with the generic name as trials write it (``names``: normalised trade name →
    normalised generic name); ``source`` and ``method`` say where it came from. Search reads
    it, and so does the note reader (``trialfinder.medicine_names``: "on Dupixent" is
    dupilumab); a criterion's words are not read through it (the criteria digests stay put).
    """

    source: Source
    method: str
    names: dict[str, str]


class MedicineIndication(msgspec.Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """One medicine and the disease it shows: the medicine's MeSH descriptor or supplementary
    record and the catalogue's drug name and DrugBank id, the disease's MeSH descriptor and
    Disease Ontology id, and how many of the catalogue's four resources hold the indication.
    ``written``: the only words that name it here, when its descriptor is also a laboratory
    analyte ("free thyroxine 14 pmol/L" is a test, "levothyroxine 100 mcg" the medicine).
    ``catalogue``: where the indication was read when not in the table's ``source`` (a key of
    its ``more_sources``: "LabeledIn" for pyridostigmine → myasthenia gravis)."""

    medicine: Annotated[str, msgspec.Meta(pattern=r"^[CD][0-9]{6,9}$")]
    name: str
    drugbank: Annotated[str, msgspec.Meta(pattern=r"^DB[0-9]{5}$")]
    disease: DescriptorId
    doid: Annotated[str, msgspec.Meta(pattern=r"^DOID:[0-9]+$")]
    resources: Annotated[int, msgspec.Meta(ge=1, le=4)]
    written: tuple[str, ...] = ()
    catalogue: str = ""


class MedicineIndicationTable(msgspec.Struct, frozen=True, kw_only=True):
    """The shipped medicine → indication table (``data/vocabulary/medicine_indications.json``,
    hand-selected from PharmacotherapyDB; ``source`` says where from and under what licence).

    A note may show a disease only by its medicines ("metformin 1 g BD, gliclazide 80 mg BD",
    no word "diabetes"; "montelukast" with no word "asthma"); MeSH files a drug apart from what
    it treats. Only medicines given for one chronic disease are kept. The note reader reads it
    (``trialfinder.retrieval``); a criterion's words are not read through it, and search does
    not widen a query by it (a search for "metformin" is for trials of metformin).
    """

    source: Source
    method: str
    medicines: tuple[MedicineIndication, ...]
    more_sources: dict[str, Source] = {}

    def __post_init__(self) -> None:
        for entry in self.medicines:
            if entry.catalogue and entry.catalogue not in self.more_sources:
                raise ValueError(f"{entry.name}: no source named {entry.catalogue!r}")


# MeSH's branches of diseases (C) and mental disorders (F03): what a condition is filed under.
DISEASE_BRANCHES = ("C", "F03")


class Concept(msgspec.Struct, frozen=True):
    """A MeSH descriptor: its id (e.g. D010024), preferred name and tree numbers."""

    id: str
    name: str
    tree_numbers: tuple[str, ...]

    def names_a_disease(self) -> bool:
        """Whether MeSH files it under diseases or mental disorders (C, F03), as the
        registry's condition browse does: what search, spelling and indexing take for a
        condition."""
        return any(number.startswith(DISEASE_BRANCHES) for number in self.tree_numbers)


class Reading(msgspec.Struct, frozen=True):
    """One meaning of a looked-up phrase: the concept and the kind of term that named it."""

    concept: Concept
    kind: TermKind


class Mention(msgspec.Struct, frozen=True):
    """A phrase found in free text: word positions [start, end) and every reading of it."""

    start: int
    end: int
    phrase: str
    readings: tuple[Reading, ...]


# A reading is packed into one int: descriptor index << 7 | rank << 4 | kind code.
_KIND_BITS = 7
_RANK_SHIFT = 4
_KIND_MASK = 15
_MAX_RANK = 7


def plural_forms(phrase: str) -> tuple[str, ...]:
    """A normalised phrase with its last word in the regular plural ("bispecific antibody" →
    "bispecific antibodies", "aromatase inhibitor" → "aromatase inhibitors"); () when it
    already ends in s or in no letter. MeSH writes many classes only in the plural."""
    if len(phrase) <= 3 or not phrase[-1].isalpha() or phrase.endswith("s"):
        return ()
    if phrase.endswith("y") and phrase[-2:-1] not in ("a", "e", "o", "u"):
        return (phrase[:-1] + "ies", phrase + "s")
    return (phrase + "s",)


class SpellingRule(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """One rule of ``data/vocabulary/british_spelling.json``: the American letters MeSH writes
    and their British form, where the words ``before`` and ``after`` them (regular
    expressions) fit; ``derives_terms`` false: read back only, the build derives no term."""

    before: str
    american: Annotated[str, msgspec.Meta(min_length=1)]
    british: Annotated[str, msgspec.Meta(min_length=1)]
    after: str
    derives_terms: bool = True


class SpellingTable(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The packaged British spelling rules: one table the vocabulary build writes British
    terms by and this module reads British spellings back by."""

    description: str
    rules: Annotated[tuple[SpellingRule, ...], msgspec.Meta(min_length=1)]


@functools.cache
def _spelling_rules() -> tuple[tuple[re.Pattern[str], str, re.Pattern[str], str, bool], ...]:
    """Each rule compiled both ways: (American pattern, British letters, British pattern,
    American letters, derives terms), the words before and after kept by the groups
    ``before`` and ``after``."""
    raw = resources.files("trialfinder").joinpath("data", "vocabulary", BRITISH_SPELLING_FILE)
    table = msgspec.json.decode(raw.read_bytes(), type=SpellingTable)
    return tuple(
        (
            re.compile(
                rf"(?P<before>{rule.before}){re.escape(rule.american)}(?P<after>{rule.after})"
            ),
            rule.british,
            re.compile(
                rf"(?P<before>{rule.before}){re.escape(rule.british)}(?P<after>{rule.after})"
            ),
            rule.american,
            rule.derives_terms,
        )
        for rule in table.rules
    )


def _respelt(pattern: re.Pattern[str], letters: str, text: str) -> str:
    return pattern.sub(lambda found: found["before"] + letters + found["after"], text)


def british_spelling(text: str) -> str:
    """A normalised MeSH term in British spelling by the rules that derive terms ("esophageal
    cancer" → "oesophageal cancer"; the same text when no rule applies): the build's British
    terms, kind ``spelling``."""
    for american, british, _, _, derives in _spelling_rules():
        if derives:
            text = _respelt(american, british, text)
    return text


def american_spelling(phrase: str) -> str:
    """A normalised phrase in the American spelling MeSH writes, by the same rules read back
    from the last ("oesophageal cancer" → "esophageal cancer", "cognitive behavioural therapy"
    → "cognitive behavioral therapy", "tumour" → "tumor"); the caller checks what it reads."""
    for _, _, british, american, _ in reversed(_spelling_rules()):
        phrase = _respelt(british, american, phrase)
    return phrase


def _reading_order(packed: int) -> tuple[int, int]:
    """Kind first (curated readings before MeSH's), then the curated rank."""
    return packed & _KIND_MASK, (packed >> _RANK_SHIFT) & _MAX_RANK


class Vocabulary:
    """Read-only lookups over the vocabulary file; build one with :func:`load_vocabulary`."""

    def __init__(self, data: VocabularyFile) -> None:
        if data.format != FORMAT_VERSION:
            raise ValueError(f"vocabulary format {data.format}, expected {FORMAT_VERSION}")
        self.mesh_version = data.mesh_version
        self.sources = data.sources
        # Terms as stored (one per descriptor a term names) by the input they came from, so
        # docs/vocabulary.md can say how much each source adds and a test can hold it to that.
        self.term_counts = {
            source.name: data.term_sources.count(code) for code, source in enumerate(data.sources)
        }
        self._concepts = tuple(
            Concept(row.id, row.name, row.tree_numbers) for row in data.descriptors
        )
        self._pharm_actions = tuple(row.pharm_actions for row in data.descriptors)
        self._index_by_id = {concept.id: index for index, concept in enumerate(self._concepts)}
        # Each descriptor's eponym written alone, once asked (:meth:`eponym`).
        self._eponyms: dict[str, str | None] = {}
        # The tree and the drug classes first: they live as long as the vocabulary, and
        # small objects made after the quarter of a million temporary term strings below
        # would keep the memory those strings held from going back to the system.
        tree_pairs = sorted(
            (number, index)
            for index, concept in enumerate(self._concepts)
            for number in concept.tree_numbers
        )
        self._tree_numbers = [number for number, _ in tree_pairs]
        self._tree_owners = [index for _, index in tree_pairs]
        self._index_by_tree = dict(tree_pairs)
        del tree_pairs
        members: dict[int, list[int]] = {}
        for index, actions in enumerate(self._pharm_actions):
            for action in actions:
                members.setdefault(action, []).append(index)
        self._members = {action: tuple(indexes) for action, indexes in members.items()}
        texts = data.term_texts.split("\n")
        owners = array.array("I")
        owners.frombytes(data.term_descriptors)
        if sys.byteorder != "little":
            owners.byteswap()  # the file stores little-endian uint32
        # Terms come grouped by descriptor, every descriptor has at least its preferred name:
        # _first_term[d] is where descriptor d's terms start (the last position written for
        # d, going backwards, is its first).
        self._first_term = array.array("I", bytes(4 * (len(self._concepts) + 1)))
        last = len(texts) - 1
        for owner, position in dict(
            zip(reversed(owners), range(last, -1, -1), strict=True)
        ).items():
            self._first_term[owner] = position
        every_packed = [
            owner << _KIND_BITS | min(rank, _MAX_RANK) << _RANK_SHIFT | kind
            for owner, kind, rank in zip(owners, data.term_kinds, data.term_ranks, strict=True)
        ]
        # Most texts name one descriptor once; the few written more than once (by several
        # descriptors, or by one as two kinds) are merged in the file's order.
        readings: dict[str, int | tuple[int, ...]] = dict(zip(texts, every_packed, strict=True))
        repeated = {text for text, count in Counter(texts).items() if count > 1}
        for text in repeated:
            del readings[text]
        for text, packed in zip(texts, every_packed, strict=True):
            if text not in repeated:
                continue
            owner, kind = packed >> _KIND_BITS, packed & _KIND_MASK
            known = readings.get(text)
            if known is None:
                readings[text] = packed
                continue
            held = (known,) if isinstance(known, int) else known
            if all(other >> _KIND_BITS != owner for other in held):
                readings[text] = tuple(sorted((*held, packed), key=_reading_order))
            elif kind < min(other & _KIND_MASK for other in held if other >> _KIND_BITS == owner):
                rest = tuple(other for other in held if other >> _KIND_BITS != owner)
                readings[text] = tuple(sorted((*rest, packed), key=_reading_order))
        self._first_term[len(self._concepts)] = len(texts)
        del every_packed, repeated
        ordered = sorted(readings)
        self._terms = _Terms(ordered, readings)
        # Each term of the file, in the file's order (by descriptor), as its sorted
        # position (written over the readings, which _Terms holds now: no second dict).
        readings.update(zip(ordered, range(len(ordered)), strict=True))
        self._term_positions = array.array(
            "I", cast(Iterator[int], map(readings.__getitem__, texts))
        )
        del readings, texts, ordered
        self._terms.keep_every_few()

    def __len__(self) -> int:
        return len(self._concepts)

    def concept(self, descriptor_id: str) -> Concept | None:
        """The descriptor with this MeSH id (e.g. "D010024"), or None when it is not kept."""
        index = self._index_by_id.get(descriptor_id)
        return None if index is None else self._concepts[index]

    def concept_at(self, tree_number: str) -> Concept | None:
        """The descriptor at a MeSH tree number ("A04.889" → *Trachea*), or None."""
        index = self._index_by_tree.get(tree_number)
        return None if index is None else self._concepts[index]

    def body_part(self, phrase: str) -> Concept | None:
        """The MeSH anatomy descriptor a lay body word names ("windpipe" → *Trachea*, "small
        bowel" → *Intestine, Small*) from the packaged lay anatomy table
        (:class:`LayTermTable`), or None: a word MeSH itself knows is looked up instead."""
        return self._lay_term(LAY_ANATOMY_FILE, phrase)

    def lay_phenotype(self, phrase: str) -> Concept | None:
        """The MeSH descriptor a lay word for a sign or finding names ("throwing up" →
        *Vomiting*) from the packaged lay phenotype table (:class:`LayTermTable`, HPO's
        layperson synonyms), or None: a word the vocabulary knows is looked up instead."""
        return self._lay_term(LAY_PHENOTYPE_FILE, phrase)

    def organ_process(self, phrase: str) -> Concept | None:
        """The MeSH disease descriptor an organ named with an everyday process word names
        ("lung scarring" → *Pulmonary Fibrosis*, "heart swelling" → *Cardiomegaly*) from the
        packaged organ-process table (:class:`LayTermTable`, read off MeSH's own names and
        trees by scripts/build_organ_processes.py), or None."""
        return self._lay_term(ORGAN_PROCESS_FILE, phrase)

    def brand_generic(self, phrase: str) -> str | None:
        """The generic name (normalised) of a U.S. trade name whose drug the vocabulary has no
        record of ("Dupixent" → "dupilumab", "Enhertu" → "trastuzumab deruxtecan"), from the
        packaged trade name table (:class:`BrandNameTable`), or None: a trade name the
        vocabulary knows ("Keytruda") is looked up instead. A name Drugs@FDA's table (August
        2022) lacks is looked up in the registry's own pairs ("Tecvayli" → "teclistamab",
        "JNJ-64007957" → "teclistamab"): the registry names newer drugs' trade names first."""
        text = normalize_phrase(phrase)
        found = _brand_table().names.get(text)
        return found if found is not None else _brand_table(REGISTRY_BRAND_FILE).names.get(text)

    def stem_class(self, drug_name: str) -> Concept | None:
        """The drug class WHO's INN stem of a drug's name names, as a MeSH descriptor
        ("Saruparib (AZD5305)" → *Poly(ADP-ribose) Polymerase Inhibitors*, "tolebrutinib" →
        *Protein Kinase Inhibitors*), from the packaged stem table (:class:`InnStemTable`):
        the longest stem a word of the name ends with, the word longer than the stem by at
        least three letters; None when no word does."""
        for word in re.findall(r"[a-z]+", drug_name.lower()):
            for stem in _inn_stems():
                if word.endswith(stem.stem) and len(word) >= len(stem.stem) + _INN_STEM_PREFIX:
                    return self.concept(stem.descriptor)
        return None

    def _lay_term(self, file_name: str, phrase: str) -> Concept | None:
        """A phrase (or, plural, its singular) looked up in one lay table."""
        text = normalize_phrase(phrase)
        terms = _lay_table(file_name).terms
        found = terms.get(text)
        if found is None and len(text) > 4 and text.endswith("s"):
            found = terms.get(text[:-1])
        return None if found is None else self.concept(found)

    def lookup(self, phrase: str) -> tuple[Reading, ...]:
        """Every reading of a whole phrase, curated readings first, or () when it is unknown.

        An ambiguous phrase ("ms", "af", "sugar") returns all its readings; a plural that is only
        known in the singular ("statins" stored as "statin") is found through a trailing-s
        fallback, the one inflection MeSH entry terms leave out most often. (Search also tries
        the plural of a singular, :func:`plural_forms`; matching does not, so "drug" in a
        criterion is not a mention of *Pharmaceutical Preparations*.)
        """
        text = normalize_phrase(phrase)
        found = self._terms.find(text)
        if found is None and len(text) > 3 and text.endswith("s"):
            found = self._terms.find(text[:-1])
        if found is None:
            found = self._eponym_disease(text)
        if found is None:
            return ()
        return tuple(
            Reading(self._concepts[item >> _KIND_BITS], TERM_KINDS[item & _KIND_MASK])
            for item in self._terms.readings(found)
        )

    def _eponym_disease(self, word: str) -> int | None:
        """The term of the one disease a person's name written alone names ("Sjogren's",
        "Crohns", "Hirschsprung's" → *Sjogren's Syndrome*, *Crohn Disease*, *Hirschsprung
        Disease*), or None.

        A name is an eponym when the vocabulary writes its disease both plain and possessive
        ("crohn disease" and "crohns disease", MeSH's entry terms and the Disease Ontology's
        synonyms), under :data:`_EPONYM_HEADS`; that pair, not a list of names, says the word
        is a person's. Not read: an English word ("downs", "graves", "still", as the spelling
        corrector leaves them), a name whose terms name two descriptors ("Cushing's": the
        disease and the syndrome), and anything longer than one word.
        """
        if " " in word or len(word) < _EPONYM_LENGTH or not word.isalpha():
            return None
        if word in english_words():
            return None
        name = word.removesuffix("s")
        found: dict[int, int] = {}
        for head in _EPONYM_HEADS:
            plain, possessive = (
                self._terms.find(f"{name} {head}"),
                self._terms.find(f"{name}s {head}"),
            )
            if plain is None or possessive is None:
                continue
            owners = {item >> _KIND_BITS for item in self._terms.readings(plain)}
            if owners != {item >> _KIND_BITS for item in self._terms.readings(possessive)}:
                return None
            found |= dict.fromkeys(owners, plain)
        return next(iter(found.values())) if len(found) == 1 else None

    def eponym(self, descriptor_id: str) -> str | None:
        """The person's name a descriptor's disease goes by written alone, as
        :meth:`lookup` reads it back ("crohns" for *Crohn Disease*, "hirschsprungs" for
        *Hirschsprung Disease*), or None, also when another heading's MeSH name holds the name
        (:meth:`_names_one`). Trials and notes write the name alone for the disease
        (NCT00055497 "8 Crohn's-related variables", "Crohn's on infliximab"), so a search for
        the disease searches it too; each descriptor's answer is kept once found."""
        if descriptor_id not in self._eponyms:
            self._eponyms[descriptor_id] = self._eponym_of(descriptor_id)
        return self._eponyms[descriptor_id]

    def _eponym_of(self, descriptor_id: str) -> str | None:
        for name in self.synonyms(descriptor_id):
            first, _, head = name.partition(" ")
            if head not in _EPONYM_HEADS or not first.endswith("s"):
                continue
            found = self._eponym_disease(first)
            if found is not None and any(
                self._concepts[item >> _KIND_BITS].id == descriptor_id
                for item in self._terms.readings(found)
            ):
                return first if self._names_one(first.removesuffix("s"), descriptor_id) else None
        return None

    def _names_one(self, name: str, descriptor_id: str) -> bool:
        """Whether no other heading's MeSH name (its heading or an entry term) holds ``name``
        as a word or in the possessive: written alone, "hodgkins" is also in "non-Hodgkin's
        lymphoma" and "alzheimers" in "Alzheimer vaccines", other headings a search for the
        name would find."""
        return not any(
            TERM_KINDS[item & _KIND_MASK] in _MESH_KINDS
            and self._concepts[item >> _KIND_BITS].id != descriptor_id
            for position in self._terms.holding(name)
            for item in self._terms.readings(position)
        )

    def names_it(self, phrase: str, reading: Reading) -> bool:
        """Whether ``phrase`` names the descriptor of its ``reading``, not a curated misspelling
        of it: a MeSH or curated name does, and so does a British spelling the build derived
        (kind ``spelling`` too: "oesophageal cancer", "haematological malignancy",
        "leukaemia"), which written back in MeSH's American spelling is one of the
        descriptor's names (:func:`american_spelling`)."""
        if reading.kind != "spelling":
            return True
        american = american_spelling(normalize_phrase(phrase))
        return any(
            other.concept.id == reading.concept.id and other.kind != "spelling"
            for other in self.lookup(american)
        )

    def synonyms(self, descriptor_id: str) -> tuple[str, ...]:
        """Every normalised name of a descriptor: curated terms, MeSH entry terms, then the
        synonyms and trade names imported from other vocabularies (:data:`PUBLISHED_KINDS`).

        Curated misspellings are left out: they find the descriptor but are not its names.
        """
        index = self._index_by_id.get(descriptor_id)
        if index is None:
            return ()
        positions = self._term_positions[self._first_term[index] : self._first_term[index + 1]]
        return tuple(
            self._terms.text(position)
            for position in dict.fromkeys(positions)
            if self._kind_at(position, index) != "spelling"
        )

    def _kind_at(self, position: int, index: int) -> TermKind | None:
        """The kind of the term at ``position`` (in sorted order) for the descriptor at
        ``index`` (None if it is not one of its terms): read off the term's readings where
        the descriptor's own list already points, with no search for its text."""
        kinds = [
            TERM_KINDS[item & _KIND_MASK]
            for item in self._terms.readings(position)
            if item >> _KIND_BITS == index
        ]
        return kinds[0] if kinds else None

    def ancestors(self, descriptor_id: str, *, levels: int | None = None) -> tuple[Concept, ...]:
        """Broader descriptors above it on any of its tree branches, nearest first, no repeats;
        with ``levels``, only that many levels up each branch (``levels=1``: the descriptors
        directly above it, *Myocardial Infarction* → *Myocardial Ischemia*, which may be a top
        category such as C04 *Neoplasms*)."""
        concept = self.concept(descriptor_id)
        if concept is None:
            return ()
        found: dict[int, None] = {}
        for number in concept.tree_numbers:
            parts = number.split(".")
            highest = 0 if levels is None else max(len(parts) - 1 - levels, 0)
            for depth in range(len(parts) - 1, highest, -1):
                owner = self._index_by_tree.get(".".join(parts[:depth]))
                if owner is not None:
                    found.setdefault(owner)
        return tuple(self._concepts[index] for index in found)

    def descendants(self, descriptor_id: str) -> tuple[Concept, ...]:
        """Narrower descriptors below it on any of its tree branches (not itself), in tree order."""
        concept = self.concept(descriptor_id)
        if concept is None:
            return ()
        own = self._index_by_id[descriptor_id]
        found: dict[int, None] = {}
        for number in concept.tree_numbers:
            prefix = number + "."
            position = bisect.bisect_left(self._tree_numbers, prefix)
            while position < len(self._tree_numbers) and self._tree_numbers[position].startswith(
                prefix
            ):
                owner = self._tree_owners[position]
                if owner != own:
                    found.setdefault(owner)
                position += 1
        return tuple(self._concepts[index] for index in found)

    def diseases_with_sign(self, descriptor_id: str) -> tuple[Concept, ...]:
        """The diseases a sign or symptom is a sign of, most characteristic first
        (*Respiratory Sounds* → *Asthma*, …; *Paresthesia* → *Polyneuropathies*, …), from the
        packaged sign table (:class:`SignTable`); () for a descriptor that is no sign there."""
        found = _sign_table().signs.get(descriptor_id, ())
        return tuple(concept for concept in map(self.concept, found) if concept is not None)

    def histology_site(self, descriptor_id: str) -> Concept | None:
        """The organ's cancer a cancer MeSH files by histology only belongs to
        (*Cholangiocarcinoma* → *Biliary Tract Neoplasms*), from the packaged histology table
        (:class:`HistologySiteTable`); None for a descriptor that is not in it."""
        return self.concept(_histology_table().sites.get(descriptor_id, ""))

    def indication_of(self, descriptor_id: str, phrase: str) -> Concept | None:
        """The one disease a medicine shows (*Metformin* → *Diabetes Mellitus, Type 2*), from
        the packaged medicine → indication table (:class:`MedicineIndicationTable`), when
        ``phrase`` (normalised) names it; None for a descriptor that is not in it."""
        entry = _medicine_table().get(descriptor_id)
        if entry is None or (entry.written and phrase not in entry.written):
            return None
        return self.concept(entry.disease)

    def drug_class_members(self, descriptor_id: str) -> tuple[Concept, ...]:
        """Drugs whose MeSH pharmacological action is this class (Diuretics → Furosemide, …)."""
        index = self._index_by_id.get(descriptor_id)
        if index is None:
            return ()
        return tuple(self._concepts[member] for member in self._members.get(index, ()))

    def is_a(self, descriptor_id: str, broader_id: str) -> bool:
        """Whether the first descriptor is the second or lies below it.

        Below means under one of its tree numbers (Liver Cirrhosis, Alcoholic is-a Liver
        Cirrhosis), or, for a drug, having a pharmacological action that does (Furosemide is-a
        Diuretics), which is how a criterion about a drug class covers a patient's named drug.
        """
        if descriptor_id == broader_id:
            return self.concept(descriptor_id) is not None
        concept = self.concept(descriptor_id)
        broader = self.concept(broader_id)
        if concept is None or broader is None:
            return False
        if places_below(concept.tree_numbers, broader.tree_numbers):
            return True
        actions = self._pharm_actions[self._index_by_id[descriptor_id]]
        return any(
            self._concepts[action].id == broader_id
            or places_below(self._concepts[action].tree_numbers, broader.tree_numbers)
            for action in actions
        )

    def is_kind_of(self, descriptor_id: str, broader_id: str) -> bool:
        """Whether a disease is a kind of another when judging a patient: the same descriptor,
        or at least half of its places in the MeSH trees lie below the broader one, or it is a
        tumour of the broader histology (:meth:`_is_tumour_of_histology`).

        Stricter than :meth:`is_a`, which search wants (one place below is enough to find a
        trial). MeSH files a disease in every tree it touches: myasthenia gravis also under
        paraneoplastic syndromes (so under Neoplasms), asthma under Hypersensitivity. One such
        place does not make a patient with myasthenia gravis meet "cancer"; Burkitt lymphoma,
        three of whose five places are under Lymphoma, is a lymphoma.
        """
        if descriptor_id == broader_id:
            return self.concept(descriptor_id) is not None
        concept, broader = self.concept(descriptor_id), self.concept(broader_id)
        if concept is None or broader is None or not concept.tree_numbers:
            return False
        below = places_below(concept.tree_numbers, broader.tree_numbers)
        return 2 * below >= len(concept.tree_numbers) or _is_tumour_of_histology(
            concept, broader, below=below
        )

    def find_mentions(self, text: str) -> tuple[Mention, ...]:
        """Known phrases in free text, longest match first from left to right, without overlaps.

        Why greedy-longest: "type 2 diabetes mellitus" must be one mention, not "diabetes" inside
        it, and a query is short enough that a left-to-right scan is exact enough.
        """
        words = normalize_phrase(text).split()
        mentions: list[Mention] = []
        start = 0
        while start < len(words):
            if not self._terms.may_begin(words[start]):
                start += 1
                continue
            for end in range(min(len(words), start + MAX_PHRASE_WORDS), start, -1):
                phrase = " ".join(words[start:end])
                readings = self.lookup(phrase)
                if readings:
                    mentions.append(Mention(start, end, phrase, readings))
                    start = end
                    break
            else:
                start = self._after_prefix(words, start, mentions)
        return tuple(mentions)

    def _after_prefix(self, words: list[str], start: int, mentions: list[Mention]) -> int:
        """Where :meth:`find_mentions` goes on from a word no term begins with: past a bound
        prefix ("pre", "anti", …) and the word it was joined to.

        A prefix written with a hyphen makes the word after it another concept: "pre-diabetes"
        is the Prediabetic State, "anti-diabetic" a hypoglycemic agent, not diabetes. MeSH
        spells such a term as one word ("Prediabetes", "Antidiabetic"), so the prefix and the
        words after it are looked up joined; a word after "pre" that joined is no term is read
        as nothing rather than as the condition it names ("pre-diabetic", "pre-cancerous")."""
        if words[start] not in _BOUND_PREFIXES or start + 1 == len(words):
            return start + 1
        for end in range(min(len(words), start + MAX_PHRASE_WORDS), start + 1, -1):
            phrase = " ".join([words[start] + words[start + 1], *words[start + 2 : end]])
            readings = self.lookup(phrase)
            if readings:
                mentions.append(Mention(start, end, phrase, readings))
                return end
        return start + 2 if words[start] in OTHER_CONCEPT_PREFIXES else start + 1

    def mention_offsets(self, text: str) -> list[tuple[Mention, int, int]]:
        """:meth:`find_mentions` with each mention's character span in ``text``.

        Callers that read context around a mention (negation, family, qualifiers) need where
        it is in the original text, not its word positions in the normalised phrase.
        """
        spans = word_spans(text)
        return [
            (mention, spans[mention.start][0], spans[mention.end - 1][1])
            for mention in self.find_mentions(text)
            if mention.end <= len(spans)
        ]

    def word_counts(self) -> dict[str, int]:
        """Each word of the vocabulary's terms with the number of terms it occurs in.

        The vocabulary's side of the spelling word list: the count stands in for how common a
        word is when no index counts are at hand ("hypertension" is in hundreds of terms,
        "hypertensin" in a few). Terms that are only curated misspellings are left out, so a
        misspelling is never a known word.
        """
        counts: dict[str, int] = {}
        spelling = TERM_KINDS.index("spelling")
        for position in range(len(self._terms)):
            if all(item & _KIND_MASK == spelling for item in self._terms.readings(position)):
                continue
            for word in self._terms.text(position).split():
                counts[word] = counts.get(word, 0) + 1
        return counts


# The head nouns a disease named after a person is written with ("Crohn disease", "Sjogren
# syndrome"): MeSH's own names of eponymous diseases use these two.
_EPONYM_HEADS = ("disease", "syndrome")
# The kinds of term that are MeSH's own names of a heading.
_MESH_KINDS = frozenset({"preferred", "entry"})
# A name of fewer letters is read alone only in its whole term ("Pott", "Bell").
_EPONYM_LENGTH = 5


@functools.cache
def english_words() -> frozenset[str]:
    """The English words of symspellpy's frequency dictionary (about 83,000): what is an
    ordinary word, never corrected by the speller nor read as a person's disease here."""
    text = resources.files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt")
    return frozenset(line.split(" ", 1)[0] for line in text.read_text("utf-8").splitlines())


# Prefixes MeSH writes joined to the word they make another concept of ("Prediabetes",
# "Antidiabetic", "Postmenopause", "Nonsmokers"): see :meth:`Vocabulary._after_prefix`.
_BOUND_PREFIXES = frozenset({"pre", "post", "non", "anti"})

# Every how many terms :class:`_Terms` keeps one as bytes to search first.
_TERMS_APART = 32


class _Terms:
    """The vocabulary's distinct terms, sorted, in one bytes string, each with its packed
    readings: looked up by binary search.

    A dict of 230,000 term strings cost ~35 MB of the process's memory (a Python object
    and a hash slot per term); this layout holds the same in ~8 MB, and a lookup costs a
    few microseconds more, which a query's few dozen lookups do not notice. A note's
    reading makes hundreds (every phrase from every word that may begin a term), so every
    32nd term is also kept as bytes (~7,000 of them, ~0.4 MB): the search runs over those
    in C first, then over the 32 terms between two of them (5 probes that slice the blob,
    not 18)."""

    def __init__(self, ordered: list[str], readings: dict[str, int | tuple[int, ...]]) -> None:
        self._blob = "\n".join(ordered).encode()
        # Where each term starts: after the one before and its newline.
        sizes = map(len, map(str.encode, ordered))
        self._starts = array.array("I", itertools.accumulate(map((1).__add__, sizes), initial=0))
        found = [readings[text] for text in ordered]
        self._packed = array.array(
            "I", itertools.chain.from_iterable((f,) if isinstance(f, int) else f for f in found)
        )
        counts = (1 if isinstance(f, int) else len(f) for f in found)
        self._first_reading = array.array("I", itertools.accumulate(counts, initial=0))
        self._every: list[bytes] = []

    def keep_every_few(self) -> None:
        """Keep every 32nd term as bytes (:meth:`_position` searches those first: no search
        before this). Made once the vocabulary's temporary strings are freed (the end of
        :class:`Vocabulary`'s build), so these few thousand lasting objects take their
        freed memory and do not keep fresh pages from going back."""
        self._every = [self[position] for position in range(0, len(self), _TERMS_APART)]

    def __len__(self) -> int:
        return len(self._first_reading) - 1

    def __getitem__(self, position: int) -> bytes:
        return self._blob[self._starts[position] : self._starts[position + 1] - 1]

    def text(self, position: int) -> str:
        return self[position].decode()

    def find(self, text: str) -> int | None:
        """The sorted position of a term, or None when it is not one."""
        key = text.encode()
        position = self._position(key)
        return position if position < len(self) and self[position] == key else None

    def _position(self, key: bytes) -> int:
        """Where ``key`` sorts among the terms (``bisect_left``): between the kept terms
        either side of it, found in C, then among the terms between them."""
        block = bisect.bisect_right(self._every, key)
        low = max(block - 1, 0) * _TERMS_APART
        return bisect.bisect_left(self, key, low, min(block * _TERMS_APART, len(self)))

    def may_begin(self, word: str) -> bool:
        """Whether a term is the word (or, as :meth:`Vocabulary.lookup` reads a plural, its
        singular) or begins with it. Most words of a text begin no term: one search rules
        out the eight phrases :meth:`Vocabulary.find_mentions` would look up from there.
        Terms beginning with "word " follow "word" directly (a space sorts before letters)."""
        key = word.encode()
        position = self._position(key)
        if position < len(self) and (
            self[position] == key or self[position].startswith(key + b" ")
        ):
            return True
        return len(word) > 3 and word.endswith("s") and self.find(word[:-1]) is not None

    def holding(self, word: str) -> list[int]:
        """The positions of the terms holding ``word`` (or ``word`` + "s") as a word: each
        place the blob holds it, found in C (``bytes.find``), kept where it is a whole word."""
        key = word.encode()
        found: set[int] = set()
        start = self._blob.find(key)
        while start >= 0:
            end = start + len(key)
            end += self._blob[end : end + 1] == b"s"
            if (start == 0 or self._blob[start - 1 : start] in b" \n") and self._blob[
                end : end + 1
            ] in (b" ", b"\n", b""):
                found.add(bisect.bisect_right(self._starts, start) - 1)
            start = self._blob.find(key, start + 1)
        return sorted(found)

    def readings(self, position: int) -> tuple[int, ...]:
        return tuple(
            self._packed[self._first_reading[position] : self._first_reading[position + 1]]
        )


def _is_tumour_of_histology(concept: Concept, histology: Concept, *, below: int) -> bool:
    """Whether a cancer is a tumour of a histology heading (every place of ``histology`` under
    Neoplasms by Histologic Type, C04.557) though fewer than half its places lie below it:
    MeSH files a cancer by its organ as well, so a renal cell carcinoma has one place of nine
    under Carcinoma and a hepatocellular carcinoma one of four, and files some by organ alone
    though their name says the histology (Carcinoma, Non-Small-Cell Lung; Carcinoma,
    Embryonal under germ cell tumours). A tumour is one place below the heading and one by
    site (``below`` is how many lie below), or a neoplasm whose MeSH name has the heading's
    one-word name as a word. A syndrome is none: basal cell nevus syndrome under Carcinoma,
    Basal Cell, Sturge-Weber under Hemangioma predispose to or show the tumour, and MeSH
    files them by no site."""
    heading = histology.tree_numbers
    if not heading or not all(n.startswith(HISTOLOGY_BRANCH + ".") for n in heading):
        return False
    name_words = re.split(r"[\s,]+", concept.name.casefold())
    if "syndrome" in name_words:
        return False
    if below and places_below(concept.tree_numbers, (SITE_BRANCH,)):
        return True
    return (
        " " not in histology.name
        and histology.name.casefold() in name_words
        and places_below(concept.tree_numbers, (NEOPLASMS_BRANCH,)) > 0
    )


def places_below(tree_numbers: Sequence[str], tops: Sequence[str]) -> int:
    """How many of the tree numbers equal or descend from one of the broader ones (``tops``):
    :meth:`Vocabulary.is_a` asks whether any does, :meth:`Vocabulary.is_kind_of` whether half
    do, and :mod:`trialfinder.operations` whether a descriptor's places lie in a branch it
    names by tree number (an operation's, a site's). The one "is it filed below" test of the
    MeSH trees. Plain loops: the judge asks this for every disease of a patient against each a
    criterion or its disease relations name, and they beat both a generator per pair and one
    startswith over a tuple of branches built for each call (bench/RESULTS_match.md)."""
    below = 0
    for number in tree_numbers:
        for top in tops:
            if number == top or number.startswith(top + "."):
                below += 1
                break
    return below


def read_vocabulary_file(raw: bytes) -> VocabularyFile:
    """Decode the shipped bytes (zstd-compressed msgpack) into the file structure."""
    return msgspec.msgpack.decode(zstandard.ZstdDecompressor().decompress(raw), type=VocabularyFile)


@functools.cache
def _sign_table() -> SignTable:
    """The packaged sign table, validated, read on first use (search asks for it rarely)."""
    raw = resources.files("trialfinder").joinpath("data", "vocabulary", SIGN_TABLE_FILE)
    return msgspec.json.decode(raw.read_bytes(), type=SignTable)


@functools.cache
def _histology_table() -> HistologySiteTable:
    """The packaged histology → site table, validated, read on first use."""
    raw = resources.files("trialfinder").joinpath("data", "vocabulary", HISTOLOGY_SITE_FILE)
    return msgspec.json.decode(raw.read_bytes(), type=HistologySiteTable)


@functools.cache
def _medicine_table() -> dict[str, MedicineIndication]:
    """The packaged medicine → indication table, validated, read on first use, by medicine."""
    raw = resources.files("trialfinder").joinpath("data", "vocabulary", MEDICINE_INDICATION_FILE)
    table = msgspec.json.decode(raw.read_bytes(), type=MedicineIndicationTable)
    return {entry.medicine: entry for entry in table.medicines}


@functools.cache
def _inn_stems() -> tuple[InnStem, ...]:
    """The packaged INN stems, validated, read on first use, longest first ("citinib" is
    tried before "tinib")."""
    raw = resources.files("trialfinder").joinpath("data", "vocabulary", INN_STEM_FILE)
    table = msgspec.json.decode(raw.read_bytes(), type=InnStemTable)
    return tuple(sorted(table.stems, key=lambda stem: -len(stem.stem)))


@functools.cache
def _lay_table(file_name: str) -> LayTermTable:
    """A packaged lay term table (anatomy or phenotypes), validated, read on first use."""
    raw = resources.files("trialfinder").joinpath("data", "vocabulary", file_name)
    return msgspec.json.decode(raw.read_bytes(), type=LayTermTable)


@functools.cache
def _brand_table(file_name: str = BRAND_GENERIC_FILE) -> BrandNameTable:
    """One packaged trade name table (Drugs@FDA's or the registry's), validated, read on first
    use."""
    raw = resources.files("trialfinder").joinpath("data", "vocabulary", file_name)
    return msgspec.json.decode(raw.read_bytes(), type=BrandNameTable)


def lay_phenotype_release() -> str:
    """The HPO release the lay phenotype table was read from: the HPO licence asks every product
    that uses it to say so, with the version, where its users see it."""
    return _lay_table(LAY_PHENOTYPE_FILE).source.version


@functools.cache
def load_vocabulary() -> Vocabulary:
    """The packaged vocabulary, read on first call and shared by every caller afterwards."""
    raw = resources.files("trialfinder").joinpath("data", "vocabulary", DATA_FILE).read_bytes()
    vocabulary = Vocabulary(read_vocabulary_file(raw))
    del raw
    return_freed_memory()
    return vocabulary


@functools.cache
def _part_injury_table() -> PartInjuryTable:
    """The packaged injury words, validated, read on first use."""
    raw = resources.files("trialfinder").joinpath("data", "vocabulary", PART_INJURY_FILE)
    return msgspec.json.decode(raw.read_bytes(), type=PartInjuryTable)


def part_injuries(
    text: str, mentions: Sequence[Mention], *, fracture_before: bool = False
) -> list[Mention]:
    """ "zygomatic arch fracture", "supraspinatus tear", "hip fracture": a body part named
    right before an injury word is that part's injury, which MeSH names in its own words
    ("Zygomatic Fractures", "Rotator Cuff Injuries", "Hip Fractures") and the vocabulary
    finds under none of the written ones; the part is read as anatomy and the injury word as
    nothing (or as tear fluid). Tried: the written part, its leading words, the part's MeSH
    name; with the written injury word, its plural and "injuries". A fracture word beside
    the part ("broken cheekbone", "cheek bone broken", "fractured neck of femur") reads the
    part's fracture heading only (:func:`_part_fracture`). Each found injury spans the part's
    words and the injury word. One reading for search (``retrieval``) and the judge
    (``patient.disease_mentions``); ``mentions`` are the vocabulary's of ``text``. A fracture
    word before its part ("broken cheekbone") is read only with ``fracture_before``, for a
    typed query (:func:`part_fracture`): in a note ("Fractured her left wrist … on
    alendronate") it made the fracture the patient's main condition, above the disease the
    note refers her for."""
    vocabulary = load_vocabulary()
    table = _part_injury_table()
    words = normalize_phrase(text).split()
    found: list[Mention] = []
    parts = [m for m in [*mentions, *_compound_parts(words, mentions)] if _names_anatomy(m)]
    for mention in sorted(parts, key=lambda m: m.start):
        head = words[mention.end] if mention.end < len(words) else ""
        fracture = _part_fracture(words, mention, parts, fracture_before)
        if fracture is not None:
            found.append(fracture)
            continue
        if head in table.fracture_words or _of_part(words, mention, parts) is not None:
            continue
        if head not in table.injury_words:
            before = _injury_before_part(words, mention)
            if before is not None:
                found.append(before)
            continue
        written = words[mention.start : mention.end]
        names = [" ".join(written[:size]) for size in range(len(written), 0, -1)]
        names += [normalize_phrase(reading.concept.name) for reading in mention.readings]
        heads = [head, *plural_forms(head), "injuries"]
        for phrase in (f"{part} {word}" for part in names for word in heads):
            readings = vocabulary.lookup(phrase)
            if any(_names_a_disease_not_a_sign(r.concept) for r in readings):
                found.append(Mention(mention.start, mention.end + 1, phrase, readings))
                break
    return found + _adjective_injuries(words, found)


def part_fracture(phrase: str) -> tuple[Reading, ...]:
    """The readings of a phrase that is wholly a part's fracture written with a fracture word
    ("broken cheekbone" → *Zygomatic Fractures*, "fractured neck of femur" → *Femoral Neck
    Fractures*), or () — for search, which reads a typed phrase at a time."""
    words = normalize_phrase(phrase).split()
    if not set(words) & _part_injury_table().fracture_words:
        return ()
    found = part_injuries(phrase, load_vocabulary().find_mentions(phrase), fracture_before=True)
    return next((m.readings for m in found if m.start == 0 and m.end == len(words)), ())


def _names_anatomy(mention: Mention) -> bool:
    """Whether a mention reads a body part (MeSH A)."""
    return any(n.startswith("A") for r in mention.readings for n in r.concept.tree_numbers)


def _compound_parts(words: Sequence[str], mentions: Sequence[Mention]) -> list[Mention]:
    """ "cheekbone", "collarbone": a word no mention covers, ending in one of the table's
    ``compound_part_ends``, read as the part written apart ("cheek bone", *Zygoma*) when the
    vocabulary reads that as anatomy; one-word mentions spanning the compound."""
    vocabulary = load_vocabulary()
    taken = {index for mention in mentions for index in range(mention.start, mention.end)}
    found: list[Mention] = []
    for index, word in enumerate(words):
        for end in _part_injury_table().compound_part_ends:
            if index in taken or not word.endswith(end) or len(word) < len(end) + 3:
                continue
            apart = f"{word[: -len(end)]} {end}"
            readings = vocabulary.lookup(apart)
            if readings:
                found.append(Mention(index, index + 1, apart, readings))
    return found


def _of_part(words: Sequence[str], mention: Mention, parts: Sequence[Mention]) -> Mention | None:
    """The part after "of" ("neck of femur": *Femur*), the fillers allowed between, when a
    part is followed by one; None otherwise."""
    table = _part_injury_table()
    index = mention.end
    if index >= len(words) or words[index] != "of":
        return None
    index += 1
    while index < len(words) and words[index] in table.fillers:
        index += 1
    return next((part for part in parts if part.start == index), None)


def _fracture_before(words: Sequence[str], start: int) -> int | None:
    """Where a fracture word written as an adjective ("broken", "fractured") stands before a
    part beginning at ``start``, up to two fillers between ("fractured left hip"); None."""
    table = _part_injury_table()
    index = start - 1
    while index > 0 and words[index] in table.fillers and start - index <= 2:
        index -= 1
    adjectives = table.fracture_words - table.injury_words
    return index if index >= 0 and words[index] in adjectives else None


def _part_fracture(
    words: Sequence[str], mention: Mention, parts: Sequence[Mention], before: bool
) -> Mention | None:
    """A part's fracture written with a fracture word after the part ("cheek bone broken",
    "hip fracture") or before it ("broken cheekbone", "fractured neck of femur"): a part
    followed by "of" is the part after it, tried with the first part as MeSH writes it
    ("femoral neck fractures") and alone ("femoral fractures"). Only the fracture heading
    is read, never "… Injuries"; None when MeSH names no fracture of the part."""
    table = _part_injury_table()
    of_part = _of_part(words, mention, parts)
    bone = mention if of_part is None else of_part
    at = _fracture_before(words, mention.start) if before else None
    end = bone.end
    if bone.end < len(words) and words[bone.end] in table.fracture_words:
        end = bone.end + 1
    elif at is None:
        return None
    names = _fracture_names(words, bone)
    if of_part is not None:
        first = " ".join(words[mention.start : mention.end])
        names = [f"{name} {first}" for name in names] + names
    # A written fracture noun after the part first ("distal radius fracture" is MeSH's
    # Wrist Fractures), then the heading's word.
    written = [head for head in words[end - 1 : end] if head in table.injury_words]
    heads = [*written, *(form for head in written for form in plural_forms(head))]
    heads.append(table.fracture_heading)
    vocabulary = load_vocabulary()
    for phrase in (f"{name} {word}" for name in names for word in dict.fromkeys(heads)):
        readings = vocabulary.lookup(phrase)
        if any(_names_a_disease_not_a_sign(r.concept) for r in readings):
            return Mention(mention.start if at is None else at, end, phrase, readings)
    return None


def _fracture_names(words: Sequence[str], part: Mention) -> list[str]:
    """The names a part's fracture heading may use: the written part and its leading words,
    the part's MeSH names, and the adjective MeSH names the bone's fracture by."""
    adjectives = _part_injury_table().fracture_adjectives.adjectives
    written = words[part.start : part.end]
    names = [" ".join(written[:size]) for size in range(len(written), 0, -1)]
    meshed = [normalize_phrase(reading.concept.name) for reading in part.readings]
    return [*names, *meshed, *(adjectives[name] for name in meshed if name in adjectives)]


def _injury_before_part(words: Sequence[str], mention: Mention) -> Mention | None:
    """ "fracture of the hip", "trauma to the head": an injury word, a link and the part
    (``mention``, anatomy), read as "hip fracture" is; the part must be written as MeSH names
    it, so a part MeSH files together with its neighbours ("tear of the subscapularis":
    *Rotator Cuff*) is not read as the group's injury, which a tear of another part of the
    group names too. Spans the injury word to the part's end; None when no injury comes
    before the part."""
    table = _part_injury_table()
    index = mention.start - 1
    while index > 0 and words[index] in table.fillers and mention.start - index <= 2:
        index -= 1
    if index < 1 or words[index] not in table.links:
        return None
    head = words[index - 1]
    written = " ".join(words[mention.start : mention.end])
    named = {normalize_phrase(reading.concept.name) for reading in mention.readings}
    if head not in table.injury_words or written not in named:
        return None
    vocabulary = load_vocabulary()
    phrases = [f"{written} {word}" for word in [head, *plural_forms(head), "injuries"]]
    if head in table.fracture_words:
        phrases = [f"{name} {table.fracture_heading}" for name in _fracture_names(words, mention)]
    for phrase in phrases:
        readings = vocabulary.lookup(phrase)
        if any(_names_a_disease_not_a_sign(r.concept) for r in readings):
            return Mention(index - 1, mention.end, phrase, readings)
    return None


def _adjective_injuries(words: Sequence[str], found: Sequence[Mention]) -> list[Mention]:
    """ "abdominal trauma", "abdominal injury": a word the vocabulary reads as no part, right
    before an injury word, named with it as MeSH names the part's injuries ("Abdominal
    Injuries"; not before a fracture word: "neck fracture" is no *Neck Injuries*); only a
    concept of MeSH's injuries branch (C26) is read, so an adjective of severity or time
    ("severe trauma") reads nothing. Each spans the adjective and the injury word."""
    vocabulary = load_vocabulary()
    table = _part_injury_table()
    taken = {index for mention in found for index in range(mention.start, mention.end)}
    adjectives: list[Mention] = []
    for index in range(1, len(words)):
        if words[index] not in table.injury_words or {index - 1, index} & taken:
            continue
        if words[index] in table.fracture_words:
            continue  # a fracture reads only a part's fracture heading (_part_fracture)
        phrase = f"{words[index - 1]} injuries"
        readings = tuple(
            reading
            for reading in vocabulary.lookup(phrase)
            if _names_a_disease_not_a_sign(reading.concept)
            and any(n.startswith(f"{table.injury_branch}.") for n in reading.concept.tree_numbers)
        )
        if readings:
            adjectives.append(Mention(index - 1, index + 1, phrase, readings))
    return adjectives


def _names_a_disease_not_a_sign(concept: Concept) -> bool:
    """Whether MeSH files a concept as a disease other than a sign or symptom (C23.888) or the
    bare *Neoplasms* (C04): what a part's injury must name."""
    numbers = concept.tree_numbers
    return (
        concept.names_a_disease()
        and not any(n.startswith("C23.888") for n in numbers)
        and numbers != ("C04",)
    )


def return_freed_memory() -> None:
    """Give the heap pages freed by a one-time build back to the operating system.

    Building the vocabulary (or a spelling corrector) decodes and sorts a quarter of a
    million temporary strings; once they are freed, glibc keeps their pages for reuse,
    so a server process would carry them for its whole life (measured: the vocabulary's
    +65 MB of resident memory is +35 MB after this call). Elsewhere than glibc this does
    nothing.
    """
    if sys.platform != "linux":
        return
    gc.collect()
    try:
        libc = ctypes.CDLL(None)
        trim = libc.malloc_trim
    except (OSError, AttributeError):
        return
    trim(0)
