"""The text view of a trial against the reference trial pages, dose reading, and
robustness on every real record we have."""

from __future__ import annotations

import gzip
import json
import re
import zipfile
from pathlib import Path

import pytest

from conftest import API_V2_STUDIES, LEGACY_XML_SAMPLE, script_module, shared_path
from trialfinder.criteria.clean import unescape_markdown
from trialfinder.criteria.numbers import find_doses, plain_number
from trialfinder.criteria.sections import CriteriaSection, split_criteria_sections
from trialfinder.ingest.ctgov_v2 import parse_study
from trialfinder.ingest.reader import iter_records
from trialfinder.model import (
    ArmGroup,
    Eligibility,
    Enrollment,
    Intervention,
    Location,
    Trial,
    parse_age,
)
from trialfinder.present.trial import (
    age_range_label,
    enrollment_label,
    format_dose,
    masking_label,
    participants_label,
    phase_label,
    render_markdown_lines,
    status_label,
)
from trialfinder.present.trial_text import render_trial_text

REPOSITORY = Path(__file__).resolve().parent.parent
SAMPLE = REPOSITORY / "src" / "trialfinder" / "data" / "sample"
REFERENCE_TRIALS = ["NCT03877471", "NCT05018637", "NCT05160831", "NCT05227846", "NCT06949137"]

# Site chrome on the reference pages: navigation, a sponsor avatar letter, a
# loading placeholder and the footer that follows the data-source line.
_CHROME_LINES = {"ClinicalTrials.Veeva", "Menu", "Loading..."}
_FOOTER_STARTS_AFTER = "Data sourced from clinicaltrials.gov"
# What a terminal would act on; none of it may reach the output.
_TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _page_fact_lines(nct_id: str) -> list[str]:
    lines: list[str] = []
    for raw_line in shared_path(f"seeds/{nct_id}.txt").read_text(encoding="utf-8").splitlines():
        # The pages leave one registry markdown escape raw ("6.0×10\^7"); we unescape it.
        line = unescape_markdown(raw_line.rstrip())
        if not line.strip() or line in _CHROME_LINES or re.fullmatch(r"[A-Z]", line):
            continue
        lines.append(line)
        if line == _FOOTER_STARTS_AFTER:
            break
    return lines


def _seed_trial(nct_id: str) -> Trial:
    return parse_study(json.loads((SAMPLE / "seeds" / f"{nct_id}.json").read_text("utf-8")))


def _missing_in_order(expected: list[str], actual: list[str]) -> str | None:
    """The first expected line not found (in order) in actual, with where the search was."""
    position = 0
    for line in expected:
        try:
            position = actual.index(line, position) + 1
        except ValueError:
            context = "\n".join(actual[max(0, position - 3) : position + 3])
            return f"missing line {line!r}\nsearching after:\n{context}"
    return None


@pytest.mark.parametrize("nct_id", REFERENCE_TRIALS)
def test_text_view_shows_every_fact_line_of_the_reference_page_in_order(nct_id: str) -> None:
    rendered = render_trial_text(_seed_trial(nct_id)).splitlines()
    page_lines = _page_fact_lines(nct_id)
    assert len(page_lines) > 40
    assert _missing_in_order(page_lines, rendered) is None


@pytest.mark.parametrize("nct_id", REFERENCE_TRIALS)
def test_text_view_ends_with_source_link_and_last_update(nct_id: str) -> None:
    trial = _seed_trial(nct_id)
    tail = render_trial_text(trial).splitlines()[-3:]
    assert tail[0] == "Data sourced from clinicaltrials.gov"
    assert tail[1] == f"https://clinicaltrials.gov/study/{nct_id}"
    assert re.fullmatch(r"Last updated: 202[56]-\d\d-\d\d", tail[2])


def test_reference_seeds_carry_the_page_location_counts_and_funders() -> None:
    counts = {nct_id: len(_seed_trial(nct_id).locations) for nct_id in REFERENCE_TRIALS}
    assert counts == {
        "NCT03877471": 1,
        "NCT05018637": 1,
        "NCT05160831": 0,
        "NCT05227846": 1,
        "NCT06949137": 1,
    }
    assert _seed_trial("NCT06949137").funder_types == ["Other", "Industry"]
    for location in _seed_trial("NCT05227846").locations:
        assert location.latitude is not None and location.longitude is not None


def test_nested_criteria_keep_their_depth() -> None:
    text = (
        "Inclusion Criteria:\n\n* Fracture confirmed by MRI\n\n  * T score below -1.0\n"
        "  * Between T5 and L5\n* Pain score of 4 or higher\n\nExclusion Criteria:\n\n"
        "1. Prior surgery:\n\n   * within 6 months\n\n     * or any implant\n2. Infection"
    )
    sections = split_criteria_sections(text)
    assert [section.kind for section in sections] == ["inclusion", "exclusion"]
    assert render_markdown_lines(sections[0].text) == [
        "  • Fracture confirmed by MRI",
        "",
        "    • T score below -1.0",
        "    • Between T5 and L5",
        "  • Pain score of 4 or higher",
    ]
    assert render_markdown_lines(sections[1].text) == [
        "  1. Prior surgery:",
        "",
        "    • within 6 months",
        "",
        "      • or any implant",
        "  2. Infection",
    ]


