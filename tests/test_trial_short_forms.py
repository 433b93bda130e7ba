"""A trial's own short forms ("Myelofibrosis (MF)") read, in every criterion of that trial, as
the long form they stand for (trialfinder.criteria.abbreviations)."""

from __future__ import annotations

from test_judge_entailment import status, v2_trial
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.abbreviations import (
    criterion_written_out,
    defined_short_forms,
    long_form,
    written_out,
)
from trialfinder.criteria.model import ConceptMention, Criterion
from trialfinder.vocabulary import load_vocabulary


def test_a_short_form_in_brackets_after_its_long_form_is_defined() -> None:
    # NCT04576156's title; NCT05984147 "Patients with cutaneous lymphomas, mycosis fungoides
    # (MF) or Sézary syndrome (SS)": the same letters stand for another disease there.
    title = (
        "Imetelstat (GRN163L) Versus Best Available Therapy (BAT) in Patients With "
        "Intermediate-2 or High-risk Myelofibrosis (MF) Relapsed / Refractory (R/R)"
    )
    assert defined_short_forms(title) == {"BAT": "best available therapy", "MF": "myelofibrosis"}
    exclusion = "Patients with cutaneous lymphomas, mycosis fungoides (MF) or Sézary syndrome (SS)."
    assert defined_short_forms(exclusion)["MF"] == "mycosis fungoides"


def test_the_long_form_holds_the_short_forms_letters_in_order_from_a_words_start() -> None:
    # Schwartz & Hearst 2003: "antibody-drug conjugates (ADCs)" (NCT06467357 writes ADCs);
    # NCT05704478 "brain natriuretic peptide level (BNP)": the level is not abbreviated.
    assert long_form("ADCs", "other HER2 targeting antibody-drug conjugates") == (
        "antibody-drug conjugates"
    )
    assert long_form("BNP", "the brain natriuretic peptide level") == "brain natriuretic peptide"
    assert long_form("MF", "best available therapy") is None


def test_a_plural_short_form_also_defines_the_one() -> None:
    defined = defined_short_forms("Prior exposure to antibody-drug conjugates (ADCs)")
    assert defined["ADC"] == "antibody-drug conjugate"
    assert written_out("any ADC with MMAE payload", defined) == (
        "any antibody-drug conjugate with MMAE payload"
    )


def test_a_hyphenated_short_form_a_list_or_a_word_in_capitals_is_no_definition() -> None:
    # NCT02964858 "R-CHOP (Rituximab, Cyclophosphamide, …)", NCT06038539 "HR-ve",
    # NCT05704478 "nitric oxide (NO)".
    assert (
        defined_short_forms(
            "Rituximab, Cyclophosphamide, Doxorubicin, Vincristine and Prednisolone (R-CHOP)"
        )
        == {}
    )
    assert defined_short_forms("Hormone Receptor Negative (HR-ve)") == {}
    assert defined_short_forms("stimulated by nitric oxide (NO)") == {}


def test_a_short_form_is_written_out_alone_or_hyphenated_but_not_in_a_name_or_its_bracket() -> None:
    # NCT04576156 "post-polycythemia vera-MF", "MF directed therapy"; "PD-1" is a name.
    forms = {"MF": "myelofibrosis", "PD": "progressive disease"}
    assert written_out("post-polycythemia vera-MF or high-risk MF", forms) == (
        "post-polycythemia vera-myelofibrosis or high-risk myelofibrosis"
    )
    assert written_out("anti-PD-1 antibody; MFSAF v4.0", forms) == "anti-PD-1 antibody; MFSAF v4.0"
    assert written_out("Myelofibrosis (MF)", forms) == "Myelofibrosis (MF)"


def test_every_criterion_of_the_trial_reads_the_short_form_its_title_defines() -> None:
    # NCT06189209's title "… Metastatic Triple Negative Breast Cancer (TNBC)"; its inclusion
    # "Patients who have histologically confirmed TNBC." is read as that cancer.
    parsed = parse_trial_criteria(v2_trial("NCT06189209"))
    assert parsed.short_forms["TNBC"] == "triple negative breast cancer"
    criterion = next(c for c in parsed.iter_criteria() if c.text.endswith("confirmed TNBC."))
    assert criterion.text == "Patients who have histologically confirmed TNBC."
    assert any(
        isinstance(c, ConceptMention) and c.category == "condition" for c in criterion.constraints
    )


def test_the_judge_reads_the_criterion_written_out_and_the_trial_keeps_its_words() -> None:
    # NCT04576156 "Dynamic International Prognostic Scoring System intermediate-2 or high-risk
    # MF", its title defining MF.
    criterion = Criterion(
        "I2",
        "inclusion",
        "Dynamic International Prognostic Scoring System intermediate-2 or high-risk MF",
    )
    read = criterion_written_out(criterion, {"MF": "myelofibrosis"})
    assert read.text.endswith("high-risk myelofibrosis")
    assert criterion.text.endswith("high-risk MF")


def test_a_short_form_the_lexicon_reads_or_does_not_read_whole_is_left_as_written() -> None:
    # NCT05501886 defines "New York Heart Association (NYHA)" (the lexicon reads NYHA classes
    # where they stand) and "immunohistochemistry (IHC)" (no concept of the lexicon: the parse
    # gains nothing); NCT04576156's title defines "Myelofibrosis (MF)", which MeSH, not the
    # lexicon, reads (the judge reads the short form as before).
    parsed = parse_trial_criteria(v2_trial("NCT05501886"))
    assert "NYHA" not in parsed.short_forms
    assert "IHC" not in parsed.short_forms
    assert parse_trial_criteria(v2_trial("NCT04576156")).short_forms == {}
    plain = Criterion("C", "exclusion", "allergy to SGLT2 inhibitors")
    assert criterion_written_out(plain, {}) is plain


def test_a_notes_wbrt_is_radiotherapy_to_the_brain_a_criterion_asks_about() -> None:
    # NCT05144867 "Prior Brain Radiotherapy": the note's "WBRT" is written out
    # (note_abbreviations: "whole brain radiotherapy") before its region is read, as the
    # long form is.
    assert status("Prior Brain Radiotherapy", "exclusion", "Lung cancer. WBRT in Feb 2025.") == (
        "met"
    )
    assert status(
        "Prior Brain Radiotherapy", "exclusion", "Lung cancer. Whole brain radiotherapy in 2025."
    ) == ("met")


def test_the_curated_short_forms_read_as_their_mesh_headings() -> None:
    vocabulary = load_vocabulary()
    for short, heading in (
        ("SBRT", "Radiosurgery"),
        ("WBRT", "Cranial Irradiation"),
        ("ADCs", "Immunoconjugates"),
        ("ONJ", "Osteonecrosis"),
        ("BRONJ", "Bisphosphonate-Associated Osteonecrosis of the Jaw"),
    ):
        assert [r.concept.name for r in vocabulary.lookup(short)] == [heading]
    # Ambiguous in clinical text: left to a trial's own definition.
    for short in ("NAC", "MF", "ADC", "SRS", "PML"):
        assert vocabulary.lookup(short) == ()
