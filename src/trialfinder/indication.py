"""What a treatment is taken for: "methadone for chronic pain", "X (for Y)", "on X for her Y".

A criterion may ask for a drug taken for a stated indication ("methadone for treatment of
opioid use disorder"); a note may give the same drug for another ("methadone for chronic
pain"). One reader serves both sides, so the judge compares like with like: the words right
after a treatment that name what it is for, read as a lexicon concept and as a MeSH
descriptor. The note's side is read once, with the patient's facts; the criterion's once per
criterion text (remembered), never per patient.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

import msgspec

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.parse import ConceptFinding, find_concepts
from trialfinder.vocabulary import load_vocabulary

__all__ = ["Indication", "another_indication", "criterion_indication", "indication_after"]


class Indication(msgspec.Struct, frozen=True):
    """What a treatment is written as taken for: the words as written ("chronic pain"), the
    treatment's own words ("methadone"), the lexicon concept and the MeSH descriptor the
    words name (either may be None, not both)."""

    words: str
    treatment: str
    concept: str | None = None
    descriptor: str | None = None


# The words between a treatment and what it is for: "for", "(for", "used for", "to treat",
# "for her", "for the treatment of", with a dose written between ("methadone 60 mg daily for").
_DOSE = (
    r"(?:\s+\d[\d.,]*\s*(?:mg|mcg|µg|g|units?|iu|ml)\b"
    r"(?:\s*(?:/\s*(?:day|d|kg)|daily|once\s+daily|twice\s+daily|bid|tid|qid|qd|od|nightly|"
    r"prn|at\s+night|q\d+h))?)?"
)
# "macrolide as antibiotics for COPD exacerbation" (NCT05706402), "corticosteroids as therapy
# for CNS disease" (NCT05482516): what the drug is given as stands between it and its purpose.
_AS_A_KIND = r"(?:\s+as\s+(?:an?\s+)?[a-z-]+(?:\s+[a-z-]+)?(?=\s+for\s))?"
_FOR = re.compile(
    _DOSE
    + _AS_A_KIND
    + r"\s*\(?\s*(?:(?:used|given|prescribed|taken|started)\s+)?(?:for|to\s+treat)\s+"
    r"(?:(?:her|his|their|the|its|a|an)\s+)?"
    r"(?:(?:treatment|management|therapy|control|relief)\s+of\s+(?:(?:her|his|their|the)\s+)?)?",
    re.IGNORECASE,
)
# "for other diseases", "for any indication", "for another condition": no particular
# indication is named, so none is compared.
# "for non-cancer-related conditions" names none either.
_UNNAMED = re.compile(r"(?:other|another|any|some|various|non-[a-z-]+)\s", re.IGNORECASE)
# Up to two words before the concept the indication names ("for chronic back pain": back
# pain), none of them a joiner or a word of a duration ("for at least 3 months").
_LEAD_WORD = re.compile(r"(?!(?:and|or|at|least|more|than|about|over|up|the|a)\b)[a-z-]+\s+")
_LEAD_WORDS = 2


def indication_after(
    text: str, start: int, end: int, concepts: Sequence[ConceptFinding]
) -> Indication | None:
    """What the treatment written at ``text[start:end]`` is said to be taken for, if the words
    right after it name one ("for chronic pain"): a duration ("for 6 weeks") or a word no
    reader knows is none. ``concepts`` are the lexicon's findings in ``text``."""
    cue = _FOR.match(text, end)
    if cue is None:
        return None
    position = begin = cue.end()
    if _UNNAMED.match(text, position):
        return None
    for _ in range(_LEAD_WORDS + 1):
        found = _reading_at(text, position, concepts)
        if found is not None:
            concept, descriptor, stop = found
            return Indication(text[begin:stop], text[start:end], concept, descriptor)
        lead = _LEAD_WORD.match(text.lower(), position)
        if lead is None:
            break
        position = lead.end()
    return _condition_in_clause(text, start, end, begin, concepts)


# A disease named further on in the clause, after words of a kind or a stage ("for TNBC or
# hormone receptor-low/HER2-negative breast cancer", "for locally advanced or metastatic
# NSCLC"): none across a clause break, a duration ("for at least 4 months, without DKA"),
# another "for" or another treatment, nor further than a short phrase.
_CLAUSE_BREAK = re.compile(
    r"[.;:()]|\bfor\b|\bwith(?:out)?\b|\bexcept\b|\bat\s+least\b|"
    r"\d[\d.,]*\s*(?:consecutive\s+)?(?:hours?|days?|weeks?|months?|years?)\b",
    re.IGNORECASE,
)
_MOST_BETWEEN = 80


