"""A match report as terminal text (``trialfinder match``): one block per trial,
failing criteria first, and the disclaimer that the study team decides."""

from __future__ import annotations

from trialfinder.match import DISCLAIMER, MatchReport

__all__ = ["render_report_text"]

_STATUS_MARKS = {"met": "+", "not_met": "-", "unknown": "?", "not_applicable": "·"}


def render_report_text(report: MatchReport) -> str:
    """Human-readable report: one block per trial, failing criteria first."""
    lines: list[str] = []
    for result in report.results:
        lines.append(f"{result.nct_id}  {result.verdict.upper()}")
        for criterion in result.criteria:
            text = criterion.text.replace("\n", " ")
            if len(text) > 110:
                text = text[:107] + "..."
            mark = _STATUS_MARKS[criterion.status]
            lines.append(f"  {mark} [{criterion.type}] {criterion.status}: {text}")
            lines.append(f"      reason: {criterion.reason}")
            if criterion.evidence:
                lines.append(f"      evidence: {criterion.evidence}")
        lines.append("")
    if not report.results:
        lines.append("No trials matched.")
    lines.append(DISCLAIMER)
    return "\n".join(lines)
