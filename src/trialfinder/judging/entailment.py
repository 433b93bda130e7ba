"""Whether a condition the patient has meets the criterion's, with everything the
criterion writes around it: the qualifiers it asks for, a qualifier the note leaves unstated,
the organ part, the radiotherapy region, the side of an operation, a defining measurement or
threshold, a class left unread, a requirement the note does not state.

``entailed_finding`` is the reader; it asks ``qualifiers``, ``stage_findings``,
``stated_causes`` and ``companions`` and answers a ``Finding`` for the judge's statuses.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from trialfinder.criteria.context import context_at, load_context_rules
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention, Constraint, Measurement
from trialfinder.criteria.parse import find_concepts, habit_definition
from trialfinder.drug_dose import criterion_dose_per_weight
from trialfinder.judging.companions import companion_finding
from trialfinder.judging.concept_findings import CLAUSE_END, habit_name, names_a_present_habit
from trialfinder.judging.concept_names import concept_name, prose_name
from trialfinder.judging.criterion_words import (
    criterion_descriptors,
    cue_patterns,
    has_word,
    kind_of,
    malignancy_concepts,
    mention_span,
    mention_spans,
    stated_words,
    word_pattern,
)
from trialfinder.judging.disease_kinds import (
    another_site_finding,
    classes_stating,
    has_disease,
    narrower_by_words_around,
    narrower_disease,
    other_kinds_finding,
    sibling_finding,
    writes_the_abbreviation,
)
from trialfinder.judging.findings import Finding
from trialfinder.judging.metastasis_counts import count_finding
from trialfinder.judging.qualifiers import (
    criterion_qualifiers,
    listing,
    one_given,
    qualifiers_judged,
)
from trialfinder.judging.radiation_site import asked_region, noted_regions
from trialfinder.judging.stage_findings import stage_judged, tnm_judged
from trialfinder.judging.stated_causes import (
    drinker_fatty_liver,
    named_as_caused,
    unlinked_result_of,
)
from trialfinder.judging.surgery_order import asked_given, asked_order, noted_order
from trialfinder.judging.treatment_given import course_finding
from trialfinder.judging.unread_qualifiers import (
    WrittenQualifier,
    unread_qualifiers,
    written_qualifier,
)
from trialfinder.patient import (
    PatientFacts,
    disease_mentions,
    judge_cue_pattern,
    load_screening_rules,
    phrase_pattern,
    written_out,
)
from trialfinder.vocabulary import load_vocabulary

__all__ = ["entailed_finding"]


def _condition_sentences(
    constraint: ConceptMention, finding: Finding, patient: PatientFacts
) -> list[str]:
    """The note's sentences that name a condition, not denied: the finding's, the lexicon's
    facts of it and the MeSH diseases under it ("Antral adenocarcinoma" names a tumour)."""
    wanted = criterion_descriptors(constraint.concept, constraint.text)
    return [
        *([finding.evidence] if finding.evidence else []),
        *(fact.evidence for fact in patient.concept_facts(constraint.concept)[0]),
        *(
            fact.evidence
            for fact in patient.vocabulary_facts
            if not fact.negated and any(kind_of(fact.descriptor_id, w) for w in wanted)
        ),
    ]


def _states_the_words(evidence: str | None, phrase: str) -> bool:
    """Whether the note's sentence has every word the criterion puts before a condition:
    MeSH files a basal cell carcinoma under no organ, but "of the skin" says where it is."""
    return evidence is not None and all(has_word(evidence, word) for word in phrase.split())


def _past_history_only(
    criterion_text: str, constraint: ConceptMention, patient: PatientFacts
) -> str | None:
    """Why a habit asked now is unknown when the note files it only under past history
    ("past medical history notable for heavy smoking" does not say he stopped; one that
    ended was not met before this is asked); None otherwise."""
    present = patient.concept_facts(constraint.concept)[0]
    if (
        not names_a_present_habit(criterion_text, constraint)
        or not present  # "never smoker": a denial, no history at all
        or not all(f.historical and not f.current for f in present)
        or any(f.state == "ended" for f in present)  # "ex-smoker", "quit 2010": not now
    ):
        return None
    return (
        f"the note gives the patient's {habit_name(constraint)} as past history without "
        "saying it ended; the criterion asks for it now"
    )


def _unstated_qualifier(
    criterion_text: str,
    constraint: ConceptMention,
    finding: Finding,
    name: str,
    patient: PatientFacts,
    pairs: Sequence[tuple[Constraint, Finding]],
) -> str | None:
    """ "History of seizure disorders due to light", "Hypotension requiring vasopressors",
    "Intradialytic hypotension": the condition is asked only with the cause, need or setting
    the criterion writes around it (``unread_qualifiers``, trialfinder.judging.unread_qualifiers).
    Why it is unknown when the note's sentence names neither the qualifier's word nor a word
    that stands for it, nor a concept the qualifier's words name or a narrower one
    (``_names_qualifier_concept``: "CKD stage 3 due to T2DM" names "due to diabetes"): teenage
    epilepsy does not meet the first, plain hypotension neither of the others. A need the
    parse reads as treatments of the lexicon is checked against
    the patient's treatments instead (``required_treatments``), and one the context stage
    reads as a qualifier of its own ("requiring treatment") by ``qualifiers_judged``. The
    mention's place is its first outside another mention of the criterion: in "type 1
    diabetes, …, or diabetes secondary to pancreatitis" the diabetes is the second."""
    span = _own_place(criterion_text, constraint, pairs)
    if span is None:
        return None
    for qualifier in unread_qualifiers():
        if qualifier.conditions_only and constraint.category != "condition":
            continue
        if qualifier.unless_read_as_need and constraint.required_treatments:
            continue
        written = written_qualifier(qualifier, criterion_text, span)
        if written is None or (
            qualifier.unless_read_as_need and _consequence_read(criterion_text, constraint)
        ):
            continue
        if finding.evidence and (
            any(_names_undenied(finding.evidence, w) for w in written.words)
            or _names_qualifier_concept(written, finding.evidence, patient)
        ):
            continue
        return qualifier.reason.format(name=name, said=written.said, written=written.written)
    return None


