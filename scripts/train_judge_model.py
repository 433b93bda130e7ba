"""Train the learned layer (trialfinder.calibrate) on the development half only, and
choose the judge's policies by patient-grouped cross-validation inside that half.

A multinomial logistic regression over the pipeline's features of the pairs a
note does not mention; written as plain numbers to
src/trialfinder/data/judge_model.json. The check half is never read here.
Run: PYTHONPATH=src .venv/bin/python scripts/train_judge_model.py [ANNOTATIONS]

``--cross-validate`` trains nothing. The development half's patients are dealt
into five folds (sorted by id, position modulo 5, so a note's pairs never sit on
both sides); for each policy with a choice the choice is made on four folds and
scored on the fifth, and the held-out answers of the five rounds are pooled.
``--folds N`` deals N folds instead; ``--folds 0`` one per patient (leave one patient
out: a choice made on twelve patients is scored on the thirteenth). The policies:

* each whole-record waiver (``trialfinder.judging.silence_policy.RECORD_WAIVERS``, a rule that turns
  an unknown into met or not met): kept only when it is right more often than the
  unknown it replaces on the four folds (a tie goes to the unknown, the cheaper error);
* each silence rule (``trialfinder.judging.silence_policy.SILENCE_RULES``): switched from its
  adopted state when that wins on the four folds;
* all silence rules together: greedy switching on the four folds;
* unmentioned exclusions by the kind of what they ask (from the criterion's parse:
  condition, treatment, procedure, behaviour, a value, pregnancy, nothing read; with
  or without a time window), and again split by whether the note covers the organ
  system (how the criterion's MeSH terms sit beside the note's): for each kind, "not
  excluded" or "not enough information", whichever the four folds' experts say more
  often, only where that beats the judge's own answers there (a tie keeps them);
* the learned layer: off, or on with a regularisation strength C, an overrule policy
  (any change, only from unknown, only to unknown) and a probability margin a change
  needs (``trialfinder.calibrate.decide``), chosen together on the four folds by an
  inner cross-validation over them.

It prints the in-fold number (the choice scored on the folds that made it) beside
the out-of-fold one. A choice is adopted (``data/silence_policy.json``, the layer's
C) only when its out-of-fold number beats the status quo's.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from trialfinder import (
    LabeledPair,
    PatientFacts,
    PatientProfile,
    expert_status,
    extract_facts,
    load_pairs,
    pair_features,
    patient_halves,
)
from trialfinder.calibrate import Overrule, decide
from trialfinder.evaluate import judge_pair, title_concepts
from trialfinder.judging.silence_policy import RECORD_WAIVERS, SILENCE_RULES
from trialfinder.match import Status, load_silence_policy

if TYPE_CHECKING:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

__all__ = ["main", "train"]

ROOT = Path(__file__).resolve().parents[1]
ANNOTATIONS = ROOT.parent / "shared/data/trialgpt_criterion/trialgpt_criterion_annotations.json"
OUTPUT = ROOT / "src/trialfinder/data/judge_model.json"
# The option the development half's patient-grouped CV picks (--cross-validate, "chosen
# among all" over the whole half): C=3 with the layer only allowed to withhold an answer
# (overrule "to_unknown") by a margin of 0.1. The nested CV scored this procedure level with
# the rules alone (its features classes only since the twenty-third session; below them
# before), one pair above them with the note's organ system (thirty-first session), and the
# check half still one pair below, so evaluate keeps the layer off by default
# (bench/RESULTS_accuracy.md).
REGULARISATION = 3.0
CLASSES = ("met", "not_met", "unknown")
CROSS_VALIDATION_STRENGTHS = (0.05, 0.2, 0.5, 1.0, 3.0)
# When the layer may overrule the rules (trialfinder.calibrate.decide), and by what margin.
OVERRULES: tuple[Overrule, ...] = ("any", "from_unknown", "to_unknown")
MARGINS = (0.0, 0.1, 0.2)
# The shipped choice (written into the JSON): see the cross-validation in bench/RESULTS_accuracy.md.
OVERRULE: Overrule = "to_unknown"
MARGIN = 0.1
# A layer option: strength C, which changes it may make, the probability margin a change needs.
LayerOption = tuple[float, Overrule, float]
FOLDS = 5
# An answer per pair, by annotation id (the label in the file's words).
Answers = dict[str, str]


def _fit(
    rows: Sequence[dict[str, float]], targets: Sequence[str], strength: float
) -> tuple[DictVectorizer, LogisticRegression]:
    # scikit-learn is the `train` extra: the silence rules' cross-validation runs without it.
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vectorizer = DictVectorizer(sparse=False)
    model = LogisticRegression(C=strength, max_iter=2000)
    model.fit(vectorizer.fit_transform(rows), targets)
    return vectorizer, model


def _layer_status(
    vectorizer: DictVectorizer,
    model: LogisticRegression,
    found: dict[str, float],
    section: str,
    rules_status: Status,
    option: LayerOption,
) -> str:
    """The layer's answer as ``trialfinder.calibrate`` gives it (:func:`decide`)."""
    probabilities: dict[Status, float] = dict(
        zip(model.classes_, model.predict_proba(vectorizer.transform([found]))[0], strict=True)
    )
    _, overrule, margin = option
    return decide(probabilities, rules_status, section, overrule, margin)


