"""Treatments, procedures and devices a criterion names by their class or kind.

Criteria name a drug class ("anti-psychotic medication", "erythropoiesis-stimulating
agent", a calcimimetic by its drug), a procedure ("hysterectomy", "parathyroidectomy",
"electroconvulsive therapy") or a device ("pacemaker", "implantable cardioverter-
defibrillator"); notes name the drug ("quetiapine 25 mg nocte", "on epoetin"), the
procedure with its shorthand and date ("s/p TAH-BSO 2015", "ECT March 2026") or the device
in place ("dual-chamber pacemaker fitted 2022"). The classes come from MeSH (pharmacological
actions, the E04 surgical procedures and E07 equipment trees) and FDA labels and are data
(``concepts.json``, each family with its source). Criteria are the real text of trials in
``../shared``.
"""

from __future__ import annotations

import pytest

from test_hand_written_patients import _any_trial
from test_judge_entailment import facts, judged
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention
from trialfinder.criteria.parse import parse_criterion


def _text(nct_id: str, start: str) -> tuple[str, str]:
    """The criterion's full text and its section."""
    parsed = parse_trial_criteria(_any_trial(nct_id))
    found = next(c for c in parsed.iter_criteria() if c.text.startswith(start))
    return found.text, found.section


def _status(nct_id: str, start: str, note: str) -> str:
    text, section = _text(nct_id, start)
    return judged(text, section, facts(age=60, sex="female", note=note)).status


ANTIPSYCHOTIC = ("NCT05381090", "Use of anti-psychotic medication")
CINACALCET = ("NCT03633708", "Receipt of cinacalcet therapy within 30 days")
PARATHYROIDECTOMY = ("NCT03633708", "Subject has received a parathyroidectomy")
ECT = ("NCT00739908", "Electroconvulsive therapy within 1 year")
HYSTERECTOMY = ("NCT06079671", "Patients who have undergone a previous hysterectomy")
PACEMAKER = ("NCT00739869", "Currently has a pacemaker")


# --- The classes are data with a source ---------------------------------------------------


@pytest.mark.parametrize(
    ("member", "family"),
    [
        ("quetiapine", "antipsychotic_agents"),
        ("olanzapine", "antipsychotic_agents"),
        ("haloperidol", "antipsychotic_agents"),
        ("epoetin", "erythropoiesis_stimulating_agents"),
        ("darbepoetin", "erythropoiesis_stimulating_agents"),
        ("cinacalcet", "calcimimetic_agents"),
        ("hysterectomy", "surgery"),
        ("parathyroidectomy", "surgery"),
        ("cardiac_pacemaker", "implanted_cardiac_device"),
        ("implantable_defibrillator", "implanted_device"),
        ("hepatitis_b_vaccines", "vaccines"),
        ("influenza_vaccines", "vaccines"),
        ("live_vaccines", "vaccines"),
    ],
)
def test_a_drug_procedure_or_device_belongs_to_its_class(member: str, family: str) -> None:
    assert family in load_lexicon().ancestors[member]


def test_an_antidepressant_is_no_antipsychotic() -> None:
    """MeSH files a few drugs under both actions; the families here hold neither's."""
    assert "antipsychotic_agents" not in load_lexicon().ancestors["mirtazapine"]


# --- Drug classes: the class in the criterion, the drug in the note -----------------------


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("Parkinson's disease dementia. On co-careldopa and quetiapine 25 mg nocte.", "met"),
        ("Schizophrenia, stable on olanzapine 10 mg.", "met"),
        ("Alzheimer's dementia on donepezil. Not on antipsychotics.", "not_met"),
    ],
)
def test_an_antipsychotic_drug_meets_the_class(note: str, expected: str) -> None:
    assert _status(*ANTIPSYCHOTIC, note) == expected


def test_an_antipsychotic_only_considered_is_not_use() -> None:
    """A drug the note says was only considered is not current use."""
    assert _status(*ANTIPSYCHOTIC, "Dementia. Quetiapine was considered and declined.") != "met"


