"""Scores, grades and measures Chia criteria write that the parse read nothing of (issue 12,
Chia development half): scores and measures the lexicon lacked, a grade written as a "level"
before the score's name, a grade after "risk classification" or "is", a scale's edition
between it and its grade, and list items numbered "(1)", "(2)" (no values); ECG intervals (the
QRS duration, a PR or PQ interval apart from the QTc listed before it), heart sizes named in a
criterion's word order, the ICG retention rate, a reference's number glued to a percentage
(no value), and an acronym the criterion spells out as something else (no analyte)."""

from __future__ import annotations

import pytest

from conftest import shared_path
from trialfinder.criteria.parse import analyse_text
from trialfinder.evaluate import extraction_portion

CHIA = "data/chia/chia_without_scope"


def _line(document: str, written: str) -> str:
    assert extraction_portion(document) == "development"
    text = (shared_path(CHIA) / f"{document}.txt").read_bytes().decode("utf-8")
    return next(line for line in text.splitlines() if written in line)


def _read(line: str) -> list[tuple[str, str, float, float | None, str | None]]:
    return [
        (m.analyte, m.comparator, m.value, m.upper_value, m.unit)
        for m, _, _ in analyse_text(line).measurements
    ]


@pytest.mark.parametrize(
    ("document", "written", "expected"),
    [
        ("NCT02886962_inc", "CHADS2VASC score =2", ("cha2ds2_vasc", "=", 2.0, None, None)),
        ("NCT03318874_inc", "(OSDI) >12", ("osdi", ">", 12.0, None, None)),
        ("NCT02748330_inc", "(TIMI) grade 3 flow", ("timi_flow", "=", 3.0, None, None)),
        ("NCT02842424_exc", "Fontaine stage III and IV", ("fontaine", "between", 3.0, 4.0, None)),
        ("NCT02755701_exc", "West Haven grade = 3", ("west_haven", "=", 3.0, None, None)),
        ("NCT02340169_inc", "Physicians Global Assessment", ("pga", "between", 3.0, 4.0, None)),
        ("NCT02525991_inc", "CGI-I score of 1 or 2", ("cgi_i", "between", 1.0, 2.0, None)),
        (
            "NCT00461136_inc",
            "urinary albumin excretion",
            ("urine_albumin_excretion", ">=", 100.0, None, "mg/day"),
        ),
        (
            "NCT02339974_exc",
            "Mean pulmonary artery pressures =40mmHG",
            ("pulmonary_artery_pressure", "=", 40.0, None, "mmHg"),
        ),
        (
            "NCT01078051_inc",
            "Reference vessel size 2.5 mm",
            ("reference_vessel_diameter", "=", 2.5, None, "mm"),
        ),
        (
            "NCT02746900_exc",
            "Cervical dilation >1.5 cm",
            ("cervical_dilation", ">", 1.5, None, "cm"),
        ),
        (
            "NCT03278548_inc",
            "expected blood loss of = 500 ml",
            ("blood_loss", "=", 500.0, None, "mL"),
        ),
        ("NCT03318874_inc", "(NITBUT) <10 s", ("tear_breakup_time", "<", 10.0, None, "s")),
        ("NCT03318874_inc", "Schirmer-1 test >5 mm", ("schirmer", ">", 5.0, None, "mm")),
    ],
)
def test_a_score_or_measure_the_lexicon_lacked_is_read(
    document: str, written: str, expected: tuple[str, str, float, float | None, str | None]
) -> None:
    assert expected in _read(_line(document, written))


@pytest.mark.parametrize(
    ("document", "written", "expected"),
    [
        # A grade written as a "level" before the score it is a grade of.
        ("NCT03323047_exc", "Level III or greater on the", ("asa", ">=", 3.0, None, None)),
        ("NCT03323047_inc", "Level I or level II on the", ("asa", "between", 1.0, 2.0, None)),
        # A grade after "risk classification", or after "is".
        ("NCT02872935_inc", "risk classification I and II", ("asa", "between", 1.0, 2.0, None)),
        ("NCT02526823_inc", "classification is I-II grade", ("nyha", "between", 1.0, 2.0, None)),
    ],
)
def test_a_roman_grade_of_a_named_score_is_read(
    document: str, written: str, expected: tuple[str, str, float, float | None, str | None]
) -> None:
    assert _read(_line(document, written)) == [expected]


def test_the_numbers_of_a_list_s_items_are_no_values() -> None:
    # "(1) HASBLED score =3 OR (2) HASBLED = CHADS2VASC score, OR (3) recent history of
    # severe bleeding": "(2)" is no HAS-BLED score, "(3)" no CHA2DS2-VASc score.
    line = _line("NCT02886962_inc", "(1) HASBLED score =3")
    assert _read(line) == [("has_bled", "=", 3.0, None, None)]


def test_a_bracketed_value_alone_is_still_read() -> None:
    # One number in brackets with no list around it is a value: "Karnofsky score (70)".
    assert _read("Karnofsky score (70)") == [("karnofsky", "=", 70.0, None, "percent")]


def test_an_edition_between_a_score_and_its_grade_is_skipped() -> None:
    # "… to NCI CTCAE version 4.0 grade = 1 (except alopecia …)": the edition's number stands
    # between the scale and its grade, as "CTCAE v4.03 grade ≤ 1" was already read.
    line = _line("NCT03355157_inc", "NCI CTCAE version 4.0 grade = 1")
    assert ("ctcae_grade", "=", 1.0, None, None) in _read(line)


