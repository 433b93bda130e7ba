"""Issue 12 (inclusions the parse read nothing from): a cancer named in another FORM of its name.

The criteria lexicon (``data/criteria/concepts.json``) lists a cancer by its site ("breast
cancer", "prostate cancer", "head and neck cancer"). Criteria name the same cancers in two
other forms the lexicon did not list, and then the criterion carried no constraint at all and
went to the study team even beside a note naming the cancer:

* its histology, with the site after it ("adenocarcinoma of the breast", "adenocarcinoma of
  prostate") or before it ("breast adenocarcinoma"): an adenocarcinoma of an organ is a cancer
  of that organ (NCI Thesaurus: adenocarcinoma, C2852, "a common cancer ... arising from
  glandular epithelium"; its children are named by organ, "Breast Adenocarcinoma" C5214,
  "Prostate Adenocarcinoma" C2919);
* the plural ("invasive breast cancers", "primary head and neck cancers").

``concepts.json`` ``name_forms`` says which names give these forms; the lexicon adds them to
the names it reads (``criteria.lexicon.Lexicon``). Criteria are real trials' text.
"""

from __future__ import annotations

import pytest

from test_hand_written_patients import _round_reason
from test_judge_entailment import facts
from trialfinder.criteria.lexicon import load_lexicon
from trialfinder.criteria.model import ConceptMention
from trialfinder.criteria.parse import parse_criterion


def _concepts(text: str, section: str = "inclusion") -> set[str]:
    constraints, _ = parse_criterion(text, section)  # type: ignore[arg-type]
    return {c.concept for c in constraints if isinstance(c, ConceptMention) and not c.negated}


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        # NCT05894239
        (
            "Histologically or cytologically confirmed and documented adenocarcinoma of the "
            "breast with metastatic or locally advanced disease not amenable to curative "
            "resection",
            "breast_cancer",
        ),
        # NCT06065748
        (
            "Locally advanced or metastatic adenocarcinoma of the breast, not amenable to "
            "treatment with curative intent",
            "breast_cancer",
        ),
        # NCT05348876
        (
            "Histologically or cytologically confirmed adenocarcinoma of prostate without "
            "neuroendocrine differentiation or small cell features.",
            "prostate_cancer",
        ),
    ],
)
def test_an_adenocarcinoma_of_an_organ_is_read_as_that_organs_cancer(
    text: str, concept: str
) -> None:
    assert concept in _concepts(text), text


@pytest.mark.parametrize(
    ("text", "concept"),
    [
        # NCT03788213
        ("Histologically or cytologically confirmed invasive breast cancers", "breast_cancer"),
        # NCT05382585
        ("Histologically proven cases of primary head and neck cancers.", "head_and_neck_cancer"),
    ],
)
def test_a_site_named_cancer_written_in_the_plural_is_read(text: str, concept: str) -> None:
    assert concept in _concepts(text), text


def test_an_organs_adenocarcinoma_in_a_note_is_that_organs_cancer() -> None:
    """The same forms read on the note's side: "pancreatic adenocarcinoma" is a pancreatic
    cancer, "breast adenocarcinoma" a breast cancer."""
    read = {f.concept for f in facts(note="Breast adenocarcinoma, ER positive.").facts}
    assert "breast_cancer" in read


def test_the_generated_forms_never_take_a_name_the_lexicon_lists() -> None:
    """A listed name keeps its concept: "adenocarcinoma of the lung" is listed under lung
    cancer, and the generated forms of every other cancer leave it there; no form is made
    of a site that is no organ ("metastatic", "solid")."""
    assert _concepts("adenocarcinoma of the lung") == {"lung_cancer"}
    assert not _concepts("solid adenocarcinoma")
    lexicon = load_lexicon()
    assert "metastatic" in lexicon.concept_table.name_forms.not_sites


def test_a_breast_adenocarcinoma_meets_a_breast_adenocarcinoma_inclusion() -> None:
    """NCT05894239's "Histologically or cytologically confirmed and documented
    adenocarcinoma of the breast with metastatic or locally advanced disease not amenable to
    curative resection", read for a note with metastatic breast adenocarcinoma (round
    seventeen's "de novo metastatic HER2-positive breast cancer"): the breast cancer is read,
    never not met; for a patient with lung cancer it is answered as "breast cancer" is (no
    information about it), no longer "not computable"."""
    start = "Histologically or cytologically confirmed and documented adenocarcinoma"
    note = "Metastatic adenocarcinoma of the breast to liver and bone, biopsy proven."
    answer = _round_reason("NCT05894239", start, note, age=52, sex="female")
    assert not answer.startswith("not_met"), answer
    assert "breast" in answer, answer
    lung = "Stage IV lung adenocarcinoma, EGFR exon 19 deletion, on osimertinib."
    answer = _round_reason("NCT05894239", start, lung, age=52, sex="female")
    assert answer == "unknown: no information about adenocarcinoma of the breast", answer


def test_a_plural_head_and_neck_cancers_inclusion_is_met_by_a_buccal_mucosa_cancer() -> None:
    """NCT05382585's "Histologically proven cases of primary head and neck cancers." for
    round twenty-two's patient with a biopsy-proven squamous cell carcinoma of the
    oropharynx: no longer "not computable"."""
    start = "Histologically proven cases of primary head and neck cancers"
    note = "Biopsy-proven squamous cell carcinoma of the oropharynx, p16 positive, T2N1M0."
    answer = _round_reason("NCT05382585", start, note, age=58)
    assert "not computable" not in answer, answer
    assert not answer.startswith("not_met"), answer
