"""Train the zstd dictionary the store compresses trial records with.

    .venv/bin/python scripts/build_record_dictionary.py

Run by hand; its output, ``src/trialfinder/data/record_dictionary_v1.zstd``, is
committed. Records are small JSON documents that share most of their keys and
much of their vocabulary, which a dictionary captures once instead of in every
record. The dictionary is trained on the bundled sample. Frames name their
dictionary's id, so a new dictionary must get a new file (v2) while the store
keeps the old one for the records it already holds.
"""

from __future__ import annotations

from pathlib import Path

import zstandard

from trialfinder.ingest import iter_records, sample_paths
from trialfinder.model import encode_trial

DICTIONARY_BYTES = 112_640
OUTPUT = Path(__file__).resolve().parents[1] / "src/trialfinder/data/record_dictionary_v1.zstd"


def main() -> None:
    samples = [
        encode_trial(record.trial) for record in iter_records(sample_paths()) if record.trial
    ]
    dictionary = zstandard.train_dictionary(DICTIONARY_BYTES, samples, level=3)
    OUTPUT.write_bytes(dictionary.as_bytes())
    print(f"wrote {OUTPUT} ({len(dictionary.as_bytes()):,} bytes, id {dictionary.dict_id()})")


if __name__ == "__main__":
    main()