def test_criteria_sub_headings_stay_inside_their_section() -> None:
    text = (
        "Key Inclusion Criteria:\n\n* Adult\n\nPart 1 additional inclusion criteria:\n\n* Cohort A"
        "\n\nExclusion Criteria (Parts 1 and 2):\n\n* Pregnant"
    )
    sections = split_criteria_sections(text)
    assert [(section.kind, section.heading) for section in sections] == [
        ("inclusion", "Key Inclusion Criteria:"),
        ("exclusion", "Exclusion Criteria (Parts 1 and 2):"),
    ]
    assert "Part 1 additional inclusion criteria:" in sections[0].text


def test_criteria_without_headings_are_one_general_section() -> None:
    assert split_criteria_sections("* Adults over 18\n* Able to consent") == [
        CriteriaSection(kind="other", text="* Adults over 18\n* Able to consent")
    ]


def test_lost_superscript_dose_reads_as_power_of_ten() -> None:
    (dose,) = find_doses("intramedullary injection of 4 x 107 WJ-MSCs at baseline")
    assert dose.written == "4 x 107"
    assert dose.amounts[0].value == 4e7
    assert format_dose(dose) == "4 x 107 = 4×10^7 (40 million)"


def test_escaped_caret_dose_is_shown_as_written_and_in_plain_words() -> None:
    (dose,) = find_doses("6.0×10\\^7")
    assert dose.amounts[0].value == pytest.approx(6e7)
    assert format_dose(dose) == "6.0×10^7 = 60 million"


def test_laboratory_ten_e_notation_counts_per_litre() -> None:
    (dose,) = find_doses("Severe leukopenia (white blood cell count < 1 × 10E9/L).")
    assert dose.unit == "/L"
    assert dose.amounts[0].value == 1e9
    assert format_dose(dose) == "1 × 10E9/L = 1×10^9/L (1 billion/L)"


def test_listed_coefficients_share_the_power_of_ten() -> None:
    (dose,) = find_doses("who receive doses of 5, 10,15 and 20 ×10E7 cells. Proceed")
    assert [amount.value for amount in dose.amounts] == [5e7, 1e8, 1.5e8, 2e8]
    assert dose.written == "5, 10,15 and 20 ×10E7 cells"
    assert format_dose(dose) == (
        "5, 10,15 and 20 ×10E7 cells = 5×10^7, 10×10^7, 15×10^7 and 20×10^7 cells "
        "(50 million, 100 million, 150 million and 200 million cells)"
    )


def test_dose_ranges_and_bare_powers_of_ten() -> None:
    (dose,) = find_doses("1-2 x 10^6 cells/kg")
    assert [amount.plain for amount in dose.amounts] == ["1 million", "2 million"]
    assert (
        format_dose(dose)
        == "1-2 x 10^6 cells/kg = 1×10^6 to 2×10^6 cells/kg (1 million to 2 million cells/kg)"
    )
    (bare,) = find_doses("about 10^8 cells")
    assert bare.amounts[0].value == 1e8


def test_ordinary_numbers_are_not_doses() -> None:
    assert find_doses("HPV16E7 positive, 100 mg twice daily, 2 x 25 mg tablets, 1 x 1000") == []


def test_plain_numbers() -> None:
    assert plain_number(2e6) == "2 million"
    assert plain_number(2.4e8) == "240 million"
    assert plain_number(1.5e9) == "1.5 billion"
    assert plain_number(4500) == "4,500"
    assert plain_number(0.001) == "0.001"


def test_labels_use_the_reference_page_words() -> None:
    assert status_label("RECRUITING") == "Enrolling"
    assert status_label("NOT_YET_RECRUITING") == "Not yet enrolling"
    assert status_label("ACTIVE_NOT_RECRUITING") == "Active, not recruiting"
    assert status_label("SOME_NEW_STATUS") == "Some new status"
    assert phase_label(["PHASE1", "PHASE2"]) == "Phase 1/2"
    assert phase_label(["EARLY_PHASE1"]) == "Early Phase 1"
    assert phase_label(["NA"]) is None
    assert masking_label("DOUBLE", ["PARTICIPANT", "INVESTIGATOR"]) == (
        "Double Blind (Participant, Investigator)"
    )
    assert age_range_label(parse_age("18 Years"), parse_age(None)) == "18+ years old"
    assert age_range_label(parse_age(None), parse_age("40 Years")) == "Under 40 years old"
    assert age_range_label(parse_age("6 Months"), parse_age("17 Years")) == (
        "6 months to 17 years old"
    )
    assert age_range_label(parse_age("N/A"), parse_age("N/A")) is None
    assert enrollment_label(Enrollment(count=28, type="ACTUAL")) == "28 patients"
    assert enrollment_label(Enrollment(count=40, type="ANTICIPATED")) == "40 estimated patients"
    assert participants_label(Enrollment(count=1), 1) == "1 participant in 1 patient group"


