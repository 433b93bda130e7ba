"""Tumour marker statuses in a note and a trial's title (trialfinder.marker_status).

Among the trials for one cancer the marker status says which is the patient's: a
triple negative cancer does not belong in a trial for "HR-positive, HER2-negative"
disease, although every word of that title is in the note.
"""

from __future__ import annotations

import pytest

from trialfinder.marker_status import marker_statuses
from trialfinder.patient import PatientProfile
from trialfinder.retrieval import find_trials, patient_conditions
from trialfinder.search import STATUSES
from trialfinder.store import Store


def _ranked_titles(store: Store, note: str) -> list[str]:
    """The note's shortlist as lowercase titles, every status allowed."""
    results = find_trials(store, PatientProfile(note=note), statuses=STATUSES).results
    return [(entry.title or "").lower() for entry in results]


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        (
            "Core biopsy: IDC grade 3, ER 0%, PR 0%, HER2 0 (triple negative).",
            {"er": "negative", "pr": "negative", "her2": "negative", "hr": "negative"},
        ),
        (
            "It's HER2 positive (3+) and the hormone receptors are negative.",
            {"her2": "positive", "hr": "negative", "er": "negative", "pr": "negative"},
        ),
        (
            "KRAS G12C positive on tissue NGS, PD-L1 TPS 60%, EGFR/ALK negative.",
            {"kras": "positive", "pd-l1": "positive", "egfr": "negative", "alk": "negative"},
        ),
        (
            "ER+/PR+/HER2- breast cancer",
            {"er": "positive", "pr": "positive", "her2": "negative", "hr": "positive"},
        ),
        (
            "Metastatic colorectal cancer, RAS wild-type, MSS",
            {"kras": "negative", "nras": "negative", "msi": "negative"},
        ),
    ],
)
def test_a_note_or_title_states_marker_statuses(text: str, statuses: dict[str, str]) -> None:
    assert marker_statuses(text) == statuses


@pytest.mark.parametrize(
    "text",
    [
        "HR 88, BP 120/80, seen in the ER last week.",  # heart rate, emergency room
        "EGFR inhibitor naive",  # the drug class, not the tumour's status
        "HER2-positive or HER2-negative breast cancer",  # either status: neither is stated
    ],
)
def test_a_marker_named_without_one_status_states_none(text: str) -> None:
    assert marker_statuses(text) == {}


def test_a_trial_for_the_notes_marker_statuses_comes_before_one_that_contradicts_them(
    sample_store: Store,
) -> None:
    note = (
        "39-year-old woman, right breast mass 3.1 cm, one positive axillary node. Core "
        "biopsy: invasive ductal carcinoma grade 3, ER 0%, PR 0%, HER2 0. No distant disease."
    )
    assert patient_conditions(PatientProfile(note=note)).markers["hr"] == "negative"
    first = _ranked_titles(sample_store, note)[:3]
    assert any("triple-negative" in title for title in first)
    assert not any("hr-positive" in title or "receptor-positive" in title for title in first)


def test_a_trial_for_another_stage_of_the_disease_comes_after_one_for_any_stage(
    sample_store: Store,
) -> None:
    note = (
        "64F with postmenopausal bleeding. Endometrial biopsy: endometrioid adenocarcinoma "
        "grade 1, confined to the uterine corpus (clinical stage I). Planned for hysterectomy."
    )
    titles = _ranked_titles(sample_store, note)
    advanced = next(i for i, title in enumerate(titles) if "advanced endometrial" in title)
    any_stage = next(i for i, title in enumerate(titles) if "in endometrial cancer" in title)
    assert any_stage < advanced


def test_a_status_is_the_first_word_after_the_marker_past_filler() -> None:
    """ "ER visit was negative" is an emergency room visit; "BRCA2 germline mutation" is BRCA."""
    assert marker_statuses("Seen at the ER visit was negative for fracture.") == {}
    assert marker_statuses("BRCA2 germline mutation carrier") == {"brca": "positive"}


