"""From a patient to a ranked, explained shortlist of trials (issue 14).

A referring doctor pastes a note and expects the trial written for the
patient's disease first. Criteria verdicts alone cannot do that: a broad
registry the patient trivially fits would outrank the trial for their stage of
disease. So this module first decides what the patient *has* — the main
condition (the first condition of the profile, or the first disease the note
names that is not negated, a family member's, past or only a symptom; a disease the
note shows only by its test counts, and an operation the patient is having joins it) and the
comorbidities — then asks the search package (MeSH-aware, either backend) for
trials about those conditions, filtered by the patient's age and sex, by
recruitment status and optionally by distance, and finally judges each
candidate's criteria with :mod:`trialfinder.match`.

Ranking: a trial about the main condition before one about a comorbidity only;
then how well its conditions fit (same MeSH descriptor, a narrower or broader
one, or the words of the trial's condition found in the note) plus the rare
words of its title the note has (the setting: "ROS1", "neoadjuvant"), up when the
title states the note's tumour marker statuses (most for a driver the tumour has: KRAS
G12C, not only PD-L1) and down when it contradicts them or admits only another stage
("HR-positive" or "advanced" for an early triple negative cancer: word overlap alone ranks
such a title high), up when it is for the note's setting (line of treatment, place of
surgery) and down when it is for another ("newly diagnosed" for a relapsed myeloma); then
the title's words
alone; then the verdict (likely, possible, excluded last), which comes this late
because a note alone leaves most criteria unsettled: on the tune notes the judge
excluded the trial written for the patient about as often as the other trials of
the same disease (21 of 44 against 164 of 294); then the search order. A trial
listing many conditions (a registry) fits less than one written for a single
disease.

This sits above search and match (it uses both) and below presentation.
Patient data is only read here: nothing is logged or stored.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from importlib import resources
from typing import Annotated, NamedTuple

import msgspec

from trialfinder.criteria.context import context_at, cues_at
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.units import get_unit_reader
from trialfinder.disease_extent import Extent, note_extents, title_extents, told_spread
from trialfinder.marker_status import MarkerStatus, is_expression_marker, marker_statuses
from trialfinder.match import DISCLAIMER, TrialResult, match_parsed, stored_criteria
from trialfinder.medicine_names import named_medicines
from trialfinder.operations import eponymous_operation_spans
from trialfinder.patient import (
    Fact,
    PatientFacts,
    PatientProfile,
    about_family,
    caregiver_subject,
    extract_facts,
    split_sentences,
)
from trialfinder.phrases import phrase_alternation, slot_pattern
from trialfinder.search import (
    MAX_LIMIT,
    QueryError,
    SearchHit,
    SiteDistance,
    build_query,
    read_one_way,
    search,
)
from trialfinder.spelling import english_words
from trialfinder.store.base import Store
from trialfinder.treatment_setting import (
    Setting,
    asked_treatment_fit,
    note_settings,
    setting_fit,
    title_settings,
)
from trialfinder.vocabulary import (
    DISEASE_BRANCHES,
    HISTOLOGY_BRANCH,
    Concept,
    Mention,
    Reading,
    load_vocabulary,
    normalize_phrase,
    part_injuries,
)

__all__ = [
    "DEFAULT_STATUSES",
    "Counts",
    "PatientConditions",
    "RetrievalCues",
    "Shortlist",
    "ShortlistEntry",
    "condition_fit",
    "find_trials",
    "patient_conditions",
    "read_retrieval_cues",
]

DEFAULT_STATUSES = ("RECRUITING", "NOT_YET_RECRUITING")

# A cue list of ``retrieval_cues.json``: at least one phrase, none empty or padded with spaces
# (a pattern built from it would match anywhere).
_CuePhrase = Annotated[str, msgspec.Meta(pattern=r"^\S(?:.*\S)?$")]
_CueList = Annotated[list[_CuePhrase], msgspec.Meta(min_length=1)]


class RetrievalCues(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The cue words this module reads in a note (``data/retrieval_cues.json``), each list
    filling a slot of a pattern's grammar (:func:`_cue_pattern`); every list is required and
    names at least one phrase, so a missing or empty one fails on load."""

    version: str
    description: str
    planned_before_words: _CueList
    planned_after_words: _CueList
    had_before_words: _CueList
    had_after_words: _CueList
    cancer_words: _CueList
    cancer_word_endings: _CueList
    malignant_words: _CueList
    malignant_stems: _CueList
    mass_words: _CueList
    biopsy_awaited_words: _CueList
    tumour_work_up_phrases: _CueList
    vomiting_stems: _CueList
    vomiting_words: _CueList
    vomited_not_sickness: _CueList
    neuropathy_stems: _CueList
    neuropathy_words: _CueList
    cachexia_stems: _CueList
    appetite_lost_words: _CueList
    cachexia_words: _CueList
    weight_words: _CueList
    weight_lost_words: _CueList
    mucositis_words: _CueList
    cycle_ordinals: _CueList
    cycle_words: _CueList
    chemotherapy_names: _CueList
    chemotherapy_name_stems: _CueList
    treatment_having_words: _CueList
    strong_chemotherapy_words: _CueList
    antiemetic_words: _CueList
    mild_words: _CueList
    mild_stems: _CueList
    benign_words: _CueList
    cervical_neck_words: _CueList
    cervical_neck_stems: _CueList
    cervix_context_stems: _CueList
    cervix_context_words: _CueList
    antrum_organ_words: _CueList
    antrum_words: _CueList
    antrum_context_words: _CueList
    antrum_context_stems: _CueList
    incisor_words: _CueList
    endometrium_sampler_words: _CueList
    lobectomy_organ_words: _CueList
    lobectomy_words: _CueList
    lung_lobe_words: _CueList
    clause_break_words: _CueList
    negation_words: _CueList
    negation_contraction_verbs: _CueList
    background_headers: _CueList
    past_before_words: _CueList
    onset_prepositions: _CueList
    onset_lasts: _CueList
    onset_counts: _CueList
    onset_ago_counts: _CueList
    onset_units: _CueList
    onset_words: _CueList
    referral_words: _CueList
    referral_reasons: _CueList
    diagnosis_qualifiers: _CueList
    diagnosis_headers: _CueList
    asking_words: _CueList
    trial_words: _CueList
    trial_about_words: _CueList
    negative_result_words: _CueList
    test_words: _CueList
    result_verbs: _CueList
    listed_negative_words: _CueList
    clear_verbs: _CueList
    clear_words: _CueList
    saturation_words: _CueList
    list_closers: _CueList
    list_item_determiners: _CueList
    birth_words: _CueList
    gestation_weeks: _CueList
    ordinary_word_determiners: _CueList
    negated_person_words: _CueList
    name_titles: _CueList
    over_words: _CueList
    negatable_histologies: _CueList
    histology_negations: _CueList
    kept_on_words: _CueList
    not_kept_words: _CueList
    resolved_words: _CueList
    organ_part_words: _CueList
    response_short_forms: _CueList
    level_verbs: _CueList
    level_adverbs: _CueList
    high_level_words: _CueList
    low_level_words: _CueList
    pan_tumour_conditions: _CueList
    spread_words: _CueList
    spread_site_nouns: _CueList
    spread_site_prepositions: _CueList


def read_retrieval_cues(data: bytes) -> RetrievalCues:
    """The cue file's bytes, checked: a wrong type, an unknown or missing entry, an empty list
    or a phrase that is empty or padded fails with the file and the entry named."""
    try:
        return msgspec.json.decode(data, type=RetrievalCues)
    except (msgspec.DecodeError, msgspec.ValidationError) as error:
        raise ValueError(f"retrieval_cues.json: {error}") from None


@functools.cache
def _load_retrieval_cues() -> RetrievalCues:
    return read_retrieval_cues(
        (resources.files("trialfinder") / "data" / "retrieval_cues.json").read_bytes()
    )


def _cue_pattern(template: str, flags: int = 0) -> re.Pattern[str]:
    """A pattern of this module: its grammar (``template``) with a slot per cue list of
    ``retrieval_cues.json`` (:func:`trialfinder.phrases.slot_pattern`)."""
    return re.compile(
        slot_pattern(template, functools.partial(getattr, _load_retrieval_cues())), flags
    )


