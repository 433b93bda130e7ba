"""Find the records in whatever the user points ingest at.

Accepted: an API v2 study (``.json``), an API v2 search page
(``{"studies": [...], "nextPageToken": ...}``), a JSON array of studies, JSON
lines (optionally gzipped), legacy ``<clinical_study>`` XML files, directories
of any of these and ``.zip`` archives of them (the registry's bulk download).

Each record comes out as a :class:`RecordResult`: either a trial or the reason
it was skipped, always with the file and position it came from, so a bad record
never stops the batch.
"""

from __future__ import annotations

import gzip
import io
import os
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, cast

import msgspec

from trialfinder.ingest.ctgov_v2 import parse_study_json
from trialfinder.ingest.errors import MalformedRecord, UnreadableInput
from trialfinder.ingest.legacy_xml import parse_clinical_study
from trialfinder.model import Trial

__all__ = [
    "MAX_RECORD_BYTES",
    "RecordResult",
    "count_records_hint",
    "iter_records",
    "parse_document",
]

# The registry's largest real study records are a few MB (results with many
# arms); anything far beyond that is a broken or hostile record.
MAX_RECORD_BYTES = 16 * 1024 * 1024

_JSON_SUFFIXES = (".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz", ".ndjson.gz")
_any_decoder = msgspec.json.Decoder()


class RecordResult(msgspec.Struct, frozen=True):
    """One record read from an input: a trial, or why it was skipped."""

    where: str  # "file.jsonl:17", "bulk.zip!NCT01234567.json", "page.json#studies[3]"
    trial: Trial | None = None
    error: str | None = None


def _too_large(size: int) -> str:
    return f"record is {size:,} bytes, over the {MAX_RECORD_BYTES:,}-byte limit"


class _Envelope(msgspec.Struct):
    """Just enough of a JSON document to tell a study from a search page."""

    studies: list[msgspec.Raw] | None = None
    protocolSection: msgspec.Raw = msgspec.Raw()  # empty when absent


_envelope_decoder = msgspec.json.Decoder(_Envelope)
_array_decoder = msgspec.json.Decoder(list[msgspec.Raw])


def _study(where: str, data: bytes) -> RecordResult:
    if len(data) > MAX_RECORD_BYTES:
        return RecordResult(where=where, error=_too_large(len(data)))
    try:
        return RecordResult(where=where, trial=parse_study_json(data))
    except MalformedRecord as error:
        return RecordResult(where=where, error=str(error))


def _json_records(where: str, data: bytes) -> Iterator[RecordResult]:
    """One JSON document: a study, a search page or an array of studies."""
    if data.lstrip()[:1] == b"[":
        try:
            items = _array_decoder.decode(data)
        except (msgspec.DecodeError, msgspec.ValidationError) as error:
            yield RecordResult(where=where, error=f"invalid JSON: {error}")
            return
        for index, raw in enumerate(items):
            yield _study(f"{where}[{index}]", bytes(raw))
        return
    try:
        envelope = _envelope_decoder.decode(data)
    except msgspec.ValidationError as error:
        yield RecordResult(where=where, error=f"not a study or a search page: {error}")
        return
    except msgspec.DecodeError as error:
        yield RecordResult(where=where, error=f"invalid JSON: {error}")
        return
    if not envelope.protocolSection and envelope.studies is not None:
        for index, raw in enumerate(envelope.studies):
            yield _study(f"{where}#studies[{index}]", bytes(raw))
    else:
        yield _study(where, data)


def _json_lines(stream: IO[bytes], name: str) -> Iterator[RecordResult]:
    for line_number, line in enumerate(stream, start=1):
        where = f"{name}:{line_number}"
        if len(line) > MAX_RECORD_BYTES:
            yield RecordResult(where=where, error=_too_large(len(line)))
        elif line.strip():
            result = _study(where, line)
            if result.trial is None and not (result.error or "").startswith("invalid JSON"):
                # Not a plain study: maybe a search page per line; say precisely why.
                yield from _json_records(where, line)
            else:
                yield result


