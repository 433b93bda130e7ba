"""Bounds on everything ingest and sync read, enforced while the bytes stream in.

Inputs are untrusted: a 1 MB gzip can expand to gigabytes, a JSON-lines member
can lack newlines, a device such as ``/dev/zero`` never ends. Checking a size
after reading is too late (the memory is already gone), so every stream is
read through a :class:`BoundedReader` that stops one byte past its budget and
raises :class:`OverLimit` naming the bound; the caller skips that record,
member or response with the reason and goes on.

The bounds are generous and explicit: far above any real registry record, far
below what hurts the machine (a 1 GiB bomb stays under 300 MB of memory).
"""

from __future__ import annotations

import io
from typing import Protocol

from trialfinder.ingest.errors import MalformedRecord

__all__ = [
    "MAX_COMPRESSION_RATIO",
    "MAX_DOCUMENT_BYTES",
    "MAX_EXPANDED_BYTES",
    "MAX_RECORD_BYTES",
    "BoundedReader",
    "OverLimit",
    "Readable",
    "bounded",
    "expansion_budget",
    "read_bounded",
    "too_large",
]

# The registry's largest real study records are a few MB (results with many
# arms); anything far beyond that is a broken or hostile record.
MAX_RECORD_BYTES = 16 * 1024 * 1024
# One whole JSON document read at once: a search page of 1,000 studies (real
# pages are ~40 MB), a JSON array, one legacy XML file.
MAX_DOCUMENT_BYTES = 128 * 1024 * 1024
# All the bytes one input (a file, an archive member, a response) may expand
# to; a registry-wide JSON-lines dump expands to tens of GB.
MAX_EXPANDED_BYTES = 64 * 1024 * 1024 * 1024
# Real JSON and XML compress 5-20 times; zeros compress ~1,000 times. The ratio
# is only judged past MAX_RECORD_BYTES, so small inputs never trip it.
MAX_COMPRESSION_RATIO = 100

_CHUNK_BYTES = 1024 * 1024


class Readable(Protocol):
    """What the bounds read from: a file, a decompressor (``gzip.GzipFile``), a zip member."""

    def read(self, size: int = -1, /) -> bytes: ...

    def seek(self, offset: int, whence: int = 0, /) -> int: ...  # gzip rewinds on errors

    def close(self) -> None: ...


class OverLimit(MalformedRecord):
    """An input went past one of the bounds; it is skipped, the batch goes on."""


def too_large(size: int, limit: int = MAX_RECORD_BYTES, what: str = "record") -> str:
    """The reason given for a record or document over its limit."""
    return f"{what} is over the {limit:,}-byte limit ({size:,} bytes read)"


def expansion_budget(compressed_bytes: int | None) -> int:
    """The most bytes an input of ``compressed_bytes`` on disk or on the wire may expand to."""
    if compressed_bytes is None:
        return MAX_EXPANDED_BYTES
    by_ratio = max(MAX_RECORD_BYTES, compressed_bytes * MAX_COMPRESSION_RATIO)
    return min(MAX_EXPANDED_BYTES, by_ratio)


def _expansion_reason(budget: int, compressed_bytes: int | None) -> str:
    if compressed_bytes is None or budget == MAX_EXPANDED_BYTES:
        return f"input expands past the {budget:,}-byte limit on expanded size"
    return (
        f"input expands past {budget:,} bytes from {compressed_bytes:,} compressed "
        f"(over the {MAX_COMPRESSION_RATIO}:1 ratio limit); a decompression bomb?"
    )


class BoundedReader(io.RawIOBase):
    """A read-only view of ``stream`` that raises :class:`OverLimit` past ``budget`` bytes.

    Decompressors (gzip, zip members) are read through it, so the bound is
    checked on the expanded bytes as they are produced, never after.
    """

    def __init__(self, stream: Readable, *, compressed_bytes: int | None = None) -> None:
        super().__init__()
        self._stream = stream
        self.budget = expansion_budget(compressed_bytes)
        self._reason = _expansion_reason(self.budget, compressed_bytes)
        self.consumed = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview | bytearray) -> int:  # type: ignore[override]
        wanted = min(len(buffer), self.budget - self.consumed + 1)
        data = self._stream.read(wanted)
        self.consumed += len(data)
        if self.consumed > self.budget:
            raise OverLimit(self._reason)
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        self._stream.close()
        super().close()


def bounded(stream: Readable, compressed_bytes: int | None = None) -> io.BufferedReader:
    """``stream`` bounded by :func:`expansion_budget`, buffered for ``readline``."""
    return io.BufferedReader(BoundedReader(stream, compressed_bytes=compressed_bytes))


def read_bounded(stream: Readable, limit: int, what: str = "document") -> bytes:
    """All of ``stream`` if it holds at most ``limit`` bytes; else :class:`OverLimit`.

    Reads in chunks, so a stream that never ends costs ``limit`` bytes of memory at most.
    """
    chunks: list[bytes] = []
    size = 0
    while True:
        chunk = stream.read(min(_CHUNK_BYTES, limit + 1 - size))
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise OverLimit(too_large(size, limit, what))
        chunks.append(chunk)