# Signs and symptoms (C23.888) say how a patient presents, not what trial they need.
_SYMPTOM_BRANCH = "C23.888"
# Pathological conditions (C23): processes such as a stenosis or a fibrosis, and signs.
_PROCESS_BRANCH = "C23"
# Within its sentence, a process comes after the diseases named beside it (sentences are
# 10 000 word places apart).
_AFTER_THE_DISEASE = 5_000
# A disease kept on its medicines is the background: it comes after every other disease of
# its tier the note names (a note has fewer than 1 000 sentences, 10 000 word places apart).
_AFTER_THE_OTHER_DISEASES = 10_000_000
# Operations (E04 is "Surgical Procedures, Operative"; its narrower headings name one).
_OPERATION_BRANCH = "E04."
# Words before an operation in its clause that say the patient is having it: "listed for
# arthroscopic repair", "elective total knee arthroplasty", "awaiting mastectomy".
_PLANNED_BEFORE = _cue_pattern(r"\b(?:{planned_before_words})\b", re.IGNORECASE)
# ... or written after it: "ERCP + stent booked for tomorrow", "surgery scheduled next week".
_PLANNED_AFTER = _cue_pattern(r"^\W*(?:\w+\W+){0,3}?(?:{planned_after_words})\b", re.IGNORECASE)
# Words before a transplant in its clause that say the patient has had it: "14 months after
# orthotopic liver transplant", "s/p renal transplant".
_HAD_BEFORE = _cue_pattern(r"\b(?:{had_before_words})\b", re.IGNORECASE)
# ... or when, written after it: "Liver transplant 2019", "renal transplant 3 years ago".
_HAD_AFTER = _cue_pattern(
    r"^\W*(?:\w+\W+){0,3}?(?:{had_after_words}|(?:19|20)\d\d)\b", re.IGNORECASE
)
# A sentence that may tell an operation had, either way.
_HAD_TOLD = _cue_pattern(
    r"\b(?:{had_before_words})\b|\b(?:{had_after_words}|(?:19|20)\d\d)\b", re.IGNORECASE
)
# Transplantation (MeSH E04.936): a transplant had is the recipient's lasting state (graft,
# immunosuppression), which trials list ("Liver Transplant; Complications"); another
# operation had is past ("s/p right TKA in 2019, now left knee osteoarthritis").
_TRANSPLANT_BRANCH = "E04.936"
# Context that makes a mention not the patient's current condition (a relative's is read apart:
# in a carer's note the relative it is about is the patient).
_NOT_CURRENT = frozenset({"hypothetical"})
# Candidates fetched per condition query: the main condition gets the search maximum.
_MAIN_CANDIDATES = 100
_OTHER_CANDIDATES = 20
_BROADER_CANDIDATES = 50
# Basket and pan-tumour trials list the tumour class, not an organ ("Solid Tumor", NCT05382559
# and NCT05380986; "Solid Tumours", NCT04529122): a note of one solid cancer that has spread, is
# advanced or has been treated asks for them too (data/retrieval_cues.json pan_tumour_conditions).
# They fit its cancer only as far as MeSH's root "Neoplasms" does (_concept_fit's floor), so the
# trials of its own cancer stay above them.
_PAN_TUMOUR_CANDIDATES = 20
_PAN_TUMOUR_CONDITIONS = tuple(_load_retrieval_cues().pan_tumour_conditions)
_PAN_TUMOUR_EXTENTS = frozenset({"metastatic", "locally_advanced"})
# The blood cancers (MeSH 2025 trees): Leukemia C04.557.337, Lymphoma C04.557.386, Neoplasms,
# Plasma Cell C04.557.595, Hematologic Neoplasms C04.588.448 and C15.604.515; a solid tumour
# trial is not for them.
_BLOOD_CANCER_BRANCHES = ("C04.557.337", "C04.557.386", "C04.557.595", "C04.588.448", "C15.604.515")
# The title's specificity adds at most this to the condition fit; fits are compared in
# steps of 1/_TIERS_PER_POINT, so that close fits fall to the verdict.
_TITLE_WEIGHT = 0.8
# A trial stating the patient's tumour marker statuses fits up to this much better (twice
# this for a driver the tumour has), one stating a status the patient's contradicts (or
# only another stage of the disease) this much worse (two tiers).
_MARKER_WEIGHT = 0.5
# A trial for the note's setting (line of treatment, place of surgery) fits two tiers better
# per axis, one for another setting two tiers worse (as a contradicted marker status).
_SETTING_WEIGHT = 0.5
# A trial about the treatment the note asks about ("referred for PMRT": a radiotherapy trial)
# fits four tiers better: the referral's question outweighs a shared setting axis.
_ASKED_TREATMENT_WEIGHT = 1.0
_TIERS_PER_POINT = 4
_OTHER_CONDITIONS = 4
_WORD = re.compile(r"[a-z0-9]+")
_CANCER_WORDS = _cue_pattern(r"{cancer_words}|\w*(?:{cancer_word_endings})")
# A histology a title may admit only the other side of ("Non-squamous NSCLC", "nonsquamous").
_HISTOLOGY = _cue_pattern(r"(?<![a-z0-9])(?P<histology>{negatable_histologies})(?![a-z0-9])")
_NEGATED_HISTOLOGY = _cue_pattern(
    r"(?<![a-z0-9])(?:{histology_negations})[- ]?(?P<histology>{negatable_histologies})(?![a-z0-9])"
)
_CANCER_ABBREVIATIONS = frozenset({"scc", "idc", "ilc", "hcc", "crc", "tnbc", "nsclc"})
# Pathologists' short forms of a tumour that MeSH reads as something else, read as the tumour
# when written in capitals: "NET" (and "NETs") is the WHO classification's well-differentiated
# neuroendocrine tumour (WHO Classification of Tumours, Digestive System Tumours, 5th ed.,
# 2019: "NET G1"), MeSH Neuroendocrine Tumors; MeSH's "NET" is Extracellular Traps.
_PATHOLOGY_SHORT_FORMS = {"net": "D018358", "nets": "D018358"}
# Words between an everyday process word and the organ written after it ("scarring in both
# his lungs", "fibrosis of the lungs"): the organ is read as if written "<process> of <organ>".
_ORGAN_AFTER_LINK = frozenset({"of", "in", "on"})
_ORGAN_AFTER_FILLERS = frozenset(
    {"the", "both", "his", "her", "their", "my", "its", "our", "your", "a", "an"}
)
# The verb forms of the organ-process table's process words (its one hand-written part,
# docs/vocabulary.md): "his kidneys failed" says what "kidney failure" does.
_PROCESS_VERBS = {
    "failed": "failure",
    "failing": "failure",
    "fails": "failure",
    "scarred": "scarring",
    "swollen": "swelling",
    "narrowed": "narrowing",
    "hardened": "hardening",
    "inflamed": "inflammation",
}
_SPECIFIC_PARENT_DOTS = 3
# Neoplasms, Neuroepithelial (gliomas, ependymoma, medulloblastoma, neuroblastoma): tumours
# their trials name by histology, even when the note names the organ too.
_NEUROEPITHELIAL = "D018302"
# Neoplasms by site: a cancer named by its organ, which outranks its histology.
_SITE_BRANCH = "C04.588"
# The histology words a cancer of any organ may share ("Gastric Adenocarcinoma" and an
# endometrioid adenocarcinoma): they say nothing once the organs disagree.
_HISTOLOGY_WORDS = frozenset(
    {
        "adenocarcinoma",
        "adenocarcinomas",
        "carcinoma",
        "carcinomas",
        "squamous",
        "cell",
        "neuroendocrine",
    }
)
# Neoplasms itself: "the biopsy says cancer" names neither the organ nor the histology, and
# takes its organ from the note as a histology alone does ("a growth in the food pipe").
_NEOPLASMS = "C04"
# Only a word that says the growth is malignant ("cancer", "malignancy") is such a cancer: a
# "lump" or a "mass", which the vocabulary reads as Neoplasms too, may be benign.
_MALIGNANT_WORDS = _cue_pattern(r"\b(?:{malignant_words}|(?:{malignant_stems})\w*)\b")
# Words between an organ and its cancer word: "L breast IDC", "gastric metastatic ...".
_QUALIFIER_WORDS = frozenset({"l", "r", "left", "right", "bilateral", "metastatic", "invasive"})
# A part of an organ written between the organ and the cancer word ("pancreatic head
# adenocarcinoma"): the cancer is the organ's (data/retrieval_cues.json, organ_part_words).
_ORGAN_PART_WORDS = frozenset(_load_retrieval_cues().organ_part_words)
# "PD" in a cancer note is progressive disease (data/retrieval_cues.json, response_short_forms).
_RESPONSE_SHORT_FORMS = frozenset(_load_retrieval_cues().response_short_forms)
# A measure told as high or low after it ("my blood pressure stays high"): the verbs and
# adverbs between, and the level words read as "high" or "low" before the measure
# (data/retrieval_cues.json, level_*).
_LEVEL_BETWEEN = frozenset(
    [*_load_retrieval_cues().level_verbs, *_load_retrieval_cues().level_adverbs]
)
_LEVEL_VERBS = frozenset(_load_retrieval_cues().level_verbs)
_LEVELS = {
    **dict.fromkeys(_load_retrieval_cues().high_level_words, "high"),
    **dict.fromkeys(_load_retrieval_cues().low_level_words, "low"),
}
_MEASURE_WORDS = 2
# What a note finds a cancer as, before its histology is known: the organ in such a clause is
# the cancer's site ("a lump in the gallbladder", "growth in the antrum"). (An ulcer too, read
# as the site, moved an oral tongue SCC note down 17 → 45: its tongue cancer ranks below the
# squamous cell trials of other organs; left out until the histology counts with its organ.)
# A lay "spot" on an organ is a nodule or a lesion ("a spot on the right lung").
_MASS_WORDS = _cue_pattern(r"\b(?:{mass_words})\b", re.IGNORECASE)
# The organs a cancer has spread to, listed after a word of spread, maybe a noun of its sites,
# and a colon or a preposition: "2 metastatic sites: L iliac bone lesion and a single R adrenal
# met", "metastases to the liver", "mets in the bone (T9 lesion)"; the list runs to a semicolon.
_SPREAD_LIST = _cue_pattern(
    r"\b(?:{spread_words})(?:\s+(?:{spread_site_nouns}))?\s*(?::|\s(?:{spread_site_prepositions})\b)[^;]*",
    re.IGNORECASE,
)
# What a note says of a mass it works up as a tumour before any diagnosis: a tumour marker's
# value ("CA 19-9 840"), a biopsy or needle sample awaited or to be taken, the question of
# its removal ("unresectable", "cannot be removed"), a tumour board. With one of these, a mass
# of an organ is the cancer suspected there (:func:`_suspected_cancers`).
_TUMOUR_WORK_UP = _cue_pattern(
    r"\b(?:ca[ -]?19[ .-]?9|ca[ -]?125|biops(?:y|ies)\s+(?:is\s+|are\s+)?(?:{biopsy_awaited_words})"
    r"|awaiting\s+(?:the\s+)?biops(?:y|ies)|(?:un|not\s+)resectable|{tumour_work_up_phrases:spaced})\b",
    re.IGNORECASE,
)
# Symptoms a cancer's treatment brings, each with the need a supportive-care trial lists as its
# condition (its MeSH reading: Vomiting, Peripheral Nervous System Diseases, Cachexia,
# Mucositis). Vomiting of blood is a bleed, not a treatment's sickness.
_SUPPORTIVE_NEEDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "vomiting",
        _cue_pattern(
            r"\b(?:(?:{vomiting_stems})\w*|{vomiting_words})\b"
            r"(?!\s+(?:of\s+)?(?:{vomited_not_sickness}))",
            re.IGNORECASE,
        ),
    ),
    (
        "peripheral neuropathy",
        _cue_pattern(r"\b(?:(?:{neuropathy_stems})\w*|{neuropathy_words})\b", re.IGNORECASE),
    ),
    (
        "cachexia",
        _cue_pattern(
            r"\b(?:(?:{cachexia_stems})\w*|(?:{appetite_lost_words})\s+appetite|{cachexia_words}"
            r"|(?:{weight_words})\s+(?:{weight_lost_words})|lost\s+\d+\s*kgs?)\b",
            re.IGNORECASE,
        ),
    ),
    ("mucositis", _cue_pattern(r"\b(?:{mucositis_words})\b", re.IGNORECASE)),
)
# What says the patient is having a cancer treatment now (not one planned or finished): a
# cycle by its number ("cycle 6 of 12", "C2", "since the fourth cycle", "every block of chemo"),
# "on" a chemotherapy or its drug ("on second-line docetaxel", "on CAPOX"), "having
# chemotherapy", "since starting chemo", the strong chemotherapy before a transplant, an
# anti-sickness medicine that failed. A symptom in its sentence or the next is the treatment's.
_ON_TREATMENT = _cue_pattern(
    r"\b(?:cycles?\s+\d+|c\d{1,2}|\d+(?:st|nd|rd|th)\s+cycle"
    r"|(?:{cycle_ordinals})\s+(?:{cycle_words})"
    r"|(?:cycles?|blocks?|courses?)\s+of\s+chemo\w*"
    r"|on\s+(?:[\w/-]+\s+){0,3}(?:chemo\w*|(?:{chemotherapy_name_stems})\w*|{chemotherapy_names})"
    r"|(?:{treatment_having_words:spaced})\s+(?:\w+\s+){0,2}chemo\w*"
    r"|(?:{strong_chemotherapy_words})\s+chemo\w*"
    r"|despite\s+(?:\w+\s+){0,2}(?:{antiemetic_words}))\b",
    re.IGNORECASE,
)
# A symptom called mild, or one the patient tolerates, is no need of its own.
_MILD_BEFORE = _cue_pattern(r"\b(?:{mild_words}|(?:{mild_stems})\w*)\b", re.IGNORECASE)
# A mass said to be benign is not worked up as a cancer.
_BENIGN = _cue_pattern(r"\b(?:{benign_words})\b", re.IGNORECASE)
# Organ words that name one of two organs, read by the note's other words, as a clinician
# does: "cervical" is the cervix (MeSH Cervix Uteri) in a note about the female pelvis (its
# vagina, uterus, parametria, FIGO stage, parity), else the neck it usually means ("cervical
# nodes"); "antrum" is the stomach's (Pyloric Antrum, entry term "gastric antrum") after a
# gastroscopy or beside another word of the stomach, else a sinus's or the ear's. A distance
# from the incisors ("growth 30-35 cm from incisors") is where an endoscopist places a growth of
# the oesophagus (MeSH Esophagus), often the only word of its organ.
_CONTEXT_ORGANS: tuple[tuple[re.Pattern[str], str, re.Pattern[str]], ...] = (
    (
        _cue_pattern(
            r"\bcervical\b(?!\s+(?:{cervical_neck_words}|(?:{cervical_neck_stems})\w*))",
            re.IGNORECASE,
        ),
        "cervix",
        _cue_pattern(
            r"\b(?:(?:{cervix_context_stems})\w*|{cervix_context_words}|para \d)\b", re.IGNORECASE
        ),
    ),
    (
        _cue_pattern(r"{antrum_organ_words:not_after}\b(?:{antrum_words})\b", re.IGNORECASE),
        "gastric antrum",
        _cue_pattern(
            r"\b(?:{antrum_context_words}|(?:{antrum_context_stems})\w*)\b", re.IGNORECASE
        ),
    ),
    (
        _cue_pattern(
            r"\b(?:at\s+)?\d+(?:\s*(?:-|–|to)\s*\d+)?\s*cms?\s+(?:from|of)\s+(?:the\s+)?"
            r"(?:upper\s+)?(?:{incisor_words})\b",
            re.IGNORECASE,
        ),
        "in the esophagus",
        _cue_pattern(r"\b(?:{incisor_words})\b", re.IGNORECASE),
    ),
    # A Pipelle samples only the endometrium ("Pipelle: endometrioid adenocarcinoma"): the
    # sampler is the organ a gynaecologist often leaves unwritten.
    (
        _cue_pattern(r"\b(?:{endometrium_sampler_words})\b", re.IGNORECASE),
        "endometrium sample",
        _cue_pattern(r"\b(?:{endometrium_sampler_words})\b", re.IGNORECASE),
    ),
    # A lobectomy with no other organ named before it is the lung's ("s/p left lower
    # lobectomy ... for a 4.1 cm adenocarcinoma"): a thoracic surgeon leaves the organ
    # unwritten; a thyroid or liver lobectomy names its organ.
    (
        _cue_pattern(r"{lobectomy_organ_words:not_after}\b(?:{lobectomy_words})\b", re.IGNORECASE),
        "lung lobectomy",
        _cue_pattern(r"\b(?:{lobectomy_words})\b", re.IGNORECASE),
    ),
    # A lobe of the lung written as a thoracic team writes it ("Adenocarcinoma RUL",
    # "left upper lobe mass") is the lung's, whatever else the note names.
    (
        _cue_pattern(r"\b(?:{lung_lobe_words})\b", re.IGNORECASE),
        "in the lung",
        _cue_pattern(r"\b(?:{lung_lobe_words})\b", re.IGNORECASE),
    ),
)
# Body fluids (A12: blood, bile, urine) are never a carcinoma's organ: "vomiting blood" is a
# sign of the cancer, not its site. (The blood-forming organs, A15, stay: a spleen or a lymph
# node is a site; leaving them out too cost a never-read set a rank.)
_NOT_A_SITE = "A12"
# An organ MeSH has no cancer of ("brainstem") takes the cancer of an organ at most this many
# levels above it (Brain).
_SITE_LEVELS_UP = 2
_CLAUSE_BREAK = _cue_pattern(r"[,;:()]|\b(?:{clause_break_words})\b")
# "on" just before a medicine (a word or two may stand between: "on oral metformin"), and a
# word in the clause saying the medicines do not keep the disease ("uncontrolled on").
_KEPT_ON = _cue_pattern(r"\b(?:{kept_on_words})(?:\s+[\w-]+){0,2}?\s*$", re.IGNORECASE)
# A bracketed aside within a clause: "(mean 138/88)".
_ASIDE = re.compile(r"\([^()]*\)")
_NOT_KEPT = _cue_pattern(r"\b(?:{not_kept_words})\b", re.IGNORECASE)
# A finding told as over just after it: "wound healed", "rash resolved".
_RESOLVED_AFTER = _cue_pattern(r"\s+(?:{resolved_words})\b", re.IGNORECASE)
# A negation word joined to a person it describes: "never-smoker", "never smoker".
_NEGATED_PERSON = _cue_pattern(
    r"\b(?:{negation_words})[\s-]+(?:{negated_person_words})\b", re.IGNORECASE
)
_NEGATION_BEFORE = _cue_pattern(
    r"\b(?:{negation_words}"
    # people write the contraction: "she doesn't have diabetes", "I dont have asthma"
    r"|(?:{negation_contraction_verbs})n['\u2019]?t)\b",
    re.IGNORECASE,
)
# A list a denial opens: items parted by commas and closed by "or" ("never had a stroke,
# Parkinson's disease or depression"), each a few words with no clause break of its own; the
# list ends at a clause's punctuation.
_LIST_SEPARATOR = _cue_pattern(r",\s*(?:(?:{list_closers})\s+)?|\s+(?:{list_closers})\s+", re.I)
_LIST_CLOSER = _cue_pattern(r"\b(?:{list_closers})\b", re.IGNORECASE)
_ITEM_BREAK = _cue_pattern(r"[;:()]|\b(?:{clause_break_words})\b", re.IGNORECASE)
_LIST_END = re.compile(r"[;:.()]")
# ... and an item may open with a determiner ("never had diabetes, a heart attack or …").
_LIST_DETERMINER = _cue_pattern(r"\b(?:{list_item_determiners})\b", re.IGNORECASE)
_LIST_ITEMS = 6
_LIST_ITEM_WORDS = 5
# A birth's gestation ("born at 27+2 weeks", "delivered at 32/40"): before term (37 weeks),
# a preterm birth (MeSH Premature Birth, in the words trials write: "Preterm Infants").
_BORN_AT_WEEKS = _cue_pattern(
    r"\b(?:{birth_words})\s+(?:at\s+)?(?P<weeks>\d{2})(?:\s*\+\s*\d)?\s*(?:{gestation_weeks})"
    r"(?![\w/])",
    re.IGNORECASE,
)
_TERM_WEEKS = 37
_PRETERM_BIRTH = "preterm birth"
# Headers of the background part of a note.
_BACKGROUND_HEADERS = _cue_pattern(r"\b(?:{background_headers})\b", re.IGNORECASE)
_PAST_BEFORE = _cue_pattern(r"\b(?:{past_before_words})\b", re.IGNORECASE)
# A cancer told as over a few words after it, before the clause ends: "prostate cancer in 2015
# that was treated with radiotherapy and has been clear since", "breast cancer 2010, in remission".
_OVER_AFTER = _cue_pattern(r"(?:[^\w;.]+[\w'-]+){0,12}?[^\w;.]+(?:{over_words})\b", re.IGNORECASE)
# A new problem's onset in its sentence ("over the last 3 weeks", "two months ago", "since
# starting chemo", "new-onset"): the presenting complication, not the disease it came from.
_RECENT_ONSET = _cue_pattern(
    r"\b(?:(?:{onset_prepositions}) the (?:{onset_lasts}) (?:\d+|{onset_counts}) (?:{onset_units})"
    r"|(?:\d+|{onset_ago_counts}) (?:{onset_units}) ago|{onset_words})\b",
    re.IGNORECASE,
)
# What the note says the patient is sent or asks for ("Referred for …", "Reason for referral:
# …", "asks about trials for her …", "interested in studies on …"), or the diagnosis it
# concludes with ("Diagnosis: heat exhaustion", "Impression: non-cirrhotic portal
# hypertension"): a disease named after it, in its sentence, is the presenting problem,
# whatever else the note names first.
_REFERRED_FOR = _cue_pattern(
    r"\b(?:(?:{referral_words})\b[^.;:]{0,30}?\bfor|{referral_reasons}"
    r"|(?:(?:{diagnosis_qualifiers}) )?(?:{diagnosis_headers})(?=\s*:)"
    r"|(?:{asking_words}) (?:about |in |for )?"
    r"(?:an? |any )?(?:[a-z-]+ )?(?:{trial_words}) (?:{trial_about_words}))\b",
    re.IGNORECASE,
)
# A test result written after its name: "HBsAg neg", "anti-HCV negative".
_NEGATIVE_AFTER = _cue_pattern(r"[\s:]*(?:{negative_result_words})\b", re.IGNORECASE)
# ... or after the word "test", past a short list of other tests named in one word each: "HIV
# and syphilis tests negative", "HIV, HCV and syphilis screens were negative".
_LIST_NEGATIVE_AFTER = _cue_pattern(
    r"(?:\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)[a-z0-9'-]+){0,3}"
    r"\s+(?:{test_words})\s+(?:(?:{result_verbs})\s+)?(?:{listed_negative_words})\b",
    re.IGNORECASE,
)
# A staging finding written after its organ: "lungs clear", "MRI brain clear", "liver: normal"
# (the organ is free of disease; "clear cell carcinoma" names a histology, not a finding).
_CLEAR_AFTER = _cue_pattern(
    r"[\s:]*(?:(?:{clear_verbs})\s+)?(?:{clear_words})\b(?![\s-]*cells?\b)", re.IGNORECASE
)
# Words of a trial's condition that say nothing about which disease it is (the criteria
# lexicon's filler words are too many here: "breast", "uncontrolled", "severe" tell).
_GENERIC_WORDS = frozenset(
    [
        "a",
        "and",
        "or",
        "of",
        "the",
        "with",
        "in",
        "for",
        "to",
        "patients",
        "patient",
        "disease",
        "diseases",
        "disorder",
        "disorders",
        "syndrome",
        "adult",
        "adults",
        "children",
        "child",
        "healthy",
        "volunteers",
    ]
)


