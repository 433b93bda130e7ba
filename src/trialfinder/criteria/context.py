"""The context stage: whether a mention is negated, past, hypothetical, ...

In the manner of medspaCy's ConText: a cue phrase modifies the mentions within
its scope, counted in words, in one direction (``forward``: the words after the
cue; ``backward``: the words before it). A scope never crosses a clause break
and a terminator word ("but", "except", "presents") closes a forward scope.
The cues, their direction and their scope are data
(``data/criteria/context.json``), validated when loaded, not windows of
characters in code. Criteria parsing, patient notes and the judge read the
same rules.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Sequence
from importlib import resources
from typing import NamedTuple

import msgspec

from trialfinder.criteria.lexicon import (
    PhraseIndex,
    PhraseMatch,
    Token,
    detection_results,
    load_lexicon,
    tokenize,
)
from trialfinder.criteria.tables import (
    ConceptCategory,
    ContextCategory,
    ContextRule,
    ContextRules,
)

__all__ = [
    "ContextCategory",
    "ContextRule",
    "ContextRules",
    "clause_bounds",
    "clause_of",
    "context_at",
    "cues_at",
    "either_way_at",
    "load_context_rules",
    "modifiers",
    "negated_from_before",
    "value_clause_bounds",
]

_CLAUSE_BREAK = re.compile(r";|\.(?=\s|$)|\n")
# The same breaks but the period of "i.e." / "e.g.": what follows it says what the clause's
# quantity is ("creatinine clearance (CrCl), i.e. < 30 mL/min"). Each alternative opens
# with its character (the period's look-behind comes after it), so a search skips to the
# next ";", "." or line break: a look-behind first was tried at every character of every
# criterion (7x slower, the same breaks).
_VALUE_CLAUSE_BREAK = re.compile(r";|\.(?<!\bi\.e\.)(?<!\be\.g\.)(?=\s|$)|\n", re.IGNORECASE)


@functools.cache
def load_context_rules() -> ContextRules:
    """Load and validate ``data/criteria/context.json`` (once per process)."""
    data = resources.files("trialfinder").joinpath("data/criteria/context.json").read_bytes()
    return msgspec.json.decode(data, type=ContextRules)


@functools.cache
def _terminators() -> frozenset[str]:
    """The words that end a cue's scope, as a set once per process (every concept asks)."""
    return frozenset(load_context_rules().terminators)


@functools.cache
def _result_subjects() -> frozenset[str]:
    """The words a test's result right after describes ("triple negative", "hormone receptor
    positive"): the word before "positive" or "negative" in a spelling of the
    ``marker_results``."""
    return frozenset(
        words[-2]
        for result, spellings in load_context_rules().marker_results.items()
        for phrase in (result, *spellings)
        if len(words := phrase.split()) > 1 and words[-1] in ("positive", "negative")
    )


@functools.cache
def rule_indexes() -> list[PhraseIndex[str]]:
    """One phrase index per rule, in the file's order (for a single-pass scan). A result's
    other spellings are indexed as the result ("HER2 non-amplified" is "her2 negative"),
    and so are a consequence's ("requiring hospitalization" is "hospital-treated")."""
    rules = load_context_rules()
    results = rules.stated_results()
    return [
        PhraseIndex(results if rule.states_a_result else ((p, p) for p in rule.phrases))
        for rule in rules.rules
    ]


@functools.cache
def _result_slots() -> tuple[int, ...]:
    return tuple(
        slot for slot, rule in enumerate(load_context_rules().rules) if rule.states_a_result
    )


# An abbreviation's period, which ends a clause only when a new sentence starts after it:
# "… carcinoma in situ of the cervix, etc. within 5 years prior to initial administration"
# (NCT05701709), "Uncontrolled infection requiring i.v. antibiotics" (NCT06112379).
_ABBREVIATION_PERIOD = re.compile(r"\b(?:etc|i\.v|vs)\.(?=\s)", re.IGNORECASE)
_GOES_ON = re.compile(r"\s+[a-z]")


