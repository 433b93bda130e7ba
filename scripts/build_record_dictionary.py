"""Train the zstd dictionaries the store compresses trial records and derived records with.

    .venv/bin/python scripts/build_record_dictionary.py [record study_json criteria]

Run by hand (no names: all three); its output, under ``src/trialfinder/data/``, is
committed, and the same inputs give the same bytes (single-threaded training with
fixed steps). Records are small documents that share most of their keys and much
of their vocabulary, which a dictionary captures once instead of in every record.

- ``record`` → ``record_dictionary_v3.zstd`` (768 KB): trial records, encoded as
  the store encodes them, and the Chia and LCT eligibility criteria texts.
- ``study_json`` → ``study_json_dictionary_v1.zstd`` (512 KB): each study's API v2
  JSON as ingest keeps it (the derived record ``/api/v2/studies`` pages are made of).
- ``criteria`` → ``criteria_dictionary_v2.zstd`` (128 KB): each study's parsed
  criteria as ingest keeps them (MessagePack arrays without the texts the eligibility
  text holds, :mod:`trialfinder.store.criteria_form`; v1 was trained on the whole
  parses, and on 1,000 registry-like studies leaves the text-free form at 316 B a
  study where v2 leaves 263).

Training data: the real studies of ``../shared/data`` (API v2 and legacy XML
records) and the Chia and LCT criteria texts, but only those whose NCT id falls in
the training half of :func:`trialfinder.store.records.in_dictionary_training_half`.
The benchmark corpus (``bench/scale.py``) is built from the other half only, so
store sizes measured on it are what the dictionaries achieve on text they have never
seen. The derived kinds are trained on the training studies and, because 141 studies
hold few criteria, on copies of them carrying each training-half Chia or LCT
criteria text (1,008 more studies): on 2,000 registry-like studies that took the API
JSON from 3.03 to 2.99 kB and the criteria from 0.56 to 0.54 kB a study at level 5
(measured when choosing, with fewer training steps).
(v1 of the record dictionary was trained on the bundled sample, the same studies the
old benchmark copied.)

Sizes: the record dictionary is 768 KB because a larger one holds more of the
phrasing records share; the 4.6 MB of training data bounds it. For the API JSON,
128 / 256 / 512 KB gave 3.22 / 3.13 / 2.99 kB a study at level 5; for the criteria
128 KB already gives 0.54 kB (256 KB 0.53).

Frames name their dictionary's id, so a new dictionary must get a new file name
(v4, v2) and ``store/records.py`` must keep the old ones for the frames existing
stores hold. A dictionary is loaded once per process, shared by every thread.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path

import msgspec
import zstandard

from trialfinder.criteria import derive_criteria_record
from trialfinder.ingest import iter_records
from trialfinder.ingest.study_json import encode_study_json
from trialfinder.model import Eligibility, Trial, encode_trial
from trialfinder.store.criteria_form import text_free
from trialfinder.store.records import (
    RECORD_DICTIONARY_FILE,
    criteria_source,
    derived_dictionary_files,
    in_dictionary_training_half,
)

# The level the store compresses at (store/records.py): the dictionaries' entropy tables suit it.
TRAINING_LEVEL = 5
REPOSITORY = Path(__file__).resolve().parents[1]
OUTPUT = REPOSITORY / "src/trialfinder/data"
SHARED_DATA = REPOSITORY.parent / "shared" / "data"
CHIA = SHARED_DATA / "chia/chia_without_scope"
LCT = SHARED_DATA / "lct/leaf_clinical_trials"


@cache
def training_trials() -> list[Trial]:
    """The real studies of the training half, in a stable order."""
    records = iter_records(
        [SHARED_DATA / "ctgov_v2/studies_v2.jsonl", SHARED_DATA / "ctgov_legacy_xml/sample"]
    )
    return [
        record.trial
        for record in records
        if record.trial is not None and in_dictionary_training_half(record.trial.nct_id)
    ]


def _criteria_files() -> list[Path]:
    files = sorted(CHIA.glob("NCT*.txt")) + sorted(LCT.rglob("NCT*.txt"))
    return [path for path in files if in_dictionary_training_half(path.name[:11])]


def record_samples() -> list[bytes]:
    """Encoded records and criteria texts of the training half."""
    return [encode_trial(trial) for trial in training_trials()] + [
        path.read_bytes() for path in _criteria_files()
    ]


def _criteria_text(path: Path) -> str | None:
    """A training criteria file as a registry record lays it out (a Chia study's inclusion
    and exclusion files under their headings, from its inclusion file); None for a Chia
    exclusion file."""
    if path.parent != CHIA:
        return path.read_text()
    if not path.name.endswith("_inc.txt"):
        return None
    exclusion = path.with_name(path.name.replace("_inc.txt", "_exc.txt"))
    text = f"Inclusion Criteria:\n\n{path.read_text()}"
    if exclusion.exists():
        text += f"\n\nExclusion Criteria:\n\n{exclusion.read_text()}"
    return text


@cache
def derived_training_trials() -> list[Trial]:
    """The training studies, and copies of them carrying every training criteria text."""
    trials = training_trials()
    texts = [text for text in map(_criteria_text, _criteria_files()) if text and text.strip()]
    copies = []
    for index, text in enumerate(texts):
        trial = trials[index % len(trials)]
        eligibility = msgspec.structs.replace(
            trial.eligibility or Eligibility(), criteria_text=text
        )
        copies.append(msgspec.structs.replace(trial, eligibility=eligibility))
    return trials + copies


def study_json_samples() -> list[bytes]:
    return [encode_study_json(trial) for trial in derived_training_trials()]


def criteria_samples() -> list[bytes]:
    return [
        text_free(derive_criteria_record(trial)[0].data, criteria_source(trial))
        for trial in derived_training_trials()
    ]


def _outputs() -> dict[str, tuple[str, int, Callable[[], list[bytes]]]]:
    """Each dictionary by name: its file, its size and its training samples."""
    from trialfinder.criteria import CRITERIA_KIND
    from trialfinder.ingest.study_json import STUDY_JSON_KIND

    files = derived_dictionary_files()
    return {
        "record": (RECORD_DICTIONARY_FILE, 786_432, record_samples),
        "study_json": (files[STUDY_JSON_KIND], 524_288, study_json_samples),
        "criteria": (files[CRITERIA_KIND], 131_072, criteria_samples),
    }


def main(names: list[str]) -> None:
    outputs = _outputs()
    for name in names or list(outputs):
        file_name, size, samples_of = outputs[name]
        samples = samples_of()
        # steps: try a few segment sizes (k, d) and keep the best, single-threaded so the
        # same samples give the same dictionary.
        dictionary = zstandard.train_dictionary(
            size, samples, level=TRAINING_LEVEL, steps=8, threads=1
        )
        (OUTPUT / file_name).write_bytes(dictionary.as_bytes())
        print(
            f"wrote {OUTPUT / file_name} ({len(dictionary.as_bytes()):,} bytes, id"
            f" {dictionary.dict_id()}, {len(samples):,} samples)"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
