"""Criteria on a tumour's oncogenic driver alterations, judged against the genes a note's tests
cover: "Patients with oncogene driver mutations", "Have known changes in the EGFR or ALK genes",
"documented additional validated targetable oncogenic driver mutation in genes such as EGFR,
ALK, ...".

Both the criterion and the note are read by the one marker reader
(:mod:`trialfinder.marker_status`), so "EGFR, ALK and ROS1 negative" means the same on both
sides. A criterion naming its genes is not met when the note's results deny every one of them;
a criterion asking any driver (its genes only examples) is not met when the note's negative
panel covers the usual panel and states no other alteration. A positive gene meets it (a
sensitizing variant where the criterion asks one); an untested gene, or a less specific fact,
stays unknown. The words of such a criterion, the genes judged and the usual panel are data
(``data/criteria/driver_alterations.json``, sources in its description).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from importlib import resources

import msgspec

from trialfinder.disease_state_rules import disease_state_rules
from trialfinder.judging.findings import Outcome, Truth
from trialfinder.marker_requirements import variant_after, variant_kind
from trialfinder.marker_status import marker_statuses, markers_named, variants_denied
from trialfinder.phrases import phrase_alternation

__all__ = ["DriverAsk", "asked_drivers", "driver_alterations"]

_VARIANT = r"[a-z][0-9]{1,4}[a-z]"


class DriverRules(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``data/criteria/driver_alterations.json``."""

    version: str
    description: str
    alteration_words: list[str]
    driver_words: list[str]
    example_leads: list[str]
    co_words: list[str]
    treatment_words: list[str]
    genes: list[str]
    any_driver_genes: list[str]
    usual_panel: list[str]
    co_panel_more: int


class DriverAsk(msgspec.Struct, frozen=True):
    """What a criterion asks of the tumour's genes: an alteration of one of ``genes`` (or of
    any driver), or, with ``absent``, none; ``co`` sets the trial's own driver aside."""

    genes: tuple[str, ...]
    any_driver: bool
    co: bool
    absent: bool
    sensitizing: bool
    # "BRAF (V600E)": the protein change asked of a gene; another of the gene's does not do.
    variants: tuple[tuple[str, str], ...]

    def asked(self) -> str:
        """The requirement in a coordinator's words."""
        genes = " or ".join(g.upper() for g in self.genes)
        named = "any targetable driver" if self.any_driver else genes
        extra = "another gene than the trial's own: " if self.co else ""
        return f"{extra}{named} {'not ' if self.absent else ''}altered"


@functools.cache
def _rules() -> DriverRules:
    """The rules, validated: the genes judged are genes the marker reader knows."""
    path = resources.files("trialfinder") / "data" / "criteria" / "driver_alterations.json"
    rules = msgspec.json.decode(path.read_bytes(), type=DriverRules)
    unknown = sorted({*rules.usual_panel, *rules.any_driver_genes} - set(rules.genes))
    if unknown:
        raise ValueError(f"driver_alterations.json: panel genes not among the genes {unknown}")
    return rules


@functools.cache
def _pattern(field: str) -> re.Pattern[str]:
    words: list[str] = getattr(_rules(), field)
    return re.compile(rf"(?<![a-z0-9])(?:{phrase_alternation(words)})(?![a-z0-9])")


@functools.cache
def _absence() -> re.Pattern[str]:
    leads = phrase_alternation(disease_state_rules().absence_leads)
    return re.compile(rf"^\s*(?:{leads})(?![a-z0-9])")


