"""Typed, serialisable criteria: what a parsed criterion says.

Criteria are parsed once at ingest and stored as bytes (``DerivedRecord`` kind
``"criteria"``, plus the small ``"criteria_summary"`` matching reads first), so
every type here is a ``msgspec.Struct`` encoded as compact MessagePack arrays:
decoding 100,000 of them stays fast enough for matching one patient against a
whole registry. The layout is tied to ``PARSER_VERSION``;
records of another version are re-parsed, never decoded. Constraint kinds are
a tagged union (first array item). ``CriteriaSummary`` is a prefix of
``ParsedCriteria`` so the prefilter can decode just those fields.
"""

from __future__ import annotations

from typing import Literal

import msgspec

__all__ = [
    "CRITERIA_KIND",
    "CRITERIA_SUMMARY_KIND",
    "Comparator",
    "ConceptMention",
    "Constraint",
    "CriteriaSummary",
    "Criterion",
    "DiseaseStage",
    "GroupLogic",
    "HealthyVolunteers",
    "Measurement",
    "ParsedCriteria",
    "Pregnancy",
    "PriorLines",
    "RequiredTreatment",
    "Section",
    "SexRequirement",
    "TimeWindow",
    "TnmGroup",
    "TnmStage",
    "comparison_holds",
    "decode_criteria",
    "decode_criteria_summary",
    "encode_criteria",
    "encode_criteria_summary",
    "summarize_criteria",
]

CRITERIA_KIND = "criteria"
# Stored beside each "criteria" record so that ranking a whole store reads a few
# MB of summaries instead of every full parse.
CRITERIA_SUMMARY_KIND = "criteria_summary"

Comparator = Literal[">", ">=", "<", "<=", "=", "between"]


def comparison_holds(
    value: float,
    comparator: Comparator,
    low: float,
    high: float | None,
    lower_open: bool = False,
    upper_open: bool = False,
) -> bool:
    """Whether ``value`` is ``comparator`` ``low`` (between ``low`` and ``high`` for a range;
    a range without its top is the one value ``low``; ``lower_open``/``upper_open`` leave a
    range's end out, as :class:`Measurement` keeps it). "=" allows for float rounding: the
    one test a criterion's threshold, a patient's reading and a note's word share."""
    if comparator == "between":
        top = high if high is not None else low
        above = value > low if lower_open else value >= low
        below = value < top if upper_open else value <= top
        return above and below
    if comparator == ">":
        return value > low
    if comparator == ">=":
        return value >= low
    if comparator == "<":
        return value < low
    if comparator == "<=":
        return value <= low
    return abs(value - low) < 1e-9


Section = Literal["inclusion", "exclusion"]
GroupLogic = Literal["all", "any"]


class TimeWindow(msgspec.Struct, frozen=True, omit_defaults=True, array_like=True):
    """When something must (not) have happened, or for how long.

    ``recency``: "within the past year" (comparator ``<=`` 365.25 days ago).
    ``duration``: "for ≥2 years", "cumulative use ≥3 years".
    ``stable``: how long a treatment's dose has been stable ("a stable dosage of thyroid
    replacement medication for <6 months"): asked of the treatment, never the onset or the
    length of the condition it treats, so a condition carrying it is left to the study team.
    A duration between two lengths ("at least 24 months but not more than 60 months of
    adjuvant ET") is comparator "between" with ``days`` its least and ``upper_days`` its most.
    """

    kind: Literal["recency", "duration", "stable"]
    comparator: Comparator
    days: float
    text: str = ""
    upper_days: float | None = None


class _Constraint(
    msgspec.Struct,
    frozen=True,
    omit_defaults=True,
    array_like=True,
    tag_field="kind",
    cache_hash=True,
):
    """What every constraint is stored as: an immutable array, its kind tag first, defaults
    left out (each subclass names its tag). Its hash is kept: the judge's readers remember
    their answers by criterion text and constraint, asked again of every patient."""


class Measurement(_Constraint, frozen=True, tag="measurement"):
    """A quantity compared with a threshold: labs, vitals, scores, and age.

    ``unit`` is a pint expression as written; ``canonical_*`` are in the
    analyte's canonical unit (None when the unit was missing or unusable).
    ``relative_to_uln`` means the value is a multiple of the upper limit of
    normal. ``plausible`` is False when the threshold cannot be a real value
    in its stated unit (a unit slip in the registry text); ``plausible_unit``
    is then the one usual unit it is plausible in, which matching judges it
    in and says so (None: matching refuses to trust it). ``unit_assumed`` marks
    a value written without a unit that was taken in ``unit`` (the only unit
    it is plausible in); reasons say so. ``change`` marks how much the quantity
    changes ("a drop of ≥ 20 mmHg in systolic pressure", "≥ 2 points above
    baseline"), not a level a patient's value can be compared with. ``sex`` is
    the sex a threshold is written for ("Hb < 130 g/L in men, < 120 g/L in
    women"): it does not judge a patient of the other sex. ``lower_open`` and
    ``upper_open`` say a "between" range leaves out its end ("≥ 12 and < 18 years",
    "12 to < 18 years", "> 18 and < 80"): a range keeps each bound as written, so age 18
    does not meet "≥ 12 and < 18" (both False: the range holds its ends, "18 to 65").
    """

    analyte: str
    comparator: Comparator
    value: float
    text: str
    upper_value: float | None = None
    unit: str | None = None
    canonical_value: float | None = None
    canonical_upper: float | None = None
    relative_to_uln: bool = False
    plausible: bool = True
    plausible_unit: str | None = None
    unit_assumed: bool = False
    change: bool = False
    sex: Literal["female", "male"] | None = None
    lower_open: bool = False
    upper_open: bool = False


