"""ClinicalTrials.gov API v2 study JSON -> :class:`~trialfinder.model.Trial`.

Real records miss whole modules, hold ``null`` where a list is expected and
occasionally the wrong type altogether; every accessor here tolerates that and
only a missing NCT id is fatal (raised as :class:`MalformedRecord`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from trialfinder.ingest.errors import MalformedRecord
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

__all__ = ["parse_study", "study_nct_id", "study_last_updated"]

_EMPTY: Mapping[str, Any] = {}


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else _EMPTY


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        return value if value.strip() else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


def _texts(value: Any) -> list[str]:
    return [text for text in (_text(item) for item in _list(value)) if text is not None]


def _bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in {"yes", "true", "no", "false"}:
        return value.strip().lower() in {"yes", "true"}
    return None


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    return None


def _float(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    return None


def _date(value: Any) -> StudyDate | None:
    struct = _map(value)
    date = _text(struct.get("date"))
    if date is None:
        return None
    return StudyDate(date=date, type=_text(struct.get("type")))


def _sponsor(value: Any) -> Sponsor | None:
    struct = _map(value)
    name = _text(struct.get("name")) or _text(struct.get("fullName"))
    if name is None:
        return None
    return Sponsor(name=name, sponsor_class=_text(struct.get("class")))


def _contact(value: Any) -> Contact:
    struct = _map(value)
    return Contact(
        name=_text(struct.get("name")),
        role=_text(struct.get("role")),
        affiliation=_text(struct.get("affiliation")),
        phone=_text(struct.get("phone")),
        phone_ext=_text(struct.get("phoneExt")),
        email=_text(struct.get("email")),
    )


def _meshes(value: Any) -> list[MeshTerm]:
    terms = []
    for item in _list(value):
        struct = _map(item)
        term = _text(struct.get("term"))
        if term is not None:
            terms.append(MeshTerm(term=term, id=_text(struct.get("id"))))
    return terms


def _outcomes(value: Any) -> list[Outcome]:
    outcomes = []
    for item in _list(value):
        struct = _map(item)
        measure = _text(struct.get("measure"))
        if measure is not None:
            outcomes.append(
                Outcome(
                    measure=measure,
                    time_frame=_text(struct.get("timeFrame")),
                    description=_text(struct.get("description")),
                )
            )
    return outcomes


def _location(value: Any) -> Location:
    struct = _map(value)
    geo = _map(struct.get("geoPoint"))
    return Location(
        facility=_text(struct.get("facility")),
        status=_text(struct.get("status")),
        city=_text(struct.get("city")),
        state=_text(struct.get("state")),
        zip=_text(struct.get("zip")),
        country=_text(struct.get("country")),
        latitude=_float(geo.get("lat")),
        longitude=_float(geo.get("lon")),
        contacts=[_contact(contact) for contact in _list(struct.get("contacts"))],
    )


def study_nct_id(document: Any) -> str | None:
    """The NCT id of an API v2 study, or None where there is none."""
    identification = _map(_map(_map(document).get("protocolSection")).get("identificationModule"))
    nct_id = _text(identification.get("nctId"))
    return nct_id.strip().upper() if nct_id else None


def study_last_updated(document: Any) -> str | None:
    """The study's last-update post date (what decides which copy is newer)."""
    status = _map(_map(_map(document).get("protocolSection")).get("statusModule"))
    posted = _date(status.get("lastUpdatePostDateStruct"))
    if posted is not None:
        return posted.date
    return _text(status.get("lastUpdateSubmitDate"))


