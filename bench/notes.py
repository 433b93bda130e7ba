"""Benchmark: written patient notes -> ranked trials; where does the fitting trial land?

Run: .venv/bin/python bench/notes.py [--notes bench/patient_notes.jsonl] [--limit 50]

The bundled sample (``ingest --sample``) is loaded into a temporary SQLite
store; every note of ``bench/patient_notes.jsonl`` is then ranked three ways in
the same run:

* note: the product's note -> ranked trials path (``trialfinder.find_trials``,
  what ``trialfinder match --patient FILE`` ranks for ``{"note": ...}``), with the
  status filter widened to every status (the notes grade some UNKNOWN-status
  trials; see bench/PATIENT_NOTES.md);
* note-open: the same with the product's default status filter (recruiting or
  not yet recruiting), as a user would run it;
* profile: the note's structured profile with the note added (what a referring
  doctor who fills in the fields would send), status widened;
* summaries: the ranking before issue 14 (``match_store`` over the stored
  criteria summaries, note only), kept for comparison;
* baseline: plain text search (``trialfinder.search``) of the note's first
  sentence.

The second tuning set of ``bench/tune2_patient_notes.jsonl`` and the never-tuned notes of
``bench/fresh_patient_notes.jsonl``, ``bench/fresh2_patient_notes.jsonl``,
``bench/fresh3_patient_notes.jsonl``, ``bench/fresh4_patient_notes.jsonl`` and
``bench/fresh5_patient_notes.jsonl`` and the readable ``bench/fresh6_patient_notes.jsonl`` and
``bench/fresh7_patient_notes.jsonl``, ``bench/fresh8_patient_notes.jsonl``,
``bench/fresh9_patient_notes.jsonl``, ``bench/fresh11_patient_notes.jsonl``,
``bench/fresh12_patient_notes.jsonl``, ``bench/fresh13_patient_notes.jsonl``,
``bench/fresh14_patient_notes.jsonl``, ``bench/fresh15_patient_notes.jsonl``,
``bench/fresh16_patient_notes.jsonl``, ``bench/fresh17_patient_notes.jsonl``,
``bench/fresh18_patient_notes.jsonl``, ``bench/fresh19_patient_notes.jsonl``,
``bench/fresh20_patient_notes.jsonl``, ``bench/fresh21_patient_notes.jsonl``,
``bench/fresh22_patient_notes.jsonl``, ``bench/fresh23_patient_notes.jsonl``,
``bench/fresh24_patient_notes.jsonl``, ``bench/fresh25_patient_notes.jsonl``,
``bench/fresh26_patient_notes.jsonl``, ``bench/fresh27_patient_notes.jsonl`` and
``bench/fresh28_patient_notes.jsonl`` are ranked the same way and summarised apart (one line
each, titled by the file), never inside "all".

Per note of the sets that may be read (the tune half, tune2, fresh, fresh2, fresh6, fresh7, fresh8,
fresh9, fresh11, fresh12, fresh13, fresh14, fresh15, fresh16, fresh17, fresh18, fresh19, fresh20,
fresh21, fresh22, fresh23, fresh24, fresh25, fresh26, fresh27 and fresh28) it
prints the rank of the first fitting trial (``-`` when it is not among the first ``--limit``
results); holdout, fresh3, fresh4 and fresh5 notes are only summarised, so a run never shows their
own ranks. Then for the tune and holdout halves how many notes have a fitting trial at rank 1 and
in the top 5, and the mean reciprocal rank (0 for a miss); per method also the time per note and
how many notes got no trials at all. Below the methods, "note-open (open fitting)" judges note-open
against each note's open fitting trials only and counts only the notes that have one: the present
note-open line also counts notes whose every fitting trial is closed, which no open ranking can
find, so the two lines side by side show how much of its gap is the sets' grading.
Notes are health-like text: nothing is logged.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import msgspec

from trialfinder import (
    DEFAULT_STATUSES,
    STATUSES,
    PatientProfile,
    Store,
    build_query,
    extract_facts,
    find_trials,
    ingest_paths,
    load_profile,
    match_store,
    open_store,
    sample_paths,
    split_sentences,
)
from trialfinder import search_trials as search

sys.path.insert(0, str(Path(__file__).resolve().parent))
from patient_notes import (
    FRESH2_NOTES_PATH,
    FRESH3_NOTES_PATH,
    FRESH4_NOTES_PATH,
    FRESH5_NOTES_PATH,
    FRESH6_NOTES_PATH,
    FRESH7_NOTES_PATH,
    FRESH8_NOTES_PATH,
    FRESH9_NOTES_PATH,
    FRESH11_NOTES_PATH,
    FRESH12_NOTES_PATH,
    FRESH13_NOTES_PATH,
    FRESH14_NOTES_PATH,
    FRESH15_NOTES_PATH,
    FRESH16_NOTES_PATH,
    FRESH17_NOTES_PATH,
    FRESH18_NOTES_PATH,
    FRESH19_NOTES_PATH,
    FRESH20_NOTES_PATH,
    FRESH21_NOTES_PATH,
    FRESH22_NOTES_PATH,
    FRESH23_NOTES_PATH,
    FRESH24_NOTES_PATH,
    FRESH25_NOTES_PATH,
    FRESH26_NOTES_PATH,
    FRESH27_NOTES_PATH,
    FRESH28_NOTES_PATH,
    FRESH_NOTES_PATH,
    NOTES_PATH,
    TUNE2_NOTES_PATH,
    PatientNote,
    Split,
    load_notes,
    split_of,
)

Ranker = Callable[[Store, PatientNote, int], list[str]]
# The notes whose own ranks may be looked at while improving retrieval (PATIENT_NOTES.md):
# the tune half, tune2, and since the twelfth session fresh and fresh2 (measured as fresh when
# written, then promoted to reading sets so that their misses can be grouped into classes).
# fresh6 (fourteenth session) was written to be read: measured once when committed, then its
# misses are grouped into classes; fresh7 (fifteenth session), fresh8 (sixteenth), fresh9
# (seventeenth), fresh11 (nineteenth), fresh12 (twentieth), fresh13 (twenty-first), fresh14
# (twenty-second), fresh15 (twenty-third), fresh16 (twenty-fourth), fresh17 (twenty-fifth),
# fresh18 (twenty-sixth), fresh19 (twenty-seventh), fresh20 (twenty-eighth), fresh21
# (twenty-ninth), fresh22 (thirtieth), fresh23 (thirty-first), fresh24 (thirty-second), fresh25
# (thirty-third), fresh26 (thirty-fourth), fresh27 (thirty-fifth) and fresh28 (thirty-sixth)
# likewise.
READ_SETS = frozenset(
    {
        "tune",
        "tune2",
        "fresh",
        "fresh2",
        "fresh6",
        "fresh7",
        "fresh8",
        "fresh9",
        "fresh11",
        "fresh12",
        "fresh13",
        "fresh14",
        "fresh15",
        "fresh16",
        "fresh17",
        "fresh18",
        "fresh19",
        "fresh20",
        "fresh21",
        "fresh22",
        "fresh23",
        "fresh24",
        "fresh25",
        "fresh26",
        "fresh27",
        "fresh28",
    }
)


def found_ids(
    store: Store, profile: PatientProfile, limit: int, statuses: Sequence[str] = STATUSES
) -> list[str]:
    """The product's ranking for a profile: ``match --patient FILE`` without ``--trial``."""
    shortlist = find_trials(store, profile, statuses=statuses, limit=limit)
    return [entry.nct_id for entry in shortlist.results]


