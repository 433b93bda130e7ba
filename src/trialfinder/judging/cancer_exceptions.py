"""The kinds of cancer an exclusion about prior cancer lets off.

"Cancer within previous 5 years (other than basal or squamous cell cancers of the skin)",
"History of previous malignancy excluding non-melanoma skin cancers or cervical carcinoma in
situ": among the registry's most common exclusions, and nearly all of them list kinds of
cancer they do not count. A patient whose cancer is one of those kinds does not meet the
criterion, however recent it was. The list is read item by item, each as the MeSH disease its
words name (the vocabulary), with the words MeSH has no descriptor for read around it: "of
the skin" (or "skin", "cutaneous") asks a skin cancer, "non-melanoma" one that is no melanoma,
"of the cervix" the organ's word in the note. An item with any other qualifier ("superficial
basal cell carcinoma", "low-risk prostate cancer", "Stage I uterine cancer") is not read: the
note would have to say it, and what lets a cancer off is the study team's to weigh then. Only
words saying the excepted cancer was treated ("adequately treated", "completely resected")
are passed over, as a cancer a note lists in the history has been.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Sequence
from typing import NamedTuple

from trialfinder.criteria.lexicon import phrase_alternation
from trialfinder.patient import load_screening_rules
from trialfinder.vocabulary import load_vocabulary

__all__ = ["excepted_kind", "exception_list_end", "opens_exception_items"]

# Where an exception list ends: a bracket, a clause about something else ("unless disease
# free for …", "within the last 5 years", "patients with other malignancies are …").
_LIST_END = re.compile(
    r"[;:()\[\]]|\.(?:\s|$)|\b(?:unless|if|which|that|who|whose|within|in the (?:past|last)"
    r"|patients?|participants?|subjects?|with|such as|e\.g|i\.e|per)\b",
    re.IGNORECASE,
)
_ITEM_BREAK = re.compile(r",|\bor\b|\band\b|/", re.IGNORECASE)
# The words around an item that MeSH has no descriptor for: where, and which kind not.
_SKIN = re.compile(r"\b(?:(?:of|on) the skin|skin|cutaneous)\b", re.IGNORECASE)
_NOT_MELANOMA = re.compile(r"\bnon ?melano(?:ma|matous|cytic)\b", re.IGNORECASE)
_SITE_TAIL = re.compile(r"\s+of (?:the )?(?:[a-z]+ )?([a-z]+)$")
_BARE_CANCER = frozenset(["cancer", "carcinoma", "malignancy", "neoplasm", "tumor", "tumour"])
_WORD = re.compile(r"[a-z]+")

# MeSH descriptors the words around an item stand for.
_SKIN_NEOPLASMS = "D012878"
_MELANOMA = "D008545"
_NEOPLASMS = "D009369"


class _Item(NamedTuple):
    """One excepted kind: its MeSH disease and the words MeSH has none for."""

    words: str
    descriptor: str
    skin: bool
    not_melanoma: bool
    site: str


def excepted_kind(
    criterion_text: str,
    list_start: int,
    evidence: str,
    descriptors: Sequence[str],
    criterion_descriptors: Sequence[str],
    is_kind: Callable[[str, str], bool],
) -> str | None:
    """The words of the exception list (starting at ``list_start``, right after its cue) that
    let off the cancer the note's sentence ``evidence`` names as ``descriptors``, or None.

    ``descriptors`` are every cancer the sentence names, its organ's too (a "squamous cell
    carcinoma of the lung" is Lung Neoplasms as well): each must be of the item's kind, so a
    bare "squamous cell carcinoma" lets off no lung cancer. An item as broad as the
    criterion's own cancer (``criterion_descriptors``: "cancer other than a malignancy
    treated with curative intent") lets nothing off by its name alone."""
    vocabulary = load_vocabulary()
    # Any place under Neoplasms: MeSH files Lung Neoplasms under the lung diseases twice more.
    named = [d for d in descriptors if d != _NEOPLASMS and vocabulary.is_a(d, _NEOPLASMS)]
    for item in _items(criterion_text, list_start):
        if item.descriptor == _NEOPLASMS or any(
            is_kind(own, item.descriptor) for own in criterion_descriptors
        ):
            continue
        if item.site and not _names_site(evidence, item.site):
            continue
        if (
            item.skin
            and _SKIN.search(evidence) is None
            and not any(is_kind(d, _SKIN_NEOPLASMS) for d in descriptors)
        ):
            continue  # the note's words do not say skin, nor is its disease a skin cancer
        if any(item.not_melanoma and is_kind(d, _MELANOMA) for d in named):
            continue
        if any(is_kind(d, item.descriptor) for d in named) and all(
            is_kind(d, item.descriptor) or (item.skin and is_kind(d, _SKIN_NEOPLASMS))
            for d in named
        ):
            return item.words
    return None


