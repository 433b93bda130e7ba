"""Prior lines of therapy, read on both sides: the criterion's count and the note's.

Oncology and haematology trials choose patients by how far along their treatment they are
("1 to 3 prior lines of antimyeloma therapy", "no prior systemic therapy"); the parse read
nothing in such criteria and the judge left every one to the study team. Criteria are the
real text of trials in ``../shared`` (API v2 studies); notes are written as referring doctors
write them (round seven of the hand-written patients, helper S3).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_fuzz_parsers import V2_STUDIES
from test_judge_entailment import facts, judged, v2_trial
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import PriorLines
from trialfinder.criteria.parse import parse_criterion
from trialfinder.criteria.therapy_lines import _patterns


def _criterion_text(nct_id: str, start: str) -> str:
    parsed = parse_trial_criteria(v2_trial(nct_id))
    return next(c.text for c in parsed.iter_criteria() if c.text.startswith(start))


def _lines(text: str) -> list[PriorLines]:
    constraints, _ = parse_criterion(text, "inclusion")
    return [c for c in constraints if isinstance(c, PriorLines)]


MYELOMA_RANGE = ("NCT05519085", "Participants received 1 to 3 prior lines")
FIRST_RELAPSE = (
    "67M, IgG kappa multiple myeloma dx 2021. VRd induction then ASCT Feb 2022 (VGPR), "
    "lenalidomide maintenance until progression in Oct 2026 - now first relapse."
)
FOUR_LINES = (
    "72F, lambda light chain myeloma dx 2020. Prior lines: (1) VCd + ASCT 2020; (2) DRd 2022; "
    "(3) KPd (carfilzomib, pomalidomide, dex) 2024; (4) teclistamab 2025, progressed Nov 2026."
)


# --- The parse: a count, its comparator, the setting and classes it counts -----------------


@pytest.mark.parametrize(
    ("nct_id", "start", "comparator", "count", "upper"),
    [
        (*MYELOMA_RANGE, "between", 1, 3),
        ("NCT04975997", "Received 1 to 2 prior lines", "between", 1, 2),
        ("NCT02227251", "Participants must have received at least 2 but", "between", 2, 5),
        ("NCT07030517", "Participant diagnosed with RRMM", ">=", 3, None),
        ("NCT06140836", "Up to 1 prior line of systemic treatment", "<=", 1, None),
        ("NCT03067181", "Patients must have had no prior systemic therapy", "=", 0, None),
        ("NCT05774483", "Treatment naïve", "=", 0, None),
    ],
)
def test_a_count_of_prior_lines_is_read_with_its_comparator(
    nct_id: str, start: str, comparator: str, count: float, upper: float | None
) -> None:
    reading = _lines(_criterion_text(nct_id, start))[0]
    assert (reading.comparator, reading.count, reading.upper) == (comparator, count, upper)


def test_the_setting_restriction_and_classes_of_a_count_are_kept() -> None:
    (metastatic,) = _lines(_criterion_text("NCT04862663", "More than 1 line of chemotherapy"))
    assert metastatic.restriction == "chemotherapy"
    assert metastatic.setting == "for metastatic disease"
    (classes,) = _lines(_criterion_text("NCT07030517", "Participant diagnosed with RRMM"))
    assert classes.required_classes.startswith("a proteasome inhibitor")
    assert classes.restriction == "" and classes.setting == ""


@pytest.mark.parametrize(
    "text",
    [
        # A line that is no therapy, a dosing regimen, one drug's naivety.
        "Palpable splenomegaly ≥5 cm below the lower costal margin (LCM) in the midclavicular line",
        "have a stable regimen (≥ 4 weeks) of ≥ 3 antihypertensive medications",
        "Patient should be alpelisib treatment naïve.",
        # Alternatives this reading cannot join read nothing.
        "either treatment naive or progressed on 1 or more lines of therapy at the time",
        # A line the study's own setting names, or one denied, is no count.
        "Patients not eligible for second-line chemotherapy",
        "Pembrolizumab as first-line treatment for metastatic disease",
        "Locally approved targeted first-line therapies are available",
    ],
)
def test_what_is_no_count_of_prior_lines_is_not_read_as_one(text: str) -> None:
    assert _lines(text) == []


def test_a_denied_comparator_turns_and_a_denial_in_an_exclusion_is_not_read() -> None:
    """ "who must not have had more than 2 prior lines" is at most 2; "Patients must have had
    no prior systemic therapy …" filed under the exclusions excludes nothing (a denied concept
    in an exclusion is not judged either); "Treatment-naïve patients will be eligible only if
    they refused standard treatment" is a case, not a requirement."""
    group = _criterion_text("NCT03983954", "Group 2 - prior CPI")
    assert (_lines(group)[0].comparator, _lines(group)[0].count) == ("<=", 2)
    text = _criterion_text("NCT03067181", "Patients must have had no prior systemic therapy")
    constraints, _ = parse_criterion(text, "exclusion")
    assert not [c for c in constraints if isinstance(c, PriorLines)]
    assert _lines(_criterion_text("NCT03983954", "Treatment-naïve patients will be")) == []