def test_a_criterion_naive_to_a_class_denies_it() -> None:
    """ "erythropoiesis-stimulating agent naive": the word after the class says never had."""
    text, section = _text("NCT05949684", "Participant is erythropoiesis-stimulating agent naive")
    constraints, _ = parse_criterion(text.split(".")[0], section)
    esa = [c for c in constraints if isinstance(c, ConceptMention)]
    assert [(c.concept, c.negated) for c in esa] == [("erythropoiesis_stimulating_agents", True)]


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("MDS with anaemia, on epoetin alfa since June.", "met"),
        ("CKD 4 anaemia, darbepoetin (Aranesp) monthly.", "met"),
        ("Lower-risk MDS, transfusion dependent, no ESA ever.", "not_met"),
    ],
)
def test_an_epoetin_is_an_erythropoiesis_stimulating_agent(note: str, expected: str) -> None:
    text = "Current use of erythropoiesis-stimulating agents"
    assert judged(text, "exclusion", facts(note=note)).status == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("CKD 5 on HD. Cinacalcet stopped 3 weeks ago (GI upset).", "met"),
        ("CKD 5 on HD, on cinacalcet 30 mg daily.", "met"),
    ],
)
def test_a_calcimimetic_is_read_against_the_criterions_window(note: str, expected: str) -> None:
    assert _status(*CINACALCET, note) == expected


# --- Procedures and their dates -----------------------------------------------------------


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("52M, MDD. ECT March 2026 (8 sessions).", "met"),
        ("52M, MDD. Electroconvulsive therapy in 2015, none since.", "not_met"),
    ],
)
def test_electroconvulsive_therapy_is_read_against_the_window(note: str, expected: str) -> None:
    assert _status(*ECT, note) == expected


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("CKD 5 on haemodialysis, SHPT. No parathyroidectomy.", "not_met"),
        ("CKD 5 on haemodialysis, parathyroidectomy 2 months ago.", "met"),
        ("CKD 5 on haemodialysis, s/p parathyroidectomy 2021.", "not_met"),
    ],
)
def test_a_parathyroidectomy_is_read_against_the_criterions_window(
    note: str, expected: str
) -> None:
    assert _status(*PARATHYROIDECTOMY, note) == expected


def test_a_hysterectomy_written_as_its_shorthand_is_read() -> None:
    """ "s/p TAH-BSO 2015": total abdominal hysterectomy with both adnexa, a hysterectomy."""
    text = "Prior hysterectomy"
    note = "Endometrial hyperplasia, s/p TAH-BSO 2015."
    assert judged(text, "exclusion", facts(age=60, sex="female", note=note)).status == "met"


# --- Devices stay in place ----------------------------------------------------------------


def test_a_pacemaker_fitted_years_ago_is_there_now() -> None:
    """ "fitted 2022" dates the implant; it does not end it."""
    note = "76F, AF on apixaban; dual-chamber pacemaker fitted 2022 for sick sinus syndrome."
    assert _status(*PACEMAKER, note) == "met"


def test_an_explanted_pacemaker_is_not_there_now() -> None:
    note = "76F, pacemaker explanted 2020 after a pocket infection."
    assert _status(*PACEMAKER, note) != "met"


@pytest.mark.parametrize(
    "note",
    [
        "76M. Pacemaker removed in 2019 after a lead infection; no device since.",
        "76M. Pacemaker taken out in 2019.",
        "76M, pacemaker extracted 2021 for endocarditis.",
    ],
)
def test_a_removed_pacemaker_does_not_meet_currently_has_a_pacemaker(note: str) -> None:
    """NCT00739869 "Currently has a pacemaker (either working or non-functioning), …": a
    pacemaker the note says was removed is no longer in the body (MeSH Device Removal,
    D055169); "removed", "taken out", "extracted" end it as "explanted" does."""
    text, section = _text(*PACEMAKER)
    result = judged(text, section, facts(age=76, sex="male", note=note))
    assert result.status != "met", result.reason
    assert "pacemaker is past; the criterion asks for it now" in result.reason


def test_a_removed_pacemaker_does_not_meet_the_presence_of_pacemakers() -> None:
    """NCT00055575 "General MRI exclusion criteria (including the presence of pacemakers,
    cochlear implants, …)": presence asks for one in the body now."""
    text, section = _text("NCT00055575", "General MRI exclusion criteria")
    note = "58M. Pacemaker removed in 2019 after a lead infection."
    result = judged(text, section, facts(age=58, sex="male", note=note))
    assert result.status != "met", result.reason
    assert "is past; the criterion asks for it now" in result.reason


def test_a_removed_pacemaker_does_not_meet_an_implanted_pacemaker() -> None:
    """NCT05602779 "Implanted pacemaker or cardiac defibrillator, other implanted or metallic
    device": implanted is in the body now; one extracted is not."""
    text, section = _text("NCT05602779", "Implanted pacemaker or cardiac defibrillator")
    note = "52M. Pacemaker extracted 2021 for endocarditis."
    result = judged(text, section, facts(age=52, sex="male", note=note))
    assert result.status != "met", result.reason
    assert "pacemaker is past; the criterion asks for it now" in result.reason


