"""A criterion the parse reads nothing of, read by the MeSH concepts its words name.

The parse reads the lexicon's few hundred conditions, medicines and procedures, and the
judge MeSH's diseases a note settles (``vocabulary_constraints``); a criterion about a
procedure, a medicine or a finding neither knows ("Has undergone an extended pattern
biopsy", "low dose of dopamine", "Receiving other azoles") stopped at "not computable" (an
inclusion) or at the note's silence (an exclusion), whatever the note said of it. Here the
concepts its words name in MeSH's branches of conditions, findings, medicines and
procedures (``unread_concept_branches`` of ``judge_cues``; a branch's top heading,
"Therapeutics" or "Diagnosis", and a word that frames any criterion, "disease" or
"treatment", name no one thing) are looked for in the note:

* the note names the concept or a narrower one (not denied, not a relative's, not
  hypothetical, not in a sentence saying what is planned): the concept is present. The
  criterion is met only when every word left beside its concepts frames it
  (``unread_concept_framing_words``: "Patients with", "History of"), and when it joins
  them by "and", only when the note names each; else the criterion is unknown, and the
  reason names the words left for the study team: an exclusion too ("Use of vitamin E
  within 4 weeks before screening", "Tattoo or non-removable body piercing" of a note
  naming vitamin E or a tattoo), which was let off as if the note were silent on it. An
  exclusion asking an inability or a refusal of it ("Unable or unwilling to take folic
  acid", ``consent_inability_stems``) is left to the note's silence: naming the thing
  shows none. A class of chemical structure
  (``unread_concept_named_only_branches``) is met by its own name only.
* the note denies each concept by its own name, and every word left frames the criterion:
  not met ("Tooth with non-surgical retreatment unfeasible or previously failed" asks more
  of a retreatment than whether there was one).

An exclusion asking an operation within one window ("History of thymectomy within 12
months") is weighed by the date the note reader gave the note's surgery fact naming it
("Thymectomy 2022"): before the window not met, inside met (or unknown while more is asked).

The criterion's own denial ("without dopamine") or a relative's is left alone.

A criterion naming nothing MeSH or the parse reads ("Prior treatment with a MDM2 inhibitor",
"Splenic irradiation within the last 6 months") is not met when the note denies it in its
own words, or its head ("no MDM2 inhibitor", "no splenic irradiation"; "no appliances" of
"Presence of orthodontic appliances"): the words left beside its framing and window are one
run naming one thing (``denied_own_words`` of ``data/screening_rules.json``). A denial of
something narrower ("no brain radiotherapy" of "Prior radiotherapy", "no treatment for the
PTSD" of "Current treatment") or of one item of the criterion's list settles nothing. The note
may deny it in other words: another spelling, hyphen or head word ("no esophageal stricture", "no
congenital eye problems"), or words the vocabulary reads as the same descriptor ("no liver
disease" of "Hepatic disorder").
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from trialfinder.criteria import Criterion
from trialfinder.criteria.context import context_at
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention
from trialfinder.criteria.parse import analyse_text
from trialfinder.indication import criterion_indication
from trialfinder.judging.findings import Finding, Outcome
from trialfinder.judging.time_windows import event_anchored_finding, window_finding
from trialfinder.patient import (
    VOCABULARY_CONCEPT_PREFIX,
    Fact,
    PatientFacts,
    about_a_relative,
    is_disease,
    judge_cue_pattern,
    load_screening_rules,
    note_context,
    phrase_pattern,
    under_a_plan,
)
from trialfinder.refractory import asks_refractory
from trialfinder.vocabulary import (
    Concept,
    Mention,
    american_spelling,
    load_vocabulary,
    normalize_phrase,
)

__all__ = [
    "denied_in_own_words",
    "leftover_finding",
    "leftover_mentions",
    "names_one_thing",
    "note_mentions",
    "note_sentences",
    "of_the_trial",
    "unread_concept_outcome",
]

# How a phrase must be named to stand for its concept alone: not a misspelling or a short
# form ("ALL" of "all patients"), which the vocabulary reads in any text.
_NAMING_KINDS = frozenset({"preferred", "entry", "lay"})
# How a note's denial and a criterion's words may each name one descriptor to be one thing:
# also another vocabulary's synonym ("hepatic disorder"), a drug class, an abbreviation, a
# British spelling MeSH's name respelt ("leukaemia"; not a curated misspelling).
_SAME_THING_KINDS = _NAMING_KINDS | {"synonym", "drug_class", "abbreviation", "spelling"}
# What a note's mention of the concept may not be: a relative's, a possibility, a plan.
_NOT_THE_PATIENTS = frozenset({"family", "hypothetical"})
_WORD = re.compile(r"[^\W_]+")
# A phrase across a bracket or a list's comma is two ("adenocarcinoma (lung").
_PHRASE_BREAK = re.compile(r"[,;:()\[\]/]")


class _Named:
    """A criterion's phrase naming a concept, and where it stands."""

    __slots__ = ("concept", "end", "start", "words")

    def __init__(self, words: str, concept: Concept, start: int, end: int) -> None:
        self.words, self.concept, self.start, self.end = words, concept, start, end


