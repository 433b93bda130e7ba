"""Label-free audit of the judge on notes nobody labelled × real trials' criteria.

The labelled pairs are too few to show the kinds of errors the hidden patients will
raise; unlabelled notes of the same style can, when a person reads a sample of the
judge's answers. This runs the judge as ``evaluate`` does (each criterion alone, the
note as the whole record, the trial's title as its own condition) over:

* notes: the SIGIR topics that have no labelled pairs (the hidden set's kind), written
  as the labelled notes are (numbered sentences and the consent sentence), plus, with
  ``--trec``, the TREC 2021 and 2022 topics;
* criteria: every text criterion of the API v2 studies and the legacy XML sample.

Each answer is put in a stratum (section × criterion kind × status × reason class) and
a fixed-seed sample of each stratum is printed for reading; ``--out`` writes every
answer as JSON lines so that two versions of the judge can be diffed
(``--diff OLD.jsonl``). ``--waivers`` replaces the whole-record waivers in force
(``trialfinder.judging.silence_policy.RECORD_WAIVERS``), so a diff shows what one of them settles on
notes nobody labelled. Nothing here is scored: there are no labels.

Run: PYTHONPATH=src .venv/bin/python bench/judge_audit.py [--per-stratum 3] [--out F]
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from trialfinder import (
    Criterion,
    PatientProfile,
    criterion_from_text,
    extract_facts,
    iter_records,
    judge,
    parse_trial_criteria,
    title_concepts,
)

__all__ = ["main"]

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
ANNOTATIONS = DATA / "trialgpt_criterion" / "trialgpt_criterion_annotations.json"
CONSENT = (
    "The patient will provide informed consent, and will comply with the trial protocol "
    "without any practical issues."
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


def labelled_note(text: str) -> str:
    """A topic written as the labelled pairs' notes are: numbered sentences, consent last."""
    sentences = [s.strip() for s in _SENTENCE_END.split(text.strip()) if s.strip()]
    sentences.append(CONSENT)
    return "\n".join(f"{number}. {sentence}" for number, sentence in enumerate(sentences))


def notes(trec: bool) -> Iterator[tuple[str, str]]:
    labelled = {row["patient_id"] for row in json.loads(ANNOTATIONS.read_text())}
    files = ["trec/sigir/queries.jsonl"]
    if trec:
        files += ["trec/trec_2021/queries.jsonl", "trec/trec_2022/queries.jsonl"]
    for name in files:
        for line in (DATA / name).read_text().splitlines():
            topic = json.loads(line)
            if topic["_id"] not in labelled:
                yield topic["_id"], labelled_note(topic["text"])


def criteria() -> Iterator[tuple[str, str, Criterion]]:
    """(trial id, title, criterion) for every item and sub-item of the real trials."""
    paths = [DATA / "ctgov_v2" / "studies_v2.jsonl", DATA / "ctgov_legacy_xml" / "sample"]
    for record in iter_records(paths):
        if record.trial is None:
            continue
        trial = record.trial
        stack = list(parse_trial_criteria(trial).criteria)
        while stack:
            criterion = stack.pop()
            stack.extend(criterion.children)
            if criterion.source == "text" and len(criterion.text) > 3:
                yield trial.nct_id, trial.title, criterion


def kind(criterion: Criterion) -> str:
    kinds = sorted({type(c).__name__ for c in criterion.constraints})
    return "+".join(kinds) or "text"


def reason_class(reason: str) -> str:
    """The reason without its particulars: numbers, quoted and named things."""
    reason = re.sub(r"“[^”]*”|\"[^\"]*\"", "…", reason)
    reason = re.sub(r"\d+(?:\.\d+)?", "N", reason)
    words = reason.split(";")[0].split()
    return " ".join(words[:4])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trec", action="store_true", help="add the TREC 2021/2022 topics")
    parser.add_argument("--per-stratum", type=int, default=2)
    parser.add_argument("--seed", type=int, default=12)
    parser.add_argument("--out", help="write every answer as JSON lines")
    parser.add_argument("--diff", help="an earlier --out file: print the answers that changed")
    parser.add_argument("--only", help="print strata whose name contains this")
    parser.add_argument(
        "--waivers", help="comma-separated whole-record waivers in force (default: adopted)"
    )
    args = parser.parse_args()
    waivers = None if args.waivers is None else frozenset(filter(None, args.waivers.split(",")))
    items = list(dict.fromkeys((t, title, c.section, c.text) for t, title, c in criteria()))
    # Each criterion is read once, as a trial's are for a cohort, not again for every note.
    read = [(item, criterion_from_text(item[3], item[2])) for item in items]
    answers: list[dict[str, str]] = []
    for patient_id, note in notes(args.trec):
        facts = extract_facts(PatientProfile(note=note))
        for (trial_id, title, section, text), criterion in read:
            status, evidence, reason = judge(
                criterion, facts, title_concepts(title), record_is_complete=True, waivers=waivers
            )
            answers.append(
                {
                    "patient": patient_id,
                    "trial": trial_id,
                    "section": section,
                    "criterion": text,
                    "kind": kind(criterion),
                    "status": status,
                    "evidence": evidence or "",
                    "reason": reason,
                }
            )
    print(f"{len(answers)} answers ({len(items)} criteria)")
    if args.out:
        with open(args.out, "w") as out:
            for answer in answers:
                out.write(json.dumps(answer) + "\n")
    if args.diff:
        _print_changes(args.diff, answers)
        return
    strata: dict[str, list[dict[str, str]]] = defaultdict(list)
    for answer in answers:
        name = " | ".join(
            (answer["section"], answer["kind"], answer["status"], reason_class(answer["reason"]))
        )
        strata[name].append(answer)
    sizes = Counter({name: len(members) for name, members in strata.items()})
    rng = random.Random(args.seed)
    for name, size in sizes.most_common():
        if args.only and args.only not in name:
            continue
        print(f"\n## {name}  ({size})")
        for answer in rng.sample(strata[name], min(args.per_stratum, size)):
            print(f"- [{answer['patient']} {answer['trial']}] {answer['criterion'][:300]}")
            print(f"    → {answer['status']}: {answer['reason'][:300]}")
            if answer["evidence"]:
                print(f"    ← {answer['evidence'][:200]}")


def _print_changes(path: str, answers: list[dict[str, str]]) -> None:
    before = {}
    for line in Path(path).read_text().splitlines():
        row = json.loads(line)
        before[(row["patient"], row["trial"], row["section"], row["criterion"])] = row
    changes: Counter[str] = Counter()
    for answer in answers:
        key = (answer["patient"], answer["trial"], answer["section"], answer["criterion"])
        old = before.get(key)
        if old is None or old["status"] == answer["status"]:
            continue
        changes[f"{answer['section']} {old['status']} → {answer['status']}"] += 1
        print(f"- [{answer['patient']} {answer['trial']}] {answer['criterion'][:300]}")
        print(f"    {old['status']} → {answer['status']}: {answer['reason'][:300]}")
    for change, count in changes.most_common():
        print(f"{count:6d}  {change}")


if __name__ == "__main__":
    main()
