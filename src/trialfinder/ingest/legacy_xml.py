"""Legacy ClinicalTrials.gov ``<clinical_study>`` XML -> :class:`~trialfinder.model.Trial`.

The XML is parsed with defusedxml: trial files come from outside, so entity
expansion and external entities are refused. Enumerations are mapped to the
API v2 spellings so that everything downstream sees one vocabulary.
"""

from __future__ import annotations

import re
import textwrap
from datetime import datetime
from xml.etree.ElementTree import Element

import defusedxml.ElementTree as SafeElementTree
from defusedxml import DefusedXmlException

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
from trialfinder.places import geocode_site

__all__ = ["enum_name", "legacy_date", "parse_clinical_study"]

_SPECIAL_ENUMS = {
    "unknown status": "UNKNOWN",
    "n/a": "NA",
    "u.s. fed": "FED",
    "other u.s. federal agency": "OTHER_GOV",
    "parallel assignment": "PARALLEL",
    "single group assignment": "SINGLE_GROUP",
    "crossover assignment": "CROSSOVER",
    "factorial assignment": "FACTORIAL",
    "sequential assignment": "SEQUENTIAL",
    "accepts healthy volunteers": "YES",
    "available": "AVAILABLE",
}

_PHASES = {
    "early phase 1": "EARLY_PHASE1",
    "phase 1": "PHASE1",
    "phase 2": "PHASE2",
    "phase 3": "PHASE3",
    "phase 4": "PHASE4",
    "n/a": "NA",
}

_MASKING_ROLES = {
    "participant": "PARTICIPANT",
    "subject": "PARTICIPANT",
    "care provider": "CARE_PROVIDER",
    "caregiver": "CARE_PROVIDER",
    "investigator": "INVESTIGATOR",
    "outcomes assessor": "OUTCOMES_ASSESSOR",
}

_NON_WORD = re.compile(r"[^A-Za-z0-9]+")
_BRACKETED = re.compile(r"\s*\[.*?\]|\s*\(.*?\)")


def enum_name(text: str | None) -> str | None:
    """Map a legacy display value ("Active, not recruiting") to its API v2 enum."""
    if text is None:
        return None
    key = text.strip().lower()
    if not key:
        return None
    if key in _SPECIAL_ENUMS:
        return _SPECIAL_ENUMS[key]
    return _NON_WORD.sub("_", text.strip()).strip("_").upper() or None


def legacy_date(text: str | None) -> str | None:
    """ "July 15, 2002" -> "2002-07-15"; "July 2002" -> "2002-07"; anything else kept."""
    if text is None:
        return None
    cleaned = text.strip()
    if not cleaned:
        return None
    for pattern, output in (
        ("%B %d, %Y", "%Y-%m-%d"),
        ("%B %Y", "%Y-%m"),
        ("%Y-%m-%d", "%Y-%m-%d"),
    ):
        try:
            return datetime.strptime(cleaned, pattern).strftime(output)
        except ValueError:
            continue
    return cleaned


def _text(element: Element | None, path: str) -> str | None:
    if element is None:
        return None
    found = element.find(path)
    if found is None or found.text is None:
        return None
    value = found.text.strip()
    return value or None


def _texts(element: Element, path: str) -> list[str]:
    return [item.text.strip() for item in element.findall(path) if item.text and item.text.strip()]


def _textblock(element: Element, path: str) -> str | None:
    """A ``<textblock>``: CRs removed and the XML's indentation taken out, nesting kept."""
    raw = _text(element, path)
    if raw is None:
        return None
    lines = raw.replace("\r", "").split("\n")
    first, rest = lines[0].strip(), textwrap.dedent("\n".join(lines[1:]))
    return f"{first}\n{rest}".strip() if rest.strip() else first


def _date(element: Element, path: str) -> StudyDate | None:
    found = element.find(path)
    if found is None:
        return None
    date = legacy_date(found.text)
    if date is None:
        return None
    return StudyDate(date=date, type=enum_name(found.get("type")))


