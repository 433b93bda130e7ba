"""A named clinical score's value or category, read on both sides and compared by the judge.

A score the lexicon does not name leaves its criterion to the study team even when the note
gives the value ("sCDAI 262", "PEDIS perfusion grade 1") or the category ("DIPSS
intermediate-2"). Each score is data (``data/criteria/analytes.json``: names, range, which
way it gets worse, its categories as the points each spans, and its publication); the one
parse reads criterion and note, and the one judge compares them. The tests hold the real
criteria of the registry trials the hand-written rounds ten, eleven, twenty-one and
twenty-five use, and their patients' notes.
"""

from __future__ import annotations

from test_hand_written_patients import _ROUNDS, _any_trial, _criterion, _round_patient
from test_judge_entailment import facts, judged
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import Measurement
from trialfinder.criteria.parse import analyse_text
from trialfinder.match import CriterionResult, match_trial


def _answer(round_name: str, patient: str, trial: str, start: str) -> CriterionResult:
    result = match_trial(
        parse_trial_criteria(_any_trial(trial)), _round_patient(round_name, patient)
    )
    return _criterion(result, start)


def _readings(text: str) -> list[tuple[str, str, float | None, float | None]]:
    return [
        (m.analyte, m.comparator, m.canonical_value, m.canonical_upper)
        for m, _, _ in analyse_text(text).measurements
    ]


def _note_values(note: str) -> dict[str, tuple[float | None, float | None]]:
    patient = facts(note=note)
    return {
        f.measurement.analyte: (f.measurement.canonical_value, f.measurement.canonical_upper)
        for f in patient.facts
        if isinstance(f.measurement, Measurement)
    }


def _round_names(round_name: str) -> list[str]:
    return list(_ROUNDS[round_name]["patients"])


def test_the_short_crohns_disease_activity_index_is_read_on_both_sides() -> None:
    """NCT03058679 "sCDAI score >175" and "sCDAI >400" against "Active symptoms, sCDAI 262":
    the short CDAI (Thia 2011) is its own score, met above 175 and not above 400."""
    assert _readings("sCDAI score >175") == [("scdai", ">", 175.0, None)]
    patient = next(
        name
        for name in _round_names("twentyfive")
        if name.startswith("active ileocolonic Crohn's disease on stable azathioprine")
    )
    above = _answer("twentyfive", patient, "NCT03058679", "sCDAI score >175")
    assert above.status == "met", above.reason
    below = _answer("twentyfive", patient, "NCT03058679", "sCDAI >400")
    assert below.status == "not_met", below.reason


def test_a_pedis_perfusion_grade_is_read_on_both_sides() -> None:
    """NCT05948592 "PEDIS perfusion grade 1 or 2" (Schaper 2004, grades 1–3) against "ABPI
    1.0 (PEDIS perfusion grade 1)" (met) and "critical limb ischaemia (PEDIS perfusion 3)"
    (not met); the infection grade beside it is another score."""
    assert _readings("PEDIS perfusion grade 1 or 2;") == [("pedis_perfusion", "between", 1.0, 2.0)]
    met = _answer("ten", "diabetic foot ulcer with MRSA", "NCT05948592", "PEDIS perfusion grade")
    assert met.status == "met", met.reason
    not_met = _answer(
        "ten", "neuro-ischaemic heel ulcer on NPWT", "NCT05948592", "PEDIS perfusion grade"
    )
    assert not_met.status == "not_met", not_met.reason
    assert "pedis_perfusion" not in _note_values("PEDIS infection grade 3.")


def test_a_score_s_named_categories_are_the_points_they_span() -> None:
    """DIPSS (Passamonti 2010): low 0, intermediate-1 1–2, intermediate-2 3–4, high 5–6. A list
    of categories is the points from its lowest to its highest, in the registry's forms:
    "intermediate-2 or high-risk MF" (NCT04576156), "Intermediate-1, Intermediate-2, or
    High-Risk" (NCT03165734), "[DIPSS] risk score of Intermediate-1 to High-Risk"."""
    assert _readings(
        "Dynamic International Prognostic Scoring System intermediate-2 or high-risk MF"
    ) == [("dipss", "between", 3.0, 6.0)]
    assert _readings(
        "Dynamic International Prognostic Scoring System Intermediate-1, Intermediate-2, or "
        "High-Risk (Passamonti et al 2010"
    ) == [("dipss", "between", 1.0, 6.0)]
    assert _readings(
        "(Dynamic International Prognostic Scoring System [DIPSS] risk score of Intermediate-1 "
        "to High-Risk)"
    ) == [("dipss", "between", 1.0, 6.0)]
    assert _note_values("DIPSS high risk.") == {"dipss": (5.0, 6.0)}
    assert _note_values("Primary myelofibrosis, DIPSS intermediate-2.") == {"dipss": (3.0, 4.0)}


