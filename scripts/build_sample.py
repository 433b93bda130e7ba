"""Build the sample data shipped inside the package (run by hand; commit its output).

The product never reads the shared development data at run time, so this
script copies what it needs into ``src/trialfinder/data/sample/``:

- ``studies.jsonl.gz``: the hand-written reference seeds (``sample/seeds/*.json``)
  followed by every line of the shared API v2 sample, one compact study per line;
- ``legacy_xml.zip``: every legacy ``<clinical_study>`` XML file of the shared sample.

The output is byte-for-byte reproducible (fixed gzip and zip timestamps, sorted
names), so re-running it without source changes leaves git clean.

Usage: ``python scripts/build_sample.py [--shared-data DIR]``
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import sys
import zipfile
from pathlib import Path

__all__ = ["build_legacy_zip", "build_studies_jsonl", "main"]

REPOSITORY_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIRECTORY = REPOSITORY_ROOT / "src" / "trialfinder" / "data" / "sample"
SEEDS_DIRECTORY = SAMPLE_DIRECTORY / "seeds"
DEFAULT_SHARED_DATA = REPOSITORY_ROOT.parent / "shared" / "data"

# A fixed timestamp keeps the archives reproducible.
_ZIP_TIMESTAMP = (2026, 1, 1, 0, 0, 0)


def _nct_id(study: object) -> str:
    """The NCT id of an API v2 study, failing loudly: the sample must be well formed."""
    if not isinstance(study, dict):
        raise ValueError("study is not a JSON object")
    nct_id = study.get("protocolSection", {}).get("identificationModule", {}).get("nctId")
    if not isinstance(nct_id, str) or not nct_id.startswith("NCT"):
        raise ValueError(f"study has no usable nctId: {nct_id!r}")
    return nct_id


def build_studies_jsonl(seeds_directory: Path, studies_jsonl: Path) -> tuple[bytes, int]:
    """Seeds first, then the shared lines verbatim; refuses duplicate NCT ids."""
    lines: list[bytes] = []
    seen: set[str] = set()
    for seed_path in sorted(seeds_directory.glob("NCT*.json")):
        study = json.loads(seed_path.read_text(encoding="utf-8"))
        nct_id = _nct_id(study)
        if seed_path.stem != nct_id:
            raise ValueError(f"{seed_path.name} holds {nct_id}")
        seen.add(nct_id)
        compact = json.dumps(study, ensure_ascii=False, separators=(",", ":"))
        lines.append(compact.encode("utf-8"))
    for raw_line in studies_jsonl.read_bytes().splitlines():
        if not raw_line.strip():
            continue
        nct_id = _nct_id(json.loads(raw_line))
        if nct_id in seen:
            raise ValueError(f"{nct_id} appears twice")
        seen.add(nct_id)
        lines.append(raw_line)
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, compresslevel=9, mtime=0) as out:
        out.write(b"\n".join(lines) + b"\n")
    return buffer.getvalue(), len(lines)


def build_legacy_zip(xml_directory: Path) -> tuple[bytes, int]:
    """Every ``NCT*.xml`` of the directory, sorted, deflated, with fixed timestamps."""
    xml_paths = sorted(xml_directory.glob("NCT*.xml"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for xml_path in xml_paths:
            entry = zipfile.ZipInfo(xml_path.name, date_time=_ZIP_TIMESTAMP)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            archive.writestr(entry, xml_path.read_bytes(), compresslevel=9)
    return buffer.getvalue(), len(xml_paths)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--shared-data",
        type=Path,
        default=DEFAULT_SHARED_DATA,
        help="the shared development data directory (default: %(default)s)",
    )
    arguments = parser.parse_args(argv)
    shared_data: Path = arguments.shared_data

    studies, study_count = build_studies_jsonl(
        SEEDS_DIRECTORY, shared_data / "ctgov_v2" / "studies_v2.jsonl"
    )
    (SAMPLE_DIRECTORY / "studies.jsonl.gz").write_bytes(studies)
    legacy, xml_count = build_legacy_zip(shared_data / "ctgov_legacy_xml" / "sample")
    (SAMPLE_DIRECTORY / "legacy_xml.zip").write_bytes(legacy)
    print(f"studies.jsonl.gz: {study_count} studies, {len(studies):,} bytes")
    print(f"legacy_xml.zip: {xml_count} XML files, {len(legacy):,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
