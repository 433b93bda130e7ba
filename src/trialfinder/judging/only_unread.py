"""Whether an exclusion whose every reading the note denies leaves unread only words of one
kind: a list of cancers it lets off, the radiotherapy region, the organ part, the concept
qualifiers or medications it names, a grade the note contradicts, the words of a prior
course the note denies, the ways its condition would be known.

Each reader finds what it reads and closes with ``only_these_unread``: nothing else is left
unread but words that frame the criterion (``silence_policy``). The judge's exclusion status
asks them before it lets the note's silence settle a criterion.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from trialfinder.criteria.infection_tests import test_name_spans
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention, Constraint
from trialfinder.criteria.parse import words_left_unread
from trialfinder.judging.cancer_exceptions import exception_list_end
from trialfinder.judging.confirmation_methods import method_phrases
from trialfinder.judging.criterion_words import (
    clause_start,
    cue_patterns,
    malignancy_concepts,
    mention_span,
    word_pattern,
)
from trialfinder.judging.disease_kinds import named_kinds_span, narrower_by_words_around
from trialfinder.judging.findings import Finding
from trialfinder.judging.let_off import exception_cue_after, names_another_cancer
from trialfinder.judging.qualifiers import untreated_after_end, with_concept_qualifiers
from trialfinder.judging.radiation_site import asked_region
from trialfinder.judging.silence_policy import only_framing_unread, spans_of
from trialfinder.patient import (
    PatientFacts,
    denies_all_medication,
    judge_cue_pattern,
    phrase_alternation,
)
from trialfinder.vocabulary import load_vocabulary

__all__ = [
    "only_a_contradicted_grade_unread",
    "only_another_cancer_qualifiers_unread",
    "only_concept_qualifiers_unread",
    "only_confirmation_methods_unread",
    "only_course_words_unread",
    "only_exceptions_unread",
    "only_infection_tests_unread",
    "only_medications_unread",
    "only_organ_part_unread",
    "only_radiation_region_unread",
    "only_site_words_unread",
]


def only_medications_unread(
    text: str, constraints: Sequence[Constraint], patient: PatientFacts
) -> bool:
    """Whether what is left unread of an exclusion is more of the medications it asks about
    now, which a note denying all medication denies too.

    "Use of medications that would influence the pH … Specifically, concomitant use of
    neuroleptics, atropine, chemotherapeutic agents, diuretics, antibiotics, …": the
    criterion opens by asking for medication in use (a word of ``disease_drug_heads``
    after a cue of ``medication_current_cues``), and every part read is a drug asked about
    now. Against "takes no medications" the drugs not read are denied as the read ones are.
    """
    evidence = patient.medication_list_evidence
    if not evidence or not denies_all_medication(evidence) or not constraints:
        return False
    if not all(
        isinstance(c, ConceptMention)
        and c.category == "treatment"
        and c.window is None
        and not c.historical
        for c in constraints
    ):
        return False
    cues = load_lexicon().cues
    opening = re.split(r"[.;:]\s", text)[0].lower()
    asked = re.search(
        rf"(?<![\w-])(?:{phrase_alternation(cues.medication_current_cues)})\s+"
        rf"(?:{phrase_alternation(cues.disease_drug_heads)})(?![\w-])",
        opening,
    )
    return asked is not None


def _only_these_unread(
    criterion_text: str, constraints: Sequence[Constraint], spans: Sequence[tuple[int, int]]
) -> bool:
    """Whether a reader found what it reads (``spans``, the qualifier it judged) and the
    criterion leaves nothing else unread but words that frame it: the shared close of the
    readers below (exception lists, radiotherapy regions, organ parts, concept qualifiers)."""
    return bool(spans) and (
        not words_left_unread(criterion_text, spans)
        or only_framing_unread(criterion_text, constraints, spans)
    )


def only_exceptions_unread(criterion_text: str, constraints: Sequence[Constraint]) -> bool:
    """Whether an exclusion whose every reading the note denies leaves unread only the lists
    of cancers it lets off (or words that frame it): an exception lets a cancer off, so it
    never turns a cancer the criterion does not count (one too long ago) into one it does."""
    spans = []
    for constraint in constraints:
        if isinstance(constraint, ConceptMention) and constraint.concept in malignancy_concepts():
            cue = exception_cue_after(criterion_text, constraint.text)
            if cue is not None:
                spans.append((cue.start(), exception_list_end(criterion_text, cue.end())))
    return _only_these_unread(criterion_text, constraints, spans)


def only_another_cancer_qualifiers_unread(
    criterion_text: str,
    constraints: Sequence[Constraint],
    findings: Sequence[Finding],
    patient: PatientFacts,
) -> bool:
    """Whether an exclusion whose every reading the note denies leaves unread only what it
    asks of another cancer (:func:`let_off.names_another_cancer`): "History of another primary
    malignancy except for malignancy treated with curative intent with no known active
    disease ≥ 2 years before the first dose", "Patients with second malignancy (Synchronous or
    Metachronous)". The exceptions, windows and kinds written right after it (from a word of
    ``another_cancer_qualifier_words``, a bracket or a bound, to the end of its sentence) only
    narrow that cancer: a patient the note says has no other cancer has none of them. Only a
    denial settles it (each finding given by a sentence of the note denying a cancer and
    naming none the patient has): a cancer the note dates outside a window may be the one
    an "unless …" clause asks."""
    cancers = malignancy_concepts()
    vocabulary = load_vocabulary()
    denials = {
        fact.evidence for fact in patient.facts if fact.negated and fact.concept in cancers
    } | {
        read.evidence
        for read in patient.vocabulary_facts
        if read.negated and vocabulary.is_a(read.descriptor_id, _NEOPLASMS)
    }
    # A sentence naming a cancer the patient has is no denial ("prostate cancer treated 2023").
    denials -= {
        fact.evidence for fact in patient.facts if not fact.negated and fact.concept in cancers
    }
    spans = []
    for constraint, finding in zip(constraints, findings, strict=True):
        if not names_another_cancer(criterion_text, constraint):
            continue
        if finding.evidence not in denials:
            return False
        assert isinstance(constraint, ConceptMention)
        span = mention_span(criterion_text, constraint.text)
        if span is None:
            continue
        qualified = judge_cue_pattern(_QUALIFIER_AFTER, re.I).match(criterion_text, span[1])
        if qualified is None:
            continue
        end = _SENTENCE_END.search(criterion_text, span[1])
        stop = len(criterion_text) if end is None else end.start()
        spans.append((clause_start(criterion_text, span[0]), stop))
    return _only_these_unread(criterion_text, constraints, spans)


# Right after another cancer, what narrows it: a bracket, a bound, or a qualifier's word.
_QUALIFIER_AFTER = (
    r"(?:\s*\(|\s*[<>≤≥]|\s*,?\s*(?:{another_cancer_qualifier_words:spaced})\b|\s*[.;]?\s*$)"
)
_NEOPLASMS = "D009369"
_SENTENCE_END = re.compile(r"[;]|\.(?:\s|$)")


# "origin of tumor in proximal part of stomach": where the condition began is the part named.
_PART_ORIGIN = re.compile(r"\b(?:origin|site)\s+of\s+(?:the\s+|a\s+)?$", re.IGNORECASE)


def only_radiation_region_unread(criterion_text: str, constraints: Sequence[Constraint]) -> bool:
    """Whether an exclusion whose radiotherapy the note gives to another region ("breast
    radiotherapy" for "Patients treated with pelvic radiation previously") leaves unread
    only the region it names (or words that frame it): the region was read."""
    spans = []
    for constraint in constraints:
        span = (
            mention_span(criterion_text, constraint.text)
            if isinstance(constraint, ConceptMention) and constraint.concept == "radiotherapy"
            else None
        )
        if span is not None:
            regions, start, end = asked_region(criterion_text, *span)
            if regions:
                spans.append((start, end))
    return _only_these_unread(criterion_text, constraints, spans)


def only_organ_part_unread(criterion_text: str, constraints: Sequence[Constraint]) -> bool:
    """Whether an exclusion whose condition the note places in another part of the organ
    ("Antral adenocarcinoma" for "origin of tumor in proximal part of stomach") leaves
    unread only the part it names (or words that frame it): the part was read."""
    pattern = cue_patterns()["organ_part"]
    spans = []
    for constraint in constraints:
        span = (
            mention_span(criterion_text, constraint.text)
            if isinstance(constraint, ConceptMention)
            else None
        )
        placed = pattern.match(criterion_text, span[1]) if span is not None else None
        if span is not None and placed is not None:
            origin = _PART_ORIGIN.search(criterion_text, 0, span[0])
            spans.append((span[0] if origin is None else origin.start(), placed.end()))
    return _only_these_unread(criterion_text, constraints, spans)


def only_infection_tests_unread(criterion_text: str, constraints: Sequence[Constraint]) -> bool:
    """Whether an exclusion whose infections the note denies ("HBsAg negative") leaves unread
    only the names of those infections' tests and the results it asks of them ("Positive
    hepatitis B surface antigen (HBsAg) test at screening") or words that frame it: the test
    shows the infection, and the note's result was read against it."""
    concepts = {c.concept for c in constraints if isinstance(c, ConceptMention)}
    return _only_these_unread(
        criterion_text, constraints, test_name_spans(criterion_text, concepts)
    )


def only_confirmation_methods_unread(
    criterion_text: str, constraints: Sequence[Constraint]
) -> bool:
    """Whether an exclusion whose every reading the note denies ("no cirrhosis on
    elastography") leaves unread only the ways its condition would be known ("known documented
    cirrhosis, either based on clinical criteria or liver histology or imaging";
    :func:`method_phrases`) or words that frame it: a condition the patient does not have is
    known by none of them."""
    spans = [(p.start, p.end) for p in method_phrases(criterion_text)]
    return _only_these_unread(criterion_text, constraints, spans)


def only_concept_qualifiers_unread(criterion_text: str, constraints: Sequence[Constraint]) -> bool:
    """Whether an exclusion whose condition's qualifiers the note contradicts ("Untreated
    brain metastases" against "2 brain mets treated with SRS") leaves unread only those
    qualifiers (``concept_qualifiers``, read by :func:`with_concept_qualifiers`, and the
    untreated one written after it, :func:`untreated_after_end`) or words that frame it: the
    qualifiers were read."""
    spans = []
    for constraint in constraints:
        if not isinstance(constraint, ConceptMention):
            continue
        wanted, _ = with_concept_qualifiers(criterion_text, constraint, (), False)
        span = mention_span(criterion_text, constraint.text)
        # "Positive IGRA … without previous antituberculous antibiotherapy": read as untreated.
        untreated = None if span is None else untreated_after_end(criterion_text, span[1])
        if untreated is not None and span is not None:
            spans.append((span[0], untreated))
        if wanted and span is not None:
            clause = clause_start(criterion_text, span[0])
            starts = [
                m.start() + clause
                for word in wanted
                if (m := word_pattern(word).search(criterion_text, clause, span[0]))
            ]
            spans.append((min(starts, default=span[0]), span[1]))
    return _only_these_unread(criterion_text, constraints, spans)


def only_site_words_unread(criterion_text: str, constraints: Sequence[Constraint]) -> bool:
    """Whether an exclusion whose condition the note has of another kind or at another site
    leaves unread only the words that name the kinds or site it asks (framing words aside):
    those words were read on MeSH's tree. The site or kind before the head
    ("histologically confirmed ampullary carcinoma" against a gallbladder carcinoma,
    :func:`disease_kinds.narrower_by_words_around`; "psychotic or organic mental disorder"
    against a major depression, :func:`disease_kinds.named_kinds_span`), and the types
    numbered right after a condition the note does not have ("bipolar I or II disorder")."""
    spans = []
    for constraint in constraints:
        if not isinstance(constraint, ConceptMention) or constraint.category != "condition":
            continue
        narrower = narrower_by_words_around(constraint, criterion_text)
        span = None if narrower is None else mention_span(criterion_text, narrower[1])
        span = span or named_kinds_span(constraint, criterion_text)
        if span is not None:
            spans.append(span)
        mentioned = mention_span(criterion_text, constraint.text)
        numbered = (
            None if mentioned is None else _NUMBERED_TYPES.match(criterion_text, mentioned[1])
        )
        if numbered is not None and mentioned is not None:
            spans.append((mentioned[0], numbered.end()))
    return _only_these_unread(criterion_text, constraints, spans)


# The numbered types right after a condition: "bipolar I or II disorder", "type 1 or 2".
_NUMBERED_TYPES = re.compile(
    r"\s+(?:types?\s+)?(?:I{1,3}|IV|[1-4])(?:\s*(?:,|/|or|and)\s*(?:I{1,3}|IV|[1-4]))+\b"
    r"(?:\s+disorders?)?"
)


def only_a_contradicted_grade_unread(
    criterion_text: str, constraints: Sequence[Constraint], judged: Mapping[int, Finding]
) -> bool:
    """Whether an exclusion the note fails only by a condition's grade asks nothing more.

    "Grade ≥2 peripheral neuropathy" against "persistent grade 1 peripheral neuropathy":
    MeSH reads the disease and ``disease_stage`` its grade, but the parse read no word of
    the criterion, so it is not complete. The patient has the condition at a lower grade;
    when the conditions' words, the grades and framing words are all the criterion says,
    that grade settles it (not met). Words left beyond them ("from prior cCRT") ask
    something else, and the criterion stays the study team's.
    """
    graded = [
        c
        for c in constraints
        if isinstance(c, ConceptMention)
        and c.stage is not None
        and id(c) in judged
        and judged[id(c)].truth == "false"
    ]
    if not graded:
        return False
    lowered = criterion_text.lower()
    spans = [
        *spans_of(criterion_text, constraints),
        *(
            found.span()
            for c in graded
            if c.stage is not None
            for found in re.finditer(re.escape(c.stage.text.lower()), lowered)
        ),
    ]
    return not words_left_unread(criterion_text, spans) or only_framing_unread(
        criterion_text, constraints, tuple(spans)
    )


def only_course_words_unread(
    criterion_text: str, constraints: Sequence[Constraint], findings: Sequence[Finding]
) -> bool:
    """Whether an exclusion asking only of prior treatments the note denies ("Prior exposure
    to EGFR-TKI therapy", "Any prior treatment with an anti-PD-1 or anti-PD-L1 agent",
    "prior (neo)adjuvant endocrine therapy") leaves unread only words of the course itself
    (``prior_course_words``: its exposure, its agent, its early setting; the examples of a
    class bracketed after it, "(e.g., alpelisib, buparlisib)"), what followed the
    course joined by "and" ("… and had recurrence during or within 12 months after the last
    dose of CDK4/6i": ``prior_course_outcome_words``, up to the treatment named again) or
    words that frame it: a patient who never had the treatment had no course of it in any
    setting, nor anything after one."""
    treatments = [
        c for c in constraints if isinstance(c, ConceptMention) and c.category == "treatment"
    ]
    if not treatments or not all(c.historical for c in treatments):
        return False
    if not findings or any(f.truth != "false" for f in findings):
        return False
    spans = [m.span() for m in judge_cue_pattern(_COURSE_WORDS).finditer(criterion_text)]
    for constraint in treatments:
        # "PI3K inhibitors (e.g., alpelisib, buparlisib)": examples of a class denied.
        span = mention_span(criterion_text, constraint.text)
        if span is not None and (examples := _EXAMPLES.match(criterion_text, span[1])):
            spans.append(examples.span())
    names = _course_names(criterion_text, treatments)
    for after in judge_cue_pattern(_AFTER_THE_COURSE).finditer(criterion_text):
        if after["named"].lower() in names:
            spans.append(after.span())
    return _only_these_unread(criterion_text, constraints, spans)


def _course_names(criterion_text: str, constraints: Sequence[Constraint]) -> set[str]:
    """The treatments' names as the criterion writes them, with an abbreviation bracketed
    right after one ("endocrine therapy (ET)")."""
    names = set()
    for constraint in constraints:
        if not isinstance(constraint, ConceptMention):
            continue
        names.add(constraint.text.lower())
        span = mention_span(criterion_text, constraint.text)
        if span is not None and (short := _BRACKETED.match(criterion_text, span[1])):
            names.add(short[1].lower())
    return names


_COURSE_WORDS = r"(?i)(?<![\w-])(?:{prior_course_words})(?![\w-])"
_AFTER_THE_COURSE = (
    r"(?i)(?<![\w-])and\s+(?:had\s+|has\s+|have\s+)?(?:{prior_course_outcome_words})\b"
    r"[^.;]*?\bof\s+(?P<named>[^\s.;]+)\s*(?=[.;]|$)"
)
_EXAMPLES = re.compile(r"\s*\((?:e\.\s?g\.|eg\.?|such as)[^()]*\)", re.IGNORECASE)
_BRACKETED = re.compile(r"\s*\(([^()\s]+)\)")