SECOND_LINE = ("NCT06312176", "Has experienced an early recurrence")


def test_a_patient_fit_for_the_nth_line_has_had_one_fewer() -> None:
    """ "… and therefore is eligible to receive second-line (2L) treatment": one prior line
    (here the adjuvant chemotherapy an early recurrence makes the first)."""
    (reading,) = _lines(_criterion_text(*SECOND_LINE))
    assert (reading.comparator, reading.count) == ("=", 1)
    result = judged(_criterion_text(*SECOND_LINE), "inclusion", facts(note=FOUR_LINES))
    assert result.status == "not_met", result.reason


# --- The note: a count, a numbered list, an ordinal, none, a written sequence ---------------


@pytest.mark.parametrize(
    ("note", "low", "high"),
    [
        ("Myeloma, 3 prior lines, now progressing.", 3, 3),
        (FOUR_LINES, 4, 4),
        (FIRST_RELAPSE, 1, 1),
        ("mCRC, progressed on 2L FOLFIRI.", 2, 2),
        ("NSCLC, progressed on first-line carboplatin/pemetrexed/pembrolizumab.", 1, 1),
        ("NSCLC, planned for second-line docetaxel.", 1, 1),
        ("Stage IVB lung adenocarcinoma, dx Nov 2026, treatment naive.", 0, 0),
        ("Metastatic melanoma. No prior systemic therapy.", 0, 0),
        ("Relapsed after VRd -> ASCT -> len maintenance, then DaraPd.", 2, None),
    ],
)
def test_the_notes_prior_lines_are_counted(note: str, low: int, high: int | None) -> None:
    reading = facts(note=note).prior_lines
    assert reading is not None
    assert (reading.low, reading.high) == (low, high), reading.how


@pytest.mark.parametrize(
    ("note", "low"),
    [
        ("Myeloma dx 2020. Started VRd in 2021. ASCT 2022. Relapsed 2023; DaraPd since.", 2),
        ("IgG myeloma. VCd induction 2019 with ASCT. KRd 2022 to 2024. Now DaraPd.", 3),
    ],
)
def test_regimens_named_across_sentences_are_counted_as_lines(note: str, low: int) -> None:
    """Each combination regimen the lexicon knows (VRd, DaraPd: drugs joined in
    ``concepts.json``) named in its own sentence is a line; a transplant is none."""
    reading = facts(note=note).prior_lines
    assert reading is not None, note
    assert (reading.low, reading.high) == (low, None), reading.how