class Counts(msgspec.Struct):
    """How many criteria are met, not met, unknown and not applicable."""

    met: int = 0
    not_met: int = 0
    unknown: int = 0
    not_applicable: int = 0


class ShortlistEntry(TrialResult):
    """A judged trial with what a doctor needs to act on it; extends the match JSON contract."""

    title: str | None = None
    status: str | None = None
    phases: list[str] = msgspec.field(default_factory=list)
    nearest_site: SiteDistance | None = None
    counts: Counts = msgspec.field(default_factory=Counts)


class Shortlist(msgspec.Struct):
    results: list[ShortlistEntry]
    disclaimer: str = DISCLAIMER

    def to_dict(self) -> dict[str, object]:
        """The public JSON of ``match --format json`` and ``POST /api/match``: one shape."""
        return {"results": msgspec.to_builtins(self.results)}


class PatientConditions(msgspec.Struct):
    """What the patient has: the main condition and the others, as phrases and MeSH ids."""

    main: list[str] = []
    main_ids: frozenset[str] = frozenset()
    others: list[str] = []
    other_ids: frozenset[str] = frozenset()
    # The others that name only signs ("anorexia", "numbness"): how the main condition shows.
    other_signs: frozenset[str] = frozenset()
    words: frozenset[str] = frozenset()
    # Tumour marker statuses the patient's text states ("HER2 3+", "EGFR/ALK negative").
    markers: dict[str, MarkerStatus] = {}
    # How far the cancer has spread, as the text states it (empty: it does not say).
    extents: frozenset[Extent] = frozenset()
    # The line of treatment and the place of surgery the text states ("relapsed", "resected").
    settings: frozenset[Setting] = frozenset()
    # A newborn whose note states no age ("born at 29+3 weeks … now day 5"): the age the
    # trials must allow is a newborn's.
    newborn: bool = False
    # The cancer's histologies the text states that a title may admit only the other side of
    # ("squamous" against "Non-squamous NSCLC"); empty when the main condition is no cancer.
    histologies: frozenset[str] = frozenset()
    # The note's own words: searched as text when no condition could be read (a lay note
    # opens with who the patient is, "Our son is 6.", and says the problem after).
    text: str = ""

    def main_only(self) -> PatientConditions:
        """The main condition alone, in its own words: what "about the main condition" asks.

        Dropping the comorbidities' ids is not enough while ``words`` holds the whole text's:
        a note about chemotherapy neuropathy in a breast cancer patient says "breast cancer",
        so a breast radiotherapy trial listing "Breast Cancer" would count as about the
        neuropathy by coverage alone. So the words only another disease's phrase has are
        dropped. The rest of the text stays (keeping only the main phrase's words moved
        readable notes down, bench/RESULTS_notes.md), and so do the words of signs: a sign
        is how the main condition shows ("anorexia" of a lung cancer), not another disease
        with trials of its own.
        """
        main_words = frozenset().union(*map(_words, self.main))
        diseases = [phrase for phrase in self.others if phrase not in self.other_signs]
        other_words = frozenset().union(*map(_words, diseases)) - main_words
        return msgspec.structs.replace(
            self, others=[], other_ids=frozenset(), words=self.words - other_words
        )


def _words(text: str) -> set[str]:
    return {word for word in _WORD.findall(normalize_phrase(text)) if word not in _GENERIC_WORDS}


class _Found(NamedTuple):
    """A disease phrase the patient's text states, how salient it is, and its MeSH ids."""

    salience: tuple[bool, bool, bool, int, int]
    phrase: str
    ids: frozenset[str]


def _disease_ids(readings: Iterable[Reading]) -> tuple[frozenset[str], int]:
    """Descriptor ids of the disease readings and their tier (0 a specific cancer, 1 a disease,
    2 a sign or symptom or "tumour"), which decides what the patient is referred for."""
    ids: set[str] = set()
    tier = 2
    for reading in readings:
        if not reading.concept.names_a_disease():
            continue
        numbers = reading.concept.tree_numbers
        ids.add(reading.concept.id)
        if any(number.startswith(_SYMPTOM_BRANCH) for number in numbers) or numbers == ("C04",):
            continue
        tier = min(tier, 0 if any(n.startswith("C04.") for n in numbers) else 1)
    return frozenset(ids), tier


def _an_operations_eponym(sentence: str, span: tuple[int, int] | None) -> bool:
    """Whether a mention's words lie inside an operation's eponym the sentence writes: the
    "Whipple's" of "pylorus-preserving Whipple's" is the operation, not Whipple Disease
    (``operations.eponymous_operation_spans``)."""
    return span is not None and any(
        at <= span[0] and span[1] <= until for at, until in eponymous_operation_spans(sentence)
    )


def _mention_span(sentence: str, phrase: str) -> tuple[int, int] | None:
    """Where a normalised phrase is first written in the sentence (:func:`_mention_spans`)."""
    return next(iter(_mention_spans(sentence, phrase)), None)


def _mention_spans(sentence: str, phrase: str) -> list[tuple[int, int]]:
    """Where a normalised phrase is written in the sentence, in the sentence's own offsets:
    the vocabulary drops apostrophes ("alzheimers disease"), the sentence keeps them, and what
    comes after a mention ("HBsAg neg") or before it ("she doesn't have") is read from there."""
    words = phrase.split()
    written = ["['\u2019]?".join(map(re.escape, word)) for word in words]
    pattern = r"(?<![a-z0-9])" + r"[^a-z0-9]+".join(written) + r"(?![a-z0-9])"
    return [found.span() for found in re.finditer(pattern, sentence.lower())]


# A test named by the disease it looks for: "sugar test", "TB test".
_TEST_AFTER = _cue_pattern(r"\s+(?:{test_words})\b", re.IGNORECASE)


def _ruled_out_test(sentence: str, mention: Mention, mentions: Sequence[Mention]) -> bool:
    """Whether a mention names a test whose disease the sentence then denies: "his sugar test
    (A1c) was 5.4 so no diabetes" ("sugar" is diabetes in lay words), "his TB test came back
    fine, so no TB"; the test says the disease is ruled out, not that the patient has it."""
    span = _mention_span(sentence, _written(sentence, mention))
    if span is None or not _TEST_AFTER.match(sentence, span[1]):
        return False
    ids = _disease_ids(mention.readings)[0]
    return any(
        not _is_current(sentence, later)
        for other in mentions
        if _disease_ids(other.readings)[0] == ids
        for later in _mention_spans(sentence, _written(sentence, other))
        if later[0] >= span[1]
    )


def _is_current(sentence: str, span: tuple[int, int] | None, subject: str | None = None) -> bool:
    """Whether the mention at ``span`` of ``sentence`` is the patient's own and not denied.

    Negation is read within the clause only: in "never smoker, metastatic lung
    adenocarcinoma" the "never" is about smoking. A past disease still counts
    (a note's "has had type 1 diabetes for 4 years" is current). In a carer's note
    the relative it is about (``subject``) is the patient: "my daughter has" is theirs.
    """
    if span is None:
        return True
    if _NEGATIVE_AFTER.match(sentence, span[1]) or _LIST_NEGATIVE_AFTER.match(sentence, span[1]):
        return False
    if _RESOLVED_AFTER.match(sentence, span[1]):
        return False
    # A denial that makes one noun with a person ("a never-smoker with …") denies nothing after.
    denials = _NEGATED_PERSON.sub(lambda found: " " * len(found[0]), sentence)
    clause = _CLAUSE_BREAK.split(denials[: span[0]])[-1]
    if _NEGATION_BEFORE.search(clause) or _denied_in_a_list(denials, span):
        return False
    if about_family(sentence, span[0]) and not _about_subject(sentence, span, subject):
        return False
    return not (context_at(sentence, *span) & _NOT_CURRENT)


def _denied_in_a_list(sentence: str, span: tuple[int, int]) -> bool:
    """Whether a denial reaches the mention at ``span`` over a short list that "or" closes:
    "never had a stroke, Parkinson's disease or depression", "no OCD, panic or PTSD", "never
    had diabetes, a heart attack or kidney problems". Each
    item before the mention is a few words of no clause of its own ("Denies chest pain,
    presents with syncope or …" keeps the syncope); a list with no "or" ("never smoker,
    metastatic lung adenocarcinoma") is no denied list."""
    denials = list(_NEGATION_BEFORE.finditer(sentence, 0, span[0]))
    if not denials:
        return False
    items = _LIST_SEPARATOR.split(sentence[denials[-1].end() : span[0]])
    if _LIST_DETERMINER.sub("", items[-1]).strip() or len(items) > _LIST_ITEMS:
        return False
    if any(len(item.split()) > _LIST_ITEM_WORDS or _ITEM_BREAK.search(item) for item in items):
        return False
    listed = _LIST_END.split(sentence[denials[-1].end() :], maxsplit=1)[0]
    return _LIST_CLOSER.search(listed) is not None


def _about_subject(sentence: str, span: tuple[int, int], subject: str | None) -> bool:
    """Whether every relative cue reaching a mention names the relative the note is about."""
    if subject is None:
        return False
    cues = cues_at(sentence, span[0], span[0] + 1, "family")
    return bool(cues) and all(subject in cue.lower().split() for cue in cues)


def _is_background(sentence: str, span: tuple[int, int] | None) -> bool:
    """Whether a mention is the patient's background rather than the reason for referral:
    listed after "PMH:" or "comorbidities:", or said to be past ("history of")."""
    if span is None:
        return False
    if _BACKGROUND_HEADERS.search(sentence[: span[0]]):
        return True
    return _PAST_BEFORE.search(_CLAUSE_BREAK.split(sentence[: span[0]])[-1]) is not None


def _kept_on_medicine(sentence: str, span: tuple[int, int] | None, ids: frozenset[str]) -> bool:
    """Whether a disease other than a cancer is told as kept on its medicines: "on" a medicine
    the note names in the mention's clause ("Type 2 diabetes x 8 yrs on metformin",
    "Hypertension on amlodipine and ramipril"), with no word before it in its clause or after it
    in its sentence saying the medicines do not keep it ("uncontrolled on", "despite", "flare").
    An aside in brackets between the disease and its medicines is passed over ("Hypertension
    confirmed on 24h-ABPM (mean 138/88) on enalapril")."""
    if span is None or _names_a_cancer(ids):
        return False
    plain = _ASIDE.sub(lambda aside: " " * len(aside[0]), sentence)
    clause = _CLAUSE_BREAK.split(plain[span[1] :], maxsplit=1)[0]
    end = span[1] + len(clause)
    if not any(
        span[1] <= medicine.start < end and _KEPT_ON.search(plain[span[1] : medicine.start])
        for medicine in named_medicines(sentence)
    ):
        return False
    before = _CLAUSE_BREAK.split(sentence[: span[0]])[-1]
    rest = re.split(r"[;.]", sentence[span[1] :], maxsplit=1)[0]
    return not (_NOT_KEPT.search(before) or _NOT_KEPT.search(rest))


def _told_over(sentence: str, span: tuple[int, int] | None, ids: frozenset[str]) -> bool:
    """Whether a cancer is told as over just after it ("treated for lymphoma years ago, all
    clear"): the patient's background, ranked after the disease they come for."""
    return span is not None and _names_a_cancer(ids) and bool(_OVER_AFTER.match(sentence, span[1]))


def _organ_cancer(text: str, mentions: Sequence[Mention]) -> list[tuple[Mention, int]]:
    """ "prostate adenocarcinoma", "breast IDC", "SCC of the oropharynx": the organ named next
    to a cancer word is that organ's cancer, which MeSH names as one descriptor ("Prostatic
    Neoplasms"); each with the word position of the cancer word, where it takes its place."""
    vocabulary = load_vocabulary()
    words = normalize_phrase(text).split()
    cancers = {m.start for m in mentions if "C04" in _trees(m) and not _neuroepithelial(m)}
    cancers |= {
        index
        for index, word in enumerate(words)
        if _CANCER_WORDS.fullmatch(word) or word in _CANCER_ABBREVIATIONS
    }
    found: list[tuple[Mention, int]] = []
    for at in sorted(cancers):
        before = [w for w in words[max(0, at - 3) : at] if w not in _QUALIFIER_WORDS]
        after = words[at + 1 : at + 5]
        candidates = [before[-2:], before[-1:]]
        # "pancreatic head adenocarcinoma": the part of the organ ends the words before the
        # cancer word, so the organ before it is tried before the part alone.
        if before[-1:] and before[-1] in _ORGAN_PART_WORDS:
            candidates.insert(1, before[-2:-1])
        named = [w for w in after[1:] if w != "the"]
        # "of the head of the pancreas": the word after "of" is a part of the next organ.
        if after[:1] == ["of"] and named[1:2] != ["of"]:
            candidates.append(named[:1])
        for organ in candidates:
            if not organ or organ[-1].startswith("met"):
                continue
            phrase = " ".join([*organ, "cancer"])
            readings = vocabulary.lookup(phrase)
            if readings and _disease_ids(readings)[1] == 0 and not _histology_only(readings):
                found.append((Mention(at, at + 1, phrase, readings), at))
                break
    return found


def _neuroepithelial(mention: Mention) -> bool:
    """Whether a mention names a neuroepithelial tumour (a glioma, an ependymoma, a
    medulloblastoma): its trials list the histology, which the organ's cancer would hide
    ("medulloblastoma of the cerebellum" is no Cerebellar Neoplasms trial's); the organ is
    read beside it (:func:`_cancer_site`)."""
    vocabulary = load_vocabulary()
    return any(
        vocabulary.is_a(reading.concept.id, _NEUROEPITHELIAL) for reading in mention.readings
    )


