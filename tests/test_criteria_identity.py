"""A faster criteria pipeline parses exactly as before.

The pipeline is tuned for ingest speed (cheap checks before expensive patterns,
one tokenisation per text). Its output must not move unless ``PARSER_VERSION``
does: stored parses of that version are never redone. ``criteria_digests.json``
holds, per real trial (the API v2 studies and the legacy XML sample of
``../shared``), a SHA-256 of its encoded parse, recorded with the parser version
that made them. A change that alters a parse bumps ``PARSER_VERSION`` and
records the digests again::

    PYTHONPATH=src:tests .venv/bin/python tests/test_criteria_identity.py
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from conftest import API_V2_STUDIES, LEGACY_XML_SAMPLE, SHARED, shared_path
from trialfinder.criteria import PARSER_VERSION, encode_criteria, parse_trial_criteria
from trialfinder.ingest import iter_records

DIGESTS = Path(__file__).with_name("criteria_digests.json")


def _digests(paths: list[Path]) -> dict[str, str]:
    return {
        record.trial.nct_id: hashlib.sha256(
            encode_criteria(parse_trial_criteria(record.trial))
        ).hexdigest()
        for record in iter_records(paths)
        if record.trial is not None
    }


def test_every_real_trial_parses_as_the_recorded_digest_says() -> None:
    recorded = json.loads(DIGESTS.read_text())
    if recorded["parser_version"] != PARSER_VERSION:
        pytest.skip(
            f"digests recorded for parser {recorded['parser_version']}, this is "
            f"{PARSER_VERSION}: record them again (see the module docstring)"
        )
    paths = [shared_path(API_V2_STUDIES), shared_path(LEGACY_XML_SAMPLE)]
    parsed = _digests(paths)
    assert len(parsed) == len(recorded["trials"]) == 293
    changed = sorted(
        nct_id for nct_id, digest in parsed.items() if recorded["trials"][nct_id] != digest
    )
    assert changed == []


if __name__ == "__main__":
    trials = _digests([SHARED / API_V2_STUDIES, SHARED / LEGACY_XML_SAMPLE])
    DIGESTS.write_text(
        json.dumps({"parser_version": PARSER_VERSION, "trials": trials}, indent=1, sort_keys=True)
        + "\n"
    )
    print(f"{len(trials)} digests written to {DIGESTS}")