def parse_document(data: bytes, name: str) -> Iterator[RecordResult]:
    """Records of one in-memory file, chosen by its name and content."""
    lowered = name.lower()
    if lowered.endswith(".gz"):
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError) as error:
            yield RecordResult(where=name, error=f"cannot decompress: {error}")
            return
        lowered = lowered[:-3]
    if lowered.endswith(".xml") or data.lstrip()[:1] == b"<":
        if len(data) > MAX_RECORD_BYTES:
            yield RecordResult(where=name, error=_too_large(len(data)))
            return
        try:
            yield RecordResult(where=name, trial=parse_clinical_study(data))
        except MalformedRecord as error:
            yield RecordResult(where=name, error=str(error))
        return
    if lowered.endswith((".jsonl", ".ndjson")) or _is_json_lines(data):
        yield from _json_lines(io.BytesIO(data), name)
        return
    yield from _json_records(name, data)


def _is_json_lines(data: bytes) -> bool:
    """A ".json" file that is really JSON lines is common in the wild."""
    first_line, _, rest = data.strip().partition(b"\n")
    if not rest.strip() or not first_line.rstrip().endswith(b"}"):
        return False
    try:
        _any_decoder.decode(first_line)
    except msgspec.DecodeError:
        return False
    return True


def _zip_records(path: Path) -> Iterator[RecordResult]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise UnreadableInput(f"{path}: not a readable zip archive ({error})") from error
    with archive:
        for member in archive.infolist():
            if member.is_dir() or not member.filename.lower().endswith((*_JSON_SUFFIXES, ".xml")):
                continue
            where = f"{path}!{member.filename}"
            if member.file_size > MAX_RECORD_BYTES and not member.filename.endswith(
                (".jsonl", ".ndjson")
            ):
                yield RecordResult(where=where, error=_too_large(member.file_size))
                continue
            try:
                with archive.open(member) as stream:
                    if member.filename.lower().endswith((".jsonl", ".ndjson")):
                        yield from _json_lines(stream, where)
                        continue
                    data = stream.read()
            except (zipfile.BadZipFile, OSError, EOFError) as error:
                yield RecordResult(where=where, error=f"cannot read archive member: {error}")
                continue
            yield from parse_document(data, where)


def _file_records(path: Path) -> Iterator[RecordResult]:
    name = str(path)
    lowered = name.lower()
    if lowered.endswith(".zip"):
        yield from _zip_records(path)
        return
    try:
        if lowered.endswith((".jsonl", ".ndjson")):
            with path.open("rb") as stream:
                yield from _json_lines(stream, name)
            return
        if lowered.endswith((".jsonl.gz", ".ndjson.gz")):
            with gzip.open(path, "rb") as stream:
                yield from _json_lines(cast(IO[bytes], stream), name)
            return
        data = path.read_bytes()
    except (OSError, EOFError) as error:
        raise UnreadableInput(f"{path}: cannot be read ({error})") from error
    yield from parse_document(data, name)


def _directory_files(directory: Path) -> Iterator[Path]:
    for root, directories, files in os.walk(directory):
        directories.sort()
        for file_name in sorted(files):
            if file_name.lower().endswith((*_JSON_SUFFIXES, ".xml", ".zip")):
                yield Path(root) / file_name


def iter_records(paths: Iterable[str | Path]) -> Iterator[RecordResult]:
    """All records of all inputs, in order.

    Raises :class:`UnreadableInput` for an input that cannot be read at all.
    """
    for raw_path in paths:
        path = Path(raw_path)
        if path.is_dir():
            for file_path in _directory_files(path):
                yield from _file_records(file_path)
        elif path.exists():
            yield from _file_records(path)
        else:
            raise UnreadableInput(f"{path}: no such file or directory")


def count_records_hint(paths: Iterable[str | Path]) -> int | None:
    """A cheap estimate of how many records the inputs hold, for a progress bar."""
    total = 0
    for raw_path in paths:
        path = Path(raw_path)
        files = list(_directory_files(path)) if path.is_dir() else [path]
        for file_path in files:
            lowered = file_path.name.lower()
            try:
                if lowered.endswith((".jsonl", ".ndjson")):
                    with file_path.open("rb") as stream:
                        total += sum(1 for _ in stream)
                elif lowered.endswith(".zip"):
                    with zipfile.ZipFile(file_path) as archive:
                        total += sum(1 for member in archive.infolist() if not member.is_dir())
                else:
                    total += 1
            except (OSError, zipfile.BadZipFile):
                return None
    return total