def test_categories_that_skip_one_are_no_range() -> None:
    """ "DIPSS low or high risk" leaves out the intermediate categories between them: no one
    range of points, so nothing is read."""
    assert _readings("DIPSS low or high risk") == []


def test_a_patient_s_category_is_judged_against_the_criterion_s_categories() -> None:
    """NCT03165734 "Dynamic International Prognostic Scoring System Intermediate-1,
    Intermediate-2, or High-Risk (Passamonti et al 2010" against "DIPSS intermediate-2": met;
    the author-year bracket is a reference, nothing the patient must have. A low-risk
    patient does not meet it."""
    answer = _answer(
        "twentyone",
        next(n for n in _round_names("twentyone") if n.startswith("primary myelofibrosis with")),
        "NCT03165734",
        "Dynamic International Prognostic Scoring System",
    )
    assert answer.status == "met", answer.reason
    text = "Dynamic International Prognostic Scoring System intermediate-2 or high-risk"
    low = judged(text, "inclusion", facts(note="Myelofibrosis, DIPSS low risk."))
    assert low.status == "not_met", low.reason


def test_a_score_value_outside_its_range_is_not_read() -> None:
    """PEDIS perfusion runs 1–3: "PEDIS perfusion grade 7" is no grade of it."""
    assert "pedis_perfusion" not in _note_values("PEDIS perfusion grade 7.")


def test_dipss_plus_is_a_score_of_its_own() -> None:
    """DIPSS-plus (Gangat 2011) adds karyotype, platelets and transfusion need to DIPSS and
    spans its categories differently (high is 4–6): "DIPSS-plus score >= 2" is no DIPSS
    value, and a note's "DIPSS-plus high risk" leaves a DIPSS criterion to the study team."""
    assert _readings("DIPSS-plus score >= 2") == [("dipss_plus", ">=", 2.0, None)]
    assert _note_values("DIPSS-Plus high risk.") == {"dipss_plus": (4.0, 6.0)}
    text = "Dynamic International Prognostic Scoring System intermediate-2 or high-risk"
    other = judged(text, "inclusion", facts(note="Myelofibrosis, DIPSS-Plus high risk."))
    assert other.status == "unknown", other.reason


def test_the_revised_ipss_of_myelodysplasia_is_no_prostate_symptom_score() -> None:
    """The IPSS-R (Greenberg 2012, 0–10 points) grades myelodysplasia; the IPSS of the AUA
    (0–35) grades urinary symptoms. NCT05607199 "MDS with IPSS-R score greater than 3.5" and
    NCT05949684 "(intermediate-risk of ≤ 3.5 IPSS-R score)" bound the IPSS-R, and a note's
    "IPSS-R 6" is an IPSS-R value, never a prostate symptom score."""
    assert _readings(
        "Intermediate / High-Risk / Very High-Risk Myelodysplastic syndrome (MDS) with IPSS-R "
        "score greater than 3.5, by IPSS - R criterion (Appendix C) who are eligible to receive "
        "AZA."
    ) == [("ipss_r", ">", 3.5, None)]
    # A value written before the name is not read, and no longer as the prostate's IPSS.
    assert _readings("(intermediate-risk of ≤ 3.5 IPSS-R score) confirmed via bone marrow") == []
    assert _note_values("High-risk MDS, IPSS-R 6, to start azacitidine.") == {"ipss_r": (6.0, None)}
    assert _note_values("LUTS, IPSS 22.") == {"ipss": (22.0, None)}
    other = judged("IPSS score ≥ 20", "inclusion", facts(note="MDS, IPSS-R 6."))
    assert other.status == "unknown", other.reason


def test_an_ipss_r_value_outside_its_range_is_not_read() -> None:
    """The IPSS-R runs 0–10 points: "IPSS-R 14" is no value of it."""
    assert "ipss_r" not in _note_values("MDS, IPSS-R 14.")


