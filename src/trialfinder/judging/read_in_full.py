"""Whether the constraints the judge read are all a met inclusion asks for.

A criterion met by what the parser read must not leave unread a clause of its own ("…, or
a history of …"), an alternative it lists, an age it writes as an item, or a place a denial
was given; a disease read only through MeSH is one phrase of a sentence the lexicon could
not read at all, so such a criterion is met only when nothing else in it is left unread.
These readers answer that one question for the judge's inclusion and exclusion statuses.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from trialfinder.criteria import Criterion
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention, Constraint, HealthyVolunteers, Measurement
from trialfinder.criteria.parse import words_left_unread
from trialfinder.judging.criterion_words import cue_patterns, mention_span
from trialfinder.judging.findings import Finding
from trialfinder.judging.silence_policy import only_framing_unread, spans_of
from trialfinder.patient import VOCABULARY_CONCEPT_PREFIX

__all__ = [
    "a_denied_one_given",
    "a_listed_age",
    "an_alternative_unread",
    "one_clause_read_fully",
    "read_fully",
    "settings_of_treatments_not_had",
    "vocabulary_readings_read_in_full",
]


def vocabulary_readings_read_in_full(
    criterion: Criterion, constraints: Sequence[Constraint], findings: Sequence[Finding]
) -> tuple[list[Constraint], list[Finding]]:
    """In an inclusion, a disease read through MeSH that the patient has counts only
    when nothing else in the criterion is left unread (:func:`read_fully`): it adds
    what the lexicon cannot read, and must not take away what it can."""
    kept: list[tuple[Constraint, Finding]] = []
    for constraint, finding in zip(constraints, findings, strict=True):
        if (
            _read_by_vocabulary(constraint)
            and finding.truth == "true"
            and criterion.section == "inclusion"
            and not read_fully(criterion, constraints, unread_words_waived=False)
        ):
            continue
        kept.append((constraint, finding))
    return [c for c, _ in kept], [f for _, f in kept]


def _read_by_vocabulary(constraint: Constraint) -> bool:
    return isinstance(constraint, ConceptMention) and constraint.concept.startswith(
        VOCABULARY_CONCEPT_PREFIX
    )


_BRACKETED_CAPITALS = re.compile(r"\s*\(([A-Z]{2,6})\)")


def _own_abbreviations(
    criterion_text: str, constraints: Sequence[Constraint], places: Sequence[int]
) -> list[tuple[int, int]]:
    """The spans of a bracketed abbreviation written just after a constraint's words and
    beginning with its letter ("immunosuppressive therapy (IST)"): it names what was read
    again, whatever syllables its letters take (:func:`silence_policy._abbreviations` wants
    initials)."""
    spans: list[tuple[int, int]] = []
    for constraint, place in zip(constraints, places, strict=True):
        after = place + len(constraint.text)
        found = _BRACKETED_CAPITALS.match(criterion_text, after)
        if found is not None and found.group(1)[0].lower() == constraint.text[:1].lower():
            spans.append(found.span())
    return spans


# "…, or …", "…; or …", "… OR …": an "or" between two clauses, never one inside a phrase
# ("with or without", "and/or", "hepatitis B or C", "1 or 2" have no comma before them).
_CLAUSE_OR = re.compile(r"[,;]\s*or\b|\bOR\b")


def _clause_alternatives(
    criterion_text: str, short_capitals: bool = False
) -> list[tuple[int, int]] | None:
    """The spans of a criterion written as clause-level alternatives ("Currently receiving
    an IST for MG, or documented reason why the patient is not taking an IST per
    investigator"), or None when it is not one.

    Each alternative must be a full requirement: no comma inside any of them (so "A, B, or C
    for 3 months", whose last words qualify every item, is no split) and at least three
    words in each (not the last noun of a list). With ``short_capitals`` (for a met
    alternative), between capital "OR"s alone, with no list to end, a shorter alternative of
    words is whole too ("unmedicated OR are stable on an antidepressant regime"), though not
    a bare number ("ECOG 0 OR 1"): the met one asks nothing of it. Whether such a word fails
    is not read, so a failing alternative still counts only the longer ones."""
    cuts = list(_CLAUSE_OR.finditer(criterion_text))
    if not cuts:
        return None
    capitals = short_capitals and all(cut.group(0) == "OR" for cut in cuts)
    starts = [0, *(cut.end() for cut in cuts)]
    ends = [*(cut.start() for cut in cuts), len(criterion_text)]
    spans = list(zip(starts, ends, strict=True))
    for start, end in spans:
        part = criterion_text[start:end]
        words = part.split()
        short = len(words) < 3 and not (capitals and all(w.isalpha() for w in words))
        if "," in part or ";" in part or not words or short:
            return None
    return spans


def one_clause_read_fully(
    criterion: Criterion,
    constraints: Sequence[Constraint],
    unread_words_waived: bool,
    diagnosed_in: str,
    judged_spans: Sequence[tuple[int, int]] = (),
) -> bool:
    """Whether every constraint judged (all holding) stands in one clause-level alternative
    (:func:`_clause_alternatives`) whose own words are read fully: then that alternative is
    met, and the others, read or not, ask nothing more (an "or" is met by one of its items)."""
    spans = _clause_alternatives(criterion.text, short_capitals=True)
    places = _written_places(criterion.text, constraints)
    if spans is None or places is None:
        return False
    written = list(zip(places, constraints, strict=True))
    inside = [
        (start, end)
        for start, end in spans
        if all(start <= p and p + len(c.text) <= end for p, c in written)
    ]
    if len(inside) != 1:
        return False
    start, end = inside[0]
    others = [(0, start), (end, len(criterion.text))]
    others += _own_abbreviations(criterion.text, constraints, places)
    return read_fully(
        criterion, constraints, unread_words_waived, diagnosed_in, others, judged_spans
    )


def an_alternative_unread(criterion_text: str, constraints: Sequence[Constraint]) -> bool:
    """Whether the criterion is written as clause-level alternatives (:func:`_clause_alternatives`)
    one of which holds nothing the parse read ("…, or documented reason why the patient is not
    taking an IST per investigator"): what fails the read alternatives cannot fail the
    criterion, since an "or" is not met only when every item is not met."""
    spans = _clause_alternatives(criterion_text)
    places = _written_places(criterion_text, constraints)
    if spans is None or places is None:
        return False
    return any(not any(start <= p < end for p in places) for start, end in spans)


def a_listed_age(criterion_text: str, constraint: Constraint) -> bool:
    """ "One risk factor … such as high grade, lymphovascular invasion, HER2 positivity, age <
    35 years": an age written as one item of a list of alternatives (after a comma, colon or "or",
    with a list cue earlier in its sentence), which a patient outside it does not fail while
    the list's other items are unread."""
    if not (isinstance(constraint, Measurement) and constraint.analyte == "age"):
        return False
    span = mention_span(criterion_text, constraint.text)
    if span is None:
        return False
    before = criterion_text[: span[0]]
    item = _AGE_AS_AN_ITEM.search(before)
    if item is None:
        return False
    sentence = re.split(r"[;\n]|\.\s", before[: item.start()])[-1]
    return cue_patterns()["listed_alternatives"].search(sentence) is not None


_AGE_AS_AN_ITEM = re.compile(
    r"(?:[,:]|\bor|\band/or)\s+(?:an?\s+)?(?:patient\s+)?aged?\s*(?:of\s+)?$", re.IGNORECASE
)


def _written_places(criterion_text: str, constraints: Sequence[Constraint]) -> list[int] | None:
    """Where each constraint's words first stand in the criterion, or None when there is no
    constraint or one's words are not written as such (then no alternative can be told)."""
    lowered = criterion_text.lower()
    places = [lowered.find(c.text.lower()) for c in constraints]
    return None if not places or any(p < 0 for p in places) else places


# After a treatment, the setting it was given in: "given for advanced or metastatic disease",
# "received for advanced or mNSCLC", "for metastatic or locally recurrent inoperable breast
# cancer", up to the end of its clause.
# A setting's words run on through brackets that say more of it ("for advanced or recurrent
# (Stage IIIB/C not amenable for radical treatment) or metastatic (Stage IV) NSCLC").
_SETTING_AFTER = re.compile(
    r"\s*(?:(?:received|given|administered)\s+)?(?:for|in)\b[^,;:.()]*"
    r"(?:\([^()]*\)[^,;:.()]*)*",
    re.IGNORECASE,
)
_CLAUSE_OPENS = re.compile(r"[,;:.()]")


def _setting_after_another_name(
    criterion_text: str, concept: str, start: int
) -> re.Match[str] | None:
    """The setting written after another name of the same treatment later in its sentence
    ("chemotherapy or other systemic therapy for advanced … NSCLC": the judge keeps one
    reading of a concept, and "systemic therapy" is chemotherapy's name too)."""
    end = _SENTENCE_END.search(criterion_text, start)
    stop = end.start() if end is not None else len(criterion_text)
    for name in load_lexicon().concepts[concept].names:
        pattern = re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])", re.IGNORECASE)
        for found in pattern.finditer(criterion_text, start, stop):
            setting = _SETTING_AFTER.match(criterion_text, found.end())
            if setting is not None:
                return setting
    return None


