"""Build the packaged lay anatomy table (src/trialfinder/data/vocabulary/lay_anatomy.json).

    git --git-dir <uberon mirror> show <commit>:subsets/efo-slim.obo > /tmp/efo-slim.obo  # etc.
    PYTHONPATH=src .venv/bin/python scripts/build_lay_anatomy.py \\
        /tmp/efo-slim.obo /tmp/musculoskeletal.obo /tmp/vertebrate-head.obo [--output ...]

Run by hand when the Uberon release or the vocabulary changes; the output is committed.

Why: people name a body part in plain words ("windpipe", "gullet", "small bowel", "shinbone")
that MeSH's anatomy entry terms lack, and type it with a disease word ("windpipe cancer").
Search reads "<MeSH organ> <disease word>" as the organ's words and the disease's; a body word
MeSH does not know is left a bare word. The Uberon anatomy ontology (CC BY 3.0) carries exact
synonyms of that kind with MeSH cross-references; the table is read off them by one rule, for
every class alike:

* a class names a MeSH descriptor through its MeSH descriptor cross-references (D ids) when
  they are exactly one descriptor on the anatomy branch (A); a class without one (most cite a
  tree number, which MeSH renumbers: Uberon's A03.365 for the esophagus is A03.556.875.500 in
  MeSH 2024) names the anatomy descriptor its label is a MeSH name of, when there is exactly
  one; when several classes name the same descriptor, only a class whose label is itself a MeSH
  name of it keeps it (the others are parts or neighbours the descriptor covers);
* its terms are its label and its EXACT synonyms, normalised as the vocabulary stores terms,
  without Latin, abbreviation, taxon-specific (SENSU) or deprecated synonyms, or one written in
  another language;
* a term is kept only when the vocabulary does not know it already, it is not a single word
  under 5 letters or an all-capital acronym, and every class that has it names one descriptor.

Only data values come from the ontology (repository, path and commit below); the output records
that provenance beside the table.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable
from pathlib import Path

import msgspec

from trialfinder.vocabulary import (
    LAY_ANATOMY_FILE,
    LayTermTable,
    Source,
    Vocabulary,
    load_vocabulary,
    normalize_phrase,
)

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "src" / "trialfinder" / "data" / "vocabulary" / LAY_ANATOMY_FILE
# The provenance as the table stores it (a mapping, as the sign table's build writes it).
SOURCE = Source(
    **{
        "name": (
            "Uberon anatomy ontology, release 2026-04-01 (exact synonyms, MeSH cross-references)"
        ),
        "repository": "https://github.com/obophenotype/uberon",
        "path": "subsets/efo-slim.obo, musculoskeletal.obo, subsets/vertebrate-head.obo",
        "commit": "52817eeaa3b960e923df7a275fa533bdc3bdefe1",
        "licence": "CC BY 3.0",
        "version": "2026-04-01",
        "note": (
            "Uberon's release subsets present in the snapshot (the full uberon.obo is over its"
            " 4 MiB limit); Mungall et al., Genome Biology 2012, 13:R5"
        ),
    }
)
ANATOMY_BRANCH = "A"
_SYNONYM = re.compile(r'^synonym: "((?:[^"\\]|\\.)*)" (\w+)(?: ([A-Z_]+))?')
_MESH_XREF = re.compile(r"^xref: (?:MESH|MSH):(\S+)")
_SKIPPED_TYPES = {"LATIN", "ABBREVIATION", "SENSU", "DEPRECATED", "PLURAL", "INCONSISTENT"}


class UberonClass(msgspec.Struct, frozen=True):
    """One Uberon class as the table reads it: id, label, MeSH cross-references, exact names."""

    id: str
    label: str
    mesh: tuple[str, ...]
    exact: tuple[str, ...]


def read_classes(paths: Iterable[Path]) -> list[UberonClass]:
    """The current Uberon classes of the OBO files, merged by id (the subsets overlap)."""
    merged: dict[str, tuple[str, set[str], set[str]]] = {}
    for path in paths:
        for stanza in path.read_text(encoding="utf-8").split("\n[Term]\n")[1:]:
            stanza = stanza.split("\n\n")[0]
            lines = stanza.splitlines()
            ids = [line[4:] for line in lines if line.startswith("id: UBERON:")]
            names = [line[6:] for line in lines if line.startswith("name: ")]
            if not ids or not names or "is_obsolete: true" in lines:
                continue
            _label, mesh, exact = merged.setdefault(ids[0], (names[0], set(), set()))
            for line in lines:
                if found := _MESH_XREF.match(line):
                    mesh.add(found.group(1))
                elif (found := _SYNONYM.match(line)) and found.group(2) == "EXACT":
                    text = found.group(1)
                    if found.group(3) not in _SKIPPED_TYPES and "@" not in text:
                        exact.add(text)
    return [
        UberonClass(uberon_id, label, tuple(sorted(mesh)), tuple(sorted(exact)))
        for uberon_id, (label, mesh, exact) in sorted(merged.items())
    ]


def _is_anatomy(vocabulary: Vocabulary, descriptor_id: str) -> bool:
    concept = vocabulary.concept(descriptor_id)
    return concept is not None and any(
        number.startswith(ANATOMY_BRANCH) for number in concept.tree_numbers
    )


def _mesh_names(vocabulary: Vocabulary, label: str) -> set[str]:
    """The anatomy descriptors a label is a MeSH name (heading or entry term) of."""
    return {
        reading.concept.id
        for reading in vocabulary.lookup(label)
        if reading.kind in ("preferred", "entry") and _is_anatomy(vocabulary, reading.concept.id)
    }


def lay_terms(vocabulary: Vocabulary, classes: list[UberonClass]) -> dict[str, str]:
    """Normalised term → anatomy descriptor id, by the rule in the module docstring."""
    named: dict[str, str] = {}
    for uberon in classes:
        found = {reference for reference in uberon.mesh if reference.startswith("D")}
        if not found:
            found = _mesh_names(vocabulary, uberon.label)
        if len(found) == 1 and _is_anatomy(vocabulary, next(iter(found))):
            named[uberon.id] = next(iter(found))
    citing: dict[str, list[str]] = {}
    for uberon_id, descriptor_id in named.items():
        citing.setdefault(descriptor_id, []).append(uberon_id)
    labels = {uberon.id: uberon.label for uberon in classes}
    for descriptor_id, uberon_ids in citing.items():
        if len(uberon_ids) > 1:
            for uberon_id in uberon_ids:
                if descriptor_id not in _mesh_names(vocabulary, labels[uberon_id]):
                    del named[uberon_id]
    leads: dict[str, set[str]] = {}
    for uberon in classes:
        for text in (uberon.label, *uberon.exact):
            term = normalize_phrase(text)
            if term and not (text.isupper() or (" " not in term and len(term) < 5)):
                leads.setdefault(term, set()).add(named.get(uberon.id, ""))
    return {
        term: next(iter(descriptors))
        for term, descriptors in sorted(leads.items())
        if len(descriptors) == 1 and "" not in descriptors and not vocabulary.lookup(term)
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("obo", type=Path, nargs="+", help="Uberon OBO files (release subsets)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    arguments = parser.parse_args()
    write_lay_table(
        arguments.output,
        LayTermTable(
            source=SOURCE,
            method=(
                "labels and EXACT synonyms of Uberon classes whose MeSH cross-references name one"
                " anatomy (A) descriptor, terms MeSH and the curated list lack"
                " (scripts/build_lay_anatomy.py)"
            ),
            terms=lay_terms(load_vocabulary(), read_classes(arguments.obo)),
        ),
    )


def write_lay_table(output: Path, table: LayTermTable) -> None:
    """Write a lay term table as the package ships it (indented JSON, terms sorted) and say
    its size; scripts/build_lay_phenotypes.py writes its table the same way."""
    output.write_bytes(msgspec.json.format(msgspec.json.encode(table), indent=1) + b"\n")
    print(f"{len(table.terms):,} lay terms for {len(set(table.terms.values())):,} descriptors")


if __name__ == "__main__":
    main()
