"""API v2 ``fields``: which parts of a study a response carries, in JSON and CSV.

ClinicalTrials.gov names fields three ways and clients use all of them: piece
names (``NCTId``, ``BriefTitle``), module names (``ConditionsModule``) and
dotted paths (``protocolSection.identificationModule.nctId``). Each resolves to
a dotted path into the API v2 study JSON. A CSV column is named exactly as the
field was asked for and holds the same values as the JSON at that path (lists
joined with ``|``), so both formats use the same field names.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from types import GenericAlias
from typing import Any, NamedTuple

import msgspec

__all__ = [
    "DATE_FIELDS",
    "DEFAULT_CSV_FIELDS",
    "FIELD_PATHS",
    "NUMERIC_FIELDS",
    "SEARCH_AREAS",
    "UnknownField",
    "csv_document",
    "field_path",
    "json_field_paths",
    "project_json",
    "projected_json",
    "select_fields",
    "study_values",
]

_ID = "protocolSection.identificationModule"
_STATUS = "protocolSection.statusModule"
_SPONSORS = "protocolSection.sponsorCollaboratorsModule"
_DESIGN = "protocolSection.designModule"
_ARMS = "protocolSection.armsInterventionsModule"
_OUTCOMES = "protocolSection.outcomesModule"
_ELIGIBILITY = "protocolSection.eligibilityModule"
_CONTACTS = "protocolSection.contactsLocationsModule"
_BROWSE = "derivedSection.conditionBrowseModule"
_INTERVENTION_BROWSE = "derivedSection.interventionBrowseModule"

# Piece and module names as ClinicalTrials.gov spells them -> paths in the study JSON.
FIELD_PATHS: dict[str, str] = {
    "ProtocolSection": "protocolSection",
    "DerivedSection": "derivedSection",
    "IdentificationModule": _ID,
    "StatusModule": _STATUS,
    "SponsorCollaboratorsModule": _SPONSORS,
    "DescriptionModule": "protocolSection.descriptionModule",
    "ConditionsModule": "protocolSection.conditionsModule",
    "DesignModule": _DESIGN,
    "ArmsInterventionsModule": _ARMS,
    "OutcomesModule": _OUTCOMES,
    "EligibilityModule": _ELIGIBILITY,
    "ContactsLocationsModule": _CONTACTS,
    "MiscInfoModule": "derivedSection.miscInfoModule",
    "ConditionBrowseModule": _BROWSE,
    "InterventionBrowseModule": _INTERVENTION_BROWSE,
    "NCTId": f"{_ID}.nctId",
    "OrgStudyId": f"{_ID}.orgStudyIdInfo.id",
    "SecondaryId": f"{_ID}.secondaryIdInfos.id",
    "OrgFullName": f"{_ID}.organization.fullName",
    "OrgClass": f"{_ID}.organization.class",
    "BriefTitle": f"{_ID}.briefTitle",
    "OfficialTitle": f"{_ID}.officialTitle",
    "Acronym": f"{_ID}.acronym",
    "StatusVerifiedDate": f"{_STATUS}.statusVerifiedDate",
    "OverallStatus": f"{_STATUS}.overallStatus",
    "LastKnownStatus": f"{_STATUS}.lastKnownStatus",
    "WhyStopped": f"{_STATUS}.whyStopped",
    "StartDate": f"{_STATUS}.startDateStruct.date",
    "StartDateType": f"{_STATUS}.startDateStruct.type",
    "PrimaryCompletionDate": f"{_STATUS}.primaryCompletionDateStruct.date",
    "PrimaryCompletionDateType": f"{_STATUS}.primaryCompletionDateStruct.type",
    "CompletionDate": f"{_STATUS}.completionDateStruct.date",
    "CompletionDateType": f"{_STATUS}.completionDateStruct.type",
    "StudyFirstPostDate": f"{_STATUS}.studyFirstPostDateStruct.date",
    "LastUpdatePostDate": f"{_STATUS}.lastUpdatePostDateStruct.date",
    "LastUpdateSubmitDate": f"{_STATUS}.lastUpdateSubmitDate",
    "ResponsiblePartyType": f"{_SPONSORS}.responsibleParty.type",
    "ResponsiblePartyInvestigatorFullName": f"{_SPONSORS}.responsibleParty.investigatorFullName",
    "LeadSponsorName": f"{_SPONSORS}.leadSponsor.name",
    "LeadSponsorClass": f"{_SPONSORS}.leadSponsor.class",
    "CollaboratorName": f"{_SPONSORS}.collaborators.name",
    "CollaboratorClass": f"{_SPONSORS}.collaborators.class",
    "BriefSummary": "protocolSection.descriptionModule.briefSummary",
    "DetailedDescription": "protocolSection.descriptionModule.detailedDescription",
    "Condition": "protocolSection.conditionsModule.conditions",
    "Keyword": "protocolSection.conditionsModule.keywords",
    "StudyType": f"{_DESIGN}.studyType",
    "Phase": f"{_DESIGN}.phases",
    "DesignAllocation": f"{_DESIGN}.designInfo.allocation",
    "DesignInterventionModel": f"{_DESIGN}.designInfo.interventionModel",
    "DesignPrimaryPurpose": f"{_DESIGN}.designInfo.primaryPurpose",
    "DesignObservationalModel": f"{_DESIGN}.designInfo.observationalModel",
    "DesignTimePerspective": f"{_DESIGN}.designInfo.timePerspective",
    "DesignMasking": f"{_DESIGN}.designInfo.maskingInfo.masking",
    "DesignWhoMasked": f"{_DESIGN}.designInfo.maskingInfo.whoMasked",
    "EnrollmentCount": f"{_DESIGN}.enrollmentInfo.count",
    "EnrollmentType": f"{_DESIGN}.enrollmentInfo.type",
    "ArmGroupLabel": f"{_ARMS}.armGroups.label",
    "ArmGroupType": f"{_ARMS}.armGroups.type",
    "ArmGroupDescription": f"{_ARMS}.armGroups.description",
    "ArmGroupInterventionName": f"{_ARMS}.armGroups.interventionNames",
    "InterventionType": f"{_ARMS}.interventions.type",
    "InterventionName": f"{_ARMS}.interventions.name",
    "InterventionDescription": f"{_ARMS}.interventions.description",
    "InterventionOtherName": f"{_ARMS}.interventions.otherNames",
    "PrimaryOutcomeMeasure": f"{_OUTCOMES}.primaryOutcomes.measure",
    "PrimaryOutcomeTimeFrame": f"{_OUTCOMES}.primaryOutcomes.timeFrame",
    "SecondaryOutcomeMeasure": f"{_OUTCOMES}.secondaryOutcomes.measure",
    "SecondaryOutcomeTimeFrame": f"{_OUTCOMES}.secondaryOutcomes.timeFrame",
    "EligibilityCriteria": f"{_ELIGIBILITY}.eligibilityCriteria",
    "HealthyVolunteers": f"{_ELIGIBILITY}.healthyVolunteers",
    "Sex": f"{_ELIGIBILITY}.sex",
    "GenderBased": f"{_ELIGIBILITY}.genderBased",
    "MinimumAge": f"{_ELIGIBILITY}.minimumAge",
    "MaximumAge": f"{_ELIGIBILITY}.maximumAge",
    "StdAge": f"{_ELIGIBILITY}.stdAges",
    "StudyPopulation": f"{_ELIGIBILITY}.studyPopulation",
    "SamplingMethod": f"{_ELIGIBILITY}.samplingMethod",
    "CentralContactName": f"{_CONTACTS}.centralContacts.name",
    "CentralContactPhone": f"{_CONTACTS}.centralContacts.phone",
    "CentralContactEMail": f"{_CONTACTS}.centralContacts.email",
    "OverallOfficialName": f"{_CONTACTS}.overallOfficials.name",
    "OverallOfficialAffiliation": f"{_CONTACTS}.overallOfficials.affiliation",
    "OverallOfficialRole": f"{_CONTACTS}.overallOfficials.role",
    "LocationFacility": f"{_CONTACTS}.locations.facility",
    "LocationStatus": f"{_CONTACTS}.locations.status",
    "LocationCity": f"{_CONTACTS}.locations.city",
    "LocationState": f"{_CONTACTS}.locations.state",
    "LocationZip": f"{_CONTACTS}.locations.zip",
    "LocationCountry": f"{_CONTACTS}.locations.country",
    "LocationGeoPoint": f"{_CONTACTS}.locations.geoPoint",
    "ConditionMeshTerm": f"{_BROWSE}.meshes.term",
    "ConditionMeshId": f"{_BROWSE}.meshes.id",
    "ConditionAncestorTerm": f"{_BROWSE}.ancestors.term",
    "InterventionMeshTerm": f"{_INTERVENTION_BROWSE}.meshes.term",
    "InterventionAncestorTerm": f"{_INTERVENTION_BROWSE}.ancestors.term",
    "VersionHolder": "derivedSection.miscInfoModule.versionHolder",
    "HasResults": "hasResults",
}

# The registry's search areas (query.cond is ConditionSearch, ...) -> the pieces each looks in.
_TITLES = ("BriefTitle", "OfficialTitle", "Acronym")
_LOCATION = ("LocationFacility", "LocationCity", "LocationState", "LocationZip", "LocationCountry")
_INTERVENTIONS = (
    "InterventionName",
    "InterventionOtherName",
    "InterventionDescription",
    "ArmGroupLabel",
    "ArmGroupDescription",
    "InterventionMeshTerm",
    "InterventionAncestorTerm",
)
_CONDITIONS = ("Condition", "Keyword", "ConditionMeshTerm", "ConditionAncestorTerm")
_OUTCOMES_AREA = ("PrimaryOutcomeMeasure", "SecondaryOutcomeMeasure")
_SPONSOR_AREA = ("LeadSponsorName", "CollaboratorName", "OrgFullName")
_ID_AREA = ("NCTId", "OrgStudyId", "SecondaryId", "Acronym")
SEARCH_AREAS: dict[str, tuple[str, ...]] = {
    "BasicSearch": (
        *_ID_AREA,
        *_TITLES,
        *_CONDITIONS,
        *_INTERVENTIONS,
        *_OUTCOMES_AREA,
        *_SPONSOR_AREA,
        *_LOCATION,
        "BriefSummary",
        "DetailedDescription",
        "EligibilityCriteria",
        "OverallOfficialName",
    ),
    "ConditionSearch": (*_CONDITIONS, "BriefTitle", "OfficialTitle"),
    "InterventionSearch": _INTERVENTIONS,
    "LocationSearch": _LOCATION,
    "TitleSearch": _TITLES,
    "OutcomeSearch": _OUTCOMES_AREA,
    "SponsorSearch": _SPONSOR_AREA,
    "IdSearch": _ID_AREA,
    "PatientSearch": (*_TITLES, *_CONDITIONS, *_INTERVENTIONS, *_LOCATION, "BriefSummary"),
}
_AREAS_BY_LOWER = {name.lower(): name for name in SEARCH_AREAS}

# The pieces ``sort`` takes: the registry sorts by date and numeric fields only.
DATE_FIELDS = frozenset(
    {
        "StartDate",
        "PrimaryCompletionDate",
        "CompletionDate",
        "StudyFirstPostDate",
        "LastUpdatePostDate",
        "LastUpdateSubmitDate",
    }
)
NUMERIC_FIELDS = frozenset({"EnrollmentCount"})

DEFAULT_CSV_FIELDS: tuple[str, ...] = (
    "NCTId",
    "BriefTitle",
    "Acronym",
    "OverallStatus",
    "Condition",
    "InterventionName",
    "Phase",
    "StudyType",
    "EnrollmentCount",
    "LeadSponsorName",
    "Sex",
    "MinimumAge",
    "MaximumAge",
    "StartDate",
    "PrimaryCompletionDate",
    "CompletionDate",
    "StudyFirstPostDate",
    "LastUpdatePostDate",
    "LocationFacility",
    "LocationCity",
    "LocationCountry",
)

# Every known path and each of its prefixes ("protocolSection", "protocolSection.statusModule").
_KNOWN_PATHS = frozenset(
    ".".join(parts[:length])
    for path in FIELD_PATHS.values()
    for parts in [path.split(".")]
    for length in range(1, len(parts) + 1)
)
_PIECES_BY_LOWER = {name.lower(): name for name in FIELD_PATHS}


class UnknownField(ValueError):
    """A ``fields`` entry that names no part of a study."""


def field_path(name: str) -> str:
    """The dotted path a field name stands for; piece names match case-insensitively."""
    stripped = name.strip()
    piece = _PIECES_BY_LOWER.get(stripped.lower())
    if piece is not None:
        return FIELD_PATHS[piece]
    if stripped in _KNOWN_PATHS:
        return stripped
    raise UnknownField(stripped)


def json_field_paths(name: str) -> list[str]:
    """The paths a JSON ``fields`` entry stands for: a field, piece or search-area name."""
    area = _AREAS_BY_LOWER.get(name.strip().lower())
    if area is not None:
        return [FIELD_PATHS[piece] for piece in SEARCH_AREAS[area]]
    return [field_path(name)]


def _leaves(value: Any) -> list[str | int | float | bool]:
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    if value is None or isinstance(value, dict):
        return []
    return [value]


def study_values(study: dict[str, Any], name: str) -> list[str | int | float | bool]:
    """The leaf values of a study document under a field, piece or search-area name
    (what an Essie ``AREA[name]`` looks in); UnknownField for any other name."""
    area = _AREAS_BY_LOWER.get(name.strip().lower())
    names = [FIELD_PATHS[piece] for piece in SEARCH_AREAS[area]] if area else [field_path(name)]
    return [leaf for path in names for leaf in _leaves(_select(study, path.split(".")))]


def _select(value: Any, parts: Sequence[str]) -> Any:
    """The values at ``parts`` for a CSV cell: lists are walked element by element."""
    if not parts:
        return value
    if isinstance(value, list):
        selected = [_select(item, parts) for item in value]
        return [item for item in selected if item is not None]
    if isinstance(value, dict) and parts[0] in value:
        return _select(value[parts[0]], parts[1:])
    return None


# A trie of wanted path segments; ``True`` takes the whole value below it.
_Trie = dict[str, "_Trie | bool"]


def _trie(paths: Iterable[str]) -> _Trie:
    root: _Trie = {}
    for path in paths:
        node = root
        *parents, last = path.split(".")
        for part in parents:
            child = node.setdefault(part, {})
            if child is True:
                break
            assert isinstance(child, dict)
            node = child
        else:
            node[last] = True
    return root


def _project(value: Any, wanted: _Trie | bool) -> Any:
    if wanted is True:
        return value
    assert isinstance(wanted, dict)
    if isinstance(value, list):
        items = [_project(item, wanted) for item in value]
        return [item for item in items if item not in (None, {})] or None
    if not isinstance(value, dict):
        return None
    projected = {
        key: child
        for key, below in wanted.items()
        if key in value and (child := _project(value[key], below)) not in (None, {})
    }
    return projected or None


def select_fields(document: dict[str, Any], paths: Iterable[str]) -> dict[str, Any]:
    """A copy of ``document`` holding only ``paths`` (all of it when there are none)."""
    wanted = _trie(paths)
    if not wanted:
        return document
    projected = _project(document, wanted)
    return projected if isinstance(projected, dict) else {}


# How one selection is read and written: per wanted key, the attribute the decoder puts
# its value in, the key as JSON (``"nctId":``) and what is wanted below it (True: all).
_Plan = tuple[tuple[str, bytes, "_Plan | bool"], ...]


def _struct_type(wanted: _Trie, name: str) -> tuple[Any, _Plan]:
    """A msgspec type that decodes only the wanted paths of a document, and its plan.
    Every other key is skipped by the decoder without building a value; a wanted
    value is kept as the document's own bytes (:class:`msgspec.Raw`), never decoded;
    an absent key (or ``null`` above a wanted path) is None, and left out when the
    decoded value is encoded."""
    fields: list[tuple[str, Any, Any]] = []
    rename: dict[str, str] = {}
    plan: list[tuple[str, bytes, _Plan | bool]] = []
    for position, (key, below) in enumerate(wanted.items()):
        attribute = f"f{position}"
        if below is True:
            kind: Any = msgspec.Raw
            child_plan: _Plan | bool = True
        else:
            assert isinstance(below, dict)
            child, child_plan = _struct_type(below, f"{name}_{position}")
            # One object or a list of them; null there holds nothing wanted either.
            kind = child | GenericAlias(list, (child,)) | None
        fields.append((attribute, kind, None))
        rename[attribute] = key
        plan.append((attribute, _key(key), child_plan))
    struct = msgspec.defstruct(name, fields, rename=rename, omit_defaults=True, gc=False)
    return struct, tuple(plan)


# protocolSection's modules in the order the export writes them (FIELD_PATHS lists them
# so), and the keys after them at the top level.
_MODULES = tuple(
    parts[1]
    for path in FIELD_PATHS.values()
    for parts in [path.split(".")]
    if len(parts) == 2 and parts[0] == "protocolSection"
)
_TOP_LEVEL_AFTER_MODULES = ("derivedSection", "hasResults")


class _Cut(NamedTuple):
    """Where a document can end for a selection of protocolSection modules only: each
    wanted module's key, and the keys of what follows the last of them, nearest first
    (with the braces that close the document when it is cut there)."""

    wanted: tuple[bytes, ...]
    after: tuple[tuple[bytes, bytes], ...]


def _key(name: str) -> bytes:
    return msgspec.json.encode(name) + b":"


def _cut(paths: Sequence[str]) -> _Cut | None:
    modules = set()
    for path in paths:
        parts = path.split(".")
        if len(parts) < 2 or parts[0] != "protocolSection" or parts[1] not in _MODULES:
            return None
        modules.add(parts[1])
    last = max(_MODULES.index(module) for module in modules)
    after = [(_key(module), b"}}") for module in _MODULES[last + 1 :]]
    after += [(_key(name), b"}") for name in _TOP_LEVEL_AFTER_MODULES]
    return _Cut(tuple(_key(module) for module in modules), tuple(after))


def _prefix(document: bytes, cut: _Cut) -> bytes | None:
    """The document without what follows the wanted modules, closed again; None when
    it cannot be cut (a wanted module after the cut, nothing after the modules).

    Exact for the export's documents: their keys are the export's own (trial text is
    only ever a value, and a key pattern ``"name":`` cannot occur inside a JSON
    string), and each module key occurs once, so a module key found is that module.
    The cut document is decoded as JSON, so a cut that is not between two members of
    an object fails there and the whole document is read instead."""
    start = max(0, *(document.find(key) for key in cut.wanted))
    found = next(
        ((end, closing) for key, closing in cut.after if (end := document.find(key, start)) > 0),
        None,
    )
    if found is None:
        return None
    end, closing = found
    if any(document.find(key, 0, end) < 0 and document.find(key, end) >= 0 for key in cut.wanted):
        return None
    return document[: end - 1] + closing


@lru_cache(maxsize=256)
def _projector(paths: tuple[str, ...]) -> tuple[msgspec.json.Decoder[Any], _Plan, _Cut | None]:
    """The decoder, plan and cut for one ``fields`` selection, built once per selection."""
    struct, plan = _struct_type(_trie(paths), "Projected")
    return msgspec.json.Decoder(struct), plan, _cut(paths)


_NULL, _OPEN, _CLOSE = b"n"[0], b"{"[0], b"}"[0]


def _is_empty(value: msgspec.Raw) -> bool:
    """Whether a kept value is ``null`` or ``{}``, which a selection leaves out (a JSON
    value starting with ``n`` is ``null``; an object is empty when ``}`` comes first)."""
    view = memoryview(value)
    if view[0] == _NULL:
        return True
    if view[0] != _OPEN:
        return False
    for byte in view[1:]:
        if byte not in b" \t\r\n":
            return byte == _CLOSE
    return False


def _written(value: Any, plan: _Plan) -> bytes | None:
    """The JSON of one decoded object under ``plan``; None when nothing wanted is in it."""
    parts: list[bytes] = []
    for attribute, key, below in plan:
        child = getattr(value, attribute)
        if child is None:
            continue
        if below is True:
            if not _is_empty(child):
                parts.append(key + child)
            continue
        assert not isinstance(below, bool)
        if isinstance(child, list):
            items = [item for item in (_written(each, below) for each in child) if item]
            if items:
                parts.append(key + b"[" + b",".join(items) + b"]")
        elif (written := _written(child, below)) is not None:
            parts.append(key + written)
    return b"{" + b",".join(parts) + b"}" if parts else None


# What a selection leaves out and encoding a decoded selection writes: empty objects,
# lists and nulls (or text that looks like them, read the slow way to be sure).
_MAYBE_EMPTY = re.compile(rb"\{\s*\}|\[\s*\]|null")


def projected_json(document: bytes, paths: Sequence[str]) -> bytes:
    """The JSON of :func:`select_fields` of a study's JSON, made without decoding it: the
    selected values are cut out of the document as they are and joined, and a
    selection of early modules reads only the document up to them (a
    ``fields=NCTId,BriefTitle`` page skips every site, outcome and description)."""
    if not paths:
        return document
    decoder, plan, cut = _projector(tuple(paths))
    prefix = _prefix(document, cut) if cut is not None else None
    for readable in (prefix, document) if prefix is not None else (document,):
        try:
            decoded = decoder.decode(readable)
        except msgspec.DecodeError:  # a cut, or a shape, the export never writes
            continue
        # Absent values are already left out; only empty ones need the walk.
        encoded = msgspec.json.encode(decoded)
        if _MAYBE_EMPTY.search(encoded) is None:
            return encoded
        return _written(decoded, plan) or b"{}"
    return msgspec.json.encode(select_fields(msgspec.json.decode(document), paths))


def project_json(document: bytes, paths: Sequence[str]) -> dict[str, Any]:
    """:func:`select_fields` of a study's JSON, as :func:`projected_json` cuts it out."""
    projected: dict[str, Any] = msgspec.json.decode(projected_json(document, paths))
    return projected


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "|".join(_cell(item) for item in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return msgspec.json.encode(value).decode()
    text = str(value)
    # Spreadsheets run cells that start like a formula; registry text is untrusted.
    if text[:1] in {"=", "+", "-", "@", "\t", "\r"} and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def csv_document(studies: Iterable[dict[str, Any]], fields: Sequence[str]) -> str:
    """One CSV row per study; one column per field, named as the field was asked for."""
    paths = [field_path(name).split(".") for name in fields]
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([name.strip() for name in fields])
    for study in studies:
        writer.writerow([_cell(_select(study, parts)) for parts in paths])
    return buffer.getvalue()
