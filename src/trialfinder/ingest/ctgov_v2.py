"""ClinicalTrials.gov API v2 study JSON -> :class:`~trialfinder.model.Trial`.

Speed matters (the registry holds ~600k studies), so JSON is decoded straight
into typed structs mirroring the part of the API v2 schema we use, skipping
everything else (results sections can be megabytes). Real records are messy:
when a record does not fit the schema (a string where a list belongs, a number
as text) it is converted leniently, field by field, keeping every value that
fits and dropping only the ones that do not. Only a missing NCT id is fatal.
"""

from __future__ import annotations

import types
from typing import Any, TypeVar, Union, get_args, get_origin

import msgspec

from trialfinder.ingest.errors import MalformedRecord
from trialfinder.ingest.ids import checked_nct_id
from trialfinder.model import (
    ArmGroup,
    Contact,
    Design,
    Eligibility,
    Enrollment,
    Intervention,
    Location,
    MeshTerm,
    Outcome,
    SecondaryId,
    Sponsor,
    StudyDate,
    Trial,
    parse_age,
)

__all__ = [
    "V2Study",
    "json_decode_problem",
    "lenient_convert",
    "parse_study",
    "parse_study_json",
    "study_last_updated",
    "study_nct_id",
]

T = TypeVar("T")


class _Base(msgspec.Struct, rename="camel", omit_defaults=True):
    pass


class _DateStruct(_Base):
    date: str | None = None
    type: str | None = None


class _Named(_Base):
    name: str | None = None
    full_name: str | None = None
    class_: str | None = msgspec.field(default=None, name="class")


class _OrgStudyId(_Base):
    id: str | None = None


class _Identification(_Base):
    nct_id: str | None = None
    org_study_id_info: _OrgStudyId | None = None
    secondary_id_infos: list[SecondaryId] = []
    organization: _Named | None = None
    brief_title: str | None = None
    official_title: str | None = None
    acronym: str | None = None


class _Status(_Base):
    overall_status: str | None = None
    last_known_status: str | None = None
    why_stopped: str | None = None
    status_verified_date: str | None = None
    start_date_struct: _DateStruct | None = None
    primary_completion_date_struct: _DateStruct | None = None
    completion_date_struct: _DateStruct | None = None
    study_first_post_date_struct: _DateStruct | None = None
    last_update_post_date_struct: _DateStruct | None = None
    last_update_submit_date: str | None = None


class _ResponsibleParty(_Base):
    type: str | None = None
    investigator_full_name: str | None = None


class _Sponsors(_Base):
    responsible_party: _ResponsibleParty | None = None
    lead_sponsor: _Named | None = None
    collaborators: list[_Named] = []


class _Description(_Base):
    brief_summary: str | None = None
    detailed_description: str | None = None


class _Conditions(_Base):
    conditions: list[str] = []
    keywords: list[str] = []


class _Masking(_Base):
    masking: str | None = None
    who_masked: list[str] = []


class _DesignInfo(_Base):
    allocation: str | None = None
    intervention_model: str | None = None
    intervention_model_description: str | None = None
    primary_purpose: str | None = None
    observational_model: str | None = None
    time_perspective: str | None = None
    masking_info: _Masking | None = None


class _Enrollment(_Base):
    count: int | None = None
    type: str | None = None


class _Design(_Base):
    study_type: str | None = None
    phases: list[str] = []
    design_info: _DesignInfo | None = None
    enrollment_info: _Enrollment | None = None


class _Arms(_Base):
    arm_groups: list[ArmGroup] = []
    interventions: list[Intervention] = []


class _Outcomes(_Base):
    primary_outcomes: list[Outcome] = []
    secondary_outcomes: list[Outcome] = []


class _Eligibility(_Base):
    eligibility_criteria: str | None = None
    healthy_volunteers: bool | None = None
    sex: str | None = None
    gender_based: bool | None = None
    gender_description: str | None = None
    minimum_age: str | None = None
    maximum_age: str | None = None
    std_ages: list[str] = []
    study_population: str | None = None
    sampling_method: str | None = None


class _ContactsLocations(_Base):
    central_contacts: list[Contact] = []
    overall_officials: list[Contact] = []
    locations: list[Location] = []


class _Protocol(_Base):
    identification_module: _Identification | None = None
    status_module: _Status | None = None
    sponsor_collaborators_module: _Sponsors | None = None
    description_module: _Description | None = None
    conditions_module: _Conditions | None = None
    design_module: _Design | None = None
    arms_interventions_module: _Arms | None = None
    outcomes_module: _Outcomes | None = None
    eligibility_module: _Eligibility | None = None
    contacts_locations_module: _ContactsLocations | None = None


