"""The criteria data files' typed forms, validated when read.

``data/criteria/*.json`` (lexicon, cues, units, context rules, stages, TNM, infection tests,
disease drugs) decode into these ``msgspec`` Structs. They live apart from the modules that
use them because those modules are compiled with mypyc where a C compiler is available
(``setup.py``), and a Struct defined in a compiled module is no Struct: mypyc makes its
class a plain native class, which msgspec cannot decode into. Every name here is
re-exported by the module that used to define it (:mod:`~trialfinder.criteria.lexicon`,
:mod:`~trialfinder.criteria.context`, :mod:`~trialfinder.criteria.disease_stage`,
:mod:`~trialfinder.criteria.tnm`, :mod:`~trialfinder.criteria.infection_tests`), or used
only there (:mod:`~trialfinder.criteria.disease_drugs`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import msgspec

__all__ = [
    "MAX_SCOPE_WORDS",
    "Analyte",
    "AnalyteKind",
    "AnalyteTable",
    "Concept",
    "ConceptCategory",
    "ConceptNameForms",
    "ConceptTable",
    "ContextCategory",
    "ContextRule",
    "ContextRules",
    "Cues",
    "Direction",
    "DiseaseDrugTable",
    "DiseaseDrugs",
    "InfectionTestRules",
    "StageRules",
    "TestName",
    "TnmRules",
    "UnitSpelling",
    "UnitTable",
]

# "exposure": an amount of a behaviour (cigarettes per day, pack-years, drinks per week).
AnalyteKind = Literal["age", "vital", "lab", "score", "exposure"]
ConceptCategory = Literal["condition", "treatment", "procedure", "behaviour"]
ContextCategory = Literal["negation", "history", "hypothetical", "family", "time", "qualifier"]
Direction = Literal["forward", "backward"]
Reaches = Literal["any", "treatments"]

# Longer scopes would let a cue reach unrelated mentions of a long sentence.
MAX_SCOPE_WORDS = 30


class _Table(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Common ``from_dict``/``to_dict`` so every data file is validated the same way."""

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Any:
        return msgspec.convert(data, cls)

    def to_dict(self) -> dict[str, Any]:
        result: dict[str, Any] = msgspec.to_builtins(self)
        return result


class Analyte(_Table, frozen=True, omit_defaults=True):
    """A measurable quantity: a lab, a vital sign, a clinical score, or age."""

    id: str
    display: str
    kind: AnalyteKind
    names: list[str]
    canonical_unit: str | None
    acronyms: list[str] = []
    molar_mass: float | None = None
    plausible: tuple[float, float] | None = None
    typical_uln: float | None = None
    default_unit: str | None = None
    # Other units results are commonly reported in (conventional beside SI): a bare
    # value is read in the one of these it is plausible in, and an implausible
    # threshold is judged in the one it is plausible in.
    other_units: list[str] = []
    # Conversions pint cannot do, to the canonical unit: (scale, offset). HbA1c
    # mmol/mol (IFCC) to % (NGSP) is affine, and pint would take both as dimensionless.
    conversions: dict[str, tuple[float, float]] = {}
    # Which way a score gets worse ("higher": NYHA, ECOG, CTCAE grade; "lower":
    # Karnofsky, GCS): "or worse" / "or better" mean >= or <= only given this.
    worse: Literal["higher", "lower"] | None = None
    # Letter classes a score is written in, as the points each spans
    # (Child-Pugh A/B/C = 5-6/7-9/10-15): "Child-Pugh B or C" is a range of points.
    classes: dict[str, tuple[float, float]] = {}
    # Unit spellings (from ``units.json``) that name the quantity themselves: "> 10
    # cigarettes per day", "26 to 34 weeks of gestation" are values of this analyte
    # even where no name of it precedes them.
    named_by_units: list[str] = []
    # Known by the form of its value alone, not by a name: a length by its unit ("PDA
    # diameter > 1.5 mm", "rim < 5 mm"), a score by the word "score" before its value ("QMG
    # score ≥12"). Only a value with a comparator or a range is one, and it is never a
    # patient's fact nor a criterion's constraint, since two unnamed lengths (or scores)
    # need not measure the same thing.
    unit_only: bool = False
    # Words that make a value of a quantity known by its unit an amount given or taken, not
    # a measurement of the patient, when written just before it or right after it in its
    # clause: "donation of 400 mL or more of blood", "at least 1000 mL of crystalloid",
    # "> 500 ml of Gelatin solutions" are no volume the patient has ("PVR > 100cc" is).
    amount_words: list[str] = []
    # Words that name this score only before a value written on its scale ("pain of 6/10 or
    # higher", "pain ≥ 3 out of 10"): alone, "pain" is a symptom ("pain due to cancer").
    scale_names: list[str] = []
    # The comparator a criterion means by a bare value of this quantity: "a life expectancy
    # of 12 weeks" asks for at least 12 weeks.
    bare_value_means: Literal[">=", "<="] | None = None
    # The quantities a value written "A/B" gives in turn: a blood pressure "140/90" is a
    # systolic 140 and a diastolic 90.
    pair: list[str] = []
    # A vital its report gives against a lower limit of normal, as a lab's is (LVEF by the
    # site's echo, spirometry against its predicted LLN): "LVEF below the lower limit of
    # normal", "FEV1/FVC < LLN" are values of it (a lowering word alone is not: "reduced
    # ejection fraction" names a heart failure kind).
    lower_limit_reported: bool = False
    # The quantities this one names together: "transaminases" (and "liver enzymes") are ALT
    # and AST, so a note's ALT or AST is a value of it. The judge reads the group as its
    # highest member: "> 2 × ULN" holds when one member is above, "≤ 2.5 × ULN" when every
    # member is within.
    members: list[str] = []
    # A viral load, read against its assay's detection limit: "HBV DNA undetectable" and
    # "detectable HCV RNA" are values of it (0, and above 0), not statements about the
    # infection (``Cues.detected_words`` / ``undetected_words``).
    detection_limited: bool = False
    # The behaviour (a concept id) whose denial makes this amount zero: a never-smoker, or a
    # note that "denies smoking", has 0 pack-years, which answers "≤ 10 pack-years" as well as
    # "≥ 20 pack-years". Only where the note affirms no use of it at all (an ex-smoker keeps
    # the amount unknown).
    zero_when_denied: str | None = None
    # Words that, beside a threshold of this quantity in the same criterion, ask nothing the
    # threshold does not: the state the threshold defines ("Presence of hypoxemia with SpO2 <
    # 94%", "Abnormal QTc ... prolonged (> 450 ms)"), the instrument it is taken with
    # ("measured in a pulse oximeter"). Without a threshold the word stays a question for the
    # study team ("Abnormal QTc" alone sets no limit).
    threshold_words: list[str] = []
    # The quantities the same name is when its value is written in their unit, not this one's:
    # blasts are a share of the cells ("blasts < 5%") or a count ("Blasts < 1,000/µL"), so a
    # value in cells per µL after "blasts" is the count, not a percentage to drop.
    measured_also_as: list[str] = []
    # The conditions this quantity defines, whose bracketed bare value in its unit is its
    # threshold: "Acute kidney injury (>1.5 mg%)" is a serum creatinine above 1.5 mg/dL
    # (KDIGO 2012 defines and stages acute kidney injury by the serum creatinine).
    defines_conditions: list[str] = []
    # Where a score's name, range and categories are taken from (its publication), written for
    # the scores added with their source.
    source: str = ""

    @property
    def display_in_sentence(self) -> str:
        """The display name inside a sentence: "no body weight value given". Names with
        capitals after the first letter ("ALT", "HbA1c", "Free T4") and scores, mostly
        named after people ("Karnofsky performance status"), keep theirs."""
        if self.kind == "score" or any(character.isupper() for character in self.display[1:]):
            return self.display
        return self.display[:1].lower() + self.display[1:]


