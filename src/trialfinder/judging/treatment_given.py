"""When and in which setting a criterion asks a treatment to have been given.

"Patients whose nivolumab treatment has been initiated in 2018", "… initiated between 2015
and 2020", "Patients treated with nivolumab in the adjuvant setting": a retrospective study
picks its patients, or sets some aside, by the year a treatment began or the setting it was
given in. The drug alone does not meet such a criterion: the note must date its start
within those years, or name the setting. This module reads what the criterion asks after
the drug's mention, and answers from the patient's facts (``course_finding``, which the
judge's entailment asks first). The intent written before a treatment ("Definitive
Radiotherapy") is read the same way: a course the note gives the other intent ("Palliative RT
to L3") is not the one asked.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from trialfinder.criteria.model import ConceptMention
from trialfinder.judging.criterion_words import has_word, mention_span
from trialfinder.judging.findings import Finding
from trialfinder.patient import Fact, PatientFacts, judge_cue_pattern
from trialfinder.written_dates import MONTH_NAMES

__all__ = [
    "AskedGiven",
    "asked_given",
    "course_finding",
    "denied_course_finding",
    "noted_start_year",
    "other_intent",
]


class AskedGiven(NamedTuple):
    """What a criterion asks of a treatment's course: the years its start must fall in
    (inclusive; None if none asked) and the setting the note must name (lowered; None if
    none asked)."""

    years: tuple[int, int] | None
    setting: str | None


_YEAR = r"(?:19|20)\d\d"
# "nivolumab treatment initiated in 2017", "… has been initiated in 2018", "… was started
# between 2015 and 2020": a few words may stand between the drug and the verb.
_ASKED_YEARS = rf"(?:in\s+(?P<year>{_YEAR})|between\s+(?P<low>{_YEAR})\s+and\s+(?P<high>{_YEAR}))"
_STARTED = rf"(?i)(?:\s+[\w/-]+){{0,4}}?\s+(?:{{course_start_verbs}})\s+{_ASKED_YEARS}\b"
# "nivolumab in the adjuvant setting", "… in a neoadjuvant setting" (``judge_cues``).
_SETTING = (
    r"(?i)(?:\s+[\w/-]+){0,2}?\s+in\s+(?:the|an?)\s+(?P<setting>{treatment_setting_words})"
    r"\s+settings?\b"
)
# "chemotherapy and antibody drug conjugates for advanced disease", "endocrine-based therapy
# for inoperable locally advanced or metastatic disease" (``judge_cues``); the treatment may
# be one of a list the setting closes ("Prior systemic therapy (e.g., prior chemotherapy,
# immunotherapy, or biologic therapy) for locally advanced unresectable or metastatic breast
# cancer"), and a site word may stand before the noun.
_FOR_ADVANCED = (
    r"(?i)(?:[\s,)]+[\w/-]+){0,5}?[\s,)]+for\s+(?:(?:the|their|his|her)\s+)?(?:locally\s+)?"
    r"(?:{advanced_setting_asked_words})(?:\s+or\s+(?:{advanced_setting_asked_words}))?"
    r"\s+(?:[\w-]+\s+)?(?:{advanced_setting_nouns})\b"
)
# A denial's setting may be joined to another ("No prior chemotherapy … for metastatic or
# locally recurrent inoperable breast cancer"). A positive ask so written is left as it was:
# its allowances ("… allowed, provided that recurrence … > 12 months after") are not read.
_DENIED_FOR_ADVANCED = (
    r"(?i)(?:\s+[\w/-]+){0,5}?\s+for\s+(?:(?:the|their|his|her)\s+)?(?:locally\s+)?"
    r"(?:{advanced_setting_asked_words})"
    r"\s+(?:{advanced_setting_nouns}|or)\b"
)
# The setting :func:`asked_given` names for a treatment asked for advanced disease.
_ADVANCED = "advanced"
_ADVANCED_SAID = r"(?i)\b(?:{advanced_setting_note_words})\b"
_EARLY_SAID = r"(?i)\b(?:{early_setting_note_words})\b"
# A note's start of a course: "from June 2018 to June 2019", "since 2016", "started 03/2016".
_MONTH = rf"(?:{MONTH_NAMES})[a-z]*\.?\s+"
_NOTED_START = (
    rf"(?i)\b(?:{{course_start_words}}|{{course_start_verbs}})\s+(?:in\s+)?(?:{_MONTH}|\d{{1,2}}/)?"
    rf"(?P<year>{_YEAR})\b"
)


def noted_start_year(sentence: str) -> int | None:
    """The year a note's sentence starts a course in ("… nivolumab drips every month …, from
    June 2018 to June 2019"); None when it gives none, or more than one start."""
    years = {int(found["year"]) for found in judge_cue_pattern(_NOTED_START).finditer(sentence)}
    return years.pop() if len(years) == 1 else None


