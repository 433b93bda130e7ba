"""Childbearing potential and contraception (CTFG 2020): what the note says of a woman's
fertility answers criteria on women of childbearing potential, contraception and pregnancy."""

from __future__ import annotations

import pytest

from test_judge_entailment import facts, judged
from trialfinder.judging.contraception import contraception_in_use, surgically_sterile

# NCT06427811, NCT05110196 and NCT05631795: women of childbearing potential are excluded
# unless they use a highly effective method.
UNLESS_HIGHLY_EFFECTIVE = [
    "Women of childbearing potential, defined as all women physiologically capable of "
    "becoming pregnant unless they are using highly effective methods of contraception.",
    "Participant is a woman of child-bearing potential defined as all women physiologically "
    "capable of becoming pregnant, unless they are using highly effective methods of "
    "contraception",
]
# NCT05695781: any acceptable method answers it.
NOT_USING_ACCEPTABLE = (
    "Be a woman of childbearing potential who is not using an acceptable means of birth control;"
)
# NCT05605119, NCT05984147, NCT06761586: the future intent beside lactation.
LACTATING_OR_UNWILLING = (
    "Lactating women or WOCBP who are neither surgically sterilized nor willing to use reliable "
    "contraceptive methods (hormonal contraceptive, IUD, or any double combination of male or "
    "female condom, spermicidal gel, diaphragm, sponge, cervical cap)"
)


@pytest.mark.parametrize(
    ("note", "method", "tier"),
    [
        (
            "29F with CML. I'm not pregnant; I have the contraceptive implant in my arm.",
            "progestogen-only hormonal contraception that inhibits ovulation",
            "highly_effective",
        ),
        (
            "47F. LMP 10 days ago, serum beta-hCG negative, copper IUD, not breastfeeding.",
            "intrauterine device",
            "highly_effective",
        ),
        (
            "38F. Mirena IUS in situ since 2023, bHCG neg 24/11/2026, not breastfeeding.",
            "intrauterine hormone-releasing system",
            "highly_effective",
        ),
        (
            "19F with cystic fibrosis. Not pregnant, not breastfeeding; uses condoms and is happy "
            "to continue them (no oestrogen pill).",
            "barrier contraception",
            "acceptable",
        ),
        (
            "26F volunteer. Contraception: condoms only; stopped the combined pill 2 years ago",
            "barrier contraception",
            "acceptable",
        ),
        (
            "33F. She takes only desogestrel (the mini pill).",
            "progestogen-only hormonal contraception that inhibits ovulation",
            "highly_effective",
        ),
    ],
)
def test_a_womans_contraception_is_read_with_its_ctfg_tier(
    note: str, method: str, tier: str
) -> None:
    found = contraception_in_use(facts(note=note))
    assert found is not None, note
    assert (found.method, found.tier) == (method, tier)


@pytest.mark.parametrize(
    "note",
    [
        "30F. I was on the combined pill until the diagnosis and stopped it in May.",
        "30F with asthma. Not on the pill.",
        "52M with gastric varices, abstinent for 18 months; EUS-guided coil embolisation planned.",
        "67F with diabetic macular oedema treated with a dexamethasone implant three weeks ago.",
    ],
)
def test_a_method_stopped_denied_or_not_contraception_is_none(note: str) -> None:
    assert contraception_in_use(facts(note=note)) is None


def test_a_hysterectomy_done_is_surgical_sterility_and_one_listed_is_not() -> None:
    assert surgically_sterile(facts(note="52F. Uterine leiomyosarcoma, TAH BSO 02/2023."))
    assert surgically_sterile(
        facts(note="45F. I had a hysterectomy in 2019 for fibroids, so I can't get pregnant.")
    )
    assert not surgically_sterile(
        facts(
            note="58F with endometrial cancer. Listed for elective total abdominal "
            "hysterectomy + BSO next month."
        )
    )