class AnalyteTable(_Table, frozen=True):
    version: str
    description: str
    analytes: list[Analyte]


class Concept(_Table, frozen=True, omit_defaults=True):
    """A condition, treatment, procedure or behaviour with its surface forms.

    ``members`` make a family of drugs a clinical class names ("an immunomodulatory drug":
    lenalidomide, pomalidomide, thalidomide) where MeSH has no such class or files the drugs
    elsewhere: a patient on a member has the family, as a child has its parents. A family is
    written once, with the ``source`` its members are taken from (a MeSH pharmacological
    action, the drugs' FDA labels), instead of a parent added to every drug.
    """

    id: str
    category: ConceptCategory
    names: list[str]
    acronyms: list[str] = []
    parents: list[str] = []
    members: list[str] = []
    source: str = ""


class ConceptNameForms(_Table, frozen=True):
    """Other forms of a cancer's name, made from the names the lexicon lists.

    A name of a site and a site head ("breast cancer", "prostate carcinoma") is also written
    with a histology head before its site ("adenocarcinoma of the breast", "adenocarcinoma of
    prostate") or in its place ("breast adenocarcinoma"); a name of two words or more ending
    in a plural head is also written in the plural ("invasive breast cancers"). Sites holding
    one of ``not_sites`` name no organ ("metastatic", "solid"): no form is made of them.
    """

    site_heads: list[str] = []
    histology_heads: list[str] = []
    plural_heads: list[str] = []
    not_sites: list[str] = []
    source: str = ""


class ConceptTable(_Table, frozen=True):
    version: str
    description: str
    concepts: list[Concept]
    name_forms: ConceptNameForms = ConceptNameForms()
    # Phrases in which a concept's name means something else ("anaplastic lymphoma kinase"
    # is a gene, "ASCO-CAP" a guideline body): they take their words from every concept.
    other_senses: list[str] = []


class UnitSpelling(_Table, frozen=True):
    pint: str
    spellings: list[str]


class UnitTable(_Table, frozen=True):
    version: str
    description: str
    definitions: list[str]
    units: list[UnitSpelling]
    display: dict[str, str] = {}
    count_multiplier_pattern_note: str = ""