@pytest.mark.parametrize(
    "text", ["ctDNA: PIK3CA H1047R mutation.", "PIK3CA E545K", "PIK3CA-mutated breast cancer"]
)
def test_a_gene_variant_by_its_protein_change_states_the_gene_mutated(text: str) -> None:
    assert marker_statuses(text) == {"pik3ca": "positive"}


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        (
            # tests/data/hand_written_patients_six.json, the stage IVB adenocarcinoma note
            "EGFR, ALK and ROS1 negative. PD-L1 TPS 30%.",
            {"egfr": "negative", "alk": "negative", "ros1": "negative", "pd-l1": "positive"},
        ),
        (
            # Chia NCT02804646 inclusion 1
            "non-small cell lung cancer patients,with wild-type EGFR and ALK-negative;",
            {"egfr": "negative", "alk": "negative"},
        ),
        ("EGFR and ALK negative", {"egfr": "negative", "alk": "negative"}),
        (
            "ER/PR positive and HER2 negative",
            {"er": "positive", "pr": "positive", "hr": "positive", "her2": "negative"},
        ),
        (
            "KRAS, NRAS and BRAF wild-type",
            {"kras": "negative", "nras": "negative", "braf": "negative"},
        ),
    ],
)
def test_a_status_after_an_and_list_of_markers_is_each_listed_markers(
    text: str, statuses: dict[str, str]
) -> None:
    assert marker_statuses(text) == statuses


def test_an_and_list_takes_only_marker_names_and_no_variant() -> None:
    """ "EGFR and the biopsy were negative" lists no marker; "KRAS and BRAF V600E" states
    BRAF's variant only."""
    assert marker_statuses("EGFR and the biopsy were negative") == {}
    assert marker_statuses("wild-type KRAS and BRAF V600E") == {"braf": "positive"}


@pytest.mark.parametrize(
    "text",
    [
        "Stage IV NSCLC without actionable genomic alterations",
        "Next-generation sequencing: no actionable mutations.",
        "Driver-negative advanced non-squamous NSCLC",
    ],
)
def test_no_actionable_alteration_denies_the_lung_cancer_drivers(text: str) -> None:
    statuses = marker_statuses(text)
    assert {statuses.get(m) for m in ("egfr", "alk", "ros1", "braf", "met", "ret", "ntrk")} == {
        "negative"
    }
    assert "kras" not in statuses  # KRAS other than G12C is not actionable: not denied


def test_a_stated_driver_status_overrides_no_actionable_alterations() -> None:
    statuses = marker_statuses("No actionable mutations apart from an EGFR exon 19 deletion.")
    assert statuses["egfr"] == "positive"
    assert statuses["alk"] == "negative"


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        (
            # tests/data/hand_written_patients_fifteen.json, the colorectal liver metastases note
            "Molecular: KRAS wild type, NRAS wild type, BRAF V600E not detected.",
            {"kras": "negative", "nras": "negative", "braf": "negative"},
        ),
        (
            # tests/data/hand_written_patients_fifteen.json, the ROS1 fusion note
            "NGS panel: CD74-ROS1 fusion; no EGFR, ALK, KRAS, BRAF or MET alterations",
            {
                "ros1": "positive",
                "egfr": "negative",
                "alk": "negative",
                "kras": "negative",
                "braf": "negative",
            },
        ),
        (
            # bench/fresh15_patient_notes.jsonl, the squamous lung cancer after a lobectomy
            "PD-L1 TPS 30%; NGS: no EGFR, ALK, ROS1, KRAS G12C, MET, RET or BRAF alteration.",
            {
                "pd-l1": "positive",
                "egfr": "negative",
                "alk": "negative",
                "ros1": "negative",
                "kras": "negative",
                "ret": "negative",
                "braf": "negative",
            },
        ),
        ("KRAS G12C negative on tissue NGS", {"kras": "negative"}),
        ("no EGFR mutation", {"egfr": "negative"}),
    ],
)
def test_an_alteration_found_absent_or_denied_is_a_negative_result(
    text: str, statuses: dict[str, str]
) -> None:
    """A named variant followed by a negative word ("BRAF V600E not detected") and markers a
    denial leads with their alteration word ("no EGFR, ALK ... alteration") are negative
    results, not the gene mutated."""
    assert marker_statuses(text) == statuses