@pytest.mark.parametrize("criterion", UNLESS_HIGHLY_EFFECTIVE)
def test_a_highly_effective_method_in_use_answers_a_wocbp_exclusion(criterion: str) -> None:
    implant = facts(
        note="29F with CML. I'm not pregnant; I have the contraceptive implant in my arm."
    )
    result = judged(criterion, "exclusion", implant)
    assert result.status == "not_met", result.reason
    assert "highly effective" in result.reason
    condoms = facts(note="29F with CML. Not pregnant. My periods are regular and I use condoms.")
    assert judged(criterion, "exclusion", condoms).status == "unknown"


@pytest.mark.parametrize("criterion", [*UNLESS_HIGHLY_EFFECTIVE, NOT_USING_ACCEPTABLE])
def test_a_woman_not_of_childbearing_potential_does_not_meet_a_wocbp_exclusion(
    criterion: str,
) -> None:
    for note in (
        "54F with dry eye for six years, postmenopausal since 51.",
        "45F with nasopharyngeal cancer. I had a hysterectomy in 2019 for fibroids.",
    ):
        result = judged(criterion, "exclusion", facts(note=note))
        assert result.status == "not_met", (note, result.reason)
        assert "not of childbearing potential" in result.reason


def test_an_acceptable_method_answers_an_exclusion_of_no_acceptable_method() -> None:
    result = judged(
        NOT_USING_ACCEPTABLE, "exclusion", facts(note="31F with dry eye. Uses condoms.")
    )
    assert result.status == "not_met", result.reason


@pytest.mark.parametrize("criterion", [UNLESS_HIGHLY_EFFECTIVE[0], NOT_USING_ACCEPTABLE])
def test_a_woman_of_childbearing_age_on_no_contraception_meets_a_wocbp_exclusion(
    criterion: str,
) -> None:
    result = judged(criterion, "exclusion", facts(note="34F with dry eye. Not on contraception."))
    assert result.status == "met", result.reason


def test_a_menopausal_woman_on_no_contraception_does_not_meet_a_wocbp_exclusion() -> None:
    """TREC 2021 topic 67: "She is menopausal and uses no contraception"."""
    patient = facts(note="54F with joint pain. She is menopausal and uses no contraception.")
    assert judged(NOT_USING_ACCEPTABLE, "exclusion", patient).status != "met"


def test_an_unwilling_wording_is_not_met_by_a_denial_of_contraception() -> None:
    """The future intent stays the team's when the note only says she uses none now."""
    patient = facts(note="34F with lymphoma. Not breastfeeding. Not on contraception.")
    assert judged(LACTATING_OR_UNWILLING, "exclusion", patient).status == "unknown"


@pytest.mark.parametrize(
    "criterion",
    [
        LACTATING_OR_UNWILLING,
        # NCT06454773, NCT06417840.
        "Is pregnant, planning to be pregnant during the study period, lactating, or is of "
        "childbearing potential and is unwilling to commit to the use of a medically approved "
        "form of contraception throughout the study period.",
    ],
)
def test_a_method_in_use_answers_an_unwilling_clause_beside_a_denied_pregnancy(
    criterion: str,
) -> None:
    patient = facts(
        note="40F with T-cell lymphoma. bHCG negative 28/11/2026; Nexplanon implant since "
        "2024, not breastfeeding."
    )
    result = judged(criterion, "exclusion", patient)
    assert result.status == "not_met", result.reason


@pytest.mark.parametrize(
    "criterion",
    [
        # NCT01234567 (round ten), NCT05704036, NCT06103864.
        "Participant is pregnant, nursing, or planning to become pregnant during the duration "
        "of the study",
        "Pregnant, lactating, or planning to become pregnant during study",
        "Currently pregnant (confirmed with positive pregnancy test), breastfeeding or planning "
        "to become pregnant.",
    ],
)
def test_contraception_in_use_answers_a_planned_pregnancy(criterion: str) -> None:
    patient = facts(
        note="30F with rosacea. Contraception: levonorgestrel IUS; not pregnant or breastfeeding."
    )
    result = judged(criterion, "exclusion", patient)
    assert result.status == "not_met", result.reason
    none = facts(note="30F with rosacea. Not pregnant or breastfeeding.")
    assert judged(criterion, "exclusion", none).status == "unknown"


