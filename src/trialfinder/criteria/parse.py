"""Criterion text -> typed constraints.

The parser is value-centric: it finds every number in a criterion (with its
comparator, range partner and unit), then attaches each to the nearest
preceding measurable quantity in the same clause (``analytes.json``), or reads
it as an age, or as a time window for the conditions and treatments found in
the clause (``concepts.json``). Negation and history cues come from
``cues.json``. All patterns are built from those data files once and are
anchored or bounded, so parsing stays linear in the text length.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Literal

import msgspec

from trialfinder.criteria.abbreviations import defined_short_forms, written_out
from trialfinder.criteria.context import (
    clause_bounds,
    clause_of,
    load_context_rules,
    modifiers,
    rule_indexes,
    value_clause_bounds,
)
from trialfinder.criteria.disease_drugs import drug_phrase, drugs_for, names_its_drugs
from trialfinder.criteria.disease_stage import (
    attached_stage,
    load_stage_rules,
    lone_stage,
    stage_spans,
)
from trialfinder.criteria.infection_tests import Definition, defining_tests, tested_concepts
from trialfinder.criteria.intermediate import (
    ConceptFinding,
    DetectionResult,
    PhraseMatch,
    TextAnalysis,
    ValueFinding,
    _Scan,
)
from trialfinder.criteria.lexicon import (
    OTHER_SENSE,
    Analyte,
    Lexicon,
    PhraseIndex,
    PhraseScanner,
    Token,
    detection_results,
    lexicon_words,
    load_lexicon,
    phrase_alternation,
    phrase_pattern,
    severity_comparator,
    tokenize,
    tokenize_lowered,
)
from trialfinder.criteria.model import (
    Comparator,
    ConceptMention,
    Constraint,
    Criterion,
    HealthyVolunteers,
    Measurement,
    ParsedCriteria,
    Pregnancy,
    RequiredTreatment,
    Section,
    SexRequirement,
    TimeWindow,
)
from trialfinder.criteria.numbers import (
    NUMBER_PATTERN,
    number_from_match,
    number_scale,
    number_words_as_digits,
)
from trialfinder.criteria.raised_levels import raised_levels
from trialfinder.criteria.split import CriterionText, split_criteria
from trialfinder.criteria.therapy_lines import prior_lines
from trialfinder.criteria.tnm import attached_tnm, lone_tnm, tnm_spans
from trialfinder.criteria.units import (
    NORMAL_LIMITS,
    bare_value_unit,
    convert,
    get_unit_reader,
    is_plausible,
    limits_without_multiple,
    plausible_unit,
    to_canonical,
    unit_normalised,
)
from trialfinder.model import Trial
from trialfinder.phrases import OTHER_CONCEPT_PREFIXES

__all__ = [
    "PARSER_VERSION",
    "ConceptFinding",
    "TextAnalysis",
    "ValueFinding",
    "analyse_text",
    "bracket_opening",
    "find_concepts",
    "habit_definition",
    "names_an_indication",
    "opens_with_both_sexes",
    "other_sense_spans",
    "parse_criterion",
    "parse_trial_criteria",
    "parse_value_text",
    "reads_age_group",
    "reads_majority",
    "required_treatments",
    "sex_group_ages",
    "stage_of_the_trial_disease",
    "words_left_unread",
]

# Bump whenever parsing or the data files change: stored criteria from another
# version are found by ``Store.stale_derived`` and parsed again.
PARSER_VERSION = "2.25"

_DIGIT = re.compile(r"\d")
_TIME_UNITS = frozenset({"year", "month", "week", "day", "hour"})
_PAREN_INCLUSIVE = re.compile(r"\s*[(\[]\s*(?:inclusive|included|including|incl\.?)\s*[)\]]")
# "past year", "last month", "previous week", "preceding day", "prior week", each word
# whole: the word boundary is asked after the first letter (``(?<!\wp)``), so that a search
# skips to a "p" or an "l" rather than trying a boundary at every character (2x faster).
_NAMED_PERIOD = re.compile(
    r"(?:p(?<!\wp)(?:ast|revious|receding|rior)|l(?<!\wl)ast)\s+(year|month|week|day)\b"
)
# "≥ 1 year post-menopausal", "2 years postpartum", "1 year post transplant": the time since
# an event, never an age.
_TIME_FOLLOWERS = re.compile(
    r"\s*(?:\)\s*)?(?:prior|before|ago|preceding|after|since|post[\w-]*|of (?:screening|enrollment|"
    r"randomi[sz]ation|study|the study|entry|first|baseline|inclusion|dosing|treatment))\b"
)
_AGE_CUE = re.compile(r"\b(?:age|aged|ages|old|older|younger|adults?|children|years of age)\b")
# "160/100 mmHg", "4/10"; a comma or full stop after the pair ends the clause ("BP > 140/90,
# 1 or more …") unless a digit follows it.
_SLASH_PARTNER = re.compile(r" ?/ ?\d+(?:\.\d+)?(?![\d/]|[.,]\d)")
_COMMA_PAIR = re.compile(r"(?<![\d.,])(\d),(\d)$")
_SCORE_OR = re.compile(r"\s*(?:or|,)\s*(?P<n>\d)(?!\d|\.\d)")
_ROMAN = {
    **{"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "vi": 6},
    **{"Ⅰ": 1, "Ⅱ": 2, "Ⅲ": 3, "Ⅳ": 4, "Ⅴ": 5, "Ⅵ": 6},
}
_ROMAN_UPPER = re.compile(
    r"\s*(?:-|to|or|/|and|,\s*(?:or|and)?)\s*(?:(?:class|grade|stage|level|asa|nyha)\s+)?"
    r"(iv|vi|v|i{1,3}|[ⅠⅡⅢⅣⅤⅥ])(?:[ab])?(?![a-z])"
)
# After a score's name: its label words ("(ASA) physical status classification"), then
# an optional comparator ("ASA ≥ III", "physical status> II"), then the grade.
_ROMAN_AFTER_SCORE = re.compile(
    r"[\s:()]*(?:(?:physical|physiological|functional|status|class|grade|stage|score|"
    r"classification|category|risk)\s*){0,3}"
    r"(?:(?:of|is)\s+)?(?:(?:<=|>=|<|>|≤|≥)\s*)?(?P<roman>iv|vi|v|i{1,3}|[ⅠⅡⅢⅣⅤⅥ])(?:[ab])?(?![a-z]|\.?\d|\s+\d+\.\d)"
)
# Two Gleason patterns written as their sum ("Gleason score 4+4 or 4+5" is 8 or 9): digits of 1
# to 5 joined by "+" with no space ("2+ or 3+", "HER2 2+" are no sums).
_PATTERN_SUM = re.compile(r"([1-5])\+([1-5])(?![\d.+])")
_RESTATED_SYMBOL = re.compile(r"\(\s*(<=|>=|=<|=>|<|>|≤|≥|=)\s*\)$")
_BOUND_BEFORE_NAME = re.compile(r"\s*(<=|>=|<|>|≤|≥)\s*(?=[a-z])")
_FLIPPED: dict[str, Comparator] = {"<=": ">=", "≤": ">=", "<": ">", ">=": "<=", "≥": "<=", ">": "<"}
# What may stand between a value and an analyte named after it for the name to own it ("a
# score of 23 or less on the MMSE", "Class II and III by the NYHA"). A set made once: a
# starred tuple inside the test is a construct mypyc cannot compile.
_NAME_FOLLOWS = frozenset(
    {
        *("of", "for", "of serum", "on", "on the", "by", "by the", *_FLIPPED),
        *("according to", "according to the", "as per", "as per the", "per the"),
    }
)
_VERSION = re.compile(r"\b(?:v|version)\s*\d+(?:\.\d+)*")
# A number inside a code: after "<letter><digits>-" or "/" ("T3-4", "T3/4", "COVID-19"),
# or with leading zeros ("lesion 001").
_CODE_BEFORE = re.compile(r"[a-z]\d*[-/]$")
_LEADING_ZERO = re.compile(r"0\d")
_EDITION_AFTER = re.compile(r"\s+(?:criteria|guidelines?|edition|definitions?)\b")
_VERSION_BEFORE = re.compile(r"\b(?:v|version\s*)$")
# A scale may name its first class 0 ("BCLC stage 0 or A"): "0" is then one of its classes.
# The scale's word may come again before the last class ("BCLC stage 0 or stage A").
_LETTER_CLASS = re.compile(
    r"[\s:(]*(?:(?:class|grade|score|classification|stage)\s*)?"
    r"(?P<first>[a-e]|0(?![.,]\d))(?P<first_points>\d{1,2})?(?![a-z0-9])"
    r"(?:\s*(?:-|to|or|/|and)\s*(?:(?:class|grade|score|stage)\s+)?"
    r"(?P<last>[a-e0])(?P<last_points>\d{1,2})?(?![a-z0-9])"
    r"|\s+(?P<severity>or worse|or better))?"
)
# A grade written as a "level" before the score it grades ("Level III or greater on the
# American Society of Anesthesiologists (ASA) physical status classification"): read only
# with the score's name after it (``_LEVEL_TO_SCORE``), as a level names many other things.
_LEVEL_PATTERN = re.compile(
    r"\blevels?\s+(?P<roman>iv|vi|v|i{1,3}|[ⅠⅡⅢⅣⅤⅥ])(?:[ab])?(?![a-z]|\.?\d|\s+\d+\.\d)"
)
_LEVEL_TO_SCORE = re.compile(
    r"(?:[\s,/-]|\b(?:iv|vi|v|i{1,3}|or|and|to|levels?|greater|higher|lower|less|more|above|"
    r"below)\b)*\b(?:on|by)\s+(?:the\s+)?"
)
_ROMAN_PATTERN = re.compile(
    r"(?:grade|class|stage|grades|classes|stages)\s+(?P<roman>iv|vi|v|i{1,3}|[ⅠⅡⅢⅣⅤⅥ])(?:[ab])?"
    r"(?![a-z]|\.?\d|\s+\d+\.\d)"
)


class _Patterns:
    """Regexes and indexes built once from the cues file."""

    def __init__(self, lexicon: Lexicon) -> None:
        cues = lexicon.cues
        self.lexicon = lexicon
        self.prefix = _PrefixComparators(cues.comparators)
        self.postfix = _starting_alternation(cues.postfix_comparators)
        # "Age 16 - 65 y and healthy": a health state closing the criterion
        # (``healthy_closing_description``).
        closing = phrase_alternation(cues.healthy_closing_phrases) or "(?!)"
        self.healthy_closing = re.compile(rf"\b(?:{closing})\s*[.;:]?\s*$", re.IGNORECASE)
        # An upper bound written on a range's second number ("12 to < 18 years", "≥ 12 and
        # less than 18"): the prefix comparators of "<" and "<=", right before the number.
        self.upper_bounds: dict[str, str] = {
            phrase: comparator
            for phrase, comparator in _alternatives(cues.comparators)
            if comparator in ("<", "<=")
        }
        self.upper_bound = re.compile(
            "(" + "|".join(re.escape(phrase) for phrase in self.upper_bounds) + r")\s*(?=\d)"
        )
        self.recency = _phrase_regex(cues.time_recency_cues)
        self.duration = _phrase_regex(cues.time_duration_cues)
        self.stable_dose = _phrase_regex(cues.stable_dose_cues) if cues.stable_dose_cues else None
        self.female = frozenset(cues.female_words)
        self.habit_denial_words = frozenset(cues.habit_denial_words)
        self.denied_habit_concepts = frozenset(cues.denied_habit_concepts)
        self.habit_definition = re.compile(
            rf"\s*[,(]?\s*(?:{phrase_alternation(cues.habit_definition_cues) or '(?!)'})\s+[^.;]*?"
            rf"\b(?:{phrase_alternation(cues.habit_definition_words) or '(?!)'})\b\)?",
            re.IGNORECASE,
        )
        self.defined_term_concepts = frozenset(cues.defined_term_concepts)
        # A sentence giving the reason for the requirement before it, to its full stop
        # (one inside a name, "Lu-177 … (M3814)", is no full stop) or the criterion's end.
        rationale = phrase_alternation(cues.rationale_sentence_openers) or "(?!)"
        self.rationale_sentence = re.compile(
            rf"\b(?:{rationale})\b(?:[^.]|\.(?!\s|$))*\.?", re.IGNORECASE
        )
        self.defined_term_opener = re.compile(
            r"\s*[,(]?\s*(?:"
            + "|".join(re.escape(o) for o in cues.defined_term_openers)
            + r"|(?!))\s*",
            re.IGNORECASE,
        )
        # Age groups with the ages they span (an open top is infinite), and bracketed sources.
        self.age_groups = {
            word: (low, float("inf") if high is None else high)
            for word, (low, high) in cues.age_group_words.items()
        }
        openers = "|".join(
            re.escape(p) for p in sorted(cues.citation_openers, key=len, reverse=True)
        )
        # A bracketed author-year reference is one too ("(Passamonti et al 2010)"), closed or
        # left open at the criterion's end.
        self.citation = re.compile(
            rf"\(\s*(?:{openers})\b[^()]*\)"
            r"|\(\s*[a-z][\w'-]*\s+et\s+al\b\.?,?\s*(?:\d{4}[a-z]?)?\s*(?:\)|$)",
            re.IGNORECASE,
        )
        # A criterion that is a minors phrase, or a list it opens ("Minors, adults under
        # guardianship"): after a bullet, the phrase then the text's end or the next item.
        minors = phrase_alternation(cues.minor_phrases)
        self.minors = re.compile(
            rf"[\s\-*•\d.)]*(?P<phrase>{minors})(?=\s*(?:[.,;:]|(?:or|and)\b|$))",
            re.IGNORECASE,
        )
        self.majority_age = cues.majority_age
        # "18 years of age, or the legal age of consent", "18 (or the legal age …": the legal
        # age as the age's alternative, right after the number or its unit.
        legal = phrase_alternation(cues.legal_age_phrases) or "(?!)"
        self.legal_age = re.compile(rf"\s*[,(]?\s*or\s+(?:the\s+)?(?:{legal})\b")
        # A criterion whose subject is an age group ("Healthy children", "Adult patients who
        # …", "Adult females …, and adult males"): after a bullet and at most a health or sex
        # word, the group (or two joined by and/or), a whole word (not "Children's",
        # "Child-Pugh", "adult-onset"), then the text's end, a stop, a subject noun or a word
        # that goes on about the subject ("with", "who", "receiving"); not "child bearing".
        # A group of one sex ("Adult females …, and adult males") is the sex reader's
        # (``judging.sex_and_childbearing``), which reads both together.
        groups = phrase_alternation(cues.age_group_words)
        sexes = {*cues.female_words, *cues.male_words}
        subjects = phrase_alternation(n for n in cues.subgroup_nouns if n not in sexes)
        self.age_group_subject = re.compile(
            rf"[\s\-*•\d.)]*(?:(?:healthy|male|female)\s+)?(?P<first>{groups})"
            rf"(?:\s*(?:and|or)\s+(?P<second>{groups}))?(?![\w'’-])"
            rf"(?=\s*(?:[.,;:(]|$|(?:{subjects}|{_SUBJECT_GOES_ON})\b))",
            re.IGNORECASE,
        )
        # An age group right before a sex word, opening a criterion ("Adult males", "Healthy
        # adult female patients"): the group of one sex the sex reader asks the age of.
        sex_nouns = phrase_alternation(sexes - {"he", "his", "him", "she", "her"})
        self.sex_group = re.compile(
            rf"[\s\-*•\d.)]*(?:healthy\s+)?(?P<group>{groups})\s+(?:healthy\s+)?"
            rf"(?:{sex_nouns})(?![\w'’-])",
            re.IGNORECASE,
        )
        # A counted noun right after a number, or after one or two describing words ("3
        # abnormal values", "4 or more metastatic lesions", "3 axillary lymph nodes"); a
        # preposition between ("9 in two separate samples") ends the count's phrase. "At
        # least 1 of the following" counts the items listed.
        nouns = "|".join(
            re.escape(word) for word in sorted(cues.counted_nouns, key=len, reverse=True)
        )
        describing = r"(?!(?:in|on|at|of|for|with|or|and|to|by|from|per|the|a|an)\b)[a-z0-9-]+"
        self.counted = re.compile(
            rf"\s+(?:(?:{describing}\s+){{0,2}}(?:{nouns})\b|of\s+(?:the\s+)?(?:following|these)\b)"
        )
        # An estimate's word a few words before a plain value ("an approximate body weight
        # of 12.5 kg").
        approximations = "|".join(
            re.escape(p) for p in sorted(cues.approximation_words, key=len, reverse=True)
        )
        self.approximate = re.compile(rf"(?<!\w)(?:{approximations})\s+(?:[\w-]+\s+){{0,3}}$")
        self.male = frozenset(cues.male_words)
        # A treatment's target: a cue, not right after the patient's own ability or failure,
        # then at most eight words up to the value ("to maintain a mean arterial pressure of
        # at least"), no bracket or clause between ("(Transfusion is allowed to achieve this
        # Hb) Total Bilirubin ≤ 1.5 x ULN" is the bilirubin's limit).
        subjects = "|".join(re.escape(word) for word in cues.target_cue_subjects)
        targets = phrase_alternation(cues.target_cues)
        self.target = re.compile(
            rf"(?:\b(?P<subject>{subjects})\s+)?(?<!\w)(?:{targets})\s+(?:[^\s.,;()\[\]]+\s+){{0,8}}$"
        )
        # "for subjects ≥ 2 years of age", "for patients 28 days to < 2 years": right before an
        # age, who the requirement is written for (a range's first end may stand between).
        subgroups = "|".join(
            re.escape(word) for word in sorted(cues.subgroup_nouns, key=len, reverse=True)
        )
        # "KPS > 12 y/o >/= 50 or LPS for < 12y >/= 50": a scale's name right before the age.
        scales = "|".join(re.escape(word) for word in cues.age_scoped_scales)
        self.subgroup = re.compile(
            rf"(?:\bfor\s+(?:the\s+|all\s+)?(?:{subgroups})\s+(?:(?:aged?|who\s+are|between|from)\s+)?"
            r"(?:[\d.]+\s*(?:days?|weeks?|months?|years?)\s*(?:to|-)\s*)?"
            rf"|\b(?P<scale>{scales})\s+(?:for\s+)?)$"
        )
        # "Patients under 55 years with intact ovaries will undergo hormonal verification":
        # a group noun opening the sentence right before the age (a bracket, "aged" or "who
        # are" may stand between), and after it, in the same sentence, a verb giving the
        # group a test (``Cues.subgroup_test_verbs``).
        self.tested_group = re.compile(
            rf"(?:^|[.;:\n])\W*(?:[a-z]+\s+)?(?:{subgroups})\s*\(?\s*"
            r"(?:(?:aged?|who\s+are)\s+)?$"
        )
        self.group_test = re.compile(
            rf"[^.;\n]*?\b(?:{phrase_alternation(cues.subgroup_test_verbs)})\s+"
            rf"(?:[\w-]+\s+){{0,4}}(?:{phrase_alternation(cues.subgroup_test_nouns)})\b"
        )
        # Most texts have no number word: a set test on their words skips the search.
        self.number_words = frozenset((*cues.number_words, *cues.multiple_words))
        # How many drugs of a family a criterion asks for (``Cues.family_count_words``).
        self.family_counts = frozenset(
            (
                *(word for word, value in cues.number_words.items() if value >= 2),
                *cues.family_count_words,
            )
        )
        self.family_count_fillers = frozenset(cues.family_count_fillers)
        # Order matches the fields of ``_Scan``; the context stage's rules come last.
        self.scanner = PhraseScanner(
            [
                lexicon.analyte_index,
                lexicon.concept_index,
                _cue_index([*cues.both_sexes_phrases, *cues.childbearing_phrases]),
                _cue_index(cues.healthy_volunteer_phrases),
                *rule_indexes(),
            ]
        )
        self.comparator_words = frozenset(
            word
            for phrases in (*cues.comparators.values(), *cues.postfix_comparators.values())
            for phrase in phrases
            for word in re.findall(r"[a-z]+", phrase)
        )
        # Words that never count as content when deciding whether a criterion is complete;
        # qualifiers ("secondary", "well-controlled") are read by the judge from context.
        rules = load_context_rules().rules
        qualifier_words = frozenset(
            word
            for rule in rules
            if rule.category == "qualifier" and not rule.states_a_result
            for phrase in rule.phrases
            for word in re.findall(r"[a-z]+", phrase)
        )
        # A test's result ("HER2-negative") is read where the whole phrase stands.
        self.result_rules = [slot for slot, rule in enumerate(rules) if rule.states_a_result]
        self.non_content_words = lexicon.filler_words | self.comparator_words | qualifier_words
        # "… disorders requiring chronic treatment with steroids": a requirement word within
        # a few words after a condition, in the same sentence part, and what follows it.
        # (none given: "(?!)" never matches, rather than an empty cue matching everywhere)
        requirement = phrase_alternation(cues.requirement_words) or "(?!)"
        self.requiring_after = re.compile(
            rf"[^.;:()]{{0,40}}?\b(?:{requirement})\b([^.;:]*)", re.IGNORECASE
        )
        # "insulin treated diabetes", "insulin-requiring diabetes": between a treatment and
        # the condition right after it, a word saying the treatment is what the condition
        # needs.
        before = phrase_alternation(cues.requirement_words_before) or "(?!)"
        self.requiring_before = re.compile(rf"\s*-?\s*(?:{before})\s+", re.IGNORECASE)
        self.requiring_before_ends = re.compile(rf"\b(?:{before})\s+$", re.IGNORECASE)
        # "SSc-PAH confirmed via previous cardiac catheterization": a procedure named as how
        # a diagnosis is confirmed, up to two words after the cue.
        confirmed = phrase_alternation(cues.confirmation_cues) or "(?!)"
        self.confirmed_by = re.compile(rf"\b(?:{confirmed})\s+(?:[\w-]+\s+){{0,2}}$", re.IGNORECASE)
        self.any_time = phrase_pattern(cues.any_time_phrases)
        # "4 weeks prior to the first dose of study drug": the study's start, right after a
        # window and its recency cue (a first dose "of" something else is no study start).
        study = phrase_alternation(cues.study_start_anchor_phrases) or "(?!)"
        self.study_start_after = re.compile(
            rf"\s*(?:prior\s+to|before|preceding|of|from)\s+(?:{study})(?![\w-])(?!\s+of\b)",
            re.IGNORECASE,
        )
        # "for 7 months after the last dose of trastuzumab deruxtecan" in a contraception
        # criterion: the trial's drug, right after the phrase.
        after = phrase_alternation(cues.trial_drug_after_phrases) or "(?!)"
        self.trial_drug_before = re.compile(rf"(?<![\w-])(?:{after})\s+$", re.IGNORECASE)
        self.trial_drug_topic = phrase_pattern(cues.trial_drug_topics)
        # "radiation-related toxicities": a treatment named as a toxicity's cause.
        suffixes = phrase_alternation(cues.cause_adjective_suffixes) or "(?!)"
        heads = phrase_alternation(cues.cause_adjective_heads) or "(?!)"
        self.cause_adjective_after = re.compile(
            rf"-(?:{suffixes})\s+(?:[\w-]+\s+)?(?:{heads})(?![\w-])", re.IGNORECASE
        )
        # "Absence of documented tumor genomic mutation results": the record is denied.
        absence = phrase_alternation(cues.record_absence_cues) or "(?!)"
        records = phrase_alternation(cues.record_nouns) or "(?!)"
        self.record_absence_before = re.compile(
            rf"(?<![\w-])(?:{absence})\s+(?:[\w-]+\s+){{0,4}}$", re.IGNORECASE
        )
        self.record_noun_after = re.compile(
            rf"(?:\s+[\w-]+){{0,4}}?\s+(?:{records})(?![\w-])", re.IGNORECASE
        )
        alterations = phrase_alternation(cues.alteration_nouns) or "(?!)"
        materials = phrase_alternation(cues.alteration_material_words) or "(?!)"
        self.alteration_after = re.compile(
            rf"(?:\s+(?:{materials})){{0,3}}\s+(?:{alterations})(?![\w-])", re.IGNORECASE
        )
        # "at least 4 weeks (must have elapsed) since the last dose of chemotherapy": the end
        # of the treatment named next, right after a window.
        ended = phrase_alternation(cues.treatment_end_anchor_phrases) or "(?!)"
        self.treatment_end_after = re.compile(
            rf"\s*(?:(?:must|should|will)\s+have\s+|ha(?:s|ve)\s+)?(?:elapsed|passed)?\s*"
            rf"(?:{ended})\s+",
            re.IGNORECASE,
        )

    def scan(self, tokens: Sequence[Token], lowered: Sequence[str]) -> _Scan:
        analytes, concepts, sex_exemptions, healthy, *context = self.scanner.find(tokens, lowered)
        return _Scan(analytes, concepts, sex_exemptions, healthy, context)


def _cue_index(phrases: Sequence[str]) -> PhraseIndex[str]:
    return PhraseIndex((phrase, phrase) for phrase in phrases)


def _phrase_regex(phrases: Sequence[str]) -> re.Pattern[str]:
    ordered = sorted(set(phrases), key=len, reverse=True)
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(p) for p in ordered) + r")(?![\w])")


def _alternatives(table: dict[str, list[str]]) -> list[tuple[str, str]]:
    pairs = [(phrase, comparator) for comparator, phrases in table.items() for phrase in phrases]
    return sorted(pairs, key=lambda pair: len(pair[0]), reverse=True)


class _Alternation:
    def __init__(self, pattern: re.Pattern[str], comparators: dict[str, str]) -> None:
        self.pattern = pattern
        self.comparators = comparators


class _PrefixComparators:
    """Comparator phrases that end right before a number ("≥", "at least", "more than").

    Looked up by the gap's last character, longest phrase first: far cheaper
    than a regex alternation searched over every gap.
    """

    def __init__(self, table: dict[str, list[str]]) -> None:
        self._by_last_char: dict[str, list[tuple[str, Comparator]]] = {}
        for phrase, comparator in _alternatives(table):
            assert comparator in (">", ">=", "<", "<=", "=")
            self._by_last_char.setdefault(phrase[-1], []).append((phrase, comparator))  # type: ignore[arg-type]

    def find(self, gap: str) -> tuple[Comparator, int] | None:
        """The comparator ending ``gap`` (ignoring "of"/"to"/"than"/":") and where it starts.

        A symbol in brackets restates the words before it ("less than (<) 50", "greater
        than or equal to (>=)0.5"): the words decide, the symbol alone when there are none.
        """
        text = gap.rstrip(" -:+")  # "< +1.5": the sign belongs to the number
        restated = _RESTATED_SYMBOL.search(text)
        if restated is not None:
            words = self._ends_with_phrase(text[: restated.start()].rstrip())
            if words is not None:
                return words
            text = text[: restated.end(1)]
        for filler in (" of", " to", " than"):
            if text.endswith(filler) and not self._ends_with_phrase(text):
                text = text[: -len(filler)].rstrip()
                break
        return self._ends_with_phrase(text)

    def _ends_with_phrase(self, text: str) -> tuple[Comparator, int] | None:
        if not text:
            return None
        for phrase, comparator in self._by_last_char.get(text[-1], ()):
            if text.endswith(phrase):
                start = len(text) - len(phrase)
                if phrase[0].isalpha() and start > 0 and text[start - 1].isalnum():
                    continue
                return comparator, start
        return None


def _starting_alternation(table: dict[str, list[str]]) -> _Alternation:
    """Comparator phrases right after a value ("or more", "and above", "+")."""
    pairs = _alternatives(table)
    body = "|".join(f"(?P<c{i}>{re.escape(phrase)})" for i, (phrase, _) in enumerate(pairs))
    pattern = re.compile(r"\s*(?:" + body + r")(?![a-z])")
    return _Alternation(pattern, {f"c{i}": comparator for i, (_, comparator) in enumerate(pairs)})


def _comparator_of(alternation: _Alternation, match: re.Match[str]) -> Comparator:
    group = match.lastgroup
    assert group is not None
    comparator = alternation.comparators[group]
    assert comparator in (">", ">=", "<", "<=", "=")
    return comparator  # type: ignore[return-value]


@functools.cache
def _patterns() -> _Patterns:
    return _Patterns(load_lexicon())


def _find_values(
    norm: str,
    skip: Sequence[tuple[int, int]],
    cased: str = "",
    days: Mapping[int, float] | None = None,
) -> list[ValueFinding]:
    """Every number in ``norm`` with comparator, range and unit (``cased``: the text before
    lowercasing, which tells "mM" from "mm"; ``days``: the days of obstetric weeks+days
    numbers, by where each starts, ``_days_of_weeks``)."""
    days = days or {}
    patterns = _patterns()
    reader = get_unit_reader()
    findings: list[ValueFinding] = []
    position = 0
    length = len(norm)
    while position < length:
        match = NUMBER_PATTERN.search(norm, position)
        if match is None:
            break
        start, end = match.start(), match.end()
        position = end
        if _inside(start, skip) or (findings and start < findings[-1].end):
            continue
        if _not_a_value(norm, start, end):
            continue
        value = number_from_match(match) + days.get(start, 0.0)
        pattern_sum = _PATTERN_SUM.match(norm, start)
        if pattern_sum is not None:
            if norm[max(0, start - 2) : start].strip() == "(":
                position = pattern_sum.end()
                continue  # "Gleason score ≥ 7 (4+3)": the score's patterns, explaining it
            value = float(int(pattern_sum.group(1)) + int(pattern_sum.group(2)))
            end = position = pattern_sum.end()
        gap_start = max(findings[-1].end if findings else 0, start - 40)
        comparator, explicit, start, between = _comparator_before(norm, gap_start, start, skip)
        paired = _SLASH_PARTNER.match(norm, end)
        if paired is not None:
            end = paired.end()  # "160/100 mmHg", "4/10": the first number is the threshold
        unit_found = reader.read(norm, end, cased)
        unit = unit_found[0] if unit_found else None
        unit_text = ""
        if unit_found:
            unit_text = norm[end : unit_found[1]].strip()
            end = unit_found[1]
        upper: float | None = None
        lower_open = upper_open = False
        # A lower bound ("≥ 12", a lost sign's "= 18") may open a range with "and" ("≥ 12 and
        # < 18 years") when an upper bound follows.
        lower_bound = comparator in (">", ">=") or _LOST_SIGN.match(norm, start) is not None
        range_end = _range_partner(norm, end, between, lower_bound, days)
        if range_end is not None and lower_bound and range_end[4] is not None:
            # "≥ 12 and < 18 years of age": two bounds, each a value of its own (read per bound,
            # as written), joined into one range after reading (``_merge_bounds``); the first
            # takes the second's time unit when it writes none (an age's: "≥ 12" is 12 years).
            if unit is None and range_end[2] is not None and range_end[2][0] in _TIME_UNITS:
                unit, unit_text = range_end[2]
            range_end = None
        elif range_end is None and unit is None and _LOST_SIGN.match(norm, start) is not None:
            # "HbA1c = 6.5 and = 10.0 %", "BMI =18 to =30 kg/m2": two bounds whose signs the
            # registry lost, the unit written once after the second; the first takes it.
            unit, unit_text = _lost_sign_partner_unit(norm, end, cased) or (None, "")
        if range_end is not None:
            upper, end, second_unit, scale, bound_written = range_end
            upper_open = bound_written == "<"
            # "> 18 to < 90 years", "≥ 12 and < 18": each end keeps its own bound.
            lower_open = comparator == ">"
            if number_scale(match) == 1.0:
                value *= scale
            if second_unit is not None:
                # "28 days to 6 months": each end in its own unit, the range in the second's
                # (the larger, as ranges are written; a gestation is read in days or weeks).
                restated = None if unit is None else convert(value, unit, second_unit[0])
                value = value if restated is None else restated
                unit, unit_text = second_unit
            comparator, explicit = "between", True
            if upper < value:
                value, upper = upper, value
                lower_open = upper_open = False
        inclusive = _PAREN_INCLUSIVE.match(norm, end)
        if inclusive:
            end = inclusive.end()
        postfix = patterns.postfix.pattern.match(norm, end)
        if postfix is not None and comparator == "=":
            comparator = _comparator_of(patterns.postfix, postfix)
            explicit = True
            end = postfix.end()
            if unit is None:
                # "80 or more years old": an age's unit after its comparator.
                age_unit = reader.read(norm, end)
                if age_unit is not None and _AGE_AFTER.search(norm, end, age_unit[1] + 8):
                    unit, unit_text = age_unit[0], norm[end : age_unit[1]].strip()
                    end = age_unit[1]
        if (unit is None or unit == "year") and patterns.legal_age.match(norm, end):
            # "18 years of age, or the legal age of consent": the least age, where the
            # legal age may be higher; "18 or the legal age" is an age with no unit written.
            unit = "year"
            if not explicit:
                comparator, explicit = ">=", True
        bound = _BOUND_BEFORE_NAME.match(norm, end)
        if bound is not None and comparator == "=" and not explicit:
            # "18 ≤ BMI": a bound written before the name it limits, read from the name's side.
            comparator, explicit = _FLIPPED[bound.group(1)], True
        findings.append(
            ValueFinding(
                start,
                end,
                comparator,
                value,
                upper,
                unit,
                unit_text,
                explicit,
                lower_open,
                upper_open,
            )
        )
        position = end
    return findings


def _lost_sign_partner_unit(norm: str, end: int, cased: str) -> tuple[str, str] | None:
    """The unit written after a second bound whose sign was lost too ("= 6.5 and = 10.0 %"
    from ``end``, after the first bound), with its text; None when none is written."""
    partner = _LOST_SIGN_PARTNER.match(norm, end)
    number = NUMBER_PATTERN.match(norm, partner.end()) if partner is not None else None
    if number is None:
        return None
    unit_found = get_unit_reader().read(norm, number.end(), cased)
    if unit_found is None:
        return None
    return unit_found[0], norm[number.end() : unit_found[1]].strip()


# The joiner and lost sign of a second bound: " and = ", " to =".
_LOST_SIGN_PARTNER = re.compile(r"\s*(?:and|to)\s*=\s*")


def _with_bare_limits(
    norm: str, skip: Sequence[tuple[int, int]], findings: list[ValueFinding]
) -> list[ValueFinding]:
    """``findings`` and each limit of normal a comparator bounds with no multiple written
    ("above ULN", "less than the upper limit of normal", "below the lower limit of normal"):
    a value of once the limit (1 x ULN, 1 x LLN)."""
    prefix = _patterns().prefix
    found: list[ValueFinding] = []
    for start, limit_start, end, limit in limits_without_multiple(norm):
        if _inside(start, skip) or any(f.start <= start < f.end for f in findings):
            continue
        gap_start = max(0, start - 30)
        comparator = prefix.find(norm[gap_start:start])
        if comparator is None or comparator[0] == "=":
            continue
        written = norm[limit_start:end].strip()
        found.append(
            ValueFinding(
                gap_start + comparator[1], end, comparator[0], 1.0, None, limit, written, True
            )
        )
    if not found:
        return findings
    return sorted([*findings, *found], key=lambda finding: finding.start)


# A bracket glued to a percentage, before a number: "ICGR15 > 30%(12)" cites reference 12.
_REFERENCE_MARK = re.compile(r"%\(")


def _enumerates(norm: str, start: int, end: int) -> bool:
    """Whether the number at ``start:end`` numbers an item of a list written in the text:
    one digit in brackets ("(2)") when the item before or after it is numbered alike."""
    if end - start != 1 or norm[start - 1 : start] != "(" or norm[end : end + 1] != ")":
        return False
    number = int(norm[start])
    return f"({number + 1})" in norm or (number > 0 and f"({number - 1})" in norm)


# "2.5-fold ULN", "3-fold the upper limit of normal": a multiple of a limit of normal, which the
# unit reader reads ("-fold uln"), not an adjective ("a 2-fold increase").
_FOLD_OF_LIMIT = re.compile(
    r"-fold\s+(?:of\s+)?(?:the\s+)?(?:uln|unl|upper|normal|institutional)\b"
)


def _not_a_value(norm: str, start: int, end: int) -> bool:
    """Whether the number at ``start:end`` is written as no value at all: part of an
    adjective, an edition or a code (:func:`_find_values` skips it)."""
    if (
        norm[end : end + 1] == "-"
        and norm[end + 1 : end + 2].isalpha()
        and not _FOLD_OF_LIMIT.match(norm, end)
    ):
        return True  # "10-year risk", "6-minute walk": an adjective, not a value
    if _VERSION_BEFORE.search(norm, max(0, start - 9), start) or _EDITION_AFTER.match(norm, end):
        return True  # "CTCAE v5.0", "version 4.03", "NCI CTCAE 4.03 criteria": an edition
    if _enumerates(norm, start, end):
        return True  # "(1) HAS-BLED score ≥ 3 or (2) …": the numbers of a list's items
    if _REFERENCE_MARK.match(norm, start - 2) and norm[end : end + 1] == ")":
        return True  # "ICGR15 > 30%(12)": a reference's number glued to the value
    # "PCV-13", "COVID-19", "IL-6", "T3-4", "T3/4", "lesion 001": part of a code
    return bool(
        _CODE_BEFORE.search(norm, max(0, start - 8), start) or _LEADING_ZERO.match(norm, start)
    )


def _comparator_before(
    norm: str, gap_start: int, start: int, skip: Sequence[tuple[int, int]]
) -> tuple[Comparator, bool, int, bool]:
    """The comparator written before the value at ``start`` (in the gap from ``gap_start``,
    or before the name it follows), whether it was written, where the value's finding
    starts (at the comparator, unless that is a name's word) and whether a range opens
    there ("between 18 and 30"): the part of :func:`_find_values` that reads leftwards."""
    patterns = _patterns()
    gap = norm[gap_start:start]
    comparator: Comparator = "="
    explicit = False
    prefix = patterns.prefix.find(gap)
    between = _BETWEEN_END.search(gap) is not None
    if not between and (prefix is None or prefix[0] == "="):
        # "under age 50", "between the ages of 21 and 65": written before the name.
        before_name = _before_the_name(norm, gap_start, start, skip)
        if before_name is not None and _BETWEEN_END.search(before_name):
            between, prefix = True, None
        elif before_name is not None:
            found = patterns.prefix.find(before_name)
            prefix = found if found is not None and found[0] != "=" else prefix
    label = _GRADE_WORD_END.search(gap) if prefix is None and not between else None
    if label is not None:
        # "CTCAE > Grade 2", "≤ Grade 1 neuropathy": the comparator before the label; the
        # value keeps its place after the label, which says only a score may take it.
        found = patterns.prefix.find(gap[: label.start()])
        if found is not None and found[0] != "=":
            comparator, explicit = found[0], True
    if prefix is not None and not between:
        comparator = prefix[0]
        explicit = comparator != "="
        if not _inside(gap_start + prefix[1], skip):  # "MADRS score of 18": a name's word
            start = gap_start + prefix[1]
    return comparator, explicit, start, between


# With an age's unit: "years old", "years of age" (an age, not a duration).
_AGE_AFTER = re.compile(r"\b(?:old|of\s+age)\b")

# Between a name and its value when the comparator is written before the name: "under age
# 50", "greater than NYHA 2", "less than NYHA class 3", "between the ages of 21 and 65".
_NAME_TO_VALUE = re.compile(
    r"[\s:(),]*(?:(?:of|class|grade|score|stage|status|functional|classification)[\s:(),]*)*"
)
_ARTICLE_AT_END = re.compile(r"\s*\bthe\s*$")
_GRADE_WORD_END = re.compile(r"\b(?:grade|class|stage)\s*$")
# A range opened before its first number: "between 18 and 30", "from 2 to 5", "between,
# and including, 18 and 50".
_BETWEEN_END = re.compile(r"\b(?:between|from)(?:\s*,\s*and\s+including\s*,)?\s*$")


def _before_the_name(
    norm: str, gap_start: int, start: int, skip: Sequence[tuple[int, int]]
) -> str | None:
    """The text before the name a value follows, when a comparator may be written there.

    The comparator bounds the value, not the name: "greater than NYHA 2" is NYHA > 2,
    never NYHA 2, and "under age 50" is an age under 50. The name must reach the value
    across its label words only; a "the" before the name is dropped.
    """
    names = [
        name_start
        for name_start, name_end in skip
        if gap_start <= name_start
        and name_end <= start
        and _NAME_TO_VALUE.fullmatch(norm, name_end, start)
    ]
    if not names:
        return None
    return _ARTICLE_AT_END.sub("", norm[gap_start : max(names)])


def _range_partner(
    norm: str,
    position: int,
    after_between: bool,
    after_lower_bound: bool = False,
    days: Mapping[int, float] | None = None,
) -> tuple[float, int, tuple[str, str] | None, float, str | None] | None:
    """The second number of "18 to 30", "18-30 kg/m2", "between 45 (inclusive) and 85",
    and the power of ten written after it only ("4.0 - 11.0 x 10^9/L": 10^9), which
    scales the first number too; and the upper bound written on it ("<", "<="), if any.

    The second number may carry its own upper bound ("12 to < 18 years", "≥ 12 and < 18",
    "2 to less than 12", "≥18 - ≤65"): the range keeps both ends, never only the second
    (read alone, "< 18" lets a 2-year-old meet "12 to < 18")."""
    inclusive = _PAREN_INCLUSIVE.match(norm, position)
    if inclusive:
        position = inclusive.end()
    position = _restated_unit_end(norm, position)
    cursor = position
    while cursor < len(norm) and norm[cursor] == " ":
        cursor += 1
    joiner_end = -1
    joiner_after_bound = False
    for joiner in ("to", "-", "and", "through", "~"):
        if norm.startswith(joiner, cursor):
            if joiner in ("and",) and not after_between:
                if not after_lower_bound:
                    return None
                joiner_after_bound = True
            joiner_end = cursor + len(joiner)
            break
    if joiner_end < 0:
        return None
    while joiner_end < len(norm) and norm[joiner_end] == " ":
        joiner_end += 1
    bound_written: str | None = None
    bound = _patterns().upper_bound.match(norm, joiner_end)
    if bound is not None:
        bound_written = _patterns().upper_bounds[bound.group(1)]
        joiner_end = bound.end()
    elif joiner_after_bound:
        return None  # "≥ 1 and 2 prior lines": a lower bound's "and" opens no range alone
    elif norm[cursor] != "-":
        # "BMI >25 kg/m² to >40 kg/m²": the first end's lower sign written again on the
        # second end; the two ends joined are one range.
        signed = _SECOND_END_SIGN.match(norm, joiner_end)
        joiner_end = signed.end() if signed else joiner_end
    match = NUMBER_PATTERN.match(norm, joiner_end)
    if match is None:
        return None
    upper = number_from_match(match) + (days or {}).get(match.start(), 0.0)
    scale = number_scale(match)
    end = match.end()
    unit_found = get_unit_reader().read(norm, end)
    second_unit: tuple[str, str] | None = None
    if unit_found:
        second_unit = (unit_found[0], norm[end : unit_found[1]].strip())
        end = unit_found[1]
    return upper, end, second_unit, scale, bound_written


# A lower sign before a range's second end, the first end's sign written again ("to >40"):
# the end stays in the range. An upper sign there ("to ≤ 75", "to < 16") is the range's
# upper bound and keeps its strictness (``_Patterns.upper_bound``).
_SECOND_END_SIGN = re.compile(r"(?:≥|>=?|=>)\s*")
# A unit restated in brackets after the first end: "18.0 kilograms per meter squared
# (kg/m^2) through 32.0 kg/m^2".
_BRACKETED = re.compile(r"\s*\(\s*([^()]{1,24}?)\s*\)")


def _restated_unit_end(norm: str, position: int) -> int:
    """Past a bracket after a range's first end that holds only a unit, which restates the
    unit written before it (or gives it): the range's joiner follows the bracket. Any other
    bracket is left where it is (``position``)."""
    bracket = _BRACKETED.match(norm, position)
    if bracket is None:
        return position
    unit = get_unit_reader().read(norm, bracket.start(1))
    if unit is None or unit[1] != bracket.end(1):
        return position
    return bracket.end()


def _inside(position: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in spans)


def _token_spans(tokens: Sequence[Token], first: int, last: int) -> tuple[int, int]:
    return tokens[first].start, tokens[last - 1].end


def _defined_otherwise(
    text: str, tokens: Sequence[Token], first: int, last: int, analyte_id: str
) -> bool:
    """Whether an analyte's acronym matched here is one the text defines as something else:
    "All pacing capture thresholds (PCT) do not exceed 2.0 V" spells PCT out as no
    procalcitonin, so neither "(PCT)" nor a later "PCT" is one. The words right before the
    bracketed acronym begin with its letters, in order, and share no word with its names
    ("Fagerström Test for Cigarette Dependence (FTCD)" stays the Fagerström test)."""
    written = tokens[first].text
    analyte = load_lexicon().analytes[analyte_id]
    if last - first != 1 or written not in analyte.acronyms or len(written) < 2:
        return False
    named = {word for name in analyte.names for word in name.split()}
    for defined in re.finditer(
        rf"((?:[A-Za-z][\w'-]*\s+){{{len(written)}}})\(\s*{re.escape(written)}\s*\)", text
    ):
        words = defined.group(1).lower().split()
        if "".join(word[0] for word in words) == written.lower() and named.isdisjoint(
            word for word in words if len(word) > 3
        ):
            return True
    return False


def _after_a_prefix(text: str, tokens: Sequence[Token], lowered: Sequence[str], first: int) -> bool:
    """Whether the word at ``first`` is joined by a hyphen to a prefix that makes it another
    concept (:data:`~trialfinder.phrases.OTHER_CONCEPT_PREFIXES`): "pre-diabetes" and
    "pre-diabetic" are no diabetes, "pre-hypertension" no hypertension."""
    if first == 0 or lowered[first - 1] not in OTHER_CONCEPT_PREFIXES:
        return False
    joint = tokens[first - 1].end
    return tokens[first].start == joint + 1 and text[joint] == "-"


def _names_the_trial_drug(text: str, tokens: Sequence[Token], match: PhraseMatch[str]) -> bool:
    """Whether a treatment is the trial's own drug named after a time from its end in a
    criterion about contraception, breastfeeding or donation ("use a highly effective form of
    contraception … for at least 7 mo after the last dose of trastuzumab deruxtecan": no
    requirement that the patient had it; ``trial_drug_after_phrases``)."""
    patterns = _patterns()
    start = tokens[match.first].start
    return (
        load_lexicon().concepts[match.value].category == "treatment"
        and patterns.trial_drug_before.search(text, 0, start) is not None
        and patterns.trial_drug_topic.search(text) is not None
    )


def _names_a_toxicitys_cause(text: str, tokens: Sequence[Token], match: PhraseMatch[str]) -> bool:
    """Whether a treatment is written as the cause of a toxicity ("or radiation-related
    toxicities", "chemotherapy-induced adverse events"; ``cause_adjective_*``): what caused
    the side effect, not a treatment the criterion asks the patient had."""
    end = tokens[match.last - 1].end
    return (
        load_lexicon().concepts[match.value].category == "treatment"
        and _patterns().cause_adjective_after.match(text, end) is not None
    )


def _a_missing_records_subject(text: str, tokens: Sequence[Token], match: PhraseMatch[str]) -> bool:
    """Whether a condition is what a record denied around it is about ("Absence of documented
    tumor genomic mutation results"; ``record_absence_cues``, ``record_nouns``): the absence
    is the result's, not the condition's."""
    patterns = _patterns()
    start, end = tokens[match.first].start, tokens[match.last - 1].end
    return (
        load_lexicon().concepts[match.value].category == "condition"
        and patterns.record_absence_before.search(text, 0, start) is not None
        and patterns.record_noun_after.match(text, end) is not None
    )


def _an_alterations_site(text: str, tokens: Sequence[Token], match: PhraseMatch[str]) -> bool:
    """Whether a condition names where an alteration was found, right before its noun
    ("EGFR tumour tissue mutation", "tumour genomic alterations"; ``alteration_nouns``): the
    tumour is the tested material, not a condition asked."""
    end = tokens[match.last - 1].end
    return (
        load_lexicon().concepts[match.value].category == "condition"
        and _patterns().alteration_after.match(text, end) is not None
    )


def _find_concept_spans(
    text: str, tokens: Sequence[Token], lowered: Sequence[str], bounds: list[int], scan: _Scan
) -> list[ConceptFinding]:
    if not scan.concepts:
        return []
    lexicon = load_lexicon()
    findings: list[ConceptFinding] = []
    # "HBV DNA undetectable", "HBV DNA > 2000 IU/mL": a virus named in its load's name is the
    # load, read as a value, not the infection (neither had nor denied, nor an alternative
    # of an exclusion); "chronic hepatitis B" says whether the patient has it.
    loads = [
        (a.first, a.last) for a in scan.analytes if lexicon.analytes[a.value].detection_limited
    ]
    kept = [
        match
        for match in scan.concepts
        if match.value != OTHER_SENSE
        and not any(first <= match.first and match.last <= last for first, last in loads)
        and not _after_a_prefix(text, tokens, lowered, match.first)
        and not _names_the_trial_drug(text, tokens, match)
        and not _names_a_toxicitys_cause(text, tokens, match)
        and not _a_missing_records_subject(text, tokens, match)
        and not _an_alterations_site(text, tokens, match)
    ]
    for first, last, concept_id, words in _elided_concepts(text, tokens, lowered, kept):
        concept = lexicon.concepts[concept_id]
        start, end = _token_spans(tokens, first, last)
        context = modifiers(
            scan.context, tokens, lowered, bounds, first, last, text=text, kind=concept.category
        )
        findings.append(
            ConceptFinding(
                concept.id,
                concept.category,
                start,
                end,
                # The words as written, so the judge finds the qualifiers before them
                # ("chronic pulmonary or end-stage renal disease"); reasons name the
                # concept for a part of its name (``match.concept_name``).
                text[tokens[words[0]].start : tokens[words[1] - 1].end]
                if words
                else text[start:end],
                "negation" in context,
                "history" in context,
            )
        )
    return findings


def _elided_concepts(
    text: str,
    tokens: Sequence[Token],
    lowered: Sequence[str],
    matches: Sequence[PhraseMatch[str]],
) -> list[tuple[int, int, str, tuple[int, ...]]]:
    """Each concept named (token span, id, and the tokens whose words it is written with
    when not its span's own), with the names written once for two read as two.

    Two names that share a written part leave it out of one of them: "type 1 or type 2
    diabetes" (the head after), "diabetes mellitus type I or type II" (the head before),
    "type 1 or 2 diabetes" (a shared opening and head). A phrase lookup reads only the name
    written whole, so a type 1 patient did not meet "type 1 or type 2 diabetes" and a lung
    cancer was no exclusion by "lung or breast cancer". The left-out name is read only when
    the words beside the joiner (``cues.elision_joiners``), with the shared part, are a
    concept's name in the vocabulary, and are no other concept's words.
    """
    lexicon = load_lexicon()
    names = lexicon.concept_index.phrases
    joiners = frozenset(lexicon.cues.elision_joiners)
    taken = [(m.first, m.last) for m in matches]

    def free(first: int, last: int) -> bool:
        return (
            first >= 0
            and last <= len(lowered)
            and not any(a < last and first < b for a, b in taken)
        )

    def named(words: Sequence[str], other: str) -> str | None:
        found = names.get(tuple(words))
        return found if found not in (None, OTHER_SENSE, other) else None

    spans: list[tuple[int, int, str, tuple[int, ...]]] = []
    for match in matches:
        first, last, head = match.first, match.last, list(lowered[match.first : match.last])
        spans.append((first, last, match.value, ()))
        joiner = first - 1
        if joiner >= 1 and lowered[joiner] in joiners:
            # "type 1 or type 2 diabetes": the words before the joiner take the place of the
            # name's opening words; "Pleural, ascites, or pericardial effusion": so do the
            # words of each item the commas list before it.
            spans.extend(
                _opening_kinds(tokens, lowered, text, joiner, head, match.value, taken, free, named)
            )
        # "diabetes mellitus type I or type II", "Type I, uncontrolled Type II, or
        # controlled Type II": the words after a joiner or a comma (and one word that
        # qualifies them) take the place of the name's closing words, kind after kind.
        position = last
        while (after := _after_separator(tokens, lowered, position, joiners, text)) is not None:
            kind = _closing_kind(lowered, after, head, free, named, match.value)
            if kind is None:
                break
            start, end, concept = kind
            spans.append((start, end, concept, ()))
            taken.append((start, end))
            position = end
        shared = _shared_opening(lowered, first, head, joiners, free, named)
        if shared is not None:
            # "type 1 or 2 diabetes": the head alone was read ("diabetes"); the two names
            # written with one opening replace it.
            spans.remove((first, last, match.value, ()))
            spans.extend(shared)
    return sorted(spans)


def _opening_kinds(
    tokens: Sequence[Token],
    lowered: Sequence[str],
    text: str,
    joiner: int,
    head: list[str],
    written: str,
    taken: Sequence[tuple[int, int]],
    free: Callable[[int, int], bool],
    named: Callable[[Sequence[str], str], str | None],
) -> list[tuple[int, int, str, tuple[int, ...]]]:
    """The kinds listed before the joiner at ``joiner`` whose words, with the closing words
    of the name written whole after it (``head``, concept ``written``), are other concepts:
    item by item back over the commas, past an item that is a name written whole
    ("ascites"), to the first that is neither."""
    spans: list[tuple[int, int, str, tuple[int, ...]]] = []
    end = joiner
    while end > 0:
        start = next((a for a, b in taken if b == end), None)
        for size in range(1, 4):
            if not free(end - size, end):
                break
            before = list(lowered[end - size : end])
            found = next(
                (
                    c
                    for kept in range(len(head) - 1, 0, -1)
                    if (c := named(before + head[-kept:], written)) is not None
                ),
                None,
            )
            if found is not None:
                spans.append((end - size, end, found, ()))
                start = end - size
                break
        if start is None or start == 0:
            break
        if "," not in text[tokens[start - 1].end : tokens[start].start]:
            break
        end = start
    return spans


def _after_separator(
    tokens: Sequence[Token],
    lowered: Sequence[str],
    position: int,
    joiners: frozenset[str],
    text: str,
) -> int | None:
    """The token after a joiner ("or"), a comma, or a comma and a joiner at ``position``."""
    if position >= len(lowered) or position == 0:
        return None
    after = position
    if "," in text[tokens[position - 1].end : tokens[position].start]:
        if lowered[after] in joiners:
            after += 1
    elif lowered[after] in joiners:
        after += 1
    else:
        return None
    return after if after < len(lowered) else None


def _closing_kind(
    lowered: Sequence[str],
    after: int,
    head: list[str],
    free: Callable[[int, int], bool],
    named: Callable[[Sequence[str], str], str | None],
    written: str,
) -> tuple[int, int, str] | None:
    """The kind written from ``after`` (after at most one qualifying word) that, with the
    name's opening words, is a concept other than ``written`` (the name written whole):
    (first, last token, concept)."""
    for skip in (0, 1):
        for size in range(1, 4):
            start, end = after + skip, after + skip + size
            if end > len(lowered) or not free(after, end):
                break
            for kept in range(len(head) - 1, 0, -1):
                concept = named(head[:kept] + list(lowered[start:end]), written)
                if concept is not None:
                    return start, end, concept
    return None


def _shared_opening(
    lowered: Sequence[str],
    first: int,
    head: list[str],
    joiners: frozenset[str],
    free: Callable[[int, int], bool],
    named: Callable[[Sequence[str], str], str | None],
) -> list[tuple[int, int, str, tuple[int, ...]]] | None:
    """The two names of "<opening> A or B <head>" when both are concepts ("type 1 or 2
    diabetes" is type 1 and type 2 diabetes), else None."""
    for between in (1, 2):
        joiner = first - between - 1
        if joiner < 2 or lowered[joiner] not in joiners or not free(joiner + 1, first):
            continue
        second_words = list(lowered[joiner + 1 : first])
        for size in range(2, 5):
            if not free(joiner - size, joiner):
                break
            before = list(lowered[joiner - size : joiner])
            for cut in range(1, size):
                opening, choice = before[:cut], before[cut:]
                one = named(opening + choice + head, "")
                two = named(opening + second_words + head, "")
                if one is not None and two is not None and one != two:
                    ends = tuple(range(first, first + len(head)))
                    start = joiner - size
                    return [
                        (start, joiner, one, (start, ends[-1] + 1)),
                        (joiner + 1, ends[-1] + 1, two, (start, ends[-1] + 1)),
                    ]
    return None


def find_concepts(text: str) -> list[ConceptFinding]:
    """Conditions, treatments and behaviours in text, with negation and history flags."""
    norm = unit_normalised(text.lower())
    tokens, lowered = tokenize_lowered(text)
    scan = _patterns().scan(tokens, lowered)
    return _find_concept_spans(text, tokens, lowered, clause_bounds(norm), scan)


def other_sense_spans(text: str) -> list[tuple[int, int]]:
    """Where text holds a phrase in which a concept's name means something else
    (``concepts.json`` ``other_senses``: "an adrenaline auto-injector", "phenylephrine eye
    drops"): no reading of the words there may name the concept."""
    tokens, lowered = tokenize_lowered(text)
    return [
        _token_spans(tokens, match.first, match.last)
        for match in _patterns().scan(tokens, lowered).concepts
        if match.value == OTHER_SENSE
    ]


# Obstetric "24 + 0 weeks" (24 weeks and 0 days): blanked to "24     weeks", same length, so
# offsets into the text stay right; the days are added back to the weeks' number when it is
# read (``_days_of_weeks``). The first end of a range of them too, its weeks word written once
# after the second: "34+0-36+5 weeks of gestation", "between 32+0 to 36+6 weeks gestation".
_WEEKS_AND_DAYS = re.compile(
    r"(\d{1,2})\s*\+\s*([0-6])"
    r"(?=\s*(?:(?:-|–|to|and|through)\s*\d{1,2}\s*\+\s*[0-6]\s*)?(?:weeks?|wks?)\b)"
)


def _whole_weeks(match: re.Match[str]) -> str:
    return match.group(1).ljust(len(match.group(0)))


def _days_of_weeks(norm: str) -> dict[int, float]:
    """Where each obstetric weeks+days number starts in ``norm`` (before it is blanked), and
    its days as a fraction of a week ("36+5": 5/7)."""
    return {match.start(1): int(match.group(2)) / 7 for match in _WEEKS_AND_DAYS.finditer(norm)}


# "for at least 3 consecutive months": a time, the number's own unit after a word saying
# the time is unbroken (blanked in the normalised text, so offsets stay the text's).
_UNBROKEN_TIME = re.compile(
    r"(\d{1,3})\s+(?:consecutive|continuous|uninterrupted)(?=\s+(?:days?|weeks?|months?|years?)\b)"
)


def analyse_text(text: str) -> TextAnalysis:
    """Measurements, concepts (with time windows) and the spans they cover."""
    return _analyse(text)[0]


def _analyse(text: str) -> tuple[TextAnalysis, _Scan]:
    """``analyse_text`` plus the phrase scan, which a criterion also reads for cues."""
    normalised = unit_normalised(text.lower())
    week_days = _days_of_weeks(normalised)
    norm = _WEEKS_AND_DAYS.sub(_whole_weeks, normalised)
    norm = _UNBROKEN_TIME.sub(_whole_weeks, norm)
    tokens, lowered = tokenize_lowered(text)
    if not _patterns().number_words.isdisjoint(lowered):
        norm = number_words_as_digits(norm)
    scan = _patterns().scan(tokens, lowered)
    bounds = clause_bounds(norm, text)
    value_bounds = value_clause_bounds(norm)
    analyte_matches = [
        (match.value, *_token_spans(tokens, match.first, match.last))
        for match in scan.analytes
        if not _defined_otherwise(text, tokens, match.first, match.last, match.value)
    ]
    concepts = _find_concept_spans(text, tokens, lowered, bounds, scan)
    named_spans = [(start, end) for _, start, end in analyte_matches]
    named_spans.extend((c.start, c.end) for c in concepts)
    values = _find_values(norm, named_spans, text, week_days) if _DIGIT.search(norm) else []
    values = _with_bare_limits(norm, named_spans, values)
    measurements: list[tuple[Measurement, int, int]] = []
    covered: list[tuple[int, int]] = [*named_spans]
    for slot in _patterns().result_rules:
        for match in scan.context[slot]:
            covered.append(_token_spans(tokens, match.first, match.last))
    windows: list[tuple[int, int, TimeWindow]] = []
    timed_analyte_named = any(_measured_in_time(a) for a, _, _ in analyte_matches)
    lexicon = load_lexicon()
    counted = _patterns().counted
    previous_end = 0
    scoped = False
    unread_values = 0
    thresholds = any(f.unit is not None and f.unit not in _TIME_UNITS for f in values)
    loads = any(lexicon.analytes[a].detection_limited for a, _, _ in analyte_matches)
    results = detection_results(text) if loads else ()
    stated = frozenset(result.name_start for result in results)
    for finding in values:
        segment_start, previous_end = (
            max(previous_end, bounds[clause_of(bounds, finding.start)]),
            finding.end,
        )
        covered.append((finding.start, finding.end))
        if (
            _not_a_threshold(norm, finding, counted)
            or _an_estimate(norm, finding)
            or _a_treatment_target(norm, finding, bounds[clause_of(bounds, finding.start)])
        ):
            continue
        is_time = finding.unit in _TIME_UNITS and _after_time_cue(norm, finding)
        # "within 6 months" is a time window, except for a quantity measured in time
        # ("life expectancy of at least 3 months").
        analytes = (
            _owning_analytes(norm, finding, analyte_matches, measurements, value_bounds, stated)
            if timed_analyte_named or not is_time
            else []
        )
        if is_time:
            analytes = [a for a in analytes if _measured_in_time(a)]
            if analytes and _lasts_for_something_else(
                norm, finding, analyte_matches, analytes, concepts
            ):
                analytes = []
        if analytes == ["age"] and _dates_a_concept(finding, analyte_matches, concepts):
            windows.append((finding.start, finding.end, _time_window(norm, finding, text)))
            _stable_dose_window(norm, finding, bounds, windows)
            continue
        if not analytes:
            analytes = (
                _named_by_unit(finding, text)
                or _pressure_pair(norm, finding)
                or _score_by_its_form(norm, finding)
                or _grade_by_its_form(norm, finding)
                or _risk_by_its_form(norm, finding)
            )
        if (
            not analytes
            and finding.unit in _TIME_UNITS
            and _IMAGING_DIMENSION.match(text, finding.start)
        ):
            continue
        if not analytes and finding.unit in _TIME_UNITS:
            if _reads_as_age(norm, finding, concepts, bounds):
                analytes = ["age"]
            else:
                windows.append((finding.start, finding.end, _time_window(norm, finding, text)))
                _stable_dose_window(norm, finding, bounds, windows)
                covered.extend(_window_cues(norm, finding))
                continue
        if not analytes:
            if finding.unit is None and not finding.comparator_explicit:
                unread_values += 1
            continue
        subgroup = (
            _patterns().subgroup.search(
                norm, max(0, finding.start - _SUBGROUP_REACH), finding.start
            )
            if analytes == ["age"]
            else None
        )
        if analytes == ["age"] and _tests_a_group(norm, finding):
            # The age of a group given a test: who is tested, left to the study team.
            scoped = True
            continue
        if subgroup is not None and (thresholds or subgroup["scale"]):
            # A threshold's subgroup: its age is a condition of the threshold, left to the
            # study team. ("For adolescents over 18 years of age, able to provide informed
            # consent": with no threshold, the age stays the limit of whom it asks; a scale's
            # name before the age is that threshold.)
            scoped = True
            continue
        measurements.extend(
            _owned_measurements(text, norm, finding, analytes, analyte_matches, segment_start)
        )
    if unread_values and _labels_a_row(norm, measurements):
        # "13 to < 16 years: male: 1.5 female: 1.4", a row of a table "as follows": the age
        # says whose values the row gives, no age the patient must have (the study team
        # reads the row).
        measurements = measurements[1:]
        scoped = True
    # A grade only counts next to a named score, so text without one skips the search.
    roman_end = -1
    for roman in _roman_matches(norm, analyte_matches):
        if roman.start("roman") < roman_end:
            continue  # the upper grade of a range already read ("ASA I- ASA II")
        finding = _roman_finding(norm, roman, analyte_matches)
        roman_end = finding.end
        analytes = _owning_analytes(norm, finding, analyte_matches, measurements, value_bounds)
        # A Roman grade is a score's ("NYHA class III"); after a lab or a lesion it is the
        # stage of a disease ("CKD stage IV", "germ cell tumor stage II or higher").
        for analyte_id in (a for a in analytes if lexicon.analytes[a].kind == "score"):
            measurement = _measurement(analyte_id, finding, text)
            if measurement is not None:
                measurements.append((measurement, finding.start, finding.end))
                covered.append((finding.start, finding.end))
    for finding in _letter_class_findings(norm, analyte_matches):
        for analyte_id in _owning_analytes(
            norm, finding, analyte_matches, measurements, value_bounds
        ):
            measurement = _measurement(analyte_id, finding, text)
            if measurement is not None:
                # The class's points in brackets were read as a value of their own.
                measurements = [
                    m
                    for m in measurements
                    if m[0].analyte != analyte_id or not finding.start <= m[1] < finding.end
                ]
                measurements.append((measurement, finding.start, finding.end))
                covered.append((finding.start, finding.end))
    for period in _NAMED_PERIOD.finditer(norm):
        days = convert(1.0, period.group(1), "day") or 0.0
        written = text[period.start() : period.end()]
        windows.append((period.start(), period.end(), TimeWindow("recency", "<=", days, written)))
        covered.append((period.start(), period.end()))
    for result in results:
        measurements.append((_detection_reading(result, text), result.start, result.end))
        covered.append((min(result.name_start, result.start), max(result.name_end, result.end)))
    measurements = _drop_explained_grades(
        _merge_listed_grades(_drop_restatements(measurements, norm), text, norm), norm
    )
    valued = frozenset(m.analyte for m, _, _ in measurements)
    for raised in raised_levels(text, norm, analyte_matches, valued):
        # "Elevated ALT": above the upper limit of normal, once the limit ("low vitamin B12":
        # below the lower limit).
        limit = ValueFinding(
            raised.start,
            raised.end,
            "<" if raised.below else ">",
            1.0,
            None,
            "LLN" if raised.below else "ULN",
            "",
            True,
        )
        measurement = _measurement(raised.analyte, limit, text)
        if measurement is not None:
            measurements.append((measurement, raised.start, raised.end))
            covered.append((raised.start, raised.end))
    if not any(m.analyte == "age" for m, _, _ in measurements):
        under_majority = _under_majority(text) or _age_group_limit(text)
        if under_majority is not None:
            measurements.append(under_majority)
            covered.append(under_majority[1:])
    attached = _attach_windows(concepts, windows, bounds, norm)
    covered.extend(_restatements(text, tokens, lowered, measurements, attached))
    analysis = TextAnalysis(
        measurements,
        attached,
        covered,
        tokens,
        lowered,
        norm,
        scoped,
        tuple(w for *_, w in windows),
    )
    return analysis, scan


def _under_majority(text: str) -> tuple[Measurement, int, int] | None:
    """The age limit of a criterion that is a minors phrase, or a list opened by one.

    "Minors", "The patient is a minor", "Minors, adults under guardianship, protected
    persons": patients under the age of majority (``Cues.majority_age``), the first item's
    own alternative; the judge's reason says the age of majority is assumed. "Minor
    surgery", "minor deviations" and a minor named in passing are no age.
    """
    patterns = _patterns()
    found = patterns.minors.match(text)
    if found is None:
        return None
    start, end = found.span("phrase")
    age = patterns.majority_age
    limit = Measurement("age", "<", age, text[start:end], unit="year", canonical_value=age)
    return limit, start, end


# Words after an age group that go on about it as the criterion's subject ("Children with
# asthma", "Adults who …", "Adult patients receiving …"); not "whose" ("Adolescent whose
# parents are not providing consent" asks of the parents).
_SUBJECT_GOES_ON = (
    r"with|who|having|presenting|diagnosed|admitted|hospitali[sz]ed|undergoing|receiving|"
    r"requiring|scheduled|referred|seeking|suffering|attending"
)


def _age_group_limit(text: str) -> tuple[Measurement, int, int] | None:
    """The age limit of a criterion whose subject is an age group ("Healthy children",
    "Adult patients who are seeking treatment", "Adult females …, and adult males"): the
    ages ``Cues.age_group_words`` gives the group, or both groups' together ("Children and
    adolescents"). A group word in a name ("Children's Hospital", "Child-Pugh") is none."""
    patterns = _patterns()
    found = patterns.age_group_subject.match(text)
    if found is None:
        return None
    spans = [patterns.age_groups[found["first"].lower()]]
    if found["second"] is not None:
        spans.append(patterns.age_groups[found["second"].lower()])
    low = min(youngest for youngest, _ in spans)
    high = max(oldest for _, oldest in spans)
    start, end = found.start("first"), found.end("second" if found["second"] else "first")
    phrase = text[start:end]
    if high == float("inf"):
        limit = Measurement("age", ">=", low, phrase, unit="year", canonical_value=low)
    elif low <= 0:
        limit = Measurement("age", "<", high, phrase, unit="year", canonical_value=high)
    else:
        limit = Measurement(
            "age",
            "between",
            low,
            phrase,
            upper_value=high,
            unit="year",
            canonical_value=low,
            canonical_upper=high,
            upper_open=True,
        )
    return limit, start, end


def sex_group_ages(text: str) -> tuple[str, float, float] | None:
    """The age group opening a group of one sex ("Adult males", "Adult female patients") and
    the ages ``Cues.age_group_words`` gives it (an open top is infinite): asked beside the
    sex. None when no group word stands right before the sex word."""
    patterns = _patterns()
    found = patterns.sex_group.match(text)
    if found is None:
        return None
    low, high = patterns.age_groups[found["group"].lower()]
    return found["group"], low, high


def reads_age_group(age: Measurement) -> bool:
    """Whether an age limit was read from an age group that is the criterion's subject
    ("Healthy children", "Adult patients who …"), not written as a number: its reason says
    so, and LCT's gold, which types the group a life stage, has no numeric age to score."""
    return (
        age.analyte == "age"
        and not reads_majority(age)
        and _patterns().age_group_subject.fullmatch(age.text) is not None
    )


def reads_majority(age: Measurement) -> bool:
    """Whether an age limit was read from a minors phrase ("Minors"), not written as a
    number: its reason says the age of majority is assumed, and LCT's gold, which types
    "Minors" a life stage, has no numeric age to score it against."""
    return age.analyte == "age" and age.text.lower() in load_lexicon().cues.minor_phrases


def _owned_measurements(
    text: str,
    norm: str,
    finding: ValueFinding,
    analytes: Sequence[str],
    analyte_matches: Sequence[tuple[str, int, int]],
    segment_start: int,
) -> list[tuple[Measurement, int, int]]:
    """The measurements a value makes of the analytes that own it (``analytes``), each with
    the value's place: what :func:`_analyse` keeps of a value once its owners are known
    (a class label's value only for a score, a bare value's meaning, a change, a sex)."""
    lexicon = load_lexicon()
    change = _states_a_change(norm, finding, analyte_matches, analytes)
    sex = _written_for_sex(norm, finding, segment_start)
    labelled = _LABEL_BEFORE.search(norm, max(0, finding.start - 12), finding.start)
    measurements: list[tuple[Measurement, int, int]] = []
    for analyte_id, reading in _readings_per_name(norm, finding, analytes):
        if labelled is not None and lexicon.analytes[analyte_id].kind != "score":
            continue  # "stage 3-5 kidney disease", "type 2": a class, only a score's value
        measurement = _measurement(analyte_id, reading, text)
        if measurement is None:
            continue
        if not measurement.plausible and _is_loose_number(finding):
            continue  # a year or a reference number ("NYHA, 1964"), not a value
        bare_means = lexicon.analytes[analyte_id].bare_value_means
        if bare_means is not None and measurement.comparator == "=":
            measurement = msgspec.structs.replace(measurement, comparator=bare_means)
        if change or sex is not None:
            measurement = msgspec.structs.replace(measurement, change=change, sex=sex)
        measurements.append((measurement, finding.start, finding.end))
    return measurements


def _labels_a_row(norm: str, measurements: Sequence[tuple[Measurement, int, int]]) -> bool:
    """Whether the text opens with an age range and nothing else is read: the age labels a
    row of a table whose values (bare numbers nothing owns) follow it."""
    if len(measurements) != 1:
        return False
    age, start, _ = measurements[0]
    return age.analyte == "age" and not norm[:start].strip(" -*•\t")


# Characters before an age its subgroup's words are looked for in ("for the subjects
# aged 28 days to ").
_SUBGROUP_REACH = 48


def _tests_a_group(norm: str, finding: ValueFinding) -> bool:
    """Whether the age ``finding`` is of the group opening its sentence ("Patients under 55
    years …", "Fertile women (≥14 years of age …") that the sentence then gives a test ("…
    will undergo hormonal verification", "… must have a negative serum pregnancy test")."""
    patterns = _patterns()
    start = max(0, finding.start - _SUBGROUP_REACH)
    return (
        patterns.tested_group.search(norm, start, finding.start) is not None
        and patterns.group_test.match(norm, finding.end) is not None
    )


def _restatements(
    text: str,
    tokens: Sequence[Token],
    lowered: Sequence[str],
    measurements: Sequence[tuple[Measurement, int, int]],
    concepts: Sequence[tuple[ConceptFinding, TimeWindow | None]],
) -> list[tuple[int, int]]:
    """Words that only name what was read, so they leave nothing for the study team.

    An age group whose ages hold every age the criterion's limit allows ("Pediatric
    Patients (<18 years)", "Adults aged 18-65"; not "Pediatric patients > 2 years", where
    "pediatric" is a second limit), "duration" beside a duration read ("Diabetes duration >
    2 years"), and a bracketed source ("(as per Endocrine Society of India, Ref 12)").
    """
    patterns = _patterns()
    analytes = load_lexicon().analytes
    spans = [match.span() for match in patterns.citation.finditer(text)]
    ages = [m for m, _, _ in measurements if m.analyte == "age" and m.canonical_value is not None]
    lasting = any(window is not None and window.kind == "duration" for _, window in concepts)
    defined = frozenset(
        word
        for m, _, _ in measurements
        if m.comparator != "="
        for word in analytes[m.analyte].threshold_words
    )
    for token, word in zip(tokens, lowered, strict=True):
        group = patterns.age_groups.get(word)
        if (
            (group is not None and any(_ages_within(m, *group) for m in ages))
            or (lasting and word == "duration")
            or word in defined
        ):
            spans.append((token.start, token.end))
    lowered_text = text.lower()
    for m, _, end in measurements:
        # "(>450 msec in males; >470 msec in women)": the sex a value is written for.
        after = _SEX_AFTER.match(lowered_text, end) if m.sex is not None else None
        if after is not None:
            spans.append(after.span("sex"))
    return spans


def _ages_within(age: Measurement, youngest: float, oldest: float) -> bool:
    """Whether every age an age limit allows lies in ``[youngest, oldest]`` years."""
    low = age.canonical_value if age.canonical_value is not None else age.value
    if age.comparator in ("<", "<="):
        return youngest <= 0 and low <= oldest
    if age.comparator in (">", ">="):
        return low >= youngest and oldest == float("inf")
    high = age.canonical_upper if age.canonical_upper is not None else low
    return youngest <= low and high <= oldest


_RESTATEMENT_OPENER = re.compile(
    r"\s*[(\[]\s*(?:or|i\.?e\.?,?|=|equivalent to|approximately|approx\.?|about|~)?\s*"
)


def _drop_restatements(
    measurements: list[tuple[Measurement, int, int]], norm: str
) -> list[tuple[Measurement, int, int]]:
    """A threshold restated in another unit in brackets is not a second threshold.

    "bilirubin ≥ 100 µmol/L (5.8 mg/dL)", "Hb < 105 g/L [10.5 g/dL]", "HbA1c above
    48 mmol/mol (or 6.5%)": the bracketed value repeats the one before it.
    """
    kept: list[tuple[Measurement, int, int]] = []
    for measurement, start, end in measurements:
        # The same quantity's last value: a shared value ("AST and/or ALT > 3 times ULN
        # (approximately 120 IU/L)") lists one reading per name in between.
        same = next((k for k in reversed(kept) if k[0].analyte == measurement.analyte), None)
        if same is not None:
            previous, _, previous_end = same
            restates = (
                previous.analyte == measurement.analyte
                and previous_end <= start
                and _RESTATEMENT_OPENER.fullmatch(norm[previous_end:start]) is not None
                and measurement.unit is not None
                and not measurement.unit_assumed
                and measurement.unit != previous.unit
                and measurement.comparator in ("=", previous.comparator)
            )
            if restates or _restated_after_or(previous, previous_end, measurement, start, norm):
                continue
            if _comparator_carries_over(previous, previous_end, measurement, start, norm):
                # "creatinine > 1.5 mg/dL or 300 µmol/L": the comparator covers both.
                measurement = msgspec.structs.replace(measurement, comparator=previous.comparator)
        kept.append((measurement, start, end))
    return kept


def _comparator_carries_over(
    previous: Measurement, previous_end: int, measurement: Measurement, start: int, norm: str
) -> bool:
    """Whether a value written bare after "or" takes the comparator of the one before it.

    Only the same quantity's value with a unit of its own, right after "or" (across the
    sex the first value holds for): a listed score grade ("ECOG 0 or 1") is a range, read
    elsewhere.
    """
    return (
        previous.analyte == measurement.analyte
        and previous_end <= start
        and previous.comparator in (">", ">=", "<", "<=")
        and measurement.comparator == "="
        and measurement.unit is not None
        and not measurement.unit_assumed
        and _SEX_OR_BETWEEN.fullmatch(norm, previous_end, start) is not None
    )


_OR_BETWEEN = re.compile(r"\s*,?\s*or\s*")
# "or" after the sex the value before it holds for: "14 drinks per week (if male) or 7",
# "13 g/dL for men or 12 g/dL for women" — a threshold per sex, bounded alike.
_SEX_OR_BETWEEN = re.compile(
    r"\s*(?:\(\s*(?:if\s+|in\s+|for\s+)?(?:men|males?|women|females?)\s*\)"
    r"|(?:for|in)\s+(?:men|males?|women|females?))?\s*,?\s*or\s*"
)
_SAME_THRESHOLD = 0.15


def _restated_after_or(
    previous: Measurement, previous_end: int, measurement: Measurement, start: int, norm: str
) -> bool:
    """ "up to 12.5 mg/dL or 3.1 mmol/L": the same threshold again in another unit, after "or".

    Unlike a bracket, "or" may join two thresholds, so the two must be the same quantity in
    canonical units (within 15%) to be one.
    """
    if (
        previous.analyte != measurement.analyte
        or previous_end > start
        or _OR_BETWEEN.fullmatch(norm, previous_end, start) is None
        or measurement.unit is None
        or measurement.unit_assumed
        or measurement.unit == previous.unit
        or measurement.comparator not in ("=", previous.comparator)
        or previous.canonical_value is None
        or measurement.canonical_value is None
    ):
        return False
    scale = max(abs(previous.canonical_value), abs(measurement.canonical_value))
    return abs(previous.canonical_value - measurement.canonical_value) <= _SAME_THRESHOLD * scale


def _drop_explained_grades(
    measurements: list[tuple[Measurement, int, int]], norm: str
) -> list[tuple[Measurement, int, int]]:
    """A grade in brackets explaining a range just given is not a threshold of its own:
    "ASA 1 or 2 (ASA 1 corresponding to a patient in perfect health and ASA 2 to …)"."""
    kept: list[tuple[Measurement, int, int]] = []
    for measurement, start, end in measurements:
        opened = norm.rfind("(", 0, start)
        explains = (
            measurement.comparator == "="
            and measurement.unit is None
            and opened >= 0
            and norm.find(")", opened, start) < 0
            and any(
                earlier.analyte == measurement.analyte
                and earlier.comparator == "between"
                and earlier.upper_value is not None
                and earlier.value <= measurement.value <= earlier.upper_value
                and earlier_end <= opened
                for earlier, _, earlier_end in kept
            )
        )
        if not explains:
            kept.append((measurement, start, end))
    return kept


_LIST_JOINER = re.compile(r"\s*(?:,\s*(?:or|and)?|or|and|&|and/or)\s*")


def _merge_listed_grades(
    measurements: list[tuple[Measurement, int, int]], text: str, norm: str
) -> list[tuple[Measurement, int, int]]:
    """Listed grades of one score are the range they span: "ECOG 0 or 1" is ECOG 0–1.

    Consecutive values of one score, without comparators, joined
    only by ",", "or", "and", "&" ("ASA 1, 2, or 3", "Rutherford 4 or 5").
    """
    analytes = load_lexicon().analytes
    merged: list[tuple[Measurement, int, int]] = []
    for measurement, start, end in measurements:
        comma_pair = _COMMA_PAIR.search(measurement.text)
        if (
            comma_pair is not None
            and analytes[measurement.analyte].kind == "score"
            and measurement.comparator == "="
            and measurement.unit is None
        ):
            # "ECOG 0,1, or 2", "ASA status 1,2": grades listed with commas, not a decimal.
            first, second = float(comma_pair.group(1)), float(comma_pair.group(2))
            measurement = msgspec.structs.replace(
                measurement,
                comparator="between",
                value=first,
                upper_value=second,
                canonical_value=first,
                canonical_upper=second,
            )
        if merged:
            previous, previous_start, previous_end = merged[-1]
            joins = (
                previous.analyte == measurement.analyte
                and analytes[measurement.analyte].kind == "score"
                and _is_listed_grade(previous)
                and _is_listed_grade(measurement)
                and previous_end <= start
                and _LIST_JOINER.fullmatch(norm[previous_end:start]) is not None
            )
            if joins:
                low = previous.value
                high = max(measurement.value, previous.upper_value or previous.value)
                merged[-1] = (
                    msgspec.structs.replace(
                        previous,
                        comparator="between",
                        value=low,
                        upper_value=high,
                        canonical_value=low,
                        canonical_upper=high,
                        text=text[previous_start:end],
                    ),
                    previous_start,
                    end,
                )
                continue
        merged.append((measurement, start, end))
    return merged


def _is_listed_grade(measurement: Measurement) -> bool:
    """A score's plain value or range; half steps count ("CDR global score of 0.5 or 1")."""
    if measurement.comparator == "=":
        return measurement.unit is None
    return (
        measurement.comparator == "between"
        and measurement.upper_value is not None
        and measurement.unit is None
    )


def _roman_matches(
    norm: str, analyte_matches: Sequence[tuple[str, int, int]]
) -> list[re.Match[str]]:
    """Roman grades after "grade/class/stage", right after a score's name ("ASA II"), or
    after "level" before the score's name ("Level III or greater on the ASA …")."""
    if not analyte_matches:
        return []
    found = {match.start("roman"): match for match in _ROMAN_PATTERN.finditer(norm)}
    analytes = load_lexicon().analytes
    scores_at = [start for a, start, _ in analyte_matches if analytes[a].kind == "score"]
    for level in _LEVEL_PATTERN.finditer(norm):
        if any(
            start > level.end() and _LEVEL_TO_SCORE.fullmatch(norm, level.end(), start)
            for start in scores_at
        ):
            found.setdefault(level.start("roman"), level)
    for analyte_id, _, end in analyte_matches:
        if analytes[analyte_id].kind == "score":
            match = _ROMAN_AFTER_SCORE.match(norm, end)
            if match is not None:
                found.setdefault(match.start("roman"), match)
    return [found[start] for start in sorted(found)]


def _roman_finding(
    norm: str, match: re.Match[str], analyte_matches: Sequence[tuple[str, int, int]]
) -> ValueFinding:
    patterns = _patterns()
    value = float(_ROMAN[match.group("roman")])
    end = match.end()
    comparator: Comparator = "="
    explicit = False
    upper: float | None = None
    postfix = patterns.postfix.pattern.match(norm, end)
    if postfix is not None:
        comparator = _comparator_of(patterns.postfix, postfix)
        explicit = True
        end = postfix.end()
    else:
        # "II-IV", "I, II or III", "IV, V, or VI": the last listed grade is the upper one.
        later = _ROMAN_UPPER.match(norm, end)
        while later is not None:
            upper = max(upper or value, float(_ROMAN[later.group(1)]))
            comparator, explicit = "between", True
            end = later.end()
            later = _ROMAN_UPPER.match(norm, end)
    # The comparator is written right before the grade ("ASA ≥ III") or before its label
    # ("less than grade II").
    roman_start = match.start("roman")
    prefix = patterns.prefix.find(norm[max(0, roman_start - 30) : roman_start])
    if prefix is None:
        prefix = patterns.prefix.find(norm[max(0, match.start() - 30) : match.start()])
    name_start = _score_name_before(norm, roman_start, analyte_matches)
    if prefix is None and name_start is not None:
        # Or before the score's name, as for a number ("greater than NYHA 2"): "equal to
        # or greater than NYHA II", "under Oxford II".
        before = _ARTICLE_AT_END.sub("", norm[max(0, name_start - 30) : name_start])
        prefix = patterns.prefix.find(before)
    if prefix is not None and comparator == "=":
        comparator = prefix[0]
        explicit = comparator != "="
    return ValueFinding(match.start("roman"), end, comparator, value, upper, None, "", explicit)


def _score_name_before(
    norm: str, position: int, analyte_matches: Sequence[tuple[str, int, int]]
) -> int | None:
    """Where the score's name a grade at ``position`` follows starts, when only its label
    words ("class", "grade", "score") come between them."""
    analytes = load_lexicon().analytes
    starts = [
        start
        for analyte_id, start, end in analyte_matches
        if analytes[analyte_id].kind == "score"
        and end <= position
        and _NAME_TO_VALUE.fullmatch(norm, end, position)
    ]
    return max(starts) if starts else None


def _owning_analytes(
    norm: str,
    finding: ValueFinding,
    analyte_matches: Sequence[tuple[str, int, int]],
    measurements: Sequence[tuple[Measurement, int, int]],
    bounds: list[int],
    stated: Collection[int] = (),
) -> list[str]:
    """The analyte(s) a value belongs to: the nearest mention before it in its clause.

    Mentions joined only by "or"/"and"/"/"/"," share the value ("AST or ALT ≥2×ULN"),
    except a mention whose result is written beside it (``stated``: the starts of names a
    detection result reads, "undetectable viral load and CD4 > 350"), which keeps its own.
    A value whose unit cannot measure the analyte is not attached.
    """
    lexicon = load_lexicon()
    clause = clause_of(bounds, finding.start)
    # A name may stand inside the value's comparator, before its number ("under the age
    # of 21", "greater than NYHA 2").
    number = _DIGIT.search(norm, finding.start, finding.end)
    value_start = finding.start if number is None else number.start()
    candidates = [m for m in analyte_matches if m[2] <= value_start + 1]
    following = next((m for m in analyte_matches if m[1] >= finding.end), None)
    if (
        following is not None
        and norm[finding.end : following[1]].strip() in _NAME_FOLLOWS
        and _unit_fits(following[0], finding.unit)
    ):
        # "a score of 23 or less on the MMSE"; a unit that cannot measure the name after
        # ("< 45 mL/min/1.73 m2 of body surface area") leaves the value to the name before.
        if finding.unit in NORMAL_LIMITS:
            return _names_listed_after(norm, following, analyte_matches, bounds)
        return [following[0]]
    if following is not None and _names_what_it_measures(
        norm, finding, following, candidates, measurements, bounds
    ):
        return [following[0]]
    if (
        following is not None
        and finding.unit is None
        and lexicon.analytes[following[0]].kind == "score"
        and _grades_the_disease_between(norm[finding.end : following[1]])
    ):
        # "≥ Class II stage of heart failure as per New York Heart Association", "Class III
        # or IV congestive heart failure - New York Heart Association (NYHA)": the class is
        # written before the disease it grades, the score's name after it.
        return [following[0]]
    if (
        following is not None
        and finding.unit in _LENGTH_UNITS
        and _DESCRIBING_WORDS.fullmatch(norm, finding.end, following[1])
        and _unit_fits(following[0], finding.unit)
    ):
        # "New 14 mm spiculated nodule", "a 3 cm irregular mass": a size written before its
        # noun with the words that describe it between.
        return [following[0]]
    if (
        finding.unit == "percent"
        and _LOSS_OF_BEFORE.search(norm, max(0, finding.start - 12), finding.start)
        and _OF_BODY_WEIGHT_AFTER.match(norm, finding.end)
    ):
        # "loss of >5% of pre-illness or ideal body weight": a share of the weight lost.
        return ["weight_loss"]
    if (
        following is not None
        and finding.unit in (None, "points")
        and lexicon.analytes[following[0]].kind == "score"
        and _ON_A_SCALE.fullmatch(norm[finding.end : following[1]])
    ):
        # "≥ 5 on the pain numeric rating score", "> 1 or < -1 on the Richmond ... Scale".
        return [following[0]]
    defined = _defined_by_the_condition_before(norm, finding)
    if defined is not None:
        return [defined]
    if not candidates:
        return []
    analyte_id, start, end = candidates[-1]
    if clause_of(bounds, start) != clause or finding.start - end > 80:
        return _the_other_sexes_value(norm, finding, measurements)
    if _next_item_between(norm, end, finding.start):
        return []  # "(NYHA 2 or worse) 4) hypertension (JNC7 stage 2 or worse)": a new item
    between_text = norm[end : finding.start]
    # "NCI CTCAE version 4.0 grade 1": the edition between is no word of the text's own.
    unversioned = _VERSION.sub("", between_text)
    if _is_loose_number(finding) and not _reads_as_its_value(analyte_id, unversioned):
        return []
    if any(char.isdigit() for char in unversioned):
        # The name's own values (a pair's members stand for it: "BP ≥ 135/85 but < 170/105").
        own = {analyte_id, *lexicon.analytes[analyte_id].pair}
        attached_after = [m for m in measurements if m[0].analyte in own and m[1] >= end]
        if not attached_after:
            return []
    owners = [analyte_id]
    index = len(candidates) - 2
    while index >= 0:
        previous_id, previous_start, previous_end = candidates[index]
        joiner = norm[previous_end:start].strip(" ,/()")
        if (
            joiner not in _NAME_JOINERS
            or previous_start in stated
            or _closes_a_remark(norm, candidates, index, norm.find(")", previous_end, start))
        ):
            break
        owners.insert(0, previous_id)
        start = previous_start
        index -= 1
    fitting = [_measured_in(owner, finding.unit) for owner in owners]
    fitting = [owner for owner in fitting if _unit_fits(owner, finding.unit)]
    # A pair named beside one of its members is that member: "systolic blood pressure (BP) ≥
    # 160 mmHg" is the systolic pressure, not a blood pressure no single reading answers.
    named = set(fitting)
    fitting = [o for o in fitting if named.isdisjoint(lexicon.analytes[o].pair)]
    if fitting == [analyte_id] and lexicon.analytes[analyte_id].pair:
        member = _member_named_before(norm, candidates, clause, bounds)
        if member is not None and _unit_fits(member, finding.unit):
            return [member]
    return list(dict.fromkeys(fitting))


def _names_listed_after(
    norm: str,
    first: tuple[str, int, int],
    analyte_matches: Sequence[tuple[str, int, int]],
    bounds: list[int],
) -> list[str]:
    """The names of a list after "of" that a multiple of the upper limit bounds: "1.5 times
    upper limit of normal of serum creatinine, alkaline phosphatase, AST, ALT" is each lab's
    limit, as a list written before the value shares it. The list is names joined only by
    commas, "and"/"or" and brackets, in the value's clause; a lab with no upper limit of
    normal leaves it, and a name with a number of its own after it ("... of AST/ALT and
    bilirubin ≤ 1.5 x ULN"; one in brackets is a remark, "ALT (< 5 x ULN with liver
    metastases)") ends the list."""
    clause = clause_of(bounds, first[1])
    owners = [first[0]]
    end = first[2]
    for index, (analyte_id, start, stop) in enumerate(analyte_matches):
        if start < end:
            continue
        after = next((m[1] for m in analyte_matches[index + 1 :] if m[1] >= stop), len(norm))
        if (
            norm[end:start].strip(" ,/()") not in _NAME_JOINERS
            or clause_of(bounds, start) != clause
            or _DIGIT.search(norm[stop : min(after, stop + 20)].partition("(")[0])
        ):
            break
        if _unit_fits(analyte_id, "ULN"):
            owners.append(analyte_id)
        end = max(end, stop)
    return list(dict.fromkeys(owners))


def _member_named_before(
    norm: str, candidates: Sequence[tuple[str, int, int]], clause: int, bounds: list[int]
) -> str | None:
    """The member of a pair (the last candidate) named just before the pair's name in the
    value's clause, with no number between: "Mean seated SBP on automated office blood
    pressure measurement (AOBPM) ≥ 140" is the systolic pressure; the pair's name there only
    says how it is taken."""
    if len(candidates) < 2:
        return None
    pair_id, pair_start, _ = candidates[-1]
    member_id, member_start, member_end = candidates[-2]
    if (
        member_id not in load_lexicon().analytes[pair_id].pair
        or clause_of(bounds, member_start) != clause
        or _DIGIT.search(norm, member_end, pair_start)
    ):
        return None
    return member_id


_NAME_JOINERS = frozenset({"", "or", "and", "and/or", "nor"})

# "loss of > 5% of (pre-illness or ideal) body weight": a weight loss named around its value.
_LOSS_OF_BEFORE = re.compile(r"\bloss\s+of\s*$")
_OF_BODY_WEIGHT_AFTER = re.compile(r"\s*of\s+(?:[a-z-]+\s+){0,3}?(?:body\s+)?weight\b")
# A length before the noun it measures: "14 mm spiculated nodule", "2 cm enhancing lesion".
_LENGTH_UNITS = frozenset({"mm", "cm"})
# One or two words describing the noun (no joiner, preposition or number between).
_DESCRIBING_WORDS = re.compile(
    r"(?:\s+(?!(?:and|or|of|in|on|at|to|from|with|for|by|the|a|an|per|than)\b)[a-z]{3,}){1,2}\s+"
)


def _closes_a_remark(
    norm: str, candidates: Sequence[tuple[str, int, int]], index: int, close: int
) -> bool:
    """Whether the bracket closing at ``close``, after the name ``candidates[index]``, closes a
    remark that name ends: "Hemoglobin ≥ 9 g/dL (Transfusion is allowed to achieve this Hb)
    Total Bilirubin ≤ 1.5 x ULN" gives the bilirubin's value to the bilirubin only, while names
    bracketed as a list or an alias ("AST (SGOT)/ALT", "(AST or SGOT) and ALT") share it."""
    if close < 0:
        return False
    _, name_start, _ = candidates[index]
    opened = bracket_opening(norm, close)
    if opened < 0 or opened >= name_start:  # unmatched, or opened inside the name ("(alt")
        return False
    remark = list(norm[opened + 1 : name_start])
    for _, start, end in candidates[:index]:  # the names inside it, blanked
        for position in range(max(start, opened + 1), min(end, name_start)):
            remark[position - opened - 1] = " "
    return any(word not in _NAME_JOINERS for word in _WORD.findall("".join(remark)))


def bracket_opening(norm: str, close: int) -> int:
    """Where the bracket closing at ``close`` opens, or the one holding the text at ``close``
    (brackets nested inside and closed before it skipped); -1 when none does."""
    depth = 0
    for position in range(close - 1, -1, -1):
        if norm[position] == ")":
            depth += 1
        elif norm[position] == "(":
            if depth == 0:
                return position
            depth -= 1
    return -1


# The number of a run-on list's next item: "… or worse) 4) hypertension", after a space (not
# "(NCI CTCAE v5.0) Grade 1", "(kg/m^2) through"), not inside a bracket opened after the name
# ("NYHA (class 3) and").
_ITEM_NUMBER = re.compile(r"(?<=\s)\d{1,2}\)\s+(?=[a-z])")


def _next_item_between(norm: str, start: int, end: int) -> bool:
    """Whether a run-on list starts its next item between a name and a value."""
    for match in _ITEM_NUMBER.finditer(norm, start, end):
        before = norm[start : match.start()]
        if before.count("(") <= before.count(")"):
            return True
    return False


# A change in a quantity, not its level: "systolic drop >20 mmHg", "changes in body weight
# more than 10 pounds", "FEV1 increases by more than 12%", "≥2 points above baseline".
# ("Potassium increase of up to 6.0 mmol/L is acceptable" states a level: a bare
# "increase" is not read as a change.)
_CHANGE_WORD = (
    r"\b(?:drops?|falls?|decreases?|declines?|reductions?|changes?|fluctuations?|variations?|variability|"
    r"improvements?|worsening|(?:increases?|rises?)\s+(?:by|from))\b"
)
_CHANGE_BETWEEN = re.compile(_CHANGE_WORD)
_CHANGE_BEFORE_NAME = re.compile(_CHANGE_WORD + r"\s+(?:in|of)\s+(?:the\s+)?(?:[a-z]+\s+)?$")
_CHANGE_BEFORE_VALUE = re.compile(_CHANGE_WORD + r"\s*(?:of|by)?\s*$")
_FROM_REFERENCE = re.compile(
    r"\s*(?:above|below|over|under|from)\s+(?:the\s+|their\s+|its\s+)?(?:[a-z-]+\s+){0,3}?"
    r"(?:baseline|cut-?off|nadir)\b"
)


@functools.cache
def _names_measured_as() -> dict[str, tuple[str, ...]]:
    """The names each quantity is read from as their other measure (``Analyte.measured_also_as``:
    "fev1_volume" from "FEV1", "blast_count" from "blasts")."""
    analytes = load_lexicon().analytes
    named: dict[str, tuple[str, ...]] = {}
    for name, analyte in analytes.items():
        for other in analyte.measured_also_as:
            named[other] = (*named.get(other, ()), name)
    return named


def _states_a_change(
    norm: str,
    finding: ValueFinding,
    analyte_matches: Sequence[tuple[str, int, int]],
    owners: Sequence[str],
) -> bool:
    """Whether a value is how much its quantity changes rather than a level it reaches.

    The judge compares a patient's level with a criterion's threshold; a drop of 20 mmHg
    read as a systolic pressure of 20 mmHg would be met by every patient, so such a value
    is marked (``Measurement.change``) and left to the study team. The change is
    named between the quantity's name and the value, right before the name ("fall in FEV1
    of ≥ 20%"), right before a value written before the name ("postural drop of 20 mmHg
    or more in systolic blood pressure"), or after the value ("above baseline").
    """
    if _FROM_REFERENCE.match(norm, finding.end):
        return True
    # A name whose value is read as its other measure ("FEV1 … 200 mL": FEV1 in litres,
    # ``Analyte.measured_also_as``) names the owner too.
    named_as = _names_measured_as()
    names = {*owners, *(name for owner in owners for name in named_as.get(owner, ()))}
    before = [m for m in analyte_matches if m[0] in names and m[2] <= finding.start + 1]
    if before:
        _, start, end = before[-1]
        return bool(
            _CHANGE_BETWEEN.search(norm, end, finding.start)
            or _CHANGE_BEFORE_NAME.search(norm[max(0, start - 25) : start])
        )
    return bool(_CHANGE_BEFORE_VALUE.search(norm[max(0, finding.start - 25) : finding.start]))


_SEX_WORDS: dict[str, Literal["female", "male"]] = {
    **dict.fromkeys(("male", "males", "man", "men", "boy", "boys"), "male"),
    **dict.fromkeys(("female", "females", "woman", "women", "girl", "girls"), "female"),
}
_SEX_WORD = r"(?:males?|men|man|boys?|females?|women|woman|girls?)"
_SEX_CUE = re.compile(r"male|men|man|boy|girl")
# "< 11.5 g/dL for females", "< 115 g/L (7.1 mM) in women", "14 drinks per week (if male)";
# not "for men and women", nor a label opening the next item ("1 year male: 0.5").
_SEX_AFTER = re.compile(
    r"\s*(?:\([^()]{0,25}\)\s*)?\(?\s*(?:(?:if|for|in|among)\s+)?(?:the\s+)?"
    rf"(?P<sex>{_SEX_WORD})\b(?!\s*(?:and|or|/|&)\s*{_SEX_WORD}\b|\s*:)"
)
# "(males Hb <130 g/L, females <120 g/L)": the sex, then at most two words, then the value.
_SEX_BEFORE = re.compile(rf"\b(?P<sex>{_SEX_WORD})\s*:?\s*(?:[a-z0-9-]+\s*){{0,2}}$")


# "(>450 msec in males; >470 msec in women)": what lies between one sex's value and the next.
_SEX_PAIR_BETWEEN = re.compile(
    rf"\s*\(?\s*(?:(?:if|for|in|among)\s+)?(?:the\s+)?{_SEX_WORD}\s*\)?\s*;\s*(?:and\s+|or\s+)?"
)


def _the_other_sexes_value(
    norm: str, finding: ValueFinding, measurements: Sequence[tuple[Measurement, int, int]]
) -> list[str]:
    """The analyte of the other sex's value in a pair written across a semicolon.

    "Abnormal QTc ... (>450 msec in males; >470 msec in women)": the semicolon closes the
    clause that names QTc, yet the women's limit is the same test's. Only a value written
    for the other sex, right after one sex's value of a named test, is taken for it; without
    it a woman's QTc would be judged against nothing and left to the study team.
    """
    if not measurements:
        return []
    previous, _, previous_end = measurements[-1]
    if previous.sex is None or not _SEX_PAIR_BETWEEN.fullmatch(norm, previous_end, finding.start):
        return []
    after = _SEX_AFTER.match(norm, finding.end)
    if after is None or _SEX_WORDS[after.group("sex")] == previous.sex:
        return []
    return [previous.analyte]


def _written_for_sex(
    norm: str, finding: ValueFinding, segment_start: int
) -> Literal["female", "male"] | None:
    """The sex a value is written for, or None when it is everyone's.

    Read right after the value ("for females", "in men", "(if male)") or right before it
    in its own stretch of the clause ("males Hb <130 g/L"). A stretch that names both sexes
    ("men and women with Hb < 10 g/dL") gives none.
    """
    if not _SEX_CUE.search(norm, segment_start, finding.end + 40):
        return None  # the common case: no sex word near the value
    after = _SEX_AFTER.match(norm, finding.end)
    if after is not None:
        return _SEX_WORDS[after.group("sex")]
    segment = norm[segment_start : finding.start]
    before = _SEX_BEFORE.search(segment)
    if before is None:
        return None
    named = {_SEX_WORDS[word] for word in re.findall(rf"\b{_SEX_WORD}\b", segment)}
    return _SEX_WORDS[before.group("sex")] if len(named) == 1 else None


_SLASH_NUMBERS = re.compile(r"(\d+(?:\.\d+)?) ?/ ?(\d+(?:\.\d+)?)")


def _readings_per_name(
    norm: str, finding: ValueFinding, analytes: Sequence[str]
) -> list[tuple[str, ValueFinding]]:
    """Which number of a value each analyte takes: all of them the value's, except in a pair.

    Two numbers written "A/B" for two quantities are one threshold each, in the order the
    names are written: "Systolic/diastolic blood pressure > 140/90" is systolic > 140 and
    diastolic > 90 (the diastolic was read > 140). A quantity written as a pair
    (``Analyte.pair``) is its two members: "BP ≥ 160/100 mmHg" is systolic ≥ 160 and
    diastolic ≥ 100, which a patient's readings can be compared with. Scores are left
    alone: "0/1" after a score's name lists grades.
    """
    shared = [(analyte_id, finding) for analyte_id in analytes]
    if finding.upper_value is not None or not analytes:
        return shared
    table = load_lexicon().analytes
    named = list(dict.fromkeys(member for a in analytes for member in (table[a].pair or [a])))
    written = _SLASH_NUMBERS.search(norm, finding.start, finding.end)
    if (
        len(named) != 2
        or written is None
        or float(written.group(1)) != finding.value
        or any(table[a].kind == "score" for a in named)
    ):
        return shared
    second = msgspec.structs.replace(finding, value=float(written.group(2)))
    return [(named[0], finding), (named[1], second)]


# A score given "on" its scale, a few words before the scale's name: "≥ 5 on the pain numeric
# rating score", "> 3 on a 0-10 pain intensity numeric scale".
_ON_A_SCALE = re.compile(r"\s*on\s+(?:(?:the|a|an)\s+)?(?:[a-z0-9/()-]+\s+){0,4}\(?")
# The disease a class grades, between the class and the score's name after it: "stage of
# heart failure as per", "congestive heart failure - ", "cardiac insufficiency (".
_DISEASE_THEN_SCALE = re.compile(
    r"\s+(?:(?:stage|class|grade)\s+of\s+)?(?P<disease>[a-z][a-z' ]{2,40}?)\s*"
    r"(?:-|\(|(?:as\s+)?per(?:\s+the)?|according\s+to(?:\s+the)?|(?:as\s+defined\s+)?by(?:\s+the)?)"
    r"\s*"
)


def _defined_by_the_condition_before(norm: str, finding: ValueFinding) -> str | None:
    """The quantity a bare value in brackets right after a condition is the threshold of,
    when the quantity defines the condition (``Analyte.defines_conditions``) and the value's
    unit measures it: "Acute kidney injury (>1.5 mg%)" is a serum creatinine above 1.5 mg/dL.
    A value without a unit names nothing."""
    if finding.unit is None:
        return None
    before = norm[: finding.start].rstrip()
    if not before.endswith("("):
        return None
    head = before[:-1].rstrip()
    lexicon = load_lexicon()
    named = {
        found.concept
        for found in find_concepts(head)
        if found.category == "condition" and found.end == len(head)
    }
    return next(
        (
            analyte.id
            for analyte in lexicon.analytes.values()
            if named & set(analyte.defines_conditions) and _unit_fits(analyte.id, finding.unit)
        ),
        None,
    )


def _grades_the_disease_between(between: str) -> bool:
    """Whether the words between a class and a score's name after it are only a disease and
    the words that hand it to the score (:data:`_DISEASE_THEN_SCALE`): the whole disease
    phrase must be a condition the lexicon reads."""
    found = _DISEASE_THEN_SCALE.fullmatch(between)
    if found is None:
        return False
    disease = found.group("disease").strip()
    return any(
        f.category == "condition" and disease.endswith(f.text.lower())
        for f in find_concepts(disease)
    )


def _names_what_it_measures(
    norm: str,
    finding: ValueFinding,
    following: tuple[str, int, int],
    candidates: Sequence[tuple[str, int, int]],
    measurements: Sequence[tuple[Measurement, int, int]],
    bounds: list[int],
) -> bool:
    """Whether the quantity named right after a value is the one it measures.

    "< 5% blasts in bone marrow", "≥ 140 mmHg systolic", "≥ 50% stenosis": a value with
    a unit, then at once a name its unit fits, belongs to that name unless the name
    before the value in its clause still waits for a value of that unit ("Hb > 9 g/dL
    platelets > 100" keeps 9 g/dL for haemoglobin; in "≥ 140 mmHg systolic and ≥ 90 mmHg
    diastolic" systolic has its value already).
    """
    if (
        finding.unit is None
        or finding.unit in NORMAL_LIMITS
        or norm[finding.end : following[1]].strip()
    ):
        return False
    if not _unit_fits(following[0], finding.unit):
        return False
    if not candidates:
        return True
    before_id, before_start, before_end = candidates[-1]
    if clause_of(bounds, before_start) != clause_of(bounds, finding.start):
        return True
    if not _unit_fits(before_id, finding.unit):
        return True
    clause = clause_of(bounds, before_start)
    return any(
        m.analyte == before_id and (start >= before_end or clause_of(bounds, start) == clause)
        for m, start, _ in measurements
    )


# Words that may stand between a lab or vital sign and its bare value ("creatinine
# level of 1.2", "Hb: 9.8", "heart rate was 110").
_VALUE_FILLERS = frozenset(
    {"of", "is", "was", "level", "levels", "value", "values", "count", "concentration"}
    | {"serum", "plasma", "blood", "measured", "reading", "result"}
    # when a note's value was taken: "BMI now 41.2", "eGFR today 38", "EASI currently 8"
    | {"today", "now", "currently", "current", "latest"}
)


# A score's bare value may follow its name across these ("ECOG performance status
# of 0", "ASA physical status class 2", "Kellgren-Lawrence grade 3").
_SCORE_FILLERS = _VALUE_FILLERS | frozenset(
    {"score", "scores", "status", "class", "classes", "grade", "grades", "stage", "stages"}
    | {"category", "performance", "ps", "physical", "scale", "total", "rating", "index"}
    | {"functional", "classification", "system", "type", "phototype", "skin", "as", "at"}
    | {"or", "and"}  # listed grades: "ECOG 0 or 1", "ASA 1, 2 and 3"
)


# A class label right before a number: only a score's grade follows one.
_LABEL_BEFORE = re.compile(
    r"\b(?:stage|stages|grade|grades|class|classes|type|phase|category|tier|step|cycle|day|"
    r"visit|part|cohort|arm|line|item)\s*$"
)
# "(0-10 scale)", "scale of 0-4", "on a 0 to 10 scale", "on the 0-4 IGA scale": the scale's
# span, not a threshold.
# "… 0 or 1 5. An adequate …": a number right after another, then ". " and a word.
_ITEM_NUMBER_AFTER = re.compile(r"[.)]\s+[a-z]")
_NUMBER_JUST_BEFORE = re.compile(r"\d\s+$")
# "(on the 0-4 IGA scale)": the scale's own short name may stand before "scale".
_SCALE_AFTER = re.compile(
    r"\s*(?:-\s*)?(?:points?\s+)?(?:likert\s+)?(?:(?:[a-z][\w-]{0,11}\s+)?scale|range)\b"
)
_SCALE_BEFORE = re.compile(r"\b(?:scale|range)\s+(?:of|from)\s*$|\bon an?\s*$")


# "<3 times [<5 times for …] UNL", "3 times > from basal": a multiple of a reference no unit
# reads, which a bare value's assumed unit would misstate.
_MULTIPLE_OF_UNREAD = re.compile(r"\s*(?:times|fold|x)(?![a-z])")


def _not_a_threshold(norm: str, finding: ValueFinding, counted: re.Pattern[str]) -> bool:
    """A number that counts things ("on 2 occasions", "1 or more antihypertensive
    medications"), multiplies a reference no unit reads ("3 times"), spans a scale ("0-10
    scale", "scale of 0-4") or numbers the next item of a run-on list ("ECOG 0 or 1 5. An
    adequate bone marrow") is no quantity's value."""
    if finding.unit is None and (
        counted.match(norm, finding.end) or _MULTIPLE_OF_UNREAD.match(norm, finding.end)
    ):
        return True
    if (
        _is_loose_number(finding)
        and _ITEM_NUMBER_AFTER.match(norm, finding.end)
        and _NUMBER_JUST_BEFORE.search(norm, max(0, finding.start - 8), finding.start)
    ):
        return True
    if finding.comparator == "between" and finding.value in (0.0, 1.0) and finding.unit is None:
        # Up to the number: "scale of 0-4" read "of" as the value's comparator.
        digit = _FIRST_DIGIT.search(norm, finding.start, finding.end)
        number_start = finding.start if digit is None else digit.start()
        before = norm[max(0, number_start - 14) : number_start]
        return bool(_SCALE_AFTER.match(norm, finding.end) or _SCALE_BEFORE.search(before))
    return False


def _an_estimate(norm: str, finding: ValueFinding) -> bool:
    """ "Note that the minimum age requirement corresponds to an approximate body weight of
    12.5 kg": a value given as an estimate, with no comparator, is no requirement of it."""
    if finding.comparator != "=" or finding.comparator_explicit:
        return False
    before = max(0, finding.start - _ESTIMATE_REACH)
    return _patterns().approximate.search(norm, before, finding.start) is not None


def _a_treatment_target(norm: str, finding: ValueFinding, clause_start: int) -> bool:
    """ "Requiring vasopressors to maintain a mean arterial pressure of at least 65 mmHg":
    a value after a target cue in its clause is what a treatment aims at, no limit of the
    patient's value (a normotensive patient does not meet it); "able to maintain SpO2 > 92%
    on room air" is the patient's own state (``Cues.target_cues``)."""
    target = _patterns().target.search(norm, clause_start, finding.start)
    return target is not None and target.group("subject") is None


# Characters before a value an estimate's word is looked for in (four words and the cue).
_ESTIMATE_REACH = 60


def _is_loose_number(finding: ValueFinding) -> bool:
    """A plain number: no comparator, no range, no unit ("on 2 occasions", "SGLT2", "1998")."""
    return (
        finding.comparator == "="
        and not finding.comparator_explicit
        and finding.upper_value is None
        and finding.unit is None
    )


def _reads_as_its_value(analyte_id: str, between_text: str) -> bool:
    """Whether a plain number after a lab or vital sign's name is its value.

    Scores are written bare ("ECOG 0 or 1"); a lab or vital sign's bare number
    is its value only right after its name, across filler words at most: in
    criteria a distant plain number is a count, a date or part of a name
    ("serum creatinine ≥ 1.3 mg/dL on 2 occasions", "sodium-glucose
    cotransporter 2").
    """
    analyte = load_lexicon().analytes[analyte_id]
    if analyte.kind == "age":
        return True
    fillers = _SCORE_FILLERS if analyte.kind == "score" else _VALUE_FILLERS
    words = re.findall(r"[a-z]+", between_text)
    return len(between_text) <= 40 and all(word in fillers for word in words)


def _named_by_unit(finding: ValueFinding, text: str) -> list[str]:
    """The analyte a value's unit names ("10 cigarettes per day", "32 weeks of gestation").

    A quantity known by its unit alone (``Analyte.unit_only``: "> 1.5 mm") takes only a
    value with a comparator or a range, and not millimolar ("7.1 mM" lowercases to "mm").
    A written "=" is a comparator too ("Residual alveolar width = 4 mm", "CPAP = 5 cm H2O":
    a sign the registry lost, which both golds read as "="); a bare number is not.
    """
    if not finding.unit_text:
        return []
    lexicon = load_lexicon()
    named = lexicon.analyte_by_unit_text.get(finding.unit_text)
    if named is None:
        return []
    written = finding.comparator_explicit or text[finding.start : finding.start + 1] == "="
    analyte = lexicon.analytes[named]
    if analyte.unit_only and (
        not written
        or _MILLIMOLAR.search(text, finding.start, finding.end)
        or _an_amount(text, finding, tuple(analyte.amount_words))
    ):
        return []
    return [named]


_MILLIMOLAR = re.compile(r"\dmM\b|\d\s+mM\b")
# A clause's end around a value, and how far an amount's word is looked for on each side.
_CLAUSE_BREAK = re.compile(r"[;:,()\[\]]|\.(?!\d)")
_AMOUNT_BEFORE = 60
_AMOUNT_AFTER = 30
# A unit followed by "/" or "per" is a rate or a ratio the unit reader did not know ("urine
# output < 0.5 mL/kg body weight for one hour"), not the quantity itself.
_PER_AFTER = re.compile(r"\s*(?:/|per\b)")


@functools.cache
def _amount_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(word) for word in words) + ")")


def _an_amount(text: str, finding: ValueFinding, words: tuple[str, ...]) -> bool:
    """Whether a value of a quantity known by its unit is an amount given or taken
    (``Analyte.amount_words`` in its clause just before it or right after it: "donation of
    400 mL or more of blood", "at least 1000 mL of crystalloid") or a rate, rather than a
    measurement of the patient ("post-void residual (PVR) > 100cc")."""
    if not words:
        return False
    lowered = text.lower()
    start = max(0, finding.start - _AMOUNT_BEFORE)
    before = _CLAUSE_BREAK.split(lowered[start : finding.start])[-1]
    after = _CLAUSE_BREAK.split(lowered[finding.end : finding.end + _AMOUNT_AFTER])[0]
    pattern = _amount_pattern(words)
    return bool(_PER_AFTER.match(after) or pattern.search(before) or pattern.search(after))


def _pressure_pair(norm: str, finding: ValueFinding) -> list[str]:
    """ "Hypertension of > 170/100 mm of Hg": two numbers written "A/B" in mmHg are a blood
    pressure even where no name of one precedes them (a condition's name often does); the
    pair gives the systolic and the diastolic threshold."""
    if finding.unit != "mmHg" or finding.upper_value is not None:
        return []
    written = _SLASH_NUMBERS.search(norm, finding.start, finding.end)
    return ["blood_pressure"] if written is not None else []


# The word "score" (or "subscore") right before a value, across a bracket, "of"/"is"/"was"
# and a range's "between": "QMG score ≥12", "UAS7 score (range 0-42) ≥16", "a score of ≥4",
# "(score 8 to 23)", "croup score between 3 and 11", "Endoscopic Mayo subscore >0".
_SCORE_BEFORE = re.compile(
    r"\b(?:(?:sub)?scores?|scales?|inventory|questionnaire|test|index)\s*(?:\([^()]{0,30}\)\s*)?"
    r"(?:(?:of|was|is)\s+)?(?:between\s+)?:?\s*$"
)
# A threshold whose worded comparator begins with the word "score": "score of 15 or greater".
_SCORE_OPENS = re.compile(r"scores?\s+of\b")
# A value written on a scale: "6/10 or higher", "≥ 5 out of 10", "2 or higher on 10 point
# scale", "≥ 4 on a 0-10 scale".
_OUT_OF_TEN = re.compile(r"/\s*10(?![\d.,/])")
_ON_A_SCALE_AFTER = re.compile(
    r"\s*(?:out\s+of\s+\d+\b|on\s+(?:an?\s+|the\s+)?(?:0\s*(?:-|to)\s*)?\d+[\s-]*(?:points?[\s-]*)?"
    r"(?:[a-z-]+\s+){0,3}scale\b)"
)
# The last word before a value, across "of", "level of", "rated", "is" ("pain of 6/10").
_LAST_WORD = re.compile(r"\b([a-z]+)(?:\s+(?:of|level|levels|rated|is|was|at|intensity))*\s*$")


def _score_by_its_form(norm: str, finding: ValueFinding) -> list[str]:
    """A score no name in the lexicon reads, known by the form of its value.

    Scales are many (QMG, UAS7, REALM-SF, CMAI) and the lexicon names the common ones only; a
    threshold written right after the word "score", or on a scale ("≥ 5 out of 10"), is still
    a score's threshold, as is one written in points, a score's unit ("cut-off ≤14 points",
    "at least 1 point on the communicative task"). Like an unnamed length
    (``Analyte.unit_only``) it takes only a value with a comparator, an equals sign
    ("Community Periodontal Index score = 0") or a range ("Total score 3 at the first visit"
    may be anything), and never becomes a constraint or a fact. A word that names a score only
    on its scale (``Analyte.scale_names``: "pain of 6/10 or higher") names it here.
    """
    if finding.unit not in (None, "points") or not (
        finding.comparator_explicit
        or finding.upper_value is not None
        or norm.startswith("=", finding.start)
    ):
        return []
    start = max(0, finding.start - 50)
    on_a_scale = _OUT_OF_TEN.search(norm, finding.start, finding.end) or _ON_A_SCALE_AFTER.match(
        norm, finding.end
    )
    if on_a_scale:
        word = _LAST_WORD.search(norm, start, finding.start)
        named = load_lexicon().analyte_by_scale_name.get(word.group(1)) if word else None
        return [named or "unnamed_score"]
    if (
        finding.unit is None
        and _SCORE_BEFORE.search(norm, start, finding.start) is None
        and _SCORE_OPENS.match(norm, finding.start) is None
    ):
        return []
    return ["unnamed_score"]


@functools.cache
def _stage_word_before() -> re.Pattern[str]:
    """A stage or grade word (``stages.json``) right before a value, across "of" and a colon:
    "Grade ≥ 3", "stage 3-5", "AKIN stage = 1", "neuropathy of grade: 2 or higher"."""
    rules = load_stage_rules()
    words = phrase_alternation([*rules.stage_words, *rules.grade_words])
    return re.compile(rf"\b(?:{words})\s*(?:of\s+)?:?\s*$")


def _grade_by_its_form(norm: str, finding: ValueFinding) -> list[str]:
    """A stage or grade no name in the lexicon reads, known by the word right before its value.

    "Grade ≥ 3" neuropathy, "Grade 3-4 infusion reaction", "Stage 3 - 5 Chronic Kidney
    Disease", "AKIN stage = 1": a comparator, an equals sign or a range written right after a
    stage or grade word is a threshold on the scale the word names. Like an unnamed score it
    takes no bare number ("Stage 2 of the study" may be anything), nor a comparator written
    before the word ("> grade 1" bounds the word, not a value after it), nor a sub-stage ("up
    to Stage 2b" is no whole grade), and never becomes a constraint or a fact: the disease's
    own stage or grade is read by ``criteria.disease_stage``, which the judge compares, and two
    unnamed scales need not be the same scale.
    """
    written = (
        finding.comparator_explicit
        or finding.upper_value is not None
        or norm.startswith("=", finding.start)
    )
    if (
        not written
        or finding.unit is not None
        or NUMBER_PATTERN.fullmatch(norm, finding.start, finding.end) is not None
        or _SUB_STAGE.match(norm, finding.end) is not None
    ):
        return []
    start = max(0, finding.start - 30)
    return ["unnamed_grade"] if _stage_word_before().search(norm, start, finding.start) else []


# A sub-stage letter right after a stage's number ("Stage 2b", "stage 3A").
_SUB_STAGE = re.compile(r"[a-d]\b")


# A risk word right before a percentage, across what it is the risk of ("of" and up to three
# words) and "is"/"was": "the risk of recurrence is >=20%", "likelihood of carcinoma <=10%",
# "the lifetime recurrence risk is less than 30%", "lifetime risk > 15%".
_RISK_BEFORE = re.compile(
    r"\b(?:risk|probability|likelihood)\s+(?:of\s+(?:an?\s+|the\s+)?[a-z-]+(?:\s+[a-z-]+){0,2}\s+)?"
    r"(?:(?:is|was|estimated)\s+)*:?\s*$"
)


def _risk_by_its_form(norm: str, finding: ValueFinding) -> list[str]:
    """An estimated risk no name reads, known by the risk word right before its percentage.

    A risk, probability or likelihood of something ("of recurrence", "of carcinoma") is an
    estimate, not a measurement of the patient; like an unnamed score it takes only a value with
    a comparator or a range, and never becomes a constraint or a fact (two risks need not be
    the same risk).
    """
    if finding.unit != "percent" or not (
        finding.comparator_explicit or finding.upper_value is not None
    ):
        return []
    start = max(0, finding.start - 50)
    return ["unnamed_risk"] if _RISK_BEFORE.search(norm, start, finding.start) else []


def _measured_in_time(analyte_id: str) -> bool:
    """Gestational age in weeks, life expectancy in months: not ages, not time windows."""
    return load_lexicon().analytes[analyte_id].canonical_unit in _TIME_UNITS


def _measured_in(analyte_id: str, unit: str | None) -> str:
    """The quantity a name measures in ``unit``: itself where the unit fits, else the first of
    its ``Analyte.measured_also_as`` the unit fits ("Blasts < 1,000/µL" is the blast count). A
    share is written as one ("CD4 < 14%"): ppb converts to a percentage but is no share of the
    cells ("FeNO ≥ 25 ppb" is no eosinophil percentage)."""
    if _unit_fits(analyte_id, unit):
        return analyte_id
    analytes = load_lexicon().analytes
    return next(
        (
            other
            for other in analytes[analyte_id].measured_also_as
            if unit == analytes[other].canonical_unit
            or (analytes[other].canonical_unit != "percent" and _unit_fits(other, unit))
        ),
        analyte_id,
    )


def _unit_fits(analyte_id: str, unit: str | None) -> bool:
    """Whether a value written in ``unit`` can measure the analyte.

    A multiple of the upper limit of normal measures a laboratory value only ("tumor
    markers > 5 x ULN" is no lesion size); the lower limit also a vital reported against one
    (``Analyte.lower_limit_reported``: "LVEF below the lower limit of normal").
    """
    lexicon = load_lexicon()
    analyte = lexicon.analytes[analyte_id]
    if unit is None:
        return True
    if unit == "LLN" and analyte.lower_limit_reported:
        return True
    if unit in NORMAL_LIMITS:
        return analyte.kind == "lab"
    if unit in _TIME_UNITS:
        return analyte.kind == "age" or _measured_in_time(analyte_id)
    if analyte.canonical_unit is None:
        return unit in ("points", "percent")
    return to_canonical(analyte, 1.0, unit) is not None


def _dates_a_concept(
    finding: ValueFinding,
    analyte_matches: Sequence[tuple[str, int, int]],
    concepts: Sequence[ConceptFinding],
) -> bool:
    """A time after a condition or procedure named since the last "age" dates that concept:
    "30 years of age or above with liver transplantation of at least 3 months duration" is
    how long ago the transplant was, not an age of 3 months."""
    if finding.unit not in _TIME_UNITS:
        return False
    age_ends = [end for analyte_id, _, end in analyte_matches if analyte_id == "age"]
    last_age_end = max((end for end in age_ends if end <= finding.start), default=None)
    if last_age_end is None:
        return False
    return any(last_age_end <= c.start and c.end <= finding.start for c in concepts)


# "more than 1 year of sports practice", "at least 5 years of experience": years of something
# other than age, also past the range's upper end and a bracketed aside ("at least 2 years but
# no more than 5 years (+3 months) of adjuvant ET").
_YEARS_OF_SOMETHING = re.compile(
    r"(?:\s+(?:but|and|to)\s+[a-z ]*\d+(?:\.\d+)?\s+years?)?(?:\s*\([^()]*\))?"
    r"\s+of\s+(?!age\b|old\b)[a-z]"
)


def _reads_as_age(
    norm: str, finding: ValueFinding, concepts: Sequence[ConceptFinding], bounds: list[int]
) -> bool:
    """A number of years is an age unless it reads as a time window."""
    if finding.unit != "year" or not 0 < finding.value <= 120:
        return False
    if any(word in finding.unit_text for word in ("old", "age")):
        return True
    if (
        _after_time_cue(norm, finding)
        or _TIME_FOLLOWERS.match(norm, finding.end)
        or _DURATION_AFTER.match(norm, finding.end)
        or _YEARS_OF_SOMETHING.match(norm, finding.end)
    ):
        return False
    clause = clause_of(bounds, finding.start)
    clause_start = bounds[clause]
    if _AGE_CUE.search(norm, clause_start, finding.end + 20):
        return True
    earlier_concepts = [c for c in concepts if clause_start <= c.start < finding.start]
    return not earlier_concepts and finding.comparator_explicit


_FIRST_DIGIT = re.compile(r"\d")


def _after_time_cue(norm: str, finding: ValueFinding) -> bool:
    """ "within 6 months", "for ≥2 years": the number is a time window, not an age. The
    words of the value's own comparator count ("within 7 years" is a window even when
    "within" was read as the comparator "≤")."""
    patterns = _patterns()
    digit = _FIRST_DIGIT.search(norm, finding.start, finding.end)
    number_start = finding.start if digit is None else digit.start()
    before = norm[max(0, number_start - 30) : number_start]
    return bool(patterns.recency.search(before) or patterns.duration.search(before))


def _lasts_for_something_else(
    norm: str,
    finding: ValueFinding,
    analyte_matches: Sequence[tuple[str, int, int]],
    owners: Sequence[str],
    concepts: Sequence[ConceptFinding],
) -> bool:
    """Whether a time after "for" or "within" times another event than the quantity named
    before it.

    "Life expectancy < 24 hours or expected to require mechanical ventilation for < 24
    hours": the second time is how long the ventilation lasts, a window, not a life
    expectancy. The duration cue stands several words after the name, or after the name's
    own value ("life expectancy for at least 3 months" keeps its value). After a time cue, a
    condition or treatment named between the name and the time is what the time dates
    ("life expectancy of at least 3 months, no myocardial infarction within 6 months").
    """
    names = [m for m in analyte_matches if m[0] in owners and m[2] <= finding.start]
    if not names:
        return False
    name_end = names[-1][2]
    if _after_time_cue(norm, finding) and any(
        name_end <= c.start and c.end <= finding.start for c in concepts
    ):
        return True
    cues = list(_patterns().duration.finditer(norm, name_end, finding.start))
    if not cues:
        return False
    between = norm[name_end : cues[-1].start()]
    # Several words between, or the name's own value ("gestational age < 32 weeks for more
    # than 2 weeks").
    return len(_WORD.findall(between)) >= 3 or _DIGIT.search(between) is not None


_WORD = re.compile(r"[a-z]+")


def _time_window(norm: str, finding: ValueFinding, text: str) -> TimeWindow:
    """The window a time value states; its text as written, lowercase ("two months", which
    ``norm`` holds as "2   months")."""
    patterns = _patterns()
    unit = finding.unit or "day"
    days = convert(finding.upper_value or finding.value, unit, "day") or 0.0
    before = norm[max(0, finding.start - 30) : finding.start]
    written = text[finding.start : finding.end].lower()
    anchor = _window_anchor(norm, finding)
    if anchor is not None:
        written = text[finding.start : anchor.end()].lower().strip().removesuffix(" of")
    if anchor is not None and anchor.re is patterns.treatment_end_after:
        # "4 weeks since the last dose": at least that long since the treatment stopped.
        explicit = finding.comparator_explicit and finding.comparator in ("<", "<=", ">", ">=")
        return TimeWindow("recency", finding.comparator if explicit else ">=", days, written)
    recency = patterns.recency.search(before) is not None or _TIME_FOLLOWERS.match(
        norm, finding.end
    )
    duration = (
        (
            patterns.duration.search(before) is not None
            and not (_WITHIN.match(written) and patterns.duration.search(before[-12:]) is None)
        )
        or _DURATION_AFTER.match(norm, finding.end) is not None
        or _limits_the_course_after(norm, finding.start, finding.end) is not None
    )
    lasted = _DURATION_OF_BEFORE.search(
        norm, max(0, finding.start - _DURATION_OF_REACH), finding.start
    )
    if lasted is not None or (duration and not recency):
        comparator: Comparator = finding.comparator if finding.comparator != "between" else ">="
        if comparator == "=":
            comparator = ">="
        return TimeWindow("duration", comparator, days, written)
    comparator = finding.comparator if finding.comparator in ("<", "<=", ">", ">=") else "<="
    return TimeWindow("recency", comparator, days, written)


def _window_anchor(norm: str, finding: ValueFinding) -> re.Match[str] | None:
    """What the window right before counts from, when the criterion names it: the study's
    first dose ("within 4 weeks prior to the first dose of study drug",
    ``study_start_anchor_phrases``), or the end of a treatment named next ("at least 14 days
    since the last radiotherapy", ``treatment_end_anchor_phrases``). The anchor's words are
    the window's own, read with it."""
    patterns = _patterns()
    return patterns.study_start_after.match(norm, finding.end) or (
        patterns.treatment_end_after.match(norm, finding.end)
    )


def _window_cues(norm: str, finding: ValueFinding) -> list[tuple[int, int]]:
    """The time cues a window is read by ("Diabetes duration > 2 years", "for the past"), and
    a recency cue right after it ("180 days before screening", "4 weeks prior to"): read
    with the window, so "duration" or "before" is no word the criterion leaves unread."""
    patterns = _patterns()
    # Match positions are the text's own (a search from ``pos`` does not shift them).
    cues = [
        cue.span()
        for pattern in (patterns.duration, patterns.recency)
        for cue in pattern.finditer(norm, max(0, finding.start - 30), finding.start)
    ]
    rest = norm[finding.end : finding.end + _CUE_AFTER_REACH]
    after = patterns.recency.match(norm, finding.end + len(rest) - len(rest.lstrip()))
    if after is not None:
        cues.append(after.span())
    anchor = _window_anchor(norm, finding)
    if anchor is not None:
        cues.append(anchor.span())
    return cues


# "2D echocardiography", "3D ultrasound": the dimensions of an image, not two days.
_IMAGING_DIMENSION = re.compile(
    r"[23]D[- ]?(?:echo|ultrasound|ultrasonography|imaging|mammograph|tomosynthesis|ct\b|mri\b)",
    re.IGNORECASE,
)
# Characters after a window its recency cue may start within ("180 days  before").
_CUE_AFTER_REACH = 8


# A time written "within 6 months" says how recent, unless a duration word is right before
# it ("diabetes duration within 5 years"): in "hospitalization for heart failure within 6
# months" or "treated for another malignancy within 5 years", "for" names what it was for.
_WITHIN = re.compile(r"within\b")

# After a time: "duration" or "history" says how long something has lasted ("of at least 1
# year duration", "6 months history of type 2 diabetes"); with "of" the condition named next
# is the one ("less than one year duration of Parkinson's").
_DURATION_AFTER = re.compile(r"\s*(?:of\s+)?(?:duration|history)\b")
_LASTS_FOR_NEXT = re.compile(r"\s*(?:of\s+)?(?:duration|history)\s+(?:of|with)\s+(?:the\s+)?")
# A limit of a course written before its treatment ("may have received up to 12 weeks of
# endocrine therapy", "no more than 4 weeks of prior corticosteroids"): how long the
# treatment named next may have lasted, not how recent it was.
# Its least length too ("received at least 6 months of adjuvant endocrine therapy", "≥ 2
# years of tamoxifen"), and both ("at least 24 months but not more than 60 months of any
# adjuvant ET"): a range's upper end, a bracketed tolerance of it ("(+3 months)"), and the
# course's setting ("adjuvant") may stand before the "of" or after it.
_COURSE_LIMIT = re.compile(
    r"(?:\b(?:up\s+to|at\s+most|no\s+more\s+than|not\s+more\s+than|a\s+maximum\s+of"
    r"|at\s+least|a\s+minimum\s+of|minimum\s+of|more\s+than|greater\s+than|less\s+than"
    r"|fewer\s+than)\s+|(?:≥|≤|>=|<=|>|<)\s*)(?=\d)"
)
_COURSE_UPPER = r"(?:no|not)\s+more\s+than|up\s+to|at\s+most|a\s+maximum\s+of|less\s+than|≤|<=|<"
_COURSE_UNIT = r"(?:days?|weeks?|months?|years?)"
_COURSE_OF_NEXT = re.compile(
    rf"(?:\s+(?:but|and|to)\s+(?:{_COURSE_UPPER})\s*\d+(?:\.\d+)?\s+{_COURSE_UNIT})?"
    r"(?P<tolerance>\s*\(\s*\+\s*\d+(?:\.\d+)?\s+"
    rf"{_COURSE_UNIT}\s*\))?"
    r"\s+of\s+(?:any\s+)?(?:prior\s+|previous\s+)?(?:standard\s+)?"
    r"(?P<setting>(?:adjuvant|neoadjuvant|neo-adjuvant)\s+)?"
)
# "Duration of prior endocrine therapy < 12 months": the time after the treatment is how long
# it lasted, whatever recency word ("prior") stands in its name.
_DURATION_OF_BEFORE = re.compile(r"\bduration\s+of\s+(?:the\s+)?[a-z][^,;.()<>≤≥\d]*$")
# A time after these counts from the event named after it ("after at least 3 months of renal
# transplantation"): a time since, not a course's length.
_SINCE_AN_EVENT = re.compile(r"\b(?:after|since|following|within)\s+$")
_DURATION_OF_REACH = 80
# Words between a treatment and the condition it is for ("methadone for treatment of opioid
# use disorder", "insulin for diabetes", "systemic therapy (including … antitumor vaccines)
# for treatment or prevention of breast cancer"): the condition is the treatment's indication.
# Words of the disease's extent may stand before it ("prior chemotherapy for unresectable
# locally advanced or metastatic breast cancer").
_FOR_INDICATION = re.compile(
    r"\)?\s+(?:(?:used|given|prescribed)\s+)?(?:for|to\s+treat)\s+(?:the\s+)?"
    r"(?:(?:treatment|management|therapy|prevention)"
    r"(?:\s+(?:or|and|and/or)\s+(?:treatment|management|therapy|prevention))?\s+of\s+(?:the\s+)?)?"
    r"(?:(?:unresectable|inoperable|locally|advanced|recurrent|relapsed|refractory|early|"
    r"early-stage|newly\s+diagnosed|or|and|and/or|,)\s*)*",
    re.IGNORECASE,
)
# The kinds of concept a condition may be named as the indication of.
_TREATING = frozenset({"treatment", "procedure"})
_DRUGS = frozenset({"treatment"})


def _stable_dose_window(
    norm: str, finding: ValueFinding, bounds: list[int], windows: list[tuple[int, int, TimeWindow]]
) -> None:
    """Make the window just read a ``stable`` one when it says how long a dose has been
    stable: a stable-dose cue before it in its clause, no comma between.

    "a stable dosage of thyroid replacement medication for <6 months prior to Screening":
    the dose has been stable less than 6 months; "on a stable dose for 3 months before
    Screening", "stable dose for last 3 months": for at least 3 months. A comparator written
    out ("<6 months", "at least 28 days") is kept; a time written as a period before
    an event ("3 months before", "last 3 months") is the least the dose must have lasted.
    """
    cue = _patterns().stable_dose
    reach = max(bounds[clause_of(bounds, finding.start)], finding.start - _STABLE_REACH)
    found = None if cue is None else list(cue.finditer(norm, reach, finding.start))
    # A comma between closes the dose's part ("stable on anti-retroviral therapy for ≥4
    # weeks, …, no history of AIDS-defining infections within 12 months").
    if not found or "," in norm[found[-1].end() : finding.start]:
        return
    start, end, window = windows[-1]
    comparator: Comparator = ">="
    if finding.comparator_explicit and finding.comparator in ("<", "<=", ">", ">="):
        comparator = finding.comparator
    windows[-1] = (start, end, TimeWindow("stable", comparator, window.days, window.text))


# Characters before a time its stable-dose cue may start within ("stable and maximum
# tolerated dose of an ACE inhibitor or an ARB (not both) for at least 4 weeks").
_STABLE_REACH = 100


def _attach_windows(
    concepts: Sequence[ConceptFinding],
    windows: Sequence[tuple[int, int, TimeWindow]],
    bounds: list[int],
    norm: str,
) -> list[tuple[ConceptFinding, TimeWindow | None]]:
    """Each time window applies to the concepts of its clause written before it, or, when it
    says how long the next one has lasted ("2 years duration of rheumatoid arthritis"), to the
    concept written right after it alone. A concept followed by "at any time" (``any_time_phrases``)
    keeps none of a window written after those words."""
    if not windows:
        return [(concept, None) for concept in concepts]
    backward: list[tuple[int, TimeWindow]] = []
    forward: dict[int, TimeWindow] = {}
    drugs_after: list[tuple[int, TimeWindow, frozenset[str]]] = []
    for start, end, stated in sorted(windows, key=lambda item: item[0]):
        course = _limits_the_course_after(norm, start, end)
        names_next = _LASTS_FOR_NEXT.match(norm, end) or course
        named_at = _course_concepts(concepts, norm, names_next)
        if names_next is not None and named_at:
            for position in named_at:
                forward[position] = _course_range(forward.get(position), stated, norm, course)
        elif _since_the_treatments_after(concepts, norm, end):
            drugs_after.append((end, stated, _TREATING))
        elif _uses_the_drugs_after(concepts, norm, start, end):
            drugs_after.append((end, stated, _DRUGS))
        else:
            backward.append((start, stated))
    attached: list[tuple[ConceptFinding, TimeWindow | None]] = []
    for concept in concepts:
        clause = clause_of(bounds, concept.start)
        named: TimeWindow | None = forward.get(concept.start) or next(
            (
                w
                for position, w, kinds in drugs_after
                if concept.category in kinds
                and position < concept.start
                and clause_of(bounds, position) == clause
            ),
            None,
        )
        window = named or next(
            (
                w
                for position, w in backward
                if position > concept.start
                and clause_of(bounds, position) == clause
                and not _patterns().any_time.search(norm, concept.end, position)
            ),
            None,
        )
        if window is not None and named is None and _names_indication(concepts, concept, norm):
            window = None
        attached.append((concept, window))
    return attached


def _limits_the_course_after(norm: str, start: int, end: int) -> re.Match[str] | None:
    """The "of" after a time written as a course's limit, its comparator's words read with
    it ("up to 12 weeks of"), whose treatment named next the time says the length of; None
    for any other time."""
    if _COURSE_LIMIT.match(norm, start) is None or _SINCE_AN_EVENT.search(norm, 0, start):
        return None
    return _COURSE_OF_NEXT.match(norm, end)


def _course_concepts(
    concepts: Sequence[ConceptFinding], norm: str, names_next: re.Match[str] | None
) -> list[int]:
    """Where the concepts a course's length names start: the one right after its "of" (or
    its setting word, "of adjuvant ET"), and those listed with it ("at least 6 months of
    letrozole, anastrozole or tamoxifen"); none when no concept stands there."""
    if names_next is None:
        return []
    at = {names_next.end()}
    if "setting" in names_next.re.groupindex and names_next.group("setting"):
        at.add(names_next.start("setting"))
    listed = sorted(concepts, key=lambda c: c.start)
    named: list[int] = []
    last_end = 0
    for concept in listed:
        if concept.start in at or (named and _LISTED_WITH.fullmatch(norm, last_end, concept.start)):
            named.append(concept.start)
            last_end = concept.end
        elif named:
            break
    return named


# Between items of a list of treatments a course's length names.
_LISTED_WITH = re.compile(r"\s*(?:,|/|or|and|and/or)\s*(?:(?:or|and)\s+)?")


def _course_range(
    earlier: TimeWindow | None, stated: TimeWindow, norm: str, course: re.Match[str] | None
) -> TimeWindow:
    """A course's length, the two ends of a range ("at least 24 months but not more than 60
    months of") read as one duration between them, a bracketed tolerance of the upper end
    ("no more than 5 years (+3 months)") added to it."""
    if (
        earlier is None
        or earlier.kind != "duration"
        or stated.kind != "duration"
        or earlier.comparator not in (">", ">=")
        or stated.comparator not in ("<", "<=")
    ):
        return stated
    upper = stated.days
    tolerance = None if course is None else course.group("tolerance")
    if tolerance:
        amount = _TOLERANCE.search(tolerance)
        if amount is not None:
            upper += convert(float(amount.group(1)), amount.group(2), "day") or 0.0
    return TimeWindow(
        "duration", "between", earlier.days, f"{earlier.text} to {stated.text}", upper_days=upper
    )


_TOLERANCE = re.compile(r"(\d+(?:\.\d+)?)\s+(day|week|month|year)")


def _since_the_treatments_after(concepts: Sequence[ConceptFinding], norm: str, end: int) -> bool:
    """Whether the window ending at ``end`` counts from the end of the treatments named after
    it ("At least 4 weeks since last surgery or radiation therapy", "At least 12 months must
    have elapsed since completion of chemotherapy"): a ``treatment_end_anchor_phrases`` phrase
    right after it, a treatment or procedure right after that (past at most two words). The
    window is then every treatment's and procedure's the clause lists after it, the least
    time since it ended."""
    ended = _patterns().treatment_end_after.match(norm, end)
    return ended is not None and any(
        c.category in _TREATING
        and c.start >= ended.end()
        and _QUALIFYING_WORDS.fullmatch(norm, ended.end(), c.start) is not None
        for c in concepts
    )


# At most two words between the anchor and its treatment ("since prior first-line
# chemotherapy", "since completion of definitive radiation therapy").
_QUALIFYING_WORDS = re.compile(r"(?:[\w-]+\s+){0,2}")


def _uses_the_drugs_after(
    concepts: Sequence[ConceptFinding], norm: str, start: int, end: int
) -> bool:
    """Whether the window between ``start`` and ``end`` is the window of a use written before
    its drugs ("Use within the past 12 months of finasteride (Proscar or Propecia),
    dutasteride (Avodart), …", "Exposure within two weeks to …"): a use word before it and a
    drug (a treatment concept) right after its "of"/"to". The window is then every drug's
    the clause lists after it. "use within 3 days of surgery" names the event the window is
    counted from, no drug, and keeps today's reading."""
    if _USE_BEFORE_WINDOW.search(norm, max(0, start - _USE_REACH), start) is None:
        return False
    after = _DRUG_AFTER_WINDOW.match(norm, end)
    return after is not None and any(
        c.start == after.end() and c.category == "treatment" for c in concepts
    )


# A use word right before a window ("use within the past", "exposure within", "treatment
# within the last"), and the "of"/"to" that names the drug after it.
_USE_BEFORE_WINDOW = re.compile(
    r"\b(?:use|usage|intake|exposure|treatment|therapy)\s+(?:(?:within|in|during)\s+"
    r"(?:the\s+)?(?:past|last|previous|preceding|prior)?\s*)?$",
    re.IGNORECASE,
)
_DRUG_AFTER_WINDOW = re.compile(r"\s*(?:of|to|with)\s+(?:the\s+)?", re.IGNORECASE)
# Characters before a window its use word may start within ("use within the previous ").
_USE_REACH = 40


def _names_indication(
    concepts: Sequence[ConceptFinding], concept: ConceptFinding, norm: str
) -> bool:
    """Whether ``concept`` is a condition named as what the treatment right before it is for
    ("methadone for treatment of opioid use disorder for at least 3 months"): a window after
    it says how long the treatment has been taken, not how long the condition has lasted, so
    the condition takes none of it."""
    if concept.category in _TREATING:
        return False
    return any(
        before.category in _TREATING
        and before.end <= concept.start
        and names_an_indication(norm, before.end, concept.start)
        for before in concepts
    )


def names_an_indication(text: str, start: int, end: int) -> bool:
    """Whether the words of ``text`` from ``start`` (where a treatment ends) to ``end``
    (where a condition starts) name the condition as what the treatment is for ("for
    treatment of", "for"): the parse gives such a condition none of the treatment's window,
    and the judge reads it as part of the treatment's phrase, not as a criterion of its own."""
    return _FOR_INDICATION.fullmatch(text, start, end) is not None


def _detection_reading(result: DetectionResult, text: str) -> Measurement:
    """A viral load against its detection limit as a value: detectable is above 0 ("HBV DNA
    ≥ detection limit", "detectable HCV RNA"), undetectable is 0 ("HBV DNA undetectable"), so
    a threshold of copies or IU compares with either."""
    unit = load_lexicon().analytes[result.analyte].canonical_unit
    return Measurement(
        analyte=result.analyte,
        comparator=">" if result.detected else "=",
        value=0.0,
        text=text[result.start : result.end],
        unit=unit,
        canonical_value=0.0,
    )


def detection_word(analyte: Analyte, reading: Measurement) -> str | None:
    """ "detectable" / "undetectable" for a viral load read against its detection limit
    (above 0 / 0, :func:`_detection_reading`), else None: reasons never show a load of
    "0 copies/mL", and extraction, which scores numbers written, leaves these out."""
    if not analyte.detection_limited or reading.value != 0 or reading.relative_to_uln:
        return None
    return "detectable" if reading.comparator in (">", ">=") else "undetectable"


def _measurement(analyte_id: str, finding: ValueFinding, text: str) -> Measurement | None:
    analyte = load_lexicon().analytes[analyte_id]
    unit = finding.unit
    relative = unit == "ULN"
    if unit == "year" and analyte.kind != "age" and not _measured_in_time(analyte_id):
        return None
    if analyte.kind == "age" and unit is None:
        unit = "year"
    unit_assumed = False
    if unit is None and not relative:
        unit = bare_value_unit(analyte, finding.value)
        unit_assumed = unit is not None
    canonical_value: float | None = finding.value
    canonical_upper = finding.upper_value
    if not relative:
        canonical_value = to_canonical(analyte, finding.value, unit)
        if finding.upper_value is not None:
            canonical_upper = to_canonical(analyte, finding.upper_value, unit)
    plausible = True
    if canonical_value is not None and not relative:
        plausible = is_plausible(analyte, canonical_value) and (
            canonical_upper is None or is_plausible(analyte, canonical_upper)
        )
    slip_unit = None if plausible else plausible_unit(analyte, finding.value, unit)
    if slip_unit is not None and finding.upper_value is not None:
        upper = to_canonical(analyte, finding.upper_value, slip_unit)
        slip_unit = slip_unit if upper is not None and is_plausible(analyte, upper) else None
    return Measurement(
        analyte=analyte_id,
        comparator=_severity_comparator(analyte, finding, text),
        value=finding.value,
        text=text[finding.start : finding.end].strip(),
        upper_value=finding.upper_value,
        unit=unit,
        canonical_value=canonical_value,
        canonical_upper=canonical_upper,
        relative_to_uln=relative,
        plausible=plausible,
        plausible_unit=slip_unit,
        unit_assumed=unit_assumed,
        lower_open=finding.lower_open,
        upper_open=finding.upper_open,
    )


def _severity_comparator(analyte: Analyte, finding: ValueFinding, text: str) -> Comparator:
    if finding.comparator == "between":
        return finding.comparator
    written = text[finding.start : finding.end]
    return severity_comparator(analyte, written) or finding.comparator


def _letter_class_findings(
    norm: str, analyte_matches: Sequence[tuple[str, int, int]]
) -> list[ValueFinding]:
    """Letter classes right after a score's name ("Child-Pugh Class B or C", "Child Pugh score B/C")
    as the range of points they span; "B or worse" runs to the worst class; a class with its
    points ("A or B7") spans up to those points."""
    analytes = load_lexicon().analytes
    found: list[ValueFinding] = []
    for analyte_id, _, end in analyte_matches:
        classes = analytes[analyte_id].classes
        if not classes:
            continue
        named = _named_categories(analyte_id)
        if named is not None:
            category = _category_finding(norm, end, named, classes)
            if category is not None:
                found.append(category)
            continue
        match = _LETTER_CLASS.match(norm, end)
        if match is None or match.group("first") not in classes:
            continue
        first = _class_points(classes[match.group("first")], match.group("first_points"))
        if first is None:
            continue
        spans = [first]
        last = match.group("last")
        last_span = (
            _class_points(classes[last], match.group("last_points"))
            if last is not None and last in classes
            else None
        )
        if last_span is not None:
            spans.append(last_span)
        elif match.group("severity") is not None:
            worse = match.group("severity").endswith("worse") == (
                analytes[analyte_id].worse == "higher"
            )
            spans.append(max(classes.values()) if worse else min(classes.values()))
        class_end = match.end()
        points = _CLASS_POINTS.match(norm, class_end)
        if points is not None and last_span is None and match.group("severity") is None:
            # "Child-Pugh class B (7 points)", "A (5-6 points)": the points, when they fall in
            # the class, are the one reading (not the class and its points again).
            low_points = float(points.group("low"))
            high_points = float(points.group("high") or low_points)
            if first[0] <= low_points <= high_points <= first[1]:
                spans = [(low_points, high_points)]
                class_end = points.end()
        onward = _CLASS_OR_SYMBOL.match(norm, class_end)
        postfix = _patterns().postfix.pattern.match(norm, class_end)
        if last_span is None and match.group("severity") is None:
            if onward is not None:
                # "B7 or >", "B7 o >": from the class on, up or down.
                upward = onward.group("symbol") in (">", ">=", "≥")
                class_end = onward.end()
            elif postfix is not None:
                # "B7 or higher", "class B or more".
                upward = _comparator_of(_patterns().postfix, postfix) == ">="
                class_end = postfix.end()
            if onward is not None or postfix is not None:
                spans.append(max(classes.values()) if upward else min(classes.values()))
        low = min(span[0] for span in spans)
        high = max(span[1] for span in spans)
        found.append(
            ValueFinding(match.start("first"), class_end, "between", low, high, None, "", True)
            if low < high
            else ValueFinding(match.start("first"), class_end, "=", low, None, None, "", True)
        )
    return found


# Words between a score's name and its category ("DIPSS risk category intermediate-2",
# "Dynamic International Prognostic Scoring System [DIPSS] risk score of intermediate-1").
_CATEGORY_LEAD = (
    r"\]?(?:\s*[\[(][a-z0-9-]+[\])])?[\s:()]*"
    r"(?:(?:class|grade|score|classification|stage|category|group|risk)\s*)*(?:of\s+)?"
)
# What joins the categories of a list ("intermediate-1, intermediate-2, or high-risk").
_CATEGORY_JOIN = r"\s*(?:,\s*(?:or\s+|and\s+)?|or\b|and\b|to\b|/)\s*"


@functools.cache
def _named_categories(analyte_id: str) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """A score's categories written as words ("low", "intermediate-2", "high" of DIPSS): the
    pattern of a list of them after the score's name, and of one of them. None for a score
    written in letter classes, or none."""
    classes = load_lexicon().analytes[analyte_id].classes
    if all(len(name) == 1 for name in classes):
        return None
    names = sorted(classes, key=len, reverse=True)
    one = "|".join(re.escape(name).replace(r"\-", r"[\s-]?") for name in names)
    category = rf"(?:{one})(?:[\s-]*risk)?(?![a-z0-9])"
    listed = re.compile(rf"{_CATEGORY_LEAD}(?P<list>{category}(?:{_CATEGORY_JOIN}{category})*)")
    return listed, re.compile(rf"\b(?:{one})(?![a-z0-9])")


def _category_finding(
    norm: str,
    end: int,
    named: tuple[re.Pattern[str], re.Pattern[str]],
    classes: dict[str, tuple[float, float]],
) -> ValueFinding | None:
    """The points a list of named categories spans right after a score's name ("DIPSS
    intermediate-2 or high-risk" is 3–6 points, "intermediate-1 to high-risk" 1–6); listed
    categories that skip one between them ("low or high") are no one range and are not read."""
    listed, one = named
    match = listed.match(norm, end)
    if match is None:
        return None
    ordered = sorted(classes, key=lambda name: classes[name])
    spelled = {re.sub(r"[\s-]", "", name): name for name in classes}
    written = one.findall(match.group("list"))
    places = sorted({ordered.index(spelled[re.sub(r"[\s-]", "", word)]) for word in written})
    through = re.search(r"\bto\b", match.group("list")) is not None
    if not through and places != list(range(places[0], places[-1] + 1)):
        return None
    low = classes[ordered[places[0]]][0]
    high = classes[ordered[places[-1]]][1]
    if low < high:
        return ValueFinding(match.start("list"), match.end(), "between", low, high, None, "", True)
    return ValueFinding(match.start("list"), match.end(), "=", low, None, None, "", True)


_CLASS_OR_SYMBOL = re.compile(r"\s*(?:or|o)\s*(?P<symbol>>=|<=|[<>≤≥])")
# A letter class's points in brackets: "(7 points)", "(5-6 points)", "(score 7-9)".
_CLASS_POINTS = re.compile(
    r"\s*[(\[]\s*(?:score\s*(?:of\s*)?)?(?P<low>\d{1,2})(?:\s*(?:-|to)\s*(?P<high>\d{1,2}))?"
    r"\s*(?:points?)?\s*[)\]]"
)


def _class_points(span: tuple[float, float], points: str | None) -> tuple[float, float] | None:
    """A letter class's points, or the points written after it ("B7" is 7 points of class B,
    5-6 / 7-9 / 10-15); points outside the class are a misreading, not a class."""
    if points is None:
        return span
    value = float(points)
    return (value, value) if span[0] <= value <= span[1] else None


def parse_value_text(analyte_id: str | None, text: str) -> Measurement | None:
    """Read a patient value such as "11.7 mg/dL", "-3.4" or "3 x ULN" for an analyte."""
    if analyte_id is None:
        return None
    norm = unit_normalised(text.lower())
    values = _find_values(norm, (), text)
    if not values:
        return None
    return _measurement(analyte_id, values[0], text)


# "= 18 years of age and <60 years": an equals sign written where the registry lost a "≥"
# (legacy records turned the sign into "="); before an upper bound it is the lower one.
_LOST_SIGN = re.compile(r"=\s*\d")


def _merge_bounds(measurements: Sequence[Measurement]) -> list[Measurement]:
    """Join "> 5.5 ... ≤ 10" (and "= 18 … < 60", a lost "≥") into one range; drop bare
    values restating a bound.

    Each bound keeps whether it holds its end: "> 18 … < 80" leaves out 18 and 80
    (``lower_open``, ``upper_open``), so age 18 does not meet it. An age's bounds in two
    units ("28 days or older and less than 18 years") join in years, the canonical unit.
    "(including 18 and 75 years)" repeats the bounds of "18 to 75 years"; those
    plain numbers are not constraints of their own.
    """
    merged: list[Measurement] = []
    for measurement in measurements:
        previous = merged[-1] if merged else None
        if (
            previous is not None
            and previous.analyte == measurement.analyte
            and (previous.comparator in (">", ">=") or _LOST_SIGN.match(previous.text))
            and measurement.comparator in ("<", "<=")
            and previous.change == measurement.change
        ):
            joined = _joined_bounds(previous, measurement)
            if joined is not None:
                merged[-1] = joined
                continue
        merged.append(measurement)
    explicit = {m.analyte for m in merged if m.comparator != "="}
    return [m for m in merged if m.comparator != "=" or m.analyte not in explicit]


def _joined_bounds(lower: Measurement, upper: Measurement) -> Measurement | None:
    """One range of a lower bound and the upper bound after it, or None when they are no
    range (the upper below the lower: "< 18 or > 70" are alternatives, not a range). Bounds
    in one unit join as written; an age's in two units join in years, the canonical unit."""
    if lower.unit == upper.unit and upper.value > lower.value:
        value, high, unit = lower.value, upper.value, lower.unit
    elif (
        lower.analyte == "age"
        and lower.canonical_value is not None
        and upper.canonical_value is not None
        and upper.canonical_value > lower.canonical_value
    ):
        value, high, unit = lower.canonical_value, upper.canonical_value, "year"
    else:
        return None
    return msgspec.structs.replace(
        lower,
        comparator="between",
        value=value,
        upper_value=high,
        unit=unit,
        canonical_upper=upper.canonical_value,
        text=f"{lower.text} … {upper.text}",
        lower_open=lower.comparator == ">",
        upper_open=upper.comparator == "<",
    )


_PREGNANCY_STATES = {"pregnancy": "pregnant", "lactation": "lactating"}


def _fully_covered(
    tokens: Sequence[Token], lowered: Sequence[str], covered: Sequence[tuple[int, int]], norm: str
) -> bool:
    """Whether the constraints account for every content word."""
    patterns = _patterns()
    non_content = patterns.non_content_words
    for token, word in zip(tokens, lowered, strict=True):
        if word in non_content or len(word) < 2 or word.isdigit():
            continue
        if _inside(token.start, covered):
            continue
        following = norm[token.end : token.end + 3].lstrip()
        opening = norm.find("(", token.end)
        if (
            following.startswith("(")
            and _inside(opening + 1, covered)
            and not patterns.citation.match(norm, opening)
        ):
            continue  # "haemoglobin (Hb)": read in its brackets; "AD (according to …)" is not
        return False
    return True


def words_left_unread(text: str, read_spans: Sequence[tuple[int, int]]) -> list[str]:
    """The content words of ``text`` that neither its parse nor ``read_spans`` account for.

    The judge reads some words the parser cannot (MeSH diseases); with their spans
    it can tell whether anything else in the criterion is left to check.
    """
    return list(_words_left_unread(text, tuple(read_spans)))


@functools.lru_cache(maxsize=8192)
def _words_left_unread(text: str, read_spans: tuple[tuple[int, int], ...]) -> tuple[str, ...]:
    """:func:`words_left_unread`, kept per criterion: the judge asks it of the same criterion
    for every patient of a cohort (the text's analysis is the costly part)."""
    analysis = analyse_text(text)
    covered = [*analysis.covered, *read_spans]
    non_content = _patterns().non_content_words
    return tuple(
        word
        for token, word in zip(analysis.tokens, analysis.lowered, strict=True)
        if word not in non_content
        and len(word) >= 2
        and not word.isdigit()
        and not _inside(token.start, covered)
    )


def required_treatments(
    text: str, end: int, start: int | None = None
) -> tuple[RequiredTreatment, ...]:
    """The treatments written as what the condition ending at ``end`` required ("… disorders
    requiring chronic treatment with steroids or other immunosuppressive treatment"): the
    parse reads them once, as part of the condition, because the judge drops such a
    treatment as a constraint of its own (what the condition needed, not what excludes).
    Given the condition's ``start``, a treatment written right before it counts too
    ("Insulin treated diabetes": diabetes on metformin alone is not it). The words that say
    so are data (``requirement_words`` and ``requirement_words_before`` in ``cues.json``)."""
    found: list[RequiredTreatment] = []
    patterns = _patterns()
    if start is not None and patterns.requiring_before_ends.search(text, 0, start) is not None:
        joiner = patterns.requiring_before
        found.extend(
            RequiredTreatment(f.concept, f.text.lower())
            for f in find_concepts(text[:start])
            if f.category == "treatment"
            and not f.negated
            and joiner.fullmatch(text, f.end, start) is not None
        )
    after = patterns.requiring_after.match(text, end)
    if after is not None:
        found.extend(
            RequiredTreatment(f.concept, f.text.lower())
            for f in find_concepts(after.group(1))
            if f.category == "treatment" and not f.negated
        )
    return tuple(found)


def _defined_by_tests(
    text: str, finding: ConceptFinding, definitions: list[tuple[str, Definition]]
) -> Definition | None:
    """The tests the criterion defines this infection by ("hepatitis B (HBsAg +ve)"), for
    the condition and for the test's own mention inside the definition ("HBsAg +ve" reads
    as hepatitis B too); ``definitions`` collects the ones found, in order."""
    if finding.category != "condition" or finding.negated:
        return None
    for concept, earlier in definitions:
        if concept == finding.concept and earlier.start <= finding.start < earlier.end:
            return earlier
    if finding.concept not in tested_concepts():
        return None
    definition = defining_tests(text, finding.concept, finding.end)
    if definition is not None:
        definitions.append((finding.concept, definition))
    return definition


def _disease_drug_families(
    text: str, finding: ConceptFinding, window: TimeWindow | None
) -> list[ConceptMention]:
    """The drug families a disease named as its drugs asks for ("Parkinson's drug": the
    antiparkinson agents), with the disease's negation, history and window, named by the
    criterion's own words so the judge's reason quotes them."""
    start, end = drug_phrase(text, finding.start, finding.end) or (finding.start, finding.end)
    return [
        ConceptMention(
            concept=family,
            category="treatment",
            text=text[start:end],
            negated=finding.negated,
            historical=finding.historical,
            window=window,
        )
        for family in drugs_for(finding.concept)
    ]


def _abbreviates(text: str, named: ConceptFinding, finding: ConceptFinding) -> bool:
    """Whether ``finding`` is an abbreviation in brackets right after the concept ``named``
    that the lexicon reads as a concept beside it, neither broader nor narrower
    ("allogeneic stem cell transplantation (ASCT)", where ASCT is the autologous one): it
    stands for the concept just named."""
    ancestors = load_lexicon().ancestors
    return (
        finding.text.isupper()
        and finding.category == named.category
        and named.concept not in ancestors.get(finding.concept, frozenset({finding.concept}))
        and finding.concept not in ancestors.get(named.concept, frozenset({named.concept}))
        and _OPENING_BRACKET.fullmatch(text, named.end, finding.start) is not None
        and text[finding.end : finding.end + 1] == ")"
    )


_OPENING_BRACKET = re.compile(r"\s*\(\s*")


def parse_criterion(text: str, section: Section) -> tuple[list[Constraint], bool]:
    """Constraints found in one criterion, and whether they cover all of it."""
    rationale = _patterns().rationale_sentence.search(text)
    if rationale is not None:
        # "Age >= 18 years. Because no dosing or adverse event data are currently available
        # on the use of [agent] in patients < 18 years of age, children are excluded": the
        # reason for the age, blanked (the offsets kept), so its drugs and ages ask nothing.
        start, end = rationale.span()
        return parse_criterion(text[:start] + " " * (end - start) + text[end:], section)
    analysis, scan = _analyse(text)
    analytes = load_lexicon().analytes
    # A length or score known by its form alone is read (the trial page and the extraction
    # benchmark see it) but weighs nothing: no patient fact can answer it, so it could only block a
    # criterion met on what it names.
    # A denied habit's or a parity term's own definition is read with it (its counts, weeks and
    # pregnancies say who counts as having the term, not values asked of the patient).
    definition = _habit_definition_span(text, analysis) or _defined_term_span(text, analysis)
    constraints: list[Constraint] = list(
        _merge_bounds(
            [
                m
                for m, start, _ in analysis.measurements
                if not analytes[m.analyte].unit_only
                and (definition is None or not definition[0] <= start < definition[1])
            ]
        )
    )
    covered = list(analysis.covered)
    pregnancy_states: list[str] = []
    pregnancy_texts: list[str] = []
    pregnancy_negated = False
    stages = stage_spans(text)
    tnms = tnm_spans(text)
    ancestors = load_lexicon().ancestors
    definitions: list[tuple[str, Definition]] = []
    if definition is not None:
        covered.append(definition)
    for index, (finding, window) in enumerate(analysis.concepts):
        if definition is not None and definition[0] <= finding.start < definition[1]:
            continue  # "… defined as smoking <100 cigarettes in a lifetime": who never smoked
        if index and _abbreviates(text, analysis.concepts[index - 1][0], finding):
            # "allogeneic stem cell transplantation (ASCT)": the criterion's own short form
            # of what it just named (read with it), not a second, other concept.
            continue
        state = _PREGNANCY_STATES.get(finding.concept)
        if state is not None:
            pregnancy_states.append(state)
            pregnancy_texts.append(finding.text)
            pregnancy_negated = pregnancy_negated or finding.negated
            continue
        if finding.category == "condition" and names_its_drugs(text, finding.end, finding.start):
            # "Parkinson's drug": the drugs for the disease, not the disease; the families
            # ``disease_drugs.json`` gives for it are asked for in its place.
            families = _disease_drug_families(text, finding, window)
            if families:
                constraints.extend(families)
                span = drug_phrase(text, finding.start, finding.end)
                covered.append(span or (finding.start, finding.end))  # "drug" read with it
            continue
        if (
            finding.category == "procedure"
            and not finding.negated  # "confirmed by a negative pregnancy test": a result asked
            and _patterns().confirmed_by.search(text, 0, finding.start) is not None
        ):
            # "confirmed SSc-PAH … confirmed via previous cardiac catheterization": how the
            # diagnosis was confirmed, not a procedure asked for by itself (left unread).
            covered = [span for span in covered if span != (finding.start, finding.end)]
            continue
        if finding.category == "treatment" and _counts_a_family(text, analysis, finding):
            # "4 different antidepressants": how many of the family, left to the team.
            covered = [span for span in covered if span != (finding.start, finding.end)]
            continue
        defined = _defined_by_tests(text, finding, definitions)
        constraints.append(
            ConceptMention(
                concept=finding.concept,
                category=finding.category,
                text=finding.text,
                negated=finding.negated,
                historical=finding.historical,
                window=window,
                required_treatments=(
                    required_treatments(text, finding.end, finding.start)
                    if finding.category == "condition"
                    else ()
                ),
                stage=(
                    attached_stage(text, finding.start, finding.end, stages)
                    if finding.category == "condition" and stages
                    else None
                ),
                tnm=(
                    attached_tnm(text, finding.start, finding.end, tnms)
                    if tnms
                    and (
                        finding.concept == "cancer"
                        or "cancer" in ancestors.get(finding.concept, ())
                    )
                    else None
                ),
                tests=defined.tests if defined else (),
                tests_join=defined.join if defined else "any",
            )
        )
    if pregnancy_states:
        constraints.append(
            Pregnancy(
                states=sorted(set(pregnancy_states)),  # type: ignore[arg-type]
                text=", ".join(dict.fromkeys(pregnancy_texts)),
                negated=pregnancy_negated,
            )
        )
    # A stage read onto its condition is read: "Stage IV breast cancer" leaves nothing over.
    given = {id(c.stage) for c in constraints if isinstance(c, ConceptMention) and c.stage}
    covered.extend((span.start, span.end) for span in stages if id(span.stage) in given)
    given_tnm = {id(c.tnm) for c in constraints if isinstance(c, ConceptMention) and c.tnm}
    covered.extend((span.start, span.end) for span in tnms if id(span.tnm) in given_tnm)
    # A definition by tests is read: "hepatitis B (HBsAg +ve)" leaves nothing over.
    covered.extend((d.start, d.end) for _, d in definitions)
    covered.extend(_prior_lines(text, section, analysis, constraints))
    covered.extend(_habit_denial_spans(analysis))
    tokens, lowered, norm = analysis.tokens, analysis.lowered, analysis.norm
    if section == "inclusion":
        sex = _sex_requirement(lowered, scan, text)
        if sex is not None:
            constraints.append(sex)
        else:
            # "Male or non-pregnant … females": asks of both, so the sex words ask nothing.
            covered.extend(_both_sexes_spans(tokens, lowered))
        healthy = scan.healthy
        if healthy:
            first, last = healthy[0].first, healthy[0].last
            span = _token_spans(tokens, first, last)
            constraints.append(HealthyVolunteers(accepted=True, text=text[span[0] : span[1]]))
            covered.append(span)
        elif (closing := _patterns().healthy_closing.search(text)) is not None:
            constraints.append(HealthyVolunteers(accepted=True, text=closing.group().strip()))
            covered.append(closing.span())
    elif (alone := _sex_alone(lowered, text)) is not None:
        constraints.append(alone)
        covered.append((0, len(text)))  # nothing but the sex: every word is read
    if not constraints:
        return constraints, False
    return constraints, not analysis.scoped and _fully_covered(tokens, lowered, covered, norm)


@functools.lru_cache(maxsize=4096)
def habit_definition(text: str) -> tuple[int, int] | None:
    """Where a denied habit's own lifetime definition stands in a criterion ("Has never smoked,
    defined as smoking <100 tobacco cigarettes in a lifetime"), read with the habit: its count
    says who never had it, no threshold of the patient's to compare."""
    return _habit_definition_span(text, analyse_text(text))


def _habit_definition_span(text: str, analysis: TextAnalysis) -> tuple[int, int] | None:
    """A denied habit's own lifetime definition right after it ("Has never smoked, defined as
    smoking <100 tobacco cigarettes in a lifetime"; ``habit_definition_cues`` and
    ``habit_definition_words`` in ``cues.json``): who counts as never having it, not a count
    to compare, so its words and the habits it names are read with the habit."""
    patterns = _patterns()
    for finding, _ in analysis.concepts:
        if finding.negated and finding.concept in patterns.denied_habit_concepts:
            match = patterns.habit_definition.match(text, finding.end)
            if match is not None:
                return match.start(), match.end()
    return None


def _defined_term_span(text: str, analysis: TextAnalysis) -> tuple[int, int] | None:
    """A parity term's own definition after it, to the criterion's end ("Nullipara: a woman who
    has never completed a pregnancy beyond 20 weeks gestation. She may not have been pregnant or
    may have had … an ectopic pregnancy"; ``defined_term_concepts`` and ``defined_term_openers``
    in ``cues.json``): who counts as the term, so the pregnancies, weeks and outcomes it names
    are read with the term, not asked of the patient."""
    patterns = _patterns()
    for finding, _ in analysis.concepts:
        if finding.negated or finding.concept not in patterns.defined_term_concepts:
            continue
        opener = patterns.defined_term_opener.match(text, finding.end)
        if opener is not None and opener.group().strip() and opener.end() < len(text):
            return finding.end, len(text)
    return None


def _habit_denial_spans(analysis: TextAnalysis) -> list[tuple[int, int]]:
    """The words right before a denied habit that only say it is denied, for life or now
    ("Never smoker", "Non-smoker", "Lifelong never-smoker"; ``habit_denial_words`` in
    ``cues.json``): read with the habit, so such a criterion is read whole."""
    patterns = _patterns()
    spans: list[tuple[int, int]] = []
    for finding, _ in analysis.concepts:
        if not finding.negated or finding.concept not in patterns.denied_habit_concepts:
            continue
        index = next(
            (i for i, token in enumerate(analysis.tokens) if token.start >= finding.start), 0
        )
        while index and analysis.lowered[index - 1] in patterns.habit_denial_words:
            index -= 1
            spans.append((analysis.tokens[index].start, analysis.tokens[index].end))
    return spans


def _counts_a_family(text: str, analysis: TextAnalysis, finding: ConceptFinding) -> bool:
    """Whether a drug family is counted ("Treatment resistance to 4 different antidepressants",
    "2 or more SSRIs", "several anticonvulsants"): one drug of it does not say the patient had
    that many, so the family read alone would meet the criterion for any patient on one."""
    if not load_lexicon().concepts[finding.concept].members:
        return False
    patterns = _patterns()
    before = [
        word
        for token, word in zip(analysis.tokens, analysis.lowered, strict=True)
        if token.end <= finding.start
    ]
    while before and before[-1] in patterns.family_count_fillers:
        before.pop()
    if not before:
        return False
    last = before[-1]
    if last.isdigit():
        # "more than 1 TNF-antagonist", "> 1 anti-TNF agent": two or more as well.
        more = (len(before) > 1 and before[-2] == "than") or _MORE_THAN.search(
            text[: finding.start]
        )
        return int(last) >= 2 or (int(last) >= 1 and bool(more))
    return last in patterns.family_counts


_MORE_THAN = re.compile(r">\s*\d+\s*\D{0,40}$")


def _prior_lines(
    text: str, section: Section, analysis: TextAnalysis, constraints: list[Constraint]
) -> list[tuple[int, int]]:
    """Adds the counts of prior lines of therapy the criterion states
    (:mod:`~trialfinder.criteria.therapy_lines`) and returns the spans they read."""
    treatment_ends = [f.end for f, _ in analysis.concepts if f.category == "treatment"]
    spans: list[tuple[int, int]] = []
    for reading, span in prior_lines(
        text, treatment_ends, exclusion=section == "exclusion", lowered=analysis.lowered
    ):
        constraints.append(reading)
        spans.append(span)
    return spans


_SEX_PREFIX_SKIPS = frozenset(
    {"healthy", "postmenopausal", "premenopausal", "adult", "non", "pregnant", "ambulatory"}
)


# Words that may qualify the other sex offered after "or"/"and" ("Male or non-pregnant,
# non-lactating females", "Men and post-menopausal women").
_SEX_ALTERNATIVE_QUALIFIERS = _SEX_PREFIX_SKIPS | {
    "nonpregnant",
    "lactating",
    "nonlactating",
    "nursing",
    "breastfeeding",
    "breast",
    "feeding",
    "post",
    "pre",
    "peri",
    "menopausal",
    "perimenopausal",
    "subjects",
    "patients",
    "participants",
    "and",
}


def _sex_requirement(lowered: Sequence[str], scan: _Scan, text: str) -> SexRequirement | None:
    """Only a criterion that opens with a sex word ("Female, age ...", "Postmenopausal women"),
    and not when "or"/"and" right after it offers the other sex, however qualified ("Male
    or non-pregnant, non-lactating females"): that asks of both."""
    patterns = _patterns()
    if scan.sex_exemptions:
        return None
    for index, word in enumerate(lowered[:4]):
        if word in _SEX_PREFIX_SKIPS:
            continue
        if word in patterns.female and word not in ("she", "her"):
            sex: Literal["female", "male"] = "female"
        elif word in patterns.male and word not in ("he", "his", "him"):
            sex = "male"
        else:
            break
        other = patterns.male if sex == "female" else patterns.female
        if _offers_the_other_sex(lowered[index + 1 :], other) is not None:
            return None
        if _lists_the_other_sex(text, other):
            return None
        return SexRequirement(sex, text[:40])
    return None


# Pronouns among the sex words: "and her partner" names no second sex of the criterion.
_SEX_PRONOUNS = frozenset({"he", "his", "him", "she", "her"})
# A list's separator before an item: a comma or semicolon, or "or" / "and".
_LIST_ITEM_START = re.compile(r"[,;]|\b(?:or|and)\b", re.IGNORECASE)


def _lists_the_other_sex(text: str, other: frozenset[str]) -> bool:
    """Whether a later item of the criterion's list is the other sex, past its qualifiers
    ("Males (≥18 years of age), post-menopausal* females or pre-menopausal** females"): the
    criterion then asks of both, as "Male or female" does."""
    lowered = text.lower()
    for word in re.finditer(r"[a-z]+", lowered):
        if word.group() not in other or word.group() in _SEX_PRONOUNS:
            continue
        separators = list(_LIST_ITEM_START.finditer(lowered, 0, word.start()))
        if not separators:
            continue
        between = re.findall(r"[a-z]+", lowered[separators[-1].end() : word.start()])
        if all(qualifier in _SEX_ALTERNATIVE_QUALIFIERS for qualifier in between):
            return True
    return False


_SEX_ALONE_NOUNS = frozenset(
    {"patient", "patients", "subject", "subjects", "participant", "participants"}
)


def _sex_alone(lowered: Sequence[str], text: str) -> SexRequirement | None:
    """An exclusion that is nothing but a sex ("Male patient", "Males."): the criterion asks
    the patient's sex itself, where a sex word that opens more ("Men with a history of …")
    names who the rest is about and is left to the judge."""
    patterns = _patterns()
    words = [word for word in lowered if word.isalpha()]
    if not words or not all(word in _SEX_ALONE_NOUNS for word in words[1:]):
        return None
    first = words[0]
    if first in patterns.female and first not in ("she", "her"):
        return SexRequirement("female", text)
    if first in patterns.male and first not in ("he", "his", "him"):
        return SexRequirement("male", text)
    return None


def opens_with_both_sexes(text: str) -> bool:
    """Whether a criterion opens with one sex and offers the other after "or"/"and"
    ("Male or non-pregnant, non-lactating females ages 18 to 75"): it asks of both, so
    neither sex is "the other sex" to the judge."""
    tokens, lowered = tokenize_lowered(text)
    return bool(_both_sexes_spans(tokens, lowered))


def _both_sexes_spans(tokens: Sequence[Token], lowered: Sequence[str]) -> list[tuple[int, int]]:
    """The spans of the two sex words and their joiner in an opening "Male or … females"
    (none when a criterion does not open with both sexes so). The qualifiers between them
    ("non-pregnant", "postmenopausal") are left to be read on their own."""
    patterns = _patterns()
    for index, word in enumerate(lowered[:4]):
        if word in _SEX_PREFIX_SKIPS:
            continue
        if word in patterns.female:
            other = patterns.male
        elif word in patterns.male:
            other = patterns.female
        else:
            return []
        last = _offers_the_other_sex(lowered[index + 1 :], other)
        if last is None:
            return []
        # The "non" of "non-pregnant, non-lactating" is read with the pregnancy it denies.
        between = range(index + 2, index + 1 + last)
        words = dict.fromkeys(
            [
                index,
                index + 1,
                *(at for at in between if lowered[at] in ("non", "or")),
                index + 1 + last,
            ]
        )
        return [(tokens[at].start, tokens[at].end) for at in words]
    return []


def _offers_the_other_sex(after: Sequence[str], other: frozenset[str]) -> int | None:
    """Where in the words after a sex word the other sex stands, when they are "or"/"and"
    ("and/or") and then, past qualifiers, the other sex ("or non-pregnant, non-lactating
    females"), or the other sex right after: "Male/Female", "Male & Female" join the two
    by a symbol, which is no word."""
    if after and after[0] in other:
        return 0
    if not after or after[0] not in ("or", "and"):
        return None
    first = 2 if tuple(after[:2]) == ("and", "or") else 1
    for offset, word in enumerate(after[first:8], start=first):
        if word in other:
            return offset
        if word not in _SEX_ALTERNATIVE_QUALIFIERS:
            return None
    return None


# Criteria kept read per process (a worker's, during an ingest): with the headings kept
# (``sections.section_heading``), ~13 MB when both are full.
_READINGS_KEPT = 16_384


@functools.lru_cache(maxsize=_READINGS_KEPT)
def _kept_reading(text: str, section: Section) -> tuple[tuple[Constraint, ...], bool]:
    """``parse_criterion`` of one criterion, kept: boilerplate criteria ("Pregnancy",
    "Signed informed consent", a sponsor's template lines) recur across the registry.

    The reading depends on the exact text, its section and the parser; the key holds the
    first two, and a process runs one parser with one lexicon, loaded once. The
    constraints are frozen structs, so criteria of different trials may share them.
    """
    constraints, complete = parse_criterion(text, section)
    return tuple(constraints), complete


def _build(item: CriterionText, identifier: str, short_forms: dict[str, str]) -> Criterion:
    kept, complete = _kept_reading(written_out(item.text, short_forms), item.section)
    constraints = list(kept)
    children = [
        _build(child, f"{identifier}.{position}", short_forms)
        for position, child in enumerate(item.children, 1)
    ]
    group = item.group
    if item.section == "exclusion" and children:
        group = "any"
    return Criterion(
        id=identifier,
        section=item.section,
        text=item.text,
        label=item.label,
        constraints=constraints,
        children=children,
        group=group,
        complete=complete,
    )


def _structured_criteria(trial: Trial) -> list[Criterion]:
    eligibility = trial.eligibility
    criteria: list[Criterion] = []
    sex = (eligibility.sex or "").upper()
    if sex in ("FEMALE", "MALE"):
        text = f"Sex: {sex.title()}"
        requirement = SexRequirement("female" if sex == "FEMALE" else "male", text)
        criteria.append(
            Criterion(
                "S1",
                "inclusion",
                text,
                constraints=[requirement],
                complete=True,
                source="structured",
            )
        )
    minimum = eligibility.minimum_age.years
    maximum = eligibility.maximum_age.years
    if minimum is not None or maximum is not None:
        low_text = eligibility.minimum_age.text or "any age"
        high_text = eligibility.maximum_age.text or "no upper limit"
        text = f"Age: {low_text} to {high_text}"
        if minimum is not None and maximum is not None:
            age = Measurement("age", "between", minimum, text, maximum, "year", minimum, maximum)
        elif minimum is not None:
            age = Measurement("age", ">=", minimum, text, None, "year", minimum)
        else:
            assert maximum is not None
            age = Measurement("age", "<=", maximum, text, None, "year", maximum)
        criteria.append(
            Criterion(
                "S2", "inclusion", text, constraints=[age], complete=True, source="structured"
            )
        )
    if eligibility.healthy_volunteers is not None:
        accepted = eligibility.healthy_volunteers
        text = "Accepts healthy volunteers" if accepted else "Does not accept healthy volunteers"
        criteria.append(
            Criterion(
                "S3",
                "inclusion",
                text,
                constraints=[HealthyVolunteers(accepted, text)],
                complete=True,
                source="structured",
            )
        )
    return criteria


@functools.lru_cache(maxsize=65_536)
def _condition_words(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Concept ids and lowercase words of one condition name. Kept per name: names
    repeat across the registry ("Breast Cancer", MeSH terms), and reading them was
    ~6% of a trial's criteria parse."""
    lexicon = load_lexicon()
    # "Non-Cirrhotic Portal Hypertension" studies portal hypertension, not cirrhosis.
    concepts = tuple(finding.concept for finding in find_concepts(text) if not finding.negated)
    lowered = [token.text.lower() for token in tokenize(text)]
    terms = tuple(word for word in lowered if len(word) > 2 and word not in lexicon.filler_words)
    return concepts, terms


def _condition_index(trial: Trial) -> tuple[list[str], list[str], list[str]]:
    """Concept ids and lowercase words describing what the trial studies, and the condition
    names the lexicon reads no concept in (left for the judge to read through MeSH)."""
    texts = [*trial.conditions, *(mesh.term for mesh in trial.condition_meshes)]
    concepts: list[str] = []
    terms: list[str] = []
    unread: list[str] = []
    for text in texts:
        text_concepts, text_terms = _condition_words(text)
        concepts.extend(text_concepts)
        terms.extend(text_terms)
        if not text_concepts:
            unread.append(text)
    return list(dict.fromkeys(concepts)), list(dict.fromkeys(terms)), list(dict.fromkeys(unread))


def stage_of_the_trial_disease(criterion: Criterion, concepts: Sequence[str]) -> Criterion | None:
    """A criterion that is a stage alone ("Must have Ann Arbor Stage II-IV disease.",
    "Stage I-IV.") or a TNM alone ("Clinical stage T1-T4, N0-N2, M0 at diagnosis") read as
    the stage of the one cancer the trial studies (``concepts``, the trial's condition
    concepts): the criterion with that condition and stage or TNM, read whole, or None when
    the criterion reads anything already, writes more than a stage, or the trial studies
    anything but one cancer (whose stage it is could not be told)."""
    if criterion.constraints or criterion.children:
        return None
    stage = lone_stage(criterion.text)
    tnm = lone_tnm(criterion.text) if stage is None else None
    if stage is None and tnm is None:
        return None
    ancestors = load_lexicon().ancestors
    cancers = [c for c in concepts if c == "cancer" or "cancer" in ancestors.get(c, ())]
    if len(cancers) != len(concepts):
        return None
    narrowest = [
        c for c in cancers if not any(o != c and c in ancestors.get(o, ()) for o in cancers)
    ]
    if len(narrowest) != 1:
        return None
    mention = ConceptMention(
        concept=narrowest[0],
        category="condition",
        text=stage.text if stage is not None else "",  # a TNM alone: the cancer's own name
        negated=False,
        historical=False,
        stage=stage,
        tnm=tnm,
    )
    return msgspec.structs.replace(criterion, constraints=[mention], complete=True)


def trial_short_forms(trial: Trial) -> dict[str, str]:
    """The short forms the trial's own text defines (its title, summary, description and
    eligibility text: "myelofibrosis (MF)", "antibody-drug conjugates (ADCs)"), each with its
    long form, less those the lexicon reads itself, alone or in its phrases ("SGLT2" of
    "SGLT2 inhibitors"; a trial's "allogeneic stem cell transplantation (ASCT)" is read where
    it stands, by ``_abbreviates``), and those whose long form it does not read whole."""
    texts = (
        trial.official_title,
        trial.brief_summary,
        trial.detailed_description,
        trial.eligibility.criteria_text,
    )
    defined = defined_short_forms("\n".join(text for text in texts if text))
    known = lexicon_words()
    return {
        short: long
        for short, long in defined.items()
        if short.lower() not in known and _read_whole(long)
    }


def _read_whole(long_form: str) -> bool:
    """Whether the lexicon reads all of a long form ("triple negative breast cancer"). One it
    reads only in part names something else than its read part ("American Joint Committee on
    Cancer" is no cancer, "cardiovascular magnetic resonance" no cardiovascular disease); one
    it reads nothing of gains the parse nothing, and the judge reads its short form through
    MeSH as before ("MDS", read as written, keeps the pinned answers of round seven)."""
    constraints, complete = _kept_reading(long_form, "inclusion")
    return bool(constraints) and complete


def parse_trial_criteria(trial: Trial) -> ParsedCriteria:
    """Parse a trial's eligibility text and structured fields (once, at ingest)."""
    eligibility = trial.eligibility
    counters = {"inclusion": 0, "exclusion": 0}
    criteria = _structured_criteria(trial)
    concepts, terms, unread = _condition_index(trial)
    short_forms = trial_short_forms(trial)
    for item in split_criteria(eligibility.criteria_text):
        counters[item.section] += 1
        prefix = "I" if item.section == "inclusion" else "E"
        built = _build(item, f"{prefix}{counters[item.section]}", short_forms)
        criteria.append(stage_of_the_trial_disease(built, concepts) or built)
    sex = (eligibility.sex or "").upper() or None
    return ParsedCriteria(
        nct_id=trial.nct_id,
        parser_version=PARSER_VERSION,
        sex=sex,
        minimum_age_years=eligibility.minimum_age.years,
        maximum_age_years=eligibility.maximum_age.years,
        healthy_volunteers=eligibility.healthy_volunteers,
        condition_concepts=concepts,
        condition_terms=terms,
        criteria=criteria,
        unread_conditions=unread,
        short_forms=short_forms,
    )
