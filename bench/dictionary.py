"""Stored record size per zstd dictionary and corpus: what the dictionary saves, honestly.

    .venv/bin/python bench/dictionary.py [--studies 5000]

Each corpus of ``bench/scale.py`` is parsed as ingest parses it and each record
encoded as the store encodes it, then compressed at level 3 with no dictionary
(the baseline), with v1 (trained on the bundled sample: the very studies the
typical corpus copies) and v2 (110 KB, trained on the half of the real studies the
registry-like corpus never draws from), both at level 3 as they were written, and
with v3 (768 KB, the same half) at level 5, as the store writes records now. The
gap between v1 on the typical corpus and v2 on the registry-like one is the
optimism the earlier store sizes carried.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from importlib import resources
from pathlib import Path

import msgspec
import zstandard

sys.path.insert(0, str(Path(__file__).resolve().parent))

from scale import study_lines
from trialfinder import parse_study_json

# Each dictionary at the zstd level records were written with it.
DICTIONARIES = {
    "record_dictionary_v1.zstd": 3,
    "record_dictionary_v2.zstd": 3,
    "record_dictionary_v3.zstd": 5,
}


def _compressors() -> dict[str, zstandard.ZstdCompressor]:
    compressors = {"no dictionary": zstandard.ZstdCompressor(level=3)}
    for name, level in DICTIONARIES.items():
        data = (resources.files("trialfinder") / "data" / name).read_bytes()
        dictionary = zstandard.ZstdCompressionDict(data)
        label = name.removeprefix("record_dictionary_").removesuffix(".zstd")
        compressors[f"{label} level {level}"] = zstandard.ZstdCompressor(
            level=level, dict_data=dictionary
        )
    return compressors


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--studies", type=int, default=5_000)
    parser.add_argument("--corpus", default="registry,typical")
    arguments = parser.parse_args()
    compressors = _compressors()
    print(f"load average {os.getloadavg()[0]:.1f}; {arguments.studies:,} studies a corpus")
    print(f"{'corpus':<10} {'encoded':>9}" + "".join(f" {label:>14}" for label in compressors))
    for corpus in arguments.corpus.split(","):
        encoded = [
            msgspec.json.encode(parse_study_json(line))
            for line in study_lines(corpus, arguments.studies)
        ]
        raw = sum(len(record) for record in encoded) / len(encoded)
        sizes: list[float] = []
        cpu_ms: list[float] = []
        for compressor in compressors.values():
            started = time.process_time()
            sizes.append(sum(len(compressor.compress(record)) for record in encoded) / len(encoded))
            cpu_ms.append((time.process_time() - started) * 1e3 / len(encoded))
        print(
            f"{corpus:<10} {raw / 1e3:>7.2f}kB"
            + "".join(f" {size / 1e3:>12.2f}kB" for size in sizes)
            + "   (bytes a record)"
        )
        print(
            f"{'':<10} {'':>9}"
            + "".join(f" {ms:>12.3f}ms" for ms in cpu_ms)
            + "   (CPU to compress a record)"
        )


if __name__ == "__main__":
    main()
