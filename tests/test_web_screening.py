"""Pre-screening in the browser's forms: one trial's questions, and a ranked match."""

from __future__ import annotations

import html
import json
import re

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


def _bilirubin_check(client: httpx.Client) -> httpx.Response:
    """NCT05227846's qualify form answered with age 50 and bilirubin 10.6 mg/dL (181 µmol/L),
    which meets its bilirubin exclusion."""
    form = client.get("/trials/NCT05227846/qualify").text
    field = next(
        part.split('"')[0]
        for part in form.split('name="')[1:]
        if "bilirubin" in part.split('"')[0].lower()
    )
    return client.post("/trials/NCT05227846/qualify", data={"age": "50", field: "10.6 mg/dL"})


def test_bilirubin_in_mg_dl_meets_the_umol_exclusion_on_the_qualify_page(
    client: httpx.Client,
) -> None:
    page = _bilirubin_check(client)
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


def _criteria_by_style(page: str) -> list[tuple[str, str, str]]:
    """(style, inclusion|exclusion, text) of each judged criterion on a results page."""
    return [
        (style, kind, html.unescape(text))
        for style, kind, text in re.findall(
            r'<li class="criterion criterion-([a-z-]+)">.*?'
            r'<span class="criterion-type">(\w+) criterion</span>\s*'
            r'<span class="text">(.*?)</span>',
            page,
            re.DOTALL,
        )
    ]


def test_a_met_exclusion_shows_as_does_not_fit_and_a_met_inclusion_as_fits(
    client: httpx.Client,
) -> None:
    page = _bilirubin_check(client)
    criteria = _criteria_by_style(page.text)
    # The bilirubin exclusion is met: it is the first criterion, styled "does not fit".
    style, kind, text = criteria[0]
    assert (style, kind) == ("does-not-fit", "exclusion") and "bilirubin" in text.lower()
    # The age inclusion is met: "fits".
    assert any(
        style == "fits" and kind == "inclusion" and text.startswith("Age")
        for style, kind, text in criteria
    )
    assert all(not (style == "fits" and "bilirubin" in text.lower()) for style, _, text in criteria)
    assert 'class="verdict-badge verdict-excluded"' in page.text
    assert "Does not fit: 1" in page.text and "Fits: " in page.text
    assert '<details class="decided" open>' in page.text
    assert "eligible" not in page.text.lower().replace("eligibility", "")


def test_match_results_show_distinct_badges_counts_status_and_distance(
    client: httpx.Client,
) -> None:
    # The early-breast-cancer trials' "early-stage, resected … without distant metastasis"
    # rules them out for a metastatic cancer (the excluded badge came from a misread age
    # limit before: "at least 2 years … of adjuvant ET").
    page = client.post(
        "/match",
        data={
            "age": "62",
            "sex": "female",
            "conditions": "metastatic breast cancer",
            "near": "Paris",
        },
    ).text
    badges = set(re.findall(r'class="verdict-badge verdict-(\w+)"', page))
    assert {"excluded", "possible"} <= badges
    assert "Does not fit — a criterion rules it out" in page
    assert "Might fit — some answers not known yet" in page
    cards = page.split('<article class="result result-card')[1:]
    assert cards and all('class="counts"' in card and "<details" in card for card in cards)
    assert all('class="status status-' in card for card in cards)
    assert any('class="distance"' in card for card in cards)
    # An excluded trial opens to the failing criteria first.
    excluded = next(card for card in cards if "verdict-card-excluded" in card)
    assert _criteria_by_style(excluded)[0][0] == "does-not-fit"


def test_match_page_widens_by_status_and_place(client: httpx.Client) -> None:
    form = client.get("/match").text
    assert 'name="status" value="RECRUITING" checked' in form
    assert 'name="status" value="COMPLETED">' in form
    assert 'name="near"' in form and 'name="within"' in form
    patient = {"age": "58", "sex": "male", "conditions": "decompensated cirrhosis"}
    default = client.post("/match", data=patient).text
    wider = client.post(
        "/match", data={**patient, "status": ["RECRUITING", "NOT_YET_RECRUITING", "COMPLETED"]}
    ).text
    shown = re.compile(r'class="status status-(\w+)"')
    assert "completed" not in shown.findall(default)
    assert "completed" in shown.findall(wider)
    assert 'name="status" value="COMPLETED" checked' in wider
    near = client.post("/match", data={**patient, "near": "Paris", "within": "500km"})
    assert near.status_code == 200 and 'value="500km" selected' in near.text
    unknown = client.post("/match", data={**patient, "near": "Nowhere-at-all-xyz"})
    assert unknown.status_code == 400
    assert 'role="alert"' in unknown.text and "Traceback" not in unknown.text


def test_qualify_form_asks_an_implausible_threshold_in_its_plausible_unit(
    client: httpx.Client,
) -> None:
    # "Hb > 10 mg/dL" is read as 10 g/dL: the form asks in g/dL, not mg/dL.
    form = client.get("/trials/NCT06630793/qualify").text
    label = re.search(r'<label for="q-hemoglobin">([^<]*)</label>', form)
    assert label is not None and "(g/dL," in label.group(1)


def test_the_match_page_says_whether_the_note_was_read_as_the_whole_record(
    client: httpx.Client,
) -> None:
    """The same profile read as partial (the form's default) and said to be whole: the
    page says which, and why, above the results (issue 12, class K)."""
    profile: dict[str, object] = {
        "age": 62,
        "sex": "female",
        "conditions": ["postmenopausal osteoporosis"],
    }
    partial = client.post("/match", data={"profile": json.dumps(profile)}).text
    assert "The note is read as a partial record" in partial
    whole = client.post(
        "/match", data={"profile": json.dumps({**profile, "whole_record": True})}
    ).text
    assert "The record was given as the patient&#39;s whole record" in whole
    assert "is eligible" not in whole.lower()