def test_a_status_word_then_another_markers_negative_is_not_a_denial() -> None:
    """bench/patient_notes.jsonl breast-her2-lay's profile: "HER2-positive hormone receptor
    negative" is HER2 positive; only a named alteration right before "negative" is denied."""
    assert marker_statuses("breast cancer HER2-positive hormone receptor negative") == {
        "her2": "positive",
        "hr": "negative",
        "er": "negative",
        "pr": "negative",
    }


def test_a_variant_found_absent_leaves_another_alteration_of_the_gene() -> None:
    """ "EGFR L858R; no EGFR T790M mutation" is an EGFR-mutant cancer without the resistance
    variant; a test named without an alteration word ("no EGFR testing") states nothing."""
    assert marker_statuses("EGFR L858R; no EGFR T790M mutation") == {"egfr": "positive"}
    assert marker_statuses("no EGFR testing done") == {}


def test_a_note_denying_kras_g12c_ranks_no_g12c_trial_first(sample_store: Store) -> None:
    """bench/fresh15: a squamous lung cancer with "no ... KRAS G12C ... alteration" read as KRAS
    G12C-mutant ranked the KRAS G12C trials (adagrasib, olomorasib) first."""
    note = (
        "Oncology referral. 66-year-old man, s/p right upper lobectomy in 2022 for pT2aN0 "
        "squamous cell carcinoma of the lung. Now Stage IV recurrence: adrenal and rib "
        "metastases. PD-L1 TPS 30%; NGS: no EGFR, ALK, ROS1, KRAS G12C, MET, RET or BRAF "
        "alteration. No systemic therapy given so far."
    )
    assert "g12c" not in _ranked_titles(sample_store, note)[0]


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        ("HER2 IHC 1+ (negative)", {"her2": "negative"}),
        ("HER2 1+ on IHC", {"her2": "negative"}),
        ("HER2 IHC 0", {"her2": "negative"}),
        ("HER2 IHC 3+", {"her2": "positive"}),
        ("HER2 IHC 2+ with FISH amplified (ratio 3.1)", {"her2": "positive"}),
        ("HER2 2+/ISH+", {"her2": "positive"}),
        ("The biopsy said HER2 2+ but the ISH test was negative", {"her2": "negative"}),
        ("HER2 IHC 2+, ISH not amplified", {"her2": "negative"}),
    ],
)
def test_the_asco_cap_her2_score_states_the_status_with_ish_deciding_2_plus(
    text: str, statuses: dict[str, str]
) -> None:
    """ASCO-CAP 2018: IHC 0 and 1+ are HER2 negative, 3+ positive; 2+ is equivocal and the
    in situ hybridization result decides it."""
    assert marker_statuses(text) == statuses


@pytest.mark.parametrize("text", ["HER2 IHC 2+", "HER2 2+, ISH pending", "PD-L1 1+"])
def test_an_equivocal_her2_score_or_another_markers_grade_states_none(text: str) -> None:
    assert marker_statuses(text) == {}


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        ("ER 8/8, PR 6/8", {"er": "positive", "pr": "positive", "hr": "positive"}),
        ("ER 2/8, PR 0/8", {"er": "negative", "pr": "negative", "hr": "negative"}),
        ("ER 3/8", {}),  # 3 or 4 may be under 1 % of cells stained: not read
    ],
)
def test_an_allred_score_states_the_hormone_receptor_status(
    text: str, statuses: dict[str, str]
) -> None:
    """Allred 5-8 needs at least 1 % of cells stained (positive by ASCO-CAP); 0-2 fewer."""
    assert marker_statuses(text) == statuses


