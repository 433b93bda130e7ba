"""A condition the criterion names against the note's, read on the MeSH tree and the
lexicon: the note's disease is the criterion's or lies under it ("lupus nephritis" meets
"kidney disease"), a broader one says nothing of a narrower one, a sibling diagnosis rules
the criterion's out only where ``disease_relations`` says they are apart, a class stated by
its members, a disease named with the words around it or its abbreviation.

The judge's concept and constraint readers ask these; they answer a ``Finding``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention, Constraint
from trialfinder.criteria.parse import find_concepts
from trialfinder.disease_relations import ClassImplication, load_disease_relations, unless_pattern
from trialfinder.judging.criterion_words import (
    asked_conditions,
    criterion_descriptors,
    denies_only_others,
    kind_of,
    malignancy_concepts,
    mention_span,
)
from trialfinder.judging.findings import Finding
from trialfinder.judging.time_windows import asks_about_onset, window_finding
from trialfinder.judging.written_benign import calls_benign
from trialfinder.patient import (
    Fact,
    PatientFacts,
    VocabularyFact,
    current_words,
    disease_mentions,
    is_disease,
    is_neoplasm,
    load_screening_rules,
    phrase_alternation,
    phrase_pattern,
    screening_phrase,
    words_named_before,
)
from trialfinder.vocabulary import load_vocabulary, normalize_phrase

__all__ = [
    "OTHER_BEFORE",
    "another_site_finding",
    "broader_condition_finding",
    "broader_procedure_finding",
    "class_finding",
    "classes_stating",
    "concept_sibling_finding",
    "denies_only_now",
    "has_disease",
    "named_kinds_span",
    "names_another_disease",
    "narrower_by_words_around",
    "narrower_disease",
    "narrower_spans_the_patient_has",
    "of_the_kind_named",
    "on_the_sites_asked",
    "organs_named",
    "other_kinds_finding",
    "sibling_finding",
    "site_named_before",
    "vocabulary_finding",
    "writes_the_abbreviation",
]


def denies_only_now(
    current: bool,
    evidence: str,
    same_concept: bool,
    constraint: ConceptMention,
    criterion_text: str,
) -> bool:
    """Whether a denial limited in time leaves the criterion open.

    One written of the disease now ("No active TB", ``current`` — a current cue in its
    sentence) denies no past episode the criterion asks about ("history of tuberculosis")
    and no narrower kind that need not be active ("latent tuberculosis infection") unless
    the criterion, too, asks for it now. One written of a recent time ("No recent
    vaccinations", a ``time_recency_cues`` phrase in its ``evidence``) denies what falls in
    a recent window, but not "any prior HBV vaccination". One written with a word of so far
    ("no targeted therapy yet", ``denial_so_far_words``) denies up to now, even in a coded
    record's line whose onset date ("since 2026-07-02") makes it current.
    """
    recent = _recency_cues().search(evidence) is not None
    if not (current or recent):
        return False
    if not recent and screening_phrase("denial_so_far_words").search(evidence) is not None:
        return False  # "no targeted therapy yet": up to now, whatever dates the line
    if constraint.historical:
        return True
    return current and not same_concept and current_words().search(criterion_text) is None


@functools.cache
def _recency_cues() -> re.Pattern[str]:
    return phrase_pattern(load_lexicon().cues.time_recency_cues)


OTHER_BEFORE = re.compile(r"\b(?:other|another|second|additional)\s+(?:[\w-]+\s+){0,2}$", re.I)


def broader_procedure_finding(
    constraint: ConceptMention, patient: PatientFacts, name: str
) -> Finding | None:
    """ "Previous prostate surgery" against "total hip replacement … the surgery", "radical
    prostatectomy" against "TURP 2021": the note names a broader procedure (a surgery) or
    another kind of one (a transurethral resection) than the kind the criterion asks, which
    neither meets nor denies it — say so rather than that the note is silent."""
    if constraint.category != "procedure":
        return None
    lexicon = load_lexicon()
    broader = lexicon.ancestors.get(constraint.concept, frozenset()) - {constraint.concept}
    fact = next(
        (
            f
            for f in patient.facts
            if f.kind == "concept"
            and f.concept is not None
            and not f.negated
            and not f.uncertain
            and (f.concept in broader or broader & lexicon.ancestors.get(f.concept, frozenset()))
        ),
        None,
    )
    if fact is None or fact.concept is None:
        return None
    said = lexicon.concepts[fact.concept].names[0]
    return Finding("unknown", None, f"the note says {said}, not {name} as the criterion asks")


def broader_condition_finding(
    constraint: ConceptMention, patient: PatientFacts, name: str
) -> Finding | None:
    """ "End-stage renal disease" against "chronic renal insufficiency": the note names a
    disease MeSH files the criterion's under (a broader disease, not a symptom), or one MeSH
    files in one of its places under the criterion's class ("neurological disorders" against
    "Duchenne muscular dystrophy", which the lexicon does not read). That does not settle it
    either way (a class is the study team's to read: MeSH files a disease under several),
    and the note is not silent about it: a whole record's silence must not settle it, so the
    finding carries the sentence that names the disease. MeSH decides, not the lexicon's
    parents, and a broader disease only for a kind or stage named as the broader name
    qualified (a word in common: "End-stage *renal* disease" under "chronic *renal*
    insufficiency", "type 1 *diabetes*" under "*diabetes*"): MeSH also files a disease under
    what it follows from or shows as ("cardiogenic shock" under myocardial infarction, reflux
    under dysphagia), and a note naming only that is silent about it."""
    diseases = [
        fact
        for fact in patient.vocabulary_facts
        if not fact.negated and not _is_symptom(fact.descriptor_id)
    ]
    if constraint.category != "condition" or not diseases:
        return None
    vocabulary = load_vocabulary()
    wanted, named_classes = _criterion_diseases(constraint.concept, constraint.text)
    # Nor does a class say more when the lexicon itself read the note's disease as the
    # criterion's concept and the judge found it is not the one asked ("portal hypertension"
    # against essential hypertension).
    read_as_it = any(
        f.kind == "concept" and f.concept == constraint.concept and not f.negated
        for f in patient.facts
    )
    classes = () if read_as_it else named_classes
    for fact in diseases:
        if _shared_name_word(fact.words, name) and any(
            kind_of(w, fact.descriptor_id) for w in wanted if w != fact.descriptor_id
        ):
            return Finding("unknown", fact.evidence, _broader_named(fact.words, name))
        if any(vocabulary.is_a(fact.descriptor_id, w) for w in classes if w != fact.descriptor_id):
            said = f"the note says {fact.words}, which MeSH files under {name}"
            return Finding("unknown", fact.evidence, f"{said}; the study team decides")
    return None


@functools.lru_cache(maxsize=65_536)
def _criterion_diseases(concept_id: str, text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The MeSH diseases a criterion's condition names, and those of them it names as a class,
    read once per criterion's words (every patient screened asks the same of them). A class is
    the criterion's whole name ("neurological disorders"), not a word inside it, and not one of
    MeSH's Neoplasms, which also file benign growths ("cysts", naevi) that "malignancy" does
    not mean (the lexicon's own cancer reading decides those)."""
    vocabulary = load_vocabulary()
    wanted = tuple(
        descriptor
        for descriptor in criterion_descriptors(concept_id, text)
        if (concept := vocabulary.concept(descriptor)) is not None and is_disease(concept)
    )
    written = normalize_phrase(text)
    classes = tuple(w for w in wanted if not is_neoplasm(w) and written in vocabulary.synonyms(w))
    return wanted, classes


def _shared_name_word(said: str, name: str) -> bool:
    """Whether two disease names share a word that names the disease (not "disease")."""
    generic = {"disease", "diseases", "disorder", "disorders", "syndrome", "chronic"}
    words = {w for w in _NAME_WORD.findall(said.lower()) if w not in generic}
    return bool(words & set(_NAME_WORD.findall(name.lower())))


_NAME_WORD = re.compile(r"[a-z]{4,}")


def _broader_named(said: str, name: str) -> str:
    return f"the note says {said}; the criterion needs {name}"


def vocabulary_finding(
    constraint: ConceptMention, patient: PatientFacts, name: str, criterion_text: str = ""
) -> Finding | None:
    """A condition the lexicon finds nothing about, judged on the MeSH tree (``is_a``).

    The note's disease is the criterion's or lies under it ("lupus nephritis" meets
    "kidney disease"): true. The note denies the criterion's disease or a broader
    one: false. A broader disease in the note says nothing about a narrower one.
    A time window needs the lexicon's dated facts: the note's narrower disease is judged
    against it by the date the lexicon read in its sentence (:func:`_dated_kind_finding`),
    anything else is left to them.
    """
    if (
        constraint.category != "condition"
        or not patient.vocabulary_facts
        or _below_mesh(constraint.concept)
    ):
        return None
    mentions = _named_with_words_before(criterion_text, constraint.text)
    if mentions != (constraint.text,):
        name = " or ".join(mentions)
    vocabulary = load_vocabulary()
    wanted = [
        descriptor
        for mention in mentions
        for descriptor in criterion_descriptors(constraint.concept, mention)
        if (concept := vocabulary.concept(descriptor)) is not None and is_disease(concept)
    ]
    if not wanted:
        # A pathology word ("cirrhosis" is MeSH's Fibrosis) is no disease to compare; an
        # organ's cancer named by its histology in words MeSH has no term for is two.
        return _organ_histology_finding(constraint.text, patient)
    if constraint.window is not None:
        return _dated_kind_finding(constraint, patient, wanted, name, criterion_text)
    had = _had_as_asked(patient, wanted, name)
    if had is not None:
        return Finding("true", had.evidence, f"patient has {had.words}, a kind of {name}")
    for fact in patient.vocabulary_facts:
        if (
            fact.negated
            and any(kind_of(w, fact.descriptor_id) for w in wanted)
            and not denies_only_now(
                current_words().search(fact.evidence) is not None,
                fact.evidence,
                fact.descriptor_id in wanted,
                constraint,
                criterion_text,
            )
            and not (
                denies_only_others(fact.evidence, cancer=_of_a_cancer(fact.descriptor_id))
                and _names_one(patient, fact.descriptor_id)
            )
        ):
            return Finding("false", fact.evidence, f"patient does not have {fact.words}")
    return sibling_finding(tuple(wanted), patient, name)


def _organ_histology_finding(words: str, patient: PatientFacts) -> Finding | None:
    """A cancer a criterion names by its organ and its histology in words MeSH has no term
    for ("Pancreatic adenocarcinoma", "adenocarcinoma of the esophagus"), read as the note
    reader reads them (``disease_mentions``: *Adenocarcinoma* and *Pancreatic Neoplasms*):
    the note names the organ's cancer and the histology, true; the organ's cancer alone,
    unknown (the histology is asked too); the cancer of another organ in the sentence naming
    the patient's (:func:`another_site_finding`), false. None when the words are no such
    name or the note names neither."""
    read = [m.descriptor_id for m in disease_mentions(words) if (m.start, m.end) == (0, len(words))]
    if len(read) < 2:
        return None
    histology, *organs = read
    organ = _had_as_asked(patient, organs, words)
    if organ is not None:
        if has_disease(patient, histology):
            return Finding("true", organ.evidence, f"patient has {organ.words}, a kind of {words}")
        return Finding(
            "unknown", organ.evidence, f"the note says {organ.words}; the criterion needs {words}"
        )
    for fact in patient.vocabulary_facts:
        if not fact.negated and kind_of(fact.descriptor_id, histology):
            other = another_site_finding(organs[0], fact.evidence, patient, words)
            if other is not None:
                return other
    return None


def _of_a_cancer(descriptor_id: str) -> bool:
    """Whether a MeSH descriptor is a cancer's (or cancer itself): a note's "No previous
    cancer" beside the cancer it names denies only a past one (``denies_only_others``)."""
    return any(kind_of(descriptor_id, d) for d in criterion_descriptors("cancer", ""))


def _dated_kind_finding(
    constraint: ConceptMention,
    patient: PatientFacts,
    wanted: Sequence[str],
    name: str,
    criterion_text: str,
) -> Finding | None:
    """ "History of venous thrombosis within past year" against "DVT 3 months ago": the
    note's disease lies under the criterion's on the MeSH tree (as :func:`vocabulary_finding`
    reads it) and the lexicon dates it in the same sentence, so the window decides. An
    undated one, or a disease not under the criterion's, is left to the lexicon's facts."""
    had = _had_as_asked(patient, wanted, name)
    if had is None:
        return None
    dated = next(
        (
            fact
            for fact in patient.facts
            if fact.kind == "concept"
            and fact.evidence == had.evidence
            and not fact.negated
            and not fact.uncertain
            and (fact.days_ago is not None or fact.start_year is not None)
        ),
        None,
    )
    if dated is None:
        return None
    finding = window_finding(constraint, dated, had.words, asks_about_onset(criterion_text))
    if finding.truth == "unknown":
        return None
    return Finding(finding.truth, finding.evidence, f"{finding.reason} (a kind of {name})")


def _had_as_asked(patient: PatientFacts, wanted: Sequence[str], name: str) -> VocabularyFact | None:
    """The note's disease, not denied, that is a kind of one of ``wanted`` as the criterion's
    words ``name`` ask it: not a symptom of it, a risk for it, or a benign tumour where a
    malignancy is asked; None when there is none."""
    relations = load_disease_relations()
    for fact in patient.vocabulary_facts:
        if fact.negated or not any(kind_of(fact.descriptor_id, w) for w in wanted):
            continue
        if _is_symptom(fact.descriptor_id) and not any(_is_symptom(w) for w in wanted):
            continue  # "paresthesias" is a symptom, not the "neurological disorder" asked for
        if any(relations.only_a_risk_for(fact.descriptor_id, w) for w in wanted):
            continue  # hypertension is a risk for cardiovascular disease, not a case of it
        if _benign_for(fact, wanted, name):
            continue  # a pituitary adenoma is a neoplasm, not the malignancy asked for
        return fact
    return None


def _names_one(patient: PatientFacts, descriptor_id: str) -> bool:
    """Whether the note names a disease of ``descriptor_id`` the patient has, read by MeSH or
    by the lexicon ("SCC of the buccal mucosa" is the lexicon's cancer only): "No other
    cancer" after it denies the others."""
    return has_disease(patient, descriptor_id) or any(
        fact.kind == "concept"
        and fact.concept is not None
        and not fact.negated
        and not fact.uncertain
        and any(kind_of(d, descriptor_id) for d in criterion_descriptors(fact.concept, ""))
        for fact in patient.facts
    )


def _benign_for(fact: VocabularyFact, wanted: Sequence[str], name: str) -> bool:
    """Whether the patient's disease is a benign tumour and the criterion asks for a
    malignant one: its words are not neutral ("tumour") and it names no benign tumour. The
    note may say so in its own words: "a benign tumour", "benign neoplasm of the skin" read
    by MeSH as its Neoplasms are no malignancy (``written_benign``)."""
    relations = load_disease_relations()
    return (
        (relations.is_benign(fact.descriptor_id, fact.words) or calls_benign(fact))
        and not relations.neutral_about_malignancy(name)
        and not any(relations.is_benign(w, name) for w in wanted)
    )


def sibling_finding(wanted: Sequence[str], patient: PatientFacts, name: str) -> Finding | None:
    """Not met when the note names, as the patient's diagnosis, a disease that rules out the
    one the criterion asks for: type 2 diabetes is not type 1 diabetes, non-small cell lung
    cancer is not small cell lung cancer, Lambert-Eaton myasthenic syndrome is not the
    myasthenia gravis MeSH files it under (``data/disease_relations.json``)."""
    relations = load_disease_relations()
    for fact in patient.vocabulary_facts:
        if fact.negated:
            continue
        for descriptor in wanted:
            kinds = _kinds_of(fact) if _a_subtype_decides(descriptor) else (fact.descriptor_id,)
            if any(
                relations.excludes(kind, descriptor) is not None
                or _rules_out_as_apart(kind, descriptor)
                for kind in kinds
            ):
                return Finding("false", fact.evidence, f"the patient has {fact.words}, not {name}")
    return None


def another_site_finding(
    wanted: str, evidence: str | None, patient: PatientFacts, name: str
) -> Finding | None:
    """Not met when the cancer a criterion names by its site ("ampullary carcinoma": Common
    Bile Duct Neoplasms, C04.588.274.120.250.250) is not the site of the cancer the note's
    sentence names ("Carcinoma gallbladder": Gallbladder Neoplasms, C04.588.274.120.401):
    MeSH files cancers by site under Neoplasms by Site (C04.588), and neither is a kind of
    the other, so the patient's cancer is not the one asked. None unless every cancer by site
    that sentence names is of another site (a less specific cancer says nothing)."""
    if evidence is None or not _by_site(wanted):
        return None
    sited = {
        fact.descriptor_id: fact.words
        for fact in patient.vocabulary_facts
        if fact.evidence == evidence and not fact.negated and _by_site(fact.descriptor_id)
    }
    # The trial's own cancer is set aside from the facts an exclusion reads; its sentence's
    # organ words still say where it is ("Carcinoma gallbladder").
    for organ in organs_named(evidence):
        readings = load_vocabulary().lookup(f"{organ} cancer")
        if readings and _by_site(readings[0].concept.id):
            sited.setdefault(readings[0].concept.id, f"{organ} cancer")
    if not sited or any(kind_of(has, wanted) or kind_of(wanted, has) for has in sited):
        return None
    return Finding(
        "false",
        evidence,
        f"the patient has {next(iter(sited.values()))}, a cancer of another site than {name}",
    )


def other_kinds_finding(
    constraint: ConceptMention, criterion_text: str, patient: PatientFacts
) -> Finding | None:
    """Not met when a criterion names its condition's kinds by words before its head
    ("psychotic or organic mental disorder": MeSH's Psychotic Disorders, F03.700.675, or
    Neurocognitive Disorders, F03.615) and every disease of that head the note names is a
    kind of its own beside them (a major depression, Depressive Disorder, Major: F03.600.300):
    the patient's mental disorder is named, and it is not one asked. None when the note names
    one asked, one broader than them, or only the head itself (a less specific fact)."""
    phrases = _named_with_words_before(criterion_text, constraint.text)
    if len(phrases) < 2:
        return None
    base = criterion_descriptors(constraint.concept, "")
    asked = [
        found[0]
        for phrase in phrases
        if (found := criterion_descriptors(constraint.concept, phrase))
    ]
    if not base or len(asked) != len(phrases):
        return None
    kinds = [
        fact
        for fact in patient.vocabulary_facts
        if not fact.negated and kind_of(fact.descriptor_id, base[0])
    ]
    if not kinds or any(
        fact.descriptor_id == base[0]
        or any(kind_of(fact.descriptor_id, a) or kind_of(a, fact.descriptor_id) for a in asked)
        for fact in kinds
    ):
        return None
    return Finding(
        "false",
        kinds[0].evidence,
        f"the patient has {kinds[0].words}, not {' or '.join(phrases)}",
    )


def named_kinds_span(constraint: ConceptMention, criterion_text: str) -> tuple[int, int] | None:
    """Where the kinds a criterion names before its condition's head stand ("psychotic or
    organic mental disorder"), when they name two MeSH diseases (:func:`other_kinds_finding`)."""
    phrases = _named_with_words_before(criterion_text, constraint.text)
    span = mention_span(criterion_text, constraint.text)
    if len(phrases) < 2 or span is None:
        return None
    first = min(
        (
            found.start()
            for p in phrases
            if (found := _first_word(p).search(criterion_text, 0, span[0]))
        ),
        default=span[0],
    )
    return first, span[1]


def _first_word(phrase: str) -> re.Pattern[str]:
    return re.compile(rf"\b{re.escape(phrase.split()[0])}\b", re.IGNORECASE)


def _by_site(descriptor_id: str) -> bool:
    """Whether MeSH files a neoplasm under Neoplasms by Site (C04.588)."""
    concept = load_vocabulary().concept(descriptor_id)
    return concept is not None and any(n.startswith(_BY_SITE) for n in concept.tree_numbers)


_BY_SITE = "C04.588."


def _rules_out_as_apart(has: str, wanted: str) -> bool:
    """Whether the patient's disease is one MeSH files under the criterion's (or under a
    disease the criterion's is a kind of) that says the patient has not that (``filed_apart``
    with ``rules_out``): Lambert-Eaton myasthenic syndrome, prediabetes."""
    filing = load_disease_relations().apart_from(has, wanted)
    return filing is not None and filing.rules_out


def concept_sibling_finding(
    constraint: ConceptMention, patient: PatientFacts, name: str
) -> Finding | None:
    """Not met when the note names, as the patient's diagnosis, a lexicon concept that rules
    out the one asked for where MeSH has no descriptors to say so: a classical Hodgkin
    lymphoma is no nodular lymphocyte predominant one (``disjoint_concepts`` in
    ``data/disease_relations.json``). A broader diagnosis ("Hodgkin lymphoma") rules out
    nothing, so the subtype stays open."""
    if constraint.category != "condition":
        return None
    relations = load_disease_relations()
    if not relations.disjoint_concepts:
        return None
    concepts = load_lexicon().concepts
    for fact in patient.facts:
        if fact.negated or fact.uncertain or fact.concept is None or fact.concept not in concepts:
            continue  # a possible subtype ("? NLPHL") rules nothing out
        if relations.excludes_concept(fact.concept, constraint.concept) is not None:
            has = concepts[fact.concept].names[0]
            return Finding("false", fact.evidence, f"the patient has {has}, not {name}")
    return None


def class_finding(constraint: ConceptMention, patient: PatientFacts, name: str) -> Finding | None:
    """A class used for one disease only states the disease: "NYHA II" is heart failure,
    "Child-Pugh B" cirrhosis (``data/disease_relations.json``)."""
    if constraint.category != "condition":
        return None
    for implication in classes_stating(constraint.concept):
        for fact in patient.measurement_facts(implication.analyte):
            unless = unless_pattern(implication.unless)
            if unless is not None and unless.search(fact.evidence):
                continue
            stated = _patient_class_text(implication.analyte, fact)
            return Finding("true", fact.evidence, f"{stated} means the patient has {name}")
    return _treatment_state_finding(constraint, patient, name)


def _treatment_state_finding(
    constraint: ConceptMention, patient: PatientFacts, name: str
) -> Finding | None:
    """A state a current treatment makes the patient by definition (``treatments_implying``):
    "Immunocompromise" against "Kidney transplant 2020 on tacrolimus and mycophenolate" is
    met, as the CDC counts a patient on immunosuppressive medicines immunocompromised; a
    course the note ends, dates to the past or doubts says nothing of now."""
    asked = normalize_phrase(constraint.text)
    for stated in load_disease_relations().treatments_implying:
        if stated.concept != constraint.concept or asked not in stated.asked_words:
            continue
        present, _ = patient.concept_facts(stated.treatment)
        taken = next((f for f in present if not f.historical and f.end_year is None), None)
        if taken is not None:
            treatment = load_lexicon().concepts[stated.treatment].names[0]
            return Finding(
                "true", taken.evidence, f"the patient takes {treatment}, which counts as {name}"
            )
    return None


@functools.cache
def classes_stating(concept: str) -> tuple[ClassImplication, ...]:
    """The classes that state ``concept`` or a narrower disease ("NYHA class" states heart
    failure, so a criterion on heart failure or its class reads it)."""
    ancestors = load_lexicon().ancestors
    return tuple(
        implication
        for implication in load_disease_relations().classes_implying
        if concept in ancestors.get(implication.concept, ())
    )


def _patient_class_text(analyte_id: str, fact: Fact) -> str:
    """The class as the note wrote it ("Child-Pugh A", "NYHA class II")."""
    display = load_lexicon().analytes[analyte_id].display
    value = fact.measurement
    assert value is not None
    if display.split()[0].lower() in value.text.lower():
        return value.text
    return f"{display} {value.text}"


_WORDS_BEFORE = re.compile(r"((?:[^\W\d_][\w'-]*[ \t-]+){1,4})$")


_COORDINATOR = frozenset({"or", "and", "and/or"})


@functools.lru_cache(maxsize=65_536)
def _named_with_words_before(criterion_text: str, mention: str) -> tuple[str, ...]:
    """The mention with the word or two before it when together they name a MeSH disease:
    "interstitial lung disease" (not any lung disease), "second malignancy".

    The lexicon reads "lung disease" in "interstitial lung disease"; a note's
    atelectasis is a lung disease but not an interstitial one. Coordinated words
    share the head: "bacterial or fungal infection" is a bacterial infection or a
    fungal one, "tuberculosis or listeria infection" tuberculosis or listeriosis.
    """
    span = mention_span(criterion_text, mention)
    before = _WORDS_BEFORE.search(criterion_text[: span[0]]) if span is not None else None
    if before is None:
        return (mention,)
    words = before.group(1).split()
    for start in range(max(0, len(words) - 2), len(words)):
        phrase = " ".join([*words[start:], mention])
        if not _names_mesh_disease(phrase):
            continue
        if start >= 2 and words[start - 1].lower() in _COORDINATOR:
            # "psychotic or organic mental disorder": the other word may take the head's
            # last word only (MeSH's "psychotic disorder"; none names a psychotic mental one).
            others = (f"{words[start - 2]} {mention}", f"{words[start - 2]} {mention.split()[-1]}")
            other = next((o for o in others if _names_mesh_disease(o)), None)
            return (phrase, other) if other is not None else (mention,)
        return (phrase,)
    return (mention,)


def names_another_disease(constraint: ConceptMention, criterion_text: str) -> bool:
    """Whether the words before a condition make it another disease, not a kind of it:
    "portal hypertension", "intracranial hypertension", "ocular hypertension" are not
    hypertension, so a patient with hypertension has none of them."""
    if constraint.category != "condition" or not criterion_text:
        return False
    phrases = _named_with_words_before(criterion_text, constraint.text)
    if phrases == (constraint.text,):
        return False
    base = criterion_descriptors(constraint.concept, "")
    if not base:
        return False
    readings = [criterion_descriptors(constraint.concept, phrase) for phrase in phrases]
    return all(found and not kind_of(found[0], base[0]) for found in readings)


def site_named_before(constraint: ConceptMention, criterion_text: str) -> tuple[str, ...]:
    """The site words a criterion writes right before a condition, or one word before it
    ("portal vein thrombosis", "Cerebral venous thrombosis", "arterial thromboembolism"),
    that make it a sibling of the lexicon's concept (``criterion_site_words``): only a note
    naming that site meets it, a deep vein thrombosis does not. Coordinated sites share the
    head ("venous or arterial thrombosis" is a venous thrombosis too): (), left to the rest.
    The note's are read alike (``Fact.sites``)."""
    if constraint.category != "condition" or not criterion_text:
        return ()
    sites = load_screening_rules().criterion_site_words.get(constraint.concept)
    span = mention_span(criterion_text, constraint.text)
    if not sites or span is None:
        return ()
    return words_named_before(criterion_text, span[0], sites, span[1])


def on_the_sites_asked(
    constraint: ConceptMention, criterion_text: str, present: list[Fact], absent: list[Fact]
) -> tuple[list[Fact], list[Fact]]:
    """The note's facts that answer the criterion, as far as a site word before the head
    goes (``Fact.sites``): a note's "portal vein thrombosis" is a sibling of a deep vein
    thrombosis and of "venous thromboembolism", so it neither meets nor denies them
    ("no portal vein thrombosis" is no denial of a DVT); it is a kind of the bare head, so it
    meets "History of thrombosis" (without denying it); a criterion naming the site is met
    and denied by the note's own site (the rest of its reading is the judge's)."""
    asked = site_named_before(constraint, criterion_text)
    if asked:
        return present, [f for f in absent if not f.sites or set(f.sites) & set(asked)]
    heads = load_screening_rules().sibling_site_heads.get(constraint.concept, [])
    bare = constraint.text.lower() in heads and not names_another_disease(
        constraint, criterion_text
    )
    return [f for f in present if bare or not f.sites], [f for f in absent if not f.sites]


def of_the_kind_named(concept_id: str, constraint: ConceptMention, criterion_text: str) -> bool:
    """Whether a note's lexicon concept is a kind of the disease the criterion names with
    words before its concept (:func:`names_another_disease`): a deep vein thrombosis ("a clot
    in my left leg", MeSH's Venous Thrombosis) is a "venous thrombosis", though the lexicon
    files both under venous thromboembolism, which MeSH does not file it under."""
    own = criterion_descriptors(concept_id, "")
    return bool(own) and any(
        found and kind_of(own[0], found[0])
        for phrase in _named_with_words_before(criterion_text, constraint.text)
        if (found := criterion_descriptors(constraint.concept, phrase))
    )


def _names_mesh_disease(phrase: str) -> bool:
    vocabulary = load_vocabulary()
    readings = vocabulary.lookup(phrase)
    return (
        bool(readings)
        and readings[0].kind != "abbreviation"
        and vocabulary.names_it(phrase, readings[0])
        and is_disease(readings[0].concept)
    )


@functools.lru_cache(maxsize=65_536)
def _is_symptom(descriptor_id: str) -> bool:
    """Whether MeSH files a descriptor under Signs and Symptoms (C23.888): a tremor or a
    paresthesia is filed under nervous system diseases too, but a note naming one does not
    say the patient has a neurological disorder."""
    concept = load_vocabulary().concept(descriptor_id)
    return concept is not None and any(
        number.startswith(_SIGNS_AND_SYMPTOMS) for number in concept.tree_numbers
    )


_SIGNS_AND_SYMPTOMS = "C23.888"


def has_disease(patient: PatientFacts, descriptor_id: str) -> bool:
    """Whether the note names, not denied, the disease or a kind of it: by MeSH, or by the
    cancer subtype its histology at its organ makes it ("adenocarcinoma of the lung" is a
    non-small cell lung cancer, ``histology_subtypes``)."""
    if any(
        not fact.negated and kind_of(fact.descriptor_id, descriptor_id)
        for fact in patient.vocabulary_facts
    ):
        return True
    return _a_subtype_decides(descriptor_id) and any(
        not fact.negated and any(kind_of(kind, descriptor_id) for kind in _kinds_of(fact)[1:])
        for fact in patient.vocabulary_facts
    )


@functools.lru_cache(maxsize=65_536)
def _a_subtype_decides(descriptor_id: str) -> bool:
    """Whether a histology subtype (``histology_subtypes``) is a kind of the disease or rules
    it out, so a note's histology at its organ can settle it; most diseases ask nothing of
    the subtypes, and the judge reads no note sentence again for them."""
    relations = load_disease_relations()
    return any(
        kind_of(rule.subtype.descriptor, descriptor_id)
        or relations.excludes(rule.subtype.descriptor, descriptor_id) is not None
        for rule in relations.histology_subtypes
    )


def _kinds_of(fact: VocabularyFact) -> tuple[str, ...]:
    """The patient's disease's descriptor and the cancer subtypes its histology and organ
    make it (:meth:`DiseaseRelations.subtypes_of`)."""
    return _kinds(fact.descriptor_id, fact.words, fact.evidence)


@functools.lru_cache(maxsize=65_536)
def _kinds(descriptor_id: str, words: str, evidence: str) -> tuple[str, ...]:
    """:func:`_kinds_of`, remembered: a cohort asks it of the same note facts per criterion."""
    relations = load_disease_relations()
    return (descriptor_id, *relations.subtypes_of(descriptor_id, words, evidence))


@functools.cache
def narrower_disease(concept_id: str, text: str) -> tuple[str, str] | None:
    """The MeSH disease a criterion's words name when it is narrower than the lexicon concept
    they were read as: "Hodgkin lymphoma" is read as lymphoma, but only Hodgkin lymphoma
    meets it. Returns that descriptor and the words. (Qualifier words around a mention are
    the context stage's; this looks only at the mention's own words.)
    """
    base = criterion_descriptors(concept_id, "")
    own = criterion_descriptors(concept_id, text)
    if own == base:
        own = _lexicon_abbreviation(concept_id, text)
    if not base or not own or own == base:
        return None
    vocabulary = load_vocabulary()
    narrow, broad = vocabulary.concept(own[0]), vocabulary.concept(base[0])
    if narrow is None or broad is None or not (is_disease(narrow) and is_disease(broad)):
        return None  # "cirrhosis" is MeSH's Fibrosis, a pathology: no tree to compare on
    return (own[0], text) if vocabulary.is_a(own[0], base[0]) else None


@functools.cache
def _lexicon_abbreviation(concept_id: str, text: str) -> tuple[str, ...]:
    """The MeSH disease an abbreviation names when the lexicon lists it among the concept's
    own names: "NSCLC" is a name of lung cancer in the lexicon and MeSH's non-small cell lung
    carcinoma, so only that narrower cancer meets it (a small cell one does not).

    :func:`criterion_descriptors` passes over abbreviation readings, as a short form alone
    may mean something else; one the lexicon has already read as this concept does not, and
    :func:`narrower_disease` still asks that MeSH file it under the concept's disease.
    """
    concept = load_lexicon().concepts.get(concept_id)
    if concept is None or not text:
        return ()
    if text.lower() not in concept.names and text not in concept.acronyms:
        return ()
    readings = load_vocabulary().lookup(text)
    if not readings or readings[0].kind != "abbreviation":
        return ()
    return (readings[0].concept.id,)


def writes_the_abbreviation(evidence: str | None, constraint: ConceptMention, words: str) -> bool:
    """Whether the note's sentence writes the criterion's own abbreviation for the disease
    ("B-ALL, Ph-negative" for "ALL"), as the lexicon read it: the same name is the same
    disease, though MeSH has no heading for the note's longer form."""
    if evidence is None or words != constraint.text:
        return False
    if not _lexicon_abbreviation(constraint.concept, words):
        return False
    return re.search(rf"(?<!\w){re.escape(words)}(?![\w-])", evidence) is not None


def _named_with_words_after(criterion_text: str, mention: str) -> str | None:
    """The mention with the word or two after it when together they name a MeSH disease the
    lexicon does not: "diabetic ketoacidosis", "diabetic retinopathy"."""
    span = mention_span(criterion_text, mention)
    if span is None:
        return None
    after = _WORDS_AFTER.match(criterion_text, span[1])
    if after is None:
        return None
    words = after.group(1).split()
    for count in (2, 1):
        phrase = " ".join([criterion_text[span[0] : span[1]], *words[:count]])
        if len(words) >= count and _names_mesh_disease(phrase):
            found = find_concepts(phrase)
            if not any(f.text.lower() == phrase.lower() for f in found):
                return phrase
    return None


_WORDS_AFTER = re.compile(r"[ \t-]+((?:[^\W\d_][\w'-]*)(?:[ \t]+[^\W\d_][\w'-]*)?)")


def narrower_by_words_around(
    constraint: ConceptMention, criterion_text: str
) -> tuple[str, str] | None:
    """The narrower MeSH disease the words right around a condition make of it: "skin
    cancer" in "non-melanoma skin cancer" is read as cancer, "diabetic ketoacidosis" as
    diabetes, but only a skin cancer or a ketoacidosis meets it. ("another malignancy", "a
    second malignancy" are :func:`let_off.asks_for_another_cancer`'s.)"""
    return _narrower_around(constraint.concept, constraint.text, criterion_text)


def narrower_spans_the_patient_has(
    criterion_text: str, constraints: Sequence[Constraint], patient: PatientFacts
) -> tuple[tuple[int, int], ...]:
    """The spans of the words around a condition that make it a narrower MeSH disease the
    patient has (:func:`narrower_by_words_around`): the lexicon reads "cancer" in
    "Esophageal cancer" and "Bladder cancer", MeSH reads the whole phrase, and a note's
    "squamous cell carcinoma of the oesophagus" is a kind of it. The judge has then read
    those words on the MeSH tree, as it reads a disease the lexicon does not name at all,
    so they are not left to the study team. A phrase the patient's disease is no kind of
    (or only as a benign tumour, a symptom or a risk is: :func:`_had_as_asked`) is left
    unread: a thyroid adenoma beside a breast cancer does not make "Thyroid cancer" read."""
    spans: list[tuple[int, int]] = []
    for constraint in asked_conditions(constraints):
        narrower = narrower_by_words_around(constraint, criterion_text)
        if narrower is None or _had_as_asked(patient, (narrower[0],), narrower[1]) is None:
            continue
        span = mention_span(criterion_text, narrower[1])
        if span is not None:
            spans.append(span)
    return tuple(spans)


@functools.lru_cache(maxsize=65_536)
def _narrower_around(concept: str, mention: str, criterion_text: str) -> tuple[str, str] | None:
    after = _named_with_words_after(criterion_text, mention)
    if after is not None:
        return narrower_disease(concept, after)
    phrases = _named_with_words_before(criterion_text, mention)
    if phrases == (mention,):
        return _organ_cancer_before(concept, mention, criterion_text)
    if len(phrases) != 1:
        return None
    if OTHER_BEFORE.search(phrases[0][: -len(mention)]):
        return None
    if any(found.text.lower() == phrases[0].lower() for found in find_concepts(phrases[0])):
        return None  # the lexicon names the whole phrase ("chronic kidney disease"): its reading
    return narrower_disease(concept, phrases[0])


def _organ_cancer_before(concept: str, mention: str, criterion_text: str) -> tuple[str, str] | None:
    """The organ's cancer an organ word right before a cancer the lexicon reads at large
    names, where MeSH has no name for the phrase: "prior invasive breast malignancy" is
    MeSH's breast cancer (the entry term "<organ> cancer" of ``site_named_cancers``), so a
    thyroid cancer does not meet it. Returns that descriptor and the criterion's words."""
    if concept not in malignancy_concepts():
        return None
    span = mention_span(criterion_text, mention)
    if span is None:
        return None
    found = _organ_word_before().search(criterion_text, 0, span[0])
    if found is None:
        return _site_adjective_cancer(concept, criterion_text, span)
    if OTHER_BEFORE.search(criterion_text, 0, found.start()) is not None:
        return None
    organ = _organ_of()[found.group("organ").casefold()]
    narrower = narrower_disease(concept, f"{organ} cancer")
    return None if narrower is None else (narrower[0], criterion_text[found.start() : span[1]])


def _site_adjective_cancer(
    concept: str, criterion_text: str, span: tuple[int, int]
) -> tuple[str, str] | None:
    """A site's adjective right before a cancer the lexicon reads at large ("histologically
    confirmed ampullary carcinoma", "laryngeal carcinoma"): MeSH's cancer of that site, by
    its entry term "<adjective> cancer" (Laryngeal, Appendiceal, Duodenal Neoplasms) or, for
    an adjective MeSH has none for, by the heading ``site_adjective_cancers`` gives it
    (ampullary: Common Bile Duct Neoplasms, whose scope note takes in the ampulla of Vater).
    So a gallbladder carcinoma does not meet it. Returns the descriptor and the words."""
    found = _ADJECTIVE_BEFORE.search(criterion_text, 0, span[0])
    if found is None or OTHER_BEFORE.search(criterion_text, 0, found.start()) is not None:
        return None
    adjective = found.group(1).lower()
    heading = load_screening_rules().site_adjective_cancers.get(adjective, f"{adjective} cancer")
    narrower = narrower_disease(concept, heading)
    return None if narrower is None else (narrower[0], criterion_text[found.start() : span[1]])


# A site's adjective right before a mention ("ampullary ", "laryngeal ").
_ADJECTIVE_BEFORE = re.compile(r"(?<![\w-])([^\W\d_]+(?:ary|al|ic|ine|ar))[ \t]+$", re.IGNORECASE)


@functools.cache
def _organ_of() -> dict[str, str]:
    """The organ of each organ word of ``site_named_cancers`` ("RUL": lung)."""
    return {
        word.casefold(): organ
        for organ, words in load_screening_rules().site_named_cancers.items()
        for word in words
    }


@functools.lru_cache(maxsize=65_536)
def organs_named(sentence: str) -> frozenset[str]:
    """The organs whose words of ``site_named_cancers`` a sentence writes ("a lump in my
    right breast": breast), not as "non-<organ>"."""
    return frozenset(
        _organ_of()[found.group("organ").casefold()] for found in _organ_word().finditer(sentence)
    )


@functools.cache
def _organ_word() -> re.Pattern[str]:
    organs = phrase_alternation(_organ_of())
    return re.compile(rf"(?<![\w-])(?P<organ>{organs})(?![\w-])", re.IGNORECASE)


@functools.cache
def _organ_word_before() -> re.Pattern[str]:
    """An organ word ending right before a position (searched up to it), not written as
    "non-<organ>"."""
    organs = phrase_alternation(_organ_of())
    return re.compile(rf"(?<![\w-])(?P<organ>{organs})[ \t]+$", re.IGNORECASE)


@functools.cache
def _below_mesh(concept: str) -> bool:
    """Whether a lexicon concept is, or lies under, a subtype MeSH has no descriptor for
    (``disjoint_concepts``): the descriptor its words read to is the broader disease ("nodular
    lymphocyte predominant Hodgkin lymphoma" is Hodgkin Disease; ``below_mesh``: "LV diastolic
    dysfunction" is Ventricular Dysfunction, Left), which a patient's broader diagnosis would
    meet."""
    relations = load_disease_relations()
    members = {m for group in relations.disjoint_concepts for m in group}
    members.update(relations.below_mesh)
    return bool(members & load_lexicon().ancestors.get(concept, frozenset({concept})))
