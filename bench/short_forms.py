"""How many short forms the real trials define, and what reading them changes.

    PYTHONPATH=src .venv/bin/python bench/short_forms.py [--sample 30] [--seed 33]

Over every trial of ``../shared`` (the API v2 studies and the legacy XML sample): the
short forms the trial's title, summary, description and eligibility text define
(``defined_short_forms``), those kept for reading (``trial_short_forms``: less the ones the
lexicon reads itself), the criteria (items and sub-items) whose text a kept short form is
written out in, and those whose reading (constraints, or whether they cover the whole
criterion) differs from the reading of the text as written. Prints a fixed-seed sample of
the kept definitions to read for precision (bench/RESULTS_accuracy.md records a reading).
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

from trialfinder.criteria.abbreviations import defined_short_forms, written_out
from trialfinder.criteria.model import Criterion
from trialfinder.criteria.parse import parse_criterion, trial_short_forms
from trialfinder.ingest import iter_records

DATA = Path(__file__).resolve().parents[2] / "shared" / "data"


def _items(criteria: list[Criterion]) -> list[Criterion]:
    found: list[Criterion] = []
    pending = list(criteria)
    while pending:
        criterion = pending.pop()
        found.append(criterion)
        pending.extend(criterion.children)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=33)
    args = parser.parse_args()
    from trialfinder.criteria import parse_trial_criteria

    paths = [DATA / "ctgov_v2" / "studies_v2.jsonl", DATA / "ctgov_legacy_xml" / "sample"]
    trials = found = trials_with = written = reread = 0
    kept: list[tuple[str, str, str]] = []
    for record in iter_records(paths):
        trial = record.trial
        if trial is None:
            continue
        trials += 1
        texts = (
            trial.official_title,
            trial.brief_summary,
            trial.detailed_description,
            trial.eligibility.criteria_text,
        )
        found += len(defined_short_forms("\n".join(text for text in texts if text)))
        forms = trial_short_forms(trial)
        if not forms:
            continue
        trials_with += 1
        kept.extend((trial.nct_id, short, long) for short, long in forms.items())
        for criterion in _items(parse_trial_criteria(trial).criteria):
            if criterion.source != "text" or written_out(criterion.text, forms) == criterion.text:
                continue
            written += 1
            as_written = parse_criterion(criterion.text, criterion.section)
            if (list(as_written[0]), as_written[1]) != (
                criterion.constraints,
                criterion.complete,
            ):
                reread += 1
    print(f"trials {trials}; short forms defined {found}; kept {len(kept)} in {trials_with} trials")
    print(f"criteria written out {written}; of them read differently {reread}")
    for nct_id, short, long in sorted(random.Random(args.seed).sample(kept, args.sample)):
        print(f"{nct_id}  {short:10}  {long}")


if __name__ == "__main__":
    main()