@pytest.mark.parametrize(
    "note",
    [
        "HIV+. CT chest clear. ECOG 1. Myeloma on VRd since 2021.",
        "Newly diagnosed myeloma. Planned VRd induction. DaraPd if not fit for ASCT.",
        "Myeloma dx 2024. VRd x 4 cycles. ASCT Oct 2024. VRd consolidation.",
    ],
)
def test_one_regimen_or_a_planned_one_is_no_count_of_lines(note: str) -> None:
    """ "ECOG", "CT" and "HIV" are no regimens; one regimen named twice is one line (no
    count across sentences); a planned regimen is none."""
    reading = facts(note=note).prior_lines
    assert reading is None or reading.low != 2, reading


def test_a_note_naming_no_line_has_no_count() -> None:
    assert facts(note="Myeloma, on dexamethasone.").prior_lines is None


def test_lines_named_without_their_number_leave_the_count_unknown_and_say_so() -> None:
    patient = facts(note="Heavily pretreated myeloma, on dexamethasone.")
    assert patient.prior_lines is not None and patient.prior_lines.low is None
    result = judged(_criterion_text(*MYELOMA_RANGE), "inclusion", patient)
    assert result.status == "unknown"
    assert 'the note says "Heavily pretreated", not how many prior lines' in result.reason


# --- The judge ---------------------------------------------------------------------------


def test_a_count_within_the_range_meets_it_and_one_outside_does_not() -> None:
    text = _criterion_text(*MYELOMA_RANGE)
    met = judged(text, "inclusion", facts(note=FIRST_RELAPSE))
    assert met.status == "met", met.reason
    assert "1 prior line" in met.reason and "1 to 3 prior lines" in met.reason
    not_met = judged(text, "inclusion", facts(note=FOUR_LINES))
    assert not_met.status == "not_met", not_met.reason
    assert "4 prior lines" in not_met.reason


def test_a_note_without_lines_leaves_the_count_unknown_and_says_so() -> None:
    result = judged(_criterion_text(*MYELOMA_RANGE), "inclusion", facts(note="Myeloma, ECOG 1."))
    assert result.status == "unknown"
    assert "how many prior lines" in result.reason


def test_no_prior_line_fails_a_count_that_needs_some() -> None:
    text = _criterion_text("NCT05607199", "Patients of CD20+ B cell NHL")
    result = judged(text, "inclusion", facts(note="Follicular lymphoma, treatment-naive."))
    assert result.status == "not_met", result.reason


def test_a_restricted_count_is_told_only_when_every_share_of_the_lines_settles_it() -> None:
    """ "More than 1 line of chemotherapy for metastatic disease": the patient's lines for
    metastatic disease are at most all of them. Treatment-naive settles it; three lines
    in all do not (some may be adjuvant)."""
    text = _criterion_text("NCT04862663", "More than 1 line of chemotherapy")
    naive = judged(text, "exclusion", facts(note="Metastatic breast cancer, treatment-naive."))
    assert naive.status == "not_met", naive.reason
    three = judged(text, "exclusion", facts(note="Metastatic breast cancer, 3 prior lines."))
    assert three.status == "unknown", three.reason


RRMM_CLASSES = ("NCT07030517", "Participant diagnosed with RRMM")
CLASSES_LISTED = "a proteasome inhibitor, an anti-CD 38 antibody and an immunomodulatory agent"


def test_the_classes_after_a_count_end_where_the_criterion_asks_something_else() -> None:
    """ "… including a PI, an anti-CD 38 antibody and an immunomodulatory agent and have
    demonstrated disease progression on the last therapy": the progression is no class."""
    (reading,) = _lines(_criterion_text(*RRMM_CLASSES))
    assert reading.required_classes == CLASSES_LISTED


def test_every_class_a_count_requires_is_read_against_the_notes_drugs() -> None:
    """VCd (bortezomib), DRd (daratumumab, lenalidomide), KPd: a PI, an anti-CD38 antibody
    and an IMiD; the count and the classes hold (the criterion's progression on the last
    line and IMWG wording stay the team's)."""
    text = _criterion_text(*RRMM_CLASSES)
    result = judged(text, "inclusion", facts(note=FOUR_LINES))
    assert "is not read" not in result.reason, result.reason
    assert f"included {CLASSES_LISTED}" in result.reason, result.reason


