"""Find the records in whatever the user points ingest at.

Accepted: an API v2 study (``.json``), an API v2 search page
(``{"studies": [...], "nextPageToken": ...}``), a JSON array of studies, JSON
lines (optionally gzipped), legacy ``<clinical_study>`` XML files, directories
of any of these and ``.zip`` archives of them (the registry's bulk download).

Each record comes out as a :class:`RecordResult`: either a trial or the reason
it was skipped, always with the file and position it came from, so a bad record
never stops the batch. Every record is decoded in isolation (whatever its
decoder raises is that record's reason), and every file, member and
decompression is read through the bounds of :mod:`trialfinder.ingest.limits`.

Reading and decoding are two steps: :func:`iter_raw_records` finds each
record's bytes (a :class:`RawRecord`: cheap, little more than I/O) and
:func:`decode_raw` turns them into trials. A parallel ingest reads in one process
and decodes in its workers, so each record's bytes cross to a worker once and
are parsed only there; :func:`iter_records` does both steps in turn.
"""

from __future__ import annotations

import gzip
import io
import os
import stat
import zipfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Literal, NamedTuple

import msgspec

from trialfinder.ingest.ctgov_v2 import json_decode_problem, parse_study_json
from trialfinder.ingest.errors import MalformedRecord, UnreadableInput
from trialfinder.ingest.json_split import NotSplittable, split_array, split_object
from trialfinder.ingest.legacy_xml import parse_clinical_study
from trialfinder.ingest.limits import (
    MAX_DOCUMENT_BYTES,
    MAX_RECORD_BYTES,
    Readable,
    bounded,
    read_bounded,
    too_large,
)
from trialfinder.model import Trial, decode_trial

__all__ = [
    "MAX_RECORD_BYTES",
    "RawRecord",
    "RecordResult",
    "count_records_hint",
    "decode_raw",
    "iter_raw_records",
    "iter_records",
    "parse_document",
]

_JSON_SUFFIXES = (".json", ".jsonl", ".ndjson", ".json.gz", ".jsonl.gz", ".ndjson.gz")
_LINES_SUFFIXES = (".jsonl", ".ndjson")
_any_decoder = msgspec.json.Decoder()
_SKIP_CHUNK_BYTES = 1024 * 1024


class RecordResult(msgspec.Struct, frozen=True):
    """One record read from an input: a trial, or why it was skipped."""

    where: str  # "file.jsonl:17", "bulk.zip!NCT01234567.json", "page.json#studies[3]"
    trial: Trial | None = None
    error: str | None = None


RawKind = Literal["study", "line", "xml", "trial"]


class RawRecord(NamedTuple):
    """One record's bytes as read, not yet decoded: ``kind`` says how to decode them.

    "study": one API v2 study's JSON; "line": a JSON line (a study, or a search
    page of them); "xml": a legacy ``<clinical_study>``; "trial": an
    :func:`~trialfinder.model.encode_trial` result (a trial decoded earlier).
    A tuple of strings and bytes: cheap to send to a worker process.
    """

    where: str
    kind: RawKind
    data: bytes


class _Envelope(msgspec.Struct):
    """Just enough of a JSON document to tell a study from a search page."""

    studies: list[msgspec.Raw] | None = None
    protocolSection: msgspec.Raw = msgspec.Raw()  # empty when absent


_envelope_decoder = msgspec.json.Decoder(_Envelope)
_array_decoder = msgspec.json.Decoder(list[msgspec.Raw])


def _problem(error: Exception) -> str:
    """Why a record or input could not be read, in one line (no trial text beyond 300 chars)."""
    if isinstance(error, MalformedRecord):
        return str(error)
    if isinstance(error, (RecursionError, UnicodeDecodeError, msgspec.DecodeError)):
        return str(json_decode_problem(error))
    return f"cannot read: {type(error).__name__}: {str(error)[:300]}"


def _decoded(where: str, parse: Callable[[bytes], Trial], data: bytes) -> RecordResult:
    """One record through its decoder, in isolation: any exception is that record's reason."""
    if len(data) > MAX_RECORD_BYTES:
        return RecordResult(where=where, error=too_large(len(data)))
    try:
        return RecordResult(where=where, trial=parse(data))
    except Exception as error:  # one bad record never costs the good ones
        return RecordResult(where=where, error=_problem(error))


def _study(where: str, data: bytes) -> RecordResult:
    return _decoded(where, parse_study_json, data)


