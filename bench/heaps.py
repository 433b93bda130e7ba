"""Heaps' law for trial text: how many distinct words a corpus of n words holds.

    .venv/bin/python bench/heaps.py [--studies 20000]

A search index's term dictionary, postings and a store's compressibility all
depend on how vocabulary grows with corpus size. Real registry text follows
Heaps' law, V = K * n**beta (beta < 1: new words keep coming, ever more slowly);
a corpus made by copying a few hundred studies stops growing once their words
are used up. This module defines what a "word" of a study is, fits K and beta on
the real records and, run as a script, prints the fit beside the vocabulary
growth of both benchmark corpora (``bench/scale.py``).

Words: maximal runs of letters, digits and underscore (``\\w+``), lowercased, over
the searchable text of a study: titles, acronym, conditions, keywords, summary,
description, interventions, arm groups, outcome measures and the criteria.
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

__all__ = [
    "HeapsFit",
    "arms_text",
    "description_text",
    "fit_heaps",
    "growth_curve",
    "study_text",
    "topic_text",
    "words",
]

_WORD = re.compile(r"\w+")

JsonObject = dict[str, Any]


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _joined(values: Iterable[object]) -> str:
    return "\n".join(value for value in values if isinstance(value, str))


def topic_text(identification: JsonObject, conditions: JsonObject) -> str:
    """Titles, acronym, conditions and keywords."""
    return _joined(
        [
            identification.get("briefTitle"),
            identification.get("officialTitle"),
            identification.get("acronym"),
            *conditions.get("conditions", []),
            *conditions.get("keywords", []),
        ]
    )


def description_text(description: JsonObject) -> str:
    return _joined([description.get("briefSummary"), description.get("detailedDescription")])


def arms_text(arms: JsonObject, outcomes: JsonObject) -> str:
    """Interventions, arm groups and outcome measures."""
    parts: list[object] = []
    for intervention in arms.get("interventions", []):
        parts += [intervention.get("name"), intervention.get("description")]
        parts += intervention.get("otherNames", [])
    for arm in arms.get("armGroups", []):
        parts += [arm.get("label"), arm.get("description")]
    for key in ("primaryOutcomes", "secondaryOutcomes", "otherOutcomes"):
        parts += [outcome.get("measure") for outcome in outcomes.get(key, [])]
    return _joined(parts)


def study_text(document: JsonObject) -> str:
    """The searchable text of one API v2 study document."""
    protocol = document.get("protocolSection", {})
    return "\n".join(
        [
            topic_text(
                protocol.get("identificationModule", {}), protocol.get("conditionsModule", {})
            ),
            description_text(protocol.get("descriptionModule", {})),
            arms_text(
                protocol.get("armsInterventionsModule", {}), protocol.get("outcomesModule", {})
            ),
            protocol.get("eligibilityModule", {}).get("eligibilityCriteria") or "",
        ]
    )


def growth_curve(texts: Iterable[str]) -> list[tuple[int, int]]:
    """(words so far, distinct words so far) after each text, in order."""
    return _curve(words(text) for text in texts)


def _curve(token_lists: Iterable[list[str]]) -> list[tuple[int, int]]:
    seen: set[str] = set()
    total = 0
    curve: list[tuple[int, int]] = []
    for tokens in token_lists:
        total += len(tokens)
        seen.update(tokens)
        curve.append((total, len(seen)))
    return curve


@dataclass(frozen=True)
class HeapsFit:
    """V = K * n**beta, fitted by least squares on log V against log n."""

    k: float
    beta: float
    r_squared: float
    documents: int
    tokens: int
    vocabulary: int

    def vocabulary_at(self, tokens: float) -> float:
        return self.k * tokens**self.beta


def fit_heaps(texts: Sequence[str], orders: int = 20, seed: int = 3) -> HeapsFit:
    """Fit Heaps' law on ``texts``, averaging the growth curve over shuffled orders.

    A single order's curve steps up wherever a long or unusual document happens
    to fall; the mean over ``orders`` shuffles is the expected curve. The first
    5% of documents are left out of the fit (a handful of documents is not yet
    in the power-law regime).
    """
    rng = random.Random(seed)
    token_lists = [words(text) for text in texts]
    sums: list[list[float]] = [[0.0, 0.0] for _ in texts]
    for _ in range(orders):
        shuffled = list(token_lists)
        rng.shuffle(shuffled)
        for point, (tokens, vocabulary) in zip(sums, _curve(shuffled), strict=True):
            point[0] += tokens
            point[1] += vocabulary
    points = [(math.log(n / orders), math.log(v / orders)) for n, v in sums]
    points = points[max(1, len(points) // 20) :]
    mean_x = sum(x for x, _ in points) / len(points)
    mean_y = sum(y for _, y in points) / len(points)
    sxx = sum((x - mean_x) ** 2 for x, _ in points)
    sxy = sum((x - mean_x) * (y - mean_y) for x, y in points)
    beta = sxy / sxx
    intercept = mean_y - beta * mean_x
    residual = sum((y - intercept - beta * x) ** 2 for x, y in points)
    total = sum((y - mean_y) ** 2 for _, y in points)
    final_tokens, final_vocabulary = _curve(token_lists)[-1]
    return HeapsFit(
        k=math.exp(intercept),
        beta=beta,
        r_squared=1 - residual / total,
        documents=len(texts),
        tokens=final_tokens,
        vocabulary=final_vocabulary,
    )


def main() -> None:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from registry_corpus import RegistryCorpus, real_documents
    from scale import scaled_study_lines

    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--studies", type=int, default=20_000)
    arguments = parser.parse_args()

    documents = real_documents()
    fit = fit_heaps([study_text(document) for document in documents])
    print(
        f"real records: {fit.documents} studies, {fit.tokens:,} words, {fit.vocabulary:,} distinct;"
        f" Heaps fit V = {fit.k:.2f} * n^{fit.beta:.3f} (R^2 {fit.r_squared:.4f})"
    )
    checkpoints = {
        size
        for size in (1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000)
        if size <= arguments.studies
    } | {arguments.studies}
    corpus = RegistryCorpus(fit, documents)
    started = time.process_time()
    registry = list(corpus.study_lines(arguments.studies))
    seconds = time.process_time() - started
    megabytes = sum(len(line) for line in registry) / 1e6
    print(
        f"registry-like generator: {arguments.studies / seconds:,.0f} studies/s of CPU time"
        f" ({megabytes / arguments.studies * 1e3:,.1f} kB of JSON a study); load average"
        f" {os.getloadavg()[0]:.1f}"
    )
    typical = list(scaled_study_lines(arguments.studies))
    print(
        f"{'studies':>8} {'words n':>13} {'fit K*n^b':>10} {'registry':>10}"
        f" {'typical n':>13} {'typical':>10}"
    )
    curves = {
        name: growth_curve(study_text(msgspec.json.decode(line)) for line in lines)
        for name, lines in (("registry", registry), ("typical", typical))
    }
    for size in sorted(checkpoints):
        tokens, vocabulary = curves["registry"][size - 1]
        typical_tokens, typical_vocabulary = curves["typical"][size - 1]
        print(
            f"{size:>8,} {tokens:>13,} {fit.vocabulary_at(tokens):>10,.0f} {vocabulary:>10,}"
            f" {typical_tokens:>13,} {typical_vocabulary:>10,}"
        )


if __name__ == "__main__":
    main()
