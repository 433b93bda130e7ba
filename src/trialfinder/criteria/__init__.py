"""Eligibility criteria made computable: one clinical-text pipeline.

Stages, in order: :mod:`~trialfinder.criteria.clean` (unescape, control
characters) → :mod:`~trialfinder.criteria.sections` (inclusion/exclusion
sections, the same ones the trial page shows) → :mod:`~trialfinder.criteria.split`
(items with nesting and OR groups) → :mod:`~trialfinder.criteria.parse` (concepts,
values, time windows; :mod:`~trialfinder.criteria.context` for negation, history
and hypothetical cues, :mod:`~trialfinder.criteria.numbers` and
:mod:`~trialfinder.criteria.units` for numbers, doses and units), and
:mod:`~trialfinder.criteria.model` holds the serialisable result. Ingest calls
:func:`derive_criteria_record` once per trial and stores both records it returns:
the full parse and the small summary that matching reads first.
"""

from __future__ import annotations

# First: decides whether the stages imported below are their compiled modules or source.
from trialfinder.criteria import compiled as _compiled  # noqa: F401
from trialfinder.criteria.model import (
    CRITERIA_KIND,
    CRITERIA_SUMMARY_KIND,
    CriteriaSummary,
    Criterion,
    ParsedCriteria,
    decode_criteria,
    decode_criteria_summary,
    encode_criteria,
    encode_criteria_summary,
    summarize_criteria,
)
from trialfinder.criteria.parse import PARSER_VERSION, parse_trial_criteria
from trialfinder.model import DerivedRecord, Trial

__all__ = [
    "CRITERIA_KIND",
    "CRITERIA_SUMMARY_KIND",
    "PARSER_VERSION",
    "CriteriaSummary",
    "Criterion",
    "ParsedCriteria",
    "decode_criteria",
    "decode_criteria_summary",
    "derive_criteria_record",
    "encode_criteria",
    "encode_criteria_summary",
    "parse_trial_criteria",
    "summarize_criteria",
]


def derive_criteria_record(trial: Trial) -> list[DerivedRecord]:
    """The stored forms of a trial's parsed criteria (an ingest ``Deriver``).

    Two records of one parse and one version: the full criteria, and the
    summary (kind ``CRITERIA_SUMMARY_KIND``) that whole-store matching reads.
    """
    parsed = parse_trial_criteria(trial)
    summary = encode_criteria_summary(summarize_criteria(parsed))
    return [
        DerivedRecord(trial.nct_id, CRITERIA_KIND, PARSER_VERSION, encode_criteria(parsed)),
        DerivedRecord(trial.nct_id, CRITERIA_SUMMARY_KIND, PARSER_VERSION, summary),
    ]
