"""The ``trialfinder`` command: a thin click wrapper over the library.

Commands parse options, call one library function and print its result; any
logic worth testing lives in the library modules.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

import click
import msgspec

from trialfinder import __version__
from trialfinder.ingest import IngestSummary, UnreadableInput, ingest_paths, sample_paths
from trialfinder.ingest.loader import refresh_derived
from trialfinder.ingest.reader import count_records_hint
from trialfinder.model import normalize_nct_id
from trialfinder.present.report_text import render_report_text
from trialfinder.present.search_text import render_locations_text, render_result_text
from trialfinder.present.trial_text import render_trial_text
from trialfinder.search import (
    QueryError,
    SearchDirRequired,
    build_query,
    keeps_search_tables,
    open_store,
    set_search_tables,
)
from trialfinder.search import locations as list_locations
from trialfinder.search import search as run_search
from trialfinder.settings import Settings
from trialfinder.store import Store
from trialfinder.store import open_store as open_store_without_index
from trialfinder.store.transfer import DEFAULT_BATCH, BadRow, CopyProgress, copy_store

if TYPE_CHECKING:
    from trialfinder.fhir import InputProblem
    from trialfinder.patient import PatientProfile

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

# Arguments echoed in an error are cut to this many characters: a pasted page must
# not come back in full.
ECHO_CHARS = 80


class BadArgument(click.ClickException):
    """A bad command-line argument: one line on standard error, exit status 2 (as a usage error)."""

    exit_code = 2


def echoed(argument: str) -> str:
    """An argument as an error may repeat it: at most :data:`ECHO_CHARS` characters."""
    return argument if len(argument) <= ECHO_CHARS else f"{argument[: ECHO_CHARS - 1]}…"


class _Commands(click.Group):
    """The command group; refuses arguments that are not valid text before any command runs."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        for argument in args:
            # Undecodable bytes arrive as lone surrogates (PEP 383); echoing one would crash.
            if any("\udc80" <= character <= "\udcff" for character in argument):
                shown = argument.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
                raise BadArgument(f"argument {echoed(shown)!r} is not valid UTF-8 text")
        return super().parse_args(ctx, args)


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
    settings = Settings.read(db=db)
    try:
        store = open_store(settings.db, read_url=settings.read_db, search_dir=settings.search_dir)
    except Exception as error:  # any driver's connection error, shown without a traceback
        raise click.ClickException(f"cannot open the store {settings.db}: {error}") from error
    try:
        yield store
    except SearchDirRequired as error:
        raise click.ClickException(str(error)) from error
    finally:
        store.close()