class _Browse(_Base):
    meshes: list[MeshTerm] = []
    ancestors: list[MeshTerm] = []


class _MiscInfo(_Base):
    version_holder: str | None = None


class _Derived(_Base):
    misc_info_module: _MiscInfo | None = None
    condition_browse_module: _Browse | None = None
    intervention_browse_module: _Browse | None = None


class V2Study(_Base):
    """The part of an API v2 study that trialfinder reads; other fields are skipped."""

    protocol_section: _Protocol | None = None
    derived_section: _Derived | None = None
    has_results: bool | None = None


_study_decoder = msgspec.json.Decoder(V2Study)
_any_decoder = msgspec.json.Decoder()


def _is_struct_type(candidate: Any) -> bool:
    return isinstance(candidate, type) and issubclass(candidate, msgspec.Struct)


def lenient_convert(value: Any, target: Any) -> Any:
    """Convert ``value`` to ``target`` keeping whatever fits; misfits become defaults.

    ``msgspec.convert`` is all-or-nothing; registry records are not. This
    retries, one level down at a time, only where the strict conversion failed.
    """
    try:
        return msgspec.convert(value, target, strict=False)
    except msgspec.ValidationError:
        pass
    origin = get_origin(target)
    if origin in (Union, types.UnionType):
        for option in get_args(target):
            if (
                option is not type(None)
                and (converted := lenient_convert(value, option)) is not None
            ):
                return converted
        return None
    if origin is list:
        if isinstance(value, str | int | float | dict):
            value = [value]  # one item where the schema wants a list
        if not isinstance(value, list):
            return []
        (item_type,) = get_args(target)
        converted_items = (lenient_convert(item, item_type) for item in value)
        return [item for item in converted_items if item is not None]
    if _is_struct_type(target) and isinstance(value, dict):
        fields = {}
        for field in msgspec.structs.fields(target):
            if field.encode_name in value:
                converted = lenient_convert(value[field.encode_name], field.type)
                if converted is not None:
                    fields[field.name] = converted
        try:
            return target(**fields)
        except TypeError:  # a required field (a site's latitude, a mesh term) was unusable
            return None
    return None


def _date(struct: _DateStruct | None) -> StudyDate | None:
    if struct is None or not struct.date:
        return None
    return StudyDate(date=struct.date, type=struct.type)


def _sponsor(named: _Named | None) -> Sponsor | None:
    if named is None:
        return None
    name = named.name or named.full_name
    return Sponsor(name=name, sponsor_class=named.class_) if name else None


def _or_default(value: T | None, default_type: type[T]) -> T:
    return value if value is not None else default_type()


