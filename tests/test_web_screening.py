"""Pre-screening in the browser's forms: one trial's questions, and a ranked match."""

from __future__ import annotations

import json

import httpx
import pytest


@pytest.fixture(scope="module")
def client(live_server_url: str) -> httpx.Client:
    return httpx.Client(base_url=live_server_url, timeout=60)


def test_qualify_form_asks_only_what_the_trials_criteria_use(client: httpx.Client) -> None:
    page = client.get("/trials/NCT05227846/qualify")
    assert page.status_code == 200
    assert 'name="age"' in page.text
    assert "bilirubin" in page.text.lower()
    assert "T-score" not in page.text


def test_bilirubin_in_mg_dl_meets_the_umol_exclusion_on_the_qualify_page(
    client: httpx.Client,
) -> None:
    form = client.get("/trials/NCT05227846/qualify").text
    field = next(
        part.split('"')[0]
        for part in form.split('name="')[1:]
        if "bilirubin" in part.split('"')[0].lower()
    )
    page = client.post("/trials/NCT05227846/qualify", data={"age": "50", field: "10.6 mg/dL"})
    assert page.status_code == 200
    assert "At least one criterion does not fit your answers" in page.text
    assert "170μmol/L" in page.text or "170 μmol/L" in page.text
    assert "study team decides" in page.text
    assert "is eligible" not in page.text.lower()


def test_match_a_patient_ranks_trials_for_the_profile(client: httpx.Client) -> None:
    profile = {
        "age": 62,
        "sex": "female",
        "conditions": ["postmenopausal osteoporosis"],
        "measurements": {"BMI": "24 kg/m2"},
    }
    page = client.post("/match", data={"profile": json.dumps(profile)})
    assert page.status_code == 200
    assert "/trials/NCT06949137" in page.text
    assert "study team decides" in page.text
    assert "is eligible" not in page.text.lower()


def test_match_a_patient_from_form_fields(client: httpx.Client) -> None:
    page = client.post(
        "/match",
        data={"age": "58", "sex": "male", "conditions": "decompensated cirrhosis"},
    )
    assert page.status_code == 200
    assert "/trials/NCT05227846" in page.text


def test_match_a_patient_rejects_an_invalid_profile_with_a_message(client: httpx.Client) -> None:
    page = client.post("/match", data={"profile": '{"age": "sixty", "pets": 2}'})
    assert page.status_code == 400
    assert "not valid" in page.text
    assert "Traceback" not in page.text


def test_match_page_is_linked_from_every_page(client: httpx.Client) -> None:
    assert 'href="/match"' in client.get("/").text


def test_bare_bmi_on_the_qualify_form_is_taken_in_kg_per_m2_and_says_so(
    client: httpx.Client,
) -> None:
    form = client.get("/trials/NCT05160831/qualify").text
    assert "kg/m²" in form and "kg/m**2" not in form
    page = client.post("/trials/NCT05160831/qualify", data={"age": "50", "bmi": "23"})
    assert page.status_code == 200
    assert "BMI 23 (taken as kg/m²)" in page.text
    assert "cannot be compared" not in page.text
    assert "kg/m**2" not in page.text