def _histology_only(readings: Iterable[Reading]) -> bool:
    """Whether a cancer reading names only a histology ("squamous cell cancer"): the words
    before "carcinoma of the anal canal" say what kind of cancer it is, not where it is."""
    numbers = [n for r in readings for n in r.concept.tree_numbers if n.startswith("C04")]
    return bool(numbers) and all(n.startswith(HISTOLOGY_BRANCH) for n in numbers)


def _organ_processes(text: str, mentions: Sequence[Mention]) -> list[Mention]:
    """ "Coronary angiogram: severe stenosis", "pulmonary fibrosis on CT": a pathological
    process alone (a narrowing, a scarring: MeSH's C23, not a sign) says no disease; with an
    organ word among the three before it, it is the disease MeSH names for that organ
    (Coronary Stenosis), when MeSH names one outside the processes. People also write the
    organ after the process ("scarring in both his lungs", "fibrosis of the lungs") and the
    process as a verb ("his kidneys failed"): each is read as the disease MeSH or the
    organ-process table names ("lung scarring" is Pulmonary Fibrosis, ``Vocabulary.organ_process``,
    the table search reads too)."""
    words = normalize_phrase(text).split()
    found: list[Mention] = []
    for mention in mentions:
        if not _process_alone(mention):
            continue
        head = " ".join(words[mention.start : mention.end])
        before = range(mention.start - 1, max(mention.start - 4, -1), -1)
        for start, end, phrases in [
            *((at, mention.end, (f"{words[at]} {head}",)) for at in before),
            *_organ_after(words, mention.end, head),
        ]:
            readings = _organ_disease(phrases)
            if readings:
                found.append(Mention(start, end, phrases[0], readings))
                break
    for at, word in enumerate(words):
        process = _PROCESS_VERBS.get(word)
        for organ_at in range(at - 1, max(at - 4, -1), -1) if process else ():
            organ = words[organ_at]
            readings = _organ_disease((f"{organ} {process}", f"{process} of {organ}"))
            if readings:
                found.append(Mention(organ_at, at + 1, f"{organ} {process}", readings))
                break
    return found


def _measure_levels(text: str) -> list[Mention]:
    """A measure told as high or low after it, a verb between ("My blood pressure stays
    high", "his cholesterol is still high"): the disease the vocabulary names "<level>
    <measure>" (MeSH Hypertension's "High Blood Pressure"), read over the measure's words to
    the level. A word other than a verb or an adverb between ("is not high") reads none."""
    words = normalize_phrase(text).split()
    found: list[Mention] = []
    for at, word in enumerate(words):
        level = _LEVELS.get(word)
        end = at
        while level and end > 0 and words[end - 1] in _LEVEL_BETWEEN:
            end -= 1
        if not level or not _LEVEL_VERBS.intersection(words[end:at]):
            continue
        for start in range(max(end - _MEASURE_WORDS, 0), end):
            measure = " ".join(words[start:end])
            readings = load_vocabulary().lookup(f"{level} {measure}")
            if _disease_ids(readings)[0]:
                found.append(Mention(start, at + 1, f"{level} {measure}", readings))
                break
    return found


def _organ_after(
    words: Sequence[str], end: int, head: str
) -> list[tuple[int, int, tuple[str, ...]]]:
    """The organ written after a process word ending at ``end`` ("scarring in both his
    lungs"): the span from the process word to the organ word and the phrases that may name
    the disease ("lungs scarring", "scarring of lungs"); none without such an organ."""
    at = end
    if at >= len(words) or words[at] not in _ORGAN_AFTER_LINK:
        return []
    at += 1
    while at < len(words) and at < end + 5 and words[at] in _ORGAN_AFTER_FILLERS:
        at += 1
    if at >= len(words):
        return []
    organ = words[at]
    return [(end - len(head.split()), at + 1, (f"{organ} {head}", f"{head} of {organ}"))]


def _organ_disease(phrases: Iterable[str]) -> tuple[Reading, ...]:
    """The first phrase's disease outside the processes: in MeSH's words ("coronary
    stenosis") or the organ-process table's ("lung scarring")."""
    vocabulary = load_vocabulary()
    for phrase in phrases:
        readings = vocabulary.lookup(phrase)
        outside = any(
            n.startswith(DISEASE_BRANCHES) and not n.startswith(_PROCESS_BRANCH)
            for r in readings
            for n in r.concept.tree_numbers
        )
        if readings and outside and _disease_ids(readings)[1] <= 1:
            return readings
        concept = vocabulary.organ_process(phrase)
        if concept is not None:
            return (Reading(concept, "synonym"),)
    return ()


def _process_alone(mention: Mention) -> bool:
    """Whether a mention's disease readings are all pathological processes (MeSH C23, not a
    sign): a narrowing, a scarring."""
    numbers = [n for r in mention.readings for n in r.concept.tree_numbers]
    diseases = [n for n in numbers if n.startswith(DISEASE_BRANCHES)]
    return bool(diseases) and all(
        n.startswith(_PROCESS_BRANCH) and not n.startswith(_SYMPTOM_BRANCH) for n in diseases
    )


def _with_organ_cancers(text: str) -> list[Mention]:
    """The text's mentions with an organ's cancer in place of the cancer word it was read
    from ("gastric adenocarcinoma" is Stomach Neoplasms, not any adenocarcinoma) and a body
    part's injury in place of the part and the injury word (``vocabulary.part_injuries``)."""
    mentions = load_vocabulary().find_mentions(text)
    organs = _organ_cancer(text, mentions)
    replaced = {at for _, at in organs}
    for injury in [
        *part_injuries(text, mentions),
        *_organ_processes(text, mentions),
        *_measure_levels(text),
    ]:
        replaced |= set(range(injury.start, injury.end))
        organs.append((injury, injury.start))
    kept = [
        _pathology_short_form(text, m)
        for m in mentions
        if not any(m.start <= at < m.end for at in replaced)
    ]
    return sorted([*kept, *(organ for organ, _ in organs)], key=lambda m: m.start)


def _pathology_short_form(text: str, mention: Mention) -> Mention:
    """A mention read as the tumour a pathologist's short form names when the text writes it
    in capitals (:data:`_PATHOLOGY_SHORT_FORMS`: "well-differentiated NET, G1"), else as it is.

    MeSH's only reading of "NET" is Extracellular Traps, a structure of neutrophils no note
    refers a patient for, so the note's tumour was not read at all. Read after the organ's
    cancer (:func:`_organ_cancer`), so a NET keeps its histology and :func:`_cancer_site` may
    add the organ the note names beside it. Lower case ("net fluid balance") is the English
    word."""
    descriptor = _PATHOLOGY_SHORT_FORMS.get(mention.phrase)
    if descriptor is None:
        return mention
    pattern = rf"(?<![A-Za-z0-9]){re.escape(mention.phrase)}(?![A-Za-z0-9])"
    written = re.findall(pattern, text, re.IGNORECASE)
    concept = load_vocabulary().concept(descriptor)
    if concept is None or not written or any(w[:3] != w[:3].upper() for w in written):
        return mention
    return msgspec.structs.replace(
        mention, phrase=normalize_phrase(concept.name), readings=(Reading(concept, "abbreviation"),)
    )


def _written(text: str, mention: Mention) -> str:
    """The words a mention was read from, to find where the text writes it: an organ's
    cancer by its organ ("prostate" of "prostate adenocarcinoma"), a part's injury by its
    written words ("supraspinatus tear" for Rotator Cuff Injuries), any other by itself."""
    if mention.phrase.endswith(" cancer"):
        return mention.phrase.removesuffix(" cancer")
    return " ".join(normalize_phrase(text).split()[mention.start : mention.end])


def _trees(mention: Mention) -> set[str]:
    return {n[:3] for reading in mention.readings for n in reading.concept.tree_numbers}


def _ordinary_word(text: str, mention: Mention) -> bool:
    """Whether an abbreviation is only an English word, not written in capitals ("he does
    not", "All bloods normal"): clinicians write DOES or ALL when they mean the disease. A
    word the dictionary lacks is one too when every time it is written in lower case after a
    word that makes it a noun of the reader's ("I saw your ad": not AD, Alzheimer's)."""
    if any(reading.kind != "abbreviation" for reading in mention.readings):
        return False
    pattern = rf"(?<![A-Za-z0-9]){re.escape(mention.phrase)}(?![A-Za-z0-9])"
    written = list(re.finditer(pattern, text, re.IGNORECASE))
    if not written or any(match[0] == match[0].upper() for match in written):
        return False
    if mention.phrase in english_words():
        return True
    return all(_DETERMINER_BEFORE.search(text, 0, match.start()) for match in written)


# A word right before a lower-case abbreviation that makes it an ordinary noun ("your ad").
_DETERMINER_BEFORE = _cue_pattern(r"\b(?:{ordinary_word_determiners})\s+$", re.IGNORECASE)
# A title and the capitalised surname after it: "Ms Ruiz", "Mr. Haddad".
_TITLE_AND_NAME = _cue_pattern(r"\b(?:{name_titles})\.?\s+[A-Z]", re.IGNORECASE)


def _title_before_name(text: str, mention: Mention) -> bool:
    """Whether an abbreviation is only ever written as a title before a surname, in title
    case ("Ms Ruiz", "Mr. Haddad"): MS names multiple sclerosis (and MR mitral regurgitation)
    only when written otherwise ("known MS on ocrelizumab")."""
    if any(reading.kind != "abbreviation" for reading in mention.readings):
        return False
    pattern = rf"(?<![A-Za-z0-9]){re.escape(mention.phrase)}(?![A-Za-z0-9])"
    written = list(re.finditer(pattern, text, re.IGNORECASE))
    return bool(written) and all(
        match[0][:1].isupper()
        and match[0][1:].islower()
        and (title := _TITLE_AND_NAME.match(text, match.start())) is not None
        and title[0][-1].isupper()
        for match in written
    )


# A number right before a word: "3.0 mm", "75 mg", "2 cm".
_NUMBER_BEFORE = re.compile(r"\d\s*$")


def _unit_after_number(text: str, mention: Mention) -> bool:
    """Whether an abbreviation is only ever written as the unit of a number ("LAD 3.0 mm",
    "aspirin 75 mg"): MM is multiple myeloma and MS multiple sclerosis only without one. The
    criteria's unit table decides what a unit is, so "stage 4 NSCLC" stays the disease."""
    if any(reading.kind != "abbreviation" for reading in mention.readings):
        return False
    lowered = text.lower()
    pattern = rf"(?<![a-z0-9]){re.escape(mention.phrase)}(?![a-z0-9])"
    places = [found.start() for found in re.finditer(pattern, lowered)]
    units = get_unit_reader()
    return bool(places) and all(
        _NUMBER_BEFORE.search(lowered, 0, place) is not None
        and units.read(lowered, place) is not None
        for place in places
    )


# An oxygen saturation and the air it was measured on: "SpO2 97% on RA", "sats 95% RA".
_SATURATION_BEFORE = _cue_pattern(
    r"\b(?:{saturation_words}|o2\s*sat\w*)\b[^.;,]{0,12}?\d{2,3}\s*%\s*(?:on\s+)?$",
    re.IGNORECASE,
)


def _air_after_saturation(text: str, mention: Mention) -> bool:
    """Whether an abbreviation is only ever written as the air an oxygen saturation was
    measured on ("SpO2 97% on RA" is room air): RA names rheumatoid arthritis only without
    one, and a referral's vital signs say nothing of the patient's diseases."""
    if any(reading.kind != "abbreviation" for reading in mention.readings):
        return False
    lowered = text.lower()
    pattern = rf"(?<![a-z0-9]){re.escape(mention.phrase)}(?![a-z0-9])"
    places = [found.start() for found in re.finditer(pattern, lowered)]
    return bool(places) and all(
        _SATURATION_BEFORE.search(lowered, 0, place) is not None for place in places
    )


def _current_mentions(texts: Iterable[str], subject: str | None = None) -> list[_Found]:
    """Disease phrases the texts state as the patient's (or, in a carer's note, the
    relative's it is about: ``subject``), most salient first.

    Salience: the background last (a past medical history list, "history of"); then a
    disease named after a referral cue ("referred for", "asks about trials for"); then a
    disease the note says began recently (the presenting complication); then
    a specific cancer before another disease before a symptom; within a tier, the
    earlier mention (referral notes lead with the reason for referral).
    """
    found: list[_Found] = []
    texts = list(texts)
    for index, text in enumerate(texts):
        # The onset may be told just before the disease is named ("Three weeks ago my foot
        # became hot and swollen. … said it's an active Charcot foot.").
        onset = any(_RECENT_ONSET.search(told) for told in texts[max(index - 1, 0) : index + 1])
        cue = _REFERRED_FOR.search(text)
        mentions = _with_organ_cancers(text)
        # A process the sentence names a disease beside ("her lungs are scarring, it is IPF")
        # tells what the disease does: the disease leads.
        named = any(_disease_ids(m.readings)[1] <= 1 and not _process_alone(m) for m in mentions)
        for mention in mentions:
            ids, tier = _disease_ids(mention.readings)
            span = _mention_span(text, _written(text, mention))
            if (
                _ordinary_word(text, mention)
                or _an_operations_eponym(text, span)
                or _title_before_name(text, mention)
                or _unit_after_number(text, mention)
                or _air_after_saturation(text, mention)
                or _ruled_out_test(text, mention, mentions)
            ):
                continue
            if ids and _is_current(text, span, subject):
                background = _is_background(text, span) or _told_over(text, span, ids)
                # A disease (not a sign) of recent onset is what the patient comes for.
                recent = tier <= 1 and onset
                referred = (
                    tier <= 1 and cue is not None and span is not None and span[0] >= cue.end()
                )
                place = index * 10_000 + mention.start
                if (named and _process_alone(mention)) or _names_its_disease(mention, mentions):
                    place += _AFTER_THE_DISEASE
                if _kept_on_medicine(text, span, ids):
                    place += _AFTER_THE_OTHER_DISEASES
                salience = (background, not referred, not recent, tier, place)
                found.append(_Found(salience, mention.phrase, ids))
    return sorted(found, key=lambda item: item.salience)


def _names_its_disease(mention: Mention, mentions: Sequence[Mention]) -> bool:
    """Whether a process told in an organ ("her lungs are scarring", read through the
    organ-process table) has a narrower disease named in its sentence ("it is IPF"): that
    disease is what the process is, and leads."""
    if load_vocabulary().organ_process(mention.phrase) is None:
        return False
    ids = _disease_ids(mention.readings)[0]
    return any(_narrower(_disease_ids(other.readings)[0], ids) for other in mentions)


def _listed_mentions(conditions: Sequence[str]) -> list[_Found]:
    """The profile's listed conditions' diseases in the order the doctor listed them.

    The tier order that picks a note's presenting problem (a cancer before another disease)
    would put "breast cancer" before the "chemotherapy-induced peripheral neuropathy" listed
    first, and rank the cancer's trials first. A listed entry naming only signs ("weight
    loss") still comes after the entries naming a disease: it is not what a trial is for.
    """
    entries = [_current_mentions([condition]) for condition in conditions]
    order = sorted(
        range(len(entries)),
        key=lambda index: (min((f.salience[3] for f in entries[index]), default=2) > 1, index),
    )
    return [found for index in order for found in entries[index]]


