"""How a trial record is kept in a store: msgspec JSON, zstd-compressed with a dictionary.

Both stores and the search index use these functions, so a record written by
one can be read by any. Trial records share most of their keys and much of
their vocabulary; a dictionary captures that once instead of in every record.

Every zstd frame names the id of the dictionary it was written with, so the
store needs no format change when the dictionary does: records are written with
the newest dictionary (``record_dictionary_v3.zstd``), and each stored frame is
read with the dictionary its header names. Older dictionaries stay shipped for
the records older stores hold; frames written without one still decompress.

The v2 and v3 dictionaries are trained (``scripts/build_record_dictionary.py``)
only on the real studies for which :func:`in_dictionary_training_half` is true,
and the benchmark corpus (``bench/scale.py``) is built only from the others, so
the benchmark's store size is not flattered by a dictionary that has seen its text.

Records are the bulk of a store (about two thirds of it at registry scale), so
they are compressed at level 5, not zstd's default 3: on the registry-like corpus
a record takes 2.94 kB instead of 3.24 kB (v3 dictionary), for about 0.13 ms more
CPU a record at ingest; reading costs the same at any level.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any, TypeVar, cast

import msgspec
import zstandard

from trialfinder.model import Trial, decode_trial, encode_trial

__all__ = [
    "DecodedRecords",
    "compress_encoded",
    "compress_record",
    "decompress_bytes",
    "decompress_parts",
    "decompress_record",
    "in_dictionary_training_half",
    "iter_stored_trials",
]

_COMPRESSION_LEVEL = 5


# Every dictionary a stored record may name; records are written with the last.
_DICTIONARY_FILES = (
    "record_dictionary_v1.zstd",
    "record_dictionary_v2.zstd",
    "record_dictionary_v3.zstd",
)


@cache
def _dictionaries() -> dict[int, zstandard.ZstdCompressionDict]:
    """The shipped dictionaries by the id their frames carry (insertion order = age)."""
    found: dict[int, zstandard.ZstdCompressionDict] = {}
    for name in _DICTIONARY_FILES:
        data = (resources.files("trialfinder") / "data" / name).read_bytes()
        dictionary = zstandard.ZstdCompressionDict(data)
        found[dictionary.dict_id()] = dictionary
    return found


def _newest_dictionary() -> zstandard.ZstdCompressionDict:
    return list(_dictionaries().values())[-1]


def in_dictionary_training_half(nct_id: str) -> bool:
    """Whether the shipped dictionary may have been trained on this study.

    A fixed, content-independent split of NCT ids (one bit of a hash, about half
    of them) that both the dictionary's training script and the benchmark corpus
    obey, so that the two never share a study.
    """
    return hashlib.blake2b(nct_id.encode(), digest_size=8).digest()[-1] % 2 == 0


class _Codecs:
    """A compressor and the decompressors (one per dictionary id) for one thread.

    zstandard (de)compressors must not be shared across threads, but making one
    per call loads the dictionary every time: 0.37 ms a record against 0.09 ms
    for a reused compressor, with byte-identical output.
    """

    def __init__(self) -> None:
        self.compressor = zstandard.ZstdCompressor(
            level=_COMPRESSION_LEVEL, dict_data=_newest_dictionary(), write_dict_id=True
        )
        self.decompressors: dict[int, zstandard.ZstdDecompressor] = {
            0: zstandard.ZstdDecompressor()
        }

    def decompressor(self, dictionary_id: int) -> zstandard.ZstdDecompressor:
        """The decompressor for frames written with this dictionary (0: none)."""
        decompressor = self.decompressors.get(dictionary_id)
        if decompressor is None:
            dictionary = _dictionaries().get(dictionary_id)
            if dictionary is None:
                raise ValueError(
                    f"stored record names an unknown zstd dictionary (id {dictionary_id})"
                )
            decompressor = self.decompressors[dictionary_id] = zstandard.ZstdDecompressor(
                dict_data=dictionary
            )
        return decompressor


_per_thread = threading.local()


def _codecs() -> _Codecs:
    codecs: _Codecs | None = getattr(_per_thread, "codecs", None)
    if codecs is None:
        codecs = _per_thread.codecs = _Codecs()
    return codecs


def compress_encoded(encoded: bytes) -> bytes:
    """Compress an :func:`~trialfinder.model.encode_trial` result for storage."""
    return _codecs().compressor.compress(encoded)


def compress_record(trial: Trial) -> bytes:
    return compress_encoded(encode_trial(trial))


def decompress_bytes(blob: bytes) -> bytes:
    """The encoded record inside a stored blob, read with the dictionary its frame names."""
    dictionary_id = zstandard.get_frame_parameters(blob).dict_id
    return _codecs().decompressor(dictionary_id).decompress(blob)


def decompress_record(blob: bytes) -> Trial:
    return decode_trial(decompress_bytes(blob))


class DecodedRecords(Mapping[int, Trial]):
    """Stored records by row id, as trials decoded only when one is read.

    What a store hands its write hook when it copies stored rows: a hook that looks
    at no trial (a database that keeps no search tables) costs no decoding.
    """

    def __init__(self, records: Mapping[int, bytes]) -> None:
        self._records = records

    def __getitem__(self, row_id: int) -> Trial:
        return decompress_record(self._records[row_id])

    def __iter__(self) -> Iterator[int]:
        return iter(self._records)

    def __len__(self) -> int:
        return len(self._records)


PartsT = TypeVar("PartsT", bound=msgspec.Struct)


@cache
def _parts_decoder(parts: type[msgspec.Struct]) -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(parts)


def decompress_parts(blob: bytes, parts: type[PartsT]) -> PartsT:
    """Only the fields of ``parts`` (a Struct named like :class:`Trial`'s fields) from a
    stored record: the rest of the JSON is skipped, not built into objects."""
    return cast(PartsT, _parts_decoder(parts).decode(decompress_bytes(blob)))


def iter_stored_trials(read_after: Callable[[int], Sequence[tuple[int, bytes]]]) -> Iterator[Trial]:
    """Every stored trial in row order, one batch at a time: ``read_after(row_id)`` gives
    the next batch of ``(row id, record)`` rows after ``row_id`` (empty at the end).

    Keyset paging, not OFFSET: each batch costs the same however far the scan has got.
    """
    last_row_id = 0
    while True:
        rows = read_after(last_row_id)
        if not rows:
            return
        for _, record in rows:
            yield decompress_record(record)
        last_row_id = rows[-1][0]