def rank_note_only(store: Store, note: PatientNote, limit: int) -> list[str]:
    return found_ids(store, PatientProfile(note=note.note), limit)


def rank_note_open_trials(store: Store, note: PatientNote, limit: int) -> list[str]:
    return found_ids(store, PatientProfile(note=note.note), limit, DEFAULT_STATUSES)


def rank_profile_with_note(store: Store, note: PatientNote, limit: int) -> list[str]:
    profile = load_profile(msgspec.json.encode({**note.profile, "note": note.note}))
    return found_ids(store, profile, limit)


def rank_by_summaries(store: Store, note: PatientNote, limit: int) -> list[str]:
    """The ranking before issue 14: criteria summaries only, no search."""
    report = match_store(store, extract_facts(PatientProfile(note=note.note)), None, limit)
    return [result.nct_id for result in report.results]


def rank_first_sentence_search(store: Store, note: PatientNote, limit: int) -> list[str]:
    sentences = split_sentences(note.note)
    query = build_query(sentences[0] if sentences else note.note, limit=limit)
    return [hit.nct_id for hit in search(store, query).hits]


METHODS: dict[str, Ranker] = {
    "note": rank_note_only,
    "note-open": rank_note_open_trials,
    "profile": rank_profile_with_note,
    "summaries": rank_by_summaries,
    "baseline": rank_first_sentence_search,
}


