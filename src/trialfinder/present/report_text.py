"""A match report as terminal text (``trialfinder match``): one block per trial,
failing criteria first, and the disclaimer that the study team decides."""

from __future__ import annotations

from trialfinder.match import DISCLAIMER, MatchReport, TrialResult
from trialfinder.present.outcomes import OUTCOMES, criterion_outcome
from trialfinder.present.trial import phase_label, status_label
from trialfinder.retrieval import Shortlist, ShortlistEntry

__all__ = ["render_report_text"]


def _about(result: TrialResult) -> list[str]:
    """Title, status, phases, criteria counts and nearest site, in words a person reads."""
    if not isinstance(result, ShortlistEntry):
        return []
    lines = [f"  {result.title}"] if result.title else []
    facts = [status_label(result.status), phase_label(result.phases)]
    counts = result.counts
    facts.append(
        f"criteria: {counts.met} met, {counts.not_met} not met, {counts.unknown} unknown, "
        f"{counts.not_applicable} not applicable"
    )
    lines.append("  " + " · ".join(fact for fact in facts if fact))
    site = result.nearest_site
    if site is not None:
        where = ", ".join(part for part in (site.facility, site.city, site.country) if part)
        lines.append(f"  nearest site: {where} ({site.distance_km:,.0f} km)")
    return lines


def render_report_text(report: MatchReport | Shortlist) -> str:
    """Human-readable report: one block per trial, failing criteria first."""
    lines: list[str] = []
    for result in report.results:
        lines.append(f"{result.nct_id}  {result.verdict.upper()}")
        lines.extend(_about(result))
        for criterion in result.criteria:
            text = criterion.text.replace("\n", " ")
            if len(text) > 110:
                text = text[:107] + "..."
            # The sign says what the status means for the patient: a met exclusion is "-".
            meaning = OUTCOMES[criterion_outcome(criterion.type, criterion.status)]
            status = criterion.status.replace("_", " ")
            lines.append(
                f"  {meaning.mark} [{criterion.type}] {status} ({meaning.word.lower()}): {text}"
            )
            lines.append(f"      reason: {criterion.reason}")
            if criterion.evidence:
                lines.append(f"      evidence: {criterion.evidence}")
        lines.append("")
    if not report.results:
        lines.append("No trials matched.")
    lines.append(DISCLAIMER)
    return "\n".join(lines)
