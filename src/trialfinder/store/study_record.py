"""A trial kept once, as its API v2 JSON: what the store writes and both views it gives back.

The product's default store used to keep each study's facts twice: the typed record
(:class:`~trialfinder.model.Trial` as JSON, 2.9 kB compressed) and, beside it as a derived
record, the study's API v2 JSON (3.0 kB compressed) that ``/api/v2/studies`` sends byte
for byte. The two are one document in two shapes: the API JSON is
:func:`~trialfinder.ingest.ctgov_v2_export.export_study` of the trial, and ingest's own
API v2 parser (:func:`~trialfinder.ingest.ctgov_v2.parse_study_json`, msgspec's typed
decode into Structs shaped like the API whose leaves are the trial's own types) gives
the trial back from it. So a stored record is the API JSON (compressed with its
dictionary, ``study_json_dictionary_v1.zstd``): the API sends its bytes, everything
else decodes the trial from it at about the cost of decoding the typed record
(0.18 against 0.15-0.23 ms a registry study, decompression included).

What the JSON does not say comes after it, on a line of its own: the fields of the
trial that parsing the JSON does not give back as they were (the source format of a
legacy XML record, its "N/A" age texts, an estimate word the API spells otherwise),
each as the trial holds it, so every trial reads back exactly as it was written,
whatever its source. A registry study needs none (20,000 of 20,000 registry-like
studies read back equal), so its record is the API JSON and nothing else. Compact
JSON writes no raw line break, so the first one is where the JSON ends. The trailer
also names the export's version when it is not the first
(:data:`~trialfinder.ingest.study_json.STUDY_JSON_VERSION`): the API serves only JSON
the current export made, and exports the others from the trial.

A record is therefore as exact as ``parse_study_json(export_study(trial))`` plus its
trailer: a change to either function that makes a stored study read back otherwise
must bump the export's version (and stored records are rewritten), as the round-trip
tests in ``tests/test_study_record.py`` check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from operator import attrgetter
from typing import Any

import msgspec

from trialfinder.model import Trial, encode_trial

__all__ = [
    "StudyRecordParts",
    "criteria_text_of",
    "head_end",
    "study_json_of",
    "study_record",
    "study_record_parts",
    "trial_of",
]

_TRAILER = b"\n"
# The export version of records whose trailer names none: the version they were first
# written at. A record names the version only when it is another.
_UNNAMED_VERSION = "1"


class _Trailer(msgspec.Struct, omit_defaults=True):
    """What a record says beside the JSON (nothing, for a registry study)."""

    # The export version that wrote the JSON, when it is not :data:`_UNNAMED_VERSION`.
    version: str | None = None
    # The trial's fields parsing the JSON does not give back, as the trial holds them.
    fields: dict[str, Any] = {}


_NOTHING_TO_SAY = _Trailer()
_trailer_decoder = msgspec.json.Decoder(_Trailer)
_encoder = msgspec.json.Encoder()


@cache
def _codec() -> tuple[Callable[[Trial], bytes], Callable[[bytes], Trial], str]:
    """The export, its inverse and the export's version. Imported here, not at the top:
    ingest imports the store, so ingest's modules are still loading when this one is."""
    from trialfinder.ingest.ctgov_v2 import parse_study_json
    from trialfinder.ingest.study_json import STUDY_JSON_VERSION, encode_study_json

    return encode_study_json, parse_study_json, STUDY_JSON_VERSION


@cache
def _field_types() -> dict[str, Any]:
    return {field.name: field.type for field in msgspec.structs.fields(Trial)}


