"""A disease named as the drugs that treat it: "Parkinson's drug", "HIV medication".

Criteria list prohibited medicines by the disease they treat ("Use of medications that
could influence the result (…, Parkinson's drug, dementia drug)", "diabetes medicines").
Read as the disease, such a criterion asks the patient to have it, so a patient with
Parkinson's disease and no Parkinson's drug would be excluded. The words that turn a
disease into its drugs are data (``disease_drug_heads`` in ``cues.json``); the criterion
reader does not read the disease there. Which drugs treat the disease is data too
(``disease_drugs.json``: a disease and the ``concepts.json`` drug families, each from a
MeSH pharmacological action), so the criterion asks for the family and the judge compares
it with the note's drugs ("levodopa is an antiparkinson agent"); a disease with no family
there is left to the study team.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import msgspec

from trialfinder.criteria.lexicon import load_lexicon, phrase_alternation
from trialfinder.criteria.tables import DiseaseDrugTable

__all__ = ["drug_class", "drug_phrase_end", "drugs_for", "load_disease_drugs", "names_its_drugs"]


@functools.cache
def _table() -> DiseaseDrugTable:
    data = resources.files("trialfinder").joinpath("data/criteria/disease_drugs.json")
    return msgspec.json.decode(data.read_bytes(), type=DiseaseDrugTable)


@functools.cache
def load_disease_drugs() -> dict[str, tuple[str, ...]]:
    """The families of each disease, validated: every disease a condition and every family a
    treatment of ``concepts.json``, each row citing its source (a class is a claim to cite)."""
    table = _table()
    concepts = load_lexicon().concepts
    found: dict[str, tuple[str, ...]] = {}
    for row in table.diseases:
        disease = concepts.get(row.disease)
        if disease is None or disease.category != "condition":
            raise ValueError(f"disease_drugs.json: {row.disease!r} is not a condition")
        wrong = [f for f in row.families if getattr(concepts.get(f), "category", "") != "treatment"]
        cited = row.source.strip() and row.drug_class.strip()
        if wrong or not row.families or not cited or row.disease in found:
            raise ValueError(f"disease_drugs.json: bad row for {row.disease!r} ({wrong})")
        found[row.disease] = tuple(row.families)
    return found


def drug_class(family: str) -> str | None:
    """How a reason calls a drug of ``family`` ("an antiparkinson agent"), when the family
    is one a disease's drugs are read as; None for any other family."""
    load_disease_drugs()  # validated before it is used
    return next((row.drug_class for row in _table().diseases if family in row.families), None)


def drugs_for(disease: str) -> tuple[str, ...]:
    """The drug families that treat ``disease`` (a concept id), or none when the table has
    no row for it."""
    return load_disease_drugs().get(disease, ())


@functools.cache
def _heads() -> re.Pattern[str]:
    cues = load_lexicon().cues
    heads = phrase_alternation(cues.disease_drug_heads)
    exceptions = "|".join(
        re.escape(e) for e in sorted(cues.disease_drug_head_exceptions, key=len, reverse=True)
    )
    after = rf"(?![\s-]*(?:{exceptions})\b)" if exceptions else ""
    # "Parkinson's drug", "Parkinson's disease medication", "HIV-medication", "dementia drugs".
    return re.compile(rf"(?:['’]s)?(?:\s+disease)?[\s-]+(?:{heads})\b{after}", re.IGNORECASE)


@functools.cache
def _heads_before() -> re.Pattern[str]:
    heads = "|".join(
        re.escape(h) for h in sorted(load_lexicon().cues.disease_drug_heads, key=len, reverse=True)
    )
    # "medications for epilepsy", "drugs for the treatment of hepatitis C", "medicines used
    # to treat diabetes": the head before the disease, joined by "for" or "to treat".
    return re.compile(
        rf"\b(?:{heads})\s+(?:used\s+)?(?:for\s+(?:the\s+)?(?:treatment\s+of\s+)?|to\s+treat\s+)$",
        re.IGNORECASE,
    )


def drug_phrase(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The span of the words naming the drugs of the disease at ``start``–``end``, the
    disease included ("Parkinson's drug", "medications for epilepsy"), or None."""
    match = _heads().match(text, end)
    if match:
        return start, match.end()
    before = _heads_before().search(text[max(0, start - 60) : start])
    return (start - len(before.group(0)), end) if before else None


def drug_phrase_end(text: str, end: int) -> int | None:
    """Where the word naming the drugs of the disease ending at ``end`` ends, or None."""
    match = _heads().match(text, end)
    return match.end() if match else None


def names_its_drugs(text: str, end: int, start: int | None = None) -> bool:
    """Whether the disease ending at ``end`` in ``text`` is followed by a word naming its
    drugs or, given where it starts, preceded by one ("medications for epilepsy")."""
    if start is not None:
        return drug_phrase(text, start, end) is not None
    return drug_phrase_end(text, end) is not None
