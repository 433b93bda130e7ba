"""An exclusion's unread words that the note's denial of what it read answers.

The note denies every reading of an exclusion, and the words left ask only about what it
denied: "Allergic to G-CSF or PEG-rhG-CSF related components" against "no known drug
allergies" (a patient with no allergy has none to anything, whatever the list of what it
would be to), "Pregnant, breastfeeding, or planning to become pregnant" against a woman the
note says is past the menopause, or past childbearing age, or who uses contraception (she
plans no pregnancy), "Lactating women or WOCBP who are neither surgically sterilized nor
willing to use reliable contraceptive methods" against "not breastfeeding; Nexplanon implant"
(``childbearing_potential``), "Prior
treatment with bevacizumab (either for disease progression or radionecrosis)" against "Never
had bevacizumab", or "Any prior systemic therapy received for advanced or mNSCLC" against "Rx
naive" (a treatment never had was had in no setting, for no purpose, for no length of time),
"clinically significant or unstable cardiovascular, pulmonary … illness or unstable medical
disorder" against a note denying every illness ("No medical illness"; the words of illness of a
kind or a body system, ``broad_illness`` of the rules). The words are data (``denied_rest`` of
``data/screening_rules.json``); a denial answers the rest, never the reverse: an allergy the
note has, or a woman who may still conceive, leaves it to the team.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from trialfinder.criteria.model import ConceptMention, Constraint, Pregnancy
from trialfinder.criteria.parse import words_left_unread
from trialfinder.judging.broad_illness import every_illness_denial, illness_words
from trialfinder.judging.childbearing_potential import (
    not_of_childbearing_potential,
    wocbp_spans_answered,
)
from trialfinder.judging.contraception import contraception_in_use
from trialfinder.judging.silence_policy import narrowing_spans, only_framing_unread
from trialfinder.patient import PatientFacts, load_screening_rules, screening_phrase
from trialfinder.phrases import phrase_alternation

__all__ = ["only_denied_rest_unread"]

# The end of the sentence or ";"-clause an object or a plan runs to ("e.g." does not end it).
_CLAUSE_END = r"(?=;|\.(?:\s|$)|$)"
# Where a clause begins: after ";" or a sentence's full stop.
_CLAUSE_START = re.compile(r";|\.(?=\s)")
# A list before a treatment ("mezigdomide or pomalidomide"): the words before it are no lead.
_LIST_JOIN = re.compile(r",|\b(?:or|and)\b")
# A treatment's course after it: a bracket ("(either for disease progression …)"), or its
# purpose, setting or length to the end of its clause ("for more than 4 weeks", "in the
# metastatic setting (…)").
_COURSE = re.compile(
    rf"\s*\)?\s*(?:\([^()]*\)|\b(?:for|in|within|during|as|given|received|at|before|since|"
    rf"after)\b[^;]*?{_CLAUSE_END})",
    re.IGNORECASE,
)
# A list running on in a course (", or radiation therapy …"): answered only when what it
# adds is another reading the note denies.
_COURSE_JOIN = re.compile(r",\s*(?:and/or|or|and)\s+(?:(?:a|an|any|the)\s+)?", re.IGNORECASE)


@functools.cache
def _patterns() -> tuple[frozenset[str], re.Pattern[str], re.Pattern[str]] | None:
    rules = load_screening_rules().denied_rest
    if rules is None:
        return None
    nouns = phrase_alternation(rules.allergy_object_nouns)
    kinds = phrase_alternation(rules.allergy_kind_words)
    # An allergy's object runs on through "or" and commas ("to tree nuts or peanuts", "…, any
    # ingredient of SB27, or to pemetrexed"; "…, or any component of FOLFIRI": a generic
    # object carries the list on) but not past ", or"/", and" opening something else
    # ("allergy to contrast media, or inability to lie flat").
    carried = phrase_alternation(["to", *rules.allergy_object_continuations])
    word = rf"(?:(?!,\s*(?:and/or|or|and)\s+(?!(?:{carried})\b))[^;])"
    objects = re.compile(
        rf"(?:\s+(?:{nouns}))?(?:\s*,?\s+(?:(?:or|and|and/or)\s+)?(?:{kinds}))*"
        rf"\s+(?:{phrase_alternation(rules.allergy_object_words)})"
        rf"(?![\w-]){word}*?{_CLAUSE_END}",
        re.IGNORECASE,
    )
    plans = re.compile(
        rf"(?<![\w-])(?:{phrase_alternation(rules.pregnancy_plan_phrases)})(?![\w-])"
        rf"[^;]*?{_CLAUSE_END}",
        re.IGNORECASE,
    )
    return frozenset(rules.allergy_concepts), objects, plans


def _allergy_object_spans(
    criterion_text: str, denied: Sequence[Constraint]
) -> list[tuple[int, int]]:
    """Each denied allergy with what it is to ("allergy to tree nuts or peanuts"), up to the
    end of its clause."""
    patterns = _patterns()
    if patterns is None:
        return []
    concepts, objects, _ = patterns
    lowered = criterion_text.lower()
    spans: list[tuple[int, int]] = []
    for c in denied:
        if not (isinstance(c, ConceptMention) and c.concept in concepts) or c.negated:
            continue
        for found in re.finditer(re.escape(c.text.lower()), lowered):
            after = objects.match(criterion_text, found.end())
            if after is not None:
                spans.append((found.start(), after.end()))
    return spans


def _pregnancy_plan_spans(
    criterion_text: str, constraints: Sequence[Constraint], patient: PatientFacts
) -> list[tuple[int, int]]:
    """The pregnancy an exclusion asks the patient plans ("or planning to become pregnant"),
    up to the end of its clause, when she can plan none: she is not of childbearing potential
    (past the menopause or childbearing age, or after a hysterectomy: an exclusion of
    pregnancy alone is then not applicable before it; one naming more is not), or she uses
    contraception, which prevents the pregnancy she would plan ("Contraception: levonorgestrel
    IUS"). Never of a man: "expecting to conceive or father children"."""
    patterns = _patterns()
    if patterns is None or not any(isinstance(c, Pregnancy) and not c.negated for c in constraints):
        return []
    if patient.sex != "female" or not (
        not_of_childbearing_potential(patient) or contraception_in_use(patient)
    ):
        return []
    return [found.span() for found in patterns[2].finditer(criterion_text)]


@functools.cache
def _never_cue() -> re.Pattern[str] | None:
    rules = load_screening_rules().denied_rest
    if rules is None or not rules.never_had_cues:
        return None
    return re.compile(
        rf"(?<![\w-])(?:{phrase_alternation(rules.never_had_cues)})(?![\w-])", re.IGNORECASE
    )


def _never_had(patient: PatientFacts, concept: str) -> bool:
    """Whether the note denies the patient ever had the treatment: in the past ("Never had
    bevacizumab", ``never_had_cues``) or by a statement of no treatment for the cancer
    ("Treatment naive", "No treatment yet": ``note_untreated_phrases``,
    ``note_no_treatment_phrases``); "not on bevacizumab" denies it now only."""
    never = _never_cue()
    _, absent = patient.concept_facts(concept)
    return any(
        fact.historical
        or (never is not None and never.search(fact.evidence) is not None)
        or screening_phrase("note_untreated_phrases").search(fact.evidence) is not None
        or screening_phrase("note_no_treatment_phrases").search(fact.evidence) is not None
        for fact in absent
    )


def _never_had_course_spans(
    criterion_text: str, denied: Sequence[Constraint], patient: PatientFacts
) -> list[tuple[int, int]]:
    """The clause of each prior treatment an exclusion asks that the note says the patient
    never had: its setting, purpose or length ("Previously treated with Bedaquiline or
    Linezolid for more than 4 weeks") ask of a course there never was."""
    lowered = criterion_text.lower()
    never_had = [
        c
        for c in denied
        if isinstance(c, ConceptMention)
        and c.category == "treatment"
        and c.historical
        and not c.negated
        and _never_had(patient, c.concept)
    ]
    found = [m for c in never_had for m in re.finditer(re.escape(c.text.lower()), lowered)]
    # Where another reading the note denies begins (", or radiation therapy for …").
    starts = {
        m.start()
        for c in denied
        if isinstance(c, ConceptMention)
        for m in re.finditer(re.escape(c.text.lower()), lowered)
    }
    spans: list[tuple[int, int]] = []
    for mention in found:
        start = max(
            (m.end() for m in _CLAUSE_START.finditer(criterion_text, 0, mention.start())),
            default=0,
        )
        if _LIST_JOIN.search(criterion_text, start, mention.start()) is None:
            spans.append((start, mention.start()))
        course = _COURSE.match(criterion_text, mention.end())
        if course is not None and all(
            join.end() in starts
            for join in _COURSE_JOIN.finditer(criterion_text, course.start(), course.end())
        ):
            spans.append(course.span())
    return spans


def _illness_spans(criterion_text: str, patient: PatientFacts) -> list[tuple[int, int]]:
    """The words of illness of a kind or a body system an exclusion asks beside what it read
    ("clinically significant or unstable … pulmonary, endocrine … illness or unstable medical
    disorder"), when the note denies every illness and states none
    (:func:`broad_illness.every_illness_denial`)."""
    found = [m.span() for m in illness_words().finditer(criterion_text)]
    return found if found and every_illness_denial(patient) else []


def only_denied_rest_unread(
    criterion_text: str,
    constraints: Sequence[Constraint],
    denied: Sequence[Constraint],
    patient: PatientFacts,
) -> bool:
    """Whether an exclusion whose every reading the note denies leaves unread only what an
    allergy it denies is to, a pregnancy a woman past the menopause would plan, or the course
    of a treatment the note says the patient never had, beside the words that narrow a
    denied condition or frame the criterion (:func:`silence_policy.only_narrowing_unread`)."""
    answered = [
        *_allergy_object_spans(criterion_text, denied),
        *_pregnancy_plan_spans(criterion_text, constraints, patient),
        *wocbp_spans_answered(criterion_text, patient),
        *_illness_spans(criterion_text, patient),
        *_never_had_course_spans(criterion_text, denied, patient),
    ]
    if not answered:
        return False
    spans = (*narrowing_spans(criterion_text, denied), *answered)
    return not words_left_unread(criterion_text, spans) or only_framing_unread(
        criterion_text, constraints, spans
    )
