"""Bad command-line arguments (issue 15): one line on standard error, exit status 2, at
most 80 characters of the argument echoed, malformed and unknown trial ids named, and
forged page tokens refused — run as the real ``trialfinder`` command."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from trialfinder.search import build_query, encode_page_token, open_store, page_token_key

LONG = "Q" * 100_000


@pytest.fixture(scope="module")
def store_path(loaded_store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli_arguments") / "trials.db"
    shutil.copyfile(loaded_store_path, path)
    return path


def run_cli(*args: str | bytes, db: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "trialfinder", *args, "--db", str(db)],
        capture_output=True,
        timeout=300,
    )


def _one_line_error(result: subprocess.CompletedProcess[bytes], exit_status: int = 2) -> str:
    error = result.stderr.decode("utf-8", "replace").strip()
    assert result.returncode == exit_status, error
    assert "Traceback" not in error
    assert len(error.splitlines()) == 1, error[:500]
    return error


def test_invalid_utf8_in_an_argument_is_a_one_line_error(store_path: Path) -> None:
    error = _one_line_error(run_cli("show", b"NCT\xff\xfe", db=store_path))
    assert "not valid UTF-8" in error


def test_show_echoes_at_most_80_characters_of_its_argument(store_path: Path) -> None:
    error = _one_line_error(run_cli("show", LONG, db=store_path), exit_status=1)
    assert "Q" * 79 in error and "Q" * 81 not in error


def test_near_echoes_at_most_80_characters(store_path: Path) -> None:
    error = _one_line_error(run_cli("search", "cancer", "--near", LONG, db=store_path))
    assert "Q" * 81 not in error
    assert len(error) < 200


def test_malformed_and_unknown_trial_ids_are_named(store_path: Path, tmp_path: Path) -> None:
    profile = tmp_path / "patient.json"
    profile.write_text(json.dumps({"age": 50}))
    malformed = run_cli("match", "--patient", str(profile), "--trial", "NCT0", db=store_path)
    assert "NCT0 is not an NCT id (NCT + 8 digits)" in _one_line_error(malformed)
    unknown = run_cli("match", "--patient", str(profile), "--trial", "NCT00000001", db=store_path)
    assert unknown.returncode == 0
    assert "NCT00000001 is not in the store" in unknown.stderr.decode()


def test_forged_and_foreign_page_tokens_are_one_line_errors(
    store_path: Path, tmp_path: Path
) -> None:
    query = build_query("cancer")
    unsigned = json.dumps({"query": query.fingerprint(), "offset": 2**63 - 1}).encode()
    other = open_store(tmp_path / "other.db")
    try:
        foreign = encode_page_token(query, 20, page_token_key(other))
    finally:
        other.close()
    for token in (base64.urlsafe_b64encode(unsigned).decode(), foreign, "garbage"):
        result = run_cli("search", "cancer", "--page-token", token, db=store_path)
        assert "page_token" in _one_line_error(result)


def test_a_page_token_the_command_printed_still_works(store_path: Path) -> None:
    first = run_cli("search", "cancer", "--limit", "2", "--format", "json", db=store_path)
    token = json.loads(first.stdout)["next_page_token"]
    second = run_cli(
        "search", "cancer", "--limit", "2", "--format", "json", "--page-token", token, db=store_path
    )
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout)["results"] != json.loads(first.stdout)["results"]