def _condition_in_clause(
    text: str, start: int, end: int, begin: int, concepts: Sequence[ConceptFinding]
) -> Indication | None:
    """The first lexicon condition after ``begin`` in the same short clause, with the words
    from ``begin`` to its end."""
    found = next((c for c in concepts if c.start >= begin), None)
    if found is None or found.category != "condition":
        return None
    between = text[begin : found.start]
    if len(between) > _MOST_BETWEEN or _CLAUSE_BREAK.search(between) is not None:
        return None
    return Indication(
        text[begin : found.end], text[start:end], found.concept, _descriptor_of(found)
    )


def _reading_at(
    text: str, position: int, concepts: Sequence[ConceptFinding]
) -> tuple[str | None, str | None, int] | None:
    """The lexicon concept (a condition or behaviour, not a treatment) and the MeSH descriptor
    read starting at ``position``, and where the longer of the two ends."""
    concept = next(
        (
            c
            for c in concepts
            if c.start == position and c.category not in ("treatment", "procedure")
        ),
        None,
    )
    mention = next(
        (
            (m.readings[0].concept.id, stop)
            for m, begin, stop in load_vocabulary().mention_offsets(text[position:])
            if begin == 0 and m.readings[0].kind not in ("spelling", "abbreviation")
        ),
        None,
    )
    if concept is None and mention is None:
        return None
    stop = max(
        concept.end if concept is not None else position,
        position + mention[1] if mention is not None else position,
    )
    descriptor = mention[0] if mention is not None else _descriptor_of(concept)
    return (concept.concept if concept is not None else None, descriptor, stop)


def _descriptor_of(concept: ConceptFinding | None) -> str | None:
    """The MeSH descriptor a lexicon concept's own name reads as, if any."""
    named = load_lexicon().concepts.get(concept.concept) if concept is not None else None
    for name in named.names if named is not None else ():
        readings = load_vocabulary().lookup(name)
        if readings and readings[0].kind not in ("abbreviation", "spelling"):
            return readings[0].concept.id
    return None


# Words joining the treatments of one list: "buprenorphine or methadone for …", with up to
# two words of the next item's own after a comma or a joiner ("surgery, radiotherapy or
# systemic anticancer therapy for …").
_ITEM_WORD = r"(?!(?:for|to|with|within|without|of|in|on|at|before|after|prior|than)\b)[a-z-]+\s+"
_LIST_JOINER = re.compile(
    r"\s*(?:,\s*)?(?:(?:and/or|or|and)\s+)?|\s*/\s*"
    r"|\s*(?:,\s*(?:(?:and/or|or|and)\s+)?|(?:and/or|or|and)\s+)(?:" + _ITEM_WORD + r"){1,2}",
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=65_536)
def criterion_indication(text: str, mention: str) -> Indication | None:
    """What a criterion asks the treatment written ``mention`` to be taken for: read after the
    mention, or after the last treatment of the list it stands in ("buprenorphine or
    methadone for treatment of opioid use disorder"). Remembered: a criterion's words are the
    same for every patient screened."""
    concepts = find_concepts(text)
    treatments = sorted(
        (c for c in concepts if c.category in ("treatment", "procedure")), key=lambda c: c.start
    )
    lowered, wanted = text.lower(), mention.lower()
    for here in treatments:
        if lowered[here.start : here.end] != wanted:
            continue
        last = here
        for other in treatments:
            if other.start >= last.end and _LIST_JOINER.fullmatch(text, last.end, other.start):
                last = other
        found = indication_after(text, last.start, last.end, concepts)
        if found is not None:
            return found
    return None


# MeSH descriptors that say how far or how often a disease goes, not which disease it is
# ("for metastatic disease", "for recurrence", "for metastases"): Disease, Recurrence,
# Neoplasm Metastasis (MeSH, NLM, public domain). Never compared.
_COURSE_DESCRIPTORS = frozenset({"D004194", "D012008", "D009362"})


def another_indication(given: Indication, wanted: Indication) -> bool:
    """Whether the note's indication is another than the criterion's: neither the same nor a
    narrower one (a lexicon kind or a MeSH descendant of it). Indications the readers cannot
    compare are not called another: only a stated, read difference makes one."""
    comparable_concepts = given.concept is not None and wanted.concept is not None
    comparable_descriptors = (
        given.descriptor is not None
        and wanted.descriptor is not None
        and not {given.descriptor, wanted.descriptor} & _COURSE_DESCRIPTORS
    )
    if comparable_concepts and wanted.concept in load_lexicon().ancestors.get(
        given.concept or "", (given.concept,)
    ):
        return False
    if comparable_descriptors and load_vocabulary().is_kind_of(
        given.descriptor or "", wanted.descriptor or ""
    ):
        return False
    return comparable_concepts or comparable_descriptors