def unread_concept_outcome(
    criterion: Criterion,
    patient: PatientFacts,
    trial_concepts: frozenset[str],
    *,
    asked_more: bool = False,
) -> Outcome | None:
    """The criterion judged by the MeSH concepts it names, when the note names or denies
    them; None when it names none, or the note is silent on them.

    An exclusion the note names a concept of while it asks more is unknown only with
    ``asked_more``, asked after every other reader of an unread criterion (so they answer
    it first: a disease's date, a marker's status, a stage, a plan).

    An exclusion's diseases are left to ``vocabulary_constraints``, which sets the trial's
    own condition apart (a mesothelioma trial's "Mesothelioma" exclusion is about another),
    and so is a concept of the trial's own conditions or one broader or narrower."""
    named = _named(criterion.text)
    if not named:
        return denied_in_own_words(criterion.text, patient)
    if criterion.section == "exclusion" and any(
        is_disease(phrase.concept) or of_the_trial(phrase.concept.id, trial_concepts)
        for phrase in named
    ):
        return None
    sentences = note_sentences(patient)
    present: dict[str, tuple[str, str]] = {}  # criterion words → (note words, sentence)
    every: list[tuple[str, str]] = []  # each mention named, with its sentence
    dated: list[tuple[_Named, str, str]] = []  # … and the criterion's phrase it names
    denied: set[str] = set()
    for phrase in named:
        for sentence in sentences:
            for said, descriptor_id, negated, _ in note_mentions(sentence, phrase.concept.id):
                if not negated:
                    present.setdefault(phrase.words, (said, sentence))
                    every.append((said, sentence))
                    dated.append((phrase, said, sentence))
                elif descriptor_id == phrase.concept.id:
                    denied.add(phrase.words)
    if present:
        undone = _all_undone(criterion.text, every)
        if undone is not None:
            said, sentence, word = undone
            return "not_met", sentence, f"the record says the {said} was {word}, not there now"
        words, (said, sentence) = next(iter(present.items()))
        names = said if said.lower() == words.lower() else f"{said}, a kind of {words}"
        left_words = _left(criterion.text, named, every_one_named=len(present) == len(named))
        left = [word.group().lower() for word in left_words]
        if not left:
            return "met", sentence, f"the record names {names}"
        if criterion.section == "exclusion" and (
            not asked_more
            or _asks_an_inability(left)
            or _asks_another_thing(criterion.text, named, present)
            or all(_a_means(criterion.text, phrase) for phrase in named if phrase.words in present)
        ):
            return None  # the note's silence on what else it asks settles it, as before
        in_window = _dated_against_window(criterion.text, patient, dated, left_words)
        if in_window is not None:
            return in_window
        return (
            "unknown",
            sentence,
            f"the record names {names}; the criterion also asks “"
            f"{_as_written(criterion.text, left_words)}”: the study team decides",
        )
    if len(denied) == len({phrase.words for phrase in named}) and not _words_left(
        criterion.text, named, every_one_named=True
    ):
        return "not_met", None, f"the record says no {' or '.join(sorted(denied))}"
    return None


