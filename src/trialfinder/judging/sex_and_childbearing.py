"""Criteria about pregnancy, childbearing or a sex the patient does not have.

"Pregnant or breast-feeding women", "Men who do not agree to use contraception", "Female
of non-childbearing potential, or male": such a criterion is not about a man, or about a
woman past childbearing age (her menopause, her age), and the judge answers it not
applicable before reading its constraints. An inclusion that names the other sex is not
skipped: its sex requirement is simply not met. A placeholder criterion that asks nothing
is settled here too.
"""

from __future__ import annotations

import functools
import re

from trialfinder.criteria import Criterion
from trialfinder.criteria.model import ConceptMention, Pregnancy, SexRequirement
from trialfinder.criteria.parse import opens_with_both_sexes, sex_group_ages
from trialfinder.criteria.units import format_number
from trialfinder.judging.criterion_words import both_sexes_words, has_word, says
from trialfinder.judging.findings import Outcome
from trialfinder.judging.unread_concepts import note_sentences
from trialfinder.patient import PatientFacts, load_screening_rules

__all__ = [
    "CHILDBEARING",
    "POSTMENOPAUSAL",
    "PREMENOPAUSAL",
    "asks_nothing",
    "group_age",
    "not_applicable",
    "past_childbearing",
]


# An age written as a number ("aged 16 or older", "18 years"): the group only restates it.
_WRITTEN_AGE = re.compile(
    r"\d[^.;]*?\b(?:years?|yrs?|yo|y/o)\b|\bage[sd]?\b[^.;]*?\d", re.IGNORECASE
)


def group_age(
    text: str, patient: PatientFacts, criterion_text: str = ""
) -> tuple[bool | None, str] | None:
    """Whether the patient's age is in the age group opening a group of one sex ("Adult
    males", "Adult female patients": ``sex_group_ages``), and why; None (whether) when the
    age is not given. None when no group opens the text, or the criterion writes an age
    (``criterion_text``: "Adult males aged 16 or older"), which is asked itself."""
    found = sex_group_ages(text)
    if found is None or _WRITTEN_AGE.search(criterion_text or text):
        return None
    group, low, high = found
    if high == float("inf"):
        ages = f"≥ {format_number(low)}"
    elif low <= 0:
        ages = f"< {format_number(high)}"
    else:
        ages = f"{format_number(low)} to under {format_number(high)}"
    read = f"“{group}” read as ages {ages} years"
    if patient.age is None:
        return None, f"age not given; {read}"
    holds = low <= patient.age < high
    return holds, f"patient is {format_number(patient.age)} years old; {read}"


# "lactating", "lactation" — not "lactate (dehydrogenase)", an analyte a lymphoma's IPI names.
CHILDBEARING = re.compile(
    r"pregnan|lactat(?:ing|ion)|breast[- ]?feed|nursing|childbearing|child-bearing|contracepti|"
    r"menstrua|premenopaus",
    re.IGNORECASE,
)


# "Female of non-childbearing potential, or male.": a man is the inclusion's other choice.
_OR_MALE_AT_END = re.compile(r"\bor\s+(?:a\s+)?(?:male|males|men|man)\W*$", re.IGNORECASE)


# The subject of one sex opening a criterion, singular or plural ("Males who are unwilling to
# use birth control", "Girls with Turner syndrome"); not "mothers" or "fathers", who may be a
# child patient's parents.
_FEMALE_SUBJECT = re.compile(r"^\s*(?:females?|women|woman|girls?)\b", re.IGNORECASE)


_MALE_SUBJECT = re.compile(r"^\s*(?:males?|men|man|boys?)\b", re.IGNORECASE)


PREMENOPAUSAL = re.compile(r"\bpre-?menopaus", re.IGNORECASE)


POSTMENOPAUSAL = re.compile(r"\bpost-?menopaus", re.IGNORECASE)


# The youngest age at which a criterion about pregnancy or contraception can apply.
_CHILDBEARING_MINIMUM_AGE_YEARS = 10


@functools.lru_cache(maxsize=65_536)
def _asks_both_sexes(criterion_text: str) -> bool:
    """Whether a criterion's words ask of both sexes ("Male and female", "Male or
    non-pregnant females …"), read once per criterion, not once per patient screened."""
    return says(both_sexes_words(), criterion_text) or opens_with_both_sexes(criterion_text)