def _folds(pairs: Sequence[LabeledPair], count: int = FOLDS) -> list[list[LabeledPair]]:
    """The pairs dealt into ``count`` folds by patient (0: one fold per patient)."""
    patients = sorted({pair.patient_id for pair in pairs})
    count = count or len(patients)
    fold_of = {patient: position % count for position, patient in enumerate(patients)}
    return [[pair for pair in pairs if fold_of[pair.patient_id] == fold] for fold in range(count)]


def _agreement(answers: Answers, pairs: Sequence[LabeledPair]) -> int:
    return sum(answers[str(pair.annotation_id)] == pair.expert_eligibility for pair in pairs)


class _Judged:
    """The judge's answers on the development half under a set of silence rules and
    whole-record waivers (None: the adopted ones), each set judged once."""

    def __init__(self, pairs: Sequence[LabeledPair], facts: dict[str, PatientFacts]) -> None:
        self.pairs = pairs
        self.facts = facts
        self._answers: dict[tuple[frozenset[str], frozenset[str] | None], Answers] = {}

    def answers(self, rules: frozenset[str], waivers: frozenset[str] | None = None) -> Answers:
        if (rules, waivers) not in self._answers:
            self._answers[rules, waivers] = {
                str(pair.annotation_id): judge_pair(
                    pair.criterion_text,
                    pair.criterion_type,
                    self.facts[pair.note],
                    title_concepts(pair.trial_title),
                    silence_rules=rules,
                    waivers=waivers,
                )
                for pair in self.pairs
            }
        return self._answers[rules, waivers]


def _greedy(
    judged: _Judged, start: frozenset[str], candidates: Sequence[str], train: Sequence[LabeledPair]
) -> frozenset[str]:
    """Switch the one rule that gains most on ``train`` while one gains (ties keep the rules)."""
    rules = start
    while True:
        best, score = rules, _agreement(judged.answers(rules), train)
        for name in candidates:
            switched = rules ^ {name}
            gained = _agreement(judged.answers(switched), train)
            if gained > score:
                best, score = switched, gained
        if best == rules:
            return rules
        rules = best


