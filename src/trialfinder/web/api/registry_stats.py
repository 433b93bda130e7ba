"""The registry's other endpoints, answered from the local store: the data model
(``/studies/metadata``), statistics (``/stats/size``, ``/stats/fieldValues``,
``/stats/listSizes``) and ``/version``.

Clients call them to discover fields, check a value's spelling or see how
fresh the data is before searching; each answers in the schema of the
registry's OpenAPI document, computed over the studies this store holds (their
API v2 documents, as ``/studies`` sends them). The statistics need one pass
over every study, so they are kept per data generation of the store and
recomputed only when the data changes.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections import Counter
from collections.abc import Iterator
from datetime import UTC
from typing import Annotated, Any, Final

from fastapi import APIRouter, Query, Request
from fastapi.responses import JSONResponse, Response

from trialfinder.ingest.ctgov_v2_export import export_study
from trialfinder.ingest.sync import last_synced_at
from trialfinder.search import QueryError
from trialfinder.store import Store
from trialfinder.web.api.answers import ERROR_RESPONSES, request_store
from trialfinder.web.api.fields import (
    DATE_FIELDS,
    FIELD_PATHS,
    NUMERIC_FIELDS,
    UnknownField,
    field_path,
    study_values,
)
from trialfinder.web.api.params import check_parameters, split_list

__all__ = ["API_VERSION", "router"]

API_VERSION: Final = "2.0.0"
"""The registry API version these endpoints follow."""

router = APIRouter(prefix="/api/v2", tags=["studies"])

_ENUM_FIELDS: Final = frozenset(
    {
        "OrgClass",
        "OverallStatus",
        "LastKnownStatus",
        "StartDateType",
        "PrimaryCompletionDateType",
        "CompletionDateType",
        "ResponsiblePartyType",
        "LeadSponsorClass",
        "CollaboratorClass",
        "StudyType",
        "Phase",
        "DesignAllocation",
        "DesignInterventionModel",
        "DesignPrimaryPurpose",
        "DesignObservationalModel",
        "DesignTimePerspective",
        "DesignMasking",
        "DesignWhoMasked",
        "EnrollmentType",
        "ArmGroupType",
        "InterventionType",
        "Sex",
        "StdAge",
        "SamplingMethod",
        "OverallOfficialRole",
        "LocationStatus",
    }
)
_BOOLEAN_FIELDS: Final = frozenset({"HealthyVolunteers", "GenderBased", "HasResults"})
_NOT_LEAVES: Final = frozenset({"LocationGeoPoint"})
_TYPES: Final = ("ENUM", "STRING", "DATE", "INTEGER", "NUMBER", "BOOLEAN")
_TOP_VALUES: Final = 25


def _stats_type(piece: str) -> str:
    if piece in _ENUM_FIELDS:
        return "ENUM"
    if piece in _BOOLEAN_FIELDS:
        return "BOOLEAN"
    if piece in DATE_FIELDS:
        return "DATE"
    if piece in NUMERIC_FIELDS:
        return "INTEGER"
    return "STRING"


# Leaf pieces: a path no other piece's path continues.
_LEAF_PIECES: Final = tuple(
    piece
    for piece, path in FIELD_PATHS.items()
    if piece not in _NOT_LEAVES
    and not any(other.startswith(path + ".") for other in FIELD_PATHS.values())
)
_PIECE_OF_PATH: Final = {path: piece for piece, path in FIELD_PATHS.items()}


def _list_pieces(studies: list[dict[str, Any]]) -> list[str]:
    """Pieces whose value is a list in some study (conditions, phases, locations...)."""
    found = []
    for piece, path in FIELD_PATHS.items():
        for study in studies:
            value = _at(study, path)
            if isinstance(value, list):
                found.append(piece)
                break
    return found


def _at(study: dict[str, Any], path: str) -> Any:
    value: Any = study
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


class _Statistics:
    """Every statistic of one data generation, computed in one pass over the store."""

    def __init__(self, store: Store) -> None:
        studies = [export_study(trial) for trial in store.iter_trials()]
        self.sizes = self._sizes(studies)
        self.values = {piece: self._values(studies, piece) for piece in _LEAF_PIECES}
        self.list_sizes = {
            piece: self._list_sizes(studies, piece) for piece in _list_pieces(studies)
        }

    @staticmethod
    def _sizes(studies: list[dict[str, Any]]) -> dict[str, Any]:
        sized = sorted(
            (
                len(gzip.compress(json.dumps(study).encode())),
                str(study["protocolSection"]["identificationModule"]["nctId"]),
            )
            for study in studies
        )
        counts = [size for size, _ in sized]
        ranges = Counter(f"{size // 1000 * 1000}-{size // 1000 * 1000 + 999}" for size in counts)
        return {
            "averageSizeBytes": sum(counts) // len(counts) if counts else 0,
            "largestStudies": [{"id": nct, "sizeBytes": size} for size, nct in sized[::-1][:10]],
            "percentiles": {
                str(share): counts[min(len(counts) - 1, len(counts) * share // 100)]
                for share in (5, 25, 50, 75, 95)
            }
            if counts
            else {},
            "ranges": [
                {"sizeRange": size_range, "studiesCount": count}
                for size_range, count in sorted(
                    ranges.items(), key=lambda item: int(item[0].split("-")[0])
                )
            ],
            "totalStudies": len(counts),
        }

    @staticmethod
    def _values(studies: list[dict[str, Any]], piece: str) -> dict[str, Any]:
        kind = _stats_type(piece)
        answer: dict[str, Any] = {"field": FIELD_PATHS[piece], "piece": piece, "type": kind}
        per_study = [study_values(study, piece) for study in studies]
        answer["missingStudiesCount"] = sum(1 for values in per_study if not values)
        values = [value for study in per_study for value in study]
        if kind == "BOOLEAN":
            answer["trueCount"] = sum(1 for value in values if value is True)
            answer["falseCount"] = sum(1 for value in values if value is False)
        elif kind == "INTEGER":
            numbers = [int(value) for value in values if isinstance(value, int)]
            if numbers:
                answer |= {
                    "min": min(numbers),
                    "max": max(numbers),
                    "avg": sum(numbers) / len(numbers),
                }
        elif kind == "DATE":
            dates = sorted(str(value) for value in values)
            answer["formats"] = sorted(
                {("yyyy-MM-dd" if len(d) == 10 else "yyyy-MM") for d in dates}
            )
            if dates:
                answer |= {"min": dates[0], "max": dates[-1]}
        else:
            counts = Counter(str(value) for study in per_study for value in set(map(str, study)))
            answer["uniqueValuesCount"] = len(counts)
            answer["topValues"] = [
                {"value": value, "studiesCount": count}
                for value, count in counts.most_common(_TOP_VALUES)
            ]
            if kind == "STRING" and values:
                longest = max(
                    (
                        (len(str(value)), str(value), study)
                        for study in studies
                        for value in study_values(study, piece)
                    ),
                    key=lambda item: item[0],
                )
                answer["longest"] = {
                    "length": longest[0],
                    "value": longest[1],
                    "nctId": str(longest[2]["protocolSection"]["identificationModule"]["nctId"]),
                }
        return answer

    @staticmethod
    def _list_sizes(studies: list[dict[str, Any]], piece: str) -> dict[str, Any]:
        sizes = Counter(
            len(value)
            for study in studies
            if isinstance(value := _at(study, FIELD_PATHS[piece]), list)
        )
        answer: dict[str, Any] = {
            "field": FIELD_PATHS[piece],
            "piece": piece,
            "uniqueSizesCount": len(sizes),
            "topSizes": [
                {"size": size, "studiesCount": count}
                for size, count in sizes.most_common(_TOP_VALUES)
            ],
        }
        if sizes:
            answer |= {"minSize": min(sizes), "maxSize": max(sizes)}
        return answer


_cache_lock = threading.Lock()


def _statistics(request: Request) -> _Statistics:
    store = request_store(request)
    generation = store.data_generation()
    with _cache_lock:
        cached: tuple[str | None, _Statistics] | None = getattr(
            request.app.state, "registry_statistics", None
        )
        if cached is not None and generation is not None and cached[0] == generation:
            return cached[1]
        statistics = _Statistics(store)
        request.app.state.registry_statistics = (generation, statistics)
        return statistics


def _one_field(request: Request, name: str, table: dict[str, dict[str, Any]]) -> Response:
    """The statistics of the field named by piece or path, or a 404."""
    check_parameters(request.query_params, frozenset())
    try:
        stats = table.get(_PIECE_OF_PATH.get(field_path(name), ""))
    except UnknownField:
        stats = None
    if stats is None:
        return JSONResponse({"message": f"No field {name[:80]!r}."}, status_code=404)
    return JSONResponse(stats)


def _node(name: str, path: str, children: list[dict[str, Any]]) -> dict[str, Any]:
    piece = _PIECE_OF_PATH.get(path, name[:1].upper() + name[1:])
    if children:
        return {
            "name": name,
            "piece": piece,
            "sourceType": "STRUCT",
            "type": "object",
            "children": children,
        }
    kind = _stats_type(piece)
    source = {"ENUM": "ENUM", "DATE": "DATE", "INTEGER": "NUMERIC", "BOOLEAN": "BOOLEAN"}
    node = {
        "name": name,
        "piece": piece,
        "sourceType": source.get(kind, "TEXT"),
        "type": kind.lower(),
    }
    return node | ({"isEnum": True} if kind == "ENUM" else {})


def _metadata_nodes(prefix: str = "") -> list[dict[str, Any]]:
    names = dict.fromkeys(
        path[len(prefix) :].split(".")[0]
        for path in FIELD_PATHS.values()
        if path.startswith(prefix) and path != prefix.rstrip(".")
    )
    return [_node(name, prefix + name, _metadata_nodes(f"{prefix}{name}.")) for name in names]


def _iter_types(values: list[str]) -> Iterator[str]:
    for value in split_list(values):
        if value.upper() not in _TYPES:
            raise QueryError(
                "types", message=f"types: one of {', '.join(_TYPES)}, not {value[:40]!r}."
            )
        yield value.upper()


@router.get("/studies/metadata", summary="The study data model's fields", responses=ERROR_RESPONSES)
def studies_metadata(
    request: Request,
    include_indexed_only: Annotated[bool, Query(alias="includeIndexedOnly")] = False,
    include_historic_only: Annotated[bool, Query(alias="includeHistoricOnly")] = False,
) -> Response:
    """Every field trialfinder keeps, as a tree (it keeps no indexed- or historic-only fields)."""
    check_parameters(request.query_params, frozenset({"includeIndexedOnly", "includeHistoricOnly"}))
    return JSONResponse(_metadata_nodes())


@router.get("/stats/size", summary="Sizes of the studies' JSON", responses=ERROR_RESPONSES)
def size_stats(request: Request) -> Response:
    """Gzipped JSON sizes of the stored studies."""
    check_parameters(request.query_params, frozenset())
    return JSONResponse(_statistics(request).sizes)


@router.get(
    "/stats/fieldValues", summary="Value statistics of every leaf field", responses=ERROR_RESPONSES
)
def field_values_summary(
    request: Request,
    types: Annotated[
        list[str], Query(description="ENUM, STRING, DATE, INTEGER, NUMBER, BOOLEAN.")
    ] = [],  # noqa: B006
) -> Response:
    """Statistics of every leaf field, or of the fields of the given types."""
    check_parameters(request.query_params, frozenset({"types"}))
    wanted = set(_iter_types(types))
    values = _statistics(request).values.values()
    return JSONResponse([stats for stats in values if not wanted or stats["type"] in wanted])


@router.get(
    "/stats/fieldValues/{field}",
    summary="Value statistics of one leaf field",
    responses=ERROR_RESPONSES,
)
def field_values_stats(request: Request, field: str) -> Response:
    """Statistics of one leaf field, named by piece or path."""
    return _one_field(request, field, _statistics(request).values)


@router.get("/stats/listSizes", summary="Sizes of every list field", responses=ERROR_RESPONSES)
def list_sizes_summary(request: Request) -> Response:
    """How many items each list field has across the studies."""
    check_parameters(request.query_params, frozenset())
    return JSONResponse(list(_statistics(request).list_sizes.values()))


@router.get(
    "/stats/listSizes/{field}", summary="Sizes of one list field", responses=ERROR_RESPONSES
)
def list_sizes(request: Request, field: str) -> Response:
    """How many items one list field has across the studies."""
    return _one_field(request, field, _statistics(request).list_sizes)


@router.get("/version", summary="API version and data timestamp", responses=ERROR_RESPONSES)
def version(request: Request) -> Response:
    """The API version followed and when the store's data was last current: the last
    completed sync, else the latest record update (absent for an empty store)."""
    check_parameters(request.query_params, frozenset())
    store = request_store(request)
    synced = last_synced_at(store)
    if synced is not None:
        utc = synced.astimezone(UTC) if synced.tzinfo is not None else synced
        timestamp: str | None = utc.strftime("%Y-%m-%dT%H:%M:%S")
    else:
        updated = store.stats().last_updated
        day = (updated or "")[:10]
        timestamp = f"{day}{'-01-01'[len(day) - 4 :]}T00:00:00" if day[:4].isdigit() else None
    body = {"apiVersion": API_VERSION} | ({"dataTimestamp": timestamp} if timestamp else {})
    return JSONResponse(body)