_SENTENCE_END = re.compile(r";|\.(?:\s|$)")


def settings_of_treatments_not_had(
    criterion_text: str,
    constraints: Sequence[Constraint],
    findings: Sequence[Finding],
    exclusion: bool = False,
) -> tuple[tuple[int, int], ...]:
    """The spans of the clause around each treatment asked as received before ("No prior
    systemic anti-cancer therapy given for advanced or metastatic disease", "Any prior
    systemic therapy received for advanced or mNSCLC") that the patient has never had: its
    words only say of which kind or in which setting it was given, and a patient who has had
    none has had none of any kind in any setting. Only a treatment with no time window
    whose clause goes on with its setting ("for", "given for", "received in"); the clause
    runs from the last punctuation before the treatment to the next. ``exclusion``: the
    criterion names the treatment (not denied) and the note denies it; in an inclusion the
    criterion denies it and the denial holds."""
    spans: list[tuple[int, int]] = []
    for constraint, finding in zip(constraints, findings, strict=True):
        if not (
            isinstance(constraint, ConceptMention)
            and constraint.category == "treatment"
            and constraint.historical
            and constraint.window is None
            and constraint.negated != exclusion
            and finding.truth == ("false" if exclusion else "true")
        ):
            continue
        span = mention_span(criterion_text, constraint.text)
        if span is None:
            continue
        setting = _SETTING_AFTER.match(criterion_text, span[1]) or _setting_after_another_name(
            criterion_text, constraint.concept, span[1]
        )
        if setting is None:
            continue
        opens = [found.end() for found in _CLAUSE_OPENS.finditer(criterion_text, 0, span[0])]
        spans.append((opens[-1] if opens else 0, setting.end()))
    return tuple(spans)