def _dated_against_window(
    criterion_text: str,
    patient: PatientFacts,
    mentions: Sequence[tuple[_Named, str, str]],
    left: Sequence[re.Match[str]],
) -> Outcome | None:
    """An exclusion asking an operation only MeSH reads within one window ("History of
    thymectomy within 12 months", "received a parathyroidectomy within 6 months") against
    the dates the note reader gave each of the note's mentions: the lexicon's surgery fact
    of the same sentence naming that operation or a narrower one (``Fact.operations``),
    weighed as a lexicon fact's date is (``time_windows.window_finding``). Every mention
    dated before the window: not met, the rest the exclusion asks being left to the note's
    silence, as before. One inside it: met when the window is all it asks beside the
    operation, else unknown with the date. None when a mention is undated, the criterion
    writes no window or several, or one counted from a past event."""
    windows = set(analyse_text(criterion_text).windows)
    if len(windows) != 1:
        return None
    window = windows.pop()
    if window.kind != "recency" or window.comparator not in ("<", "<="):
        return None
    findings: list[Finding] = []
    for phrase, said, sentence in mentions:
        fact = _dated_operation(patient, phrase.concept.id, sentence)
        if fact is None:
            return None
        constraint = ConceptMention(
            f"{VOCABULARY_CONCEPT_PREFIX}{phrase.concept.id}",
            "procedure",
            phrase.words,
            window=window,
        )
        if event_anchored_finding(constraint, fact, said, criterion_text) is not None:
            return None
        findings.append(window_finding(constraint, fact, said, about_onset=False))
    if not findings or any(finding.truth == "unknown" for finding in findings):
        return None
    inside = next((finding for finding in findings if finding.truth == "true"), None)
    if inside is None:
        return "not_met", findings[0].evidence, findings[0].reason
    window_words = set(_WORD.findall(window.text.lower()))
    rest = [word for word in left if word.group().lower() not in window_words]
    if not rest:
        return "met", inside.evidence, inside.reason
    return (
        "unknown",
        inside.evidence,
        f"{inside.reason}; the criterion also asks “{_as_written(criterion_text, rest)}”: "
        "the study team decides",
    )


def _dated_operation(patient: PatientFacts, descriptor_id: str, sentence: str) -> Fact | None:
    """The one date the note reader gave the sentence's operation that is the concept or a
    narrower one (its surgery fact's ``operations``); None when it gives none or several."""
    vocabulary = load_vocabulary()
    found = {
        (fact.days_ago, fact.start_year, fact.end_year): fact
        for fact in patient.facts
        if fact.evidence == sentence
        and not fact.negated
        and (fact.days_ago is not None or fact.end_year is not None)
        and any(vocabulary.is_a(operation, descriptor_id) for operation in fact.operations)
    }
    return next(iter(found.values())) if len(found) == 1 else None


def _asks_an_inability(left: Sequence[str]) -> bool:
    """Whether the words an exclusion leaves beside its concepts ask an inability or a
    refusal (``consent_inability_stems``: "Is unable or unwilling to take folic acid",
    "Refusal of adequate contraception"), which a note naming the concept does not show."""
    stems = judge_cue_pattern(r"(?:{consent_inability_stems})", re.IGNORECASE)
    return any(stems.match(word) for word in left)


def _asks_another_thing(
    text: str, named: tuple[_Named, ...], present: dict[str, tuple[str, str]]
) -> bool:
    """Whether an exclusion names a concept the note does not that is no alternative to one
    it does (an item of the same list, each item's words followed by a list's mark:
    "Antiarrhythmics (amiodarone, quinidine)", "Tattoo or non-removable body piercing"):
    "hospitalization for acute asthmatic symptoms" asks the asthma of a note naming an
    emergency, "evidence of … metastatic disease … by biopsy" the disease of a note naming
    a biopsy. The note's silence on that thing settles it."""
    lists: list[list[_Named]] = []
    for phrase in sorted(named, key=lambda phrase: phrase.start):
        if lists and _list_mark().match(text, lists[-1][-1].end):
            lists[-1].append(phrase)
        else:
            lists.append([phrase])
    return any(not any(phrase.words in present for phrase in items) for items in lists)


