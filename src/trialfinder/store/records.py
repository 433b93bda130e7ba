"""How a trial record and its derived records are kept in a store: zstd with dictionaries.

A trial is written as its study record (:mod:`trialfinder.store.study_record`: the
study's API v2 JSON, and what that JSON does not say) compressed with the API JSON's
dictionary, so the store keeps each study's facts once; a frame of that dictionary is
read as a study record, a frame of a record dictionary as the typed record older stores
hold (:func:`~trialfinder.model.encode_trial`), which still reads.

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
they are compressed at level 6, not zstd's default 3: on the registry-like corpus a
study record takes 2.92 kB instead of 3.02 kB at level 5 and 3.31 kB at level 3, for
about 0.15 ms more CPU a record at ingest than level 5 (in the worker processes, which
no longer compress the JSON a second time as a derived record); reading costs the same
at any level. (Typed records were written at level 5 with the v3 dictionary: 2.94 kB.)

Derived records (:func:`pack_derived`, :func:`unpack_derived`): the product's default
ingest kept two large ones beside each trial, the study's API v2 JSON (15 kB; now the
trial's record itself, written with the same dictionary) and its parsed criteria (2.2 kB
of MessagePack), which took more of a default store than the trials themselves. Each
kind has its own dictionary, trained by the same script
on the same half (a record dictionary knows field names, not the API's JSON keys or
the criteria's packed layout): at level 5, on 20,000 registry-like studies, the JSON
takes 2.94 kB a study instead of 4.89 kB (zstd level 3 without a dictionary, as stored
before) and the criteria 0.56 kB instead of 2.35 kB, for ~0.21 ms more CPU a study at
ingest (in its worker processes) and no more to read. Both stores keep derived data as
these frames and give it back decompressed, so no caller sees the codec. What older
stores hold still reads: the JSON frames they wrote without a dictionary name none, and
criteria stored uncompressed are not zstd frames at all (a frame starts with zstd's
magic number, which neither MessagePack nor JSON data can). Other kinds (the 0.1 kB
criteria summary that matching reads for every trial) are kept as they are: they would
not shrink.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import cache
from importlib import resources
from typing import Any, TypeVar, cast

import msgspec
import zstandard

from trialfinder.model import DerivedRecord, Trial, decode_trial
from trialfinder.store.criteria_form import is_text_free, text_free, with_text
from trialfinder.store.study_record import (
    criteria_text_of,
    head_end,
    study_json_of,
    study_record,
    study_record_parts,
    trial_of,
)

__all__ = [
    "RECORD_DICTIONARY_FILE",
    "DecodedRecords",
    "compress_record",
    "compress_records",
    "criteria_source",
    "criteria_sources",
    "decompress_bytes",
    "decompress_parts",
    "decompress_record",
    "derived_dictionary_files",
    "in_dictionary_training_half",
    "iter_stored_trials",
    "pack_derived",
    "pack_derived_records",
    "packed_beside",
    "study_json_in_record",
    "unpack_derived",
    "unpack_derived_records",
    "whole_derived",
]

_COMPRESSION_LEVEL = 6
# Derived records: level 5 compresses a study's API JSON and criteria in 0.30 ms (in ingest's
# workers) to 3.5 kB; level 3 would take 0.13 ms and leave 3.9 kB (bench/RESULTS.md).
_DERIVED_COMPRESSION_LEVEL = 5

# The newest dictionary of typed records, which stores kept before study records; it and the
# older ones stay for the frames those stores hold (every frame names the dictionary it needs).
RECORD_DICTIONARY_FILE = "record_dictionary_v3.zstd"
_OLDER_DICTIONARY_FILES = (
    "record_dictionary_v1.zstd",
    "record_dictionary_v2.zstd",
    # Whole parsed criteria, as stores kept them before criteria_form.
    "criteria_dictionary_v1.zstd",
)
_STUDY_JSON_DICTIONARY_FILE = "study_json_dictionary_v1.zstd"
_CRITERIA_DICTIONARY_FILE = "criteria_dictionary_v2.zstd"

# The first four bytes of every zstd frame.
_ZSTD_MAGIC = b"\x28\xb5\x2f\xfd"


@cache
def derived_dictionary_files() -> dict[str, str]:
    """The dictionary each large derived kind is written with, by kind."""
    # Imported here, not at the top: ingest's loader imports the store, so the modules
    # that name these kinds are still loading when this one is.
    from trialfinder.criteria.model import CRITERIA_KIND
    from trialfinder.ingest.study_json import STUDY_JSON_KIND

    return {STUDY_JSON_KIND: _STUDY_JSON_DICTIONARY_FILE, CRITERIA_KIND: _CRITERIA_DICTIONARY_FILE}


@cache
def _dictionary(name: str) -> zstandard.ZstdCompressionDict:
    return zstandard.ZstdCompressionDict(
        (resources.files("trialfinder") / "data" / name).read_bytes()
    )


@cache
def _dictionaries() -> dict[int, zstandard.ZstdCompressionDict]:
    """Every shipped dictionary by the id its frames carry."""
    names = (
        *_OLDER_DICTIONARY_FILES,
        RECORD_DICTIONARY_FILE,
        _STUDY_JSON_DICTIONARY_FILE,
        _CRITERIA_DICTIONARY_FILE,
    )
    return {dictionary.dict_id(): dictionary for dictionary in map(_dictionary, names)}


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
        # Trials are kept as study records: API v2 JSON and the API JSON's dictionary.
        self.compressor = _compressor(_STUDY_JSON_DICTIONARY_FILE, _COMPRESSION_LEVEL)
        self.derived_compressors: dict[str, zstandard.ZstdCompressor | None] = {}
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

    def derived_compressor(self, kind: str) -> zstandard.ZstdCompressor | None:
        """The compressor for derived records of ``kind`` (None: kept as they are)."""
        if kind not in self.derived_compressors:
            name = derived_dictionary_files().get(kind)
            self.derived_compressors[kind] = (
                None if name is None else _compressor(name, _DERIVED_COMPRESSION_LEVEL)
            )
        return self.derived_compressors[kind]


def _compressor(dictionary_file: str, level: int) -> zstandard.ZstdCompressor:
    return zstandard.ZstdCompressor(
        level=level, dict_data=_dictionary(dictionary_file), write_dict_id=True
    )


_per_thread = threading.local()


def _codecs() -> _Codecs:
    codecs: _Codecs | None = getattr(_per_thread, "codecs", None)
    if codecs is None:
        codecs = _per_thread.codecs = _Codecs()
    return codecs


def compress_record(trial: Trial) -> bytes:
    """What a store keeps of ``trial``: its study record, compressed with the API JSON's
    dictionary (the frame's dictionary id says which form a stored record is in).

    One zstd frame whose first block ends where the record's head does
    (:func:`~trialfinder.store.study_record.head_end`): a results page decompresses
    that block alone for a hit's snippet texts (:func:`decompress_parts`), not a whole
    record (a page of the sample's results decompressed 0.53 MB for them). The rest
    still refers back into the head, so the frame is only ~18 bytes larger (a block's
    header and tables; 2,917 -> 2,935 B a registry-like study); any zstd reader reads
    it whole, as before."""
    return compress_records([trial])[0]


def compress_records(trials: Sequence[Trial]) -> list[bytes]:
    """:func:`compress_record` of each of ``trials``: every study record made first, then
    every one compressed, so that the compressor's tables (its dictionary's, at level 6)
    stay in the CPU's caches from one record to the next, not evicted by the making of
    the next record's JSON (an ingest worker's batch: ~0.1 ms a registry study less,
    the same bytes)."""
    texts = [study_record(trial) for trial in trials]
    compressor = _codecs().compressor
    return [_study_record_frame(compressor, text) for text in texts]


def _study_record_frame(compressor: zstandard.ZstdCompressor, text: bytes) -> bytes:
    """A study record compressed, its first block ending with its head."""
    end = head_end(text)
    if end is None:
        return compressor.compress(text)
    frame = compressor.compressobj(size=len(text))
    return b"".join(
        (
            frame.compress(text[:end]),
            frame.flush(zstandard.COMPRESSOBJ_FLUSH_BLOCK),
            frame.compress(text[end:]),
            frame.flush(),
        )
    )


# zstd's block header (RFC 8878, 3.1.1.2): 3 bytes, little-endian; bit 0 says the block is
# the frame's last, bits 1-2 its type, the rest its size.
_BLOCK_HEADER = 3
_RLE_BLOCK = 1


# The most a zstd block holds. The compressor ends a block sooner only where it is told
# to (the head's end) or, at zstd's strongest levels (16+, far above the level records
# are written at), where its block splitter chooses: a shorter first block is a head.
_FULL_BLOCK = 128 * 1024


def _first_block(blob: bytes) -> bytes | None:
    """The frame header and first block of a stored record (None: the frame has one
    block, so its first block is the whole record)."""
    start = zstandard.frame_header_size(blob)
    header = int.from_bytes(blob[start : start + _BLOCK_HEADER], "little")
    if header & 1:
        return None
    size = 1 if (header >> 1) & 3 == _RLE_BLOCK else header >> 3
    return blob[: start + _BLOCK_HEADER + size]


@cache
def _study_record_dictionary_id() -> int:
    return _dictionary(_STUDY_JSON_DICTIONARY_FILE).dict_id()


def _decompressed(blob: bytes) -> tuple[bool, bytes]:
    """A stored blob's bytes, and whether they are a study record (not a typed record)."""
    dictionary_id = zstandard.get_frame_parameters(blob).dict_id
    text = _codecs().decompressor(dictionary_id).decompress(blob)
    return dictionary_id == _study_record_dictionary_id(), text