@pytest.mark.parametrize(
    "criterion",
    [
        "Pregnant or lactating women;",  # NCT05380986
        "Women who are pregnant or lactating",  # NCT00739830
    ],
)
def test_a_hysterectomy_answers_a_pregnancy_exclusion(criterion: str) -> None:
    result = judged(
        criterion, "exclusion", facts(note="52F. Uterine leiomyosarcoma, TAH BSO 02/2023.")
    )
    assert result.status == "not_met", result.reason
    assert "cannot conceive" in result.reason


@pytest.mark.parametrize(
    "criterion",
    [
        # NCT05688332, NCT05482568, NCT06348199
        "For females of reproductive potential use of highly effective contraception.",
        "Agree to birth control",
        "Agree to use adequate methods of contraception",
    ],
)
def test_a_method_in_use_meets_a_contraception_inclusion(criterion: str) -> None:
    patient = facts(note="38F with type 2 diabetes. Copper IUD fitted 2024.")
    result = judged(criterion, "inclusion", patient)
    assert result.status == "met", result.reason
    none = facts(note="38F with type 2 diabetes.")
    assert judged(criterion, "inclusion", none).status == "unknown"


def test_an_acceptable_method_does_not_meet_a_highly_effective_inclusion() -> None:
    """NCT05688332 asks a highly effective method; condoms are only acceptable."""
    criterion = "For females of reproductive potential use of highly effective contraception."
    patient = facts(note="38F with type 2 diabetes. Uses condoms.")
    assert judged(criterion, "inclusion", patient).status == "unknown"


@pytest.mark.parametrize(
    ("criterion", "note"),
    [
        (
            # NCT03983954
            "Female participants must be ≥ 1 year post-menopausal, surgically sterile, or using "
            "1 highly effective form of birth control (a highly effective method of "
            "contraception is defined as one that can achieve a failure rate of less than 1% per "
            "year when used consistently and correctly.)",
            "44F. My cervical cancer was treated with a radical hysterectomy in 2022.",
        ),
        (
            # NCT00739739
            "Women must not be pregnant or lactating, They may be post-menopausal, surgically "
            "sterilized or using an appropriate method of contraception.",
            "32F with interstitial cystitis. Endometriosis stage III, on desogestrel (also her "
            "contraception). Not pregnant or breastfeeding. Premenopausal.",
        ),
    ],
)
def test_a_premenopausal_woman_meets_the_menopause_criterion_another_way(
    criterion: str, note: str
) -> None:
    result = judged(criterion, "inclusion", facts(note=note))
    assert result.status == "met", result.reason


@pytest.mark.parametrize(
    "criterion",
    [
        # NCT06831370: a kind of method the IUD is not.
        "Agree to practice effective barrier contraception during the entire study treatment "
        "period and through 6 months after the last dose of study drug, OR",
        # NCT04576156, NCT06119581: the protocol's or the country's rules.
        "Participants should follow protocol defined contraceptives procedures",
        "Contraceptive use should be consistent with local regulations for those participating "
        "in clinical studies.",
        # NCT05813288, NCT06282575: more than one method.
        "Two protocol acceptable methods of contraception in tandem.",
        "Females of childbearing potential and males with a partner of childbearing potential "
        "must be willing to use 2 methods of birth control.",
        # NCT05381142: no requirement at all.
        "Women of non-childbearing potential are not required to use contraception.",
        # NCT05170204: abstinence or contraception, and no egg donation.
        "For women of childbearing potential: agreement to remain abstinent (refrain from "
        "heterosexual intercourse) or use contraception, and agreement to refrain from donating "
        "eggs, as defined by the protocol",
    ],
)
def test_a_contraception_inclusion_asking_more_than_a_method_stays_the_teams(
    criterion: str,
) -> None:
    """TREC 2021 topic 20: "She is using IUD as her contraceptive method"."""
    patient = facts(note="35F with asthma. She is using IUD as her contraceptive method.")
    assert judged(criterion, "inclusion", patient).status == "unknown"