def test_a_required_class_the_note_does_not_name_leaves_the_count_unknown_and_says_which() -> None:
    text = _criterion_text(*RRMM_CLASSES)
    note = "Myeloma dx 2019. Prior lines: (1) VRd + ASCT 2019; (2) KRd 2022; (3) Pd 2024."
    result = judged(text, "inclusion", facts(note=note))
    assert result.status == "unknown", result.reason
    assert "does not say whether they included anti-CD 38 antibody" in result.reason, result.reason


def test_a_required_class_the_note_denies_fails_the_count() -> None:
    text = _criterion_text(*RRMM_CLASSES)
    note = (
        "Myeloma dx 2019. Prior lines: (1) VRd + ASCT 2019; (2) KRd 2022; (3) Pd 2024. "
        "No prior anti-CD38 antibody."
    )
    result = judged(text, "inclusion", facts(note=note))
    assert result.status == "not_met", result.reason


def test_a_count_that_fails_is_not_met_whatever_the_classes() -> None:
    text = _criterion_text(*RRMM_CLASSES)
    assert judged(text, "inclusion", facts(note=FIRST_RELAPSE)).status == "not_met"


def test_classes_asked_with_more_than_their_names_stay_the_teams() -> None:
    """ "including a minimum of 2 consecutive cycles of an anti-CD38 monoclonal antibody …":
    having had daratumumab does not say how many cycles."""
    text = _criterion_text("NCT05572515", "Received 1 to 3 prior lines")
    note = "Myeloma. Prior lines: (1) VRd + ASCT 2020; (2) DRd 2022, progressed 2025."
    result = judged(text, "inclusion", facts(note=note))
    assert result.status == "unknown", result.reason
    assert "is not read" in result.reason, result.reason


def test_classes_joined_by_or_need_only_one() -> None:
    """ "… including a platinum-based regimen or an anti-PD-1 antibody": either class does."""
    text = (
        "At least 1 prior line of systemic therapy including a platinum-based regimen or an "
        "anti-PD-1 antibody"
    )
    nivolumab = "NSCLC, progressed on first-line nivolumab. Never received platinum chemotherapy."
    assert judged(text, "inclusion", facts(note=nivolumab)).status == "met"
    docetaxel = judged(text, "inclusion", facts(note="NSCLC, progressed on first-line docetaxel."))
    assert docetaxel.status == "unknown", docetaxel.reason
    assert "platinum-based regimen or anti-PD-1" in docetaxel.reason


# --- Lines a note writes as a list or in sequence over several sentences ----------------------

# Round ten's and eleven's notes: lines numbered "1) … 2) …" after a heading that is more
# than "lines:" ("Prior lines for metastatic disease:", "Treatment:").
TNBC_FOUR_LINES = (
    "58 yo F, TNBC metastatic since 2022. Prior lines for metastatic disease: 1) paclitaxel "
    "2) capecitabine 3) eribulin 4) sacituzumab govitecan (stopped Aug 2026). ECOG 3."
)
MYELOMA_TREATMENT_LIST = (
    "71F, multiple myeloma dx 2017. Treatment: 1) CTD + ASCT 2017, 2) lenalidomide/"
    "dexamethasone 2019, 3) daratumumab/pomalidomide/dexamethasone 2021, 4) carfilzomib/"
    "dexamethasone 2024. Now progressing again."
)


def _note_count(note: str) -> tuple[int | None, int | None, str] | None:
    reading = facts(note=note).prior_lines
    return None if reading is None else (reading.low, reading.high, reading.how)


@pytest.mark.parametrize(("note", "lines"), [(TNBC_FOUR_LINES, 4), (MYELOMA_TREATMENT_LIST, 4)])
def test_lines_numbered_after_a_heading_of_lines_or_treatment_are_counted(
    note: str, lines: int
) -> None:
    assert _note_count(note) == (lines, lines, "lines numbered")


