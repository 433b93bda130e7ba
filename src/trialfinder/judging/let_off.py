"""What an exclusion lets off: the kinds of cancer its exception list names ("Cancer within
previous 5 years (other than basal or squamous cell cancers of the skin)"), the sub-items
after "except:", the sites or kinds named after an exception cue ("Metastasis other than
peritoneum or liver"), and "another" cancer than the one the patient is considered for.

``cancer_exceptions`` reads the excepted kinds; these readers apply them to a criterion's
constraints and to the note's cancers for the judge.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from trialfinder.criteria import Criterion
from trialfinder.criteria.context import clause_bounds
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention, Constraint, Measurement
from trialfinder.criteria.parse import find_concepts
from trialfinder.disease_relations import load_disease_relations
from trialfinder.judging.cancer_exceptions import excepted_kind, opens_exception_items
from trialfinder.judging.criterion_words import (
    clause_start,
    criterion_descriptors,
    criterion_patterns,
    has_word,
    kind_of,
    malignancy_concepts,
    mention_span,
    mention_spans,
)
from trialfinder.judging.disease_kinds import OTHER_BEFORE
from trialfinder.judging.findings import Finding, Outcome
from trialfinder.judging.written_benign import calls_benign
from trialfinder.patient import (
    Fact,
    PatientFacts,
    judge_cue_pattern,
    load_screening_rules,
    screening_phrase,
)
from trialfinder.vocabulary import load_vocabulary, normalize_phrase

__all__ = [
    "a_previous_one_denied",
    "asks_for_another_cancer",
    "cancers_let_off_below",
    "clause_let_off",
    "exception_cue_after",
    "in_a_concession",
    "is_let_off",
    "let_off_after",
    "lists_cancers_let_off",
    "names_another_cancer",
    "not_excepted",
    "other_cancers_kept",
    "scopes_another_cancer",
    "with_let_off",
    "without_spread",
]


def not_excepted(
    constraint: ConceptMention,
    present: Sequence[Fact],
    patient: PatientFacts,
    criterion_text: str,
) -> tuple[list[Fact], Finding | None]:
    """ "Cancer within previous 5 years (other than basal or squamous cell cancers of the
    skin)": the patient's cancers less those of a kind the exception list after the mention
    lets off (:func:`trialfinder.judging.cancer_exceptions.excepted_kind`), and, when that leaves
    none, the finding that the criterion is not met by them, however recent they were (a
    cancer of an excepted kind is not the criterion's, whether or not it is the trial's own)."""
    cue = exception_cue_after(criterion_text, constraint.text)
    if cue is None:
        return list(present), None
    own = criterion_descriptors(constraint.concept, constraint.text)
    kinds = _kinds_let_off(present, patient, own, [(criterion_text, cue.end())])
    kept = [fact for fact, words in zip(present, kinds, strict=True) if words is None]
    if kept or not present:
        return kept, None
    return kept, Finding("false", present[0].evidence, _excepted_reason(kinds[0]))


def lists_cancers_let_off(criterion: Criterion) -> bool:
    """Whether an exclusion is a cancer, and its sub-items the kinds it lets off: its
    constraints are cancers it asks for and its text ends with an exception cue
    (:func:`opens_exception_items`)."""
    cancers = [c for c in criterion.constraints if isinstance(c, ConceptMention)]
    return (
        bool(cancers)
        and len(cancers) == len(criterion.constraints)
        and all(not c.negated and c.concept in malignancy_concepts() for c in cancers)
        and opens_exception_items(criterion.text)
    )


def cancers_let_off_below(
    criterion: Criterion, patient: PatientFacts, own: Outcome | None
) -> Outcome | None:
    """ "Diagnosis or treatment for malignancy other than MF except:" with its sub-items
    ("Adequately treated non-melanoma skin cancer …", "Malignancy treated with curative
    intent and … for >= 3 years …"): the sub-items are the kinds of cancer the exclusion lets
    off, not alternatives it excludes on (:func:`lists_cancers_let_off`). Judged as the
    heading alone (``own``), less the kinds the sub-items name
    (:func:`trialfinder.judging.cancer_exceptions.excepted_kind`): a patient without the cancer, or
    whose every cancer an item names, does not meet it; another cancer is left to the study
    team, as an item may let it off by what a note does not settle (how it was treated, how
    long ago)."""
    if own is None or own[0] != "met":
        return own
    cancers = [c for c in criterion.constraints if isinstance(c, ConceptMention)]
    present = [f for c in cancers for f in patient.concept_facts(c.concept)[0]]
    own_kinds = criterion_descriptors(cancers[0].concept, cancers[0].text)
    items = [(child.text, 0) for child in criterion.children]
    let_off = _kinds_let_off(present, patient, own_kinds, items)
    if present and all(let_off):
        return "not_met", present[0].evidence, _excepted_reason(let_off[0])
    return (
        "unknown",
        own[1],
        "the patient has cancer; whether it is among the kinds the criterion lets off "
        "needs the study team",
    )


def _kinds_let_off(
    present: Sequence[Fact],
    patient: PatientFacts,
    own: Sequence[str],
    exception_lists: Sequence[tuple[str, int]],
) -> list[str | None]:
    """For each of the patient's cancers (``present``), the words of the first exception list
    that lets it off, or None: one reading for an exception list after the mention
    (:func:`not_excepted`) and for sub-items below a heading (:func:`cancers_let_off_below`),
    so both let off the same kinds. ``exception_lists`` are (text, where the list starts)."""
    kinds: list[str | None] = []
    for fact in present:
        descriptors = _sentence_cancers(fact, patient)
        kinds.append(
            next(
                (
                    words
                    for text, start in exception_lists
                    if (
                        words := excepted_kind(
                            text, start, fact.evidence, descriptors, own, kind_of
                        )
                    )
                ),
                None,
            )
        )
    return kinds


def _excepted_reason(words: str | None) -> str:
    """Why a cancer of a kind the criterion lets off does not meet it."""
    return f"the patient's cancer is among {words}, which the criterion excepts"


def _sentence_cancers(fact: Fact, patient: PatientFacts) -> list[str]:
    """The MeSH diseases the note's sentence of ``fact`` names (its organ's too, from the
    lexicon's reading of the sentence when MeSH's does not name it)."""
    descriptors = [
        v.descriptor_id
        for v in patient.vocabulary_facts
        if v.evidence == fact.evidence and not v.negated
    ]
    descriptors.extend(criterion_descriptors(fact.concept or "", ""))
    return descriptors


@functools.lru_cache(maxsize=65_536)
def exception_cue_after(criterion_text: str, mention: str) -> re.Match[str] | None:
    """The exception cue after a mention, in its sentence ("Cancer within previous 5 years
    (other than …"), that opens the list of kinds it lets off; or, for "other malignancies"
    after such a list ("except for basal cell … carcinoma of the skin; patients with other
    malignancies are eligible if …"), the list's: other than the kinds it let off."""
    span = mention_span(criterion_text, mention) if criterion_text else None
    if span is None:
        return None
    exception = criterion_patterns().exception
    cue = exception.search(criterion_text, span[1])
    if cue is not None and not _SENTENCE_BREAK.search(criterion_text, span[1], cue.start()):
        return cue
    if OTHER_BEFORE.search(criterion_text, 0, span[0]) is None:
        return None
    return exception.search(criterion_text, 0, span[0])


_SENTENCE_BREAK = re.compile(r"\.\s")


def asks_for_another_cancer(
    constraint: ConceptMention, patient: PatientFacts, criterion_text: str
) -> bool:
    """ "History of other malignancy", "another primary malignancy", "a second malignancy",
    "previous or concurrent malignancy", "previous malignancies (separate from the malignancy
    for which patient is being enrolled)": other than the cancer the patient is considered for
    (a cancer is concurrent with another, not with itself). A patient with one cancer does
    not meet it by that cancer. Unless the criterion names a cancer first ("current skin
    cancer or other malignant disease": other than skin cancer). Nor when the trial's own
    cancer has been set aside (:func:`trial_condition.without_trial_condition`): the one left is
    another."""
    if (
        constraint.concept not in malignancy_concepts()
        or not criterion_text
        or patient.own_cancer_set_aside
    ):
        return False
    span = mention_span(criterion_text, constraint.text)
    if span is None or (
        OTHER_BEFORE.search(criterion_text, 0, span[0]) is None
        and judge_cue_pattern(_CONCURRENT_BEFORE, re.I).search(criterion_text, 0, span[0]) is None
        and judge_cue_pattern(_OTHER_AFTER, re.I).match(criterion_text, span[1]) is None
    ):
        return False
    if any(
        found.concept in malignancy_concepts() and found.end <= span[0]
        for found in find_concepts(criterion_text)
    ):
        return False
    return len(_cancer_sentences(patient)) == 1


def without_spread(
    constraint: ConceptMention, present: Sequence[Fact], patient: PatientFacts, criterion_text: str
) -> list[Fact]:
    """The note's cancers less the spread of a primary one it names (``spread_concepts``), for
    an exclusion asking another cancer than the patient's (:func:`names_another_cancer`) or a
    cancer less the kinds it lets off (:func:`exception_cue_after`): "Solitary cerebellar met
    … treated with SRS" beside a breast cancer is that cancer's, not another malignancy."""
    spread = frozenset(load_screening_rules().spread_concepts)
    if (
        constraint.concept in spread
        or not any(f.concept in spread for f in present)
        or not (
            names_another_cancer(criterion_text, constraint)
            or exception_cue_after(criterion_text, constraint.text) is not None
        )
    ):
        return list(present)
    site_kinds = frozenset().union(*(load_lexicon().ancestors.get(c, frozenset()) for c in spread))
    if constraint.concept in site_kinds - {_ANY_CANCER}:
        return list(present)  # "Brain tumour": the metastasis is one
    # The primary may be the trial's own cancer, set aside from the facts.
    primaries = patient.own_cancer_set_aside or any(
        f.concept in malignancy_concepts() and f.concept not in spread and not f.negated
        for f in patient.facts
    )
    return [f for f in present if not (primaries and f.concept in spread)]


def a_previous_one_denied(
    constraint: ConceptMention, present: Sequence[Fact], absent: Sequence[Fact], criterion_text: str
) -> Fact | None:
    """ "Previous malignancy in the head and neck region" (NCT05774483), "Previous malignancy
    within the past 3 years": a cancer before the one the patient has now. A note whose every
    cancer is of now and which denies a past one ("No previous surgery or malignancy in head
    and neck", "no prior cancer") says its cancer is no previous one: that denial, else None."""
    if constraint.concept not in malignancy_concepts() or not present:
        return None
    span = mention_span(criterion_text, constraint.text)
    if (
        span is None
        or judge_cue_pattern(_PAST_BEFORE, re.I).search(criterion_text, 0, span[0]) is None
        or any(fact.historical for fact in present)
    ):
        return None
    return next((fact for fact in absent if fact.negated and fact.historical), None)


def names_another_cancer(criterion_text: str, constraint: Constraint) -> bool:
    """ "History of another primary malignancy", "Patients with second malignancy", "Previous
    malignancy within the past 3 years", "prior history of malignancies, other than MM": an
    exclusion's malignancy written as another, prior or concurrent one, which is a cancer other
    than the one the patient is considered for. A trial of cancer at large does not set it
    aside as its own condition (:func:`judged_constraints.judged_constraints`): the patient's
    own cancer does not meet it (:func:`asks_for_another_cancer`), and a note denying any
    other answers it."""
    if (
        not isinstance(constraint, ConceptMention)
        or constraint.concept not in malignancy_concepts()
        or not criterion_text
    ):
        return False
    span = mention_span(criterion_text, constraint.text)
    return span is not None and (
        OTHER_BEFORE.search(criterion_text, 0, span[0]) is not None
        or judge_cue_pattern(_PAST_BEFORE, re.I).search(criterion_text, 0, span[0]) is not None
        or judge_cue_pattern(_CONCURRENT_BEFORE, re.I).search(criterion_text, 0, span[0])
        is not None
        or judge_cue_pattern(_OTHER_AFTER, re.I).match(criterion_text, span[1]) is not None
        or _OTHER_THAN_AFTER.match(criterion_text, span[1]) is not None
    )


def other_cancers_kept(
    criterion_text: str, constraints: Sequence[Constraint], set_aside: frozenset[str]
) -> frozenset[str]:
    """The cancers an exclusion asking another cancer (:func:`names_another_cancer`) keeps
    the patient's facts of, though the trial's conditions (``set_aside``) list cancer at large
    beside its own: every primary cancer not under the trial's own ("Hodgkin lymphoma at 20"
    in a lung cancer trial's "Patients with second malignancy"). Cancer named without its
    kind stays set aside ("a malignant pleural effusion"), as does every cancer of a trial of
    cancer at large alone: which of the note's cancers is its own is not known then."""
    own = set_aside & malignancy_concepts() - {_ANY_CANCER}
    if (
        _ANY_CANCER not in set_aside
        or not own
        or not any(names_another_cancer(criterion_text, c) for c in constraints)
    ):
        return frozenset()
    ancestors = load_lexicon().ancestors
    return frozenset(
        concept
        for concept in malignancy_concepts()
        if concept not in set_aside
        and _names_a_primary(concept)
        and not ancestors.get(concept, frozenset()) & own
    )


_ANY_CANCER = "cancer"


# "Previous malignancy", "prior history of malignancies": a past cancer, a word or two before.
_PAST_BEFORE = r"\b(?:{concurrent_cancer_past_words})\s+(?:[\w-]+\s+){0,2}$"
_OTHER_THAN_AFTER = re.compile(r"\s*,?\s*other\s+than\b", re.IGNORECASE)


def let_off_after(constraint: ConceptMention, criterion_text: str, finding: Finding) -> str | None:
    """ "Metastasis other than peritoneum or liver or lung", "Type II diabetes mellitus (DM)
    (excluding diet-controlled DM)": the sites (or kinds) named after an exception cue right
    after a condition, or opening a bracket after its name, are let off, so a patient whose
    sentence names one of them ("liver metastases") does not have the condition the criterion
    asks for. Returns the word let off."""
    if finding.truth != "true" or finding.evidence is None or not criterion_text:
        return None
    span = mention_span(criterion_text, constraint.text)
    if span is None:
        return None
    cue = criterion_patterns().exception_after.match(criterion_text, span[1])
    if cue is None:
        # "hypertension medications taken on morning of surgery (except diuretics)": an
        # exception later in the clause lets off only drugs of the families it names.
        end = _clause_end(criterion_text, span[1])
        later = criterion_patterns().exception.search(criterion_text, span[1], end)
        if later is None or constraint.category != "treatment":
            return None
        items = _LIST_BREAK.split(criterion_text[later.end() : end])
        return _excepted_member(constraint.concept, finding.evidence, items)
    end = _clause_end(criterion_text, cue.end())
    own = {word.lower() for word in constraint.text.split()}
    # "antiepileptics other than levetiracetam in the previous 6 months": the criterion's
    # window is no bound on the exception.
    window = constraint.window.text if constraint.window is not None else ""
    unworded: list[str] = []
    determiner = judge_cue_pattern(_DETERMINER, re.I)
    for item in _LIST_BREAK.split(criterion_text[cue.end() : end]):
        if judge_cue_pattern(_STUDIED_ITEM, re.I).match(item):
            # "other than the disease under study": the trial's own disease, the patient's.
            return " ".join(item.split())
        words: list[str] = [
            w for w in _WORD.findall(item) if w.lower() not in own and not determiner.fullmatch(w)
        ]
        if _DIGIT.search(re.sub(re.escape(window), " ", item, flags=re.I) if window else item):
            # "aspirin dosages of ≤100 mg per day": a bounded exception the word alone
            # does not show the patient is within.
            continue
        # The item's first word names it ("liver", "breast cancer"): the note must say it.
        # "diet-controlled" is written "diet controlled" too.
        if words and any(
            has_word(finding.evidence, w) for w in {words[0], words[0].replace("-", " ")}
        ):
            return words[0]
        unworded.append(item)
    if constraint.category != "treatment":
        return None
    return _excepted_member(constraint.concept, finding.evidence, unworded)


def _excepted_member(concept: str, evidence: str, items: list[str]) -> str | None:
    """ "lipid-lowering agent (other than statins or ezetimibe)" for a note's "atorvastatin",
    "hypertension medications … (except diuretics)" for its "hydrochlorothiazide": the
    excepted item is a class the note's drug belongs to, not a word the note writes, so it is
    read through the concept table's families or the drug's MeSH pharmacological actions.
    Drugs only (a condition's exception is its own words), and only when every drug of the
    asked-for family the note names is excepted (atorvastatin with fenofibrate still meets
    it). Returns the note's name of the excepted drug."""
    ancestors = load_lexicon().ancestors
    # A class that is the asked-for family or above it excepts nothing narrower.
    above = ancestors.get(concept, frozenset({concept}))
    excepted = {f.concept for item in items for f in find_concepts(item)} - above
    vocabulary = load_vocabulary()
    classes = {
        reading.concept.id
        for item in items
        if item.strip()
        for reading in vocabulary.lookup(normalize_phrase(item))[:1]
        if reading.kind not in ("abbreviation", "spelling")
    }
    if not excepted and not classes:
        return None
    under = [
        found
        for found in find_concepts(evidence)
        if not found.negated and concept in ancestors.get(found.concept, frozenset())
    ]

    def excepted_drug(text: str, found: str) -> bool:
        if ancestors.get(found, frozenset()) & excepted:
            return True
        drugs = vocabulary.lookup(normalize_phrase(text))[:1]
        return any(vocabulary.is_a(d.concept.id, c) for d in drugs for c in classes)

    if under and all(excepted_drug(found.text, found.concept) for found in under):
        return under[0].text
    return None


_WORD = re.compile(r"[^\W\d_][\w'-]+")
# An excepted item's opening word that names nothing ("other than the skin"; ``judge_cues``).
_DETERMINER = r"(?:{let_off_item_determiners})"
# An excepted item that is the trial's own disease ("other than the disease under study",
# "except the one for which the patient is enrolled").
_STUDIED_ITEM = (
    r"\s*(?:{let_off_item_determiners})\s+(?:[\w-]+\s+){0,2}?"
    r"(?:{other_cancer_apart_studied:spaced})\b"
)


_DIGIT = re.compile(r"\d")


def _clause_end(text: str, position: int) -> int:
    bounds = clause_bounds(text)
    later = [bound for bound in bounds if bound > position]
    return later[0] if later else len(text)


_LIST_BREAK = re.compile(r",|\bor\b|\band\b|/|\(|\)", re.IGNORECASE)


def _cancer_sentences(patient: PatientFacts) -> frozenset[str]:
    """The note's sentences naming a cancer the patient has, less those only about its
    spread ("two treated brain metastases", a ``spread_concepts`` fact: "Solitary cerebellar
    met"): one sentence, one cancer. A sentence naming the
    primary beside its spread ("Rectal adenocarcinoma, unresectable liver and lung
    metastases") names that cancer. A cancer MeSH alone reads ("pancreatic ductal
    adenocarcinoma" is its Carcinoma, Ductal; "leiomyosarcoma of the uterus") names one too,
    unless MeSH files it as benign or the note calls it so; a sentence the lexicon read a
    cancer in, or read joined to the next ("… metastases, dx 11/2025, KRAS … wild type"), is
    not counted again."""
    relations = load_disease_relations()
    vocabulary = load_vocabulary()
    read = frozenset(
        fact.evidence
        for fact in patient.facts
        if fact.concept in malignancy_concepts()
        and fact.concept not in load_screening_rules().spread_concepts
        and not fact.negated
        and (_SPREAD.search(fact.evidence) is None or _names_a_primary(fact.concept))
    )
    return read | frozenset(
        fact.evidence
        for fact in patient.vocabulary_facts
        if not fact.negated
        and vocabulary.is_a(fact.descriptor_id, _NEOPLASMS)
        and _SPREAD.search(fact.words) is None
        and not relations.is_benign(fact.descriptor_id, fact.words)
        and not calls_benign(fact)
        and not any(_same_sentence(fact.evidence, sentence) for sentence in read)
    )


def _same_sentence(sentence: str, read: str) -> bool:
    """Whether ``sentence`` is ``read``, or the part of it before a joined next sentence."""
    own = sentence.rstrip(" .")
    return own in read or read.rstrip(" .") in own


def _names_a_primary(concept: str) -> bool:
    """A cancer of a kind or site ("rectal_cancer"), not cancer at large or its spread."""
    return concept != "cancer" and _SPREAD.search(concept.replace("_", " ")) is None


# "previous malignancies (separate from the malignancy for which patient is being enrolled)",
# "prior cancer other than the one under study": the trial's own cancer is set apart after.
_OTHER_AFTER = (
    r"\s*[(,]?\s*(?:{other_cancer_apart_words:spaced})\s+(?:the|that|their)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:{other_cancer_apart_nouns})\s+(?:{other_cancer_apart_studied:spaced})"
)
# "previous or concurrent malignancy" (the words of both: ``judge_cues``).
_CONCURRENT_BEFORE = (
    r"\b(?:{concurrent_cancer_past_words})\s+(?:and|or|and/or)\s+"
    r"(?:{concurrent_cancer_now_words})\s+$"
)


_SPREAD = re.compile(r"\bmetasta|\bmets\b|\bsecondar", re.I)
_NEOPLASMS = "D009369"  # MeSH Neoplasms


def is_let_off(criterion_text: str, constraint: Constraint) -> bool:
    """ "History of other active malignancy … with the exception of … basal cell skin cancer":
    in an exclusion, a condition named after an exception cue in its clause is let off, so
    a patient who has it is not excluded by it."""
    return isinstance(constraint, ConceptMention) and (
        _after_an_exception(criterion_text, constraint.text)
        or _allowed_after(criterion_text, constraint.text)
        or (
            constraint.concept in malignancy_concepts()
            and _in_a_cancer_exception_list(criterion_text, constraint.text)
        )
    )


@functools.lru_cache(maxsize=65_536)
def _in_a_cancer_exception_list(criterion_text: str, mention: str) -> bool:
    """ "History of another primary malignancy except for a) …; b) Adequately treated
    nonmelanoma skin cancer …", "… of low potential risk for recurrence. Exceptions include
    adequately resected non-melanoma skin cancer": a cancer named after an exception cue
    that follows another cancer in the criterion is one the list lets off, though the list's
    parts ("a) …; b)") or its own sentence break its clause."""
    cue = criterion_patterns().exception.search(criterion_text)
    spans = mention_spans(criterion_text, mention)
    return (
        cue is not None
        and bool(spans)
        and all(start >= cue.end() for start, _ in spans)
        and any(
            found.concept in malignancy_concepts()
            for found in find_concepts(criterion_text[: cue.start()])
        )
    )


@functools.lru_cache(maxsize=65_536)
def _allowed_after(criterion_text: str, mention: str) -> bool:
    """ "(limited field palliative radiation is allowed and no restrictions …)": a mention the
    exclusion's words say is allowed, right after it (``allowed_after_words``); "… is allowed
    if more than 14 days have elapsed" sets a condition (``allowed_condition_words``), which
    the let-off clause reads."""
    spans = mention_spans(criterion_text, mention)
    allowed = judge_cue_pattern(_ALLOWED_AFTER, re.I)
    return bool(spans) and all(allowed.match(criterion_text, end) for _, end in spans)


_ALLOWED_AFTER = (
    r"\s+(?:{allowed_after_words:spaced})\b(?!\s*,?\s*(?:{allowed_condition_words:spaced})\b)"
)


def _after_an_exception(criterion_text: str, mention: str) -> bool:
    exception = criterion_patterns().exception
    spans = mention_spans(criterion_text, mention)
    return bool(spans) and all(
        exception.search(criterion_text, clause_start(criterion_text, start), start) is not None
        for start, _ in spans
    )


def clause_let_off(
    text: str, pairs: Sequence[tuple[Constraint, Finding]]
) -> tuple[int, list[tuple[Constraint, Finding]]] | None:
    """Where an exclusion's let-off clause starts ("… known infection with HIV with the
    following exception: … eligible provided they … have a CD4 count ≥350") and the
    constraints written after it, the exception's conditions. None when there is no such
    clause, no constraint after it, or nothing before it."""
    start = _let_off_clause_start(text)
    if start is None:
        return None
    after: list[tuple[Constraint, Finding]] = [
        (c, f)
        for c, f in pairs
        if isinstance(c, ConceptMention | Measurement) and text.find(c.text) >= start
    ]
    return (start, after) if after and len(after) < len(pairs) else None


@functools.lru_cache(maxsize=65_536)
def _let_off_clause_start(text: str) -> int | None:
    """Where an exclusion's let-off clause cue stands, read once per criterion."""
    found = screening_phrase("let_off_clause_cues").search(text)
    return None if found is None else found.start()


def with_let_off(outcome: Outcome, conditions: Sequence[Finding]) -> Outcome:
    """An exclusion that applies is let off when every condition of its exception holds,
    left to the study team when one is not given, and stands when one fails."""
    status, evidence, reason = outcome
    if status != "met" or any(f.truth == "false" for f in conditions):
        return outcome
    if all(f.truth == "true" for f in conditions):
        held = "; ".join(f.reason for f in conditions)
        return "not_met", evidence, f"{reason}, but the criterion's exception holds: {held}"
    missing = "; ".join(f.reason for f in conditions if f.truth == "unknown")
    return "unknown", evidence, f"{reason}; whether its exception holds is not given: {missing}"


# "(but patients can still give their consent for blood and bone marrow samples)": what the
# patient may still do beside the exclusion, not what excludes.
_CONCESSION = (
    r"\(\s*but\b[^)]*\bstill\b[^)]*\)|,\s*but\s+(?:the\s+)?(?:{concession_subjects})"
    r"\s+(?:{concession_verbs})\s+still\b[^.;]*"
)


def in_a_concession(text: str, constraint: Constraint) -> bool:
    """Whether an exclusion writes the constraint inside a concession ("Coagulation
    abnormality prohibiting a biopsy, (but patients can still give their consent for blood
    and bone marrow samples)"): the consent there is no reason to exclude."""
    if not isinstance(constraint, ConceptMention | Measurement):
        return False
    return _written_in_a_concession(text, constraint.text)


@functools.lru_cache(maxsize=65_536)
def _written_in_a_concession(text: str, mention: str) -> bool:
    """:func:`in_a_concession` by the mention's words, read once per criterion."""
    span = mention_span(text, mention)
    return span is not None and any(
        found.start() <= span[0] < found.end()
        for found in judge_cue_pattern(_CONCESSION, re.I).finditer(text)
    )


# "Note: for HCC, AST … ≤ 5 x ULN", "… will be used for HCC patients", "with the following
# exception: Patients with known Gilbert disease or HCC: serum bilirubin ≤3 x ULN".
_FOR_BEFORE = re.compile(
    r"\bfor\s+(?:(?:patients|participants|subjects|those)\s+with\s+(?:known\s+)?)?$", re.I
)
_PEOPLE_WITH_BEFORE = re.compile(r"\b(?:patients|participants|subjects)\s+with\b[^.;:]*$", re.I)


def scopes_another_cancer(
    criterion: Criterion, constraint: Constraint, patient: PatientFacts
) -> bool:
    """Whether an inclusion names a cancer only to say whom a limit of its own is for
    ("Serum albumin ≥ 25 g/L. Cut-off of ≥ 28 g/L will be used for HCC patients") and the
    patient's cancer is another: the limit written for that cancer is not about the patient,
    nor is that cancer asked of them."""
    if not (
        isinstance(constraint, ConceptMention)
        and constraint.concept in malignancy_concepts()
        and _cancer_sentences(patient)
        and not patient.concept_facts(constraint.concept)[0]
    ):
        return False
    span = mention_span(criterion.text, constraint.text)
    if span is None:
        return False
    before = criterion.text[: span[0]]
    return _FOR_BEFORE.search(before) is not None or (
        criterion.text[span[1] :].lstrip().startswith(":")
        and _PEOPLE_WITH_BEFORE.search(before) is not None
    )
