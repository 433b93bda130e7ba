"""Which side of an operation a criterion asks a treatment on, and which side a note puts it.

"Patients receiving entire chemotherapy prior to surgery", "Patients requiring radiotherapy
after curative surgery": the order around the operation is the criterion's point, and a note
that names the treatment without it (or with the other order: "surgery first … adjuvant
chemo") does not answer it. One reader reads both sides; the cues are data
(``surgery_order_*`` in ``data/screening_rules.json``).
"""

from __future__ import annotations

import functools
import re
from typing import Literal

from trialfinder.criteria.lexicon import phrase_alternation
from trialfinder.patient import load_screening_rules

__all__ = ["Order", "asked_order", "noted_order"]

Order = Literal["before", "after"]
_ORDERS: tuple[Order, ...] = ("before", "after")
# "no neoadjuvant tx": a cue a denial stands right before says nothing.
_DENIED = re.compile(r"\b(?:no|not|without)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)


@functools.cache
def _criterion_pattern(order: Order) -> re.Pattern[str]:
    rules = load_screening_rules()
    words = phrase_alternation(rules.surgery_order_criterion_words.get(order, []))
    adverbs = phrase_alternation(rules.surgery_order_criterion_adverbs.get(order, []))
    qualifiers = phrase_alternation(rules.surgery_order_operation_qualifiers)
    operations = phrase_alternation(rules.surgery_order_operations)
    return re.compile(
        rf"^[\s,(]*(?:[\w-]+\s+){{0,2}}?(?:(?:{words})\s+(?:(?:{qualifiers})\s+)?"
        rf"(?:{operations})|(?:{adverbs}))(?![\w-])",
        re.IGNORECASE,
    )


@functools.cache
def _note_pattern(order: Order) -> re.Pattern[str]:
    rules = load_screening_rules()
    cues = phrase_alternation(rules.surgery_order_note_cues.get(order, []))
    words = phrase_alternation(rules.surgery_order_note_words.get(order, []))
    operations = phrase_alternation(rules.surgery_order_note_operations)
    return re.compile(
        rf"(?<![\w-])(?:{cues}|(?:{words})\s+(?:[\w+-]+\s+){{0,2}}?(?:{operations}))(?![\w-])",
        re.IGNORECASE,
    )


def asked_order(after_treatment: str) -> tuple[Order, int] | None:
    """The side of an operation the words right after a criterion's treatment ask for
    ("prior to surgery", "after curative surgery", "postoperatively"), with where those
    words end (the operation named there places the treatment); None: no side."""
    for order in _ORDERS:
        found = _criterion_pattern(order).search(after_treatment)
        if found is not None:
            return order, found.end()
    return None


def noted_order(sentence: str) -> Order | None:
    """The side of an operation a note's sentence puts its treatment on ("neoadjuvant",
    "adjuvant", "after radical prostatectomy", "to the prostate bed"); None when it gives
    none, or both."""
    stated = {
        order
        for order in _ORDERS
        for found in _note_pattern(order).finditer(sentence)
        if not _DENIED.search(sentence[: found.start()])
    }
    return next(iter(stated)) if len(stated) == 1 else None