def first_fitting_rank(ranked: Sequence[str], fitting: Sequence[str]) -> int | None:
    """1-based rank of the first fitting trial, or None when none was returned."""
    wanted = set(fitting)
    return next((index for index, nct_id in enumerate(ranked, 1) if nct_id in wanted), None)


def summary_line(label: str, ranks: Sequence[int | None]) -> str:
    count = len(ranks)
    at_one = sum(1 for rank in ranks if rank == 1)
    top_five = sum(1 for rank in ranks if rank is not None and rank <= 5)
    mrr = sum(1.0 / rank for rank in ranks if rank is not None) / count if count else 0.0
    return f"{label:<22} {at_one:>3}/{count:<3} {top_five:>3}/{count:<3} {mrr:6.3f}"


class Ranking(msgspec.Struct):
    """Per method: the first fitting rank of every note, total seconds, notes left empty."""

    ranks: dict[str, dict[str, int | None]]
    seconds: dict[str, float]
    empty: dict[str, int]
    # Per note, the first rank of a fitting trial that is open (DEFAULT_STATUSES) in the
    # note-open ranking, or absent when the note grades no open trial as fitting.
    open_ranks: dict[str, int | None] = msgspec.field(default_factory=dict)


def open_trials(store: Store, nct_ids: Sequence[str]) -> list[str]:
    """The trials among ``nct_ids`` whose status the product's default filter admits."""
    return [
        trial.nct_id
        for trial in store.get_trials(list(nct_ids))
        if trial.overall_status in DEFAULT_STATUSES
    ]


def rank_all(
    store: Store,
    notes: Sequence[PatientNote],
    limit: int,
    fresh: dict[str, Sequence[PatientNote]] | None = None,
) -> Ranking:
    """Rank every note every way, printing one line per note of the sets that may be read."""
    ranking = Ranking(
        {m: {} for m in METHODS}, dict.fromkeys(METHODS, 0.0), dict.fromkeys(METHODS, 0)
    )
    print(f"\n{'note':<38} {'half':<8} {'kind':<10}" + "".join(f"{m:>10}" for m in METHODS))
    fresh_set_of = {note.id: name for name, chosen in (fresh or {}).items() for note in chosen}
    for note in [*notes, *(note for chosen in (fresh or {}).values() for note in chosen)]:
        open_fitting = open_trials(store, note.fitting)
        for method, ranker in METHODS.items():
            started = time.perf_counter()
            ranked = ranker(store, note, limit)
            ranking.seconds[method] += time.perf_counter() - started
            ranking.ranks[method][note.id] = first_fitting_rank(ranked, note.fitting)
            ranking.empty[method] += not ranked
            if method == "note-open" and open_fitting:
                ranking.open_ranks[note.id] = first_fitting_rank(ranked, open_fitting)
        cells = "".join(f"{ranking.ranks[m][note.id] or '-':>10}" for m in METHODS)
        half = fresh_set_of.get(note.id) or split_of(note.id)
        if half in READ_SETS:
            print(f"{note.id:<38} {half:<8} {note.kind:<10}{cells}")
    return ranking