def study_record(trial: Trial) -> bytes:
    """What the store keeps of ``trial`` (before compression): its API v2 JSON, and on a
    line after it the fields that JSON does not give back as they are."""
    export, parse, version = _codec()
    document = export(trial)
    read_back = parse(document)
    # Compared whole first (in C): nearly every study reads back equal, and then no field
    # needs comparing one by one.
    fields = (
        {}
        if read_back == trial
        else {
            name: getattr(trial, name)
            for name in trial.__struct_fields__
            if getattr(trial, name) != getattr(read_back, name)
        }
    )
    trailer = _Trailer(version=None if version == _UNNAMED_VERSION else version, fields=fields)
    if trailer == _NOTHING_TO_SAY:
        return document
    return document + _TRAILER + _encoder.encode(trailer)


def _split(text: bytes) -> tuple[bytes, _Trailer | None]:
    end = text.find(_TRAILER)
    if end < 0:
        return text, None
    return text[:end], _trailer_decoder.decode(text[end + 1 :])


def trial_of(text: bytes) -> Trial:
    """The trial a :func:`study_record` holds, exactly as it was written."""
    document, trailer = _split(text)
    trial = _codec()[1](document)
    if trailer is None or not trailer.fields:
        return trial
    types = _field_types()
    return msgspec.structs.replace(
        trial,
        **{name: msgspec.convert(value, types[name]) for name, value in trailer.fields.items()},
    )


def study_json_of(text: bytes) -> bytes | None:
    """The API v2 JSON a :func:`study_record` holds, or None when an older export made it."""
    document, trailer = _split(text)
    return document if _exported_now(trailer) else None


# Where the API JSON writes each field of the trial that it holds as the trial does (same
# name, same shape), by the trial's field name: a few of a record's fields are read
# straight from its JSON, skipping the rest, as from a typed record
# (``Store.get_trial_parts``).
_PROTOCOL = "protocolSection"
_VERBATIM_PATHS: dict[str, tuple[str, ...]] = {
    "nct_id": (_PROTOCOL, "identificationModule", "nctId"),
    "brief_title": (_PROTOCOL, "identificationModule", "briefTitle"),
    "official_title": (_PROTOCOL, "identificationModule", "officialTitle"),
    "acronym": (_PROTOCOL, "identificationModule", "acronym"),
    "overall_status": (_PROTOCOL, "statusModule", "overallStatus"),
    "brief_summary": (_PROTOCOL, "descriptionModule", "briefSummary"),
    "detailed_description": (_PROTOCOL, "descriptionModule", "detailedDescription"),
    "conditions": (_PROTOCOL, "conditionsModule", "conditions"),
    "keywords": (_PROTOCOL, "conditionsModule", "keywords"),
    "study_type": (_PROTOCOL, "designModule", "studyType"),
    "phases": (_PROTOCOL, "designModule", "phases"),
    "interventions": (_PROTOCOL, "armsInterventionsModule", "interventions"),
    "arm_groups": (_PROTOCOL, "armsInterventionsModule", "armGroups"),
    "locations": (_PROTOCOL, "contactsLocationsModule", "locations"),
}
# Values the trial holds inside one of its fields that the JSON writes as they are, by the
# name a reader's parts give them: the trial's field that holds the value (a trailer
# naming it sends the reader to the whole trial), the value's place in that field, and
# its place in the JSON.
_INNER_PATHS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "criteria_text": (
        "eligibility",
        "eligibility.criteria_text",
        (_PROTOCOL, "eligibilityModule", "eligibilityCriteria"),
    ),
}


# The modules of ``protocolSection`` in the order the export writes them
# (:func:`~trialfinder.ingest.ctgov_v2_export.export_study`), then the sections after it.
# A reader that needs only the first few modules decodes the JSON up to the next one
# present (:func:`_prefix_cut`): a search hit's snippet texts sit in the first 5 of a
# sample record's 27.6 kB (outcomes, criteria, sites and MeSH headings follow), and
# msgspec skipping the rest cost more than decoding what the page reads.
_PROTOCOL_MODULES = (
    "identificationModule",
    "statusModule",
    "sponsorCollaboratorsModule",
    "descriptionModule",
    "conditionsModule",
    "designModule",
    "armsInterventionsModule",
    "outcomesModule",
    "eligibilityModule",
    "contactsLocationsModule",
)
_AFTER_PROTOCOL = b'},"derivedSection":'