def test_the_erectile_function_domain_is_no_ejection_fraction() -> None:
    """NCT00517179 "Erectile Function domain (EF) of the International Index of Erectile
    Function (IIEF) score <= 21": the IIEF's erectile function domain (Rosen 1997; Cappelleri
    1999, 1–30 points), not a left ventricular ejection fraction; met by "IIEF-EF 9"."""
    written = (
        "Complaints of erectile dysfunction with Erectile Function domain (EF) of the "
        "International Index of Erectile Function (IIEF) score <= 21"
    )
    assert _readings(written) == [("iief_ef", "<=", 21.0, None)]
    assert _note_values("ED for 2 years, IIEF-EF 9.") == {"iief_ef": (9.0, None)}
    domain = written.removeprefix("Complaints of erectile dysfunction with ")
    answer = judged(domain, "inclusion", facts(note="Erectile dysfunction for 2 years, IIEF-EF 9."))
    assert answer.status == "met", answer.reason
    above = judged(domain, "inclusion", facts(note="Erectile dysfunction, IIEF-EF 26."))
    assert above.status == "not_met", above.reason


def test_the_maximum_urinary_flow_rate_is_read_on_both_sides() -> None:
    """The maximum urinary flow rate of uroflowmetry (Qmax, mL/s; ICS Good Urodynamic
    Practices, Schäfer 2002): NCT05686525 "Qmax ≤ 15ml/sec" and NCT00517179 "Urinary flow
    between 5 to 15ml/second" against "Qmax 8 ml/s" (met) and "Qmax 22 ml/s" (not met)."""
    assert _readings(
        "Bladder outlet obstruction (BOO) is defined by Qmax ≤ 15ml/sec, based on uroflowmetry."
    ) == [("qmax", "<=", 15.0, None)]
    assert _readings("Urinary flow between 5 to 15ml/second in a total void volume >=150mL") == [
        ("qmax", "between", 5.0, 15.0),
        ("volume", ">=", 150.0, None),
    ]
    assert _note_values("Uroflow: Qmax 8 ml/s, voided vol 240 ml.") == {"qmax": (8.0, None)}
    met = judged("Qmax ≤ 15ml/sec", "inclusion", facts(note="BPH. Uroflow: Qmax 8 ml/s."))
    assert met.status == "met", met.reason
    not_met = judged("Qmax ≤ 15ml/sec", "inclusion", facts(note="BPH. Uroflow: Qmax 22 ml/s."))
    assert not_met.status == "not_met", not_met.reason


def test_a_urinary_flow_rate_outside_its_range_is_not_read() -> None:
    """No bladder voids at 900 mL/s: "Qmax 900 ml/s" is no flow rate."""
    assert "qmax" not in _note_values("Uroflow: Qmax 900 ml/s.")


def test_a_comparator_before_a_score_s_name_bounds_its_roman_grade() -> None:
    """ "greater than NYHA 2" is NYHA > 2; so is a comparator before the name of a score whose
    grade is Roman: "equal to or greater than NYHA II" is NYHA ≥ 2, "under NYHA II" is
    NYHA < 2 (the forms of NCT05692739 "Staining equal to or greater than Oxford II" and
    "Corneal staining under Oxford II")."""
    assert _readings("Heart failure equal to or greater than NYHA II") == [
        ("nyha", ">=", 2.0, None)
    ]
    assert _readings("Heart failure under NYHA II") == [("nyha", "<", 2.0, None)]
    assert _readings("heart failure NYHA class III") == [("nyha", "=", 3.0, None)]


def test_the_ipss_r_s_risk_categories_are_the_points_they_span() -> None:
    """IPSS-R categories (Greenberg 2012, half-point steps): very low ≤ 1.5, low 2–3,
    intermediate 3.5–4.5, high 5–6, very high ≥ 6.5. NCT05949684 "IPSS-R classification of
    very low, low, or intermediate-risk disease" is 0–4.5 points, which "IPSS-R low" meets
    and "IPSS-R high" does not (NCT05607199's "Intermediate / High-Risk / Very High-Risk" MDS)."""
    written = (
        "Participant has documented diagnosis of MDS that meet IPSS-R classification of very "
        "low, low, or intermediate-risk disease"
    )
    assert _readings(written) == [("ipss_r", "between", 0.0, 4.5)]
    assert _note_values("78M, MDS, IPSS-R low.") == {"ipss_r": (2.0, 3.0)}
    assert _note_values("MDS, IPSS-R very high risk.") == {"ipss_r": (6.5, 10.0)}
    value = "IPSS-R classification of very low, low, or intermediate-risk disease"
    # The category is compared; the words around it are still the study team's.
    low = judged(value, "inclusion", facts(note="78M, MDS, IPSS-R low."))
    assert low.status != "not_met", low.reason
    assert "IPSS-R 2–3 meets the required range 0 to 4.5" in low.reason
    not_met = judged(value, "inclusion", facts(note="55M. Myelodysplastic syndrome, IPSS-R high."))
    assert not_met.status == "not_met", not_met.reason
