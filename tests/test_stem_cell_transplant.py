"""A stem cell transplant is its own procedure (issue 12, round thirteen): "No stem cell
transplant ever." denies it, and an autologous transplant is not an allogeneic one."""

from __future__ import annotations

from test_hand_written_patients import _any_trial, _criterion
from test_judge_entailment import facts
from trialfinder.criteria import parse_trial_criteria
from trialfinder.criteria.model import ConceptMention
from trialfinder.criteria.parse import parse_criterion
from trialfinder.match import CriterionResult, match_trial

# NCT05552976's exclusion, on the trial's own text.
_PRIOR_TRANSPLANT = "Participant has previously received allogeneic stem cell transplant"


def _transplant_exclusion(note: str) -> CriterionResult:
    result = match_trial(
        parse_trial_criteria(_any_trial("NCT05552976")), facts(age=71, sex="male", note=note)
    )
    return _criterion(result, _PRIOR_TRANSPLANT)


def test_a_denied_stem_cell_transplant_does_not_meet_a_prior_transplant_exclusion() -> None:
    note = (
        "Myeloma clinic. 71M. IgG kappa multiple myeloma diagnosed 2021. Never had "
        "carfilzomib. No stem cell transplant ever."
    )
    assert _transplant_exclusion(note).status == "not_met"


def test_a_stem_cell_transplant_never_had_does_not_meet_a_prior_transplant_exclusion() -> None:
    note = "IgA lambda myeloma dx 2023, VRd x6. Never had a stem cell transplant."
    assert _transplant_exclusion(note).status == "not_met"


def test_a_denied_autologous_transplant_leaves_an_allogeneic_one_open() -> None:
    note = "IgA lambda myeloma dx 2023, VTd x4. No autologous stem cell transplant."
    assert _transplant_exclusion(note).status == "unknown"


def test_an_old_autologous_transplant_is_not_read_as_an_allogeneic_one() -> None:
    # Allogeneic at any time or autologous within 12 weeks: an autologous transplant of
    # 2023 is neither, so the exclusion is not met by it.
    note = "IgA lambda myeloma dx 2023. VTd x4 then autologous stem cell transplant 09/2023."
    assert _transplant_exclusion(note).status != "met"


def test_a_window_after_at_any_time_does_not_reach_the_transplant_before_it() -> None:
    # "allogeneic … at any time or … autologous … within 12 weeks": the 12 weeks are the
    # autologous transplant's alone.
    constraints, _ = parse_criterion(
        "Participant has previously received allogeneic stem cell transplant at any time or "
        "received autologous stem cell transplant within 12 weeks of initiating study "
        "treatment.",
        "exclusion",
    )
    windows = {c.concept: c.window for c in constraints if isinstance(c, ConceptMention)}
    assert windows["allogeneic_stem_cell_transplant"] is None
    autologous = windows["autologous_stem_cell_transplant"]
    assert autologous is not None and autologous.days == 84


def test_an_allogeneic_transplant_years_ago_meets_an_at_any_time_exclusion() -> None:
    note = "IgA lambda myeloma dx 2019. Allogeneic stem cell transplant 2020, relapsed 2025."
    assert _transplant_exclusion(note).status == "met"


def test_a_transplant_years_before_is_not_met_by_a_relative_clause_read_as_an_alternative() -> None:
    # NCT05827016: "within 12 months (single transplant) or 15 months (tandem transplant)
    # from initiation of induction therapy who achieved at least a partial response (PR) after
    # autologous stem cell transplantation": the transplant after "who" describes the
    # participants of the "or", it is no alternative to it; a transplant of 2021 is not met.
    result = match_trial(
        parse_trial_criteria(_any_trial("NCT05827016")),
        facts(
            age=60,
            sex="male",
            note=(
                "IgG kappa myeloma diagnosed 2021. Induction VRd from 03/2021. Autologous "
                "stem cell transplant 09/2021. VGPR."
            ),
        ),
    )
    assert _criterion(result, "Participants within 12 months").status != "met"


def test_a_bracketed_abbreviation_names_the_transplant_written_before_it() -> None:
    # "allogeneic stem cell transplantation (ASCT)" (NCT audit text): the brackets abbreviate
    # the allogeneic transplant just named, so an autologous transplant does not meet it.
    constraints, _ = parse_criterion(
        "Not eligible for allogeneic stem cell transplantation (ASCT).", "exclusion"
    )
    concepts = [c.concept for c in constraints if isinstance(c, ConceptMention)]
    assert concepts == ["allogeneic_stem_cell_transplant"]