def _split_studies(data: bytes) -> list[bytes] | None:
    """The studies of a document too deep for msgspec (array elements or page studies;
    None when it is one study); :class:`NotSplittable` for what is not JSON at all."""
    if data.lstrip()[:1] == b"[":
        return split_array(data)
    members = split_object(data)
    if b"protocolSection" in members or b"studies" not in members:
        return None
    return split_array(members[b"studies"])


def _json_records(where: str, data: bytes) -> Iterator[RawRecord | RecordResult]:
    """One JSON document: a study, a search page or an array of studies (each study's
    bytes, undecoded, or why the document has none)."""
    array = data.lstrip()[:1] == b"["
    try:
        if array:
            items: list[bytes] | None = [bytes(raw) for raw in _array_decoder.decode(data)]
        else:
            envelope = _envelope_decoder.decode(data)
            page = not envelope.protocolSection and envelope.studies is not None
            items = [bytes(raw) for raw in envelope.studies or ()] if page else None
    except msgspec.ValidationError as error:
        yield RecordResult(where=where, error=f"not a study or a search page: {error}")
        return
    except RecursionError:
        # One study nested too deep: split without recursing, judge each study alone.
        try:
            items = _split_studies(data)
        except NotSplittable as error:
            yield RecordResult(where=where, error=f"invalid JSON: {error}")
            return
    except Exception as error:
        yield RecordResult(where=where, error=_problem(error))
        return
    if items is None:
        yield RawRecord(where, "study", data)
        return
    template = "{}[{}]" if array else "{}#studies[{}]"
    for index, raw in enumerate(items):
        yield RawRecord(template.format(where, index), "study", raw)


def _skip_to_line_end(stream: IO[bytes]) -> int:
    """Read past the rest of an overlong line in bounded chunks; return the bytes skipped."""
    skipped = 0
    while True:
        chunk = stream.readline(_SKIP_CHUNK_BYTES)
        skipped += len(chunk)
        if not chunk or chunk.endswith(b"\n"):
            return skipped


def _json_lines(stream: IO[bytes], name: str) -> Iterator[RawRecord | RecordResult]:
    """One record per line; a line is read at most ``MAX_RECORD_BYTES`` at a time."""
    line_number = 1
    try:
        while line := stream.readline(MAX_RECORD_BYTES + 1):
            where = f"{name}:{line_number}"
            if len(line) > MAX_RECORD_BYTES:
                size = len(line) if line.endswith(b"\n") else len(line) + _skip_to_line_end(stream)
                yield RecordResult(where=where, error=too_large(size))
            elif line.strip():
                yield RawRecord(where, "line", line)
            line_number += 1
    except Exception as error:  # a read or decompression failure ends this input only
        yield RecordResult(where=f"{name}:{line_number}", error=_problem(error))


def _line_records(where: str, line: bytes) -> Iterator[RecordResult]:
    """One JSON line: a study, or else maybe a search page (then each of its studies)."""
    result = _study(where, line)
    if result.trial is None and not (result.error or "").startswith("invalid JSON"):
        # Not a plain study: maybe a search page per line; say precisely why.
        for item in _json_records(where, line):
            yield from decode_raw(item) if isinstance(item, RawRecord) else (item,)
    else:
        yield result


def decode_raw(raw: RawRecord) -> Iterator[RecordResult]:
    """The records of ``raw`` decoded (a JSON line may hold a search page of several)."""
    if raw.kind == "line":
        yield from _line_records(raw.where, raw.data)
    elif raw.kind == "xml":
        yield _decoded(raw.where, parse_clinical_study, raw.data)
    elif raw.kind == "trial":
        yield RecordResult(where=raw.where, trial=decode_trial(raw.data))
    else:
        yield _study(raw.where, raw.data)


def _decoded_all(items: Iterable[RawRecord | RecordResult]) -> Iterator[RecordResult]:
    for item in items:
        if isinstance(item, RawRecord):
            yield from decode_raw(item)
        else:
            yield item


def _document(data: bytes, name: str) -> Iterator[RawRecord | RecordResult]:
    """Records of one whole (uncompressed) document, chosen by its name and content."""
    lowered = name.lower()
    if lowered.endswith(".xml") or data.lstrip()[:1] == b"<":
        yield RawRecord(name, "xml", data)
    elif lowered.endswith(_LINES_SUFFIXES) or _is_json_lines(data):
        yield from _json_lines(io.BytesIO(data), name)
    else:
        yield from _json_records(name, data)


