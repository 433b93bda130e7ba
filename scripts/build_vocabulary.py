"""Build the packaged medical vocabulary (src/trialfinder/data/vocabulary/) from its source files.

    PYTHONPATH=src .venv/bin/python scripts/build_vocabulary.py \\
        --thesaurus data_mesh_thesaurus.rds --trees data_mesh_trees.rds \\
        --pharm-actions data_PharmacologicalActions.rds --scr-names data_pharm_action.rds \\
        [--registry-records ../shared/data/ctgov_v2/studies_v2.jsonl] \\
        [--curated scripts/vocabulary/curated_terms.tsv] \\
        [--doid-terms scripts/vocabulary/doid_terms.tsv] \\
        [--drugsfda-brands scripts/vocabulary/drugsfda_brands.tsv] \\
        [--sources scripts/vocabulary/sources.json] [--output src/trialfinder/data/vocabulary/...]

Run by hand when a source changes; the output file is committed. The MeSH inputs are the R data
files of github.com/jaytimm/mesh-resources (tabular exports of NLM's desc2024 and mtrees2024; the
repository, path and commit of each are in scripts/vocabulary/sources.json and end up inside the
output). Only data values are taken from them. They are gzip-compressed R serialisations, read by
the small reader below so the build needs no R and no data-frame library.

What is kept, and why (docs/vocabulary.md has the numbers):
* descriptors with a tree number in categories A-G (anatomy, organisms, diseases, chemicals and
  drugs, procedures, psychiatry, phenomena): what trial conditions, interventions and criteria
  name. Publication types, geography, disciplines and the like are left out;
* every term of those descriptors up to 80 characters (longer ones are systematic chemical names
  nobody types), normalised; a term "MS (Multiple Sclerosis)" also yields the abbreviation "ms";
  an inverted heading "Arthritis, Rheumatoid" also yields "rheumatoid arthritis";
* each drug's pharmacological actions (drug to drug class), including the drugs that are only
  supplementary concept records (C ids, named but without tree numbers or entry terms);
* the curated terms (people's words), resolved from MeSH preferred names to ids; an unknown name
  stops the build;
* Human Disease Ontology labels and exact synonyms and Drugs@FDA trade names (the rows
  scripts/extract_vocabulary_sources.py extracted), each kept only when it names exactly one
  descriptor and MeSH does not have it already (doid_terms and brand_terms say how).
Every term carries the index of its source in sources.json, so its provenance can be counted.
"""

from __future__ import annotations

import argparse
import array
import csv
import gzip
import json
import re
import struct
import sys
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import msgspec
import zstandard

from trialfinder.vocabulary import (
    CURATED_KINDS,
    DATA_FILE,
    FORMAT_VERSION,
    TERM_KINDS,
    DescriptorRow,
    Source,
    TermKind,
    VocabularyFile,
    british_spelling,
    normalize_phrase,
)

ROOT = Path(__file__).resolve().parents[1]
KEPT_CATEGORIES = frozenset("ABCDEFG")
MAX_TERM_CHARS = 80
ABBREVIATION_TAGS = frozenset({"ABB", "ACR"})
PARENTHESISED_ABBREVIATION = re.compile(r"^([A-Za-z0-9-]{2,8}) \(([^()]+)\)$")

# R serialisation type codes the MeSH exports use (R Internals, "Serialization Formats").
_SYMSXP, _LISTSXP, _CHARSXP, _LGLSXP, _INTSXP, _REALSXP = 1, 2, 9, 10, 13, 14
_STRSXP, _VECSXP, _EXTPTRSXP, _ALTREP, _NILVALUE, _REFSXP = 16, 19, 22, 238, 254, 255


