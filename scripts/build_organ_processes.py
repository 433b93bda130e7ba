"""Build the packaged organ-process table (src/trialfinder/data/vocabulary/organ_processes.json).

    PYTHONPATH=src .venv/bin/python scripts/build_organ_processes.py [--output ...]

Run by hand when the vocabulary or the lay anatomy table changes; the output is committed.

Why: people name what is happening to an organ in everyday words ("lung scarring", "liver
scarring", "heart swelling", "windpipe narrowing"), where MeSH names the disease with the
organ's word and the clinical word for the process (*Pulmonary Fibrosis*, whose names include
"fibrosis of lung"; *Liver Cirrhosis*, "liver fibrosis"; *Cardiomegaly*, "heart enlargement";
*Tracheal Stenosis*). The table is read off MeSH itself by one rule, for every descriptor alike:

* a disease descriptor (C, F03) has a MeSH name that is an organ's name and one clinical
  process word (PROCESS_WORDS' values), joined as "<organ> <word>", "<word> <organ>",
  "<word> of <organ>" or "<word> of the <organ>", where the organ part is a MeSH name of one
  anatomy descriptor (A branch);
* the disease lies under that organ's disease branch: a disease descriptor MeSH names
  "<organ> diseases" (or "<organ> disease") for a name of the organ or of a broader anatomy
  descriptor above it (*Pulmonary Fibrosis* under *Lung Diseases*, *Cardiomegaly* under
  *Heart Diseases*); an organ without one yields nothing;
* its terms are the organ's names (its one-word MeSH names, its longer ones as the
  disease's names write them, and the lay anatomy table's) with each lay process
  word whose clinical words include that word, as "<organ> <lay word>", "<lay word> of
  <organ>" and "<lay word> of the <organ>";
* a term is kept only when the vocabulary and the lay tables do not know it already, it has at
  most MAX_PHRASE_WORDS words, and every pairing that yields it names the same descriptor.

PROCESS_WORDS is the rule's one hand-written part: the six everyday process words people use
and the clinical words clinicians write for them (scarring is fibrosis or cirrhosis, hardening
is sclerosis, swelling is oedema or enlargement, narrowing is stenosis or stricture, failure is
insufficiency). It names no organ and no disease; every pairing comes from MeSH's own names.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

import msgspec
from build_lay_anatomy import write_lay_table

from trialfinder import vocabulary as medical
from trialfinder.vocabulary import LayTermTable, Source, Vocabulary, load_vocabulary

ROOT = Path(__file__).resolve().parents[1]
OUTPUT = ROOT / "src" / "trialfinder" / "data" / "vocabulary" / medical.ORGAN_PROCESS_FILE
# Everyday process word → the clinical words MeSH's disease names use for it.
PROCESS_WORDS: dict[str, tuple[str, ...]] = {
    "scarring": ("fibrosis", "cirrhosis", "scarring"),
    "hardening": ("sclerosis", "hardening"),
    "swelling": ("edema", "oedema", "enlargement", "swelling"),
    "inflammation": ("inflammation",),
    "failure": ("failure", "insufficiency"),
    "narrowing": ("stenosis", "stricture", "narrowing"),
}
SOURCE = Source(
    name="MeSH 2024 descriptor names and tree numbers (as held by the packaged vocabulary)",
    repository="https://github.com/jaytimm/mesh-resources",
    path="data/data_mesh_thesaurus.rds, data/data_mesh_trees.rds",
    commit="c72a6a58891156b8ecbe8df97b7142daf1e2b1c9",
    licence=(
        "NLM MeSH: produced by the U.S. National Library of Medicine, free to use under the NLM"
        " Terms and Conditions (https://www.nlm.nih.gov/databases/download/"
        "terms_and_conditions_mesh.html)"
    ),
    version="desc2024, mtrees2024",
    note="organ names also from the packaged lay anatomy table (Uberon, CC BY 3.0)",
)
METHOD = (
    "disease descriptors under an organ's '<organ> diseases' branch with a MeSH name pairing one"
    " of the organ's names with a clinical process word, read with the everyday process word"
    " (scripts/build_organ_processes.py)"
)
_ANATOMY_BRANCH = "A"


def _anatomy(vocabulary: Vocabulary, phrase: str) -> str:
    """The one anatomy descriptor a phrase is a MeSH name of, or ""."""
    found = {
        reading.concept.id
        for reading in vocabulary.lookup(phrase)
        if reading.kind in ("preferred", "entry")
        and any(number.startswith(_ANATOMY_BRANCH) for number in reading.concept.tree_numbers)
    }
    return next(iter(found)) if len(found) == 1 else ""


def _disease_branches(vocabulary: Vocabulary, organ_id: str) -> set[str]:
    """The organ's disease descriptors: "<name> diseases" of it or a broader anatomy part."""
    organs = (organ_id, *(concept.id for concept in vocabulary.ancestors(organ_id)))
    return {
        reading.concept.id
        for organ in organs
        for name in vocabulary.synonyms(organ)
        for phrase in (f"{name} diseases", f"{name} disease")
        for reading in vocabulary.lookup(phrase)
        if reading.kind in ("preferred", "entry") and reading.concept.names_a_disease()
    }