def not_applicable(criterion: Criterion, patient: PatientFacts) -> Outcome | None:
    """Criteria about pregnancy, or (for exclusions) about a sex the patient does not
    have, are not about this patient.

    An inclusion that names the other sex ("Female patients aged 18-65") is not
    skipped: its sex requirement is simply not met. One about childbearing that ends "or
    male" ("Female of non-childbearing potential, or male.") is met by a man.
    """
    text = criterion.text
    both_sexes = _asks_both_sexes(text)
    if says(CHILDBEARING, text):
        if (
            patient.sex == "male"
            and criterion.section == "inclusion"
            and _OR_MALE_AT_END.search(text)
        ):
            return (
                "met",
                patient.sex_evidence or None,
                "patient is male, the criterion's other choice",
            )
        method = _male_contraception(criterion, patient)
        if method is not None:
            return "met", method, "the note names the contraception he will use"
        if patient.sex == "male" and not both_sexes and not _pregnancy_one_item(criterion):
            return (
                "not_applicable",
                patient.sex_evidence or None,
                "about pregnancy; patient is male",
            )
        rules = load_screening_rules()
        # A woman past (or before) childbearing age: the criterion's women of childbearing
        # potential are not her, whichever other sex it also names (a patient of no stated
        # sex may be the men it also names).
        woman = patient.sex == "female" or (patient.sex is None and not both_sexes)
        # "No contraindication such as inflammatory bowel disease, pregnancy": for a woman of
        # 67 pregnancy is one item of a list, and the other items are still judged. A
        # pregnancy exclusion itself is not applicable to her, as to a man (the TrialGPT
        # experts' label; tests/test_evaluate.py).
        if woman and past_childbearing(patient) and _pregnancy_one_item(criterion):
            return None
        if (
            woman
            and patient.age is not None
            and (
                patient.age > rules.childbearing_age_limit_years
                or patient.age < _CHILDBEARING_MINIMUM_AGE_YEARS
            )
        ):
            return (
                "not_applicable",
                patient.age_evidence or None,
                f"about pregnancy; patient is {format_number(patient.age)} years old",
            )
    if both_sexes:
        return None
    # "Male participants with pregnant partners must agree to use a condom": a rule for the
    # other sex's contraception, in either section, is not about this patient.
    if criterion.section != "exclusion" and not says(CHILDBEARING, text):
        return None
    # "Male patient" as a whole exclusion asks the sex itself: judged, not set aside.
    if criterion.section == "exclusion" and any(
        isinstance(c, SexRequirement) for c in criterion.constraints
    ):
        return None
    if (patient.sex == "male" and _FEMALE_SUBJECT.search(text)) or (
        patient.sex == "female" and _MALE_SUBJECT.search(text)
    ):
        return (
            "not_applicable",
            patient.sex_evidence or None,
            f"about the other sex than {patient.sex}",
        )
    return None


# "Diabetes diagnosed prior to current pregnancy", "hypertension during pregnancy": a
# pregnancy that dates a condition makes the criterion about pregnant women.
_PREGNANCY_DATES = re.compile(
    r"\b(?:during|prior\s+to|before|after|since|in)\s+(?:the\s+|a\s+|her\s+)?"
    r"(?:current\s+|this\s+|index\s+|previous\s+)?pregnan",
    re.IGNORECASE,
)


def _pregnancy_one_item(criterion: Criterion) -> bool:
    """Whether an exclusion names pregnancy as one item among conditions that anyone may
    have ("Pregnancy, lactation, or HIV infection"; "… immunosuppression, pregnancy, …,
    bleeding disorders"), or an inclusion denies it as one item of such a list ("No
    contradiction for chemoradiation such as inflammatory bowel disease, pregnancy"): for
    a man the other items are still judged. One about women ("Women who are pregnant or
    have hypertension") stays about women.
    """
    exclusion = criterion.section == "exclusion"
    return (
        not _FEMALE_SUBJECT.search(criterion.text)
        and not _PREGNANCY_DATES.search(criterion.text)
        and any(
            isinstance(c, ConceptMention) and c.category == "condition" and c.negated != exclusion
            for c in criterion.constraints
        )
        and (
            exclusion or any(isinstance(c, Pregnancy) and c.negated for c in criterion.constraints)
        )
    )


_CONTRACEPTION = re.compile(r"contracepti", re.IGNORECASE)


# "Refuses condoms", "no vasectomy", "will not use condoms": a method denied is none.
_CONTRACEPTION_REFUSED = re.compile(
    r"\b(?:no|not|never|won't|declin\w*|refus\w*|unwilling|unable)\b", re.IGNORECASE
)


def _male_contraception(criterion: Criterion, patient: PatientFacts) -> str | None:
    """The note's sentence naming the contraception a man uses ("he will use condoms"), for
    an inclusion asking for contraception of no named sex ("Agree to use adequate methods of
    contraception"): the coordinator answers it from the note (``male_contraception_words``
    of the screening rules); a sentence that denies or refuses is none."""
    if (
        patient.sex != "male"
        or criterion.section != "inclusion"
        or not _CONTRACEPTION.search(criterion.text)
        or _FEMALE_SUBJECT.search(criterion.text)
        or says(both_sexes_words(), criterion.text)
    ):
        return None
    sentences = note_sentences(patient)
    for word in load_screening_rules().male_contraception_words:
        said = next(
            (
                s
                for s in sentences
                if s and has_word(s, word) and not _CONTRACEPTION_REFUSED.search(s)
            ),
            None,
        )
        if said is not None:
            return said
    return None


def past_childbearing(patient: PatientFacts) -> bool:
    """Whether a woman's age is past the childbearing age (60: above the 55 at which the
    FSRH's "Contraception for Women Aged over 40 Years" (2017) lets every woman stop
    contraception, conception after it being exceptionally rare)."""
    limit = load_screening_rules().childbearing_age_limit_years
    return patient.age is not None and patient.age > limit


_PLACEHOLDER_WORD = re.compile(r"[^\W\d_]+(?:/[^\W\d_]+)?")


def asks_nothing(criterion: Criterion, patient: PatientFacts) -> Outcome | None:
    """A placeholder that says there is none ("N/A", "none", "This study has no") asks
    nothing of any patient: not applicable (``placeholder_criterion_description``)."""
    del patient  # a placeholder asks nothing of anyone
    if criterion.constraints or criterion.children or not _a_placeholder(criterion.text):
        return None
    return "not_applicable", None, f"the criterion asks nothing (“{criterion.text.strip()}”)"


@functools.lru_cache(maxsize=65_536)
def _a_placeholder(criterion_text: str) -> bool:
    """Whether a criterion's words are a placeholder's alone, read once per criterion."""
    rules = load_screening_rules()
    words = _PLACEHOLDER_WORD.findall(criterion_text.lower())
    framing = {*rules.placeholder_none_words, *rules.placeholder_framing_words}
    return any(word in rules.placeholder_none_words for word in words) and all(
        word in framing for word in words
    )
