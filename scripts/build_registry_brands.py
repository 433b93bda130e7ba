"""Build the registry's trade name table (src/trialfinder/data/vocabulary/registry_brands.json).

    PYTHONPATH=src .venv/bin/python scripts/build_registry_brands.py [--output ...]

Run by hand when the bundled sample or ../shared/data changes; the output is committed.

Why: the Drugs@FDA trade name table (scripts/build_brand_generics.py) ends in August 2022, so
the names on the box of newer drugs ("Tecvayli", "Talvey") lead nowhere, while the registry
itself pairs them with the generic name trials write: a drug intervention's other names (API v2
``interventions[].otherNames``, legacy XML ``<other_name>``) and the names in brackets after it
("Trastuzumab deruxtecan (Enhertu)") give its trade names and development codes. One rule, for
every drug or biological intervention of the bundled sample and the shared development data:

* an intervention that is no combination (no name of it joins two with "/", "+", "and",
  "with" or "plus": "iGlarLixi (insulin glargine/lixisenatide)") and whose names (its name,
  its other names, each split at ";" and "," and the bracketed names after them, with ®/™,
  doses and dose forms dropped) include exactly one generic name: a name of one to three
  words the vocabulary reads as a drug, or whose last word ends in a WHO INN stem (-mab,
  -tinib, -stat, …);
* each of its other names that is one word — a trade name (letters only, at least 5, not an
  English word, no INN stem) or a development code (letters then at least three digits:
  "JNJ-64007957", "GRN163L") — that the vocabulary, its lay tables and the Drugs@FDA table do
  not know maps to that generic name;
* a name two interventions map to different generic names is left out (a regimen's code
  written beside each of its drugs, a typo such as an other name "Pemrolizumab").
Placebo, "standard of care" and the like never pass: they are not one word, or not a drug.
"""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import msgspec
from build_vocabulary import _english_words

from trialfinder import vocabulary as medical
from trialfinder.ingest.loader import sample_paths
from trialfinder.ingest.reader import iter_records
from trialfinder.vocabulary import BrandNameTable, Source, Vocabulary, normalize_phrase

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
# The shared development records (both formats); read when present.
SHARED_PATHS = (SHARED / "ctgov_v2" / "studies_v2.jsonl", SHARED / "ctgov_legacy_xml" / "sample")
OUTPUT = ROOT / "src" / "trialfinder" / "data" / "vocabulary" / medical.REGISTRY_BRAND_FILE
DRUG_TYPES = frozenset({"DRUG", "BIOLOGICAL"})
# Common stems of International Nonproprietary Names (WHO, "The use of stems in the selection of
# International Nonproprietary Names (INN) for pharmaceutical substances", 2018): a word ending
# in one is a generic name, never a trade name.
INN_STEMS = (
    "mab",
    "cept",
    "nib",
    "lib",
    "zomib",
    "parib",
    "stat",
    "tide",
    "gliflozin",
    "gliptin",
    "glipron",
    "lidomide",
    "domide",
    "lutamide",
    "platin",
    "taxel",
    "rubicin",
    "tecan",
    "degib",
    "vir",
    "vedotin",
    "tansine",
    "sartan",
    "pril",
    "olol",
    "dipine",
    "dronate",
    "prazole",
    "relix",
    "kinra",
    "siran",
    "ase",
)
# A development code: letters, an optional hyphen or space, at least three digits, then maybe
# letters ("JNJ-64007957", "GRN163L", "MEDI4736", "DS-8201a").
_CODE = re.compile(r"^[a-z]{1,6}[- ]?\d{3,}[a-z]{0,2}$", re.IGNORECASE)
# A name joining two drugs: the intervention is a combination, whose other names name it whole.
_COMBINATION = re.compile(r"[/+&]|\b(?:and|with|plus)\b", re.IGNORECASE)
_MARKS = re.compile(r"[®™©]")
_BRACKETED = re.compile(r"\(([^()]*)\)")
# A dose and what follows it ("200 mg", "108 mcg per actuation"), and dose-form words.
_DOSE = re.compile(r"\s\d[\d.,]*\s*(?:mg|mcg|µg|g|ml|iu|units?|%)\b.*$", re.IGNORECASE)
FORM_WORDS = frozenset(
    {"injection", "infusion", "tablet", "tablets", "capsule", "capsules", "oral", "iv", "sc"}
)
MAX_GENERIC_WORDS = 3
MIN_TRADE_NAME = 5
SOURCE = Source(
    name="ClinicalTrials.gov study records (drug interventions' other names)",
    repository="https://clinicaltrials.gov",
    path=(
        "the bundled sample (src/trialfinder/data/sample) and shared/data/ctgov_v2, "
        "shared/data/ctgov_legacy_xml"
    ),
    commit="",
    licence=(
        "public domain: ClinicalTrials.gov data of the U.S. National Library of Medicine "
        "(https://clinicaltrials.gov/about-site/terms-conditions); only data values are taken"
    ),
    version="records as the bundled sample and shared/data hold them (updated 2023-2026)",
    note="trade names and development codes the vocabulary lacks, with their generic names",
)
METHOD = (
    "a drug intervention, no combination, naming exactly one generic name "
    "(read as a drug by the vocabulary, or ending in a WHO INN stem): its one-word other "
    "names that are trade names (letters only, "
    "not English, no INN stem) or development codes, unknown to the vocabulary and the "
    "Drugs@FDA table, mapped to it; names two interventions map apart are left out"
)


