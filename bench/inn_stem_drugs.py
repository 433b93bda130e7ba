"""Criteria naming a drug by its WHO INN stem that the parse reads as nothing (issue 12).

WHO names a new drug with the stem of its class ("-parib": PARP inhibitors, "-tinib":
tyrosine kinase inhibitors, "-mab": monoclonal antibodies; WHO, *The use of stems in the
selection of International Nonproprietary Names (INN) for pharmaceutical substances*,
2018). A criterion naming a drug the criteria lexicon lacks ("Prior treatment with
imetelstat", "Prior therapy with iberdomide.") stops at "not computable" or at the note's
silence. This counts how often, so that reading such words as drugs is sized before it is
built:

* a word is a stem-named drug when it ends in a suffix stem of the stem table, at least
  three letters longer than the stem, and is no everyday English word
  (``spelling.everyday_words``); the parse reads it as nothing when no concept span of
  ``analyse_text`` covers it;
* the stem table is the packaged one (``data/vocabulary/inn_stems.json``) or, with
  ``--stems``, the WHO stem book's list as the TSV of edridgedsouza/drug-etymology
  ``data/stems.tsv`` (commit a9120e40dd3fe0072bf544bb579b1673a1ab2805: stem, tab, class).
  Of that list only suffix stems of four letters or more are kept, with "-mab", "-cel" and
  "-vec", less those whose words in these criteria are no drugs (``_NO_DRUG_STEMS``);
* a word of the trial's own drug or biological interventions' names ("Imetelstat") that
  the parse leaves uncovered in its criteria is counted apart;
* corpora: every text criterion of the API v2 studies and the legacy XML sample (the
  judge audit's criteria, each read once), with ``--audit`` the judge audit's answers on
  them (``judge_audit.py --out``), and with ``--rows`` the hand-written rounds'
  non-agreeing rows (``count_rounds.py --rows``).

Run: PYTHONPATH=src .venv/bin/python bench/inn_stem_drugs.py [--stems stems.tsv]
[--audit audit.json] [--rows rows.json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from trialfinder import Trial, analyse_text, iter_records, load_vocabulary, parse_trial_criteria
from trialfinder.spelling import everyday_words

sys.path.insert(0, str(Path(__file__).resolve().parent))
from judge_audit import DATA

__all__ = ["main"]

# Short stems kept although shorter than four letters: none of their words is English.
_SHORT_DRUG_STEMS = frozenset({"mab", "cel", "vec"})
# Stems of four letters or more whose words in these criteria are medical words, no drugs:
# "endocrine", "immunoglobulin", "oncogene", "concomitant", "communicate", "interleukin",
# "anthracycline" (a class), "zirconium", "duodopa" (a trade name), "phosphoinositide".
_NO_DRUG_STEMS = frozenset(
    {"crine", "bulin", "gene", "tant", "nicate", "leukin", "cycline", "onium", "dopa", "tide"}
)
# A stem leaves at least this many letters before it ("april" is no "-pril").
_PREFIX_LETTERS = 3
_WORD = re.compile(r"[A-Za-z]+")


def book_stems(path: Path) -> tuple[str, ...]:
    """The suffix stems of the WHO stem book's list kept for counting, longest first."""
    kept = set()
    for line in path.read_text("utf-8").splitlines():
        stem = line.split("\t", 1)[0]
        if not re.fullmatch(r"-[a-z]+", stem):
            continue  # a prefix ("andr") or an infix ("-vir-")
        stem = stem[1:]
        if (len(stem) >= 4 or stem in _SHORT_DRUG_STEMS) and stem not in _NO_DRUG_STEMS:
            kept.add(stem)
    return tuple(sorted(kept, key=lambda stem: (-len(stem), stem)))


class StemReader:
    """Which stem a word ends in (None: none, or the word is everyday English)."""

    def __init__(self, stems: tuple[str, ...] | None) -> None:
        self.stems = stems
        self.common = everyday_words()

    def stem_of(self, word: str) -> str | None:
        word = word.lower()
        if word in self.common:
            return None
        if self.stems is None:
            found = load_vocabulary().stem_class(word)
            return found.name if found is not None else None
        for stem in self.stems:
            if word.endswith(stem) and len(word) >= len(stem) + _PREFIX_LETTERS:
                return stem
        return None

    def unread(self, text: str) -> list[tuple[str, str]]:
        """The stem-named words of a text no concept span of the parse covers."""
        covered = analyse_text(text).covered
        found = []
        for word in _WORD.finditer(text):
            stem = self.stem_of(word.group())
            if stem is not None and not any(a <= word.start() < b for a, b in covered):
                found.append((word.group().lower(), stem))
        return found


def vocabulary_kind(word: str) -> str:
    """How MeSH knows a drug's name: "descriptor" (filed in its tree, which
    ``unread_concepts`` and ``leftover_concepts`` read), "supplementary" (a supplementary
    concept record, filed nowhere: nothing reads it) or "none" (too new for MeSH 2024)."""
    readings = load_vocabulary().lookup(word)
    if not readings:
        return "none"
    return "descriptor" if readings[0].concept.tree_numbers else "supplementary"