def clause_bounds(text: str, cased: str | None = None) -> list[int]:
    """Offsets where clauses start (0 first); no context scope crosses them. Given ``cased``,
    the text as written (``text`` its lowercase reading, with the same abbreviations), the
    period of an abbreviation ("etc.", "i.v.", "vs.") the sentence goes on after in lower case
    ends no clause: the window after "… cervix, etc. within 5 years" is the list head's."""
    breaks = [match.end() for match in _CLAUSE_BREAK.finditer(text)]
    if cased is not None and breaks:
        written = list(_ABBREVIATION_PERIOD.finditer(cased))
        read = list(_ABBREVIATION_PERIOD.finditer(text))
        if written and len(written) == len(read):
            going_on = {
                at.end()
                for at, was in zip(read, written, strict=True)
                if _GOES_ON.match(cased, was.end())
            }
            breaks = [end for end in breaks if end not in going_on]
    return [0, *breaks]


def value_clause_bounds(text: str) -> list[int]:
    """Offsets where clauses start for finding the name a value belongs to.

    Unlike :func:`clause_bounds`, the period of "i.e." / "e.g." ends no clause: the value
    after it is the named quantity's ("creatinine clearance (CrCl), i.e. < 30 mL/min").
    Context scopes and time windows keep :func:`clause_bounds`: an example list in
    brackets ("(e.g. influenza or COVID-19) within 2 weeks") is no place to carry a window
    or a cue back over.
    """
    return [0, *(match.end() for match in _VALUE_CLAUSE_BREAK.finditer(text))]


def clause_of(bounds: list[int], position: int) -> int:
    return bisect.bisect_right(bounds, position) - 1


# The words that join alternatives: a negation or a history cue that reaches one reaches the
# next ("no prior exposure to any Interferon (IFN), RBV, or other … direct-acting antiviral
# agent": the antiviral is denied, and denied as had before).
_ALTERNATIVES = frozenset({"or", "nor"})
_LIST_CATEGORIES: frozenset[ContextCategory] = frozenset({"negation", "history"})


def _forward_reach(
    tokens: Sequence[Token],
    lowered: Sequence[str],
    first: int,
    bounds: list[int],
    rule: ContextRule,
    terminators: frozenset[str],
    text: str = "",
) -> int:
    """The earliest token a forward cue of ``rule`` may start at to reach token ``first``.

    A negation's or a history cue's scope that runs out of words at an "or" / "nor" it
    passed runs on from there: what follows the "or" is another of the alternatives the
    cue denies (or dates), however long the list before it ("no A, B, C, or D"). Not out of
    a bracket the "or" is in: "no decrease in symptoms (< 20% by MFSAF or myeloproliferative
    neoplasm SAF)" names a form, and denies no neoplasm."""
    scope_words = rule.scope_words
    through_or = bool(text) and rule.category in _LIST_CATEGORIES
    clause = clause_of(bounds, tokens[first].start)
    start = first
    ran_on = False
    while True:
        end = start
        depth = 0
        while start > 0 and end - start < scope_words:
            previous = start - 1
            if ran_on:
                # Walking back, a ")" opens a bracket and a "(" closes one; a "(" left open
                # is the bracket the "or" stands in.
                gap = text[tokens[previous].end : tokens[start].start]
                depth += gap.count(")") + gap.count("]") - gap.count("(") - gap.count("[")
                if depth < 0:
                    return start
            if clause_of(bounds, tokens[previous].start) != clause or (
                lowered[previous] in terminators and not _joins_its_head(lowered, previous)
            ):
                return start
            start = previous
        if not through_or or start == 0:
            return start
        joins = [i for i in range(start, end) if lowered[i] in _ALTERNATIVES]
        if not joins:
            return start
        # Run on from the earliest "or" reached: the scope of the alternative before it.
        start = joins[0]
        ran_on = True


def _joins_its_head(lowered: Sequence[str], index: int) -> bool:
    """Whether the terminator at ``index`` belongs to the word before it ("treatment with",
    "treated with": ``terminator_exceptions_after``), so a cue before both still reaches on."""
    heads = load_context_rules().terminator_exceptions_after.get(lowered[index], ())
    return index > 0 and lowered[index - 1] in heads


def _ends_with_terminator(
    match: PhraseMatch[str], reach: int, lowered: Sequence[str], terminators: frozenset[str]
) -> bool:
    """Whether the terminator that stopped a forward scope is the cue's own word.

    "Mother was diagnosed with colon cancer": "with" closes other scopes, but here
    it is the last word of the family cue, which still reaches the words after it. (A scope
    that ran out of words is not stopped by a terminator: "non" in "non-squamous NSCLC"
    reaches "squamous" only.)
    """
    return match.first < reach <= match.last and lowered[reach - 1] in terminators


