"""Parsed criteria kept without the text the trial's record already holds.

A criteria record (:class:`~trialfinder.criteria.model.ParsedCriteria` as MessagePack)
holds each criterion's text and each constraint's words, and nearly all of them are
copies of the trial's eligibility text, which its record keeps anyway: on 2,000
registry-like studies they were more than half of a compressed criteria record (556
bytes a study, 233 without them; ~0.19 GB at 600,000 studies). So a store keeps a text
that the eligibility text holds as where it stands there, and gives the record back
whole when it is read, with the eligibility text read from the trial's record
(:func:`text_free` and :func:`with_text`). The record given back is the same bytes the
parser's encoding made: nothing that reads criteria sees the stored form.

A text the eligibility text does not hold as it is (structured criteria such as an age
range, a criterion the splitter joined across lines) stays in the record. A record
also keeps a checksum of the eligibility text it points into, so a record read beside
another version of the trial (a copy that went wrong) is refused, never misread: the
reader then parses the trial again, as for a record of another parser version.

The stored form starts with a byte no MessagePack value starts with (0xc1, "never
used"), so a record written whole, by older code or without its trial at hand, reads
as it always did.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from functools import partial

import msgspec

from trialfinder.criteria.model import (
    ConceptMention,
    Constraint,
    ParsedCriteria,
    decode_criteria,
    encode_criteria,
)

__all__ = ["is_text_free", "text_free", "with_text"]

# The first byte of the stored form: MessagePack never writes it.
_TEXT_FREE = b"\xc1"


class _TextFree(msgspec.Struct, array_like=True):
    """The stored form: the parse with every text found in the source emptied, where each
    emptied text stands (in the order :func:`text_free` visits them, the start as a step
    from the previous one's and the length), and the source's CRC-32."""

    parsed: ParsedCriteria
    spans: list[int]
    source_crc: int


_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(_TextFree)


def is_text_free(data: bytes) -> bool:
    """Whether a criteria record's data is in the stored, text-free form."""
    return data.startswith(_TEXT_FREE)


def text_free(data: bytes, source: str) -> bytes:
    """The stored form of an encoded parse whose eligibility text is ``source`` (``data``
    itself when it is not a parse this code encodes back to the same bytes: another
    parser version's layout, say, is kept as it came)."""
    try:
        parsed = decode_criteria(data)
    except msgspec.DecodeError:
        return data
    if encode_criteria(parsed) != data:
        return data
    spans: list[int] = []
    previous = 0

    def place(text: str, near: int) -> str:
        """The text as stored: empty when ``source`` holds it (first looked for from
        ``near`` on), its span then added to ``spans``."""
        nonlocal previous
        if not text:  # an empty text is a span too: the reader fills every empty one
            spans.extend((0, 0))
            return text
        start = source.find(text, near)
        if start < 0:
            start = source.find(text)
            if start < 0:
                return text
        spans.extend((start - previous, len(text)))
        previous = start
        return ""

    # Depth first, each criterion's text and then its constraints': the order with_text
    # fills them in. A constraint's words are looked for from its criterion's start.
    for criterion in parsed.iter_criteria():
        criterion.text = place(criterion.text, previous)
        if criterion.constraints:
            placed = partial(place, near=previous)
            criterion.constraints = [_with_texts(c, placed) for c in criterion.constraints]
    stored = _TextFree(parsed, spans, zlib.crc32(source.encode()))
    return _TEXT_FREE + _encoder.encode(stored)


def with_text(data: bytes, source: str) -> bytes | None:
    """The encoded parse a stored form holds, its texts taken back from ``source``
    (None: ``source`` is not the text the form was made from, or the form is not one this
    code reads, as another parser version's may not be)."""
    try:
        stored = _decoder.decode(memoryview(data)[len(_TEXT_FREE) :])
    except msgspec.DecodeError:
        return None
    if zlib.crc32(source.encode()) != stored.source_crc:
        return None
    spans = iter(stored.spans)
    position = 0

    def take(text: str) -> str:
        nonlocal position
        if text:
            return text
        position += next(spans)
        return source[position : position + next(spans)]

    parsed = stored.parsed
    try:
        for criterion in parsed.iter_criteria():
            criterion.text = take(criterion.text)
            if criterion.constraints:
                criterion.constraints = [_with_texts(c, take) for c in criterion.constraints]
    except StopIteration:  # fewer spans than texts to fill: not a form this code wrote
        return None
    return encode_criteria(parsed)


def _with_texts(constraint: Constraint, convert: Callable[[str], str]) -> Constraint:
    """A constraint with its text (and its time window's) passed through ``convert``:
    the one order in which both directions visit a constraint's texts."""
    text = convert(constraint.text)
    if isinstance(constraint, ConceptMention) and constraint.window is not None:
        window = msgspec.structs.replace(constraint.window, text=convert(constraint.window.text))
        return msgspec.structs.replace(constraint, text=text, window=window)
    return msgspec.structs.replace(constraint, text=text)
