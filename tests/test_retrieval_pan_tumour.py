"""A trial for any solid tumour found for a note of one spread or treated solid cancer.

Basket and pan-tumour studies list the tumour class, not an organ: "Solid Tumor" (NCT05382559,
ASP3082 for KRAS G12D; NCT05380986, camrelizumab + apatinib), "Solid Tumours" (NCT04529122, the
worldwide NGS-profiled registry), "Relapsed Malignant Solid Neoplasm" (NCT05865002, AUR107),
"Solid Tumor, Adult" (NCT05605119, AUR105) — the NCI Thesaurus's Solid Neoplasm (C9292). A note
about one cancer was searched for that cancer and its MeSH parents only, so bench/fresh26's
gallbladder note after two lines and its colon note for the NGS registry found none of them in
the first fifty. They are asked too when the note's main condition is a solid cancer (MeSH C04,
not a blood cancer) that has spread, is advanced or has been treated, and they rank below the
trials of the note's own cancer (they fit it only as far as MeSH's root "Neoplasms" does).
"""

from __future__ import annotations

import msgspec

from test_retrieval import ranked_for_note
from trialfinder import STATUSES, find_trials, load_profile
from trialfinder.store.base import Store

_PAN_TUMOUR = frozenset(
    {"NCT05382559", "NCT05380986", "NCT04529122", "NCT05865002", "NCT05605119", "NCT05607199"}
)
# bench/fresh26 (gallbladder-cancer-after-two-lines-phase1), its first sentences.
_GALLBLADDER = (
    "Medical oncology, Pune. 52 yo F, metastatic gallbladder adenocarcinoma (stage IVB: liver "
    "and peritoneal mets), dx Jan 2025. 1L gemcitabine/cisplatin/durvalumab (best response SD), "
    "PD Aug 2025. 2L FOLFOX x 8, PD on CT 25 Nov 2026 (liver lesions enlarging, new omental "
    "deposits; measurable). ECOG 1."
)
# bench/fresh27 (cervical-metastatic-after-first-line-henan), its first sentences.
_CERVICAL = (
    "Gynae-oncology, Zhengzhou (Henan). 49F, squamous cell carcinoma of the cervix, FIGO IVB at dx "
    "Jan 2026 (para-aortic + supraclavicular nodes, lung mets). Line 1: paclitaxel-cisplatin-"
    "bevacizumab + pembrolizumab x6; PD on CT 2 Dec 2026 (lung mets enlarging, measurable)."
)


def test_a_metastatic_gallbladder_cancer_finds_the_solid_tumour_trials(
    sample_store: Store,
) -> None:
    ranked = ranked_for_note(sample_store, _GALLBLADDER)
    assert {"NCT05865002", "NCT05605119", "NCT05380986"} <= set(ranked)


def test_a_metastatic_cervical_cancer_finds_the_solid_tumour_trials(sample_store: Store) -> None:
    ranked = ranked_for_note(sample_store, _CERVICAL)
    assert {"NCT05380986", "NCT05865002", "NCT04529122"} <= set(ranked)


def test_a_metastatic_colon_cancer_finds_the_ngs_registry_of_solid_tumours(
    sample_store: Store,
) -> None:
    # bench/fresh26 (metastatic-colon-ngs-tested-registry), its first sentences.
    note = (
        "Oncology clinic, Athens. 67 yo man, sigmoid adenocarcinoma with synchronous liver (5 "
        "lesions) and lung mets, dx Oct 2026. Tissue NGS (FoundationOne CDx) reported 3 Nov 2026: "
        "KRAS G12V, MSS, TMB 4, BRAF wt, HER2 not amplified."
    )
    assert "NCT04529122" in ranked_for_note(sample_store, note)


def test_the_solid_tumour_trials_rank_below_the_notes_own_cancers_trials(
    sample_store: Store,
) -> None:
    ranked = ranked_for_note(sample_store, _GALLBLADDER)
    # NCT05404347, NCT05833815: gallbladder cancer trials of the sample.
    own = [ranked.index(nct_id) for nct_id in ("NCT05404347", "NCT05833815")]
    basket = [ranked.index(nct_id) for nct_id in _PAN_TUMOUR if nct_id in ranked]
    assert basket
    assert max(own) < min(basket)