def _a_means(text: str, phrase: _Named) -> bool:
    """Whether the criterion names the concept as the means or the purpose of what it asks
    ("… or by biopsy", "discovered on laparotomy", "to manage weight loss";
    ``unread_concept_means_words`` right before it, or before its determiner)."""
    return _means_before().search(text, 0, phrase.start) is not None


@functools.cache
def _means_before() -> re.Pattern[str]:
    return judge_cue_pattern(
        r"(?<![^\W_])(?:{unread_concept_means_words})\s+(?:(?:a|an|the|any)\s+)?$",
        re.IGNORECASE,
    )


@functools.cache
def _list_mark() -> re.Pattern[str]:
    """A list's mark opening the words between two items: a comma, bracket, slash or
    ``leftover_list_joiners`` ("or", "such as"); the words after it may qualify the next
    item ("Tattoo or non-removable body piercing")."""
    return judge_cue_pattern(
        r"\s*(?:[,;()\[\]/]|(?:{leftover_list_joiners})(?![^\W_]))", re.IGNORECASE
    )


def _all_undone(
    criterion_text: str, present: Sequence[tuple[str, str]]
) -> tuple[str, str, str] | None:
    """ "Presence of an ostomy" asks for it now (``unread_concept_now_words``): a note whose
    every sentence naming it says it was undone after ("an ileostomy in 2015 that was
    reversed in 2016", ``undone_words``) has none now. The first such
    mention, its sentence and the word; None when the criterion asks no now or one is not."""
    if not judge_cue_pattern(r"\b(?:{unread_concept_now_words})\b", re.IGNORECASE).search(
        criterion_text
    ):
        return None
    undone_word = judge_cue_pattern(r"\b(?:{undone_words})\b", re.IGNORECASE)
    words = []
    for said, sentence in present:
        at = sentence.lower().find(said.lower())
        word = undone_word.search(sentence, at + len(said)) if at >= 0 else None
        if word is None:
            return None
        words.append(word.group().lower())
    return (*present[0], words[0]) if words else None


def leftover_finding(
    constraint: ConceptMention, patient: PatientFacts, name: str, criterion_text: str
) -> Finding | None:
    """A list item only MeSH reads (``leftover_concepts``) against the note: named, denied by
    its own name, or None when it is no such item or the note is silent. What the list asks
    beside the item — a window, an indication ("… for metastatic disease"), a refractory
    course, a use now the note names in the past — no MeSH reading settles: a named item is
    then unknown. The finding is of the concept; the caller turns it as the criterion asks."""
    descriptor_id = constraint.concept.removeprefix(VOCABULARY_CONCEPT_PREFIX)
    if descriptor_id == constraint.concept or constraint.category not in ("treatment", "procedure"):
        return None
    concept = load_vocabulary().concept(descriptor_id)
    if concept is None or is_disease(concept):
        return None
    denied: str | None = None
    for sentence in note_sentences(patient):
        for said, seen, negated, past in leftover_mentions(sentence, descriptor_id):
            if negated:
                if seen == descriptor_id:
                    denied = denied or sentence
                continue
            names = said if said.lower() == name.lower() else f"{said}, a kind of {name}"
            asked = _asked_beside(constraint, criterion_text, past)
            if asked:
                return Finding("unknown", sentence, f"the record names {names}; {asked}")
            return Finding("true", sentence, f"the record names {names}")
    if denied is not None:
        return Finding("false", denied, f"the record says no {name}")
    return None