def _points_forward(match: PhraseMatch[str], lowered: Sequence[str]) -> bool:
    """Whether a backward cue is followed by "for", which turns it to what comes after.

    "granulomas that stain negative for fungi": the fungi are absent, the
    granulomas are not. "for" before a duration ("rosacea, stable for 3 years", "stable
    for years") says how long the cue has held, and the cue stays with what came before.
    """
    if match.last >= len(lowered) or lowered[match.last] != "for":
        return False
    after = lowered[match.last + 1 : match.last + 3]
    if not after:
        return True
    if after[0][:1].isdigit() or after[0] in _DURATION_STARTS:
        return False
    return not (after[0] == "the" and after[1:2] and after[1] in {"past", "last"})


# The words that open a duration after "for" ("for 3 years", "for several months", "for at
# least 6 weeks", "for over a decade"; "for the past year" above). Not "a" or "the" alone:
# "negative for a mutation" turns to what comes after.
_DURATION_STARTS = frozenset(
    {"years", "months", "weeks", "decades", "several", "at", "over", "more", "longer", "≥", ">"}
)


def _says_what_before(match: PhraseMatch[str], lowered: Sequence[str]) -> bool:
    """Whether a forward cue is followed by "to", which turns it to what came before it.

    "ESKD secondary to diabetic nephropathy, on haemodialysis", "disease refractory to
    cisplatin": the kidney disease is secondary and the disease refractory, not the
    haemodialysis or the cisplatin.
    """
    return match.last < len(lowered) and lowered[match.last] == "to"


def _reads_backward(
    rule: ContextRule,
    match: PhraseMatch[str],
    tokens: Sequence[Token],
    lowered: Sequence[str],
    text: str,
) -> bool:
    """Whether a backward cue of a rule with ``only_before`` words modifies what came before
    it (see :class:`~trialfinder.criteria.tables.ContextRule`); any other rule's always does."""
    if not rule.only_before:
        return True
    if match.first > 0 and text[tokens[match.first - 1].end : tokens[match.first].start] == "-":
        return False
    if match.last >= len(tokens):
        return True
    between = text[tokens[match.last - 1].end : tokens[match.last].start]
    return bool(between.strip()) or lowered[match.last] in rule.only_before


def _ends_before(
    text: str,
    tokens: Sequence[Token],
    lowered: Sequence[str],
    match: PhraseMatch[str],
    first: int,
) -> bool:
    """Whether a forward cue's scope ends between it and token ``first``, whatever its
    words: at the close of a bracket the cue stands in (``scope_brackets``: "(i.e., did not
    experience PD) according to RECIST v1.1 at the last tumor assessment" denies no
    tumour), or, for the "without" of "with or without", at the next item of a list
    (``either_way_item_separators``: "trastuzumab, with or without pertuzumab [IV, SC, or
    fixed-dose combination], or neratinib" allows pertuzumab, not neratinib, either way).
    A bracket that holds nothing after the cue ("[with or without] maintenance therapy")
    marks the words after it, and a close no bracket opened ("except for a) Malignancy
    treated …", a list's label) ends nothing."""
    if not text or match.last > first:
        return False
    start, end = tokens[match.last - 1].end, tokens[first].start
    marks = _scope_marks()
    either_way = _either_way(lowered, match)
    if not (
        marks.closing.search(text, start, end)
        or (either_way and marks.separators.search(text, start, end))
    ):
        return False
    around = _open_brackets(text, tokens[match.first].start, marks)
    depth = 0
    for position in range(start, end):
        char = text[position]
        if char in marks.opens:
            depth += 1
        elif char in marks.closes:
            if depth:
                depth -= 1
            elif around:
                if _WORD_CHARACTER.search(text, start, position):
                    return True
                around -= 1
        if either_way and not depth and marks.separators.match(text, position):
            return True
    return False


def _open_brackets(text: str, end: int, marks: _ScopeMarks) -> int:
    """How many brackets are open at ``end`` of ``text`` (a close no bracket opened counts
    for nothing)."""
    depth = 0
    for char in text[:end]:
        if char in marks.opens:
            depth += 1
        elif char in marks.closes and depth:
            depth -= 1
    return depth


_WORD_CHARACTER = re.compile(r"\w")


class _ScopeMarks(NamedTuple):
    """``scope_brackets`` and ``either_way_item_separators`` as the scan reads them."""

    opens: str
    closes: str
    closing: re.Pattern[str]
    separators: re.Pattern[str]