def _organ_part(name: str, clinical: str) -> str:
    """The organ part of a disease name built from one clinical process word, or ""."""
    words = name.split()
    if clinical not in words or words.count(clinical) != 1:
        return ""
    at = words.index(clinical)
    if at == 0 and words[1:3] == ["of", "the"]:
        return " ".join(words[3:])
    if at == 0 and words[1:2] == ["of"]:
        return " ".join(words[2:])
    if at == 0 or at == len(words) - 1:
        return " ".join(words[:at] + words[at + 1 :])
    return ""


def _organ_names(
    vocabulary: Vocabulary, organ_id: str, diseases: set[str], lay: dict[str, list[str]]
) -> list[str]:
    """The organ's one-word MeSH names, its longer MeSH names as the diseases' own names
    write them ("aortic valve", not the inverted heading "valve aortic" nor an anatomist's
    "valva aortae"), and its lay anatomy terms."""
    disease_names = " | ".join(name for d in diseases for name in vocabulary.synonyms(d))
    mesh = [
        name
        for name in vocabulary.synonyms(organ_id)
        if " " not in name or f" {name} " in f" {disease_names} "
    ]
    return [*mesh, *lay.get(organ_id, [])]


def pairings(vocabulary: Vocabulary, diseases: Iterable[str]) -> dict[tuple[str, str], set[str]]:
    """(organ id, lay process word) → the disease descriptors MeSH names with them."""
    found: dict[tuple[str, str], set[str]] = {}
    for disease_id in diseases:
        for name in vocabulary.synonyms(disease_id):
            for lay_word, clinical_words in PROCESS_WORDS.items():
                for clinical in clinical_words:
                    part = _organ_part(name, clinical)
                    organ_id = _anatomy(vocabulary, part) if part else ""
                    if not organ_id:
                        continue
                    branches = _disease_branches(vocabulary, organ_id)
                    if any(vocabulary.is_a(disease_id, branch) for branch in branches):
                        found.setdefault((organ_id, lay_word), set()).add(disease_id)
    return found


def _known(vocabulary: Vocabulary, term: str) -> bool:
    """Whether the vocabulary or a lay table already reads the term."""
    return bool(
        vocabulary.lookup(term) or vocabulary.body_part(term) or vocabulary.lay_phenotype(term)
    )


def organ_process_terms(vocabulary: Vocabulary) -> dict[str, str]:
    """Normalised everyday term → descriptor id, by the rule in the module docstring."""
    data = resources.files("trialfinder").joinpath("data", "vocabulary")
    anatomy = msgspec.json.decode(
        data.joinpath(medical.LAY_ANATOMY_FILE).read_bytes(), type=LayTermTable
    )
    lay: dict[str, list[str]] = {}
    for term, descriptor_id in anatomy.terms.items():
        lay.setdefault(descriptor_id, []).append(term)
    rows = medical.read_vocabulary_file(data.joinpath(medical.DATA_FILE).read_bytes()).descriptors
    diseases = [
        row.id
        for row in rows
        if (concept := vocabulary.concept(row.id)) is not None and concept.names_a_disease()
    ]
    leads: dict[str, set[str]] = {}
    for (organ_id, lay_word), found in pairings(vocabulary, dict.fromkeys(diseases)).items():
        for organ in _organ_names(vocabulary, organ_id, found, lay):
            for text in (
                f"{organ} {lay_word}",
                f"{lay_word} of {organ}",
                f"{lay_word} of the {organ}",
            ):
                term = medical.normalize_phrase(text)
                leads.setdefault(term, set()).update(found)
    return {
        term: next(iter(descriptors))
        for term, descriptors in sorted(leads.items())
        if len(descriptors) == 1
        and len(term.split()) <= medical.MAX_PHRASE_WORDS
        and not _known(vocabulary, term)
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    arguments = parser.parse_args()
    terms = organ_process_terms(load_vocabulary())
    write_lay_table(arguments.output, LayTermTable(source=SOURCE, method=METHOD, terms=terms))


if __name__ == "__main__":
    main()