def _asked_beside(constraint: ConceptMention, criterion_text: str, past: bool) -> str:
    """What the criterion asks of a list item beyond its being named, which a MeSH reading
    of the note does not settle; "" when nothing."""
    if constraint.window is not None:
        return f"it does not say when, against the criterion's “{constraint.window.text}”"
    wanted = criterion_indication(criterion_text, constraint.text)
    if wanted is not None:
        return f"the criterion asks it for {wanted.words}: the study team decides"
    if asks_refractory(criterion_text, constraint.text):
        return "the criterion asks the disease refractory to it: the study team decides"
    if past and not constraint.historical:
        return "in the past; whether the criterion asks it now, the study team decides"
    return ""


def of_the_trial(descriptor_id: str, trial_concepts: frozenset[str]) -> bool:
    """Whether the concept is one of the trial's conditions, or broader or narrower."""
    vocabulary = load_vocabulary()
    return any(
        vocabulary.is_a(descriptor_id, own) or vocabulary.is_a(own, descriptor_id)
        for concept in trial_concepts
        if concept.startswith(VOCABULARY_CONCEPT_PREFIX)
        for own in (concept.removeprefix(VOCABULARY_CONCEPT_PREFIX),)
    )


@functools.lru_cache(maxsize=16_384)
def _named(text: str) -> tuple[_Named, ...]:
    """The criterion's phrases naming a concept of the branches read; () when any of them
    is denied or a relative's in the criterion (it asks an absence, or of someone else)."""
    found: list[_Named] = []
    for mention, start, end in load_vocabulary().mention_offsets(text):
        reading = mention.readings[0]
        if not names_one_thing(text[start:end], reading.kind, reading.concept):
            continue
        if {"negation", *_NOT_THE_PATIENTS} & context_at(text, start, end):
            return ()
        found.append(_Named(text[start:end], reading.concept, start, end))
    return tuple(found)


def names_one_thing(
    words: str, kind: str, concept: Concept, *, kinds: frozenset[str] = _NAMING_KINDS
) -> bool:
    """Whether a phrase names a concept of the branches read, below a branch's heading
    ("C01.150", not "C01"), by more than the words that frame any criterion."""
    below = judge_cue_pattern(r"(?:{unread_concept_branches})\d*\.")
    filler = load_lexicon().filler_words
    return (
        kind in kinds
        and not _PHRASE_BREAK.search(words)
        and any(below.match(number) for number in concept.tree_numbers)
        and not all(word in filler for word in _WORD.findall(words.lower()))
    )


def _words_left(text: str, named: tuple[_Named, ...], *, every_one_named: bool) -> list[str]:
    """The criterion's words beside its concepts that do not frame it ("and" frames a
    list only when the note names every concept of it), lowercase."""
    return [word.group().lower() for word in _left(text, named, every_one_named=every_one_named)]


def _left(text: str, named: tuple[_Named, ...], *, every_one_named: bool) -> list[re.Match[str]]:
    """The matches of :func:`_words_left`'s words in the criterion's text."""
    framing = judge_cue_pattern(r"(?:{unread_concept_framing_words})")
    left: list[re.Match[str]] = []
    for word in _WORD.finditer(text):
        if any(phrase.start <= word.start() < phrase.end for phrase in named):
            continue
        lowered = word.group().lower()
        if framing.fullmatch(lowered) or (lowered == "and" and every_one_named):
            continue
        left.append(word)
    return left


def _as_written(text: str, words: Sequence[re.Match[str]]) -> str:
    """The criterion's own words from the first of ``words`` to the last, as written
    ("gain ≥4.5 kg within 90 days of visit 1"), for a reason a person reads (issue 12
    item 6: never the parser's tokens)."""
    return " ".join(text[words[0].start() : words[-1].end()].split())


def note_sentences(patient: PatientFacts) -> tuple[str, ...]:
    """The note's sentences: those its facts rest on and those none does."""
    return tuple(
        dict.fromkeys(
            [
                *(fact.evidence for fact in patient.facts),
                *(fact.evidence for fact in patient.vocabulary_facts),
                *patient.unread_sentences,
            ]
        )
    )