@functools.cache
def _scope_marks() -> _ScopeMarks:
    """The brackets' characters, a pattern of the closing ones, and one of the separators
    (a word among them standing as a whole word)."""
    rules = load_context_rules()
    closes = "".join(rules.scope_brackets.values())
    separators = "|".join(
        (r"\b" if separator[0].isalnum() else "")
        + re.escape(separator)
        + (r"\b" if separator[-1].isalnum() else "")
        for separator in rules.either_way_item_separators
    )
    return _ScopeMarks(
        "".join(rules.scope_brackets),
        closes,
        re.compile(f"[{re.escape(closes)}]" if closes else "(?!)"),
        re.compile(separators or "(?!)"),
    )


def _backward_reach(tokens: Sequence[Token], last: int, bounds: list[int], scope_words: int) -> int:
    """The token after the last one a backward cue may start at to reach a mention."""
    clause = clause_of(bounds, tokens[last - 1].start)
    end = last
    while end < len(tokens) and end - last < scope_words:
        if clause_of(bounds, tokens[end].start) != clause:
            break
        end += 1
    return end


@functools.cache
def _time_between() -> tuple[frozenset[str], frozenset[str]]:
    rules = load_context_rules()
    return frozenset(rules.time_between_words), frozenset(rules.time_between_anchors)


_TIME_NUMBER = re.compile(r"\d+(?:[/.-]\d+)*")
_YEAR_OR_DATE = re.compile(r"(?:19|20)\d\d|\d+[/.-]\d+(?:[/.-]\d+)?")


def _cue_start(match: PhraseMatch[str], lowered: Sequence[str]) -> int:
    """Where a negation cue's scope is counted from: before the time phrase written right
    before it ("tests last month were negative", "test two weeks ago was negative"), whose
    words do not use up the scope (``time_between_words``), else the cue's first word."""
    words, anchors = _time_between()
    start, anchored = match.first, False
    while start > 0 and (
        (word := lowered[start - 1]) in words or _TIME_NUMBER.fullmatch(word) is not None
    ):
        anchored = anchored or word in anchors or _YEAR_OR_DATE.fullmatch(word) is not None
        start -= 1
    return start if anchored else match.first


def modifiers(
    cue_matches: Sequence[Sequence[PhraseMatch[str]]],
    tokens: Sequence[Token],
    lowered: Sequence[str],
    bounds: list[int],
    first: int,
    last: int,
    *,
    text: str = "",
    kind: ConceptCategory | None = None,
) -> frozenset[ContextCategory]:
    """The categories whose cues reach the mention at tokens ``[first, last)`` of ``text``.

    ``cue_matches`` holds, per rule of :func:`load_context_rules`, the rule's
    phrases found in ``tokens`` (see :func:`rule_indexes`). ``kind`` is the mention's
    concept category where known: a rule that ``reaches`` only treatments modifies a
    mention whose kind is "treatment".
    """
    rules = load_context_rules()
    terminators = _terminators()
    found: set[ContextCategory] = set()
    # Words of a test's result ("triple negative"): their "negative" is what it found.
    results: set[int] = set()
    for slot in _result_slots():
        for match in cue_matches[slot]:
            results.update(range(match.first, match.last))
    for rule, all_matches in zip(rules.rules, cue_matches, strict=True):
        if (
            rule.category in found
            or not all_matches
            or (rule.reaches == "treatments" and kind != "treatment")
        ):
            continue
        # "HER2-negative", "EGFR negative": a marker's result reaches only the marker itself.
        matches = [
            match
            for match in all_matches
            if (
                not (
                    _marker_result(text, tokens, lowered, match)
                    or (not rule.states_a_result and match.first in results)
                )
                or (
                    rule.direction == "backward"
                    and (
                        last == match.first
                        or _ends_a_list(text, tokens, lowered, (first, last), match)
                    )
                )
            )
            and not _a_load_result(text, tokens, match)
            and not _a_bound(lowered, match)
            and not _leaves_out(lowered, match)
        ]
        if rule.direction == "forward":
            reach = _forward_reach(tokens, lowered, first, bounds, rule, terminators, text)
            if any(
                match.last <= first
                and (
                    reach <= match.first
                    or _ends_with_terminator(match, reach, lowered, terminators)
                )
                and not _ends_before(text, tokens, lowered, match, first)
                for match in matches
            ):
                found.add(rule.category)
        else:
            end = _backward_reach(tokens, last, bounds, rule.scope_words)
            if any(
                (
                    last
                    <= (_cue_start(match, lowered) if rule.category == "negation" else match.first)
                    < end
                    or (
                        rule.category == "negation"
                        and _ends_a_list(text, tokens, lowered, (first, last), match)
                    )
                )
                and not _points_forward(match, lowered)
                and _reads_backward(rule, match, tokens, lowered, text)
                for match in matches
            ):
                found.add(rule.category)
    return frozenset(found)