def _names_undenied(text: str, word: str) -> bool:
    """Whether a note's sentence names a qualifier's word other than under a negation: "no
    vasopressors needed", "not due to light" do not state the need or the cause."""
    return any(
        "negation" not in context_at(text, *found.span())
        for found in word_pattern(word).finditer(text)
    )


def _own_place(
    criterion_text: str, constraint: ConceptMention, pairs: Sequence[tuple[Constraint, Finding]]
) -> tuple[int, int] | None:
    """Where a mention is written: its first place not inside a longer mention of another of
    the criterion's constraints, else its first place."""
    others = [
        other_span
        for other, _ in pairs
        if isinstance(other, ConceptMention) and len(other.text) > len(constraint.text)
        for other_span in mention_spans(criterion_text, other.text)
    ]
    return next(
        (
            span
            for span in mention_spans(criterion_text, constraint.text)
            if not any(start <= span[0] and span[1] <= end for start, end in others)
        ),
        mention_span(criterion_text, constraint.text),
    )


def _names_qualifier_concept(
    written: WrittenQualifier, evidence: str, patient: PatientFacts
) -> bool:
    """Whether the note's sentence names, not denied, what the qualifier's word names (a
    concept whose name begins at it) or a narrower kind, through the vocabulary rather than
    the words: the lexicon ("T2DM" is a diabetes, so "CKD stage 3 due to T2DM" says "due to
    diabetes"; "treated with radiotherapy" says "treated with radiation") or MeSH for a
    disease the lexicon lacks. A concept later in the qualifier ("due to complications of
    advanced malignancy") is not what its word asks."""
    concepts, descriptors = _qualifier_concepts(written.said, written.words[0])
    ancestors = load_lexicon().ancestors
    if any(
        fact.kind == "concept"
        and fact.concept is not None
        and fact.evidence == evidence
        and not fact.negated
        and ancestors.get(fact.concept, frozenset({fact.concept})) & concepts
        for fact in patient.facts
    ):
        return True
    return any(
        fact.evidence == evidence
        and not fact.negated
        and any(kind_of(fact.descriptor_id, descriptor) for descriptor in descriptors)
        for fact in patient.vocabulary_facts
    )