def test_numbers_after_a_heading_that_names_no_treatment_count_no_line() -> None:
    """A numbered list of problems or medicines is no list of lines."""
    note = "Myeloma on VRd. Problems: 1) hypertension 2) diabetes 3) gout."
    reading = facts(note=note).prior_lines
    assert reading is None or reading.low != 3, reading


@pytest.mark.parametrize(
    ("note", "low"),
    [
        # The brief's note: a comma before "then" hides no regimen.
        ("DLBCL. R-CHOP x6 (2023), then R-ICE + ASCT (2024), relapsed.", 2),
        ("DLBCL. R-CHOP, then R-ICE, then CAR-T (axi-cel) 2025; relapsed.", 3),
        # Round eight: the second regimen follows the first one's response after a ";".
        (
            "Metastatic pancreatic adenocarcinoma. Gemcitabine/nab-paclitaxel 2025 -> PD; "
            "NALIRIFOX 2026 -> PD Nov 2026. ECOG 2.",
            2,
        ),
        # Round seven: one regimen and its response per sentence.
        (
            "71M, DLBCL (GCB type) dx 2023. R-CHOP x6 -> complete remission. Relapsed 2024: "
            "R-GemOx x4 (not fit for high-dose chemotherapy/ASCT because of heart failure) -> "
            "partial response, finished May 2026. Now progressive disease on PET-CT Nov 2026.",
            2,
        ),
        # A bridging regimen is no line; the CAR-T it bridges to is one.
        ("DLBCL. R-CHOP x6 2022 -> relapse 2023; R-GemOx bridging then axi-cel 2024.", 2),
    ],
)
def test_regimens_in_sequence_are_each_a_line(note: str, low: int) -> None:
    """A lower bound: another sentence may name more."""
    assert _note_count(note) == (low, None, "regimens written in sequence")


def test_one_regimen_in_two_sequences_is_one_line() -> None:
    note = "DLBCL. R-CHOP x3 -> PR. R-CHOP x3 more -> CR. ASCT not needed."
    reading = facts(note=note).prior_lines
    assert reading is None or reading.low == 1, reading


# --- The guard: a criterion naming no line or regimen is not scanned for a count -------------


def test_every_count_the_real_criteria_hold_names_the_noun_the_guard_looks_for() -> None:
    """The count pattern is run only where its noun is found (it is the parse's slowest
    pattern, and ~1% of criteria name a line or regimen): every count it reads in the real
    criteria, a line at a time and as whole texts, passes the guard, so the guard drops none."""
    patterns = _patterns()
    texts: list[str] = []
    for line in V2_STUDIES.read_bytes().splitlines():
        module = json.loads(line)["protocolSection"].get("eligibilityModule", {})
        whole = module.get("eligibilityCriteria", "")
        texts += [whole, *whole.splitlines()]
    counted = [text for text in texts if patterns.count.search(text)]
    assert len(counted) > 20
    assert all(patterns.noun.search(text) for text in counted)
    assert sum(1 for text in texts if patterns.noun.search(text)) < len(texts) / 10


# NCT00739830 (legacy XML record), the exclusions of a trial in recurrent endometrial cancer.
_COUNTED_EXCLUSIONS = (
    "Two lines of chemotherapy for recurrent or metastatic disease",
    "More than two lines of chemotherapy of any type",
)
_ADJUVANT_THEN_RECURRENT = (
    "63F. Endometrioid endometrial adenocarcinoma, TAH BSO 03/2023 then adjuvant "
    "carboplatin/paclitaxel x6, completed 08/2023. Recurrence 02/2025: carboplatin/paclitaxel "
    "x6 02/2025-06/2025. Now progressive disease on CT 11/2026."
)