def _ends_a_list(
    text: str,
    tokens: Sequence[Token],
    lowered: Sequence[str],
    mention: tuple[int, int],
    match: PhraseMatch[str],
) -> bool:
    """Whether a backward cue ends a list the mention at tokens ``[first, last)`` opens
    (``result_lists``): "HIV, HBsAg, HCV Ab all negative" and "HBsAg/HCV/HIV neg" deny
    every test named, while "HBsAg positive, HIV, HCV negative" keeps HBsAg's own result.
    The mention's words are a test's or a marker's name and each item opens with one
    (``_MARKER``: two capitals or a digit), so "Adenocarcinoma RUL, EGFR/ALK/ROS1 negative"
    denies no cancer and "granulomas, AFB and fungal cultures negative" no granuloma; two items
    at least follow a mention that opens the list, so "NSCLC, EGFR negative" is the marker's
    result alone."""
    lists = load_context_rules().result_lists
    first, last = mention
    if (
        lists is None
        or not text
        or not 0 < last < match.first <= len(tokens)
        or lowered[last - 1] in lists.own_results  # the mention is "HBsAg positive"
        or any(_MARKER.fullmatch(tokens[i].text) is None for i in range(first, last))
    ):
        return False
    stop = match.first
    while stop > last and lowered[stop - 1] in lists.gathering_words:
        stop -= 1
    words = 0
    items = 0
    separated = False
    for index in range(last, stop):
        gap = text[tokens[index - 1].end : tokens[index].start].strip()
        if gap and gap != "-":
            if gap not in lists.separators:
                return False
            words, separated = 0, True
        if lowered[index] in lists.joining_words:
            words, separated = 0, True
            continue
        if (
            not separated
            or lowered[index] in lists.own_results
            or (words == 0 and _MARKER.fullmatch(tokens[index].text) is None)
        ):
            return False
        items += words == 0
        words += 1
        if words > lists.item_words:
            return False
    listed = (
        first > 0 and text[tokens[first - 1].end : tokens[first].start].strip() in lists.separators
    )
    return (items > 1 or listed) and not text[tokens[stop - 1].end : tokens[stop].start].strip()


_MARKER = re.compile(r"(?=(?:.*[A-Z]){2}|.*\d)[A-Za-z0-9]+")


def _marker_result(
    text: str, tokens: Sequence[Token], lowered: Sequence[str], match: PhraseMatch[str]
) -> bool:
    """Whether a cue is the result of a test or marker written right before it: "negative"
    joined to the word before ("HER2-negative", "triple-negative"), after a marker's name
    ("EGFR negative") or after a word a result describes ("triple negative", "hormone
    receptor positive"). It says what the test found, not that a diagnosis is absent."""
    if match.first == 0 or lowered[match.first] not in ("negative", "positive"):
        return False
    before, cue = tokens[match.first - 1], tokens[match.first]
    if lowered[match.first - 1] in _test_methods():
        return False  # "COVID PCR negative": the method's result is the infection's
    return (
        text[before.end : cue.start] == "-"
        or _MARKER.fullmatch(before.text) is not None
        or lowered[match.first - 1] in _result_subjects()
    )


@functools.cache
def _test_methods() -> frozenset[str]:
    """How a test is done (``test_methods``): "PCR" in "COVID PCR negative"."""
    return frozenset(load_context_rules().test_methods)


@functools.cache
def _load_result_words() -> frozenset[str]:
    """Every word of the phrases that state a viral load's result (``cues.json``)."""
    cues = load_lexicon().cues
    return frozenset(w for p in (*cues.detected_words, *cues.undetected_words) for w in p.split())


def _a_load_result(text: str, tokens: Sequence[Token], match: PhraseMatch[str]) -> bool:
    """Whether a cue is a viral load's result: "HBV DNA undetectable on entecavir", "HCV RNA
    negative", "no detectable HBV DNA" state a value of the load, not that the infection
    (nor the treatment named before it) is absent."""
    if not text or _load_result_words().isdisjoint(match.value.split()):
        return False
    start = tokens[match.first].start
    return any(result.start <= start < result.end for result in detection_results(text))