class _RdsReader:
    """Reads the subset of R's XDR serialisation that data frames of strings and numbers use."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.position = 0
        self.references: list[Any] = []

    def integer(self) -> int:
        (value,) = struct.unpack_from(">i", self.data, self.position)
        self.position += 4
        return int(value)

    def item(self) -> Any:
        flags = self.integer()
        kind, has_attributes, has_tag = flags & 0xFF, flags & 0x200, flags & 0x400
        if kind == _NILVALUE:
            return None
        if kind == _REFSXP:
            index = flags >> 8 or self.integer()
            return self.references[index - 1]
        if kind == _SYMSXP:
            symbol = ("symbol", self.item())
            self.references.append(symbol)
            return symbol
        if kind == _CHARSXP:
            length = self.integer()
            if length == -1:
                return None
            text = self.data[self.position : self.position + length].decode("utf-8", "replace")
            self.position += length
            return text
        if kind == _LISTSXP:
            if has_attributes:
                self.item()
            tag = self.item() if has_tag else None
            head = self.item()
            rest = self.item()
            return [(tag, head), *(rest or [])]
        if kind == _EXTPTRSXP:  # data.table's self reference: nothing to keep
            self.references.append(None)
            self.item()
            self.item()
            if has_attributes:
                self.item()
            return None
        if kind == _ALTREP:
            self.item()
            state = self.item()
            self.item()
            return state
        if kind in (_STRSXP, _VECSXP):
            value: Any = [self.item() for _ in range(self.integer())]
        elif kind in (_INTSXP, _LGLSXP):
            count = self.integer()
            value = list(struct.unpack_from(f">{count}i", self.data, self.position))
            self.position += 4 * count
        elif kind == _REALSXP:
            count = self.integer()
            value = list(struct.unpack_from(f">{count}d", self.data, self.position))
            self.position += 8 * count
        else:
            raise ValueError(f"unsupported R type {kind} at byte {self.position}")
        if has_attributes:
            return ("attributes", value, self.item())
        return value


def read_rds_frame(path: Path) -> dict[str, list[Any]]:
    """The columns of a data frame saved with saveRDS, by column name."""
    data = gzip.decompress(path.read_bytes())
    if data[:2] != b"X\n":
        raise ValueError(f"{path}: not an XDR R serialisation")
    reader = _RdsReader(data)
    reader.position = 2
    version = reader.integer()
    reader.integer()  # R version that wrote it
    reader.integer()  # minimal R version to read it
    if version == 3:
        encoding_length = reader.integer()  # then the native encoding's name
        reader.position += encoding_length
    item = reader.item()
    if not (isinstance(item, tuple) and item[0] == "attributes"):
        raise ValueError(f"{path}: not a data frame")
    _, columns, attributes = item
    names = next(value for tag, value in attributes if tag == ("symbol", "names"))
    return {
        name: column[1] if isinstance(column, tuple) else column
        for name, column in zip(names, columns, strict=True)
    }


def registry_mesh_names(path: Path | None) -> dict[str, str]:
    """Supplementary concept record names (C ids) that ClinicalTrials.gov API v2 records carry.

    The registry indexes interventions under MeSH, and its ``derivedSection`` names each record
    it uses, which fills the names missing from the MeSH exports for recent drugs (semaglutide).
    """
    if path is None:
        return {}
    found: dict[str, str] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            derived = json.loads(line).get("derivedSection", {})
            for module in ("conditionBrowseModule", "interventionBrowseModule"):
                for mesh in derived.get(module, {}).get("meshes", []):
                    if str(mesh.get("id", "")).startswith("C") and mesh.get("term"):
                        found.setdefault(mesh["id"], mesh["term"])
    return found


def _uninverted(term: str) -> str | None:
    """ "Arthritis, Rheumatoid" read the way people say it, "Rheumatoid Arthritis"."""
    head, separator, tail = term.partition(", ")
    if not separator or "," in tail:
        return None
    return f"{tail} {head}"


# Which entry of sources.json each input is: its "path" there (the file in its repository).
SOURCE_PATHS = {
    "mesh": "data/data_mesh_thesaurus.rds",
    "scr_names": "data/data_pharm_action.rds",
    "registry": "derivedSection.conditionBrowseModule / interventionBrowseModule meshes",
    "curated": "scripts/vocabulary/curated_terms.tsv",
    "doid": "archive/doid.obo.gz",
    "drugsfda": "data/Products.txt",
    "british": "src/trialfinder/data/vocabulary/british_spelling.json",
}
# Salt and hydrate words a trade name's active ingredient carries and MeSH's heading for the
# substance does not ("ATORVASTATIN CALCIUM" is Atorvastatin).
SALT_WORDS = frozenset(
    {
        "acetate",
        "anhydrous",
        "benzoate",
        "besylate",
        "bitartrate",
        "bromide",
        "calcium",
        "chloride",
        "citrate",
        "cypionate",
        "decanoate",
        "dihydrate",
        "dihydrochloride",
        "dimesylate",
        "dipotassium",
        "dipropionate",
        "disodium",
        "enanthate",
        "erbumine",
        "fumarate",
        "furoate",
        "gluconate",
        "hcl",
        "hemihydrate",
        "hyclate",
        "hydrate",
        "hydrobromide",
        "hydrochloride",
        "lactate",
        "magnesium",
        "maleate",
        "meglumine",
        "mesylate",
        "monohydrate",
        "nitrate",
        "pamoate",
        "palmitate",
        "phosphate",
        "potassium",
        "propionate",
        "sesquihydrate",
        "sodium",
        "succinate",
        "sulfate",
        "tartrate",
        "tosylate",
        "trihydrate",
        "tromethamine",
        "valerate",
    }
)
# A one-word term shorter than this from another vocabulary is not imported: at that length
# they are acronyms and short trade names ("WED", "DSS", "BAL"), which are ordinary words or
# other abbreviations in trial text far more often than the disease or drug.
MIN_SINGLE_WORD = 5


def _source_codes(sources: list[dict[str, str]]) -> dict[str, int]:
    """Each input's index in sources.json's list (the byte a term's source is stored as)."""
    position = {source["path"]: code for code, source in enumerate(sources)}
    return {key: position[path] for key, path in SOURCE_PATHS.items()}


def _mesh_names(terms: dict[str, dict[str, TermKind]]) -> dict[str, set[str]]:
    """Each normalised MeSH name (heading or entry term, not abbreviation) and what it names."""
    found: dict[str, set[str]] = {}
    for descriptor_id, own in terms.items():
        for text, kind in own.items():
            if kind in ("preferred", "entry"):
                found.setdefault(text, set()).add(descriptor_id)
    return found


def _one_descriptor(names: set[str] | None) -> str | None:
    return next(iter(names)) if names and len(names) == 1 else None


def _importable(text: str, known: set[str]) -> bool:
    """Whether a term from another vocabulary adds something: new, and not a short word."""
    return bool(text) and text not in known and (" " in text or len(text) >= MIN_SINGLE_WORD)


def doid_classes(path: Path) -> list[tuple[str, str, list[str], list[str]]]:
    """(DOID, label, MeSH cross-references, EXACT synonyms) of every class of doid_terms.tsv."""
    with path.open(encoding="utf-8") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        return [
            (doid, label, xrefs.split(), [s for s in synonyms.split(" | ") if s])
            for doid, label, xrefs, synonyms in csv.reader(lines, delimiter="\t")
        ]


def doid_descriptors(
    classes: list[tuple[str, str, list[str], list[str]]],
    kept: set[str],
    label_names: Callable[[str], set[str]],
) -> dict[str, str]:
    """The MeSH descriptor each Human Disease Ontology class names, by DOID.

    A class names a descriptor through its one MeSH cross-reference, trusted only when no
    other class shares it or the class's label is a MeSH name of it (several classes citing
    one descriptor means the descriptor is broader than each of them); a class without MeSH
    cross-references names the descriptor its label is the MeSH name of, when exactly one.
    ``kept`` are the descriptors the vocabulary keeps, ``label_names`` the descriptors a
    label is a MeSH name of.
    """
    citing: dict[str, int] = {}
    for _, _, xrefs, _ in classes:
        for descriptor_id in set(xrefs) & kept:
            citing[descriptor_id] = citing.get(descriptor_id, 0) + 1
    named: dict[str, str] = {}
    for doid, label, xrefs, _ in classes:
        names = label_names(label)
        descriptor_id = _one_descriptor(set(xrefs) & kept)
        if descriptor_id and citing[descriptor_id] > 1 and descriptor_id not in names:
            descriptor_id = None
        if not xrefs:
            descriptor_id = _one_descriptor(names)
        if descriptor_id is not None:
            named[doid] = descriptor_id
    return named


def british_terms(
    mesh_names: dict[str, set[str]], known: set[str]
) -> dict[str, dict[str, TermKind]]:
    """The British spelling of every MeSH name, kind ``spelling``, for each descriptor it names.

    People in Britain, Ireland and the Commonwealth write "apnoea", "haematuria" and
    "oedema"; MeSH has only a few such entry terms, and a term the vocabulary cannot read
    loses the listed condition it names. A variant is kept only when it is not already a term
    (MeSH's or curated: it would read as something else). The rules are anchored to their
    stems rather than checked against an English word list: symspellpy's list holds the
    British forms ("anaemia", "oedema") and not the American ones, so it cannot tell a British
    spelling from a different word; docs/search.md says how the changed words were read.
    """
    found: dict[str, set[str]] = {}
    for text, descriptor_ids in mesh_names.items():
        variant = british_spelling(text)
        if variant != text and variant not in known:
            found.setdefault(variant, set()).update(descriptor_ids)
    grouped: dict[str, dict[str, TermKind]] = {}
    for variant in sorted(found):
        for descriptor_id in sorted(found[variant]):
            grouped.setdefault(descriptor_id, {})[variant] = "spelling"
    return grouped


def doid_terms(
    path: Path, mesh_names: dict[str, set[str]], known: set[str]
) -> dict[str, dict[str, TermKind]]:
    """Human Disease Ontology labels and EXACT synonyms, by the MeSH descriptor they name
    (:func:`doid_descriptors`). A term two classes lead to different descriptors is
    ambiguous and left out, as are terms MeSH or the curated list already have and short
    one-word acronyms.
    """
    classes = doid_classes(path)
    named = doid_descriptors(
        classes,
        set().union(*mesh_names.values()),
        lambda label: mesh_names.get(normalize_phrase(label), set()),
    )
    found: dict[str, set[str]] = {}
    for doid, label, _, synonyms in classes:
        descriptor_id = named.get(doid)
        if descriptor_id is None:
            continue
        for term in (label, *synonyms):
            text = normalize_phrase(term)
            if _importable(text, known) and not (len(term.split()) == 1 and term.isupper()):
                found.setdefault(text, set()).add(descriptor_id)
    return _grouped(found, "synonym")


def brand_terms(
    path: Path, mesh_names: dict[str, set[str]], known: set[str]
) -> dict[str, dict[str, TermKind]]:
    """U.S. trade names (Drugs@FDA) by the MeSH record of their one active ingredient.

    The ingredient is found by its exact MeSH name, after dropping salt words the heading
    leaves out. A trade name that is the ingredient's own name with a qualifier ("HEPARIN
    LOCK FLUSH"), carries a number (a strength: "KENALOG-40"), leads to two different drugs,
    or is already a MeSH or curated term is left out, and so is a one-word trade name that is
    an English word ("TODAY", "HEATHER", "SONATA"): in trial text it means the word.
    """
    english = _english_words()
    found: dict[str, set[str]] = {}
    with path.open(encoding="utf-8") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for brand, ingredient in csv.reader(lines, delimiter="\t"):
            descriptor_id = _ingredient_descriptor(ingredient, mesh_names)
            text = normalize_phrase(brand)
            ingredient_words = set(normalize_phrase(ingredient).split())
            if (
                descriptor_id is None
                or not _importable(text, known)
                or any(character.isdigit() for character in text)
                or text.split()[0] in ingredient_words | SALT_WORDS
                or text in english
            ):
                continue
            found.setdefault(text, set()).add(descriptor_id)
    return _grouped(found, "brand")


def _english_words() -> frozenset[str]:
    """The English words of symspellpy's frequency list (82,765 words from Google Books
    n-grams, MIT licence), which the package already ships for spelling help."""
    listing = resources.files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt")
    return frozenset(line.split(" ", 1)[0] for line in listing.read_text("utf-8").splitlines())


def _ingredient_descriptor(ingredient: str, mesh_names: dict[str, set[str]]) -> str | None:
    """The one MeSH record an active ingredient names, salt words dropped from either end."""
    words = normalize_phrase(ingredient).split()
    while words:
        named = mesh_names.get(" ".join(words))
        if named:
            return _one_descriptor(named)
        if words[-1] in SALT_WORDS:
            words = words[:-1]
        elif words[0] in SALT_WORDS:
            words = words[1:]
        else:
            return None
    return None


def _grouped(found: dict[str, set[str]], kind: TermKind) -> dict[str, dict[str, TermKind]]:
    """Terms that name exactly one descriptor, grouped by descriptor, in a stable order."""
    grouped: dict[str, dict[str, TermKind]] = {}
    for text in sorted(found):
        descriptor_id = _one_descriptor(found[text])
        if descriptor_id:
            grouped.setdefault(descriptor_id, {})[text] = kind
    return grouped


def build(
    thesaurus: Path,
    trees: Path,
    pharm_actions: Path,
    scr_names: Path,
    registry_records: Path | None,
    curated: Path,
    doid: Path,
    drugsfda: Path,
    sources: Path,
) -> VocabularyFile:
    """Read every source and return the vocabulary file structure (not yet written)."""
    tree_frame = read_rds_frame(trees)
    tree_numbers: dict[str, list[str]] = {}
    for descriptor_id, number in zip(
        tree_frame["DescriptorUI"], tree_frame["tree_location"], strict=True
    ):
        if number and number[0] in KEPT_CATEGORIES:
            tree_numbers.setdefault(descriptor_id, []).append(number)

    term_frame = read_rds_frame(thesaurus)
    # The tree export lists only tree numbers with a dot: the heads of each category's subtrees
    # (C04 Neoplasms, D27 Chemical Actions and Uses, ...) appear only as the name beside "tree1"
    # of their children, so they are recovered by name.
    id_of_heading = dict(zip(term_frame["DescriptorName"], term_frame["DescriptorUI"], strict=True))
    for heading_number, heading_name in zip(tree_frame["tree1"], tree_frame["mesh1"], strict=True):
        heading_id = id_of_heading.get(heading_name)
        if heading_id and heading_number[0] in KEPT_CATEGORIES:
            numbers = tree_numbers.setdefault(heading_id, [])
            if heading_number not in numbers:
                numbers.append(heading_number)
    names: dict[str, str] = {}
    terms: dict[str, dict[str, TermKind]] = {}  # descriptor id -> normalised term -> kind
    for descriptor_id, name, term, tag in zip(
        term_frame["DescriptorUI"],
        term_frame["DescriptorName"],
        term_frame["TermName"],
        term_frame["LexicalTag"],
        strict=True,
    ):
        if descriptor_id not in tree_numbers or not term:
            continue
        names[descriptor_id] = name
        own = terms.setdefault(descriptor_id, {})
        own.setdefault(normalize_phrase(name), "preferred")
        candidates: list[tuple[str, TermKind]] = []
        if len(term) <= MAX_TERM_CHARS:
            kind: TermKind = "abbreviation" if tag in ABBREVIATION_TAGS else "entry"
            candidates.append((term, kind))
            uninverted = _uninverted(term)
            if uninverted:
                candidates.append((uninverted, kind))
        abbreviation = PARENTHESISED_ABBREVIATION.match(term)
        if abbreviation:
            candidates.append((abbreviation.group(1), "abbreviation"))
        for text, text_kind in candidates:
            normalised = normalize_phrase(text)
            if normalised:
                own.setdefault(normalised, text_kind)

    # Drugs newer than their own descriptor are MeSH supplementary concept records (C ids:
    # dapagliflozin, palbociclib, semaglutide). They have no tree numbers, only pharmacological
    # actions; the 2024 export lacks their names, which come from the 2023 one.
    actions_frame = read_rds_frame(pharm_actions)
    names_frame = read_rds_frame(scr_names)
    record_names = {
        record_id: name
        for record_id, name in zip(
            names_frame["DescriptorUI"], names_frame["DescriptorName"], strict=True
        )
        if record_id.startswith("C") and name
    }
    scr_origin = {record_id: "scr_names" for record_id in record_names}
    for record_id, name in registry_mesh_names(registry_records).items():
        record_names.setdefault(record_id, name)
        scr_origin.setdefault(record_id, "registry")
    action_pairs = [
        (record_id, action_id)
        for record_id, action_id in zip(
            actions_frame["DescriptorUI"], actions_frame["PharmActionUI"], strict=True
        )
        if action_id in names and (record_id in names or record_id in record_names)
    ]
    for record_id, _ in action_pairs:
        if record_id not in names:
            names[record_id] = record_names[record_id]
            tree_numbers[record_id] = []
            terms[record_id] = {normalize_phrase(record_names[record_id]): "preferred"}
    order = sorted(names)
    index_of = {descriptor_id: index for index, descriptor_id in enumerate(order)}
    actions: dict[str, list[int]] = {}
    for record_id, action_id in action_pairs:
        actions.setdefault(record_id, []).append(index_of[action_id])

    id_by_name = {name: descriptor_id for descriptor_id, name in names.items()}
    curated_terms: dict[int, dict[str, tuple[TermKind, int]]] = {}
    readings_so_far: dict[str, int] = {}  # curated term -> readings seen, the next one's rank
    unknown: list[str] = []
    with curated.open(encoding="utf-8") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for term, kind, mesh_name in csv.reader(lines, delimiter="\t"):
            if kind not in CURATED_KINDS:
                raise ValueError(f"{curated}: unknown kind {kind!r} for {term!r}")
            if mesh_name not in id_by_name:
                unknown.append(mesh_name)
                continue
            curated_kind: TermKind = kind  # type: ignore[assignment]
            text = normalize_phrase(term)
            rank = readings_so_far.get(text, 0)
            readings_so_far[text] = rank + 1
            own = curated_terms.setdefault(index_of[id_by_name[mesh_name]], {})
            own.setdefault(text, (curated_kind, rank))
    if unknown:
        raise SystemExit(f"curated names MeSH 2024 does not have: {sorted(set(unknown))}")

    descriptors = tuple(
        DescriptorRow(
            descriptor_id,
            names[descriptor_id],
            tuple(sorted(tree_numbers[descriptor_id])),
            tuple(sorted(set(actions.get(descriptor_id, ())))),
        )
        for descriptor_id in order
    )
    provenance = json.loads(sources.read_text(encoding="utf-8"))
    code = _source_codes(provenance["sources"])
    mesh_names = _mesh_names(terms)
    known = set(mesh_names) | set(readings_so_far)
    published = {
        "doid": doid_terms(doid, mesh_names, known),
        "drugsfda": brand_terms(drugsfda, mesh_names, known),
    }
    # Derived last, and only where no source names the text yet: DOID's "coeliac disease" is
    # a synonym of Celiac Disease (a disease a note names), not a spelling to leave out.
    published_texts = {text for terms in published.values() for d in terms.values() for text in d}
    published["british"] = british_terms(mesh_names, known | published_texts)
    texts: list[str] = []
    owners = array.array("I")
    kinds = bytearray()
    ranks = bytearray()
    origins = bytearray()
    for index, descriptor_id in enumerate(order):
        # MeSH's terms of a supplementary record are its name, from the 2023 names or the
        # registry records; a descriptor's come from the thesaurus.
        mesh_code = code[scr_origin.get(descriptor_id, "mesh")]
        rows = [
            *(
                (text, kind, rank, code["curated"])
                for text, (kind, rank) in curated_terms.get(index, {}).items()
            ),
            *((text, kind, 0, mesh_code) for text, kind in terms[descriptor_id].items()),
            *(
                (text, kind, 0, code[source])
                for source, found in published.items()
                for text, kind in found.get(descriptor_id, {}).items()
            ),
        ]
        for text, kind, rank, origin in rows:
            texts.append(text)
            owners.append(index)
            kinds.append(TERM_KINDS.index(kind))
            ranks.append(min(rank, 7))
            origins.append(origin)
    if sys.byteorder != "little":
        owners.byteswap()
    return VocabularyFile(
        format=FORMAT_VERSION,
        mesh_version=provenance["mesh_version"],
        sources=tuple(msgspec.convert(source, Source) for source in provenance["sources"]),
        descriptors=descriptors,
        term_texts="\n".join(texts),
        term_descriptors=owners.tobytes(),
        term_kinds=bytes(kinds),
        term_ranks=bytes(ranks),
        term_sources=bytes(origins),
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--thesaurus", type=Path, required=True, help="data_mesh_thesaurus.rds")
    parser.add_argument("--trees", type=Path, required=True, help="data_mesh_trees.rds")
    parser.add_argument(
        "--pharm-actions", type=Path, required=True, help="data_PharmacologicalActions.rds"
    )
    parser.add_argument(
        "--scr-names", type=Path, required=True, help="data_pharm_action.rds (2023, named)"
    )
    parser.add_argument(
        "--registry-records",
        type=Path,
        help="ClinicalTrials.gov API v2 records, one JSON study a line (../shared/data/ctgov_v2/"
        "studies_v2.jsonl): names of drug records the MeSH exports leave unnamed",
    )
    parser.add_argument(
        "--curated", type=Path, default=ROOT / "scripts/vocabulary/curated_terms.tsv"
    )
    parser.add_argument(
        "--doid-terms", type=Path, default=ROOT / "scripts/vocabulary/doid_terms.tsv"
    )
    parser.add_argument(
        "--drugsfda-brands", type=Path, default=ROOT / "scripts/vocabulary/drugsfda_brands.tsv"
    )
    parser.add_argument("--sources", type=Path, default=ROOT / "scripts/vocabulary/sources.json")
    parser.add_argument(
        "--output", type=Path, default=ROOT / "src/trialfinder/data/vocabulary" / DATA_FILE
    )
    arguments = parser.parse_args()
    vocabulary = build(
        arguments.thesaurus,
        arguments.trees,
        arguments.pharm_actions,
        arguments.scr_names,
        arguments.registry_records,
        arguments.curated,
        arguments.doid_terms,
        arguments.drugsfda_brands,
        arguments.sources,
    )
    raw = zstandard.ZstdCompressor(level=19).compress(msgspec.msgpack.encode(vocabulary))
    arguments.output.parent.mkdir(parents=True, exist_ok=True)
    arguments.output.write_bytes(raw)
    print(
        f"wrote {arguments.output} ({len(raw):,} bytes): {len(vocabulary.descriptors):,} "
        f"descriptors, {len(vocabulary.term_kinds):,} terms"
    )


if __name__ == "__main__":
    main()