def _pooled(
    folds: Sequence[Sequence[LabeledPair]],
    choose: Callable[[Sequence[LabeledPair]], Callable[[Sequence[LabeledPair]], int]],
) -> tuple[float, float]:
    """In-fold and out-of-fold agreement of a procedure that chooses on the training folds.

    ``choose(train)`` makes the choice on the training folds and returns a scorer
    (pairs → agreements) for what it chose.
    """
    in_fold = in_total = out_fold = out_total = 0
    for held_out, test in enumerate(folds):
        train = [pair for fold, members in enumerate(folds) if fold != held_out for pair in members]
        score = choose(train)
        in_fold += score(train)
        in_total += len(train)
        out_fold += score(test)
        out_total += len(test)
    return in_fold / in_total, out_fold / out_total


def _cross_validate_silence(judged: _Judged, folds: Sequence[Sequence[LabeledPair]]) -> None:
    adopted = frozenset(load_silence_policy().adopted)
    everything = [pair for fold in folds for pair in fold]
    status_quo = _agreement(judged.answers(adopted), everything) / len(everything)
    print(f"silence rules, {len(everything)} pairs, {len(folds)} folds by patient")
    print(f"  {'status quo (adopted: ' + ', '.join(sorted(adopted)) + ')':<58} {status_quo:.1%}")
    per_fold = [_agreement(judged.answers(adopted), fold) / len(fold) for fold in folds]
    print(
        "  status quo fold by fold (how much a few patients move it): "
        + " ".join(f"{share:.1%}" for share in per_fold)
    )
    print(f"  {'switch':<40} {'in fold':>8} {'out of fold':>12} {'all dev':>8} {'folds won':>9}")
    procedures = {name: [name] for name in SILENCE_RULES}
    procedures["all rules, greedy"] = list(SILENCE_RULES)
    for label, candidates in procedures.items():
        chosen: list[frozenset[str]] = []

        def choose(
            train: Sequence[LabeledPair],
            candidates: Sequence[str] = candidates,
            chosen: list[frozenset[str]] = chosen,
        ) -> Callable[[Sequence[LabeledPair]], int]:
            rules = _greedy(judged, adopted, candidates, train)
            chosen.append(rules)
            return lambda pairs: _agreement(judged.answers(rules), pairs)

        in_fold, out_fold = _pooled(folds, choose)
        state = "off" if candidates[0] in adopted else "on"
        name = f"{label} {state}" if len(candidates) == 1 else label
        # One rule switched on all five folds (the in-sample number a round without CV reads).
        switched = judged.answers(adopted ^ set(candidates))
        share = _agreement(switched, everything) / len(everything)
        whole = f"{share:.1%}" if len(candidates) == 1 else "—"
        won = sum(rules != adopted for rules in chosen)
        print(f"  {name:<40} {in_fold:>8.1%} {out_fold:>12.1%} {whole:>8} {won:>6}/{len(folds)}")


def _cross_validate_waivers(judged: _Judged, folds: Sequence[Sequence[LabeledPair]]) -> None:
    """The over-reading audit: each waiver against the unknown it replaces, out of fold."""
    rules = frozenset(load_silence_policy().adopted)
    adopted = frozenset(load_silence_policy().waivers)
    everything = [pair for fold in folds for pair in fold]
    status_quo = _agreement(judged.answers(rules, adopted), everything) / len(everything)
    print(f"whole-record waivers, {len(everything)} pairs (adopted: {', '.join(sorted(adopted))})")
    print(f"  status quo {status_quo:.1%}")
    print(
        f"  {'waiver':<34} {'settles':>7} {'right':>5} {'unknown right':>13}"
        f" {'in fold':>8} {'out of fold':>12} {'folds kept':>10}"
    )
    for name in RECORD_WAIVERS:
        with_it = judged.answers(rules, adopted | {name})
        without = judged.answers(rules, adopted - {name})
        settled = [
            p for p in everything if with_it[str(p.annotation_id)] != without[str(p.annotation_id)]
        ]
        kept: list[bool] = []

        def choose(
            train: Sequence[LabeledPair],
            with_it: Answers = with_it,
            without: Answers = without,
            kept: list[bool] = kept,
        ) -> Callable[[Sequence[LabeledPair]], int]:
            keep = _agreement(with_it, train) > _agreement(without, train)
            kept.append(keep)
            chosen = with_it if keep else without
            return lambda pairs: _agreement(chosen, pairs)

        in_fold, out_fold = _pooled(folds, choose)
        print(
            f"  {name:<34} {len(settled):>7} {_agreement(with_it, settled):>5}"
            f" {_agreement(without, settled):>13} {in_fold:>8.1%} {out_fold:>12.1%}"
            f" {sum(kept):>7}/{len(folds)}"
        )
    for name, meaning in RECORD_WAIVERS.items():
        print(f"  {name}: {meaning}")


