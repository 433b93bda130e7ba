"""The tumour-marker results a criterion requires, judged against the results a note states.

"Absence of sensitizing EGFR mutations and ALK and ROS1 rearrangements", "HER2-positive",
"EGFR/ALK wild-type": a criterion naming no condition the lexicon knows still settles on
the referral's marker results ("EGFR exon 19 deletion, ALK negative"). Both sides are read
by the one marker reader (:mod:`trialfinder.marker_status`), so "HER2-" means the same in the
criterion and the note; which variants make an EGFR mutation a sensitizing one, the words
that deny every marker after them, and the words a criterion may hold besides its markers
are data (``data/criteria/disease_state.json``, sources in ``docs/criteria.md``).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Literal

import msgspec

from trialfinder.criteria.lexicon import phrase_alternation
from trialfinder.disease_state_rules import disease_state_rules
from trialfinder.marker_status import (
    MarkerStatus,
    defines_by_scores,
    is_expression_marker,
    marker_statuses,
    markers_named,
    variants_denied,
    without_definitions,
    without_markers,
)

__all__ = [
    "MarkerReading",
    "MarkerRequirement",
    "marker_reading",
    "marker_requirements",
    "variant_after",
    "variant_kind",
]

Truth = Literal["true", "false", "unknown"]
# "known": any result of the marker, positive or negative ("Must have known PD-L1 expression").
Asked = Literal["positive", "negative", "known"]

_PARENTHESES = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")


class MarkerRequirement(msgspec.Struct, frozen=True):
    """One marker a criterion names, the result it asks, and whether it asks a sensitizing
    mutation (any mutation of the gene does not do)."""

    marker: str
    status: Asked
    sensitizing: bool = False
    # "KRAS G12C mutation": the protein change asked; another of the gene's does not do.
    variant: str = ""

    def asked(self) -> str:
        """The requirement in a coordinator's words."""
        name = self.marker.upper()
        if self.status == "known":
            return f"a known {name} result"
        if self.variant:
            return f"{name} {self.variant.upper()}"
        if self.sensitizing:
            kind = "a" if self.status == "positive" else "no"
            return f"{kind} sensitizing {name} mutation"
        return f"{name} {self.status}"


class MarkerReading(msgspec.Struct, frozen=True):
    """A criterion's markers against a note: the truth, the reason in a coordinator's words,
    and whether the markers are all the criterion asks (a criterion that holds more words
    is met only by those words too, so only its failure settles it)."""

    truth: Truth
    reason: str
    whole: bool
    # "with known HER2 positive status as defined as IHC 3+ or IHC 2+/ISH+": the markers are
    # the status the criterion asks outright, so their failure settles it, more words or not.
    outright: bool = False


def _phrases(words: Sequence[str]) -> re.Pattern[str]:
    return re.compile(rf"(?<![a-z0-9])(?:{phrase_alternation(words)})(?![a-z0-9])")


@functools.cache
def _patterns() -> dict[str, re.Pattern[str]]:
    rules = disease_state_rules()
    return {
        "absence": re.compile(rf"^\s*(?:{phrase_alternation(rules.absence_leads)})(?![a-z0-9])"),
        "open": _phrases(rules.open_words),
        "sensitizing": _phrases(rules.sensitizing_words),
        "known": re.compile(
            rf"(?<![a-z0-9])known\s+([^.;:]{{1,60}}?)\s+(?:{phrase_alternation(rules.known_result_words)})"
            r"(?![a-z0-9])"
        ),
        "graded": re.compile(
            rf"(?<![a-z0-9])(?:\d|(?:{phrase_alternation(rules.level_words)})(?![a-z0-9]))|%"
        ),
    }


def marker_requirements(criterion_text: str) -> tuple[list[MarkerRequirement], bool]:
    """The markers a criterion asks and whether they are all it asks; no requirement when
    the criterion names alternatives or exceptions ("HER2-positive or ER-positive",
    "unless", "status unknown") or no marker at all."""
    lowered = criterion_text.lower()
    plain = without_definitions(_PARENTHESES.sub(" ", lowered))
    patterns = _patterns()
    # The criterion's own leading absence ("No known EGFR mutation") is read below.
    statuses = marker_statuses(criterion_text, denials=False)
    opened = {found.group() for found in patterns["open"].finditer(plain)}
    known = _known_marker(lowered)
    if known is not None and not known[1]:
        # "Must have known PD-L1 expression", "known EGFR mutation status": any result.
        return _known_result(known[0], lowered, plain, opened)
    if not statuses:
        return [], False
    if opened - {"or"} or (opened and len(statuses) > 1):
        return [], False  # an alternative to the marker; one marker's "or" is its own
    if any(is_expression_marker(m) for m in statuses) and patterns["graded"].search(plain):
        return [], False  # "PD-L1-high (TC ≥ 50%)": a level, not the positive result read
    absent = patterns["absence"].search(lowered) is not None
    if absent and any(status == "negative" for status in statuses.values()):
        return [], False  # "no HER2-negative ...": a double negative is left to the team
    sensitizing = patterns["sensitizing"].search(lowered) is not None
    requirements = [
        MarkerRequirement(
            marker,
            "negative" if absent else status,
            sensitizing and marker in disease_state_rules().sensitizing_variants,
            variant_after(lowered, marker),
        )
        for marker, status in statuses.items()
    ]
    return requirements, _only_framing(plain, opened)


def _known_marker(lowered: str) -> tuple[str, bool] | None:
    """The one marker a criterion names after "known" ("known PD-L1 expression", "with known
    HER2 positive status"), and whether it states the marker's status outright ("positive")
    rather than asking only a result (the marker's name alone: "known EGFR mutation status");
    None when the words between are neither ("known HR-ve status")."""
    found = _patterns()["known"].search(lowered)
    if found is None:
        return None
    named = markers_named(found.group(1))
    if len(named) != 1:
        return None
    if named[0] in marker_statuses(found.group(1), denials=False):
        return named[0], True
    return (named[0], False) if not without_markers(found.group(1)) else None


