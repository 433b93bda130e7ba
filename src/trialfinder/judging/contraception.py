"""What a note says of a woman's fertility: the contraception she uses, and a surgery that
left her sterile.

A coordinator answers "Women of childbearing potential … unless they are using highly
effective methods of contraception" from "I have the contraceptive implant in my arm", and
"Pregnant or lactating women" from "TAH BSO 02/2023". Which methods are highly effective and
which only acceptable, and which operations end childbearing potential, follow the CTFG's
2020 recommendations; the words are data (``childbearing_potential`` of
``data/screening_rules.json``). A method stopped, refused or only discussed is none, and an
operation only planned has not been done.
"""

from __future__ import annotations

import functools
import re
from typing import Literal, NamedTuple

from trialfinder.judging.unread_concepts import note_sentences
from trialfinder.patient import ChildbearingPotential, PatientFacts, load_screening_rules
from trialfinder.phrases import cased_phrase_pattern, phrase_pattern

__all__ = [
    "STERILE_REASON",
    "MethodInUse",
    "Tier",
    "contraception_denied",
    "contraception_in_use",
    "surgically_sterile",
]

Tier = Literal["highly_effective", "acceptable"]

# Why a woman after a hysterectomy or bilateral oophorectomy answers a pregnancy criterion.
STERILE_REASON = "the note names an operation after which the patient cannot conceive"


class MethodInUse(NamedTuple):
    """A method of contraception the note says the patient uses, its tier, and the words."""

    method: str
    tier: Tier
    evidence: str


# A clause of a note's sentence: a method and what is said of it ("Contraception: condoms
# only; stopped the combined pill 2 years ago").
_CLAUSE_SPLIT = re.compile(r"[,;()]|\s+and\s+|\s+-\s+", re.IGNORECASE)
# Up to three words before a method, for a denial in front of it ("no oestrogen pill").
_WORDS_BEFORE = re.compile(r"(?:\S+\s+){0,3}$")


def _rules() -> ChildbearingPotential | None:
    return load_screening_rules().childbearing_potential


@functools.cache
def _method_patterns() -> tuple[tuple[str, Tier, re.Pattern[str]], ...]:
    rules = _rules()
    if rules is None:
        return ()
    return tuple((m.method, m.tier, cased_phrase_pattern(m.words)) for m in rules.methods)


@functools.cache
def _word_patterns() -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """The words that say a method is not in use in its clause, and a denial before it."""
    rules = _rules()
    if rules is None:
        return None
    return phrase_pattern(rules.not_in_use_words), phrase_pattern(rules.denial_words)


def _in_use(clause: str, found: re.Match[str], denial: re.Pattern[str]) -> bool:
    before = _WORDS_BEFORE.search(clause[: found.start()])
    return before is None or denial.search(before.group(0)) is None


def contraception_in_use(patient: PatientFacts) -> MethodInUse | None:
    """The most effective method of contraception the note says a woman uses ("Copper IUD
    since 2021", "I have the contraceptive implant in my arm", "uses condoms"), else None.
    Not of a man: his own methods are ``male_contraception_words``."""
    patterns = _word_patterns()
    if patient.sex == "male" or patterns is None:
        return None
    not_in_use, denial = patterns
    best: MethodInUse | None = None
    for sentence in note_sentences(patient):
        for clause in _CLAUSE_SPLIT.split(sentence):
            if not clause.strip() or not_in_use.search(clause):
                continue
            for method, tier, pattern in _method_patterns():
                found = pattern.search(clause)
                if found is None or not _in_use(clause, found, denial):
                    continue
                if best is None or (tier == "highly_effective" and best.tier != tier):
                    best = MethodInUse(method, tier, sentence)
    return best


def contraception_denied(patient: PatientFacts) -> str:
    """The note's sentence saying a woman uses no contraception ("Not on contraception"),
    else ""."""
    rules = _rules()
    if rules is None or patient.sex == "male":
        return ""
    said = phrase_pattern(rules.note_denials)
    return next((s for s in note_sentences(patient) if said.search(s)), "")


def surgically_sterile(patient: PatientFacts) -> str:
    """The note's sentence saying a woman has had the operation that ends childbearing
    potential (a hysterectomy the lexicon reads, "bilateral salpingo-oophorectomy", "TAH
    BSO"), else "". One planned ("Listed for elective total abdominal hysterectomy + BSO")
    or only offered ("She was offered a radical hysterectomy") is not done."""
    rules = _rules()
    if rules is None or patient.sex == "male":
        return ""
    not_done = phrase_pattern(
        [
            *rules.not_done_words,
            *load_screening_rules().note_plan_cues,
            *load_screening_rules().note_plan_present_cues,
        ]
    )
    present, _ = patient.concept_facts("hysterectomy")
    sterile = cased_phrase_pattern(rules.sterile_words)
    said = [
        *(fact.evidence for fact in present),
        *(s for s in note_sentences(patient) if sterile.search(s)),
    ]
    return next((s for s in said if not not_done.search(s)), "")
