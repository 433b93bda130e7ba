"""The trial record: one typed structure for everything a reader sees and every
later stage (search, eligibility matching, display) needs.

Every ingest format is converted into :class:`Trial`; nothing downstream reads
source documents directly. The record is a ``msgspec.Struct`` so that it can be
stored and loaded as compact JSON quickly (ingest speed matters at registry
scale) while still being validated on load.
"""

from __future__ import annotations

import re
from typing import Literal

import msgspec

__all__ = [
    "AGE_UNITS_IN_YEARS",
    "ENROLLMENT_PLACEHOLDER",
    "NCT_ID_PATTERN",
    "Age",
    "ArmGroup",
    "Contact",
    "DerivedRecord",
    "Design",
    "Eligibility",
    "Enrollment",
    "GeoPoint",
    "Intervention",
    "Location",
    "MeshTerm",
    "Outcome",
    "SecondaryId",
    "SourceFormat",
    "Sponsor",
    "StudyDate",
    "Trial",
    "decode_trial",
    "encode_trial",
    "funder_type_of",
    "normalize_nct_id",
    "parse_age",
]

SourceFormat = Literal["ctgov_v2_json", "ctgov_legacy_xml"]

# The registry writes 99999999 (and similar) when the real count is unknown.
ENROLLMENT_PLACEHOLDER = 99_999_999

AGE_UNITS_IN_YEARS: dict[str, float] = {
    "year": 1.0,
    "month": 1.0 / 12.0,
    "week": 7.0 / 365.25,
    "day": 1.0 / 365.25,
    "hour": 1.0 / (365.25 * 24.0),
    "minute": 1.0 / (365.25 * 24.0 * 60.0),
}

# A registry id: "NCT" and eight digits. The registry never used another form
# (legacy XML carries the same ids), so anything else is broken or hostile input.
NCT_ID_PATTERN = re.compile(r"NCT\d{8}")


def normalize_nct_id(text: str) -> str | None:
    """``text`` as an NCT id (stripped, upper-cased), or None when it is not one."""
    candidate = text.strip().upper()
    return candidate if NCT_ID_PATTERN.fullmatch(candidate) else None


_AGE_PATTERN = re.compile(
    r"^\s*(\d+(?:\.\d+)?)\s*(year|month|week|day|hour|minute)s?\b", re.IGNORECASE
)


class Age(msgspec.Struct, frozen=True, omit_defaults=True):
    """An age bound as the registry wrote it ("6 Months", "N/A") and in years."""

    text: str | None = None
    years: float | None = None


def parse_age(text: str | None) -> Age:
    """Turn registry age text into an :class:`Age`; unknown forms keep only the text."""
    if text is None:
        return Age()
    stripped = text.strip()
    if not stripped:
        return Age()
    match = _AGE_PATTERN.match(stripped)
    if match is None:
        return Age(text=stripped)
    value = float(match.group(1))
    unit = match.group(2).lower()
    return Age(text=stripped, years=round(value * AGE_UNITS_IN_YEARS[unit], 6))


class StudyDate(msgspec.Struct, frozen=True, omit_defaults=True):
    """A registry date: ISO text at the precision given ("2025-07" or "2025-07-12")."""

    date: str
    type: str | None = None  # ACTUAL or ESTIMATED


class SecondaryId(msgspec.Struct, frozen=True, omit_defaults=True, rename="camel"):
    id: str
    type: str | None = None
    domain: str | None = None


class Sponsor(msgspec.Struct, frozen=True, omit_defaults=True):
    name: str
    sponsor_class: str | None = None  # INDUSTRY, NIH, OTHER, FED, OTHER_GOV, ...


class MeshTerm(msgspec.Struct, frozen=True, omit_defaults=True, rename="camel"):
    term: str
    id: str | None = None


class Intervention(msgspec.Struct, frozen=True, omit_defaults=True, rename="camel"):
    name: str
    type: str | None = None  # DRUG, BIOLOGICAL, DEVICE, PROCEDURE, ...
    description: str | None = None
    arm_group_labels: list[str] = []
    other_names: list[str] = []


class ArmGroup(msgspec.Struct, frozen=True, omit_defaults=True, rename="camel"):
    label: str
    type: str | None = None  # EXPERIMENTAL, ACTIVE_COMPARATOR, ...
    description: str | None = None
    intervention_names: list[str] = []  # "Biological: Human ... cell", as the registry writes them


class Enrollment(msgspec.Struct, frozen=True, omit_defaults=True):
    count: int | None = None
    type: str | None = None  # ESTIMATED or ACTUAL

    @property
    def display_count(self) -> int | None:
        """The count to show a reader: registry placeholders are not real counts."""
        if self.count is None or self.count < 0 or self.count >= ENROLLMENT_PLACEHOLDER:
            return None
        return self.count


class Eligibility(msgspec.Struct, frozen=True, omit_defaults=True):
    criteria_text: str | None = None
    sex: str | None = None  # ALL, FEMALE, MALE
    gender_based: bool | None = None
    gender_description: str | None = None
    minimum_age: Age = Age()
    maximum_age: Age = Age()
    healthy_volunteers: bool | None = None
    std_ages: list[str] = []  # CHILD, ADULT, OLDER_ADULT
    study_population: str | None = None
    sampling_method: str | None = None


class Design(msgspec.Struct, frozen=True, omit_defaults=True):
    primary_purpose: str | None = None
    allocation: str | None = None
    intervention_model: str | None = None
    intervention_model_description: str | None = None
    masking: str | None = None
    who_masked: list[str] = []
    observational_model: str | None = None
    time_perspective: str | None = None


