"""Tumour marker and mutation statuses a text states: "HER2 3+", "ER 0%", "EGFR/ALK negative".

Among the trials for one cancer, the marker status often decides which trial is the
patient's: a note's triple negative breast cancer does not belong in a trial for
"HR-positive, HER2-negative" disease, although every word of that title is in the note
("negative", "HER2", "positive"), so word overlap alone ranks it high. The same reader
reads a note and a trial's title, so both sides mean the same by "HER2-". How a status
is written is data (``data/marker_status.json``); a marker named with both statuses
("HER2-positive or HER2-negative") states neither.
"""

from __future__ import annotations

import functools
import re
from importlib import resources
from typing import Literal

import msgspec

from trialfinder.phrases import phrase_alternation

__all__ = [
    "MarkerStatus",
    "defines_by_scores",
    "is_expression_marker",
    "marker_statuses",
    "markers_named",
    "variants_denied",
    "without_definitions",
    "without_markers",
]

MarkerStatus = Literal["positive", "negative"]

_TOKEN = re.compile(r"\d+(?:\.\d+)?\s*%|\d\+|[a-z0-9]+(?:-[a-z0-9]+)*|[+\-/(),;.:<>≤≥=%]")
_CLAUSE_END = frozenset({",", ";", ".", ":"})
# "EGFR/ALK negative": the status after a slash list is each listed marker's.
_SLASH_LIST = re.compile(r"(?:\s*/\s*[a-z0-9-]+)+(?=\s)")
_NUMBER = re.compile(r"(\d+(?:\.\d+)?)\s*(%?)")
# "1-49%": an expression's range.
_RANGE = re.compile(r"(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)")
# "EML4-ALK", "KIF5B-RET": a fusion's partner gene (a symbol with a digit) before the marker.
_PARTNER = re.compile(r"(?<![a-z0-9-])([a-z][a-z0-9]{1,7})-$")


