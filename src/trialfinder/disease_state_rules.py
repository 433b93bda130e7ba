"""The validated words of disease state: ``data/criteria/disease_state.json``.

Three readers settle a criterion on the state of the patient's disease (tumour-marker
results, the response to treatment, the WHO stage of HIV); their words are one data file,
decoded and checked here once, so a typo in a category or a stage list fails loudly at load
rather than reading nothing. Sources are in ``docs/criteria.md``.
"""

from __future__ import annotations

import functools
from importlib import resources

import msgspec

__all__ = ["DiseaseStateRules", "HivStageWords", "ResponseWords", "disease_state_rules"]


class ResponseWords(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Response categories best first and how each is written."""

    order: tuple[str, ...]
    # Case-insensitive full names ("very good partial response").
    names: dict[str, tuple[str, ...]]
    # Abbreviations a note may use, case kept: only those no other note word shares.
    abbreviations: dict[str, tuple[str, ...]]
    # Abbreviations a criterion may use before "or better" ("PR or better").
    criterion_abbreviations: dict[str, tuple[str, ...]]
    better_words: tuple[str, ...]
    # Words shortly before a category that deny it ("was not a minimal response or better").
    negation_words: tuple[str, ...]
    # Words making a criterion ask the best response to a prior therapy.
    prior_words: tuple[str, ...]
    progression_words: tuple[str, ...]


class HivStageWords(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """How a criterion and a note write the WHO clinical stage of HIV."""

    description: str
    # The words before a criterion's stage list ("Stadium I, II").
    stage_words: tuple[str, ...]
    # The words before a note's stage ("WHO clinical stage I").
    note_words: tuple[str, ...]
    infection: str


class DiseaseStateRules(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``data/criteria/disease_state.json``, each section's meaning in its description."""

    version: str
    description: str
    # Words that, leading a criterion, deny every marker named after them.
    absence_leads: tuple[str, ...]
    # Words that make a criterion's markers other than one plain requirement.
    open_words: tuple[str, ...]
    framing_words: tuple[str, ...]
    # Words grading an expression marker's level ("PD-L1-high"), which its positive does not say.
    level_words: tuple[str, ...]
    sensitizing_words: tuple[str, ...]
    # Words after a marker a criterion asks only a result of ("known PD-L1 expression").
    known_result_words: tuple[str, ...]
    # Per gene, the variants that make a mutation sensitizing, and those that do not.
    sensitizing_variants: dict[str, tuple[str, ...]]
    insensitive_variants: dict[str, tuple[str, ...]]
    response: ResponseWords
    hiv_stage: HivStageWords


@functools.cache
def disease_state_rules() -> DiseaseStateRules:
    """The rules, validated: every response category named is one of the order's."""
    path = resources.files("trialfinder") / "data" / "criteria" / "disease_state.json"
    rules = msgspec.json.decode(path.read_bytes(), type=DiseaseStateRules)
    response = rules.response
    named = {*response.names, *response.abbreviations, *response.criterion_abbreviations}
    unknown = sorted(named - set(response.order))
    if unknown:
        raise ValueError(f"disease_state.json: response categories not in the order {unknown}")
    return rules