def _names(written: str) -> Iterator[str]:
    """The names one registry string gives, normalised: split at ";" and ",", each head and the
    names in brackets after it apart, marks, doses and dose forms dropped
    ("Datopotamab deruxtecan (Dato-DXd, DS-1062a)" → "datopotamab deruxtecan", "dato dxd",
    "ds 8201a")."""
    text = _MARKS.sub("", written)
    parts = [_BRACKETED.sub(" ", text), *_BRACKETED.findall(text)]
    for part in parts:
        for piece in re.split(r"[;,]", part):
            words = normalize_phrase(_DOSE.sub("", f" {piece.strip()}")).split()
            words = [word for word in words if word not in FORM_WORDS]
            if words:
                yield " ".join(words)


def _has_stem(word: str) -> bool:
    return len(word) > 5 and word.endswith(INN_STEMS)


def _is_generic(name: str, vocabulary: Vocabulary) -> bool:
    """A generic drug name: one to three words the vocabulary reads as a drug (a MeSH chemical,
    tree D) or whose last word ends in an INN stem."""
    words = name.split()
    if not words or len(words) > MAX_GENERIC_WORDS or any(char.isdigit() for char in name):
        return False
    if _has_stem(words[-1]):
        return True
    return any(
        any(number.startswith("D") for number in reading.concept.tree_numbers)
        for reading in vocabulary.lookup(name)
    )


def _is_alias(name: str, english: frozenset[str]) -> bool:
    """A one-word trade name or a development code (module docstring)."""
    if _CODE.match(name):
        return True
    return (
        " " not in name
        and name.isalpha()
        and len(name) >= MIN_TRADE_NAME
        and name not in english
        and not _has_stem(name)
    )


def registry_brands(paths: Iterable[Path], vocabulary: Vocabulary) -> dict[str, str]:
    """Trade name or code → generic name, read off the records' drug interventions."""
    english = _english_words()
    fda = medical._brand_table().names
    found: dict[str, set[str]] = {}
    for record in iter_records(paths):
        for intervention in record.trial.interventions if record.trial else ():
            written = (intervention.name, *intervention.other_names)
            if (intervention.type or "").upper() not in DRUG_TYPES or any(
                _COMBINATION.search(text) for text in written
            ):
                continue
            names = {name for text in written for name in _names(text)}
            generics = {name for name in names if _is_generic(name, vocabulary)}
            if len(generics) != 1:
                continue
            generic = next(iter(generics))
            for name in names - generics:
                if (
                    _is_alias(name, english)
                    and name not in fda
                    and not vocabulary.lookup(name)
                    and not vocabulary.body_part(name)
                    and not vocabulary.lay_phenotype(name)
                    and not vocabulary.organ_process(name)
                ):
                    found.setdefault(name, set()).add(generic)
    return {name: next(iter(names)) for name, names in sorted(found.items()) if len(names) == 1}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    arguments = parser.parse_args()
    paths = [*sample_paths(), *(path for path in SHARED_PATHS if path.exists())]
    names = registry_brands(paths, medical.load_vocabulary())
    table = BrandNameTable(source=SOURCE, method=METHOD, names=names)
    arguments.output.write_bytes(msgspec.json.format(msgspec.json.encode(table), indent=1) + b"\n")
    print(f"{len(table.names):,} trade names and codes for {len(set(names.values())):,} generics")


if __name__ == "__main__":
    main()
