"""A criterion's qualifiers on a condition ("severe, malignant or secondary hypertension",
"severe uncontrolled asthma") against the ones the note states or denies.

What a criterion puts on a mention is read once per criterion (cached: every patient
screened against it asks again); the judge asks whether the note's sentence states them (one
is enough when they are alternatives), contradicts every one, or leaves them to the study
team, naming what is missing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from trialfinder.criteria.context import context_at, cues_at, load_context_rules
from trialfinder.criteria.disease_stage import stage_relation, stage_spans
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention, DiseaseStage, RequiredTreatment
from trialfinder.criteria.parse import find_concepts
from trialfinder.disease_extent import spread_descriptors, stated_extent_qualifiers
from trialfinder.judging.concept_names import concept_name
from trialfinder.judging.criterion_words import (
    clause_start,
    criterion_descriptors,
    has_word,
    kind_of,
    mention_span,
    qualifier_words,
    word_pattern,
)
from trialfinder.judging.findings import Truth
from trialfinder.judging.time_windows import years_since
from trialfinder.marker_status import marker_statuses
from trialfinder.patient import (
    VOCABULARY_CONCEPT_PREFIX,
    ConceptQualifiers,
    Fact,
    PatientFacts,
    disease_mentions,
    is_neoplasm,
    judge_cue_pattern,
    load_screening_rules,
    phrase_alternation,
    qualifiers_after_reading,
    screening_phrase,
    written_out,
)
from trialfinder.vocabulary import load_vocabulary

__all__ = [
    "criterion_qualifiers",
    "listing",
    "one_given",
    "own_qualifiers",
    "qualifiers_judged",
    "stated_own_qualifiers",
    "untreated_after_end",
    "with_concept_qualifiers",
]


@functools.lru_cache(maxsize=65_536)
def criterion_qualifiers(
    criterion_text: str, constraint: ConceptMention
) -> tuple[tuple[str, ...], bool]:
    """The qualifiers the criterion puts on a mention, and whether they are alternatives.

    Read by the context stage's ``qualifier`` scope: "Severe, malignant or
    secondary hypertension" gives (severe, malignant, secondary) as
    alternatives; "severe uncontrolled asthma" needs both. Cached: it depends on the
    criterion alone, and every patient screened against the criterion asks again.
    """
    span = mention_span(criterion_text, constraint.text)
    if span is None:
        return (), False
    named = constraint.concept.replace("_", " ")
    inside = [
        q
        for q in qualifier_words()
        if has_word(constraint.text, q)
        and q not in named
        and not _names_the_concept_only_with(constraint, q)
    ]
    reached = cues_at(criterion_text, *span, "qualifier")
    if constraint.category == "procedure":
        reached = [q for q in reached if not _only_in_other_names(criterion_text, span[0], q)]
    wanted = tuple(
        q
        for q in dict.fromkeys(
            (
                *reached,
                *inside,
                *_example_head_qualifiers(criterion_text, span[0]),
                *_untreated_after(criterion_text, span[1]),
            )
        )
        if not _or_a_time(criterion_text, q)
    )
    first = criterion_text.lower().find(wanted[0]) if wanted else -1
    between = criterion_text[first : span[0]].lower() if first >= 0 else ""
    alternatives = bool(_ALTERNATIVE_QUALIFIERS.search(between))
    spelt = load_screening_rules().qualifier_misspellings
    return tuple(dict.fromkeys(spelt.get(q, q) for q in wanted)), alternatives


def _untreated_after(criterion_text: str, end: int) -> tuple[str, ...]:
    return ("untreated",) if untreated_after_end(criterion_text, end) is not None else ()


def untreated_after_end(criterion_text: str, end: int) -> int | None:
    """ "Positive IGRA (…) test without previous antituberculous antibiotherapy", "latent TB
    without completion of an appropriate course of treatment": a condition (ending at
    ``end``) asked untreated, by words after it that end its clause
    (``untreated_after_lead_words``, then ``untreated_after_treatment_words``): where those
    words end, else None. "without prior treatment with sofosbuvir" names a treatment, read
    as its own denial."""
    found = _untreated_after_pattern().match(criterion_text, end)
    return None if found is None else found.end()


@functools.cache
def _untreated_after_pattern() -> re.Pattern[str]:
    return judge_cue_pattern(
        # A bracket after the condition, or the close of the one it stands in, may come first.
        r"(?:\s*\([^()]*\)|\))?(?:\s+[\w-]+){0,2}?\s+(?:{untreated_after_lead_words:spaced})"
        r"(?:\s+[\w-]+){0,4}?\s+(?:{untreated_after_treatment_words:spaced})\s*(?:[.;,]|$)",
        re.I,
    )


def _only_in_other_names(criterion_text: str, start: int, qualifier: str) -> bool:
    """Whether every ``qualifier`` before ``start`` is a word of another concept's name the
    criterion reads ("History of heart failure, unstable angina, …, PTCA, or CABG": the
    "unstable" of unstable angina names that angina, it does not qualify the PTCA or the CABG
    listed after it)."""
    found = [m.start() for m in word_pattern(qualifier).finditer(criterion_text[:start])]
    names = [(f.start, f.end) for f in find_concepts(criterion_text) if f.start < start]
    return bool(found) and all(any(a <= at < b for a, b in names) for at in found)


def _example_head_qualifiers(criterion_text: str, start: int) -> tuple[str, ...]:
    """ "Poorly controlled medical condition … such as … AIDS and HIV": a condition named
    after an example cue is an example of the condition before the first cue, so it takes
    that condition's qualifier (``example_head_qualifiers``): controlled HIV is no example."""
    # "(e.g. diabetes)": the abbreviation's dot ends no clause.
    sentence = clause_start(_ABBREVIATION_DOT.sub(",", criterion_text), start)
    first = screening_phrase("example_cues").search(criterion_text, sentence, start)
    if first is None:
        return ()
    head = criterion_text[sentence : first.start()]
    return tuple(q for q in load_screening_rules().example_head_qualifiers if has_word(head, q))