@pytest.mark.parametrize("text", _COUNTED_EXCLUSIONS)
def test_an_exclusion_counting_lines_of_chemotherapy_is_not_met_by_chemotherapy_alone(
    text: str,
) -> None:
    """What such an exclusion excludes is the count: chemotherapy after surgery and again at
    recurrence does not say how many lines the criterion's setting holds, so it stays
    unknown, never met by the word "chemotherapy"."""
    judgement = judged(
        text, "exclusion", facts(age=63, sex="female", note=_ADJUVANT_THEN_RECURRENT)
    )
    assert judgement.status == "unknown", judgement.reason
    assert "prior line" in judgement.reason


# --- A course in the curative setting is no line for advanced disease (issue 12) ----------
UNTREATED_FOR_ADVANCED = ("NCT06760637", "Previously untreated with any systemic anticancer")


def _round_note(round_name: str, patient: str) -> str:
    path = Path(__file__).parent / "data" / f"hand_written_patients_{round_name}.json"
    note: str = json.loads(path.read_text("utf-8"))["patients"][patient]["note"]
    return note


def test_the_setting_after_the_therapy_a_none_names_is_kept() -> None:
    """ "Previously untreated with any systemic anticancer therapy for their locally advanced
    or metastatic disease": the setting follows the therapy the words deny, and it is the
    setting the count is about."""
    (reading,) = _lines(_criterion_text(*UNTREATED_FOR_ADVANCED))
    assert reading.count == 0
    assert reading.setting == "for their locally advanced or metastatic disease"


@pytest.mark.parametrize(
    "note",
    [
        _round_note("fifteen", "breast cancer back on letrozole, a daughter's message"),
        _round_note("fifteen", "breast cancer after chemotherapy first, GP letter"),
    ],
)
def test_a_course_after_surgery_is_not_counted_as_a_line_for_advanced_disease(
    note: str,
) -> None:
    """Letrozole after an operation (round fifteen, a daughter's message) or chemotherapy
    before a mastectomy (a GP letter) is a course in the curative setting, not a line for
    locally advanced or metastatic disease: the note's count of regimens does not make
    "previously untreated … for their locally advanced or metastatic disease" not met. Which
    of the note's lines the setting holds is the study team's call (the disease came back
    during the letrozole): unknown."""
    judgement = judged(
        _criterion_text(*UNTREATED_FOR_ADVANCED),
        "inclusion",
        facts(age=63, sex="female", note=note),
    )
    assert judgement.status == "unknown", judgement.reason
    assert "metastatic disease" in judgement.reason


EGFR_TKI_LINES = ("NCT06417814", "Less than or equal to (<=2) prior lines of EGFR TKIs")


def test_a_count_restated_in_brackets_is_read() -> None:
    """ "Less than or equal to (<=2) prior lines of EGFR TKIs" (round twenty-four): the
    count written again in brackets is the count, and the lines it counts are of the class
    the words name."""
    (reading,) = _lines(_criterion_text(*EGFR_TKI_LINES))
    assert (reading.comparator, reading.count) == ("<=", 2)
    assert reading.restriction == "egfr tkis"


def test_one_line_meets_a_bracketed_bound_of_two_lines_of_a_class() -> None:
    """A patient on first-line osimertinib (round twenty-four, an oncology note) has had one
    line, so at most one of EGFR TKIs: the count of "<= 2 prior lines of EGFR TKIs" holds. The
    bracket after it ("osimertinib is the only permitted prior third generation EGFR TKI")
    is not read, so the criterion stays the study team's."""
    note = _round_note(
        "twentyfour",
        "EGFR exon 19 lung adenocarcinoma with new liver metastases on first-line osimertinib "
        "and treated stable brain metastases, oncology note",
    )
    judgement = judged(
        _criterion_text(*EGFR_TKI_LINES), "inclusion", facts(age=60, sex="female", note=note)
    )
    assert judgement.status == "unknown", judgement.reason
    assert "meets the criterion's at most 2 prior lines (egfr tkis)" in judgement.reason