# The negation words a bound on a count opens with ("no more than", "not exceeding").
_BOUND_NEGATIONS = frozenset({"no", "not"})


@functools.cache
def _negated_bounds() -> tuple[tuple[str, ...], ...]:
    """The comparators of ``cues.json`` that open with a negation word ("no more than", "not
    exceeding", "not less than"), as word tuples."""
    cues = load_lexicon().cues
    return tuple(
        words
        for phrases in cues.comparators.values()
        for phrase in phrases
        if (words := tuple(phrase.split()))[0] in _BOUND_NEGATIONS and len(words) > 1
    )


@functools.cache
def _counted_words() -> frozenset[str]:
    """The words a count's number comes before (``cues.json``): the counted nouns ("cycles",
    "lesions") and the prior-line words ("lines", "prior", "systemic")."""
    cues = load_lexicon().cues
    return frozenset((*cues.counted_nouns, *cues.prior_line_nouns, *cues.prior_line_cue_words))


def _leaves_out(lowered: Sequence[str], match: PhraseMatch[str]) -> bool:
    """Whether a negation cue opens what a count leaves out (``leaving_out``): "1-5 sites of
    metastatic disease not including the primary tumor" does not deny the tumour."""
    return any(
        tuple(lowered[match.first : match.first + len(words)]) == words for words in _leaving_out()
    )


@functools.cache
def _leaving_out() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(phrase.split()) for phrase in load_context_rules().leaving_out)


def _a_bound(lowered: Sequence[str], match: PhraseMatch[str]) -> bool:
    """Whether a negation cue opens a bound on a count: "no more than one prior chemotherapy
    (radiotherapy is not counted …)" bounds the lines; it does not deny the chemotherapy, nor
    the radiotherapy its scope would reach. A bound on a measurement ("no more than 50% of a
    tumor core", "not more than 3 months") keeps its old reading: a number before no counted
    word is not a count of the things the criterion names."""
    start = match.first
    if lowered[start] not in _BOUND_NEGATIONS:
        return False  # every bound opens with one: most cues ("history of", "prior") skip
    for words in _negated_bounds():
        count = start + len(words)
        if tuple(lowered[start:count]) != words or count + 1 >= len(lowered):
            continue
        number = lowered[count]
        if number.isdigit() or number in load_lexicon().cues.number_words:
            return lowered[count + 1] in _counted_words() or _a_length_of(lowered, count + 1)
    return False


# How long a treatment lasted: "no more than 5 years of adjuvant ET" bounds the years, it does
# not deny the treatment.
_TIME_WORDS = frozenset({"day", "days", "week", "weeks", "month", "months", "year", "years"})


def _a_length_of(lowered: Sequence[str], unit: int) -> bool:
    """Whether token ``unit`` is a time unit that an "of" follows, past an added time ("5 years
    (+3 months) of adjuvant ET")."""
    if lowered[unit] not in _TIME_WORDS:
        return False
    after = unit + 1
    if after + 1 < len(lowered) and lowered[after].isdigit() and lowered[after + 1] in _TIME_WORDS:
        after += 2
    return after < len(lowered) and lowered[after] == "of"


def _either_way(lowered: Sequence[str], match: PhraseMatch[str]) -> bool:
    """Whether a cue is the second half of "with or without" (``either_way_before``): the
    criterion allows both, so what follows is neither asked for nor denied ("at least one
    prior line … induction, [with or without] stem cell transplant" does not require that
    there was no transplant)."""
    cue = " ".join(lowered[match.first : match.last])
    for phrase in load_context_rules().either_way_before.get(cue, ()):
        words = phrase.split()
        if (
            match.first >= len(words)
            and list(lowered[match.first - len(words) : match.first]) == words
        ):
            return True
    return False


def context_at(text: str, start: int, end: int) -> frozenset[ContextCategory]:
    """The context categories of the words of ``text[start:end]`` within ``text``."""
    tokens = tokenize(text)
    inside = [index for index, token in enumerate(tokens) if start <= token.start < end]
    if not inside:
        return frozenset()
    lowered = [token.text.lower() for token in tokens]
    cue_matches = [index.find(tokens, lowered) for index in rule_indexes()]
    bounds = clause_bounds(text)
    return modifiers(cue_matches, tokens, lowered, bounds, inside[0], inside[-1] + 1, text=text)


