"""Train the zstd dictionary the store compresses trial records with.

    .venv/bin/python scripts/build_record_dictionary.py

Run by hand; its output, ``src/trialfinder/data/record_dictionary_v3.zstd``, is
committed. Records are small JSON documents that share most of their keys and
much of their vocabulary, which a dictionary captures once instead of in every
record.

Training data: the real studies of ``../shared/data`` (API v2 and legacy XML
records, encoded as the store encodes them) and the Chia and LCT eligibility
criteria texts, but only those whose NCT id falls in the training half of
:func:`trialfinder.store.records.in_dictionary_training_half`. The benchmark
corpus (``bench/scale.py``) is built from the other half only, so store sizes
measured on it are what the dictionary achieves on text it has never seen.
(v1 was trained on the bundled sample, the same studies the old benchmark copied.)

Size: v2 was 110 KB; v3 is 768 KB, trained on the same half, because a larger
dictionary holds more of the phrasing records share (criteria boilerplate, site
names, outcome wording): on the registry-like corpus a record shrinks from
3.57 kB (v2, level 3) to 3.24 kB (v3, level 3) and 2.94 kB (v3 at the store's
level 5). The training data (4.6 MB) is what bounds it: past ~800 KB it saves
nothing more. The dictionary is loaded once per process, shared by every
thread's decompressor.

Frames name their dictionary's id, so a new dictionary must get a new file (v4)
and be appended to ``_DICTIONARY_FILES`` in ``store/records.py``, which keeps
the old ones for the records existing stores hold.
"""

from __future__ import annotations

from pathlib import Path

import zstandard

from trialfinder.ingest import iter_records
from trialfinder.model import encode_trial
from trialfinder.store.records import in_dictionary_training_half

DICTIONARY_BYTES = 786_432
# The level the store compresses at (store/records.py): the dictionary's entropy tables suit it.
TRAINING_LEVEL = 5
REPOSITORY = Path(__file__).resolve().parents[1]
OUTPUT = REPOSITORY / "src/trialfinder/data/record_dictionary_v3.zstd"
SHARED_DATA = REPOSITORY.parent / "shared" / "data"


def training_samples(data: Path = SHARED_DATA) -> list[bytes]:
    """Encoded records and criteria texts of the training half, in a stable order."""
    records = iter_records([data / "ctgov_v2/studies_v2.jsonl", data / "ctgov_legacy_xml/sample"])
    samples = [
        encode_trial(record.trial)
        for record in records
        if record.trial is not None and in_dictionary_training_half(record.trial.nct_id)
    ]
    criteria_files = sorted((data / "chia/chia_without_scope").glob("NCT*.txt"))
    criteria_files += sorted((data / "lct/leaf_clinical_trials").rglob("NCT*.txt"))
    samples += [
        path.read_bytes() for path in criteria_files if in_dictionary_training_half(path.name[:11])
    ]
    return samples


def main() -> None:
    samples = training_samples()
    # steps: try a few segment sizes (k, d) and keep the best, single-threaded so the
    # same samples give the same dictionary.
    dictionary = zstandard.train_dictionary(
        DICTIONARY_BYTES, samples, level=TRAINING_LEVEL, steps=8, threads=1
    )
    OUTPUT.write_bytes(dictionary.as_bytes())
    print(
        f"wrote {OUTPUT} ({len(dictionary.as_bytes()):,} bytes, id {dictionary.dict_id()},"
        f" {len(samples):,} samples)"
    )


if __name__ == "__main__":
    main()