def _exclusion_kind(found: dict[str, float], *, organ_system: bool = False) -> str:
    """An unmentioned exclusion's kind, from the learned layer's features of its parse; with
    ``organ_system``, also how its MeSH terms sit beside the note's (lineage, branch,
    category, unrelated, none: whether the note covers the organ system at all)."""
    kinds = sorted(name.split("=", 1)[1] for name in found if name.startswith("exclusion:kind="))
    window = " in a window" if "exclusion:time_window" in found else ""
    if not organ_system:
        return "+".join(kinds) + window
    mesh = [name.split("=", 1)[1] for name in found if name.startswith("exclusion:mesh=")]
    return "+".join(kinds) + window + f" mesh={mesh[0] if mesh else 'none'}"


def _cross_validate_kinds(
    judged: _Judged, folds: Sequence[Sequence[LabeledPair]], *, organ_system: bool = False
) -> None:
    """The NEI-or-not-excluded policy by criterion kind, chosen on four folds: a kind is
    answered by one label only where that label agrees with more of the four folds' experts
    than the judge's own answers do (a tie keeps the judge's answers, which the silence
    rules already set apart within a kind)."""
    answers = judged.answers(frozenset(load_silence_policy().adopted))
    kind_of = {
        str(pair.annotation_id): _exclusion_kind(found, organ_system=organ_system)
        for pair in judged.pairs
        if pair.criterion_type == "exclusion"
        and (found := pair_features(pair, judged.facts[pair.note])) is not None
    }
    labels = ("not excluded", "not enough information")
    everything = [pair for fold in folds for pair in fold]
    split = " × the note's organ system (MeSH)" if organ_system else ""
    print(f"unmentioned exclusions by kind{split} (dev half: experts' not excluded / NEI; judge's)")
    for kind in sorted(set(kind_of.values())):
        members = [p for p in everything if kind_of.get(str(p.annotation_id)) == kind]
        experts = [sum(p.expert_eligibility == label for p in members) for label in labels]
        judge = [sum(answers[str(p.annotation_id)] == label for p in members) for label in labels]
        print(
            f"  {kind:<40} experts {experts[0]:>3} / {experts[1]:<3}"
            f" judge {judge[0]:>3} / {judge[1]}"
        )
    chosen: list[dict[str, str]] = []

    def choose(train: Sequence[LabeledPair]) -> Callable[[Sequence[LabeledPair]], int]:
        policy: dict[str, str] = {}
        for kind in set(kind_of.values()):
            members = [p for p in train if kind_of.get(str(p.annotation_id)) == kind]
            counts = [sum(p.expert_eligibility == label for p in members) for label in labels]
            kept = _agreement(answers, members)
            if max(counts) > kept:
                policy[kind] = labels[counts[1] > counts[0]]
        chosen.append(policy)
        chosen_answers = {
            key: policy.get(kind_of.get(key, ""), answer) for key, answer in answers.items()
        }
        return lambda pairs: _agreement(chosen_answers, pairs)

    in_fold, out_fold = _pooled(folds, choose)
    status_quo = _agreement(answers, everything) / len(everything)
    print(
        f"  status quo {status_quo:.1%}; by kind, chosen on the training folds: "
        f"in fold {in_fold:.1%}, out of fold {out_fold:.1%}"
    )
    nei = sorted(
        {kind for policy in chosen for kind, label in policy.items() if label != labels[0]}
    )
    print(f"  kinds a fold made NEI: {', '.join(nei) or 'none'}")