class SexRequirement(_Constraint, frozen=True, tag="sex"):
    sex: Literal["female", "male"]
    text: str


class Pregnancy(_Constraint, frozen=True, tag="pregnancy"):
    """Pregnancy and/or lactation; ``negated`` for "not pregnant"."""

    states: list[Literal["pregnant", "lactating"]]
    text: str
    negated: bool = False


class HealthyVolunteers(_Constraint, frozen=True, tag="healthy_volunteers"):
    accepted: bool
    text: str


class RequiredTreatment(msgspec.Struct, frozen=True, array_like=True):
    """A treatment a condition counts only with ("autoimmune disorders requiring chronic
    treatment with steroids"): its concept and the criterion's words for it. Read once, by
    the parse, as part of the condition; the judge asks the patient's facts for one."""

    concept: str
    text: str


class DiseaseStage(msgspec.Struct, frozen=True, array_like=True):
    """A stage or grade written on a condition ("stage I, II or IIIA NSCLC", "grade >= 2
    diarrhoea", a note's "stage IIIA"): the scale and the values it spans, each range as its
    lowest and highest value ("3a", "1b2", "4": the number, then the sub-stage as written).
    Read by one reader for criteria and notes (``criteria.disease_stage``), so the judge
    compares like with like; ``text`` is the words as written, for reasons."""

    scale: Literal["stage", "grade"]
    ranges: tuple[tuple[str, str], ...]
    text: str


class TnmGroup(msgspec.Struct, frozen=True, array_like=True):
    """One TNM group ("cT1-3 N0 M0"): each category's values as ranges of their lowest and
    highest value ("1", "4a", "is"), an empty tuple when the group does not write the category
    (or writes it as "X", cannot be assessed); ``prefix`` is the first prefix written ("c",
    "p", "yp"), empty when none is."""

    prefix: str
    t: tuple[tuple[str, str], ...]
    n: tuple[tuple[str, str], ...]
    m: tuple[tuple[str, str], ...]


class TnmStage(msgspec.Struct, frozen=True, array_like=True):
    """The TNM categories written on a cancer ("T1-4N0M0 prostate cancer", a note's "breast
    cancer, pT1c pN0 (sn) M0"): one group or a list of them ("T1-2 N0, T2 N1, or M1"), any
    of which is enough. Read by one reader for criteria and notes (``criteria.tnm``), so the
    judge compares category by category; ``text`` is the words as written, for reasons."""

    groups: tuple[TnmGroup, ...]
    text: str


class InfectionTest(msgspec.Struct, frozen=True, array_like=True):
    """A test that shows an infection and its result: "HBsAg positive", "HCV RNA not
    detected". ``test`` is an id of ``data/criteria/infection_tests.json``; ``text`` the words
    as written, for reasons. Kept apart from the condition because a coordinator checks the
    test a criterion names: an HCV antibody says exposure, only the RNA says active infection."""

    test: str
    positive: bool
    text: str


class ConceptMention(_Constraint, frozen=True, tag="concept"):
    """A condition, treatment, procedure or behaviour, maybe negated or time-bound."""

    concept: str
    category: str
    text: str
    negated: bool = False
    historical: bool = False
    window: TimeWindow | None = None
    # A condition's: the treatments written as what it needed (see RequiredTreatment).
    required_treatments: tuple[RequiredTreatment, ...] = ()
    # A condition's: the stage or grade the criterion asks of it (see DiseaseStage).
    stage: DiseaseStage | None = None
    # A cancer's: the TNM categories the criterion asks of it (see TnmStage).
    tnm: TnmStage | None = None
    # An infection's: the tests the criterion defines it by ("hepatitis B (HBsAg +ve)"),
    # any one of which shows it ("all": every one, "anti-HCV positive and HCV RNA positive").
    tests: tuple[InfectionTest, ...] = ()
    tests_join: Literal["any", "all"] = "any"