def _contact(element: Element) -> Contact:
    return Contact(
        name=_text(element, "last_name"),
        role=enum_name(_text(element, "role")),
        affiliation=_text(element, "affiliation"),
        phone=_text(element, "phone"),
        phone_ext=_text(element, "phone_ext"),
        email=_text(element, "email"),
    )


def _sponsor(element: Element | None) -> Sponsor | None:
    name = _text(element, "agency")
    if element is None or name is None:
        return None
    return Sponsor(name=name, sponsor_class=enum_name(_text(element, "agency_class")))


def _phases(text: str | None) -> list[str]:
    if text is None:
        return []
    parts = [text] if text.strip().lower() in _PHASES else text.split("/")
    return [_PHASES.get(part.strip().lower(), enum_name(part) or "NA") for part in parts]


def _masking(text: str | None) -> tuple[str | None, list[str]]:
    if text is None:
        return None, []
    level = enum_name(_BRACKETED.sub("", text))
    roles_text = text[text.find("(") + 1 : text.rfind(")")] if "(" in text else ""
    roles = [
        _MASKING_ROLES.get(role.strip().lower(), enum_name(role) or "")
        for role in roles_text.split(",")
        if role.strip() and level != "NONE"
    ]
    return level, roles


def _outcomes(root: Element, path: str) -> list[Outcome]:
    return [
        Outcome(
            measure=measure,
            time_frame=_text(item, "time_frame"),
            description=_text(item, "description"),
        )
        for item in root.findall(path)
        if (measure := _text(item, "measure")) is not None
    ]


def _location(element: Element) -> Location:
    address = element.find("facility/address")
    contacts = [_contact(item) for item in element.findall("contact")]
    contacts += [_contact(item) for item in element.findall("contact_backup")]
    city, state, country = (_text(address, name) for name in ("city", "state", "country"))
    return Location(
        facility=_text(element, "facility/name"),
        status=enum_name(_text(element, "status")),
        city=city,
        state=state,
        zip=_text(address, "zip"),
        country=country,
        contacts=contacts,
        # Legacy XML has no coordinates: use the city centroid, as the registry's geocoding does.
        geo_point=geocode_site(city, state, country),
    )


def _healthy_volunteers(text: str | None) -> bool | None:
    if text is None:
        return None
    return text.strip().lower() in {"accepts healthy volunteers", "yes"}


