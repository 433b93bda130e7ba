""":class:`~trialfinder.model.Trial` -> ClinicalTrials.gov API v2 study JSON.

The inverse of :func:`trialfinder.ingest.ctgov_v2.parse_study`, so that the
``/api/v2/studies`` endpoints answer API v2 clients in the shape they already
read: ``parse_study(export_study(trial)) == trial`` for every record that came
from API v2 JSON. Only what the trial record keeps is exported (no results
section, no oversight module): absent data is left out, never invented.

It sits beside its inverse in ``ingest`` because ingest runs it once per trial
and keeps the result (:mod:`trialfinder.ingest.study_json`): the API answers
pages from those stored bytes instead of exporting every study again.

Ingest only encodes the export, so it asks for :func:`encodable_study`: the same
object with each site and contact left as its typed record. A
:class:`~trialfinder.model.Location` or :class:`~trialfinder.model.Contact` is a
msgspec struct with API v2's camel-case names, in the export's key order, that
omits what is absent, so msgspec encodes it to the very bytes the dict made here
would give, without making the dict: sites and their contacts are most of a
study's export (25 sites a study on average).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from trialfinder.model import (
    Age,
    ArmGroup,
    Contact,
    Intervention,
    Location,
    MeshTerm,
    Outcome,
    Sponsor,
    StudyDate,
    Trial,
)

__all__ = ["RESPONSIBLE_PARTY_TYPES", "encodable_study", "export_study"]

# responsibleParty.type values; anything else the record holds is an investigator's name.
RESPONSIBLE_PARTY_TYPES = frozenset({"SPONSOR", "PRINCIPAL_INVESTIGATOR", "SPONSOR_INVESTIGATOR"})

JsonObject = dict[str, Any]


def _pruned(pairs: dict[str, Any]) -> JsonObject:
    """Drop absent values (None, empty lists, empty objects): API v2 omits them. (Asked
    without building ``(None, [], {})`` a value and comparing with each, which was a
    third of the export's time: the same values go.)"""
    return {
        key: value
        for key, value in pairs.items()
        if value is not None and (value or not isinstance(value, (list, dict)))
    }


# Legacy XML records' words for an estimate -> the one API v2 (and its schema) uses.
_ESTIMATED = {"ANTICIPATED": "ESTIMATED", "ESTIMATE": "ESTIMATED"}


def _estimate_type(value: str | None) -> str | None:
    return _ESTIMATED.get(value, value) if value is not None else None


def _date(date: StudyDate | None) -> JsonObject | None:
    if date is None:
        return None
    return _pruned({"date": date.date, "type": _estimate_type(date.type)})


def _sponsor(sponsor: Sponsor | None) -> JsonObject | None:
    if sponsor is None:
        return None
    return _pruned({"name": sponsor.name, "class": sponsor.sponsor_class})


def _organization(sponsor: Sponsor | None) -> JsonObject | None:
    if sponsor is None:
        return None
    return _pruned({"fullName": sponsor.name, "class": sponsor.sponsor_class})


def _contact(contact: Contact) -> JsonObject:
    return _pruned(
        {
            "name": contact.name,
            "role": contact.role,
            "affiliation": contact.affiliation,
            "phone": contact.phone,
            "phoneExt": contact.phone_ext,
            "email": contact.email,
        }
    )


def _meshes(terms: list[MeshTerm]) -> list[JsonObject]:
    return [_pruned({"id": term.id, "term": term.term}) for term in terms]


def _outcomes(outcomes: list[Outcome]) -> list[JsonObject]:
    return [
        _pruned(
            {
                "measure": outcome.measure,
                "description": outcome.description,
                "timeFrame": outcome.time_frame,
            }
        )
        for outcome in outcomes
    ]


def _location(location: Location) -> JsonObject:
    geo_point = None
    if location.latitude is not None and location.longitude is not None:
        geo_point = {"lat": location.latitude, "lon": location.longitude}
    return _pruned(
        {
            "facility": location.facility,
            "status": location.status,
            "city": location.city,
            "state": location.state,
            "zip": location.zip,
            "country": location.country,
            "contacts": [_contact(contact) for contact in location.contacts],
            "geoPoint": geo_point,
        }
    )


def _intervention(intervention: Intervention) -> JsonObject:
    return _pruned(
        {
            "type": intervention.type,
            "name": intervention.name,
            "description": intervention.description,
            "armGroupLabels": intervention.arm_group_labels,
            "otherNames": intervention.other_names,
        }
    )


def _arm_group(arm: ArmGroup) -> JsonObject:
    return _pruned(
        {
            "label": arm.label,
            "type": arm.type,
            "description": arm.description,
            "interventionNames": arm.intervention_names,
        }
    )


def _age(age: Age) -> str | None:
    """The age as API v2 writes it ("18 Years"); legacy "N/A" (no limit) is left out."""
    return age.text if age.text and age.text[:1].isdigit() else None


def _responsible_party(value: str | None) -> JsonObject | None:
    if value is None:
        return None
    if value in RESPONSIBLE_PARTY_TYPES:
        return {"type": value}
    return {"investigatorFullName": value}


def _status_module(trial: Trial) -> JsonObject:
    last_update_submit = (
        trial.source_last_updated if trial.last_update_posted_date is None else None
    )
    return _pruned(
        {
            "statusVerifiedDate": trial.status_verified_date,
            "overallStatus": trial.overall_status,
            "lastKnownStatus": trial.last_known_status,
            "whyStopped": trial.why_stopped,
            "startDateStruct": _date(trial.start_date),
            "primaryCompletionDateStruct": _date(trial.primary_completion_date),
            "completionDateStruct": _date(trial.completion_date),
            "studyFirstPostDateStruct": _date(trial.first_posted_date),
            "lastUpdateSubmitDate": last_update_submit,
            "lastUpdatePostDateStruct": _date(trial.last_update_posted_date),
        }
    )


def _design_module(trial: Trial) -> JsonObject:
    design = trial.design
    masking = _pruned({"masking": design.masking, "whoMasked": design.who_masked})
    design_info = _pruned(
        {
            "allocation": design.allocation,
            "interventionModel": design.intervention_model,
            "interventionModelDescription": design.intervention_model_description,
            "primaryPurpose": design.primary_purpose,
            "observationalModel": design.observational_model,
            "timePerspective": design.time_perspective,
            "maskingInfo": masking,
        }
    )
    enrollment = _pruned(
        {"count": trial.enrollment.count, "type": _estimate_type(trial.enrollment.type)}
    )
    return _pruned(
        {
            "studyType": trial.study_type,
            "phases": trial.phases,
            "designInfo": design_info,
            "enrollmentInfo": enrollment,
        }
    )


def _eligibility_module(trial: Trial) -> JsonObject:
    eligibility = trial.eligibility
    return _pruned(
        {
            "eligibilityCriteria": eligibility.criteria_text,
            "healthyVolunteers": eligibility.healthy_volunteers,
            "sex": eligibility.sex,
            "genderBased": eligibility.gender_based,
            "genderDescription": eligibility.gender_description,
            "minimumAge": _age(eligibility.minimum_age),
            "maximumAge": _age(eligibility.maximum_age),
            "stdAges": eligibility.std_ages,
            "studyPopulation": eligibility.study_population,
            "samplingMethod": eligibility.sampling_method,
        }
    )


def _protocol_section(
    trial: Trial,
    contact: Callable[[Contact], object] = _contact,
    location: Callable[[Location], object] = _location,
) -> JsonObject:
    identification = _pruned(
        {
            "nctId": trial.nct_id,
            "orgStudyIdInfo": _pruned({"id": trial.org_study_id}),
            "secondaryIdInfos": [
                _pruned({"id": item.id, "type": item.type, "domain": item.domain})
                for item in trial.secondary_ids
            ],
            "organization": _organization(trial.organization),
            "briefTitle": trial.brief_title,
            "officialTitle": trial.official_title,
            "acronym": trial.acronym,
        }
    )
    sponsors = _pruned(
        {
            "responsibleParty": _responsible_party(trial.responsible_party),
            "leadSponsor": _sponsor(trial.lead_sponsor),
            "collaborators": [_sponsor(sponsor) for sponsor in trial.collaborators],
        }
    )
    contacts = _pruned(
        {
            "centralContacts": list(map(contact, trial.central_contacts)),
            "overallOfficials": list(map(contact, trial.overall_officials)),
            "locations": list(map(location, trial.locations)),
        }
    )
    return _pruned(
        {
            "identificationModule": identification,
            "statusModule": _status_module(trial),
            "sponsorCollaboratorsModule": sponsors,
            "descriptionModule": _pruned(
                {
                    "briefSummary": trial.brief_summary,
                    "detailedDescription": trial.detailed_description,
                }
            ),
            "conditionsModule": _pruned(
                {"conditions": trial.conditions, "keywords": trial.keywords}
            ),
            "designModule": _design_module(trial),
            "armsInterventionsModule": _pruned(
                {
                    "armGroups": [_arm_group(arm) for arm in trial.arm_groups],
                    "interventions": [_intervention(item) for item in trial.interventions],
                }
            ),
            "outcomesModule": _pruned(
                {
                    "primaryOutcomes": _outcomes(trial.primary_outcomes),
                    "secondaryOutcomes": _outcomes(trial.secondary_outcomes),
                }
            ),
            "eligibilityModule": _eligibility_module(trial),
            "contactsLocationsModule": contacts,
        }
    )


def _derived_section(trial: Trial) -> JsonObject:
    return _pruned(
        {
            "miscInfoModule": _pruned({"versionHolder": trial.source_snapshot}),
            "conditionBrowseModule": _pruned(
                {
                    "meshes": _meshes(trial.condition_meshes),
                    "ancestors": _meshes(trial.condition_mesh_ancestors),
                }
            ),
            "interventionBrowseModule": _pruned(
                {
                    "meshes": _meshes(trial.intervention_meshes),
                    "ancestors": _meshes(trial.intervention_mesh_ancestors),
                }
            ),
        }
    )


def export_study(trial: Trial) -> JsonObject:
    """The trial as one API v2 study object (``GET /api/v2/studies/{nctId}``)."""
    return _pruned(
        {
            "protocolSection": _protocol_section(trial),
            "derivedSection": _derived_section(trial),
            "hasResults": trial.has_results,
        }
    )


def _as_record(record: Contact | Location) -> Contact | Location:
    return record


def encodable_study(trial: Trial) -> JsonObject:
    """:func:`export_study` for encoding only: sites and contacts stay typed records, which
    msgspec encodes to the same JSON (see the module's docstring)."""
    return _pruned(
        {
            "protocolSection": _protocol_section(trial, _as_record, _as_record),
            "derivedSection": _derived_section(trial),
            "hasResults": trial.has_results,
        }
    )
