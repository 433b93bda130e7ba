from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trialfinder.criteria.lexicon import Cues, load_lexicon
from trialfinder.criteria.numbers import NUMBER_PATTERN, number_words_as_digits, parse_number
from trialfinder.criteria.parse import parse_criterion, parse_value_text
from trialfinder.criteria.units import (
    UNIT_TEXT_TRANSLATION,
    bare_value_unit,
    convert,
    format_quantity,
    from_canonical,
    get_unit_reader,
    is_plausible,
    plausible_unit,
    to_canonical,
    unit_normalised,
    unit_words,
)


def analyte(analyte_id: str):  # type: ignore[no-untyped-def]
    return load_lexicon().analytes[analyte_id]


def test_bilirubin_mg_dl_converts_to_umol_l_with_its_molar_mass() -> None:
    assert to_canonical(analyte("total_bilirubin"), 10.6, "mg/dL") == pytest.approx(181.3, abs=0.1)
    assert convert(170.0, "umol/L", "mg/dL", 584.66) == pytest.approx(9.94, abs=0.01)


def test_creatinine_mg_dl_converts_to_umol_l() -> None:
    assert to_canonical(analyte("creatinine"), 1.2, "mg/dL") == pytest.approx(106.1, abs=0.1)


def test_hemoglobin_g_dl_is_ten_g_l() -> None:
    assert to_canonical(analyte("hemoglobin"), 10.0, "g/dL") == pytest.approx(100.0)


def test_iu_per_litre_equals_milli_iu_per_millilitre() -> None:
    assert convert(7.0, "mIU/mL", "IU/L") == pytest.approx(7.0)
    assert to_canonical(analyte("tsh"), 5.5, "uIU/mL") == pytest.approx(5.5)


def test_glucose_mg_dl_converts_to_mmol_l() -> None:
    assert to_canonical(analyte("glucose"), 180.16, "mg/dL") == pytest.approx(10.0, abs=0.01)


def test_platelets_per_cubic_millimetre_convert_to_ten_to_the_ninth_per_litre() -> None:
    assert to_canonical(analyte("platelets"), 100_000, "1/mm**3") == pytest.approx(100.0)


def test_pounds_convert_to_kilograms() -> None:
    assert to_canonical(analyte("body_weight"), 100.0, "lb") == pytest.approx(45.36, abs=0.01)


def test_incompatible_units_do_not_convert() -> None:
    assert to_canonical(analyte("total_bilirubin"), 1.0, "kg") is None
    assert convert(1.0, "copies/mL", "IU/mL") is None


def test_fsh_25_iu_per_ml_is_flagged_implausible() -> None:
    fsh = analyte("fsh")
    canonical = to_canonical(fsh, 25.0, "IU/mL")
    assert canonical == pytest.approx(25_000.0)
    assert not is_plausible(fsh, canonical)
    assert is_plausible(fsh, 25.0)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,000", 1000.0),
        ("1.5", 1.5),
        ("-3.0", -3.0),
        ("4 x 107", 4e7),
        ("1 × 10E9", 1e9),
        ("80,000", 8e4),
    ],
)
def test_numbers_as_registry_text_writes_them(text: str, value: float) -> None:
    assert parse_number(text) == pytest.approx(value)


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("170μmol/L", "umol/L"),
        ("2×ULN", "ULN"),
        ("1.2 times upper normal limit", "ULN"),
        ("18 kg/m²", "kg/m**2"),
        ("1,000 copies (cps)/mL", "copies/mL"),
        ("60 mL/min/1.73 m²", "mL_per_min_per_1_73m2"),
        ("10 g/dL", "g/dL"),
    ],
)
def test_unit_spellings_are_read(text: str, unit: str) -> None:
    norm = text.lower().translate(UNIT_TEXT_TRANSLATION)
    number = NUMBER_PATTERN.match(norm)
    assert number is not None
    found = get_unit_reader().read(norm, number.end())
    assert found is not None and found[0] == unit


@pytest.mark.parametrize(
    ("analyte_id", "value", "unit", "canonical"),
    [
        ("total_bilirubin", 3.1, "mg/dL", 53.0),
        ("creatinine", 0.9, "mg/dL", 79.6),
        ("glucose", 126.0, "mg/dL", 7.0),
        ("hba1c", 53.0, "mmol/mol", 7.0),
        ("hba1c", 48.0, "mmol/mol", 6.5),
        ("total_cholesterol", 200.0, "mg/dL", 5.17),
        ("ldl", 100.0, "mg/dL", 2.59),
        ("triglycerides", 150.0, "mg/dL", 1.69),
        ("hemoglobin", 9.0, "g/dL", 90.0),
        ("calcium", 10.0, "mg/dL", 2.5),
        ("albumin", 3.5, "g/dL", 35.0),
        ("platelets", 150_000.0, "1/uL", 150.0),
        ("white_cells", 4_000.0, "1/uL", 4.0),
    ],
)
def test_conventional_and_si_units_convert_both_ways(
    analyte_id: str, value: float, unit: str, canonical: float
) -> None:
    measured = analyte(analyte_id)
    assert to_canonical(measured, value, unit) == pytest.approx(canonical, rel=0.01)
    assert from_canonical(measured, canonical, unit) == pytest.approx(value, rel=0.01)


