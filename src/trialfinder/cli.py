"""The ``trialfinder`` command: a thin click wrapper over the library.

Commands parse options, call one library function and print its result; any
logic worth testing lives in the library modules.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

import click
import msgspec

from trialfinder import __version__
from trialfinder.display import render_trial_text
from trialfinder.ingest import IngestSummary, UnreadableInput, ingest_paths, sample_paths
from trialfinder.ingest.reader import count_records_hint
from trialfinder.store import Store, default_db, open_store

__all__ = ["main"]

FORMAT_OPTION = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Output format.",
)


F = TypeVar("F", bound=Callable[..., object])


def db_option(function: F) -> F:
    """``--db``: the store every command reads or writes."""
    return click.option(
        "--db",
        "db",
        default=None,
        metavar="PATH|URL",
        help="SQLite file or postgresql:// URL [default: $TRIALFINDER_DB or ./trialfinder.db]",
    )(function)


@contextmanager
def opened_store(db: str | None) -> Iterator[Store]:
    try:
        store = open_store(db or default_db())
    except Exception as error:  # any driver's connection error, shown without a traceback
        raise click.ClickException(f"cannot open the store {db or default_db()}: {error}") from error
    try:
        yield store
    finally:
        store.close()


def echo_json(value: object) -> None:
    click.echo(msgspec.json.format(msgspec.json.encode(value), indent=2).decode())


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="trialfinder")
def main() -> None:
    """Find clinical trials and pre-screen patients against their eligibility criteria."""


def _print_summary(summary: IngestSummary, output_format: str) -> None:
    if output_format == "json":
        echo_json(
            {
                "read": summary.read,
                "ingested": summary.ingested,
                "inserted": summary.inserted,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "skipped": len(summary.skipped),
                "skip_reasons": summary.skip_reasons(),
                "skipped_records": [
                    {"where": item.where, "reason": item.reason} for item in summary.skipped
                ],
            }
        )
        return
    click.echo(
        f"Read {summary.read} records: ingested {summary.ingested} "
        f"({summary.inserted} new, {summary.updated} updated), "
        f"unchanged {summary.unchanged}, skipped {len(summary.skipped)}."
    )
    for item in summary.skipped:
        click.echo(f"  skipped {item.where}: {item.reason}", err=True)


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--sample", is_flag=True, help="Load the sample trials bundled with trialfinder.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--batch-size", default=500, show_default=True, help="Trials per transaction.")
@FORMAT_OPTION
@db_option
def ingest(
    paths: tuple[Path, ...],
    sample: bool,
    quiet: bool,
    batch_size: int,
    output_format: str,
    db: str | None,
) -> None:
    """Load API v2 JSON, JSON lines, search pages, legacy XML, directories or zips.

    Records are upserted by NCT id (a newer last-update date wins). Malformed
    records are reported and skipped; the rest of the batch lands.
    """
    inputs: list[Path] = [*paths, *(sample_paths() if sample else [])]
    if not inputs:
        raise click.UsageError("give one or more PATHS, or --sample")
    show_progress = not quiet and sys.stderr.isatty()
    with opened_store(db) as store:
        try:
            if show_progress:
                from tqdm import tqdm

                with tqdm(
                    total=count_records_hint(inputs), unit="study", file=sys.stderr
                ) as bar:
                    summary = ingest_paths(store, inputs, batch_size=batch_size, progress=bar.update)
            else:
                summary = ingest_paths(store, inputs, batch_size=batch_size)
        except UnreadableInput as error:
            raise click.ClickException(str(error)) from error
    _print_summary(summary, output_format)


@main.command()
@FORMAT_OPTION
@db_option
def stats(output_format: str, db: str | None) -> None:
    """Counts of trials: total, by status, by study type, by source, newest update."""
    with opened_store(db) as store:
        result = store.stats()
    if output_format == "json":
        echo_json(result)
        return
    click.echo(f"Trials: {result.total}")
    click.echo(f"Last updated: {result.last_updated or 'n/a'}")
    for title, counts in (
        ("By status", result.by_status),
        ("By study type", result.by_study_type),
        ("By source", result.by_source),
    ):
        click.echo(f"{title}:")
        for key, count in counts.items():
            click.echo(f"  {key}: {count}")


@main.command()
@click.argument("nct_id")
@FORMAT_OPTION
@db_option
def show(nct_id: str, output_format: str, db: str | None) -> None:
    """Show one trial in full, section by section."""
    with opened_store(db) as store:
        trial = store.get_trial(nct_id)
    if trial is None:
        raise click.ClickException(f"no trial {nct_id!r} in the store (try 'trialfinder search')")
    if output_format == "json":
        echo_json(trial)
    else:
        click.echo(render_trial_text(trial))
