"""Write a label-free query set from the vocabulary's imported terms, judged by the registry.

    PYTHONPATH=src .venv/bin/python bench/source_term_queries.py > bench/source_term_queries.jsonl
    PYTHONPATH=src .venv/bin/python bench/relevance.py --queries bench/source_term_queries.jsonl

The judged set (bench/judged_queries.jsonl) was written before the Human Disease Ontology
synonyms and Drugs@FDA trade names were imported, and its people's words are already curated,
so it cannot say whether the import helps. This set asks it without anyone's judgment: each
query is one imported term (a "synonym" or "brand" term) whose MeSH descriptor indexes at least
one bundled sample trial, and the trials the registry (NLM's indexers) filed under that
descriptor are graded 2, those filed under a narrower descriptor below it graded 1. Run the
same file through the code before and after an import (a worktree of main) to compare.
Kinds: ``doid`` and ``drugsfda``, by the term's source; every query is in the holdout split.
"""

from __future__ import annotations

import array
import json
import sys
from importlib import resources

from trialfinder import iter_records, sample_paths
from trialfinder.vocabulary import DATA_FILE, read_vocabulary_file

SOURCE_KINDS = {"Human Disease Ontology": "doid", "Drugs@FDA": "drugsfda"}


def main() -> None:
    raw = resources.files("trialfinder").joinpath("data", "vocabulary", DATA_FILE).read_bytes()
    data = read_vocabulary_file(raw)
    kind_of_source = {
        code: kind
        for code, source in enumerate(data.sources)
        for prefix, kind in SOURCE_KINDS.items()
        if source.name.startswith(prefix)
    }
    direct: dict[str, set[str]] = {}
    below: dict[str, set[str]] = {}
    for record in iter_records(sample_paths()):
        trial = record.trial
        if trial is None:
            continue
        for mesh in (*trial.condition_meshes, *trial.intervention_meshes):
            if mesh.id:
                direct.setdefault(mesh.id, set()).add(trial.nct_id)
        for mesh in (*trial.condition_mesh_ancestors, *trial.intervention_mesh_ancestors):
            if mesh.id:
                below.setdefault(mesh.id, set()).add(trial.nct_id)
    owners = array.array("I")
    owners.frombytes(data.term_descriptors)
    if sys.byteorder != "little":
        owners.byteswap()
    number = 0
    for text, owner, source in zip(
        data.term_texts.split("\n"), owners, data.term_sources, strict=True
    ):
        kind = kind_of_source.get(source)
        descriptor_id = data.descriptors[owner].id
        if kind is None or descriptor_id not in direct | below:
            continue
        judgments = dict.fromkeys(sorted(below.get(descriptor_id, ())), 1)
        judgments |= dict.fromkeys(sorted(direct.get(descriptor_id, ())), 2)
        number += 1
        line = {
            "id": f"{kind}-{number:03d}",
            "kind": kind,
            "split": "holdout",
            "query": text,
            "judgments": judgments,
            "note": f"{data.descriptors[owner].name} ({descriptor_id})",
        }
        print(json.dumps(line))


if __name__ == "__main__":
    main()