def _trial(study: V2Study) -> Trial:
    protocol = _or_default(study.protocol_section, _Protocol)
    identification = _or_default(protocol.identification_module, _Identification)
    nct_id = checked_nct_id(identification.nct_id, "protocolSection.identificationModule.nctId")
    status = _or_default(protocol.status_module, _Status)
    sponsors = _or_default(protocol.sponsor_collaborators_module, _Sponsors)
    description = _or_default(protocol.description_module, _Description)
    conditions = _or_default(protocol.conditions_module, _Conditions)
    design = _or_default(protocol.design_module, _Design)
    design_info = _or_default(design.design_info, _DesignInfo)
    masking = _or_default(design_info.masking_info, _Masking)
    enrollment = _or_default(design.enrollment_info, _Enrollment)
    arms = _or_default(protocol.arms_interventions_module, _Arms)
    outcomes = _or_default(protocol.outcomes_module, _Outcomes)
    eligibility = _or_default(protocol.eligibility_module, _Eligibility)
    contacts = _or_default(protocol.contacts_locations_module, _ContactsLocations)
    derived = _or_default(study.derived_section, _Derived)
    condition_browse = _or_default(derived.condition_browse_module, _Browse)
    intervention_browse = _or_default(derived.intervention_browse_module, _Browse)
    responsible = _or_default(sponsors.responsible_party, _ResponsibleParty)
    last_update = _date(status.last_update_post_date_struct)
    org_study_id = identification.org_study_id_info

    return Trial(
        nct_id=nct_id,
        source_format="ctgov_v2_json",
        brief_title=identification.brief_title,
        official_title=identification.official_title,
        acronym=identification.acronym,
        org_study_id=org_study_id.id if org_study_id is not None else None,
        secondary_ids=identification.secondary_id_infos,
        organization=_sponsor(identification.organization),
        lead_sponsor=_sponsor(sponsors.lead_sponsor),
        collaborators=[
            sponsor
            for sponsor in (_sponsor(item) for item in sponsors.collaborators)
            if sponsor is not None
        ],
        responsible_party=responsible.investigator_full_name or responsible.type,
        overall_status=status.overall_status,
        last_known_status=status.last_known_status,
        why_stopped=status.why_stopped,
        phases=design.phases,
        study_type=design.study_type,
        conditions=conditions.conditions,
        keywords=conditions.keywords,
        condition_meshes=condition_browse.meshes,
        condition_mesh_ancestors=condition_browse.ancestors,
        intervention_meshes=intervention_browse.meshes,
        intervention_mesh_ancestors=intervention_browse.ancestors,
        interventions=arms.interventions,
        arm_groups=arms.arm_groups,
        brief_summary=description.brief_summary,
        detailed_description=description.detailed_description,
        enrollment=Enrollment(count=enrollment.count, type=enrollment.type),
        eligibility=Eligibility(
            criteria_text=eligibility.eligibility_criteria,
            sex=eligibility.sex,
            gender_based=eligibility.gender_based,
            gender_description=eligibility.gender_description,
            minimum_age=parse_age(eligibility.minimum_age),
            maximum_age=parse_age(eligibility.maximum_age),
            healthy_volunteers=eligibility.healthy_volunteers,
            std_ages=eligibility.std_ages,
            study_population=eligibility.study_population,
            sampling_method=eligibility.sampling_method,
        ),
        design=Design(
            primary_purpose=design_info.primary_purpose,
            allocation=design_info.allocation,
            intervention_model=design_info.intervention_model,
            intervention_model_description=design_info.intervention_model_description,
            masking=masking.masking,
            who_masked=masking.who_masked,
            observational_model=design_info.observational_model,
            time_perspective=design_info.time_perspective,
        ),
        primary_outcomes=outcomes.primary_outcomes,
        secondary_outcomes=outcomes.secondary_outcomes,
        central_contacts=contacts.central_contacts,
        overall_officials=contacts.overall_officials,
        locations=contacts.locations,
        start_date=_date(status.start_date_struct),
        primary_completion_date=_date(status.primary_completion_date_struct),
        completion_date=_date(status.completion_date_struct),
        first_posted_date=_date(status.study_first_post_date_struct),
        last_update_posted_date=last_update,
        status_verified_date=status.status_verified_date,
        has_results=bool(study.has_results),
        source_last_updated=last_update.date if last_update else status.last_update_submit_date,
        source_snapshot=_or_default(derived.misc_info_module, _MiscInfo).version_holder,
    )


def parse_study(document: Any) -> Trial:
    """Convert one decoded API v2 study object; raise :class:`MalformedRecord` if unusable."""
    if not isinstance(document, dict):
        raise MalformedRecord(f"expected a study object, got {type(document).__name__}")
    return _trial(lenient_convert(document, V2Study))


def json_decode_problem(error: Exception) -> MalformedRecord:
    """What msgspec raises for undecodable bytes, as the record's reason."""
    if isinstance(error, RecursionError):
        return MalformedRecord("invalid JSON: nested too deeply")
    if isinstance(error, UnicodeDecodeError):
        return MalformedRecord(f"invalid JSON: not valid UTF-8 at byte {error.start:,}")
    return MalformedRecord(f"invalid JSON: {error}")


def parse_study_json(data: bytes) -> Trial:
    """Decode and convert one API v2 study from JSON text (the fast path)."""
    try:
        return _trial(_study_decoder.decode(data))
    except msgspec.ValidationError:
        pass
    except (msgspec.DecodeError, RecursionError, UnicodeDecodeError) as error:
        raise json_decode_problem(error) from error
    try:
        document = _any_decoder.decode(data)
    except (msgspec.DecodeError, RecursionError, UnicodeDecodeError) as error:
        raise json_decode_problem(error) from error
    return parse_study(document)


def study_nct_id(document: Any) -> str | None:
    """The NCT id of a decoded API v2 study, or None where there is none."""
    try:
        nct_id = document["protocolSection"]["identificationModule"]["nctId"]
    except (KeyError, TypeError):
        return None
    return nct_id.strip().upper() if isinstance(nct_id, str) and nct_id.strip() else None


def study_last_updated(document: Any) -> str | None:
    """A decoded study's last-update post date (what decides which copy is newer)."""
    try:
        status = document["protocolSection"]["statusModule"]
    except (KeyError, TypeError):
        return None
    if not isinstance(status, dict):
        return None
    posted = status.get("lastUpdatePostDateStruct")
    if isinstance(posted, dict) and isinstance(posted.get("date"), str):
        return str(posted["date"])
    submitted = status.get("lastUpdateSubmitDate")
    return submitted if isinstance(submitted, str) else None