_ABBREVIATION_DOT = re.compile(r"(?<=\be\.g)\.|(?<=\bi\.e)\.", re.IGNORECASE)


def _or_a_time(criterion_text: str, qualifier: str) -> bool:
    """ "Active or prior documented autoimmune disorders", "prior or active hepatitis": a
    qualifier written as one alternative of the history words asks for either, so the
    condition alone (current or past) answers it; no qualifier is needed."""
    return _or_a_time_pattern(qualifier).search(criterion_text) is not None


@functools.lru_cache(maxsize=1024)
def _or_a_time_pattern(qualifier: str) -> re.Pattern[str]:
    rules = load_context_rules().rules
    # "History or active inflammatory bowel disease": the bare noun is a history word too.
    history = phrase_alternation(
        [
            *(phrase for rule in rules if rule.category == "history" for phrase in rule.phrases),
            "history",
        ]
    )
    word = re.escape(qualifier)
    return re.compile(
        rf"(?<![\w-])(?:{word}\s+(?:and/)?or\s+(?:{history})|(?:{history})\s+(?:and/)?or\s+{word})"
        r"(?![\w-])",
        re.IGNORECASE,
    )


def _names_the_concept_only_with(constraint: ConceptMention, word: str) -> bool:
    """Whether ``word`` is needed to name the concept: "malignant disease" is cancer, and
    "disease" alone is not; "metastatic breast cancer" is breast cancer qualified."""
    concept = load_lexicon().concepts.get(constraint.concept)
    if concept is None or constraint.text.lower() not in concept.names:
        return False
    rest = " ".join(_without_words(constraint.text, [word]).lower().split())
    return rest not in concept.names


_ALTERNATIVE_QUALIFIERS = re.compile(r",|/|\bor\b|\bto\b")