def _layer_answers(
    pairs: Sequence[LabeledPair],
    train: Sequence[LabeledPair],
    rules_answers: Answers,
    found: dict[str, dict[str, float] | None],
    option: LayerOption | None,
) -> Answers:
    """The rules' answers, with the layer (trained on ``train``) for unmentioned pairs."""
    if option is None:
        return rules_answers
    rows = [
        (found[str(pair.annotation_id)] or {}, str(expert_status(pair)))
        for pair in train
        if found[str(pair.annotation_id)] is not None and expert_status(pair) in CLASSES
    ]
    vectorizer, model = _fit([row for row, _ in rows], [target for _, target in rows], option[0])
    answers = dict(rules_answers)
    labels = {
        ("inclusion", "met"): "included",
        ("inclusion", "not_met"): "not included",
        ("exclusion", "met"): "excluded",
        ("exclusion", "not_met"): "not excluded",
    }
    statuses = {label: status for (_, status), label in labels.items()}
    for pair in pairs:
        features = found[str(pair.annotation_id)]
        if features is not None:
            rules_status = statuses.get(rules_answers[str(pair.annotation_id)], "unknown")
            status = _layer_status(
                vectorizer, model, features, pair.criterion_type, rules_status, option
            )
            answers[str(pair.annotation_id)] = labels.get(
                (pair.criterion_type, status), "not enough information"
            )
    return answers


def _cross_validate_layer(judged: _Judged, folds: Sequence[Sequence[LabeledPair]]) -> None:
    """The layer's strength C and when it may overrule the rules, by nested CV.

    Each option (C, overrule, margin) is scored out of fold on its own; "chosen among
    all" picks one option (or the rules alone) per outer fold by an inner CV on the four
    training folds, so its out-of-fold number is the procedure's honest score.
    """
    rules_answers = judged.answers(frozenset(load_silence_policy().adopted))
    found = {
        str(pair.annotation_id): pair_features(pair, judged.facts[pair.note])
        for pair in judged.pairs
    }
    layer_options = [
        (c, overrule, margin)
        for c in CROSS_VALIDATION_STRENGTHS
        for overrule in OVERRULES
        for margin in MARGINS
    ]
    options: tuple[LayerOption | None, ...] = (None, *layer_options)
    inner_scores: dict[tuple[frozenset[int], LayerOption | None], int] = {}

    def inner_score(train: Sequence[LabeledPair], option: LayerOption | None) -> int:
        key = (frozenset(map(id, train)), option)
        if key in inner_scores:
            return inner_scores[key]
        inner = [fold for fold in folds if fold and set(map(id, fold)) <= set(map(id, train))]
        total = 0
        for held_out, test in enumerate(inner):
            rest = [
                pair for fold, members in enumerate(inner) if fold != held_out for pair in members
            ]
            total += _agreement(_layer_answers(test, rest, rules_answers, found, option), test)
        inner_scores[key] = total
        return total

    print("learned layer (unmentioned pairs): C, overrule, margin; chosen by an inner CV")
    print(f"  {'option':<40} {'in fold':>8} {'out of fold':>12}")
    chosen_options: list[LayerOption | None] = []
    for label, fixed in [
        ("rules alone", (None,)),
        *((f"C={o[0]} overrule={o[1]} margin={o[2]}", (o,)) for o in layer_options),
        ("chosen among all", options),
    ]:

        def choose(
            train: Sequence[LabeledPair], fixed: tuple[LayerOption | None, ...] = fixed
        ) -> Callable[[Sequence[LabeledPair]], int]:
            # Ties go to the earliest option: the rules alone, then the stronger regularisation.
            option = (
                max(fixed, key=lambda option: inner_score(train, option))
                if len(fixed) > 1
                else fixed[0]
            )
            if len(fixed) > 1:
                chosen_options.append(option)
            return lambda pairs: _agreement(
                _layer_answers(pairs, train, rules_answers, found, option), pairs
            )

        in_fold, out_fold = _pooled(folds, choose)
        print(f"  {label:<40} {in_fold:>8.1%} {out_fold:>12.1%}")
    print("  chosen per outer fold: " + "; ".join(str(option) for option in chosen_options))