def _operation_ids(readings: Iterable[Reading]) -> frozenset[str]:
    """Descriptor ids of the readings that name an operation (not "surgery" in general)."""
    return frozenset(
        reading.concept.id
        for reading in readings
        if any(number.startswith(_OPERATION_BRANCH) for number in reading.concept.tree_numbers)
    )


def _planned_operations(sentences: Sequence[str]) -> list[tuple[str, frozenset[str]]]:
    """Operations the note says the patient is having ("day of surgery after elective total
    knee arthroplasty for end-stage osteoarthritis"), and a transplant the patient has had
    ("14 months after orthotopic liver transplant", "Liver transplant 2019"): the referral is
    for the operation, or the recipient's care, as much as for the disease, and trials of
    care around an operation list the operation as their condition ("Arthroplasty,
    Replacement, Knee", "Liver Transplant; Complications"), not the disease it treats."""
    found: list[tuple[str, frozenset[str]]] = []
    told = [s for s in sentences if _PLANNED_BEFORE.search(s) or _HAD_TOLD.search(s)]
    for sentence in told:
        for mention in load_vocabulary().find_mentions(sentence):
            ids = _operation_ids(mention.readings)
            span = _mention_span(sentence, mention.phrase)
            if not ids or span is None or not _is_current(sentence, span):
                continue
            clause = _CLAUSE_BREAK.split(sentence[: span[0]])[-1]
            after = _CLAUSE_BREAK.split(sentence[span[1] :])[0]
            if (
                _PLANNED_BEFORE.search(clause)
                or _PLANNED_AFTER.match(after)
                or (
                    (_HAD_BEFORE.search(clause) or _HAD_AFTER.match(after))
                    and _names_a_transplant(mention)
                    and not _is_background(sentence, span)
                )
            ):
                found.append((mention.phrase, ids))
    return found


def _names_a_transplant(mention: Mention) -> bool:
    return any(
        n.startswith(_TRANSPLANT_BRANCH) for r in mention.readings for n in r.concept.tree_numbers
    )


def _names_a_disease(sentence: str) -> bool:
    """Whether a sentence names a disease (not only a sign) in MeSH's words (read only for a
    sentence a condition fact comes from, and not cached: it is the patient's text)."""
    return any(_disease_ids(m.readings)[1] <= 1 for m in _with_organ_cancers(sentence))


@functools.cache
def _names_a_cancer_reading(reading: str) -> bool:
    """Whether a one-way reading of the search vocabulary names a specific cancer ("colon
    cancer"): read in a note for it. A disease reading of people's words ("periods stopped"
    → amenorrhoea) would lead a menopause note, which no amenorrhoea trial is for."""
    return any(_disease_ids(m.readings)[1] == 0 for m in _with_organ_cancers(reading))


@functools.cache
def _lexicon_conditions() -> dict[str, str]:
    """The criteria lexicon's conditions by id, each with its first (preferred) name."""
    return {
        concept.id: concept.names[0]
        for concept in load_lexicon().concept_table.concepts
        if concept.category == "condition" and concept.names
    }


def _implied_diseases(
    facts: PatientFacts, sentences: Sequence[str], read: Sequence[_Found]
) -> list[_Found]:
    """Diseases the note states only by what shows them ("IGRA positive, chest X-ray clear"
    is latent tuberculosis): the patient's facts (the one clinical-text reading, with its
    negation and history) name a condition in a sentence where no disease is named in
    MeSH's words, and MeSH knows the condition by the lexicon's name. Each takes the place
    of the end of its sentence."""
    vocabulary = load_vocabulary()
    known = {i for found in read for i in found.ids}
    implied: list[_Found] = []
    # A sentence holds several facts; whether it names a disease is read once.
    names_a_disease: dict[str, bool] = {}
    for fact in facts.facts:
        name = _lexicon_conditions().get(fact.concept or "")
        if name is None or fact.negated or fact.historical or fact.uncertain:
            continue
        if fact.evidence not in sentences:
            continue
        if fact.evidence not in names_a_disease:
            names_a_disease[fact.evidence] = _names_a_disease(fact.evidence)
        if names_a_disease[fact.evidence]:
            continue
        phrase = normalize_phrase(name)
        ids, tier = _disease_ids(vocabulary.lookup(phrase))
        if ids and tier <= 1 and not ids & known:
            known |= ids
            place = sentences.index(fact.evidence) * 10_000 + 9_999
            implied.append(_Found((False, True, True, tier, place), phrase, ids))
    return implied


# What a cancer does or how far it has gone, not a cancer ("extracapsular extension",
# "neoplasm invasiveness"): MeSH's Neoplastic Processes.
_CANCER_FEATURE_BRANCH = "C04.697"