class Cues(_Table, frozen=True):
    """Phrases that steer splitting, negation, history, comparators and time."""

    version: str
    description: str
    inclusion_headers: list[str]
    exclusion_headers: list[str]
    any_group_cues: list[str]
    all_group_cues: list[str]
    current_cues: list[str]
    comparators: dict[str, list[str]]
    postfix_comparators: dict[str, list[str]]
    # Postfix phrases relative to severity ("or worse", "or better"): their
    # comparator is set by the score's ``worse`` direction.
    severity_postfix: dict[str, list[str]]
    range_joiners: list[str]
    inclusive_markers: list[str]
    time_recency_cues: list[str]
    time_duration_cues: list[str]
    female_words: list[str]
    male_words: list[str]
    both_sexes_phrases: list[str]
    # A heading over both sexes that asks nothing more ("Gender- Both (Male & Female)",
    # "Gender: Either gender").
    both_sexes_heading_words: list[str]
    healthy_volunteer_phrases: list[str]
    # A health state closing a conjunction ("Age 16 - 65 y and healthy"): read as a healthy
    # volunteer phrase at the criterion's end only (``healthy_closing_description``).
    healthy_closing_description: str
    healthy_closing_phrases: list[str]
    childbearing_phrases: list[str]
    administrative_phrases: list[str]
    # Words a plain number counts rather than measures ("on 2 occasions", "at least 3
    # abnormal values", "1 or more antihypertensive medications").
    counted_nouns: list[str]
    # Words that make a plain value an estimate, not a threshold ("corresponds to an
    # approximate body weight of 12.5 kg").
    approximation_words: list[str]
    filler_words: list[str]
    # Numbers written as words ("within three months", "less than one year") and multiples
    # ("twice the ULN"): read as their digits where a unit follows them.
    number_words: dict[str, int]
    multiple_words: dict[str, int]
    # A viral load's result against the detection limit, right after or before its name.
    detected_words: list[str] = []
    undetected_words: list[str] = []
    # Words naming an age group, with the ages (years) it spans: beside an age limit within
    # them they restate it ("Pediatric Patients (<18 years)"). An open top is written null.
    age_group_words: dict[str, tuple[float, float | None]] = {}
    # A criterion that is a minors phrase, or a list opened by one ("Minors, adults under
    # guardianship"), asks for an age under ``majority_age``: majority is 18 in most places,
    # not everywhere, so the reason says the study team decides where it differs.
    minor_phrases: list[str] = []
    majority_age: float = 18.0
    # The legal age written as an age's alternative ("18 years of age, or the legal age of
    # consent in the jurisdiction", "18 or the legal age of consent"): the number is the
    # least age (a floor that differs by country), and an age even with no unit written.
    legal_age_phrases: list[str] = []
    # Words opening a bracketed source ("(as per ...)", "(Ref 12)"), not a requirement.
    citation_openers: list[str] = []
    # Who a requirement is written for: "for" and one of them before an age ("serum cCa ≥ 9.6
    # mg/dL for subjects 28 days to < 2 years of age") scopes the requirement to a subgroup;
    # that age is a condition of the requirement, not an age limit of the trial.
    subgroup_nouns: list[str] = []
    # Performance scales whose name right before an age scopes the score to that age ("KPS >
    # 12 y/o >/= 50 or LPS for < 12y >/= 50"): the age says which scale, not who may enter.
    age_scoped_scales: list[str] = []
    # Tumour markers whose result a sign right after the name states ("ER+/HER2-"): the
    # sign is read as the word "positive" or "negative" (:func:`lexicon.tokenize`).
    signed_markers: list[str] = []
    # After a condition, the words that say what it must have needed ("autoimmune disorders
    # requiring chronic treatment with steroids"): the parse reads the treatments after one
    # as the condition's required treatments (:func:`parse.required_treatments`).
    requirement_words: list[str] = []
    # Right after a treatment written before a condition, joined to it by a hyphen or a
    # space, the words that say the condition is the one the treatment treats ("insulin
    # treated diabetes", "steroid-dependent asthma"): read as the condition's required
    # treatments as well (:func:`parse.required_treatments`), so the condition alone does
    # not meet it.
    requirement_words_before: list[str] = []
    # Words saying how a diagnosis was confirmed ("confirmed via previous cardiac
    # catheterization"): a procedure up to two words after one is no procedure asked for.
    confirmation_cues: list[str] = []
    # Words saying a concept counts whenever it was ("allogeneic stem cell transplant at any
    # time or autologous stem cell transplant within 12 weeks"): a time window written after
    # them does not reach the concepts before them (:func:`parse._attach_windows`).
    any_time_phrases: list[str] = []
    # What a window before the study's own start is counted to ("within 4 weeks prior to the
    # first dose of study drug"): the study's first dose is about when the patient is
    # screened, so the window is one before today (:func:`parse._time_window`).
    study_start_anchor_phrases: list[str] = []
    # What a window counts from the end of a treatment named right after ("at least 4 weeks
    # since the last dose of chemotherapy"): the window is that treatment's, the least time
    # since it stopped (:func:`parse._attach_windows`).
    treatment_end_anchor_phrases: list[str] = []
    # What a window right before is counted from when that is an event in the patient's
    # past, not the study's start ("Receiving statins within 1 month before onset",
    # NCT05697185; "within 12 months prior to the diagnosis of advanced/metastatic disease",
    # NCT06726265; "adjuvant treatment within 6 weeks of surgery", NCT04474964): a
    # treatment's window is not counted back from today
    # (:func:`judging.time_windows.event_anchored_finding`).
    past_event_anchor_phrases: list[str] = []
    # The counts a note's vague time stands for, least and most ("a few weeks ago": two to five
    # weeks, "several months ago": three to seven): a window is met or not only when every
    # count holds the same (:func:`judging.time_windows.approximate_span`, docs/criteria.md,
    # "Approximate times").
    approximate_count_spans: dict[str, list[float]] = {}
    # The trial's own drug named after a time from its end ("for 7 months after the last dose
    # of trastuzumab deruxtecan") in a criterion about one of ``trial_drug_topics``
    # (contraception, breastfeeding, donating eggs or sperm): no treatment the patient must
    # have had or must not have had, so the drug is not read (:func:`parse._find_concept_spans`).
    trial_drug_after_phrases: list[str] = []
    trial_drug_topics: list[str] = []
    # Words right before a denied habit that only say it is denied ("Never smoker", "Non-smoker",
    # "Lifelong never-smoker"): read with it (:func:`parse._habit_denial_spans`).
    habit_denial_words: list[str] = []
    denied_habit_concepts: list[str] = []
    # A denied habit's own lifetime definition right after it ("Has never smoked, defined as
    # smoking <100 tobacco cigarettes in a lifetime"): who counts as never having it, read with
    # it (:func:`parse._habit_definition_span`).
    habit_definition_cues: list[str] = []
    habit_definition_words: list[str] = []
    # A parity term's own definition after it ("Nullipara: a woman who has never completed a
    # pregnancy beyond 20 weeks …"): who counts as the term, read with it
    # (:func:`parse._defined_term_span`).
    defined_term_concepts: list[str] = []
    defined_term_openers: list[str] = []
    # A treatment joined by a hyphen to a cause suffix right before a toxicity head
    # ("radiation-related toxicities"): the toxicity's cause, not a treatment asked
    # (:func:`parse._find_concept_spans`).
    cause_adjective_suffixes: list[str] = []
    cause_adjective_heads: list[str] = []
    # A condition between an absence cue and a record noun ("Absence of documented tumor
    # genomic mutation results"): what the missing record is about, not a condition denied.
    record_absence_cues: list[str] = []
    record_nouns: list[str] = []
    # A condition right before an alteration noun, past at most the words saying which
    # material was tested ("EGFR tumour tissue mutation", "tumour genomic alterations"):
    # where the alteration was found, not a condition asked (:func:`parse._find_concept_spans`).
    alteration_nouns: list[str] = []
    alteration_material_words: list[str] = []
    # A relative clause between two concepts joined by "or" ("… or 15 months (tandem
    # transplant) … who achieved … after autologous stem cell transplantation"): the later
    # concept describes the participants, it is no alternative to the earlier
    # (:func:`alternatives.alternative_spans`).
    alternative_breaking_words: list[str] = []
    # Words that join two names sharing a written part ("type 1 or type 2 diabetes", "lung or
    # breast cancer", "diabetes mellitus type I or type II"): the part left out of one name is
    # read from the other (:func:`parse._elided_concepts`).
    elision_joiners: list[str] = []
    # A count of prior lines of therapy (:mod:`trialfinder.criteria.therapy_lines`): the
    # counted nouns; words one of which must be around the noun ("prior", "systemic": not
    # "the midclavicular line"); words that do not narrow which lines count (any other word
    # there does: "endocrine", "cytotoxic chemotherapy"); words making a bare count a most
    # ("may have received one prior regimen"); words opening the setting the lines count in
    # ("for metastatic disease") and the classes they must include ("including a PI");
    # phrases saying no line at all, each with the restriction it keeps ("chemotherapy-naive"),
    # and the words one may follow (after any other word it is about one drug: "alpelisib
    # treatment naive").
    prior_line_nouns: list[str] = []
    prior_line_cue_words: list[str] = []
    prior_line_generic_words: list[str] = []
    prior_line_permissive_words: list[str] = []
    prior_line_setting_words: list[str] = []
    prior_line_class_words: list[str] = []
    prior_line_none_phrases: dict[str, str] = {}
    prior_line_none_after_words: list[str] = []
    # A criterion asking no prior line ("previously untreated disease") asks no treatment of
    # the disease at all, and a count of lines holds only systemic ones: a note naming one of
    # these local treatments ("involved-field radiotherapy") leaves it to the study team.
    prior_line_none_local_treatments: list[str] = []
    # A denial in the few words before a count turns its comparator ("must not have had more
    # than 2 prior lines": at most 2); a condition word makes "treatment-naive" a case, not a
    # requirement ("Treatment-naive patients will be eligible only if they refused …").
    prior_line_denial_words: list[str] = []
    prior_line_condition_words: list[str] = []
    # The classes after "including" end where the criterion asks something else ("… and an
    # IMiD and have demonstrated disease progression on the last therapy"): the words
    # opening that. Between the classes the judge reads only ``prior_line_class_joiners``
    # ("a", "and", "or", "agent"); any other word asks more than having had the class
    # ("a minimum of 2 consecutive cycles of"), which the team settles.
    prior_line_class_end_words: list[str] = []
    # "eligible to receive second-line treatment", "candidates for third-line therapy": a
    # patient fit for the Nth line has had N - 1 (``prior_line_ordinals``: N by its word).
    # Not "first-line", which names the study's own setting ("as first-line treatment").
    prior_line_next_line_cues: list[str] = []
    prior_line_ordinals: dict[str, int] = {}
    prior_line_class_joiners: list[str] = []
    # "Refractory to" a treatment (IMWG: progression on it or within 60 days of its last
    # dose) asks more than having had it: ``refractory_cues`` before a treatment in a
    # criterion ask it, unless one of ``refractory_cue_exceptions`` follows ("progression on
    # or after": any time); a note states it by ``note_refractory_cues`` before the drug in
    # its clause ("progressed on daratumumab") or ``note_refractory_after_words`` right
    # after it ("daratumumab-refractory").
    refractory_cues: list[str] = []
    refractory_cue_exceptions: list[str] = []
    note_refractory_cues: list[str] = []
    note_refractory_after_words: list[str] = []
    # "Parkinson's drug", "dementia medication", "HIV medicines": a disease followed by one of
    # ``disease_drug_heads`` names the drugs that treat it, not the disease, so a criterion
    # does not ask the patient to have the disease (a patient with it and no such drug would
    # be wrongly excluded) — unless one of ``disease_drug_head_exceptions`` follows the head
    # ("HIV drug resistance" is about the infection).
    disease_drug_heads: list[str] = []
    disease_drug_head_exceptions: list[str] = []
    # "Treatment resistance to 4 different antidepressants", "2 or more SSRIs": a number of
    # two or more (a digit, ``number_words``, or one of ``family_count_words``) before a drug
    # family, across ``family_count_fillers``, asks how many of its drugs the patient had,
    # which one named drug does not answer; the family is left to the study team.
    family_count_words: list[str] = []
    family_count_fillers: list[str] = []
    # A medication list a coordinator takes as complete: a heading ("Medications: …") or a
    # phrase saying there is none ("no regular medication"). Against it, a criterion asking
    # for current use of a drug of ``medication_list_families`` that the note does not name
    # is not met (docs/criteria.md, "Drugs a criterion names").
    medication_list_headings: list[str] = []
    no_medication_phrases: list[str] = []
    # A note's plain statement that the patient is fit and well ("medically fit and well",
    # "no past medical history"): with no other condition named than the trial's, it meets
    # "good general health" (docs/criteria.md, "Healthy volunteers and general health").
    fitness_phrases: list[str] = []
    # A criterion about mental status ("Altered mental status with deficits in
    # understanding …"), and a note's words for it: altered ("drowsy and confused",
    # undenied) or intact ("alert and oriented", "GCS 15"). Only an exclusion reads them.
    mental_status_criterion_phrases: list[str] = []
    altered_mental_status_phrases: list[str] = []
    intact_mental_status_phrases: list[str] = []
    # An intact one leaves such an exclusion not met only when it asks nothing else: its other
    # words are these ("with deficits in understanding or inability to consent").
    mental_status_framing_words: list[str] = []
    # Capacity to consent ("Mental capacity to understand and consent", "Lack of mental
    # capacity to consent to study involvement"): a criterion naming it (``capacity_criterion_
    # phrases``; a ``capacity_lack_words`` word before it asks its lack) is judged from a note
    # saying, undenied, that the patient has it (``has_capacity_phrases``) or lacks it
    # (``lacks_capacity_phrases``, read first), when its other words are
    # ``capacity_framing_words``. Being alert or having dementia says neither.
    capacity_criterion_phrases: list[str] = []
    capacity_lack_words: list[str] = []
    has_capacity_phrases: list[str] = []
    lacks_capacity_phrases: list[str] = []
    capacity_framing_words: list[str] = []
    # A word that says a lab is above normal, written right before its name ("elevated ALT")
    # or right after it ("AST/ALT elevations"), maybe past a filler ("elevated serum
    # creatinine", "troponin levels are elevated"): once the ULN (criteria.raised_levels).
    # Not after a denial ("no elevated liver enzymes").
    raised_level_words_before: list[str] = []
    raised_level_words_after: list[str] = []
    raised_level_fillers: list[str] = []
    raised_level_denials: list[str] = []
    # A word that says a lab is below normal, placed alike ("low vitamin B12", "decreased
    # LVEF", "haemoglobin is low"): once the LLN (criteria.raised_levels), with the same
    # fillers and denials.
    lowered_level_words_before: list[str] = []
    lowered_level_words_after: list[str] = []
    # "Fit for general anaesthesia", "unfit for surgery", "not fit for surgery, radiotherapy or
    # adjuvant systemic therapy": fitness for a treatment (``fitness_for_targets``: a name and
    # the treatment it names), read the same way in a criterion and a note
    # (trialfinder.treatment_fitness): a cue, a denial before it (``fitness_for_denials``,
    # across ``fitness_for_between_words``), ``fitness_for_modifiers`` before a name. A
    # note's statement after ``fitness_for_hypothetical_words`` in its clause ("if fit for
    # surgery") states nothing; a criterion asks nothing else when its other words are
    # ``fitness_for_framing_words``.
    fitness_for_cues: list[str] = []
    fitness_for_denials: list[str] = []
    fitness_for_between_words: list[str] = []
    fitness_for_targets: dict[str, str] = {}
    fitness_for_modifiers: list[str] = []
    fitness_for_hypothetical_words: list[str] = []
    fitness_for_framing_words: list[str] = []
    # RECIST measurability ("Measurable disease according to RECIST v1.1", "At least 1
    # measurable lesion"), read by trialfinder.measurable_disease: a criterion asks only it
    # when its other words are ``measurable_framing_words``; a note's lesion size of 10 mm or
    # more states it in a clause naming one of ``measurable_lesion_words`` and none of
    # ``measurable_lesion_exclusion_words`` (a node needs 15 mm, bone is not measurable, a
    # lesion removed or measured before is not the disease now); ``no_measurable_disease_
    # phrases`` deny it.
    measurable_criterion_phrases: list[str] = []
    measurable_framing_words: list[str] = []
    measurable_lesion_words: list[str] = []
    measurable_lesion_exclusion_words: list[str] = []
    no_measurable_disease_phrases: list[str] = []
    # Sentences that only restate what RECIST measures ("Bone-only disease is not
    # permitted"): read with the measurable disease they follow.
    measurable_restating_phrases: list[str] = []
    # A note's sentence giving a size (``measurable_disease.measurable_lesion_sentence``) says
    # nothing of the disease now when it names an operation or a pathology report
    # ("mastectomy 2024: 3.5 cm tumour"), nor is a size followed by one of
    # ``measurable_distance_words`` a lesion's ("6 cm from the anal verge").
    measurable_removed_sentence_words: list[str] = []
    measurable_distance_words: list[str] = []
    # A criterion that also takes disease RECIST cannot measure ("evaluable or measurable
    # disease", "Assessable (measurable or non-measurable) disease", "at least one evaluable
    # lesion") names one of ``evaluable_criterion_phrases``; ``nonmeasurable_criterion_words``
    # are read with them ("Measurable disease or non-measurable bone only disease"), never
    # alone ("non-measurable disease only" asks something else).
    evaluable_criterion_phrases: list[str] = []
    nonmeasurable_criterion_words: list[str] = []
    # A note states measurable disease in words when a clause naming a tumour lesion or
    # disease says one of ``measurable_stated_words`` ("CT: measurable liver lesions", "two
    # lumps in the liver they measure each time") and none of ``measurable_stated_negations``
    # nor a size (a size is read as such). A clause naming a tumour lesion and none of
    # ``evaluable_lesion_exclusion_words`` states evaluable disease ("bone mets").
    measurable_stated_words: list[str] = []
    measurable_stated_negations: list[str] = []
    evaluable_lesion_exclusion_words: list[str] = []
    # RECIST 1.1 cannot measure a bone lesion without a soft-tissue component nor a lesion
    # under 10 mm: a note whose every tumour lesion is one of these (a clause naming one of
    # ``nonmeasurable_bone_words`` in a sentence saying one of ``nonmeasurable_bone_phrases``,
    # or sizes all under 10 mm) has no measurable disease.
    nonmeasurable_bone_words: list[str] = []
    nonmeasurable_bone_phrases: list[str] = []
    medication_list_families: list[str] = []
    # A note denying all medication ("takes no medications", "Meds: nil") settles every drug
    # a criterion asks about now, not only the families above; treatments of
    # ``medication_denial_not_drugs`` are no medication, and ``medication_current_cues``
    # ("concomitant use of", "stable dose of") are how drug criteria ask about now.
    medication_denial_description: str = ""
    medication_denial_not_drugs: list[str] = []
    medication_current_cues: list[str] = []
    # A history section's heading ("PMH:", "Past medical history:", "Problem list:"): with a
    # medication list, it makes a note a whole record whose silence settles an exclusion a
    # history would list (trialfinder.whole_record; docs/criteria.md, "When a note counts as
    # a whole record").
    history_section_headings: list[str] = []
    # "Never undergone biologic therapy or at least suspended previous biologic therapy for
    # more than 12 weeks": with one of these words, a duration counts time since a treatment
    # stopped (a wash-out), not how long it was taken.
    washout_words: list[str] = []
    # Words a criterion asks about now with that a note's own words do not mark current
    # ("Concomitant chemotherapy"): a stopped course is not concomitant.
    criterion_current_description: str = ""
    criterion_current_cues: list[str] = []
    # A time after one of these in its clause ("a stable dosage of thyroid replacement
    # medication for <6 months", "on a stable dose for 3 months before Screening") is how
    # long the treatment's dose has been stable: a duration of the treatment, never the date
    # or the length of the condition it treats.
    stable_dose_cues: list[str] = []
    # "stable on an antidepressant regime (at least 4 weeks …)": a window in brackets after
    # one of these, in its clause, is how long a treatment has been taken, as one after
    # "for" is (trialfinder.judging.time_windows.taken_for).
    stable_on_cues: list[str] = []
    # A value after one of these in its clause ("requiring vasopressors to maintain a mean
    # arterial pressure of at least 65 mmHg", "furosemide iv to maintain diuresis > 1
    # ml/kg/hour") is the target a treatment is given for, not a limit of the patient's
    # value; unless one of ``target_cue_subjects`` is right before the cue ("able to
    # maintain SpO2 > 92% on room air", "failure to maintain"): the patient's own state.
    target_cues: list[str] = []
    target_cue_subjects: list[str] = []

    def __post_init__(self) -> None:
        for phrase in self.history_section_headings:
            if not phrase.endswith(":") or phrase != " ".join(phrase.lower().split()):
                raise ValueError(
                    f"history heading {phrase!r} must be trimmed lowercase, ending ':'"
                )
        for phrase in (
            *self.cause_adjective_suffixes,
            *self.cause_adjective_heads,
            *self.record_absence_cues,
            *self.record_nouns,
            *self.alteration_nouns,
            *self.alteration_material_words,
        ):
            if phrase != " ".join(phrase.lower().split()):
                raise ValueError(
                    f"cause or record phrase {phrase!r} must be trimmed lowercase words"
                )
        for phrase in (*self.trial_drug_after_phrases, *self.trial_drug_topics):
            if phrase != " ".join(phrase.lower().split()):
                raise ValueError(f"trial-drug phrase {phrase!r} must be trimmed lowercase words")
        for phrase in (*self.stable_dose_cues, *self.stable_on_cues):
            if phrase != " ".join(phrase.lower().split()):
                raise ValueError(f"stable-dose cue {phrase!r} must be trimmed lowercase words")
        for phrase in (*self.prior_line_nouns, *self.prior_line_none_phrases):
            if phrase != " ".join(phrase.lower().split()):
                raise ValueError(f"prior-line phrase {phrase!r} must be trimmed lowercase words")
        for phrase in (*self.requirement_words, *self.requirement_words_before):
            if not phrase.replace(" ", "").isalpha() or phrase != " ".join(phrase.lower().split()):
                raise ValueError(f"requirement word {phrase!r} must be trimmed lowercase words")
        for word in (
            *self.signed_markers,
            *self.subgroup_nouns,
            *self.age_scoped_scales,
            *self.elision_joiners,
        ):
            if not word.isalnum() or not word.islower():
                raise ValueError(
                    f"{word!r}: a signed marker, subgroup noun or elision joiner is one word"
                )
        for word in (*self.number_words, *self.multiple_words):
            if not word.isalpha() or not word.islower():
                raise ValueError(f"number word {word!r} must be one lowercase word")
        for word, value in (*self.number_words.items(), *self.multiple_words.items()):
            if len(str(value)) >= len(word):
                raise ValueError(f"number word {word!r}: its digits must be shorter than it")