def parse_study(document: Any) -> Trial:
    """Convert one API v2 study object; raise :class:`MalformedRecord` if it has no NCT id."""
    if not isinstance(document, Mapping):
        raise MalformedRecord(f"expected a study object, got {type(document).__name__}")
    nct_id = study_nct_id(document)
    if nct_id is None:
        raise MalformedRecord("study has no protocolSection.identificationModule.nctId")
    protocol = _map(document.get("protocolSection"))
    identification = _map(protocol.get("identificationModule"))
    status = _map(protocol.get("statusModule"))
    sponsors = _map(protocol.get("sponsorCollaboratorsModule"))
    description = _map(protocol.get("descriptionModule"))
    conditions = _map(protocol.get("conditionsModule"))
    design_module = _map(protocol.get("designModule"))
    design_info = _map(design_module.get("designInfo"))
    masking_info = _map(design_info.get("maskingInfo"))
    arms = _map(protocol.get("armsInterventionsModule"))
    eligibility = _map(protocol.get("eligibilityModule"))
    contacts = _map(protocol.get("contactsLocationsModule"))
    outcomes = _map(protocol.get("outcomesModule"))
    derived = _map(document.get("derivedSection"))
    condition_browse = _map(derived.get("conditionBrowseModule"))
    intervention_browse = _map(derived.get("interventionBrowseModule"))
    enrollment = _map(design_module.get("enrollmentInfo"))
    responsible = _map(sponsors.get("responsibleParty"))
    last_update = study_last_updated(document)

    return Trial(
        nct_id=nct_id,
        source_format="ctgov_v2_json",
        brief_title=_text(identification.get("briefTitle")),
        official_title=_text(identification.get("officialTitle")),
        acronym=_text(identification.get("acronym")),
        org_study_id=_text(_map(identification.get("orgStudyIdInfo")).get("id")),
        secondary_ids=[
            SecondaryId(
                id=secondary_id,
                type=_text(_map(item).get("type")),
                domain=_text(_map(item).get("domain")),
            )
            for item in _list(identification.get("secondaryIdInfos"))
            if (secondary_id := _text(_map(item).get("id"))) is not None
        ],
        organization=_sponsor(identification.get("organization")),
        lead_sponsor=_sponsor(sponsors.get("leadSponsor")),
        collaborators=[
            sponsor
            for sponsor in (_sponsor(item) for item in _list(sponsors.get("collaborators")))
            if sponsor is not None
        ],
        responsible_party=_text(responsible.get("investigatorFullName"))
        or _text(responsible.get("type")),
        overall_status=_text(status.get("overallStatus")),
        last_known_status=_text(status.get("lastKnownStatus")),
        why_stopped=_text(status.get("whyStopped")),
        phases=_texts(design_module.get("phases")),
        study_type=_text(design_module.get("studyType")),
        conditions=_texts(conditions.get("conditions")),
        keywords=_texts(conditions.get("keywords")),
        condition_meshes=_meshes(condition_browse.get("meshes")),
        condition_mesh_ancestors=_meshes(condition_browse.get("ancestors")),
        intervention_meshes=_meshes(intervention_browse.get("meshes")),
        intervention_mesh_ancestors=_meshes(intervention_browse.get("ancestors")),
        interventions=[
            Intervention(
                name=name,
                type=_text(_map(item).get("type")),
                description=_text(_map(item).get("description")),
                arm_group_labels=_texts(_map(item).get("armGroupLabels")),
                other_names=_texts(_map(item).get("otherNames")),
            )
            for item in _list(arms.get("interventions"))
            if (name := _text(_map(item).get("name"))) is not None
        ],
        arm_groups=[
            ArmGroup(
                label=label,
                type=_text(_map(item).get("type")),
                description=_text(_map(item).get("description")),
                intervention_names=_texts(_map(item).get("interventionNames")),
            )
            for item in _list(arms.get("armGroups"))
            if (label := _text(_map(item).get("label"))) is not None
        ],
        brief_summary=_text(description.get("briefSummary")),
        detailed_description=_text(description.get("detailedDescription")),
        enrollment=Enrollment(
            count=_int(enrollment.get("count")), type=_text(enrollment.get("type"))
        ),
        eligibility=Eligibility(
            criteria_text=_text(eligibility.get("eligibilityCriteria")),
            sex=_text(eligibility.get("sex")),
            gender_based=_bool(eligibility.get("genderBased")),
            gender_description=_text(eligibility.get("genderDescription")),
            minimum_age=parse_age(_text(eligibility.get("minimumAge"))),
            maximum_age=parse_age(_text(eligibility.get("maximumAge"))),
            healthy_volunteers=_bool(eligibility.get("healthyVolunteers")),
            std_ages=_texts(eligibility.get("stdAges")),
            study_population=_text(eligibility.get("studyPopulation")),
            sampling_method=_text(eligibility.get("samplingMethod")),
        ),
        design=Design(
            primary_purpose=_text(design_info.get("primaryPurpose")),
            allocation=_text(design_info.get("allocation")),
            intervention_model=_text(design_info.get("interventionModel")),
            intervention_model_description=_text(design_info.get("interventionModelDescription")),
            masking=_text(masking_info.get("masking")),
            who_masked=_texts(masking_info.get("whoMasked")),
            observational_model=_text(design_info.get("observationalModel")),
            time_perspective=_text(design_info.get("timePerspective")),
        ),
        primary_outcomes=_outcomes(outcomes.get("primaryOutcomes")),
        secondary_outcomes=_outcomes(outcomes.get("secondaryOutcomes")),
        central_contacts=[_contact(item) for item in _list(contacts.get("centralContacts"))],
        overall_officials=[_contact(item) for item in _list(contacts.get("overallOfficials"))],
        locations=[_location(item) for item in _list(contacts.get("locations"))],
        start_date=_date(status.get("startDateStruct")),
        primary_completion_date=_date(status.get("primaryCompletionDateStruct")),
        completion_date=_date(status.get("completionDateStruct")),
        first_posted_date=_date(status.get("studyFirstPostDateStruct")),
        last_update_posted_date=_date(status.get("lastUpdatePostDateStruct")),
        has_results=_bool(document.get("hasResults")) or False,
        source_last_updated=last_update,
        source_snapshot=_text(_map(derived.get("miscInfoModule")).get("versionHolder")),
    )