def print_summary(
    notes: Sequence[PatientNote],
    ranking: Ranking,
    fresh: dict[str, Sequence[PatientNote]] | None = None,
) -> None:
    halves: dict[str, list[PatientNote]] = {"all": list(notes)}
    for half in ("tune", "holdout"):
        chosen: Split = half
        halves[half] = [note for note in notes if split_of(note.id) == chosen]
    halves.update({name: list(chosen) for name, chosen in (fresh or {}).items()})
    print(f"\n{'method / half':<22} {'rank 1':>7} {'top 5':>7} {'MRR':>6}")
    for method in METHODS:
        for half, members in halves.items():
            print(
                summary_line(f"{method} / {half}", [ranking.ranks[method][n.id] for n in members])
            )
        per_note_ms = 1000 * ranking.seconds[method] / max(len(notes), 1)
        print(
            f"{'':<22} {per_note_ms:.0f} ms per note; {ranking.empty[method]} notes got no trials"
        )
    # The denominators differ from the note-open line's: notes with no open fitting trial
    # are left out (the count says how many remain).
    print("note-open judged against the open fitting trials only (notes that have one):")
    for half, members in halves.items():
        graded = [n.id for n in members if n.id in ranking.open_ranks]
        print(summary_line(f"open fitting / {half}", [ranking.open_ranks[i] for i in graded]))


def print_demographics_read(notes: Sequence[PatientNote]) -> None:
    """How often the note alone yields the age and sex its structured profile states.

    Age and sex decide the structured filters of every trial, so a note whose
    "68F" is not read loses them before any condition is considered.
    """
    with_age = [note for note in notes if note.profile.get("age") is not None]
    with_sex = [note for note in notes if note.profile.get("sex")]
    ages_read = sexes_read = 0
    for note in notes:
        facts = extract_facts(PatientProfile(note=note.note))
        age, sex = note.profile.get("age"), note.profile.get("sex")
        ages_read += age is not None and facts.age is not None and abs(facts.age - age) < 0.5
        sexes_read += bool(sex) and facts.sex == sex
    read = f"age {ages_read}/{len(with_age)}, sex {sexes_read}/{len(with_sex)}"
    print(f"\nread from the note alone: {read}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=Path, default=NOTES_PATH)
    parser.add_argument(
        "--fresh",
        type=Path,
        nargs="*",
        default=[
            TUNE2_NOTES_PATH,
            FRESH_NOTES_PATH,
            FRESH2_NOTES_PATH,
            FRESH3_NOTES_PATH,
            FRESH4_NOTES_PATH,
            FRESH5_NOTES_PATH,
            FRESH6_NOTES_PATH,
            FRESH7_NOTES_PATH,
            FRESH8_NOTES_PATH,
            FRESH9_NOTES_PATH,
            FRESH11_NOTES_PATH,
            FRESH12_NOTES_PATH,
            FRESH13_NOTES_PATH,
            FRESH14_NOTES_PATH,
            FRESH15_NOTES_PATH,
            FRESH16_NOTES_PATH,
            FRESH17_NOTES_PATH,
            FRESH18_NOTES_PATH,
            FRESH19_NOTES_PATH,
            FRESH20_NOTES_PATH,
            FRESH21_NOTES_PATH,
            FRESH22_NOTES_PATH,
            FRESH23_NOTES_PATH,
            FRESH24_NOTES_PATH,
            FRESH25_NOTES_PATH,
            FRESH26_NOTES_PATH,
            FRESH27_NOTES_PATH,
            FRESH28_NOTES_PATH,
        ],
        help="note files reported apart: the second tuning set and the never-tuned ones",
    )
    parser.add_argument("--limit", type=int, default=50, help="ranked results per note")
    args = parser.parse_args(argv)
    notes = load_notes(args.notes)
    fresh: dict[str, Sequence[PatientNote]] = {
        path.stem.removesuffix("_patient_notes"): load_notes(path)
        for path in args.fresh
        if path.exists()
    }
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "sample.db")
        try:
            started = time.perf_counter()
            ingest_paths(store, sample_paths())
            loaded = time.perf_counter() - started
            print(f"sample loaded: {store.count_trials()} trials in {loaded:.1f} s")
            ranking = rank_all(store, notes, args.limit, fresh)
        finally:
            store.close()
    print_summary(notes, ranking, fresh)
    print_demographics_read(notes)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