class Allred(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The hormone receptors' Allred score out of ``out_of`` and the totals that decide it."""

    markers: list[str]
    out_of: int
    negative_at_most: int
    positive_from: int


class MarkerRules(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """``data/marker_status.json``: markers, their spellings and the words of a status."""

    version: str
    description: str
    markers: dict[str, list[str]]
    filler_words: list[str]
    positive_words: list[str]
    negative_words: list[str]
    implies: dict[str, dict[str, MarkerStatus]]
    expression_markers: list[str]
    variant_pattern: str
    drivers: list[str]
    no_driver_phrases: list[str]
    denial_leads: list[str]
    altered_words: list[str]
    scores_description: str
    scores: dict[str, dict[str, Literal["positive", "negative", "equivocal"]]]
    deciders: list[str]
    allred: Allred
    guideline_names: list[str]
    listed_spellings_description: str
    listed_spellings: list[str]
    panel_leads_description: str
    panel_leads: list[str]
    exon_variant_description: str
    exon_variant_pattern: str
    definition_leads_description: str
    definition_leads: list[str]


class _Reader(msgspec.Struct, frozen=True):
    rules: MarkerRules
    markers_of: dict[str, list[str]]
    implies: dict[str, dict[str, MarkerStatus]]
    pattern: re.Pattern[str]
    variant: re.Pattern[str]
    marker_list: re.Pattern[str]
    denial: re.Pattern[str]
    # "negative for EGFR/ALK/ROS1": a negative result leading a list with no alteration word.
    panel: re.Pattern[str]
    # "HER2 2+ but the ISH test was negative": the in situ hybridization after a 2+.
    decider: re.Pattern[str]
    # "IHC 2+/ISH+ or 3+", "as per ASCO-CAP 2018": a criterion's definition of a status.
    definition: re.Pattern[str]
    # "as defined as IHC 3+ or IHC 2+/ISH+": a criterion defining its status by scores.
    defined_by_scores: re.Pattern[str]
    # "EGFR exon 20 insertion": a variant named by its exon right after the gene.
    exon_variant: re.Pattern[str]
    # "no ", "negative for ": a denial or a panel's lead right before a gene.
    lead_before: re.Pattern[str]


@functools.cache
def _reader() -> _Reader:
    """The rules, validated: an implied status must name a marker the rules know."""
    data = (resources.files("trialfinder") / "data" / "marker_status.json").read_bytes()
    rules = msgspec.json.decode(data, type=MarkerRules)
    unknown = sorted(
        {m for implied in rules.implies.values() for m in implied} - rules.markers.keys()
    )
    if unknown:
        raise ValueError(f"marker_status.json implies statuses of unknown markers {unknown}")
    unknown = sorted(
        {*rules.expression_markers, *rules.drivers, *rules.scores, *rules.allred.markers}
        - rules.markers.keys()
    )
    if unknown:
        raise ValueError(f"marker_status.json: unknown expression markers or drivers {unknown}")
    markers_of: dict[str, list[str]] = {}
    for marker, spellings in rules.markers.items():
        for spelling in spellings:
            markers_of.setdefault(spelling, []).append(marker)
    # "no actionable mutations" denies every driver a targeted drug is approved for.
    no_driver: dict[str, MarkerStatus] = dict.fromkeys(rules.drivers, "negative")
    implies = {**dict.fromkeys(rules.no_driver_phrases, no_driver), **rules.implies}
    phrases = sorted({*markers_of, *implies}, key=len, reverse=True)
    alternation = "|".join(re.escape(phrase) for phrase in phrases)
    pattern = re.compile(rf"(?<![a-z0-9])(?:{alternation})(?![a-z0-9])")
    names = phrase_alternation(markers_of)
    listed_names = phrase_alternation([*markers_of, *rules.listed_spellings])
    marker_list = re.compile(
        rf"(?:\s*(?:,\s*(?:and\s+)?|/|\s+and\s+)\s*(?:{listed_names}))+(?![a-z0-9])"
    )
    # "no EGFR mutation", "no EGFR, ALK, KRAS G12C or BRAF alteration": a denial leading a
    # list of markers (each with its variant) and the alteration word after it.
    # (the list may name a gene the rules have no status spelling for: "MET", "NTRK1").
    variant = rf"(?:\s+(?:{rules.variant_pattern}|{rules.exon_variant_pattern}))?"
    # Each listed marker may name its own alteration ("no EGFR mutation, ALK rearrangement").
    altered = phrase_alternation(rules.altered_words)
    own = rf"(?:\s+(?:{altered})(?![a-z0-9]))?"
    gene = rf"(?:{names}|[a-z][a-z0-9]{{1,5}}){variant}{own}"
    listed = (
        rf"(?:{names}){variant}{own}"
        rf"(?:\s*(?:,|/|\band\b|\bor\b)\s*(?:(?:and|or)\s+)?{gene})*"
    )
    denial = re.compile(
        rf"(?<![a-z0-9])(?:{'|'.join(map(re.escape, rules.denial_leads))})\s+(?:known\s+)?"
        rf"({listed})\s+(?:{altered})(?![a-z0-9])"
    )
    # The panel's list ends before a marker with a result of its own ("…, PD-L1 30%").
    own_result = phrase_alternation(set(rules.positive_words) - set(rules.altered_words))
    fillers = phrase_alternation(rules.filler_words)
    mine = rf"(?!(?:\s+(?:{fillers})(?![a-z0-9]))*\s*(?:[0-9<>]|(?:{own_result})(?![a-z0-9])))"
    panel_gene = rf"(?:{names}|[a-z][a-z0-9]{{1,5}}(?![a-z0-9-])){variant}{own}{mine}"
    panel_listed = (
        rf"(?:{names}){variant}{own}{mine}"
        rf"(?:\s*(?:,|/|\band\b|\bor\b)\s*(?:(?:and|or)\s+)?{panel_gene})*"
    )
    panel = re.compile(
        rf"(?<![a-z0-9])(?:{phrase_alternation(rules.panel_leads)})\s+({panel_listed})(?![a-z0-9])"
    )
    deciders = phrase_alternation(rules.deciders)
    decider = re.compile(rf"[^.;:]{{0,40}}?(?<![a-z0-9])(?:{deciders})(?![a-z0-9])")
    grades = "|".join(re.escape(g) for g in sorted({g for s in rules.scores.values() for g in s}))
    result = r"(?:\s*(?:[+-]|positive|negative|amplified|non-amplified|confirmation))?"
    scored = (
        rf"(?:(?:ihc|immunohistochemistry)\s*)?(?:{grades})"
        rf"(?:\s*(?:/|with|and)\s*(?:{deciders}){result})?"
    )
    definition = re.compile(
        rf"(?<![a-z0-9])(?:{scored}|{phrase_alternation(rules.guideline_names)})(?![a-z0-9])"
    )
    return _Reader(
        rules,
        markers_of,
        implies,
        pattern,
        re.compile(rules.variant_pattern),
        marker_list,
        denial,
        panel,
        decider,
        definition,
        re.compile(
            rf"(?<![a-z0-9])(?:{phrase_alternation(rules.definition_leads)})\s*:?\s*{scored}"
            r"(?![a-z0-9])"
        ),
        re.compile(rf"\s+{rules.exon_variant_pattern}(?![a-z0-9])"),
        re.compile(
            rf"(?<![a-z0-9])(?:{phrase_alternation([*rules.denial_leads, *rules.panel_leads])})"
            r"\s+(?:known\s+)?$"
        ),
    )


def is_expression_marker(marker: str) -> bool:
    """Whether the marker is a protein's expression level (PD-L1), which most tumours of a
    kind show some of, rather than a driver mutation or an actionable marker (KRAS G12C):
    sharing it says less about which trial is the patient's."""
    return marker in _reader().rules.expression_markers


def markers_named(text: str) -> list[str]:
    """The markers a text names, stated with a status or not, in the order first named
    ("EGFR, ALK, or ROS-1 mutations" names EGFR, ALK and ROS1)."""
    reader = _reader()
    named: dict[str, None] = {}
    for found in reader.pattern.finditer(text.lower()):
        named.update(dict.fromkeys(reader.markers_of.get(found.group(), ())))
    return list(named)


def without_markers(text: str) -> list[str]:
    """The words of a lowered text that are neither a marker's name nor a word of a status
    or its filler: what a criterion asks besides its markers ("HER2-positive" leaves none)."""
    reader = _reader()
    known = {
        *reader.rules.positive_words,
        *reader.rules.negative_words,
        *reader.rules.filler_words,
    }
    rest = reader.pattern.sub(" ", without_definitions(text))
    words = re.findall(r"[a-z0-9]+(?:[-/][a-z0-9]+)*", rest)
    # "positive/amplified": a slash list of status words is status words.
    return [word for word in words if not all(part in known for part in word.split("/"))]


def defines_by_scores(text: str) -> bool:
    """Whether a lowered criterion defines its marker status by graded scores ("HER2 positive
    status as defined as IHC 3+ or IHC 2+/ISH+"): the status it names is the one it asks."""
    return _reader().defined_by_scores.search(text) is not None


def without_definitions(text: str) -> str:
    """A lowered criterion without the scores that define a status and the guideline it
    cites ("HER2 status of IHC 2+/ISH+ or 3+", "as per ASCO-CAP 2018 guidance")."""
    return _reader().definition.sub(" ", text)


def _word_status(word: str, rules: MarkerRules) -> MarkerStatus | None:
    """A word's status; a hyphenated word's own ("wild-type") or else its parts' in order
    ("G12C-mutant"); a protein change ("H1047R") states the gene mutated."""
    if "-" in word and word not in rules.positive_words and word not in rules.negative_words:
        parts = [status for part in word.split("-") if (status := _word_status(part, rules))]
        # "G12C-negative": a named alteration found absent is a negative result.
        return "negative" if parts[1:] and parts[-1] == "negative" else next(iter(parts), None)
    if word in rules.positive_words or _reader().variant.fullmatch(word):
        return "positive"
    if word in rules.negative_words:
        return "negative"
    number = _NUMBER.fullmatch(word)
    if number is None:
        return None
    value = float(number.group(1))
    if value == 0:
        return "negative"
    return "positive" if number.group(2) else None


def _status_after(
    text: str, end: int, rules: MarkerRules, markers: tuple[str, ...] = ()
) -> MarkerStatus | None:
    """The status written right after a marker's name ("-negative", " IHC 3+", " 0%"),
    past filler words ("PD-L1 TPS 60%", "hormone receptors are negative")."""
    rest = text[end : end + 60]
    listed = _SLASH_LIST.match(rest)
    if listed is not None:
        rest = rest[listed.end() :]
        # "EGFR/ALK/KRAS G12C": the variant is the last marker's; only its absence
        # ("EGFR/KRAS G12C negative") is the whole list's.
        closing = re.match(rf"\s+{_reader().rules.variant_pattern}(?![a-z0-9])", rest)
        if closing is not None:
            after = end + listed.end() + closing.end()
            return "negative" if _status_after(text, after, rules) == "negative" else None
    # "EGFR, ALK and ROS1 negative": an "and" list of other markers shares the status
    # after it, but not a variant ("KRAS and BRAF V600E" says nothing of KRAS).
    and_listed = _reader().marker_list.match(rest)
    if and_listed is not None:
        rest = rest[and_listed.end() :]
    tokens = list(_TOKEN.finditer(rest))
    for index, token in enumerate(tokens):
        word = token.group()
        if word == ":" and index == 0 and _status_word(tokens[1:], rules):
            continue  # "EGFR, ALK, ROS1: negative"
        if word in _CLAUSE_END:
            return None
        joined = token.end() < len(rest) and rest[token.end()].isalnum()
        if word in "()=" or (word == "-" and joined):
            continue  # "HER2-negative": a hyphen joining words says nothing
        if word == "<" or (word == "less" and _next_word(tokens, index) == "than"):
            if _next_word(tokens, index) == "=":
                return _from(tokens[index + 2 :], 1, below=True)  # "<= 49%"
            return _below(tokens[index + 1 :])
        if word in "≤≥>":
            equal = word != ">" or _next_word(tokens, index) == "="
            past = tokens[index + (2 if word == ">" and equal else 1) :]
            return _from(past, 1 if equal else 0, word == "≤")
        if index + 1 < len(tokens):
            pair = f"{word} {tokens[index + 1].group()}"
            if pair in rules.negative_words or pair in rules.positive_words:
                return _word_status(pair, rules)
        if word == "-" and _status_word(tokens[index + 1 :], rules):
            continue  # "(HER2)- positive": the hyphen joins the name to its status
        if word in rules.filler_words:
            continue
        scored = _scored(rest, tokens, index, markers, rules)
        if scored != "unscored":
            return scored
        if and_listed is not None and any(char.isdigit() for char in word):
            return None
        ranged = _RANGE.fullmatch(word)
        if ranged is not None:
            return _range_status(ranged, _next_word(tokens, index) == "%")
        # Filler aside, the status is the first word or none ("ER visit was negative": none).
        status = _word_status(word, rules)
        named = word in rules.altered_words or _reader().variant.fullmatch(word) is not None
        if status == "positive" and named and _denied_after(tokens[index + 1 :], rules):
            return "negative"  # "KRAS G12C negative", "BRAF V600E not detected"
        return status
    return None


def _next_word(tokens: list[re.Match[str]], index: int) -> str | None:
    return tokens[index + 1].group() if index + 1 < len(tokens) else None


def _below(tokens: list[re.Match[str]]) -> MarkerStatus | None:
    """The status of an expression under a cut-off ("<1%", "less than 1%", "CPS < 1"):
    under 1 % negative; under a higher cut-off it may be low positive, so none."""
    for token in tokens:
        number = _NUMBER.fullmatch(token.group())
        if number is not None:
            return "negative" if float(number.group(1)) <= 1 else None
        if token.group() != "than":
            return None
    return None


def _range_status(ranged: re.Match[str], percent: bool) -> MarkerStatus | None:
    """An expression's range ("1-49%"): positive when it starts at 1 % or more, negative when
    it ends at 0; a range across 1 % ("0-49%") or without its percent sign states none."""
    low, high = float(ranged.group(1)), float(ranged.group(2))
    if high == 0:
        return "negative"
    return "positive" if percent and low >= 1 else None


def _from(tokens: list[re.Match[str]], least: float, below: bool) -> MarkerStatus | None:
    """The status of an expression past a sign, scores being whole percents: at or above a
    cut-off of ``least`` % or more positive ("≥ 50%", "> 0%"; a percent sign written); at or
    below one, negative only under 1 % ("≤ 49%" states none)."""
    for token in tokens:
        number = _NUMBER.fullmatch(token.group())
        if number is None:
            return None
        value = float(number.group(1))
        if below:
            return "negative" if value < 1 else None
        return "positive" if number.group(2) and value >= least else None
    return None


def _status_word(tokens: list[re.Match[str]], rules: MarkerRules) -> bool:
    """Whether the next token is a status word other than a sign."""
    if not tokens or tokens[0].group() in "+-":
        return False
    word = tokens[0].group()
    return word in rules.positive_words or word in rules.negative_words


def _scored(
    rest: str,
    tokens: list[re.Match[str]],
    index: int,
    markers: tuple[str, ...],
    rules: MarkerRules,
) -> MarkerStatus | Literal["unscored"] | None:
    """The status a marker's graded result states ("HER2 1+" negative, "ER 8/8" positive);
    an equivocal score ("HER2 2+") takes the in situ hybridization result after it, or
    states none; "unscored" when the word is no grade of the markers."""
    word = tokens[index].group()
    for marker in markers:
        grade = rules.scores.get(marker, {}).get(word)
        if grade == "equivocal":
            decider = _reader().decider.match(rest, tokens[index].end())
            return None if decider is None else _status_after(rest, decider.end(), rules)
        if grade is not None:
            return grade
    allred = rules.allred
    following = [token.group() for token in tokens[index + 1 : index + 3]]
    if word.isdigit() and following == ["/", str(allred.out_of)]:
        if not set(markers) & set(allred.markers):
            return "unscored"
        score = int(word)
        if score <= allred.negative_at_most:
            return "negative"
        return "positive" if score >= allred.positive_from else None
    return "unscored"


def _denied_after(tokens: list[re.Match[str]], rules: MarkerRules) -> bool:
    """Whether the words right after a named alteration say the test found none: "G12C
    negative", "V600E not detected", "G12C mutation: negative" (the alteration names what was
    tested for, not what the tumour has); past filler and alteration words only."""
    for index, token in enumerate(tokens):
        word = token.group()
        if word == ":" or word in rules.filler_words or word in rules.altered_words:
            continue
        if index + 1 < len(tokens):
            pair = f"{word} {tokens[index + 1].group()}"
            if pair in rules.negative_words:
                return True
        return word != "-" and word in rules.negative_words
    return False


def marker_statuses(text: str, *, denials: bool = True) -> dict[str, MarkerStatus]:
    """Each marker whose status the text states, and that status.

    A phrase stating several at once ("triple negative") gives way to a status stated
    for one marker; ER or PR positive make the hormone receptors positive, both
    negative make them negative, and hormone receptors negative make ER and PR negative.
    A denial leading the markers and their alteration word ("no EGFR, ALK or KRAS G12C
    alteration", "without EGFR mutation") makes each listed marker negative; a reader
    that reads a criterion's own leading absence passes ``denials=False``. A variant found
    absent ("no EGFR T790M mutation", "KRAS G12C negative") denies the gene only when
    the text states no other alteration of it ("EGFR L858R" stays positive); a judge asks
    :func:`variants_denied` which variants such a negative is about.
    """
    return dict(_read(text, denials)[0])


def variants_denied(text: str) -> dict[str, frozenset[str]]:
    """The markers whose negative status in :func:`marker_statuses` is only the absence of
    the protein changes named ("no EGFR T790M mutation": EGFR, {"t790m"}), and those changes:
    the test looked for those variants, so another variant of the gene may still be there."""
    return dict(_read(text, True)[1])


@functools.lru_cache(maxsize=4096)
def _read(text: str, denials: bool) -> tuple[dict[str, MarkerStatus], dict[str, frozenset[str]]]:
    """The statuses a text states, and the markers whose negative is a named variant's only."""
    reader = _reader()
    lowered = text.lower()
    denied = (
        [
            found.span(1)
            for pattern in (reader.denial, reader.panel)
            for found in pattern.finditer(lowered)
        ]
        if denials
        else []
    )
    implied: dict[str, set[MarkerStatus]] = {}
    stated: dict[str, set[MarkerStatus]] = {}
    variant_absent: dict[str, set[str]] = {}
    for found in reader.pattern.finditer(lowered):
        phrase = found.group()
        for marker, implied_status in reader.implies.get(phrase, {}).items():
            implied.setdefault(marker, set()).add(implied_status)
        status = _status_after(
            lowered, found.end(), reader.rules, tuple(reader.markers_of.get(phrase, ()))
        )
        denied_here = any(s <= found.start() < e for s, e in denied)
        partner = _fusion_partner(lowered, found, denials)
        if partner is not None and status is not None:
            # "no EML4-ALK fusion": that fusion found absent, not ALK's with another partner.
            status = "negative" if partner[1] else status
        if phrase in reader.markers_of and _exon_variant_denied(lowered, found, denied_here):
            continue  # "negative for EGFR exon 20 insertion": that variant, not the gene
        if phrase in reader.markers_of and denied_here:
            status = "negative"
        if status is None:
            continue
        variant = reader.variant.match(lowered, found.end() + 1)
        tested = partner[0] if partner else (variant.group() if variant else None)
        for marker in reader.markers_of.get(phrase, ()):
            if status == "negative" and tested is not None:
                variant_absent.setdefault(marker, set()).add(tested)
            else:
                stated.setdefault(marker, set()).add(status)
    only_variants = {m: frozenset(v) for m, v in variant_absent.items() if m not in stated}
    for marker in only_variants:
        stated[marker] = {"negative"}
    statuses = {m: next(iter(s)) for m, s in implied.items() if len(s) == 1}
    statuses.update({m: next(iter(s)) for m, s in stated.items() if len(s) == 1})
    for marker, seen in stated.items():
        if len(seen) > 1:
            statuses.pop(marker, None)
    statuses = _with_hormone_receptors(statuses)
    return statuses, {m: v for m, v in only_variants.items() if statuses.get(m) == "negative"}


def _fusion_partner(lowered: str, found: re.Match[str], denials: bool) -> tuple[str, bool] | None:
    """The fusion a gene's mention names by its partner ("eml4-alk"), and whether a denial
    leads it ("no EML4-ALK fusion"); None when no partner with a digit is written before it."""
    partner = _PARTNER.search(lowered, max(0, found.start() - 9), found.start())
    if partner is None or not any(char.isdigit() for char in partner.group(1)):
        return None
    led = denials and _reader().lead_before.search(lowered, 0, partner.start()) is not None
    return f"{partner.group(1)}-{found.group()}", led


def _exon_variant_denied(lowered: str, found: re.Match[str], denied: bool) -> bool:
    """Whether the gene's mention names a variant by its exon ("EGFR exon 20 insertion")
    found absent: in a denial or a panel, right after its lead ("no EGFR exon 19 deletion or
    L858R"), or before a negative word ("EGFR exon 20 insertion negative")."""
    reader = _reader()
    exon = reader.exon_variant.match(lowered, found.end())
    if exon is None:
        return False
    if denied or reader.lead_before.search(lowered, 0, found.start()):
        return True
    return _denied_after(list(_TOKEN.finditer(lowered[exon.end() : exon.end() + 60])), reader.rules)


def _with_hormone_receptors(statuses: dict[str, MarkerStatus]) -> dict[str, MarkerStatus]:
    receptors = [statuses.get("er"), statuses.get("pr")]
    if "hr" not in statuses:
        if "positive" in receptors:
            statuses["hr"] = "positive"
        elif receptors == ["negative", "negative"]:
            statuses["hr"] = "negative"
    if statuses.get("hr") == "negative":
        statuses.setdefault("er", "negative")
        statuses.setdefault("pr", "negative")
    return statuses