def decompress_bytes(blob: bytes) -> bytes:
    """The bytes inside a stored blob, read with the dictionary its frame names."""
    return _decompressed(blob)[1]


def decompress_record(blob: bytes) -> Trial:
    """The trial a stored record holds, in either form."""
    is_study_record, text = _decompressed(blob)
    return trial_of(text) if is_study_record else decode_trial(text)


def study_json_in_record(blob: bytes) -> bytes | None:
    """The API v2 JSON a stored record holds (None: the record is a typed one, as older
    stores keep, or an older export made its JSON)."""
    is_study_record, text = _decompressed(blob)
    return study_json_of(text) if is_study_record else None


def pack_derived(kind: str, data: bytes, source: str | None = None) -> bytes:
    """What a store keeps of a derived record's data: compressed with its kind's
    dictionary (other kinds as they are). Data that already is a zstd frame is kept as
    it is, so records packed where they were made (an ingest worker) or copied from
    another store are not compressed twice. A criteria record made from the eligibility
    text ``source`` keeps the texts that ``source`` holds as where they stand in it
    (:mod:`~trialfinder.store.criteria_form`; :func:`whole_derived` gives them back)."""
    compressor = _codecs().derived_compressor(kind)
    if compressor is None or data.startswith(_ZSTD_MAGIC):
        return data
    if source is not None and kind == _criteria_kind():
        data = text_free(data, source)
    return compressor.compress(data)