@pytest.mark.parametrize(
    ("document", "written"),
    [
        ("NCT02903407_exc", "child class B and C liver disease"),
        ("NCT03063866_inc", "With Child score B or C"),
    ],
)
def test_child_pugh_classes_after_child_s_name_alone_are_read(document: str, written: str) -> None:
    # "Child class", "Child score": the Child-Pugh classes B and C, 7 to 15 points.
    assert _read(_line(document, written)) == [("child_pugh", "between", 7.0, 15.0, None)]


@pytest.mark.parametrize(
    ("document", "written", "expected"),
    [
        (
            "NCT03062358_inc",
            "Barcelona Clinic Liver Cancer (BCLC) Stage C disease or BCLC Stage B",
            [("bclc", "=", 3.0, None, None), ("bclc", "=", 2.0, None, None)],
        ),
        (
            "NCT01807897_inc",
            "American Heart Association Stage C-D",
            [("hf_stage", "between", 3.0, 4.0, None)],
        ),
        (
            "NCT02537899_inc",
            "American Spinal Injury Association Impairment Scale A or B",
            [("asia_impairment", "between", 1.0, 2.0, None)],
        ),
    ],
)
def test_a_scale_written_in_letters_is_read_as_its_classes(
    document: str, written: str, expected: list[tuple[str, str, float, float | None, None]]
) -> None:
    assert _read(_line(document, written)) == expected


def test_a_scale_s_class_zero_is_listed_with_its_letters() -> None:
    # "BCLC stage 0 or A" is stages 0 to A, not the number 0 alone (a stage A patient is in).
    assert _read("BCLC stage 0 or A") == [("bclc", "between", 0.0, 1.0, None)]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        # NCT05701488 'either AJCC stage IA, IB, II, and IIIA or BCLC stage 0 or stage A disease'
        (
            "either AJCC stage IA, IB, II, and IIIA or BCLC stage 0 or stage A disease",
            [("bclc", "between", 0.0, 1.0, None)],
        ),
        # the scale's word before each class, as NCT00739791 'stage I or stage II prostate
        # cancer' and NCT05110196 'grade 1 or grade 2 serum amylase' write it in numbers
        ("Child-Pugh class A or class B", [("child_pugh", "between", 5.0, 9.0, None)]),
    ],
)
def test_a_letter_class_listed_with_the_scale_s_word_again_is_read(
    written: str, expected: list[tuple[str, str, float, float | None, None]]
) -> None:
    assert _read(written) == expected


def test_a_pq_interval_listed_after_the_qtc_is_a_pr_interval() -> None:
    read = _read(_line("NCT01803438_inc", "PQ - interval = 210 ms"))
    assert ("qtc", "<", 440.0, None, "ms") in read
    assert ("pr_interval", "=", 210.0, None, "ms") in read
    assert ("qtc", "=", 210.0, None, "ms") not in read


def test_septum_thickness_and_left_atrium_diameters_in_the_order_written() -> None:
    read = _read(_line("NCT01803438_inc", "thickness of the inter-ventricular septum =12 mm"))
    assert ("septal_thickness", "=", 12.0, None, "mm") in read
    assert ("left_atrial_diameter", "<", 46.0, None, "mm") in read
    assert ("septal_thickness", "<", 46.0, None, "mm") not in read


def test_an_icg_retention_threshold_is_read_and_its_reference_number_is_not() -> None:
    line = _line("NCT02321202_exc", "indocyanine green retention rate at 15min (ICGR15)")
    assert [r for r in _read(line) if r[0] == "icg_r15"] == [
        ("icg_r15", ">", 30.0, None, "percent")
    ]


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("QRS duration ≥ 150 ms", ("qrs_duration", ">=", 150.0, None, "ms")),
        ("QRS width > 120 msec", ("qrs_duration", ">", 120.0, None, "ms")),
        ("PR interval > 240 msec", ("pr_interval", ">", 240.0, None, "ms")),
        ("ICG-R15 < 20%", ("icg_r15", "<", 20.0, None, "percent")),
        (
            "indocyanine green retention rate at 15 minutes (ICG-R15) ≤ 10%",
            ("icg_r15", "<=", 10.0, None, "percent"),
        ),
    ],
)
def test_ecg_intervals_and_the_icg_retention_rate_are_read(
    written: str, expected: tuple[str, str, float, float | None, str | None]
) -> None:
    assert _read(written) == [expected]


def test_an_acronym_the_criterion_spells_out_as_something_else_is_not_the_analyte() -> None:
    line = _line("NCT02195024_inc", "pacing capture thresholds (PCT)")
    assert [r for r in _read(line) if r[0] == "procalcitonin"] == []
    # Spelt out as the analyte itself, or sharing its name's words, the acronym stays it.
    assert _read("serum procalcitonin (PCT) > 0.5 ng/mL") == [
        ("procalcitonin", ">", 0.5, None, "ng/mL")
    ]
    assert _read("Fagerström Test for Cigarette Dependence (FTCD) score ≥ 4") == [
        ("fagerstrom", ">=", 4.0, None, None)
    ]