def parse_clinical_study(data: bytes) -> Trial:
    """Parse one ``<clinical_study>`` document; raise :class:`MalformedRecord` if unusable."""
    try:
        root = SafeElementTree.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as error:
        raise MalformedRecord(f"refused unsafe XML: {error.__class__.__name__}") from error
    except SafeElementTree.ParseError as error:
        raise MalformedRecord(f"invalid XML: {error}") from error
    if root.tag != "clinical_study":
        raise MalformedRecord(f"expected <clinical_study>, found <{root.tag}>")
    nct_id = checked_nct_id(_text(root, "id_info/nct_id"), "id_info/nct_id")

    interventions = [
        Intervention(
            name=name,
            type=enum_name(_text(item, "intervention_type")),
            description=_text(item, "description"),
            arm_group_labels=_texts(item, "arm_group_label"),
            other_names=_texts(item, "other_name"),
        )
        for item in root.findall("intervention")
        if (name := _text(item, "intervention_name")) is not None
    ]
    arm_groups = []
    for item in root.findall("arm_group"):
        label = _text(item, "arm_group_label")
        if label is None:
            continue
        arm_groups.append(
            ArmGroup(
                label=label,
                type=enum_name(_text(item, "arm_group_type")),
                description=_text(item, "description"),
                intervention_names=[
                    f"{(intervention.type or 'OTHER').replace('_', ' ').title()}: "
                    f"{intervention.name}"
                    for intervention in interventions
                    if label in intervention.arm_group_labels
                ],
            )
        )
    eligibility = root.find("eligibility")
    masking, who_masked = _masking(_text(root, "study_design_info/masking"))
    enrollment_element = root.find("enrollment")
    enrollment_text = _text(root, "enrollment")
    central_contacts = [_contact(item) for item in root.findall("overall_contact")]
    central_contacts += [_contact(item) for item in root.findall("overall_contact_backup")]
    last_update = _date(root, "last_update_posted") or _date(root, "lastchanged_date")
    download = _text(root, "required_header/download_date")

    return Trial(
        nct_id=nct_id,
        source_format="ctgov_legacy_xml",
        brief_title=_text(root, "brief_title"),
        official_title=_text(root, "official_title"),
        acronym=_text(root, "acronym"),
        org_study_id=_text(root, "id_info/org_study_id"),
        secondary_ids=[SecondaryId(id=value) for value in _texts(root, "id_info/secondary_id")],
        lead_sponsor=_sponsor(root.find("sponsors/lead_sponsor")),
        collaborators=[
            sponsor
            for sponsor in (_sponsor(item) for item in root.findall("sponsors/collaborator"))
            if sponsor is not None
        ],
        responsible_party=_text(root, "responsible_party/investigator_full_name")
        or enum_name(_text(root, "responsible_party/responsible_party_type")),
        overall_status=enum_name(_text(root, "overall_status")),
        last_known_status=enum_name(_text(root, "last_known_status")),
        why_stopped=_text(root, "why_stopped"),
        phases=_phases(_text(root, "phase")),
        study_type=enum_name(_BRACKETED.sub("", _text(root, "study_type") or "")),
        conditions=_texts(root, "condition"),
        keywords=_texts(root, "keyword"),
        condition_meshes=[MeshTerm(term=t) for t in _texts(root, "condition_browse/mesh_term")],
        intervention_meshes=[
            MeshTerm(term=t) for t in _texts(root, "intervention_browse/mesh_term")
        ],
        interventions=interventions,
        arm_groups=arm_groups,
        brief_summary=_textblock(root, "brief_summary/textblock"),
        detailed_description=_textblock(root, "detailed_description/textblock"),
        enrollment=Enrollment(
            count=int(enrollment_text) if enrollment_text and enrollment_text.isdigit() else None,
            type=enum_name(enrollment_element.get("type"))
            if enrollment_element is not None
            else None,
        ),
        eligibility=Eligibility()
        if eligibility is None
        else Eligibility(
            criteria_text=_textblock(eligibility, "criteria/textblock"),
            sex=enum_name(_text(eligibility, "gender")),
            gender_based=(_text(eligibility, "gender_based") or "").lower() == "yes" or None,
            gender_description=_textblock(eligibility, "gender_description/textblock")
            or _text(eligibility, "gender_description"),
            minimum_age=parse_age(_text(eligibility, "minimum_age")),
            maximum_age=parse_age(_text(eligibility, "maximum_age")),
            healthy_volunteers=_healthy_volunteers(_text(eligibility, "healthy_volunteers")),
            study_population=_textblock(eligibility, "study_pop/textblock"),
            sampling_method=enum_name(_text(eligibility, "sampling_method")),
        ),
        design=Design(
            primary_purpose=enum_name(_text(root, "study_design_info/primary_purpose")),
            allocation=enum_name(_text(root, "study_design_info/allocation")),
            intervention_model=enum_name(_text(root, "study_design_info/intervention_model")),
            intervention_model_description=_text(
                root, "study_design_info/intervention_model_description"
            ),
            masking=masking,
            who_masked=who_masked,
            observational_model=enum_name(_text(root, "study_design_info/observational_model")),
            time_perspective=enum_name(_text(root, "study_design_info/time_perspective")),
        ),
        primary_outcomes=_outcomes(root, "primary_outcome"),
        secondary_outcomes=_outcomes(root, "secondary_outcome"),
        central_contacts=central_contacts,
        overall_officials=[_contact(item) for item in root.findall("overall_official")],
        locations=[_location(item) for item in root.findall("location")],
        start_date=_date(root, "start_date"),
        primary_completion_date=_date(root, "primary_completion_date"),
        completion_date=_date(root, "completion_date"),
        first_posted_date=_date(root, "study_first_posted"),
        last_update_posted_date=last_update,
        status_verified_date=legacy_date(_text(root, "verification_date")),
        has_results=root.find("clinical_results") is not None,
        source_last_updated=last_update.date if last_update else None,
        source_snapshot=legacy_date(download.rsplit(" on ", 1)[-1]) if download else None,
    )