def unpack_derived(stored: bytes) -> bytes:
    """A derived record's data as a store keeps it, decompressed (a frame of any
    dictionary or none, or data kept as it is); a criteria record may still need its
    texts (:func:`whole_derived`)."""
    return decompress_bytes(stored) if stored.startswith(_ZSTD_MAGIC) else stored


def pack_derived_records(
    records: Iterable[DerivedRecord], sources: Mapping[str, str] | None = None
) -> Iterator[DerivedRecord]:
    """The records with their data as a store keeps it (:func:`pack_derived`), a criteria
    record with the eligibility text of its trial in ``sources`` (by NCT id) if there."""
    for record in records:
        source = None if sources is None else sources.get(record.nct_id)
        packed = pack_derived(record.kind, record.data, source)
        yield record if packed is record.data else msgspec.structs.replace(record, data=packed)


def packed_beside(trials: Sequence[Trial], records: Sequence[DerivedRecord]) -> list[DerivedRecord]:
    """Derived records written with their ``trials``, packed with those trials' texts."""
    sources = {trial.nct_id: criteria_source(trial) for trial in trials}
    return list(pack_derived_records(records, sources))


def unpack_derived_records(records: Iterable[DerivedRecord]) -> Iterator[DerivedRecord]:
    """Stored records with their data decompressed (:func:`unpack_derived`)."""
    for record in records:
        data = unpack_derived(record.data)
        yield record if data is record.data else msgspec.structs.replace(record, data=data)


