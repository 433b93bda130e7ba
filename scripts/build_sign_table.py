"""Build the packaged sign → disease table (src/trialfinder/data/vocabulary/sign_diseases.json).

    PYTHONPATH=src .venv/bin/python scripts/build_sign_table.py \\
        [--definitions scripts/vocabulary/doid_definitions.tsv] \\
        [--doid-terms scripts/vocabulary/doid_terms.tsv] [--output ...]

Run by hand when the Disease Ontology extract or the vocabulary changes; the output is committed.

Why: people search with the sign they have ("wheezing", "pins and needles"), the vocabulary reads
the sign (*Respiratory Sounds*, *Paresthesia*) and trials are written about the diseases it is a
sign of, which MeSH does not link to it. The Human Disease Ontology's definitions do, in words:
"has_symptom recurring periods of wheezing", "featuring weakness, numbness, pins-and-needles".
The table is read off them by one rule, for every class alike:

* the disease is the MeSH descriptor the class names, by the rule the vocabulary's import of
  the ontology's synonyms uses (scripts/build_vocabulary.py, ``doid_descriptors``: its one
  cross-reference, unless other classes cite it too and the label is not a MeSH name of it),
  on a disease or mental-disorder branch (C but not C23, F03);
* its signs are the phrases of the definition the vocabulary reads, unambiguously, as a
  descriptor under MeSH's *Signs and Symptoms* (C23.888), other than the disease itself;
* a sign's diseases are ordered by how few signs each definition names (the sign is more of
  what defines a disease that is described by fewer), then by descriptor id.

Only data values come from the ontology (CC0 1.0; repository, path and commit in
scripts/vocabulary/sources.json); the output records that provenance beside the table.
"""

from __future__ import annotations

import argparse
import csv
import json
from pathlib import Path

import msgspec
from build_vocabulary import doid_classes, doid_descriptors

from trialfinder.vocabulary import (
    SIGN_TABLE_FILE,
    SignTable,
    Source,
    Vocabulary,
    load_vocabulary,
)

ROOT = Path(__file__).resolve().parents[1]
DEFINITIONS = ROOT / "scripts" / "vocabulary" / "doid_definitions.tsv"
DOID_TERMS = ROOT / "scripts" / "vocabulary" / "doid_terms.tsv"
SOURCES = ROOT / "scripts" / "vocabulary" / "sources.json"
OUTPUT = ROOT / "src" / "trialfinder" / "data" / "vocabulary" / SIGN_TABLE_FILE
SIGN_BRANCH = "C23.888"
DISEASE_BRANCHES = ("C", "F03")
SOURCE_PATH = "archive/doid.obo.gz"


def _is_disease(tree_numbers: tuple[str, ...]) -> bool:
    """On a disease or mental-disorder branch, and not only a sign or pathological process."""
    return any(
        number.startswith(DISEASE_BRANCHES) and not number.startswith("C23")
        for number in tree_numbers
    )


def named_descriptors(
    vocabulary: Vocabulary, classes: list[tuple[str, str, list[str], list[str]]]
) -> dict[str, str]:
    """The MeSH descriptor each Disease Ontology class names, by DOID (``doid_descriptors``'s
    rule, with the vocabulary's own MeSH names; scripts/build_histology_sites.py reads it too)."""
    return doid_descriptors(
        classes,
        {mesh_id for _, _, xrefs, _ in classes for mesh_id in xrefs if vocabulary.concept(mesh_id)},
        lambda label: {
            reading.concept.id
            for reading in vocabulary.lookup(label)
            if reading.kind in ("preferred", "entry")
        },
    )


def read_definitions(path: Path) -> list[list[str]]:
    """The (DOID, definition) rows of the extracted definitions file."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [row for row in csv.reader(handle, delimiter="\t") if not row[0].startswith("#")]


def ontology_source(name: str) -> Source:
    """The Disease Ontology release's provenance (scripts/vocabulary/sources.json), so named."""
    provenance = json.loads(SOURCES.read_text(encoding="utf-8"))
    (source,) = [item for item in provenance["sources"] if item["path"] == SOURCE_PATH]
    return Source(**{**source, "name": name})


def sign_links(
    vocabulary: Vocabulary,
    classes: list[tuple[str, str, list[str], list[str]]],
    definitions: list[list[str]],
) -> dict[str, list[str]]:
    """Sign descriptor id → disease descriptor ids, by the rule in the module docstring."""
    named = named_descriptors(vocabulary, classes)
    signs_of: dict[str, set[str]] = {}
    for doid, definition in definitions:
        disease = vocabulary.concept(named.get(doid, ""))
        if disease is None or not _is_disease(disease.tree_numbers):
            continue
        for mention in vocabulary.find_mentions(definition):
            if len(mention.readings) != 1:
                continue
            sign = mention.readings[0].concept
            if sign.id != disease.id and any(
                number.startswith(SIGN_BRANCH) for number in sign.tree_numbers
            ):
                signs_of.setdefault(disease.id, set()).add(sign.id)
    diseases_of: dict[str, list[str]] = {}
    for disease_id, signs in signs_of.items():
        for sign_id in signs:
            diseases_of.setdefault(sign_id, []).append(disease_id)
    return {
        sign_id: sorted(diseases, key=lambda disease_id: (len(signs_of[disease_id]), disease_id))
        for sign_id, diseases in sorted(diseases_of.items())
    }


def ontology_arguments(description: str, output: Path) -> argparse.Namespace:
    """The command line of a table read off the Disease Ontology extract: its two input files
    and the output (scripts/build_histology_sites.py takes the same)."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--definitions", type=Path, default=DEFINITIONS)
    parser.add_argument("--doid-terms", type=Path, default=DOID_TERMS)
    parser.add_argument("--output", type=Path, default=output)
    return parser.parse_args()


def main() -> None:
    arguments = ontology_arguments(__doc__.split("\n")[0], OUTPUT)
    rows = read_definitions(arguments.definitions)
    classes = doid_classes(arguments.doid_terms)
    table = SignTable(
        source=ontology_source(
            "Human Disease Ontology 2024-01-31 (definitions, MeSH cross-references)"
        ),
        method=(
            "signs (MeSH C23.888) the vocabulary reads in each Disease Ontology definition,"
            " linked to the class's one MeSH cross-reference on a disease branch"
            " (scripts/build_sign_table.py)"
        ),
        signs=sign_links(load_vocabulary(), classes, rows),
    )
    arguments.output.write_bytes(msgspec.json.format(msgspec.json.encode(table), indent=1) + b"\n")
    links = sum(map(len, table.signs.values()))
    print(
        f"{len(table.signs):,} signs, {links:,} sign → disease links from {len(rows):,} definitions"
    )


if __name__ == "__main__":
    main()
