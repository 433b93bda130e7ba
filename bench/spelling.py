"""Spelling correction cost per word: trialfinder's corrector beside a plain baseline.

The corrector (:class:`trialfinder.SpellingCorrector`, a SymSpell index over the
vocabulary's words) is timed on misspelt medical words beside the standard
library's ``difflib.get_close_matches`` over the same word list, in the same run:
CPU time per word (``time.process_time``), after one untimed pass. Both answers
are printed for the first words so a reader sees they agree.

    PYTHONPATH=src .venv/bin/python bench/spelling.py [--rounds 20]

This replaces a timed test (tests assert behaviour, benchmarks measure).
"""

from __future__ import annotations

import argparse
import difflib
import os
import time
from collections.abc import Callable

from trialfinder import SpellingCorrector, load_vocabulary

# Misspellings a patient types: transposed, dropped and doubled letters.
MISSPELT = [
    "osteoporsis", "diabetis", "alzhiemers", "pnemonia", "fibromialgia", "asthama",
    "artritis", "leukemea", "shizophrenia", "hepatits", "epilepsey", "migrane",
]  # fmt: skip


def _per_word_ms(correct: Callable[[str], object], rounds: int) -> float:
    for word in MISSPELT:  # untimed pass: lazy tables are built here
        correct(word)
    started = time.process_time()
    for _ in range(rounds):
        for word in MISSPELT:
            correct(word)
    return 1000 * (time.process_time() - started) / (rounds * len(MISSPELT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    arguments = parser.parse_args()
    counts = load_vocabulary().word_counts()
    started = time.process_time()
    corrector = SpellingCorrector(counts)
    built = time.process_time() - started
    words = sorted(counts)

    def baseline(word: str) -> list[str]:
        return difflib.get_close_matches(word, words, n=1, cutoff=0.8)

    for word in MISSPELT[:4]:
        found = corrector.correct_word(word)
        print(f"{word:>14}: {found.suggestion if found else '-':<14} difflib: {baseline(word)}")
    ours = _per_word_ms(corrector.correct_word, arguments.rounds)
    theirs = _per_word_ms(baseline, max(1, arguments.rounds // 20))
    print(f"{len(words):,} words; corrector built in {built:.2f} s of CPU")
    print(f"baseline difflib.get_close_matches  {theirs:8.2f} ms/word (CPU)")
    speedup = theirs / ours
    print(f"trialfinder SpellingCorrector       {ours:8.2f} ms/word (CPU)  {speedup:.0f}x faster")
    print("load average " + " ".join(f"{value:.1f}" for value in os.getloadavg()))


if __name__ == "__main__":
    main()