def test_a_fitted_pacemaker_still_meets_an_implanted_pacemaker() -> None:
    text, section = _text("NCT05602779", "Implanted pacemaker or cardiac defibrillator")
    note = "76F, AF on apixaban; dual-chamber pacemaker fitted 2022 for sick sinus syndrome."
    assert judged(text, section, facts(age=76, sex="female", note=note)).status == "met"


def test_a_removed_pacemaker_stays_in_the_history() -> None:
    """A pacemaker taken out is still one the patient had: the reading keeps it, ended, so a
    criterion asking for a history of it is met by it."""
    patient = facts(age=76, sex="male", note="76M. Pacemaker removed in 2019.")
    present = patient.concept_facts("cardiac_pacemaker")[0]
    assert [(f.state, f.state_cue) for f in present] == [("ended", "removed")]


def test_a_removed_tumour_is_no_removed_device() -> None:
    """The removal words end only an implanted device: "melanoma removed" is no device."""
    patient = facts(age=60, sex="female", note="She had a melanoma removed from her back in 2019.")
    assert all(f.state != "ended" for f in patient.concept_facts("melanoma")[0])


def test_a_defibrillator_in_situ_meets_an_implanted_cardiac_device() -> None:
    text = "Implanted cardiac device"
    note = (
        "Ischaemic cardiomyopathy, EF 25%, ICD in situ since 2019"
        " (implantable cardioverter-defibrillator)."
    )
    assert judged(text, "exclusion", facts(note=note)).status == "met"


def test_a_hysterectomy_offered_as_a_way_to_be_sterile_is_not_asked_for() -> None:
    """NCT05813288 defines women not of childbearing potential as "permanently sterilized
    (hysterectomy, …), or … postmenopausal": a postmenopausal woman is one without it."""
    text, section = _text("NCT05813288", "Women not of childbearing potential are defined")
    note = "64F, postmenopausal since 2012. Stage II breast cancer."
    result = judged(text, section, facts(age=64, sex="female", note=note))
    assert "hysterectomy" not in result.reason, result.reason


# --- A kind of surgery meets the general surgery on its organ -----------------------------

PROSTATE_SURGERY = ("NCT00056407", "Previous prostate surgery")


@pytest.mark.parametrize(
    ("note", "expected"),
    [
        ("58M. LUTS. TURP 2021 for BPH. PSA 11.2 ng/mL Nov 2026.", "met"),
        ("70M. Transurethral resection of the prostate in 2019.", "met"),
        ("66M. Radical prostatectomy 2018 for Gleason 7 cancer.", "met"),
        ("72M. HoLEP 2022, voiding well since.", "met"),
        ("63M. PSA 5.8 ng/mL. No previous prostate surgery.", "not_met"),
    ],
)
def test_a_kind_of_prostate_surgery_meets_previous_prostate_surgery(
    note: str, expected: str
) -> None:
    """MeSH files Transurethral Resection of Prostate under Prostatectomy, itself a
    urologic surgical procedure: "TURP 2021" is prostate surgery though the note never
    writes "prostate" or "surgery"; "No previous prostate surgery" denies it."""
    text, section = _text(*PROSTATE_SURGERY)
    assert judged(text, section, facts(age=65, sex="male", note=note)).status == expected


def test_a_prostatectomy_is_a_surgery() -> None:
    assert "surgery" in load_lexicon().ancestors["prostatectomy"]


def test_a_prostate_surgery_does_not_meet_a_surgery_on_another_organ() -> None:
    """A TURP is no hysterectomy, nor a surgery on the cornea."""
    note = "58M. LUTS. TURP 2021 for BPH."
    assert _status(*HYSTERECTOMY, note) != "met"
    text = "History of corneal surgery, corneal opacities or corneal disease"
    assert judged(text, "exclusion", facts(age=58, sex="male", note=note)).status != "met"


def test_a_transurethral_resection_is_no_radical_prostatectomy() -> None:
    """MeSH's Prostatectomy holds both; a TURP for BPH leaves the gland, a radical
    prostatectomy removes it for cancer, so the one does not meet a criterion asking the
    other. No reference trial writes "radical prostatectomy" in a criterion; the text is
    the usual wording of one."""
    text = "Prior radical prostatectomy"
    turp = judged(text, "exclusion", facts(age=66, sex="male", note="TURP 2021 for BPH."))
    assert turp.status == "unknown"
    assert turp.reason == (
        "the note says transurethral resection of the prostate, "
        "not radical prostatectomy as the criterion asks"
    )
    robotic = facts(age=66, sex="male", note="RALP 2019 for Gleason 7 prostate cancer.")
    assert judged(text, "exclusion", robotic).status == "met"
    # A radical prostatectomy is a prostatectomy and a prostate surgery.
    assert judged("Prior prostatectomy", "exclusion", robotic).status == "met"