@functools.lru_cache(maxsize=65_536)
def note_mentions(sentence: str, descriptor_id: str) -> tuple[tuple[str, str, bool, bool], ...]:
    """The sentence's mentions of the concept or a narrower one that are the patient's:
    the words, their concept, whether the sentence denies them and whether it places them
    in the past."""
    if about_a_relative(sentence) or _plans().search(sentence):
        return ()
    vocabulary = load_vocabulary()
    found = []
    by_name_only = _by_name_only(descriptor_id)
    for mention, start, end in _sentence_mentions(sentence):
        reading = mention.readings[0]
        if not names_one_thing(sentence[start:end], reading.kind, reading.concept):
            continue
        if _a_place().match(sentence, end):
            continue  # "presents to the emergency department": where, not what
        if under_a_plan(sentence, start):
            continue  # "Plan: refer for the narazaciclib + letrozole phase II": to come
        if reading.concept.id != descriptor_id and (
            by_name_only or not vocabulary.is_a(reading.concept.id, descriptor_id)
        ):
            continue
        context = note_context(sentence, start, end)
        if _NOT_THE_PATIENTS & context:
            continue
        found.append(
            (sentence[start:end], reading.concept.id, "negation" in context, "history" in context)
        )
    return tuple(found)


def leftover_mentions(sentence: str, descriptor_id: str) -> tuple[tuple[str, str, bool, bool], ...]:
    """:func:`note_mentions` of a list item only MeSH reads, less a measured level right after
    it (``leftover_level_words``: "elevated testosterone levels") and, for a class of what a
    medicine does (``leftover_named_only_branches``, its every drug tree number; Vitamins is
    also a G number), any but its own name."""
    concept = load_vocabulary().concept(descriptor_id)
    named_only = judge_cue_pattern(r"(?:{leftover_named_only_branches})\.")
    drug_numbers = [n for n in concept.tree_numbers if n.startswith("D")] if concept else []
    own_name_only = bool(drug_numbers) and all(named_only.match(n) for n in drug_numbers)
    level = judge_cue_pattern(r"\s+(?:{leftover_level_words})\b", re.IGNORECASE)
    return tuple(
        found
        for found in note_mentions(sentence, descriptor_id)
        if not (own_name_only and found[1] != descriptor_id)
        and not any(
            level.match(sentence, at.end()) for at in re.finditer(re.escape(found[0]), sentence)
        )
    )


def _by_name_only(descriptor_id: str) -> bool:
    """Whether a concept is met only by its own name: a class of chemical structure
    (``unread_concept_named_only_branches``; propranolol is a polycyclic aromatic
    hydrocarbon, no exposure to one), not of what a medicine does."""
    concept = load_vocabulary().concept(descriptor_id)
    named_only = judge_cue_pattern(r"(?:{unread_concept_named_only_branches})\.")
    return concept is not None and all(named_only.match(n) for n in concept.tree_numbers)


def _a_place() -> re.Pattern[str]:
    """A place's word right after a mention (``unread_concept_place_words``): "emergency
    room" is where the patient was seen."""
    return judge_cue_pattern(r"\s+(?:{unread_concept_place_words})\b", re.IGNORECASE)


@functools.cache
def _plans() -> re.Pattern[str]:
    """A note's words for what is to come ("scheduled for", "planned"): a sentence holding
    one may name a procedure the patient has not had."""
    rules = load_screening_rules()
    return phrase_pattern([*rules.note_plan_cues, *rules.note_plan_after, *rules.note_future_cues])


@functools.lru_cache(maxsize=16_384)
def _sentence_mentions(sentence: str) -> tuple[tuple[Mention, int, int], ...]:
    """The vocabulary's mentions of a note sentence, read once for every criterion."""
    return tuple(load_vocabulary().mention_offsets(sentence))


