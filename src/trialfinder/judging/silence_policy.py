"""What a note's silence settles, and the words a criterion frames its point with.

A note that never names a condition settles an exclusion only under the silence policy
(``data/silence_policy.json``: which rules, which waivers, for notes and whole records);
the readers here say which kind of silence a criterion meets (a future intention, a
language, a possible diagnosis, a history beyond the note) and which of a criterion's words
are only framing or narrowing ("in the opinion of the investigator", "in the past 5
years", "by a cardiologist") that leave its point read. The judge consults them; they
answer in the judge's own types and import nothing of it.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator, Sequence
from importlib import resources
from typing import NamedTuple, get_args

import msgspec

from trialfinder.criteria import Criterion
from trialfinder.criteria.lexicon import load_lexicon, tokenize_lowered
from trialfinder.criteria.model import (
    ConceptMention,
    Constraint,
    HealthyVolunteers,
    Measurement,
    Pregnancy,
    SexRequirement,
)
from trialfinder.criteria.parse import words_left_unread
from trialfinder.criteria.tables import AnalyteKind
from trialfinder.judging.criterion_words import cue_patterns, says
from trialfinder.judging.findings import Finding, joined_reasons
from trialfinder.judging.time_windows import counts_a_washout
from trialfinder.patient import (
    VOCABULARY_CONCEPT_PREFIX,
    PatientFacts,
    judge_cue_pattern,
    load_screening_rules,
    phrase_pattern,
)
from trialfinder.vocabulary import load_vocabulary

__all__ = [
    "NOTE_SILENCE_RULES",
    "NOTE_WAIVERS",
    "RECORD_WAIVERS",
    "SILENCE_RULES",
    "Silence",
    "SilencePolicy",
    "history_silence_reason",
    "load_silence_policy",
    "narrowing_spans",
    "only_framing_unread",
    "only_narrowing_unread",
    "spans_of",
    "unread_words_waiver",
    "unsettled_by_silence",
    "validate_silence_policy",
    "waives",
]


class SilencePolicy(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """Which exclusions a complete record leaves unsettled by silence (the data file
    ``data/silence_policy.json``).

    Each rule names a kind of exclusion a full note may say nothing about without the
    patient being clear of it. Whether a rule is in force (``adopted``) is chosen by
    patient-grouped cross-validation inside the development half
    (``scripts/train_judge_model.py --cross-validate``), not by the errors it fixes where
    it was written: a rule that does not win out of fold stays a candidate.
    """

    version: str
    description: str
    adopted: list[str]
    judgement_cues: list[str]
    contraindication_cues: list[str]
    # The whole-record waivers in force (RECORD_WAIVERS), chosen out of fold the same way.
    waivers: list[str]
    demographic_framing_words: list[str]
    measurement_framing_words: list[str]
    diagnosis_framing_words: list[str]
    # "newly", "recently": framing beside a condition whose recency window the judge read.
    recency_framing_words: list[str]
    # Words that end the phrase of a denied condition ("or", "including") and words that
    # make it about something beside the condition ("family", "contact", "prophylaxis").
    narrowing_break_words: list[str]
    widening_words: list[str]
    # What a whole note's history settles by silence (waiver ``unmentioned_history``, rule
    # ``beyond_a_history``): lexicon concepts of these categories (diagnoses, transplants,
    # cancers, surgeries) …
    history_silence_categories: list[str] = []
    # … except these, which a history does not list (pregnancy, allergies, acute infections).
    history_silence_never: list[str] = []
    # … and not when a word the criterion leaves unread begins with one of these: the
    # unread words then ask a value, test, drug, allergy, consent or opinion, not only
    # narrow the diagnosis ("allogeneic", "within 5 years", "known").
    history_silence_unread_blockers: list[str] = []
    # "never undergone … or at least suspended": framing beside a wash-out the judge read
    # from when the treatment stopped (``washout_finding``).
    washout_framing_words: list[str] = []
    # "DSM-IV", "meets … criteria for": beside a condition, the manual or criteria by which
    # its diagnosis was made; regular expressions, because "IV" alone is a stage.
    diagnosis_frame_patterns: list[str] = []
    # "Adequate organ and marrow function": beside values only, the heading the values
    # listed after it define; a pattern, because "function" alone asks an organ's state.
    measurement_heading_patterns: list[str] = []
    # "at the screening phase visit", "using the MDRD equation": beside values only, when a
    # value is taken or by which formula it is computed; patterns, because "phase" or
    # "disease" alone ask something else.
    measurement_frame_patterns: list[str] = []
    # "Diagnosed as ILD by a pulmonologist": each specialist a criterion may name, with the
    # words by which a note names that specialist or specialty ("respiratory physician").
    diagnosing_specialists: dict[str, list[str]] = {}
    # "resident in the study area", "followed at the HME": where the patient lives or is
    # followed, which a note rarely says (waiver ``unread_setting_words``).
    care_setting_words: list[str] = []
    # "not a WOCBP or is a WOCBP and using a contraceptive method that is highly effective":
    # whether a woman can conceive and how she prevents it, which a note rarely says
    # (waiver ``unread_contraception_words``).
    contraception_words: list[str] = []
    # Silence rule ``unreported_kind_of_value``: the kinds of value (analyte kinds of the
    # lexicon) a note that reports none of that kind leaves unknown, and the analytes it
    # never covers: a prognosis read from the conditions the record names, not measured.
    unreported_value_kinds: list[str] = []
    unreported_value_never: list[str] = []
    # Silence rule ``laboratory_result``: the words by which an exclusion asks a laboratory
    # result without giving its value ("any laboratory toxicity", "laboratory abnormality").
    laboratory_result_cues: list[str] = []
    # … and the words by which a sentence lets such results off instead ("Non-clinically
    # significant laboratory abnormalities are not exclusionary").
    laboratory_result_exception_cues: list[str] = []


@functools.cache
def load_silence_policy() -> SilencePolicy:
    """Read and check the policy once: every adopted rule must be one the judge knows."""
    data = resources.files("trialfinder").joinpath("data/silence_policy.json").read_bytes()
    return validate_silence_policy(msgspec.json.decode(data, type=SilencePolicy))


def validate_silence_policy(policy: SilencePolicy) -> SilencePolicy:
    """The policy, if every rule it adopts is one the judge knows (a typo fails loudly)."""
    unknown = sorted(set(policy.adopted) - SILENCE_RULES.keys())
    unknown += sorted(set(policy.waivers) - RECORD_WAIVERS.keys())
    unknown += sorted(set(policy.history_silence_never) - load_lexicon().concepts.keys())
    unknown += sorted(set(policy.unreported_value_never) - load_lexicon().analytes.keys())
    unknown += sorted(set(policy.unreported_value_kinds) - set(get_args(AnalyteKind)))
    if unknown:
        raise ValueError(f"data/silence_policy.json adopts unknown rules {unknown}")
    for pattern in (
        *policy.diagnosis_frame_patterns,
        *policy.measurement_heading_patterns,
        *policy.measurement_frame_patterns,
    ):
        re.compile(pattern)  # a malformed frame fails loudly here, not mid-cohort
    return policy


# What a whole record (a full clinical note) settles that a partial one leaves unknown:
# each turns an unknown into met or not met, so each must be right more often than the
# unknown it replaces, out of fold (scripts/train_judge_model.py --cross-validate).
RECORD_WAIVERS: dict[str, str] = {
    "unmentioned_exclusion": "an exclusion the record does not mention is not met "
    "(unless a silence rule in force says notes leave it out)",
    "unread_words": "a met inclusion's words the parser could not read are waived when "
    "more than age and sex was read, or the words only frame them",
    "unread_words_after_demographics": "the same when only age and sex were read and "
    "other words are left: those are then the whole of what the criterion asks",
    "unread_setting_words": "the same when the words ask where the patient lives or is "
    "followed (care_setting_words: 'resident in the study area', 'followed at the HME')",
    "unread_contraception_words": "the same when the words ask whether a woman can conceive "
    "or how she prevents it (contraception_words: 'a WOCBP and using a contraceptive method')",
    "short_life_expectancy": "a short life-expectancy threshold is met when the record "
    "names no life-limiting condition",
    "unmentioned_history": "a whole note (a history and a medication list) settles an "
    "exclusion its history would list and does not — a diagnosis, transplant, cancer or "
    "surgery — and nothing else (silence rule beyond_a_history); never an inclusion",
}


# A whole note (trialfinder.whole_record) settles by silence only what its history would
# list: the waiver below, with the adopted silence rules and these besides (a value or
# test the note does not give, a contraindication or opinion it does not weigh, anything
# a history does not list).
NOTE_WAIVERS: frozenset[str] = frozenset({"unmentioned_history"})


NOTE_SILENCE_RULES: tuple[str, ...] = (
    "beyond_a_history",
    "unmeasured_value",
    "contraindication",
    "investigator_judgement",
    "trial_condition_detail",
)


def waives(name: str, record_is_complete: bool, waivers: frozenset[str] | None) -> bool:
    """Whether a whole record settles what the waiver ``name`` covers (``waivers``, or the
    adopted ones of :func:`load_silence_policy`); a partial record settles nothing."""
    if not record_is_complete:
        return False
    return name in (frozenset(load_silence_policy().waivers) if waivers is None else waivers)


def unread_words_waiver(criterion_text: str, constraints: Sequence[Constraint]) -> str:
    """Which waiver covers a met inclusion's unread words, from all it reads (a consent or
    menopause the note settles is read too). Age and sex say whom a criterion is about
    ("Women aged 15-45 years resident in the study area"); read alone, what it asks of
    them is in the words left unread, so that waiver is a separate choice — unless those
    words only say when the age is counted or whom the regulations allow
    (``demographic_framing_words``: "at the time of signing the ICF"). Beside more than age
    and sex, words asking where the patient lives or is followed ("Every patient followed
    at the HME at the beginning of the pregnancy", ``care_setting_words``) are a waiver of
    their own: a note rarely says, so meeting the rest does not meet them; so are words asking
    whether a woman can conceive or how she prevents it ("not a WOCBP or is a WOCBP and
    using a contraceptive method that is highly effective", ``contraception_words``) beside
    only her pregnancy, sex and age: a menopause or sterility read answers them ("≥ 1 year
    post-menopausal, surgically sterile, or using 1 highly effective form of birth
    control")."""
    demographic = bool(constraints) and all(
        isinstance(c, SexRequirement) or (isinstance(c, Measurement) and c.analyte == "age")
        for c in constraints
    )
    if not demographic:
        if _care_setting_words().search(criterion_text):
            return "unread_setting_words"
        if _contraception_words().search(criterion_text) and all(
            isinstance(c, Pregnancy | SexRequirement | Measurement) for c in constraints
        ):
            return "unread_contraception_words"
        return "unread_words"
    framing = _demographic_framing_words()
    unread = [w for w in words_left_unread(criterion_text, ()) if w not in framing]
    return "unread_words_after_demographics" if unread else "unread_words"


@functools.cache
def _care_setting_words() -> re.Pattern[str]:
    return phrase_pattern(load_silence_policy().care_setting_words)


@functools.cache
def _contraception_words() -> re.Pattern[str]:
    return phrase_pattern(load_silence_policy().contraception_words)


@functools.cache
def _demographic_framing_words() -> frozenset[str]:
    return frozenset(load_silence_policy().demographic_framing_words)


_ABBREVIATION = re.compile(r"\(\s*([A-Za-z]{2,8})\s*\)")


def only_framing_unread(
    criterion_text: str,
    constraints: Sequence[Constraint],
    read_spans: Sequence[tuple[int, int]] = (),
    diagnosed_in: str = "",
) -> bool:
    """Whether what a criterion leaves unread only says how, where or when the study takes
    its values, or how a diagnosis it names was confirmed.

    A coordinator who reads "LVEF 62% on echo" answers "LVEF ≥ 50% measured by
    echocardiogram (ECHO) or multiple-gated acquisition scan (MUGA)" at once, on any
    record, and "lung adenocarcinoma" answers "histologically or cytologically confirmed
    NSCLC": such words (``demographic_framing_words``, ``measurement_framing_words`` and,
    beside a condition, ``diagnosis_framing_words`` of ``data/silence_policy.json``), and an
    abbreviation of the words just before it ("Performance Status (PS)"), ask nothing of
    the patient. Any other word left unread ("dry weight", "resident in the study area")
    still leaves the criterion to the team. The caller has settled what was read: a met
    inclusion, or an exclusion whose every reading the note denies.
    """
    if not constraints:
        return False
    values_only = all(isinstance(c, SexRequirement | Measurement) for c in constraints)
    if not words_left_unread(criterion_text, read_spans):
        return False
    frames = _frame_spans(criterion_text, values_only)
    measured = any(isinstance(c, Measurement) for c in constraints)
    if not values_only and measured:
        # "Myeloma-protein ≥ 0.5 g/dL by serum protein electrophoresis": how a value is
        # measured frames it as much when the criterion also names a condition.
        frames += _method_spans(criterion_text)
    if diagnosed_in and not values_only:
        frames += _specialist_spans(criterion_text, diagnosed_in)
    frames += _study_framing_spans(criterion_text)
    unread = words_left_unread(criterion_text, (*read_spans, *frames))
    framing = _framing_words(values_only) | _abbreviations(criterion_text)
    if measured:
        # Beside a condition too: "Myeloma-protein (M-protein)" names the value read.
        framing |= _analyte_name_words(constraints)
    if _dated_recently(constraints):
        framing |= _recency_framing_words()
    if any(
        isinstance(c, ConceptMention) and counts_a_washout(c, criterion_text) for c in constraints
    ):
        framing |= frozenset(load_silence_policy().washout_framing_words)
    return all(word in framing for word in unread)


def only_narrowing_unread(
    criterion_text: str, constraints: Sequence[Constraint], denied: Sequence[Constraint]
) -> bool:
    """Whether an exclusion whose every reading the note denies leaves unread only words
    that frame it (:func:`only_framing_unread`) or narrow a condition the note denies
    outright (``denied``) to a kind of it (:func:`_narrowing_phrases`): a patient without
    the condition has no kind of it. An exclusion's own statement that it excludes ("HIV
    positive patients will be excluded", "… cannot participate in this study";
    ``leftover_exclusion_statement_phrases`` of ``judge_cues``) asks nothing more: said in
    an exclusion, it is what the section says."""
    stated = _exclusion_statement_spans(criterion_text)
    if only_framing_unread(criterion_text, constraints, stated):
        return True
    phrases = narrowing_spans(criterion_text, denied)
    if not phrases or not words_left_unread(criterion_text, ()):
        return False
    return not words_left_unread(criterion_text, phrases) or only_framing_unread(
        criterion_text, constraints, phrases
    )


def narrowing_spans(
    criterion_text: str, denied: Sequence[Constraint]
) -> tuple[tuple[int, int], ...]:
    """The words :func:`only_narrowing_unread` reads in an exclusion whose every reading the
    note denies: the phrases narrowing a condition it denies outright and the exclusion's
    own statement that it excludes."""
    return (
        *_narrowing_phrases(criterion_text, denied),
        *_exclusion_statement_spans(criterion_text),
    )


@functools.lru_cache(maxsize=4096)
def _exclusion_statement_spans(criterion_text: str) -> tuple[tuple[int, int], ...]:
    """Where an exclusion says that it excludes ("will be excluded", "cannot participate in
    this study"; ``leftover_exclusion_statement_phrases`` of ``judge_cues``): read only in
    an exclusion, where it restates the section (in an inclusion it would turn it over)."""
    phrases = judge_cue_pattern(
        r"(?<![\w-])(?:{leftover_exclusion_statement_phrases:spaced})(?![\w-])", re.IGNORECASE
    )
    return tuple(found.span() for found in phrases.finditer(criterion_text))


def _dated_recently(constraints: Sequence[Constraint]) -> bool:
    """Whether a condition carries a window of how recently it began ("newly diagnosed with
    HIV maximum 2 months"): the window is what "newly" asks, and the caller has judged it.
    Without one, "newly diagnosed" is a second reading the judge has no date for."""
    return any(
        isinstance(c, ConceptMention)
        and c.window is not None
        and c.window.kind == "recency"
        and c.window.comparator in ("<", "<=")
        for c in constraints
    )


@functools.cache
def _recency_framing_words() -> frozenset[str]:
    return frozenset(load_silence_policy().recency_framing_words)


_PHRASE_TOKEN = re.compile(r"[A-Za-z0-9]+(?:\.[A-Za-z])?|[^\sA-Za-z0-9]")


_PHRASE_ENDS = frozenset(",;:.!?/&+")


def _narrowing_phrases(
    criterion_text: str, constraints: Sequence[Constraint]
) -> tuple[tuple[int, int], ...]:
    """The spans of the phrases around each condition an exclusion names, when the note
    denies it ("Current major depression" for "No depression", "seizure disorders due to
    light (Group D)" for "No seizures"): the words of such a phrase only say which kind of
    the condition, or from what cause, and a patient without the condition has no kind of
    it. A phrase ends at punctuation or a word that joins or excepts something else ("or",
    "including", "other than"; ``narrowing_break_words``), and one holding a word that
    makes it about something beside the patient's condition (a relative, a contact, a
    prophylaxis, a latent form; ``widening_words``) narrows nothing. The caller has settled
    that the note denies every condition read."""
    policy = load_silence_policy()
    breaks = frozenset(policy.narrowing_break_words)
    widening = frozenset(policy.widening_words)
    tokens = list(_PHRASE_TOKEN.finditer(criterion_text))
    lowered = criterion_text.lower()

    def ends(index: int) -> bool:
        word = tokens[index].group().lower()
        return word in breaks or word in _PHRASE_ENDS

    phrases: list[tuple[int, int]] = []
    for c in constraints:
        if not isinstance(c, ConceptMention) or c.negated or not c.text:
            continue
        for found in re.finditer(re.escape(c.text.lower()), lowered):
            inside = [i for i, t in enumerate(tokens) if found.start() <= t.start() < found.end()]
            if not inside:
                continue
            first, last = inside[0], inside[-1]
            while first > 0 and not ends(first - 1):
                first -= 1
            while last + 1 < len(tokens) and not ends(last + 1):
                last += 1
            words = {t.group().lower() for t in tokens[first : last + 1]}
            if not words & widening:
                phrases.append((tokens[first].start(), tokens[last].end()))
    return tuple(phrases)


@functools.lru_cache(maxsize=4096)
def _frame_spans(criterion_text: str, values_only: bool) -> tuple[tuple[int, int], ...]:
    """Where a criterion's framing phrases stand: the manual or criteria a diagnosis was
    made by ("DSM-IV", "meets … criteria for") beside a condition, the heading the listed
    values define ("adequate organ and marrow function") beside values only
    (``diagnosis_frame_patterns`` and ``measurement_heading_patterns`` of
    ``data/silence_policy.json``). Kept per criterion: a cohort asks it once a patient."""
    return tuple(
        found.span()
        for pattern in _frame_patterns(values_only)
        for found in pattern.finditer(criterion_text)
    )


@functools.lru_cache(maxsize=4096)
def _study_framing_spans(criterion_text: str) -> tuple[tuple[int, int], ...]:
    """Where a criterion writes words that ask nothing of the patient: the study's own acts
    and framing ("at screening per local requirements", "within 4 weeks of study
    intervention administration", "at Cycle 1 Day 1", "as per assessing clinician") and the
    bodies whose scale it reads ("World Health Organization (WHO)/ECOG performance status";
    ``leftover_study_framing_phrases`` of ``judge_cues``). Whole phrases only: a word of one
    alone ("study drug", "investigator") may ask something. Kept per criterion."""
    phrases = judge_cue_pattern(
        r"(?<![\w-])(?:{leftover_study_framing_phrases:spaced})(?![\w-])", re.IGNORECASE
    )
    return tuple(found.span() for found in phrases.finditer(criterion_text))


@functools.lru_cache(maxsize=4096)
def _method_spans(criterion_text: str) -> tuple[tuple[int, int], ...]:
    """Where a criterion says how or when its values are taken ("by serum protein
    electrophoresis (sPEP)", "at the screening visit", "by CKD-EPI";
    ``measurement_frame_patterns`` of ``data/silence_policy.json``), for a criterion that
    names a condition beside the value. Kept per criterion: a cohort asks it once a patient."""
    methods = load_silence_policy().measurement_frame_patterns
    patterns = [re.compile(method, re.IGNORECASE) for method in methods]
    return tuple(found.span() for pattern in patterns for found in pattern.finditer(criterion_text))


@functools.lru_cache(maxsize=4096)
def _specialist_spans(criterion_text: str, diagnosed_in: str) -> tuple[tuple[int, int], ...]:
    """Where a criterion names who must have made the diagnosis ("Diagnosed as ILD by a
    pulmonologist, rheumatologist or radiologist"), when the note's sentence naming the
    condition (``diagnosed_in``) says one of them made it ("diagnosed 2023 by respiratory
    physician"; all of them when the criterion joins them with "and"). Who diagnosed asks
    what the note must say: a note silent on it, or naming someone unlisted ("by his GP"),
    leaves the words to the study team (``diagnosing_specialists`` of
    ``data/silence_policy.json``)."""
    named = [
        (name, found.span())
        for name, (in_criterion, _) in _specialist_patterns().items()
        for found in in_criterion.finditer(criterion_text)
    ]
    if not named:
        return ()
    named.sort(key=lambda item: item[1])
    first, last = named[0][1][0], named[-1][1][1]
    if not _BY_SPECIALIST.search(criterion_text[max(0, first - 12) : first]):
        return ()
    said = [_specialist_patterns()[name][1].search(diagnosed_in) is not None for name, _ in named]
    every = re.search(r"\band\b", criterion_text[first:last], re.IGNORECASE) is not None
    return tuple(span for _, span in named) if (all(said) if every else any(said)) else ()


# "diagnosed by respiratory function tests": a specialty's adjective before a test or
# finding names no one who diagnosed.
_NOT_A_WHO = (
    r"(?:function|tests?|testing|assessments?|criteria|scans?|imaging|studies|study|panel|"
    r"infections?|failure|symptoms?|findings?|features?|review|reports?)\b"
)


_BY_SPECIALIST = re.compile(r"\bby\s+(?:(?:a|an|the|one)\s+)?$", re.IGNORECASE)


@functools.cache
def _specialist_patterns() -> dict[str, tuple[re.Pattern[str], re.Pattern[str]]]:
    """Per specialist: the criterion's word for them, and a note's "diagnosed … by" them."""
    patterns = {}
    for name, words in load_silence_policy().diagnosing_specialists.items():
        note_words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words)
        patterns[name] = (
            re.compile(rf"\b{re.escape(name)}s?\b", re.IGNORECASE),
            re.compile(
                rf"\b(?:diagnosed|confirmed|made|established)\b[^.;]{{0,60}}?\bby\b"
                rf"[^.;()]{{0,40}}?\b(?:{note_words})\b(?!\s+{_NOT_A_WHO})",
                re.IGNORECASE,
            ),
        )
    return patterns


@functools.cache
def _frame_patterns(values_only: bool) -> tuple[re.Pattern[str], ...]:
    policy = load_silence_policy()
    kind = (
        [*policy.measurement_heading_patterns, *policy.measurement_frame_patterns]
        if values_only
        else policy.diagnosis_frame_patterns
    )
    return tuple(re.compile(p, re.IGNORECASE) for p in kind)


@functools.cache
def _framing_words(values_only: bool) -> frozenset[str]:
    """Values are framed by how they are measured; a condition by how it was diagnosed."""
    policy = load_silence_policy()
    kind = policy.measurement_framing_words if values_only else policy.diagnosis_framing_words
    return frozenset([*policy.demographic_framing_words, *kind])


def _analyte_name_words(constraints: Sequence[Constraint]) -> frozenset[str]:
    """The words of the display names of the analytes read ("urine" of "Urine
    albumin-to-creatinine ratio", "serum" of "Serum creatinine"): a criterion writing "Urine
    albumin creatinine ratio" names the specimen the ratio is only ever measured in, which
    asks nothing beyond the value read. Only the display name: the other names hold
    variants the value may not be ("fasting glucose", "morning cortisol"), and a word that
    narrows ("fasting") never drops."""
    words: set[str] = set()
    for c in constraints:
        if isinstance(c, Measurement):
            words |= _name_words(c.analyte)
    return frozenset(words)


@functools.cache
def _name_words(analyte_id: str) -> frozenset[str]:
    analyte = load_lexicon().analytes[analyte_id]
    return frozenset(re.findall(r"[a-z0-9]+", analyte.display.lower()))


def _abbreviations(text: str) -> frozenset[str]:
    """The bracketed abbreviations of ``text`` spelled by the initials of the words just
    before them ("Performance Status (PS)"): they repeat what is read, adding nothing."""
    found: set[str] = set()
    for match in _ABBREVIATION.finditer(text):
        letters = match.group(1).lower()
        before = re.findall(r"[A-Za-z]+", text[: match.start()])[-len(letters) :]
        if len(before) == len(letters) and "".join(w[0] for w in before).lower() == letters:
            found.add(letters)
    return frozenset(found)


@functools.cache
def _silence_cues() -> dict[str, re.Pattern[str]]:
    """The candidate rules' cue words, compiled once."""
    policy = load_silence_policy()
    return {
        "judgement": phrase_pattern(policy.judgement_cues),
        "contraindication": phrase_pattern(policy.contraindication_cues),
        "laboratory_result": phrase_pattern(policy.laboratory_result_cues),
        "laboratory_exception": phrase_pattern(policy.laboratory_result_exception_cues),
    }


class Silence(NamedTuple):
    """What a silence rule looks at: an exclusion the record's silence would let off, the
    constraints judged (``pairs``; the trial's own condition is left out of them), and the
    conditions the trial studies."""

    criterion: Criterion
    patient: PatientFacts
    pairs: Sequence[tuple[Constraint, Finding]]
    trial_concepts: frozenset[str]


def _unread(silence: Silence) -> Iterator[Constraint]:
    return (c for c, f in silence.pairs if f.truth == "unknown")


def _future_intention(silence: Silence) -> bool:
    """Plans and wishes ("planning to become pregnant"): a note records what is, not what is
    meant."""
    return says(cue_patterns()["future"], silence.criterion.text)


def _language(silence: Silence) -> bool:
    """The languages a patient speaks or reads: notes rarely say."""
    return says(cue_patterns()["language"], silence.criterion.text)


def _possible_diagnosis(silence: Silence) -> bool:
    """A condition the note raises only as a possibility is not an absent one."""
    return any(
        isinstance(c, ConceptMention) and silence.patient.possible_concept(c.concept)
        for c in _unread(silence)
    )


def _body_size(silence: Silence) -> bool:
    """Weight, height, BMI: notes rarely record them unless they matter."""
    analytes = load_screening_rules().unrecorded_body_size_analytes
    return any(isinstance(c, Measurement) and c.analyte in analytes for c in _unread(silence))


def _pregnancy(silence: Silence) -> bool:
    """Whether a woman (or a patient of unstated sex) is pregnant: notes rarely say so."""
    return silence.patient.sex != "male" and any(
        isinstance(c, Pregnancy) and "pregnant" in c.states and not c.negated
        for c in _unread(silence)
    )


def _investigator_judgement(silence: Silence) -> bool:
    """An exclusion left to someone's opinion ("in the opinion of the investigator")."""
    return says(_silence_cues()["judgement"], silence.criterion.text)


def _unmeasured_value(silence: Silence) -> bool:
    """A laboratory value or score the note does not give (other than age and body size)."""
    skipped = {"age", *load_screening_rules().unrecorded_body_size_analytes}
    return any(isinstance(c, Measurement) and c.analyte not in skipped for c in _unread(silence))


def _unreported_kind_of_value(silence: Silence) -> bool:
    """An exclusion that asks only values (labs, scores, vital signs: ``unreported_value_kinds``;
    not age, body size or a life expectancy) of a kind the note reports none of ("Hematocrit
    <30%" on a note giving no laboratory result): a note that reports no laboratory results
    was not written from them, so its silence says nothing of the value. A note that reports
    some ("WBC 17,580") reports the ones that matter, and its silence on the rest stands."""
    policy = load_silence_policy()
    skipped = {
        "age",
        *load_screening_rules().unrecorded_body_size_analytes,
        *policy.unreported_value_never,
    }
    constraints = [c for c, _ in silence.pairs]
    if not constraints or not all(isinstance(c, Measurement) for c in constraints):
        return False
    analytes = load_lexicon().analytes
    kinds = {
        analytes[c.analyte].kind
        for c in _unread(silence)
        if isinstance(c, Measurement)
        and c.analyte not in skipped
        and analytes[c.analyte].kind in policy.unreported_value_kinds
    }
    return bool(kinds) and not any(
        fact.measurement is not None and analytes[fact.measurement.analyte].kind in kinds
        for fact in silence.patient.facts
    )


def _laboratory_result(silence: Silence) -> bool:
    """An exclusion that asks a laboratory result without giving its value ("Any laboratory
    toxicity … that in the opinion of the Investigator would preclude participation",
    "laboratory abnormality that might confound the study results";
    ``laboratory_result_cues``): whether a result is abnormal, a toxicity or clinically
    significant is graded against the laboratory's own limits of normal (NCI CTCAE), which
    a note does not give, so its silence rules none out. A value the criterion gives
    ("Hematocrit <30%") is read, and the value rules above answer it; a heading ending in a
    colon ("Any of the following laboratory abnormalities:", "Abnormal value of a blood
    test at baseline:") leaves the values to its items, unless it asks its own result
    before an "or:" ("… would preclude participation in the study or:"); and a sentence
    letting results off ("Non-clinically significant laboratory abnormalities are not
    exclusionary"; ``laboratory_result_exception_cues``) asks none."""
    text = silence.criterion.text
    if any(isinstance(c, Measurement) for c in silence.criterion.constraints):
        return False
    if text.rstrip().endswith(":") and not _OWN_ALTERNATIVE_BEFORE_ITEMS.search(text):
        return False
    cues = _silence_cues()
    return any(
        says(cues["laboratory_result"], sentence)
        and not says(cues["laboratory_exception"], sentence)
        for sentence in _SENTENCE_BREAK.split(text)
    )


# "… would preclude participation in the study or:": the heading is one alternative of its own.
_OWN_ALTERNATIVE_BEFORE_ITEMS = re.compile(r"\b(?:or|and/or)\s*:\s*$", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"(?<=[.;])\s+")


def _contraindication(silence: Silence) -> bool:
    """A contraindication to, or unfitness for, a treatment or test the note does not weigh."""
    return says(_silence_cues()["contraindication"], silence.criterion.text)


def _beyond_a_history(silence: Silence) -> bool:
    """An exclusion a whole note's history would not list: one that reads nothing, leaves
    words unread, or asks anything but a diagnosis, transplant, cancer or surgery of the
    lexicon (``history_silence_categories``; never ``history_silence_never``: pregnancy,
    allergies, acute infections) — a value, a test, a drug, a consent."""
    policy = load_silence_policy()
    constraints = [c for c, _ in silence.pairs]
    text = silence.criterion.text
    silent = [c for c, f in silence.pairs if f.truth == "unknown"]
    blockers = tuple(policy.history_silence_unread_blockers)
    unread = [] if silence.criterion.complete else _history_unread(text, constraints)
    if (
        not silent
        or any(word.startswith(blockers) for word in unread)
        or _note_speaks_of(silence.patient, unread)
    ):
        return True
    return any(
        not isinstance(c, ConceptMention)
        or c.concept.startswith(VOCABULARY_CONCEPT_PREFIX)
        or c.category not in policy.history_silence_categories
        or c.concept in policy.history_silence_never
        or c.negated
        for c in silent
    ) or any(
        isinstance(c, ConceptMention) and _note_names(silence.patient, c.concept)
        for c in silence.criterion.constraints
    )


def _history_unread(text: str, constraints: Sequence[Constraint]) -> Sequence[str]:
    """The words an exclusion leaves unread beside its constraints, none when they only frame
    them (:func:`only_framing_unread`). A cohort asks it of every whole record, so a hashable
    reading's answer is kept; a pregnancy's list of states is not hashable and is read anew."""
    if any(isinstance(c, Pregnancy) for c in constraints):
        return _history_unread_words(text, constraints)
    return _kept_history_unread(text, tuple(constraints))


@functools.lru_cache(maxsize=65_536)
def _kept_history_unread(text: str, constraints: tuple[Constraint, ...]) -> tuple[str, ...]:
    return tuple(_history_unread_words(text, constraints))


def _history_unread_words(text: str, constraints: Sequence[Constraint]) -> list[str]:
    if only_framing_unread(text, constraints):
        return []
    return words_left_unread(text, spans_of(text, constraints))


def _note_speaks_of(patient: PatientFacts, words: Sequence[str]) -> bool:
    """Whether a sentence of the note — one its facts rest on or one nothing was read from —
    uses one of the criterion's unread ``words`` ("Dizziness since a left PICA infarct"
    against "Dizziness secondary to … recent stroke"; "Two negative prostate biopsies"
    against "Previous prostate surgery"), or a disease filed under a MeSH class the words
    name ("Crohn's disease" against unread "gastrointestinal tract disorders"): the note is
    not silent about what the product could not read."""
    wanted = {word for word in words if len(word) >= 4}
    if not wanted:
        return False
    evidence = {
        *(f.evidence for f in patient.facts),
        *(f.evidence for f in patient.vocabulary_facts),
        *patient.unread_sentences,
    }
    if any(wanted & patient.sentence_words(sentence) for sentence in evidence):
        return True
    return any(
        wanted & _class_words(fact.descriptor_id)
        for fact in patient.vocabulary_facts
        if not fact.negated
    )


# Words every MeSH class name shares ("Gastrointestinal Diseases", "Nervous System
# Diseases"): they name no class of their own.
_CLASS_NAME_WORDS = frozenset(
    {"disease", "diseases", "disorder", "disorders", "syndrome", "syndromes", "system"}
    | {"conditions", "abnormalities", "signs", "symptoms", "processes", "phenomena"}
)


@functools.lru_cache(maxsize=4096)
def _class_words(descriptor_id: str) -> frozenset[str]:
    """The words of the MeSH classes a note's disease is filed under: a criterion's unread
    "gastrointestinal tract … disorders" speaks of the Crohn disease MeSH files under
    Gastrointestinal Diseases, so a whole record naming it is not silent about them."""
    return (
        frozenset(
            word
            for ancestor in load_vocabulary().ancestors(descriptor_id)
            for word in tokenize_lowered(ancestor.name)[1]
        )
        - _CLASS_NAME_WORDS
    )


def _note_names(patient: PatientFacts, concept: str) -> bool:
    """Whether the note names ``concept``, a broader or a narrower one, as the patient's
    (even as a possibility): then it is not silent about it, whatever the finding says
    ("recurrent UTIs" against "current or recurrent urinary tract infections")."""
    ancestors = load_lexicon().ancestors
    wanted = ancestors.get(concept, frozenset({concept}))
    return any(
        fact.kind == "concept"
        and fact.concept is not None
        and not fact.negated
        and (fact.concept in wanted or concept in ancestors.get(fact.concept, frozenset()))
        for fact in patient.facts
    )


def spans_of(text: str, constraints: Sequence[Constraint]) -> list[tuple[int, int]]:
    """Where the concepts' words stand in the criterion's text."""
    return [
        found.span()
        for c in constraints
        if isinstance(c, ConceptMention | HealthyVolunteers)
        for found in re.finditer(re.escape(c.text.lower()), text.lower())
    ]


def history_silence_reason(pairs: Sequence[tuple[Constraint, Finding]]) -> str:
    """Why a whole note's silence lets an exclusion off: what its history does not list."""
    names = sorted(
        {c.text for c, f in pairs if isinstance(c, ConceptMention) and f.truth == "unknown"}
    )
    settled = joined_reasons([f for _, f in pairs if f.truth == "false"])
    history = f"the history lists no {' or '.join(names)}; the study team confirms"
    return f"{settled}; {history}" if settled else history


def _trial_condition_detail(silence: Silence) -> bool:
    """A detail of the trial's own condition (its size, site, kind): the note names the
    condition, rarely the detail."""
    return any(
        isinstance(c, ConceptMention) and c.concept in silence.trial_concepts
        for c in silence.criterion.constraints
    )


SILENCE_RULES: dict[str, Callable[[Silence], bool]] = {
    "future_intention": _future_intention,
    "language": _language,
    "possible_diagnosis": _possible_diagnosis,
    "body_size": _body_size,
    "pregnancy": _pregnancy,
    "investigator_judgement": _investigator_judgement,
    "unmeasured_value": _unmeasured_value,
    "unreported_kind_of_value": _unreported_kind_of_value,
    "laboratory_result": _laboratory_result,
    "contraindication": _contraindication,
    "trial_condition_detail": _trial_condition_detail,
    "beyond_a_history": _beyond_a_history,
}


def unsettled_by_silence(silence: Silence, rules: frozenset[str] | None) -> bool:
    """Exclusions a complete record does not settle by silence.

    A clinical note mentions the diseases it knows of, so an unmentioned
    disease is taken as absent; the rules in force (``rules``, or the adopted
    ones of :func:`load_silence_policy`) name what a note may leave out.
    """
    names = frozenset(load_silence_policy().adopted) if rules is None else rules
    return any(SILENCE_RULES[name](silence) for name in sorted(names))