def cross_validate(
    pairs: Sequence[LabeledPair], facts: dict[str, PatientFacts], folds_count: int = FOLDS
) -> None:
    """Nested patient-grouped cross-validation of the judge's policies (see the module doc)."""
    judged = _Judged(pairs, facts)
    folds = _folds(pairs, folds_count)
    _cross_validate_waivers(judged, folds)
    print()
    _cross_validate_silence(judged, folds)
    print()
    _cross_validate_kinds(judged, folds)
    print()
    _cross_validate_kinds(judged, folds, organ_system=True)
    print()
    if importlib.util.find_spec("sklearn") is None:
        print("learned layer: skipped (install the `train` extra: scikit-learn)")
        return
    _cross_validate_layer(judged, folds)


def _development(path: str) -> tuple[list[LabeledPair], dict[str, PatientFacts]]:
    """The development half's pairs and each note's facts (the check half is never read)."""
    pairs = [row for row in load_pairs(path) if isinstance(row, LabeledPair)]
    development = patient_halves(pairs)["development"]
    pairs = [pair for pair in pairs if pair.patient_id in development]
    facts = {
        note: extract_facts(PatientProfile(note=note)) for note in {pair.note for pair in pairs}
    }
    return pairs, facts


def train(path: str = str(ANNOTATIONS)) -> dict[str, object]:
    """The layer's JSON document (``data/judge_model.json``), trained on the development half."""
    pairs, facts = _development(path)
    rows: list[dict[str, float]] = []
    targets: list[str] = []
    for pair in pairs:
        status = expert_status(pair)
        # The layer chooses between unknown, met and not met; "not applicable" is the judge's.
        if status not in CLASSES:
            continue
        found = pair_features(pair, facts[pair.note])
        if found is not None:
            rows.append(found)
            targets.append(status)
    vectorizer, model = _fit(rows, targets, REGULARISATION)
    return {
        "version": "1",
        "description": (
            "Logistic regression calibrating the judge for criteria a note does not mention "
            f"(trained by scripts/train_judge_model.py on {len(rows)} development-half pairs, "
            f"C={REGULARISATION}, overrule {OVERRULE}, margin {MARGIN}). "
            "See trialfinder.calibrate."
        ),
        "features": list(vectorizer.get_feature_names_out()),
        "classes": [str(label) for label in model.classes_],
        "coefficients": [[round(float(v), 4) for v in row] for row in model.coef_],
        "intercepts": [round(float(v), 4) for v in model.intercept_],
        "overrule": OVERRULE,
        "margin": MARGIN,
    }


def main(path: str = str(ANNOTATIONS), *, validate: bool = False, folds: int = FOLDS) -> None:
    if validate:
        cross_validate(*_development(path), folds)
        return
    document = train(path)
    OUTPUT.write_text(json.dumps(document, indent=1) + "\n", encoding="utf-8")
    print(f"{document['description']} Classes {document['classes']}.")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("annotations", nargs="?", default=str(ANNOTATIONS))
    parser.add_argument("--cross-validate", action="store_true", help="print grouped CV only")
    parser.add_argument(
        "--folds", type=int, default=FOLDS, help="patient folds (0: leave one patient out)"
    )
    arguments = parser.parse_args()
    main(arguments.annotations, validate=arguments.cross_validate, folds=arguments.folds)