def denied_in_own_words(criterion_text: str, patient: PatientFacts) -> Outcome | None:
    """Not met when the note denies, in the criterion's own words or by its head, or in
    other words naming the same thing (:func:`_denies_the_run`), the one run of words a
    criterion naming nothing read asks beside its framing and window; None when it asks
    more than one run, or the note does not deny it outright."""
    run = _asked_run(criterion_text)
    if not run:
        return None
    sentences = note_sentences(patient)
    for sentence in sentences:
        for item, written, said in _denied_items(sentence):
            same = _denies_the_run(item, written, run)
            if same is None or _named_undenied(item, sentences):
                continue
            if any(
                not negated
                for descriptor_id in same
                for other in sentences
                for _, _, negated, _ in note_mentions(other, descriptor_id)
            ):
                continue  # "no liver disease" beside a fatty liver: one kind, not outright
            return "not_met", sentence, f"the record says no {said}"
    return None


def _denies_the_run(
    item: tuple[str, ...], written: tuple[str, ...], run: tuple[str, ...]
) -> frozenset[str] | None:
    """Whether a note's denied item is the run or its last words (its head): in the same
    words, or in other words, spelling, hyphens or head word (:func:`_folded`; only an item
    with a word beside its head, and a criterion's with one beside its head and the filler
    words: "no clinically significant disease" is no denial of "clinically significant
    illnesses" of the lung), or read by the vocabulary as the same MeSH descriptors,
    then returned; None when it is not."""
    asked = tuple(_normal(word) for word in run)
    if item == asked[len(asked) - len(item) :]:
        return frozenset()
    folded = _folded(written) if len(written) > 1 else None
    named = _descriptors_named(written)
    filler = load_lexicon().filler_words
    heads = _same_heads()
    for length in range(1, len(run) + 1):
        tail = run[len(run) - length :]
        names_a_thing = any(word not in filler and word not in heads for word in tail)
        if folded is not None and names_a_thing and _folded(tail) == folded:
            return frozenset()
        shared = named & _descriptors_named(tail)
        if shared:
            return shared
    return None


@functools.lru_cache(maxsize=65_536)
def _folded(words: tuple[str, ...]) -> str:
    """Words as one string in American spelling, either number, head words as one, without
    the spaces and hyphens between them ("orthopaedic problems" → "orthopedicdisease")."""
    heads = _same_heads()
    respelt = _WORD.findall(american_spelling(normalize_phrase(" ".join(words))))
    return "".join("disease" if word in heads else _normal(word) for word in respelt)


@functools.lru_cache(maxsize=65_536)
def _descriptors_named(words: tuple[str, ...]) -> frozenset[str]:
    """The MeSH descriptors the words name as a whole, below a branch's heading, or with
    their head word written as another ("liver problems" as "liver disease"); none when an
    abbreviation among them reads as more than one ("MS")."""
    heads = _same_heads()
    phrases = [" ".join(words)]
    if len(words) > 1 and words[-1] in heads:
        phrases += [" ".join((*words[:-1], head)) for head in sorted(heads) if head != words[-1]]
    named: set[str] = set()
    for phrase in phrases:
        readings = load_vocabulary().lookup(phrase)
        found = {
            reading.concept.id
            for reading in readings
            if names_one_thing(phrase, reading.kind, reading.concept, kinds=_SAME_THING_KINDS)
            and load_vocabulary().names_it(phrase, reading)
        }
        if len(found) > 1 and any(reading.kind == "abbreviation" for reading in readings):
            continue
        named |= found
    return frozenset(named)


@functools.cache
def _same_heads() -> frozenset[str]:
    """The head words that name one thing whichever is written ("disease", "disorder",
    "problem": ``same_head_words``), read once for every denial compared."""
    rules = load_screening_rules().denied_own_words
    return frozenset(rules.same_head_words) if rules is not None else frozenset()