def own_drug_words(trial: Trial, common: frozenset[str]) -> frozenset[str]:
    """The words of a trial's drug and biological interventions' names and other names
    ("Imetelstat", "GRN163L" → imetelstat): five letters or more, no everyday English word,
    none MeSH files outside its chemicals and drugs."""
    names = [
        name
        for intervention in trial.interventions
        if (intervention.type or "").upper() in ("DRUG", "BIOLOGICAL")
        for name in (intervention.name, *intervention.other_names)
    ]
    words = (w.lower() for name in names for w in _WORD.findall(name))
    return frozenset(w for w in words if len(w) >= 5 and w not in common and _no_other_thing(w))


def _no_other_thing(word: str) -> bool:
    """Whether MeSH reads a word as no concept outside its chemicals and drugs (tree D):
    "therapy" (Therapeutics, E02), "physician" or "choice" name no drug."""
    readings = load_vocabulary().lookup(word)
    return not readings or all(
        number.startswith("D") for number in readings[0].concept.tree_numbers
    )


def audit_counts(reader: StemReader, path: Path) -> None:
    """The judge audit's answers (``judge_audit.py --out``) on criteria naming an unread stem
    drug, by section and status."""
    named: dict[str, bool] = {}
    statuses: Counter[str] = Counter()
    total = 0
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            answer = json.loads(line)
            total += 1
            text = answer["criterion"]
            if text not in named:
                named[text] = bool(reader.unread(text))
            if named[text]:
                statuses[f"{answer['section']} {answer['status']}"] += 1
    print(f"judge audit answers on them: {statuses.total()} of {total}: {dict(statuses)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stems", type=Path, help="the WHO stem book's list as a TSV")
    parser.add_argument("--rows", type=Path, help="count_rounds.py --rows output")
    parser.add_argument("--audit", type=Path, help="judge_audit.py --out output")
    parser.add_argument("--top", type=int, default=12, help="words printed per stem")
    args = parser.parse_args()
    reader = StemReader(book_stems(args.stems) if args.stems else None)
    by_stem: dict[str, Counter[str]] = defaultdict(Counter)
    own_words: Counter[str] = Counter()
    seen: set[tuple[str, str]] = set()
    total = stem_named = own_named = 0
    paths = [DATA / "ctgov_v2" / "studies_v2.jsonl", DATA / "ctgov_legacy_xml" / "sample"]
    for record in iter_records(paths):
        if record.trial is None:
            continue
        own = own_drug_words(record.trial, reader.common)
        stack = list(parse_trial_criteria(record.trial).criteria)
        while stack:
            criterion = stack.pop()
            stack.extend(criterion.children)
            key = (criterion.section, criterion.text)
            if criterion.source != "text" or len(criterion.text) <= 3 or key in seen:
                continue
            seen.add(key)
            total += 1
            found = reader.unread(criterion.text)
            stem_named += bool(found)
            for word, stem in found:
                by_stem[stem][word] += 1
            covered = analyse_text(criterion.text).covered
            unread_own = {
                word.group().lower()
                for word in _WORD.finditer(criterion.text)
                if word.group().lower() in own
                and not any(a <= word.start() < b for a, b in covered)
            }
            own_named += bool(unread_own)
            own_words.update(unread_own)
    print(f"criteria (API v2 + legacy XML sample): {total}")
    print(f"  naming a stem-named drug the parse reads as nothing: {stem_named}")
    print(f"  naming a word of the trial's own intervention names, unread: {own_named}")
    print("    " + ", ".join(f"{w} {n}" for w, n in own_words.most_common(args.top * 2)))
    if args.audit:
        audit_counts(reader, args.audit)
    kinds_of_words = Counter(
        vocabulary_kind(word) for words in by_stem.values() for word in words.elements()
    )
    print(f"  those words as MeSH knows them: {dict(kinds_of_words)}")
    for stem, words in sorted(by_stem.items(), key=lambda item: -sum(item[1].values())):
        shown = ", ".join(f"{w} {n}" for w, n in words.most_common(args.top))
        print(f"  -{stem:12} {sum(words.values()):4}  {shown}")
    if args.rows:
        rows = json.loads(args.rows.read_text("utf-8"))
        kinds: Counter[str] = Counter()
        named: Counter[str] = Counter()
        nothing: Counter[str] = Counter()
        for row in rows:
            found = reader.unread(row["criterion"])
            if found:
                kinds[row["kind"]] += 1
                named.update(word for word, _ in found)
                if row["reason"].startswith("not computable"):
                    nothing.update(word for word, _ in found)
        print(f"rounds rows (of {len(rows)} not agreeing) naming one: {dict(kinds)}")
        print("  " + ", ".join(f"{w} {n}" for w, n in named.most_common(60)))
        print(f"  of them answered 'not computable' (nothing read): {nothing.total()}")
        print(
            "  " + ", ".join(f"{w} {n} ({vocabulary_kind(w)})" for w, n in nothing.most_common(60))
        )


if __name__ == "__main__":
    main()