def opens_exception_items(criterion_text: str) -> bool:
    """Whether a criterion ends with an exception cue, its list to follow as sub-items
    ("Diagnosis or treatment for malignancy other than MF except:", "History of malignancy,
    except the following:"): each sub-item is then a kind the exclusion lets off, not one
    more thing it excludes on."""
    return _items_follow().search(criterion_text) is not None


@functools.cache
def _items_follow() -> re.Pattern[str]:
    cues = phrase_alternation(load_screening_rules().criterion_exception_cues)
    return re.compile(
        rf"(?<!\w)(?:{cues})(?:\s+(?:for\s+)?the\s+following)?\s*[:\-–—]?\s*$", re.IGNORECASE
    )


def exception_list_end(criterion_text: str, list_start: int) -> int:
    """Where the exception list starting at ``list_start`` ends (a bracket, a semicolon, a
    clause about something else): the judge has read the words up to there."""
    end = _LIST_END.search(criterion_text, list_start)
    return end.start() if end else len(criterion_text)


def _names_site(evidence: str, site: str) -> bool:
    """ "cervix" in the criterion, "cervical" in the note: the first five letters of the word."""
    stem = site[:5]
    return any(word.startswith(stem) for word in _WORD.findall(evidence.lower()))


@functools.lru_cache(maxsize=4096)
def _items(criterion_text: str, list_start: int) -> tuple[_Item, ...]:
    text = criterion_text[list_start : exception_list_end(criterion_text, list_start)]
    raw = [
        [w for w in part.lower().replace("-", " ").split() if w] for part in _ITEM_BREAK.split(text)
    ]
    items: list[_Item] = []
    for index, words in enumerate(raw):
        while words and words[0] in _treated_words():
            words = words[1:]
        if not words:
            continue
        item = _read_item(" ".join(words))
        if item is None and len(words) <= 2 and index + 1 < len(raw):
            # "basal or squamous cell cancers of the skin": the first name's words elided.
            following = raw[index + 1]
            if len(following) > len(words):
                item = _read_item(" ".join(words + following[len(words) :]))
        if item is not None:
            items.append(item)
    return tuple(items)


@functools.cache
def _treated_words() -> frozenset[str]:
    """Words saying an excepted cancer was treated, or articles (``exception_treated_words``)."""
    return frozenset(load_screening_rules().exception_treated_words)


def _read_item(phrase: str) -> _Item | None:
    words = phrase
    skin = _SKIN.search(words) is not None
    words = _SKIN.sub(" ", words)
    not_melanoma = _NOT_MELANOMA.search(words) is not None
    words = " ".join(_NOT_MELANOMA.sub(" ", words).split())
    site = ""
    tail = _SITE_TAIL.search(words)
    if tail is not None:
        site, words = tail.group(1), words[: tail.start()]
    if skin and (not words or words in _BARE_CANCER or words.rstrip("s") in _BARE_CANCER):
        return _Item(phrase, _SKIN_NEOPLASMS, True, not_melanoma, site)
    descriptor = _descriptor(words)
    if descriptor is None and not site and " " in words:
        # "cervical carcinoma in situ": the organ's adjective before a histology MeSH names.
        first, rest = words.split(" ", 1)
        descriptor, site = _descriptor(rest), first
    if descriptor is None:
        return None
    return _Item(phrase, descriptor, skin, not_melanoma, site)


def _descriptor(words: str) -> str | None:
    """The neoplasm MeSH reads the words as ("basal cell" alone is Cells: no item)."""
    if not words:
        return None
    vocabulary = load_vocabulary()
    readings = vocabulary.lookup(words)
    if not readings or readings[0].kind in ("abbreviation", "spelling"):
        return None
    found = readings[0].concept.id
    return found if vocabulary.is_a(found, _NEOPLASMS) else None
