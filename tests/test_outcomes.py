"""Results by meaning (issue 17): a criterion's status as "fits", "does not fit" or "not
known yet" for the person, the same on the pages and in the terminal."""

from __future__ import annotations

from trialfinder.criteria.model import Criterion, Measurement
from trialfinder.criteria.split import TEXT_LINE, criteria_outline, split_criteria
from trialfinder.match import CriterionResult, MatchReport, TrialResult
from trialfinder.present.outcomes import OUTCOMES, VERDICTS, criterion_outcome, result_view
from trialfinder.present.report_text import render_report_text
from trialfinder.present.thresholds import threshold_notes
from trialfinder.present.trial import plain_doses
from trialfinder.retrieval import Counts, ShortlistEntry
from trialfinder.search import SiteDistance


def test_a_met_exclusion_does_not_fit_and_a_met_inclusion_fits() -> None:
    assert criterion_outcome("exclusion", "met") == "does_not_fit"
    assert criterion_outcome("inclusion", "met") == "fits"
    assert criterion_outcome("inclusion", "not_met") == "does_not_fit"
    assert criterion_outcome("exclusion", "not_met") == "fits"
    assert criterion_outcome("exclusion", "unknown") == "not_known"
    assert criterion_outcome("inclusion", "not_applicable") == "not_applicable"


def test_each_meaning_and_each_verdict_has_its_own_word_icon_and_style() -> None:
    for styles in (OUTCOMES.values(), VERDICTS.values()):
        looks = list(styles)
        for attribute in ("key", "word", "icon"):
            values = [getattr(style, attribute) for style in looks]
            assert len(set(values)) == len(values)
    words = " ".join(style.word for style in [*OUTCOMES.values(), *VERDICTS.values()])
    assert "eligible" not in words.lower()
    assert VERDICTS["likely"].word == "Might fit — the study team decides"


def _criterion(kind: str, status: str, text: str) -> CriterionResult:
    return CriterionResult(kind, text, status, None, "reason")  # type: ignore[arg-type]


def test_result_view_puts_the_deciding_criteria_first_and_counts_by_meaning() -> None:
    result = TrialResult(
        "NCT00000001",
        "excluded",
        [
            _criterion("inclusion", "met", "adults"),
            _criterion("exclusion", "unknown", "pregnant"),
            _criterion("inclusion", "not_applicable", "women of childbearing potential"),
            _criterion("exclusion", "met", "bilirubin > 170 µmol/L"),
        ],
    )
    view = result_view(result, status="RECRUITING")
    assert [criterion.text for criterion in view.criteria] == [
        "bilirubin > 170 µmol/L",
        "pregnant",
        "adults",
        "women of childbearing potential",
    ]
    assert view.criteria[0].style.key == "does-not-fit"
    assert view.deciding == 1
    assert view.why == "Why it does not fit: 1 criterion, then the other 3"
    assert [(count.style.word, count.count) for count in view.counts] == [
        ("Does not fit", 1),
        ("Not known yet", 1),
        ("Fits", 1),
        ("Does not apply", 1),
    ]
    assert view.badge == VERDICTS["excluded"] and view.status == "RECRUITING"


def test_result_view_of_a_shortlist_entry_keeps_its_status_and_nearest_site() -> None:
    site = SiteDistance(distance_km=12.5, city="Lyon")
    entry = ShortlistEntry(
        "NCT00000002",
        "possible",
        [_criterion("inclusion", "unknown", "ECOG 0-1")],
        title="A trial",
        status="NOT_YET_RECRUITING",
        nearest_site=site,
        counts=Counts(unknown=1),
    )
    view = result_view(entry)
    assert (view.title, view.status, view.nearest_site) == ("A trial", "NOT_YET_RECRUITING", site)
    assert view.deciding == 1 and view.badge == VERDICTS["possible"]
    assert view.why == "What is not known yet: 1 criterion"
    # Only the meanings that occur are counted.
    assert [(count.style.key, count.count) for count in view.counts] == [("not-known", 1)]


def test_terminal_report_marks_a_met_exclusion_as_not_fitting() -> None:
    result = TrialResult(
        "NCT00000003",
        "excluded",
        [_criterion("exclusion", "met", "prior chemotherapy"), _criterion("inclusion", "met", "x")],
    )
    text = render_report_text(MatchReport([result]))
    assert "  - [exclusion] met (does not fit): prior chemotherapy" in text
    assert "  + [inclusion] met (fits): x" in text


OR_GROUP = (
    "Inclusion Criteria:\n\nAll of the following criteria must be met for inclusion:\n\n"
    "1. Signed consent;\n\n2. Osteoporosis, exhibiting at least one of the following:\n\n"
    "   * Fracture within 2 years;\n\n     * High risk of falling;\n\n"
    "       * T-score < -3.0\n\nExclusion Criteria:\n\n1. Cancer"
)


def test_the_outline_keeps_preambles_as_text_and_or_options_as_siblings() -> None:
    outline = criteria_outline(OR_GROUP.split("Exclusion")[0].split(":", 1)[1], "inclusion")
    assert [(item.bullet_kind, item.text[:20]) for item in outline] == [
        (TEXT_LINE, "All of the following"),
        ("number", "Signed consent;"),
        ("number", "Osteoporosis, exhibi"),
    ]
    options = outline[2].children
    assert [option.text for option in options] == [
        "Fracture within 2 years;",
        "High risk of falling;",
        "T-score < -3.0",
    ]
    assert all(not option.children for option in options)
    # Matching reads the same items, without the preamble.
    assert [item.text[:15] for item in split_criteria(OR_GROUP)] == [
        "Signed consent;",
        "Osteoporosis, e",
        "Cancer",
    ]


def test_a_threshold_implausible_in_its_unit_gets_a_note_naming_the_plausible_unit() -> None:
    hemoglobin = Measurement(
        "hemoglobin", ">", 10.0, "Hb > 10 mg/dL", unit="mg/dL", plausible=False
    )
    flagged = Measurement(**{**_fields(hemoglobin), "plausible_unit": "g/dL"})
    (note,) = threshold_notes(Criterion("I1", "inclusion", "Hb > 10 mg/dL", constraints=[flagged]))
    assert "not a plausible" in note and "10 g/dL" in note
    (untrusted,) = threshold_notes(
        Criterion("I2", "inclusion", "Hb > 10 mg/dL", constraints=[hemoglobin])
    )
    assert "does not use this threshold" in untrusted
    plausible = Measurement("hemoglobin", ">", 10.0, "Hb > 10 g/dL", unit="g/dL")
    assert threshold_notes(Criterion("I3", "inclusion", "x", constraints=[plausible])) == []


def _fields(measurement: Measurement) -> dict[str, object]:
    return {name: getattr(measurement, name) for name in measurement.__struct_fields__}


def test_descriptions_and_arms_share_one_dose_normaliser() -> None:
    description = "low (0.2×107), medium (0.5×107) and high dosage (1.0×107) of cells"
    assert plain_doses(description) == [
        "0.2×107 = 0.2×10^7 (2 million)",
        "0.5×107 = 0.5×10^7 (5 million)",
        "1.0×107 = 1.0×10^7 (10 million)",
    ]
    assert plain_doses(None) == []
