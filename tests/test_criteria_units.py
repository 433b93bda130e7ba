from __future__ import annotations

import pytest

from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.numbers import NUMBER_PATTERN, parse_number
from trialfinder.criteria.units import (
    UNIT_TEXT_TRANSLATION,
    convert,
    get_unit_reader,
    is_plausible,
    to_canonical,
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