def _prefix_cut(paths: Iterable[tuple[str, ...]]) -> tuple[tuple[bytes, int, bytes], ...]:
    """Where the JSON of a record may be cut for a reader of ``paths`` (all in
    ``protocolSection``): each ``(key, kept, closing)`` is a key that follows every
    module the paths name, how many of its bytes stay, and what closes the JSON cut
    there. Compact JSON writes a quote inside a string as ``\\"``, so ``,"key":`` occurs
    only as a key; these keys occur only in ``protocolSection`` (and ``derivedSection``
    only at the top). Empty when the paths reach past the modules listed."""
    modules = {path[1] for path in paths if len(path) > 1 and path[0] == _PROTOCOL}
    if not all(len(path) > 1 and path[0] == _PROTOCOL for path in paths) or not (
        modules <= set(_PROTOCOL_MODULES)
    ):
        return ()
    last = max(_PROTOCOL_MODULES.index(module) for module in modules)
    return (
        *((f',"{module}":'.encode(), 0, b"}}") for module in _PROTOCOL_MODULES[last + 1 :]),
        (_AFTER_PROTOCOL, 1, b"}"),
    )


# The modules a search hit's snippet texts are in end a record's head: the first block
# of its zstd frame (:func:`head_end`), which a results page decompresses alone.
_HEAD_CUT = _prefix_cut([(_PROTOCOL, "armsInterventionsModule")])


def head_end(text: bytes) -> int | None:
    """Where the head of a :func:`study_record` ends: just after the key of the first
    module that follows the ones a hit's snippet texts are in (None: the record has a
    trailer, which a head would hide, or no such key). A reader of those modules
    decodes the head alone (:meth:`StudyRecordParts.read_head`); on the sample, the head
    is 4.1 of a record's 27.6 kB."""
    if _TRAILER in text:
        return None
    for key, _, _ in _HEAD_CUT:
        found = text.find(key)
        if found >= 0:
            return found + len(key)
    return None


def _prefix(document: bytes, cut: tuple[tuple[bytes, int, bytes], ...]) -> bytes:
    """The JSON ``document`` up to the first of ``cut``'s keys it holds, closed (the whole
    document when it holds none)."""
    for key, kept, closing in cut:
        found = document.find(key)
        if found >= 0:
            return document[: found + kept] + closing
    return document


def _exported_now(trailer: _Trailer | None) -> bool:
    """Whether the export that wrote a record's JSON is the current one, whose order of
    modules :data:`_PROTOCOL_MODULES` gives."""
    written_by = _UNNAMED_VERSION if trailer is None else trailer.version or _UNNAMED_VERSION
    return written_by == _codec()[2]


