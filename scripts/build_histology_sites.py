"""Build the packaged histology → site table (src/trialfinder/data/vocabulary/histology_sites.json).

    PYTHONPATH=src .venv/bin/python scripts/build_histology_sites.py \\
        [--definitions scripts/vocabulary/doid_definitions.tsv] \\
        [--doid-terms scripts/vocabulary/doid_terms.tsv] [--output ...]

Run by hand when the Disease Ontology extract or the vocabulary changes; the output is committed.

Why: MeSH files some cancers by their histology only (*Cholangiocarcinoma* and *Klatskin Tumor*
sit below Adenocarcinoma, under no organ), while the trials for them list the organ's cancer
("Biliary Tract Cancer"). The Human Disease Ontology places each class below its genus, written
first in its definition: "An intrahepatic cholangiocarcinoma arising near …", "A cholangiocarcinoma
that arises …", "A bile duct adenocarcinoma that …". The table is read off them by one rule, for
every class alike:

* the classes are those naming a MeSH descriptor (the rule of scripts/build_vocabulary.py,
  ``doid_descriptors``) that MeSH files under Neoplasms by Histologic Type (C04.557) and not
  under Neoplasms by Site (C04.588);
* a class's genus is the words of its definition after "A"/"An" up to the differentia ("that",
  "which", "arising", "located_in", …). When the vocabulary reads one organ in the genus ("bile
  duct" in "bile duct adenocarcinoma"), the site is MeSH's one cancer of that organ (or of the
  nearest organ above it, two levels at most, that has one) under C04.588; otherwise, when the
  genus is another class's label, that class's genus is read the same way;
* a descriptor takes a site only when every class naming it gives the same one (adenocarcinoma
  gives none: one of its classes is a breast subtype, the others name no organ).

The ontology (CC0 1.0) gives only data values, and the table names its release (the
repository, path and commit of scripts/vocabulary/sources.json) beside the rows.
"""

from __future__ import annotations

import re

import msgspec
from build_sign_table import (
    ROOT,
    named_descriptors,
    ontology_arguments,
    ontology_source,
    read_definitions,
)
from build_vocabulary import doid_classes

from trialfinder.vocabulary import (
    HISTOLOGY_SITE_FILE,
    Concept,
    HistologySiteTable,
    Vocabulary,
    load_vocabulary,
    normalize_phrase,
)

OUTPUT = ROOT / "src" / "trialfinder" / "data" / "vocabulary" / HISTOLOGY_SITE_FILE
HISTOLOGY_BRANCH = "C04.557"
SITE_BRANCH = "C04.588"
# Anatomy that is no organ a cancer is named by: cells, fluids and tissues (A11, A12, A15).
NOT_ORGANS = ("A11", "A12", "A15")
ORGAN_LEVELS_UP = 2
MAX_GENERA = 6
GENUS = re.compile(
    r"^an? (.+?)(?= that\b| which\b| arising\b| characteri[sz]ed\b| located_in\b"
    r"| derives?_from\b| has_material_basis_in\b| composed\b| of\b| in\b| where"
    r"| due\b| affecting\b|,|\.|$)",
    re.IGNORECASE,
)


def _site_cancer(vocabulary: Vocabulary, organ: Concept) -> Concept | None:
    """MeSH's one cancer (Neoplasms by Site) of the organ or of the nearest organ above it."""
    for above in [organ, *vocabulary.ancestors(organ.id, levels=ORGAN_LEVELS_UP)]:
        phrase = f"{normalize_phrase(above.name)} cancer"
        cancers = {
            reading.concept
            for reading in vocabulary.lookup(phrase)
            if reading.kind in ("preferred", "entry")
            and any(n.startswith(SITE_BRANCH) for n in reading.concept.tree_numbers)
        }
        if len(cancers) == 1:
            return cancers.pop()
    return None


def _genus_site(
    vocabulary: Vocabulary, doid: str, definitions: dict[str, str], by_label: dict[str, str]
) -> Concept | None:
    """The site the class's genus names, following genera that are other classes' labels."""
    for _ in range(MAX_GENERA):
        found = GENUS.match(definitions.get(doid, ""))
        if found is None:
            return None
        genus = found.group(1)
        for mention in vocabulary.find_mentions(genus):
            organs = [
                reading.concept
                for reading in mention.readings
                if any(
                    n.startswith("A") and not n.startswith(NOT_ORGANS)
                    for n in reading.concept.tree_numbers
                )
            ]
            if len(organs) == 1:
                return _site_cancer(vocabulary, organs[0])
        parent = by_label.get(normalize_phrase(genus))
        if parent is None:
            return None
        doid = parent
    return None


def histology_sites(
    vocabulary: Vocabulary,
    classes: list[tuple[str, str, list[str], list[str]]],
    definitions: dict[str, str],
) -> dict[str, str]:
    """Histology descriptor id → site cancer descriptor id, by the rule in the docstring."""
    named = named_descriptors(vocabulary, classes)
    by_label = {normalize_phrase(label): doid for doid, label, _, _ in classes}
    sites: dict[str, set[str | None]] = {}
    for doid, descriptor_id in named.items():
        concept = vocabulary.concept(descriptor_id)
        if concept is None or doid not in definitions:
            continue
        numbers = concept.tree_numbers
        if not any(n.startswith(HISTOLOGY_BRANCH) for n in numbers) or any(
            n.startswith(SITE_BRANCH) for n in numbers
        ):
            continue
        site = _genus_site(vocabulary, doid, definitions, by_label)
        sites.setdefault(concept.id, set()).add(site.id if site else None)
    return {
        histology: site
        for histology, found in sorted(sites.items())
        if len(found) == 1 and (site := next(iter(found))) is not None
    }


def main() -> None:
    arguments = ontology_arguments(__doc__.split("\n")[0], OUTPUT)
    definitions = {doid: text for doid, text in read_definitions(arguments.definitions)}
    table = HistologySiteTable(
        source=ontology_source("Human Disease Ontology 2024-01-31 (definitions, labels)"),
        method=(
            "the organ the vocabulary reads in each Disease Ontology definition's genus (or its"
            " genus class's, up the genera), as MeSH's cancer of that organ, for descriptors MeSH"
            " files by histology only, kept when every class of the descriptor agrees"
            " (scripts/build_histology_sites.py)"
        ),
        sites=histology_sites(load_vocabulary(), doid_classes(arguments.doid_terms), definitions),
    )
    arguments.output.write_bytes(msgspec.json.format(msgspec.json.encode(table), indent=1) + b"\n")
    print(f"{len(table.sites):,} histologies with a site from {len(definitions):,} definitions")


if __name__ == "__main__":
    main()