def test_a_status_after_a_parenthesised_name_and_a_spaced_hyphen_is_read() -> None:
    """ "human epidermal growth factor receptor 2 (HER2)- positive" is HER2 positive: the
    hyphen joins the name to the status, it is no minus sign."""
    text = "Participant with known human epidermal growth factor receptor 2 (HER2)- positive tumor"
    assert marker_statuses(text) == {"her2": "positive"}


_LUNG_PANEL_NEGATIVE = {"egfr": "negative", "alk": "negative", "ros1": "negative"}


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        (
            "Tissue NGS came back negative for EGFR/ALK/ROS1/KRAS G12C.",
            {"egfr": "negative", "alk": "negative", "ros1": "negative", "kras": "negative"},
        ),
        ("Negative for EGFR, ALK and ROS1 on the lung panel.", _LUNG_PANEL_NEGATIVE),
        (
            "Tumour wild-type for EGFR, KRAS and BRAF.",
            {"egfr": "negative", "kras": "negative", "braf": "negative"},
        ),
        ("No EGFR mutation, ALK rearrangement or ROS1 fusion was found.", _LUNG_PANEL_NEGATIVE),
        (
            "Negative for EGFR mutations and ALK rearrangement",
            {"egfr": "negative", "alk": "negative"},
        ),
        ("Sequencing showed no alterations in EGFR, ALK or ROS1.", _LUNG_PANEL_NEGATIVE),
        ("EGFR, ALK, ROS1: negative.", _LUNG_PANEL_NEGATIVE),
        (
            "EGFR exon 19 del; ALK, ROS1 negative.",
            {"egfr": "positive", "alk": "negative", "ros1": "negative"},
        ),
        (
            "Panel negative for EGFR/ALK/KRAS G12C, PD-L1 TPS 40%.",
            {"egfr": "negative", "alk": "negative", "kras": "negative", "pd-l1": "positive"},
        ),
        (
            "Negative for EGFR and ROS1, PD-L1 high.",
            {"egfr": "negative", "ros1": "negative", "pd-l1": "positive"},
        ),
        (
            "KRAS G12C mutated; negative for EGFR, ALK and ROS1.",
            {"kras": "positive", "egfr": "negative", "alk": "negative", "ros1": "negative"},
        ),
    ],
)
def test_a_negative_panel_states_each_listed_marker_negative(
    text: str, statuses: dict[str, str]
) -> None:
    """A negative result leading or closing a list of markers ("negative for EGFR/ALK/ROS1",
    "no EGFR mutation, ALK rearrangement or ROS1 fusion", "EGFR, ALK, ROS1: negative") is
    each listed marker's, never a listed marker positive; a positive stated apart stays, and
    the list ends before a marker with a result of its own ("…, PD-L1 TPS 40%")."""
    assert marker_statuses(text) == statuses


def test_a_variant_closing_a_slash_list_is_only_the_last_markers() -> None:
    """ "EGFR/ALK/ROS1/KRAS G12C" names G12C of KRAS only: it states no EGFR, ALK or ROS1
    status."""
    assert marker_statuses("EGFR/ALK/ROS1/KRAS G12C", denials=False) == {"kras": "positive"}


@pytest.mark.parametrize(
    ("text", "statuses"),
    [
        ("PD-L1 <1%.", {"pd-l1": "negative"}),
        ("PD-L1 TPS < 1%", {"pd-l1": "negative"}),
        ("PD-L1 CPS <1", {"pd-l1": "negative"}),
        ("PD-L1 expression less than 1%", {"pd-l1": "negative"}),
        ("PD-L1 TPS 0%", {"pd-l1": "negative"}),
        ("PD-L1 TPS <50%", {}),
        ("PD-L1 TPS 80%", {"pd-l1": "positive"}),
    ],
)
def test_an_expression_score_below_the_cut_off_is_no_positive(
    text: str, statuses: dict[str, str]
) -> None:
    """An expression under 1 % ("PD-L1 <1%", "CPS < 1") is negative; under a higher
    cut-off ("<50%") it may be low positive, so it states none; never positive."""
    assert marker_statuses(text) == statuses