class StudyRecordParts:
    """Reads some fields of a trial (``parts``: a Struct named and typed like
    :class:`Trial`'s fields, or like a value inside one, :data:`_INNER_PATHS`) from a
    :func:`study_record`, decoding only them when the
    JSON holds them verbatim (:data:`_VERBATIM_PATHS`) and the record says nothing
    else of them — and only the JSON up to the modules that hold them
    (:func:`_prefix_cut`); otherwise from the whole trial."""

    def __init__(self, parts: type[msgspec.Struct]) -> None:
        self._parts = parts
        names = parts.__struct_fields__
        inner = [name for name in names if name in _INNER_PATHS]
        # The trial's fields the parts come from, and, for parts that name a value inside
        # one, how each is read from a whole trial (the others are decoded from its JSON).
        self._names = {_INNER_PATHS[name][0] if name in inner else name for name in names}
        self._from_trial = [
            (name, attrgetter(_INNER_PATHS[name][1]) if name in inner else attrgetter(name))
            for name in names
        ]
        self._inner = bool(inner)
        paths = {
            name: _INNER_PATHS[name][2] if name in inner else _VERBATIM_PATHS.get(name)
            for name in names
        }
        self._decoder: msgspec.json.Decoder[Any] | None = None
        self._getters: list[tuple[str, Callable[[Any], Any]]] = []
        self._cut: tuple[tuple[bytes, int, bytes], ...] = ()
        self.in_head = False
        if all(path is not None for path in paths.values()):
            self._decoder = msgspec.json.Decoder(_nested(parts, paths))
            self._getters = [
                (name, attrgetter(".".join(map(_attribute, path or ()))))
                for name, path in paths.items()
            ]
            self._cut = _prefix_cut(path for path in paths.values() if path is not None)
            # Whether every module these parts are in is in a record's head: they can be
            # read from its first block alone (read_head).
            self.in_head = set(_HEAD_CUT) <= set(self._cut)
        self._whole = msgspec.json.Decoder(parts)

    def read(self, text: bytes) -> Any:
        document, trailer = _split(text)
        decoder = self._decoder
        if decoder is None or (trailer is not None and self._names & trailer.fields.keys()):
            return self._of_trial(trial_of(text))
        found = decoder.decode(_prefix(document, self._cut) if _exported_now(trailer) else document)
        values = {}
        for name, getter in self._getters:
            try:
                value = getter(found)
            except AttributeError:  # a module the study leaves out (None)
                continue
            if value is not None:
                values[name] = value
        return self._parts(**values)

    def _of_trial(self, trial: Trial) -> Any:
        """The parts from a whole trial."""
        if self._inner:
            return self._parts(**{name: get(trial) for name, get in self._from_trial})
        return self._whole.decode(encode_trial(trial))

    def read_head(self, head: bytes) -> Any | None:
        """The parts from a record's head (:func:`head_end`), or None when this reader
        needs more of the record or the head stops short of a module boundary."""
        if not self.in_head or not any(head.endswith(key) for key, _, _ in _HEAD_CUT):
            return None
        return self.read(head)


def _attribute(key: str) -> str:
    return f"k_{key}"


def _nested(parts: type[msgspec.Struct], paths: dict[str, tuple[str, ...] | None]) -> Any:
    """A Struct type shaped like the API JSON down to the leaves ``paths`` name, each leaf
    typed as ``parts`` types it (every level optional, None when the study leaves it out:
    the field then keeps the default ``parts`` gives it)."""
    types = {field.name: field.type for field in msgspec.structs.fields(parts)}
    tree: dict[str, Any] = {}
    for name, path in paths.items():
        assert path is not None
        node = tree
        for step in path[:-1]:
            node = node.setdefault(step, {})
        node[path[-1]] = types[name]

    def build(node: dict[str, Any], label: str) -> Any:
        fields: list[tuple[str, Any, Any]] = []
        for key, child in node.items():
            if isinstance(child, dict):
                fields.append((_attribute(key), build(child, key) | None, None))
            else:
                fields.append((_attribute(key), child | None, None))
        return msgspec.defstruct(
            f"_{label}Parts",
            fields,
            rename={_attribute(key): key for key in node},
            gc=False,
        )

    return build(tree, "Study")


@cache
def study_record_parts(parts: type[msgspec.Struct]) -> StudyRecordParts:
    """The reader of ``parts`` from study records (one a parts type: it builds decoders)."""
    return StudyRecordParts(parts)


class _CriteriaText(msgspec.Struct, gc=False):
    criteria_text: str | None = None


def criteria_text_of(text: bytes) -> str | None:
    """The eligibility criteria text a :func:`study_record` holds: read from its JSON path
    alone (what rebuilding a stored parse's texts needs), or from the whole trial when the
    record's trailer holds the trial's eligibility."""
    found: _CriteriaText = study_record_parts(_CriteriaText).read(text)
    return found.criteria_text
