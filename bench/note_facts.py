"""Label-free reading of patient notes: the facts ``extract_facts`` takes from each.

Every criterion answer rests on the patient's facts, so a fact read wrong (a
denied condition kept as present, a relative's disease given to the patient, a
value in the wrong unit) spoils every pair that patient is in. This prints, for
every unlabelled TREC / SIGIR topic (or a fixed-seed sample of them), the note
sentence by sentence with the facts read from each: conditions with their status
(present, denied, history, possible), measurements with values and units, age,
sex, gestation and the MeSH-only diseases. A person reads the sample against the
notes and counts what is missed or wrong; nothing here is scored. The check half's
patients (``evaluate.patient_halves``) are left out, so that their notes stay unread.

Run: PYTHONPATH=src .venv/bin/python bench/note_facts.py [--sample 30] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator
from pathlib import Path

from trialfinder import (
    Fact,
    LabeledPair,
    PatientProfile,
    extract_facts,
    load_pairs,
    load_vocabulary,
    patient_halves,
    split_sentences,
)

__all__ = ["main"]

DATA = Path(__file__).resolve().parents[2] / "shared" / "data" / "trec"
FILES = ("sigir/queries.jsonl", "trec_2021/queries.jsonl", "trec_2022/queries.jsonl")
ANNOTATIONS = DATA.parent / "trialgpt_criterion" / "trialgpt_criterion_annotations.json"


def topics() -> Iterator[tuple[str, str]]:
    """Every topic but the check half's patients, whose notes stay unread (``patient_halves``)."""
    pairs = [row for row in load_pairs(str(ANNOTATIONS)) if isinstance(row, LabeledPair)]
    unread = patient_halves(pairs)["check"]
    for name in FILES:
        for line in (DATA / name).read_text().splitlines():
            topic = json.loads(line)
            if topic["_id"] not in unread:
                yield topic["_id"], topic["text"]


def status(fact: Fact) -> str:
    """How the note holds a finding: denied, possible, history, current or present."""
    words = [
        word
        for word, flag in (
            ("denied", fact.negated),
            ("possible", fact.uncertain),
            ("history", fact.historical),
            ("current", fact.current),
        )
        if flag
    ]
    if fact.days_ago is not None:
        words.append(f"{fact.days_ago:g} days ago")
    if fact.duration_days is not None:
        words.append(f"for {fact.duration_days:g} days")
    if fact.start_year is not None:
        words.append(f"from {fact.start_year}")
    return ", ".join(words) or "present"


def describe(fact: Fact) -> str:
    if fact.measurement is not None:
        m = fact.measurement
        value = f"{m.value:g}" + (f"-{m.upper_value:g}" if m.upper_value is not None else "")
        unit = "× ULN" if m.relative_to_uln else (m.unit or "(no unit)")
        canonical = f" = {m.canonical_value:g}" if m.canonical_value is not None else ""
        return f"{m.analyte} {m.comparator} {value} {unit}{canonical}  «{m.text}»"
    return f"{fact.concept} [{status(fact)}]"


def print_note(topic_id: str, text: str) -> None:
    facts = extract_facts(PatientProfile(note=text))
    names = load_vocabulary()
    print(f"\n=== {topic_id}: age {facts.age} ({facts.sex})")
    if facts.gestational_weeks is not None:
        print(f"    gestation {facts.gestational_weeks:g} weeks")
    for number, sentence in enumerate(split_sentences(text)):
        print(f"[{number}] {sentence}")
        for fact in facts.facts:
            if fact.evidence == sentence:
                print(f"      · {describe(fact)}")
        for disease in facts.vocabulary_facts:
            if disease.evidence == sentence:
                concept = names.concept(disease.descriptor_id)
                name = concept.name if concept is not None else disease.descriptor_id
                denied = " [denied]" if disease.negated else ""
                print(f"      ◦ mesh {name} «{disease.words}»{denied}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, help="read this many topics, fixed-seed")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", help="topic ids, comma-separated")
    args = parser.parse_args()
    chosen = list(topics())
    if args.only:
        wanted = set(args.only.split(","))
        chosen = [topic for topic in chosen if topic[0] in wanted]
    elif args.sample:
        chosen = random.Random(args.seed).sample(chosen, args.sample)
    for topic_id, text in chosen:
        print_note(topic_id, text)


if __name__ == "__main__":
    main()