def _head_bracket_between(
    tokens: Sequence[Token], text: str, match: PhraseMatch[str], first: int
) -> bool:
    """Whether token ``first`` is an item of a bracketed list opened after the word a
    qualifier qualifies: "severe immune deficiency (diabetes, steroid or antihistamine
    medication, …)" lists the causes of the immune deficiency, which is severe; the steroid
    is not. A bracket between the qualifier and its word ("severe (grade 3) hypertension")
    leaves it its word; so does a bracket without a comma: "(radiotherapy is not counted …)"
    lists nothing, and "primary tumor (surgery or diagnostic biopsy)" names the tumour's
    sources, which the qualifier's reach keeps from being read as asked of the patient."""
    depth = 0
    opened = -1
    for index in range(match.last + 1, first + 1):
        gap = text[tokens[index - 1].end : tokens[index].start]
        if "(" in gap and depth == 0:
            opened = tokens[index - 1].end + gap.index("(")
        depth = max(depth + gap.count("(") - gap.count(")"), 0)
    if depth == 0:
        return False
    close = text.find(")", opened)
    inside = text[opened : close if close >= 0 else len(text)]
    return "," in inside


def cues_at(text: str, start: int, end: int, category: ContextCategory) -> list[str]:
    """The cue phrases of ``category`` whose scope reaches ``text[start:end]``, in text order.

    The judge reads a criterion's qualifiers this way ("Severe, malignant or
    secondary hypertension": severe, malignant, secondary), by the same scopes
    as negation, instead of a window of characters.
    """
    return [match.value for match in _cue_matches_at(text, start, end, category)[0]]


def either_way_at(text: str, start: int, end: int) -> bool:
    """Whether the only negation reaching ``text[start:end]`` is the "without" of "with or
    without" (``either_way_before``): "at least one prior line … induction, [with or without]
    hematopoietic stem cell transplant" neither asks for the transplant nor denies it."""
    matches, lowered = _cue_matches_at(text, start, end, "negation")
    return bool(matches) and all(_either_way(lowered, match) for match in matches)


def negated_from_before(text: str, start: int, end: int) -> bool:
    """Whether a negation cue written before ``text[start:end]`` reaches it ("no hypertension
    before pregnancy", "denied hepatitis B until 2019"), as against only a result written
    after it ("HBV and HCV non-reactive before the transplant"): a time bound limits the
    first kind of denial only."""
    matches, _ = _cue_matches_at(text, start, end, "negation")
    tokens = tokenize(text)
    first = next((i for i, token in enumerate(tokens) if start <= token.start < end), None)
    return first is not None and any(match.last <= first for match in matches)


def _cue_matches_at(
    text: str, start: int, end: int, category: ContextCategory
) -> tuple[list[PhraseMatch[str]], list[str]]:
    """The cues of ``category`` reaching ``text[start:end]`` in text order, and the text's
    lowercase tokens."""
    tokens = tokenize(text)
    inside = [index for index, token in enumerate(tokens) if start <= token.start < end]
    lowered = [token.text.lower() for token in tokens]
    if not inside:
        return [], lowered
    first, last = inside[0], inside[-1] + 1
    rules = load_context_rules()
    terminators = _terminators()
    bounds = clause_bounds(text)
    found: list[PhraseMatch[str]] = []
    for rule, index in zip(rules.rules, rule_indexes(), strict=True):
        if rule.category != category:
            continue
        matches = index.find(tokens, lowered)
        if rule.direction == "forward":
            reach = _forward_reach(tokens, lowered, first, bounds, rule, terminators, text)
            reaching = [
                m
                for m in matches
                if reach <= m.first
                and m.last <= first
                and not _ends_before(text, tokens, lowered, m, first)
                and not _says_what_before(m, lowered)
                and not (category == "qualifier" and _head_bracket_between(tokens, text, m, first))
            ]
        else:
            stop = _backward_reach(tokens, last, bounds, rule.scope_words)
            reaching = [
                m
                for m in matches
                if last <= (_cue_start(m, lowered) if category == "negation" else m.first) < stop
                and not _points_forward(m, lowered)
                and _reads_backward(rule, m, tokens, lowered, text)
            ]
        found.extend(reaching)
    return sorted(found, key=lambda m: (m.first, m.value)), lowered
