"""List the criteria lexicon's condition names that MeSH files apart from their concept.

    PYTHONPATH=src .venv/bin/python scripts/lexicon_siblings.py

Why: a note's lexicon fact keeps only its concept, so a concept that lumps sibling diseases
under one id lets one meet a criterion asking for the other ("schizoaffective disorder"
under schizophrenia met "diagnosis of schizophrenia"). The judge's narrower-disease check
(``disease_kinds.narrower_disease``) covers a name whose MeSH disease lies under the concept's own
(its first name's); a name whose disease is neither the concept's nor under it is what the
check cannot tell from a sibling. Each such name is printed with its MeSH heading, for a
person to judge: a sibling a criterion names is split into a concept of its own
(``data/criteria/concepts.json``); a symptom beside its disease or a lay synonym MeSH files
elsewhere stays.
"""

from __future__ import annotations

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.patient import is_disease
from trialfinder.vocabulary import Concept as VocabularyConcept
from trialfinder.vocabulary import Vocabulary, load_vocabulary

__all__ = ["filed_apart_names", "main"]


def _disease(vocabulary: Vocabulary, name: str) -> VocabularyConcept | None:
    """The MeSH disease a name reads to as the judge reads a criterion's words (no
    abbreviation or spelling readings, which alone may mean something else)."""
    readings = vocabulary.lookup(name)
    if readings and readings[0].kind not in ("abbreviation", "spelling"):
        concept = readings[0].concept
        return concept if is_disease(concept) else None
    return None


def filed_apart_names() -> list[tuple[str, str, list[tuple[str, str]]]]:
    """Each condition concept with a name MeSH files apart: the concept id, its own MeSH
    heading and the (name, heading) pairs that are neither that heading nor under it."""
    vocabulary = load_vocabulary()
    found: list[tuple[str, str, list[tuple[str, str]]]] = []
    for concept_id, concept in load_lexicon().concepts.items():
        if concept.category != "condition":
            continue
        headings = [(name, _disease(vocabulary, name)) for name in concept.names]
        own = next((heading for _, heading in headings if heading is not None), None)
        if own is None:
            continue
        apart = [
            (name, heading.name)
            for name, heading in headings
            if heading is not None
            and heading.id != own.id
            and not vocabulary.is_a(heading.id, own.id)
        ]
        if apart:
            found.append((concept_id, own.name, apart))
    return found


def main() -> None:
    for concept_id, own, apart in filed_apart_names():
        names = "; ".join(f"{name} = {heading}" for name, heading in apart)
        print(f"{concept_id} ({own}): {names}")


if __name__ == "__main__":
    main()
