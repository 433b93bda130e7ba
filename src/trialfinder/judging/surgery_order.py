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

__all__ = ["Order", "asked_given", "asked_order", "noted_order"]

Order = Literal["before", "after"]
_ORDERS: tuple[Order, ...] = ("before", "after")
# "no neoadjuvant tx": a cue a denial stands right before says nothing.
_DENIED = re.compile(r"\b(?:no|not|without)\s+(?:[\w-]+\s+)?$", re.IGNORECASE)


@functools.cache
def _pattern(order: Order, *, note: bool) -> re.Pattern[str]:
    """A criterion's side word, an optional qualifier and its operation ("prior to
    surgery", "after curative surgery") right after the treatment, or an adverb
    ("postoperatively"); a note's cue anywhere in the sentence, or its side word up to two
    words before an operation ("after radical prostatectomy", "then a mastectomy")."""
    rules = load_screening_rules()
    if note:
        cues = rules.surgery_order_note_cues.get(order, [])
        words = rules.surgery_order_note_words.get(order, [])
        between = r"(?:[\w+-]+\s+){0,2}?"
        operations = rules.surgery_order_note_operations
        start = r"(?<![\w-])"
    else:
        cues = rules.surgery_order_criterion_adverbs.get(order, [])
        words = rules.surgery_order_criterion_words.get(order, [])
        between = rf"(?:(?:{phrase_alternation(rules.surgery_order_operation_qualifiers)})\s+)?"
        operations = rules.surgery_order_operations
        start = r"^[\s,(]*(?:[\w-]+\s+){0,2}?"
    return re.compile(
        rf"{start}(?:{phrase_alternation(cues)}|(?:{phrase_alternation(words)})\s+{between}"
        rf"(?:{phrase_alternation(operations)}))(?![\w-])",
        re.IGNORECASE,
    )


def asked_order(after_treatment: str) -> tuple[Order, int] | None:
    """The side of an operation the words right after a criterion's treatment ask for
    ("prior to surgery", "after curative surgery", "postoperatively"), with where those
    words end (the operation named there places the treatment); None: no side."""
    for order in _ORDERS:
        found = _pattern(order, note=False).search(after_treatment)
        if found is not None:
            return order, found.end()
    return None


@functools.cache
def _given_before() -> re.Pattern[str]:
    words = load_screening_rules().surgery_order_given_words
    return re.compile(
        rf"(?<![\w-])(?:{phrase_alternation(words) or '(?!)'})\s+(?:[\w-]+\s+){{0,2}}$",
        re.IGNORECASE,
    )


def asked_given(before_treatment: str) -> bool:
    """Whether the words right before a criterion's treatment ask for it as given
    ("Patients receiving entire chemotherapy prior to surgery"), not as a need ("requiring
    radiotherapy after curative surgery"): then the operation after it only places it."""
    return _given_before().search(before_treatment) is not None


def noted_order(sentence: str) -> Order | None:
    """The side of an operation a note's sentence puts its treatment on ("neoadjuvant",
    "adjuvant", "after radical prostatectomy", "to the prostate bed"); None when it gives
    none, or both."""
    stated = {
        order
        for order in _ORDERS
        for found in _pattern(order, note=True).finditer(sentence)
        if not _DENIED.search(sentence[: found.start()])
    }
    return next(iter(stated)) if len(stated) == 1 else None