def asked_given(criterion_text: str, mention_end: int) -> AskedGiven | None:
    """What the criterion asks of the course of the treatment whose mention ends at
    ``mention_end``; None when it asks neither a start year nor a setting. Only the words of
    the mention's own clause are read (up to a semicolon or a sentence's end)."""
    clause = re.split(r"[;.](?:\s|$)", criterion_text[mention_end:], maxsplit=1)[0]
    started = judge_cue_pattern(_STARTED).match(clause)
    years: tuple[int, int] | None = None
    if started is not None:
        if started["year"]:
            years = (int(started["year"]), int(started["year"]))
        else:
            years = (int(started["low"]), int(started["high"]))
    setting = judge_cue_pattern(_SETTING).match(clause)
    if setting is None and judge_cue_pattern(_FOR_ADVANCED).match(clause) is not None:
        return AskedGiven(years, _ADVANCED)
    if years is None and setting is None:
        return None
    return AskedGiven(years, setting["setting"].lower() if setting is not None else None)


def course_finding(
    criterion_text: str, constraint: ConceptMention, finding: Finding, patient: PatientFacts
) -> Finding | None:
    """ "Patients whose nivolumab treatment has been initiated in 2018", "treated with
    nivolumab in the adjuvant setting": a treatment the patient has meets it only when the
    note dates its start within the years asked (the fact's start year, else the one start its
    sentence gives: "from June 2018 to June 2019"), or names the setting; a start dated
    outside them does not meet it. None when the criterion asks neither of the treatment, or
    denies it (the denial's own finding, :func:`denied_course_finding`, stands: a patient who
    never had it meets "No prior chemotherapy for metastatic disease")."""
    span = mention_span(criterion_text, constraint.text)
    if constraint.category != "treatment" or span is None or constraint.negated:
        return None
    asked = asked_given(criterion_text, span[1])
    if asked is None:
        return None
    name = constraint.text.lower()
    facts = patient.concept_facts(constraint.concept)[0]
    if asked.years is not None:
        low, high = asked.years
        said = f"in {low}" if low == high else f"between {low} and {high}"
        started = sorted(
            {
                year
                for f in facts
                if (year := f.start_year or noted_start_year(f.evidence)) is not None
            }
        )
        if not started:
            reason = f"{finding.reason}; the criterion asks for it started {said}, "
            return Finding("unknown", finding.evidence, reason + "which the note does not date")
        if not any(low <= year <= high for year in started):
            reason = f"{name} started in {started[0]}; the criterion asks for it started {said}"
            return Finding("false", finding.evidence, reason)
    if asked.setting == _ADVANCED:
        return _advanced_finding(facts, finding, name)
    if asked.setting is not None and not any(has_word(f.evidence, asked.setting) for f in facts):
        reason = f"{finding.reason}; the criterion asks for it in the {asked.setting} setting"
        return Finding("unknown", finding.evidence, f"{reason}, which the note does not say")
    return None