class ContextRule(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Cue phrases of one category that modify mentions in one direction."""

    category: ContextCategory
    direction: Direction
    scope_words: int
    phrases: list[str]
    # A backward cue with these words counts only at the end of its clause, before a
    # punctuation mark or before one of them ("hypertension, well controlled on ramipril");
    # before another word it is that word's ("myocardial infarction, unstable angina"), and
    # joined to the word before it by a hyphen it is a compound ("diet-controlled DM").
    only_before: list[str] = []
    # The rule's cues are the file's ``marker_results`` (a test's result: "HER2-negative",
    # "EGFR exon 19 deletion") and ``consequences`` ("requiring hospitalization"), not
    # ``phrases``. A result is read where its whole phrase stands,
    # while an ordinary qualifier's words are never content ("positive" alone is not read
    # everywhere because "ER positive" is a result).
    states_a_result: bool = False
    # "treatments": the rule's cues modify a mention only of a treatment (a drug, a drug
    # family, a therapy): "alpelisib treatment naïve" denies the drug, while "HCV
    # treatment-naive" is a patient with HCV never treated for it. Where the mention's kind
    # is not known the rule does not apply.
    reaches: Reaches = "any"

    def __post_init__(self) -> None:
        if not 1 <= self.scope_words <= MAX_SCOPE_WORDS:
            raise ValueError(f"scope_words must be 1-{MAX_SCOPE_WORDS}, got {self.scope_words}")
        if not self.phrases and not self.states_a_result:
            raise ValueError(f"a {self.category} rule has no phrases")
        for phrase in self.phrases:
            if not phrase.strip() or phrase != phrase.strip().lower():
                raise ValueError(f"cue {phrase!r} must be trimmed lowercase text")


class ResultLists(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """A result written after a list of short items is every item's ("HIV, HBsAg, HCV Ab all
    negative", "HBsAg/HCV/HIV neg"), as medspaCy's ConText scopes a cue over its span: a
    backward negation cue reaches a mention followed by ``separators`` (or a
    ``joining_words`` word) and items of at most ``item_words`` words, up to the cue or a
    ``gathering_words`` word before it ("all", "both"); the mention and each item open
    with a test's or marker's name (two capitals or a digit). An item holding one of
    ``own_results`` ("HBsAg positive") states its own result and ends the list."""

    source: str
    separators: list[str]
    joining_words: list[str]
    gathering_words: list[str]
    own_results: list[str]
    item_words: int

    def __post_init__(self) -> None:
        if not 1 <= self.item_words <= MAX_SCOPE_WORDS:
            raise ValueError(f"item_words must be 1-{MAX_SCOPE_WORDS}, got {self.item_words}")
        for word in (*self.joining_words, *self.gathering_words, *self.own_results):
            if not word.isalpha() or word != word.lower():
                raise ValueError(f"list word {word!r} must be one lowercase word")
        for separator in self.separators:
            if len(separator) != 1 or separator.isalnum():
                raise ValueError(f"list separator {separator!r} must be one mark")


class ContextRules(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The context data file."""

    version: str
    description: str
    terminators: list[str]
    rules: list[ContextRule]
    # A terminator right after one of its words here joins, not ends, a scope: "No previous
    # treatment with vedolizumab", "never treated with bedaquiline" deny the drug ("with" is
    # the treatment's own preposition, not "no fever with cough").
    terminator_exceptions_after: dict[str, list[str]] = {}
    # Each result of a tumour marker or mutation test a rule that ``states_a_result``
    # reads, with its other spellings (read as the result itself, so that the criterion's
    # and the note's spellings compare equal): "HER2 negative", "triple negative". The word
    # before a spelling's last "positive" or "negative" is one a result describes wherever
    # it stands ("hormone receptors negative"): that word is the result's subject, not a
    # disease it negates. A reason writes these as clinicians do ("HER2-negative").
    marker_results: dict[str, list[str]] = {}
    # Each consequence that qualifies a condition, read by the same rules the same way as a
    # qualifier the note must state: "requiring hospitalization" is "hospital-treated". Its
    # name is one hyphenated word, written in a reason as it stands.
    consequences: dict[str, list[str]] = {}
    # A negation cue right after one of its phrases here says neither way: "induction, with or
    # without maintenance" neither asks for the maintenance nor denies it.
    either_way_before: dict[str, list[str]] = {}
    # Each opening bracket and its close: a cue opened inside a bracket ends at its close
    # ("(i.e., did not experience PD) according to RECIST v1.1 at the last tumor
    # assessment" denies no tumour), unless the bracket holds nothing after the cue ("[with
    # or without] maintenance therapy" marks the words after it).
    scope_brackets: dict[str, str] = {}
    # The marks that end the item "with or without" allows, outside a bracket opened after
    # it: "trastuzumab, with or without pertuzumab [IV, SC, or fixed-dose combination], or
    # neratinib" allows pertuzumab either way and neither allows nor denies neratinib.
    either_way_item_separators: list[str] = []
    # How a test was done, written between the infection tested and the result ("COVID PCR
    # negative"): not a marker whose result the word after it states, so the result is the
    # infection's.
    test_methods: list[str] = []
    # A negation word opening what a count leaves out ("1-5 sites of metastatic disease not
    # including the primary tumor"): the words after it are not counted, not denied.
    leaving_out: list[str] = []
    # A time phrase written between a finding and the negation after it ("My HIV and
    # hepatitis tests last month were negative", "HIV test two weeks ago was negative"): its
    # words do not use up the cue's scope. A run of ``time_between_words`` and numbers (a
    # count, a year, a date) right before the cue is skipped when it holds a year, a date or
    # one of ``time_between_anchors`` ("last month", "two weeks ago", "in March"; "in 2"
    # is no time phrase).
    time_between_words: list[str] = []
    time_between_anchors: list[str] = []
    # A result written after a list of tests is every test's (see :class:`ResultLists`).
    result_lists: ResultLists | None = None

    def __post_init__(self) -> None:
        for word in (*self.time_between_words, *self.time_between_anchors):
            if not word.isalpha() or word != word.lower():
                raise ValueError(f"time word {word!r} must be one lowercase word")
        if stray := set(self.time_between_anchors) - set(self.time_between_words):
            raise ValueError(f"time anchors {sorted(stray)} are not time_between_words")
        for method in (*self.test_methods, *self.leaving_out):
            if not method.strip() or method != method.strip().lower():
                raise ValueError(f"test method {method!r} must be trimmed lowercase text")
        for opening, closing in self.scope_brackets.items():
            if len(opening) != 1 or len(closing) != 1 or opening == closing:
                raise ValueError(f"bracket {opening!r}…{closing!r} must be two characters")
        for separator in self.either_way_item_separators:
            if not separator.strip() or separator != separator.strip().lower():
                raise ValueError(f"separator {separator!r} must be trimmed lowercase text")
        for result, spellings in (*self.marker_results.items(), *self.consequences.items()):
            for phrase in (result, *spellings):
                if not phrase.strip() or phrase != phrase.strip().lower():
                    raise ValueError(f"result {phrase!r} must be trimmed lowercase text")
        for consequence in self.consequences:
            if " " in consequence or "-" not in consequence:
                raise ValueError(f"consequence {consequence!r} must be one hyphenated word")
        both = self.marker_results.keys() & self.consequences.keys()
        if both:
            raise ValueError(f"{sorted(both)} are both marker results and consequences")

    def stated_results(self) -> list[tuple[str, str]]:
        """Every (spelling, result) the ``states_a_result`` rules read: marker results,
        then consequences."""
        return [
            (spelling, result)
            for table in (self.marker_results, self.consequences)
            for result, spellings in table.items()
            for spelling in (result, *spellings)
        ]


class DiseaseDrugs(msgspec.Struct, frozen=True):
    """One disease and the drug families that treat it, with where the families come from."""

    disease: str
    families: list[str]
    # How a reason calls one of the families' drugs: "an antiparkinson agent".
    drug_class: str
    source: str


class DiseaseDrugTable(msgspec.Struct, frozen=True):
    """``data/criteria/disease_drugs.json``."""

    version: str
    description: str
    diseases: list[DiseaseDrugs]


class StageRules(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``data/criteria/stages.json``: the words that write a stage or grade."""

    version: str
    description: str
    stage_words: list[str]
    grade_words: list[str]
    letter_grades: list[str]
    at_least_before: list[str]
    at_most_before: list[str]
    at_least_after: list[str]
    at_most_after: list[str]
    list_joiners: list[str]
    range_joiners: list[str]
    highest: dict[str, int]
    gap_words: list[str]
    before_gap_words: int = 3
    before_gap_stops: list[str] = []
    alone_words_description: str = ""
    alone_words: list[str] = []


class TnmRules(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``data/criteria/tnm.json``: the words that write a TNM category."""

    version: str
    description: str
    prefixes: list[str]
    post_therapy_prefixes: list[str]
    values: dict[str, list[str]]
    sub_letters: list[str]
    lettered_values: dict[str, list[str]]
    list_joiners: list[str]
    range_joiners: list[str]
    group_joiners: list[str]
    any_words: list[str]
    positive_nodes: str
    asides: list[str]
    stage_of_m1: str


class TestName(msgspec.Struct, frozen=True):
    """One test: its id, display name, the infection it shows, the names that write it, the
    short names that write it only after another test of the same infection ("HCV Ab
    positive, RNA negative") and the analyte a note's value of it is read as ("hcv_rna")."""

    __test__ = False  # not a pytest test class

    id: str
    name: str
    concept: str
    names: list[str]
    short_names: list[str] = []
    analyte: str | None = None
    # An antibody that stays positive after the infection is cured or cleared (an HCV
    # antibody after SVR): it shows exposure, and ``trialfinder.judging.serology`` reads the
    # infection itself from the test of the same infection that has an analyte (its RNA).
    outlasts_infection: bool = False


class InfectionTestRules(msgspec.Struct, frozen=True):
    """``data/criteria/infection_tests.json``."""

    tests: list[TestName]
    positive_words: list[str]
    negative_words: list[str]
    definition_cues: list[str]
    ahead_words: list[str]
    # The words that make an infection's name a test's ("HIV test pending").
    test_words: list[str] = []