def parse_document(data: bytes, name: str) -> Iterator[RecordResult]:
    """Records of one in-memory file, chosen by its name (``.gz`` is decompressed) and content."""
    compressed = len(data) if name.lower().endswith(".gz") else None
    return _decoded_all(_stream_records(io.BytesIO(data), name, compressed))


def _stream_records(
    stream: Readable, name: str, compressed_bytes: int | None
) -> Iterator[RawRecord | RecordResult]:
    """Records of one input as it streams: gzip expanded and everything bounded.

    ``compressed_bytes`` is the input's size where it is compressed (a gzip
    file, a zip member; None otherwise), which bounds how far it may expand.
    """
    lowered = name.lower()
    if lowered.endswith(".gz"):
        stream = gzip.GzipFile(fileobj=stream, mode="rb")
        lowered = lowered[:-3]
    source = bounded(stream, compressed_bytes)
    if lowered.endswith(_LINES_SUFFIXES):
        yield from _json_lines(source, name)
        return
    try:
        data = read_bounded(source, MAX_DOCUMENT_BYTES)
    except Exception as error:  # a read or decompression failure ends this input only
        yield RecordResult(where=name, error=_problem(error))
        return
    yield from _document(data, name)


def _is_json_lines(data: bytes) -> bool:
    """A ".json" file that is really JSON lines is common in the wild."""
    first_line, _, rest = data.strip().partition(b"\n")
    if not rest.strip() or not first_line.rstrip().endswith(b"}"):
        return False
    try:
        _any_decoder.decode(first_line)
    except msgspec.DecodeError:
        return False
    except (RecursionError, UnicodeDecodeError):
        pass  # a whole (if bad) value on the first line: each line is judged alone
    return True


def _zip_records(path: Path) -> Iterator[RawRecord | RecordResult]:
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as error:
        raise UnreadableInput(f"{path}: not a readable zip archive ({error})") from error
    with archive:
        for member in archive.infolist():
            if member.is_dir() or not member.filename.lower().endswith((*_JSON_SUFFIXES, ".xml")):
                continue
            where = f"{path}!{member.filename}"
            try:
                stream = archive.open(member)
            except Exception as error:  # encrypted, unknown compression, bad header
                yield RecordResult(where=where, error=f"cannot read archive member: {error}")
                continue
            with stream:
                yield from _stream_records(stream, where, member.compress_size)


def _file_records(path: Path) -> Iterator[RawRecord | RecordResult]:
    name = str(path)
    if name.lower().endswith(".zip"):
        yield from _zip_records(path)
        return
    try:
        stream = path.open("rb")
        status = os.fstat(stream.fileno())
    except OSError as error:
        raise UnreadableInput(f"{path}: cannot be read ({error})") from error
    # A device or pipe (``/dev/zero``) has no size: the fixed limits bound it.
    regular = stat.S_ISREG(status.st_mode)
    compressed = status.st_size if regular and name.lower().endswith(".gz") else None
    with stream:
        yield from _stream_records(stream, name, compressed)


def _directory_files(directory: Path) -> Iterator[Path]:
    for root, directories, files in os.walk(directory):
        directories.sort()
        for file_name in sorted(files):
            if file_name.lower().endswith((*_JSON_SUFFIXES, ".xml", ".zip")):
                yield Path(root) / file_name


def iter_records(paths: Iterable[str | Path]) -> Iterator[RecordResult]:
    """All records of all inputs, in order, decoded.

    Raises :class:`UnreadableInput` for an input that cannot be read at all.
    """
    return _decoded_all(iter_raw_records(paths))


def iter_raw_records(paths: Iterable[str | Path]) -> Iterator[RawRecord | RecordResult]:
    """All records of all inputs, in order, as read: each one's bytes to decode
    (:func:`decode_raw`), or why it could not be read at all (a :class:`RecordResult`).

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
                if lowered.endswith(_LINES_SUFFIXES):
                    if not file_path.is_file():
                        return None  # a pipe read for a count would be gone for the ingest
                    with file_path.open("rb") as stream:
                        chunks = iter(lambda: stream.read(_SKIP_CHUNK_BYTES), b"")
                        total += sum(chunk.count(b"\n") for chunk in chunks)
                elif lowered.endswith(".zip"):
                    with zipfile.ZipFile(file_path) as archive:
                        total += sum(1 for member in archive.infolist() if not member.is_dir())
                else:
                    total += 1
            except (OSError, zipfile.BadZipFile):
                return None
    return total