@functools.cache
def _own_words_patterns() -> tuple[frozenset[str], re.Pattern[str], re.Pattern[str]] | None:
    """The break words, a criterion's leading framing and a note's negation."""
    rules = load_screening_rules().denied_own_words
    if rules is None:
        return None
    framing = judge_cue_pattern(r"(?:{unread_concept_framing_words})").pattern
    leading = re.compile(
        rf"(?:\s*\b(?:{phrase_pattern(rules.criterion_framing_phrases).pattern}|{framing})\b)*",
        re.IGNORECASE,
    )
    negated = re.compile(
        rf"(?<![\w-])(?:{'|'.join(map(re.escape, rules.note_negations))})(?![\w-])"
        r"\s+(?=([^.;:()]+))",
        re.IGNORECASE,
    )
    return frozenset(rules.break_words), leading, negated


def _normal(word: str) -> str:
    """A word compared in either number ("anomalies", "anomaly")."""
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@functools.lru_cache(maxsize=16_384)
def _asked_run(criterion_text: str) -> tuple[str, ...]:
    """The criterion's words beside its leading framing and its window, lower-case, when
    they are one run naming one thing (no break word, no punctuation but a closing stop);
    () else."""
    patterns = _own_words_patterns()
    rules = load_screening_rules().denied_own_words
    if patterns is None or rules is None:
        return ()
    breaks, leading, _ = patterns
    text = criterion_text.strip().rstrip(".;, ")
    for window in analyse_text(criterion_text).windows:
        at = text.find(window.text)
        if at < 0:
            return ()
        before = text[:at].split()
        while before and before[-1].lower() in rules.window_lead_words:
            before.pop()
        text = " ".join(before) + text[at + len(window.text) :]
    text = text[leading.match(text).end() :]  # type: ignore[union-attr]
    if _PHRASE_BREAK.search(text) or re.search(r"[^\w\s-]", text):
        return ()
    words = [word.lower() for word in _WORD.findall(text)]
    if not words or any(word in breaks for word in words):
        return ()
    return tuple(words)


@functools.lru_cache(maxsize=65_536)
def _denied_items(
    sentence: str,
) -> tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...]:
    """The items a note sentence denies outright, each as its compared words, its words
    lower-case and as written:
    the words after a negation (and the words it may stand before, "never received"), and
    the items joined to them by "or" or "nor"; none holding a break word, and none of a
    relative's sentence or one of plans."""
    patterns = _own_words_patterns()
    rules = load_screening_rules().denied_own_words
    if patterns is None or rules is None or about_a_relative(sentence) or _plans().search(sentence):
        return ()
    breaks, _, negated = patterns
    between = frozenset(rules.note_between_words)
    trailing = frozenset(rules.note_trailing_words)
    found: list[tuple[tuple[str, ...], tuple[str, ...], str]] = []
    for denial in negated.finditer(sentence):
        clause = re.split(r",\s*(?:but|although|though)\b|\bbut\b", denial.group(1))[0]
        joined = re.search(r"(?<![\w-])(?:or|nor)(?![\w-])", clause, re.IGNORECASE)
        parts = (
            re.split(r"\s*,\s*|\s+(?:or|nor)\s+", clause, flags=re.IGNORECASE)
            if joined
            else [clause.split(",")[0]]
        )
        for part in parts:
            words = [word.lower() for word in _WORD.findall(part)]
            while words and words[0] in between:
                words.pop(0)
            while words and words[-1] in trailing:
                words.pop()
            if not words or any(word in breaks for word in words) or "/" in part:
                continue
            found.append((tuple(_normal(word) for word in words), tuple(words), part.strip()))
    return tuple(found)


def _named_undenied(item: tuple[str, ...], sentences: tuple[str, ...]) -> bool:
    """Whether the note writes the denied words elsewhere, not denied ("no boost" beside "a
    boost of 10 Gy"): then the denial is of one time or one kind, not outright."""
    pattern = re.compile(
        r"(?<![\w-])" + r"\W+".join(re.escape(word) for word in item), re.IGNORECASE
    )
    written = sum(
        len(pattern.findall(" ".join(_normal(w) for w in _WORD.findall(s)))) for s in sentences
    )
    denied = sum(
        1
        for s in sentences
        for found, _, _ in _denied_items(s)
        if found[len(found) - len(item) :] == item
    )
    return written > denied