def test_an_early_cancer_not_said_to_be_treated_asks_no_solid_tumour_trial(
    sample_store: Store,
) -> None:
    # bench/fresh27 (tnbc-stage2-before-neoadjuvant), shortened: a stage II cancer, untreated.
    note = (
        "39F, new L breast invasive ductal carcinoma grade 3, ER 0%, PR 0%, HER2 0; cT2 N1 M0 "
        "on PET-CT: stage IIB. Planned for neoadjuvant chemo-immunotherapy."
    )
    assert not _PAN_TUMOUR & set(ranked_for_note(sample_store, note)[:10])


def test_a_blood_cancer_asks_no_solid_tumour_trial(sample_store: Store) -> None:
    # bench/fresh26 (myeloma-len-dara-exposed-second-relapse), shortened.
    note = (
        "63F, IgG kappa multiple myeloma dx 2020. Line 1: VRd, ASCT, lenalidomide maintenance; "
        "progressed Jan 2024. Line 2: DVd, progression Nov 2026."
    )
    assert not {"NCT05382559", "NCT05380986", "NCT04529122"} & set(
        ranked_for_note(sample_store, note)
    )


def test_a_cancer_the_note_only_says_has_not_spread_asks_no_solid_tumour_trial(
    sample_store: Store,
) -> None:
    # bench/fresh9 (endometrioid-pipelle): "no distant disease" (M0) leaves an early cancer
    # possible, so it is no spread; the HER2-expressing tumour study (NCT04482309) rose above
    # the sentinel node trial NCT04073706 when it was read as locally advanced.
    note = (
        "62F, P3, PMB x 2 months. TVS: ET 14 mm. Pipelle: endometrioid adenocarcinoma, FIGO grade "
        "1. MRI pelvis: myometrial invasion <50%, no cervical stromal involvement, no pelvic or "
        "para-aortic nodes. CT chest/abdo: no distant disease. ECOG 0, BMI 34, HTN on amlodipine. "
        "Plan: TLH-BSO (laparoscopic)."
    )
    ranked = ranked_for_note(sample_store, note)
    assert not (_PAN_TUMOUR | {"NCT04482309"}) & set(ranked)


def test_a_cancer_with_no_metastases_on_staging_asks_no_solid_tumour_trial(
    sample_store: Store,
) -> None:
    # bench/fresh15 (breast-mastectomy-planned-next-month): "bone scan: no metastases".
    note = (
        "Surgical oncology OPD note, Mumbai. 44-year-old woman, left breast lump for 3 months. "
        "Core biopsy: invasive ductal carcinoma, grade 2, ER positive, PR positive, HER2 negative. "
        "Clinical T2 (3.5 cm) N0; chest X-ray, ultrasound abdomen and bone scan: no metastases. "
        "Planned for left modified radical mastectomy next month."
    )
    # The registry, AUR107 and AUR105 list only the tumour class: the basket search alone asks them.
    assert not {"NCT04529122", "NCT05865002", "NCT05605119"} & set(
        ranked_for_note(sample_store, note)
    )


def test_a_trial_only_the_basket_search_finds_ranks_as_the_tumour_class_it_was_found_by(
    sample_store: Store,
) -> None:
    # bench/fresh28 (uterine-leiomyosarcoma-ngs-sent-athens), its profile: the naptumomab study
    # (NCT03983954, "Selected Advanced or Metastatic Solid Tumor") is found only by the basket
    # search, and its list of organ cancers ("Endometrial Cancer", "Ovarian Cancer", …) no
    # longer ranks it above the NGS registry the note's own search found (NCT04529122).
    profile = load_profile(
        msgspec.json.encode(
            {
                "age": 57,
                "sex": "female",
                "conditions": ["metastatic uterine leiomyosarcoma"],
                "note": (
                    "Sarcoma clinic, Athens. 57F, uterine leiomyosarcoma, TAH-BSO Mar 2024 (FIGO "
                    "IB). Recurrence Jan 2026: bilateral lung mets (largest 19 mm). Doxorubicin x6 "
                    "completed Sep 2026, stable disease on CT 30 Oct 2026. Tumour NGS panel "
                    "(FoundationOne CDx) sent on the lung wedge specimen 5 Oct 2026, report "
                    "pending. No history of lymphoma or leukaemia. ECOG 1."
                ),
            }
        )
    )
    shortlist = find_trials(sample_store, profile, statuses=STATUSES, limit=50)
    ranked = [entry.nct_id for entry in shortlist.results]
    assert "NCT04529122" in ranked
    assert "NCT03983954" not in ranked[: ranked.index("NCT04529122")]