def test_hba1c_mmol_per_mol_is_not_a_tenth_of_a_percent() -> None:
    # IFCC (mmol/mol) to NGSP (%) is affine; as plain dimensionless units pint would
    # have made 53 mmol/mol 5.3%, below the diabetes threshold it is above.
    reading = parse_value_text("hba1c", "53 mmol/mol")
    assert reading is not None and reading.canonical_value == pytest.approx(7.0, abs=0.05)


@pytest.mark.parametrize(
    ("analyte_id", "value", "unit"),
    [
        ("bmi", 23.0, "kg/m**2"),
        ("creatinine", 1.2, "mg/dL"),
        ("creatinine", 90.0, "umol/L"),
        ("hemoglobin", 10.0, "g/dL"),
        ("hemoglobin", 100.0, "g/L"),
        ("platelets", 150_000.0, "1/uL"),
        ("platelets", 150.0, "1/nL"),
        ("temperature", 38.5, "degC"),
        ("temperature", 101.0, "degF"),
        ("total_bilirubin", 3.1, None),  # plausible in mg/dL and in µmol/L: not guessed
        ("body_weight", 70.0, None),  # kg or lb
    ],
)
def test_a_bare_value_takes_the_one_unit_it_is_plausible_in(
    analyte_id: str, value: float, unit: str | None
) -> None:
    assert bare_value_unit(analyte(analyte_id), value) == unit


def test_a_bare_value_says_the_unit_it_was_taken_in() -> None:
    reading = parse_value_text("creatinine", "1.2")
    assert reading is not None and reading.unit_assumed and reading.unit == "mg/dL"
    assert reading.canonical_value == pytest.approx(106.1, abs=0.1)
    assert parse_value_text("creatinine", "1.2 mg/dL").unit_assumed is False  # type: ignore[union-attr]


def test_an_implausible_threshold_is_flagged_with_the_unit_it_is_plausible_in() -> None:
    constraints, _ = parse_criterion("FSH > 25 IU/mL", "inclusion")
    fsh = next(c for c in constraints if getattr(c, "analyte", None) == "fsh")
    assert not fsh.plausible and fsh.plausible_unit == "IU/L"  # type: ignore[union-attr]
    assert plausible_unit(analyte("fsh"), 25.0, "IU/mL") == "IU/L"
    # A threshold no usual unit makes plausible is flagged without one.
    constraints, _ = parse_criterion("Hemoglobin > 900 g/dL", "inclusion")
    hemoglobin = next(c for c in constraints if getattr(c, "analyte", None) == "hemoglobin")
    assert not hemoglobin.plausible and hemoglobin.plausible_unit is None  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("unit", "words"),
    [
        ("kg/m**2", "kg/m²"),
        ("mL_per_min_per_1_73m2", "mL/min/1.73 m²"),
        ("1/nL", "×10⁹/L"),
        ("umol/L", "µmol/L"),
        ("mg/dL", "mg/dL"),
        ("1/uL", "/µL"),
        ("1/mm**3", "/mm³"),
        ("percent", "%"),
    ],
)
def test_units_are_written_as_clinicians_write_them(unit: str, words: str) -> None:
    assert unit_words(unit) == words


def test_every_written_unit_reads_back_as_itself() -> None:
    reader = get_unit_reader()
    for unit in reader.display:
        written = unit_words(unit).lower().translate(UNIT_TEXT_TRANSLATION)
        assert reader.read(written, 0) == (unit, len(written)), unit


def test_cell_counts_per_litre_are_shown_per_ten_to_the_ninth() -> None:
    assert format_quantity(1.5e11, "1/L") == "150 ×10⁹/L"
    assert format_quantity(7.0, "percent") == "7%"


@given(st.text())
def test_unit_normalised_text_is_the_translated_text(text: str) -> None:
    # The ASCII shortcut holds because every character the table maps is beyond ASCII.
    assert all(key > 127 for key in UNIT_TEXT_TRANSLATION)
    assert unit_normalised(text) == text.translate(UNIT_TEXT_TRANSLATION)


def test_number_words_in_the_cues_are_validated() -> None:
    cues = load_lexicon().cues.to_dict()
    assert Cues.from_dict(cues) == load_lexicon().cues
    with pytest.raises(ValueError, match="one lowercase word"):
        Cues.from_dict({**cues, "number_words": {"Twenty one": 21}})
    with pytest.raises(ValueError, match="shorter"):
        Cues.from_dict({**cues, "multiple_words": {"x": 2}})


@given(
    st.lists(
        st.sampled_from(
            [
                *("one", "two", "twice", "thrice", "twenty", "-", "to", "or", "year", "months"),
                *("the", "uln", "times", "x", "normal", "of", "1", ",", "days", "upper limit"),
            ]
        ),
        max_size=12,
    )
)
def test_number_words_become_digits_without_moving_any_offset(words: list[str]) -> None:
    text = " ".join(words)
    read = number_words_as_digits(text)
    # Same length, and a word only ever becomes digits, spaces and a multiple's "x".
    assert len(read) == len(text)
    assert all(
        new == old or new == " " or new.isdigit() or new == "x"
        for new, old in zip(read, text, strict=True)
    )