class Contact(msgspec.Struct, frozen=True, omit_defaults=True, rename="camel"):
    name: str | None = None
    role: str | None = None
    affiliation: str | None = None
    phone: str | None = None
    phone_ext: str | None = None
    email: str | None = None


class GeoPoint(msgspec.Struct, frozen=True):
    """A site's coordinates: the registry geocodes the city, so these are city centroids."""

    lat: float
    lon: float


class Location(msgspec.Struct, frozen=True, omit_defaults=True, rename="camel"):
    """A trial site. Field names follow API v2 so sites decode straight from registry JSON."""

    facility: str | None = None
    status: str | None = None
    city: str | None = None
    state: str | None = None
    zip: str | None = None
    country: str | None = None
    contacts: list[Contact] = []
    geo_point: GeoPoint | None = None

    @property
    def latitude(self) -> float | None:
        return self.geo_point.lat if self.geo_point is not None else None

    @property
    def longitude(self) -> float | None:
        return self.geo_point.lon if self.geo_point is not None else None


class Outcome(msgspec.Struct, frozen=True, omit_defaults=True, rename="camel"):
    measure: str
    time_frame: str | None = None
    description: str | None = None


class Trial(msgspec.Struct, omit_defaults=True):
    """One clinical study, whatever format it came from."""

    nct_id: str
    source_format: SourceFormat
    brief_title: str | None = None
    official_title: str | None = None
    acronym: str | None = None
    org_study_id: str | None = None
    secondary_ids: list[SecondaryId] = []
    organization: Sponsor | None = None
    lead_sponsor: Sponsor | None = None
    collaborators: list[Sponsor] = []
    responsible_party: str | None = None
    overall_status: str | None = None  # RECRUITING, COMPLETED, ... (API v2 enum spelling)
    last_known_status: str | None = None
    why_stopped: str | None = None
    phases: list[str] = []  # EARLY_PHASE1, PHASE1, ..., NA
    study_type: str | None = None  # INTERVENTIONAL, OBSERVATIONAL, EXPANDED_ACCESS
    conditions: list[str] = []
    keywords: list[str] = []
    condition_meshes: list[MeshTerm] = []
    condition_mesh_ancestors: list[MeshTerm] = []
    intervention_meshes: list[MeshTerm] = []
    intervention_mesh_ancestors: list[MeshTerm] = []
    interventions: list[Intervention] = []
    arm_groups: list[ArmGroup] = []
    brief_summary: str | None = None
    detailed_description: str | None = None
    enrollment: Enrollment = Enrollment()
    eligibility: Eligibility = Eligibility()
    design: Design = Design()
    primary_outcomes: list[Outcome] = []
    secondary_outcomes: list[Outcome] = []
    central_contacts: list[Contact] = []
    overall_officials: list[Contact] = []
    locations: list[Location] = []
    start_date: StudyDate | None = None
    primary_completion_date: StudyDate | None = None
    completion_date: StudyDate | None = None
    first_posted_date: StudyDate | None = None
    last_update_posted_date: StudyDate | None = None
    # When the sponsor last confirmed the status ("2024-05"): says how stale "Unknown" is.
    status_verified_date: str | None = None
    has_results: bool = False
    # When the source last changed this record (ISO date): decides which copy wins an upsert.
    source_last_updated: str | None = None
    # When the copy we hold was produced by the registry ("2025-07" snapshot, XML download date).
    source_snapshot: str | None = None

    @property
    def title(self) -> str:
        return self.brief_title or self.official_title or self.nct_id

    @property
    def funder_types(self) -> list[str]:
        """Funder types as the reference pages list them, from sponsor classes, in order."""
        seen: list[str] = []
        sponsors = [self.lead_sponsor, *self.collaborators]
        for sponsor in sponsors:
            if sponsor is None:
                continue
            funder_type = funder_type_of(sponsor.sponsor_class)
            if funder_type is not None and funder_type not in seen:
                seen.append(funder_type)
        return seen

    @property
    def source_url(self) -> str:
        return f"https://clinicaltrials.gov/study/{self.nct_id}"


_FUNDER_TYPES = {
    "INDUSTRY": "Industry",
    "NIH": "NIH",
    "FED": "U.S. Fed",
    "OTHER_GOV": "Other U.S. Fed",
    "INDIV": "Individual",
    "NETWORK": "Network",
    "AMBIG": "Other",
    "UNKNOWN": "Other",
    "OTHER": "Other",
}


def funder_type_of(sponsor_class: str | None) -> str | None:
    """Map a registry sponsor class to the funder-type word readers see."""
    if not sponsor_class:
        return None
    return _FUNDER_TYPES.get(sponsor_class.upper(), "Other")


_encoder = msgspec.json.Encoder()
_decoder = msgspec.json.Decoder(Trial)


def encode_trial(trial: Trial) -> bytes:
    """Serialise a trial to compact JSON (the store's and the CLI's format)."""
    return _encoder.encode(trial)


def decode_trial(data: bytes | str) -> Trial:
    """Load and validate a trial from :func:`encode_trial` output."""
    return _decoder.decode(data)


class DerivedRecord(msgspec.Struct, frozen=True):
    """Something computed from a trial once and kept (parsed criteria, ...).

    It lives with the record types, not in the store, so that the stages that
    compute it (criteria parsing at ingest) need not depend on storage.

    ``version`` is the version of the code that computed it, so that a newer
    parser can find and redo stale records.
    """

    nct_id: str
    kind: str
    version: str
    data: bytes