class PriorLines(_Constraint, frozen=True, tag="prior_lines"):
    """A count of prior lines (regimens) of therapy: "at least 2 prior lines of systemic
    therapy", "1 to 3 prior lines", "no prior systemic therapy" (= 0), "treatment-naive".

    Oncology and haematology trials choose patients by how far along their treatment they
    are; no condition or treatment mention says it. ``count`` (and ``upper`` for "1 to 3")
    is compared with ``comparator``. ``restriction`` holds the words that narrow which
    lines count ("endocrine", "cytotoxic chemotherapy"; empty: any systemic line) and
    ``setting`` the disease setting they count in ("metastatic disease"): the lines a
    restriction counts are at most all the patient's lines, so the judge can still answer
    when every count from none to all of them settles it. ``required_classes`` are the
    words after "including" ("a PI, an IMiD and an anti-CD38 antibody"). ``text`` is the
    count's own words only: the judge reads the diseases the setting names as it did before.
    """

    comparator: Comparator
    count: float
    text: str
    upper: float | None = None
    restriction: str = ""
    setting: str = ""
    required_classes: str = ""


Constraint = (
    Measurement | SexRequirement | Pregnancy | HealthyVolunteers | ConceptMention | PriorLines
)


class Criterion(msgspec.Struct, omit_defaults=True, array_like=True):
    """One inclusion or exclusion criterion with its exact text and sub-items.

    ``group`` says how sub-items combine ("any" for "at least one of the
    following"). ``complete`` is True when the constraints cover every content
    word, so that a criterion whose constraints are all satisfied can be called
    met rather than left for the study team.
    """

    id: str
    section: Section
    text: str
    label: str | None = None
    constraints: list[Constraint] = []
    children: list[Criterion] = []
    group: GroupLogic = "all"
    complete: bool = False
    source: Literal["text", "structured"] = "text"

    @property
    def computable(self) -> bool:
        return bool(self.constraints) or any(child.computable for child in self.children)

    def full_text(self) -> str:
        """The criterion text with its sub-items, as a reader sees it."""
        lines = [self.text]
        lines.extend(f"- {child.full_text()}" for child in self.children)
        return "\n".join(lines)


class CriteriaSummary(msgspec.Struct, omit_defaults=True, array_like=True):
    """The few fields matching reads first to skip trials cheaply."""

    nct_id: str
    parser_version: str
    sex: str | None = None
    minimum_age_years: float | None = None
    maximum_age_years: float | None = None
    healthy_volunteers: bool | None = None
    condition_concepts: list[str] = []
    condition_terms: list[str] = []


class ParsedCriteria(msgspec.Struct, omit_defaults=True, array_like=True):
    """Everything parsed from one trial's eligibility section and structured fields."""

    nct_id: str
    parser_version: str
    sex: str | None = None
    minimum_age_years: float | None = None
    maximum_age_years: float | None = None
    healthy_volunteers: bool | None = None
    condition_concepts: list[str] = []
    condition_terms: list[str] = []
    criteria: list[Criterion] = []
    # The trial's condition names (listed or MeSH) the lexicon reads no concept in ("Dental
    # Caries"): the judge reads them through MeSH, so that the trial's own disease is still
    # known to it. Last, so that a summary decodes the fields before it.
    unread_conditions: list[str] = []
    # The short forms the trial's own text defines ("myelofibrosis (MF)"), with their long
    # forms: every criterion was read, and is judged, with them written out
    # (trialfinder.criteria.abbreviations). Once per trial, not copied into its criteria.
    short_forms: dict[str, str] = {}

    def iter_criteria(self) -> list[Criterion]:
        """Every criterion and sub-criterion, depth first."""
        found: list[Criterion] = []
        pending = list(reversed(self.criteria))
        while pending:
            criterion = pending.pop()
            found.append(criterion)
            pending.extend(reversed(criterion.children))
        return found


_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder(ParsedCriteria)
_summary_decoder = msgspec.msgpack.Decoder(CriteriaSummary)


def encode_criteria(parsed: ParsedCriteria) -> bytes:
    """Serialise parsed criteria for the store."""
    return _encoder.encode(parsed)


def decode_criteria(data: bytes) -> ParsedCriteria:
    return _decoder.decode(data)


def summarize_criteria(parsed: ParsedCriteria) -> CriteriaSummary:
    """The prefilter fields of a parse (the same values, without the criteria)."""
    return CriteriaSummary(
        nct_id=parsed.nct_id,
        parser_version=parsed.parser_version,
        sex=parsed.sex,
        minimum_age_years=parsed.minimum_age_years,
        maximum_age_years=parsed.maximum_age_years,
        healthy_volunteers=parsed.healthy_volunteers,
        condition_concepts=parsed.condition_concepts,
        condition_terms=parsed.condition_terms,
    )


def encode_criteria_summary(summary: CriteriaSummary) -> bytes:
    """Serialise a summary for the store (kind ``CRITERIA_SUMMARY_KIND``)."""
    return _encoder.encode(summary)


def decode_criteria_summary(data: bytes) -> CriteriaSummary:
    """Decode a stored summary, or only the prefilter fields of a full record."""
    return _summary_decoder.decode(data)
