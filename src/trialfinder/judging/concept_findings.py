"""One concept a criterion names (a condition, a treatment, a procedure, a habit) against
the patient's facts on it: present or denied, current or ended, dosed, dated, let off by
an exception, a drug listed or given for another indication, a procedure's site, an
allergen, another cancer than the trial's.

``concept_finding`` is the reader; it asks the narrower readers beside it
(``time_windows``, ``let_off``, ``disease_kinds``, ``qualifiers``) and answers a
``Finding``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import msgspec

from trialfinder.criteria.disease_drugs import drug_class
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention, Constraint, TimeWindow, comparison_holds
from trialfinder.criteria.parse import words_left_unread
from trialfinder.criteria.units import format_number
from trialfinder.disease_relations import load_disease_relations
from trialfinder.drug_dose import DoseAsk, criterion_dose_per_weight, note_daily_dose
from trialfinder.drug_route import criterion_route, note_route, route_given
from trialfinder.indication import Indication, another_indication, criterion_indication
from trialfinder.judging.allergy_scope import allergen_kinds_not_denied, of_a_named_kind
from trialfinder.judging.broad_illness import every_illness_denied_finding
from trialfinder.judging.concept_names import concept_name
from trialfinder.judging.criterion_words import (
    clause_start,
    criterion_descriptors,
    criterion_patterns,
    denies_only_others,
    has_word,
    malignancy_concepts,
    mention_span,
    qualifier_words,
    stated_words,
)
from trialfinder.judging.disease_kinds import (
    broader_condition_finding,
    broader_procedure_finding,
    class_finding,
    concept_sibling_finding,
    denies_only_now,
    has_disease,
    names_another_disease,
    of_the_kind_named,
    on_the_sites_asked,
    sibling_finding,
    site_named_before,
    vocabulary_finding,
)
from trialfinder.judging.findings import Finding, Truth
from trialfinder.judging.let_off import (
    a_previous_one_denied,
    asks_for_another_cancer,
    let_off_after,
    names_another_cancer,
    not_excepted,
    without_spread,
)
from trialfinder.judging.measurements import ejection_fraction_finding
from trialfinder.judging.named_drugs import other_members_only
from trialfinder.judging.organ_function import normal_function_finding
from trialfinder.judging.qualifiers import qualifiers_judged
from trialfinder.judging.remission import no_evidence_now
from trialfinder.judging.serology import antibody_reading
from trialfinder.judging.surgery_order import asked_order
from trialfinder.judging.taken_allergens import taken_allergen
from trialfinder.judging.time_windows import (
    asks_about_onset,
    counts_a_washout,
    event_anchored_finding,
    inside_the_window,
    taken_for,
    washout_finding,
    window_finding,
)
from trialfinder.judging.treatment_given import denied_course_finding, other_intent
from trialfinder.judging.unread_concepts import leftover_finding
from trialfinder.judging.written_benign import calls_concept_benign
from trialfinder.operations import asks_of_an_operation_done, excepted_operations, operation_at_site
from trialfinder.patient import (
    DAYS_PER_UNIT,
    Fact,
    PatientFacts,
    current_words,
    denies_all_medication,
    is_a,
    judge_cue_pattern,
    load_screening_rules,
    phrase_pattern,
    screening_phrase,
)
from trialfinder.phrases import phrase_alternation
from trialfinder.refractory import asks_refractory, states_refractory
from trialfinder.vocabulary import load_vocabulary

__all__ = [
    "CLAUSE_END",
    "WORD_BEFORE",
    "concept_finding",
    "current_or_past_spans",
    "habit_name",
    "names_a_present_habit",
    "unread_word",
]


@functools.lru_cache(maxsize=65_536)
def _mention_name(text: str, concept_id: str) -> str:
    """:func:`concept_name` of a criterion's mention, by the lexicon's concept id: the same
    for every patient screened against the criterion, so worked out once (a cohort screen asks
    it for each patient and each concept mention)."""
    return concept_name(text, load_lexicon().concepts.get(concept_id))


def _dose_after(criterion_text: str, concept_text: str) -> DoseAsk | None:
    """The dose per kilogram a day the criterion writes after the drug, in its clause."""
    span = mention_span(criterion_text, concept_text)
    if span is None:
        return None
    clause_end = CLAUSE_END.search(criterion_text, span[1])
    return criterion_dose_per_weight(
        criterion_text[span[1] : clause_end.start() if clause_end else len(criterion_text)]
    )


def _own_routes(
    fact: Fact, present: Sequence[Fact], told: tuple[tuple[str, str] | None, ...]
) -> tuple[tuple[str, str] | None, ...]:
    """The route of this fact's own drug when its sentence gives one fact a drug ("doxycycline
    40 mg stopped 5 October; metronidazole 0.75% gel stopped 12 November": the gel is the
    second's), else every route the sentence tells of the family's drugs."""
    same = [f for f in present if f.evidence == fact.evidence]
    if len(same) != len(told) or len(told) < 2:
        return told
    return (told[next(i for i, f in enumerate(same) if f is fact)],)


def _dose_per_weight_finding(
    constraint: ConceptMention,
    present: Sequence[Fact],
    patient: PatientFacts,
    criterion_text: str,
    name: str,
) -> Finding | None:
    """ "Prednisone ≥ 0.5 mg/kg/day", "insulin > 1 U/kg/day": the note's daily dose of the
    drug over its weight (``trialfinder.drug_dose``); None when the criterion asks no dose
    per weight, or the dose meets it (the rest of the criterion is judged as before)."""
    asked = _dose_after(criterion_text, constraint.text)
    if asked is None:
        return None
    evidence = present[0].evidence
    if asked.comparator == "=":
        return Finding(
            "unknown",
            evidence,
            f"the patient is on {name}; the criterion's dose ({asked.text}) says no more or less",
        )
    concept = load_lexicon().concepts.get(constraint.concept)
    # Any insulin is dosed in units; another family's members are not one dose apart
    # (dexamethasone against "prednisone ≥ 0.5 mg/kg/day" needs an equivalence table).
    lexicon = load_lexicon().concepts
    names = (
        [n for f in present for n in getattr(lexicon.get(f.concept or ""), "names", [])]
        if asked.unit == "IU"
        else []
    )
    # The drug the dose is counted in may follow it ("steroids less than 0.5 mg/kg/day
    # prednisone"): the criterion's own drug, or the one after its dose.
    named = [constraint.text.lower()] + [
        word for word in asked.drug_after if concept is not None and word in concept.names
    ]
    for drug in named:
        names += [drug, *_SAME_DOSE_DRUGS.get(drug, [])]
    weights = [f.measurement for f in patient.measurement_facts("body_weight") if f.measurement]
    doses = [note_daily_dose(f.evidence or "", names, asked.unit) for f in present]
    if any(d is None for d in doses):
        return Finding(
            "unknown",
            evidence,
            f"the patient is on {name}; the note gives no daily dose of {' or '.join(named)} "
            f"to work out per kg (the criterion asks {asked.text})",
        )
    if not weights or weights[0].canonical_value is None:
        return Finding(
            "unknown",
            evidence,
            f"the patient is on {name}; the note does not give the patient's weight "
            f"(the criterion asks {asked.text})",
        )
    kilograms = weights[0].canonical_value
    per_kg = [d.per_day / kilograms for d in doses if d is not None]
    unit = "U" if asked.unit == "IU" else asked.unit
    worked = ", ".join(
        f"{d.text} over {format_number(kilograms)} kg is {format_number(round(p, 2))} {unit}/kg/day"
        for d, p in zip(doses, per_kg, strict=True)
        if d is not None
    )
    if any(comparison_holds(p, asked.comparator, asked.value, None) for p in per_kg):
        return None
    return Finding("false", evidence, f"{worked}; the criterion asks {asked.text}")


# Drugs given milligram for milligram (prednisone and prednisolone: BNF, "Glucocorticoid
# therapy", equivalent anti-inflammatory doses 5 mg = 5 mg).
_SAME_DOSE_DRUGS = {"prednisone": ["prednisolone"], "prednisolone": ["prednisone"]}


def concept_finding(
    constraint: ConceptMention, patient: PatientFacts, criterion_text: str = ""
) -> Finding:
    name = _mention_name(constraint.text, constraint.concept)
    if _asked_as_a_need_to_come(constraint, criterion_text):
        return Finding(
            "unknown", None, f"the criterion asks whether {name} will be needed during the study"
        )
    present, absent = on_the_sites_asked(
        constraint, criterion_text, *patient.concept_facts(constraint.concept)
    )
    present, sibling = other_members_only(constraint, present, criterion_text)
    if sibling is not None and not present and not absent:
        return _medication_list_finding(constraint, patient, name, criterion_text) or Finding(
            "unknown",
            sibling[0].evidence,
            f"the note names {sibling[1]}, another drug of its class; the criterion asks {name}",
        )
    if present and counts_a_washout(constraint, criterion_text):
        return washout_finding(constraint, present, name)
    excepted: Finding | None = None
    if present and constraint.concept in malignancy_concepts():
        present = without_spread(constraint, present, patient, criterion_text)
    if present and constraint.concept in malignancy_concepts():
        present, excepted = not_excepted(constraint, present, patient, criterion_text)
    gone = no_evidence_now(constraint, criterion_text, patient) if present else None
    if gone is not None:
        return gone
    denied_before = a_previous_one_denied(constraint, present, absent, criterion_text)
    if denied_before is not None:
        reason = "the patient's cancer is the one they have now; the note says no previous one"
        return _as_asked(constraint, name, Finding("false", denied_before.evidence, reason))
    if present and asks_for_another_cancer(constraint, patient, criterion_text):
        return _as_asked(constraint, name, _another_cancer_finding(absent))
    if not present and names_another_cancer(criterion_text, constraint):
        # "Patients with second malignancy" against "No other cancer", the note's own cancer
        # read by MeSH alone or set aside as the trial's: the denial of any other answers it.
        none_other = _another_cancer_finding(absent)
        if none_other.truth == "false":
            return _as_asked(constraint, name, none_other)
    absent = [
        f
        for f in absent
        if not _denies_only_others(f, patient, constraint.concept)
        and not denies_only_now(
            f.current, f.evidence, f.concept == constraint.concept, constraint, criterion_text
        )
    ]
    if present and any(f.operations for f in present):
        # A named operation answers a criterion asking of a past surgery, not one
        # naming surgery in passing ("bleeding precipitated by surgery", "at the end of
        # surgery", "planned for breast cancer surgery"); "Note: Appendectomy is allowed":
        # the note's appendicectomy does not meet it.
        span = mention_span(criterion_text, constraint.text)
        # Asked of a past surgery: a window on it ("major surgery within 4 weeks") or a
        # site its MeSH branch answers ("previous history of upper gastrointestinal
        # surgery"); "prior surgery … for any HNC" asks of a purpose no branch tells.
        done_asked = (
            (
                constraint.window is not None
                or (constraint.historical and _procedure_site(constraint, criterion_text))
            )
            and span is not None
            and asks_of_an_operation_done(criterion_text, *span)
        )
        allowed = excepted_operations(criterion_text)
        kept = [
            f
            for f in present
            if not f.operations or (done_asked and not set(f.operations) <= allowed)
        ]
        if not kept and not absent:
            why = (
                f"the criterion allows the operation the note names for {name}"
                if done_asked
                else f"the note names an operation; the criterion does not ask of a past {name}"
            )
            return Finding("unknown", present[0].evidence, why)
        present = kept
    site = _procedure_site(constraint, criterion_text)
    if site is not None and present:
        # The site itself, or a body part the criterion lists ("major surgery of limbs
        # (amputation, hip surgeries)"), must be in the note's sentence.
        sites = {site, *_body_part_words(criterion_text)}
        # A named operation is a surgery of its own site ("Billroth II partial gastrectomy"
        # is upper gastrointestinal surgery): its MeSH branch answers (``operations``).
        present = [
            f
            for f in present
            if any(has_word(f.evidence, w) for w in sites)
            or operation_at_site(f.operations, site, criterion_text, f.evidence)
        ]
        if not present and not absent:
            return Finding(
                "unknown", None, f"the note says {name}, not {site} {name} as the criterion asks"
            )
    at_site = site_named_before(constraint, criterion_text)
    if at_site and present:
        present = [
            f
            for f in present
            if set(f.sites) & set(at_site) or any(has_word(f.evidence, s) for s in at_site)
        ]
        if not present and not absent:
            return Finding(
                "unknown",
                None,
                f"the note says {name}, not the {' or '.join(at_site)} one the criterion asks",
            )
    elif present and names_another_disease(constraint, criterion_text):
        present = [
            f
            for f in present
            if f.concept is not None and of_the_kind_named(f.concept, constraint, criterion_text)
        ]
    allergen = _allergen(constraint, criterion_text)
    if allergen is not None and not absent:
        named = [f for f in present if _names_the_allergen(f.evidence, allergen[1])]
        taken = None if named else taken_allergen(allergen[0], patient)
        if taken is not None:
            return Finding(
                "false",
                taken.evidence,
                f"the patient takes {allergen[0]} now (the criterion asks an allergy to it)",
            )
    if allergen is not None and present:
        present = [
            f
            for f in present
            if _names_the_allergen(f.evidence, allergen[1])
            or of_a_named_kind(_allergy_clause(f.evidence), allergen[0])
        ]
        if not present and not absent:
            return Finding("unknown", None, f"the note names no allergy to {allergen[0]}")
    if allergen is not None and absent and not present:
        kinds, left = allergen_kinds_not_denied(allergen[0], [f.evidence for f in absent])
        if left:
            return Finding(
                "unknown",
                absent[0].evidence,
                f"the note denies {' and '.join(kinds)} allergies, not an allergy to "
                f"{allergen[0]} ({' or '.join(left)})",
            )
    if present and constraint.concept in malignancy_concepts():
        # "a benign tumour of the adrenal": the lexicon's tumour, but no malignancy.
        relations = load_disease_relations()
        if not relations.neutral_about_malignancy(constraint.text):
            present = [f for f in present if not calls_concept_benign(f)]
    if (
        present
        and constraint.category == "treatment"
        and asks_refractory(criterion_text, constraint.text)
    ):
        present = [f for f in present if _states_refractory(f)]
        if not present:
            return Finding(
                "unknown",
                None,
                f"the note names {name} but not that the disease progressed on it "
                "(the criterion asks it refractory)",
            )
    if present and constraint.category == "treatment":
        wanted = criterion_indication(criterion_text, constraint.text)
        kept = [f for f in present if not _given_for_another(f, wanted)]
        other = present[0].indication
        if not kept and other is not None and wanted is not None:
            return Finding(
                "unknown",
                present[0].evidence,
                f"the note gives {other.treatment} for {other.words}; "
                f"the criterion asks for it for {wanted.words}",
            )
        present = kept
    if present and (asked := criterion_route(constraint.concept, criterion_text, constraint.text)):
        # "systemic corticosteroids": hydrocortisone cream is not one (``trialfinder.drug_route``).
        routes = [
            (f, _own_routes(f, present, note_route(constraint.concept, f.evidence)))
            for f in present
        ]
        kept = [
            f for f, told in routes if any(r is not None and route_given(asked, r[0]) for r in told)
        ]
        if not kept:
            told = next(((f, r) for f, rs in routes for r in rs if r is not None), None)
            if told is None:
                return Finding(
                    "unknown",
                    present[0].evidence,
                    f"the note does not say the route of the {name}; the criterion asks "
                    f"for {' or '.join(sorted(asked))} {name}",
                )
            return Finding(
                "unknown",
                told[0].evidence,
                f"the note gives the {name} as {told[1][0]} ({told[1][1]}); the criterion "
                f"asks for {' or '.join(sorted(asked))} {name}",
            )
        present = kept
    if present and constraint.category == "treatment":
        dosed = _dose_per_weight_finding(constraint, present, patient, criterion_text, name)
        if dosed is not None:
            return dosed
    if present and constraint.window is None:
        constraint = _with_list_window(constraint, criterion_text)
    antibody = antibody_reading(constraint.concept, criterion_text, present, absent, patient.facts)
    if antibody is not None:
        # An infection's antibody is read apart from the infection (``judging.serology``).
        finding = Finding(antibody.truth, antibody.evidence, antibody.reason)
    elif excepted is not None:
        finding = excepted
    elif present:
        fact = present[0]
        if (intent := other_intent(criterion_text, constraint, present)) is not None:
            finding = Finding("false", fact.evidence, intent)
        elif (
            anchored := event_anchored_finding(constraint, fact, name, criterion_text)
        ) is not None:
            finding = anchored
        elif constraint.window is not None:
            # The mention that dates how long a treatment has been taken, if one does.
            timed, lasting = next(
                (
                    (f, c)
                    for f in present
                    if (c := taken_for(constraint, f, criterion_text)) is not constraint
                ),
                (fact, constraint),
            )
            finding = window_finding(lasting, timed, name, asks_about_onset(criterion_text))
            if finding.truth != "true" and lasting.window is not None:
                finding = inside_the_window(lasting, present, name, criterion_text, finding)
            qualified = qualifiers_judged(criterion_text, constraint, patient)
            if finding.truth == "unknown" and qualified is not None and qualified[0] == "false":
                # "refractory ascites within 1 month": controlled ascites is none, whenever.
                finding = Finding("false", fact.evidence, qualified[1])
        elif (
            names_a_present_habit(criterion_text, constraint)
            and all(f.historical and not f.current for f in present)
            and (ended := _ended_habit(present)) is not None
        ):
            finding = Finding(
                "false",
                ended.evidence,
                f"the patient's {habit_name(constraint)} has ended; the criterion asks for it now",
            )
        elif (
            not constraint.historical
            and is_a(constraint.concept, "infection")
            and (cured := _cured(present)) is not None
        ):
            # A cured hepatitis C is no hepatitis C now; it rules out no other infection.
            finding = (
                Finding(
                    "unknown",
                    cured.evidence,
                    "the patient's infection is cured; the note names no other",
                )
                if constraint.concept == "infection"
                else Finding(
                    "false",
                    cured.evidence,
                    f"the patient's {name} is cured; the criterion asks for the infection",
                )
            )
        elif _asked_as_a_present_need(constraint, criterion_text) and _none_there_now(present):
            # "Visceral crisis in need of cytotoxic chemotherapy": a past course says nothing
            # of a need now; a denial of the treatment now still answers.
            finding = (
                Finding("false", absent[0].evidence, stated_words(constraint.category, name, False))
                if absent
                else Finding(
                    "unknown",
                    fact.evidence,
                    f"the patient's {name} is past; the criterion asks whether it is needed now",
                )
            )
        elif _asks_current(criterion_text, constraint) and _none_there_now(present):
            finding = Finding(
                "false",
                fact.evidence,
                f"the patient's {name} is past; the criterion asks for it now",
            )
        else:
            past = all(f.historical and not f.current for f in present)
            finding = Finding(
                "true",
                fact.evidence,
                stated_words(constraint.category, name, True, past=past)
                + _as_its_class(fact, constraint),
            )
    elif absent and _capped(constraint, criterion_text):
        finding = Finding(
            "true", absent[0].evidence, f"the note denies {name}, within the criterion's maximum"
        )
    elif absent:
        finding = Finding(
            "false", absent[0].evidence, stated_words(constraint.category, name, False)
        )
    else:
        finding = (
            ejection_fraction_finding(constraint, patient, name)
            or class_finding(constraint, patient, name)
            or concept_sibling_finding(constraint, patient, name)
            or leftover_finding(constraint, patient, name, criterion_text)
            or vocabulary_finding(constraint, patient, name, criterion_text)
            or sibling_finding(
                criterion_descriptors(constraint.concept, constraint.text), patient, name
            )
            or _medication_list_finding(constraint, patient, name, criterion_text)
            or broader_procedure_finding(constraint, patient, name)
            or broader_condition_finding(constraint, patient, name)
            or normal_function_finding(constraint, patient, name, criterion_text)
            or every_illness_denied_finding(constraint, patient, name)
            or Finding("unknown", None, _unstated(constraint.category, name))
        )
        if finding.truth == "true" and asks_for_another_cancer(constraint, patient, criterion_text):
            # The note's one cancer, read by MeSH alone ("pancreatic ductal adenocarcinoma"),
            # is the one the patient is considered for, as one the lexicon reads is.
            finding = _another_cancer_finding(absent)
    let_off = let_off_after(constraint, criterion_text, finding)
    if let_off is not None:
        finding = Finding(
            "false",
            finding.evidence,
            f"the patient's {name} is {let_off}, which the criterion lets off",
        )
    lacking = _without_after(constraint, criterion_text) if finding.truth == "true" else None
    if lacking is not None and has_disease(patient, lacking[0]):
        finding = Finding(
            "false", finding.evidence, f"the criterion asks for {name} without {lacking[1]}"
        )
    if constraint.negated:
        # "No prior chemotherapy … for metastatic disease": asked of the course's setting.
        denied = denied_course_finding(criterion_text, constraint, finding, patient)
        if denied is not None:
            return denied
    return _as_asked(constraint, name, finding)


def _as_asked(constraint: ConceptMention, name: str, finding: Finding) -> Finding:
    """The finding of the concept as the criterion asks it: of its absence when negated ("No
    other site of malignancy")."""
    if constraint.negated and finding.truth != "unknown":
        flipped: Truth = "false" if finding.truth == "true" else "true"
        return Finding(flipped, finding.evidence, f"criterion requires no {name}: {finding.reason}")
    return finding


def _given_for_another(fact: Fact, wanted: Indication | None) -> bool:
    """Whether the note gives the drug for another indication than the criterion asks it
    for ("methadone for chronic pain" against "methadone for treatment of opioid use
    disorder"): then the drug alone does not say the criterion is met or failed. The same
    indication, a narrower one, or none stated keeps the drug's own answer."""
    return (
        wanted is not None
        and fact.indication is not None
        and another_indication(fact.indication, wanted)
    )


def _as_its_class(fact: Fact, constraint: ConceptMention) -> str:
    """Why the note's drug is the criterion's "Parkinson's drug": ": levodopa is an
    antiparkinson agent", for a family a disease's drugs are read as (``disease_drugs.json``);
    else nothing, as the criterion's own name for the drug already says it."""
    if constraint.category != "treatment" or fact.concept in (None, constraint.concept):
        return ""
    kind = drug_class(constraint.concept)
    drug = load_lexicon().concepts.get(fact.concept or "")
    if kind is None or drug is None or not drug.names:
        return ""
    return f": {drug.names[0]} is {kind}"


def _medication_list_finding(
    constraint: ConceptMention, patient: PatientFacts, name: str, criterion_text: str
) -> Finding | None:
    """Not met when the note's complete medication list leaves out a drug asked for now.

    A coordinator reads "Medications: levothyroxine, alendronate" or "no regular
    medication" as all the patient takes: "Current use of a serotonergic antidepressant"
    is then not met. Only for drugs of ``medication_list_families`` (drugs a medication
    list names; radiotherapy or a transfusion is not on one), only when the criterion asks
    about now with no window or history (a current list says nothing of the past).
    """
    evidence = patient.medication_list_evidence
    if (
        not evidence
        or constraint.category != "treatment"
        or constraint.window is not None
        or constraint.historical
    ):
        return None
    lexicon = load_lexicon()
    ancestors = lexicon.ancestors.get(constraint.concept, frozenset({constraint.concept}))
    if denies_all_medication(evidence):
        # No medication at all: every drug asked about now is denied, not only the families
        # a list is read against ("concomitant use of neuroleptics, atropine, antibiotics").
        if ancestors & set(lexicon.cues.medication_denial_not_drugs) or not (
            _asks_current(criterion_text, constraint)
            or _asks_current_drug(criterion_text, constraint)
        ):
            return None
        return Finding("false", evidence, f"the note's medication list does not name {name}")
    if not _asks_current(criterion_text, constraint):
        return None
    families = lexicon.cues.medication_list_families
    if not any(family in ancestors for family in families):
        return None
    return Finding("false", evidence, f"the note's medication list does not name {name}")


def _asked_as_a_need_to_come(constraint: ConceptMention, criterion_text: str) -> bool:
    """ "expected to require any other form of antineoplastic therapy or targeted therapy while
    on study", "may require beta blockers during the study": a treatment named after a cue of a
    need to come (``criterion_future_need_cues``) within its clause and ten words is asked of
    the study's time, which no treatment the note gives or denies settles."""
    return _treatment_after_cue(constraint, criterion_text, "criterion_future_need_cues", 10)


def _asked_as_a_present_need(constraint: ConceptMention, criterion_text: str) -> bool:
    """ "Visceral crisis in need of cytotoxic chemotherapy" (NCT05696626), "Patients requiring
    radiotherapy after curative surgery": a treatment named right after a cue of a need now
    (``criterion_present_need_cues``, at most three words between, in its clause) is asked as
    a need the patient has now, which a course given in the past does not show. Not when the
    criterion dates the mention to the past ("History of pneumonitis requiring steroids")."""
    return not constraint.historical and _treatment_after_cue(
        constraint, criterion_text, "criterion_present_need_cues", 3
    )


def _treatment_after_cue(
    constraint: ConceptMention, criterion_text: str, cues_field: str, reach: int
) -> bool:
    """Whether a treatment mention comes after a cue of ``cues_field`` in its clause, at most
    ``reach`` words between."""
    if constraint.category != "treatment" or not criterion_text:
        return False
    span = mention_span(criterion_text, constraint.text)
    if span is None:
        return False
    start = clause_start(criterion_text, span[0])
    cues = list(screening_phrase(cues_field).finditer(criterion_text, start, span[0]))
    return bool(cues) and len(criterion_text[cues[-1].end() : span[0]].split()) <= reach


def _asks_current_drug(criterion_text: str, constraint: ConceptMention) -> bool:
    """Whether a drug criterion asks about now in a drug's own words ("concomitant use of
    neuroleptics", "on a stable dose of metformin": ``medication_current_cues``) anywhere
    before the drug in its sentence: a list of drugs ("concomitant use of neuroleptics,
    atropine, …, antibiotics") is asked about now as a whole."""
    span = mention_span(criterion_text, constraint.text)
    if span is None:
        return False
    before = re.split(r"[.;:]\s", criterion_text[: span[0]])[-1].lower()
    return _medication_current_cues().search(before) is not None


@functools.cache
def _medication_current_cues() -> re.Pattern[str]:
    return phrase_pattern(load_lexicon().cues.medication_current_cues)


def _states_refractory(fact: Fact) -> bool:
    """Whether the note's sentence says the disease progressed on the drug of ``fact``."""
    concept = load_lexicon().concepts.get(fact.concept or "")
    if concept is None:
        return False
    return states_refractory(fact.evidence, [*concept.names, *concept.acronyms])


def _denies_only_others(fact: Fact, patient: PatientFacts, asked: str) -> bool:
    """ "Invasive ductal carcinoma of the breast … No other cancer": the denial is of cancers
    besides the one named, so it denies no narrower cancer when the patient has a cancer,
    read by the lexicon or by MeSH alone ("Adenocarcinoma of the gastric body"). Nor, when
    the judge has set the trial's own cancer aside, the spread of that one
    (``spread_concepts``: "Have central nervous system metastases", NCT05705505; "brain
    metastases", NCT05687266), which is no other cancer."""
    return (
        fact.concept is not None
        and denies_only_others(fact.evidence, cancer=fact.concept in malignancy_concepts())
        and (
            bool(patient.concept_facts(fact.concept)[0])
            or any(has_disease(patient, d) for d in criterion_descriptors(fact.concept, ""))
            or (patient.own_cancer_set_aside and asked in load_screening_rules().spread_concepts)
        )
    )


def _without_after(constraint: ConceptMention, criterion_text: str) -> tuple[str, str] | None:
    """ "systemic sclerosis sine scleroderma": the MeSH disease the condition must be without
    (a patient whose disease is one of it does not have the condition asked for)."""
    span = mention_span(criterion_text, constraint.text) if criterion_text else None
    without = _WITHOUT_AFTER.match(criterion_text, span[1]) if span is not None else None
    if without is None:
        return None
    words = without.group(1).split()
    for count in range(len(words), 0, -1):
        phrase = " ".join(words[:count])
        readings = load_vocabulary().lookup(phrase)
        if readings and readings[0].kind not in ("abbreviation", "spelling"):
            return readings[0].concept.id, phrase
    return None


_WITHOUT_AFTER = re.compile(
    r"\s+(?:sine|without)\s+([^\W\d_][\w'-]*(?:\s+[^\W\d_][\w'-]*){0,2})", re.IGNORECASE
)


def _with_list_window(constraint: ConceptMention, criterion_text: str) -> ConceptMention:
    """ "Any of the following within 6 months before first dose: stroke, myocardial
    infarction, …": a window written once before a list's colon reaches every item after it."""
    heading = _LIST_WINDOW.search(criterion_text)
    span = mention_span(criterion_text, constraint.text)
    if heading is None or span is None or span[0] < heading.end():
        return constraint
    days = float(heading.group(1)) * DAYS_PER_UNIT[heading.group(2).lower()]
    window = TimeWindow("recency", "<=", days, heading.group(0).split(":")[0].strip())
    return msgspec.structs.replace(constraint, window=window)


_LIST_WINDOW = re.compile(
    r"\bwithin\s+(?:the\s+)?(?:last\s+|past\s+|previous\s+)?(\d{1,3})\s+(day|week|month|year)s?\b"
    r"[^:;.\n]{0,80}:",
    re.IGNORECASE,
)


def _capped(constraint: ConceptMention, criterion_text: str) -> bool:
    """ "a maximum smoking history of 5 pack-years": a habit the criterion caps, which a
    patient who never had it is within."""
    if constraint.category != "behaviour" or not criterion_text:
        return False
    span = mention_span(criterion_text, constraint.text)
    if span is None:
        return False
    near = _FEW_WORDS_BEFORE.search(criterion_text, clause_start(criterion_text, span[0]), span[0])
    return near is not None and criterion_patterns().cap.search(near.group()) is not None


_FEW_WORDS_BEFORE = re.compile(r"(?:\S+\s+){1,5}$")


def _another_cancer_finding(absent: Sequence[Fact]) -> Finding:
    denial = next((f for f in absent if denies_only_others(f.evidence, cancer=True)), None)
    if denial is not None:
        return Finding("false", denial.evidence, "the note says the patient has no other cancer")
    return Finding(
        "unknown",
        None,
        "the patient's cancer is the one they are considered for; the note names no other",
    )


def _unstated(category: str, name: str) -> str:
    if category in ("treatment", "procedure", "behaviour"):
        return f"the note does not mention {name}"
    return f"no information about {name}"


_SITE_AFTER = re.compile(
    r"^\s+(?:to|of|on|in)\s+(?:(?:the|their|his|her|a|an)\s+)?([^\W\d_][\w'-]*)"
    r"(?:\s+([^\W\d_][\w'-]*))?"
)


def _procedure_site(constraint: ConceptMention, criterion_text: str) -> str | None:
    """The body site a criterion puts on a procedure: "prostate surgery", "corneal
    surgery", "surgery to the speech apparatus".

    A procedure is always done somewhere: a note's hip replacement is surgery, but not
    the prostate surgery a criterion asks about. The site is the word right before the
    mention or after "to / of / on (the)" (past a qualifier: "of their primary breast
    tumor") when MeSH reads it as anatomy or nothing reads it at all; words of manner or
    time ("major", "elective", "recent": ``procedure_manner_words``) name no site.
    """
    if constraint.category != "procedure" or not criterion_text:
        return None
    span = mention_span(criterion_text, constraint.text)
    if span is None:
        return None
    manner = _procedure_manner_words()
    before = WORD_BEFORE.search(criterion_text[: span[0]])
    after = _SITE_AFTER.search(criterion_text[span[1] :])
    words = [before.group(1)] if before is not None else []
    if after is not None:
        # "surgery of their primary breast tumor": a qualifier before the site is skipped
        first, second = after.group(1), after.group(2)
        words.append(second if second and first.lower() in qualifier_words() else first)
    for word in words:
        lowered = word.lower()
        if lowered not in manner and (unread_word(lowered) or _names_body_part(lowered)):
            return lowered
    return None


@functools.lru_cache(maxsize=4096)
def _body_part_words(text: str) -> tuple[str, ...]:
    """The words of a criterion MeSH reads as anatomy ("hip", "limbs" is not: plural)."""
    words = {w.lower() for w in re.findall(r"[^\W\d_][\w'-]+", text)}
    return tuple(sorted(w for w in words if _names_body_part(w)))


@functools.lru_cache(maxsize=4096)
def _names_body_part(word: str) -> bool:
    """Whether MeSH reads the word as anatomy (tree A): "breast", "hip", "prostate"."""
    readings = load_vocabulary().lookup(word)
    return bool(readings) and any(n.startswith("A") for n in readings[0].concept.tree_numbers)


# "hypersensitivity to X", "hypersensitivity or anaphylaxis to X" (the allergen is shared),
# "allergic reactions to X", and "allergies, hypersensitivity, or intolerance to X" (the
# kinds of reaction ``allergy_kind_words`` of ``denied_rest`` written before one object).
@functools.cache
def _allergen_after() -> re.Pattern[str]:
    rules = load_screening_rules().denied_rest
    kinds = phrase_alternation(rules.allergy_kind_words) if rules is not None else "reactions?"
    return re.compile(
        r"^(?:\s+reactions?)?(?:\s*,?\s+(?:(?:or|and|and/or)\s+)?(?:"
        + kinds
        + r"))*(?:\s+(?:or|and|and/or)\s+[\w-]+(?:\s+reactions?)?)?\s+(?:to|against)\s+"
        r"([^.;:(]*)",
        re.IGNORECASE,
    )


def _allergen(constraint: ConceptMention, criterion_text: str) -> tuple[str, list[str]] | None:
    """What an allergy criterion is an allergy to, and the words that name it.

    "Known hypersensitivity to any of the study medications": allergic rhinitis, or an
    allergy to penicillin, is an allergy but not to the study drug. None when the
    criterion names no allergen (then any allergy counts).
    """
    rules = load_screening_rules()
    if constraint.concept not in rules.allergy_concepts or not criterion_text:
        return None
    span = mention_span(criterion_text, constraint.text)
    if span is None:
        return None
    found = _allergen_after().search(criterion_text[span[1] :])
    if found is None:
        return None
    phrase = found.group(1).strip(" ,")
    generic = _allergen_generic_words()
    words = [w for w in re.findall(r"[^\W\d_][\w-]{2,}", phrase.lower()) if w not in generic]
    return phrase, words


def _names_the_allergen(evidence: str, allergen_words: Sequence[str]) -> bool:
    """Whether the note's allergy sentence names the criterion's allergen: one of its words,
    or a drug MeSH files under it ("Rash with fluconazole" for "hypersensitivity to azole
    antifungal agents": Fluconazole is under Azoles; amoxicillin under Penicillins)."""
    evidence = _allergy_clause(evidence)
    if any(has_word(evidence, w) for w in allergen_words):
        return True
    classes = tuple(n for w in allergen_words for n in _drug_tree_numbers(w))
    return bool(classes) and any(
        number.startswith(f"{cls}.")
        for word in re.findall(r"[^\W\d_][\w-]{3,}", evidence.lower())
        for number in _drug_tree_numbers(word)
        for cls in classes
    )


# A clause of a note's sentence that speaks of a reaction to a drug (``judge_cues``).
_ALLERGY_WORDS = r"\b(?:{allergy_clause_stems})"


def _allergy_clause(evidence: str) -> str:
    """ "Allergic to penicillin (rash); takes ibuprofen for headaches without problems": the
    drug the patient reacts to is named in the clause of the sentence that speaks of the
    reaction, not in another clause the sentence sets beside it with a semicolon."""
    clauses = [c for c in evidence.split(";") if judge_cue_pattern(_ALLERGY_WORDS, re.I).search(c)]
    return "; ".join(clauses) if clauses else evidence


@functools.lru_cache(maxsize=8192)
def _drug_tree_numbers(word: str) -> tuple[str, ...]:
    """The MeSH tree numbers of a word read as a chemical or drug (tree D), else none."""
    readings = load_vocabulary().lookup(word)
    if not readings:
        return ()
    return tuple(n for n in readings[0].concept.tree_numbers if n.startswith("D"))


@functools.cache
def _allergen_generic_words() -> frozenset[str]:
    return frozenset(load_screening_rules().allergen_generic_words)


@functools.cache
def _procedure_manner_words() -> frozenset[str]:
    return frozenset(load_screening_rules().procedure_manner_words)


def _asks_current(criterion_text: str, constraint: ConceptMention) -> bool:
    """Whether the criterion asks for the concept now ("Current smoker", "active
    tuberculosis"): a current cue in the mention or in the few words before it, or a habit
    named in the present ("Tobacco use", "Smokers": an ex-smoker does not use tobacco). A
    treatment placed beside an operation ("receiving chemotherapy prior to surgery",
    ``asked_order``) is the course around it, not asked now."""
    span = mention_span(criterion_text, constraint.text)
    before = criterion_text[max(0, span[0] - 25) : span[0]] if span is not None else ""
    if (
        constraint.category == "treatment"
        and span is not None
        and asked_order(criterion_text[span[1] :]) is not None
    ):
        # "Patients receiving entire chemotherapy prior to surgery": the course the
        # criterion places beside an operation, over once the operation is done, not now.
        return False
    words = f"{before} {constraint.text}".lower()
    if current_words().search(words) is not None:
        # "Current or ex-smokers", "current or former drinkers": a past alternative beside
        # the current cue asks for a habit either now or in the past.
        if constraint.category != "behaviour":
            return True
        near = criterion_text[max(0, span[0] - 25) : span[1]] if span is not None else words
        return _current_or_past().search(near) is None
    if constraint.historical:
        return False  # "prior concomitant chemoradiotherapy", "history of a pacemaker"
    # "Concomitant chemotherapy": a word only criteria ask about now with; "Presence of a
    # pacemaker", "Implanted pacemaker": a device in the body now (``unread_concept_now_words``,
    # the words a thing that can be undone is asked for now with).
    if _criterion_current_words().search(words) is not None:
        return True
    return is_a(constraint.concept, "implanted_device") and (
        judge_cue_pattern(r"\b(?:{unread_concept_now_words})\b", re.IGNORECASE).search(words)
        is not None
    )


def current_or_past_spans(
    criterion_text: str, constraints: Sequence[Constraint]
) -> list[tuple[int, int]]:
    """Where the criterion asks for a habit now or in the past ("current or ex-smokers"):
    words the judge reads as the time it asks about (see ``_asks_current``)."""
    if not any(isinstance(c, ConceptMention) and c.category == "behaviour" for c in constraints):
        return []
    return [m.span() for m in _current_or_past().finditer(criterion_text)]


@functools.cache
def _current_or_past() -> re.Pattern[str]:
    """A current cue and a past one (``past_habit_words``) as alternatives, either way round:
    "current or ex-smokers", "former or current", "current and/or past"."""
    current = current_words().pattern
    past = screening_phrase("past_habit_words").pattern
    join = r"\s*(?:or|and/or|/)\s*"
    return re.compile(f"{current}{join}{past}|{past}{join}{current}", re.IGNORECASE)


@functools.cache
def _criterion_current_words() -> re.Pattern[str]:
    return phrase_pattern(load_lexicon().cues.criterion_current_cues)


def _none_there_now(present: Sequence[Fact]) -> bool:
    """Whether every reading of a concept a criterion asks for now is past.

    A past course or episode is ("treated in 2019"); an implanted device is not: "dual-chamber
    pacemaker fitted 2022" dates when it went in, and it is there now unless the note says
    it came out ("explanted", "removed in 2019", one of ``undone_words``)."""
    devices = [f for f in present if f.concept is not None and is_a(f.concept, "implanted_device")]
    if devices:
        return all(f.state == "ended" for f in devices)
    return all(f.historical and not f.current for f in present)


def names_a_present_habit(criterion_text: str, constraint: ConceptMention) -> bool:
    """ "Tobacco use", "Smokers": a habit named in the present asks whether the patient has
    it now, unless the criterion speaks of a past ("Smokers (current or past)")."""
    rules = load_screening_rules()
    return (
        not constraint.historical
        and constraint.text.lower() in rules.present_habit_names
        and screening_phrase("past_habit_words").search(criterion_text) is None
    )


def habit_name(constraint: ConceptMention) -> str:
    """The habit's own name ("smoking"), not the criterion's word for who has it ("Smokers")."""
    concept = load_lexicon().concepts.get(constraint.concept)
    return concept.names[0] if concept is not None and concept.names else constraint.text


def _cured(present: list[Fact]) -> Fact | None:
    """The note's fact saying an infection was cured ("Hep C treated in 2021, SVR, HCV RNA
    undetectable"), when every fact of it says so: a cured infection is no infection now,
    whatever the criterion's tense; one the note only files as past stays a history. The
    note reading gives each fact its state (``Fact.state``)."""
    if not present or not all(f.state == "cured" for f in present):
        return None
    return present[0]


def _ended_habit(present: list[Fact]) -> Fact | None:
    """The note's fact saying a habit ended ("Ex-smoker", "quit in 2015"), if one does: a
    habit asked now is not met by it. One the note only files under past history ("past
    medical history notable for heavy smoking") does not say he stopped
    (``entailment.entailed_finding``)."""
    return next((f for f in present if f.state == "ended"), None)


CLAUSE_END = re.compile(r";|\.(?=\s|$)|\n|\)")


WORD_BEFORE = re.compile(r"([^\W\d_][\w'-]*)[ \t-]+$")


@functools.lru_cache(maxsize=65_536)
def unread_word(word: str) -> bool:
    return bool(words_left_unread(word, []))