def a_denied_one_given(
    constraints: Sequence[Constraint], findings: Sequence[Finding]
) -> Finding | None:
    """ "Must not have received prior EGFR TKIs or other systemic therapy for … NSCLC": an
    inclusion's denied "A or B" asks for neither, so the patient's A fails it, whatever the
    rest ("NSCLC" says which therapy; of several concepts one is otherwise enough).

    Only a treatment denied as received before ("no prior", "must not have received"), with
    no time window: the parse's negation also covers "not amenable to surgery" or "(except
    arthralgia)", which ask nothing of the patient's past. Not when the criterion also names
    the treatment undenied, as a way back in ("no prior chemotherapy, or chemotherapy
    completed over a year ago").

    A treatment denied within a recency window ("Not taking antibiotics or probiotics within
    the past 4 weeks") is denied as taken in that time, so the patient's A inside the window
    fails it too, whatever the note says of B."""
    undenied = {c.concept for c in constraints if isinstance(c, ConceptMention) and not c.negated}
    return next(
        (
            f
            for c, f in zip(constraints, findings, strict=True)
            if isinstance(c, ConceptMention)
            and c.category == "treatment"
            and c.negated
            and (
                (c.historical and c.window is None)
                or (c.window is not None and c.window.kind == "recency")
            )
            and f.truth == "false"
            and c.concept not in undenied
        ),
        None,
    )


def read_fully(
    criterion: Criterion,
    constraints: Sequence[Constraint],
    unread_words_waived: bool,
    diagnosed_in: str = "",
    others: Sequence[tuple[int, int]] | None = None,
    judged_spans: Sequence[tuple[int, int]] = (),
) -> bool:
    """Whether the constraints judged are all a met inclusion asks for.

    A whole record can waive the parser's unread words (``unread_words_waived``);
    but a disease read only through MeSH is one phrase of a sentence the lexicon
    could not read at all ("… drugs for excessive vaginal bleeding … maintained"),
    so such a criterion is met only when nothing else in it is left unread.

    ``others``, for one alternative of "A or B" (:func:`alternatives.alternative_spans`): the spans
    written for the other alternatives, which ask nothing of this one ("or ventilation").
    Its own words are then a phrase the parser split off, not a sentence it could not
    read, so a waiver covers a disease read through MeSH too.

    ``judged_spans``: words the judge read beside the parse, a condition's words around it
    naming the narrower disease the patient has ("Esophageal cancer" where the lexicon reads
    "cancer": :func:`disease_kinds.narrower_spans_the_patient_has`).
    """
    read_by_vocabulary = [
        c for c in constraints if isinstance(c, ConceptMention) and _read_by_vocabulary(c)
    ]
    # "Good general health" the judge reads as a whole, not the parser's words: like a
    # disease read through MeSH, only framing may be left beside it.
    read_by_judge: list[Constraint] = [
        *read_by_vocabulary,
        *(c for c in constraints if isinstance(c, HealthyVolunteers)),
    ]
    waived = criterion.complete or unread_words_waived
    if others is None and not read_by_judge:
        return (
            waived
            or bool(judged_spans and not words_left_unread(criterion.text, judged_spans))
            or only_framing_unread(criterion.text, constraints, tuple(judged_spans), diagnosed_in)
        )
    if others is not None and waived:
        return True
    spans = [*(others or ()), *spans_of(criterion.text, read_by_judge), *judged_spans]
    return not words_left_unread(criterion.text, spans) or only_framing_unread(
        criterion.text, constraints, tuple(spans), diagnosed_in
    )