@functools.lru_cache(maxsize=65_536)
def asked_drivers(criterion_text: str) -> DriverAsk | None:
    """The driver alteration a criterion asks, or None when it asks none, asks a result the
    marker reader settles (a wild-type or negative status), or is about treatment."""
    lowered = criterion_text.lower()
    if not _pattern("alteration_words").search(lowered):
        return None
    if _pattern("treatment_words").search(lowered):
        return None
    if "negative" in marker_statuses(criterion_text, denials=False).values():
        return None
    rules = _rules()
    named = markers_named(lowered)
    genes = tuple(m for m in named if m in rules.genes)
    driver = _pattern("driver_words").search(lowered) is not None
    any_driver = driver and (not genes or _pattern("example_leads").search(lowered) is not None)
    if not any_driver and (not genes or len(genes) < len(named)):
        return None  # a gene this reader does not judge (HER2's overexpression)
    sensitizing = bool(
        re.search(r"(?<![a-z0-9])(?:sensitiv|sensitiz|sensitis|activating)", lowered)
    )
    variants = tuple(
        (gene, found.group(1))
        for gene in genes
        if (found := re.search(rf"(?<![a-z0-9]){gene}\s*\(?\s*({_VARIANT})(?![a-z0-9])", lowered))
    )
    return DriverAsk(
        genes,
        any_driver,
        _pattern("co_words").search(lowered) is not None,
        _absence().search(lowered) is not None,
        sensitizing,
        variants,
    )


def _qualifies(ask: DriverAsk, gene: str, note: str) -> bool:
    """Whether a gene the note states altered is the alteration asked (its variant named)."""
    sensitizing = disease_state_rules().sensitizing_variants
    if ask.sensitizing and gene in sensitizing and variant_kind(note, gene) != "sensitizing":
        return False
    asked_variant = dict(ask.variants).get(gene)
    return asked_variant is None or variant_after(note, gene) == asked_variant


def _altered(ask: DriverAsk, note_sentences: Sequence[str]) -> tuple[Truth, str]:
    """Whether the note states the tumour altered as asked, and why."""
    rules = _rules()
    note = " . ".join(note_sentences).lower()
    found = marker_statuses(note)
    altered = [m for m in rules.genes if found.get(m) == "positive"]
    if ask.co:
        if len(altered) > 1:
            listed = ", ".join(m.upper() for m in altered)
            return "unknown", f"the note states {listed} altered; which is the trial's own is open"
        altered = []  # the one altered gene is the trial's own driver
    counted = set(ask.genes) | (set(rules.any_driver_genes) if ask.any_driver else set())
    asked = [m for m in altered if m in counted]
    if any(_qualifies(ask, gene, note) for gene in asked):
        named = ", ".join(m.upper() for m in asked)
        return "true", f"the note states {named} altered"
    if asked:
        named = ", ".join(m.upper() for m in asked)
        return "unknown", f"the note states {named} altered without the variant asked"
    covered = list(rules.usual_panel) if ask.any_driver else list(ask.genes)
    # "no EGFR T790M mutation" denies the gene only for a criterion asking that variant.
    asked_variants = dict(ask.variants)
    tested = variants_denied(note)
    negatives = [
        m
        for m in rules.genes
        if found.get(m) == "negative" and (m not in tested or asked_variants.get(m) in tested[m])
    ]
    if ask.any_driver and altered:
        listed = ", ".join(m.upper() for m in altered)
        return "unknown", f"the note states {listed} altered"
    wide = len(rules.usual_panel) + rules.co_panel_more
    if ask.co and ask.any_driver and len(negatives) < wide:
        listed = ", ".join(m.upper() for m in negatives) or "no gene"
        return "unknown", f"the note's panel ({listed}) may leave out the other drivers asked"
    if all(m in negatives for m in covered):
        listed = ", ".join(m.upper() for m in negatives)
        return "false", f"the note states {listed} negative"
    untested = ", ".join(m.upper() for m in covered if m not in negatives)
    return "unknown", f"the note gives no {untested} result"


def driver_alterations(criterion_text: str, note_sentences: Sequence[str]) -> Outcome | None:
    """A driver-alteration criterion against the note's marker results, or None when the
    criterion asks none or the note does not settle it."""
    ask = asked_drivers(criterion_text)
    if ask is None:
        return None
    truth, reason = _altered(ask, note_sentences)
    if truth == "unknown":
        return None
    holds = (truth == "true") != ask.absent
    return ("met" if holds else "not_met"), None, f"{reason}; the criterion asks {ask.asked()}"