def test_registry_placeholder_enrollment_is_never_shown_as_a_count() -> None:
    trial = Trial(
        nct_id="NCT00000001",
        source_format="ctgov_v2_json",
        enrollment=Enrollment(count=99_999_999, type="ESTIMATED"),
        arm_groups=[ArmGroup(label="Cohort A"), ArmGroup(label="Cohort B")],
    )
    text = render_trial_text(trial)
    assert "99999999" not in text and "99,999,999" not in text
    assert "Enrollment" not in text
    assert "2 patient groups" in text


def test_terminal_control_characters_are_removed() -> None:
    trial = Trial(
        nct_id="NCT00000002",
        source_format="ctgov_v2_json",
        brief_title="Safe\x1b[2J title\x07",
        conditions=["Asthma\u202e"],
        interventions=[Intervention(name="Drug\x9b X", type="DRUG")],
        eligibility=Eligibility(criteria_text="Inclusion Criteria:\r\n\r\n* Adult\roverwrite\x00"),
        locations=[Location(city="Pune\x1b]0;owned\x07", country="India")],
    )
    text = render_trial_text(trial)
    assert not _TERMINAL_CONTROLS.search(text)
    assert "  • Adult" in text and "overwrite" in text


def test_a_record_with_nothing_but_an_id_renders() -> None:
    text = render_trial_text(Trial(nct_id="NCT00000003", source_format="ctgov_legacy_xml"))
    assert text.splitlines()[0] == "NCT00000003"
    assert "https://clinicaltrials.gov/study/NCT00000003" in text


def test_renders_every_one_of_the_228_real_records_without_error() -> None:
    lines = shared_path(API_V2_STUDIES).read_text("utf-8").splitlines()
    assert len(lines) == 228
    for line in lines:
        trial = parse_study(json.loads(line))
        text = render_trial_text(trial)
        assert text.startswith(trial.title.split("\n")[0].strip()[:20])
        assert trial.source_url in text
        assert not _TERMINAL_CONTROLS.search(text)


def test_renders_every_shipped_legacy_xml_record() -> None:
    results = list(iter_records([SAMPLE / "legacy_xml.zip"]))
    assert len(results) == 65
    for result in results:
        assert result.trial is not None, result.error
        text = render_trial_text(result.trial)
        assert result.trial.source_url in text
        assert not _TERMINAL_CONTROLS.search(text)


def test_shipped_sample_matches_a_fresh_build() -> None:
    build_sample = script_module("build_sample")
    studies, study_count = build_sample.build_studies_jsonl(
        SAMPLE / "seeds", shared_path(API_V2_STUDIES)
    )
    legacy, xml_count = build_sample.build_legacy_zip(shared_path(LEGACY_XML_SAMPLE))
    assert (study_count, xml_count) == (233, 65)
    assert (SAMPLE / "studies.jsonl.gz").read_bytes() == studies
    assert (SAMPLE / "legacy_xml.zip").read_bytes() == legacy


def test_shipped_sample_holds_the_reference_trials_and_the_legacy_files() -> None:
    with gzip.open(SAMPLE / "studies.jsonl.gz", "rt", encoding="utf-8") as studies:
        nct_ids = [
            json.loads(line)["protocolSection"]["identificationModule"]["nctId"] for line in studies
        ]
    assert len(nct_ids) == len(set(nct_ids)) == 233
    assert set(REFERENCE_TRIALS) <= set(nct_ids)
    with zipfile.ZipFile(SAMPLE / "legacy_xml.zip") as archive:
        names = archive.namelist()
    assert len(names) == 65 and all(re.fullmatch(r"NCT\d{8}\.xml", name) for name in names)


def test_long_number_runs_are_read_only_near_the_dose() -> None:
    hostile = "1, " * 200_000 + "2 x 10^6 cells"
    (dose,) = find_doses(hostile)
    assert dose.amounts[-1].value == 2e6
    assert 1 < len(dose.amounts) < 100


def test_criteria_splitting_stays_linear_on_hostile_lines() -> None:
    hostile = "Inclusion criteria" + " " * 200_000 + "x.\n" + "* " * 100_000
    sections = split_criteria_sections(hostile)
    assert [section.kind for section in sections] == ["other"]
    assert render_markdown_lines(hostile)


def test_criterion_written_on_the_heading_line_starts_the_section() -> None:
    text = "1) Inclusion Criteria:- 1. Adults\n\nExclusion Criteria:-\n\n* Pregnant"
    assert split_criteria_sections(text) == [
        CriteriaSection(kind="inclusion", text="1. Adults"),
        CriteriaSection(kind="exclusion", text="* Pregnant"),
    ]


@pytest.mark.parametrize(
    ("km", "label"),
    [
        (0.0, "0.0 km (0.0 mi)"),
        (9.96, "10.0 km (6.2 mi)"),
        (12.4, "12 km (7.7 mi)"),
        (16.0, "16 km (10 mi)"),
        (344.2, "344 km (214 mi)"),
    ],
)
def test_distances_read_in_whole_numbers_from_ten_km_and_one_decimal_below(
    km: float, label: str
) -> None:
    from trialfinder.present.trial import distance_label

    assert distance_label(km) == label