def denied_course_finding(
    criterion_text: str, constraint: ConceptMention, finding: Finding, patient: PatientFacts
) -> Finding | None:
    """ "No prior chemotherapy or other systemic anti-cancer therapy for metastatic … breast
    cancer": the denial of a treatment asked for advanced disease, for a patient who has had
    it (``finding`` true). Holds when the note gives every course only in an early setting
    ("neoadjuvant paclitaxel"); left to the study team when it says neither setting; None
    (the denial fails as before) when the note gives it for advanced disease, or when the
    criterion asks no setting."""
    span = mention_span(criterion_text, constraint.text)
    if constraint.category != "treatment" or span is None or finding.truth != "true":
        return None
    clause = re.split(r"[;.](?:\s|$)", criterion_text[span[1] :], maxsplit=1)[0]
    if judge_cue_pattern(_DENIED_FOR_ADVANCED).match(clause) is None:
        return None
    name = constraint.text.lower()
    facts = patient.concept_facts(constraint.concept)[0]
    course = _advanced_finding(facts, finding, name)
    if course is None or course.truth == "unknown":
        return course
    reason = course.reason.replace("the criterion asks it for", "the criterion denies it for")
    return Finding("true", course.evidence, f"{reason} only")


def other_intent(
    criterion_text: str, constraint: ConceptMention, facts: Sequence[Fact]
) -> str | None:
    """ "Definitive Radiotherapy within the last 21 days" against "Palliative RT to L3": why
    the patient's course is not the one asked, when the criterion writes an intent right
    before the treatment (``judge_cues``) and every sentence the note gives the course in
    writes the other, not the one asked; None otherwise (the course's timing is then read)."""
    span = mention_span(criterion_text, constraint.text)
    if constraint.category != "treatment" or span is None or not facts:
        return None
    asked = judge_cue_pattern(_INTENT_BEFORE).search(criterion_text, 0, span[0])
    if asked is None:
        return None
    radical = asked["radical"] is not None
    own = judge_cue_pattern(_RADICAL if radical else _PALLIATIVE)
    other = judge_cue_pattern(_PALLIATIVE if radical else _RADICAL)
    said = [other.search(f.evidence) for f in facts]
    if any(s is None for s in said) or any(own.search(f.evidence) for f in facts):
        return None
    found = next(s for s in said if s is not None)
    name = constraint.text.lower()
    intent = asked.group(0).split()[0].lower()
    return f"the note's {name} is {found.group(0).lower()}; the criterion asks for {intent} {name}"


_RADICAL = r"(?i)\b(?:{treatment_intent_radical_words})\b"
_PALLIATIVE = r"(?i)\b(?:{treatment_intent_palliative_words})\b"
# The intent right before the treatment's mention: "definitive radiotherapy", "curative-intent
# surgery", "palliative radiation".
_INTENT_BEFORE = (
    r"(?i)\b(?:(?P<radical>{treatment_intent_radical_words})|{treatment_intent_palliative_words})"
    r"(?:[\s-]+intent)?\s+$"
)


def _advanced_finding(facts: Sequence[Fact], finding: Finding, name: str) -> Finding | None:
    """ "Prior treatment with chemotherapy … for advanced disease": met by a course the note
    gives for advanced disease ("paclitaxel for metastatic disease"), not by one it gives only
    in an early setting ("adjuvant EC-paclitaxel"); left to the study team when it says
    neither ("after my operation, then chemotherapy")."""
    advanced = judge_cue_pattern(_ADVANCED_SAID)
    if any(advanced.search(f.evidence) for f in facts):
        return None
    early = judge_cue_pattern(_EARLY_SAID)
    said = next((m for f in facts if (m := early.search(f.evidence)) is not None), None)
    if facts and said is not None and all(early.search(f.evidence) for f in facts):
        reason = f"the note gives {name} in the {said.group(0).lower()} setting"
        return Finding(
            "false", finding.evidence, f"{reason}; the criterion asks it for advanced disease"
        )
    reason = f"{finding.reason}; the criterion asks for it for advanced disease"
    return Finding("unknown", finding.evidence, f"{reason}, which the note does not say")