@functools.lru_cache(maxsize=4096)
def _qualifier_concepts(said: str, word: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """The lexicon's concepts and the MeSH diseases named from a qualifier's word on."""
    at = word_pattern(word).search(said)
    if at is None:
        return frozenset(), ()
    return (
        frozenset(found.concept for found in find_concepts(said) if found.start == at.start()),
        tuple(m.descriptor_id for m in disease_mentions(said) if m.start == at.start()),
    )


def _consequence_read(criterion_text: str, constraint: ConceptMention) -> bool:
    """Whether the context stage reads the criterion's need as a qualifier of its own
    ("requiring treatment": ``treatment-requiring``), which ``qualifiers_judged`` checks."""
    consequences = load_context_rules().consequences
    return any(q in consequences for q in criterion_qualifiers(criterion_text, constraint)[0])


# "… recorded within 72 hours prior to surgery": the operation after a window's length and
# "prior to" is when the window ends.
_WINDOW_BEFORE_ANCHOR = re.compile(
    r"\b(?:hours?|hrs?|days?|weeks?|months?)\s+(?:prior\s+to|before|preceding)\s+"
    r"(?:the\s+)?(?:(?:planned|scheduled|index)\s+)?$",
    re.IGNORECASE,
)


def _names_a_window_anchor(criterion_text: str, constraint: ConceptMention) -> bool:
    """Whether a procedure is only the time a window runs to ("Patients who did not have a
    preoperative serum sodium level recorded within 72 hours prior to surgery"): the
    criterion asks about what the window holds, not the operation."""
    if constraint.category != "procedure":
        return False
    span = mention_span(criterion_text, constraint.text)
    return span is not None and _WINDOW_BEFORE_ANCHOR.search(criterion_text, 0, span[0]) is not None


# "Is unable to interrupt aspirin or other NSAIDs": up to three words between the inability
# to stop and the treatment's mention (``judge_cues``).
_STOP_INABILITY_BEFORE = r"(?<![\w-])(?:{stop_inability_words:spaced})\s+(?:[\w()/-]+\s+){0,3}$"


# "more than a 6-month consecutive gap in therapy during the course of prior adjuvant ET": up
# to eight words between a gap and the treatment's mention (``treatment_gap_words``).
_GAP_BEFORE = r"(?<![\w-])(?:{treatment_gap_words:spaced})\s+(?:[\w()/-]+\s+){0,8}$"


def _asks_before_it(criterion_text: str, constraint: ConceptMention, before: str) -> bool:
    """Whether a treatment is named after the words of ``before`` (a judge cue pattern ending
    at the mention): one the patient cannot stop ("Is unable to interrupt aspirin or other
    NSAIDs", ``_STOP_INABILITY_BEFORE``) or one with a gap in its course ("a 6-month
    consecutive gap in therapy during the course of prior adjuvant ET", ``_GAP_BEFORE``):
    taking it says neither."""
    if constraint.category != "treatment":
        return False
    span = mention_span(criterion_text, constraint.text)
    return (
        span is not None
        and judge_cue_pattern(before, re.I).search(criterion_text, 0, span[0]) is not None
    )


# "Radiation planning not done in the treatment planning system", "… radiation therapy … for
# head and neck cancer not considered part of CRT": the words naming which of its courses
# count, up to sixteen words after the treatment's mention in its sentence (``judge_cues``).
_RESTRICTION_AFTER = (
    r"[^\s.;]*(?:\s+[^\s.;]+){0,16}?\s+(?:{treatment_restriction_words:spaced})(?![\w-])"
)


def _a_course_it_names(criterion_text: str, constraint: ConceptMention) -> bool:
    """Whether a treatment is asked only as given where or as the criterion says ("Radiation
    planning not done in the treatment planning system", "… not considered part of CRT"):
    the note's giving it does not say it was given so."""
    if constraint.category != "treatment":
        return False
    span = mention_span(criterion_text, constraint.text)
    return (
        span is not None
        and judge_cue_pattern(_RESTRICTION_AFTER, re.I).match(criterion_text, span[1]) is not None
    )


def _radiation_region_finding(
    criterion_text: str, constraint: ConceptMention, finding: Finding, name: str
) -> Finding | None:
    """ "Patients treated with pelvic radiation previously": radiotherapy a criterion gives a
    body region (``asked_region``) is met only by radiotherapy the note's sentence places
    there (``noted_regions``): not met by radiotherapy to another region ("breast
    radiotherapy"), unknown when the sentence names no region. None: no region asked, or
    the note's is one of them."""
    if constraint.concept != "radiotherapy":
        return None
    span = mention_span(criterion_text, constraint.text)
    asked = frozenset() if span is None else asked_region(criterion_text, *span)[0]
    # The note's shorthand written out first: "WBRT" is whole brain radiotherapy.
    noted = noted_regions(written_out(finding.evidence or ""))
    if not asked or asked & noted:
        return None
    wanted = "the criterion asks for it to the " + " or ".join(
        sorted(region.replace("_", " ") for region in asked)
    )
    if not noted:
        return Finding(
            "unknown",
            finding.evidence,
            f"{stated_words(constraint.category, name, True)}; {wanted}, and the note does not say "
            "where it was given",
        )
    given = " and ".join(sorted(region.replace("_", " ") for region in noted))
    return Finding("false", finding.evidence, f"the note gives {name} to the {given}; {wanted}")


def _surgery_order_finding(
    criterion_text: str, constraint: ConceptMention, finding: Finding, name: str
) -> Finding | None:
    """ "Chemotherapy prior to surgery", "radiotherapy after curative surgery": a treatment
    the criterion places on one side of an operation (``asked_order``) is met only on that
    side as the note's sentence places it (``noted_order``): not met on the other side,
    unknown when the sentence gives no order. None: no side asked, or the note's is it."""
    if constraint.category != "treatment":
        return None
    span = mention_span(criterion_text, constraint.text)
    placed = None if span is None else asked_order(criterion_text[span[1] :])
    asked = None if placed is None else placed[0]
    noted = noted_order(finding.evidence or "")
    if asked is None or noted == asked:
        return None
    wanted = f"the criterion asks for {name} {asked} surgery"
    if noted is None:
        return Finding(
            "unknown",
            finding.evidence,
            f"{stated_words(constraint.category, name, True)}; {wanted}, and the note does not "
            "say which side of the operation",
        )
    return Finding("false", finding.evidence, f"the note gives {name} {noted} surgery; {wanted}")


def _order_anchor_finding(
    criterion_text: str,
    constraint: ConceptMention,
    pairs: Sequence[tuple[Constraint, Finding]],
) -> Finding | None:
    """The operation an order phrase names ("chemotherapy prior to *surgery*") says where
    the treatment stands, not a second thing to have: it takes the treatment's answer, so
    an operation before adjuvant chemotherapy does not meet "chemotherapy prior to surgery"
    on its own. None: the procedure is no such operation, or the note names no such
    treatment (the operation then answers alone, as any procedure does), unless the criterion
    asks the treatment as given ("receiving chemotherapy prior to surgery", ``asked_given``):
    then the treatment's answer stands."""
    if constraint.category != "procedure":
        return None
    span = mention_span(criterion_text, constraint.text)
    for other, found in pairs:
        if not isinstance(other, ConceptMention) or other.category != "treatment":
            continue
        treated = mention_span(criterion_text, other.text)
        placed = None if treated is None else asked_order(criterion_text[treated[1] :])
        if span is None or treated is None or placed is None:
            continue
        if treated[1] <= span[0] < treated[1] + placed[1]:
            if found.truth != "true" and asked_given(criterion_text[: treated[0]]):
                # "receiving chemotherapy prior to surgery": the treatment's answer stands.
                return found
            if found.truth != "true":
                return None  # the operation alone answers as before ("salvage RT" planned)
            name = concept_name(other.text, load_lexicon().concepts.get(other.concept)).lower()
            return _surgery_order_finding(criterion_text, other, found, name) or found
    return None


def entailed_finding(
    criterion_text: str,
    constraint: ConceptMention,
    finding: Finding,
    patient: PatientFacts,
    pairs: Sequence[tuple[Constraint, Finding]],
    *,
    exclusion: bool = False,
) -> Finding:
    """A condition the patient has meets the criterion only with the qualifiers it asks for.

    Met when the note states them (one is enough when they are written as
    alternatives); not met when every one is contradicted by what the note
    states ("well-controlled" against "uncontrolled", "essential" against
    "secondary"); otherwise unknown, and the reason names what is missing.
    """
    if finding.truth != "true" or constraint.tests:
        # A test the criterion defines the condition by stands in for its qualifiers
        # ("active or chronic hepatitis B (HBsAg +ve)").
        return finding
    name = prose_name(
        concept_name(constraint.text, load_lexicon().concepts.get(constraint.concept))
    )
    counted = count_finding(criterion_text, constraint, patient, name)
    if counted is not None and counted.truth != "true":
        return counted
    course = course_finding(criterion_text, constraint, finding, patient)
    if course is not None:
        return course
    if _unread_threshold(criterion_text, constraint, pairs):
        return Finding(
            "unknown",
            finding.evidence,
            f"{stated_words(constraint.category, name, True)}; the criterion also sets a threshold "
            "the patient's facts do not state",
        )
    unread_class = _unread_class(criterion_text, constraint, pairs)
    if unread_class is not None:
        return Finding(
            "unknown",
            finding.evidence,
            f"patient has {name}; the criterion also sets a {unread_class} that could not be read",
        )
    ordered = _surgery_order_finding(
        criterion_text, constraint, finding, name
    ) or _order_anchor_finding(criterion_text, constraint, pairs)
    if ordered is not None:
        return ordered
    region = _radiation_region_finding(criterion_text, constraint, finding, name)
    if region is not None:
        return region
    if len(pairs) == 1 and _names_a_window_anchor(criterion_text, constraint):
        return Finding(
            "unknown",
            finding.evidence,
            f"{stated_words(constraint.category, name, True)}; the criterion names it as the time "
            "its window runs to, not as what it asks",
        )
    if _asks_before_it(criterion_text, constraint, _STOP_INABILITY_BEFORE):
        return Finding(
            "unknown",
            finding.evidence,
            f"{stated_words(constraint.category, name, True)}; the criterion asks whether it "
            "can be stopped, which the note does not say",
        )
    if _asks_before_it(criterion_text, constraint, _GAP_BEFORE):
        return Finding(
            "unknown",
            finding.evidence,
            f"{stated_words(constraint.category, name, True)}; the criterion asks whether its "
            "course had a gap, which the note does not say",
        )
    if _a_course_it_names(criterion_text, constraint):
        return Finding(
            "unknown",
            finding.evidence,
            f"{stated_words(constraint.category, name, True)}; the criterion asks only a course "
            "given where or as it says, which the note does not say",
        )
    unstated = (
        _past_history_only(criterion_text, constraint, patient)
        or _unstated_qualifier(criterion_text, constraint, finding, name, patient, pairs)
        or unlinked_result_of(criterion_text, constraint, finding, name)
        or drinker_fatty_liver(constraint, finding, patient, name)
        or named_as_caused(criterion_text, constraint, name)
    )
    if unstated is not None:
        return Finding("unknown", finding.evidence, unstated)
    companion = companion_finding(criterion_text, constraint, finding, patient, name, pairs)
    if companion is not None:
        return companion
    narrower = None
    if constraint.category == "condition":
        narrower = narrower_disease(constraint.concept, constraint.text)
        if exclusion and (
            narrower is None
            or (
                has_disease(patient, narrower[0])
                and (
                    constraint.concept in malignancy_concepts()
                    or _narrower_still(narrower[0], constraint, criterion_text)
                )
            )
        ):
            # An inclusion's disease is mostly the trial's own, which the note names its own
            # way ("adenocarcinoma of the pancreas"); an exclusion's site word narrows it,
            # narrows a cancer's histology the note meets ("ampullary carcinoma" of a
            # gallbladder carcinoma), and narrows a kind the note meets ("valvular heart
            # disease" of an atrial fibrillation, a heart disease).
            around = narrower_by_words_around(constraint, criterion_text)
            if around is not None and not _states_the_words(
                finding.evidence, around[1][: -len(constraint.text)]
            ):
                narrower = around
            other_kinds = other_kinds_finding(constraint, criterion_text, patient)
            if narrower is None and other_kinds is not None:
                return other_kinds
    if (
        narrower is not None
        and not has_disease(patient, narrower[0])
        and not writes_the_abbreviation(finding.evidence, constraint, narrower[1])
    ):
        sibling = sibling_finding((narrower[0],), patient, narrower[1]) or another_site_finding(
            narrower[0], finding.evidence, patient, narrower[1]
        )
        if sibling is not None:
            return sibling
        said = concept_name("", load_lexicon().concepts.get(constraint.concept)).lower()
        return Finding(
            "unknown", finding.evidence, f"the note says {said}; the criterion needs {narrower[1]}"
        )
    definition = _defining_measurement(criterion_text, constraint, pairs)
    if definition is not None:
        return Finding(
            definition.truth,
            definition.evidence or finding.evidence,
            f"patient has {name}; {definition.reason}",
        )
    staged = stage_judged(constraint, patient, name)
    if staged is not None and staged.truth == "false":
        return staged  # a stage the note contradicts fails it, whatever the qualifiers
    judged = qualifiers_judged(criterion_text, constraint, patient, finding.evidence)
    if judged is not None and judged[0] != "true":
        return Finding(judged[0], finding.evidence, judged[1])
    if staged is not None:
        if staged.truth != "true":
            return staged
        finding = staged
    categorised = tnm_judged(constraint, patient, name)
    if categorised is not None:
        if categorised.truth != "true":
            return categorised
        finding = categorised
    placed = (
        _organ_part_finding(criterion_text, constraint, finding, patient, name)
        if exclusion
        else None
    )
    if placed is not None:
        return placed
    if exclusion and _UNLISTED_EXCEPTIONS.search(criterion_text):
        return Finding(
            "unknown",
            finding.evidence,
            f"patient has {name}; the criterion has exceptions it does not list here",
        )
    needed = _unstated_requirement(constraint, patient)
    if needed is not None:
        return Finding(
            "unknown",
            finding.evidence,
            f"patient has {name}; the criterion counts it only when it needs {needed}, "
            "which the note does not say",
        )
    return finding


def _organ_part_finding(
    criterion_text: str,
    constraint: ConceptMention,
    finding: Finding,
    patient: PatientFacts,
    name: str,
) -> Finding | None:
    """The part of an organ a criterion places a condition in right after naming it ("origin
    of tumor in proximal part of stomach"), read in the note's sentences that name the
    condition: the part's words or one of its sites ("gastric cardia") leave the finding as
    it is; only a site of another part ("antral adenocarcinoma") does not meet it; neither
    leaves the part unknown (``organ_part_words``, ``organ_part_sites`` of the screening
    rules)."""
    if constraint.category != "condition":
        return None
    span = mention_span(criterion_text, constraint.text)
    if span is None:
        return None
    placed = cue_patterns()["organ_part"].match(criterion_text, span[1])
    if placed is None or _states_the_words(finding.evidence, placed.group(2)):
        return None
    part, organ = placed.group(1), placed.group(3)
    sites = load_screening_rules().organ_part_sites
    own = set(sites.get(f"{placed.group(2).lower()} {(organ or '').lower()}", ()))
    others = {
        site
        for key, named in sites.items()
        if organ and key.endswith(f" {organ.lower()}")
        for site in named
    } - own
    sentences = " ".join(_condition_sentences(constraint, finding, patient))
    said = [site for site in sorted(own) if has_word(sentences, site)]
    said_other = [site for site in sorted(others) if has_word(sentences, site)]
    if said and not said_other:
        return None
    if said_other and not said:
        return Finding(
            "false",
            finding.evidence,
            f"the note places the patient's {name} by the word {said_other[0]!r}, not in the "
            f"{part} of the {organ}",
        )
    return Finding(
        "unknown",
        finding.evidence,
        f"patient has {name}; the criterion asks for it in the {part} of the organ, which "
        "the note does not say",
    )


# "Active or prior documented autoimmune or inflammatory disorders (with exceptions)": the
# exceptions (vitiligo, hypothyroidism on replacement, …) are the protocol's, not written here.
_UNLISTED_EXCEPTIONS = re.compile(r"\(\s*with (?:some |certain )?exceptions?\s*\)", re.IGNORECASE)


def _unstated_requirement(constraint: ConceptMention, patient: PatientFacts) -> str | None:
    """The treatments a condition must have needed ("… disorders requiring chronic treatment
    with steroids or other immunosuppressive treatment") when the patient's facts name none of
    them; None when the criterion asks none or the patient has one. The judge drops such a
    treatment as a constraint of its own (``phrase_heads._depends_on_earlier``), so unchecked the
    condition alone met it: mild psoriasis against steroid-requiring autoimmune disease.
    The parse reads them once, as part of the condition (``required_treatments``)."""
    if constraint.category != "condition":
        return None
    needed = constraint.required_treatments
    if not needed or one_given(needed, patient):
        return None
    return listing(list(dict.fromkeys(t.text for t in needed)), "or")


def _narrower_still(descriptor: str, constraint: ConceptMention, criterion_text: str) -> bool:
    """Whether the words around a condition's mention name a MeSH disease narrower than the
    one its own words name: "Valvular heart disease" (NCT05699824) and "Clinically
    significant valvular heart disease" (NCT06038539) are read as heart disease, but MeSH
    files Heart Valve Diseases under Heart Diseases beside the arrhythmias, so only a valve
    disease meets them."""
    around = narrower_by_words_around(constraint, criterion_text)
    return (
        around is not None
        and around[0] != descriptor
        and load_vocabulary().is_a(around[0], descriptor)
    )


def _unread_class(
    criterion_text: str, constraint: ConceptMention, pairs: Sequence[tuple[Constraint, Finding]]
) -> str | None:
    """The class a criterion puts on its disease when no value of it was read: "Class III or
    IV congestive heart failure - New York Heart Association (NYHA)" asks for a NYHA class
    the parse missed, so heart failure alone does not meet it."""
    analytes = load_lexicon().analytes
    for implication in classes_stating(constraint.concept):
        read = any(
            isinstance(c, Measurement) and c.analyte == implication.analyte for c, _ in pairs
        )
        if not read and _analyte_words(implication.analyte).search(criterion_text):
            return analytes[implication.analyte].display_in_sentence
    return None


@functools.cache
def _analyte_words(analyte_id: str) -> re.Pattern[str]:
    return phrase_pattern(load_lexicon().analytes[analyte_id].names)


def _defining_measurement(
    criterion_text: str, constraint: ConceptMention, pairs: Sequence[tuple[Constraint, Finding]]
) -> Finding | None:
    """A value written right after a condition defines it: "Uncontrolled diabetes (HbA1c >
    10%)", "Hypertension of > 170/100 mm Hg"; so does a score's class right before it
    ("Child-Pugh class B or C cirrhosis", "NYHA class III-IV heart failure"). The patient
    has the condition as the criterion means it only when the value holds."""
    span = mention_span(criterion_text, constraint.text)
    if span is None:
        return None
    before = criterion_text[: span[0]].rstrip()
    analytes = load_lexicon().analytes
    for measured, finding in pairs:
        if (
            isinstance(measured, Measurement)
            and measured.text
            and analytes[measured.analyte].kind == "score"
            and before.endswith(measured.text)
        ):
            return finding
    clause_end = CLAUSE_END.search(criterion_text, span[1])
    after = criterion_text[span[1] : clause_end.start() if clause_end else len(criterion_text)]
    for measured, finding in pairs:
        if not isinstance(measured, Measurement) or not measured.text:
            continue
        position = after.find(measured.text)
        if position >= 0 and _DEFINITION_LINK.fullmatch(after[:position]):
            return finding
    return None


def _unread_threshold(
    criterion_text: str, constraint: ConceptMention, pairs: Sequence[tuple[Constraint, Finding]]
) -> bool:
    """ "Hypertension of > 170/100 mm Hg" with no analyte named: a threshold qualifies the
    condition, but no measurement was read for it."""
    span = mention_span(criterion_text, constraint.text)
    if span is None:
        return False
    clause_end = CLAUSE_END.search(criterion_text, span[1])
    after = criterion_text[span[1] : clause_end.start() if clause_end else len(criterion_text)]
    for stage in (c.stage for c, _ in pairs if isinstance(c, ConceptMention) and c.stage):
        after = after.replace(stage.text, " " * len(stage.text))  # "grade ≥2": a grade, read
    if (definition := habit_definition(criterion_text)) is not None:
        # "Has never smoked, defined as smoking <100 cigarettes in a lifetime": who never smoked
        start, end = max(definition[0] - span[1], 0), max(definition[1] - span[1], 0)
        after = after[:start] + " " * (min(end, len(after)) - start) + after[end:]
    if constraint.category == "treatment" and (dose := criterion_dose_per_weight(after)):
        after = after.replace(dose.text, " " * len(dose.text))  # worked out from the note
    threshold = _THRESHOLD.search(after)
    if threshold is None:
        return False
    read = [c.text for c, _ in pairs if isinstance(c, Measurement)]
    read += [c.window.text for c, _ in pairs if isinstance(c, ConceptMention) and c.window]
    # A window's text is lowercase ("≤ 28 days from cycle 1 day 1"); the criterion's is not.
    rest = after[threshold.start() :].lower()
    return not any(text and text.lower() in rest for text in read)


_THRESHOLD = re.compile(
    r"(?:[<>≤≥]=?|\b(?:greater|more|less|higher|lower) than|\bat least|\bover|\babove|\bbelow)"
    r"\s*\d",
    re.IGNORECASE,
)


_DEFINITION_LINK = re.compile(
    r"[\s(:,]*(?:(?:of|with|consistent with|defined as|as|i\.e\.|and|or|a|an|the|"
    r"[\w-]+ (?:level|value)s?)\s*)*"
    r"(?:[A-Za-z0-9-]+\s*){0,3}[\s(:,]*",
    re.IGNORECASE,
)
