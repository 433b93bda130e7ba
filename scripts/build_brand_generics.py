"""Build the packaged trade name table (src/trialfinder/data/vocabulary/brand_generics.json).

    PYTHONPATH=src .venv/bin/python scripts/build_brand_generics.py [--output ...]

Run by hand when the vocabulary or scripts/vocabulary/drugsfda_brands.tsv changes; the output
is committed.

Why: people search with the name on the box ("Dupixent", "Enhertu", "Jemperli"), trials write
the generic name. The vocabulary's ``brand`` terms (scripts/build_vocabulary.py) lead a trade
name to the MeSH record of its ingredient, so a trade name is lost when the vocabulary reads
no record for the ingredient: a supplementary record MeSH gives no pharmacological action
(dupilumab), or a biologic FDA names with a distinguishing prefix or four-letter suffix
("FAM-TRASTUZUMAB DERUXTECAN-NXKI", "DOSTARLIMAB-GXLY") that MeSH's names leave out. One rule,
for every Drugs@FDA single-ingredient product alike:

* the trade name passes the vocabulary's own import rules for trade names (no digit, not a
  one-word name under 5 letters, not an English word, not the ingredient's own name with a
  qualifier) and the vocabulary and its lay tables do not know it;
* the generic name is the ingredient as trials write it: FDA's prefix ("fam-", "ado-") and
  four-letter suffix ("-nxki") dropped, salt words dropped from either end (and a trailing
  "kit", "recombinant" or one-letter word), normalised;
* a trade name two products give different generic names is left out.
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

import msgspec
from build_vocabulary import MIN_SINGLE_WORD, SALT_WORDS, _english_words

from trialfinder import vocabulary as medical
from trialfinder.vocabulary import BrandNameTable, Source, load_vocabulary, normalize_phrase

ROOT = Path(__file__).resolve().parents[1]
BRANDS = ROOT / "scripts" / "vocabulary" / "drugsfda_brands.tsv"
OUTPUT = ROOT / "src" / "trialfinder" / "data" / "vocabulary" / medical.BRAND_GENERIC_FILE
# FDA's distinguishing prefix and four-letter suffix of a biologic's proper name
# (FDA guidance "Nonproprietary Naming of Biological Products", 2017).
_FDA_PREFIX = re.compile(r"^(?:fam|ado)-", re.IGNORECASE)
_FDA_SUFFIX = re.compile(r"-[a-z]{4}$", re.IGNORECASE)
# Words FDA's ingredient names add after the drug that trials leave out ("TEDUGLUTIDE
# RECOMBINANT", "… KIT"); a one-letter word left by a stereo prefix ("(S)-MALATE") goes too.
FORM_WORDS = frozenset({"kit", "recombinant"})
SOURCE = Source(
    name="Drugs@FDA product table (trade names of single-ingredient products)",
    repository="https://github.com/SteveHQiu/BeersCriteria",
    path="data/Products.txt (extracted to scripts/vocabulary/drugsfda_brands.tsv)",
    commit="6e3939edb494e6229588c83522047cee8101ca56",
    licence=(
        "public domain: U.S. Food and Drug Administration data, a work of the U.S. Government "
        "(https://www.fda.gov/drugs/drug-approvals-and-databases/drugsfda-data-files); only "
        "data values are taken"
    ),
    version="Drugs@FDA data files as of August 2022",
    note="trade names the packaged vocabulary lacks, with their generic names",
)
METHOD = (
    "a single-ingredient product's trade name that passes the vocabulary's trade name rules "
    "and that the vocabulary does not know, mapped to its ingredient with FDA's prefix and "
    "four-letter suffix and salt words dropped; names two products map apart are left out"
)


def generic_name(ingredient: str) -> str:
    """The ingredient as trials write it ("FAM-TRASTUZUMAB DERUXTECAN-NXKI" → "trastuzumab
    deruxtecan", "DUPILUMAB" → "dupilumab")."""
    name = _FDA_SUFFIX.sub("", _FDA_PREFIX.sub("", ingredient.strip()))
    words = normalize_phrase(name).split()
    while words and (words[-1] in SALT_WORDS | FORM_WORDS or len(words[-1]) == 1):
        words = words[:-1]
    while words and words[0] in SALT_WORDS:
        words = words[1:]
    return " ".join(words)


def brand_generics(path: Path) -> dict[str, str]:
    """Trade name → generic name for the trade names the vocabulary lacks (module docstring)."""
    vocabulary = load_vocabulary()
    english = _english_words()
    found: dict[str, set[str]] = {}
    with path.open(encoding="utf-8") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for brand, ingredient in csv.reader(lines, delimiter="\t"):
            text = normalize_phrase(brand)
            generic = generic_name(ingredient)
            if (
                not text
                or not generic
                or any(character.isdigit() for character in text)
                or (" " not in text and len(text) < MIN_SINGLE_WORD)
                or text in english
                or text.split()[0] in set(generic.split()) | SALT_WORDS
                or vocabulary.lookup(text)
                or vocabulary.body_part(text)
                or vocabulary.lay_phenotype(text)
                or vocabulary.organ_process(text)
            ):
                continue
            found.setdefault(text, set()).add(generic)
    return {text: next(iter(names)) for text, names in sorted(found.items()) if len(names) == 1}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--brands", type=Path, default=BRANDS)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    arguments = parser.parse_args()
    table = BrandNameTable(source=SOURCE, method=METHOD, names=brand_generics(arguments.brands))
    arguments.output.write_bytes(msgspec.json.format(msgspec.json.encode(table), indent=1) + b"\n")
    print(f"{len(table.names):,} trade names for {len(set(table.names.values())):,} generic names")


if __name__ == "__main__":
    main()
