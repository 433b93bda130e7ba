"""``trialfinder match`` and ``trialfinder evaluate``: thin click commands.

Kept apart from :mod:`trialfinder.cli` so the eligibility feature can be
registered there with one ``add_command`` each; all logic is in
:mod:`trialfinder.match` and :mod:`trialfinder.evaluate`.
"""

from __future__ import annotations

from pathlib import Path

import click
import msgspec

from trialfinder.evaluate import evaluate_chia, evaluate_criteria, load_pairs
from trialfinder.match import DISCLAIMER, MatchReport, match_store
from trialfinder.patient import extract_facts, load_profile
from trialfinder.store import default_db, open_store

__all__ = ["evaluate", "match", "render_report_text"]

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


@click.command()
@click.option(
    "--patient",
    "patient_file",
    required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Patient profile JSON.",
)
@click.option("--trial", "nct_ids", multiple=True, metavar="NCTID", help="Check these trials only.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.option(
    "--limit", default=50, show_default=True, help="Ranked results to show without --trial."
)
@click.option(
    "--db", "db", default=None, metavar="PATH|URL", help="SQLite file or postgresql:// URL."
)
def match(
    patient_file: Path, nct_ids: tuple[str, ...], output_format: str, limit: int, db: str | None
) -> None:
    """Pre-screen a patient against trials, criterion by criterion."""
    try:
        profile = load_profile(patient_file.read_bytes())
    except msgspec.DecodeError as error:
        raise click.ClickException(f"invalid patient profile: {error}") from error
    patient = extract_facts(profile)
    store = open_store(db or default_db())
    try:
        report = match_store(store, patient, [n.upper() for n in nct_ids] or None, limit)
    finally:
        store.close()
    if nct_ids:
        missing = sorted({n.upper() for n in nct_ids} - {r.nct_id for r in report.results})
        for nct_id in missing:
            click.echo(f"not in the store: {nct_id}", err=True)
    if output_format == "json":
        encoded = msgspec.json.encode({"results": report.results})
        click.echo(msgspec.json.format(encoded, indent=2).decode())
    else:
        click.echo(render_report_text(report))


@click.group()
def evaluate() -> None:
    """Measure the eligibility parser against expert annotations."""


@evaluate.command("criteria")
@click.argument("annotations", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--predictions",
    "predictions_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write one JSON line per pair here.",
)
def evaluate_criteria_command(annotations: Path, predictions_path: Path | None) -> None:
    """Judge each (patient note, criterion) pair and print accuracy."""
    predictions, report = evaluate_criteria(load_pairs(annotations))
    if predictions_path is not None:
        with predictions_path.open("wb") as output:
            for prediction in predictions:
                output.write(msgspec.json.encode(prediction) + b"\n")
    click.echo(report.render())


@evaluate.command("chia")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def evaluate_chia_command(directory: Path) -> None:
    """Precision/recall of measurement values against Chia annotations."""
    click.echo(evaluate_chia(directory).render())
