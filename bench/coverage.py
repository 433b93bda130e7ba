"""Label-free coverage of the clinical-text pipeline on text of the kind it will be judged on.

Accuracy on 525 labelled pairs can be raised by rules that fit those pairs; coverage on
unlabelled text of the same kind cannot, so it is the measure that says whether a change
generalises. Two corpora from ``../shared/data``:

* notes: the TREC 2021, TREC 2022 and SIGIR patient topics (the labelled pairs' notes are
  SIGIR topics). A clinical mention is a MeSH term (diseases and findings C, mental
  disorders F03, drugs D, procedures E) the vocabulary finds in a note sentence, read
  longest-first; ambiguous abbreviations and misspellings are left out. A mention is
  mapped when the criteria lexicon reads it (a concept, analyte or value span of
  ``analyse_text``), and usable by the judge when it is mapped or is a MeSH disease, which
  the judge compares through the MeSH tree. Numbers written with a unit count as values;
  a value is mapped when it is read as a measurement.
* criteria: every text criterion of ``ctgov_v2/studies_v2.jsonl``. A criterion has nothing
  parsed when the judge finds nothing in it to check (``criterion_constraints``: no
  constraint of the parse, no MeSH disease), which it answers "unknown – not computable";
  the share the lexicon's parse alone leaves empty is printed beside it. The unparsed
  criteria's first two content words are listed by frequency (the most common heads).

Run: PYTHONPATH=src .venv/bin/python bench/coverage.py [--top N] [--section inclusion]
[--criteria-only]
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from trialfinder import (
    Criterion,
    analyse_text,
    criterion_constraints,
    is_disease,
    load_vocabulary,
    parse_study_json,
    parse_trial_criteria,
    split_sentences,
)

__all__ = ["criteria_coverage", "main", "note_coverage"]

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"
TOPIC_FILES = (
    "trec/trec_2021/queries.jsonl",
    "trec/trec_2022/queries.jsonl",
    "trec/sigir/queries.jsonl",
)
STUDIES = "ctgov_v2/studies_v2.jsonl"

_KINDS = {"C": "condition", "F": "condition", "D": "drug", "E": "procedure"}
_VALUE = re.compile(
    r"\b\d+(?:\.\d+)?\s*(?:mg/dl|g/dl|mmol/l|meq/l|mg/l|g/l|u/l|iu/l|iu/ml|ng/ml|pg/ml|"
    r"/mm3|/ul|/µl|mm ?hg|bpm|/min|%|cells|k/ul|x ?10)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[a-z][a-z0-9'-]*")


def _kind(tree_numbers: tuple[str, ...]) -> str | None:
    for number in tree_numbers:
        if number.startswith("F03") or (number[:1] in "CDE" and number[:1] != "F"):
            return _KINDS[number[:1]]
    return None


def _word_spans(sentence: str) -> list[tuple[int, int]]:
    """Character span of each word ``normalize_phrase`` makes of ``sentence``."""
    spans: list[tuple[int, int]] = []
    for piece in re.finditer(r"\S+", sentence):
        words = re.split(r"[^0-9a-z]+", piece.group().lower().replace("'", ""))
        spans.extend(piece.span() for word in words if word)
    return spans


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def _notes() -> Iterator[str]:
    for name in TOPIC_FILES:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield str(json.loads(line)["text"])


def note_coverage(top: int) -> dict[str, object]:
    """Clinical mentions and values in the topic notes, mapped or not."""
    vocabulary = load_vocabulary()
    counts: Counter[str] = Counter()
    unmapped: Counter[str] = Counter()
    unread_values: Counter[str] = Counter()
    notes = 0
    for note in _notes():
        notes += 1
        for sentence in split_sentences(note):
            analysis = analyse_text(sentence)
            covered = analysis.covered
            spans = _word_spans(sentence)
            for mention in vocabulary.find_mentions(sentence):
                reading = mention.readings[0]
                kind = _kind(reading.concept.tree_numbers)
                if kind is None or reading.kind in ("abbreviation", "spelling"):
                    continue
                if mention.end > len(spans):
                    continue
                start, end = spans[mention.start][0], spans[mention.end - 1][1]
                mapped = _overlaps(start, end, covered)
                usable = mapped or is_disease(reading.concept)
                counts[f"{kind} mentions"] += 1
                counts[f"{kind} mapped"] += mapped
                counts[f"{kind} usable"] += usable
                if not usable:
                    unmapped[f"{mention.phrase} ({kind})"] += 1
            measured = [(start, end) for _, start, end in analysis.measurements]
            for value in _VALUE.finditer(sentence):
                counts["values"] += 1
                if _overlaps(value.start(), value.end(), measured):
                    counts["values read"] += 1
                else:
                    before = _WORD.findall(sentence[: value.start()].lower())[-2:]
                    unread_values[" ".join(before) or "(none)"] += 1
    mentions = sum(counts[f"{k} mentions"] for k in set(_KINDS.values()))
    mapped = sum(counts[f"{k} mapped"] for k in set(_KINDS.values()))
    usable = sum(counts[f"{k} usable"] for k in set(_KINDS.values()))
    return {
        "notes": notes,
        "mentions": mentions,
        "mapped by the lexicon": _share(mapped, mentions),
        "usable by the judge": _share(usable, mentions),
        "per kind": {
            kind: {
                "mentions": counts[f"{kind} mentions"],
                "mapped": _share(counts[f"{kind} mapped"], counts[f"{kind} mentions"]),
                "usable": _share(counts[f"{kind} usable"], counts[f"{kind} mentions"]),
            }
            for kind in sorted(set(_KINDS.values()))
        },
        "values read": _share(counts["values read"], counts["values"]),
        "unmapped mentions": unmapped.most_common(top),
        "unread values (words before)": unread_values.most_common(top),
    }


def _leaves(criteria: list[Criterion]) -> Iterator[Criterion]:
    for criterion in criteria:
        if criterion.source == "structured":
            continue
        if criterion.children:
            yield from _leaves(criterion.children)
        else:
            yield criterion


# Words that open a criterion without saying what it is about ("Patients who have …").
_OPENERS = frozenset(
    [
        "patient",
        "patients",
        "participant",
        "participants",
        "subject",
        "subjects",
        "women",
        "men",
        "who",
        "with",
        "has",
        "have",
        "had",
        "must",
        "any",
        "the",
        "known",
        "other",
        "and",
        "are",
        "were",
        "who",
        "will",
        "not",
        "current",
        "currently",
    ]
)


def _head(text: str) -> str:
    words = [w for w in _WORD.findall(text.lower()) if len(w) > 2 and w not in _OPENERS]
    return " ".join(words[:2]) or "(none)"


def criteria_coverage(top: int, section: str | None = None) -> dict[str, object]:
    """Text criteria of the real studies the judge can check something in.

    ``section`` ("inclusion" or "exclusion") counts that section's criteria only.
    """
    total = 0
    lexicon_empty = 0
    unparsed: Counter[str] = Counter()
    studies = 0
    for line in (DATA / STUDIES).read_bytes().splitlines():
        if not line.strip():
            continue
        parsed = parse_trial_criteria(parse_study_json(line))
        studies += 1
        for criterion in _leaves(parsed.criteria):
            if section is not None and criterion.section != section:
                continue
            total += 1
            lexicon_empty += not criterion.constraints
            if not criterion_constraints(criterion):
                unparsed[_head(criterion.text)] += 1
    return {
        "studies": studies,
        "criteria": total,
        "nothing parsed by the lexicon": _share(lexicon_empty, total),
        "nothing parsed (lexicon or MeSH)": _share(sum(unparsed.values()), total),
        "unparsed heads": unparsed.most_common(top),
    }


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.1%} ({part}/{whole})" if whole else "n/a"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=30, help="how many unmapped items to list")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument(
        "--section",
        choices=("inclusion", "exclusion"),
        help="also count one section's criteria on their own",
    )
    parser.add_argument("--criteria-only", action="store_true", help="skip the notes")
    args = parser.parse_args()
    report: dict[str, dict[str, object]] = {}
    if not args.criteria_only:
        report["notes"] = note_coverage(args.top)
    report["criteria"] = criteria_coverage(args.top)
    if args.section:
        report[f"{args.section} criteria"] = criteria_coverage(args.top, args.section)
    if args.json:
        print(json.dumps(report, indent=1))
        return
    for part, figures in report.items():
        print(f"== {part}")
        for key, value in figures.items():
            if isinstance(value, list):
                print(f"{key}:")
                for item, count in value:
                    print(f"  {count:>5}  {item}")
            else:
                print(f"{key}: {value}")
        print()


if __name__ == "__main__":
    main()