def _known_result(
    marker: str, lowered: str, plain: str, opened: set[str]
) -> tuple[list[MarkerRequirement], bool]:
    """The marker a criterion asks only a result of ("Must have known programmed
    death-ligand 1 (PD-L1) expression"); none under an alternative or a leading absence ("no
    known HER2 status")."""
    if opened or _patterns()["absence"].search(lowered):
        return [], False
    return [MarkerRequirement(marker, "known")], _only_framing(plain, opened)


def _asked_outright(lowered: str) -> bool:
    """Whether a criterion asks its markers' status outright: after "known" ("patients with
    known bcr-abl positive disease") or defined by scores ("HER2 positive status as defined as
    IHC 3+ or IHC 2+/ISH+")."""
    known = _known_marker(lowered)
    return (known is not None and known[1]) or defines_by_scores(lowered)


def _only_framing(plain: str, opened: set[str]) -> bool:
    """Whether every word besides the markers and their results frames the requirement (one
    marker's "or" among them: "HER2 3+ or HER2 amplified")."""
    framing = frozenset(disease_state_rules().framing_words) | opened
    return all(word in framing for word in without_markers(plain))


def variant_after(text: str, marker: str) -> str:
    """The protein change written right after the gene's name ("kras g12c"), or ""."""
    found = re.search(
        rf"(?<![a-z0-9]){re.escape(marker)}[\s:-]+([a-z][0-9]{{1,4}}[a-z])(?![a-z0-9])", text
    )
    return "" if found is None else found.group(1)


def variant_kind(note: str, marker: str) -> Literal["sensitizing", "insensitive", ""]:
    """Whether the note names the gene's variant as a sensitizing one, an insensitive one, or
    neither, in the words right after the gene's name."""
    rules = disease_state_rules()
    sensitizing = _phrases(rules.sensitizing_variants.get(marker, []) or ["\0"])
    insensitive = _phrases(rules.insensitive_variants.get(marker, []) or ["\0"])
    kind: Literal["sensitizing", "insensitive", ""] = ""
    for found in re.finditer(rf"(?<![a-z0-9]){re.escape(marker)}(?![a-z0-9])", note):
        window = re.split(r"[,;.:]", note[found.end() : found.end() + 40], maxsplit=1)[0]
        if sensitizing.search(window):
            return "sensitizing"
        if insensitive.search(window):
            kind = "insensitive"
    return kind


def _one_truth(
    requirement: MarkerRequirement,
    note: str,
    found: dict[str, MarkerStatus],
    denied: dict[str, frozenset[str]],
) -> tuple[Truth, str]:
    stated = found.get(requirement.marker)
    name = requirement.marker.upper()
    if stated is None:
        return "unknown", f"the note gives no {name} result"
    tested = denied.get(requirement.marker, frozenset())
    if tested and requirement.variant not in tested:
        # "no EGFR T790M mutation": another variant of the gene may still be there.
        variants = " or ".join(sorted(v.upper() for v in tested))
        return "unknown", f"the note says only {name} {variants} not found"
    asked = requirement.status
    if asked == "known":
        return "true", f"the note says {name} {stated}"
    if requirement.variant and asked == "positive":
        if stated == "negative":
            return "false", f"the note says {name} negative"
        if variant_after(note, requirement.marker) == requirement.variant:
            return "true", f"the note says {name} {requirement.variant.upper()}"
        return "unknown", f"the note does not say {name} {requirement.variant.upper()}"
    if stated == "positive" and requirement.sensitizing:
        kind = variant_kind(note, requirement.marker)
        if not kind:
            return "unknown", f"the note says {name} mutated without naming the variant"
        if kind == "insensitive":
            return "unknown", f"the note's {name} variant is not a sensitizing one"
        said = f"the note's {name} variant is sensitizing"
        return ("true" if asked == "positive" else "false"), said
    said = f"the note says {name} {stated}"
    return ("true" if stated == asked else "false"), said


@functools.lru_cache(maxsize=65_536)
def _asked_markers(criterion_text: str) -> tuple[tuple[MarkerRequirement, ...], bool, bool]:
    """:func:`marker_requirements`, read once per criterion (a cohort asks it of every
    patient), and whether the criterion asks them outright."""
    requirements, whole = marker_requirements(criterion_text)
    return tuple(requirements), whole, _asked_outright(criterion_text.lower())


def marker_reading(criterion_text: str, note_sentences: Sequence[str]) -> MarkerReading | None:
    """The criterion's markers against the note's results, or None when the criterion asks
    no plain marker result. Every marker must hold; one that fails settles the criterion."""
    requirements, whole, outright = _asked_markers(criterion_text)
    if not requirements:
        return None
    note = " . ".join(note_sentences).lower()
    found = marker_statuses(note)
    denied = variants_denied(note)
    truths = [_one_truth(requirement, note, found, denied) for requirement in requirements]
    asked = ", ".join(r.asked() for r in requirements)
    failing = [reason for truth, reason in truths if truth == "false"]
    if failing:
        reason = f"{'; '.join(failing)}; the criterion asks {asked}"
        return MarkerReading("false", reason, whole, outright)
    if all(truth == "true" for truth, _ in truths):
        reasons = "; ".join(reason for _, reason in truths)
        return MarkerReading("true", f"{reasons}, as the criterion asks ({asked})", whole)
    open_reasons = "; ".join(reason for truth, reason in truths if truth == "unknown")
    return MarkerReading("unknown", f"{open_reasons}; the criterion asks {asked}", whole)
