"""Build the packaged medical vocabulary (src/trialfinder/data/vocabulary/) from its source files.

    PYTHONPATH=src .venv/bin/python scripts/build_vocabulary.py \\
        --thesaurus data_mesh_thesaurus.rds --trees data_mesh_trees.rds \\
        --pharm-actions data_PharmacologicalActions.rds --scr-names data_pharm_action.rds \\
        [--registry-records ../shared/data/ctgov_v2/studies_v2.jsonl] \\
        [--curated scripts/vocabulary/curated_terms.tsv] \\
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
  stops the build.
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


def build(
    thesaurus: Path,
    trees: Path,
    pharm_actions: Path,
    scr_names: Path,
    registry_records: Path | None,
    curated: Path,
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
    for record_id, name in registry_mesh_names(registry_records).items():
        record_names.setdefault(record_id, name)
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
    texts: list[str] = []
    owners = array.array("I")
    kinds = bytearray()
    ranks = bytearray()
    for index, descriptor_id in enumerate(order):
        mesh_terms = {text: (kind, 0) for text, kind in terms[descriptor_id].items()}
        for text, (kind, rank) in (*curated_terms.get(index, {}).items(), *mesh_terms.items()):
            texts.append(text)
            owners.append(index)
            kinds.append(TERM_KINDS.index(kind))
            ranks.append(min(rank, 7))
    if sys.byteorder != "little":
        owners.byteswap()
    provenance = json.loads(sources.read_text(encoding="utf-8"))
    return VocabularyFile(
        format=FORMAT_VERSION,
        mesh_version=provenance["mesh_version"],
        sources=tuple(msgspec.convert(source, Source) for source in provenance["sources"]),
        descriptors=descriptors,
        term_texts="\n".join(texts),
        term_descriptors=owners.tobytes(),
        term_kinds=bytes(kinds),
        term_ranks=bytes(ranks),
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
