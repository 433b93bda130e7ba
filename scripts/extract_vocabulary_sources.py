"""Extract the rows the vocabulary build needs from two published sources too big to keep.

    PYTHONPATH=src .venv/bin/python scripts/extract_vocabulary_sources.py \\
        --doid doid.obo.gz --drugsfda-products Products.txt

Run by hand when a source changes; the outputs under scripts/vocabulary/ are committed and
scripts/build_vocabulary.py reads them (never the original files). Why a separate step: the
originals are larger than the project keeps in its repository (the Disease Ontology release is
6.6 MB as OBO text, the Drugs@FDA product table 3.9 MB), and the build needs only a few columns
of them. Where each original came from (repository, path, commit, licence) is in
scripts/vocabulary/sources.json and docs/vocabulary.md.

* ``doid_terms.tsv``: every current (not obsolete) Human Disease Ontology class: its DOID, its
  label, its MeSH cross-references and its EXACT synonyms. Broader, narrower and related
  synonyms are left out: they name a different disease.
* ``doid_definitions.tsv``: the textual definition of every current class that has a MeSH
  cross-reference (the cross-references are in ``doid_terms.tsv``). A definition names the
  disease's signs ("has_symptom recurring periods of wheezing", "featuring weakness,
  numbness, pins-and-needles"), which MeSH does not link to the disease;
  scripts/build_sign_table.py reads them.
* ``drugsfda_brands.tsv``: each distinct (trade name, active ingredient) pair of a
  single-ingredient product whose trade name is not just the ingredient's name.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "scripts" / "vocabulary"
_DEFINITION = re.compile(r'^"((?:[^"\\]|\\.)*)"')
_SYNONYM = re.compile(r'^"((?:[^"\\]|\\.)*)" (EXACT|BROAD|NARROW|RELATED)\b')


def _clean(text: str) -> str:
    """One TSV cell: OBO escapes undone, no tabs or line breaks."""
    return re.sub(r"\s+", " ", text.replace('\\"', '"').replace("\\\\", "\\")).strip()


def doid_rows(
    path: Path,
) -> tuple[str, list[tuple[str, str, str, str]], list[tuple[str, str]]]:
    """The release's data-version, (DOID, label, MeSH ids, EXACT synonyms) per class and
    (DOID, definition) per class with both a definition and a MeSH id."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as handle:
        text = handle.read()
    header, _, _ = text.partition("\n[")
    version = next(
        (line.split(": ", 1)[1] for line in header.splitlines() if line.startswith("data-version")),
        "",
    )
    rows: list[tuple[str, str, str, str]] = []
    definitions: list[tuple[str, str]] = []
    for stanza in text.split("\n\n"):
        if not stanza.startswith("[Term]"):
            continue
        fields: dict[str, list[str]] = {}
        for line in stanza.splitlines()[1:]:
            key, separator, value = line.partition(": ")
            if separator:
                fields.setdefault(key, []).append(value)
        if fields.get("is_obsolete") == ["true"] or "id" not in fields or "name" not in fields:
            continue
        mesh = [
            value[5:].split()[0] for value in fields.get("xref", []) if value.startswith("MESH:")
        ]
        exact = []
        for value in fields.get("synonym", []):
            match = _SYNONYM.match(value)
            if match and match.group(2) == "EXACT":
                exact.append(_clean(match.group(1)))
        rows.append(
            (
                fields["id"][0],
                _clean(fields["name"][0]),
                " ".join(mesh),
                " | ".join(dict.fromkeys(synonym for synonym in exact if "|" not in synonym)),
            )
        )
        definition = _DEFINITION.match(fields.get("def", [""])[0])
        if mesh and definition:
            definitions.append((fields["id"][0], _clean(definition.group(1))))
    return version, rows, definitions


def drugsfda_rows(path: Path) -> list[tuple[str, str]]:
    """Distinct (trade name, active ingredient) pairs of single-ingredient products."""
    pairs: dict[tuple[str, str], None] = {}
    with path.open(encoding="latin-1", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            name, ingredient = row["DrugName"].strip(), row["ActiveIngredient"].strip()
            if name and ingredient and ";" not in ingredient and name.upper() != ingredient.upper():
                pairs.setdefault((name, ingredient))
    return sorted(pairs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--doid", type=Path, required=True, help="doid.obo or doid.obo.gz")
    parser.add_argument(
        "--drugsfda-products", type=Path, required=True, help="Drugs@FDA Products.txt"
    )
    arguments = parser.parse_args()
    version, terms, definitions = doid_rows(arguments.doid)
    with (OUTPUT / "doid_terms.tsv").open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            f"# Human Disease Ontology {version} (CC0 1.0), extracted by "
            "scripts/extract_vocabulary_sources.py; provenance in sources.json.\n"
            "# Columns: DOID <TAB> label <TAB> MeSH cross-references <TAB> EXACT synonyms"
            " (' | ').\n"
        )
        csv.writer(handle, delimiter="\t", lineterminator="\n").writerows(terms)
    with (OUTPUT / "doid_definitions.tsv").open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            f"# Human Disease Ontology {version} (CC0 1.0), extracted by "
            "scripts/extract_vocabulary_sources.py; provenance in sources.json.\n"
            "# Columns: DOID <TAB> definition (classes with a MeSH cross-reference only).\n"
        )
        csv.writer(handle, delimiter="\t", lineterminator="\n").writerows(definitions)
    brands = drugsfda_rows(arguments.drugsfda_products)
    with (OUTPUT / "drugsfda_brands.tsv").open("w", encoding="utf-8", newline="") as handle:
        handle.write(
            "# Drugs@FDA Products.txt (U.S. FDA, public domain), extracted by "
            "scripts/extract_vocabulary_sources.py; provenance in sources.json.\n"
            "# Columns: trade name <TAB> active ingredient (single-ingredient products only).\n"
        )
        csv.writer(handle, delimiter="\t", lineterminator="\n").writerows(brands)
    print(
        f"{len(terms):,} Disease Ontology classes ({version}), {len(definitions):,} definitions,"
        f" {len(brands):,} trade names"
    )


if __name__ == "__main__":
    main()