def echo_json(value: object) -> None:
    click.echo(msgspec.json.format(msgspec.json.encode(value), indent=2).decode())


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
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
@click.option(
    "--jobs",
    default=None,
    show_default="one per core",
    type=click.IntRange(1, 64),
    help="Worker processes that decode records, parse eligibility criteria and index them.",
)
@FORMAT_OPTION
@db_option
def ingest(
    paths: tuple[Path, ...],
    sample: bool,
    quiet: bool,
    batch_size: int,
    jobs: int | None,
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
    with opened_store(db) as store, _progress_bar(quiet, "study") as bar:
        try:
            summary = ingest_paths(
                store,
                inputs,
                batch_size=batch_size,
                progress=None if bar is None else _counting(bar, count_records_hint(inputs)),
                jobs=jobs,
            )
        except UnreadableInput as error:
            raise click.ClickException(str(error)) from error
        # Derived records of an older parser or export (or none) are brought up to date.
        refreshed = refresh_derived(store)
    _print_summary(summary, output_format)
    if refreshed and output_format == "text":
        click.echo(
            f"Recomputed {refreshed} derived records (parsed criteria, API JSON) of trials"
            " stored by an older version."
        )


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
        raise click.ClickException(
            f"no trial {echoed(nct_id)!r} in the store (try 'trialfinder search')"
        )
    if output_format == "json":
        echo_json(trial)
    else:
        click.echo(render_trial_text(trial))


@contextmanager
def _progress_bar(quiet: bool, unit: str) -> Iterator[Callable[[int, int | None], None] | None]:
    """A bar on a terminal, fed (done, estimated total); nothing in pipes or with --quiet."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    with tqdm(unit=unit, unit_scale=unit == "B", file=sys.stderr) as bar:

        def show(done: int, total: int | None) -> None:
            bar.total = total
            bar.n = done
            bar.refresh()

        yield show


def _counting(bar: Callable[[int, int | None], None], total: int | None) -> Callable[[int], None]:
    """Feed a (done, total) bar from increments, as ingest reports them."""
    done = 0

    def advance(step: int) -> None:
        nonlocal done
        done += step
        bar(done, total)

    return advance


@main.command("copy-store")
@click.argument("source", metavar="SOURCE_DB")
@click.argument("target", metavar="TARGET_DB")
@click.option(
    "--batch-size", default=DEFAULT_BATCH, show_default=True, help="Trials per transaction."
)
@click.option("--quiet", "-q", is_flag=True, help="No progress lines.")
@FORMAT_OPTION
def copy_store_command(
    source: str, target: str, batch_size: int, quiet: bool, output_format: str
) -> None:
    """Copy a store to another database: SQLite to PostgreSQL (or back).

    SOURCE_DB and TARGET_DB are SQLite files or postgresql:// URLs. Trials go as
    they are stored (no re-parse), with their derived records, then the state
    settings; the target numbers every trial in its change log, so nodes with
    --search-dir follow it. Each batch commits with a checkpoint in the target:
    rerun an interrupted copy and it continues (a rerun later brings what changed
    since). A row the target refuses is reported and skipped. Before copying a
    large store into PostgreSQL whose nodes keep their own index, run
    `trialfinder search-tables off --db TARGET_DB`.
    """
    if not source.startswith(("postgresql://", "postgres://")) and not Path(source).is_file():
        raise BadArgument(f"no store at {echoed(source)!r} to copy from")
    try:
        source_store = open_store_without_index(source)
        target_store = open_store(target)
    except Exception as error:  # any driver's connection error, shown without a traceback
        raise click.ClickException(f"cannot open the stores: {error}") from error
    total = source_store.count_trials()
    started = time.monotonic()

    def progress(done: CopyProgress) -> None:
        rate = done.read / max(time.monotonic() - started, 1e-9)
        click.echo(
            f"read {done.read:,} of {total:,} trials: {done.written:,} written,"
            f" {done.unchanged:,} unchanged, {done.bad:,} bad ({rate:,.0f}/s)",
            err=True,
        )

    def bad_row(row: BadRow) -> None:
        click.echo(
            f"skipped {echoed(row.nct_id)} (change {row.change_seq}): {row.reason}", err=True
        )

    try:
        summary = copy_store(
            source_store,
            target_store,
            batch_size=batch_size,
            on_progress=None if quiet else progress,
            on_bad_row=bad_row,
        )
    finally:
        source_store.close()
        target_store.close()
    if output_format == "json":
        echo_json(summary._asdict())
        return
    click.echo(
        f"Copied {summary.read:,} trials: {summary.written:,} written,"
        f" {summary.unchanged:,} unchanged, {summary.bad:,} bad"
        f" ({time.monotonic() - started:,.0f} s)."
    )


@main.command("search-tables")
@click.argument("setting", required=False, type=click.Choice(["on", "off"]))
@db_option
def search_tables_command(setting: str | None, db: str | None) -> None:
    """Show or set whether a PostgreSQL database keeps its own search tables.

    off: writers stop filling them (ingest, sync and copy-store get faster; the
    tables are emptied) and every process that searches the database needs its
    own index (serve --search-dir or TRIALFINDER_SEARCH_DIR). on: they are filled
    again from every stored trial, then kept by every write. The setting is kept
    in the database, so every writer follows it.
    """
    with opened_store(db) as store:
        try:
            if setting is not None:
                set_search_tables(store, setting == "on")
            kept = keeps_search_tables(store)
        except ValueError as error:
            raise click.ClickException(str(error)) from error
    click.echo(f"search tables: {'on' if kept else 'off'}")


@main.command()
@click.option("--cond", "condition", metavar="C", help="Condition or disease (query.cond).")
@click.option("--term", metavar="T", help="Other terms (query.term).")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    metavar="S",
    help="Overall status (filter.overallStatus); repeat or comma-separate.",
)
@click.option(
    "--since",
    type=click.DateTime(["%Y-%m-%d"]),
    metavar="YYYY-MM-DD",
    help="Only studies updated on or after this date.",
)
@click.option("--incremental", is_flag=True, help="Only studies updated since the last sync.")
@click.option("--all", "whole_registry", is_flag=True, help="The whole registry.")
@click.option(
    "--bulk",
    "bulk_source",
    is_flag=False,
    flag_value="",
    default=None,
    metavar="[URL|FILE]",
    help="Load the registry's bulk zip (or this URL or file) instead of paging.",
)
@click.option("--resume", is_flag=True, help="Continue an interrupted sync where it stopped.")
@click.option(
    "--api-url",
    default="https://clinicaltrials.gov/api/v2",
    show_default=True,
    help="API v2 base URL (a mirror).",
)
@click.option(
    "--rate",
    type=click.FloatRange(min=0, min_open=True),
    default=3.0,
    show_default=True,
    help="At most this many requests a second.",
)
@click.option("--page-size", type=click.IntRange(1, 1000), default=1000, hidden=True)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@FORMAT_OPTION
@db_option
def sync(
    condition: str | None,
    term: str | None,
    statuses: tuple[str, ...],
    since: datetime | None,
    incremental: bool,
    whole_registry: bool,
    bulk_source: str | None,
    resume: bool,
    api_url: str,
    rate: float,
    page_size: int,
    quiet: bool,
    output_format: str,
    db: str | None,
) -> None:
    """Fetch studies from ClinicalTrials.gov (API v2) into the store (see docs/sync.md).

    Pages are upserted as they arrive; nothing is deleted. A killed or failed
    sync continues with --resume.
    """
    from trialfinder.ingest import bulk as bulk_sync
    from trialfinder.ingest import sync as page_sync

    status_list = tuple(
        part.strip().upper() for value in statuses for part in value.split(",") if part.strip()
    )
    selected = bool(condition or term or status_list)
    if sum((resume, bulk_source is not None, selected or whole_registry)) != 1 or (
        selected and whole_registry
    ):
        raise click.UsageError("give --cond/--term/--status, or --all, or --bulk, or --resume")
    if since is not None and incremental:
        raise click.UsageError("--since and --incremental exclude each other")
    settings = page_sync.SyncSettings(requests_per_second=rate)
    summary: page_sync.SyncSummary | bulk_sync.BulkSummary
    with opened_store(db) as store, _progress_bar(quiet, "B" if bulk_source else "study") as bar:
        try:
            if bulk_source is not None:
                summary = bulk_sync.sync_bulk(
                    store,
                    bulk_source or None,
                    api_url=api_url,
                    settings=settings,
                    download_progress=bar,
                )
            elif resume:
                summary = page_sync.resume_sync(store, settings=settings, progress=bar)
            else:
                query = page_sync.SyncQuery(
                    api_url=api_url,
                    condition=condition,
                    term=term,
                    statuses=status_list,
                    updated_since=since.date().isoformat() if since else None,
                    page_size=page_size,
                )
                summary = page_sync.sync_studies(
                    store, query, incremental=incremental, settings=settings, progress=bar
                )
        except page_sync.NothingToResume as error:
            raise click.ClickException(str(error)) from error
        except page_sync.SyncError as error:
            hint = (
                ""
                if bulk_source is not None
                else "\nWhat arrived is kept; 'trialfinder sync --resume' goes on."
            )
            raise click.ClickException(f"{error}{hint}") from error
    if output_format == "json":
        echo_json(summary)
    else:
        _print_summary(summary.ingest, output_format)


@main.command("search")
@click.argument("text", required=False, default="")
@click.option("--cond", help="Condition or disease.")
@click.option("--intr", help="Intervention or treatment.")
@click.option("--status", "statuses", multiple=True, help="recruiting, not_yet_recruiting, ...")
@click.option("--phase", "phases", multiple=True, help="early_phase1, 1, 2, 3, 4, na")
@click.option("--type", "study_type", help="interventional, observational or expanded_access")
@click.option("--sex", help="female or male (all-sex trials are kept).")
@click.option("--age", help="Age in years; trials whose age range includes it.")
@click.option("--healthy-volunteers", is_flag=True, help="Only trials taking healthy volunteers.")
@click.option(
    "--as-typed",
    is_flag=True,
    help='Search age and sex words in TEXT as words (by default "my 8 year old" or "men"'
    " set --age or --sex when not given).",
)
@click.option("--intervention-type", "intervention_types", multiple=True, help="drug, device, ...")
@click.option("--funder", "funder_types", multiple=True, help="industry, nih, fed, other, ...")
@click.option("--near", metavar="PLACE|LAT,LON", help="City name or coordinates.")
@click.option("--within", metavar="DISTANCE", help="Radius around --near, e.g. 50km or 30mi.")
@click.option(
    "--sort",
    type=click.Choice(["relevance", "distance", "updated"]),
    help="Default: with --near, trials about the search words first, each match quality"
    " nearest first in bands (same metro area, region, country, ...; the better match"
    " first within a band: docs/search.md); otherwise best match. distance: strictly"
    " nearest first.",
)
@click.option("--limit", default=20, show_default=True, help="Results per page (1-100).")
@click.option("--page-token", help="Token printed with the previous page.")
@FORMAT_OPTION
@db_option
def search_command(
    text: str,
    cond: str | None,
    intr: str | None,
    statuses: tuple[str, ...],
    phases: tuple[str, ...],
    study_type: str | None,
    sex: str | None,
    age: str | None,
    healthy_volunteers: bool,
    as_typed: bool,
    intervention_types: tuple[str, ...],
    funder_types: tuple[str, ...],
    near: str | None,
    within: str | None,
    sort: str | None,
    limit: int,
    page_token: str | None,
    output_format: str,
    db: str | None,
) -> None:
    """Search trials: ranked text, filters, facets and trials near a place."""
    try:
        query = build_query(
            text,
            condition=cond,
            intervention=intr,
            statuses=statuses,
            phases=phases,
            study_type=study_type,
            sex=sex,
            age=age,
            healthy_volunteers=healthy_volunteers,
            intervention_types=intervention_types,
            funder_types=funder_types,
            near=near,
            within=within,
            sort=sort,
            limit=limit,
            page_token=page_token,
            read_who_words=not as_typed,
        )
        with opened_store(db) as store:
            result = run_search(store, query)
    except QueryError as error:
        raise BadArgument(echoed(str(error))) from error
    if output_format == "json":
        echo_json(result.to_dict())
    else:
        click.echo(render_result_text(result, query=query))


@main.command("locations")
@click.option("--country", help="List this country's cities instead of countries.")
@FORMAT_OPTION
@db_option
def locations_command(country: str | None, output_format: str, db: str | None) -> None:
    """Trials by location: countries, or the cities of one country, with trial counts."""
    with opened_store(db) as store:
        counts = list_locations(store, country)
    if output_format == "json":
        echo_json([{"name": count.name, "trials": count.trials} for count in counts])
    else:
        click.echo(render_locations_text(counts, country))


def _report_skipped(problem: InputProblem) -> None:
    """A patient record that was skipped: where and why, never its values."""
    click.echo(f"skipped {problem.where}: {problem.reason}", err=True)


def _read_patient(patient_path: Path | None, note_file: Path | None) -> PatientProfile:
    """The profile of ``--patient`` (a file, ``-`` for standard input, or a Bulk folder)
    with the text of ``--note`` added to its note."""
    from trialfinder.patient import PatientProfile
    from trialfinder.patient_input import PatientInputError, load_patient, read_patient_path

    if patient_path is None and note_file is None:
        raise click.UsageError("give --patient FILE|- or --note FILE (or both)")
    try:
        if patient_path is None:
            profile = PatientProfile()
        elif str(patient_path) == "-":
            profile = load_patient(sys.stdin.buffer.read(), _report_skipped, name="stdin")
        else:
            profile = read_patient_path(patient_path, _report_skipped)
    except PatientInputError as error:
        raise click.ClickException(str(error)) from error
    if note_file is not None:
        note = note_file.read_text(encoding="utf-8", errors="replace").strip()
        profile.note = "\n\n".join(part for part in (profile.note, note) if part)
    return profile


def _trial_ids(values: tuple[str, ...]) -> list[str]:
    """``--trial`` values as NCT ids; BadArgument naming the first that is not one."""
    wanted = []
    for value in values:
        nct_id = normalize_nct_id(value)
        if nct_id is None:
            raise BadArgument(f"{echoed(value)} is not an NCT id (NCT + 8 digits)")
        wanted.append(nct_id)
    return wanted


@main.command()
@click.option(
    "--patient",
    "patient_path",
    type=click.Path(exists=True, allow_dash=True, path_type=Path),
    metavar="FILE|-|FOLDER",
    help="Patient profile JSON or FHIR R4 Bundle ('-' reads standard input), or a FHIR "
    "Bulk Data export folder of one patient (never stored or logged).",
)
@click.option(
    "--note",
    "note_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    metavar="FILE",
    help="A plain-text clinical note about the patient (never stored or logged).",
)
@click.option("--trial", "nct_ids", multiple=True, metavar="NCTID", help="Check these trials only.")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    metavar="STATUS",
    help="Recruitment statuses to search (repeatable) [default: RECRUITING, NOT_YET_RECRUITING].",
)
@click.option("--near", metavar="PLACE", help="Near a place [default: the patient's own place].")
@click.option("--within", metavar="DISTANCE", help="Only sites within this distance of --near.")
@click.option(
    "--limit", default=50, show_default=True, help="Ranked results to show without --trial."
)
@FORMAT_OPTION
@db_option
def match(
    patient_path: Path | None,
    note_file: Path | None,
    nct_ids: tuple[str, ...],
    statuses: tuple[str, ...],
    near: str | None,
    within: str | None,
    limit: int,
    output_format: str,
    db: str | None,
) -> None:
    """Pre-screen a patient against trials, criterion by criterion.

    Without --trial, the trials are found from the patient's conditions (the
    main one first), filtered by age, sex, status and place. Each criterion is
    met, not met, unknown or not applicable, with its evidence; the study team
    decides who can take part.
    """
    from trialfinder.retrieval import DEFAULT_STATUSES, find_trials

    wanted = _trial_ids(nct_ids)
    profile = _read_patient(patient_path, note_file)
    with opened_store(db) as store:
        try:
            shortlist = find_trials(
                store,
                profile,
                nct_ids=wanted,
                statuses=statuses or DEFAULT_STATUSES,
                near=near,
                within=within,
                limit=limit,
            )
        except QueryError as error:
            raise click.UsageError(str(error)) from error
    for nct_id in sorted(set(wanted) - {result.nct_id for result in shortlist.results}):
        click.echo(f"{nct_id} is not in the store", err=True)
    if output_format == "json":
        echo_json(shortlist.to_dict())
    else:
        click.echo(render_report_text(shortlist))


@main.command()
@click.option(
    "--patients",
    "patients_path",
    required=True,
    type=click.Path(exists=True, path_type=Path),
    metavar="PATH",
    help="A FHIR Bulk Data export folder (*.ndjson), a folder of profile or Bundle JSON "
    "files, or a JSON-lines file of profiles.",
)
@click.option("--trial", "nct_ids", multiple=True, metavar="NCTID", help="Screen against these.")
@click.option("--cond", "condition", metavar="TEXT", help="Screen against trials for a condition.")
@click.option(
    "--max-trials",
    default=100,
    show_default=True,
    type=click.IntRange(1, 100),
    help="With --cond: how many of the best-ranked trials.",
)
@click.option(
    "--output",
    "output_path",
    type=click.Path(dir_okay=False, path_type=Path),
    metavar="FILE.csv|FILE.jsonl",
    help="Write the rows here (format from the suffix) [default: CSV on standard output].",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@db_option
def screen(
    patients_path: Path,
    nct_ids: tuple[str, ...],
    condition: str | None,
    max_trials: int,
    output_path: Path | None,
    quiet: bool,
    db: str | None,
) -> None:
    """Screen a cohort: one row per patient × trial with the verdict and criteria counts.

    Patient data goes only to the output named (standard output by default).
    """
    from trialfinder.match import stored_criteria
    from trialfinder.patient_input import PatientInputError, count_cohort, read_cohort
    from trialfinder.screen import ScreenFormat, screen_cohort, trials_for_condition, write_rows

    if bool(nct_ids) == bool(condition):
        raise click.UsageError("give --trial NCTID (repeatable) or --cond TEXT")
    output_format: ScreenFormat = (
        "jsonl" if output_path and output_path.suffix == ".jsonl" else "csv"
    )
    if output_path is not None and output_path.suffix not in (".csv", ".jsonl"):
        raise click.UsageError("--output must end in .csv or .jsonl")
    with opened_store(db) as store:
        try:
            wanted = (
                [nct_id.upper() for nct_id in nct_ids]
                if nct_ids
                else trials_for_condition(store, condition or "", max_trials)
            )
        except QueryError as error:
            raise click.UsageError(str(error)) from error
        criteria = stored_criteria(store, wanted)
    for nct_id in sorted(set(wanted) - criteria.keys()):
        click.echo(f"not in the store: {nct_id}", err=True)
    trials = [criteria[nct_id] for nct_id in wanted if nct_id in criteria]
    if not trials:
        raise click.ClickException("no trials to screen against")
    output: AbstractContextManager[TextIO] = (
        output_path.open("w", encoding="utf-8", newline="")
        if output_path is not None
        else nullcontext(sys.stdout)
    )
    with _progress_bar(quiet, "patient") as bar, output as stream:
        try:
            patients = read_cohort(patients_path, _report_skipped)
            progress = None if bar is None else _counting(bar, count_cohort(patients_path))
            written = write_rows(screen_cohort(patients, trials, progress), stream, output_format)
        except PatientInputError as error:
            raise click.ClickException(str(error)) from error
    if output_path is not None:
        click.echo(f"Wrote {written} rows to {output_path}.", err=True)


@main.group()
def evaluate() -> None:
    """Measure the eligibility checker against expert annotations."""


@evaluate.command("criteria")
@click.argument("annotations", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--predictions",
    "predictions_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write one JSON line per pair here.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="json: accuracy, per-label counts, confusion matrix and skipped rows.",
)
def evaluate_criteria_command(
    annotations: Path, predictions_path: Path | None, output_format: str
) -> None:
    """Judge each (patient note, criterion) pair and print accuracy."""
    from trialfinder.evaluate import evaluate_criteria, load_pairs

    predictions, report = evaluate_criteria(load_pairs(annotations))
    if predictions_path is not None:
        with predictions_path.open("wb") as output:
            for prediction in predictions:
                output.write(msgspec.json.encode(prediction) + b"\n")
    if output_format == "json":
        click.echo(msgspec.json.format(msgspec.json.encode(report.summary()).decode(), indent=2))
    else:
        click.echo(report.render())


@evaluate.command("chia")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def evaluate_chia_command(directory: Path) -> None:
    """Precision/recall of measurement values against Chia annotations."""
    from trialfinder.evaluate import evaluate_chia

    click.echo(evaluate_chia(directory).render())


@evaluate.command("lct")
@click.argument("directory", type=click.Path(exists=True, file_okay=False, path_type=Path))
def evaluate_lct_command(directory: Path) -> None:
    """Precision/recall of measurement values against Leaf Clinical Trials annotations."""
    from trialfinder.evaluate import evaluate_lct

    click.echo(evaluate_lct(directory).render())


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64))
@click.option(
    "--sync-every",
    metavar="INTERVAL",
    default=None,
    help="Keep the store current from the registry every INTERVAL (24h, 30m, 1d).",
)
@click.option(
    "--api-url",
    metavar="URL",
    default=None,
    help="Registry API v2 base URL for --sync-every (mirrors, tests).",
)
@click.option(
    "--read-db",
    metavar="URL",
    default=None,
    help="PostgreSQL read replica for searches and pages [default: $TRIALFINDER_READ_DB].",
)
@click.option(
    "--search-dir",
    metavar="DIR",
    default=None,
    help="Keep this node's own search index of a PostgreSQL store in DIR, following"
    " the database's change log [default: $TRIALFINDER_SEARCH_DIR, else search the"
    " database's index].",
)
@click.option(
    "--warm-up/--no-warm-up",
    default=True,
    show_default=True,
    help="Build the search tables (vocabulary, spelling corrector, site grid) in each"
    " worker before listening, so the first searches do not wait for them.",
)
@db_option
def serve(
    host: str,
    port: int,
    workers: int,
    sync_every: str | None,
    api_url: str | None,
    read_db: str | None,
    search_dir: str | None,
    warm_up: bool,
    db: str | None,
) -> None:
    """Serve the web pages and the JSON API (http://HOST:PORT)."""
    from trialfinder.web.server import parse_interval
    from trialfinder.web.server import serve as run_server

    try:
        interval = parse_interval(sync_every) if sync_every else None
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--sync-every") from error
    try:
        settings = Settings.read(
            db=db,
            read_db=read_db,
            search_dir=search_dir,
            host=host,
            port=port,
            workers=workers,
            warm_up=warm_up,
        )
        run_server(settings, sync_every_seconds=interval, api_url=api_url)
    except Exception as error:  # a store that cannot open, a port in use: no traceback
        raise click.ClickException(str(error)) from error