@functools.cache
def _stated_qualifiers(evidence: str, concept_id: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The qualifiers a note sentence puts on its mentions of a concept (or a narrower one),
    in the note's order: those it states, and those of its denied mentions ("no refractory
    ascites", "no uncontrolled hypertension"), which it rules out. The sentence is read with
    its shorthand written out, as the patient's facts were ("L breast IDC 2019, ER+ PR+ HER2
    neg", "HR-positive HER2-negative breast ca"): else the cancer the fact came from is not
    found again, and the results written beside it qualify nothing."""
    ancestors = load_lexicon().ancestors
    stated: list[str] = []
    denied: list[str] = []
    evidence = written_out(evidence)
    for finding in find_concepts(evidence):
        if concept_id in ancestors.get(finding.concept, frozenset({finding.concept})):
            said = denied if finding.negated else stated
            said.extend(cues_at(evidence, finding.start, finding.end, "qualifier"))
            said.extend(qualifiers_after_reading(evidence, finding.end))
            said.extend(q for q in qualifier_words() if has_word(finding.text, q))
            said.extend(_qualifiers_of_heading(evidence, finding.start, finding.end))
    if concept_id.startswith(VOCABULARY_CONCEPT_PREFIX):
        # A disease only MeSH reads: the note's words naming it or a narrower one hold their
        # qualifiers as a lexicon condition's do ("primary myelofibrosis", "chronic urticaria").
        descriptor_id = concept_id.removeprefix(VOCABULARY_CONCEPT_PREFIX)
        for mention in disease_mentions(evidence):
            if kind_of(mention.descriptor_id, descriptor_id):
                said = denied if "negation" in mention.context else stated
                said.extend(cues_at(evidence, mention.start, mention.end, "qualifier"))
                said.extend(q for q in qualifier_words() if has_word(mention.words, q))
    return tuple(dict.fromkeys(stated)), tuple(dict.fromkeys(denied))


def _sentences_naming_it(
    concept_id: str, patient: PatientFacts, read: Sequence[str | None]
) -> list[str]:
    """The note's sentences naming a disease only MeSH reads, or a narrower one, not denied,
    beyond those ``read`` already: their words state its qualifiers."""
    if not concept_id.startswith(VOCABULARY_CONCEPT_PREFIX):
        return []
    descriptor_id = concept_id.removeprefix(VOCABULARY_CONCEPT_PREFIX)
    return list(
        dict.fromkeys(
            fact.evidence
            for fact in patient.vocabulary_facts
            if not fact.negated
            and fact.evidence not in read
            and kind_of(fact.descriptor_id, descriptor_id)
        )
    )


def _qualifiers_of_heading(evidence: str, start: int, end: int) -> list[str]:
    """The qualifier words of the MeSH heading a note's words at ``start``–``end`` name, read
    through the vocabulary: "CKD" is Renal Insufficiency, Chronic, so it states "chronic"."""
    vocabulary = load_vocabulary()
    return [
        q
        for mention in disease_mentions(evidence)
        if mention.start == start
        and mention.end == end
        and (heading := vocabulary.concept(mention.descriptor_id)) is not None
        for q in qualifier_words()
        if has_word(heading.name, q)
    ]


def one_given(treatments: Sequence[RequiredTreatment], patient: PatientFacts) -> bool:
    """Whether the patient has one of the treatments a criterion names as what the
    condition required (``ConceptMention.required_treatments``: "… disorders requiring
    chronic treatment with steroids": rheumatoid arthritis on prednisone states the
    "treatment-requiring" the context stage reads)."""
    return any(patient.concept_facts(t.concept)[0] for t in treatments)


def _drained(concept: str, evidence: str) -> bool:
    """Whether a note's sentence naming an effusion says, other than under a negation, that
    it was drained, tapped or given a drain ("Five days ago they drained fluid from around my
    lung"): the intervention an effusion "requiring intervention" asks
    (``drained_effusion_description``)."""
    if concept not in load_screening_rules().drained_effusion_concepts:
        return False
    return any(
        "negation" not in context_at(evidence, *found.span())
        for found in screening_phrase("drained_effusion_words").finditer(evidence)
    )


def _replicating(concept: str, patient: PatientFacts) -> bool:
    """Whether the note gives a viral load of the infection above zero ("HBV DNA 2,400
    IU/mL"): the infection is active (``active_infection_loads``)."""
    analyte = load_screening_rules().active_infection_loads.get(concept)
    return analyte is not None and any(
        fact.measurement is not None
        and not fact.negated
        and (fact.measurement.value > 0 or fact.measurement.comparator == ">")
        for fact in patient.measurement_facts(analyte)
    )


def _without_complete_scales(wanted: tuple[str, ...]) -> tuple[str, ...]:
    """The criterion's qualifiers less a scale it lists whole: "Mild, Moderate and Severe
    Acanthosis" asks for acanthosis at any grade, so a note naming acanthosis without its
    grade meets it (``complete_qualifier_scales``)."""
    for scale in load_screening_rules().complete_qualifier_scales:
        if all(grade in wanted for grade in scale):
            wanted = tuple(q for q in wanted if q not in scale)
    return wanted


def _marker_results_stated(
    criterion_text: str, wanted: Sequence[str], present: Sequence[Fact]
) -> list[str]:
    """The marker results (``context.json`` ``marker_results``) the marker reader finds in
    the sentences the condition was read from, however graded ("HER2 IHC 1+ (negative)",
    "HER2 2+, FISH amplified", "ER 8/8"), for the markers whose wanted result the same
    reader reads in the criterion ("ALK rearrangement negative" is no ALK-positive asked)."""
    results = load_context_rules().marker_results
    asked = marker_statuses(criterion_text, denials=False)
    agreed = {
        marker
        for marker, status in asked.items()
        if all(q == f"{marker} {status}" for q in wanted if q.split()[0] == marker)
    }
    return [
        result
        for fact in present
        for marker, status in marker_statuses(fact.evidence or "").items()
        if marker in agreed and (result := f"{marker} {status}") in results
    ]


def _extents_the_stage_states(constraint: ConceptMention, patient: PatientFacts) -> list[str]:
    """The extent words a criterion writes beside a stage it writes on the same disease,
    stated by a note's stage inside that stage ("Stage IIIB or IIIC or Stage IV metastatic
    NSCLC" for a stage IIIC NSCLC: the words restate the stages listed;
    ``stage_extent_qualifiers``). A note's stage alone states none: stage IV is not M1 in
    every cancer (head and neck IVA, FIGO IVA)."""
    wanted = constraint.stage
    if wanted is None or wanted.scale != "stage":
        return []
    inside = any(
        fact.stage is not None
        and fact.stage.scale == "stage"
        and stage_relation(fact.stage, wanted) == "inside"
        for fact in patient.concept_facts(constraint.concept)[0]
    )
    return list(load_screening_rules().stage_extent_qualifiers) if inside else []


def _named_cancers(
    constraint: ConceptMention, present: Sequence[Fact], patient: PatientFacts
) -> list[tuple[str, DiseaseStage | None, frozenset[str]]]:
    """The note's sentences naming the criterion's cancer, with the stage written on it and
    the cancer's concept and its ancestors: the lexicon's facts of the condition, and the MeSH
    diseases the note names that are kinds of it ("Adenocarcinoma LUL"); none for a
    condition that is no cancer."""
    ancestors = load_lexicon().ancestors
    asked = ancestors.get(constraint.concept, frozenset())
    if "cancer" not in asked:
        return []
    descriptors = criterion_descriptors(constraint.concept, "")
    named: list[tuple[str, DiseaseStage | None, frozenset[str]]] = [
        (fact.evidence or "", fact.stage, asked | ancestors.get(fact.concept or "", frozenset()))
        for fact in present
    ]
    named.extend(
        (fact.evidence, fact.stage, asked)
        for fact in patient.vocabulary_facts
        if not fact.negated and any(kind_of(fact.descriptor_id, d) for d in descriptors)
    )
    return named


def _the_only_cancer(constraint: ConceptMention, patient: PatientFacts) -> bool:
    """Whether every cancer the note names is the criterion's cancer, a broader or a narrower
    one (the lexicon's, not denied, and the MeSH neoplasms, spread itself apart: a "cerebellar
    met" is a ``spread_concepts`` fact): the note's words of spread are then of it."""
    ancestors = load_lexicon().ancestors
    spread_concepts = load_screening_rules().spread_concepts
    cancers = [
        fact.concept
        for fact in patient.concept_facts("cancer")[0]
        if fact.concept is not None and not fact.negated and fact.concept not in spread_concepts
    ]
    descriptors = criterion_descriptors(constraint.concept, "")
    spread = spread_descriptors()
    return (
        bool(cancers)
        and all(
            constraint.concept in ancestors.get(c, frozenset())
            or c in ancestors.get(constraint.concept, frozenset())
            for c in cancers
        )
        and all(
            any(kind_of(v.descriptor_id, d) or kind_of(d, v.descriptor_id) for d in descriptors)
            or any(kind_of(v.descriptor_id, s) for s in spread)
            for v in patient.vocabulary_facts
            if not v.negated and is_neoplasm(v.descriptor_id)
        )
    )


def _extents_the_note_states(
    criterion_text: str,
    constraint: ConceptMention,
    named: Sequence[tuple[str, DiseaseStage | None, frozenset[str]]],
    patient: PatientFacts,
) -> tuple[list[str], list[str]]:
    """The extent qualifiers ("metastatic", "advanced") the note's sentences naming the
    patient's cancer (:func:`_named_cancers`) state and rule out
    (``disease_extent.stated_extent_qualifiers``: "stage IV (pleural metastases)" states
    metastatic and advanced, "stage IIIB, unresectable" advanced, "pT3b N1a M0" rules out
    metastatic); the cancer's stage is the one written on it, else the one stage its
    sentence writes."""
    stated: list[str] = []
    ruled_out: list[str] = []
    only_cancer = _the_only_cancer(constraint, patient)
    for sentence, written, kinds in named:
        stages = [span.stage for span in stage_spans(sentence) if span.stage.scale == "stage"]
        stage = written if written is not None else (stages[0] if len(stages) == 1 else None)
        numbers = [low for low, _ in stage.ranges] if stage and stage.scale == "stage" else []
        said, out = stated_extent_qualifiers(
            criterion_text,
            sentence,
            numbers,
            kinds,
            patient.extent_evidence,
            only_cancer=only_cancer,
        )
        stated.extend(q for q in sorted(said) if q not in stated)
        ruled_out.extend(q for q in sorted(out) if q not in ruled_out)
    return stated, ruled_out


def qualifiers_judged(
    criterion_text: str,
    constraint: ConceptMention,
    patient: PatientFacts,
    evidence: str | None = None,
) -> tuple[Truth, str] | None:
    """The criterion's qualifiers on a condition the patient has, against the note's: None
    when it asks none; true when the note states them (one is enough when they are written
    as alternatives); false when every one is contradicted by what the note states or
    denies; otherwise unknown, with the reason naming what is missing. ``evidence`` is the
    sentence the condition was found in when the lexicon has no fact of it (MeSH read "portal
    vein thrombus, bland" as a thrombosis): its own words are read there too."""
    wanted, alternatives = with_concept_qualifiers(
        criterion_text, constraint, *criterion_qualifiers(criterion_text, constraint)
    )
    wanted = _without_complete_scales(wanted)
    if not wanted:
        return None
    present, _ = patient.concept_facts(constraint.concept)
    named = _named_cancers(constraint, present, patient)
    # A cancer MeSH names ("Adenocarcinoma LUL, …, unresectable") states its own qualifiers.
    sentences = [*(fact.evidence for fact in present), *(s for s, _, _ in named[len(present) :])]
    if evidence and evidence not in sentences:
        sentences.append(evidence)
    sentences.extend(_sentences_naming_it(constraint.concept, patient, sentences))
    readings = [
        _with_stated_concept_qualifiers(
            _stated_qualifiers(sentence, constraint.concept), sentence, constraint.concept
        )
        for sentence in sentences
    ]
    stated = list(dict.fromkeys(q for said, _ in readings for q in said))
    stated.extend(
        q for q in _marker_results_stated(criterion_text, wanted, present) if q not in stated
    )
    stated.extend(
        q for q in _extents_the_stage_states(constraint, patient) if q in wanted and q not in stated
    )
    extents_stated, extents_ruled_out = _extents_the_note_states(
        criterion_text, constraint, named, patient
    )
    stated.extend(q for q in extents_stated if q in wanted and q not in stated)
    if "chronic" in wanted and any(_lasting(fact) for fact in present):
        stated.append("chronic")
    if "treatment-requiring" in wanted and (
        one_given(constraint.required_treatments, patient)
        or any(_drained(constraint.concept, fact.evidence or "") for fact in present)
    ):
        stated.append("treatment-requiring")
    rules = load_screening_rules()
    if (
        "stable" in wanted
        and constraint.category == "treatment"
        and any(
            screening_phrase("stable_dose_note_words").search(fact.evidence or "")
            for fact in present
        )
    ):
        # "Sertraline 100 mg od, dose unchanged for 3 months" is a stable regime.
        stated.append("stable")
    if "active" in wanted and _replicating(constraint.concept, patient):
        stated.append("active")
    if (
        "acute" in wanted
        and constraint.concept in rules.acute_risk_concepts
        and any(
            screening_phrase("acute_risk_words").search(fact.evidence or "") for fact in present
        )
    ):
        # "Suicidal ideation with a plan last week - crisis team involved" is an acute risk.
        stated.append("acute")
    if constraint.concept in rules.defining_event_concepts and any(
        _names_a_defining_event(fact.evidence or "") for fact in present
    ):
        # "IgG kappa myeloma diagnosed with anaemia, hypercalcaemia and lytic lesions".
        stated.extend(q for q in rules.defining_event_qualifiers if q in wanted)
    stated.extend(
        general
        for specific in tuple(stated)
        for general in rules.qualifier_implications.get(specific, ())
        if general not in stated
    )
    contradictions = rules.qualifier_contradictions
    own = own_qualifiers(constraint.concept)
    if own is not None:
        stated.extend(
            general
            for specific in tuple(stated)
            for general in own.implications.get(specific, ())
            if general not in stated
        )
    ruled_out = {w for s in stated for w in contradictions.get(s, ())}
    ruled_out.update(w for s in stated for w in (own.contradictions.get(s, ()) if own else ()))
    ruled_out.update(q for _, denied in readings for q in denied)
    ruled_out.update(extents_ruled_out)
    holding = [w for w in wanted if w in stated]
    failing = [w for w in wanted if w in ruled_out]
    if (alternatives and holding) or (not alternatives and len(holding) == len(wanted)):
        return "true", ""
    settled = (alternatives and len(failing) == len(wanted)) or (not alternatives and failing)
    # "Pleural" of "Pleural, ascites, or pericardial effusion" is called "pleural effusion".
    written = concept_name(constraint.text, load_lexicon().concepts.get(constraint.concept))
    condition = _without_words(written, wanted).lower()
    said = " ".join([*map(_as_written, stated), condition])
    needs = listing([_as_written(w) for w in wanted], "or" if alternatives else "and")
    return (
        "false" if settled else "unknown",
        f"the note says {said}; the criterion needs {needs} {condition}",
    )


@functools.lru_cache(maxsize=65_536)
def with_concept_qualifiers(
    criterion_text: str, constraint: ConceptMention, wanted: tuple[str, ...], alternatives: bool
) -> tuple[tuple[str, ...], bool]:
    """The criterion's qualifiers with those only its condition takes (``concept_qualifiers``),
    written before the condition's name in its clause ("Untreated, symptomatic or progressing
    brain metastases"): alternatives when "or" joins them, both when only commas do."""
    own = own_qualifiers(constraint.concept)
    span = mention_span(criterion_text, constraint.text)
    if own is None or span is None:
        return wanted, alternatives
    before = criterion_text[clause_start(criterion_text, span[0]) : span[0]]
    first: dict[str, int] = {}
    for hit, word in _own_words_in(before, own.words):
        if word not in wanted:
            first.setdefault(word, hit.start())
    found = sorted((at, word) for word, at in first.items())
    if not found:
        return wanted, alternatives
    starts = [found[0][0], *(m.start() for w in wanted if (m := word_pattern(w).search(before)))]
    between = before[min(starts) :].lower()
    joined = bool(_OWN_ALTERNATIVES.search(between))
    return (*wanted, *(word for _, word in found)), joined


# "Locally advanced, unresectable Stage III NSCLC" is both: a comma alone lists adjectives.
_OWN_ALTERNATIVES = re.compile(r"/|\bor\b", re.IGNORECASE)


def _with_stated_concept_qualifiers(
    reading: tuple[tuple[str, ...], tuple[str, ...]], sentence: str | None, concept: str
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A note sentence's qualifiers of a condition with those only it takes, wherever the
    sentence writes them, not after a denial ("2 brain mets treated with SRS 3 months ago,
    stable on MRI" states treated and stable)."""
    own = own_qualifiers(concept)
    if own is None or not sentence:
        return reading
    stated = [
        word
        for m, word in _own_words_in(sentence, own.words)
        if not cues_at(sentence, m.start(), m.end(), "negation")
    ]
    return tuple(dict.fromkeys((*reading[0], *stated))), reading[1]


@functools.cache
def own_qualifiers(concept: str) -> ConceptQualifiers | None:
    """The qualifiers only some conditions take (``concept_qualifiers``): the condition's own,
    else those of a kind it is one of ("unresectable" NSCLC takes a cancer's)."""
    own = load_screening_rules().concept_qualifiers
    kinds = sorted(load_lexicon().ancestors.get(concept, frozenset()) & own.keys())
    return own.get(concept) or (own[kinds[0]] if kinds else None)


def _own_words_in(text: str, words: Sequence[str]) -> list[tuple[re.Match[str], str]]:
    """Where ``text`` writes each of a condition's own qualifier words, less a word written
    only inside a longer one ("resectable" in "borderline resectable")."""
    found = [(m, word) for word in words for m in word_pattern(word).finditer(text)]
    return [
        (m, word)
        for m, word in found
        if not any(
            o.start() <= m.start() and m.end() <= o.end() and o.end() - o.start() > len(word)
            for o, _ in found
        )
    ]


def stated_own_qualifiers(concept: str, patient: PatientFacts) -> dict[str, str | None]:
    """The qualifiers the note's sentences naming a condition state of it (its own and the
    general ones), each with the first sentence stating it."""
    stated: dict[str, str | None] = {}
    for fact in patient.concept_facts(concept)[0]:
        said = _stated_qualifiers(fact.evidence or "", concept)
        for word in _with_stated_concept_qualifiers(said, fact.evidence, concept)[0]:
            stated.setdefault(word, fact.evidence)
    return stated


def _names_a_defining_event(sentence: str) -> bool:
    """Whether a note's sentence names, undenied, an end-organ damage feature of the disease
    it names (``defining_event_words``), and no word saying the disease has none
    (``defining_event_denials``: "smouldering myeloma")."""
    if screening_phrase("defining_event_denials").search(sentence):
        return False
    return any(
        not cues_at(sentence, found.start(), found.end(), "negation")
        for found in screening_phrase("defining_event_words").finditer(sentence)
    )


# The words of a marker result (``context.json`` ``marker_results``) that are not the
# marker's name.
_RESULT_WORDS = frozenset(
    {"positive", "negative", "low", "mutation", "wild", "type", "exon", "deletion", "insertion"}
)


@functools.lru_cache(maxsize=256)
def _as_written(qualifier: str) -> str:
    """A marker result as clinicians write it in a reason ("ER-positive", "HER2-negative",
    "EGFR wild-type", "KRAS G12C"): the results are kept lowercase and unhyphenated to be
    matched, which a coordinator reads as "er positive"; other qualifiers stay as they are,
    and so do the consequences (``consequences``), one hyphenated word ("treatment-requiring")."""
    if qualifier not in load_context_rules().marker_results:
        return qualifier
    words = [w if w in _RESULT_WORDS or w == "triple" else w.upper() for w in qualifier.split()]
    written = " ".join(words).replace("wild type", "wild-type")
    return re.sub(r" (positive|negative|low)$", r"-\1", written)


def _lasting(fact: Fact) -> bool:
    """Whether a current fact began long enough ago to be chronic: "on haemodialysis 3x/wk
    since 2022", "asthma for 12 years" (not a past one, nor one whose start is not given)."""
    if fact.historical or fact.negated:
        return False
    if fact.duration_days is not None:
        since_days = fact.duration_days
    elif fact.start_year is not None:
        since_days = (years_since(fact.start_year) - 0.5) * 365.25
    else:
        return False
    return since_days >= load_screening_rules().chronic_after_days


def _without_words(text: str, words: Sequence[str]) -> str:
    """ "Metastatic breast cancer" without its qualifier: "breast cancer"."""
    for word in words:
        text = re.sub(rf"(?<![\w-]){re.escape(word)}(?![\w-])\s*", "", text, flags=re.I)
    return text.strip() or text


def listing(words: Sequence[str], joiner: str) -> str:
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} {joiner} {words[-1]}"