class _ScoreCancer(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    analyte: str
    cancer: str
    source: str


class _ScoreCancers(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    version: str
    description: str
    cancers: list[_ScoreCancer]


@functools.cache
def _score_cancers() -> dict[str, str]:
    """The cancer each site's own score shows (``data/score_cancers.json``), by analyte."""
    data = (resources.files("trialfinder") / "data" / "score_cancers.json").read_bytes()
    try:
        table = msgspec.json.decode(data, type=_ScoreCancers)
    except (msgspec.DecodeError, msgspec.ValidationError) as error:
        raise ValueError(f"score_cancers.json: {error}") from None
    return {entry.analyte: entry.cancer for entry in table.cancers}


def _a_cancer_feature(ids: Iterable[str]) -> bool:
    """Whether the descriptors name only what a cancer does ("extracapsular extension"),
    no cancer itself: each of their Neoplasms tree numbers is a neoplastic process."""
    numbers = [number for number in _tree_numbers(ids) if number.startswith(_NEOPLASMS)]
    return bool(numbers) and all(n.startswith(_CANCER_FEATURE_BRANCH) for n in numbers)


def _tree_numbers(ids: Iterable[str]) -> list[str]:
    """The MeSH tree numbers of the descriptors the vocabulary knows."""
    vocabulary = load_vocabulary()
    return [
        number
        for descriptor_id in ids
        if (concept := vocabulary.concept(descriptor_id)) is not None
        for number in concept.tree_numbers
    ]


def _score_cancer(
    facts: PatientFacts, sentences: Sequence[str], read: Sequence[_Found]
) -> list[_Found]:
    """The cancer a note shows only by its site's own score ("Gleason 4+4=8 (7/12 cores)"
    is a prostate cancer): a current score fact of an analyte of ``data/score_cancers.json``
    in a note that names no cancer (a feature of one, "extracapsular extension", is no
    cancer). It leads as a specific cancer told in the score's sentence, and before a
    feature of the cancer the note tells first, which is its detail."""
    vocabulary = load_vocabulary()
    cancers = [found for found in read if _names_a_cancer(found.ids)]
    if any(not _a_cancer_feature(found.ids) for found in cancers):
        return []
    for fact in facts.facts:
        if fact.measurement is None or fact.negated or fact.historical or fact.uncertain:
            continue
        cancer = _score_cancers().get(fact.measurement.analyte)
        if cancer is None or fact.evidence not in sentences:
            continue
        ids, tier = _disease_ids(vocabulary.lookup(cancer))
        if not ids or tier != 0:
            continue
        salience = (False, True, True, tier, sentences.index(fact.evidence) * 10_000 + 9_999)
        leading = [found.salience for found in cancers if not found.salience[0]]
        if leading and min(leading) < salience:
            first = min(leading)
            salience = (*first[:4], first[4] - 1)
        return [_Found(salience, cancer, ids)]
    return []


class _ShownBy(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The disease an entry of ``data/shown_diseases.json`` shows, and the guideline saying so."""

    disease: str
    source: str


class _ResultDisease(_ShownBy, frozen=True, forbid_unknown_fields=True):
    """A measured result at or above a threshold that diagnoses the disease (AHI ≥ 5)."""

    analyte: str
    at_least: Annotated[float, msgspec.Meta(gt=0)]


class _TestDisease(_ShownBy, frozen=True, forbid_unknown_fields=True):
    """A test whose positive result diagnoses the disease (an AFB smear)."""

    tests: _CueList
    results: _CueList


class _MedicineDisease(_ShownBy, frozen=True, forbid_unknown_fields=True):
    """Medicines, one of each group, that only the disease explains together."""

    medicines: Annotated[list[_CueList], msgspec.Meta(min_length=2)]


class _ShownDiseases(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    version: str
    description: str
    not_positive_words: _CueList
    results: list[_ResultDisease]
    tests: list[_TestDisease]
    combinations: list[_MedicineDisease]


@functools.cache
def _shown_disease_table() -> _ShownDiseases:
    """What shows a disease the note does not name (``data/shown_diseases.json``)."""
    data = (resources.files("trialfinder") / "data" / "shown_diseases.json").read_bytes()
    try:
        return msgspec.json.decode(data, type=_ShownDiseases)
    except (msgspec.DecodeError, msgspec.ValidationError) as error:
        raise ValueError(f"shown_diseases.json: {error}") from None


@functools.cache
def _positive_tests() -> tuple[tuple[re.Pattern[str], re.Pattern[str], str], ...]:
    """Each diagnostic test's name and positive results as patterns, with its disease."""
    return tuple(
        (
            re.compile(rf"(?<!\w)(?:{phrase_alternation(entry.tests)})(?!\w)", re.IGNORECASE),
            re.compile(rf"(?<!\w)(?:{phrase_alternation(entry.results)})(?!\w)", re.IGNORECASE),
            entry.disease,
        )
        for entry in _shown_disease_table().tests
    )


# A test's result is read up to the end of its sentence part.
_RESULT_END = re.compile(r"[;.]")


@functools.cache
def _not_positive() -> re.Pattern[str]:
    """What between a test and its result says the result is not positive ("AFB smear
    negative, Xpert not detected", "AFB: none seen")."""
    words = phrase_alternation(_shown_disease_table().not_positive_words)
    return re.compile(rf"(?<!\w)(?:{words})(?!\w)", re.IGNORECASE)


def _test_shown(sentence: str, subject: str | None) -> list[str]:
    """The diseases a positive diagnostic test in ``sentence`` shows ("Sputum AFB smear 2+")."""
    shown: list[str] = []
    for test, result, disease in _positive_tests():
        for named in test.finditer(sentence):
            span = named.span()
            if not _is_current(sentence, span, subject) or _is_background(sentence, span):
                continue
            after = _RESULT_END.split(sentence[span[1] :], maxsplit=1)[0]
            told = result.search(after)
            if told is not None and not _not_positive().search(after[: told.start()]):
                shown.append(disease)
                break
    return shown


def _shown_by(
    facts: PatientFacts, sentences: Sequence[str], subject: str | None
) -> list[tuple[int, str]]:
    """Each disease the note's tests or medicines show, with the sentence telling it (the
    profile's own medicines count as told after the note)."""
    table = _shown_disease_table()
    current = [
        fact for fact in facts.facts if not (fact.negated or fact.historical or fact.uncertain)
    ]

    def place(fact: Fact) -> int:
        return sentences.index(fact.evidence) if fact.evidence in sentences else len(sentences)

    shown: list[tuple[int, str]] = []
    for fact in current:
        measured = fact.measurement
        if measured is None or fact.evidence not in sentences or measured.comparator[0] == "<":
            continue
        for entry in table.results:
            if entry.analyte == measured.analyte and measured.value >= entry.at_least:
                shown.append((place(fact), entry.disease))
    for index, sentence in enumerate(sentences):
        shown.extend((index, disease) for disease in _test_shown(sentence, subject))
    for combination in table.combinations:
        told = [
            [place(fact) for fact in current if fact.concept in group]
            for group in combination.medicines
        ]
        if all(told):
            shown.append((max(min(places) for places in told), combination.disease))
    return sorted(shown)


def _related(ids: frozenset[str], other: Iterable[str]) -> bool:
    vocabulary = load_vocabulary()
    return any(vocabulary.is_a(a, b) or vocabulary.is_a(b, a) for a in ids for b in other)


def _shown_diseases(
    facts: PatientFacts,
    sentences: Sequence[str],
    read: Sequence[_Found],
    subject: str | None = None,
) -> list[_Found]:
    """Diseases the note shows only by a test whose positive result diagnoses them ("Sputum
    AFB smear 2+", "AHI 22/h") or by medicines only they explain together ("co-careldopa and
    ropinirole"), by ``data/shown_diseases.json``, where neither the note nor the listed
    conditions name the disease or a narrower one, nor deny it. Each is told at the end of its
    sentence: it leads when every disease the note writes is kept on its medicines ("Type 2
    diabetes on metformin") or broader than it ("movement disorders"), going before such a
    broader one; otherwise the disease the note writes is what it is about, and the shown one is
    not added (as a comorbidity it only brings other trials: fresh19's sleep study read as high
    blood pressure with sleep apnoea ranked its trial 15th, not 8th)."""
    vocabulary = load_vocabulary()
    known = {i for found in read for i in found.ids}
    denied = {
        i
        for fact in facts.facts
        if fact.negated and (name := _lexicon_conditions().get(fact.concept or "")) is not None
        for i in _disease_ids(vocabulary.lookup(normalize_phrase(name)))[0]
    }
    shown: list[_Found] = []
    for index, disease in _shown_by(facts, sentences, subject):
        ids, tier = _disease_ids(vocabulary.lookup(disease))
        if not ids or tier > 1 or _related(ids, denied):
            continue
        if any(vocabulary.is_a(k, i) for k in known for i in ids):
            continue
        written = [f for f in read if not f.salience[0] and f.salience[3] <= 1]
        broader = [f for f in written if any(vocabulary.is_a(i, k) for i in ids for k in f.ids)]
        leading = [
            f for f in written if f not in broader and f.salience[4] < _AFTER_THE_OTHER_DISEASES
        ]
        if leading:
            continue
        salience = (False, True, True, tier, index * 10_000 + 9_999)
        if broader:
            first = min(f.salience for f in broader)
            salience = (*first[:3], min(first[3], tier), first[4] - 1)
        known |= ids
        shown.append(_Found(salience, normalize_phrase(disease), ids))
    return shown


def _medicine_diseases(
    facts: PatientFacts,
    sentences: Sequence[str],
    medications: Sequence[str],
    read: Sequence[_Found],
    subject: str | None = None,
) -> list[_Found]:
    """Diseases the note shows only by its medicines ("metformin 1 g BD, gliclazide 80 mg BD"
    is type 2 diabetes; "montelukast" asthma): a medicine given for one chronic disease (the
    vocabulary's medicine → indication table) that the note names as taken now, whose disease
    neither the note nor the listed conditions name, nor a disease of its family ("type 1
    diabetes" on metformin is the patient's own). Each is read as background, like a past
    history list, at the end of its sentence: a disease (or a sign, "morbid obesity") the note
    names leads; the profile's medications come after the note. A medicine the patient's facts
    (the one clinical-text reading) give as stopped or denied ("metformin was stopped in
    2019") shows nothing."""
    vocabulary = load_vocabulary()
    known = {i for found in read for i in found.ids}
    ended = {(f.evidence, f.concept) for f in facts.facts if f.negated or f.historical}
    shown: list[_Found] = []
    texts = [*sentences, *medications]
    for index, text in enumerate(texts):
        listed = index >= len(sentences)
        for mention in vocabulary.find_mentions(text):
            for reading in mention.readings:
                disease = vocabulary.indication_of(reading.concept.id, mention.phrase)
                if disease is None or disease.id in known:
                    continue
                family = {parent.id for parent in vocabulary.ancestors(disease.id, levels=1)}
                if any(vocabulary.is_a(k, f) for k in known for f in family | {disease.id}):
                    continue
                if not listed:
                    span = _mention_span(text, _written(text, mention))
                    if not _is_current(text, span, subject) or _is_background(text, span):
                        continue
                    if span is not None and any(
                        (text, named.concept) in ended
                        for named in named_medicines(text)
                        if named.start < span[1] and span[0] < named.end
                    ):
                        continue
                known.add(disease.id)
                place = index * 10_000 + 9_999
                phrase = normalize_phrase(disease.name)
                shown.append(_Found((True, True, True, 1, place), phrase, frozenset({disease.id})))
    return shown


def _narrower(ids: frozenset[str], than: frozenset[str]) -> bool:
    vocabulary = load_vocabulary()
    return any(vocabulary.is_a(a, b) and a != b for a in ids for b in than)


def patient_conditions(
    profile: PatientProfile, facts: PatientFacts | None = None
) -> PatientConditions:
    """The main condition and the comorbidities of a profile and its note.

    The profile's first condition is the main one when given (the doctor chose
    the order); otherwise the note's first current disease, made narrower by a
    later mention below it in MeSH ("tumour" … "medulloblastoma"). ``facts`` are the
    profile's (:func:`~trialfinder.patient.extract_facts`; read here when not given).
    """
    # The note and the listed conditions in the clinical words of the search vocabulary's
    # one-way readings that name a cancer ("adenocarcinoma of the caecum" is a colon cancer,
    # "SCC of the lung" a squamous lung cancer): the same reading search gives them.
    sentences = [
        read_one_way(sentence, _names_a_cancer_reading)
        for sentence in (split_sentences(profile.note) if profile.note else [])
    ]
    listed = _listed_mentions(
        [read_one_way(c, _names_a_cancer_reading) for c in profile.conditions]
    )
    carer = caregiver_subject(sentences)
    noted = _current_mentions(sentences, carer.relative if carer else None)
    facts = facts or extract_facts(profile)
    implied = _implied_diseases(facts, sentences, listed + noted)
    scored = _score_cancer(facts, sentences, listed + noted + implied)
    implied += scored
    implied += _shown_diseases(
        facts, sentences, listed + noted + implied, carer.relative if carer else None
    )
    implied += _medicine_diseases(
        facts,
        sentences,
        profile.medications,
        listed + noted + implied,
        carer.relative if carer else None,
    )
    suspected = _suspected_cancers(sentences, listed + noted)
    needs = _supportive_need(sentences, [*noted, *suspected])
    preterm = _preterm_birth(sentences, facts)
    noted = sorted([*noted, *implied, *suspected, *needs, *preterm], key=lambda item: item.salience)
    mentions = listed + noted
    # A disease the note shows only by its tests is stated in the lexicon's words too: the
    # trial's "Latent Tuberculosis" is the note's "IGRA positive".
    text = " ".join([*profile.conditions, *sentences, *(found.phrase for found in implied)])
    if not mentions:
        # Words the vocabulary does not know are still what the doctor called the disease.
        return PatientConditions(
            main=profile.conditions[:1],
            others=profile.conditions[1:],
            words=frozenset(_words(text)),
            markers=marker_statuses(text),
            extents=_patient_extents(text),
            settings=note_settings(text),
            text=" ".join(sentences),
        )
    main_phrases = [mentions[0].phrase]
    main_ids = mentions[0].ids
    # Tumour markers state a cancer's subtype: when the patient comes for another disease
    # (a cancer in remission, the diabetes asked about) they are the comorbidity's, and
    # would rank that cancer's trials first.
    a_cancer = _names_a_cancer(main_ids)
    markers = marker_statuses(text) if a_cancer else {}
    histologies = _stated_histologies(text) if a_cancer else frozenset()
    # A "lump" the note later calls "an invasive cancer" is read as one disease (the same
    # descriptor): its words together say whether it is malignant.
    named = " ".join(found.phrase for found in mentions if found.ids == main_ids)
    site = _cancer_site(main_ids, sentences, named)
    if site is not None:
        main_phrases.insert(0, site.phrase)
        main_ids = main_ids | site.ids
    # A cancer shown by its score keeps what the note tells of it as its detail.
    detail = bool(scored) and mentions[0] == scored[0]
    for _, phrase, ids in mentions[1:]:
        if _narrower(ids, main_ids) or (detail and _a_cancer_feature(ids)):
            main_phrases.append(phrase)
            main_ids = main_ids | ids
    for phrase in main_phrases:
        main_ids = main_ids | _whole_organ_cancer(phrase, main_ids)
    others: list[str] = []
    other_ids: set[str] = set()
    for _, phrase, ids in mentions[1:]:
        combined = _combined_disease(main_ids, ids)
        if combined is not None:
            # The patient is referred for the disease the two make ("T2DM" and a "plantar
            # ulcer" are a diabetic foot); what it was made of stays as comorbidities.
            others, other_ids = [*main_phrases, phrase], set(main_ids | ids)
            main_phrases, main_ids = [combined.name], frozenset({combined.id})
            break
    for phrase, ids in _planned_operations(sentences):
        main_phrases.append(phrase)
        main_ids = main_ids | ids
    signs: set[str] = set()
    for salience, phrase, ids in mentions[1:]:
        if a_cancer and _response_short_form(phrase, ids, text):
            continue
        if phrase not in main_phrases and not ids <= main_ids and phrase not in others:
            others.append(phrase)
            other_ids |= ids
            if salience[3] > 1:
                signs.add(phrase)
    return PatientConditions(
        main=main_phrases,
        main_ids=main_ids,
        others=others,
        other_ids=frozenset(other_ids - main_ids),
        other_signs=frozenset(signs),
        words=frozenset(_words(text)),
        markers=markers,
        extents=_patient_extents(text),
        settings=note_settings(text),
        histologies=histologies,
        newborn=facts.age is None and bool(preterm),
    )


def _response_short_form(phrase: str, ids: frozenset[str], text: str) -> bool:
    """Whether a mention is a response's short form the text never writes out as the disease
    the vocabulary reads it as: "PD on CT 18 Nov" in a cancer note is progressive disease
    (RECIST 1.1), not Parkinson's disease, unless the note names "Parkinson"."""
    if phrase not in _RESPONSE_SHORT_FORMS:
        return False
    vocabulary = load_vocabulary()
    written = f" {normalize_phrase(text)}"
    names = [normalize_phrase(c.name).split()[0] for i in ids if (c := vocabulary.concept(i))]
    return not any(f" {name}" in written for name in names if name)


def _negated_histologies(lowered: str) -> set[str]:
    """The histologies ``lowered`` names only the other side of: "non-squamous"."""
    return {found.group("histology") for found in _NEGATED_HISTOLOGY.finditer(lowered)}


def _stated_histologies(text: str) -> frozenset[str]:
    """The negatable histologies the text states itself ("squamous cell carcinoma of the
    lung"), none it also names only the other side of ("non-squamous NSCLC")."""
    lowered = text.lower()
    bare = _NEGATED_HISTOLOGY.sub(" ", lowered)
    stated = {found.group("histology") for found in _HISTOLOGY.finditer(bare)}
    return frozenset(stated - _negated_histologies(lowered))


def _patient_extents(text: str) -> frozenset[Extent]:
    """How far the note's cancer has spread: its stage cues, or metastatic when it tells the
    cancer came back in or spread to a distant organ ("it came back in her liver"), the
    furthest extent as when its cues disagree."""
    return frozenset[Extent]({"metastatic"}) if told_spread(text) else note_extents(text)


def _whole_organ_cancer(phrase: str, site_ids: frozenset[str]) -> frozenset[str]:
    """The cancer of the organ that the organ part of a cancer's name (``phrase``: "sigmoid
    cancer") belongs to, where MeSH names the part "Organ, Part" ("Colon, Sigmoid") and files
    the part's cancer below the organ's (Sigmoid Neoplasms below Colonic Neoplasms): trials
    list the organ's cancer ("Colorectal Cancer"), seldom its part's, and the organ's cancer
    brings the diseases above it to the search (:func:`_parents`). An organ that is no part
    so named (Kidney, in the Urinary Tract) takes nothing above it."""
    vocabulary = load_vocabulary()
    written = normalize_phrase(phrase)
    if not written.endswith(" cancer"):
        return frozenset()
    parts = [
        reading.concept
        for reading in vocabulary.lookup(written.removesuffix(" cancer"))
        if any(n.startswith("A") for n in reading.concept.tree_numbers)
    ]
    for part in parts:
        for organ in vocabulary.ancestors(part.id, levels=1):
            if not part.name.startswith(organ.name + ","):
                continue
            whole, tier = _disease_ids(vocabulary.lookup(f"{normalize_phrase(organ.name)} cancer"))
            if tier == 0 and any(vocabulary.is_a(i, w) and i != w for i in site_ids for w in whole):
                return whole
    return frozenset()


def _names_a_cancer(ids: Iterable[str]) -> bool:
    """Whether any of the descriptors is a neoplasm (MeSH C04), the diseases markers type."""
    vocabulary = load_vocabulary()
    return any(
        number.startswith("C04")
        for descriptor_id in ids
        if (concept := vocabulary.concept(descriptor_id)) is not None
        for number in concept.tree_numbers
    )


def _subtype_parents(descriptor_id: str) -> set[str]:
    """The descriptor and the disease it is a subtype of, where MeSH names it "Parent,
    Qualifier" ("Diabetes Mellitus, Type 2" → Diabetes Mellitus): a type of a disease has the
    complications of that disease, a disease merely filed under another does not."""
    vocabulary = load_vocabulary()
    concept = vocabulary.concept(descriptor_id)
    if concept is None:
        return set()
    above = {number.rpartition(".")[0] for number in concept.tree_numbers if "." in number}
    return {descriptor_id} | {
        ancestor.id
        for ancestor in vocabulary.ancestors(descriptor_id)
        if above.intersection(ancestor.tree_numbers)
        and concept.name.startswith(ancestor.name + ",")
    }


def _combined_disease(first: frozenset[str], second: frozenset[str]) -> Concept | None:
    """The one disease MeSH files below both of the patient's conditions, if there is one.

    A note names the parts of a diagnosis more often than its name: "T2DM ... plantar
    ulcer" is a diabetic foot (below Diabetes Mellitus and Foot Ulcer), "heart failure ...
    CKD" a cardio-renal syndrome. Only a single such disease counts: two conditions that
    meet in several places say nothing certain about which one the patient has. And only one
    its parts name (:func:`_named_by_parts`): MeSH also files below morbid obesity and sleep
    apnoea the obesity hypoventilation syndrome, whose defining hypoventilation neither part
    states, and below an epithelial ovarian cancer a type (endometrioid) the note never said.
    """
    vocabulary = load_vocabulary()

    def below(ids: frozenset[str]) -> set[str]:
        lifted = {parent for descriptor_id in ids for parent in _subtype_parents(descriptor_id)}
        return lifted | {c.id for i in lifted for c in vocabulary.descendants(i)}

    if not first or not second or first & second:
        return None
    shared = (below(first) & below(second)) - first - second
    shared = {i for i in shared if not any(vocabulary.is_a(j, i) for j in first | second)}
    if len(shared) != 1:
        return None
    combined = vocabulary.concept(shared.pop())
    if combined is None or not _named_by_parts(combined, first | second):
        return None
    return combined


def _named_by_parts(combined: Concept, parts: frozenset[str]) -> bool:
    """Whether every word of the combined disease's name is a word of a part's names (its
    MeSH name and synonyms), compared by their first five letters ("diabetic" is diabetes's,
    "cardio" cardiac's). A complication of one part at the other's site is named by the two
    ("Diabetic Foot"); a disease with a word neither part names ("Obesity Hypoventilation
    Syndrome", "Anal Gland Neoplasms") has a defining feature the note has not stated.
    """
    vocabulary = load_vocabulary()
    names = [
        name
        for descriptor_id in parts
        if (concept := vocabulary.concept(descriptor_id)) is not None
        for name in (concept.name, *vocabulary.synonyms(descriptor_id))
    ]
    stems = {word[:5] for word in _words(" ".join(names))}
    # ``_words`` leaves out the generic words ("syndrome", "disease") a name adds to its parts.
    return all(word[:5] in stems for word in _words(combined.name))


def _cancer_site(ids: frozenset[str], sentences: Sequence[str], named: str = "") -> _Found | None:
    """The organ of a cancer the note names only by its histology, or only as a cancer
    (``named``, the main condition's words: "the biopsy says cancer", not a "lump").

    "Palpable breast mass. Core biopsy: invasive ductal carcinoma": trials list the
    site (Breast Neoplasms). An organ named in a clause with a mass word ("a lump in the
    gallbladder", "growth in the larynx") is taken first; else the first organ the note
    names. An organ the clause denies ("no liver lesions") or finds clear ("lungs clear",
    "MRI brain clear"), a body fluid or the blood ("vomiting blood": no carcinoma's site)
    is never taken; an organ MeSH has no cancer of
    takes the nearest organ above it that has one (brain stem → brain). An organ word that
    names one of two organs is read by the note's other words ("cervical" is the cervix in a
    note of the female pelvis, "antrum" the stomach's after a gastroscopy). A histology MeSH
    also files under one site ("invasive ductal carcinoma" is Carcinoma, Ductal, Breast)
    takes only that site; one MeSH files under no organ takes the organ the vocabulary's
    histology table gives it (a cholangiocarcinoma beside the liver or the portal vein is a
    biliary tract cancer), or an organ of the note within it.
    """
    vocabulary = load_vocabulary()
    numbers = [n for i in ids if (c := vocabulary.concept(i)) for n in c.tree_numbers]
    malignant = _MALIGNANT_WORDS.search(named) is not None
    unnamed = [
        n for n in numbers if n.startswith(HISTOLOGY_BRANCH) or (malignant and n == _NEOPLASMS)
    ]
    if not unnamed:
        return None
    sited = len(unnamed) < len(numbers)
    # A histology MeSH files under no organ whose organ the Disease Ontology gives
    # (Cholangiocarcinoma: Biliary Tract Neoplasms) takes an organ of the note only within it;
    # none when the note's words name that organ's cancer already ("bile duct adenocarcinoma").
    known = [
        site
        for i in sorted(ids)
        if (site := vocabulary.histology_site(i)) is not None
        and not any(vocabulary.is_a(other, site.id) for other in ids)
    ]
    first: _Found | None = None
    for _, found, massed in _organ_sites(ids, sentences, sited):
        if known and not any(vocabulary.is_a(i, s.id) for i in found.ids for s in known):
            continue
        if massed:
            return found
        first = first or found
    if first is None and known:
        return _Found(
            (False, True, True, 0, 0), normalize_phrase(known[0].name), frozenset({known[0].id})
        )
    return first


def _organ_sites(
    ids: frozenset[str], sentences: Sequence[str], sited: bool
) -> Iterator[tuple[int, _Found, bool]]:
    """Each organ the note names (not denied, not a body fluid, not the part word of "the
    head of the pancreas") as the cancer of that organ, with its sentence's index and
    whether a mass word is in its clause ("a lump in the gallbladder")."""
    vocabulary = load_vocabulary()
    read = [
        (sentence, normalize_phrase(sentence).split(), vocabulary.find_mentions(sentence))
        for sentence in _with_context_organs(sentences)
    ]
    spread = _spread_organs(read)
    for index, (sentence, words, mentions) in enumerate(read):
        organ_starts = {m.start for m in mentions if "A" in {t[0] for t in _trees(m)}}
        for mention in mentions:
            organs = _site_organs(mention)
            if not organs or spread & {organ.id for organ in organs}:
                continue
            if _part_of_organ(words, mention.end, organ_starts):
                continue
            span = _mention_span(sentence, mention.phrase)
            clause = _CLAUSE_BREAK.split(sentence[: span[1]] if span else sentence)[-1]
            after = _CLAUSE_BREAK.split(sentence[span[1] :])[0] if span else ""
            # The organ's finding may follow a colon, a clause break otherwise: "liver: normal".
            finding = _CLAUSE_BREAK.split(sentence[span[1] :].lstrip(": "))[0] if span else ""
            if _NEGATION_BEFORE.search(clause) or _CLEAR_AFTER.match(finding):
                continue
            found = _organ_cancer_found(mention.phrase, organs, ids, sited)
            if found is None:
                continue
            yield index, found, _MASS_WORDS.search(clause + " " + after) is not None


def _site_organs(mention: Mention) -> list[Concept]:
    """The organs (MeSH Anatomy) a mention may be read as, none a body fluid or the blood."""
    return [
        r.concept
        for r in mention.readings
        if any(n.startswith("A") for n in r.concept.tree_numbers)
        and not any(n.startswith(_NOT_A_SITE) for n in r.concept.tree_numbers)
    ]


def _spread_organs(read: Sequence[tuple[str, list[str], Sequence[Mention]]]) -> frozenset[str]:
    """The organs the note names as where its cancer has spread: written just before a word
    of spread ("bilateral lung mets") or listed after one ("2 metastatic sites: L iliac bone
    lesion and a single R adrenal met"). Such an organ is no site of the primary anywhere in
    the note: the "lung wedge specimen" of a note with lung mets is the metastasis's tissue."""
    organs: set[str] = set()
    for sentence, words, mentions in read:
        lists = [found.span() for found in _SPREAD_LIST.finditer(sentence)]
        for mention in mentions:
            following = words[mention.end] if mention.end < len(words) else ""
            span = _mention_span(sentence, mention.phrase)
            listed = span is not None and any(
                start <= span[0] and span[1] <= end for start, end in lists
            )
            if following.startswith("met") or listed:
                organs.update(organ.id for organ in _site_organs(mention))
    return frozenset(organs)


def _suspected_cancers(sentences: Sequence[str], read: Sequence[_Found]) -> list[_Found]:
    """The cancer a note works up before naming it: "2 cm mass in the head of the pancreas
    ... CA 19-9 840 ... biopsy pending", "a spot on the right lung ... whether to take a
    needle sample". A mass of an organ with a tumour marker, a biopsy awaited or the question
    of its removal (:data:`_TUMOUR_WORK_UP`) is the cancer suspected in that organ, which the
    trials for it (its diagnosis, its drainage, its treatment) list; it leads as a named
    cancer would, where the note is read only as its signs ("itching") or an incidental
    finding ("kidney stone"). Not read when the note already names a cancer (its own organ
    is found by :func:`_cancer_site`; "cancer" or "tumour" alone, as in "tumour board", names
    none) or calls the mass benign."""
    note = " ".join(sentences)
    if not _TUMOUR_WORK_UP.search(note) or _BENIGN.search(note):
        return []
    if any(found.salience[3] == 0 for found in read):
        return []
    for index, found, massed in _organ_sites(frozenset(), sentences, sited=False):
        if massed:
            return [found._replace(salience=(False, True, True, 0, index * 10_000))]
    return []


def _supportive_need(sentences: Sequence[str], read: Sequence[_Found]) -> list[_Found]:
    """The supportive-care need of a cancer patient on treatment: the vomiting of a
    chemotherapy cycle, the numb fingers since one, the appetite and weight lost while on it
    (:data:`_SUPPORTIVE_NEEDS`, in a sentence that says the treatment is going on or the one
    after it). Such a note is about the symptom, and its trial (an antiemetic, a neuropathy or
    an anorexia-cachexia study) lists the symptom as its condition, not the cancer, whose
    treatment trials would rank first were the cancer read as the need. The need leads; the
    cancer stays a condition of the patient. Not read when the note names no cancer, when it
    refers the patient for a disease ("referred for second-line trials for her cancer"), or
    for a symptom denied or called mild."""
    if not any(found.salience[3] == 0 for found in read):
        return []
    if any(not found.salience[1] for found in read):
        return []
    vocabulary = load_vocabulary()
    for index, sentence in enumerate(sentences):
        window = " ".join(sentences[max(index - 1, 0) : index + 1])
        if not _ON_TREATMENT.search(window):
            continue
        found = [
            (match.start(), phrase, match)
            for phrase, pattern in _SUPPORTIVE_NEEDS
            for match in pattern.finditer(sentence)
        ]
        for _, phrase, match in sorted(found, key=lambda item: item[0]):
            clause = _CLAUSE_BREAK.split(sentence[: match.start()])[-1]
            if _NEGATION_BEFORE.search(clause) or _MILD_BEFORE.search(clause):
                continue
            if not _is_current(sentence, match.span()):
                continue
            ids, _ = _disease_ids(vocabulary.lookup(phrase))
            if ids:
                return [_Found((False, False, False, 0, -1), phrase, ids)]
    return []


def _preterm_birth(sentences: Sequence[str], facts: PatientFacts) -> list[_Found]:
    """A newborn's birth before term: "born at 27+2 weeks" in a note about an infant (no age
    stated, or under a year) is what the note is about, a preterm birth, and leads (the
    mother's pre-eclampsia it was delivered for is hers, the baby's jaundice a complication).
    An older patient's "born at 30 weeks" is history, not read."""
    if facts.age is not None and facts.age >= 1:
        return []
    for sentence in sentences:
        for match in _BORN_AT_WEEKS.finditer(sentence):
            if int(match["weeks"]) < _TERM_WEEKS:
                ids, _ = _disease_ids(load_vocabulary().lookup(_PRETERM_BIRTH))
                return [_Found((False, False, False, 0, -1), _PRETERM_BIRTH, ids)] if ids else []
    return []


def _part_of_organ(words: Sequence[str], end: int, organ_starts: set[int]) -> bool:
    """Whether the organ word ending at ``end`` is a part of the organ named after it: "the
    head of (the) pancreas", "the body of the stomach" say where in that organ the growth
    is, and the organ after "of" is the cancer's site, not the head or the body."""
    at = end + 1 if end < len(words) and words[end] == "of" else None
    if at is not None and at < len(words) and words[at] == "the":
        at += 1
    return at is not None and at in organ_starts


def _with_context_organs(sentences: Sequence[str]) -> list[str]:
    """The sentences with each organ word that names one of two organs written as the organ
    the rest of the note places it in ("cervical growth" → "cervix growth" in a note of the
    female pelvis); left as written when the note does not say which."""
    note = " ".join(sentences)
    written = list(sentences)
    for word, organ, context in _CONTEXT_ORGANS:
        if context.search(note):
            written = [word.sub(organ, sentence) for sentence in written]
    return written


def _organ_cancer_found(
    phrase: str, organs: Sequence[Concept], ids: frozenset[str], sited: bool
) -> _Found | None:
    """The cancer of the organ named ``phrase`` (or of the nearest organ above it that MeSH
    has a cancer of, two levels at most), fitting the histology's own site when it has one."""
    vocabulary = load_vocabulary()
    # An organ written in other words than MeSH's (a lay "food pipe" is the Esophagus) is
    # tried by its MeSH name before the organs above it: "food pipe cancer" is no entry term,
    # "esophagus cancer" is. (A spelling of MeSH's own words, "brainstem", is not: it keeps
    # the organ above it, Brain, its test asks for; Brain Stem Neoplasms is left unmeasured.)
    names = [phrase] + [
        normalize_phrase(above.name)
        for organ in organs
        for above in [
            *([organ] if _other_words(phrase, organ.name) else []),
            *vocabulary.ancestors(organ.id, levels=_SITE_LEVELS_UP),
        ]
    ]
    for name in names:
        site_ids, tier = _disease_ids(vocabulary.lookup(f"{name} cancer"))
        if tier == 0 and (
            not sited or any(vocabulary.is_a(i, site) for i in ids for site in site_ids)
        ):
            return _Found((False, True, True, 0, 0), f"{name} cancer", site_ids)
    return None


def _other_words(phrase: str, name: str) -> bool:
    """Whether a written organ is other words than its MeSH name, not its spelling."""
    return phrase.replace(" ", "") != normalize_phrase(name).replace(" ", "")


def _parents(ids: Iterable[str]) -> list[str]:
    """Names of the diseases directly above these descriptors in MeSH: a note's "alcoholic
    cirrhosis" must also find the trial for "Decompensated Cirrhosis" (Liver Cirrhosis)."""
    vocabulary = load_vocabulary()
    names: list[str] = []
    for descriptor_id in sorted(ids):
        concept = vocabulary.concept(descriptor_id)
        if concept is None:
            continue
        above = {number.rpartition(".")[0] for number in concept.tree_numbers if "." in number}
        for ancestor in vocabulary.ancestors(descriptor_id):
            direct = above.intersection(ancestor.tree_numbers)
            disease = any(n.startswith(DISEASE_BRANCHES) for n in direct)
            if disease and ancestor.name not in names:
                names.append(ancestor.name)
    return names


@functools.lru_cache(maxsize=4096)
def _condition_reading(condition: str) -> tuple[frozenset[str], frozenset[str]]:
    """A trial condition's MeSH disease ids and informative words (trial text is reused a lot)."""
    ids: set[str] = set()
    for mention in _with_organ_cancers(condition):
        ids |= _disease_ids(mention.readings)[0] | _operation_ids(mention.readings)
    return frozenset(ids), frozenset(_words(condition))


def _concept_fit(trial_ids: frozenset[str], patient_ids: frozenset[str]) -> float:
    """1 for the same descriptor, 0.8 when the trial's is narrower, 0.6 when it is the parent
    (less per level further up: "Lung Diseases" says little about lung adenocarcinoma), 0.3
    for a sibling under a specific parent."""
    if not trial_ids or not patient_ids:
        return 0.0
    if trial_ids & patient_ids:
        return 1.0
    if _narrower(trial_ids, patient_ids):
        return 0.8
    levels = _levels_above(patient_ids, trial_ids)
    if levels is not None:
        return max(0.6 - 0.15 * (levels - 1), 0.3)
    if _parent_numbers(trial_ids) & _parent_numbers(patient_ids):
        return 0.3
    return 0.0


def _levels_above(ids: Iterable[str], broader_ids: Iterable[str]) -> int | None:
    """The fewest MeSH levels from one of ``ids`` up to one of ``broader_ids`` (None: not below)."""
    vocabulary = load_vocabulary()
    numbers = [n for i in ids if (c := vocabulary.concept(i)) for n in c.tree_numbers]
    broader = [n for i in broader_ids if (c := vocabulary.concept(i)) for n in c.tree_numbers]
    levels = [
        number.count(".") - above.count(".")
        for number in numbers
        for above in broader
        if number.startswith(above + ".")
    ]
    return min(levels) if levels else None


def _parent_numbers(ids: Iterable[str]) -> set[str]:
    """Specific MeSH parents (four levels deep or more): "Adenocarcinoma of Lung" and
    "Carcinoma, Non-Small-Cell Lung" share "Lung Neoplasms"; two cancers of different organs
    share only "Neoplasms by Site", which says nothing."""
    vocabulary = load_vocabulary()
    parents: set[str] = set()
    for descriptor_id in ids:
        concept = vocabulary.concept(descriptor_id)
        for number in concept.tree_numbers if concept else ():
            parent = number.rpartition(".")[0]
            if parent.count(".") >= _SPECIFIC_PARENT_DOTS:
                parents.add(parent)
    return parents


def condition_fit(
    trial_conditions: Sequence[str],
    conditions: PatientConditions,
    mesh_terms: Sequence[str] = (),
) -> float:
    """How well a trial's listed conditions fit the patient's main condition (0 to about 1.5).

    Per listed condition: the MeSH fit to the main condition (or half of it to a
    comorbidity) plus half the share of its words found in the patient's text
    ("Decompensated Cirrhosis" for a note saying "cirrhosis, decompensated").
    The registry's own MeSH indexing of the trial (``mesh_terms``) counts by its
    MeSH fit, for conditions written in words the vocabulary lacks ("DIPG").
    The best counts, shrunk for trials listing many conditions.
    """
    best = 0.0
    other_organ = _of_another_organ([*trial_conditions, *mesh_terms], conditions.main_ids)
    for condition in [*trial_conditions, *mesh_terms]:
        ids, words = _condition_reading(condition)
        if other_organ:
            ids, words = _organ_ids(ids), words - _HISTOLOGY_WORDS
        concept = max(
            _concept_fit(ids, conditions.main_ids), 0.5 * _concept_fit(ids, conditions.other_ids)
        )
        listed = condition in trial_conditions
        coverage = len(words & conditions.words) / len(words) if words and listed else 0.0
        best = max(best, concept + 0.5 * coverage)
    return best / (1.0 + 0.05 * max(len(trial_conditions) - 1, 0))


def _organ_ids(ids: frozenset[str]) -> frozenset[str]:
    """The ids that name an organ's cancer (MeSH Neoplasms by Site) or no cancer at all: a
    histology alone ("Adenocarcinoma") drops out."""
    return frozenset(i for i in ids if not _histology_alone(i))


@functools.lru_cache(maxsize=4096)
def _histology_alone(descriptor_id: str) -> bool:
    """Whether a descriptor is a histologic type of neoplasm with no site of its own."""
    concept = load_vocabulary().concept(descriptor_id)
    numbers = concept.tree_numbers if concept else ()
    return any(n.startswith(HISTOLOGY_BRANCH) for n in numbers) and not any(
        n.startswith(_SITE_BRANCH) for n in numbers
    )


def _site_ids(ids: Iterable[str]) -> frozenset[str]:
    """The ids that name a cancer by its organ (MeSH Neoplasms by Site)."""
    vocabulary = load_vocabulary()
    return frozenset(
        i
        for i in ids
        if (concept := vocabulary.concept(i))
        and any(n.startswith(_SITE_BRANCH) for n in concept.tree_numbers)
    )


def _of_another_organ(trial_conditions: Sequence[str], patient_ids: frozenset[str]) -> bool:
    """Whether the trial is about cancers of organs other than the patient's: the organ
    outranks the histology, so an endometrial adenocarcinoma shares nothing with a trial of
    gastric adenocarcinoma. Only when both name an organ and none of the trial's fits."""
    patient_sites = _site_ids(patient_ids)
    if not patient_sites:
        return False
    trial_ids = frozenset(i for c in trial_conditions for i in _condition_reading(c)[0])
    trial_sites = _site_ids(trial_ids)
    if not trial_sites:
        return False
    return not any(
        _organs_agree(a, b)
        for a in _site_numbers(patient_sites)
        for b in _site_numbers(trial_sites)
    )


def _site_numbers(ids: Iterable[str]) -> list[str]:
    """The Neoplasms by Site tree numbers of ``ids``."""
    vocabulary = load_vocabulary()
    return [
        n
        for i in ids
        if (concept := vocabulary.concept(i))
        for n in concept.tree_numbers
        if n.startswith(_SITE_BRANCH + ".")
    ]


def _organs_agree(one: str, other: str) -> bool:
    """Whether two sites are one organ's: the same, one inside the other, or one inside the
    other's region (a tongue cancer and "Squamous Cell Carcinoma of Head and Neck", both of
    the head and neck; an ampullary and a pancreatic cancer, both digestive). The regions
    are the groups under Neoplasms by Site; the whole of it is no region."""
    for a, b in ((one, other), (other, one)):
        if a == b or a.startswith(b + "."):
            return True
        region = b.rsplit(".", 1)[0]
        if region.count(".") >= _SITE_BRANCH.count(".") + 1 and a.startswith(region + "."):
            return True
    return False


def _counts(result: TrialResult) -> Counts:
    tally = Counter(criterion.status for criterion in result.criteria)
    return Counts(tally["met"], tally["not_met"], tally["unknown"], tally["not_applicable"])


def _entry(result: TrialResult, hit: SearchHit | None) -> ShortlistEntry:
    return ShortlistEntry(
        nct_id=result.nct_id,
        verdict=result.verdict,
        criteria=result.criteria,
        whole_record=result.whole_record,
        title=hit.title if hit else None,
        status=hit.status if hit else None,
        phases=list(hit.phases) if hit else [],
        nearest_site=hit.nearest_site if hit else None,
        counts=_counts(result),
    )


_VERDICT_ORDER = {"likely": 0, "possible": 1, "excluded": 2}


def _tier(score: float) -> float:
    """A score in steps of 1/_TIERS_PER_POINT: close scores tie and fall to the next key."""
    return round(score * _TIERS_PER_POINT) / _TIERS_PER_POINT


def _candidate_hits(
    store: Store,
    conditions: PatientConditions,
    facts: PatientFacts,
    statuses: Sequence[str],
    near: str | None,
    within: str | None,
    *,
    pan_tumour: bool = False,
) -> dict[str, SearchHit]:
    """Trials about the patient's conditions that their age, sex, status and place allow;
    ``pan_tumour``: the basket and pan-tumour trials for the patient's solid cancer instead."""
    filters = {
        "statuses": statuses,
        "sex": facts.sex.upper() if facts.sex else None,
        "age": 0.0 if conditions.newborn else facts.age,
        "near": near,
        "within": within,
    }
    queries = [("condition", phrase, _MAIN_CANDIDATES) for phrase in conditions.main]
    queries += [("condition", name, _BROADER_CANDIDATES) for name in _parents(conditions.main_ids)]
    queries += [
        ("condition", name, _BROADER_CANDIDATES)
        for name in _named_grandparents(conditions)
        if name not in _parents(conditions.main_ids)
    ]
    queries += [("text", phrase, _BROADER_CANDIDATES) for phrase in conditions.main]
    queries += [
        ("condition", phrase, _OTHER_CANDIDATES) for phrase in conditions.others[:_OTHER_CONDITIONS]
    ]
    if not queries and conditions.text:
        queries.append(("text", conditions.text, _MAIN_CANDIDATES))
    if pan_tumour:
        queries = _pan_tumour_queries(conditions)
    hits: dict[str, SearchHit] = {}
    for field, phrase, limit in queries:
        query = build_query(
            **{field: phrase},  # type: ignore[arg-type]
            limit=limit,
            read_who_words=False,
            **filters,  # type: ignore[arg-type]
        )
        # The phrases are the vocabulary's own readings of the patient's text, and the
        # broader conditions asked are the ones chosen above (_parents); the patient's age
        # and sex are the profile's facts, never words of the text read again (search.who).
        query = msgspec.structs.replace(query, correct_spelling=False, broader=False)
        for hit in search(store, query).hits:
            hits.setdefault(hit.nct_id, hit)
    return hits


def _pan_tumour_queries(conditions: PatientConditions) -> list[tuple[str, str, int]]:
    """The searches for basket and pan-tumour trials, for a solid cancer spread or treated."""
    if not (_spread_or_treated(conditions) and _a_solid_cancer(conditions.main_ids)):
        return []
    return [("condition", phrase, _PAN_TUMOUR_CANDIDATES) for phrase in _PAN_TUMOUR_CONDITIONS]


def _named_grandparents(conditions: PatientConditions) -> list[str]:
    """Names of the diseases two MeSH levels above the main condition through another
    condition the note names directly above it, when they are specific (four levels deep or
    more on every branch: not Urologic Diseases, also C12.950) and that condition is no
    cancer's histology: "severe TBI … bifrontal contusions" names
    Brain Injuries, Traumatic directly above Brain Contusion, so the trials of Brain Injuries
    (above both) are about the main condition too."""
    vocabulary = load_vocabulary()
    names: list[str] = []
    for main in sorted(conditions.main_ids):
        concept = vocabulary.concept(main)
        if concept is None:
            continue
        ancestors = vocabulary.ancestors(main)
        for number in concept.tree_numbers:
            parent = number.rpartition(".")[0]
            grandparent = parent.rpartition(".")[0]
            if grandparent.count(".") < _SPECIFIC_PARENT_DOTS or not any(
                parent in ancestor.tree_numbers
                and ancestor.id in conditions.other_ids
                and not _names_a_cancer({ancestor.id})
                for ancestor in ancestors
            ):
                continue
            names += [
                ancestor.name
                for ancestor in ancestors
                if grandparent in ancestor.tree_numbers
                and min(n.count(".") for n in ancestor.tree_numbers) >= _SPECIFIC_PARENT_DOTS
                and ancestor.name not in names
            ]
    return names


def _spread_or_treated(conditions: PatientConditions) -> bool:
    """Whether the text says the cancer has spread, is locally advanced or has been treated:
    what a basket trial of solid tumours asks before any other criterion. A note that only
    says the cancer has not spread far ("CT chest/abdo: no distant disease", "bone scan: no
    metastases", "M0") leaves an early cancer possible, which is no spread."""
    extents = conditions.extents
    spread = bool(extents) and extents <= _PAN_TUMOUR_EXTENTS
    return spread or "pretreated" in conditions.settings


def _a_solid_cancer(ids: Iterable[str]) -> bool:
    """Whether one of the descriptors is a neoplasm (MeSH C04) and none is a blood cancer."""
    numbers = _tree_numbers(ids)
    return any(number.startswith(_NEOPLASMS) for number in numbers) and not any(
        number.startswith(_BLOOD_CANCER_BRANCHES) for number in numbers
    )


def find_trials(
    store: Store,
    profile: PatientProfile,
    *,
    nct_ids: Sequence[str] = (),
    statuses: Sequence[str] = DEFAULT_STATUSES,
    near: str | None = None,
    within: str | None = None,
    limit: int = 50,
) -> Shortlist:
    """The patient's shortlist: the named trials in order, or trials found from their conditions.

    ``near`` defaults to the patient's own place. Raises
    :class:`~trialfinder.search.QueryError` for an unusable status, place or distance.
    """
    facts = extract_facts(profile)
    near = near or _known_place(profile.place)
    if nct_ids:
        hits = {
            hit.nct_id: hit
            for start in range(0, len(nct_ids), MAX_LIMIT)
            for hit in search(
                store,
                build_query(nct_ids=nct_ids[start : start + MAX_LIMIT], near=near, limit=MAX_LIMIT),
            ).hits
        }
        parsed = stored_criteria(store, nct_ids)
        return Shortlist(
            [_entry(match_parsed(parsed[n], facts), hits.get(n)) for n in nct_ids if n in parsed]
        )
    conditions = patient_conditions(profile, facts)
    hits = _candidate_hits(store, conditions, facts, statuses, near, within)
    own = frozenset(hits)
    pan_tumour = _candidate_hits(store, conditions, facts, statuses, near, within, pan_tumour=True)
    for nct_id, hit in pan_tumour.items():
        hits.setdefault(nct_id, hit)
    parsed = stored_criteria(store, list(hits))
    indexed = {
        trial.nct_id: [mesh.term for mesh in trial.condition_meshes]
        for trial in store.get_trials(list(hits))
    }
    # Title words count by their rarity among the note's own candidates, and lift only them: a
    # basket trial is scored as the tumour class it was found by (_listed_conditions).
    specific = _title_specificity([hits[nct_id] for nct_id in own], conditions.words)
    main_only = conditions.main_only()
    ranked: list[
        tuple[tuple[bool, float, bool, float, int, float, float, str], ShortlistEntry]
    ] = []
    for position, (nct_id, hit) in enumerate(hits.items()):
        if nct_id not in parsed:
            continue
        result = match_parsed(parsed[nct_id], facts)
        listed, mesh_terms = _listed_conditions(hit, nct_id in own, indexed.get(nct_id, ()))
        about_main = condition_fit(listed, main_only, mesh_terms) > 0
        fit = condition_fit(listed, conditions, mesh_terms)
        title_fit = specific.get(nct_id, 0.0)
        fit += _TITLE_WEIGHT * title_fit
        # A title admitting only the other histology contradicts the note as a contradicted
        # marker status does, whatever statuses it shares ("Non-squamous NSCLC … TC ≥ 50%").
        other_histology = _other_histology(hit, conditions.histologies)
        fit += _MARKER_WEIGHT * (-1.0 if other_histology else marker_fit(hit, conditions.markers))
        fit -= _MARKER_WEIGHT * _other_extent(hit, conditions.extents)
        fit += _SETTING_WEIGHT * _setting_fit(hit, conditions.settings)
        fit += _ASKED_TREATMENT_WEIGHT * _asked_treatment_fit(hit, conditions.settings)
        key = (
            not about_main,
            -_tier(fit),
            nct_id not in own,
            -_tier(title_fit),
            _VERDICT_ORDER[result.verdict],
            -title_fit,
            float(position),
            nct_id,
        )
        ranked.append((key, _entry(result, hit)))
    ranked.sort(key=lambda item: item[0])
    return Shortlist([entry for _, entry in ranked[:limit]])


def _listed_conditions(
    hit: SearchHit, own: bool, mesh_terms: Sequence[str]
) -> tuple[Sequence[str], Sequence[str]]:
    """The conditions a trial is scored by, and its MeSH indexing: its own for a trial the
    patient's conditions found; the tumour class for one the basket search alone found
    (``pan_tumour_conditions``). A multi-cohort study listing organ cancers beside "Solid
    Tumor" (NCT03983954: "Endometrial Cancer", "Ovarian Cancer", …) was not found for the
    note's cancer, and scored by its organs it rose above that cancer's own trials (a uterine
    leiomyosarcoma's NGS registry; fresh9's endometrioid cancer and the HER2-expressing
    tumour study NCT04482309)."""
    if own:
        return hit.conditions, mesh_terms
    return _PAN_TUMOUR_CONDITIONS, ()


def marker_fit(hit: SearchHit, patient: dict[str, MarkerStatus]) -> float:
    """How the trial's title and conditions fit the marker statuses the patient's text states.

    -1 when they state one the patient's contradicts ("HR-positive" for a triple negative
    cancer, "EGFR-mutated" for "EGFR negative"); else the share of their statuses the
    patient's also has (0 when none), doubled when a shared one is a driver or actionable
    marker the tumour has (KRAS G12C, ROS1 fusion, HER2-positive: the trial is written for
    that subgroup), halved when the shared ones are only expression markers (most lung
    cancers show some PD-L1, so a trial asking for it says less about the patient).
    """
    if not patient:
        return 0.0
    trial = marker_statuses(" ; ".join([hit.title, *hit.conditions]))
    shared = [marker for marker in trial if marker in patient]
    if any(trial[marker] != patient[marker] for marker in shared):
        return -1.0
    if not shared:
        return 0.0
    share = len(shared) / len(trial)
    if any(patient[m] == "positive" and not is_expression_marker(m) for m in shared):
        return 2 * share
    return share / 2 if all(map(is_expression_marker, shared)) else share


def _setting_fit(hit: SearchHit, patient: frozenset[Setting]) -> int:
    """The trial's title and conditions against the note's setting: +1 per axis (line of
    treatment, place of surgery) where they admit it, -1 where they admit only another."""
    if not patient:
        return 0
    return setting_fit(patient, title_settings(" ; ".join([hit.title, *hit.conditions])))


def _asked_treatment_fit(hit: SearchHit, patient: frozenset[Setting]) -> int:
    """1 when the trial's title and conditions are about the treatment the note asks about."""
    if not patient:
        return 0
    return asked_treatment_fit(patient, title_settings(" ; ".join([hit.title, *hit.conditions])))


def _other_extent(hit: SearchHit, patient: frozenset[Extent]) -> bool:
    """Whether the trial's title or conditions admit only another stage of the disease than
    the patient's text states ("advanced endometrial cancer" for a stage I one)."""
    if not patient:
        return False
    admitted = title_extents(" ; ".join([hit.title, *hit.conditions]))
    return bool(admitted) and not admitted & patient


def _other_histology(hit: SearchHit, patient: frozenset[str]) -> bool:
    """Whether the trial's title or conditions admit only the other side of a histology the
    patient's text states ("Non-squamous NSCLC" for a squamous cell carcinoma of the lung)."""
    if not patient:
        return False
    return bool(_negated_histologies(" ; ".join([hit.title, *hit.conditions]).lower()) & patient)


def _known_place(place: str | None) -> str | None:
    """The patient's own place when the gazetteer knows it: an EHR address the gazetteer
    cannot place only loses the distances, it does not fail the match."""
    if not place:
        return None
    try:
        build_query(near=place)
    except QueryError:
        return None
    return place


def _title_specificity(hits: Iterable[SearchHit], words: frozenset[str]) -> dict[str, float]:
    """Per trial, 0 to 1: how many rare words of its title the patient's text has.

    Among trials for the same disease, the title says the setting ("ROS1",
    "early", "after 2 years of endocrine therapy"); a word in every candidate's
    title ("cancer") tells nothing, so each word counts by its rarity among them.
    """
    titles = {hit.nct_id: _words(hit.title) for hit in hits}
    frequency = Counter(word for title in titles.values() for word in title)
    total = max(len(titles), 1)
    raw = {
        # fsum: correctly rounded, so the set's hash-seeded order cannot move a ranking
        nct_id: math.fsum(math.log(total / frequency[word]) for word in title & words)
        for nct_id, title in titles.items()
    }
    top = max(raw.values(), default=0.0)
    return {nct_id: score / top if top > 0 else 0.0 for nct_id, score in raw.items()}