@cache
def _criteria_kind() -> str:
    # Imported here for the reason derived_dictionary_files gives.
    from trialfinder.criteria.model import CRITERIA_KIND

    return CRITERIA_KIND


def criteria_source(trial: Trial) -> str:
    """The text a stored parse of ``trial``'s criteria points into: its eligibility text."""
    return trial.eligibility.criteria_text or ""


def _stored_criteria_source(blob: bytes) -> str:
    """:func:`criteria_source` of a stored record, reading only that text from it."""
    is_study_record, text = _decompressed(blob)
    if is_study_record:
        return criteria_text_of(text) or ""
    return criteria_source(decode_trial(text))


# Records read from a store at a time (an SQL query's parameters) to give criteria their texts.
_SOURCE_BATCH = 500
RecordReader = Callable[[Sequence[str]], Mapping[str, bytes]]


def criteria_sources(
    records: Sequence[DerivedRecord], read_records: RecordReader
) -> dict[str, str]:
    """The eligibility texts, by NCT id, of the trials whose criteria records among
    ``records`` are not packed yet, from their stored records (``read_records``: a store's
    ``get_records``): what a store passes :func:`pack_derived_records` when it is handed
    records without their trials."""
    return _stored_sources(
        [
            record.nct_id
            for record in records
            if record.kind == _criteria_kind() and not record.data.startswith(_ZSTD_MAGIC)
        ],
        read_records,
    )


def _stored_sources(nct_ids: Sequence[str], read_records: RecordReader) -> dict[str, str]:
    """The eligibility texts of these trials by NCT id, from their stored records read a
    batch at a time (a trial with no stored record is left out)."""
    found: dict[str, str] = {}
    for start in range(0, len(nct_ids), _SOURCE_BATCH):
        stored = read_records(nct_ids[start : start + _SOURCE_BATCH])
        found.update((nct_id, _stored_criteria_source(blob)) for nct_id, blob in stored.items())
    return found


def whole_derived(
    records: Iterable[DerivedRecord], read_records: RecordReader
) -> Iterator[DerivedRecord]:
    """Unpacked derived records as their makers wrote them: a criteria record kept without
    its texts gets them back from its trial's stored record (``read_records``: the store's
    ``get_records``), a batch at a time. One whose trial's record is gone or is not the
    one it was made from is left out, as if never stored: readers then parse the trial."""
    batch: list[DerivedRecord] = []
    for record in records:
        batch.append(record)
        if len(batch) == _SOURCE_BATCH:
            yield from _texts_filled_in(batch, read_records)
            batch = []
    yield from _texts_filled_in(batch, read_records)


def _texts_filled_in(
    batch: list[DerivedRecord], read_records: RecordReader
) -> Iterator[DerivedRecord]:
    sources = _stored_sources([r.nct_id for r in batch if _is_text_free(r)], read_records)
    for record in batch:
        if not _is_text_free(record):
            yield record
            continue
        source = sources.get(record.nct_id)
        data = None if source is None else with_text(record.data, source)
        if data is not None:
            yield msgspec.structs.replace(record, data=data)


def _is_text_free(record: DerivedRecord) -> bool:
    """Whether a stored record is a criteria record kept without its texts."""
    return record.kind == _criteria_kind() and is_text_free(record.data)


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
    stored record: the rest of the JSON is skipped, not built into objects, and when
    the parts are all in the record's head and the record was written with one, only
    its first block is decompressed (:func:`compress_record`)."""
    dictionary_id = zstandard.get_frame_parameters(blob).dict_id
    decompressor = _codecs().decompressor(dictionary_id)
    if dictionary_id == _study_record_dictionary_id():
        reader = study_record_parts(parts)
        first = _first_block(blob) if reader.in_head else None
        if first is not None:
            head = decompressor.decompressobj().decompress(first)
            # A full first block is where zstd cut a long record, which may be one with
            # a trailer: not a head.
            found = reader.read_head(head) if len(head) < _FULL_BLOCK else None
            if found is not None:
                return cast(PartsT, found)
        return cast(PartsT, reader.read(decompressor.decompress(blob)))
    return cast(PartsT, _parts_decoder(parts).decode(decompressor.decompress(blob)))


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
